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
EMPTY = np.zeros(0, dtype=np.uint32)


def article_limit(articles: int) -> int:
    """The most articles a shingle may be in and still be a story's own words."""
    return max(MIN_ARTICLES, int(SHARE * articles))


def find(items: Sequence[tuple[np.ndarray, str, date | int]], window: int) -> np.ndarray:
    """The boilerplate shingles (sorted uint32) among ``items``: each article's shingles (sorted, unique,
    uint32), its source (unattributed articles: a key of their own) and its day (or the day's ordinal)."""
    if not items:
        return EMPTY
    lengths = np.array([len(item[0]) for item in items], dtype=np.int64)
    every = np.concatenate([item[0] for item in items]).astype(np.uint32, copy=False)
    values, counts = np.unique(every, return_counts=True)
    common = values[counts > article_limit(len(items))]
    if not common.size:
        return EMPTY
    # only the common shingles' articles are looked at further: few, however large the archive
    mask = np.isin(every, common)
    owners = np.repeat(np.arange(len(items)), lengths)[mask]
    carried = every[mask].astype(np.uint64)
    source_ids: dict[str, int] = {}
    sources = np.array([source_ids.setdefault(item[1], len(source_ids)) for item in items], dtype=np.uint64)
    days = np.array([item[2] if isinstance(item[2], int) else item[2].toordinal() for item in items],
                    dtype=np.uint64)
    articles = np.unique(carried, return_counts=True)[1]  # per common shingle, in the order of ``common``
    source_count = _distinct(carried, sources[owners])
    day_count = _distinct(carried, days[owners])
    boiler = (source_count >= MIN_SOURCES) & ((day_count > 2 * window + 1) | (articles > ALWAYS_ARTICLES))
    return common[boiler].astype(np.uint32)


def _distinct(keys: np.ndarray, values: np.ndarray) -> np.ndarray:
    """For each distinct key (in sorted order), how many distinct values go with it."""
    pairs = np.unique((keys << np.uint64(32)) | values)
    return np.unique(pairs >> np.uint64(32), return_counts=True)[1]


def without(shingles: np.ndarray, boilerplate: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """An article's shingles without the boilerplate, and the boilerplate ones it carried."""
    if not boilerplate.size or not shingles.size:
        return shingles, EMPTY
    mask = np.isin(shingles, boilerplate, assume_unique=True)
    return shingles[~mask], shingles[mask]
