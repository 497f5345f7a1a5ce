#!/usr/bin/env python3
"""What Jinja's sandbox would cost: clean builds of a generated corpus, in-process and in one process
(``--jobs 1``), alternating the normal environment and ``jinja2.sandbox.SandboxedEnvironment``; prints the
CPU time of each run and the min and median of each. The decision it informed (templates are trusted code)
is in the README's "When something is wrong".

    python benchmarks/gen_corpus.py 2000 /tmp/bench/c2000
    python benchmarks/sandbox.py /tmp/bench/c2000 --runs 5
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ONE_RUN = r"""
import sys, time
from pathlib import Path
import jinja2, jinja2.sandbox
if sys.argv[1] == "sandbox":
    jinja2.Environment = jinja2.sandbox.SandboxedEnvironment
from newsarchive.build import BuildOptions, build
started = time.process_time()
build(Path(sys.argv[2]), BuildOptions(output=Path(sys.argv[3]), search=False, jobs=1, clean=True))
print(time.process_time() - started)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    seconds: dict[str, list[float]] = {"plain": [], "sandbox": []}
    with tempfile.TemporaryDirectory() as work:
        for run in range(args.runs):
            for mode, values in seconds.items():
                out = Path(work) / f"out-{mode}"
                shutil.rmtree(out, ignore_errors=True)
                done = subprocess.run([sys.executable, "-c", ONE_RUN, mode, str(args.corpus), str(out)],
                                      capture_output=True, text=True, check=True)
                values.append(float(done.stdout.strip().splitlines()[-1]))
                print(f"run {run + 1} {mode}: {values[-1]:.2f} s CPU", flush=True)
    for mode, values in seconds.items():
        print(f"{mode}: min {min(values):.2f} s, median {statistics.median(values):.2f} s")
    ratio = statistics.median(seconds["sandbox"]) / statistics.median(seconds["plain"])
    print(f"sandbox / plain, medians: {ratio:.2f}x")


if __name__ == "__main__":
    main()
