"""The files a reference manager imports, beside each article's page: ``citation.ris`` (RIS,
``application/x-research-info-systems``) and ``citation.csl.json`` (CSL-JSON,
``application/vnd.citationstyles.csl+json``). What they say is ``cite``'s (pure functions); this module
gives their paths and bytes.

They are not pages of their own: the worker that renders an article's page writes them right after it
(without a template), and keeps them when it keeps the page. The page's fingerprint covers everything they
say (its entry key: title, date, authors, source, tags, URL, summary), so they are rewritten only when the
page is rendered again, and written only when their bytes change."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from newsarchive import routes
from newsarchive.data import cite
from newsarchive.pages import views

if TYPE_CHECKING:
    from newsarchive.config import Config
    from newsarchive.model import Entry


def paths(article_url: str) -> tuple[str, str]:
    """The output files of an article's citations (relative to the output folder)."""
    return (routes.output_path(routes.citation_ris(article_url)),
            routes.output_path(routes.citation_csl(article_url)))


def files(entry: Entry, config: Config) -> list[tuple[str, bytes]]:
    """An article's citation files, as (output path, bytes)."""
    work = views.citation_work(entry.article, entry, config)
    ris_path, csl_path = paths(entry.url)
    csl = json.dumps(cite.csl_json(work), ensure_ascii=False, indent=1) + "\n"
    return [(ris_path, cite.ris(work).encode("utf-8")), (csl_path, csl.encode("utf-8"))]


def download_name(article, entry: Entry, config: Config) -> str:
    """The name a reader's browser saves a citation file as, less its extension: the BibTeX key
    (``legoff2018evacuation``)."""
    return cite.bibtex_key(views.citation_work(article, entry, config))
