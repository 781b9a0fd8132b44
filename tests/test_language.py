"""The English guard: which paragraphs the English-tuned passes may touch."""

from __future__ import annotations

import pytest

from textfix.language import EnglishGuard, is_english


@pytest.mark.parametrize(
    "text",
    [
        "The committee said that it would meet again in the spring to decide on the plan.",
        # short of function words, but English words and no other language's
        "These include Handsome Pond, Robinson Lake, Harding Pond, Tamarack Swamp and Idlewild Lake.",
        "Pretrial detentions are long, police use excessive force against detainees, prisons overcrowded.",
    ],
)
def test_english(text: str) -> None:
    assert is_english(text) is True


@pytest.mark.parametrize(
    "text",
    [
        "Die Bundesregierung hat die Verkehrsinfrastrukturfinanzierungsgesellschaft gegründet und das ist gut.",
        "O governo anunciou que a infraestrutura do país será modernizada nos próximos anos.",
        "De gemeente heeft het nieuwe plan voor de haven van de stad goedgekeurd.",
        "Le gouvernement a présenté une réforme des retraites dans la matinée de lundi.",
        # German words a web dictionary knows, and one German function word
        "Hotel Garten Blick Terrasse Zimmer Sauna Restaurant Parkplatz und Frühstück inklusive.",
    ],
)
def test_not_english(text: str) -> None:
    assert is_english(text) is False


def test_short_text_follows_the_document() -> None:
    assert is_english("Tío Pozo") is None
    assert EnglishGuard("Tío Pozo").at(0) is False  # too short, not ASCII
    assert EnglishGuard("Ryabkov said").at(0) is True  # too short, ASCII
