"""How the command line stops when a build cannot go on: interrupted (Ctrl-C), a full or read-only disk,
a bug (a short message and exit 3, the traceback only with --debug); and what a long build says while it
runs. Run in-process (click's runner) with the build made to fail so."""

from __future__ import annotations

import errno
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import article, write_site

import newsarchive.commands.build
import newsarchive.commands.check
from newsarchive import cli, progress


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_site(tmp_path / "site", {"2018/2018-03-26-a.md": article("A", date="2018-03-26")})


def _run(monkeypatch, site: Path, command: str, raised: BaseException, *args: str):
    def fail(*_args, **_kwargs):
        raise raised

    # each verb's work is in commands/: make it fail where the command line calls it
    target = {"build": (newsarchive.commands.build, "run"), "check": (newsarchive.commands.check, "check")}
    monkeypatch.setattr(*target[command], fail)
    return CliRunner().invoke(cli.main, [command, str(site), *args])


def test_an_interrupted_build_says_the_previous_output_is_unchanged(monkeypatch, site):
    result = _run(monkeypatch, site, "build", KeyboardInterrupt())
    assert result.exit_code == 130
    assert result.stderr == "Interrupted; the previous output is unchanged.\n"


@pytest.mark.parametrize("number,fix", [
    (errno.ENOSPC, "free some space on that disk, or build elsewhere with -o"),
    (errno.EROFS, "that disk is mounted read-only; build elsewhere with -o"),
    (errno.EACCES, "you may not write there; check its permissions, or build elsewhere with -o"),
])
def test_a_disk_that_refuses_the_output_is_said_plainly(monkeypatch, site, number, fix):
    where = site / ".build.staging" / "2018" / "index.html"  # the page, not its staged copy, is named
    result = _run(monkeypatch, site, "build", OSError(number, "Disk says no", str(where)))
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: cannot write "), result.stderr
    assert "build/2018/index.html: disk says no; " + fix in result.stderr
    assert ".build.staging" not in result.stderr
    assert result.stderr.endswith("(nothing was changed in the previous output)\n")


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_bug_is_a_short_message_and_exit_3(monkeypatch, site, command):
    result = _run(monkeypatch, site, command, RuntimeError("the unexpected"))
    assert result.exit_code == 3
    assert result.stderr == ("Internal error: RuntimeError('the unexpected'). Run again with --debug for the "
                             "traceback, and report it.\n")


def test_with_debug_a_bug_shows_its_traceback(monkeypatch, site):
    result = _run(monkeypatch, site, "build", RuntimeError("the unexpected"), "--debug")
    assert isinstance(result.exception, RuntimeError)
    assert "Internal error" not in result.stderr


def test_a_long_phase_says_its_size_on_a_plain_output(capsys):
    steps = progress.Progress(True)
    with steps.task("Reading articles", progress.LONG) as advance:
        advance(progress.LONG)
    with steps.task("Short", progress.LONG - 1) as advance:
        advance(1)
    with progress.Progress(False).task("Off", progress.LONG) as advance:
        advance(1)
    assert capsys.readouterr().err == f"Reading articles: {progress.LONG}...\n"


def test_a_long_phase_shows_a_bar_on_a_terminal(monkeypatch, capsys):
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    steps = progress.Progress(True)
    with steps.task("Rendering pages", progress.LONG) as advance:
        advance(progress.LONG // 2)
        advance(progress.LONG - progress.LONG // 2)
    shown = capsys.readouterr().err
    assert "Rendering pages" in shown and f"{progress.LONG}/{progress.LONG}" in shown  # click's bar, full
    assert "#" in shown  # the bar itself
