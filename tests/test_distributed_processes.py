"""``--executor`` on a cluster started as users start one: a ``dask scheduler`` process and two
``dask worker`` processes on loopback, building a generated archive of 2,000 articles, byte for byte as a
local build.

(``test_distributed.py`` covers the messages with an in-process LocalCluster; a tiny site there once hid
that the render context of a real archive was too deep for pickle's default recursion limit.)
"""

from __future__ import annotations

import datetime
import filecmp
import os
import random
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import run_cli

ARTICLES = 2000
DASK = shutil.which("dask") or str(Path(sys.executable).with_name("dask"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(log: Path, words: str, process: subprocess.Popen, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if words in log.read_text(errors="replace"):
            return
        if process.poll() is not None:
            pytest.fail(f"{process.args[:2]} ended: {log.read_text(errors='replace')[-2000:]}")
        time.sleep(0.3)
    pytest.fail(f"no {words!r} after {seconds} s: {log.read_text(errors='replace')[-2000:]}")


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory):
    if not Path(DASK).exists():
        pytest.skip("the `dask` command is not installed (it comes with dask[distributed])")
    logs = tmp_path_factory.mktemp("dask")
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    processes = []
    env = {**os.environ, "DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "0"}
    try:
        log = logs / "scheduler.log"
        processes.append(subprocess.Popen(
            [DASK, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
            stdout=subprocess.DEVNULL, stderr=log.open("w"), env=env))
        _wait_for(log, "Scheduler at", processes[0], 60)
        for n in range(2):
            log = logs / f"worker-{n}.log"
            processes.append(subprocess.Popen(
                [DASK, "worker", address, "--nthreads", "1", "--no-dashboard", "--name", f"w{n}"],
                stdout=subprocess.DEVNULL, stderr=log.open("w"), env=env))
            _wait_for(log, "Registered to", processes[-1], 60)
        yield f"dask://127.0.0.1:{port}"
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in reversed(processes):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def _same_trees(a: Path, b: Path) -> list[str]:
    """The files that differ, are missing or extra between two output folders."""
    out = []
    compared = filecmp.dircmp(a, b)
    out += [f"only in one: {name}" for name in compared.left_only + compared.right_only]
    out += [f"differs: {name}" for name in compared.diff_files]
    _, mismatch, errors = filecmp.cmpfiles(a, b, compared.common_files, shallow=False)
    out += [f"differs: {name}" for name in mismatch + errors]
    for name in compared.common_dirs:
        out += [f"{name}/{line}" for line in _same_trees(a / name, b / name)]
    return sorted(set(out))


WORDS = {language: text.split() for language, text in {  # a line of words a language
    "en": "harbour council storm ferry budget court strike market river bridge school hospital election",
    "fr": "port conseil tempête ferry budget tribunal grève marché rivière pont école hôpital élection",
    "ar": "ميناء مجلس عاصفة عبارة ميزانية محكمة إضراب سوق نهر جسر مدرسة مستشفى انتخابات",
    "es": "puerto consejo tormenta ferry presupuesto tribunal huelga mercado río puente escuela hospital",
}.items()}


def _archive(root: Path, count: int) -> Path:
    """An archive as wire desks keep one: 50 outlets, 200 topic tags shared across them, four languages
    and scripts, bylines with roles, five years of days (every article is linked to its outlet's, its
    tags' and its day's other articles: the graph a render context carries)."""
    rng = random.Random(7)
    for n in range(count):
        language = ("en", "fr", "ar", "es")[n % 4]
        words = WORDS[language]
        day = datetime.date(2015, 1, 1) + datetime.timedelta(days=rng.randrange(5 * 365))
        title = " ".join(rng.choice(words) for _ in range(6)).capitalize()
        tags = ", ".join(f"topic-{rng.randrange(200):03d}" for _ in range(rng.randint(1, 3)))
        body = "\n".join(" ".join(rng.choice(words) for _ in range(40)) + "." for _ in range(4))
        path = root / "content" / f"{day:%Y/%m}" / f"article-{n:05d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f'---\ntitle: "{title} {n}"\ndate: {day.isoformat()}T{n % 24:02d}:15:00+01:00\n'
                        f'source: "Outlet {n % 50:02d}"\nlanguage: {language}\ntags: [{tags}]\n'
                        f'author: "Reporter {n % 90}, staff writer"\nslug: article-{n:05d}\n---\n{body}\n',
                        encoding="utf-8")
    return root


def test_a_generated_archive_builds_on_real_dask_processes_byte_for_byte(scheduler, tmp_path: Path):
    site = _archive(tmp_path / "corpus", ARTICLES)
    env = {"SOURCE_DATE_EPOCH": "1800000000"}  # 2027: every generated article is published
    local = run_cli("build", str(site), "-o", str(tmp_path / "local"), "--no-search", cwd=tmp_path, env=env)
    assert local.returncode == 0, local.stderr
    remote = run_cli("build", str(site), "-o", str(tmp_path / "cluster"), "--no-search", "--clean",
                     "--executor", scheduler, cwd=tmp_path, env=env)
    assert remote.returncode == 0, remote.stderr
    assert "Internal error" not in remote.stderr and "RecursionError" not in remote.stderr
    assert f"Built {ARTICLES} articles into cluster" in remote.stdout
    assert _same_trees(tmp_path / "local", tmp_path / "cluster") == []
