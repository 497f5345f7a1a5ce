"""Run work across processes (``--jobs``), in chunks, with the data shared by forking.

The orchestrator puts what the workers need in ``shared`` before starting them; forked workers see it
without any copying or pickling. Where fork is unavailable, or with one job, work runs in this process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any

shared: dict[str, Any] = {}


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def chunks(items: Sequence, size: int) -> list[Sequence]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def run(function: Callable[[Any], Any], work: list, jobs: int) -> Iterator[Any]:
    """``function(chunk)`` for every chunk of ``work``, results in any order. ``function`` must be a
    module-level function; it reads the rest from ``shared``."""
    if jobs <= 1 or len(work) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for item in work:
            yield function(item)
        return
    gc.collect()
    gc.freeze()  # keep the shared objects' pages untouched by the workers' garbage collector
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(min(jobs, len(work)), initializer=_worker_started) as pool:
            yield from pool.imap_unordered(function, work)
            # the workers leave on their own (leaving the block would end them with SIGTERM): what runs
            # at a process's end runs (coverage saves its measure of them)
            pool.close()
            pool.join()
    finally:
        gc.unfreeze()


def _worker_started() -> None:
    """Workers allocate many short-lived objects and few cycles: collect garbage less often."""
    gc.set_threshold(50_000, 50, 100)
