"""Write a site atomically: into a staging folder beside the output, then swap it in.

- A file whose bytes did not change is hard-linked from the previous output instead of written, so it
  keeps its inode and modification time: rsync-style deploys upload nothing.
- Nothing is written outside the staging folder (every path is checked).
- The swap is one atomic ``renameat2(RENAME_EXCHANGE)`` on Linux; elsewhere two renames, and a build
  interrupted between them is repaired by the next one. A build that fails or is interrupted before the
  swap leaves the previous output exactly as it was, and its staging folder is removed then or by the
  next build.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
from pathlib import Path, PurePosixPath

from newsarchive.errors import UsageError

MARKER = ".newsarchive"
MARKER_TEXT = b"This folder is written by newsarchive build; it replaces the whole folder at each build.\n"


def _safe_parts(rel: str) -> tuple[str, ...]:
    path = PurePosixPath(rel)
    if (not rel or "\x00" in rel or "\\" in rel or path.is_absolute()
            or any(part in ("..", ".", "") for part in rel.split("/"))):
        raise ValueError(f"refusing to write outside the output folder: {rel!r}")
    return path.parts


class Writer:
    def __init__(self, output: Path):
        self.output = output.absolute()
        self.staging = self.output.parent / f".{self.output.name}.staging"
        self.old = self.output.parent / f".{self.output.name}.old"
        self.written = 0
        self.unchanged = 0
        self._dirs: set[Path] = set()
        self._files: set[str] = set()

    # ---- before ----
    def prepare(self) -> None:
        """Repair what an interrupted build left, check the output is ours to replace, start staging."""
        if not self.output.exists() and self.old.is_dir():
            os.rename(self.old, self.output)  # interrupted between the two renames of a fallback swap
        for leftover in (self.staging, self.old):
            if leftover.exists():
                shutil.rmtree(leftover)
        if self.output.exists():
            if not self.output.is_dir():
                raise UsageError(f"the output {self.output} is a file, not a folder")
            if any(self.output.iterdir()) and not (self.output / MARKER).is_file():
                raise UsageError(
                    f"the output folder {self.output} is not empty and was not made by newsarchive; "
                    "it would be replaced whole, so choose another folder with -o, or empty it"
                )
        self.output.parent.mkdir(parents=True, exist_ok=True)
        self.staging.mkdir()
        self._dirs = {self.staging}

    # ---- during ----
    def write(self, rel: str, data: bytes) -> None:
        target = self._target(rel)
        previous = self.output / rel
        try:
            same = previous.stat().st_size == len(data) and previous.read_bytes() == data
            if same and self._link(previous, target):
                return
        except OSError:
            pass
        target.write_bytes(data)
        self.written += 1

    def copy(self, rel: str, source: Path) -> None:
        target = self._target(rel)
        previous = self.output / rel
        try:
            old, new = previous.stat(), source.stat()
            same = old.st_size == new.st_size and previous.read_bytes() == source.read_bytes()
            if same and self._link(previous, target):
                return
        except OSError:
            pass
        shutil.copyfile(source, target)
        self.written += 1

    def has(self, rel: str) -> bool:
        return rel in self._files

    def _target(self, rel: str) -> Path:
        parts = _safe_parts(rel)
        if rel in self._files:
            raise ValueError(f"two outputs for the same file: {rel}")
        self._files.add(rel)
        target = self.staging.joinpath(*parts)
        folder = target.parent
        if folder not in self._dirs:
            folder.mkdir(parents=True, exist_ok=True)
            self._dirs.add(folder)
        return target

    def _link(self, previous: Path, target: Path) -> bool:
        try:
            os.link(previous, target)
        except OSError:
            return False
        self.unchanged += 1
        return True

    # ---- after ----
    def commit(self) -> None:
        """Swap the staging folder in. When nothing changed, the output is left untouched."""
        self.write(MARKER, MARKER_TEXT)
        if self.output.is_dir() and self.written == 0 and self._same_files():
            shutil.rmtree(self.staging)
            return
        if not self.output.exists():
            os.rename(self.staging, self.output)
            return
        if _exchange(self.staging, self.output):
            shutil.rmtree(self.staging)
            return
        os.rename(self.output, self.old)
        os.rename(self.staging, self.output)
        shutil.rmtree(self.old)

    def abort(self) -> None:
        """Drop the staging folder; the previous output stays as it was."""
        shutil.rmtree(self.staging, ignore_errors=True)

    def _same_files(self) -> bool:
        existing = set()
        for folder, _dirs, files in os.walk(self.output):
            rel_folder = Path(folder).relative_to(self.output).as_posix()
            for name in files:
                existing.add(name if rel_folder == "." else f"{rel_folder}/{name}")
        return existing == self._files


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two folders (Linux renameat2 with RENAME_EXCHANGE). False where unsupported."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0
