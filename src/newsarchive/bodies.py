"""Article bodies, read and rendered when a page shows them (article pages and feeds), never kept for the
whole archive: the build reads every article's facts first and its text only here."""

from __future__ import annotations

from dataclasses import replace

from newsarchive import parallel
from newsarchive.content.loader import content_hash, render_body
from newsarchive.errors import BuildFailed, ContentError
from newsarchive.model import Article, Page


def with_body(page: Page) -> Page:
    """Article pages and feeds show bodies: read and render them now (they are not kept in memory)."""
    if page.template == "article.html" and "article" in page.context:
        article = page.context["article"]
        body = feed_bodies.get(article) or read_body(article)
        full = replace(article, body_html=body)
        return Page(page.url, page.template, {**page.context, "article": full}, page.language, page.key)
    if page.template == "atom.xml":
        bodies = {}
        for entry in page.context["entries"]:
            body = feed_bodies.get(entry.article)
            if body is None:
                body = feed_bodies[entry.article] = read_body(entry.article)
            bodies[entry.article.path] = body
        return Page(page.url, page.template, {**page.context, "bodies": bodies}, page.language, page.key)
    return page


# The bodies feeds show, kept by each worker for the other feeds (and the article page) that show them
# again: at most 50 per feed, about 13,000 at 100,000 articles. Keyed by the Article object itself.
feed_bodies: dict[Article, str] = {}


def read_body(article: Article) -> str:
    """An article's body as HTML, read from its file and checked against the facts read before."""
    shared = parallel.shared
    shown = "content/" + article.path
    try:
        raw = (shared["content_dir"] / article.path).read_bytes()
    except OSError as exc:
        raise BuildFailed([ContentError(shown, None, f"cannot be read any more ({exc.strerror})",
                                        "build again")]) from None
    if content_hash(raw, shared["tree"].defaults_for(article.path)) != article.content_hash:
        raise BuildFailed([ContentError(shown, None, "changed while the site was being built",
                                        "build again")])
    return render_body(raw, article, shared["load_options"], shared.get("article_urls"))
