"""The compiled split-words scans against their Python reference on the project's real corpora.

    python benchmarks/core_differential_split.py                  # every .txt under /work/shared/data
    python benchmarks/core_differential_split.py --data DIR --max-mb 20

For each document (sorted paths; wsc-wiki-dev's files one line a document), four checks,
each counted:
- token screen: SplitWordsPass's candidate tokens and their code-point offsets, one pass per
  engine kept across the documents (so their caches fill as in a real run): the core's
  TokenScreen against the reference's set arithmetic, regexes and locate_tokens, and the
  sizes of their caches;
- language model: glue_model.best_split and _language_model on every distinct lowercase
  letter segment (2 to 30 letters) of the corpus, alone and between its neighbouring words
  (the words wordsegment counts), compiled against reference, floats compared bit for bit;
- plan screen: every distinct whitespace token of the corpus (first seen in the document)
  through the core's Planner (plan.rs) against bool(SplitWordsPass._plan_uncached(token,
  None, None, True)) with judge_run uncached, for the tokens the core handles;
- the pass: SplitWordsPass.run's text and edits under each engine (the same two passes).
Exit code 1 if any differs. The test suite (tests/test_core_split.py) runs the same checks on
fixtures, the seeds, the pass's cases and random text; this script is for data CI lacks.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textfix import engine  # noqa: E402
from textfix import glue_model as G  # noqa: E402
from textfix.passes import split_words as S  # noqa: E402

_WORD = re.compile(r"[A-Za-z]+")
# the core takes over split-words' model at once (as in the core's tests), not after
# glue_model.COMPILED_AFTER runs: its screen would be rebuilt empty at the switch, and the
# caches' sizes compared below differ (the candidates do not)
G.COMPILED_AFTER = 0


def documents(data: Path, max_mb: float) -> list[tuple[str, str]]:
    found, size = [], 0
    for path in sorted(data.rglob("*.txt")):
        text = path.read_text("utf-8", errors="surrogateescape")
        pieces = text.splitlines() if "wsc-wiki-dev" in path.parts else [text]
        for index, piece in enumerate(pieces):
            found.append((f"{path.relative_to(data)}:{index}" if len(pieces) > 1 else str(path.relative_to(data)), piece))
            size += len(piece.encode("utf-8", "surrogateescape"))
        if size >= max_mb * 1e6:
            break
    return found


def runs(text: str, unigrams: dict[str, float]) -> set[tuple[str, str | None, str | None]]:
    """The document's lowercase letter segments of 2..30 letters, alone and between the
    neighbouring words the model counts."""
    found = set()
    tokens = text.split()
    for index, token in enumerate(tokens):
        before = _WORD.findall(tokens[index - 1])[-1:] if index else []
        after = _WORD.findall(tokens[index + 1])[:1] if index + 1 < len(tokens) else []
        previous = before[0].lower() if before and before[0].lower() in unigrams else None
        following = after[0].lower() if after and after[0].lower() in unigrams else None
        for piece in S._PIECE.findall(token):
            for segment in S._SEGMENT.findall(piece):
                if 2 <= len(segment) <= 30:
                    found.add((segment.lower(), None, None))
                    found.add((segment.lower(), previous, following))
    return found


def both(function, *args):
    results = []
    for name in ("python", "compiled"):
        with engine.use(name):
            try:
                results.append(repr(function(*args)))
            except Exception as error:  # noqa: BLE001 - compared as a result
                results.append(f"{type(error).__name__}: {error}")
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("/work/shared/data"))
    parser.add_argument("--max-mb", type=float, default=1e9, help="stop after this many MB of documents")
    parser.add_argument("--show", type=int, default=5, help="print this many differences of each kind")
    args = parser.parse_args()
    if engine._installed is None:
        print(f"no compiled core: {engine.description}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    docs = documents(args.data, args.max_mb)
    unigrams = G.Model.get().unigrams
    counts = dict.fromkeys(["documents", "bytes", "left to the reference", "candidate tokens", "occurrences", "screen differs", "runs", "splits", "LM differs", "plan tokens", "plan handled", "planned", "plan differs", "pass changed", "edits", "pass differs"], 0)
    shown: dict[str, int] = {}

    def differs(kind: str, where: str, reference: object, compiled: object) -> None:
        counts[kind] += 1
        if shown.get(kind, 0) < args.show:
            shown[kind] = shown.get(kind, 0) + 1
            print(f"{kind}: {where}\n  reference {str(reference)[:300]}\n  compiled  {str(compiled)[:300]}")

    reference_pass, compiled_pass = S.SplitWordsPass(), S.SplitWordsPass()
    planner = compiled_pass._compiled_planner(engine.core)
    seen_tokens: set[str] = set()
    seen_runs: set[tuple[str, str | None, str | None]] = set()
    for name, text in docs:
        counts["documents"] += 1
        counts["bytes"] += len(text.encode("utf-8", "surrogateescape"))
        with engine.use("python"):
            expected = dict(reference_pass._candidates_in(text))
        with engine.use("compiled"):
            found = compiled_pass._compiled_candidates(engine.core, text)
        if found is None:  # a text the core leaves to the reference (lone surrogates)
            counts["left to the reference"] += 1
            found = expected
        found = dict(found)
        counts["candidate tokens"] += len(expected)
        counts["occurrences"] += sum(len(v) for v in expected.values())
        sizes = (len(reference_pass._plain), len(reference_pass._candidates))
        if found != expected or compiled_pass._screen.sizes() != sizes:
            differs("screen differs", name, (sizes, sorted(set(expected) ^ set(found))[:5]), compiled_pass._screen.sizes())
        for item in runs(text, unigrams) - seen_runs:
            seen_runs.add(item)
            counts["runs"] += 1
            for function in (G.best_split, G._language_model):
                reference, compiled = both(function, *item)
                if reference != compiled:
                    differs("LM differs", f"{name} {function.__name__}{item}", reference, compiled)
            counts["splits"] += reference != "None"
        for token in set(text.split()) - seen_tokens:
            seen_tokens.add(token)
            counts["plan tokens"] += 1
            compiled = planner.planned(token)
            if compiled is None:
                continue
            counts["plan handled"] += 1
            cached, S.judge_run = S.judge_run, G.judge_run.__wrapped__  # the reference uncached
            try:
                with engine.use("python"):
                    reference = bool(reference_pass._plan_uncached(token, None, None, True))
            finally:
                S.judge_run = cached
            counts["planned"] += reference
            if compiled != reference:
                differs("plan differs", f"{name} {token!r}", reference, compiled)
        results = []
        for engine_name, step in (("python", reference_pass), ("compiled", compiled_pass)):
            with engine.use(engine_name):
                results.append(step.run(text))
        counts["pass changed"] += results[0].text != text
        counts["edits"] += len(results[0].edits)
        if results[0] != results[1]:
            differs("pass differs", name, results[0].edits, results[1].edits)
    counts["MB"] = round(counts.pop("bytes") / 1e6, 1)
    print(" ".join(f"{key}={value}" for key, value in counts.items()), f"({time.perf_counter() - started:.0f} s)")
    return 1 if counts["screen differs"] or counts["LM differs"] or counts["plan differs"] or counts["pass differs"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
