"""A saved page's date, from the page's own metadata only: what the page says of itself, never a guess.

In this order (the first that can be read wins):
1. JSON-LD ``datePublished`` of an article (NewsArticle, Article, BlogPosting, ReportageNewsArticle...,
   also as ``schema:NewsArticle`` or ``https://schema.org/NewsArticle``, or in a list of types; also
   inside ``@graph``, lists, and a page's ``mainEntity`` or ``mainEntityOfPage``), read as browsers and
   Readability read it: a ``<![CDATA[ ... ]]>`` wrapper (as XHTML-serialized pages and some CMSs write
   it, with or without ``//`` or ``/* */`` around its markers) and HTML comments left out;
2. ``<meta property="article:published_time">``;
3. ``itemprop="datePublished"`` (a ``<meta>`` or a ``<time>``);
4. the article's ``<time datetime>`` (one with ``pubdate``, else the first inside ``<article>``);
5. other publication metadata: ``DC.date.issued``, ``dcterms.issued``, ``dcterms.created``,
   ``parsely-pub-date``, ``sailthru.date``, ``citation_publication_date``;
6. only when there is no publication date: the modification date (JSON-LD ``dateModified``,
   ``article:modified_time``, ``og:updated_time``, ``itemprop="dateModified"``);
7. a dateline at the start of the article's text: ``LISBOA, 24 de setembro de 2018 –``.

Never from anywhere else in the page: copyright lines ("© 1998–2026"), class names, script text or
trafilatura's (htmldate's) guesses, which search the whole page and find such things.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from newsarchive import dates

_ARTICLE_TYPES = {"article", "newsarticle", "blogposting", "liveblogposting", "reportagenewsarticle",
                  "analysisnewsarticle", "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle",
                  "socialmediaposting", "report", "scholarlyarticle", "techarticle", "askpublicnewsarticle"}
_PUBLISHED_META = ("DC.date.issued", "dcterms.issued", "dcterms.created", "DC.date.created",
                   "parsely-pub-date", "sailthru.date", "citation_publication_date", "article.published")
_MODIFIED_META = ("article:modified_time", "og:updated_time")
# "LISBOA, 24 de setembro de 2018 –", "PARIS, 27 mars 2018 —", "KESTREL BAY, March 27, 2018 -"
_DATELINE = re.compile(r"^\W*[^\W\d_][^,\n]{0,40},\s*(?P<date>[^–—\n]{6,60}?)\s*[–—-]\s")


def page_date(tree, body_text: str, language: str | None) -> tuple[str, str] | None:
    """(the date as written, where it was found) or None when the page says nothing trustworthy."""
    for where, value in _candidates(tree, body_text):
        text = " ".join(str(value).split())
        if not text:
            continue
        if where != "dateline" and _readable(text):
            return text, where
        moment = dates.parse_localized(text, language)
        if moment is not None:  # a day without a time stays a day
            return (moment.isoformat() if ":" in text else moment.date().isoformat()), where
    return None


def _readable(text: str) -> bool:
    try:
        dates.parse_date(text)
    except dates.DateError:
        return False
    return True


def _candidates(tree, body_text: str) -> Iterator[tuple[str, str]]:
    ld = list(_json_ld_articles(tree))
    yield from (("JSON-LD datePublished", item["datePublished"]) for item in ld if item.get("datePublished"))
    yield from (("article:published_time", v) for v in _meta(tree, "article:published_time"))
    yield from (("itemprop datePublished", v) for v in _itemprop(tree, "datePublished"))
    for element in tree.xpath("//time[@pubdate][@datetime] | //article//time[@datetime]")[:1]:
        yield "<time datetime>", element.get("datetime")
    for name in _PUBLISHED_META:
        yield from ((name, v) for v in _meta(tree, name))
    yield from (("JSON-LD dateModified", item["dateModified"]) for item in ld if item.get("dateModified"))
    for name in _MODIFIED_META:
        yield from ((name, v) for v in _meta(tree, name))
    yield from (("itemprop dateModified", v) for v in _itemprop(tree, "dateModified"))
    found = _DATELINE.match(body_text.lstrip()[:160])
    if found:
        yield "dateline", found.group("date")


def _meta(tree, name: str) -> list[str]:
    lowered = name.lower()
    return [element.get("content") for element in tree.xpath("//meta[@content]")
            if lowered in {(element.get(a) or "").lower() for a in ("property", "name", "itemprop")}]


def _itemprop(tree, name: str) -> list[str]:
    out = []
    for element in tree.xpath(f"//*[@itemprop='{name}']"):
        value = element.get("content") or element.get("datetime")
        # <time itemprop="datePublished">24 de setembro de 2018</time>
        if not value and element.tag == "time":
            value = element.text_content()
        if value:
            out.append(value)
    return out


def _json_ld_articles(tree) -> Iterator[dict]:
    for script in tree.xpath("//script[@type]"):
        if "ld+json" not in script.get("type", "").lower():
            continue
        data = _json_ld(script.text or "")
        if data is not None:
            yield from _articles(data, 0)


# <![CDATA[ and ]]>, <!-- and -->, each with the JavaScript comment some pages put around it
_WRAPPERS = re.compile(r"(?://[ \t]*|/\*\s*)?(?:<!\[CDATA\[|\]\]>|<!--|-->)(?:\s*\*/)?")


def _json_ld(text: str):
    """A JSON-LD script's value, or None when it cannot be read. Control characters inside its strings
    (raw line breaks, which CMSs leave in descriptions) are accepted, as browsers accept them."""
    for attempt in (text, _WRAPPERS.sub("", text)):
        try:
            return json.loads(attempt, strict=False)
        except ValueError:
            continue
    return None


def _articles(data, depth: int) -> Iterator[dict]:
    if depth > 6:
        return
    if isinstance(data, list):
        for item in data:
            yield from _articles(item, depth + 1)
    elif isinstance(data, dict):
        kinds = data.get("@type")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if any(isinstance(k, str) and _type_name(k) in _ARTICLE_TYPES for k in kinds):
            yield data
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):  # a WebPage's article is its main entity
            if isinstance(data.get(key), (dict, list)):
                yield from _articles(data[key], depth + 1)


def _type_name(kind: str) -> str:
    """``NewsArticle`` of ``NewsArticle``, ``schema:NewsArticle`` or ``https://schema.org/NewsArticle``,
    in lower case."""
    return kind.rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1].strip().lower()
