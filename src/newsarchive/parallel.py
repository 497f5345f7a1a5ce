"""Run work across processes (``--jobs``), in chunks, with an explicit context.

``run(function, work, jobs, context)`` calls ``function(context, chunk)`` for every chunk. The context is
set once per worker, in the pool's initializer: forked workers inherit it without copying or pickling.
Where fork is unavailable, or with one job, work runs in this process. With an ``executor`` (the address
of a Dask scheduler), the work runs on that cluster instead (``executors``).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from typing import Any

_context: Any = None  # in a worker: the context its pool was started with


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def chunks(items: Sequence, size: int) -> list[Sequence]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def run(function: Callable[[Any, Any], Any], work: list, jobs: int, context: Any = None,
        executor: str | None = None) -> Iterator[Any]:
    """``function(context, chunk)`` for every chunk of ``work``, results in any order. ``function`` must be
    a module-level function."""
    if executor and work:
        from newsarchive import executors

        yield from executors.run(executor, function, work, context)
        return
    if jobs <= 1 or len(work) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for item in work:
            yield function(context, item)
        return
    gc.collect()
    gc.freeze()  # keep the shared objects' pages untouched by the workers' garbage collector
    try:
        processes = multiprocessing.get_context("fork")
        with processes.Pool(min(jobs, len(work)), initializer=_worker_started, initargs=(context,)) as pool:
            yield from pool.imap_unordered(partial(_call, function), work)
            # the workers leave on their own (leaving the block would end them with SIGTERM): what runs
            # at a process's end runs (coverage saves its measure of them)
            pool.close()
            pool.join()
    finally:
        gc.unfreeze()


def _worker_started(context: Any) -> None:
    """Keep the context for every chunk; workers allocate many short-lived objects and few cycles: collect
    garbage less often."""
    global _context
    _context = context
    gc.set_threshold(50_000, 50, 100)


def _call(function: Callable[[Any, Any], Any], item: Any) -> Any:
    return function(_context, item)
