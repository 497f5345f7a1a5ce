"""Precision and recall of same-story detection on the labelled sample (tests/fixtures/stories: articles
written for it, labels in labels.tsv), at several thresholds and shingle sizes.

    python benchmarks/stories_eval.py [SITE_DIR]
    python benchmarks/stories_eval.py --corpus /tmp/bench/corpus-10000

Pairs are counted within a language: a pair is a true positive when the detector puts both articles in one
story and the labels say one story. With --corpus it reports instead how many stories a site has.
"""

from __future__ import annotations

import argparse
import itertools
import time
from pathlib import Path

from newsarchive.build import BuildOptions
from newsarchive.content.reading import load
from newsarchive.stories import detect as stories
from newsarchive.stories import shingles

SAMPLE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "stories"
THRESHOLDS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7)


def labels(site: Path) -> dict[str, str]:
    out = {}
    for line in (site / "labels.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            path, label = line.split("\t")
            out[path] = label
    return out


def articles(site: Path) -> list:
    return sorted(load(site, BuildOptions(jobs=1, future=True)).articles, key=lambda a: a.path)


def text_of(site: Path, article) -> str:
    return stories.article_text((site / "content" / article.path).read_bytes(), article.title)


def items(arts: list, sigs: dict) -> list[tuple]:
    return [(a.path, a.language, a.day, a.source, sigs[a.path]) for a in arts]


def score(found: stories.Stories, arts: list, truth: dict[str, str]) -> tuple[float, float, int, int, int]:
    tp = fp = fn = 0
    for a, b in itertools.combinations(arts, 2):
        if a.language != b.language:
            continue
        said = a.path in found.of and found.of[a.path] == found.of.get(b.path)
        true = truth[a.path] == truth[b.path]
        tp += said and true
        fp += said and not true
        fn += true and not said
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, tp, fp, fn


def evaluate(site: Path) -> None:
    truth, arts = labels(site), articles(site)
    positives = sum(truth[a.path] == truth[b.path] for a, b in itertools.combinations(arts, 2))
    print(f"{len(arts)} articles, {len(set(truth.values()))} labels, {positives} same-story pairs")
    print("| words per shingle | threshold | precision | recall | tp | fp | fn |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for size in (1, 2, 3, 4):
        sigs = {a.path: stories.signature(text_of(site, a), size) for a in arts}
        for threshold in THRESHOLDS:
            found = stories.find(items(arts, sigs), stories.Settings(True, threshold, stories.WINDOW))
            p, r, tp, fp, fn = score(found, arts, truth)
            mark = " (default)" if size == shingles.SIZE and threshold == stories.THRESHOLD else ""
            print(f"| {size} | {threshold}{mark} | {p:.2f} | {r:.2f} | {tp} | {fp} | {fn} |")
    texts = {a.path: text_of(site, a) for a in arts}
    sigs = {p: stories.signature(t) for p, t in texts.items()}
    cross = [(stories.similarity(sigs[a.path], sigs[b.path]), truth[a.path] == truth[b.path], a.path, b.path)
             for a, b in itertools.combinations(arts, 2)
             if a.language == b.language and a.source != b.source and sigs[a.path] and sigs[b.path]
             and abs(a.day - b.day).days <= stories.WINDOW]
    worst = max((c for c in cross if not c[1]), default=(0.0, False, "-", "-"))
    print(f"\nacross outlets within {stories.WINDOW} days ({shingles.SIZE}-word shingles): the most similar "
          f"different stories {worst[0]:.2f} ({worst[2]} and {worst[3]}); same-story pairs "
          + ", ".join(f"{c[0]:.2f}" for c in sorted(c for c in cross if c[1])))
    print(f"\nexact Jaccard of {shingles.SIZE}-word shingles ~ the MinHash estimate, pairs of one language:")
    sets = {p: set(shingles.shingle_hashes(t).tolist()) for p, t in texts.items()}
    for a, b in itertools.combinations(arts, 2):
        if a.language != b.language or not (sigs[a.path] and sigs[b.path]):
            continue
        estimate = stories.similarity(sigs[a.path], sigs[b.path])
        if truth[a.path] == truth[b.path] or estimate >= 0.1:
            exact = len(sets[a.path] & sets[b.path]) / len(sets[a.path] | sets[b.path])
            same = "same" if truth[a.path] == truth[b.path] else "different"
            names = "  ".join(path.rsplit("/", 1)[-1] for path in (a.path, b.path))
            print(f"  {exact:.2f} ~ {estimate:.2f}  {same:9}  {names}")


def corpus(site: Path) -> None:
    arts = articles(site)
    started = time.perf_counter()
    sigs = {a.path: stories.signature(text_of(site, a)) for a in arts}
    signed = time.perf_counter()
    found = stories.find(items(arts, sigs), stories.Settings())
    done = time.perf_counter()
    sizes = sorted((len(g) for g in found.groups), reverse=True)
    by_path = {a.path: a for a in arts}
    sources = [len({by_path[p].source for p in g}) for g in found.groups]
    print(f"{len(arts)} articles: {len(found.groups)} stories of 2+ articles "
          f"({sum(1 for s in sources if s > 1)} with 2+ sources), largest {sizes[:10]}; "
          f"signatures {signed - started:.2f} s (one process), index and stories {done - signed:.2f} s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", type=Path, default=SAMPLE)
    parser.add_argument("--corpus", action="store_true", help="count the stories of a site without labels")
    args = parser.parse_args()
    corpus(args.site) if args.corpus else evaluate(args.site)
