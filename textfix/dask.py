"""Dask helpers: clean a bag of texts, a DataFrame column, or a corpus on a cluster.

Needs the optional extra: ``pip install 'textfix[dask]'``. Tasks carry only the
configuration; each worker process builds its pipeline once and keeps it (with its
dictionaries and caches) for every later task.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, Sequence

from .batch import process_file
from .config import Config
from .formats import FileTask, Outcome, format_of
from .learn import LineCounter, source_of
from .pipeline import Pipeline


@lru_cache(maxsize=8)
def worker_pipeline(config: Config) -> Pipeline:
    """The pipeline for ``config`` in this process, built on first use."""
    return Pipeline(config)


def _clean_texts(texts: Sequence[Any], config: Config) -> list[Any]:
    pipeline = worker_pipeline(config)
    return [pipeline.clean(text) if isinstance(text, str) else text for text in texts]


def clean_bag(bag: Any, config: Config | None = None) -> Any:
    """A dask.bag of texts, cleaned (items that are not strings pass through)."""
    return bag.map_partitions(_clean_texts, config or Config())


def _clean_partition(frame: Any, column: str, config: Config) -> Any:
    frame = frame.copy()
    frame[column] = _clean_texts(frame[column].tolist(), config)
    return frame


def clean_column(frame: Any, column: str = "text", config: Config | None = None) -> Any:
    """A Dask DataFrame with one text column cleaned; other columns and the index unchanged."""
    return frame.map_partitions(_clean_partition, column, config or Config(), meta=frame._meta)


def connect(address: str, workers: int) -> Any:
    """A distributed Client: ``local`` starts a LocalCluster of worker processes."""
    from distributed import Client, LocalCluster

    if address == "local":
        cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True, dashboard_address=None)
        return Client(cluster)
    return Client(address)


def _process(task: FileTask, config: Config) -> Outcome:
    return process_file(worker_pipeline(config), task)


def process_on_cluster(client: Any, config: Config, tasks: list[FileTask]) -> Iterator[Outcome]:
    """Process files on the cluster's workers (the files must be reachable there, as on a
    shared file system); outcomes come back in input order."""
    futures = client.map(_process, tasks, config=config, pure=False)
    for future in futures:
        yield future.result()


def _count(files: list[tuple[str, str]], encoding: str, max_entries: int, text_key: str = "text") -> LineCounter:
    from .errors import InputError

    counter = LineCounter(max_entries=max_entries)
    for path, root in files:
        try:
            for document in format_of(Path(path)).documents(Path(path), encoding, text_key):
                counter.add(source_of(Path(path), Path(root)), document.where(path), document.text)
        except InputError as error:
            counter.problems.append(str(error))
    return counter


def learn_on_cluster(client: Any, files: list[tuple[Path, Path]], encoding: str, max_entries: int, chunk: int = 200, text_key: str = "text") -> LineCounter:
    """Count lines across the cluster (map: a counter per chunk of files; reduce: merge)."""
    pairs = [(str(path), str(root)) for path, root in files]
    chunks = [pairs[i : i + chunk] for i in range(0, len(pairs), chunk)]
    futures = client.map(_count, chunks, encoding=encoding, max_entries=max_entries, text_key=text_key, pure=False)
    total = LineCounter(max_entries=max_entries)
    for future in futures:
        total.merge(future.result())
    return total
