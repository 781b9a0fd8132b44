"""Run a pipeline over files: each file through its format (textfix.formats), in this
process or in worker processes that build the pipeline once."""

from __future__ import annotations

import multiprocessing
from typing import Any, Callable, Iterator

from .config import Config
from .formats import FileTask, Outcome, format_of
from .formats.base import Pool as PoolLike
from .pipeline import Pipeline


def process_file(pipeline: Pipeline, task: FileTask, pool: PoolLike | None = None) -> Outcome:
    """Clean one file with the format that takes it (see FileTask for the modes). Errors and
    warnings are returned in the Outcome, not raised. With a ``pool``, JSON Lines records
    and the pieces of a large text file go to the pool's workers."""
    return format_of(task.path).process(pipeline, task, pool)


def spreads(task: FileTask) -> bool:
    """Whether the parts of this one file can go to worker processes."""
    return format_of(task.path).spreads


# -- worker processes ------------------------------------------------------------------

_worker_pipeline: Pipeline | None = None


def _start_worker(config: Config) -> None:
    global _worker_pipeline
    _worker_pipeline = Pipeline(config)


def _work(task: FileTask) -> Outcome:
    assert _worker_pipeline is not None
    return process_file(_worker_pipeline, task)


def _in_worker(func: Callable[..., Any], item: tuple[Any, ...]) -> Any:
    assert _worker_pipeline is not None
    return func(_worker_pipeline, *item)


def _preload(config: Config) -> None:
    """Load the word counts in this process before forking: workers share them."""
    if "split-words" in config.enabled_rules() and multiprocessing.get_start_method() == "fork":
        from .passes.split_words import Model

        Model.get()


class Pool:
    """Worker processes for the parts of one large file: ``ordered`` runs
    ``func(pipeline, *item)`` in a worker for each item; work goes out as it is read, a few
    items ahead of the writer, and comes back in order (memory stays bounded)."""

    def __init__(self, config: Config, jobs: int) -> None:
        from concurrent.futures import ProcessPoolExecutor

        _preload(config)
        self.jobs = jobs
        self._executor = ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker, initargs=(config,))

    def ordered(self, func: Callable[..., Any], items: Iterator[tuple[Any, ...]]) -> Iterator[Any]:
        from collections import deque

        waiting: deque[Any] = deque()
        try:
            for item in items:
                waiting.append(self._executor.submit(_in_worker, func, item))
                if len(waiting) > 2 * self.jobs:
                    yield waiting.popleft().result()
            while waiting:
                yield waiting.popleft().result()
        finally:
            for future in waiting:
                future.cancel()

    def close(self) -> None:
        self._executor.shutdown(cancel_futures=True)

    def __enter__(self) -> "Pool":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def run_parallel(config: Config, tasks: list[FileTask], jobs: int) -> Iterator[Outcome]:
    """Process files in ``jobs`` worker processes, each building the pipeline once; files
    travel in chunks large enough to amortize the hand-over; outcomes come in input order."""
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(1, min(64, len(tasks) // (jobs * 4)))
    _preload(config)
    with ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker, initargs=(config,)) as pool:
        yield from pool.map(_work, tasks, chunksize=chunk)
