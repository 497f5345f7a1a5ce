"""Writing a file in content/ so that it is either whole or absent, never half-written.

A process killed while it writes (Ctrl-C, the out-of-memory killer, a power cut) must not leave a 0-byte or
truncated article: every build would fail on it, and importing again would keep the truncated text as an
earlier version. So the bytes go into a temporary file in the same folder (hidden: ``.NAME.<8 hex
digits>.part``, which no scan reads as an article), are flushed to the disk (``fsync``), and only then take
the file's name, in one step: a hard link for a new file (which fails, like ``open(path, "x")``, when the
name is taken), a rename for a file replaced. The folder itself is not flushed at each file (that would
double the time an import of thousands of records spends waiting for the disk): after a power cut a file may
be missing, never partial, and importing again brings it in.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from pathlib import Path

# A filesystem without hard links (some network or FAT-formatted disks) answers link() with one of these.
_NO_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS}


def write_new(path: Path, data: bytes) -> None:
    """Create ``path`` (and its folders) holding ``data``; FileExistsError if it exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = _written(path, data)
    try:
        try:
            os.link(temporary, path)
        except OSError as exc:
            if exc.errno not in _NO_LINKS:
                raise
            if os.path.lexists(path):
                raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path)) from None
            os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def write_over(path: Path, data: bytes) -> None:
    """Replace ``path``'s content with ``data`` (or create it): readers see the old bytes or the new."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = _written(path, data)
    try:
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def _written(path: Path, data: bytes) -> Path:
    """A hidden temporary file beside ``path`` holding ``data``, on the disk; removed if writing fails."""
    temporary = path.with_name(f".{path.name[:200]}.{secrets.token_hex(4)}.part")  # within NAME_MAX
    try:
        with open(temporary, "xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    return temporary

