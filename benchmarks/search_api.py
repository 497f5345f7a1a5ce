"""Pagefind two ways on the same article pages: the command line over a folder of the pages (what the build
does: ``search.index``, each page hard-linked into a scratch site), and Pagefind's Python API
(``pagefind.index.PagefindIndex.add_html_file`` with each page's HTML given from memory, then
``write_files``), which spares the scratch folder but sends every page to Pagefind's service process as
JSON over a pipe. CPU is user + system of this process and its children (Pagefind's processes).

    newsarchive build /tmp/bench/corpus-10000 --no-search          # a built corpus
    python benchmarks/search_api.py /tmp/bench/corpus-10000/build 2019 [--runs 2]

It indexes the article pages of one year (``YEAR/MM/DD/slug/index.html``), a part of the index as the
build makes it, both ways in turn, and prints each run's CPU and wall time and the number of files
written. The docs' performance page holds the figures and the decision.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def pages_of(output: Path, year: str) -> list[Path]:
    return sorted(p for p in (output / year).glob("*/*/*/index.html"))


def by_command_line(output: Path, pages: list[Path], work: Path) -> Path:
    import pagefind_bin

    site, bundle = work / "site", work / "bundle"
    for page in pages:
        target = site / page.relative_to(output)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(page, target)
    subprocess.run([str(pagefind_bin.get_executable()), "--site", str(site), "--output-path", str(bundle),
                    "--force-language", "en", "--silent"], check=True)
    return bundle


def by_python_api(output: Path, pages: list[Path], work: Path) -> Path:
    from pagefind.index import IndexConfig, PagefindIndex

    bundle = work / "bundle"

    async def index() -> None:
        async with PagefindIndex(IndexConfig(force_language="en", output_path=str(bundle))) as found:
            for page in pages:
                url = "/" + page.relative_to(output).as_posix().removesuffix("index.html")
                await found.add_html_file(content=page.read_text(encoding="utf-8"), url=url)
            await found.write_files(output_path=str(bundle))

    asyncio.run(index())
    return bundle


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", type=Path, help="a built site's output folder")
    parser.add_argument("year")
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    pages = pages_of(args.output, args.year)
    if not pages:
        sys.exit(f"no article pages under {args.output / args.year}")
    for run in range(args.runs):
        for name, way in (("command line", by_command_line), ("Python API", by_python_api)):
            work = Path(tempfile.mkdtemp(prefix="search-api-"))
            before, started = cpu(), time.perf_counter()
            bundle = way(args.output, pages, work)
            spent, wall = cpu() - before, time.perf_counter() - started
            files = sum(len(names) for _parent, _dirs, names in os.walk(bundle))
            print(f"run {run + 1}, {name}: {len(pages)} pages, {spent:.2f} s of CPU, {wall:.2f} s wall, "
                  f"{files} files")
            shutil.rmtree(work)


if __name__ == "__main__":
    main()
