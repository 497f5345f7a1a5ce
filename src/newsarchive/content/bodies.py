"""Article bodies, read and rendered when a page shows them (article pages and feeds), never kept for the
whole archive: the build reads every article's facts first and its text only here."""

from __future__ import annotations

from dataclasses import replace

from newsarchive.content.loader import render_body
from newsarchive.context import ReadContext
from newsarchive.errors import BuildFailed, Problem
from newsarchive.fingerprints import content_hash
from newsarchive.model import Article, Page
from newsarchive.versions.pages import with_texts


def with_body(context: ReadContext, page: Page) -> Page:
    """Article pages and feeds show bodies: read and render them now (they are not kept in memory, but for
    the ones feeds show, in ``context.kept_bodies``)."""
    kept, texts = context.kept_bodies, page.kind.texts
    if texts == "article" and "article" in page.context:
        article = page.context["article"]
        body = kept.pop(article.path, None) or read_body(context, article)  # its one page: not needed after
        full = replace(article, body_html=body)
        return Page(page.url, page.template, {**page.context, "article": full}, page.language, page.key)
    if page.context.get("with_text"):  # a year's data file with the articles' text: read, not kept
        bodies = {e.article.path: read_body(context, e.article) for e in page.context["entries"]}
        return Page(page.url, page.template, {**page.context, "bodies": bodies}, page.language, page.key)
    if texts == "version":
        article = page.context["article"]

        def text(n: int) -> tuple[str, str]:
            if n > len(article.versions):
                return article.title, read_body(context, article)
            return read_version(context, article, article.versions[n - 1][0])

        return with_texts(page, text, context.load_options.site_language)
    if texts == "entries":
        bodies = {}
        for entry in page.context["entries"]:
            body = kept.get(entry.article.path)
            if body is None:
                body = kept[entry.article.path] = read_body(context, entry.article)
            bodies[entry.article.path] = body
        return Page(page.url, page.template, {**page.context, "bodies": bodies}, page.language, page.key)
    return page


def forget_bodies(context: ReadContext, pages: list[Page]) -> None:
    """Pages come in the build's order: feeds, then lists and article pages. Once a process has
    pages to render that show no body, the bodies it kept for feeds will not be shown again: forget
    them (at 100,000 articles, about 40 MB in each process)."""
    if context.kept_bodies and not any(p.kind.texts in ("article", "entries") for p in pages):
        context.kept_bodies.clear()


def read_body(context: ReadContext, article: Article) -> str:
    """An article's body as HTML, read from its file and checked against the facts read before."""
    shown = "content/" + article.path
    try:
        raw = (context.content_dir / article.path).read_bytes()
    except OSError as exc:
        raise BuildFailed([Problem(shown, None, f"cannot be read any more ({exc.strerror})",
                                        "build again")]) from None
    if content_hash(raw, context.tree.defaults_for(article.path)) != article.content_hash:
        raise BuildFailed([Problem(shown, None, "changed while the site was being built",
                                        "build again")])
    return render_body(raw, article, context.load_options, linked(context, article))


def linked(context: ReadContext, article: Article) -> dict[str, str] | None:
    """The addresses of the articles an article's text links (``Article.links``, its versions' too): the
    only links its pages point at other articles' pages, wherever they are rendered (a Dask worker
    receives these addresses, not the archive's)."""
    urls = context.article_urls
    if not article.links or not urls:
        return None
    return {target: urls[target] for target in article.links if target in urls}


def read_version(context: ReadContext, article: Article, rel: str) -> tuple[str, str]:
    """An earlier version's title and body (HTML), read from its file (``versions.py``) as its article
    would be, and checked against the hash its article's facts hold."""
    from newsarchive.content.loader import load_article

    shown = "content/" + rel
    defaults = context.tree.defaults_for(article.path)
    try:
        raw = (context.content_dir / rel).read_bytes()
    except OSError as exc:
        raise BuildFailed([Problem(shown, None, f"cannot be read any more ({exc.strerror})",
                                   "build again")]) from None
    if content_hash(raw, defaults) not in {h for r, h, *_ in article.versions if r == rel}:
        raise BuildFailed([Problem(shown, None, "changed while the site was being built", "build again")])
    old, found = load_article(raw, article.path, defaults, context.load_options, with_body=False)
    if old is None:
        raise BuildFailed([Problem(shown, p.line, p.message, p.hint) for p in found if p.is_error])
    return old.title, render_body(raw, old, context.load_options, linked(context, article))
