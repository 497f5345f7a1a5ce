"""Fixity: the SHA-256 of every file, so that a mirror can prove it holds the archive unaltered.

Two manifests, in BagIt's manifest format (RFC 8493: ``<hex>  <path>`` lines, UTF-8, LF, sorted by path, a
CR, LF or % in a path written %0D, %0A, %25), both at the output's root:

- ``manifest-sha256.txt``: every file of the output but itself (``content-sha256.txt`` included, so the
  content manifest is itself covered);
- ``content-sha256.txt``: every file of ``content/``, its paths starting with ``content/``; what the site
  was built from (checked in the archive's folder with ``sha256sum -c``).

No ``bagit.txt`` is written: a bag keeps its files under ``data/``, and the site must keep its addresses.
The format is BagIt's (and ``sha256sum -c``'s) so that tools read it, but the output is not a bag.

**A build hashes each file once, a rebuild only what changed.** The writer hashes the bytes it writes
(``Stage.hashes``, in the worker that rendered them); the files it copied or left to other writers (static
files, assets, the search index) are hashed here. Every other file keeps the hash the last build recorded,
if its size, modification time and inode are still those recorded (a file left in place or hard-linked
into a new output keeps all three); else it is hashed again. The record is kept in the build cache
(``fixity.bin``); without it, every file not just written is hashed. Content files likewise: hashed again when
their size or modification time changed.
"""

from __future__ import annotations

import hashlib
import marshal
import os
from pathlib import Path

from newsarchive import routes
from newsarchive.writer import Stage

RECORD = "fixity.bin"
CHUNK = 1 << 20


def sha256_file(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()


def encode_path(rel: str) -> str:
    """A path as a manifest line writes it (BagIt: CR, LF and % percent-encoded)."""
    if "%" in rel or "\n" in rel or "\r" in rel:
        rel = rel.replace("%", "%25").replace("\n", "%0A").replace("\r", "%0D")
    return rel


def decode_path(text: str) -> str:
    if "%" in text:
        text = text.replace("%0A", "\n").replace("%0a", "\n").replace("%0D", "\r").replace("%0d", "\r")
        text = text.replace("%25", "%")
    return text


def manifest_text(hashes: dict[str, str]) -> str:
    return "".join(f"{hashes[rel]}  {encode_path(rel)}\n" for rel in sorted(hashes))


def read_manifest(text: str) -> dict[str, str]:
    """``path -> hex`` of a manifest; raises ValueError naming the line of a malformed one (a path that
    would leave the folder, ``../x`` or ``/etc/x``, included: verifying never reads outside it)."""
    out = {}
    for number, line in enumerate(text.split("\n"), 1):
        if not line:
            continue
        digest, sep, path = line.partition("  ")
        if not sep or not path or len(digest) != 64 or digest.strip("0123456789abcdefABCDEF"):
            raise ValueError(number)
        path = decode_path(path)
        if path.startswith("/") or "\x00" in path or any(part in ("", ".", "..") for part in path.split("/")):
            raise ValueError(number)
        out[path] = digest.lower()
    return out


class Record:
    """What the last build hashed: output files as ``rel -> (size, mtime_ns, inode, hex)``, content files as
    ``rel -> (size, mtime_ns, hex)``."""

    def __init__(self, cache_dir: Path):
        self.path = cache_dir / RECORD
        self.output: dict[str, tuple] = {}
        self.content: dict[str, tuple] = {}
        self.manifest = ""  # the SHA-256 of the manifest it made: it describes the output holding that one
        try:
            self.output, self.content, self.manifest = marshal.loads(self.path.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            pass

    def describes(self, output: str) -> bool:
        """Whether the record was made with the output's current manifest (a build that stopped between
        its commit and saving the record left another one)."""
        try:
            with open(f"{output}/{routes.fixity_manifest()}", "rb") as handle:
                digest = hashlib.file_digest(handle, "sha256").hexdigest()
        except OSError:
            return False
        return bool(self.manifest) and digest == self.manifest

    def save(self) -> None:
        temporary = self.path.with_suffix(".tmp")
        temporary.write_bytes(marshal.dumps((self.output, self.content, self.manifest)))
        os.replace(temporary, self.path)


def content_hashes(content_dir: Path, stats: dict[str, tuple[int, int]], record: Record) -> dict[str, str]:
    """``content/<rel> -> hex`` of every file of content/ (its stats as the scan saw them)."""
    fresh = {}
    for rel, (size, mtime) in stats.items():
        known = record.content.get(rel)
        if known is not None and known[0] == size and known[1] == mtime:
            fresh[rel] = known
        else:
            fresh[rel] = (size, mtime, sha256_file(str(content_dir / rel)))
    record.content = fresh
    return {f"content/{rel}": entry[2] for rel, entry in fresh.items()}


def stage_manifests(stage: Stage, files: set[str], content_dir: Path, content_stats: dict,
                    record: Record, journal: bool) -> None:
    """Put ``content-sha256.txt`` then ``manifest-sha256.txt`` into the stage; ``files``: every file the
    output will hold besides them (their names are added to it). ``journal``: only the changed files are
    staged, the others stay in the output as they are; then, if the record describes that output, a file
    neither written nor staged keeps its recorded hash without even a look at its stats (the search index,
    written by Pagefind, is always looked at)."""
    untouched = journal and record.describes(stage.previous)
    index = routes.search_bundle()
    content = routes.content_manifest()
    manifest = routes.fixity_manifest()
    stage.put(content, manifest_text(content_hashes(content_dir, content_stats, record)).encode("utf-8"))
    files.add(content)
    written = set(stage.changed)
    hashed = stage.hashes  # the files put: hashed by the writer, in the workers, from the bytes it wrote
    fresh = {}
    for rel in files:
        if rel == manifest:
            continue
        known = record.output.get(rel)
        if untouched and known is not None and rel not in written and not rel.startswith(index):
            fresh[rel] = known
            continue
        staged = f"{stage.root}/{rel}"
        path = staged if rel in written or os.path.lexists(staged) else f"{stage.previous}/{rel}"
        st = os.stat(path)
        if rel in hashed:
            fresh[rel] = (st.st_size, st.st_mtime_ns, st.st_ino, hashed[rel])
        elif rel not in written and known is not None and known[:3] == (st.st_size, st.st_mtime_ns,
                                                                          st.st_ino):
            fresh[rel] = known
        else:
            fresh[rel] = (st.st_size, st.st_mtime_ns, st.st_ino, sha256_file(path))
    record.output = fresh
    text = manifest_text({rel: entry[3] for rel, entry in fresh.items()}).encode("utf-8")
    record.manifest = hashlib.sha256(text).hexdigest()
    stage.put(manifest, text)
    files.add(manifest)
