"""Edit records: every change textfix makes, with the pass, rule, place and reason."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Iterable, Sequence


@dataclass(frozen=True, slots=True)
class Edit:
    """One change made by one pass.

    ``start`` and ``end`` are offsets in the text the pass received; the edit replaced
    ``text[start:end]`` (which was ``original``) with ``replacement``.
    """

    pass_id: str
    rule: str
    start: int
    end: int
    original: str
    replacement: str
    reason: str

    @property
    def rule_id(self) -> str:
        """The full rule id, ``pass/rule``, as used by --select, --ignore and reports."""
        return f"{self.pass_id}/{self.rule}"


@dataclass(frozen=True, slots=True)
class Fixed:
    """The result of a pass or a pipeline: the new text and the edits that made it."""

    text: str
    edits: tuple[Edit, ...] = ()
    #: Why a pass left something alone that it would otherwise change (e.g. a safety cap).
    notes: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.edits)


class OverlappingEdits(RuntimeError):
    """A pass made edits that overlap, are out of order or lie outside its text: a bug in
    that pass. Applying them would duplicate or lose content, so nothing is applied."""


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """Apply the sorted, non-overlapping edits of one pass to the text that pass received.

    Every pass builds its output here, so this is where overlaps are caught: an edit that
    starts before the previous one ends (two insertions at one offset are fine), or that
    lies outside the text, raises :class:`OverlappingEdits` naming both rules."""
    parts: list[str] = []
    pos = 0
    previous: Edit | None = None
    for edit in edits:
        if edit.start < pos or edit.end < edit.start or edit.end > len(text):
            where = f"after {previous.rule_id} at [{previous.start}, {previous.end})" if previous else f"in a text of {len(text)} characters"
            raise OverlappingEdits(f"{edit.rule_id} at [{edit.start}, {edit.end}) overlaps or lies outside its text ({where})")
        previous = edit
        parts.append(text[pos : edit.start])
        parts.append(edit.replacement)
        pos = edit.end
    parts.append(text[pos:])
    return "".join(parts)


def compose(text: str, first: Sequence[Edit], second: Sequence[Edit]) -> list[Edit]:
    """One pass's edits on ``text`` that do what ``first`` (on ``text``) and then ``second``
    (on its result) do: for a pass that runs itself again on its own output, so that its
    edits still refer to the text it received. Edits of the two rounds that overlap or
    touch become one edit (with the rule of its first part; the reasons joined)."""
    middle = apply_edits(text, first)
    final = apply_edits(middle, second)
    # Both rounds' edits as spans of the middle text, tagged with their round.
    spans: list[tuple[int, int, Edit]] = []
    first_starts: list[int] = []
    first_shifts = [0]  # first_shifts[i]: the length change of first[:i]
    for edit in first:
        start = edit.start + first_shifts[-1]
        first_starts.append(start)
        spans.append((start, start + len(edit.replacement), edit))
        first_shifts.append(first_shifts[-1] + len(edit.replacement) - (edit.end - edit.start))
    second_starts = [edit.start for edit in second]
    second_shifts = [0]
    for edit in second:
        spans.append((edit.start, edit.end, edit))
        second_shifts.append(second_shifts[-1] + len(edit.replacement) - (edit.end - edit.start))
    spans.sort(key=lambda span: (span[0], span[1]))
    merged: list[tuple[int, int, list[Edit]]] = []
    for start, end, edit in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end), merged[-1][2] + [edit])
        else:
            merged.append((start, end, [edit]))
    # A merged span's ends lie outside every edit it does not hold, so the length changes
    # of the edits before it map them back to ``text`` and ahead to the final text.
    out: list[Edit] = []
    for start, end, parts in merged:
        lo = start - first_shifts[bisect.bisect_left(first_starts, start)]
        hi = end - first_shifts[bisect.bisect_right(first_starts, end)]
        new_lo = start + second_shifts[bisect.bisect_left(second_starts, start)]
        new_hi = end + second_shifts[bisect.bisect_right(second_starts, end)]
        reason = "; ".join(dict.fromkeys(part.reason for part in parts))
        out.append(Edit(parts[0].pass_id, parts[0].rule, lo, hi, text[lo:hi], final[new_lo:new_hi], reason))
    return out


def group_by_pass(edits: Iterable[Edit]) -> list[list[Edit]]:
    """Split a pipeline's edit list into the consecutive runs that each pass made."""
    groups: list[list[Edit]] = []
    for edit in edits:
        if groups and groups[-1][0].pass_id == edit.pass_id:
            groups[-1].append(edit)
        else:
            groups.append([edit])
    return groups


def replay(text: str, edits: Iterable[Edit]) -> str:
    """Replay a pipeline's edits on its input; gives the pipeline's output."""
    for group in group_by_pass(edits):
        text = apply_edits(text, group)
    return text


def source_offsets(edits: Sequence[Edit]) -> list[int]:
    """For each edit, its start offset mapped back into the pipeline's original input.

    Each pass's offsets refer to the text that pass received; to report a line and column
    a user can find in their file, map every start back through the earlier passes.
    """
    groups = group_by_pass(edits)
    # For every pass: the output-side starts of its edits and the cumulative shift there.
    maps: list[tuple[list[int], list[int], list[Edit]]] = []
    for group in groups:
        out_starts: list[int] = []
        shifts: list[int] = []
        shift = 0
        for edit in group:
            out_starts.append(edit.start + shift)
            shift += len(edit.replacement) - (edit.end - edit.start)
            shifts.append(shift)
        maps.append((out_starts, shifts, group))

    result: list[int] = []
    for index, group in enumerate(groups):
        for edit in group:
            pos = edit.start
            for out_starts, shifts, earlier in reversed(maps[:index]):
                i = bisect.bisect_right(out_starts, pos) - 1
                if i < 0:
                    continue
                prior = earlier[i]
                out_end = out_starts[i] + len(prior.replacement)
                if pos < out_end:  # inside text that pass wrote: point at what it replaced
                    pos = prior.start
                else:
                    pos -= shifts[i]
            result.append(pos)
    return result


class LineIndex:
    """Line and column (both 1-based) of offsets in one text."""

    def __init__(self, text: str) -> None:
        starts = [0]
        find = text.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        self._starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1
