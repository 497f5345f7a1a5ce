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

The counts (``Counts``: the frequent shingles with how many articles carry each, and which sources and
days carry them) are kept between builds with every counted article's shingles, in parts by their top
bits (the catalog's ``story_parts``; as many parts as keep about ``PART_SIZE`` shingles each), so that a
build that only adds articles updates them
(``grow``: the parts its shingles fall in, a few kilobytes each, never the whole archive's); a build that
removes or changes an article counts again (``count``: about 2 s at 10,000 articles).
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Mapping, Sequence
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
DAY_BITS = 12  # the days' pairs are kept in 4,096 parts (``Counts.day_parts``)
EMPTY = np.zeros(0, dtype=np.uint32)
_NO_PAIRS = (np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64))

Pairs = tuple[np.ndarray, np.ndarray]  # sorted unique (shingle << 32 | value) pairs (uint64), and how many
# articles carry each (int64)
Key = tuple[str, str, int]  # an article as counted: its content hash, its source's key, its day's ordinal
PART_SIZE = 1024  # shingles a part of the counts holds, about: the parts' top bits are chosen for it
MOST_BITS = 20  # at most 1,048,576 parts (a million articles)


def part_bits(values: int) -> int:
    """The top bits that name the parts of ``values`` counted shingles."""
    return min(MOST_BITS, max(1, (values // PART_SIZE).bit_length()))


def article_limit(articles: int) -> int:
    """The most articles a shingle may be in and still be a story's own words."""
    return max(MIN_ARTICLES, int(SHARE * articles))


@dataclass(slots=True)
class Counts:
    """What the rule needs to know of a set of articles, kept between builds."""

    articles: int  # how many were counted
    common: np.ndarray  # the shingles in more than article_limit(articles) articles, sorted (uint32)
    common_counts: np.ndarray  # how many articles carry each of them (int64)
    by_source: Pairs  # sorted, unique: common shingle << 32 | CRC-32 of a source carrying it (the
    # SOURCES_KEPT smallest of each shingle), with how many articles carry each pair
    by_day: Pairs  # sorted, unique: common shingle << 32 | a day carrying it (the DAYS_KEPT first), the same
    parts: dict[int, np.ndarray]  # every counted article's shingles, sorted, by part: the parts that
    # changed since the counts this grew from (every part when counted anew)
    anew: bool = True  # counted anew (its parts are all of them) or grown
    bits: int = 1  # the top bits that name a part
    values: int = 0  # how many shingles were counted (every article's)

    def header(self) -> tuple:
        """The counts but their parts and their days' pairs, as builtins (kept in the catalog's header; the
        days' pairs, most of the counts' bytes, are kept by part: ``day_parts``)."""
        return (self.articles, self.bits, self.values, self.common.tobytes(), self.common_counts.tobytes(),
                *(array.tobytes() for array in self.by_source))

    @classmethod
    def from_header(cls, kept: tuple, by_day: Pairs) -> Counts:
        articles, bits, values, common, common_counts, source_pairs, source_counts = kept
        return cls(int(articles), np.frombuffer(common, dtype=np.uint32),
                   np.frombuffer(common_counts, dtype=np.int64),
                   (np.frombuffer(source_pairs, dtype=np.uint64),
                    np.frombuffer(source_counts, dtype=np.int64)),
                   by_day, {}, anew=False, bits=int(bits), values=int(values))

    def day_parts(self) -> dict[int, tuple[bytes, bytes]]:
        """The days' pairs cut by the top ``DAY_BITS`` bits of their shingle: part -> (pairs, counts) as
        bytes, the parts that have pairs. An added article changes the pairs of its own common shingles,
        so a few parts: only those are written again (the whole was 11 MB at 9,000 articles)."""
        pairs, counts = self.by_day
        shift = np.uint64(64 - DAY_BITS)
        bounds = np.searchsorted(pairs, np.arange(1, 1 << DAY_BITS, dtype=np.uint64) << shift).tolist()
        out = {}
        for part, (start, end) in enumerate(zip([0, *bounds], [*bounds, len(pairs)])):
            if end > start:
                out[part] = (pairs[start:end].tobytes(), counts[start:end].tobytes())
        return out


def find(items: Sequence[tuple[np.ndarray, str, date | int]], window: int) -> np.ndarray:
    """The boilerplate shingles (sorted uint32) among ``items``: each article's shingles (sorted, unique,
    uint32), its source (unattributed articles: a key of their own) and its day (or the day's ordinal)."""
    keys = [(str(n), item[1], _ordinal(item[2])) for n, item in enumerate(items)]
    return decide(count(keys, {key[0]: item[0] for key, item in zip(keys, items)}), window)


def count(articles: list[Key], shingles: Mapping[str, np.ndarray]) -> Counts:
    """The counts of ``articles`` (``shingles``: by content hash), counted anew."""
    articles = sorted(articles)
    every = np.concatenate([shingles[key[0]] for key in articles]).astype(np.uint32, copy=False) \
        if articles else EMPTY
    every.sort()  # in place: the concatenation is a copy
    common = _frequent(every, article_limit(len(articles)))
    by_source, by_day = _pairs(articles, shingles, common)
    bits = part_bits(every.size)
    return Counts(len(articles), common, _counts_in(every, common), by_source, by_day, split(every, bits),
                  bits=bits, values=every.size)


def split(every: np.ndarray, bits: int) -> dict[int, np.ndarray]:
    """The sorted ``every`` in its parts (the non-empty ones), named by their top ``bits``."""
    if not every.size:
        return {}
    # where each part's range starts, by bisection: no array as large as ``every`` (220 MB at 100,000
    # articles) is made for its top bits
    firsts = (np.arange(1 << bits, dtype=np.uint64) << np.uint64(32 - bits)).astype(np.uint32)
    starts = np.searchsorted(every, firsts)
    ends = np.append(starts[1:], every.size)
    return {number: every[starts[number]:ends[number]] for number in np.flatnonzero(ends > starts).tolist()}


def grow(previous: Counts, added: list[Key], shingles: Mapping[str, np.ndarray],
         part: Callable[[int], np.ndarray], everyone: Callable[[], tuple[list[Key], Mapping]]) -> Counts:
    """``previous`` with the ``added`` articles counted in: ``part(n)`` gives a part of the shingles
    ``previous`` counted, ``everyone()`` every article counted now with their shingles (asked only when a
    shingle becomes frequent: its sources and days are looked up in every article)."""
    total = previous.articles + len(added)
    if not added:
        return Counts(total, previous.common, previous.common_counts, previous.by_source, previous.by_day, {},
                      anew=False, bits=previous.bits, values=previous.values)
    new = np.sort(np.concatenate([shingles[key[0]] for key in added]).astype(np.uint32, copy=False))
    parts: dict[int, np.ndarray] = {}
    seen, seen_counts = [], []
    for number, values in split(new, previous.bits).items():
        old = part(number)
        merged = parts[number] = np.insert(old, np.searchsorted(old, values), values)
        distinct = _unique(values)
        seen.append(distinct)
        seen_counts.append(_counts_in(merged, distinct))
    carried = np.concatenate(seen) if seen else EMPTY
    stayed = positions(previous.common, carried) < 0  # frequent ones the added articles do not carry
    candidates = np.concatenate((previous.common[stayed], carried))
    numbers = np.concatenate((previous.common_counts[stayed], *seen_counts)).astype(np.int64, copy=False)
    order = np.argsort(candidates, kind="stable")
    candidates, numbers = candidates[order], numbers[order]
    frequent = numbers > article_limit(total)
    common, common_counts = candidates[frequent], numbers[frequent]
    fresh = np.setdiff1d(common, previous.common, assume_unique=True)
    by_source, by_day = _pairs(sorted(added), shingles, np.setdiff1d(common, fresh, assume_unique=True))
    pairs = [[_only(previous.by_source, common), by_source], [_only(previous.by_day, common), by_day]]
    if fresh.size:  # newly frequent shingles: their sources and days are looked up in every article
        more = _pairs(*everyone(), fresh)
        pairs[0].append(more[0])
        pairs[1].append(more[1])
    return Counts(total, common, common_counts, _cap(_merge(pairs[0]), SOURCES_KEPT),
                  _cap(_merge(pairs[1]), DAYS_KEPT), parts, anew=False, bits=previous.bits,
                  values=previous.values + new.size)


def _only(pairs: Pairs, common: np.ndarray) -> Pairs:
    """The pairs of the ``common`` shingles."""
    keep = positions((pairs[0] >> np.uint64(32)).astype(np.uint32), common) >= 0
    return pairs[0][keep], pairs[1][keep]


MOST_REMOVED = 100  # articles counted out one by one; more are counted anew


def change(previous: Counts, removed: list[Key], added: list[Key], shingles: Mapping[str, np.ndarray],
           part: Callable[[int], np.ndarray],
           everyone: Callable[[], tuple[list[Key], Mapping]]) -> Counts | None:
    """``previous`` with the ``removed`` articles counted out and the ``added`` ones counted in (``grow``),
    or None when it must be counted anew:

    - when the archive has grown four times since it was (its parts would hold four times ``PART_SIZE``):
      counting anew makes more parts, so that adding an article costs the same at any size, and the count
      is paid once per quadrupling;
    - when counting an article out would change a shingle's kept sources or days (one of its frequent
      shingles has its source or day among them, and more were left out), or lower the limit
      (``article_limit``: more articles removed than added, past 1,000 articles): then a shingle anywhere
      could change.
    """
    grown_values = previous.values + sum(len(shingles[key[0]]) for key in added)
    if part_bits(grown_values) > previous.bits + 1:
        return None  # the parts grew four times their size: counted anew, in more parts
    if not removed:
        return grow(previous, added, shingles, part, everyone)
    total = previous.articles - len(removed) + len(added)
    if len(removed) > MOST_REMOVED or any(key[0] not in shingles for key in removed) \
            or article_limit(total) < article_limit(previous.articles):
        return None
    old = np.sort(np.concatenate([shingles[key[0]] for key in removed]).astype(np.uint32, copy=False))
    parts: dict[int, np.ndarray] = {}
    for number, values in split(old, previous.bits).items():
        kept = part(number)
        distinct, times = np.unique(values, return_counts=True)
        starts = np.searchsorted(kept, distinct)
        at = np.repeat(starts, times) + (np.arange(values.size) - np.repeat(np.cumsum(times) - times, times))
        if at.size and (at[-1] >= kept.size or not np.array_equal(kept[at], values)):
            return None  # not what was counted: count anew
        parts[number] = np.delete(kept, at)
    common_counts = previous.common_counts.copy()
    by_source = previous.by_source[0], previous.by_source[1].copy()
    by_day = previous.by_day[0], previous.by_day[1].copy()
    for key in removed:
        values = shingles[key[0]]
        hit = positions(values, previous.common)
        carried = values[hit >= 0].astype(np.uint64) << np.uint64(32)
        np.subtract.at(common_counts, hit[hit >= 0], 1)
        source = np.uint64(zlib.crc32(key[1].encode("utf-8", "surrogatepass")))
        for pairs, own, most in ((by_source, carried | source, SOURCES_KEPT),
                                 (by_day, carried | np.uint64(key[2]), DAYS_KEPT)):
            at = positions(own, pairs[0])
            at = at[at >= 0]
            np.subtract.at(pairs[1], at, 1)
            emptied = at[pairs[1][at] == 0]
            if emptied.size and (_counts_in(pairs[0] >> np.uint64(32), pairs[0][emptied] >> np.uint64(32))
                                 >= most).any():
                return None  # a kept pair no article carries now, and more that were not kept: count anew
    by_source, by_day = ((pairs[0][pairs[1] > 0], pairs[1][pairs[1] > 0]) for pairs in (by_source, by_day))
    shrunk = Counts(previous.articles - len(removed), previous.common, common_counts, by_source, by_day, {},
                    anew=False, bits=previous.bits, values=previous.values - old.size)

    def part_now(number: int) -> np.ndarray:
        return parts[number] if number in parts else part(number)

    grown = grow(shrunk, added, shingles, part_now, everyone)
    grown.parts = {**parts, **grown.parts}
    frequent = grown.common_counts > article_limit(grown.articles)  # (grow filters when it adds)
    if not frequent.all():
        grown.common, grown.common_counts = grown.common[frequent], grown.common_counts[frequent]
        grown.by_source = _only(grown.by_source, grown.common)
        grown.by_day = _only(grown.by_day, grown.common)
    return grown


def _counts_in(every: np.ndarray, values: np.ndarray) -> np.ndarray:
    """How many times each of ``values`` is in the sorted ``every``."""
    return (np.searchsorted(every, values, "right") - np.searchsorted(every, values, "left")).astype(np.int64)


def decide(counts: Counts, window: int) -> np.ndarray:
    """The boilerplate shingles (sorted) by the module's rule, from ``counts``."""
    common = counts.common
    if not common.size:
        return EMPTY
    articles = counts.common_counts
    sources = _per_common(counts.by_source[0], common)
    days = _per_common(counts.by_day[0], common)
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
           wanted: np.ndarray) -> tuple[Pairs, Pairs]:
    """For the ``wanted`` shingles, the (shingle << 32 | source CRC-32) and (shingle << 32 | day) pairs of
    the ``articles`` carrying them, sorted and unique, with how many carry each; a batch of articles at a
    time."""
    if not wanted.size or not articles:
        return _NO_PAIRS, _NO_PAIRS
    sets = [shingles[key[0]] for key in articles]
    by_source, by_day = _Running(SOURCES_KEPT), _Running(DAYS_KEPT)
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
        by_source.add(_cap(_tally(carried | sources[owners]), SOURCES_KEPT))
        by_day.add(_cap(_tally(carried | days[owners]), DAYS_KEPT))
    return by_source.total(), by_day.total()


class _Running:
    """Capped pairs summed batch by batch: the batches' pairs are merged into the running total whenever
    they outgrow it, so that memory follows the total's size (a few hundred thousand pairs), not the
    archive's batches (at 100,000 articles, 55 batches of as many pairs each: 1.5 GB merged at once)."""

    def __init__(self, most: int):
        self.most = most
        self.running: Pairs = _NO_PAIRS
        self.pending: list[Pairs] = []
        self.size = 0

    def add(self, pairs: Pairs) -> None:
        self.pending.append(pairs)
        self.size += pairs[0].size
        if self.size > max(self.running[0].size, BATCH):
            self.running = self.total()

    def total(self) -> Pairs:
        if self.pending:
            self.running = _cap(_merge([self.running, *self.pending]), self.most)
            self.pending, self.size = [], 0
        return self.running


def _tally(values: np.ndarray) -> Pairs:
    """The distinct values, sorted, with how many times each is there."""
    values = np.sort(values)
    if not values.size:
        return _NO_PAIRS
    starts = np.concatenate(([0], np.flatnonzero(values[1:] != values[:-1]) + 1))
    return values[starts], np.diff(np.append(starts, values.size)).astype(np.int64)


def _merge(parts: list[Pairs]) -> Pairs:
    """Pairs with their counts, summed where the same pair is in several."""
    values = np.concatenate([p[0] for p in parts]) if parts else _NO_PAIRS[0]
    if not values.size:
        return _NO_PAIRS
    counts = np.concatenate([p[1] for p in parts])
    order = np.argsort(values, kind="stable")
    values, counts = values[order], counts[order]
    starts = np.concatenate(([0], np.flatnonzero(values[1:] != values[:-1]) + 1))
    return values[starts], np.add.reduceat(counts, starts).astype(np.int64)


def _cap(pairs: Pairs, most: int) -> Pairs:
    """The sorted, unique ``pairs`` with at most ``most`` of each shingle (its smallest values): the
    smallest of a union are the smallest of the unions' smallest, so capped counts can be updated (and
    the count of a kept pair is whole: every part that had it kept it)."""
    values, counts = pairs
    if values.size <= most:
        return pairs
    shingle = values >> np.uint64(32)
    starts = np.concatenate(([True], shingle[1:] != shingle[:-1]))
    index = np.arange(values.size)
    rank = index - np.maximum.accumulate(np.where(starts, index, 0))
    return values[rank < most], counts[rank < most]


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
