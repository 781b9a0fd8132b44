"""The round loop the in-process engine benchmarks share (core_speed_lines.py,
core_speed_split.py): each slice of distinct documents is cleaned by a fresh pipeline
under each engine, the order alternating slice by slice, caches forgotten before each
timing; prints each round and the median compiled / reference ratio per selection."""

from __future__ import annotations

import statistics
import time
from typing import Callable

from textfix import Pipeline, engine, glue_model

# resources load before timing: the core takes over split-words' model at once, not after
# glue_model.COMPILED_AFTER runs (what a short job gets)
glue_model.COMPILED_AFTER = 0


def alternate(slices: list[list[str]], selections: list[str], pipeline: Callable[[str], Pipeline], forget: Callable[[], None]) -> dict[str, list[float]]:
    ratios: dict[str, list[float]] = {s: [] for s in selections}
    for number, chunk in enumerate(slices):
        size = sum(len(d.encode()) for d in chunk) / 1e6
        for selection in selections:
            speed = {}
            order = ("python", "compiled") if number % 2 == 0 else ("compiled", "python")
            for name in order:
                forget()
                with engine.use(name):
                    step = pipeline(selection)
                    start = time.perf_counter()
                    for doc in chunk:
                        step.clean(doc)
                    speed[name] = size / (time.perf_counter() - start)
            ratios[selection].append(speed["compiled"] / speed["python"])
            print(f"round {number} {selection:16} {size:.2f} MB: reference {speed['python']:6.2f} MB/s, compiled {speed['compiled']:6.2f} MB/s, ratio {ratios[selection][-1]:.2f}")
    for selection, values in ratios.items():
        print(f"{selection}: compiled / reference, median of {len(values)} rounds: {statistics.median(values):.2f}x (min {min(values):.2f}, max {max(values):.2f})")
    return ratios
