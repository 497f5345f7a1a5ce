"""The files a reference manager imports, beside each article's page: ``citation.ris`` (RIS,
``application/x-research-info-systems``) and ``citation.csl.json`` (CSL-JSON,
``application/vnd.citationstyles.csl+json``). What they say is ``cite``'s (pure functions); this module
lists them as pages of the site and gives their text.

They are pages like any other: each has the fingerprint of what it shows (its article's entry key: title,
date, authors, source, tags, URL), so a rebuild writes only those whose article's facts changed; they come
right after their article's page in the build's list, so the worker that renders the page writes them."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from newsarchive import cite, routes, views
from newsarchive.model import Page

if TYPE_CHECKING:
    from newsarchive.archive import Entry
    from newsarchive.config import Config

TEMPLATES = ("citation.ris", "citation.csl.json")


def citation_pages(entry: Entry) -> list[Page]:
    """The two citation files of an article (their key: what its lists show of it, its URL included)."""
    key = entry.key.hex()
    ris = Page(routes.citation_ris(entry.url), "citation.ris", {"entry": entry}, key=key)
    csl = Page(routes.citation_csl(entry.url), "citation.csl.json", {"entry": entry}, key=key)
    return [ris, csl]


def file_text(kind: str, entry: Entry, config: Config) -> str:
    """The text of an article's ``ris`` or ``csl`` file."""
    work = views.citation_work(entry.article, entry, config)
    if kind == "ris":
        return cite.ris(work)
    return json.dumps(cite.csl_json(work), ensure_ascii=False, indent=2) + "\n"


def download_name(entry: Entry, config: Config, extension: str) -> str:
    """The name a reader's browser saves a citation file as: its BibTeX key (``legoff2018evacuation.ris``)."""
    return f"{cite.bibtex_key(views.citation_work(entry.article, entry, config))}.{extension}"
