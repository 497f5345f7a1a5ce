"""Fixity: the SHA-256 of every file, so that a mirror can prove it holds the archive unaltered.

Two manifests, in BagIt's manifest format (RFC 8493: ``<hex>  <path>`` lines, UTF-8, LF, sorted by path, a
CR, LF or % in a path written %0D, %0A, %25), both at the output's root:

- ``manifest-sha256.txt``: every file of the output but itself (``content-sha256.txt`` included, so the
  content manifest is itself covered);
- ``content-sha256.txt``: every file of ``content/`` the build reads or publishes, and the saved originals
  of imported pages (``.originals/`` folders), its paths starting with ``content/``; not the files the build
  skips: hidden ones (``.git``, ``.DS_Store``), editor backups (``~``), Hugo ``_index`` files, links that
  lead outside content/ (checked in the archive's folder with ``sha256sum -c``).

A file name that is not UTF-8 (a byte such as ``\xff``, which no UTF-8 manifest can hold) has each such
byte written %XX (``%FF``), as BagIt writes the bytes it must escape; ``read_manifest`` reads it back.

No ``bagit.txt`` is written: a bag keeps its files under ``data/``, and the site must keep its addresses.
The format is BagIt's (and ``sha256sum -c``'s) so that tools read it, but the output is not a bag.

**A build hashes each file once, a rebuild only what changed.** The writer hashes the bytes it writes
(``Stage.hashes``, in the worker that rendered them); the files it copied or left to other writers (static
files, assets, the search index) are hashed here. The record (in the catalog, ``catalog``) keeps, for
every file of the output, the size, modification time and inode it had when the build committed it, and
its hash: the next build first compares the output with it (``drift``); a file that still matches keeps
its recorded hash, one that differs is made again (never carried forward), and without a record nothing
is carried forward. Content files are hashed again when their size or modification time changed.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
from pathlib import Path

from newsarchive import routes
from newsarchive.catalog.store import open_store, path_of
from newsarchive.output.writer import Stage, sha256_file

RECORD = "fixity"  # its row in the catalog's header table
FORMAT = 3  # 3: in the catalog; 2: the output's files with the manifest itself, checked before each build
_ESCAPED = re.compile("[%\n\r\udc80-\udcff]")  # \udc80-\udcff: a byte of a name that is not UTF-8
_ENCODED = re.compile("%(25|0[AaDd]|[89A-Fa-f][0-9A-Fa-f])")


def encode_path(rel: str) -> str:
    """A path as a manifest line writes it: BagIt's CR, LF and % percent-encoded, and each byte of a name
    that is not UTF-8 (which Python holds as a lone surrogate, U+DC80 to U+DCFF) as %80 to %FF."""
    if _ESCAPED.search(rel) is None:
        return rel
    return _ESCAPED.sub(lambda m: f"%{ord(m[0]) & 0xFF:02X}" if m[0] > "\x7f" else f"%{ord(m[0]):02X}", rel)


def decode_path(text: str) -> str:
    """The path a manifest line names (``encode_path`` undone; any other % is itself)."""
    if "%" not in text:
        return text
    raw = _ENCODED.sub(lambda m: chr(0xDC00 + int(m[1], 16)) if int(m[1], 16) > 0x7F else chr(int(m[1], 16)),
                       text)
    # the escaped bytes back into the name's bytes, then read as the file system reads names
    return raw.encode("utf-8", "surrogateescape").decode("utf-8", "surrogateescape")


def manifest_text(hashes: dict[str, str]) -> str:
    return "".join(f"{hashes[rel]}  {encode_path(rel)}\n" for rel in sorted(hashes))


def read_manifest(text: str) -> dict[str, str]:
    """``path -> hex`` of a manifest; raises ValueError naming the line of a malformed one (a path that
    would leave the folder, ``../x`` or ``/etc/x``, included: verifying never reads outside it). Read as
    ``sha256sum -c`` reads: a line may end with CR LF (a manifest copied through Windows; a CR in a path is
    always written %0D), the path may follow `` *`` (binary mode), and a line starting with ``\\`` has
    its path escaped as sha256sum escapes it (``\\\\``, ``\\n``, ``\\r``)."""
    out = {}
    for number, line in enumerate(text.split("\n"), 1):
        line = line.removesuffix("\r")
        if not line:
            continue
        escaped = line.startswith("\\")
        digest, sep, path = line[escaped:].partition(" ")
        if not sep or path[:1] not in (" ", "*") or len(path) < 2 or len(digest) != 64 \
                or digest.strip("0123456789abcdefABCDEF"):
            raise ValueError(number)
        path = _unescape(path[1:], number) if escaped else decode_path(path[1:])
        if path.startswith("/") or "\x00" in path or any(part in ("", ".", "..") for part in path.split("/")):
            raise ValueError(number)
        out[path] = digest.lower()
    return out


def _unescape(path: str, number: int) -> str:
    """A path as sha256sum escapes it (its line starts with a backslash)."""
    try:
        return re.sub(r"\\(.)", lambda m: {"\\": "\\", "n": "\n", "r": "\r"}[m[1]], path)
    except KeyError:
        raise ValueError(number) from None


class Record:
    """What the last build committed, as the catalog keeps it (its ``outputs`` and ``content_hashes``
    tables): output files as ``rel -> (size, mtime_ns, inode, hex)`` (the manifest included), content files
    as ``rel -> (size, mtime_ns, hex)``. ``known``: it was read (a missing, unreadable or older record
    trusts no file of the output)."""

    def __init__(self, cache_dir: Path):
        self.store = open_store(cache_dir)
        self.output: dict[str, tuple] = {}
        self.content: dict[str, tuple] = {}
        self.folders: dict[str, tuple[int, int]] = {}  # "2018/03/" -> (ctime_ns, inode); "" the output's
        self.known = False
        self.touched: set[str] | None = None  # the output's files a journaled build looked at (their rows)
        if self.store.meta(RECORD) == FORMAT:
            try:
                self.output = {path_of(rel): tuple(rest) for rel, *rest in self.store.rows(
                    "SELECT path, size, mtime_ns, inode, sha256 FROM outputs")}
                self.content = {path_of(rel): tuple(rest) for rel, *rest in self.store.rows(
                    "SELECT path, size, mtime_ns, sha256 FROM content_hashes")}
                self.folders = {path_of(rel): tuple(rest) for rel, *rest in self.store.rows(
                    "SELECT path, ctime_ns, inode FROM folders")}
                self.known = True
            except sqlite3.DatabaseError:
                self.output, self.content, self.folders = {}, {}, {}
        # what the tables hold (None: unknown): ``save`` writes only the rows that differ
        self._tables = (self.output, self.content, dict(self.folders)) if self.known else (None, None, None)

    def reopened(self, cache_dir: Path) -> Record:
        """This record, kept by a long-running process between its builds (``planning.Known``), on the
        catalog as a new build opens it."""
        self.store = open_store(cache_dir)
        return self

    def forget(self) -> None:
        """Called before the output changes: a build stopped before ``save`` leaves no record to trust."""
        self.store.forget(RECORD)

    def save(self, root: str, touched: set[str] | None) -> None:
        """Write the record, with the output's folders (``root``) as the commit left them: stat again those
        holding a file of ``touched`` (the files written and removed; None: every folder). A journaled
        build writes the rows of the files it looked at (``self.touched``) and of their folders only."""
        output, content, folders = self._tables
        store = self.store
        with store.transaction():
            if touched is not None and self.touched is not None and output is not None:
                rows = self.touched
                changed = {rel: self.output[rel] for rel in rows if rel in self.output}
                store.sync("outputs", "path", ("size", "mtime_ns", "inode", "sha256"), changed,
                           {rel: output.get(rel) for rel in rows})
                again = folders_of(touched | rows)
                before = {folder: folders.get(folder) for folder in again}
                for folder in again:
                    try:
                        st = os.stat(f"{root}/{folder}")
                    except OSError:
                        self.folders.pop(folder, None)
                        continue
                    self.folders[folder] = (st.st_ctime_ns, st.st_ino)
                store.sync("folders", "path", ("ctime_ns", "inode"),
                           {f: self.folders[f] for f in again if f in self.folders}, before)
            else:
                self.folders = _folders(root, self.output, self.folders, touched)
                store.sync("outputs", "path", ("size", "mtime_ns", "inode", "sha256"), self.output, output)
                store.sync("folders", "path", ("ctime_ns", "inode"), self.folders, folders)
            store.sync("content_hashes", "path", ("size", "mtime_ns", "sha256"), self.content, content)
            store.put_meta(RECORD, FORMAT)
        self._tables = (self.output, self.content, dict(self.folders))
        self.touched = None
        self.known = True  # (what the catalog now holds: a process that keeps the record trusts it)


def folders_of(files) -> set[str]:
    """Every folder holding the files (``rel`` paths), their parents included: ``""``, ``"2018/"``..."""
    out = {""}
    for rel in files:
        end = rel.rfind("/")
        while end >= 0 and rel[:end + 1] not in out:
            out.add(rel[:end + 1])
            end = rel.rfind("/", 0, end)
    return out


def _folders(root: str, files: dict, known: dict, touched: set[str] | None) -> dict[str, tuple[int, int]]:
    wanted = folders_of(files)
    again = wanted if touched is None else (folders_of(touched) | (wanted - known.keys())) & wanted
    out = {folder: known[folder] for folder in wanted - again}
    for folder in again:
        try:
            st = os.stat(f"{root}/{folder}")
        except OSError:
            continue
        out[folder] = (st.st_ctime_ns, st.st_ino)
    return out


def content_hashes(content_dir: Path, stats: dict[str, tuple[int, int]], record: Record) -> None:
    """The record's ``content``: every file of content/ with its stats as the scan saw them and its hash
    (the recorded one while its stats stand)."""
    fresh = {}
    for rel, (size, mtime) in stats.items():
        known = record.content.get(rel)
        if known is not None and known[0] == size and known[1] == mtime:
            fresh[rel] = known
        else:
            fresh[rel] = (size, mtime, sha256_file(str(content_dir / rel)))
    record.content = fresh


def stage_manifests(stage: Stage, files: set[str], content_dir: Path, content_stats: dict,
                    record: Record, journal: bool, told: set[str] | None = None) -> None:
    """Put ``content-sha256.txt`` then ``manifest-sha256.txt`` into the stage; ``files``: every file the
    output will hold besides them (their names are added to it). ``journal``: only the changed files are
    staged, the others stay in the output as they are; the build checked them against the record before
    (``drift``), so a file neither written nor untrusted keeps its recorded hash without another look at
    its stats (the search index's files too: Pagefind writes them aside, and the stage copies in those that
    differ, as written files; looking at every one of them cost 1 s at 100,000 articles), and each manifest
    is the last one with the changed lines replaced (``_merged``), never formatted again whole. ``told``:
    the only files of content/ that may have changed since the record (``planning.Known``): the others are
    not looked at."""
    untouched = journal and record.known
    untrusted = stage.untrusted
    content = routes.content_manifest()
    manifest = routes.fixity_manifest()
    text = None
    if untouched and told is not None and content not in untrusted:
        text = _told_content(stage, content, content_dir, content_stats, record, told)
    elif untouched and content not in untrusted:
        old_content = dict(record.content)
        content_hashes(content_dir, content_stats, record)
        text = _merged_content(stage, content, record.content, old_content)
    else:
        content_hashes(content_dir, content_stats, record)
    stage.put(content, text if text is not None else manifest_text(
        {f"content/{rel}": entry[2] for rel, entry in record.content.items()}).encode("utf-8"))
    files.add(content)
    written = set(stage.changed)
    hashed = stage.hashes  # the files put: hashed by the writer, in the workers, from the bytes it wrote
    output = record.output
    if untouched:
        looked = {rel for rel in files if rel not in output or rel in written or rel in untrusted}
        gone = output.keys() - files
        fresh = dict(output)
        for rel in gone:
            del fresh[rel]
    else:
        looked, gone, fresh = files, set(), {}
    looked.discard(manifest)
    for rel in looked:
        known = None if rel in untrusted else output.get(rel)
        path = _where(stage, rel, rel in written)
        st = os.stat(path)
        if rel in hashed:
            fresh[rel] = (st.st_size, st.st_mtime_ns, st.st_ino, hashed[rel])
        elif rel not in written and known is not None and known[:3] == (st.st_size, st.st_mtime_ns,
                                                                          st.st_ino):
            fresh[rel] = known
        else:
            fresh[rel] = (st.st_size, st.st_mtime_ns, st.st_ino, sha256_file(path))
    fresh.pop(manifest, None)
    if untouched and manifest not in untrusted:
        changes = {rel: fresh[rel][3] for rel in looked if output.get(rel, (None,))[3:] != fresh[rel][3:]}
        text = _merged(_previous(stage, manifest), changes, gone)
    else:
        text = None
    if text is None:
        text = manifest_text({rel: entry[3] for rel, entry in fresh.items()}).encode("utf-8")
    stage.put(manifest, text)
    st = os.stat(_where(stage, manifest, manifest in stage.changed))
    digest = stage.hashes.get(manifest) or hashlib.sha256(text).hexdigest()  # (hashed as it was written)
    fresh[manifest] = (st.st_size, st.st_mtime_ns, st.st_ino, digest)
    record.touched = (looked | gone | {manifest}) if untouched else None
    record.output = fresh
    files.add(manifest)


def _told_content(stage: Stage, name: str, content_dir: Path, stats: dict, record: Record,
                  told: set[str]) -> bytes | None:
    """The last content manifest with the lines of the ``told`` files changed, the record's entries of
    the others kept as they are (a copy: ``Record.save`` writes what differs from what it read)."""
    fresh = dict(record.content)
    changes, gone = {}, set()
    for rel in told:
        known = fresh.get(rel)
        now = stats.get(rel)
        if now is None:
            if known is not None:
                del fresh[rel]
                gone.add(f"content/{rel}")
        elif known is None or known[:2] != now:
            fresh[rel] = entry = (*now, sha256_file(str(content_dir / rel)))
            if known is None or known[2] != entry[2]:
                changes[f"content/{rel}"] = entry[2]
    record.content = fresh
    return _merged(_previous(stage, name), changes, gone)


def _merged_content(stage: Stage, name: str, entries: dict, old: dict | None) -> bytes | None:
    """The last content manifest with the lines of the files whose entry changed replaced (None: write
    it whole)."""
    if old is None:
        return None
    changes = {f"content/{rel}": entry[2] for rel, entry in entries.items() if old.get(rel) != entry}
    gone = {f"content/{rel}" for rel in old.keys() - entries.keys()}
    return _merged(_previous(stage, name), changes, gone)


def _previous(stage: Stage, name: str) -> bytes | None:
    try:
        with open(f"{stage.previous}/{name}", "rb") as f:
            return f.read()
    except OSError:
        return None


_HEX = 64  # a line: 64 hex digits, two spaces, the path, LF


def _merged(text: bytes | None, changes: dict[str, str], gone) -> bytes | None:
    """A manifest (``text``, sorted by path as ``manifest_text`` writes it) with the lines of ``changes``
    (path -> hex) put in or replaced and those of ``gone`` taken out: each found by bisection, the lines
    between copied as they are, so that a rebuild does not format every file's line again. None when the
    text is not such a manifest (then it is written whole)."""
    if text is None or (text and not text.endswith(b"\n")):
        return None
    out: list[bytes] = []
    at = 0
    try:
        for rel in sorted(changes.keys() | set(gone)):
            where = _seek(text, rel, at)
            out.append(text[at:where])
            if where < len(text):
                end = text.index(b"\n", where) + 1
                if _path_at(text, where, end) == rel:
                    where = end
            if rel in changes:
                out.append(f"{changes[rel]}  {encode_path(rel)}\n".encode())
            at = where
    except (ValueError, UnicodeDecodeError):
        return None
    out.append(text[at:])
    return b"".join(out)


def _path_at(text: bytes, start: int, end: int) -> str:
    if text[start + _HEX:start + _HEX + 2] != b"  ":
        raise ValueError(start)
    return decode_path(text[start + _HEX + 2:end - 1].decode("utf-8"))


def _seek(text: bytes, rel: str, lo: int) -> int:
    """The start of the first line at or after ``lo`` (a line's start) whose path is not before ``rel``."""
    hi = len(text)
    while lo < hi:
        mid = (lo + hi) // 2
        start = max(lo, text.rfind(b"\n", lo, mid) + 1)
        end = text.index(b"\n", start) + 1
        if _path_at(text, start, end) < rel:
            lo = end
        else:
            hi = start
    return lo


def _where(stage: Stage, rel: str, written: bool) -> str:
    """The file the output will hold: staged (written, or linked into a swap), or left in place."""
    staged = f"{stage.root}/{rel}"
    return staged if written or os.path.lexists(staged) else f"{stage.previous}/{rel}"
