"""Article bodies to HTML: Markdown (markdown-it-py), plain text, and sanitizing (nh3).

The Markdown parser and the sanitizer settings are built once per process.
"""

from __future__ import annotations

import html
import posixpath
import re
from functools import lru_cache
from urllib.parse import unquote

import nh3
from markdown_it import MarkdownIt

from newsarchive import routes

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")

# What survives sanitizing: nh3's (ammonia's) allowlist of ordinary formatting, plus figures, tables,
# text direction and code-block languages. Scripts, iframes, forms, event handlers, style sheets and
# javascript:/data: URLs never do.
_TAGS = set(nh3.ALLOWED_TAGS) | {"figure", "figcaption", "picture", "source"}
_ATTRIBUTES = {tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()}
_ATTRIBUTES.setdefault("*", set()).update({"lang", "dir", "title", "id"})
_ATTRIBUTES.setdefault("code", set()).add("class")
_ATTRIBUTES.setdefault("th", set()).add("style")
_ATTRIBUTES.setdefault("td", set()).add("style")
_ATTRIBUTES.setdefault("img", set()).update({"loading"})
_ATTRIBUTES.setdefault("source", set()).update({"srcset", "media", "type"})
_URL_SCHEMES = {"http", "https", "mailto", "tel", "ftp"}


@lru_cache(maxsize=1)
def markdown() -> MarkdownIt:
    """markdown-it-py: the reference parser, used where markdown-it-pyrs is not installed."""
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


@lru_cache(maxsize=1)
def fast_markdown():
    """markdown-it-pyrs, the Rust port of markdown-it by the same project: the same HTML, 10x faster.
    None where it is not installed (then markdown-it-py is used)."""
    try:
        import markdown_it_pyrs
    except ImportError:  # pragma: no cover - a platform without its wheels
        return None
    return markdown_it_pyrs.MarkdownIt("commonmark").enable_many(["table", "strikethrough"])


def sanitize(fragment: str) -> str:
    return nh3.clean(
        fragment,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        filter_style_properties={"text-align"},
        link_rel="noopener noreferrer",
    )


def render_markdown(text: str, folder: str, want_title: bool,
                    articles: dict[str, str] | None = None) -> tuple[str, str | None]:
    """Markdown to HTML. Returns (html, title) where title is the first level-1 heading's text when
    ``want_title`` (that heading is then left out of the body). ``folder`` is the article's folder
    relative to content/, used to point relative links and images at the copied files, and links to
    articles' files at their pages (``articles``: source path -> page URL; see rebase_links)."""
    fast = fast_markdown()
    try:
        if fast is None:
            raise _UseReference
        html, title = _render_fast(fast, text, want_title)
    except _UseReference:
        html, title = _render_reference(text, want_title)
    return rebase_links(html, folder, articles), title


class _UseReference(Exception):
    pass


def _render_fast(fast, text: str, want_title: bool) -> tuple[str, str | None]:
    try:
        html = fast.render(text)
        if not want_title:
            return html, None
        heading, raw_h1 = _first_heading_node(fast.tree(text), watch_html=True)
        if heading is None:
            return html, None
        if raw_h1:  # raw HTML with an <h1> comes first: let the reference parser sort it out
            raise _UseReference
        # The heading renders as the first "<h1>...</h1>\n" of the HTML: take it out.
        start = html.find("<h1>")
        end = html.find("</h1>\n", start)
        if start < 0 or end < 0:
            raise _UseReference
        return html[:start] + html[end + 6:], _node_text(heading)
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException:  # noqa: BLE001 - a panic in the Rust parser (pyo3's PanicException) on odd input
        raise _UseReference from None


def first_heading(text: str) -> str | None:
    """The text of the first level-1 heading, without rendering anything."""
    fast = fast_markdown()
    if fast is None:
        return _render_reference(text, True)[1]
    try:
        heading = _first_heading_node(fast.tree(text))
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException:  # noqa: BLE001 - see _render_fast
        return _render_reference(text, True)[1]
    return _node_text(heading) if heading is not None else None


def _first_heading_node(tree, watch_html: bool = False):
    """The first level-1 heading; with ``watch_html``, also whether raw HTML holding an <h1> comes before
    it or inside it."""
    raw_h1 = False
    heading = None
    for node in tree.walk():
        if node.name in ("html_block", "html_inline") and "<h1" in node.meta.get("content", "").lower():
            raw_h1 = True
        if heading is None and node.name in ("heading", "lheading") and node.meta.get("level") == 1:
            heading = node
            if not watch_html:
                return heading
        elif heading is not None and not _inside(node, heading):
            break
    return (heading, raw_h1) if watch_html else heading


def _inside(node, heading) -> bool:
    start, end = heading.srcmap
    return node.srcmap[0] >= start and node.srcmap[1] <= end


def _node_text(node) -> str:
    parts = []
    for child in node.walk():
        if child.name in ("text", "code_inline"):
            parts.append(child.meta.get("content", ""))
        elif child.name in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts).strip()


def _render_reference(text: str, want_title: bool) -> tuple[str, str | None]:
    md = markdown()
    tokens = md.parse(text)
    title = None
    if want_title:
        for index, token in enumerate(tokens):
            if token.type == "heading_open" and token.tag == "h1":
                title = _plain_text(tokens[index + 1])
                del tokens[index:index + 3]
                break
    return md.renderer.render(tokens, md.options, {}), title


def _plain_text(inline) -> str:
    parts = []
    for child in inline.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts).strip()


_LINK_ATTRIBUTE = re.compile(r"""(\s(?:href|src)=)(["'])([^"'<>]*)\2""")


def rebase_links(html: str, folder: str, articles: dict[str, str] | None = None) -> str:
    """A relative link in content/<folder>/a.md to ``photo.jpg`` means content/<folder>/photo.jpg, which
    the writer copies to <output>/<folder>/photo.jpg; the article page lives elsewhere, so re-point it.
    A link to another article's file (``2018-03-25-storm.md#quote``) found in ``articles`` (source path
    -> page URL) is pointed at that article's page. Links with a scheme, absolute paths and fragments
    are left alone."""
    if " href=" not in html and " src=" not in html:
        return html

    def repoint(match: re.Match) -> str:
        url = match.group(3)
        if not url or url.startswith(("/", "#", "?", "\\")) or _SCHEME.match(url):
            return match.group(0)
        path, sep, rest = url.partition("#") if "#" in url else url.partition("?")
        target = posixpath.normpath(posixpath.join(folder, unquote(path))) if path else ""
        if not target or target.startswith("..") or target == ".":
            return match.group(0)
        page = articles.get(target) if articles and match.group(1).endswith("href=") else None
        quote = match.group(2)
        link = page if page is not None else routes.asset(target)
        return f"{match.group(1)}{quote}{routes.from_article_to_root()}{link}{sep}{rest}{quote}"

    return _LINK_ATTRIBUTE.sub(repoint, html)


def render_text(text: str) -> str:
    """Plain text: paragraphs split on blank lines, lines inside a paragraph joined, all escaped."""
    paragraphs = [p.strip() for p in _PARAGRAPH_BREAK.split(text.strip())]
    out = []
    for paragraph in paragraphs:
        if paragraph:
            joined = " ".join(line.strip() for line in paragraph.split("\n"))
            out.append(f"<p>{html.escape(joined, quote=False)}</p>\n")
    return "".join(out)


def text_paragraphs(text: str) -> list[str]:
    return [p for p in (p.strip() for p in _PARAGRAPH_BREAK.split(text.strip())) if p]
