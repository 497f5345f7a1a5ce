"""Article bodies to HTML: Markdown (markdown-it-py), plain text, and sanitizing (nh3).

The Markdown parser and the sanitizer settings are built once per process.
"""

from __future__ import annotations

import html
import posixpath
import re
from functools import lru_cache

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
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def sanitize(fragment: str) -> str:
    return nh3.clean(
        fragment,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        filter_style_properties={"text-align"},
        link_rel="noopener noreferrer",
    )


def render_markdown(text: str, folder: str, want_title: bool) -> tuple[str, str | None]:
    """Markdown to HTML. Returns (html, title) where title is the first level-1 heading's text when
    ``want_title`` (that heading is then left out of the body). ``folder`` is the article's folder
    relative to content/, used to point relative links and images at the copied files."""
    md = markdown()
    tokens = md.parse(text)
    title = None
    if want_title:
        for index, token in enumerate(tokens):
            if token.type == "heading_open" and token.tag == "h1":
                inline = tokens[index + 1]
                title = _plain_text(inline)
                del tokens[index:index + 3]
                break
    for token in tokens:
        if token.type == "inline" and token.children:
            for child in token.children:
                if child.type == "link_open":
                    _rebase(child, "href", folder)
                elif child.type == "image":
                    _rebase(child, "src", folder)
    return md.renderer.render(tokens, md.options, {}), title


def first_heading(text: str) -> str | None:
    """The text of the first level-1 heading, without rendering anything."""
    tokens = markdown().parse(text)
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h1":
            return _plain_text(tokens[index + 1])
    return None


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


def _rebase(token, attr: str, folder: str) -> None:
    """A relative link in content/<folder>/a.md to ``photo.jpg`` means content/<folder>/photo.jpg, which
    the writer copies to <output>/<folder>/photo.jpg; the article page lives elsewhere, so re-point it."""
    url = token.attrGet(attr)
    if not url or url.startswith(("/", "#", "?", "\\")) or _SCHEME.match(url):
        return
    path, sep, rest = url.partition("#") if "#" in url else url.partition("?")
    target = posixpath.normpath(posixpath.join(folder, path)) if path else ""
    if not target or target.startswith("..") or target == ".":
        return
    token.attrSet(attr, routes.from_article_to_root() + target + sep + rest)


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
