"""Links between the files of content/: a Markdown body's relative links and images, and its links to
other articles' source files (``[see](2018-03-25-storm.md)``, ``../04/x.md#quote``).

The build points a link to an article's file at that article's page (markup.rebase_links, given the map
of source paths to page URLs), and any other relative link or image at the copied file. An article page
depends on the URLs of the articles it links: ``article_links`` finds them when the facts are read (with
no rendering), so that the build cache re-renders it when one of them moves. ``newsarchive check``
reports the links and images that name no file (``problems``).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from newsarchive import routes
from newsarchive import text as text_file
from newsarchive.content.frontmatter import FrontMatterError, split
from newsarchive.errors import WARNING, Problem

ARTICLE_SUFFIXES = (".md", ".markdown", ".txt")  # as content.loader's
_MENTIONS = re.compile(r"\.(?:md|markdown|txt)", re.IGNORECASE)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
# The destination of an inline link or of a link reference definition that names a .md or .txt file, or
# the address of an HTML link (``href="..."``) that does: what ``markup.rebase_links`` may point at an
# article's page, which resolves only these (one place decides what an article links).
# It may find more than Markdown would (in code, say): a page depending on one more URL is harmless.
_ARTICLE_LINK = re.compile(
    r"""(?:\]\(\s*|^[ ]{0,3}\[[^\]\n]+\]:[ \t]*)"""
    r"""(?:<([^<>\n]+?\.(?:md|markdown|txt))[#?>]|([^\s()<>"']+?\.(?:md|markdown|txt))(?=[#?)\s"']|$))"""
    r"""|\shref=["']([^"'<>]+?\.(?:md|markdown|txt))(?=[#?"'])""",
    re.MULTILINE | re.IGNORECASE)
# What a root-relative link starts with: three patterns that each start with a literal, which the regular
# expression engine scans for quickly (one alternation of them took four times as long)
_ROOT_HINTS = (re.compile(r"\]\(\s*<?/(?!/)"), re.compile(r"\]:[ \t]*<?/(?!/)"),
               re.compile(r"""href=["']/(?!/)"""))
# A root-relative destination (``/blog/ct-logs/``) of an inline link, a reference definition or an HTML link.
_ROOT_LINK = re.compile(
    r"""(?:\]\(\s*<?|^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?)(/[^\s()<>"'/][^\s()<>"']*|/)(?=[\s)>"']|$)"""
    r"""|\shref=["'](/[^"'<>/][^"'<>]*|/)["']""",
    re.MULTILINE)


def resolve(folder: str, href: str) -> str | None:
    """The file of content/ that a relative link (as written, or percent-encoded) in an article of
    ``folder`` names, without its fragment or query; None for an external, absolute or fragment-only
    link, and ``..`` for one that leaves content/."""
    if not href or href.startswith(("/", "#", "?", "\\")) or _SCHEME.match(href):
        return None
    cut = min((i for i in (href.find("#"), href.find("?")) if i >= 0), default=len(href))
    path = unquote(href[:cut])
    if not path:
        return None
    target = posixpath.normpath(posixpath.join(folder, path))
    return ".." if target == "." or target.startswith("../") or target == ".." else target


def is_article_file(path: str) -> bool:
    return path.lower().endswith(ARTICLE_SUFFIXES)


def article_links(body: str, folder: str) -> tuple[str, ...]:
    """The content/ paths of the articles a Markdown body links to, and its root-relative links (an old
    site's addresses, ``/blog/slug/``: ``routes.root_key``, with their leading ``/``), which may name an
    article's old address (``pages.redirects``); sorted. Empty for most bodies: the patterns run only when
    the text mentions a .md or .txt file, or a link starting with ``/``."""
    found: set[str | None] = set()
    if _MENTIONS.search(body):
        found = {resolve(folder, m.group(1) or m.group(2) or m.group(3))
                 for m in _ARTICLE_LINK.finditer(body)}
    if any(hint.search(body) for hint in _ROOT_HINTS):  # (the full pattern: 85 µs on 4 KB of text)
        found.update(routes.root_key(m.group(1) or m.group(2)) for m in _ROOT_LINK.finditer(body))
    return tuple(sorted(t for t in found if t and t != ".."))



def problems(rel: str, raw: bytes, files: set[str], published: set[str],
             rooted: frozenset[str] | None = None) -> list[Problem]:
    """The links and images of the Markdown article ``content/<rel>`` that name no file of content/
    (``files``), or an article that has no page (``published`` holds those that have one)."""
    try:
        parts = split(text_file.decode(raw))
    except (text_file.NotUTF8, FrontMatterError):
        return []  # the build reports those
    body = parts.body
    if "{{" in body or "{%" in body or "{filename}" in body or "{static}" in body:  # as the build reads it
        from newsarchive.content import shortcodes

        body = shortcodes.translate(body, (), posixpath.dirname(rel))[0]
    if "](" not in body and "]:" not in body:
        return []
    from newsarchive.content.markup import markdown

    folder = posixpath.dirname(rel)
    lines = body.split("\n")
    out = []
    for token in markdown().parse(body):
        for child in token.children or ():
            if child.type == "image":
                kind, href = "image", child.attrGet("src")
            elif child.type == "link_open":
                kind, href = "link", child.attrGet("href")
            else:
                continue
            problem = _problem(kind, str(href or ""), folder, files, published, rooted)
            if problem:
                line = parts.body_line + _line_of(lines, token.map, str(href))
                out.append(Problem("content/" + rel, line, *problem, WARNING))
    return out


def _problem(kind: str, href: str, folder: str, files: set[str], published: set[str],
             rooted: frozenset[str] | None = None) -> tuple | None:
    if rooted is not None and href.startswith("/") and not href.startswith("//"):
        key = routes.root_key(href)
        if key is None or key in rooted:
            return None
        shown = unquote(href)
        what = (f"{kind} '{shown}' starts at the site's root and names no file of static/ nor an "
                "article's old address: it leads to the old site's page, or nowhere once the archive is "
                "served under a path")
        how = ("give the article it means that old address (aliases: in its front matter, or old_permalinks "
               "in newsarchive.yaml), put the file in static/, or write the full address (https://...)")
        return what, how
    target = resolve(folder, href)
    if target is None:
        return None
    shown = unquote(href)
    if target == "..":
        return (f"{kind} '{shown}' points outside content/",
                "link to a file inside content/ (it is copied with the site), or to a full address")
    where = posixpath.dirname(target)
    where = f"content/{where}/" if where else "content/"
    if kind == "link" and is_article_file(target):
        if target not in files:
            return (f"link '{shown}' names no article: no {posixpath.basename(target)} in {where}",
                    ("link to an article by its file's name and folder (e.g. 2018-03-25-storm.md, "
                     "../04/2018-04-12-council.md), or remove the link"))
        if target not in published:
            return (f"link '{shown}' names an article that is not published (a draft?), so it has no page",
                    "publish that article, or remove the link")
        return None
    if target in files or "." not in posixpath.basename(target):
        return None  # a file that is there, or a folder (a page of the site, perhaps)
    if rooted and routes.root_key("/" + target) in rooted:
        return None  # a file of static/, which the output holds at that path too
    return (f"{kind} '{shown}' not found in {where}",
            f"put the file {posixpath.basename(target)} in {where}, or correct the name (case matters)")


def _line_of(lines: list[str], block: list[int] | None, href: str) -> int:
    """The 0-based line of the body where a link of the block spanning ``block`` is written."""
    start, end = block or (0, 1)
    for wanted in (href, unquote(href)):
        for index in range(start, min(end, len(lines))):
            if wanted in lines[index]:
                return index
    return start


CHECK_CHUNK = 500


def link_problems(content_dir: Path, loaded, jobs: int = 0, rooted: frozenset[str] | None = None
                  ) -> list[Problem]:
    """``newsarchive check``: the links and images of every Markdown article that name no file of
    content/ (see ``problems``), read in parallel; with ``rooted`` (the ``routes.root_key`` of the site's
    static/ files and of the articles' old addresses), also the root-relative ones that name neither."""
    from newsarchive import parallel

    tree = loaded.tree
    files = set(tree.articles) | set(tree.assets)
    published = {article.path for article in loaded.articles}
    markdown_files = [rel for rel in tree.articles if not rel.lower().endswith(".txt")]
    context = LinkContext(content_dir, files, published, rooted)
    out: list[Problem] = []
    for found in parallel.run(_check_chunk, parallel.chunks(markdown_files, CHECK_CHUNK),
                              jobs or parallel.default_jobs(), context):
        out += [Problem(*record) for record in found]
    return out


@dataclass(frozen=True, slots=True)
class LinkContext:
    """What checking links needs, in a worker."""

    content_dir: Path
    files: set[str]  # every file of content/ (articles and assets)
    published: set[str]  # the articles published
    rooted: frozenset[str] | None = None  # root-relative addresses that resolve (see link_problems)


def _check_chunk(context: LinkContext, rels: list[str]) -> list[tuple]:
    out = []
    for rel in rels:
        try:
            raw = (context.content_dir / rel).read_bytes()
        except OSError:
            continue  # the build reports it
        out += [p.to_record() for p in problems(rel, raw, context.files, context.published, context.rooted)]
    return out
