"""Content problems as data, and how they are shown to a user.

A problem in a user's file is never an exception that escapes the loader: it is a ``Problem``
(severity "error" or "warning") collected for every file and printed one per line as
``content/a/b.md:4: what is wrong; how to fix it``.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from newsarchive import characters

ERROR = "error"
WARNING = "warning"
INFO = "info"  # a fact worth telling (``check``: a guessed language), not a problem
SKIPPED = "skipped"  # an error --skip-invalid built past, leaving its file out: told after the warnings


@dataclass(frozen=True, slots=True)
class Problem:
    """Something to tell the user about a file: an error (it stops the build), a warning or a note
    (``severity``), in content, the config or a template, with where it is and how to fix it."""

    path: str  # the file, as the user knows it (relative to the site folder, e.g. content/2018/a.md)
    line: int | None  # 1-based line in the file, when known
    message: str  # what is wrong
    hint: str = ""  # how to fix it
    severity: str = ERROR

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def as_warning(self) -> Problem:
        return Problem(self.path, self.line, self.message, self.hint, WARNING)

    def as_skipped(self) -> Problem:
        """This error, built past with --skip-invalid: a warning, never buried among the others."""
        return Problem(self.path, self.line, self.message, self.hint, SKIPPED)

    def format(self, prefix: str = "") -> str:
        """``prefix`` is the site folder as the user typed it, so the path can be opened as shown."""
        where = f"{prefix}{self.path}:{self.line}" if self.line else f"{prefix}{self.path}"
        label = {WARNING: "warning: ", INFO: "info: ", SKIPPED: "warning: skipped: "}.get(self.severity, "")
        line = f"{where}: {label}{self.message}" + (f"; {self.hint}" if self.hint else "")
        return characters.for_terminal(line)

    def sort_key(self) -> tuple:
        return (self.path, self.line or 0, self.message)

    def to_record(self) -> tuple:
        return (self.path, self.line, self.message, self.hint, self.severity)


SAME_SHOWN = 3  # files shown of a warning many files share; the others are counted
# What differs between two instances of one warning: quoted values, numbers, and paths and addresses (any
# word with a slash: "articles share the URL /2024/08/18/.../ (content/a.md, content/b.md)").
_VARIABLE = re.compile(r"'[^']*'|\"[^\"]*\"|[^\s(),;]*/[^\s(),;]*|\d[\d,.:-]*")


def kind_text(problem: Problem) -> str:
    """What instances of one warning share: its message with the quoted values and numbers left out."""
    return _VARIABLE.sub("…", problem.message)


def _kind(problem: Problem) -> tuple[str, str]:
    return problem.severity, kind_text(problem)


class Problems(list):
    """A build's problems as they are shown: a list of ``Problem``, and ``more``, for each kind of warning
    of which only the first ``SAME_SHOWN`` were read (``catalog.problems.report``), how many others there
    are: ``len`` counts what is listed, ``counted`` what there is."""

    def __init__(self, problems=(), more: dict[tuple[str, str], int] | None = None):
        super().__init__(problems)
        self.more = more or {}

    def counted(self, severity: str) -> int:
        """How many problems of this severity there are, listed or not."""
        return sum(p.severity == severity for p in self) + sum(
            n for (kind_severity, _text), n in self.more.items() if kind_severity == severity)


def report_lines(problems: list[Problem], prefix: str = "", verbose: bool = False) -> list[str]:
    """How a command shows its problems: warnings and notes first, errors last (beside the line that
    counts them, never buried among warnings), the errors --skip-invalid built past just before them; a
    warning that more than SAME_SHOWN + 2 files share is shown for SAME_SHOWN of them, then one line counts
    the others (``verbose`` shows every one; ``Problems.more``: kinds already cut, with their count)."""
    more = getattr(problems, "more", {})
    quiet = [p for p in problems if not p.is_error and p.severity != SKIPPED]
    errors = [p for p in problems if p.is_error or p.severity == SKIPPED]  # (skipped ones before errors)
    errors.sort(key=lambda p: p.is_error)
    files: dict[tuple[str, str], set[str]] = {}
    for problem in quiet:
        files.setdefault(_kind(problem), set()).add(problem.path)
    cut = set() if verbose else {kind for kind, paths in files.items() if len(paths) > SAME_SHOWN + 2}
    cut |= more.keys()
    shown: Counter = Counter()
    lines = []
    for problem in quiet:
        kind = _kind(problem)
        if kind not in cut:
            lines.append(problem.format(prefix))
            continue
        shown[kind] += 1
        if shown[kind] <= SAME_SHOWN:
            lines.append(problem.format(prefix))
        if shown[kind] == SAME_SHOWN:
            others = more[kind] if kind in more else sum(1 for p in quiet if _kind(p) == kind) - SAME_SHOWN
            label = "info" if problem.severity == INFO else "warning"
            what = kind[1] if len(kind[1]) <= 70 else kind[1][:69] + "…"
            lines.append(characters.for_terminal(
                f"{label}: {others} more like these ({what}); run with --verbose to list them all"))
    return lines + [problem.format(prefix) for problem in errors]


class BuildFailed(Exception):
    """Raised by the orchestrator when content errors stop a build; carries every problem."""

    def __init__(self, problems: list[Problem]):
        super().__init__(problems)  # the args are the problems, so it survives pickling between processes
        self.problems = problems

    def __str__(self) -> str:
        return f"{sum(p.is_error for p in self.problems)} error(s)"


class UsageError(Exception):
    """A problem with how the command was called (missing folder, unsafe output path...)."""


def content_folder(site_dir: Path) -> Path:
    """``site_dir/content``, or the UsageError every command gives when it is not there."""
    folder = site_dir / "content"
    if not folder.is_dir():
        shown = Path(os.path.relpath(site_dir.absolute(), Path.cwd())).as_posix()  # as every command shows it
        where = "the current folder" if shown == "." else shown
        raise UsageError(f"no content/ folder in {where}: "
                         "an archive folder holds its articles in content/; "
                         f"'newsarchive init {shown}' starts one")
    return folder


def count(n: int, word: str) -> str:
    """``1 article``, ``2 articles``: how every message counts."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def kind_of(value: object) -> str:
    """What a wrong value is, in a user's words: "a list", "a mapping", "true/false", "nothing", "int"."""
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "nothing"
    return type(value).__name__


def shorten(value: object, limit: int = 60) -> str:
    """A value quoted in a message, cut short: an alias bomb or a whole article never fills a line."""
    if isinstance(value, BaseException):
        text = str(value)
    elif isinstance(value, (list, dict)):
        text = kind_of(value)
    else:
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def display_path(path: Path, site_dir: Path) -> str:
    """The path a user should see: relative to the site folder (``content/a.md``)."""
    try:
        return Path(os.path.relpath(path, site_dir)).as_posix()
    except ValueError:  # another drive on Windows
        return path.as_posix()
