"""How the output differs from what the last build committed: the check every rebuild starts with, so
that a file edited, deleted or added in the output since is repaired, never carried forward.

The check is cheap, as ``git status`` and ``rsync`` are: it lists the output and compares each file's
size, modification time and inode with the fixity record (``fixity.Record``), reading no file. A file
that differs is ``changed``, one recorded but gone is ``missing``, one the build did not write is
``extra``; the build makes the first two again from the archive and removes the third (the output is
replaced whole by each build: see ``writer``). An edit that keeps a file's size and restores its
modification time is seen by ``newsarchive verify``, which reads every byte, not by this check.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from newsarchive.errors import WARNING, Problem
from newsarchive.output.fixity import Record


@dataclass(slots=True)
class Drift:
    """The output's files that do not match the record. ``known``: there was a record to compare with (none:
    no file of the output can be trusted)."""

    known: bool = True
    changed: set[str] = field(default_factory=set)
    missing: set[str] = field(default_factory=set)
    extra: set[str] = field(default_factory=set)

    @property
    def untrusted(self) -> frozenset[str]:
        """The files no build may carry forward: made again, or removed."""
        return frozenset(self.changed | self.missing | self.extra)

    def __bool__(self) -> bool:
        return not self.known or bool(self.changed or self.missing or self.extra)

    def problems(self, output_shown: str, files: set[str]) -> list[Problem]:
        """What the build tells of its repairs (``files``: the files of the new output): each file, or the
        first ones and a count when many are alike (a deleted folder)."""
        out = []
        for rels, (one, many) in zip((self.changed & files, self.missing & files, self.extra & files,
                                      self.extra - files), MESSAGES):
            shown = sorted(rels)
            out += [Problem(f"{output_shown}/{rel}", None, one, HINT, WARNING) for rel in shown[:SHOWN]]
            if len(shown) > SHOWN:
                out.append(Problem(output_shown, None, f"{len(shown) - SHOWN} more files {many}", HINT,
                                   WARNING))
        return out

    @property
    def count(self) -> int:
        return len(self.changed) + len(self.missing) + len(self.extra)


SHOWN = 5  # files named one by one, per kind of repair
MESSAGES = (  # changed, missing, extra made again, extra removed: one file, more
    ("was changed after the last build wrote it; made again from the archive",
     "were changed after the last build wrote them; made again from the archive"),
    ("was deleted after the last build wrote it; made again from the archive",
     "were deleted after the last build wrote them; made again from the archive"),
    ("was not written by newsarchive; made again from the archive",
     "were not written by newsarchive; made again from the archive"),
    ("was not written by newsarchive; removed", "were not written by newsarchive; removed"),
)
HINT = "a build makes its output from content/ and templates/ alone: change those, not the output"


def check(output: str, record: Record) -> Drift:
    """Compare the output folder with the record: one stat per file, no file read. A folder whose change
    time and inode are those the record holds had no entry added, removed or renamed since (the system sets
    a folder's ctime on each, and nobody can set it back): its recorded files are looked at, and it is
    not listed. The other folders are listed, and what they hold looked at."""
    if not record.known:
        return Drift(known=False)
    expected = record.output
    folders = record.folders
    files_in: dict[str, list[str]] = {}
    subfolders: dict[str, list[str]] = {}
    if folders:
        for rel in expected:
            files_in.setdefault(rel[:rel.rfind("/") + 1], []).append(rel)
        for folder in folders:
            if folder:
                subfolders.setdefault(folder[:folder.rstrip("/").rfind("/") + 1], []).append(folder)
    drift = Drift()
    seen: set[str] = set()

    def look(rel: str, st) -> None:
        known = expected.get(rel)
        if known is None:
            drift.extra.add(rel)
            return
        seen.add(rel)
        if st is None or (st.st_size, st.st_mtime_ns, st.st_ino) != known[:3]:
            drift.changed.add(rel)

    stack = [""]
    while stack:
        prefix = stack.pop()
        folder = f"{output}/{prefix}" if prefix else output
        known = folders.get(prefix)
        if known is not None:
            try:
                st = os.stat(folder)
            except OSError:
                continue  # gone: its files are missing
            if (st.st_ctime_ns, st.st_ino) == known:
                for rel in files_in.get(prefix, ()):
                    try:
                        look(rel, os.stat(f"{output}/{rel}", follow_symlinks=False))
                    except FileNotFoundError:
                        continue  # missing
                    except OSError:
                        look(rel, None)
                stack.extend(subfolders.get(prefix, ()))
                continue
        try:
            listing = os.scandir(folder)
        except OSError:
            continue
        with listing:
            for entry in listing:
                rel = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    stack.append(rel + "/")
                    continue
                try:
                    st = entry.stat(follow_symlinks=False)
                except OSError:  # gone since it was listed
                    st = None
                look(rel, st)
    if len(seen) != len(expected):
        drift.missing = expected.keys() - seen
    return drift
