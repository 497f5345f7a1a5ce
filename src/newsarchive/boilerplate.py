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
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np

MIN_ARTICLES = 10
SHARE = 0.01
MIN_SOURCES = 2
ALWAYS_ARTICLES = 200
BATCH = 1 << 20  # shingles looked at a time once the frequent ones are known: bounds the memory
EMPTY = np.zeros(0, dtype=np.uint32)


def article_limit(articles: int) -> int:
    """The most articles a shingle may be in and still be a story's own words."""
    return max(MIN_ARTICLES, int(SHARE * articles))


def find(items: Sequence[tuple[np.ndarray, str, date | int]], window: int) -> np.ndarray:
    """The boilerplate shingles (sorted uint32) among ``items``: each article's shingles (sorted, unique,
    uint32), its source (unattributed articles: a key of their own) and its day (or the day's ordinal)."""
    if not items:
        return EMPTY
    common = frequent([item[0] for item in items], article_limit(len(items)))
    if not common.size:
        return EMPTY
    # only the frequent shingles' articles are looked at further, a batch of articles at a time: per
    # frequent shingle, its articles, and its distinct (shingle, source) and (shingle, day) pairs
    source_ids: dict[str, int] = {}
    articles = np.zeros(len(common), dtype=np.int64)
    by_source, by_day = [], []
    for batch in batches([item[0] for item in items]):
        chosen = items[batch]
        index = positions(np.concatenate([item[0] for item in chosen]), common)
        owners = np.repeat(np.arange(len(chosen)), [len(item[0]) for item in chosen])[index >= 0]
        index = index[index >= 0]
        if not index.size:
            continue
        articles += np.bincount(index, minlength=len(common))
        sources = np.array([source_ids.setdefault(item[1], len(source_ids)) for item in chosen],
                           dtype=np.int64)
        days = np.array([item[2] if isinstance(item[2], int) else item[2].toordinal() for item in chosen],
                        dtype=np.int64)
        by_source.append(_unique((index << 32) | sources[owners]))
        by_day.append(_unique((index << 32) | days[owners]))
    source_count = _distinct(by_source, len(common))
    day_count = _distinct(by_day, len(common))
    boiler = (source_count >= MIN_SOURCES) & ((day_count > 2 * window + 1) | (articles > ALWAYS_ARTICLES))
    return common[boiler]


def frequent(sets: Sequence[np.ndarray], limit: int) -> np.ndarray:
    """The values (sorted) in more than ``limit`` of ``sets`` (each of unique values): after a sort, a
    value is in more than ``limit`` sets when it equals the value ``limit`` places after it."""
    every = np.concatenate(sets).astype(np.uint32, copy=False) if sets else EMPTY
    if every.size <= limit:
        return EMPTY
    every.sort()  # in place: the concatenation is a copy
    return _unique(every[limit:][every[limit:] == every[:-limit]])


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


def _distinct(pairs: list[np.ndarray], size: int) -> np.ndarray:
    """For each frequent shingle (by index), how many distinct values its (index << 32 | value) pairs
    hold."""
    if not pairs:
        return np.zeros(size, dtype=np.int64)
    return np.bincount(_unique(np.concatenate(pairs)) >> 32, minlength=size)


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
