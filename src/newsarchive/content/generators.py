"""The keys Hugo, Jekyll and Pelican write, read as newsarchive's own, so that a posts folder builds as its
generator built it, with no edits. One function, ``adapt``, on a file's own front matter:

- empty values of the keys newsarchive reads (``author: ''``, ``tags: []``, ``date:``) are warned about
  and treated as absent, as those generators do;
- Hugo: a file named ``storm.fr.md`` is in French (unless it says otherwise); ``publishDate`` (or
  ``pubdate``, ``published``) is the date when there is no ``date``, then ``lastmod`` when the file name
  has no date either (Hugo's order); ``lastmod`` is ``updated``; a ``url`` that is a site path
  (``/2015/03/foo/``) is an old address, kept as ``permalink``; keys under ``[params]`` (``author``,
  ``source``...) count when the top level lacks them; ``expiryDate`` is kept as a value (an archive keeps
  everything: the article is published);
- Jekyll (a post under ``_posts/``, or with a ``layout``): ``tags`` and ``categories`` written as words
  separated by spaces; the folders above ``_posts/`` are categories; ``published: false`` is a draft;
  files under ``_drafts/`` are drafts;
- every generator: ``categories`` join the tags, ``excerpt`` (or ``description``) is the summary and the
  last segment of a ``permalink`` the slug, when the article has none;
- Pelican's metadata lines: ``Modified`` is ``updated``, ``Category`` a tag, ``Status: draft`` a draft,
  ``Authors: A; B`` a list.

Plain newsarchive YAML pays two set intersections and a few substring tests here.
"""

from __future__ import annotations

import re
from datetime import date, time
from typing import Any

from newsarchive import i18n

# The keys whose empty value is ignored with a warning (newsarchive's own and the generators').
CHECKED = frozenset({
    "title", "date", "source", "language", "lang", "url", "tags", "author", "authors", "summary", "slug",
    "draft", "updated", "categories", "category", "excerpt", "description", "permalink", "lastmod",
    "publishDate", "publishdate", "modified",
})


def _spellings(*names: str) -> set[str]:
    """Hugo's keys are case-insensitive: the spellings seen in real sites."""
    out: set[str] = set()
    for name in names:
        out |= {name, name.lower(), name[:1].upper() + name[1:], name.upper()}
    return out


# Any of these (as written) sends a file down the slow path.
SPECIAL = frozenset(_spellings(
    "publishDate", "pubDate", "lastmod", "lastMod", "modified", "last_modified_at", "categories", "category",
    "excerpt", "description", "permalink", "layout", "published", "status", "params", "expiryDate",
))
# Hugo reads keys in any case: ``Title``, ``Date``, ``Tags`` (as some exporters write them) are the keys.
OWN_KEYS = ("title", "date", "source", "language", "lang", "url", "tags", "author", "authors", "summary",
            "slug", "draft", "updated")
CAPITALIZED = {spelling: key for key in OWN_KEYS for spelling in (key.capitalize(), key.upper())}
SPECIAL = SPECIAL | CAPITALIZED.keys()
DATE_KEYS = ("publishdate", "pubdate", "published")  # published: a date in Hugo; false (a draft) in Jekyll
UPDATED_KEYS = ("lastmod", "modified", "last_modified_at")
SUMMARY_KEYS = ("excerpt", "description")
PARAMS_KEYS = ("source", "author", "authors", "summary", "language", "lang")
CONSUMED = frozenset({"layout", "categories", "category", "lastmod", "modified", "last_modified_at",
                      "excerpt"})
_DATED_NAME = re.compile(r"\d{4}-\d{2}-\d{2}")
_NUMBERS = (bool, int, float)  # false and 0 are values, not empty ones
_WORDS = re.compile(r"[\s,]+")
_LANGUAGE = re.compile(r"[a-z]{2}(?:-[A-Za-z]{2,4})?")


def is_jekyll(rel_path: str, data: dict) -> bool:
    """A Jekyll post: under a ``_posts/`` folder, or with a ``layout`` key."""
    return "layout" in data or rel_path.startswith("_posts/") or "/_posts/" in rel_path


def is_draft_folder(rel_path: str) -> bool:
    return rel_path.startswith("_drafts/") or "/_drafts/" in rel_path


def adapt(data: dict, lines: dict[str, int], kind: str, rel_path: str, problems) -> dict:
    """A file's own front matter with the generators' keys mapped onto newsarchive's (``lines`` gains the
    line of each mapped key). ``problems.warn(line, message, hint)`` reports empty values."""
    for value in data.values():  # a quick look first: most files have no empty value
        if (not value and value.__class__ not in _NUMBERS) or (value.__class__ is str and value.isspace()):
            data = _drop_empty(data, lines, problems)
            break
    filename = rel_path.rpartition("/")[2]
    if kind == "yaml" and data.keys().isdisjoint(SPECIAL) and filename.count(".") < 2 \
            and "_posts/" not in rel_path and "_drafts/" not in rel_path and not _path_url(data.get("url")):
        return data
    drafts = is_draft_folder(rel_path)
    out = dict(data)
    if "language" not in out and "lang" not in out:
        code = _language_suffix(filename)
        if code:
            out["language"] = code
    for key in data.keys() & CAPITALIZED.keys():
        if CAPITALIZED[key] not in out:
            out[CAPITALIZED[key]] = out.pop(key)
            if key in lines:
                lines.setdefault(CAPITALIZED[key], lines[key])
    lower = {key.lower(): key for key in out}
    jekyll = kind == "yaml" and is_jekyll(rel_path, data)

    def take(target: str, names: tuple[str, ...], keep: bool = False) -> None:
        if target in out:
            return
        for name in names:
            key = lower.get(name)
            if key is not None and key in out and not isinstance(out[key], bool):
                out[target] = out[key] if keep else out.pop(key)
                if key in lines:
                    lines.setdefault(target, lines[key])
                return

    take("date", DATE_KEYS)  # Hugo's publishDate (and its aliases pubdate, published)
    if _DATED_NAME.match(filename) is None:
        take("date", UPDATED_KEYS[:1], keep=True)  # Hugo: lastmod, when nothing else dates the article
    take("updated", UPDATED_KEYS)
    take("summary", SUMMARY_KEYS, keep=True)  # description stays for templates (excerpt is consumed)
    params = out.get(lower.get("params", "params"))
    if isinstance(params, dict):
        for name in PARAMS_KEYS:
            if name not in out and params.get(name) not in (None, "", []):
                out[name] = params[name]
                lines.setdefault(name, lines.get(f"{lower['params']}.{name}", lines.get(lower["params"], 1)))
    url = out.get("url")
    if _path_url(url):
        del out["url"]
        out.setdefault("permalink", url)
    if "slug" not in out:
        slug = _slug_from_path(out.get(lower.get("permalink", "permalink")))
        if slug:
            out["slug"] = slug
            lines.setdefault("slug", lines.get(lower.get("permalink", "permalink"), 1))
    _tags(out, lower, lines, jekyll, kind, problems, _folder_categories(rel_path))
    if kind == "pelican" and isinstance(out.get("authors"), str):
        text = out["authors"]
        out["authors"] = text.split(";") if ";" in text else text.split(",")
    if "draft" not in out:
        status = out.get(lower.get("status", "status"))
        published = out.get("published")
        if (isinstance(status, str) and status.strip().lower() == "draft") or published is False or drafts:
            out["draft"] = True
    for name in CONSUMED:
        key = lower.get(name)
        if key is not None:
            out.pop(key, None)
    if kind == "toml":  # top-level TOML dates other than the article's are kept as text, like YAML's
        for key, value in out.items():
            if key not in ("date", "updated") and isinstance(value, (date, time)):
                out[key] = value.isoformat()
    return out


def _tags(out: dict, lower: dict, lines: dict, words: bool, kind: str, problems, folders: list[str]) -> None:
    """Jekyll's space-separated tags split; categories (the folders above ``_posts/``, then ``categories``
    or ``category``) appended to the tags."""
    tags = out.get("tags")
    if isinstance(tags, str):
        if words:
            tags = _WORDS.split(tags)
        else:  # Pelican, like its authors, takes ';' first
            tags = tags.split(";") if kind == "pelican" and ";" in tags else tags.split(",")
    extra: list[Any] = list(folders)
    for name in ("categories", "category"):
        key = lower.get(name)
        value = out.get(key) if key else None
        if value is None:
            continue
        if isinstance(value, str):
            if words:
                value = [word for word in _WORDS.split(value) if word]
            else:
                value = [value] if kind == "pelican" else value.split(",")
        if isinstance(value, (list, tuple)):
            for number, item in enumerate(value, 1):
                if item is None or (isinstance(item, str) and not item.strip()):
                    problems.warn(lines.get(key), f"item {number} of '{key}' is empty; it is ignored",
                                  "remove it or write its text")
                else:
                    extra.append(item)
        else:
            extra.append(value)
        if "tags" not in lines and key in lines:
            lines["tags"] = lines[key]
    if extra or tags is not out.get("tags"):
        base = list(tags) if isinstance(tags, (list, tuple)) else ([] if tags is None else [tags])
        if words and isinstance(out.get("tags"), str):
            base = [word for word in base if word]  # the split's empty ends
        out["tags"] = base + extra


def _folder_categories(rel_path: str) -> list[str]:
    """Jekyll's categories from the folders above ``_posts/``: ``world/_posts/x.md`` is in "world"."""
    at = rel_path.find("_posts/")
    if at <= 0 or rel_path[at - 1] != "/":
        return []
    return [part for part in rel_path[:at].split("/") if part]


def _language_suffix(name: str) -> str | None:
    """Hugo's translations by file name: ``storm.fr.md`` is in French."""
    parts = name.split(".")
    if len(parts) < 3 or not _LANGUAGE.fullmatch(parts[-2]):
        return None
    try:
        return i18n.normalize_language(parts[-2])
    except i18n.LanguageError:
        return None


def _path_url(value: object) -> bool:
    return isinstance(value, str) and value.startswith("/") and not value.startswith("//")


def _slug_from_path(value: object) -> str | None:
    """``/2015/03/17/storm-hits/`` -> ``storm-hits``; ``/news/storm.html`` -> ``storm``; a pattern
    (``/:year/:title/``) gives none."""
    if not isinstance(value, str):
        return None
    last = value.strip().rstrip("/").rsplit("/", 1)[-1]
    for suffix in (".html", ".htm"):
        if last.lower().endswith(suffix):
            last = last[: -len(suffix)]
    if not last or ":" in last or last == "index":
        return None
    return last


def _drop_empty(data: dict, lines: dict[str, int], problems) -> dict:
    empty = [key for key in data.keys() & CHECKED if _is_empty(data[key])]
    if not empty:
        return data
    for key in sorted(empty, key=lambda k: (lines.get(k, 0), k)):
        problems.warn(lines.get(key), f"'{key}' is empty; it is ignored",
                      f"give '{key}' a value, or remove the line")
    return {key: value for key, value in data.items() if key not in empty}


def _is_empty(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, (list, tuple, dict)) and not value
