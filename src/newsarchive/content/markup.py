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
                    articles: dict[str, str] | None = None, statics: frozenset[str] = frozenset()
                    ) -> tuple[str, str | None]:
    """Markdown to HTML. Returns (html, title) where title is the first level-1 heading's text when
    ``want_title`` (that heading is then left out of the body). ``folder`` is the article's folder
    relative to content/, used to point relative links and images at the copied files, and links to
    articles' files at their pages (``articles``: source path -> page URL; see rebase_links)."""
    fast = _fast_for(text)
    try:
        if fast is None:
            raise _UseReference
        html, title = _render_fast(fast, text, want_title)
    except _UseReference:
        html, title = _render_reference(text, want_title)
    return rebase_links(html, folder, articles, statics), title


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


# markdown-it-pyrs matches emphasis delimiters in quadratic time on deeply nested emphasis (240 KB of
# "*a *a *a ... a* a* a*" took 19 s); markdown-it-py stays linear there (about 2 s). A text with more
# delimiters than any article has goes to the reference engine, whatever its shape: the same HTML.
MAX_FAST_DELIMITERS = 2000


def _fast_for(text: str):
    """The fast engine, unless ``text`` could make it slow (or it is not installed): then None."""
    if text.count("*") + text.count("_") > MAX_FAST_DELIMITERS:
        return None
    return fast_markdown()


def first_heading(text: str) -> str | None:
    """The text of the first level-1 heading, without rendering anything."""
    fast = _fast_for(text)
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


def _plain_text(inline, images: bool = True) -> str:
    parts = []
    for child in inline.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image" and images:
            parts.append(child.content)
    return "".join(parts).strip()


_LINK_ATTRIBUTE = re.compile(r"""(\s(?:href|src)=)(["'])([^"'<>]*)\2""")


def rebase_links(html: str, folder: str, articles: dict[str, str] | None = None,
                 statics: frozenset[str] = frozenset()) -> str:
    """A relative link in content/<folder>/a.md to ``photo.jpg`` means content/<folder>/photo.jpg, which
    the writer copies to <output>/<folder>/photo.jpg; the article page lives elsewhere, so re-point it.
    A link to another article's file (``2018-03-25-storm.md#quote``) found in ``articles`` (source path
    -> page URL) is pointed at that article's page. Links with a scheme, absolute paths and fragments
    are left alone."""
    if " href=" not in html and " src=" not in html:
        return html

    def repoint(match: re.Match) -> str:
        url = match.group(3)
        if url.startswith("/") and not url.startswith("//") and (statics or articles):
            return _root_relative(match, url, statics, articles)
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


def _root_relative(match: re.Match, url: str, statics: frozenset[str], articles: dict[str, str] | None
                   ) -> str:
    """A root-relative link, as an old site's article wrote it, made relative to the article's page so
    that it resolves wherever the archive is served (``https://example.org/archive/``): to a file of the
    site's static/ folder (``/images/map.png``), or to the page of the article whose old address it is
    (``/2019/11/20/slug.html``: ``articles`` holds the old addresses the article links, by ``root_key``).
    Any other root-relative link is left as it is."""
    cut = min((i for i in (url.find("#"), url.find("?")) if i >= 0), default=len(url))
    quote, to_root = match.group(2), routes.from_article_to_root()
    if unquote(url[1:cut]) in statics:
        return f"{match.group(1)}{quote}{to_root}{url[1:]}{quote}"
    page = articles.get(routes.root_key(url) or "") if articles and match.group(1).endswith("href=") else None
    if page is None:
        return match.group(0)
    return f"{match.group(1)}{quote}{to_root}{page}{url[cut:]}{quote}"


_HEADING_TAG = re.compile(r"<(/?)h([1-6])(?=[\s>])", re.IGNORECASE)


def one_h1(html: str) -> str:
    """The article's title is its page's one <h1>: a body that has level-1 headings of its own (a
    ``# Heading`` under a front-matter title, raw ``<h1>``) has every heading moved one level down
    (h1 -> h2 ... h5 -> h6; h6 stays), so the outline keeps its shape under the title."""
    if "<h1" not in html and "<H1" not in html:
        return html
    return _HEADING_TAG.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 1, 6)}", html)


EXCERPT = 200  # characters of an article's first paragraph a list shows when it has no summary


def excerpt(body: str, is_markdown: bool, title: str | None) -> str | None:
    """What a list shows of an article without a summary: its first paragraph of prose (not its title, a
    byline or a picture), as plain text, cut on a word boundary near ``EXCERPT`` characters ("…" added);
    None when it has none."""
    for paragraph in (_markdown_paragraphs(body) if is_markdown else paragraphs(body)):
        text = " ".join(paragraph.split())
        if text and text != (title or "").strip() and not is_byline(text):
            return shorten(text, EXCERPT)
    return None


def shorten(text: str, most: int) -> str:
    """``text`` cut to at most ``most`` characters on a word boundary (on a character for scripts written
    without spaces), with "…"; as it is when short enough."""
    if len(text) <= most:
        return text
    cut = text[:most]
    space = cut.rfind(" ")
    if space >= most // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:–—-") + "…"


def _markdown_paragraphs(text: str) -> list[str]:
    """The text of the Markdown's top-level paragraphs, images left out."""
    fast = _fast_for(text)
    if fast is not None:
        try:
            return [_inline_text(node) for node in fast.tree(text).children if node.name == "paragraph"]
        except (KeyboardInterrupt, SystemExit, GeneratorExit):
            raise
        except BaseException:  # noqa: BLE001, S110 - see _render_fast: the reference parser below
            pass
    tokens = markdown().parse(text)
    return [_plain_text(tokens[n + 1], images=False) for n, token in enumerate(tokens)
            if token.type == "paragraph_open" and token.level == 0]


def _inline_text(node) -> str:
    parts = []
    for child in node.children:
        if child.name in ("text", "code_inline"):
            parts.append(child.meta.get("content", ""))
        elif child.name in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.name != "image":
            parts.append(_inline_text(child))
    return "".join(parts)


def render_text(text: str) -> str:
    """Plain text: paragraphs as ``paragraphs`` finds them, each escaped in a ``<p>``."""
    return "".join(f"<p>{html.escape(p, quote=False)}</p>\n" for p in paragraphs(text))


def text_paragraphs(text: str) -> list[str]:
    """The blocks of plain text between blank lines (a block's lines as written)."""
    return [p for p in (p.strip() for p in _PARAGRAPH_BREAK.split(text.strip())) if p]


# The paragraph rule of plain text, the one place that decides it (the loader renders ``.txt`` files with
# it; ``newsarchive import`` writes each paragraph it finds with a blank line after it):
# - a blank line always ends a paragraph;
# - within a block, each line is a paragraph (scraped corpora and exports separate paragraphs with one
#   newline), unless the block looks hard-wrapped: every line but the last at most HARD_WRAP_WIDTH
#   characters and at least half of them not ending a sentence; a hard-wrapped block is one paragraph,
#   its lines joined by a space;
# - a byline line ("By Calvin Rodo, Chief Technology Officer") heading a block is its own paragraph.
HARD_WRAP_WIDTH = 100
SENTENCE_END = ".!?…:»\"”؟۔。"
_BYLINE = re.compile(r"^(?:by|par|por|von|di|da|door|av|بقلم|كتب|إعداد)[ \t:]+(?P<name>[^,،;|–—]+)"
                     r"(?:\s*[,،;|–—-].*)?$", re.IGNORECASE)
_NAME_PARTICLES = {"de", "da", "do", "dos", "das", "del", "della", "di", "du", "la", "le", "van", "von",
                   "der", "den", "and", "et", "e", "y", "und", "al", "el", "bin", "ibn", "&"}


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a plain text (see the rule above): nothing but line ends and the spaces around
    them is ever dropped."""
    out: list[str] = []
    for block in text_paragraphs(text):
        lines = [line.strip() for line in block.split("\n")]
        lines = [line for line in lines if line]
        if len(lines) > 1 and is_byline(lines[0]):
            out.append(lines.pop(0))
        if _hard_wrapped(lines):
            out.append(" ".join(lines))
        else:
            out.extend(lines)
    return out


def _hard_wrapped(lines: list[str]) -> bool:
    inner = lines[:-1]
    if not inner:
        return True
    if any(len(line) > HARD_WRAP_WIDTH for line in inner):
        return False
    open_ended = sum(1 for line in inner if not line.endswith(tuple(SENTENCE_END)))
    return open_ended * 2 >= len(inner)


def is_byline(line: str) -> bool:
    """A line naming the author: "By Ada Pennick", "Par Jeanne Morvan, correspondante", "بقلم: سامي"."""
    if len(line) > HARD_WRAP_WIDTH or line.endswith((".", "!", "?")):
        return False
    found = _BYLINE.match(line)
    if not found:
        return False
    words = found.group("name").split()
    if not 1 <= len(words) <= 6:
        return False
    if not any(c.isalpha() and not (c.isupper() or c.islower()) for c in found.group("name")):
        # a script with letter case: a name is two or more capitalized words (By Monday ... is not one)
        names = [w for w in words if w.lower() not in _NAME_PARTICLES]
        return len(names) >= 2 and all(w[:1].isupper() for w in names)
    return len(words) <= 4
