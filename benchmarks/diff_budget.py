#!/usr/bin/env python3
"""The word-level diff of two versions of a very long article, against a time and memory budget.

    PYTHONPATH=src python benchmarks/diff_budget.py [--megabytes 3] [--seconds 20] [--mib 400]

Writes (in memory, deterministically) a news text of about ``--megabytes`` MB in several scripts (English,
French, Arabic, Chinese), and times ``worddiff.diff_html`` (what a version page shows) on four edits of it:

- ``edited``: a few words changed, paragraphs inserted and deleted here and there (a real revision);
- ``one paragraph``: the same text with no paragraph break at all, a few words changed;
- ``rewritten``: every paragraph replaced by another text (past the diff's budget: shown as replaced);
- ``appended``: the text with a long addition at its end.

Each case runs in a process of its own (forked, holding both texts). Each line gives the seconds, that
process's peak memory (resident, both texts included) and its ratio to the time of
reading both texts' words (``worddiff.tokens``, linear: the peer in the same run, so that a slow machine
moves both). Exits 1 when a case takes more than ``--seconds`` or ``--mib``. The diff it replaces (difflib
over all the words) took 15 s at 590 KB and 500 s at 1.8 MB on the same machine.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import time

from newsarchive.versions import worddiff

SENTENCES = {
    "en": "the harbour council said on Tuesday that repairs to the quay would take until April and "
          "cost more than expected after the storm flooded the fish market",
    "fr": "le conseil portuaire a annoncé mardi que les réparations du quai dureront jusqu'en avril "
          "et coûteront plus cher que prévu après la tempête",
    "ar": "قال مجلس الميناء يوم الثلاثاء إن إصلاح الرصيف سيستغرق حتى أبريل بعد العاصفة",
    "zh": "港口委员会周二表示码头修复工程将持续到四月 风暴淹没了鱼市场 渡轮码头关闭",
}
WORDS = {language: sentence.split(" ") for language, sentence in SENTENCES.items()}


def text(megabytes: float, seed: int) -> list[str]:
    """Paragraphs of 40 to 120 words, in turn from each language, until the size is reached."""
    rnd = random.Random(seed)
    out, size, languages = [], 0, list(WORDS)
    while size < megabytes * 1_000_000:
        words = WORDS[languages[len(out) % len(languages)]]
        paragraph = " ".join(rnd.choice(words) for _ in range(rnd.randint(40, 120)))
        paragraph += f" ({len(out) + 1})."
        out.append(paragraph)
        size += len(paragraph.encode("utf-8"))
    return out


def edited(paragraphs: list[str], seed: int) -> list[str]:
    """A revision: one paragraph in 50 with a word changed, one in 200 deleted, one in 200 inserted."""
    rnd = random.Random(seed)
    out = []
    for index, paragraph in enumerate(paragraphs):
        if index % 200 == 7:
            continue
        if index % 200 == 99:
            out.append("A new paragraph added by the editor with 12 figures, corrected twice.")
        if index % 50 == 3:
            words = paragraph.split(" ")
            words[rnd.randrange(len(words))] = "CORRECTED"
            paragraph = " ".join(words)
        out.append(paragraph)
    return out


def measure(name: str, old: list[str], new: list[str]) -> tuple[str, float, float]:
    """(name, seconds, peak MiB) of one case, run in a forked process (its peak memory is its own)."""
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # the case
        os.close(read)
        start = time.perf_counter()
        worddiff.tokens(old), worddiff.tokens(new)
        peer = time.perf_counter() - start
        start = time.perf_counter()
        _html, inserted, deleted = worddiff.diff_html(old, new)
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{name:14} {seconds:7.2f} s  {peak:7.1f} MiB peak  x{seconds / peer:5.1f} reading the words"
              f"  (+{inserted} -{deleted} words)", flush=True)
        os.write(write, f"{seconds} {peak}".encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        said = pipe.read().split()
    os.waitpid(child, 0)
    if len(said) != 2:
        print(f"{name:14} failed")
        return name, float("inf"), float("inf")
    return name, float(said[0]), float(said[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=3.0)
    parser.add_argument("--seconds", type=float, default=20.0, help="the most seconds a case may take")
    parser.add_argument("--mib", type=float, default=400.0, help="the most memory (MiB) a case may take")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    old = text(args.megabytes, args.seed)
    size = sum(len(p.encode("utf-8")) for p in old) / 1_000_000
    print(f"text: {size:.1f} MB, {len(old)} paragraphs; budget {args.seconds:g} s, {args.mib:g} MiB per case")
    cases = [
        ("edited", old, edited(old, args.seed)),
        ("one paragraph", [" ".join(old)], [" ".join(edited(old, args.seed))]),
        ("rewritten", old, text(args.megabytes, args.seed + 1)),
        ("appended", old, old + text(0.2, args.seed + 2)),
    ]
    over = [name for name, seconds, peak in (measure(*case) for case in cases)
            if seconds > args.seconds or peak > args.mib]
    if over:
        print(f"over budget: {', '.join(over)}")
        return 1
    print("all within budget")
    return 0


if __name__ == "__main__":
    sys.exit(main())
