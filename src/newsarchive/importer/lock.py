"""One import at a time per archive: two imports of the same file at once would both find a record new
and write it twice (or one would stop on the other's file). The lock is the operating system's
(``flock``) on the content folder itself, so it leaves no file behind and is released when the import
ends, however it ends (killed too)."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from newsarchive.errors import UsageError

BUSY = ("another import is running in this archive ({folder}); wait for it to finish, then import again "
        "(what it imported is skipped, the rest comes in)")


@contextmanager
def one_import(content_dir: Path, shown: str = "content/") -> Iterator[None]:
    """Hold the archive's import lock; raises UsageError at once when another import holds it."""
    handle = os.open(content_dir, os.O_RDONLY)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UsageError(BUSY.format(folder=shown)) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        os.close(handle)
