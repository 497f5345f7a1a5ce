"""Citations of an archived article: APA (7th ed.), MLA (9th ed.), Chicago (17th ed., notes and
bibliography) and BibTeX, built from the article's metadata. Pure functions: no I/O, no URLs of their own
(the caller passes the address to cite), dates from ``dates`` (Babel) in the site's locale.

**Only what the archive knows.** Styles cite a web page with the day it was read ("Accessed 26 Mar. 2018").
A static build has no reader and must give the same bytes whenever it runs, so the access date is the day
the archive's copy was taken, when the article says it (``archived:`` in its front matter); else a citation
has none (APA 7 and MLA 9 give one only when it is known and useful), rather than a day nobody read it on.
Likewise an article that names no source has no publisher in its citations (not "Unattributed"). Neither
ever depends on the build's clock.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from datetime import date

from newsarchive import dates, i18n, webaddress
from newsarchive.content import bylines
from newsarchive.routes import make_slug

_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


@dataclass(frozen=True, slots=True)
class Work:
    """What a citation says of an article."""

    authors: tuple[str, ...]
    title: str
    container: str  # the source (newspaper, agency) that published it; "" when the article names none
    published: date
    url: str | None  # the address to cite: the archive's copy, or the original
    accessed: date | None  # the day the archive's copy was taken, when known (see the module's note)
    language: str = "en"  # the article's language (BibTeX langid)
    slug: str = ""  # the title's slug when already known (the article's URL): spares a transliteration
    original: str | None = None  # the original's address (RIS and CSL-JSON carry it beside the cited one)
    summary: str | None = None
    keywords: tuple[str, ...] = ()  # the article's tags


def access_date(archived: object) -> date | None:
    """The access date a static build can promise: ``archived`` (a date, or text such as 2018-03-27), the
    day the archive's copy was taken; None when the article does not say it."""
    if isinstance(archived, date):
        return archived
    if isinstance(archived, str) and archived.strip():
        try:
            return dates.parse_date(archived).day
        except dates.DateError:
            pass
    return None


def split_name(name: str) -> tuple[str, str]:
    """(family, given) of the person a byline names (the rule is in ``bylines``): ``Le Goff, Claire`` as
    written, ``Calvin Rodo, Chief Technology Officer`` as Rodo, Calvin; in a name in order, the last word
    with the particles before it (le, de, van, al...). A one-word name (or an organization) is all family
    name."""
    return bylines.split(name)


def _initials(given: str) -> str:
    """``Claire`` -> ``C.``, ``Jean-Paul`` -> ``J.-P.``; names in scripts without initials stay whole."""
    if not given or not _LATIN.search(given):
        return given
    parts = []
    for word in given.split():
        parts.append("-".join(piece[0] + "." for piece in word.split("-") if piece))
    return " ".join(parts)


def _sentence(text: str) -> str:
    """A title ending with its own punctuation is not given another full stop."""
    text = text.strip()
    return text if text[-1:] in ".?!" else text + "."


def _join(names: list[str], conjunction: str) -> str:
    if len(names) <= 1:
        return "".join(names)
    if len(names) == 2:
        return f"{names[0]}{',' if conjunction == '&' else ''} {conjunction} {names[1]}"
    return ", ".join(names[:-1]) + f", {conjunction} {names[-1]}"


def apa(work: Work, locale: str = "en") -> str:
    """Le Goff, C. (2018, March 26). Title. Source. Retrieved March 27, 2018, from https://..."""
    names = []
    for author in work.authors:
        family, given = split_name(author)
        names.append(f"{family}, {_initials(given)}" if given else family)
    when = f"({dates.citation_day(work.published, 'apa', locale)})."
    parts = [_join(names, "&"), when, _sentence(work.title)] if names else [_sentence(work.title), when]
    parts.append(_sentence(work.container))
    if work.url and work.accessed:
        retrieved = dates.citation_day(work.accessed, "chicago", locale)
        parts.append(f"{i18n.translate('Retrieved', locale)} {retrieved}, {i18n.translate('from', locale)} "
                     f"{work.url}")
    elif work.url:
        parts.append(work.url)
    return " ".join(p for p in parts if p)


def mla(work: Work, locale: str = "en") -> str:
    """Le Goff, Claire. "Title." Source, 26 Mar. 2018, https://.... Accessed 27 Mar. 2018."""
    parts = []
    if work.authors:
        family, given = split_name(work.authors[0])
        first = f"{family}, {given}" if given else family
        if len(work.authors) == 2:
            parts.append(_sentence(f"{first}, and {bylines.name(work.authors[1])}"))
        elif len(work.authors) > 2:
            parts.append(_sentence(f"{first}, et al"))
        else:
            parts.append(_sentence(first))
    parts.append(f"\u201c{_sentence(work.title)}\u201d")
    day = dates.citation_day(work.published, "mla", locale)
    tail = ", ".join(p for p in (work.container, day, work.url) if p)
    parts.append(tail + ".")
    if work.accessed:
        accessed = dates.citation_day(work.accessed, "mla", locale)
        parts.append(f"{i18n.translate('Accessed', locale)} {accessed}.")
    return " ".join(parts)


def chicago(work: Work, locale: str = "en") -> str:
    """Le Goff, Claire. "Title." Source, March 26, 2018. Accessed March 27, 2018. https://...."""
    parts = []
    if work.authors:
        family, given = split_name(work.authors[0])
        names = [f"{family}, {given}" if given else family, *map(bylines.name, work.authors[1:])]
        parts.append(_sentence(_join(names, "and")))
    parts.append(f"\u201c{_sentence(work.title)}\u201d")
    day = dates.citation_day(work.published, "chicago", locale)
    parts.append(f"{work.container}, {day}." if work.container else f"{day}.")
    if work.accessed:
        accessed = dates.citation_day(work.accessed, "chicago", locale)
        parts.append(f"{i18n.translate('Accessed', locale)} {accessed}.")
    if work.url:
        parts.append(f"{work.url}.")
    return " ".join(parts)


# ---- BibTeX ----

_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "%": r"\%", "#": r"\#",
    "_": r"\_", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}",
}
_BIBTEX_RE = re.compile(r"[\\{}$&%#_^~]")
_LANGID = {"en": "english", "fr": "french", "es": "spanish", "ar": "arabic", "de": "german", "it": "italian",
           "pt": "portuguese", "nl": "dutch"}


_CONTROLS = {c: " " for c in [*range(32), 127]}
_URL_VERBATIM = str.maketrans({"{": "%7B", "}": "%7D", "\\": "%5C", " ": "%20"})


def bibtex_escape(text: str) -> str:
    """Text as a BibTeX field value: TeX's special characters escaped, so that braces always balance;
    control characters become spaces. Letters beyond ASCII stay as they are (UTF-8, biber/biblatex)."""
    text = text.translate(_CONTROLS)
    return _BIBTEX_RE.sub(lambda m: _BIBTEX_SPECIAL[m.group()], " ".join(text.split()))


def bibtex_url(url: str) -> str:
    """biblatex reads ``url`` verbatim: percent-encode the few characters that would end the field."""
    return url.translate(_URL_VERBATIM)


@functools.lru_cache(maxsize=256)  # asked by each citation and download of the article page's Work
def bibtex_key(work: Work) -> str:
    """``legoff2018evacuation``: the first author's (or the source's) family name, the year, the title's
    first word, in ASCII letters and digits."""
    who = split_name(work.authors[0])[0] if work.authors else work.container
    slug = work.slug if work.slug.isascii() and "%" not in work.slug else ""  # ASCII keys, whatever the URL
    slug = slug or make_slug(work.title, fallback="article")
    word = next((w for w in slug.split("-") if len(w) > 2), "article")
    return re.sub(r"[^a-z0-9]", "", make_slug(who, fallback="anon") + str(work.published.year) + word)


def bibtex(work: Work) -> str:
    """A biblatex ``@article`` entry (a newspaper article), fields escaped."""
    fields = []
    if work.authors:
        fields.append(("author", " and ".join(
            bibtex_escape(f"{f}, {g}" if g else f) for f, g in map(split_name, work.authors))))
    fields.append(("title", "{" + bibtex_escape(work.title) + "}"))  # double braces keep its capitals
    if work.container:
        fields.append(("journaltitle", bibtex_escape(work.container)))
    fields.append(("date", work.published.isoformat()))
    if work.url:
        fields.append(("url", bibtex_url(work.url)))
        if work.accessed:
            fields.append(("urldate", work.accessed.isoformat()))
    langid = _LANGID.get(i18n.primary(work.language))
    if langid:
        fields.append(("langid", langid))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@article{{{bibtex_key(work)},\n{body}\n}}"


def wayback(url: str) -> str:
    """The Internet Archive's copies of ``url`` (its Wayback Machine picks the closest one)."""
    return f"https://web.archive.org/web/{url}"


def replay(pattern: str, url: str, timestamp: str) -> str:
    """The capture of ``url`` at ``timestamp`` (14 digits) in the replay tool the site names
    (``replay_url``: its address with {timestamp} and {url})."""
    return pattern.replace("{timestamp}", timestamp).replace("{url}", url)


# ---- for reference managers (Zotero, EndNote, Mendeley): the article page's meta tags, and the RIS and
# CSL-JSON records it gives as downloads (citation_downloads.py) ----


_LINE_BREAKS = {**_CONTROLS, 0x85: " ", 0x2028: " ", 0x2029: " "}  # what str.splitlines() also splits at


def _one_line(text: str) -> str:
    """A field value on one line: control characters and line breaks as spaces, runs of spaces as one."""
    return " ".join(text.translate(_LINE_BREAKS).split())


def highwire(work: Work) -> list[tuple[str, str]]:
    """The article page's citation meta tags, as (name, content), in the order of the page's ``<head>``:
    the Highwire Press ``citation_*`` tags that Google Scholar, Zotero and Mendeley read from a page.

    - ``citation_title``; one ``citation_author`` per author, the person's name without the byline's role,
      family name first as in RIS (``Le Goff, Claire``: a reader that splits a name in order at its last
      word would make "Goff" the family name); an organization as written;
    - ``citation_publication_date`` (``2018/03/26``, the form Google Scholar asks for). No
      ``citation_online_date``: an archived article has one publication date, and that tag would repeat it;
    - the source: ``citation_publisher`` (Highwire has no tag for a newspaper), and
      ``prism.publicationName``, a PRISM tag (which Google Scholar also reads) that Zotero makes the item's
      publication. Never ``citation_journal_title``: Zotero would make every article a journal article;
      ``DC.type`` ``NewsItem`` makes it a newspaper article instead;
    - ``citation_language``; ``citation_public_url``, the address the citations cite, when there is one.
    """
    tags = [("citation_title", work.title)]
    tags += [("citation_author", f"{family}, {given}" if given else family)
             for family, given in map(split_name, work.authors)]
    day = work.published
    tags += [("citation_publication_date", f"{day.year:04d}/{day.month:02d}/{day.day:02d}"),
             ("citation_publisher", work.container), ("prism.publicationName", work.container),
             ("DC.type", "NewsItem"), ("citation_language", work.language)]
    if work.url:
        tags.append(("citation_public_url", work.url))
    return [(name, line) for name, line in ((name, _one_line(content)) for name, content in tags) if line]


def ris(work: Work) -> str:
    """An RIS record (the format EndNote and Zotero import), lines ended by CRLF as the format says:
    ``TY  - NEWS`` first, ``ER  - `` last, one ``AU`` line per author (the person's name from the byline,
    family name first), the access date in ``Y2`` (when known), the cited address in ``UR`` and the
    original's in a note (``N1``) when it is another."""
    lines = [("TY", "NEWS")]
    lines += [("AU", f"{family}, {given}" if given else family)
              for family, given in map(split_name, work.authors)]
    lines += [("TI", work.title), ("T2", work.container), ("PY", f"{work.published.year:04d}"),
              ("DA", work.published.strftime("%Y/%m/%d"))]
    if work.accessed:
        lines.append(("Y2", work.accessed.strftime("%Y/%m/%d")))
    if work.url:
        lines.append(("UR", work.url))
    if work.original and work.original != work.url:
        lines.append(("N1", f"Original: {work.original}"))
    lines.append(("LA", work.language))
    if work.summary:
        lines.append(("AB", work.summary))
    lines += [("KW", keyword) for keyword in work.keywords]
    lines.append(("ID", bibtex_key(work)))
    body = "".join(f"{tag}  - {line}\r\n" for tag, line in ((tag, _one_line(value)) for tag, value in lines)
                   if line)
    return body + "ER  - \r\n"


def _csl_date(day: date) -> dict:
    return {"date-parts": [[day.year, day.month, day.day]]}


def csl_json(work: Work) -> list[dict]:
    """The article as CSL-JSON (citeproc's input, which Zotero imports): a list of one ``article-newspaper``
    item. A byline naming a person gives ``family`` and ``given``; a one-word name or an organization is
    a ``literal`` name (CSL would otherwise take it for a family name)."""
    authors = []
    for author in work.authors:
        family, given = split_name(author)
        authors.append({"family": family, "given": given} if given else {"literal": family})
    item: dict = {"id": bibtex_key(work), "type": "article-newspaper", "title": work.title}
    if authors:
        item["author"] = authors
    if work.container:
        item["container-title"] = work.container
    item["issued"] = _csl_date(work.published)
    if work.accessed:
        item["accessed"] = _csl_date(work.accessed)
    if work.url:
        item["URL"] = work.url
    if work.original and work.original != work.url:
        item["note"] = f"Original: {work.original}"  # CSL has no field for the original of an archived copy
    item["language"] = work.language
    if work.summary:
        item["abstract"] = work.summary
    if work.keywords:
        item["keyword"] = ", ".join(work.keywords)
    return [item]


# characters written right to left (Hebrew, Arabic, Syriac, Thaana, N'Ko, Samaritan, Mandaic and their
# presentation forms, and the right-to-left scripts beyond the first plane)
_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff"
                            "\U0001e800-\U0001efff]")


def isolated(citation: str, work: Work) -> str:
    """A citation as HTML for the article page, each name, the title, the source and the address in a
    ``<bdi>`` when any of them is written right to left. The citation is in the site's language and
    direction; without isolation, an Arabic title or name beside a date reorders it ("(2018, March
    26)" read as "(26 March ,2018)"), and an Arabic name pulls the punctuation around it to its side. A
    citation all left to right is only escaped (what a reader copies is the same text either way)."""
    from markupsafe import escape

    if not _RIGHT_TO_LEFT.search(citation):
        return str(escape(citation))
    values = {work.title.strip(), _sentence(work.title), work.container, _sentence(work.container or "."),
              work.url or "", webaddress.readable(work.url) if work.url else ""}
    for author in work.authors:
        family, given = split_name(author)
        values.update((family, given, _initials(given), bylines.name(author)))
    values = sorted((v for v in values if v.strip(" .")), key=len, reverse=True)
    out, last = [], 0
    for start, end in _spans(citation, values):
        out += [str(escape(citation[last:start])), f"<bdi>{escape(citation[start:end])}</bdi>"]
        last = end
    out.append(str(escape(citation[last:])))
    return "".join(out)


def _word(char: str) -> bool:
    """A word character as regular expressions' ``\\w`` reads one (a letter, digit or ``_``)."""
    return char.isalnum() or char == "_"


def _spans(text: str, values: list[str]) -> list[tuple[int, int]]:
    """Where ``values`` (longest first) stand in ``text`` as whole words, as the alternation
    ``(?<!\\w)(v1|v2|...)(?!\\w)`` finds them from left to right: at each place the longest that stands
    there, then on from its end. Found with ``str.find``: a pattern made for each page was compiled for
    each page (2% of a clean build)."""
    found: list[tuple[int, int, int]] = []  # (start, -length, end)
    for value in values:
        start = text.find(value)
        while start >= 0:
            end = start + len(value)
            if (start == 0 or not _word(text[start - 1])) and (end == len(text) or not _word(text[end])):
                found.append((start, -len(value), end))
            start = text.find(value, start + 1)
    spans, reached = [], 0
    for start, _length, end in sorted(found):
        if start >= reached:
            spans.append((start, end))
            reached = end
    return spans


def styles(work: Work, locale: str = "en") -> list[tuple[str, str]]:
    """Every style, as (name, citation), in the order the article page shows them. The page shows the
    address as a reader reads it (an IRI: ``.../الميناء/``, not seven lines of %D8%A7...); BibTeX, for
    biblatex, and the downloads keep it encoded."""
    shown = replace(work, url=webaddress.readable(work.url)) if work.url else work
    return [("APA", apa(shown, locale)), ("MLA", mla(shown, locale)), ("Chicago", chicago(shown, locale)),
            ("BibTeX", bibtex(work))]
