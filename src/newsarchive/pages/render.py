"""The Jinja environment (the site's templates/ first, then the packaged theme; autoescape on) and the
rendering of one page, a pure function of (page, site): the same inputs give the same bytes.

Templates link with ``{{ root }}{{ url }}``: ``root`` is the relative path from the page to the site's
root (``./``, ``../../``), so every link is relative and the site works under any sub-path. The header
and footer (``header.html``, ``footer.html``) are the same for every page at the same depth: they are
rendered once per depth and reused.
"""

from __future__ import annotations

import hashlib
import uuid
from functools import lru_cache, partial
from importlib import resources
from pathlib import Path

import jinja2
from markupsafe import Markup

from newsarchive import characters, dates, i18n, routes, taxonomies
from newsarchive.data import citation_downloads, cite
from newsarchive.data import tables as datasets
from newsarchive.model import MADE, Page, Site
from newsarchive.pages import views
from newsarchive.search import order as search_order
from newsarchive.versions import pages as version_pages

ENTRY_CACHE = 60_000  # rendered list items kept per process
# Stands for the page's root in cached list items. A title holding these control characters would
# show a path in its text, nothing worse: the root is a run of "../" or "./".
ROOT_MARK = "\x02root\x03"


def theme_dir() -> Path:
    """The default theme: shipped in the package as newsarchive/theme (see pyproject.toml); in a source
    checkout (editable install) it is the repository's templates/ folder."""
    packaged = Path(str(resources.files("newsarchive") / "theme"))
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[3] / "templates"  # src/newsarchive/pages/render.py
    if checkout.is_dir():
        return checkout
    raise RuntimeError("the default theme is missing from the installation; reinstall newsarchive")


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept between builds (Jinja checks each against its template's source): a build
    that renders a few pages spends more time compiling the theme than rendering. A folder it cannot write
    is no cache, never an error."""

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except OSError:
            pass

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _template_cache(cache_dir: Path | None) -> jinja2.BytecodeCache | None:
    if cache_dir is None:
        return None
    folder = cache_dir / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _TemplateCache(str(folder))


class _Environment(jinja2.Environment):
    def make_globals(self, d):
        """A template's globals as a plain dict, not Jinja's ChainMap over the environment's: Jinja copies
        them into every render's context (each page, list item and include), and a ChainMap is copied key
        by key in Python (5% of a clean build). The environment's globals are all set before its first
        template is loaded (``make_environment``), and never changed after."""
        return {**self.globals, **(d or {})}


def make_environment(site_dir: Path, site: Site, cache_dir: Path | None = None) -> jinja2.Environment:
    """The Jinja environment of the site's templates/ over the theme; ``cache_dir``: the build cache, which
    keeps the compiled templates."""
    loaders: list[jinja2.BaseLoader] = []
    user = site_dir / "templates"
    theme = theme_dir()
    if user.is_dir() and user.resolve() != theme.resolve():
        loaders.append(jinja2.FileSystemLoader(str(user)))
    loaders.append(jinja2.FileSystemLoader(str(theme)))
    # Templates are trusted code, as Hugo's and Jekyll's are: they are written by whoever runs the build
    # (like its config), and can do what Python can. Jinja's sandbox would stop a template from reaching
    # os through cycler.__init__.__globals__, but it cost 15 to 20% of a clean build's CPU time here
    # (2,000 articles, 5 runs each); content is what is untrusted, and it never becomes template code.
    env = _Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,
        bytecode_cache=_template_cache(cache_dir),
    )
    language = site.config.language
    words = i18n.Words(language)
    chrome: dict[tuple[str, str], Markup] = {}

    def render_chrome(name: str, root: str) -> Markup:
        """``header.html`` or ``footer.html`` for pages whose root is ``root`` (rendered once each)."""
        key = (name, root)
        if key not in chrome:
            chrome[key] = Markup(env.get_template(name).render(root=root))
        return chrome[key]

    entries: dict[tuple, tuple] = {}

    def entry_item(entry, hide: str) -> str:
        """``entry.html``: one article in a list. An article appears in several lists (home, source,
        language, tags, day) at several depths: render it once per way it is shown (``hide``: what the
        list's page says of every item already, its day or its source), with a stand-in for ``root``.
        Kept by the entry's key (what lists show of it, ``fingerprints.entry_key``): the same on a Dask
        worker, whose chunks bring their own copy of each entry. An entry without one is kept by its id,
        and held, so that another cannot take its id once it is freed."""
        key = (entry.key or id(entry), hide)
        found = entries.get(key)
        if found is None or (found[0] is not None and found[0] is not entry):
            if len(entries) >= ENTRY_CACHE:
                entries.clear()
            html = env.get_template("entry.html").render(entry=entry, root=ROOT_MARK, hide=hide)
            found = entries[key] = (None if entry.key else entry, html)
        return found[1]

    def render_entry(entry, root: str, hide: str = "") -> Markup:
        return Markup(entry_item(entry, hide).replace(ROOT_MARK, root))

    def render_entries(items, root: str, hide: str = "") -> Markup:
        """``entry_html`` for each of a list's articles, joined: one call from the template for the whole
        list, where a call per article cost as much as the items themselves (3% of a clean build)."""
        return Markup("".join([entry_item(entry, hide) for entry in items]).replace(ROOT_MARK, root))

    cited: list = [None, None, None]  # (article, entry, work) of the page being rendered

    def citing(article, entry) -> cite.Work:
        """What the article page cites (``views.citation_work``), made once for its head, its citations
        and its downloads. The objects are held, so that another page's cannot be taken for them."""
        if cited[0] is not article or cited[1] is not entry:
            cited[:] = [article, entry, views.citation_work(article, entry, site.config)]
        return cited[2]

    env.globals.update(
        site=site, entry_html=render_entry, entries_html=render_entries, config=site.config,
        site_direction=site.config.direction,
        routes=routes, w=words, t=words.get, link=_link, chrome=render_chrome,
        taxonomy=taxonomies.taxonomy, menu=taxonomies.menu(site.menus),
        byline_authors=lambda entry: taxonomies.byline_authors(entry.article.authors, entry.authors,
                                                               site.config.slugs),
        lang_name=lambda code: i18n.language_name(code, language),
        lang_name_native=i18n.language_name,
        month_label=lambda year, month: dates.format_month(year, month, site.locale),
        month_short=lambda year, month: dates.format_month_short(year, month, site.locale),
        weekday=lambda index: dates.weekday_names(site.locale)[index],
        direction=i18n.direction,
        atom_id=_atom_id, ld_article=views.ld_article, export=views.export,
        citations=lambda article, entry: cite.styles(citing(article, entry), site.locale),
        citation_html=lambda text, article, entry: Markup(cite.isolated(text, citing(article, entry))),
        citation_meta=lambda article, entry: cite.highwire(citing(article, entry)),
        citation_downloads=lambda article, entry: citation_downloads.downloads(citing(article, entry)),
        wayback=cite.wayback, search_order=search_order.key,
        replay=partial(cite.replay, site.config.replay_url),
        data_file=lambda kind, page: Markup(datasets.file_text(kind, page, site.config)),
        version_links=version_pages.links,
        recent_versions=version_pages.recent,
        plural_words=lambda one="article", many="articles": i18n.plural_words(language, one, many),
        change_note=lambda article: version_pages.change_note(article, site.locale, language),
        change_note_html=lambda article: version_pages.note_html(
            version_pages.change_note(article, site.locale, language)),
    )
    env.filters.update(
        day=lambda day, lang=None, width="long": dates.format_day(
            day, i18n.babel_locale(lang) if lang else site.locale, width),
        month_name=lambda month: dates.month_name(month, site.locale),
        iso=_iso,
        plural=lambda count, one="article", many="articles": i18n.counted(count, language, one, many),
    )
    return env


TEMPLATE_TYPES = ("html", "xml", "txt", "json", "jsonl", "csv")


def load_templates(env: jinja2.Environment) -> None:
    """Compile every template now, before the workers are forked: each inherits them, where it would
    otherwise compile its own copy of the theme (on a first build, before the bytecode cache holds it:
    about 5% of a 1,000-article build). A template that does not compile is left for the page that uses
    it to report, with its file and line."""
    for name in env.list_templates(extensions=TEMPLATE_TYPES):
        try:
            env.get_template(name)
        except jinja2.TemplateError:
            pass


@jinja2.pass_context
def _link(ctx, target: str) -> str:
    """The relative link from the page being rendered to ``target`` (a routes URL), for site templates."""
    return routes.relative(ctx["page"].url, target, ctx["site"].portable)


@lru_cache(maxsize=8192)  # an article's entry is in its feeds and its source's, language's and tags'
def _atom_id(text: str) -> str:
    """A feed or entry id that never changes when the site moves (it does not hold the site's address):
    ``uuid.uuid5(uuid.NAMESPACE_URL, "newsarchive:" + text)``, formatted here (the ``UUID`` object cost
    more than the SHA-1 it holds: 2% of a clean build)."""
    digest = bytearray(hashlib.sha1(_URL_NAMESPACE + ("newsarchive:" + text).encode("utf-8")).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    hexed = digest.hex()
    return f"urn:uuid:{hexed[:8]}-{hexed[8:12]}-{hexed[12:16]}-{hexed[16:20]}-{hexed[20:]}"


_URL_NAMESPACE = uuid.NAMESPACE_URL.bytes


def _iso(value) -> str:
    return value.isoformat()


def render_page(env: jinja2.Environment, page: Page, site: Site) -> bytes:
    made = page.context.get(MADE)  # a file made without its template (rebuilds.year_files)
    if made is not None:
        return made
    language = page.language or site.config.language
    context = page.context.copy()
    context.update(page=page, lang=language, dir=i18n.direction(language))
    context.setdefault("root", routes.root(page.url))  # a page served at any path (404) sets its own
    html = env.get_template(page.template).render(context)
    if site.portable and page.template.endswith(".html"):
        return routes.portable_links(characters.for_output(html)).encode("utf-8")
    return characters.output_bytes(html)
