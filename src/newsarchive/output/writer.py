"""Write a site safely: the previous output is never left half-written by a failed or interrupted build.

Two ways to commit, chosen by the build:

- **Swap** (a first build, ``--clean``, or when many pages changed): every file goes into a staging folder
  beside the output (``.build.staging``); a file whose bytes did not change is hard-linked from the
  previous output instead of written, so it keeps its modification time (rsync-style deploys upload
  nothing). A file is carried forward only when its bytes were compared, or when it is still what the
  last build wrote (``drift``): one changed, deleted or added since is ``untrusted``, and made again.
  Then one atomic ``renameat2(RENAME_EXCHANGE)`` swaps the folders (elsewhere: two renames; a build
  interrupted between them is repaired by the next one).
- **Journal** (a rebuild that changes a few pages): only the changed files are staged (in the cache
  folder, on the same disk), a journal listing the replacements and deletions is written, then each file is
  moved into place with an atomic rename. A build interrupted during those renames is completed by the
  next run before anything else (every step can be repeated), so the output only ever moves forward from
  the old site to the new one.

A build that fails before committing leaves the previous output exactly as it was, and its staging folder
is removed then or by the next build. Every path is checked: nothing is written outside the output folder.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import fcntl
import hashlib
import json
import os
import shutil
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from newsarchive.errors import UsageError

MARKER = ".newsarchive"
MARKER_TEXT = b"This folder is written by newsarchive build; it replaces the whole folder at each build.\n"
WRITTEN, UNCHANGED = "written", "unchanged"


def safe_parts(rel: str) -> tuple[str, ...]:
    path = PurePosixPath(rel)
    if (not rel or "\x00" in rel or "\\" in rel or path.is_absolute()
            or any(part in ("..", ".", "") for part in rel.split("/"))):
        raise ValueError(f"refusing to write outside the output folder: {rel!r}")
    return path.parts


class Output:
    """The output folder and the folders beside it that a build uses."""

    def __init__(self, output: Path):
        self.output = output.absolute()
        parent, name = self.output.parent, self.output.name
        self.staging = parent / f".{name}.staging"
        self.old = parent / f".{name}.old"
        self.cache_dir = parent / f".{name}.cache"
        self.journal = self.cache_dir / "journal.json"
        self.journal_stage = self.cache_dir / "stage"

    # ---- before ----
    @contextmanager
    def lock(self):
        """One build at a time writes an output: a second one stops with a clear message."""
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        with open(self.cache_dir / "lock", "w") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise UsageError(f"another newsarchive build is writing {self.output}; "
                                 "wait for it to finish, then build again") from None
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def recover(self) -> None:
        """Finish or undo what an interrupted build left, so that this build starts from a whole site."""
        if not self.output.exists() and self.old.is_dir():
            os.rename(self.old, self.output)  # interrupted between the two renames of a fallback swap
        if self.journal.is_file():
            self._replay_journal()
        for leftover in (self.staging, self.old, self.journal_stage):
            if leftover.exists():
                shutil.rmtree(leftover)

    def check_ours(self) -> None:
        if self.output.exists():
            if not self.output.is_dir():
                raise UsageError(f"the output {self.output} is a file, not a folder")
            if any(self.output.iterdir()) and not (self.output / MARKER).is_file():
                raise UsageError(
                    f"the output folder {self.output} is not empty and was not made by newsarchive; "
                    "it would be replaced whole, so choose another folder with -o, or empty it"
                )

    @property
    def is_built(self) -> bool:
        return (self.output / MARKER).is_file()

    # ---- swap ----
    def begin_swap(self) -> Path:
        self.output.parent.mkdir(parents=True, exist_ok=True)
        self.staging.mkdir()
        return self.staging

    def commit_swap(self, files: set[str], written: int) -> None:
        """``files`` are every file staged. When nothing changed, the output is left untouched."""
        if self.output.is_dir() and written == 0 and self._existing_files() == files:
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

    # ---- journal ----
    def begin_journal(self) -> Path:
        self.journal_stage.mkdir(parents=True)
        return self.journal_stage

    def commit_journal(self, replaced: list[str], deleted: list[str]) -> None:
        if not replaced and not deleted:
            shutil.rmtree(self.journal_stage, ignore_errors=True)
            return
        temporary = self.journal.with_suffix(".tmp")
        temporary.write_text(json.dumps({"replace": sorted(replaced), "delete": sorted(deleted)}))
        os.replace(temporary, self.journal)  # from here on, the change is decided
        self._replay_journal()

    def _replay_journal(self) -> None:
        plan = json.loads(self.journal.read_text())
        for rel in plan["replace"]:
            staged = self.journal_stage.joinpath(*safe_parts(rel))
            if staged.exists():
                target = self.output.joinpath(*safe_parts(rel))
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(staged, target)
        for rel in plan["delete"]:
            target = self.output.joinpath(*safe_parts(rel))
            try:
                target.unlink()
            except FileNotFoundError:
                pass
            _remove_empty_parents(target.parent, self.output)
        self.journal.unlink()
        shutil.rmtree(self.journal_stage, ignore_errors=True)

    # ---- after ----
    def abort(self) -> None:
        """Drop what was staged; the previous output stays as it was."""
        shutil.rmtree(self.staging, ignore_errors=True)
        shutil.rmtree(self.journal_stage, ignore_errors=True)

    def _existing_files(self) -> set[str]:
        existing = set()
        root = str(self.output)
        for folder, _dirs, names in os.walk(root):
            rel_folder = os.path.relpath(folder, root).replace(os.sep, "/")
            for name in names:
                existing.add(name if rel_folder == "." else f"{rel_folder}/{name}")
        return existing


class Stage:
    """Puts files into a staging folder, comparing with the previous output. Used in worker processes too:
    it holds only paths and counters (plain strings: this is the build's hottest loop)."""

    def __init__(self, root: Path, previous: Path, link_unchanged: bool,
                 untrusted: frozenset[str] = frozenset()):
        self.root = str(root)  # the staging folder
        self.previous = str(previous)  # the current output
        self.has_previous = os.path.isdir(self.previous)
        self.link_unchanged = link_unchanged  # swap: link unchanged files; journal: leave them out
        # the current output's files that differ from what the last build wrote (``drift``): never kept
        self.untrusted = untrusted
        self.written = 0
        self.unchanged = 0
        self.files: set[str] = set()  # every file staged or left in place, relative to the output
        self.changed: list[str] = []  # the files written (new bytes)
        self.hashes: dict[str, str] = {}  # the SHA-256 of the files put (new bytes): the fixity manifest's
        self._dirs: set[str] = {self.root}

    def put(self, rel: str, data: bytes) -> None:
        refuse_outside(rel)
        self._record(rel)
        if self.has_previous and rel not in self.untrusted:
            previous = f"{self.previous}/{rel}"
            try:
                with open(previous, "rb") as old:
                    same = os.fstat(old.fileno()).st_size == len(data) and old.read() == data
            except OSError:
                same = False
            if same and self._keep(previous, rel):
                return
        target = self._target(rel)
        try:
            _write(target, data)
        except OSError as exc:  # a full disk says so on write(), with no file name: give it one
            raise OSError(exc.errno, exc.strerror, exc.filename or target) from exc
        self.written += 1
        self.changed.append(rel)
        self.hashes[rel] = hashlib.sha256(data).hexdigest()  # while the bytes are here, in this worker

    def scratch(self, rel: str) -> str:
        """A new, empty place in the staging folder to make the file ``rel`` in (too large to hold in memory,
        or written by a library, such as SQLite), then given to ``put_file``. It is hidden (never an output
        file), and goes with the staging folder when the build fails."""
        refuse_outside(rel)
        path = f"{self.root}/.scratch-{rel.replace('/', '-')}"
        for leftover in (path, path + "-journal"):
            try:
                os.unlink(leftover)
            except FileNotFoundError:
                pass
        return path

    def put_file(self, rel: str, made: str) -> None:
        """``put`` for a file made in ``scratch``: moved into place, or dropped when the previous output
        holds the same bytes (compared, then hashed, by chunks: never the whole file in memory)."""
        refuse_outside(rel)
        self._record(rel)
        if self.has_previous and rel not in self.untrusted:
            previous = f"{self.previous}/{rel}"
            if _same_bytes(made, previous) and self._keep(previous, rel):
                os.unlink(made)
                return
        target = self._target(rel)
        digest = sha256_file(made)
        os.replace(made, target)
        self.written += 1
        self.changed.append(rel)
        self.hashes[rel] = digest

    def copy(self, rel: str, source: Path) -> None:
        refuse_outside(rel)
        self._record(rel)
        previous = f"{self.previous}/{rel}"
        try:
            same = rel not in self.untrusted and os.stat(previous).st_size == source.stat().st_size and \
                Path(previous).read_bytes() == source.read_bytes()
        except OSError:
            same = False
        if same and self._keep(previous, rel):
            return
        shutil.copyfile(source, self._target(rel))
        self.written += 1
        self.changed.append(rel)

    def keep(self, rel: str) -> bool:
        """A page known unchanged (same inputs as last build): link it into a swap, or leave it in place;
        False (make it again) when the file is not what the last build wrote."""
        refuse_outside(rel)
        previous = f"{self.previous}/{rel}"
        if rel in self.untrusted or not os.path.isfile(previous):
            return False
        self._record(rel)
        return self._keep(previous, rel)

    def has(self, rel: str) -> bool:
        return rel in self.files

    def trusts_folder(self, prefix: str) -> bool:
        """Whether no file under ``prefix`` (``pagefind/2018/``) differs from what the last build wrote."""
        return not any(rel.startswith(prefix) for rel in self.untrusted)

    def merge(self, files: set[str], changed: list[str], written: int, unchanged: int,
              hashes: dict[str, str] | None = None) -> None:
        """Add what a worker process staged."""
        overlap = self.files & files
        if overlap:
            raise ValueError(f"two outputs for the same file: {min(overlap)}")
        self.files |= files
        self.changed += changed
        self.written += written
        self.unchanged += unchanged
        if hashes:
            self.hashes.update(hashes)

    def _record(self, rel: str) -> None:
        if rel in self.files:
            raise ValueError(f"two outputs for the same file: {rel}")
        self.files.add(rel)

    def _keep(self, previous: str, rel: str) -> bool:
        if not self.link_unchanged:
            self.unchanged += 1
            return True
        try:
            os.link(previous, self._target(rel))
        except OSError:
            return False
        self.unchanged += 1
        return True

    def _target(self, rel: str) -> str:
        target = f"{self.root}/{rel}"
        folder = target.rpartition("/")[0]
        if folder not in self._dirs:
            self._make_dir(folder)
        return target

    def _make_dir(self, folder: str) -> None:
        """The folder, made from the leaf up: a page's folder is new and its parent usually exists (made
        by this process or another), so one ``mkdir`` is the usual cost, not one per ancestor per chunk."""
        try:
            os.mkdir(folder)
        except FileExistsError:  # another worker made it
            pass
        except FileNotFoundError:
            parent = folder.rpartition("/")[0]
            if not parent:  # the staging folder itself is gone
                raise
            self._make_dir(parent)
            try:
                os.mkdir(folder)
            except FileExistsError:
                pass
        self._dirs.add(folder)


_CREATE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def _write(path: str, data: bytes) -> None:
    """A new file holding ``data``: three system calls, where ``open()`` adds a buffer, a terminal check
    and a seek that a page written whole does not need (thousands of pages: a measurable share)."""
    handle = os.open(path, _CREATE, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view):]
    finally:
        os.close(handle)


def refuse_outside(rel: str) -> None:
    """Refuse any path that could leave the output folder."""
    if (not rel or rel in (".", "..") or rel[0] == "/" or rel[-1] == "/" or "\x00" in rel or "\\" in rel
            or "//" in rel or rel.startswith(("../", "./")) or rel.endswith(("/..", "/."))
            or "/../" in rel or "/./" in rel):
        raise ValueError(f"refusing to write outside the output folder: {rel!r}")


CHUNK = 1 << 20


def _same_bytes(a: str, b: str) -> bool:
    """Whether two files hold the same bytes (False when either cannot be read)."""
    try:
        with open(a, "rb") as first, open(b, "rb") as second:
            if os.fstat(first.fileno()).st_size != os.fstat(second.fileno()).st_size:
                return False
            while chunk := first.read(CHUNK):
                if chunk != second.read(CHUNK):
                    return False
            return True
    except OSError:
        return False


def sha256_file(path: str) -> str:
    """A file's SHA-256, read by chunks (the fixity manifests and ``verify`` use it too)."""
    h = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()


def _remove_empty_parents(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_relative_to(stop):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


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
