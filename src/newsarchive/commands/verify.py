"""``newsarchive verify``: does a copy of a built site (a mirror, a backup, an upload) hold exactly the files
its ``manifest-sha256.txt`` lists, with the same bytes? Every file is hashed again (``fixity``)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from newsarchive import routes
from newsarchive.errors import UsageError
from newsarchive.output import fixity


@dataclass
class Verified:
    files: int = 0  # the files the manifest lists
    changed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    bad_line: int | None = None  # the manifest's first malformed line

    @property
    def ok(self) -> bool:
        return not (self.changed or self.missing or self.extra or self.bad_line)


def verify(folder: Path) -> Verified:
    """Compare ``folder`` with its manifest; raises UsageError when it has none."""
    if not folder.is_dir():
        raise UsageError(f"{folder} is not a folder; give the folder a site was built into, e.g. build/")
    name = routes.fixity_manifest()
    try:
        text = (folder / name).read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise UsageError(f"{folder} has no {name}: it was not built by newsarchive, or the copy left that "
                         "file out; copy it too") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{folder / name} cannot be read ({exc}); copy it again") from None
    result = Verified()
    try:
        expected = fixity.read_manifest(text)
    except ValueError as bad:
        result.bad_line = bad.args[0]
        return result
    result.files = len(expected)
    present = _files(folder) - {name}
    for rel in sorted(expected):
        if rel not in present:
            result.missing.append(rel)
        elif fixity.sha256_file(str(folder / rel)) != expected[rel]:
            result.changed.append(rel)
    result.extra = sorted(present - expected.keys())
    return result


def _files(folder: Path) -> set[str]:
    out = set()
    root = str(folder)
    for here, _dirs, names in os.walk(root):
        rel = os.path.relpath(here, root).replace(os.sep, "/")
        for name in names:
            out.add(name if rel == "." else f"{rel}/{name}")
    return out
