"""`textfix audit`: a random sample of the edits textfix would make on a corpus, for a
person to judge, and the per-rule precision of the verdicts.

Sampling. Every document is cleaned as `textfix check` would (same configuration); each
edit goes into its rule's reservoir (Algorithm R, size ``--sample``), so memory is bounded
by the sample, not the corpus, and each reservoir is a uniform sample of its rule's edits.
The sample is stratified by rule: every rule with edits gets ``min(k, its edits)`` (k =
``--per-rule``, lowered towards 1 if the rules would not fit in ``--sample``; each rule gets
at least one, even past ``--sample``), and the rest of ``--sample`` goes to the rules in
proportion to their edits beyond those (largest remainder, never more than a rule has).
Within a rule the sample is uniform, so a rule's precision is estimated without bias; the
overall precision weights each rule by its number of edits in the corpus.

Scoring. For a rule with r edits judged right out of n, precision p = r/n and the Wilson
score interval at 95% (z = 1.96):

    (p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n)

Rules whose precision is under ``--min-precision`` are printed as an ``--ignore`` line.
"""

from __future__ import annotations

import json
import math
import random
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Iterator

from .config import Config
from .edits import Edit, LineIndex, apply_edits, group_by_pass, source_offsets
from .errors import InputError
from .files import BinaryFileError, TextStream, discover, is_jsonl, is_large, read_lines, read_text_file
from .pipeline import Pipeline

#: Lines of context on each side of an edit, and at most this many characters of them.
CONTEXT_LINES = 2
CONTEXT_CHARS = 240
#: Verdict values accepted in a judged file (case-insensitive); anything in SKIPPED is unjudged.
RIGHT = {"right", "correct", "yes", "true", "1", "good", "ok"}
WRONG = {"wrong", "incorrect", "no", "false", "0", "bad"}
SKIPPED = {"", "none", "null", "skip", "skipped", "unsure", "?"}


@dataclass
class Documents:
    """What the walk over the inputs saw."""

    documents: int = 0
    edits: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)


def documents(path: Path, encoding: str, text_key: str) -> Iterator[tuple[str, str, dict[str, bool]]]:
    """(label, text, edge flags for Pipeline.run) for every document of one file, streamed:
    a text file is one document (a large one comes in pieces), a JSON Lines record's or a
    Parquet row's ``text_key`` field is one."""
    label = str(path)
    if is_jsonl(path):
        for number, raw in enumerate(read_lines(path), 1):
            try:
                record = json.loads(raw.decode("utf-8")) if raw.strip() else None
            except (UnicodeDecodeError, json.JSONDecodeError) as error:
                raise InputError(f"{label}:{number}: not a valid JSON line ({error})") from None
            value = record.get(text_key) if isinstance(record, dict) else None
            if isinstance(value, str):
                yield f"{label}:{number}", value, {}
    elif path.suffix == ".parquet":
        try:
            import pyarrow.parquet as pq
        except ImportError:
            raise InputError(f"{label}: reading Parquet needs pyarrow: pip install 'textfix[parquet]'") from None
        source = pq.ParquetFile(path)
        if text_key not in source.schema_arrow.names:
            raise InputError(f"{label}: no column '{text_key}' (columns: {', '.join(source.schema_arrow.names)})")
        row = 0
        for batch in source.iter_batches(columns=[text_key]):
            for value in batch.column(0).to_pylist():
                row += 1
                if isinstance(value, str):
                    yield f"{label}:{row}", value, {}
    elif is_large(path):
        for piece in TextStream(path, encoding).pieces():
            yield f"{label} (piece from line {piece.line})", piece.text, {"head": piece.head, "tail": piece.tail, "in_line": piece.in_line}
    else:
        yield label, read_text_file(path, encoding).text, {}


def _clip_left(text: str) -> str:
    if len(text) <= CONTEXT_CHARS:
        return text
    cut = text[-CONTEXT_CHARS:]
    return "…" + cut[cut.find(" ") + 1 :] if " " in cut[:40] else "…" + cut


def _clip_right(text: str) -> str:
    if len(text) <= CONTEXT_CHARS:
        return text
    cut = text[:CONTEXT_CHARS]
    return cut[: cut.rfind(" ")] + "…" if " " in cut[-40:] else cut + "…"


def view(received: str, edit: Edit) -> dict[str, str]:
    """The edit in a few lines of the text its pass received: prefix, original,
    replacement, suffix, and the context before and after the edit."""
    start = received.rfind("\n", 0, edit.start) + 1
    for _ in range(CONTEXT_LINES):
        if start == 0:
            break
        start = received.rfind("\n", 0, start - 1) + 1
    end = received.find("\n", edit.end)
    for _ in range(CONTEXT_LINES):
        if end == -1:
            break
        end = received.find("\n", end + 1)
    if end == -1:
        end = len(received)
    prefix = _clip_left(received[start : edit.start])
    suffix = _clip_right(received[edit.end : end])
    return {
        "prefix": prefix,
        "original": edit.original,
        "replacement": edit.replacement,
        "suffix": suffix,
        "before": prefix + edit.original + suffix,
        "after": prefix + edit.replacement + suffix,
    }


class RuleReservoirs:
    """One uniform reservoir (Algorithm R) of at most ``size`` edits per rule."""

    def __init__(self, size: int, rng: random.Random) -> None:
        self.size = size
        self.rng = rng
        self.items: dict[str, list[dict[str, Any]]] = {}
        self.seen: Counter[str] = Counter()

    def slot(self, rule: str) -> int | None:
        """Count one more edit of the rule; the reservoir slot it takes, or None."""
        self.seen[rule] += 1
        n = self.seen[rule]
        if n <= self.size:
            return n - 1
        j = self.rng.randrange(n)
        return j if j < self.size else None

    def put(self, rule: str, slot: int, item: dict[str, Any]) -> None:
        items = self.items.setdefault(rule, [])
        if slot == len(items):
            items.append(item)
        else:
            items[slot] = item


def add_document(reservoirs: RuleReservoirs, pipeline: Pipeline, label: str, text: str, edges: dict[str, bool]) -> int:
    """Clean one document and offer each of its edits to its rule's reservoir."""
    result = pipeline.run(text, **edges)
    if not result.edits:
        return 0
    starts = source_offsets(result.edits)
    index: LineIndex | None = None
    received = text
    number = 0
    for group in group_by_pass(result.edits):
        for edit in group:
            slot = reservoirs.slot(edit.rule_id)
            if slot is not None:
                index = index or LineIndex(text)
                offset = starts[number]
                if edit.replacement == "" and edit.original.strip():  # a removed line: its first character
                    offset += len(edit.original) - len(edit.original.lstrip())
                line, column = index.position(min(offset, len(text)))
                item = {"rule": edit.rule_id, "reason": edit.reason, "source": label, "line": line, "column": column}
                item.update(view(received, edit))
                reservoirs.put(edit.rule_id, slot, item)
            number += 1
        received = apply_edits(received, group)
    return len(result.edits)


def allocate(counts: dict[str, int], sample: int, per_rule: int) -> dict[str, int]:
    """How many edits of each rule the sample takes (see the module docstring)."""
    floor = max(1, per_rule)
    while floor > 1 and sum(min(floor, c) for c in counts.values()) > sample:
        floor -= 1
    taken = {rule: min(floor, count) for rule, count in counts.items()}
    left = sample - sum(taken.values())
    while left > 0:
        room = {rule: counts[rule] - taken[rule] for rule in sorted(counts) if counts[rule] > taken[rule]}
        if not room:
            break
        total = sum(room.values())
        shares = {rule: left * extra / total for rule, extra in room.items()}
        give = {rule: min(room[rule], int(share)) for rule, share in shares.items()}
        if not any(give.values()):
            for rule in sorted(room, key=lambda r: (-(shares[r] - int(shares[r])), r))[:left]:
                give[rule] = 1
        for rule, extra in give.items():
            taken[rule] += extra
        left -= sum(give.values())
    return taken


def draw(paths: list[str], config: Config, *, sample: int, seed: int, per_rule: int, encoding: str = "utf-8", text_key: str = "text") -> tuple[list[dict[str, Any]], Documents]:
    """The stratified sample of the edits textfix would make on the inputs."""
    rng = random.Random(seed)
    pipeline = Pipeline(config)
    reservoirs = RuleReservoirs(sample, rng)
    seen = Documents()
    for path, _ in discover(paths, config.include, config.exclude):
        try:
            for label, text, edges in documents(path, encoding, text_key):
                seen.documents += 1
                add_document(reservoirs, pipeline, label, text, edges)
        except InputError as error:
            seen.problems.append(("warning: " if isinstance(error, BinaryFileError) else "error: ") + str(error))
    seen.edits = reservoirs.seen
    chosen: list[dict[str, Any]] = []
    for rule, count in sorted(allocate(dict(reservoirs.seen), sample, per_rule).items()):
        for item in rng.sample(reservoirs.items[rule], count):
            chosen.append({**item, "rule_edits": reservoirs.seen[rule]})
    rng.shuffle(chosen)
    return [{"id": number, **item, "verdict": None} for number, item in enumerate(chosen, 1)], seen


def write_jsonl(items: list[dict[str, Any]], target: Path) -> None:
    with target.open("w", encoding="utf-8") as out:
        for item in items:
            out.write(json.dumps(item, ensure_ascii=False) + "\n")


def write_page(items: list[dict[str, Any]], seen: Documents, seed: int, target: Path) -> None:
    """The self-contained review page: the template with the sample embedded as JSON."""
    meta = {"seed": seed, "documents": seen.documents, "edits": dict(sorted(seen.edits.items())), "key": f"textfix-audit-{seed}-{sum(seen.edits.values())}-{len(items)}"}
    data = json.dumps({"meta": meta, "edits": items}, ensure_ascii=True).replace("<", "\\u003c")  # no "</script>" or "<!--" inside the script
    template = resources.files("textfix").joinpath("audit_page.html").read_text(encoding="utf-8")
    target.write_text(template.replace("/*TEXTFIX_AUDIT_DATA*/null", data), encoding="utf-8")


# -- scoring -----------------------------------------------------------------------------


def load_verdicts(path: Path) -> list[dict[str, Any]]:
    """The judged edits of a file saved by the review page (a JSON object with "edits") or
    of a JSON Lines sample whose "verdict" fields were filled in."""
    text = path.read_text(encoding="utf-8")
    try:
        whole = json.loads(text)
    except json.JSONDecodeError:
        whole = None
    if isinstance(whole, dict) and isinstance(whole.get("edits"), list):
        return whole["edits"]
    if isinstance(whole, list):
        return whole
    items = []
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            try:
                items.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise InputError(f"{path}:{number}: not a JSON line ({error.msg})") from None
    return items


def verdict_of(item: dict[str, Any], where: str) -> bool | None:
    """True (right), False (wrong) or None (not judged)."""
    value = item.get("verdict")
    if isinstance(value, bool):
        return value
    word = "" if value is None else str(value).strip().lower()
    if word in RIGHT:
        return True
    if word in WRONG:
        return False
    if word in SKIPPED:
        return None
    raise InputError(f"{where}: verdict {value!r} is neither right nor wrong (use right, wrong or leave it empty)")


def wilson(right: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval of a proportion (see the module docstring)."""
    if n == 0:
        return 0.0, 1.0
    p = right / n
    centre = p + z * z / (2 * n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, (centre - half) / (1 + z * z / n)), min(1.0, (centre + half) / (1 + z * z / n))


def score(path: Path, min_precision: float) -> str:
    """Each rule's precision with its counts and Wilson 95% interval, the overall precision
    (rules weighted by their edits in the corpus), and the --ignore line."""
    items = load_verdicts(path)
    right: Counter[str] = Counter()
    judged: Counter[str] = Counter()
    population: dict[str, int] = {}
    for number, item in enumerate(items, 1):
        verdict = verdict_of(item, f"{path}: edit {item.get('id', number)}")
        rule = str(item.get("rule", "?"))
        if isinstance(item.get("rule_edits"), int):
            population[rule] = item["rule_edits"]
        if verdict is not None:
            judged[rule] += 1
            right[rule] += verdict
    if not judged:
        return f"{path}: no edit has a verdict yet ({len(items)} edits)\n"
    width = max(len("rule"), *(len(rule) for rule in judged))
    lines = [f"{'rule':<{width}}  judged  right  wrong  precision  95% CI (Wilson)"]
    low = []
    for rule in sorted(judged):
        n, r = judged[rule], right[rule]
        lo, hi = wilson(r, n)
        lines.append(f"{rule:<{width}}  {n:>6}  {r:>5}  {n - r:>5}  {r / n:>9.3f}  {lo:.3f}-{hi:.3f}")
        if r / n < min_precision:
            low.append(rule)
    n_all, r_all = sum(judged.values()), sum(right.values())
    lines.append(f"{'all judged':<{width}}  {n_all:>6}  {r_all:>5}  {n_all - r_all:>5}  {r_all / n_all:>9.3f}  (unweighted)")
    if all(rule in population for rule in judged):
        weight = sum(population[rule] for rule in judged)
        estimate = sum(population[rule] * right[rule] / judged[rule] for rule in judged) / weight
        lines.append(f"overall precision, rules weighted by their {weight} edits in the corpus: {estimate:.3f}")
    if low:
        clear = [rule for rule in low if wilson(right[rule], judged[rule])[1] < min_precision]
        sure = f" (the whole interval under it: {', '.join(clear)})" if clear else " (none with the whole interval under it: judge more edits to be sure)"
        lines.append(f"rules under precision {min_precision:g}{sure}; to leave them out:")
        lines.append("--ignore " + ",".join(low))
    else:
        lines.append(f"no rule under precision {min_precision:g}")
    return "\n".join(lines) + "\n"


def run(paths: list[str], config: Config, *, sample: int, seed: int, per_rule: int, page: str | None, jsonl: str | None, encoding: str, text_key: str) -> int:
    """The `textfix audit` command without --score: draw, write, say what was written."""
    import click

    items, seen = draw(paths, config, sample=sample, seed=seed, per_rule=per_rule, encoding=encoding, text_key=text_key)
    for problem in seen.problems:
        click.echo(f"textfix: {problem}", err=True)
    if page:
        write_page(items, seen, seed, Path(page))
    if jsonl:
        write_jsonl(items, Path(jsonl))
    total = sum(seen.edits.values())
    written = " and ".join(name for name in (page, jsonl) if name)
    click.echo(f"textfix: drew {len(items)} of {total} edits ({len(seen.edits)} rules) from {seen.documents} documents; wrote {written}", err=True)
    return 2 if any(problem.startswith("error") for problem in seen.problems) else 0
