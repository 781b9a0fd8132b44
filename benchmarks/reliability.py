"""Reliability of the default pipeline: generated and real input, fix twice, worst cases.

    nice -n 10 python benchmarks/reliability.py                 # everything (about 10 min, 2 cores)
    python benchmarks/reliability.py --generated 2000 --no-corpora --no-worst   # a quick look

Three sections, each printing its counts and a few examples of every failure kind:

- generated: ``--generated`` inputs (100,000 by default) from ``--seed``, of the kinds in
  KINDS (random Unicode, combining marks, right-to-left text, NUL / lone CR / controls,
  long lines, repeated punctuation, URLs and e-mails, nested brackets, prose pieces, and
  mutated real documents). Input ``i`` comes from ``random.Random(f"{seed}-{i}")``, so
  ``--show i`` rebuilds any one of them. Each goes through ``Pipeline().run``; counted:
  crashes, overlapping edits (OverlappingEdits, raised where edits are applied), slow
  inputs (over ``--slow`` seconds for the first run; generated inputs are at most 40,000
  characters), invariant breaks (a pass changed what it may not: tests/invariants.py;
  replaying the edits does not give the output; ``clean`` differs from ``run``), and
  second-run edits (running the pipeline on its own output changes it again).
- corpora: fix twice on every real corpus the project has: boilerplate-dev noisy pages,
  boilerplate-train noisy pages (every source), glue-dev docs (page and content), the
  lines of wsc-wiki-dev's corrupt.txt (each line a document), the seeds and the fixtures.
- worst: ``'a'*N``, ``'http://'+'a'*N``, ``'"'*N`` and a line of mixed random text, at
  each of ``--sizes`` (MB of characters), each in a fresh subprocess: seconds for
  ``Pipeline().run`` (model loading excluded) and the process's peak RSS (ru_maxrss,
  models included), with the time of each pass. A case is stopped at ``--timeout``
  seconds per MB or ``--mem-limit`` MB (the pass running then is named). A size is skipped for a
  kind whose smaller size already failed.

At most ``--jobs`` processes (2 by default) run at a time.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import re
import signal
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Iterator

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = ROOT.parent / "shared" / "data"  # --data DIR to read another folder
#: TEXTFIX_CODE=/path/to/checkout measures that checkout's textfix (older code: its overlaps
#: are found in the edits it returns) with this benchmark.
CODE = Path(os.environ.get("TEXTFIX_CODE", ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(CODE))

from invariants import INVARIANTS  # noqa: E402  (tests/invariants.py: each pass's invariant)

from textfix import Pipeline  # noqa: E402
from textfix.edits import apply_edits, group_by_pass  # noqa: E402

try:
    from textfix.edits import OverlappingEdits
except ImportError:  # older code: no check where edits are applied
    class OverlappingEdits(Exception):  # type: ignore[no-redef]
        pass

# ---------------------------------------------------------------------------- generators

WORDS = (
    "the of and to in is was for on that with as by at from his her it an were are which this be "
    "has had not but also their first one new after who they two its been more time government "
    "Minister London Paris January said company market water people year report Cryptocurrencies "
    "über café naïve résumé São Zürich Ελλάδα Москва 東京 北京 서울 नमस्ते"
).split()
PUNCT = list(".,;:!?\"'()[]{}-–—…/\\*&%$#@+=<>|~^`_")
MOJIBAKE = ["Ã©", "Ã¨", "â€™", "â€œ", "â€\x9d", "Ã¼", "Ã\xa0", "Ã ", "Â\xa0", "Â", "Ã¢â‚¬â„¢", "Ã?", "�"]
ENTITIES = ["&amp;", "&lt;", "&gt;", "&quot;", "&#8217;", "&#x2019;", "&nbsp;", "&eacute;", "&amp", "&#0;", "&#xD800;"]
SPACES = [" ", " ", " ", "  ", "\t", "\u00a0", "\u2009", "\u200b", "\u3000", "\ufeff", "\n", "\n\n", "\n\n\n"]
CONTROLS = ["\x00", "\r", "\r\n", "\x0b", "\x0c", "\x1b[31m", "\x1b[0m", "\x85", "\u2028", "\u2029", "\x7f", "\x01"]
COMBINING = [chr(c) for c in range(0x300, 0x370)] + ["\u20d7", "\u0489", "\u1ab0", "\ufe20"]
RTL = (
    "שלום עולם ירושלים ספר מילה السلام عليكم مرحبا بالعالم كتاب القاهرة ١٢٣ ٤٥٦ ۱۲۳"
).split()
BIDI = ["\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u061c"]
TLDS = ["com", "org", "net", "co.uk", "io", "de", "html", "pdf", "py"]


def _word(rng: random.Random) -> str:
    word = rng.choice(WORDS)
    return word.capitalize() if rng.random() < 0.15 else word


def _url(rng: random.Random) -> str:
    host = ".".join(rng.choice(WORDS[:30]) for _ in range(rng.randint(1, 3))) + "." + rng.choice(TLDS)
    kind = rng.randrange(6)
    if kind == 0:
        return f"{_word(rng)}@{host}"
    if kind == 1:
        return "@" + _word(rng) if rng.random() < 0.5 else "#" + _word(rng) + rng.choice(["", "2024"])
    if kind == 2:
        return host
    path = "/".join(rng.choice(WORDS[:40]) for _ in range(rng.randint(0, 4)))
    query = rng.choice(["", "?a=1&b=2", "?q=" + _word(rng), "#frag", "?x=%20y"])
    return rng.choice(["http://", "https://", "www.", "ftp://", "HTTP://"]) + host + "/" + path + query


def _prose(rng: random.Random, n: int) -> str:
    """Words, spaces, punctuation, glued words, mojibake, entities, digits: what the passes act on."""
    parts: list[str] = []
    for _ in range(n):
        r = rng.random()
        if r < 0.55:
            parts.append(_word(rng))
        elif r < 0.62:
            parts.append(_word(rng) + _word(rng))  # glued
        elif r < 0.72:
            parts.append(rng.choice(PUNCT))
        elif r < 0.76:
            parts.append(rng.choice(MOJIBAKE))
        elif r < 0.79:
            parts.append(rng.choice(ENTITIES))
        elif r < 0.83:
            parts.append(str(rng.randint(0, 10**rng.randint(1, 6))) + rng.choice(["", ",", ".", ":", "%", "th"]))
        elif r < 0.85:
            parts.append(_url(rng))
        parts.append(rng.choice(SPACES) if rng.random() < 0.8 else "")
    return "".join(parts)


def gen_random_unicode(rng: random.Random) -> str:
    ranges = [(0x20, 0x7F), (0x80, 0x250), (0x370, 0x500), (0x590, 0x700), (0x900, 0xA00), (0x2000, 0x2070),
              (0x3000, 0x3100), (0x4E00, 0x4F00), (0xD800, 0xE000), (0xFB00, 0xFB07), (0xFE00, 0xFF70), (0x1F300, 0x1F650), (0, 0x110000)]
    out = []
    for _ in range(rng.randint(0, 300)):
        lo, hi = rng.choice(ranges)
        out.append(chr(rng.randrange(lo, hi)))
    return "".join(out)


def gen_combining(rng: random.Random) -> str:
    out = []
    for _ in range(rng.randint(1, 120)):
        out.append(rng.choice("aeiouAEIOUnczsy ") if rng.random() < 0.8 else rng.choice(WORDS))
        out.extend(rng.choice(COMBINING) for _ in range(rng.choice([0, 0, 1, 1, 2, 3, 8])))
    return "".join(out)


def gen_rtl(rng: random.Random) -> str:
    out = []
    for _ in range(rng.randint(1, 80)):
        r = rng.random()
        out.append(rng.choice(RTL) if r < 0.6 else rng.choice(BIDI) if r < 0.7 else _word(rng) if r < 0.85 else rng.choice(PUNCT))
        out.append(rng.choice(SPACES) if rng.random() < 0.8 else "")
    return "".join(out)


def gen_controls(rng: random.Random) -> str:
    out = []
    for _ in range(rng.randint(1, 80)):
        out.append(rng.choice(CONTROLS) if rng.random() < 0.35 else _word(rng))
        out.append(rng.choice(SPACES) if rng.random() < 0.7 else "")
    return "".join(out)


def gen_long_line(rng: random.Random) -> str:
    size = rng.randint(8_000, 40_000)
    text = _prose(rng, size // 5).replace("\n", " ")
    return text[:size]


def gen_punctuation(rng: random.Random) -> str:
    out = []
    for _ in range(rng.randint(1, 40)):
        if rng.random() < 0.4:
            out.append(rng.choice(PUNCT + ["...", "--", "''", '""', "?!", "„", "“", "”", "«", "»"]) * rng.choice([1, 2, 3, 5, 20, 100, 500]))
        else:
            out.append(_word(rng))
        out.append(rng.choice(["", " ", " ", "\n"]))
    return "".join(out)


def gen_urls(rng: random.Random) -> str:
    out = []
    for _ in range(rng.randint(1, 40)):
        out.append(_url(rng) if rng.random() < 0.4 else _word(rng))
        out.append(rng.choice(["", " ", " ", " ", ".", ",", ")", "\n", "(", '"']))
    return "".join(out)


def gen_brackets(rng: random.Random) -> str:
    depth = rng.choice([1, 3, 10, 50, 300])
    pairs = ["()", "[]", "{}", "<>", "“”", "«»", "（）"]
    out = []
    for _ in range(depth):
        out.append(rng.choice(pairs)[0] + rng.choice(["", " ", _word(rng), _word(rng) + " "]))
    for _ in range(depth):
        out.append(rng.choice(["", " ", _word(rng), ",", "."]) + rng.choice(pairs)[1])
    return "".join(out)


def gen_prose(rng: random.Random) -> str:
    return _prose(rng, rng.randint(1, 200))


_REAL: list[str] = []


def real_documents() -> list[str]:
    """The pool for mutations: seeds, fixtures, boilerplate-dev noisy pages, glue-dev docs,
    500 wsc-wiki-dev lines (loaded once per process)."""
    if not _REAL:
        paths = sorted((DATA.parent / "seeds").glob("*.txt")) + sorted((ROOT / "fixtures").rglob("*.txt"))
        paths += sorted((DATA / "boilerplate-dev" / "noisy").glob("*.txt"))
        paths += sorted((DATA / "glue-dev" / "page" / "docs").glob("*.txt"))[:150]
        _REAL.extend(p.read_text("utf-8") for p in paths if p.is_file())
        wsc = DATA / "wsc-wiki-dev" / "corrupt.txt"
        if wsc.is_file():
            lines = wsc.read_text("utf-8").splitlines()[:500]
            _REAL.extend("\n".join(lines[i : i + 10]) for i in range(0, len(lines), 10))
    return _REAL or ["The quick brown fox jumps over the lazy dog.\n"]


MUTATIONS = SPACES + CONTROLS + MOJIBAKE + ENTITIES + PUNCT + COMBINING[:5] + BIDI[:3] + ["http://", "@", "www.", '"' * 3, "." * 5]


def gen_mutated_real(rng: random.Random) -> str:
    doc = rng.choice(real_documents())
    size = rng.choice([200, 800, 3000])
    start = rng.randrange(max(1, len(doc) - size))
    text = doc[start : start + size]
    for _ in range(rng.randint(1, 12)):
        pos = rng.randrange(len(text) + 1)
        kind = rng.randrange(7)
        if kind == 0:  # insert a hostile piece
            text = text[:pos] + rng.choice(MUTATIONS) + text[pos:]
        elif kind == 1:  # delete a few characters (glues words, cuts lines)
            text = text[:pos] + text[pos + rng.randint(1, 4) :]
        elif kind == 2:  # mojibake a stretch, as a wrong codec would
            end = pos + rng.randint(1, 40)
            chunk = text[pos:end].encode("utf-8").decode("latin-1" if rng.random() < 0.5 else "cp1252", "replace")
            text = text[:pos] + chunk + text[end:]
        elif kind == 3:  # repeat a line
            lines = text.split("\n")
            line = rng.randrange(len(lines))
            lines.insert(line, lines[line])
            text = "\n".join(lines)
        elif kind == 4:  # join two lines
            text = text.replace("\n", rng.choice(["", " "]), 1) if rng.random() < 0.5 else text
        elif kind == 5:  # remove the spaces of a stretch
            end = pos + rng.randint(5, 60)
            text = text[:pos] + text[pos:end].replace(" ", "") + text[end:]
        else:  # escape a stretch as HTML
            end = pos + rng.randint(1, 30)
            text = text[:pos] + text[pos:end].replace("&", "&amp;").replace("'", "&#39;").replace(" ", "&nbsp;") + text[end:]
    return text


KINDS = {  # kind: (generator, weight)
    "random-unicode": (gen_random_unicode, 10),
    "combining": (gen_combining, 6),
    "rtl": (gen_rtl, 6),
    "controls": (gen_controls, 6),
    "long-line": (gen_long_line, 1),
    "punctuation": (gen_punctuation, 8),
    "urls": (gen_urls, 8),
    "brackets": (gen_brackets, 5),
    "prose": (gen_prose, 15),
    "mutated-real": (gen_mutated_real, 35),
}
_KIND_NAMES = list(KINDS)
_KIND_WEIGHTS = [weight for _, weight in KINDS.values()]


def generated(seed: int, index: int) -> tuple[str, str]:
    """Input number ``index`` of seed ``seed``: (kind, text)."""
    rng = random.Random(f"{seed}-{index}")
    kind = rng.choices(_KIND_NAMES, _KIND_WEIGHTS)[0]
    return kind, KINDS[kind][0](rng)


# ---------------------------------------------------------------------------- checks

_PIPELINE: Pipeline | None = None
#: While not None: (pass id, seconds) of every pass run, to measure what re-runs cost.
_CALLS: list[tuple[str, float]] | None = None


def pipeline() -> Pipeline:
    """The default pipeline, built once per process, each pass's run timed into _CALLS."""
    global _PIPELINE
    if _PIPELINE is None:
        _PIPELINE = Pipeline()
        for step in _PIPELINE.passes:
            step.run = _timed(step.id, step.run)  # type: ignore[method-assign]
    return _PIPELINE


def _timed(pass_id: str, run):  # type: ignore[no-untyped-def]
    def timed(*args, **kwargs):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        out = run(*args, **kwargs)
        if _CALLS is not None:
            _CALLS.append((pass_id, time.perf_counter() - start))
        return out

    return timed


def rerun_cost(calls: list[tuple[str, float]]) -> tuple[float, dict[str, float]]:
    """(seconds in the passes' first runs, seconds in re-runs by pass) of one pipeline run."""
    first = 0.0
    again: dict[str, float] = {}
    ran: set[str] = set()
    for pass_id, seconds in calls:
        if pass_id in ran:
            again[pass_id] = again.get(pass_id, 0.0) + seconds
        else:
            first += seconds
            ran.add(pass_id)
    return first, again


class _Hang(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise _Hang()


def check(text: str, *, slow: float, invariants: bool = True, hang: int = 60) -> dict[str, object]:
    """Run the default pipeline on one input and say what went wrong (no failure kind in
    the dict: nothing did); "cost" holds the first run's seconds in first runs and re-runs."""
    global _CALLS
    found: dict[str, object] = {}
    chain = pipeline()
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(hang)
    try:
        start = time.perf_counter()
        _CALLS = []
        try:
            result = chain.run(text)
            found["cost"] = rerun_cost(_CALLS)
        except OverlappingEdits as error:
            return {"overlap": str(error)}
        except _Hang:
            return {"slow": f"over {hang} s (stopped)"}
        except Exception as error:  # noqa: BLE001  (counting crashes is the point)
            return {"crash": f"{type(error).__name__}: {error}"}
        finally:
            _CALLS = None
        seconds = time.perf_counter() - start
        if seconds > slow:
            found["slow"] = f"{seconds:.2f} s"
        groups = group_by_pass(result.edits)
        before = text
        for group in groups:
            for a, b in zip(group, group[1:]):
                if b.start < a.end:
                    found["overlap"] = f"{b.rule_id} overlaps {a.rule_id} (in the result)"
            after = apply_edits(before, group)
            if invariants and not INVARIANTS.get(group[0].pass_id, lambda x, y: True)(before, after):
                found["invariant"] = f"{group[0].pass_id} broke its invariant"
            before = after
        if before != result.text:
            found["invariant"] = "replaying the edits does not give the output"
        try:
            if chain.clean(text) != result.text:
                found["invariant"] = "clean() differs from run().text"
            again = chain.run(result.text)
        except OverlappingEdits as error:
            found["overlap"] = "on the second run: " + str(error)
            return found
        except _Hang:
            found["slow"] = f"over {hang} s (stopped)"
            return found
        except Exception as error:  # noqa: BLE001
            found["crash"] = f"on the second run: {type(error).__name__}: {error}"
            return found
        if again.edits:
            first = again.edits[0]
            context = result.text[max(0, first.start - 40) : first.end + 40]
            found["second-run"] = {
                "passes": sorted({edit.pass_id for edit in again.edits}),
                # a pass that changes the pipeline's output on its own did not finish its own
                # work in one call (the pipeline re-runs every pass that ran before a change)
                "alone": [step.id for step in chain.passes if step.run(result.text).text != result.text],
                "unsettled": any("still changed after" in note for note in result.notes),
                "rule": first.rule_id,
                "edit": [first.original, first.replacement],
                "context": context,
            }
        return found
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _check_generated(task: tuple[int, int, int, float]) -> list[tuple[int, str, dict[str, object]]]:
    seed, lo, hi, slow = task
    out = []
    for index in range(lo, hi):
        kind, text = generated(seed, index)
        out.append((index, kind, check(text, slow=slow)))
    return out


def _check_document(task: tuple[str, str, str, float]) -> tuple[str, str, dict[str, object]]:
    corpus, name, text, slow = task
    return corpus, name, check(text, slow=slow, invariants=False, hang=300)


# ---------------------------------------------------------------------------- report

KINDS_OF_FAILURE = ("crash", "overlap", "slow", "invariant", "second-run")


class Tally:
    """Counts of each failure kind, by group, with the first few examples of each."""

    def __init__(self, examples: int) -> None:
        self.total: Counter[str] = Counter()
        self.failures: dict[str, Counter[str]] = defaultdict(Counter)
        self.by_pass: dict[str, Counter[str]] = defaultdict(Counter)
        self.examples: dict[str, list[str]] = defaultdict(list)
        self.keep = examples
        self.seconds_first = 0.0
        self.seconds_again: Counter[str] = Counter()
        self.rerun_docs = 0

    def add(self, group: str, label: str, found: dict[str, object]) -> None:
        self.total[group] += 1
        first, again = found.pop("cost", (0.0, {}))  # type: ignore[misc]
        self.seconds_first += first
        for pass_id, seconds in again.items():
            self.seconds_again[pass_id] += seconds
        self.rerun_docs += bool(again)
        for failure, detail in found.items():
            self.failures[failure][group] += 1
            if failure == "second-run":
                for pass_id in detail["passes"]:  # type: ignore[index]
                    self.by_pass[failure][pass_id] += 1
                for pass_id in detail["alone"]:  # type: ignore[index]
                    self.by_pass["second-run, pass alone changes the output"][pass_id] += 1
                self.by_pass["second-run, pipeline hit MAX_ROUNDS"]["documents"] += bool(detail["unsettled"])  # type: ignore[index]
            elif failure in ("crash", "overlap"):
                rule = re.search(r"[\w-]+/[\w-]+", str(detail))
                self.by_pass[failure][rule.group() if rule else str(detail).split(":")[0]] += 1
            if len(self.examples[failure]) < self.keep:
                self.examples[failure].append(f"{label}: {json.dumps(detail, ensure_ascii=False)[:400]}")

    def print(self, title: str) -> None:
        groups = sorted(self.total)
        print(f"\n## {title}")
        width = max(map(len, groups + ["total"]))
        print(f"{'':{width}}  {'inputs':>7}  " + "  ".join(f"{k:>10}" for k in KINDS_OF_FAILURE))
        for group in groups + ["total"]:
            n = sum(self.total.values()) if group == "total" else self.total[group]
            counts = [sum(self.failures[k].values()) if group == "total" else self.failures[k][group] for k in KINDS_OF_FAILURE]
            print(f"{group:{width}}  {n:>7}  " + "  ".join(f"{c:>10}" for c in counts))
        again = sum(self.seconds_again.values())
        print(
            f"re-runs: {self.rerun_docs} of {sum(self.total.values())} inputs re-ran a pass; time in re-runs "
            f"{again:.1f} s, {again / max(self.seconds_first, 1e-9):.1%} of the first runs' {self.seconds_first:.1f} s ("
            + ", ".join(f"{k} {v:.1f}" for k, v in self.seconds_again.most_common()) + ")"
        )
        for failure in KINDS_OF_FAILURE:
            for key in [k for k in self.by_pass if k.startswith(failure)]:
                print(f"{key} by pass: " + ", ".join(f"{k} {v}" for k, v in self.by_pass[key].most_common()))
            for example in self.examples[failure]:
                print(f"  {failure}: {example}")


def run_generated(count: int, seed: int, jobs: int, slow: float, examples: int) -> Tally:
    tally = Tally(examples)
    chunk = 250
    tasks = [(seed, lo, min(count, lo + chunk), slow) for lo in range(0, count, chunk)]
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        for results in pool.imap(_check_generated, tasks):
            for index, kind, found in results:
                tally.add(kind, f"input {index} ({kind})", found)
    return tally


def corpora() -> Iterator[tuple[str, str, str]]:
    """(corpus, name, text) for every real document the project has."""
    def files(corpus: str, paths: list[Path]) -> Iterator[tuple[str, str, str]]:
        for path in paths:
            yield corpus, str(path), path.read_text("utf-8")

    yield from files("boilerplate-dev noisy", sorted((DATA / "boilerplate-dev" / "noisy").glob("*.txt")))
    yield from files("boilerplate-train noisy", sorted((DATA / "boilerplate-train").glob("*/noisy/*.txt")))
    yield from files("glue-dev docs", sorted((DATA / "glue-dev").glob("*/docs/*.txt")))
    wsc = DATA / "wsc-wiki-dev" / "corrupt.txt"
    if wsc.is_file():
        for number, line in enumerate(wsc.read_text("utf-8").splitlines(), 1):
            yield "wsc-wiki-dev corrupt lines", f"{wsc}:{number}", line + "\n"
    yield from files("seeds and fixtures", sorted((DATA.parent / "seeds").glob("*.txt")) + sorted((ROOT / "fixtures").rglob("*.txt")))


def run_corpora(jobs: int, slow: float, examples: int) -> Tally:
    tally = Tally(examples)
    tasks = [(corpus, name, text, slow) for corpus, name, text in corpora()]
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        for corpus, name, found in pool.imap_unordered(_check_document, tasks, chunksize=8):
            tally.add(corpus, name, found)
    return tally


# ---------------------------------------------------------------------------- worst cases

WORST = {
    "a*N": lambda n: "a" * n,
    "http://+a*N": lambda n: "http://" + "a" * (n - 7),
    '"*N': lambda n: '"' * n,
    "mixed": lambda n: _prose(random.Random(n), n // 4).replace("\n", " ")[:n],
}

_CHILD = """
import json, resource, sys, time
sys.path.insert(0, {root!r}); sys.path.insert(0, {bench!r})
from reliability import WORST
from textfix import Pipeline
text = WORST[sys.argv[1]](int(sys.argv[2]))
pipeline = Pipeline()
pipeline.run("Warm up: load every model once. théâtre inthe US -backed.")
def rss(): return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
def wrap(step):
    run = step.run
    def timed(*args, **kwargs):
        print(json.dumps({{"start": step.id}}), flush=True)
        t = time.perf_counter(); out = run(*args, **kwargs)
        print(json.dumps({{"pass": step.id, "s": time.perf_counter() - t, "rss": rss()}}), flush=True)
        return out
    step.run = timed
for step in pipeline.passes:
    wrap(step)
print(json.dumps({{"baseline_rss": rss()}}), flush=True)
start = time.perf_counter()
out = pipeline.run(text, record=False).text
print(json.dumps({{"done": time.perf_counter() - start, "rss": rss(), "chars_in": len(text), "chars_out": len(out)}}), flush=True)
"""


def worst_case(kind: str, size: int, timeout: float, mem_limit_mb: int) -> dict[str, object]:
    """Run one worst case in a fresh process, watching its RSS; stop it at the limits."""
    code = _CHILD.format(root=str(CODE), bench=str(HERE))
    process = subprocess.Popen([sys.executable, "-c", code, kind, str(size)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    started = time.perf_counter()
    stopped = ""
    peak = 0
    while process.poll() is None:
        time.sleep(0.05)
        try:
            with open(f"/proc/{process.pid}/status") as status:
                rss = next((int(line.split()[1]) // 1024 for line in status if line.startswith("VmRSS")), 0)
        except OSError:
            rss = 0
        peak = max(peak, rss)
        if rss > mem_limit_mb:
            stopped = f"over {mem_limit_mb} MB"
        elif time.perf_counter() - started > timeout:
            stopped = f"over {timeout:.0f} s"
        if stopped:
            process.kill()
            break
    out, err = process.communicate()
    events = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    passes: dict[str, list[float]] = defaultdict(list)
    running = ""
    report: dict[str, object] = {"kind": kind, "size": size}
    for event in events:
        if "start" in event:
            running = event["start"]
        elif "pass" in event:
            passes[event["pass"]].append(event["s"])
            running = ""
        elif "done" in event:
            report.update(seconds=event["done"], peak_mb=event["rss"], chars_out=event["chars_out"])
        elif "baseline_rss" in event:
            report["baseline_mb"] = event["baseline_rss"]
    report["passes"] = {name: round(sum(times), 2) for name, times in passes.items()}
    if stopped or "seconds" not in report:
        report["failed"] = (stopped or f"exit {process.returncode}: {err.strip().splitlines()[-1:] }") + (f" in {running}" if running else "")
        report["peak_mb"] = peak
    return report


def run_worst(sizes: list[float], timeout: float, mem_limit_mb: int) -> list[dict[str, object]]:
    print("\n## worst cases (one process each; seconds of Pipeline.run, peak RSS with models)")
    reports = []
    for kind in WORST:
        failed = False
        for mb in sizes:
            if failed:
                print(f"{kind:12} {mb:g} MB: skipped (the smaller size failed)")
                continue
            report = worst_case(kind, int(mb * 1_000_000), timeout * mb, mem_limit_mb)
            reports.append(report)
            passes = ", ".join(f"{k} {v:.2f}" for k, v in report["passes"].items())  # type: ignore[union-attr]
            if "failed" in report:
                failed = True
                print(f"{kind:12} {mb:g} MB: FAILED {report['failed']} (peak {report['peak_mb']} MB; finished passes: {passes})")
            else:
                print(f"{kind:12} {mb:g} MB: {report['seconds']:7.2f} s  peak {report['peak_mb']:5d} MB (baseline {report.get('baseline_mb')} MB)  [{passes}]")
        done = [r for r in reports if r["kind"] == kind and "seconds" in r]
        if len(done) >= 2:
            print(f"{kind:12} {sizes[-1] / sizes[0]:g}x the size: {done[-1]['seconds'] / max(done[0]['seconds'], 1e-9):.2f}x the time")  # type: ignore[operator]
    return reports


def main() -> None:
    global DATA
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated", type=int, default=100_000, help="how many generated inputs (0: none)")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--jobs", type=int, default=2, help="processes (at most 2 on a shared machine)")
    parser.add_argument("--slow", type=float, default=2.0, help="seconds for one run of one input that count as slow")
    parser.add_argument("--examples", type=int, default=5, help="examples shown of each failure kind")
    parser.add_argument("--no-corpora", action="store_true")
    parser.add_argument("--no-worst", action="store_true")
    parser.add_argument("--sizes", default="1,4", help="worst-case sizes in MB (millions of characters)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per MB before a worst case is stopped")
    parser.add_argument("--mem-limit", type=int, default=2000, help="MB of RSS before a worst case is stopped")
    parser.add_argument("--show", type=int, help="print generated input number SHOW (repr) and exit")
    parser.add_argument("--data", type=Path, default=DATA, help="the shared data folder (default: %(default)s)")
    args = parser.parse_args()
    DATA = args.data
    if not DATA.is_dir():
        print(f"warning: no data folder at {DATA} (--data DIR): the real corpora and mutated documents are left out", file=sys.stderr)
    if args.show is not None:
        kind, text = generated(args.seed, args.show)
        print(kind, repr(text))
        return
    started = time.perf_counter()
    if args.generated:
        t = time.perf_counter()
        run_generated(args.generated, args.seed, args.jobs, args.slow, args.examples).print(
            f"generated inputs (seed {args.seed}; slow: over {args.slow:g} s; {time.perf_counter() - t:.0f} s)"
        )
    if not args.no_corpora:
        t = time.perf_counter()
        run_corpora(args.jobs, args.slow * 10, args.examples).print(f"real corpora, fix twice (slow: over {args.slow * 10:g} s; {time.perf_counter() - t:.0f} s)")
    if not args.no_worst:
        run_worst([float(s) for s in args.sizes.split(",")], args.timeout, args.mem_limit)
    print(f"\ntotal {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
