"""``newsarchive new "Title" --source NAME``: write one new article file with its front matter filled."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from newsarchive import dates, i18n, webaddress
from newsarchive.config import load_config
from newsarchive.content import compose
from newsarchive.errors import UsageError, content_folder


@dataclass(frozen=True, slots=True)
class NewArticle:
    title: str
    source: str | None = None
    language: str | None = None
    date: str | None = None  # as the user wrote it; default: today in the site's time zone
    url: str | None = None
    tags: str | None = None  # comma-separated


def new_article(site_dir: Path, spec: NewArticle) -> Path:
    """Write the article under ``site_dir/content/`` and return its path. Raises UsageError for bad
    values (each message says how to fix it) and when the file already exists."""
    content_dir = content_folder(site_dir)
    config, _problems = load_config(site_dir)
    title = " ".join(spec.title.split())
    if not title:
        raise UsageError("the title is empty; write it in quotes: newsarchive new \"Harbour reopens\"")
    fields: dict[str, object] = {"title": title}
    zone = dates.zone(config.timezone)
    if spec.date is None:
        day = datetime.now(zone).date()
        fields["date"] = day.isoformat()
    else:
        try:
            when = dates.parse_date(spec.date.strip(), zone)
        except dates.DateError as exc:
            raise UsageError(f"--date {spec.date!r}: {exc}; {dates.DATE_HINT}") from None
        day = when.day
        fields["date"] = spec.date.strip()
    if spec.source is not None:
        source = " ".join(spec.source.split())
        if not source:
            raise UsageError("--source is empty; name the outlet, e.g. --source \"The Harbour Gazette\"")
        fields["source"] = source
    if spec.language is not None:
        try:
            fields["language"] = i18n.normalize_language(spec.language)
        except i18n.LanguageError as exc:
            raise UsageError(f"--lang: {exc}; write a BCP 47 code such as en, fr, ar, es or pt-BR") from None
    if spec.url is not None:
        url = spec.url.strip()
        if not webaddress.is_web_address(url):
            raise UsageError(f"--url {spec.url!r} is not a web address; write the original article's "
                             "address, starting with https://")
        fields["url"] = url
    if spec.tags is not None:
        tags = [" ".join(t.split()) for t in spec.tags.split(",")]
        fields["tags"] = [t for i, t in enumerate(tags) if t and t not in tags[:i]]
    path = compose.article_path(content_dir, day, title, slugs=config.slugs)
    try:
        compose.write_new(path, compose.article_text(fields))
    except FileExistsError:
        raise UsageError(f"{path} already exists; nothing was changed. Edit that file, or give the new "
                         "article another title") from None
    return path
