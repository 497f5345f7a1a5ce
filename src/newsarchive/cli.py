"""The command line: argument parsing and messages only. Exit status 0 on success, 1 on content
errors, 2 on usage errors."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from newsarchive import __version__
from newsarchive.errors import BuildFailed, ContentError, UsageError

SITE_DIR = click.argument("site_dir", required=False, default=".",
                          type=click.Path(file_okay=False, path_type=Path))


def _prefix(site_dir: Path) -> str:
    """How to show paths so that they can be opened from where the user is: ``mysite/content/a.md``."""
    rel = os.path.relpath(site_dir.absolute(), Path.cwd())
    return "" if rel == "." else Path(rel).as_posix() + "/"


def _report(problems: list[ContentError], prefix: str) -> None:
    for problem in problems:
        click.echo(problem.format(prefix), err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsarchive")
def main() -> None:
    """newsarchive: build a static, browsable archive of news articles.

    \b
    Examples:
      newsarchive build                 build ./content into ./build
      newsarchive build mysite -o /tmp/site
      newsarchive check mysite          validate without writing anything
    """


@main.command()
@SITE_DIR
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Output folder (default: SITE_DIR/build).")
@click.option("--drafts", is_flag=True, help="Include articles marked draft: true.")
@click.option("--future", is_flag=True, help="Include articles dated in the future.")
@click.option("--skip-invalid", is_flag=True,
              help="Report bad files as warnings, leave them out and publish the rest.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: one per core).")
@click.option("--clean", is_flag=True, help="Ignore the build cache: read and render everything.")
@click.option("--portable", is_flag=True,
              help="Link every page by its file (.../index.html): the archive works opened from disk.")
@click.option("--debug", is_flag=True, help="Show a traceback for internal errors.")
def build(site_dir: Path, output: Path | None, drafts: bool, future: bool, skip_invalid: bool,
          jobs: int | None, clean: bool, portable: bool, debug: bool) -> None:
    """Build the archive in SITE_DIR (default: the current folder) into OUTPUT.

    \b
    Examples:
      newsarchive build
      newsarchive build ~/archives/harbour -o ~/public/harbour
      newsarchive build --drafts --future -o /tmp/preview
      newsarchive build --portable -o /media/usb/archive   (open index.html from disk)
    """
    from newsarchive.build import BuildOptions
    from newsarchive.build import build as run_build

    prefix = _prefix(site_dir)
    options = BuildOptions(output=output, drafts=drafts, future=future, skip_invalid=skip_invalid,
                           jobs=jobs or 0, clean=clean, progress=True, portable=portable)
    try:
        result = run_build(site_dir, options)
    except BuildFailed as failed:
        _report(failed.problems, prefix)
        errors = sum(p.is_error for p in failed.problems)
        click.echo(f"Build failed: {errors} error(s); nothing was written, the previous output is unchanged.",
                   err=True)
        sys.exit(1)
    except UsageError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        click.echo("Interrupted; the previous output is unchanged.", err=True)
        sys.exit(130)
    except Exception as exc:  # a bug: short message, traceback only with --debug
        if debug:
            raise
        click.echo(f"Internal error: {exc!r}. Run again with --debug for the traceback, and report it.",
                   err=True)
        sys.exit(3)
    _report(result.problems, prefix)
    shown = os.path.relpath(result.output, Path.cwd())
    deleted = f", {result.deleted} deleted" if result.deleted else ""
    note = " (nothing changed since the last build)" if result.mode == "nothing changed" else ""
    click.echo(
        f"Built {_count(result.articles, 'article')} into {shown}: {_count(result.pages, 'page')}, "
        f"{_count(result.written, 'file')} written, {result.unchanged} unchanged{deleted}, "
        f"in {result.seconds:.2f} s{note}."
    )


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@main.command()
@SITE_DIR
@click.option("--drafts", is_flag=True, help="Check drafts as if they were published.")
@click.option("--debug", is_flag=True, help="Show a traceback for internal errors.")
def check(site_dir: Path, drafts: bool, debug: bool) -> None:
    """Validate SITE_DIR without writing anything: every error and warning, one line each.

    \b
    Examples:
      newsarchive check
      newsarchive check ~/archives/harbour
    """
    from newsarchive.build import BuildOptions
    from newsarchive.build import check as run_check

    prefix = _prefix(site_dir)
    try:
        loaded, _archive, problems = run_check(site_dir, BuildOptions(drafts=drafts))
    except UsageError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    except Exception as exc:
        if debug:
            raise
        click.echo(f"Internal error: {exc!r}. Run again with --debug for the traceback, and report it.",
                   err=True)
        sys.exit(3)
    _report(problems, prefix)
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    click.echo(f"Checked {len(loaded.tree.articles)} files: {errors} error(s), {warnings} warning(s).")
    if errors:
        sys.exit(1)


def entry() -> None:
    """The console script: run the command, then leave without tearing down every object one by one
    (after a build of 100,000 articles that alone takes a second or more)."""
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
