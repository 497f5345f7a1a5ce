"""Article bodies as files: HTML becomes Markdown (sanitized first, so that nothing the sanitizer would
remove at build time is kept in the file), plain text stays plain text in a ``.txt`` file (its
paragraphs, found by the rule of ``markup.paragraphs``, written with a blank line between them, so that
the file reads as it is shown) (the loader escapes it and nothing in it is read as markup), Markdown
stays Markdown."""

from __future__ import annotations

from markdownify import markdownify

from newsarchive.content.markup import paragraphs, sanitize

TOO_DEEP = ("the HTML is nested too deeply to be converted (hundreds of elements inside each other); "
            "flatten it, or give the article's text as plain text in a 'text' field")


class BodyError(ValueError):
    """A record's body that cannot be written as an article file: the message says why and what to do.
    The importer reports the record and goes on with the others."""


def as_file(body: str, kind: str) -> tuple[str, str]:
    """(the file's suffix, the body to write). Raises BodyError for HTML too deep to convert."""
    if kind == "text":
        return ".txt", "\n\n".join(paragraphs(body))  # as the loader will read it: one per blank line
    if kind == "html":
        try:
            return ".md", html_to_markdown(body)
        except RecursionError:  # markdownify walks the tree by recursion
            raise BodyError(TOO_DEEP) from None
    return ".md", body.strip("\n")


def html_to_markdown(fragment: str) -> str:
    markdown = markdownify(sanitize(fragment), heading_style="ATX", bullets="-")
    lines = [line.rstrip() for line in markdown.strip("\n").split("\n")]
    out: list[str] = []
    for line in lines:  # at most one blank line in a row
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip("\n")
