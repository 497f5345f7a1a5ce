"""What a reference manager downloads from an article's page: the citation as RIS
(``application/x-research-info-systems``) and as CSL-JSON (``application/vnd.citationstyles.csl+json``).
What they say is ``cite``'s (pure functions); this module is the one place that decides their bytes, their
download names and media types.

**Links, not files.** They used to be two files beside each page (``citation.ris``,
``citation.csl.json``): 20,000 files at 10,000 articles, two in three of the files a clean build wrote for
an article. Now the page carries them as ``data:`` links (``routes.data_url``), made from the same
``cite.Work`` as the citations the page shows, with the same bytes and the same ``download`` names
(``legoff2018evacuation.ris``). A reader gets the same file in the same click; a reference manager reads
the Highwire Press ``citation_*`` tags of the page's ``<head>`` (``cite.highwire``) without any download;
the build writes one file per article instead of three, and has nothing beside the page to keep in step
with it (the page's fingerprint covers all they say, as it did for the files).

Why ``data:`` links rather than a shared file (one per month or per source, with an anchor per article):
a browser downloads a whole file, never the part an anchor names, so a shared file would give a reader a
month of citations to import instead of one; and a shared file changes whenever one of its articles does.
What it costs: each article page is larger by the two records, percent-encoded (about 2 KB for an
English article, more for scripts that take several bytes a letter; 0.56 KB once compressed, as hosts serve
pages, less than the two files took compressed; see docs/performance.md).

**Safe anywhere.** Every byte but ASCII letters, digits and ``-._~`` is percent-encoded, so any text
(quotes, ``<``, ``#``, ``%``, line breaks, Arabic, emoji) comes back exactly and nothing in it can end the
attribute, start a fragment or run. A ``data:`` link with ``download`` is a download, not a resource the
page loads: a Content-Security-Policy has no directive that blocks it (the theme sets none, and
``default-src`` or ``img-src`` govern loads, not downloads), and browsers that refuse to open a page from a
``data:`` URL still save one (Chromium, Firefox). The Nu Html Checker accepts the links
(tests/test_quality.py).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, NamedTuple

from newsarchive import routes
from newsarchive.data import cite

if TYPE_CHECKING:
    from newsarchive.data.cite import Work

RIS_TYPE = "application/x-research-info-systems"
CSL_TYPE = "application/vnd.citationstyles.csl+json"


class Download(NamedTuple):
    """A link the article page gives: its label, the name a browser saves it as, its media type and
    address."""

    label: str
    name: str
    media_type: str
    href: str


def ris_bytes(work: Work) -> bytes:
    """The RIS record, as a reference manager imports it (CRLF line ends, UTF-8)."""
    return cite.ris(work).encode("utf-8")


def csl_bytes(work: Work) -> bytes:
    """The CSL-JSON item list, indented by one space, ending with a line break (UTF-8)."""
    return (_indented(cite.csl_json(work), "\n") + "\n").encode("utf-8")


def _indented(value, newline: str) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=1)``, for the strings, numbers, lists and dicts of a
    CSL-JSON item: the same text (tests/test_calendar_cite.py compares them), where ``json`` takes its
    pure-Python encoder as soon as it indents (2% of a clean build, for the two downloads of each page)."""
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = newline + " "
        return "{" + inner + ("," + inner).join(
            _string(key) + ": " + _indented(item, inner) for key, item in value.items()) + newline + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        inner = newline + " "
        return "[" + inner + ("," + inner).join(_indented(item, inner) for item in value) + newline + "]"
    return json.dumps(value)  # numbers, booleans, null


_string = json.encoder.encode_basestring  # (the C function when there is one)


def downloads(work: Work) -> list[Download]:
    """The article page's downloads for reference managers, saved under the BibTeX key
    (``legoff2018evacuation.ris``)."""
    key = cite.bibtex_key(work)
    return [Download("RIS", f"{key}.ris", RIS_TYPE, routes.data_url(RIS_TYPE, ris_bytes(work))),
            Download("CSL-JSON", f"{key}.csl.json", CSL_TYPE, routes.data_url(CSL_TYPE, csl_bytes(work)))]
