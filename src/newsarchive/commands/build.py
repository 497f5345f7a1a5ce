"""``newsarchive build``: the command line's options as ``BuildOptions``, then the build itself, which is
the pipeline in ``newsarchive.build`` (its table of contents)."""

from __future__ import annotations

import os
from pathlib import Path

from newsarchive.build import BuildOptions, BuildResult, build
from newsarchive.errors import SKIPPED, WARNING, Problems
from newsarchive.errors import count as _count


def run(site_dir: Path, output: Path | None = None, *, drafts: bool = False, future: bool = False,
        skip_invalid: bool = False, jobs: int = 0, clean: bool = False, search: bool = True,
        portable: bool = False, executor: str | None = None, verbose: bool = False) -> BuildResult:
    """Build with progress reported on stderr; raises ``BuildFailed`` (content errors), ``UsageError``."""
    options = BuildOptions(output=output, drafts=drafts, future=future, skip_invalid=skip_invalid, jobs=jobs,
                           clean=clean, progress=True, search=search, portable=portable,
                           executor=executor, verbose=verbose)
    return build(site_dir, options)


def summary(result: BuildResult) -> str:
    """The line that closes a build, the same from ``build`` and ``serve``: ``Built 12 articles into
    build: 180 pages, 3 files written, 177 unchanged, in 0.41 s.``, then what the lines above it told,
    counted: ``; 1 file with errors skipped, 2,224 warnings (above).``"""
    shown = os.path.relpath(result.output, Path.cwd())
    deleted = f", {result.deleted} deleted" if result.deleted else ""
    deleted += f", {result.repaired} repaired" if result.repaired else ""
    note = " (nothing changed since the last build)" if result.mode == "nothing changed" else ""
    told = []  # what the lines above it said, counted: a warning among 2,000 is not missed
    problems = result.problems if isinstance(result.problems, Problems) else Problems(result.problems)
    warnings = problems.counted(WARNING)  # (the warnings a rebuild counted without listing them too)
    skipped = len({p.path for p in result.problems if p.severity == SKIPPED})
    if skipped:
        told.append(f"{_count(skipped, 'file')} with errors skipped")
    if warnings:
        told.append(_count(warnings, "warning"))
    return (f"Built {_count(result.articles, 'article')} into {shown}: {_count(result.pages, 'page')}, "
            f"{_count(result.written, 'file')} written, {result.unchanged} unchanged{deleted}, "
            f"in {result.seconds:.2f} s{note}" + (f"; {', '.join(told)} (above)." if told else "."))
