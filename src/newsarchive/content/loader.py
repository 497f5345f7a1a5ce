"""One file -> an Article, or the problems that stop it. Never raises for bad content.

No knowledge of URLs or templates: the loader reads, infers, normalizes and validates.
"""

from __future__ import annotations

import functools
import posixpath
import re
from dataclasses import dataclass
from datetime import datetime, timezone, tzinfo
from typing import Any

from newsarchive import __version__, characters, dates, i18n, routes
from newsarchive import text as text_file
from newsarchive.content import generators, infer, keys, language_guess, markup, shortcodes
from newsarchive.content.frontmatter import FrontMatterError, split
from newsarchive.content.links import article_links
from newsarchive.content.values import items as _list
from newsarchive.content.values import original_url as _original_url
from newsarchive.content.values import scalar as _scalar
from newsarchive.content.values import text as _text
from newsarchive.errors import WARNING, Problem, kind_of, shorten
from newsarchive.fingerprints import content_hash, digest, facts_hash
from newsarchive.model import Article
from newsarchive.versions import corrections

# Markdown as Jekyll and Hugo name it, and plain text.
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd", ".mkdown", ".mdwn")
ARTICLE_SUFFIXES = (*MARKDOWN_SUFFIXES, ".txt")
# A date line as each front-matter format writes it (for the hint of a missing date).
_DATE_LINE = {"toml": "date = 2018-03-26", "json": '"date": "2018-03-26"', "pelican": "Date: 2018-03-26"}
# Raised when the same bytes would give another article (new rules): the build cache's facts are stale.
# 4: corrections; 5: unknown keys warned about; 6: other generators' tags translated; 7: an article's links
# hold its HTML links and its versions' links (what its pages resolve)
# 8: a web archive capture time kept (extra["captured"]) for the replay link; 9: root-relative links are
# links (an old address may be an article's)
LOADER_RULES = 9
KNOWN_KEYS = frozenset({
    "title", "date", "source", "language", "lang", "url", "tags", "author", "authors", "summary", "slug",
    "draft", "updated",
})


@dataclass(frozen=True, slots=True)
class LoadOptions:
    site_language: str = "en"
    tz: tzinfo = timezone.utc
    allow_raw_html: bool = False
    detect_language: bool = False  # guess the language of articles without one (else: the site's)
    slugs: str = "ascii"  # the site's slugs: auto, ascii or unicode (routes.make_slug)
    extra_keys: frozenset[str] = frozenset()  # keys the site's templates read (config extra_keys): no warning
    shortcodes: tuple[tuple[str, str], ...] = ()  # the site's own mapping of other generators' tags
    statics: frozenset[str] = frozenset()  # the site's static/ files: a root-relative link to one is rebased


class _Problems:
    """Collects the problems of one file."""

    def __init__(self, shown_path: str):
        self.path = shown_path
        self.items: list[Problem] = []

    def error(self, line: int | None, message: str, hint: str = "") -> None:
        self.items.append(Problem(self.path, line, message, hint))

    def warn(self, line: int | None, message: str, hint: str = "") -> None:
        self.items.append(Problem(self.path, line, message, hint, WARNING))

    @property
    def failed(self) -> bool:
        return any(p.is_error for p in self.items)


def _captured(provenance: Any) -> str | None:
    """The capture time an import from a web archive wrote (``imported_from: {captured: ...}``), as the
    14 digits replay tools address a capture by (20240302090005): the replay link's (``replay_url``)."""
    value = provenance.get("captured") if isinstance(provenance, dict) else None
    if isinstance(value, datetime):
        value = value.astimezone(timezone.utc).strftime("%Y%m%d%H%M%S") if value.tzinfo else \
            value.strftime("%Y%m%d%H%M%S")
    if not isinstance(value, str):
        return None
    digits = "".join(c for c in value if c.isascii() and c.isdigit())[:14]
    return digits if len(digits) == 14 else None


def loader_key(config) -> str:
    """What reading an article depends on besides its file: the loader's rules and the config's settings
    for language, time zone, raw HTML, language detection, slugs and the site's own keys."""
    return digest(__version__, LOADER_RULES, Article.RECORD, config.language, config.timezone,
                  config.allow_raw_html, config.detect_language, config.slugs, config.extra_keys,
                  shortcodes.RULES, config.shortcodes)


def decode(raw: bytes, problems: _Problems) -> str | None:
    """The file's text (``text.decode``); says where the first bad byte is."""
    try:
        return text_file.decode(raw)
    except text_file.NotUTF8 as bad:
        problems.error(
            bad.line,
            f"the file is not valid UTF-8 text: byte {bad.offset} (0x{bad.byte:02x}) cannot be decoded",
            "save the file with UTF-8 encoding (in most editors: 'Save with encoding' > UTF-8)",
        )
        return None


def load_article(raw: bytes, rel_path: str, defaults: dict[str, Any], options: LoadOptions,
                 shown_prefix: str = "content/",
                 with_body: bool = True) -> tuple[Article | None, list[Problem]]:
    """Turn the bytes of ``content/<rel_path>`` into an Article. ``defaults`` come from _defaults.yaml.

    With ``with_body=False`` the body is not rendered (``body_html`` is empty): the build reads every
    article's facts first, and renders each body only when its page is rendered."""
    problems = _Problems(shown_prefix + rel_path)
    article = _load(raw, rel_path, defaults, options, problems, with_body)
    if problems.failed:
        return None, problems.items
    return article, problems.items


def _load(raw: bytes, rel_path: str, defaults: dict, options: LoadOptions, problems: _Problems,
          with_body: bool = True):
    if not raw.strip(b" \t\r\n\xef\xbb\xbf"):
        problems.error(None, "the file is empty",
                       "write the article (front matter and text), or delete the file")
        return None
    text = decode(raw, problems)
    if text is None:
        return None
    odd = characters.FORBIDDEN.search(text)
    if odd is not None:
        count = len(characters.FORBIDDEN.findall(text))
        others = f" and {count - 1} more such character(s)" if count > 1 else ""
        problems.warn(text.count("\n", 0, odd.start()) + 1,
                      (f"the text holds {characters.describe(odd.group())}{others}, "
                       "which no page or feed can carry; pages and feeds show a space for a form feed "
                       "or vertical tab, U+FFFD for a lone surrogate, and leave the others out "
                       "(this file keeps them)"),
                      "remove them if they are a mistake")
    stem, suffix = posixpath.splitext(posixpath.basename(rel_path))
    folder = posixpath.dirname(rel_path)
    is_markdown = suffix.lower() != ".txt"
    try:
        parts = split(text, metadata_lines=is_markdown)
    except FrontMatterError as exc:
        problems.error(exc.line, exc.message, exc.hint)
        return None
    for where, message, hint in parts.warnings:
        problems.warn(where, message, hint)
    for where, message, hint in keys.unknown_keys(parts.data, parts.key_lines, options.extra_keys):
        problems.warn(where, message, hint)
    own = generators.adapt(parts.data, parts.key_lines, parts.kind, rel_path, problems)
    own = _aliases(own, parts.key_lines, problems)
    data = {**defaults, **own}
    line = parts.key_lines.get

    title = _text(data, "title", line, problems)
    source = _text(data, "source", line, problems)
    summary = _text(data, "summary", line, problems)
    when = _date(data, "date", line, problems, options.tz)
    if when is None and "date" not in data:
        try:
            when = dates.date_from_filename(stem, options.tz)
        except dates.DateError as exc:
            problems.error(1, str(exc), dates.DATE_HINT)
            return None
        if when is None:
            problems.error(
                1 if parts.has_front_matter else None,
                "no date: the front matter has no 'date' and the file name does not start with YYYY-MM-DD-",
                f"add '{_DATE_LINE.get(parts.kind, 'date: 2018-03-26')}' to the front matter, "
                f"or rename the file to 2018-03-26-name{suffix}",
            )
    updated = _date(data, "updated", line, problems, options.tz)
    corrected = corrections.read(data, line, problems, options.tz, when)
    language = _language(data, line, problems, options.site_language)
    detected = options.detect_language and data.get("language") is None
    tags = _list(data, "tags", line, problems, split_commas=True)
    authors = _list(data, "authors", line, problems) + _list(data, "author", line, problems)
    original = _original_url(data, line, problems)
    draft = data.get("draft", False)
    if not isinstance(draft, bool):
        problems.error(line("draft"), f"'draft' must be true or false, not {shorten(draft)}",
                       "write draft: true")
        draft = False
    slug_value = _text(data, "slug", line, problems)

    body = parts.body
    source_index = -1
    if source is None:
        found, body, index = infer.take_source_line(body)
        if found is not None:
            if not found:
                problems.error(parts.body_line + (index or 0), "the 'Source:' line names no source",
                               "write the source's name after the colon, e.g. 'Source: Le Monde'")
            source = found or None
            source_index = index
    if problems.failed:
        return None
    if is_markdown:
        body, unknown = _translated(body, folder, options)
        for index, tag in unknown:
            problems.warn(parts.body_line + index,
                          f"another generator's tag {shorten(tag)} is shown as text: newsarchive does not "
                          "know it", "replace it in the text, or map it once in newsarchive.yaml: "
                          f"shortcodes: {{{_tag_name(tag)}: 'TEXT'}} (see the migration docs)")

    if is_markdown:
        strip_title = title is None
        if title is None:
            title = markup.first_heading(body) if not with_body else None
    else:
        strip_title = False
        if title is None:
            title = infer.headline(markup.text_paragraphs(body))
            strip_title = title is not None
    spec = (len(text) - len(parts.body), source_index, strip_title)
    body_html = ""
    if with_body:
        body_html, heading = _body_html(body, folder, is_markdown, strip_title, options)
        title = title or heading
    if not title:
        title = infer.title_from_filename(stem)
    if not source:
        problems.warn(None, "no source: the article is listed under 'Unattributed'",
                      "add 'source: NAME' to the front matter or a last line 'Source: NAME'")
        source = ""

    if detected:
        guessed = language_guess.guess(title, body)
        detected = guessed is not None
        language = guessed or language
    slug = routes.make_slug(slug_value or title, fallback=stem, mode=options.slugs)
    extra = {k: v for k, v in data.items() if k not in KNOWN_KEYS}
    if corrected is not None:
        extra[corrections.KEY] = corrected
    captured = _captured(data.get("imported_from"))
    if captured:
        extra["captured"] = captured
    links = article_links(body, folder) if is_markdown else ()
    excerpt = None if summary else markup.excerpt(body, is_markdown, title)
    facts = (title, when.instant.isoformat(), when.day.isoformat(), when.has_time, source, language, tags,
             original, authors, summary, slug, draft, updated.instant.isoformat() if updated else None, extra,
             links, excerpt)
    return Article(
        path=rel_path,
        title=title,
        instant=when.instant,
        day=when.day,
        has_time=when.has_time,
        source=source,
        language=language,
        tags=tags,
        url=original,
        authors=authors,
        summary=summary,
        body_html=body_html,
        slug=slug,
        draft=draft,
        updated=updated.instant if updated else None,
        extra=extra,
        content_hash=content_hash(raw, defaults),
        body_spec=spec,
        facts_hash=facts_hash(facts),
        language_detected=detected,
        links=links,
        excerpt=excerpt,
    )


def _translated(body: str, folder: str, options: LoadOptions) -> tuple[str, list[tuple[int, str]]]:
    """The body with other generators' tags translated (``shortcodes``), and the ones left as text."""
    return shortcodes.translate(body, _mapping(options.shortcodes), folder)


@functools.lru_cache(maxsize=8)
def _mapping(pairs: tuple[tuple[str, str], ...]) -> dict[str, str]:
    return dict(pairs)


def _tag_name(tag: str) -> str:
    found = re.match(r"\{[{%][<%]?\s*/?\s*([\w./-]+)", tag)
    return found.group(1) if found else "NAME"


def _body_html(body: str, folder: str, is_markdown: bool, strip_title: bool,
               options: LoadOptions, articles: dict[str, str] | None = None) -> tuple[str, str | None]:
    """The body as HTML, and the heading taken out of it as the title (Markdown) when ``strip_title``;
    links to other articles' files point at their pages when ``articles`` (path -> URL) is given."""
    if is_markdown:
        html, heading = markup.render_markdown(body, folder, want_title=strip_title, articles=articles,
                                               statics=options.statics)
        if not options.allow_raw_html:
            html = markup.sanitize(html)
        return markup.one_h1(html), heading
    paragraphs = markup.text_paragraphs(body)
    if strip_title:
        paragraphs = paragraphs[1:]
    return markup.render_text("\n\n".join(paragraphs)), None


def render_body(raw: bytes, article: Article, options: LoadOptions,
                articles: dict[str, str] | None = None) -> str:
    """The body of an article whose facts were read before: no front matter is parsed again.
    ``raw`` must be the bytes the article was read from (the caller checks the content hash);
    ``articles`` maps the published articles' source paths to their page URLs (links between them)."""
    text = text_file.decode(raw)
    offset, source_index, strip_title = article.body_spec
    body = text[offset:]
    if source_index >= 0:
        lines = body.split("\n")
        body = "\n".join(lines[:source_index] + lines[source_index + 1:])
    is_markdown = not article.path.lower().endswith(".txt")
    folder = posixpath.dirname(article.path)
    if is_markdown:
        body = _translated(body, folder, options)[0]
    html, _heading = _body_html(body, folder, is_markdown, strip_title, options, articles)
    return html


def check_defaults(data: dict, key_lines: dict[str, int], shown: str) -> tuple[dict, list[Problem]]:
    """The folder defaults of ``shown`` (a _defaults.yaml) checked once, by the rules each article's own
    keys follow: a bad value is reported on its line of that file (not once per article below it) and
    left out of the defaults."""
    problems = _Problems(shown)
    line = key_lines.get
    checks = {
        **{key: lambda k: _text(data, k, line, problems) for key in ("title", "source", "summary", "slug")},
        **{key: lambda k: _date(data, k, line, problems, timezone.utc) for key in ("date", "updated")},
        **{key: lambda k: _list(data, k, line, problems, split_commas=(k == "tags"))
           for key in ("tags", "author", "authors")},
        "url": lambda k: _original_url(data, line, problems),
        "language": lambda k: _defaults_language(data, line, problems),
        "draft": lambda k: isinstance(data[k], bool) or problems.error(
            line(k), f"'draft' must be true or false, not {shorten(data[k])}", "write draft: true"),
    }
    good = dict(data)
    for key, check in checks.items():
        if key in data:
            before = len(problems.items)
            check(key)
            if len(problems.items) > before:
                good.pop(key, None)
    return good, problems.items


def _defaults_language(data: dict, line, problems: _Problems) -> None:
    try:
        i18n.normalize_language(str(data["language"]))
    except i18n.LanguageError as exc:
        problems.warn(line("language"), f"{exc}; the articles below use their own or the site's language",
                      "write a BCP 47 code such as en, fr, ar, es or pt-BR")


def _aliases(data: dict, lines: dict[str, int], problems: _Problems) -> dict:
    if "lang" in data:
        if "language" in data:
            problems.warn(lines.get("lang"), "both 'lang' and 'language' are set; 'language' is used",
                          "keep one of them")
            data = {k: v for k, v in data.items() if k != "lang"}
        else:
            data = {("language" if k == "lang" else k): v for k, v in data.items()}
            lines.setdefault("language", lines.get("lang", 0))
    return data


def _date(data: dict, key: str, line, problems: _Problems, tz: tzinfo) -> dates.ArticleDate | None:
    if key not in data:
        return None
    try:
        return dates.parse_date(data[key], tz)
    except dates.DateError as exc:
        problems.error(line(key), f"'{key}': {exc}", dates.DATE_HINT)
        return None


def _language(data: dict, line, problems: _Problems, site_language: str) -> str:
    value = data.get("language")
    if value is None:
        return site_language
    text = _scalar(value)
    try:
        if text is None:
            raise i18n.LanguageError(f"'language' must be a code such as fr, not {kind_of(value)}")
        return i18n.normalize_language(text)
    except i18n.LanguageError as exc:
        problems.warn(line("language"), f"{exc}; using the site's language '{site_language}'",
                      "write a BCP 47 code such as en, fr, ar, es or pt-BR")
        return site_language
