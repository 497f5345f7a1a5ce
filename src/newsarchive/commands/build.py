"""``newsarchive build``: the command line's options as ``BuildOptions``, then the build itself, which is
the pipeline in ``newsarchive.build`` (its table of contents)."""

from __future__ import annotations

from pathlib import Path

from newsarchive.build import BuildOptions, BuildResult, build


def run(site_dir: Path, output: Path | None = None, *, drafts: bool = False, future: bool = False,
        skip_invalid: bool = False, jobs: int = 0, clean: bool = False, search: bool = True,
        portable: bool = False, executor: str | None = None) -> BuildResult:
    """Build with progress reported on stderr; raises ``BuildFailed`` (content errors), ``UsageError``."""
    options = BuildOptions(output=output, drafts=drafts, future=future, skip_invalid=skip_invalid, jobs=jobs,
                           clean=clean, progress=True, search=search, portable=portable,
                           executor=executor)
    return build(site_dir, options)
