"""parallel.run: every chunk is done once, by the build's own process and its forked workers (jobs - 1 of
them), and a worker's error reaches the build."""

from __future__ import annotations

import os

import pytest

from newsarchive import parallel


def _square(context, chunk):
    return os.getpid(), [context * x * x for x in chunk]


def _fail(context, chunk):
    if 7 in chunk:
        raise ValueError("chunk with 7")
    return chunk


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_every_chunk_is_done_once_by_at_most_jobs_processes(jobs):
    work = parallel.chunks(list(range(200)), 3)
    results = list(parallel.run(_square, work, jobs, context=2))
    assert sorted(v for _pid, values in results for v in values) == sorted(2 * x * x for x in range(200))
    pids = {pid for pid, _values in results}
    assert len(pids) <= jobs
    if jobs == 1:
        assert pids == {os.getpid()}  # no process forked


def test_the_builds_process_takes_chunks_too():
    work = parallel.chunks(list(range(400)), 1)
    pids = [pid for pid, _values in parallel.run(_square, work, 2, context=1)]
    assert os.getpid() in pids  # one worker forked; this process did not only wait


@pytest.mark.parametrize("work", [[[7], [1], [2], [3], [4]],  # the first chunks go to the worker
                                  [[1], [2], [7], [3], [4]]])  # the third to this process
def test_an_error_in_any_process_reaches_the_caller(work):
    with pytest.raises(ValueError, match="chunk with 7"):
        list(parallel.run(_fail, work, 2))
