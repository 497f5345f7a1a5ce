"""Progress on long builds: a bar (click's) when the output is a terminal, one plain line per phase
otherwise."""

from __future__ import annotations

import sys
from contextlib import contextmanager

import click

LONG = 2000  # items below which a phase is too short to report


class Progress:
    def __init__(self, enabled: bool):
        self.enabled = enabled
        self._terminal = enabled and sys.stderr.isatty()

    @contextmanager
    def task(self, description: str, total: int):
        if not self.enabled or total < LONG:
            yield lambda n: None
            return
        if not self._terminal:
            print(f"{description}: {total}...", file=sys.stderr, flush=True)
            yield lambda n: None
            return
        with click.progressbar(length=total, label=description, file=sys.stderr, show_pos=True,
                               show_eta=False, width=30) as bar:
            yield bar.update
