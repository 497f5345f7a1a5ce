"""What a rebuild costs when it is told what changed, as ``newsarchive serve``'s watchers tell it, against the
same rebuild from the command line (which scans content/ and checks the output against the fixity record
first), on a built corpus, with Hugo's clean build of the same corpus as the yardstick when the corpus has
its Hugo copy (``DIR/hugo``).

    python benchmarks/gen_corpus.py 10000 /tmp/bench/corpus-10000
    newsarchive build /tmp/bench/corpus-10000 --no-search          # the build the rebuilds start from
    python benchmarks/watched.py /tmp/bench/corpus-10000 [--runs 3] [--jobs 2]

Each scenario (one article added after the newest, one headline corrected in place, one title changed so
that the page moves, one body edited, nothing changed: ``run.scenario_changes``) is applied, rebuilt,
undone and rebuilt again, first through ``python -m newsarchive build`` (CPU: user + system of the process
and its children), then in this process with ``planning.Known`` as ``serve`` keeps it (CPU: this process's
threads and the renderers it forks). The first in-process rebuild scans and checks everything, as
``serve``'s first rebuild does; it is reported apart. Prints a Markdown table; the docs' performance page
holds the figures.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from run import hugo_binary, scenario_changes

SCENARIOS = ("add", "headline", "retitle", "edit", "noop")


def cpu_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def apply(content: Path, change) -> tuple | None:
    """Make a scenario's change; returns how to undo it."""
    if change is None:
        return None
    action, rel, data = change
    path = content / rel
    old = path.read_bytes() if path.exists() else None
    if action == "delete":
        path.unlink()
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return rel, old


def undo(content: Path, undone: tuple | None) -> None:
    if undone is None:
        return
    rel, old = undone
    if old is None:
        (content / rel).unlink()
    else:
        (content / rel).write_bytes(old)


def command_line(site: Path, jobs: int) -> tuple[float, float, str]:
    before, started = cpu_children(), time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "newsarchive", "build", str(site), "--no-search",
                           "--jobs", str(jobs)], capture_output=True, text=True, check=True)
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("Built")), done.stdout.strip())
    return cpu_children() - before, time.perf_counter() - started, line


def in_process(site: Path, known, jobs: int) -> tuple[float, float, str]:
    from newsarchive.build import build
    from newsarchive.options import BuildOptions

    before, started = time.process_time() + cpu_children(), time.perf_counter()
    result = build(site, BuildOptions(search=False, jobs=jobs), known)
    cpu = time.process_time() + cpu_children() - before
    return cpu, time.perf_counter() - started, f"{result.mode}, {result.written} files written"


def rss_mib(field: str) -> float:
    """``VmRSS`` (resident now) or ``VmHWM`` (the peak) of this process, in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    site = args.site.absolute()
    content = site / "content"
    if not (site / "build").is_dir():
        raise SystemExit(f"build {site} first: newsarchive build {site} --no-search")
    changes = scenario_changes(content)
    hugo = None
    if (site / "hugo").is_dir():
        before = cpu_children()
        subprocess.run([hugo_binary(), "--quiet", "-d", "/tmp/watched-bench-hugo"], cwd=site / "hugo",
                       check=True, capture_output=True)
        hugo = cpu_children() - before
        subprocess.run(["rm", "-rf", "/tmp/watched-bench-hugo"], check=True)
    rows: dict[str, dict[str, list]] = {name: {"cli": [], "watched": []} for name in SCENARIOS}
    command_line(site, args.jobs)  # (the catalog as the corpus is)
    for _run in range(args.runs):
        for name in SCENARIOS:
            undone = apply(content, changes[name])
            rows[name]["cli"].append(command_line(site, args.jobs))
            undo(content, undone)
            command_line(site, args.jobs)
    from newsarchive import planning

    known = planning.Known()
    first = in_process(site, known, args.jobs)
    resting = rss_mib("VmRSS")  # what a serving process holds between rebuilds: the tree and the record
    for _run in range(args.runs):
        for name in SCENARIOS:
            undone = apply(content, changes[name])
            if undone:
                known.changed.add(undone[0])
            rows[name]["watched"].append(in_process(site, known, args.jobs))
            undo(content, undone)
            if undone:
                known.changed.add(undone[0])
            in_process(site, known, args.jobs)
    print(f"{site}: {args.runs} runs, --jobs {args.jobs}, load average {os.getloadavg()[0]:.1f}")
    print(f"Hugo's clean build: {hugo:.2f} s of CPU" if hugo else "Hugo's clean build: not run (no hugo/)")
    print(f"the first in-process rebuild (a scan and the output's check): {first[0]:.2f} s of CPU, "
          f"{first[1]:.2f} s wall")
    print(f"resident memory of this process after it (the tree and the record kept): {resting:.0f} MiB; "
          f"its peak: {rss_mib('VmHWM'):.0f} MiB (undoing an addition is a deletion: the full plan)\n")
    print("| CPU seconds (wall), median | command line | told what changed | " +
          ("told / Hugo's clean build |" if hugo else ""))
    print("| --- | --- | --- |" + (" --- |" if hugo else ""))
    for name in SCENARIOS:
        cli = sorted(rows[name]["cli"])[len(rows[name]["cli"]) // 2]
        told = sorted(rows[name]["watched"])[len(rows[name]["watched"]) // 2]
        extra = f" {told[0] / hugo:.3f}x |" if hugo else ""
        print(f"| {name} | {cli[0]:.2f} ({cli[1]:.2f}) | {told[0]:.2f} ({told[1]:.2f}): {told[2]} |{extra}")


if __name__ == "__main__":
    main()
