#!/usr/bin/env python3
"""What looking at a million files costs on this disk: the walk a build's scan of ``content/`` makes (a
``scandir`` of each folder, each entry's ``stat``) and the ``stat`` of each known path its check of the
output against the fixity record makes.

    python benchmarks/stat_million.py [DIR] [--files 1000000]

Makes the files (empty, 1,000 per folder) in DIR (default: a temporary folder) once, then times both walks;
run it again after ``sync; echo 3 > /proc/sys/vm/drop_caches`` (as root) for a cold cache. Only the
standard library."""

from __future__ import annotations

import argparse
import os
import tempfile
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", nargs="?", default=os.path.join(tempfile.gettempdir(), "stat-million"))
    parser.add_argument("--files", type=int, default=1_000_000)
    args = parser.parse_args()
    folders = max(1, args.files // 1000)
    marker = os.path.join(args.root, f".made-{args.files}")
    if not os.path.exists(marker):
        for d in range(folders):
            folder = os.path.join(args.root, f"{d // 100:03d}", f"{d % 100:02d}")
            os.makedirs(folder, exist_ok=True)
            for f in range(args.files // folders):
                open(os.path.join(folder, f"{f:04d}-an-article-of-the-archive.md"), "w").close()
        open(marker, "w").close()
    paths: list[str] = []
    wall, cpu = time.perf_counter(), time.process_time()
    for top in sorted(os.listdir(args.root)):
        if top.startswith("."):
            continue
        for sub in sorted(os.listdir(os.path.join(args.root, top))):
            with os.scandir(os.path.join(args.root, top, sub)) as entries:
                for entry in entries:
                    entry.stat()
                    paths.append(entry.path)
    walked = time.perf_counter() - wall, time.process_time() - cpu
    wall, cpu = time.perf_counter(), time.process_time()
    for path in paths:
        os.stat(path)
    stated = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{len(paths):,} files: scandir walk with stat {walked[0]:.2f} s wall, {walked[1]:.2f} s CPU; "
          f"os.stat of each path {stated[0]:.2f} s wall, {stated[1]:.2f} s CPU")


if __name__ == "__main__":
    main()
