"""Every URL the site has, the slugs inside them, and the relative link from one page to another.

Every path of the site is built here; other modules only put the site's address before one made here
(``base_url`` + path: feeds, the sitemap, citations and JSON-LD), and the importer resolves the original
articles' addresses (a feed's relative links). URLs here are paths relative to the site root, without a
leading slash: ``""`` is the home page, ``2018/03/26/storm/`` an article, ``feed.xml`` a file. Pages link
to each other with relative links only, so a built site works under any sub-path of any static host.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from urllib.parse import quote, unquote

from slugify import slugify

MAX_SLUG = 80
MAX_SLUG_BYTES = 200  # a file name is at most 255 bytes: 80 characters of a 4-byte script would not fit
_WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(10)} | {f"lpt{i}" for i in range(10)}
)
ARTICLE_DEPTH = 4  # YYYY/MM/DD/slug/


_PLAIN = re.compile(r"[A-Za-z0-9 .:;!?()\-]*")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")

SLUG_MODES = ("auto", "ascii", "unicode")
# A letter of a script other than Latin (word characters that are not digits, "_" or Latin letters).
_OTHER_SCRIPT = re.compile(
    r"[^\W\d_A-Za-z\u00aa\u00b5\u00ba\u00c0-\u02af\u1d00-\u1dbf\u1e00-\u1eff\u2c60-\u2c7f"
    r"\ua720-\ua7ff\uab30-\uab6f\ufb00-\ufb06\uff21-\uff3a\uff41-\uff5a]")
_NOT_WORD = re.compile(r"[\W_]+")
# Currency signs ($, £, €, ¥, ₹...: Unicode's category Sc), which transliteration would spell as letters.
_CURRENCY = re.compile("[$\xa2-\xa5\u058f\u060b\u07fe\u07ff\u09f2\u09f3\u09fb\u0af1\u0bf9\u0e3f\u17db"
                       "\u20a0-\u20c0\ua838\ufdfc\ufe69\uff04\uffe0\uffe1\uffe5\uffe6"
                       "\U00011fdd-\U00011fe0\U0001e2ff\U0001ecb0]")  # test_editor_mistakes.py checks it
_DASHES = re.compile(r"-{2,}")
_JOINERS = "\u200c\u200d"  # zero-width (non-)joiners: part of a word's spelling in Persian, Indic scripts


@lru_cache(maxsize=65536)
def make_slug(text: str, fallback: str = "untitled", mode: str = "ascii") -> str:
    """A safe URL and file-name segment, at most 80 characters long.

    ``mode`` (the site's ``slugs:``): ``ascii`` gives lowercase ASCII letters, digits and dashes (other
    scripts transliterated); ``unicode`` keeps every script (see unicode_slug); ``auto`` keeps the
    script of a text written in another script than Latin, and gives ASCII to Latin-script text.
    Whatever the input (``../../etc``, ``/abs``, NUL bytes, emoji), the result can never leave its
    folder, never differs from another only by case, and is never a Windows-reserved name.
    """
    text = str(text)
    if mode != "ascii" and _CURRENCY.search(text):
        text = _CURRENCY.sub("", text)  # "£2m" is 2m, not "ps2m" (ascii keeps the older builds' addresses)
    if mode == "unicode" or (mode == "auto" and not text.isascii() and _OTHER_SCRIPT.search(text)):
        slug = unicode_slug(text)
    elif _PLAIN.fullmatch(text) and len(text) <= MAX_SLUG:
        # the common case, done without python-slugify's transliteration (tested to give its result)
        slug = _NOT_ALNUM.sub("-", text.lower()).strip("-")
    else:
        slug = slugify(text.replace("\x00", " "), max_length=MAX_SLUG, word_boundary=True, save_order=True)
    if not slug:
        slug = slugify(fallback, max_length=MAX_SLUG) or "untitled"
    if slug in _WINDOWS_RESERVED:
        slug += "_"
    return slug


def unicode_slug(text: str) -> str:
    """A slug in the text's own script: NFKC-normalized, lowercased where the script has case, letters,
    marks (vowel signs, harakat), digits and zero-width joiners kept, every other run of characters a
    dash; cut at a dash to at most 80 characters (and 200 bytes of UTF-8)."""
    text = unicodedata.normalize("NFKC", text).lower()
    slug = _NOT_WORD.sub(_keep_marks, text)
    slug = _DASHES.sub("-", slug).strip("-")
    if len(slug) > MAX_SLUG:
        slug = _cut(slug, MAX_SLUG)
    while len(slug.encode("utf-8")) > MAX_SLUG_BYTES:
        slug = _cut(slug, len(slug) - 1)
    return slug


def _cut(slug: str, limit: int) -> str:
    """``slug`` cut to at most ``limit`` characters, at its last dash when it has one."""
    cut = slug.rfind("-", 0, limit + 1)
    return slug[:cut] if cut > 0 else slug[:limit]


def _keep_marks(match: re.Match) -> str:
    """A run of non-word characters as a dash, but for the combining marks and joiners it holds."""
    run = match.group()
    if run == " ":
        return "-"
    return "".join(c if c in _JOINERS or unicodedata.category(c)[0] == "M" else "-" for c in run)


def unique(slug: str, taken: set[str]) -> str:
    """``slug``, or ``slug-2``, ``slug-3``... the first not in ``taken`` (which is then updated)."""
    candidate, n = slug, 1
    while candidate in taken:
        n += 1
        candidate = f"{slug[: MAX_SLUG - len(str(n)) - 1]}-{n}"
    taken.add(candidate)
    return candidate


# ---- the URL scheme ----

def home() -> str:
    """The home page: the latest articles of the whole archive (its numbered pages: ``paged``)."""
    return ""


def article(year: int, month: int, day: int, slug: str) -> str:
    return f"{year:04d}/{month:02d}/{day:02d}/{segment(slug)}/"


def segment(slug: str) -> str:
    """A slug as a URL path segment: a slug in another script than ASCII is percent-encoded UTF-8 (RFC
    3986), so that every URL the site writes (links, feeds, sitemaps, citations) is a valid URI. The file
    on disk has the UTF-8 name (output_path); a browser shows the address in its script."""
    return slug if slug.isascii() else quote(slug, safe="")


_ARTICLE = re.compile(r"[0-9]{4}/[0-9]{2}/[0-9]{2}/[^/]+/")


def readable(url: str) -> str:
    """A URL as a person reads it (in messages): percent-encoded UTF-8 decoded."""
    return unquote(url) if "%" in url else url


def is_article(url: str) -> bool:
    """Whether ``url`` is an article page's (``YYYY/MM/DD/slug/``)."""
    return _ARTICLE.fullmatch(url) is not None


def slug_of(url: str) -> str:
    """The last segment of a page's URL: an article's slug (as written in the URL: percent-encoded)."""
    return url.rstrip("/").rpartition("/")[2]


def is_article_file(rel: str) -> bool:
    """Whether the output file ``rel`` is an article page (``YYYY/MM/DD/slug/index.html``)."""
    return rel.endswith("/index.html") and is_article(rel[:-len("index.html")])


def version(article_url: str, number: int) -> str:
    """Version ``number`` of an article (1 is the oldest kept; the last is the current one): under its
    page, ``2018/03/26/storm/versions/2/`` (see version_pages.py)."""
    return f"{article_url}versions/{number}/"


def version_list(article_url: str, page: int = 1) -> str:
    """The list of an article's versions, ``2018/03/26/storm/versions/`` (its first page: the oldest), then
    ``.../versions/page/2/`` and on when it is long (see version_pages.py)."""
    return f"{article_url}versions/" if page == 1 else f"{article_url}versions/page/{page}/"


def year(y: int) -> str:
    return f"{y:04d}/"


def month(y: int, m: int) -> str:
    return f"{y:04d}/{m:02d}/"


def day(y: int, m: int, d: int) -> str:
    return f"{y:04d}/{m:02d}/{d:02d}/"


def stories(y: int, m: int, d: int) -> str:
    """The stories page of a day: the stories several outlets told, first reported that day."""
    return f"stories/{y:04d}/{m:02d}/{d:02d}/"


def story(first_article_url: str) -> str:
    """A story's own page, named after its first article's address: ``stories/YYYY/MM/DD/<slug>/``."""
    return f"stories/{first_article_url}"


def story_page(story_url: str, number: int) -> str:
    """Page ``number`` of a story's own page (1: the story's address; see story_pages.py)."""
    return story_url if number == 1 else paged(story_url, number)


def sources() -> str:
    return "sources/"


def source(slug: str) -> str:
    return f"sources/{segment(slug)}/"


def source_year(slug: str, y: int) -> str:
    """A source's year: its months, with their counts (``pages.listing.source_date_pages``)."""
    return f"sources/{segment(slug)}/{y:04d}/"


def source_month(slug: str, y: int, m: int) -> str:
    """A source's month: its articles by day."""
    return f"sources/{segment(slug)}/{y:04d}/{m:02d}/"


def languages() -> str:
    return "languages/"


def language(code: str) -> str:
    return f"languages/{segment(code.lower())}/"


def tags() -> str:
    return "tags/"


def tag(slug: str) -> str:
    return f"tags/{segment(slug)}/"


def authors() -> str:
    return "authors/"


def author(slug: str) -> str:
    """An author's page: the articles whose bylines name them (``taxonomies.AUTHORS``)."""
    return f"authors/{segment(slug)}/"


def feed(list_url: str) -> str:
    """The Atom feed of a list: ``feed.xml`` for the home page, ``sources/<slug>/feed.xml``..."""
    return f"{list_url}feed.xml"


def feed_archive(list_url: str, number: int) -> str:
    """Archive document ``number`` (counted from the oldest, RFC 5005) of a list's feed: ``feed/3.xml``,
    ``sources/<slug>/feed/3.xml``."""
    return f"{list_url}feed/{number}.xml"


def search() -> str:
    """The search page (Pagefind in the browser; no server needed)."""
    return "search/"


def search_bundle() -> str:
    """The folder of Pagefind's index and scripts."""
    return "pagefind/"


def search_part(year: int) -> str:
    """The index of one year's articles (a Pagefind bundle of its own)."""
    return f"{search_bundle()}{year:04d}/"


def search_recent() -> str:
    """The index of the articles added or changed since their year's part was made (a bundle of its own)."""
    return f"{search_bundle()}recent/"


def search_changes() -> str:
    """What the search page reads first: whether there is a recent part, and the copies in the year parts
    that the recent part supersedes (or whose article is gone)."""
    return f"{search_bundle()}changes.json"


def stylesheet() -> str:
    return "static/style.css"


def static(name: str) -> str:
    return f"static/{name}"


def not_found() -> str:
    return "404.html"


def sitemap(part: str = "") -> str:
    """``sitemap.xml``, the index of the sitemap's parts, and a part: ``sitemap-2019.xml`` (a year's pages),
    ``sitemap-pages.xml`` (the others), ``sitemap-2019-2.xml`` (the second 50,000 URLs of a part)."""
    return f"sitemap-{part}.xml" if part else "sitemap.xml"


def robots() -> str:
    return "robots.txt"


def api_articles(year: int | None = None) -> str:
    return "api/articles.json" if year is None else f"api/articles-{year:04d}.json"


def data_url(media_type: str, data: bytes) -> str:
    """A ``data:`` URL holding ``data`` (UTF-8 text of ``media_type``), for a download link that needs no
    file of its own (an article's citation for a reference manager): every byte but ASCII letters, digits
    and ``-._~`` percent-encoded, so that quotes, ``<``, ``#``, ``%``, line breaks and any script come back
    exactly as given, and nothing in it can end the attribute or the URL."""
    return f"data:{media_type};charset=utf-8,{''.join(map(_PERCENT.__getitem__, data))}"


# each byte as ``quote(..., safe="")`` writes it: a table look-up per byte in C, where ``quote`` calls a
# Python function per byte (two citations on each article page: 1.2% of a clean build's time)
_PERCENT = tuple(chr(b) if chr(b).isascii() and (chr(b).isalnum() or chr(b) in "-._~") else f"%{b:02X}"
                 for b in range(256))


def data() -> str:
    """The page listing the archive's data files (the archive as data)."""
    return "data/"


def data_package() -> str:
    """The Frictionless Data descriptor of the data files."""
    return "data/datapackage.json"


def data_file(year: int, extension: str) -> str:
    """One year's articles as a table: ``data/articles-2018.csv``, ``data/articles-2018.jsonl``."""
    return f"data/articles-{year:04d}.{extension}"


def database() -> str:
    """The archive as one SQLite database (``archive_database``), with ``database: true`` in the config."""
    return "data/archive.sqlite"


def root_key(href: str) -> str | None:
    """How a root-relative link and an old address are compared: the path decoded, without its fragment,
    query, trailing ``/`` or ``/index.html`` (``/blog/ct-logs/`` and ``/blog/ct-logs`` are one); None for
    a link that is not root-relative (``//host/``, ``https:``)."""
    if not href.startswith("/") or href.startswith("//"):
        return None
    cut = min((i for i in (href.find("#"), href.find("?")) if i >= 0), default=len(href))
    path = unquote(href[:cut])
    if path.endswith("/index.html"):
        path = path[:-len("index.html")]
    path = path.rstrip("/")
    return path or None


# An old site's permalink pattern (config old_permalinks): the parts of an article it may hold
# (pages.redirects.pattern_address fills them in)
OLD_PERMALINK_TOKENS = (":year", ":month", ":day", ":slug", ":filename", ":title")


def old_permalink_problem(pattern: str) -> str | None:
    """What is wrong with an old site's permalink pattern, or None."""
    if not pattern.startswith("/") or pattern.startswith("//"):
        return f"{pattern!r} must be a path from the old site's root, starting with /"
    if not any(token in pattern for token in OLD_PERMALINK_TOKENS):
        return f"{pattern!r} names no part of an article (" + ", ".join(OLD_PERMALINK_TOKENS) + ")"
    return None


def fixity_manifest() -> str:
    """The SHA-256 of every output file but itself (BagIt's manifest format)."""
    return "manifest-sha256.txt"


def content_manifest() -> str:
    """The SHA-256 of every file of content/ (the same format; paths start with ``content/``)."""
    return "content-sha256.txt"


def paged(list_url: str, number: int) -> str:
    """Numbered page ``number`` (1 is the oldest articles: see paging.py) of the list at ``list_url`` (the
    home page ``""``, a source, a language, a tag, an author): ``page/3/``, ``sources/<slug>/page/3/``.
    The list's own address shows its latest articles."""
    return f"{list_url}page/{number}/"


# ---- files and links ----

def output_path(url: str) -> str:
    """The file, relative to the output folder, that serves ``url`` (with its UTF-8 name: URLs are
    percent-encoded, files are not)."""
    if "%" in url:
        url = unquote(url, errors="strict")
    return url + "index.html" if url == "" or url.endswith("/") else url


def relative(from_url: str, to_url: str, portable: bool = False) -> str:
    """The relative link from the page at ``from_url`` to ``to_url`` (``portable``: see portable_href)."""
    if portable:
        return portable_href(relative(from_url, to_url))
    here = from_url.split("/")[:-1]  # the folder of the page ("a/b/" -> [a, b]; "a/feed.xml" -> [a])
    there = to_url.split("/")
    common = 0
    for mine, theirs in zip(here, there[:-1]):
        if mine != theirs:
            break
        common += 1
    link = "../" * (len(here) - common) + "/".join(there[common:])
    return link or "./"


# ---- portable sites (opened from disk, file://) ----
# A browser opening a folder from disk shows a file listing, not its index.html: a portable site links
# every page by its file. Page URLs stay the same (they name the files); only the links written in pages
# change, all here: the rendering of a portable site passes every page through portable_links.

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_HREF = re.compile(r'(<[^>]*?\s(?:href|action)=")([^"]*)(")')  # links, and the search box's form


def portable_href(href: str) -> str:
    """A relative link to a folder (``../2018/``, ``./``, ``..``) as a link to its ``index.html``; any other
    link (a file, an absolute or external address, a fragment) as it is."""
    if not href or _SCHEME.match(href) or href.startswith(("/", "#", "?")):
        return href
    cut = min((i for i in (href.find("?"), href.find("#")) if i >= 0), default=len(href))
    path, rest = href[:cut], href[cut:]
    if path.endswith("/"):
        path += "index.html"
    elif path in (".", "..") or path.endswith(("/.", "/..")):
        path += "/index.html"
    else:
        return href
    return path + rest


def portable_links(html: str) -> str:
    """Every ``href`` (and form ``action``) of a rendered HTML page made portable (see portable_href)."""
    return _HREF.sub(lambda m: m.group(1) + portable_href(m.group(2)) + m.group(3), html)


def root(url: str) -> str:
    """The relative path from the page at ``url`` to the site's root: ``./``, ``../``, ``../../``..."""
    depth = url.count("/")
    return "../" * depth if depth else "./"


def from_article_to_root() -> str:
    """Article pages all sit at the same depth, so a link from any of them to the root is the same."""
    return "../" * ARTICLE_DEPTH


def from_version_to_root() -> str:
    """Version pages sit two folders below their article's page (``versions/N/``)."""
    return "../" * (ARTICLE_DEPTH + 2)


_PATH_SAFE = "/!$&()*+,;=:@~"  # RFC 3986 pchar besides unreserved (but "'", which could end an attribute)
_PATH_SAFE_ASCII = re.compile(r"[A-Za-z0-9._\-/!$&()*+,;=:@~]*")


def asset(content_relative_path: str) -> str:
    """A non-article file of content/ (an image, a PDF) is served at the same path under the root: its
    URL (percent-encoded where the name needs it; output_path gives the file back)."""
    if content_relative_path.isascii() and _PATH_SAFE_ASCII.fullmatch(content_relative_path):
        return content_relative_path
    return quote(content_relative_path, safe=_PATH_SAFE)
