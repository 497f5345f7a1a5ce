"""The warnings a careful editor wants from ``newsarchive check`` (never errors, never written)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from newsarchive import i18n, routes
from newsarchive.catalog.archive import Archive
from newsarchive.content.duplicates import duplicate_warnings
from newsarchive.errors import INFO, WARNING, Problem
from newsarchive.stories.exact_duplicates import exact_duplicate_warnings

EARLIEST_PLAUSIBLE = date(1800, 1, 1)


def editor_warnings(loaded, archive: Archive, moment: datetime,
                    content_dir: Path | None = None) -> list[Problem]:
    out: list[Problem] = []
    for article in loaded.articles:
        shown = "content/" + article.path
        if article.language_detected:
            name = i18n.language_name(article.language, "en")
            out.append(Problem(shown, None,
                               f"no 'language': detected {article.language} ({name}) from the text",
                               f"add 'language: {article.language}' to keep it, or the right code", INFO))
        if article.day < EARLIEST_PLAUSIBLE:
            out.append(Problem(shown, None, f"the date {article.day.isoformat()} is before 1800",
                                    "check the year", WARNING))
        if article.instant > moment:
            out.append(Problem(shown, None, f"the date {article.instant.isoformat()} is in the future; "
                                    "the article is not published until then",
                                    "check the year, or build with --future", WARNING))
    out += changed_articles(loaded.articles)
    out += future_changes(loaded.articles, moment, content_dir)
    same = duplicate_warnings(loaded.articles, content_dir)
    out += same + exact_duplicate_warnings(loaded.articles, content_dir, same)
    known = {routes.make_slug(name, mode=loaded.config.slugs) for name in loaded.config.sources}
    for term in archive.sources:
        if term.key != "unattributed" and term.key not in known:
            plural = "" if term.count == 1 else "s"
            out.append(Problem(
                "newsarchive.yaml", None,
                f"the source '{term.name}' ({term.count} article{plural}) has no details",
                "add it under 'sources:' with its url, description, country and language", WARNING))
    return out


CHANGED = "changed since it was first archived"


def changed_articles(articles) -> list[Problem]:
    """A note (never a failure) for each article changed since the archive first took it: its earlier
    versions and its corrections, counted (versions.py, corrections.py)."""
    from newsarchive.versions import files as versions

    out = []
    for article in articles:
        count, fixes = len(article.versions), len(article.extra.get("corrections") or ())
        if not count and not fixes:
            continue
        said = [f"{count} earlier version{'s' if count != 1 else ''}"] if count else []
        said += [f"{fixes} correction{'s' if fixes != 1 else ''}"] if fixes else []
        hint = (f"its earlier versions are in content/{versions.folder_of(article.path)}/" if count
                else "its corrections are in its front matter")
        out.append(Problem("content/" + article.path, None, f"{CHANGED}: {', '.join(said)}", hint, INFO))
    return out


def future_changes(articles, moment: datetime, content_dir: Path | None = None) -> list[Problem]:
    """A warning for each version or correction dated after now (``moment``): the article's page would say
    it was modified then, and its feed entry would be ``updated`` in the future, above every other. A
    version at its file (named by the moment), a correction at its front-matter line."""
    from newsarchive.versions import files as versions

    out = []
    for article in articles:
        for _number, rel, when in versions.numbered(article):
            if when is not None and when > moment + versions.DRIFT:
                out.append(Problem("content/" + rel, None, f"its name dates it {when.isoformat()}, in the "
                                   "future: its article would say it was modified then",
                                   f"rename it to the moment the copy was taken, in UTC (e.g. "
                                   f"{versions.STAMP_EXAMPLE})", WARNING))
        late = [c for c in article.extra.get("corrections") or () if datetime.fromisoformat(c[1]) > moment]
        if late:
            out.append(Problem("content/" + article.path, _key_line(content_dir, article.path, "corrections"),
                               f"a correction is dated {late[0][0]}, in the future: the article would say "
                               "it was corrected then", "check the correction's date", WARNING))
    return out


def _key_line(content_dir: Path | None, rel: str, key: str) -> int | None:
    """The line of a front-matter key in an article's file (None when it cannot be read)."""
    from newsarchive import text as text_file
    from newsarchive.content.frontmatter import FrontMatterError, split

    if content_dir is None:
        return None
    try:
        return split(text_file.decode((content_dir / rel).read_bytes())).key_lines.get(key)
    except (OSError, FrontMatterError, text_file.NotUTF8):
        return None
