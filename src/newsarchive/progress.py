"""Progress on long builds: a bar (rich) when the output is a terminal, a few plain lines otherwise."""

from __future__ import annotations

import sys
from contextlib import contextmanager

LONG = 2000  # items below which a phase is too short to report


class Progress:
    def __init__(self, enabled: bool):
        self.enabled = enabled
        self._bar = None
        if enabled and sys.stderr.isatty():
            try:
                from rich.progress import BarColumn, MofNCompleteColumn, TimeElapsedColumn
                from rich.progress import Progress as Bar
            except ImportError:  # pragma: no cover - rich is a dependency, but stay usable without it
                Bar = None
            if Bar is not None:
                self._bar = Bar("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                                TimeElapsedColumn(), transient=True)

    @contextmanager
    def task(self, description: str, total: int):
        if not self.enabled or total < LONG:
            yield lambda n: None
            return
        if self._bar is None:
            print(f"{description}: {total}...", file=sys.stderr, flush=True)
            yield lambda n: None
            return
        with self._bar:
            task = self._bar.add_task(description, total=total)
            yield lambda n: self._bar.advance(task, n)
