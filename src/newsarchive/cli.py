"""The command line: the click wiring, messages and exit codes only; each verb's work is in ``commands/``.

Exit status: 0 on success; 1 on content errors (``build``, ``check``) or bad records (``import``, the good
ones are written); 2 on usage errors (a missing folder, an output that is not ours, a full disk...);
3 on an internal error (a bug: ``--debug`` shows its traceback); 130 when interrupted."""

from __future__ import annotations

import errno
import gc
import os
import re
import sys
from pathlib import Path
from typing import NoReturn

import click

from newsarchive import __version__
from newsarchive import options as import_options
from newsarchive.characters import for_terminal
from newsarchive.errors import INFO, BuildFailed, Problem, UsageError, report_lines
from newsarchive.errors import count as _count

SITE_DIR = click.argument("site_dir", required=False, default=".",
                          type=click.Path(file_okay=False, path_type=Path))


def _prefix(site_dir: Path) -> str:
    """How to show paths so that they can be opened from where the user is: ``mysite/content/a.md``."""
    rel = os.path.relpath(site_dir.absolute(), Path.cwd())
    return "" if rel == "." else Path(rel).as_posix() + "/"


def _report(problems: list[Problem], prefix: str, verbose: bool = False) -> None:
    for line in report_lines(problems, prefix, verbose):
        click.echo(line, err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsarchive")
def main() -> None:
    """newsarchive: build a static, browsable archive of news articles.

    \b
    Examples:
      newsarchive init harbour          start a new archive in ./harbour
      newsarchive new "Storm hits the harbour" --source "The Harbour Gazette"
      newsarchive serve                 preview ./ at http://127.0.0.1:8000/, live
      newsarchive import export.csv     add articles from a CSV, JSONL, feed or HTML
      newsarchive build                 build ./content into ./build
      newsarchive build mysite -o /tmp/site
      newsarchive check mysite          validate without writing anything
      newsarchive verify mysite/build   check a copy against its SHA-256 manifest
      newsarchive export archive.sqlite the archive as one SQLite database (Datasette)
    """


@main.command()
@SITE_DIR
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Output folder (default: SITE_DIR/build).")
@click.option("--drafts", is_flag=True, help="Include articles marked draft: true.")
@click.option("--future", is_flag=True, help="Include articles dated in the future.")
@click.option("--skip-invalid", is_flag=True,
              help="Report bad files as warnings, leave them out and publish the rest.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: one per core).")
@click.option("--clean", is_flag=True, help="Ignore the build cache: read and render everything.")
@click.option("--no-search", "no_search", is_flag=True,
              help="Leave out the search page and its index (Pagefind); faster at archive scale.")
@click.option("--portable", is_flag=True,
              help="Link every page by its file (.../index.html): the archive works opened from disk.")
@click.option("--executor", metavar="ADDRESS",
              help="Read and render on a Dask cluster: its scheduler's address, dask://HOST:PORT "
                   "(content and output on a filesystem its workers share); local: local processes.")
@click.option("-v", "--verbose", is_flag=True, help="List every file of a warning many files share.")
@click.option("--debug", is_flag=True, help="Show a traceback for internal errors.")
def build(site_dir: Path, output: Path | None, drafts: bool, future: bool, skip_invalid: bool,
          jobs: int | None, clean: bool, no_search: bool, portable: bool, executor: str | None,
          verbose: bool, debug: bool) -> None:
    """Build the archive in SITE_DIR (default: the current folder) into OUTPUT.

    \b
    Examples:
      newsarchive build
      newsarchive build ~/archives/harbour -o ~/public/harbour
      newsarchive build --drafts --future -o /tmp/preview
      newsarchive build --portable -o /media/usb/archive   (open index.html from disk)
      newsarchive build --executor dask://scheduler:8786 -o /shared/site
    """
    from newsarchive import options as build_options
    from newsarchive.commands.build import run, summary

    wrong = build_options.address_problem(executor) if executor is not None else None
    if wrong:
        click.echo(f"Error: --executor: {wrong}; write {build_options.EXAMPLE}, or local", err=True)
        sys.exit(2)

    prefix = _prefix(site_dir)
    if _one_shot:  # the process ends with this command: the build's objects need no collection after it
        gc.disable()  # (the first one would go over all of them: 0.1 s at 1,000 articles)
    try:
        result = run(site_dir, output, drafts=drafts, future=future, skip_invalid=skip_invalid,
                     jobs=jobs or 0, clean=clean, search=not no_search, portable=portable,
                     executor=executor, verbose=verbose)
    except BuildFailed as failed:
        _report(failed.problems, prefix, verbose)
        errors = sum(p.is_error for p in failed.problems)
        click.echo(f"Build failed: {errors} error(s); nothing was written, the previous output is unchanged.",
                   err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("Interrupted; the previous output is unchanged.", err=True)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - usage errors and bugs: see _stop
        _stop(exc, debug)
    _report(result.problems, prefix, verbose)
    click.echo(summary(result))


def _stop(exc: Exception, debug: bool) -> NoReturn:
    """A usage error exits 2 with its message; anything else is a bug: a short message and exit 3, the
    traceback only with --debug."""
    if isinstance(exc, UsageError):
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    if isinstance(exc, OSError) and exc.errno in _DISK_ERRORS:
        where = os.path.relpath(exc.filename, Path.cwd()) if exc.filename else "the output"
        where = re.sub(r"(^|/)\.([^/]+)\.staging(/|$)", r"\1\2\3", where)  # the page, not its staged copy
        click.echo(f"Error: cannot write {where}: {(exc.strerror or str(exc)).lower()}; "
                   f"{_DISK_ERRORS[exc.errno]} (nothing was changed in the previous output)", err=True)
        sys.exit(2)
    if debug:
        raise exc
    click.echo(f"Internal error: {exc!r}. Run again with --debug for the traceback, and report it.", err=True)
    sys.exit(3)


_DISK_ERRORS = {
    errno.ENOSPC: "free some space on that disk, or build elsewhere with -o",
    errno.EDQUOT: "free some space within your disk quota, or build elsewhere with -o",
    errno.EROFS: "that disk is mounted read-only; build elsewhere with -o",
    errno.EACCES: "you may not write there; check its permissions, or build elsewhere with -o",
    errno.EPERM: "you may not write there; check its permissions, or build elsewhere with -o",
}


@main.command()
@SITE_DIR
@click.option("--drafts", is_flag=True, help="Check drafts as if they were published.")
@click.option("-v", "--verbose", is_flag=True, help="List every file of a warning many files share.")
@click.option("--debug", is_flag=True, help="Show a traceback for internal errors.")
def check(site_dir: Path, drafts: bool, verbose: bool, debug: bool) -> None:
    """Validate SITE_DIR without writing anything: every error and warning, one line each.

    \b
    Examples:
      newsarchive check
      newsarchive check ~/archives/harbour
    """
    from newsarchive.commands.check import check as run_check
    from newsarchive.options import BuildOptions

    prefix = _prefix(site_dir)
    try:
        loaded, _archive, problems = run_check(site_dir, BuildOptions(drafts=drafts))
    except Exception as exc:  # noqa: BLE001 - usage errors and bugs: see _stop
        _stop(exc, debug)
    _report(problems, prefix, verbose)
    errors = sum(p.is_error for p in problems)
    from newsarchive.content.checks import CHANGED

    infos = sum(p.severity == INFO for p in problems)
    changed = sum(p.severity == INFO and p.message.startswith(CHANGED) for p in problems)
    warnings = len(problems) - errors - infos
    detected = f", {infos - changed} language(s) detected" if infos - changed else ""
    detected += f", {changed} article(s) changed since first archived" if changed else ""
    click.echo(f"Checked {len(loaded.tree.articles)} files: "
               f"{errors} error(s), {warnings} warning(s){detected}.")
    if errors:
        sys.exit(1)


@main.command()
@click.argument("folder", type=click.Path(path_type=Path))
def init(folder: Path) -> None:
    """Start a new archive in FOLDER: content/ with an example article, a commented newsarchive.yaml
    and a .gitignore for the output. FOLDER may exist if it holds no archive yet.

    \b
    Examples:
      newsarchive init harbour
      newsarchive init .                 in the current (empty) folder
    """
    from newsarchive.commands.init import create_archive

    try:
        written = create_archive(folder)
    except UsageError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    for path in written:
        click.echo(f"  wrote {_shown(path)}")
    shown = _shown(folder)
    where, go = ("the current folder", "") if shown == "." else (shown, f"  cd {shown}\n")
    click.echo(f"A new archive is ready in {where}. Next:\n"
               f"{go}"
               "  newsarchive new \"My first headline\" --source \"The Harbour Gazette\"\n"
               "  newsarchive serve                  preview it at http://127.0.0.1:8000/")


@main.command()
@click.argument("title")
@click.option("--source", help="The outlet that published it.")
@click.option("--lang", "language", help="Its language, a BCP 47 code (en, fr, ar, es, pt-BR...).")
@click.option("--date", help="YYYY-MM-DD, or with a time: 2018-03-26T07:45:00+01:00 (default: today).")
@click.option("--url", help="The original article's address.")
@click.option("--tags", help="Comma-separated tags: storm,harbour")
@click.option("-s", "--site", "site_dir", default=".", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="The archive's folder.")
def new(title: str, source: str | None, language: str | None, date: str | None, url: str | None,
        tags: str | None, site_dir: Path) -> None:
    """Write a new article titled TITLE, as content/YYYY/MM/YYYY-MM-DD-<slug>.md, with its front matter
    filled; prints its path. Never overwrites a file.

    \b
    Examples:
      newsarchive new "Storm hits the harbour" --source "The Harbour Gazette"
      newsarchive new "Tempête sur le port" --source "Le Courrier du Littoral" --lang fr \\
          --date 2018-03-26 --url https://courrier-littoral.example/tempete --tags tempête,port
      newsarchive new "Ferry fares rise" --site ~/archives/harbour
    """
    from newsarchive.commands.new import NewArticle, new_article

    try:
        path = new_article(site_dir, NewArticle(title, source, language, date, url, tags))
    except UsageError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    click.echo(_shown(path))


@main.command()
@SITE_DIR
@click.option("-p", "--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="The port (0: any free one).")
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Output folder (default: SITE_DIR/build).")
@click.option("--drafts", is_flag=True, help="Include articles marked draft: true.")
@click.option("--future", is_flag=True, help="Include articles dated in the future.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Worker processes for builds.")
def serve(site_dir: Path, port: int, host: str, output: Path | None, drafts: bool, future: bool,
          jobs: int | None) -> None:
    """Build SITE_DIR, serve it at http://HOST:PORT/, and rebuild whenever content/, templates/ or
    newsarchive.yaml change: open pages reload by themselves, or show the build's errors (the last good
    site keeps being served). Ctrl-C stops.

    \b
    Examples:
      newsarchive serve
      newsarchive serve ~/archives/harbour --port 8080
      newsarchive serve --drafts --future -o /tmp/preview --port 0
    """
    from newsarchive.commands.serve import ServeOptions, start

    def say(text: str, is_error: bool) -> None:
        click.echo(text, err=is_error)

    options = ServeOptions(host=host, port=port, output=output, drafts=drafts, future=future, jobs=jobs or 0)
    server = None
    try:
        server = start(site_dir, options, say)
        click.echo(f"Serving {_shown(server.output)} at {server.url} (live reload on); press Ctrl-C to stop.")
        server.wait()
    except UsageError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        click.echo("Stopped.")
    finally:
        if server is not None:
            server.stop()


@main.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("-s", "--site", "site_dir", default=".", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="The archive's folder.")
@click.option("--format", "file_format", type=click.Choice(import_options.IMPORT_CHOICES), default="auto",
              show_default=True, help=f"What FILE is (auto: from its name, else its start): "
                                      f"{import_options.import_formats_described()}.")
@click.option("--map", "mapping", multiple=True, metavar="FIELD=COLUMN",
              help="The column (CSV) or key (JSON Lines) holding a field: title, date, source, language, "
                   "url, text, html, tags, authors, summary. Repeat it; FIELD= ignores a column.")
@click.option("--source", help="The source of records that do not name one.")
@click.option("--lang", "language", help="The language of records that do not say theirs.")
@click.option("--date", "date", metavar="DATE",
              help="The date of records that have none (YYYY-MM-DD, or with a time). Never guessed.")
@click.option("--include", multiple=True, metavar="GLOB",
              help="Web archives: import only the pages whose address matches "
                   "(e.g. 'https://example.org/20*'). Repeat it.")
@click.option("--exclude", multiple=True, metavar="GLOB",
              help="Web archives: leave out the pages whose address matches (e.g. '*/tag/*'). Repeat it.")
@click.option("--debug", is_flag=True, help="Show a traceback for internal errors.")
def import_(file: Path, site_dir: Path, file_format: str, mapping: tuple[str, ...], source: str | None,
            language: str | None, date: str | None, include: tuple[str, ...], exclude: tuple[str, ...],
            debug: bool) -> None:
    """Add the articles of FILE to the archive, one content file each (named like 'new' does): JSON Lines,
    CSV, an RSS or Atom feed, HTML pages saved from the web (a file or a folder of them), or the article
    pages a crawl captured (a WARC file, .warc or .warc.gz, or a WACZ package).

    Records the archive already has (same original url, tracking parameters aside; without a url, same
    title, day and text) are skipped, so importing a file again adds nothing. A date is only taken from the
    record itself (a saved page: its own metadata); a record without one is reported, and imported with
    --date or, for a saved page, a sidecar PAGE.yaml holding 'date:'. A bad record is reported with its
    line (or entry) and the others are imported. Exit status: 0 when every record was imported or skipped, 1 when some
    were bad (the good ones are written), 2 when the file cannot be imported at all.

    \b
    Examples:
      newsarchive import export.jsonl
      newsarchive import gazette.csv --map title=Headline --map date="Published on" --source "The Harbour Gazette"
      newsarchive import courrier.rss --lang fr
      newsarchive import saved-pages/ --site ~/archives/harbour
      newsarchive import saved-pages/ --date 2018-09-24
      newsarchive import crawl.warc.gz --exclude '*/tag/*'
    """  # noqa: E501 (the example is one command line)
    from newsarchive.commands.importing import run

    prefix = _prefix(site_dir)
    try:
        report = run(file, site_dir, file_format, mapping, source, language, date, include, exclude)
    except Exception as exc:  # noqa: BLE001 - usage errors and bugs: see _stop
        _stop(exc, debug)
    for where, written in report.imported[:IMPORT_LINES]:
        click.echo(for_terminal(f"{where}: imported as {prefix}{written}"))
    if len(report.imported) > IMPORT_LINES:
        click.echo(f"... and {len(report.imported) - IMPORT_LINES} more imported")
    for where, written, number in report.updated:
        click.echo(for_terminal(f"{where}: updated (version {number}): {prefix}{written}"))
    for where, why in report.skipped:
        click.echo(for_terminal(f"{where}: skipped: {why.replace('content/', prefix + 'content/', 1)}"))
    for where, message in report.problems():
        click.echo(for_terminal(f"{where}: {message}"), err=True)
    if report.left_out:  # a crawl's images, scripts, home pages...: counted by why, not listed
        whys = "; ".join(f"{count:,} {why}" for why, count in sorted(report.left_out.items(),
                                                                    key=lambda kv: (-kv[1], kv[0])))
        click.echo(for_terminal(f"Left out {sum(report.left_out.values()):,} record(s) that are not article "
                                f"pages: {whys}"))
    detected = f", {report.detected} language(s) detected" if report.detected else ""
    click.echo(f"Imported {_count(len(report.imported), 'article')} from {file.as_posix()} "
               f"({report.format}){detected}; "
               + (f"updated {_count(len(report.updated), 'article')} (a new version each); "
                  if report.updated else "")
               + f"skipped {len(report.skipped)} already in the archive; {len(report.bad)} bad record(s).")
    if report.bad:
        sys.exit(1)


@main.command()
@click.argument("database", type=click.Path(path_type=Path))
@click.option("-s", "--site", "site_dir", default=".", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="The archive's folder.")
@click.option("--drafts", is_flag=True, help="Include articles marked draft: true.")
@click.option("--debug", is_flag=True, help="Show a traceback for internal errors.")
def export(database: Path, site_dir: Path, drafts: bool, debug: bool) -> None:
    """Write the archive as one SQLite DATABASE for researchers: articles with their text, sources,
    authors, tags, stories, versions and corrections, and a full-text index (FTS5). Open it with
    Datasette (datasette DATABASE) or sqlite-utils. An existing DATABASE is replaced only if newsarchive
    exported it.

    \b
    Examples:
      newsarchive export archive.sqlite
      newsarchive export ~/data/harbour.sqlite --site ~/archives/harbour
    """
    from newsarchive.commands.export import export as run_export

    prefix = _prefix(site_dir)
    try:
        done = run_export(site_dir, database, drafts=drafts)
    except BuildFailed as failed:
        _report(failed.problems, prefix)
        errors = sum(p.is_error for p in failed.problems)
        click.echo(f"Export failed: {errors} error(s); nothing was written.", err=True)
        sys.exit(1)
    except Exception as exc:  # noqa: BLE001 - usage errors and bugs: see _stop
        _stop(exc, debug)
    _report([p for p in done.problems if p.is_error], prefix)
    click.echo(f"Exported {_count(done.articles, 'article')} to {_shown(done.path)}; "
               f"search it with: sqlite3 {_shown(done.path)} \"SELECT title FROM articles_fts WHERE "
               f"articles_fts MATCH 'harbour'\"")


@main.command()
@click.argument("build_dir", required=False, default="build", type=click.Path(path_type=Path))
@click.option("--debug", is_flag=True, help="Show a traceback for internal errors.")
def verify(build_dir: Path, debug: bool) -> None:
    """Check that BUILD_DIR (a built site, or a copy of one) holds exactly the files its
    manifest-sha256.txt lists, unaltered: lists the changed, missing and extra files; exit 1 if any.

    \b
    Examples:
      newsarchive verify build
      newsarchive verify /srv/mirror/harbour
    """
    from newsarchive.commands.verify import verify as run_verify

    shown = _shown(build_dir)
    try:
        result = run_verify(build_dir)
    except Exception as exc:  # noqa: BLE001 - usage errors and bugs: see _stop
        _stop(exc, debug)
    if result.bad_line:
        click.echo(f"{shown}/manifest-sha256.txt:{result.bad_line}: is not a line '<sha256>  <path>'; the "
                   "manifest is damaged: copy it again from the archive", err=True)
        sys.exit(1)
    for label, paths, why in (("changed", result.changed, "its bytes differ from the manifest's SHA-256"),
                              ("missing", result.missing, "listed in the manifest, not in the copy"),
                              ("extra", result.extra, "in the copy, not in the manifest")):
        for rel in paths:
            click.echo(f"{shown}/{for_terminal(rel)}: {label} ({why})", err=True)
    if result.ok:
        click.echo(f"Verified {_count(result.files, 'file')} of {shown}: every one matches the manifest.")
        return
    click.echo(f"{shown} does not match its manifest: {len(result.changed)} changed, {len(result.missing)} "
               f"missing, {len(result.extra)} extra of {_count(result.files, 'file')}; copy the site again "
               "from the archive.")
    sys.exit(1)


IMPORT_LINES = 50  # imported files listed one by one; past that, a count


def _shown(path: Path) -> str:
    return Path(os.path.relpath(path.absolute(), Path.cwd())).as_posix()


_one_shot = False  # run as the console script (``entry``), where the process ends with the command


def entry() -> None:
    """The console script: run the command, then leave without tearing down every object one by one
    (after a build of 100,000 articles that alone takes a second or more)."""
    global _one_shot
    _one_shot = True
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
