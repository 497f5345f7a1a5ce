"""A mistake in a template, reported like a content problem: the template's file and line, and a hint."""

from __future__ import annotations

from pathlib import Path

import jinja2

from newsarchive.errors import Problem, display_path

_TEMPLATE_SUFFIXES = (".html", ".xml", ".txt", ".json")
_OWN_CODE = str(Path(__file__).resolve().parents[1])  # the newsarchive package


def template_problem(exc: BaseException, site_dir: Path) -> Problem | None:
    """A mistake in a template (the site's override, usually) as a message naming its file and line.

    A Jinja error is always one. Any other exception raised while rendering is the template's when the
    innermost frame of newsarchive's own code or a template is a template (``{{ 1/0 }}``, ``{{ title +
    1 }}``, a template including itself); else it is a bug in newsarchive, and this returns None."""
    filename, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    is_jinja = isinstance(exc, jinja2.TemplateError)
    blamed = is_jinja
    if filename is None:  # an error while rendering: find the innermost template frame in the traceback
        tb = exc.__traceback__
        while tb is not None:
            name = tb.tb_frame.f_code.co_filename
            if name.endswith(_TEMPLATE_SUFFIXES):
                filename, line, blamed = name, tb.tb_lineno, True
            elif name.startswith(_OWN_CODE) and not is_jinja:
                blamed = False
            tb = tb.tb_next
    if not blamed:
        return None
    shown = display_path(Path(filename), site_dir) if filename else "templates"
    if isinstance(exc, RecursionError):
        message = "the template includes or extends itself, without end"
    elif is_jinja:
        message = getattr(exc, "message", None) or str(exc)
    else:
        message = f"{exc} ({type(exc).__name__})"
    return Problem(shown, line, f"template error: {message}",
                        "fix the template (or remove your override to use the default theme)")
