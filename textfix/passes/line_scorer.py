"""A learned, site-independent boilerplate-line scorer: features of a line and its neighbours,
and a small boosted-tree model stored as data (rules/models/boilerplate.json).

Model. For a non-blank line i of a document with feature vector x_i (FEATURES below: the
line's shape, its neighbours' shape, its position from the top and the bottom, the run of
short lines around it, how often it repeats in the document, its likeness to the title)

    score_i = bias + sum_t leaf_t(x_i)          (each tree t: if x[f] <= threshold go left)
    p_i     = 1 / (1 + exp(-score_i))           (probability that line i is boilerplate)

and the line is removed when p_i >= the model's ``threshold`` (the lowest at which the pass
loses at most 0.2% of the content lines of each validation source's site half a). Only lines
that the gates (:func:`candidate`, :func:`in_scope`) leave are scored, and screens stop a line after the first 10, 20, 40, ...
trees when its partial sum is far below the threshold (the bounds are set in the model file,
below every line of boilerplate-train that ends near the threshold). The trees were fitted by LightGBM with
``benchmarks/train_boilerplate.py`` (one command, stated in the model file with the sources
that trained it); this module only reads them, in pure Python (the reference: the compiled
core, core/src/lines.rs, computes the same features and scores, held to it by
tests/test_core_lines.py).

Reasons. Each removal names its probability and the features that pushed it most: for each
tree the feature split last on the path to its leaf gets the change of the leaf value over
the mean of its sibling (a path attribution in the style of Saabas), summed per feature; the
three largest positive ones are described in words ("short, link words, among the last 5
lines").
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from ..rules import rules_dir, word_list
from .lines import unicode_core

_WORD = re.compile(r"\w+")
_URL = re.compile(r"https?://|www\.|\b[\w-]+\.(?:com|org|net|de|co\.uk|io|fr|es|it)\b", re.I)
_HANDLE = re.compile(r"(?<!\w)[@#]\w")
_DATE = re.compile(
    r"\b(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2}\b|\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*|\d{1,2}:\d{2}\b)",
    re.I,
)
_BULLETS = "•·*-–—|>»›◦▪►✓"
_SENTENCE_END = (".", "!", "?", '"', "”", "’", "'", ")", "…")

#: Feature names, in the order of the vector the trees read.
LINE_FEATURES = (
    "chars", "words", "ends_sentence", "ends_colon", "stopword_share", "upper_share",
    "capitalized_share", "digit_share", "bullet", "url", "handle", "link_words", "date",
    "pipes", "copyright", "mean_word_length",
)
CONTEXT_FEATURES = (
    "from_top", "from_bottom", "relative_position", "short_run", "repeats",
    "title_likeness", "before_first_paragraph", "after_last_paragraph", "doc_short_share",
    "paragraph_above", "paragraph_below",
)
FEATURES = (
    LINE_FEATURES
    + CONTEXT_FEATURES
    + tuple(f"prev_{name}" for name in ("chars", "ends_sentence", "stopword_share", "link_words"))
    + tuple(f"next_{name}" for name in ("chars", "ends_sentence", "stopword_share", "link_words"))
)

#: Where the values a neighbour reads (``LineFeatures.around``) stand in a line's features.
_NEIGHBOUR = tuple(LINE_FEATURES.index(name) for name in ("chars", "ends_sentence", "stopword_share", "link_words"))
#: A neighbour this long is read for its length and sentence end only.
NEIGHBOUR_PREFIX = 120
#: A line this short (characters) without sentence punctuation counts as short in a run.
SHORT = 40
#: A "paragraph": a line this long that ends like a sentence.
PARAGRAPH = 120


def model_path() -> Path:
    return rules_dir() / "models" / "boilerplate.json"


@lru_cache(maxsize=None)
def _stopwords() -> frozenset[str]:
    return word_list("english-function-words") | word_list("non-english-function-words")


class LineFeatures:
    """Per-line features, cached by the stripped line (boilerplate lines recur)."""

    def __init__(self, link_words: Sequence[str]) -> None:
        self.link_words = frozenset(link_words)
        self.stopwords = _stopwords()
        self.of = lru_cache(maxsize=65536)(self._features)
        self.around = lru_cache(maxsize=65536)(self._neighbour)

    def _neighbour(self, line: str) -> tuple[float, float, float, float]:
        """What a line's neighbours read of it: its length, sentence end, share of function
        words and link words; of a line of NEIGHBOUR_PREFIX characters or more (a paragraph
        beside a candidate) only the length and the sentence end, the others -1. A long
        paragraph's words are costly to read, and they change when a later pass repairs
        glued words in them ("vital inprotecting"), which would change the verdict on the
        line beside it in a second run."""
        if len(line) >= NEIGHBOUR_PREFIX:
            return (float(len(line)), float(line.endswith(_SENTENCE_END)), -1.0, -1.0)
        words = _WORD.findall(line.lower())
        return (
            float(len(line)),
            float(line.endswith(_SENTENCE_END)),
            sum(map(self.stopwords.__contains__, words)) / (len(words) or 1),
            float(sum(map(self.link_words.__contains__, words))),
        )

    def _features(self, line: str) -> tuple[float, ...]:
        # (the cheap tests before each regex only skip searches that cannot match; an ASCII
        # line's letters, capitals and digits are counted on its bytes, the same counts)
        lower = line.lower()
        words = _WORD.findall(lower)
        n = len(words) or 1
        if line.isascii():
            raw = line.encode("ascii")
            letters = len(raw.translate(None, _ASCII_NOT_ALPHA))
            upper = len(raw.translate(None, _ASCII_NOT_UPPER))
            digits = len(raw.translate(None, _ASCII_NOT_DIGIT))
        else:
            letters = sum(map(str.isalpha, line))
            upper = sum(map(str.isupper, line))
            digits = sum(map(str.isdigit, line))
        raw_words = line.split()
        capitalized = sum(1 for w in raw_words if w[0].isupper())
        return (
            float(len(line)),
            float(len(words)),
            float(line.endswith(_SENTENCE_END)),
            float(line.endswith(":")),
            sum(map(self.stopwords.__contains__, words)) / n,
            upper / letters if letters else 0.0,
            capitalized / (len(raw_words) or 1),
            digits / len(line),
            float(line[0] in _BULLETS),
            float(("." in line or "/" in line) and _URL.search(line) is not None),
            float(("@" in line or "#" in line) and _HANDLE.search(line) is not None),
            float(sum(map(self.link_words.__contains__, words))),
            float(digits > 0 and _DATE.search(line) is not None),
            float(line.count("|")),
            float("©" in line or "(c)" in lower or "copyright" in lower),
            sum(map(len, words)) / n,
        )


_ASCII_NOT_ALPHA = bytes(c for c in range(128) if not chr(c).isalpha())
_ASCII_NOT_UPPER = bytes(c for c in range(128) if not chr(c).isupper())
_ASCII_NOT_DIGIT = bytes(c for c in range(128) if not chr(c).isdigit())


def _norm(line: str) -> str:
    return " ".join(_WORD.findall(line.lower()))


def title_likeness(norm_line: str, title_words: frozenset[str] | None) -> float:
    """Share of the line's words that are in the title (-1 when no title is known)."""
    if title_words is None:
        return -1.0
    words = norm_line.split()
    if not words:
        return 0.0
    return sum(1 for w in words if w in title_words) / len(words)


def candidate(line: str) -> bool:
    """The cheap gate: only these lines are scored. A line of 120 characters or more, or of
    80 or more that ends like a sentence, is article text for the scorer (on boilerplate-train
    over 99% of the lines it rates 0.75 or more are shorter; benchmarks/RESULTS.md)."""
    n = len(line)
    return n < 80 or (n < 120 and not line.endswith(_SENTENCE_END))


def in_scope(lines: Sequence[str]) -> list[bool]:
    """The position gate: which lines of a document (its stripped, non-blank lines) the scorer
    reads at all. On a page where under half the lines are short, a line 3 or more lines
    from the top and 18 or more from the bottom, outside a run of 4 or more short lines, is
    body text for the scorer: on boilerplate-train and boilerplate-dev it rates 4 of the
    688,066 labelled lines there at the threshold (none of the noisy extraction's), while
    they are 44% of the noisy lines the scorer would otherwise read (benchmarks/RESULTS.md)."""
    n = len(lines)
    short = [len(line) < SHORT and not line.endswith(_SENTENCE_END) for line in lines]
    if n == 0 or sum(short) / n > 0.49:
        return [True] * n
    runs = _runs(short)
    return [i < 3 or n - 1 - i < 18 or runs[i] > 3 for i in range(n)]


def _runs(short: Sequence[bool]) -> list[int]:
    """For each line, the length of the run of short lines through it (0 if it is not short)."""
    n = len(short)
    run = [0] * n
    i = 0
    while i < n:
        if short[i]:
            j = i
            while j + 1 < n and short[j + 1]:
                j += 1
            run[i : j + 1] = [j - i + 1] * (j - i + 1)
            i = j + 1
        else:
            i += 1
    return run


def document_features(
    lines: Sequence[str], features: LineFeatures, title: str | None = None, only: Sequence[int] | None = None
) -> list[tuple[float, ...]]:
    """The feature vectors of lines ``only`` (default: all) of one document (its stripped,
    non-blank lines). Per-line features are computed for those lines and their neighbours;
    the rest of the document is read only for length, sentence ends and exact repeats."""
    core = unicode_core()
    scanner = _core_scanner(core, features) if core is not None else None
    if scanner is not None:
        words = _title_words(title)
        rows = scanner.document_features(list(lines), None if only is None else list(only), words, _reference(features, words))
        if rows is not None:  # (None: a line UTF-8 cannot hold; the reference runs)
            return rows
    n = len(lines)
    ends = [line.endswith(_SENTENCE_END) for line in lines]
    short = [len(line) < SHORT and not end for line, end in zip(lines, ends)]
    paragraph = [len(line) >= PARAGRAPH and end for line, end in zip(lines, ends)]
    counts = Counter(lines)
    first_par = next((i for i in range(n) if paragraph[i]), n)
    last_par = next((i for i in range(n - 1, -1, -1) if paragraph[i]), -1)
    paragraphs = [i for i in range(n) if paragraph[i]]
    short_share = sum(short) / n if n else 0.0
    title_words = frozenset(_norm(title).split()) if title else None
    blank = (0.0, 0.0, 0.0, 0.0)
    of = features.of
    around = features.around
    rows = []
    scored = range(n) if only is None else only
    # a neighbour that is scored itself and shorter than NEIGHBOUR_PREFIX reads its own features;
    # the others (mostly the paragraphs beside a candidate) the four values a neighbour needs
    mine = {i: of(lines[i]) for i in scored}
    near: dict[int, tuple[float, ...]] = {}
    for i in scored:
        for j in (i - 1, i + 1):
            if 0 <= j < n and j not in near:
                g = mine.get(j)
                if g is not None and len(lines[j]) < NEIGHBOUR_PREFIX:
                    near[j] = (g[0], g[2], g[4], g[11])  # _NEIGHBOUR
                else:
                    near[j] = around(lines[j])
    near[-1] = near[n] = blank
    run = _runs(short)  # the run of short lines through each line
    for i in scored:
        k = bisect_left(paragraphs, i)
        above = float(min(i - paragraphs[k - 1], 50)) if k > 0 else 50.0
        k2 = k + 1 if k < len(paragraphs) and paragraphs[k] == i else k
        below = float(min(paragraphs[k2] - i, 50)) if k2 < len(paragraphs) else 50.0
        line = lines[i]
        rows.append(
            mine[i]
            + (
                float(min(i, 50)),
                float(min(n - 1 - i, 50)),
                i / n,
                float(run[i]),
                float(counts[line]),
                title_likeness(_norm(line), title_words) if title_words is not None else -1.0,
                float(min(first_par - i, 50)) if i < first_par else 0.0,
                float(min(i - last_par, 50)) if i > last_par else 0.0,
                short_share,
                above,
                below,
            )
            + near[i - 1]
            + near[i + 1]
        )
    return rows


def scored_lines(
    lines: Sequence[str], features: LineFeatures, model: "TreeModel", title: str | None = None,
    only: Sequence[int] | None = None, threshold: float | None = None,
) -> list[tuple[int, float, tuple[float, ...]]]:
    """(line, probability, feature vector) of each line of ``only`` (default: all) that the
    model rates at the threshold or above: document_features, then TreeModel.removes (in one
    call of the compiled core where it is installed)."""
    core = unicode_core()
    scanner = _core_scanner(core, features) if core is not None else None
    if scanner is not None:
        words = _title_words(title)
        cut = model.threshold if threshold is None else threshold
        chosen = None if only is None else list(only)
        found = scanner.scored(_core_model(core, model), list(lines), chosen, words, _reference(features, words), cut)
        if found is not None:  # (None: a line UTF-8 cannot hold; the reference runs)
            return found
    found = []
    for k, x in zip(range(len(lines)) if only is None else only, document_features(lines, features, title, only)):
        p = model.removes(x, threshold)
        if p is not None:
            found.append((k, p, x))
    return found


def _title_words(title: str | None) -> frozenset[str] | None:
    return frozenset(_norm(title).split()) if title else None


#: The compiled core's line scanners and models, made once per process: the passes and their
#: LineFeatures and TreeModel stay plain Python (picklable).
_CORE_SCANNERS: dict[tuple[frozenset[str], frozenset[str]], object | None] = {}
_CORE_MODELS: dict[int, tuple["TreeModel", object]] = {}


def _core_scanner(core, features: LineFeatures):  # type: ignore[no-untyped-def]
    """The core's line scanner for these words and this module's patterns (None: the core
    cannot read a pattern as `re` does; the reference runs)."""
    key = (features.stopwords, features.link_words)
    if key not in _CORE_SCANNERS:
        patterns = [(p.pattern, bool(p.flags & re.IGNORECASE)) for p in (_URL, _DATE, _HANDLE)]
        try:
            _CORE_SCANNERS[key] = core.LineScanner(set(features.stopwords), set(features.link_words), *patterns)
        except ValueError:
            _CORE_SCANNERS[key] = None
    return _CORE_SCANNERS[key]


def _core_model(core, model: "TreeModel"):  # type: ignore[no-untyped-def]
    held = _CORE_MODELS.get(id(model))
    if held is None or held[0] is not model:
        held = _CORE_MODELS[id(model)] = (model, core.LineModel(model.trees, model.bias, list(model.screens)))
    return held[1]


def _reference(features: LineFeatures, title_words: frozenset[str] | None):  # type: ignore[no-untyped-def]
    """What the core asks of the reference for a line it does not handle (a character
    above U+FFFF, a "Σ"): 0 its features, 1 what its neighbours read, 2 its title likeness."""

    def run(kind: int, line: str) -> object:
        if kind == 0:
            return features.of(line)
        if kind == 1:
            return features.around(line)
        return title_likeness(_norm(line), title_words)

    return run


#: A heading inside the body: at least this many lines from the top and from the bottom.
HEADING_EDGE = 5
_PLAIN = tuple(FEATURES.index(name) for name in ("ends_sentence", "bullet", "url", "handle", "date", "pipes", "copyright"))
_UPPER, _CAPITALIZED = FEATURES.index("upper_share"), FEATURES.index("capitalized_share")
_TOP, _BOTTOM = FEATURES.index("from_top"), FEATURES.index("from_bottom")
_ABOVE, _BELOW = FEATURES.index("paragraph_above"), FEATURES.index("paragraph_below")
_LINK, _WORDS = FEATURES.index("link_words"), FEATURES.index("words")


def body_heading(x: Sequence[float], top: float | None = None, bottom: float | None = None) -> bool:
    """A section heading inside the body, which the scorer never removes: a plain line (no
    sentence end, bullet, URL, handle, date, separator or copyright sign) at least
    HEADING_EDGE lines from both ends of the page that is in capitals with at most one link
    word among other words ("FARM CREDIT ADMINISTRATION", not "ADVERTISEMENT"), or is in
    title case without link words and with a paragraph within two lines above and below.
    On boilerplate-train's noisy pages such lines are content more often than not
    (capitals: 30% boilerplate without a link word, 56% with one; title case between
    paragraphs: 12%; benchmarks/RESULTS.md, issue 16), far from the 95% a removal needs.
    ``top``/``bottom``: the line's distance from the ends of the whole document, where the
    features see fewer lines (the pass's later rounds, once other lines went)."""
    top = x[_TOP] if top is None else top
    bottom = x[_BOTTOM] if bottom is None else bottom
    if any(x[i] for i in _PLAIN) or top < HEADING_EDGE or bottom < HEADING_EDGE:
        return False
    if x[_UPPER] >= 0.8:
        return x[_LINK] <= 1 and x[_LINK] < x[_WORDS]
    return x[_CAPITALIZED] >= 0.8 and x[_LINK] == 0 and x[_ABOVE] <= 2 and x[_BELOW] <= 2


# -- the model -------------------------------------------------------------------------

#: How a feature reads when the trees' splits on it pushed a line towards boilerplate with
#: its value low (at or below the splits' thresholds) or high.
_DESCRIBE: dict[str, tuple[str, str]] = {
    "chars": ("short", "long"),
    "words": ("few words", "many words"),
    "ends_sentence": ("no sentence end", "sentence end"),
    "ends_colon": ("no colon at the end", "ends with a colon"),
    "stopword_share": ("few function words", "many function words"),
    "upper_share": ("few capitals", "capitals"),
    "capitalized_share": ("few capitalized words", "capitalized words"),
    "digit_share": ("no digits", "digits"),
    "bullet": ("no bullet", "bullet"),
    "url": ("no URL", "URL"),
    "handle": ("no handle", "@handle or #tag"),
    "link_words": ("no link words", "link words"),
    "date": ("no date", "date"),
    "pipes": ("no separators", "separators"),
    "copyright": ("no copyright", "copyright"),
    "mean_word_length": ("short words", "long words"),
    "from_top": ("near the top", "far from the top"),
    "from_bottom": ("near the bottom", "far from the bottom"),
    "relative_position": ("early in the page", "late in the page"),
    "short_run": ("not among short lines", "among short lines"),
    "repeats": ("not repeated", "repeated in the document"),
    "title_likeness": ("unlike the title", "like the title"),
    "before_first_paragraph": ("near the first paragraph", "before the first paragraph"),
    "after_last_paragraph": ("near the last paragraph", "after the last paragraph"),
    "doc_short_share": ("page of long lines", "page of short lines"),
    "paragraph_above": ("a paragraph just above", "far from a paragraph above"),
    "paragraph_below": ("a paragraph just below", "no paragraph close below"),
}


def _describe(name: str, high: bool, x: Sequence[float]) -> str:
    if name.startswith(("prev_", "next_")):
        where = "line before" if name.startswith("prev_") else "line after"
        return f"{where}: {_DESCRIBE[name[5:]][high]}"
    if name == "from_bottom" and not high:
        return f"among the last {int(x[FEATURES.index(name)]) + 1} lines"
    if name == "from_top" and not high:
        return f"among the first {int(x[FEATURES.index(name)]) + 1} lines"
    return _DESCRIBE[name][high]


@dataclass(frozen=True)
class TreeModel:
    """Boosted trees as nested tuples: a leaf is a float, a split is (feature, threshold,
    left, right, left_mean, right_mean)."""

    trees: tuple
    bias: float
    threshold: float
    link_words: tuple[str, ...]
    trained_on: str
    #: The screens: (k, bound) pairs; after the first k trees, a line whose partial score is
    #: below the bound stops there (it is far from the threshold: the training script sets each
    #: bound below every line of boilerplate-train that scores near the threshold).
    screens: tuple[tuple[int, float], ...] = ()

    @classmethod
    def load(cls, path: Path | None = None) -> "TreeModel":
        path = path or model_path()
        data = json.loads(path.read_text("utf-8"))
        if tuple(data["features"]) != FEATURES:
            raise ValueError(f"{path}: model features do not match this textfix's features")
        return cls(
            tuple(_freeze(t) for t in data["trees"]),
            float(data["bias"]),
            float(data["threshold"]),
            tuple(data["link_words"]),
            str(data.get("trained_on", "")),
            tuple((int(screen["trees"]), float(screen["below"])) for screen in data.get("screens", ())),
        )

    def score(self, x: Sequence[float]) -> float:
        """bias + the sum of the leaves x reaches (the trees as nested if-statements)."""
        return _compiled(self, screen=False)(x)

    def probability(self, x: Sequence[float]) -> float:
        return 1.0 / (1.0 + math.exp(-self.score(x)))

    def removes(self, x: Sequence[float], threshold: float | None = None) -> float | None:
        """The probability if it reaches the threshold, else None (screened lines stop early)."""
        score = _compiled(self, screen=True)(x)
        cut = self.threshold if threshold is None else threshold
        if score is None:
            return None
        p = 1.0 / (1.0 + math.exp(-score))
        return p if p >= cut else None

    def explain(self, x: Sequence[float], top: int = 3) -> list[str]:
        """The features that pushed this line's score up most, in words."""
        push: dict[tuple[int, bool], float] = {}
        for node in self.trees:
            while type(node) is tuple:
                left = x[node[0]] <= node[1]
                key = (node[0], not left)
                push[key] = push.get(key, 0.0) + ((node[4] - node[5]) / 2 if left else (node[5] - node[4]) / 2)
                node = node[2] if left else node[3]
        best = sorted(((p, key) for key, p in push.items() if p > 0), reverse=True)[:top]
        return [_describe(FEATURES[i], high, x) for _, (i, high) in best]


_COMPILED: dict[tuple[int, tuple], object] = {}


def _compiled(model: "TreeModel", screen: bool):  # type: ignore[no-untyped-def]
    """The trees as one Python function of nested if-statements (compiled once per model):
    several times faster than walking the tuples. With ``screen``, it returns None for a
    line the screen stops."""
    key = (id(model.trees), model.screens if screen else ())
    function = _COMPILED.get(key)
    if function is None:
        code = ["def score(x):", f"    s = {model.bias!r}"]

        def emit(node: object, depth: int) -> None:
            pad = "    " * depth
            if type(node) is tuple:
                code.append(f"{pad}if x[{node[0]}] <= {node[1]!r}:")  # type: ignore[index]
                emit(node[2], depth + 1)  # type: ignore[index]
                code.append(f"{pad}else:")
                emit(node[3], depth + 1)  # type: ignore[index]
            else:
                code.append(f"{pad}s += {node!r}")

        bounds = dict(model.screens) if screen else {}
        for number, tree in enumerate(model.trees, 1):
            emit(tree, 1)
            if number in bounds:
                code.append(f"    if s < {bounds[number]!r}: return None")
        code.append("    return s")
        namespace: dict[str, object] = {}
        exec(compile("\n".join(code), "<boilerplate trees>", "exec"), namespace)  # noqa: S102 - our own data
        function = _COMPILED[key] = namespace["score"]
    return function  # type: ignore[return-value]


def _freeze(node: object) -> object:
    if isinstance(node, list):
        f, t, left, right = node
        left, right = _freeze(left), _freeze(right)
        return (int(f), float(t), left, right, _mean(left), _mean(right))
    return float(node)  # type: ignore[arg-type]


def _mean(node: object) -> float:
    if type(node) is tuple:
        return (node[4] + node[5]) / 2  # type: ignore[index]
    return node  # type: ignore[return-value]


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> TreeModel:
    return TreeModel.load(Path(path) if path else None)
