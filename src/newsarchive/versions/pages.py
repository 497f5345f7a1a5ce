"""The pages of an article's versions, and what its page and feeds say of its changes.

An article with earlier versions (``versions.py``) has one page per version at ``routes.version``
(``<article>/versions/1/`` is the oldest), and one for the current version (number ``len + 1``): each shows
that version's title and text, and a word-level diff against the version before it (``worddiff``), and
links the version before it, the one after it and its page of the list of versions
(``routes.version_list``: ``<article>/versions/``, then ``versions/page/2/``..., ``PER_PAGE`` to a page,
oldest first, so that a full page never changes). They are ``noindex``, out of the sitemap and of the
search index, and link back to the article's page, which lists the newest few and links the list.

An earlier version's page depends on its own file and the one before it (their content hashes) and on
what it shows of the article (its address, date, source, language), not on the number of versions nor on
the current title: a new version adds a page and changes only the one that was current and the list's
last page. Their texts are read when they are rendered (``with_texts``), like an article page's body.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from markupsafe import Markup, escape

from newsarchive import dates, i18n, routes
from newsarchive.fingerprints import page_key
from newsarchive.model import Page
from newsarchive.versions import files as versions
from newsarchive.versions import worddiff

TEMPLATE = "version.html"
LIST_TEMPLATE = "versions.html"
PER_PAGE = 100  # versions on a page of the list
RECENT = 5  # versions the article's page lists (the newest), before its link to the whole list


@dataclass(frozen=True, slots=True)
class VersionLink:
    """An earlier version as the article's page lists it."""

    number: int
    url: str
    moment: datetime | None  # when the archive took the copy (None: the current version)
    title: str


def links(entry) -> list[VersionLink]:
    """Each version of the article (oldest first; the current one last), for its pages' lists."""
    article = entry.article
    out = [VersionLink(n, routes.version(entry.url, n), moment, article.versions[n - 1][2])
           for n, _rel, moment in versions.numbered(article)]
    if out:
        out.append(VersionLink(len(out) + 1, routes.version(entry.url, len(out) + 1), None, article.title))
    return out


def recent(entry) -> list[VersionLink]:
    """The newest versions, for the article's page (the list's pages have them all)."""
    return links(entry)[-RECENT:]


def list_page(number: int) -> int:
    """The page of the list that shows version ``number``."""
    return (number - 1) // PER_PAGE + 1


def pages(entry, article_key: str) -> list[Page]:
    """The version pages of a placed article (none when it has no earlier version), and the pages of their
    list. A version page links the version before it, the one after it and its page of the list, never
    every version: a new version adds a page and changes two (the one that was current, and the list's
    last page), whatever the number of versions."""
    article = entry.article
    if not article.versions:
        return []
    listed = links(entry)
    count = len(listed)
    shown = (entry.url, article.language, entry.direction, article.instant.isoformat(),
             article.day.isoformat(), entry.source.name, article.has_time)  # what every page shows of it
    out = []
    for link in listed:
        number = link.number
        context = {"entry": entry, "article": article, "version": link, "noindex": True,
                   "previous": listed[number - 2] if number > 1 else None,
                   "next": listed[number] if number < count else None,
                   "list_url": routes.version_list(entry.url, list_page(number))}
        page = Page(link.url, TEMPLATE, context, language=article.language)
        if number == count:  # the current version: the article's own text, and its title
            page.key = page_key(page.url, TEMPLATE, article_key, article.versions[-1], number)
        else:  # an earlier one: its file (and the one before it, for the diff); it always has a next
            page.key = page_key(page.url, TEMPLATE, shown, number, article.versions[number - 1],
                                article.versions[number - 2] if number > 1 else None, context["list_url"])
        out.append(page)
    last = list_page(count)
    for number in range(1, last + 1):
        chunk = listed[(number - 1) * PER_PAGE:number * PER_PAGE]
        context = {"entry": entry, "article": article, "versions": chunk, "noindex": True, "part": number,
                   "older": routes.version_list(entry.url, number - 1) if number > 1 else None,
                   "newer": routes.version_list(entry.url, number + 1) if number < last else None}
        page = Page(routes.version_list(entry.url, number), LIST_TEMPLATE, context, language=article.language)
        page.key = page_key(page.url, LIST_TEMPLATE, shown, article.title if number == last else None,
                            [(v.number, v.moment.isoformat() if v.moment else None, v.title) for v in chunk],
                            context["older"], context["newer"])
        out.append(page)
    return out


def with_texts(page: Page, text: Callable[[int], tuple[str, str]], language: str) -> Page:
    """A version page with the texts it shows: that version's title and body, and the diff against the
    version before it (``text(n)``: version n's title and body, read and rendered now by ``bodies``, like an
    article's body; ``language``: the site's)."""
    number = page.context["version"].number
    title, body = text(number)
    extra = {"version_title": title, "version_body": _from_version_page(body), "diff": None}
    if number > 1:
        old_title, old_body = text(number - 1)
        labels = worddiff.Labels(i18n.translate("inserted", language), i18n.translate("deleted", language))
        title_diff, *_ = worddiff.diff_html([old_title], [title], labels)
        body_diff, inserted, deleted = worddiff.diff_html(worddiff.paragraphs(old_body),
                                                          worddiff.paragraphs(body), labels)
        extra["diff"] = {"title": title_diff.removeprefix("<p>").removesuffix("</p>"),
                         "title_changed": " ".join(old_title.split()) != " ".join(title.split()),
                         "body": body_diff, "inserted": inserted, "deleted": deleted}
    return Page(page.url, page.template, {**page.context, **extra}, page.language, page.key)


def change_note(article, locale: str, language: str) -> Markup:
    """What an article's page and feed entry say of its changes, in the site's language: "Updated 2 times;
    corrected on 27 March 2018: The toll was 12, not 21." ("" when it has neither). Escaped HTML: each
    note is isolated (``<bdi>``), so that a note in another direction never reorders the sentence around
    it."""
    parts = []
    count = len(article.versions)
    if count:
        parts.append(escape(i18n.translate("Updated once" if count == 1 else "Updated {n} times", language)
                            .replace("{n}", str(count))))
    for day, _instant, note in article.extra.get("corrections") or ():
        shown = dates.format_day(dates.parse_date(day).day, locale)
        colon = i18n.translate(": ", language)
        parts.append(escape(f"{i18n.translate('corrected on', language)} {shown}{colon}")
                     + Markup("<bdi>%s</bdi>") % note)
    if not parts:
        return Markup("")
    text = Markup("; ").join(parts)
    return Markup(text[:1].upper()) + Markup(text[1:])


def note_html(note: Markup) -> str:
    """The change note as the HTML a feed entry's content starts with (a plain string: the feed escapes
    it again, as it does the body)."""
    return str(Markup('<p class="change-note"><em>%s</em></p>\n') % note) if note else ""


def _from_version_page(body: str) -> str:
    """A body's relative links and images are made for its article's page (``markup.rebase_links``: each
    starts with the way up to the site's root); the version page is two folders deeper."""
    up = routes.from_article_to_root()
    return re.sub(r'(\s(?:href|src)=)(["\'])' + re.escape(up), lambda m: m.group(1) + m.group(2)
                  + routes.from_version_to_root(), body)
