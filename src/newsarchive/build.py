"""The orchestrator, which reads like the build's table of contents:
load the config and content -> place articles in the archive -> list the pages -> render -> write."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import jinja2

from newsarchive import dates, i18n, routes
from newsarchive.archive import Archive, build_archive
from newsarchive.config import Config, load_config
from newsarchive.content.loader import LoadOptions, load_article
from newsarchive.content.tree import ContentTree, scan
from newsarchive.errors import BuildFailed, ContentError, UsageError, display_path
from newsarchive.model import Article
from newsarchive.pages import site_pages
from newsarchive.render import Site, make_environment, render_page, theme_dir
from newsarchive.writer import Writer


@dataclass(frozen=True, slots=True)
class BuildOptions:
    output: Path | None = None  # default: SITE_DIR/build
    drafts: bool = False  # publish articles marked draft: true
    future: bool = False  # publish articles dated after now (also config include_future)
    skip_invalid: bool = False  # leave out files with errors (reported as warnings) and publish the rest


@dataclass(slots=True)
class Loaded:
    config: Config
    tree: ContentTree
    articles: list[Article]  # the ones to publish
    problems: list[ContentError] = field(default_factory=list)
    left_out: int = 0  # drafts and future articles


@dataclass(slots=True)
class BuildResult:
    articles: int
    pages: int
    written: int
    unchanged: int
    seconds: float
    problems: list[ContentError]
    output: Path


def now() -> datetime:
    """The build's moment: SOURCE_DATE_EPOCH when set (reproducible builds), else the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), timezone.utc)
    return datetime.now(timezone.utc)


def load(site_dir: Path, options: BuildOptions) -> Loaded:
    content_dir = site_dir / "content"
    if not content_dir.is_dir():
        raise UsageError(f"no content/ folder in {site_dir}: an archive folder holds its articles in content/")
    config, problems = load_config(site_dir)
    tree = scan(content_dir)
    problems += tree.problems
    load_options = LoadOptions(config.language, dates.zone(config.timezone), config.allow_raw_html)
    articles: list[Article] = []
    for rel in tree.articles:
        try:
            raw = (content_dir / rel).read_bytes()
        except OSError as exc:
            problems.append(ContentError("content/" + rel, None, f"cannot be read ({exc.strerror})",
                                         "check the file exists and is readable (a broken link?)"))
            continue
        article, found = load_article(raw, rel, tree.defaults_for(rel), load_options)
        problems += found
        if article is not None:
            articles.append(article)
    moment = now()
    publish_future = options.future or config.include_future
    kept = [a for a in articles
            if (options.drafts or not a.draft) and (publish_future or a.instant <= moment)]
    return Loaded(config, tree, kept, problems, len(articles) - len(kept))


def build(site_dir: Path, options: BuildOptions = BuildOptions()) -> BuildResult:
    started = time.perf_counter()
    site_dir = site_dir.absolute()
    output = (options.output or site_dir / "build").absolute()
    _check_output(site_dir, output)
    loaded = load(site_dir, options)
    problems = loaded.problems
    if any(p.is_error for p in problems):
        if not options.skip_invalid:
            raise BuildFailed(sorted(problems, key=ContentError.sort_key))
        problems = [p.as_warning() if p.is_error else p for p in problems]
    archive = build_archive(loaded.articles, loaded.config)
    problems = sorted(problems + archive.problems, key=ContentError.sort_key)
    pages = site_pages(archive, loaded.config)
    site = Site(loaded.config, tuple(archive.years), len(archive.entries),
                i18n.babel_locale(loaded.config.language))
    env = make_environment(site_dir)

    writer = Writer(output)
    writer.prepare()
    try:
        for page in pages:
            writer.write(routes.output_path(page.url), render_page(env, page, site))
        _copy_static(writer, site_dir)
        problems += _copy_assets(writer, site_dir / "content", loaded.tree)
        writer.commit()
    except jinja2.TemplateError as exc:
        writer.abort()
        raise BuildFailed([template_problem(exc, site_dir)]) from None
    except BaseException:
        writer.abort()
        raise
    return BuildResult(len(archive.entries), len(pages), writer.written, writer.unchanged,
                       time.perf_counter() - started, problems, output)


def check(site_dir: Path, options: BuildOptions = BuildOptions()) -> tuple[Loaded, Archive, list[ContentError]]:
    """Validate without writing anything; returns every problem (build's, plus editor warnings)."""
    from newsarchive.checks import editor_warnings

    site_dir = site_dir.absolute()
    loaded = load(site_dir, BuildOptions(drafts=options.drafts, future=True))
    archive = build_archive(loaded.articles, loaded.config)
    problems = loaded.problems + archive.problems + editor_warnings(loaded, archive, now())
    return loaded, archive, sorted(problems, key=ContentError.sort_key)


def template_problem(exc: jinja2.TemplateError, site_dir: Path) -> ContentError:
    """A mistake in a template (the site's override, usually) as a message naming its file and line."""
    filename, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    if filename is None:  # an error while rendering: find the template's frame in the traceback
        tb = exc.__traceback__
        while tb is not None:
            name = tb.tb_frame.f_code.co_filename
            if name.endswith((".html", ".xml", ".txt", ".json")):
                filename, line = name, tb.tb_lineno
            tb = tb.tb_next
    shown = display_path(Path(filename), site_dir) if filename else "templates"
    message = getattr(exc, "message", None) or str(exc)
    return ContentError(shown, line, f"template error: {message}",
                        "fix the template (or remove your override to use the default theme)")


def _check_output(site_dir: Path, output: Path) -> None:
    resolved_site, resolved_out = site_dir.resolve(), output.resolve()
    content = (site_dir / "content").resolve()
    if resolved_out in (resolved_site, content) or content.is_relative_to(resolved_out) \
            or resolved_out.is_relative_to(content):
        raise UsageError(f"the output folder {output} would overwrite the archive's own files; "
                         "choose a folder such as build/")


def _copy_static(writer: Writer, site_dir: Path) -> None:
    """The theme's static/ files, then the site's templates/static/ files of the same name win."""
    chosen: dict[str, Path] = {}
    for folder in (theme_dir() / "static", site_dir / "templates" / "static"):
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file() and not path.name.startswith("."):
                    chosen[path.relative_to(folder).as_posix()] = path
    for rel, path in sorted(chosen.items()):
        writer.copy(routes.static(rel), path)


def _copy_assets(writer: Writer, content_dir: Path, tree: ContentTree) -> list[ContentError]:
    problems = []
    folded: set[str] = set()
    for rel in tree.assets:
        target = routes.asset(rel)
        if target.casefold() in folded:
            problems.append(ContentError("content/" + rel, None,
                                         "another file has the same name but for upper/lower case; it is not "
                                         "copied, since the two would be one file on many disks",
                                         "rename one of them", "warning"))
            continue
        folded.add(target.casefold())
        if writer.has(target):
            problems.append(ContentError("content/" + rel, None,
                                         f"this file would replace the generated page /{target}; it is not copied",
                                         "rename or move it", "warning"))
            continue
        try:
            writer.copy(target, content_dir / rel)
        except OSError as exc:
            problems.append(ContentError("content/" + rel, None, f"could not be copied ({exc.strerror})",
                                         "rename or move it", "warning"))
        except ValueError:
            problems.append(ContentError("content/" + rel, None,
                                         "its name has a character that is not safe in a URL (such as \\); "
                                         "it is not copied", "rename it", "warning"))
    return problems
