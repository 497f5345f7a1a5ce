"""Run work across processes (``--jobs``), in chunks, with an explicit context.

``run(function, work, jobs, context)`` calls ``function(context, chunk)`` for every chunk. The context is
set once per worker, in the pool's initializer: forked workers inherit it without copying or pickling.
This process is one of the ``jobs``: it forks ``jobs - 1`` workers and takes chunks itself between
handing them out, so that the archive it holds is not counted once more in a process that would only wait
(a forked worker's memory counts the pages it shares with this one). Where fork is unavailable, or with
one job, all the work runs in this process. With an ``executor`` (the address of a Dask scheduler), the
work runs on that cluster instead (``executors``).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import queue
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from typing import Any

_context: Any = None  # in a worker: the context its pool was started with
AHEAD = 2  # chunks handed to each worker ahead of what it has returned
WORKER_GC = (50_000, 50, 100)  # many short-lived objects and few cycles: collect garbage less often


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def chunks(items: Sequence, size: int) -> list[Sequence]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def release_memory() -> None:
    """Give the memory freed by Python and numpy back to the system (glibc's ``malloc_trim``), before
    forking: what a step freed (the stories' counts: about 5 KB an article) is otherwise kept by the
    allocator, counted in this process and in each worker forked from it. Nothing where glibc is not."""
    global _TRIM
    if _TRIM is None:
        try:
            import ctypes

            _TRIM = ctypes.CDLL("libc.so.6").malloc_trim
        except (OSError, AttributeError):
            _TRIM = False
    if _TRIM:
        _TRIM(0)


_TRIM = None  # glibc's malloc_trim, once looked up (False: there is none)


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
    release_memory()
    gc.freeze()  # keep the shared objects' pages untouched by the workers' garbage collector
    enabled, threshold = gc.isenabled(), gc.get_threshold()
    gc.set_threshold(*WORKER_GC)  # this process works like a worker meanwhile (the build pauses the
    gc.enable()  # collector: here it only looks at what was made since the freeze)
    try:
        yield from _shared(function, work, min(jobs, len(work)) - 1, context)
    finally:
        gc.set_threshold(*threshold)
        if not enabled:
            gc.disable()
        gc.unfreeze()


def _shared(function: Callable[[Any, Any], Any], work: list, workers: int, context: Any) -> Iterator[Any]:
    """The chunks in order, each to the first one free: ``workers`` forked processes, and this one."""
    done: queue.SimpleQueue = queue.SimpleQueue()  # (True, result) or (False, exception), from the pool
    processes = multiprocessing.get_context("fork")
    with processes.Pool(workers, initializer=_worker_started, initargs=(context,)) as pool:
        call = partial(_call, function)
        todo = iter(work)
        pending = 0

        def hand_out() -> None:
            nonlocal pending
            while pending < workers * AHEAD:
                item = next(todo, _END)
                if item is _END:
                    return
                pool.apply_async(call, (item,), callback=lambda r: done.put((True, r)),
                                 error_callback=lambda e: done.put((False, e)))
                pending += 1

        def collect(wait: bool) -> Iterator[Any]:
            nonlocal pending
            while pending:
                try:
                    ok, value = done.get(block=wait)
                except queue.Empty:
                    return
                pending -= 1
                if not ok:
                    raise value
                yield value
                wait = False

        hand_out()
        for item in todo:  # what the workers were not handed yet: this process takes one chunk at a time
            yield function(context, item)
            yield from collect(wait=False)
            hand_out()
        while pending:
            yield from collect(wait=True)
        # the workers leave on their own (leaving the block would end them with SIGTERM): what runs at a
        # process's end runs (coverage saves its measure of them)
        pool.close()
        pool.join()


_END = object()


def _worker_started(context: Any) -> None:
    """Keep the context for every chunk; workers allocate many short-lived objects and few cycles: collect
    garbage less often."""
    global _context
    _context = context
    gc.set_threshold(*WORKER_GC)


def _call(function: Callable[[Any, Any], Any], item: Any) -> Any:
    return function(_context, item)
