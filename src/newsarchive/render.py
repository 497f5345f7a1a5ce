"""The Jinja environment (the site's templates/ first, then the packaged theme; autoescape on) and the
rendering of one page, a pure function of (page, site): the same inputs give the same bytes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from newsarchive import dates, i18n, routes
from newsarchive.config import Config


@dataclass(slots=True)
class Page:
    url: str  # routes URL of this page
    template: str  # theme file name, e.g. "article.html"
    context: dict[str, Any] = field(default_factory=dict)
    language: str | None = None  # <html lang>; the site's language when None
    key: str = ""  # fingerprint of the page's inputs (besides the site-wide ones)


@dataclass(frozen=True, slots=True)
class Site:
    """What every page may show: the config and the archive's navigation."""

    config: Config
    years: tuple[int, ...]
    locale: str  # Babel locale of the site's language


def theme_dir() -> Path:
    """The default theme: shipped in the package as newsarchive/theme (see pyproject.toml); in a source
    checkout (editable install) it is the repository's templates/ folder."""
    packaged = Path(str(resources.files("newsarchive") / "theme"))
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "templates"
    if checkout.is_dir():
        return checkout
    raise RuntimeError("the default theme is missing from the installation; reinstall newsarchive")


def make_environment(site_dir: Path) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    user = site_dir / "templates"
    theme = theme_dir()
    if user.is_dir() and user.resolve() != theme.resolve():
        loaders.append(jinja2.FileSystemLoader(str(user)))
    loaders.append(jinja2.FileSystemLoader(str(theme)))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,
    )
    env.globals.update(link=_link, t=_translate, routes=routes, lang_name=_language_name,
                       lang_name_native=i18n.language_name, month_label=_month_label)
    env.filters.update(day=_day, month_name=_month_name, iso=_iso, plural=_plural)
    return env


@jinja2.pass_context
def _link(ctx, target: str) -> str:
    """The relative link from the page being rendered to ``target`` (a routes URL)."""
    return routes.relative(ctx["page"].url, target)


@jinja2.pass_context
def _translate(ctx, word: str) -> str:
    return i18n.translate(word, ctx["site"].config.language)


@jinja2.pass_context
def _language_name(ctx, code: str) -> str:
    return i18n.language_name(code, ctx["site"].config.language)


@jinja2.pass_context
def _day(ctx, day: date, language: str | None = None, width: str = "long") -> str:
    locale = i18n.babel_locale(language) if language else ctx["site"].locale
    return dates.format_day(day, locale, width)


@jinja2.pass_context
def _month_label(ctx, year: int, month: int) -> str:
    return dates.format_month(year, month, ctx["site"].locale)


@jinja2.pass_context
def _month_name(ctx, month: int) -> str:
    return dates.month_name(month, ctx["site"].locale)


def _iso(value) -> str:
    return value.isoformat()


@jinja2.pass_context
def _plural(ctx, count: int, one: str = "article", many: str = "articles") -> str:
    language = ctx["site"].config.language
    return f"{count} {i18n.translate(one if count == 1 else many, language)}"


def render_page(env: jinja2.Environment, page: Page, site: Site) -> bytes:
    language = page.language or site.config.language
    context = {
        **page.context,
        "page": page,
        "site": site,
        "config": site.config,
        "lang": language,
        "dir": i18n.direction(language),
        "site_dir": site.config.direction,
    }
    return env.get_template(page.template).render(context).encode("utf-8")
