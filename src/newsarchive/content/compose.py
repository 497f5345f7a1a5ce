"""Writing new article files (``newsarchive new`` and ``newsarchive import``): where a new article goes
and its front matter, written so that the loader reads back exactly the values given.

Path scheme: ``content/YYYY/MM/YYYY-MM-DD-<slug>.md`` (``.txt`` for plain text), the slug made by
``routes.make_slug`` from the title, like the article's URL.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from newsarchive import routes
from newsarchive.output import atomic_files

# The order keys are written in; others follow in the order given.
KEY_ORDER = ("title", "date", "source", "language", "url", "tags", "author", "authors", "summary",
             "import_key")

# A date as the loader reads it, written without quotes (any other text is quoted by YAML as needed).
_PLAIN_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")

# PyYAML's own emitter, not libyaml's: libyaml writes characters beyond the Basic Multilingual Plane as
# escapes ("\U0001F600") even with allow_unicode, and an editor opening the file must see the emoji or
# the CJK extension character as written. It writes one file at a time, so its speed does not matter.
_Dumper = yaml.SafeDumper


def article_path(content_dir: Path, day: date, title: str, suffix: str = ".md", slugs: str = "ascii") -> Path:
    """``content/YYYY/MM/YYYY-MM-DD-<slug><suffix>`` for an article of ``day`` titled ``title``; ``slugs``
    is the site's slug rule, so the file's name matches its page's address (UTF-8 names for other scripts,
    as the output's folders have)."""
    slug = routes.make_slug(title, mode=slugs)
    return content_dir / f"{day:%Y}" / f"{day:%m}" / f"{day.isoformat()}-{slug}{suffix}"


def free_path(path: Path, taken: set[Path] | None = None) -> Path:
    """``path``, or the same name with ``-2``, ``-3``... before the suffix: the first that does not exist
    (and is not in ``taken``, the paths written by this run)."""
    taken = taken or set()
    candidate, n = path, 1
    while candidate.exists() or candidate in taken:
        n += 1
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return candidate


def front_matter(fields: dict[str, Any]) -> str:
    """``---`` / one ``key: value`` line per field (None and empty values left out) / ``---``.

    Values are written by the YAML dumper, so titles with colons, quotes, ``#`` or any script read back
    as written; lists are written as ``[a, b]``."""
    keys = [k for k in KEY_ORDER if k in fields] + [k for k in fields if k not in KEY_ORDER]
    lines = ["---"]
    for key in keys:
        value = fields[key]
        if value is None or value == "" or value == [] or value == ():
            continue
        if key in ("date", "updated") and isinstance(value, str) and _PLAIN_DATE.fullmatch(value):
            lines.append(f"{key}: {value}")
            continue
        lines.append(f"{key}: {_value(value)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def _value(value: Any) -> str:
    """One value as YAML on one line: plain when it reads back the same, quoted otherwise."""
    if isinstance(value, dict):  # one line: {file: wire.jsonl, record: line 12}
        text = yaml.dump(value, Dumper=_Dumper, allow_unicode=True, default_flow_style=True, sort_keys=False,
                         width=1_000_000)
    elif isinstance(value, (list, tuple)):
        text = yaml.dump(list(value), Dumper=_Dumper, allow_unicode=True, default_flow_style=True,
                         width=1_000_000)
    elif isinstance(value, str) and ("\n" in value or "\r" in value):
        text = yaml.dump(value, Dumper=_Dumper, allow_unicode=True, default_style='"', width=1_000_000)
    else:
        text = yaml.dump(value, Dumper=_Dumper, allow_unicode=True, width=1_000_000)
    return text.removesuffix("\n").removesuffix("\n...").strip()


def article_text(fields: dict[str, Any], body: str = "") -> str:
    """A whole article file: front matter, then the body (ending with one newline)."""
    body = body.strip("\n")
    return front_matter(fields) + (body + "\n" if body else "")


def write_new(path: Path, text: str) -> None:
    """Create ``path`` (and its folders) with ``text``; FileExistsError if it exists. Atomic: a process
    killed meanwhile leaves no file, never a half-written one (``atomic_files``)."""
    atomic_files.write_new(path, text.encode("utf-8"))
