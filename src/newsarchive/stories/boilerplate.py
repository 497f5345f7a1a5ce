"""Boilerplate: the shingles outlets paste under every article (a cookie banner, a newsletter footer, a
paywall notice), found by their document frequency, as search engines do, and left out of the texts
same-story detection compares (``stories``). Two articles whose only shared text is a banner are not one
story; without this rule 5,000 such articles made one story of 5,000.

A shingle is boilerplate when all of these hold:

- more than ``max(MIN_ARTICLES, SHARE * articles)`` articles carry it: a story's own words are in a few
  articles, boilerplate in a share of the archive;
- articles of at least ``MIN_SOURCES`` sources carry it: one outlet's own footer never links articles
  (stories compare articles of two sources only), but two sister outlets sharing one footer would, so two
  is enough;
- and its articles lie on more than ``2 * window + 1`` different days, or there are more than
  ``ALWAYS_ARTICLES`` of them: a wire story reprinted by 30 outlets is 30 articles within a few days and
  stays a story, a banner runs for weeks; and past ``ALWAYS_ARTICLES`` articles a shingle tells no story
  apart from another, even on one busy day.

The rule is a function of the set of articles (their shingles, sources and days), never of the order they
were read in.

The counts (``Counts``: every article's shingles in one sorted array, the frequent ones, and which sources
and days carry each frequent one) are kept between builds, so that a build that only adds articles
updates them (an insertion into a sorted array, a comparison along it) instead of counting again; a build
that removes or changes an article counts again (about 2 s at 10,000 articles).
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

MIN_ARTICLES = 10
SHARE = 0.01
MIN_SOURCES = 2
ALWAYS_ARTICLES = 200
BATCH = 1 << 20  # shingles looked at a time once the frequent ones are known: bounds the memory
# the rule asks only whether a shingle has MIN_SOURCES sources and more than 2 * window + 1 days: the counts
# keep that many of each (the smallest), whatever the window (at most 30 days, config.py)
SOURCES_KEPT = MIN_SOURCES
DAYS_KEPT = 2 * 30 + 2
EMPTY = np.zeros(0, dtype=np.uint32)
_NO_PAIRS = np.zeros(0, dtype=np.uint64)

Key = tuple[str, str, int]  # an article as counted: its content hash, its source's key, its day's ordinal


def article_limit(articles: int) -> int:
    """The most articles a shingle may be in and still be a story's own words."""
    return max(MIN_ARTICLES, int(SHARE * articles))


@dataclass(slots=True)
class Counts:
    """What the rule needs to know of a set of articles, kept between builds."""

    articles: list[Key]  # sorted
    every: np.ndarray  # each article's shingles, all in one sorted array (uint32)
    common: np.ndarray  # the shingles in more than article_limit(len(articles)) articles, sorted
    by_source: np.ndarray  # sorted, unique: common shingle << 32 | CRC-32 of a source carrying it (the
    # SOURCES_KEPT smallest of each shingle)
    by_day: np.ndarray  # sorted, unique: common shingle << 32 | a day carrying it (the DAYS_KEPT first)

    def dump(self) -> tuple:
        return (self.articles, self.every.tobytes(), self.common.tobytes(), self.by_source.tobytes(),
                self.by_day.tobytes())

    @classmethod
    def load(cls, kept: tuple) -> Counts:
        articles, every, common, by_source, by_day = kept
        return cls(list(articles), np.frombuffer(every, dtype=np.uint32),
                   np.frombuffer(common, dtype=np.uint32), np.frombuffer(by_source, dtype=np.uint64),
                   np.frombuffer(by_day, dtype=np.uint64))


def find(items: Sequence[tuple[np.ndarray, str, date | int]], window: int) -> np.ndarray:
    """The boilerplate shingles (sorted uint32) among ``items``: each article's shingles (sorted, unique,
    uint32), its source (unattributed articles: a key of their own) and its day (or the day's ordinal)."""
    keys = [(str(n), item[1], _ordinal(item[2])) for n, item in enumerate(items)]
    return decide(count(keys, {key[0]: item[0] for key, item in zip(keys, items)}), window)


def count(articles: list[Key], shingles: Mapping[str, np.ndarray], previous: Counts | None = None) -> Counts:
    """The counts of ``articles`` (``shingles``: by content hash): ``previous`` updated when it counted a
    part of them, else counted anew."""
    articles = sorted(articles)
    if previous is not None:
        gone = Counter(previous.articles) - Counter(articles)
        if not gone:
            added = list((Counter(articles) - Counter(previous.articles)).elements())
            return _grow(previous, articles, added, shingles)
    every = np.concatenate([shingles[key[0]] for key in articles]).astype(np.uint32, copy=False) \
        if articles else EMPTY
    every.sort()  # in place: the concatenation is a copy
    common = _frequent(every, article_limit(len(articles)))
    by_source, by_day = _pairs(articles, shingles, common)
    return Counts(articles, every, common, by_source, by_day)


def _grow(previous: Counts, articles: list[Key], added: list[Key],
          shingles: Mapping[str, np.ndarray]) -> Counts:
    """``previous`` with the ``added`` articles counted in (``articles``: all of them)."""
    if not added:
        return Counts(articles, previous.every, previous.common, previous.by_source, previous.by_day)
    new = np.sort(np.concatenate([shingles[key[0]] for key in added]).astype(np.uint32, copy=False))
    every = np.insert(previous.every, np.searchsorted(previous.every, new), new)
    common = _frequent(every, article_limit(len(articles)))
    stayed = [pairs[positions((pairs >> np.uint64(32)).astype(np.uint32), common) >= 0]
              for pairs in (previous.by_source, previous.by_day)]
    by_source, by_day = _pairs(sorted(added), shingles, common)
    pairs = [[stayed[0], by_source], [stayed[1], by_day]]
    fresh = np.setdiff1d(common, previous.common, assume_unique=True)
    if fresh.size:  # newly frequent shingles: their sources and days are looked up in every article
        more = _pairs(articles, shingles, fresh)
        pairs[0].append(more[0])
        pairs[1].append(more[1])
    return Counts(articles, every, common, _cap(_unique(np.concatenate(pairs[0])), SOURCES_KEPT),
                  _cap(_unique(np.concatenate(pairs[1])), DAYS_KEPT))


def decide(counts: Counts, window: int) -> np.ndarray:
    """The boilerplate shingles (sorted) by the module's rule, from ``counts``."""
    common = counts.common
    if not common.size:
        return EMPTY
    articles = np.searchsorted(counts.every, common, "right") - np.searchsorted(counts.every, common, "left")
    sources = _per_common(counts.by_source, common)
    days = _per_common(counts.by_day, common)
    boiler = (sources >= MIN_SOURCES) & ((days > 2 * window + 1) | (articles > ALWAYS_ARTICLES))
    return common[boiler]


def _per_common(pairs: np.ndarray, common: np.ndarray) -> np.ndarray:
    """How many pairs each common shingle has."""
    return np.bincount(np.searchsorted(common, (pairs >> np.uint64(32)).astype(np.uint32)),
                       minlength=len(common))[:len(common)]


def _frequent(every: np.ndarray, limit: int) -> np.ndarray:
    """The values of the sorted ``every`` (one per article) in more than ``limit`` articles: a value is
    when it equals the value ``limit`` places after it."""
    if every.size <= limit:
        return EMPTY
    return _unique(every[limit:][every[limit:] == every[:-limit]])


def _pairs(articles: list[Key], shingles: Mapping[str, np.ndarray],
           wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For the ``wanted`` shingles, the (shingle << 32 | source CRC-32) and (shingle << 32 | day) pairs of
    the ``articles`` carrying them, sorted and unique; a batch of articles at a time."""
    if not wanted.size or not articles:
        return _NO_PAIRS, _NO_PAIRS
    sets = [shingles[key[0]] for key in articles]
    by_source, by_day = [], []
    for batch in batches(sets):
        chosen, keys = sets[batch], articles[batch]
        values = np.concatenate(chosen)
        hit = positions(values, wanted) >= 0
        if not hit.any():
            continue
        owners = np.repeat(np.arange(len(chosen)), [len(values) for values in chosen])[hit]
        carried = values[hit].astype(np.uint64) << np.uint64(32)
        sources = np.array([zlib.crc32(key[1].encode("utf-8", "surrogatepass")) for key in keys],
                           dtype=np.uint64)
        days = np.array([key[2] for key in keys], dtype=np.uint64)
        by_source.append(_cap(_unique(carried | sources[owners]), SOURCES_KEPT))
        by_day.append(_cap(_unique(carried | days[owners]), DAYS_KEPT))
    if not by_source:
        return _NO_PAIRS, _NO_PAIRS
    return (_cap(_unique(np.concatenate(by_source)), SOURCES_KEPT),
            _cap(_unique(np.concatenate(by_day)), DAYS_KEPT))


def _cap(pairs: np.ndarray, most: int) -> np.ndarray:
    """The sorted, unique ``pairs`` with at most ``most`` of each shingle (its smallest values): the
    smallest of a union are the smallest of the unions' smallest, so capped counts can be updated."""
    if pairs.size <= most:
        return pairs
    shingle = pairs >> np.uint64(32)
    starts = np.concatenate(([True], shingle[1:] != shingle[:-1]))
    index = np.arange(pairs.size)
    rank = index - np.maximum.accumulate(np.where(starts, index, 0))
    return pairs[rank < most]


def _ordinal(day: date | int) -> int:
    return day if isinstance(day, int) else day.toordinal()


def batches(sets: Sequence[np.ndarray]) -> list[slice]:
    """``sets`` cut into runs of about ``BATCH`` values."""
    out, start, size = [], 0, 0
    for n, values in enumerate(sets):
        size += len(values)
        if size >= BATCH:
            out.append(slice(start, n + 1))
            start, size = n + 1, 0
    if start < len(sets):
        out.append(slice(start, len(sets)))
    return out


def positions(values: np.ndarray, sorted_set: np.ndarray) -> np.ndarray:
    """For each value, its index in ``sorted_set`` (-1: not in it)."""
    if not sorted_set.size:
        return np.full(len(values), -1, dtype=np.int64)
    index = np.searchsorted(sorted_set, values)
    index[index == len(sorted_set)] = 0
    return np.where(sorted_set[index] == values, index, -1)


def _unique(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted (by a sort: numpy's hashing unique is several times slower here)."""
    values = np.sort(values)
    if values.size < 2:
        return values
    return values[np.concatenate(([True], values[1:] != values[:-1]))]


def without(shingles: np.ndarray, boilerplate: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """An article's shingles without the boilerplate, and the boilerplate ones it carried."""
    if not boilerplate.size or not shingles.size:
        return shingles, EMPTY
    mask = positions(shingles, boilerplate) >= 0
    return shingles[~mask], shingles[mask]
