"""``newsarchive.yaml`` -> Config: typed, validated in one place, every problem naming its key and line."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from newsarchive import dates, i18n, options, routes, webaddress
from newsarchive import text as text_file
from newsarchive.content.frontmatter import FrontMatterError, parse_yaml_mapping
from newsarchive.errors import Problem

CONFIG_NAME = "newsarchive.yaml"


@dataclass(frozen=True, slots=True)
class SourceInfo:
    name: str | None = None  # the name shown for a source its articles give by a short id (aawsat)
    url: str | None = None
    description: str | None = None
    country: str | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class StoriesConfig:
    """Same-story detection (``stories``): on or off, the similarity a pair needs, the days it may span."""

    enabled: bool = True
    threshold: float = 0.3  # estimated Jaccard similarity of 3-word shingles (benchmarks/stories_eval.py)
    window: int = 3  # days between two articles of one story, link by link


@dataclass(frozen=True, slots=True)
class Config:
    title: str = "News archive"
    description: str = ""
    base_url: str | None = None  # e.g. https://example.org/archive/ ; only needed for absolute URLs
    language: str = "en"  # the site's language: theme words, and articles that do not say theirs
    per_page: int = 20
    timezone: str = "UTC"  # for dates written without a UTC offset
    sources: dict[str, SourceInfo] = field(default_factory=dict)
    allow_raw_html: bool = False  # trust editors: keep raw HTML in Markdown as it is
    include_future: bool = False  # publish articles dated after the build's moment
    detect_language: bool = False  # guess the language of articles that do not say theirs
    search: bool = True  # build the search page and its index (Pagefind); --no-search turns it off too
    portable: bool = False  # link pages by file (…/index.html): the site works opened from disk (file://)
    data_text: bool = False  # the data files (data/articles-YYYY.csv, .jsonl) carry each article's text
    database: bool = False  # the build puts the archive as one SQLite database in data/archive.sqlite
    license: str = ""  # the archive's licence (an SPDX id such as CC-BY-4.0, or a URL): datapackage.json
    slugs: str = "auto"  # URL slugs: auto (other scripts kept, Latin as ASCII), ascii, unicode
    executor: str = ""  # build on a Dask cluster: its scheduler's address, dask://HOST:PORT (--executor wins)
    stories: StoriesConfig = field(default_factory=StoriesConfig)  # the same story across outlets
    extra_keys: tuple[str, ...] = ()  # the site's own front-matter keys (its templates read them): not warned
    # other generators' tags in articles' text the site maps itself: (name, text with {0} {1} {src}...)
    shortcodes: tuple[tuple[str, str], ...] = ()
    # where a reader replays an article's capture by a crawler (import of a WARC/WACZ): {timestamp} (the
    # capture's, 14 digits) and {url} (the original's), e.g. https://web.archive.org/web/{timestamp}/{url}
    replay_url: str = ""
    # the old site's permalink patterns (/:year/:month/:day/:slug.html): each article's old address gets a
    # redirect page, and links to it point at the article's page (pages.redirects)
    old_permalinks: tuple[str, ...] = ()

    @property
    def direction(self) -> str:
        return i18n.direction(self.language)


_SOURCE_KEYS = {"name", "url", "description", "country", "language"}


def _fields() -> dict[str, Any]:
    return {name: f for name, f in Config.__dataclass_fields__.items()}


def load_config(site_dir: Path) -> tuple[Config, list[Problem]]:
    """Read ``SITE_DIR/newsarchive.yaml`` (optional). Returns the config and its problems."""
    path = site_dir / CONFIG_NAME
    if not path.is_file():
        if path.exists():  # a folder, a named pipe (reading it would wait for ever), a device
            return Config(), [Problem(CONFIG_NAME, None, "is not a regular file",
                                           "replace it with a text file holding the configuration")]
        return Config(), []
    try:
        text = text_file.decode(path.read_bytes())
    except text_file.NotUTF8 as bad:
        return Config(), [Problem(CONFIG_NAME, None, f"is not valid UTF-8 text (byte {bad.offset})",
                                       "save the file as UTF-8")]
    warnings: list[tuple[int, str, str]] = []
    try:
        data, lines = parse_yaml_mapping(text, 1, "the configuration", warnings)
    except FrontMatterError as exc:
        return Config(), [Problem(CONFIG_NAME, exc.line, exc.message, exc.hint)]
    config, problems = validate(data, lines)
    return config, [Problem(CONFIG_NAME, line, message, hint, "warning")
                    for line, message, hint in warnings] + problems


def validate(data: dict, lines: dict[str, int]) -> tuple[Config, list[Problem]]:
    problems: list[Problem] = []

    def problem(key: str, message: str, hint: str = "") -> None:
        problems.append(Problem(CONFIG_NAME, lines.get(key), message, hint))

    known = _fields()
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1)
            hint = f"did you mean '{close[0]}'?" if close else "known keys: " + ", ".join(sorted(known))
            problem(key, f"unknown configuration key '{key}'", hint)
            continue
        if value is None:
            continue
        if key in ("title", "description", "base_url", "timezone", "language", "license"):
            if not isinstance(value, (str, int, float)) or isinstance(value, bool):
                problem(key, f"'{key}' must be text",
                        f"write {key}: followed by text, in quotes if it holds ': '")
                continue
            values[key] = str(value).strip()
        elif key == "per_page":
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 10000:
                problem(key, "'per_page' must be a whole number between 1 and 10000", "e.g. per_page: 20")
                continue
            values[key] = value
        elif key in ("allow_raw_html", "include_future", "detect_language", "search", "portable",
                     "data_text", "database"):
            if not isinstance(value, bool):
                problem(key, f"'{key}' must be true or false", f"write {key}: true or {key}: false")
                continue
            values[key] = value
        elif key == "slugs":
            if value not in routes.SLUG_MODES:
                problem(key, f"'slugs' must be auto, ascii or unicode, not {value!r}",
                        "auto keeps the script of titles in other scripts than Latin; ascii transliterates "
                        "every title (the addresses of older builds); unicode keeps every script")
                continue
            values[key] = value
        elif key == "old_permalinks":
            patterns = [value] if isinstance(value, str) else value
            if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
                problem(key, "'old_permalinks' must be a pattern or a list of them",
                        "write old_permalinks: /:year/:month/:day/:slug.html")
                continue
            wrong = next((w for w in (routes.old_permalink_problem(p.strip()) for p in patterns) if w), None)
            if wrong:
                problem(key, f"old_permalinks: {wrong}", "write the old site's permalink pattern with :year, "
                        ":month, :day, :slug, :filename or :title, e.g. /:year/:month/:day/:slug.html")
                continue
            values[key] = tuple(p.strip() for p in patterns)
        elif key == "replay_url":
            wrong = replay_problem(value)
            if wrong:
                problem(key, f"'replay_url' {wrong}", "write the replay tool's address with {url} (and "
                        "{timestamp}) in it, e.g. replay_url: https://web.archive.org/web/{timestamp}/{url}")
                continue
            values[key] = value.strip()
        elif key == "executor":
            wrong = options.address_problem(value.strip()) if isinstance(value, str) else None
            if wrong or not isinstance(value, str):
                problem(key, f"executor: {wrong or 'must be text'}",
                        f"write executor: {options.EXAMPLE}, or executor: local")
                continue
            values[key] = value.strip()
        elif key == "extra_keys":
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                problem(key, "'extra_keys' must be a list of key names",
                        "write extra_keys: [subtitle, photo_credit] (the keys your templates read)")
                continue
            values[key] = tuple(sorted({v.strip() for v in value}))
        elif key == "shortcodes":
            if not isinstance(value, dict) or not all(
                    isinstance(k, str) and re.fullmatch(r"[A-Za-z_][\w./-]*", k) and isinstance(v, str)
                    for k, v in value.items()):
                problem(key, "'shortcodes' must map each tag's name to the text that replaces it",
                        "write shortcodes: {gallery: '![{alt}]({src})'} ({0}, {1}... are the tag's "
                        "arguments in order, {src}, {alt}... its named ones)")
                continue
            values[key] = tuple(sorted(value.items()))
        elif key == "sources":
            values[key] = _sources(value, lines, problem)
        elif key == "stories":
            values[key] = _stories(value, problem)
    if "language" in values:
        try:
            values["language"] = i18n.normalize_language(values["language"])
        except i18n.LanguageError as exc:
            problem("language", str(exc), "use a code such as en, fr, ar or es")
            del values["language"]
    if "timezone" in values:
        try:
            dates.zone(values["timezone"])
        except dates.DateError as exc:
            problem("timezone", str(exc), "use an IANA name such as UTC or Europe/Paris")
            del values["timezone"]
    if values.get("base_url"):
        wrong = _base_url_problem(values["base_url"])
        if wrong:
            problem("base_url", f"'base_url' {wrong}", "write the address the site is served at, e.g. "
                                                       "https://example.org/archive/")
            del values["base_url"]
        elif not values["base_url"].endswith("/"):
            values["base_url"] += "/"
    return Config(**values), problems


def replay_problem(value: object) -> str | None:
    """What is wrong with a replay address (``replay_url``), or None."""
    if not isinstance(value, str):
        return "must be text"
    filled = value.strip().replace("{timestamp}", "20240302090005").replace("{url}", "https://example.org/a")
    if "{url}" not in value:
        return "must hold {url}, where the original's address goes"
    if not webaddress.is_web_address(filled) or not filled.lower().startswith(("https://", "http://")):
        return f"is not a web address once filled in: {value.strip()[:80]!r}"
    return None


def _base_url_problem(url: str) -> str | None:
    """What is wrong with the site's address, or None. Every page's address is base_url + a path, so it
    can have no query (?...) or fragment (#...), which would end up in the middle of every address."""
    wrong = webaddress.problem(url)
    if wrong:
        return wrong
    parts = urlsplit(url)
    if parts.query or "?" in url:
        return "has a query ('?...'), which would end up inside every page's address"
    if parts.fragment or "#" in url:
        return "has a fragment ('#...'), which would end up inside every page's address"
    return None


_STORIES_EXAMPLE = "e.g.\n  stories:\n    threshold: 0.3\n    window: 3\nor stories: false"


def _stories(value: Any, problem) -> StoriesConfig:
    """``stories: false``, or a mapping of enabled, threshold (0 < t <= 1) and window (days, 0 to 30)."""
    if isinstance(value, bool):
        return StoriesConfig(enabled=value)
    if not isinstance(value, dict):
        problem("stories", "'stories' must be true, false or a mapping of enabled, threshold and window",
                _STORIES_EXAMPLE)
        return StoriesConfig()
    fields: dict[str, Any] = {}
    for sub, subvalue in value.items():
        key = f"stories.{sub}"
        if sub == "enabled":
            if not isinstance(subvalue, bool):
                problem(key, "'stories.enabled' must be true or false",
                        "write enabled: true or enabled: false")
                continue
        elif sub == "threshold":
            if isinstance(subvalue, bool) or not isinstance(subvalue, (int, float)) or not 0 < subvalue <= 1:
                problem(key, f"'stories.threshold' must be a number above 0 and at most 1, not {subvalue!r}",
                        "the similarity two articles need to be one story; 0.3 was chosen on a labelled "
                        "sample (higher: fewer, surer stories), e.g. threshold: 0.3")
                continue
            subvalue = float(subvalue)
        elif sub == "window":
            if isinstance(subvalue, bool) or not isinstance(subvalue, int) or not 0 <= subvalue <= 30:
                problem(key, "'stories.window' must be a whole number of days from 0 to 30, "
                        f"not {subvalue!r}",
                        "how many days apart two articles of one story may be, e.g. window: 3")
                continue
        else:
            close = difflib.get_close_matches(str(sub), ("enabled", "threshold", "window"), n=1)
            problem(key, f"unknown key '{sub}' under 'stories'",
                    f"did you mean '{close[0]}'?" if close else "known keys: enabled, threshold, window")
            continue
        fields[str(sub)] = subvalue
    return StoriesConfig(**fields)


def _sources(value: Any, lines: dict[str, int], problem) -> dict[str, SourceInfo]:
    if not isinstance(value, dict):
        problem("sources", "'sources' must map each source's name to its details",
                "e.g.\n  sources:\n    Le Monde:\n      url: https://www.lemonde.fr/")
        return {}
    out: dict[str, SourceInfo] = {}
    for name, info in value.items():
        key = f"sources.{name}"
        if info is None:
            info = {}
        if not isinstance(info, dict):
            problem(key, f"source '{name}' must be a mapping of name, url, description, country, language",
                    "write its details indented under its name, one 'key: value' per line, e.g. url: https://...")
            continue
        fields: dict[str, str] = {}
        for sub, subvalue in info.items():
            if sub not in _SOURCE_KEYS:
                close = difflib.get_close_matches(str(sub), _SOURCE_KEYS, n=1)
                hint = (f"did you mean '{close[0]}'?" if close
                        else "known keys: " + ", ".join(sorted(_SOURCE_KEYS)))
                problem(f"{key}.{sub}", f"unknown key '{sub}' for source '{name}'", hint)
                continue
            if subvalue is not None:
                fields[sub] = str(subvalue).strip()
        wrong = webaddress.problem(fields["url"]) if fields.get("url") else None
        if wrong:
            problem(f"{key}.url", f"the url of source '{name}' {wrong}",
                    "write the outlet's address, e.g. url: https://wire.example/")
            del fields["url"]
        if fields.get("language"):
            try:
                fields["language"] = i18n.normalize_language(fields["language"])
            except i18n.LanguageError as exc:
                problem(f"{key}.language", str(exc), "use a code such as en, fr, ar or es")
                del fields["language"]
        out[str(name).strip()] = SourceInfo(**fields)
    return out
