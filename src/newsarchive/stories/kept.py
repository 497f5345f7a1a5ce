"""Same-story detection's memory between builds, in the catalog (``catalog.store``):

- ``stories``: each article's shingles by content hash, with its signature and the digest of the
  boilerplate shingles left out of it (the signature stands while that digest does);
- ``story_counted``: the articles the boilerplate counts counted (content hash, source key, day);
- ``story_parts``: every counted article's shingles, sorted, in parts by their top bits (as many as
  keep about ``boilerplate.PART_SIZE`` shingles a part);
- ``story_day_pairs``: the counts' pairs of a common shingle and a day carrying it, in parts by the shingle's
  top bits (``boilerplate.Counts.day_parts``), written again only where they changed;
- the header row ``stories``: the rules' key, the boilerplate, the counts but their parts and days.

It is read as asked, never whole unless a build needs the whole: a build that adds an article reads the
parts its shingles fall in and the signatures of the articles near it, not the archive. A header of other
rules (or none) means nothing is kept: the tables are written anew.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import numpy as np

from newsarchive.catalog.store import path_of, path_value
from newsarchive.stories import boilerplate

HEADER = "stories"
CHUNK = 500  # values a query's IN (...) holds


class Kept:
    """What the last build kept (``store``: the catalog, or None: nothing kept, nothing saved)."""

    def __init__(self, store, key: str, reuse: bool = True):
        self.store, self.key = store, key
        header = store.meta(HEADER) if store is not None and reuse else None
        self.counts: boilerplate.Counts | None = None
        self.boilerplate = b""
        self.valid = False
        self.days: dict[int, tuple[bytes, bytes]] = {}  # the kept days' pairs by part, as read
        if isinstance(header, tuple) and len(header) == 3 and header[0] == key:
            try:
                if header[2] is not None:
                    self.days = {part: (pairs, counts) for part, pairs, counts in store.rows(
                        "SELECT part, pairs, counts FROM story_day_pairs ORDER BY part")}
                    by_day = (np.frombuffer(b"".join(p for p, _c in self.days.values()), dtype=np.uint64),
                              np.frombuffer(b"".join(c for _p, c in self.days.values()), dtype=np.int64))
                    self.counts = boilerplate.Counts.from_header(header[2], by_day)
                self.boilerplate, self.valid = bytes(header[1]), True
            except (TypeError, ValueError):
                self.counts = None

    # ---- reading ----
    def hashes(self) -> set[str]:
        """The content hashes whose shingles are kept."""
        return {key for (key,) in self.store.rows("SELECT hash FROM stories")} if self.valid else set()

    def shingles(self, keys: Iterable[str]) -> dict[str, np.ndarray]:
        """The kept shingles of those of ``keys`` that have some."""
        return {key: np.frombuffer(raw, dtype=np.uint32)
                for key, raw in self._select("SELECT hash, shingles FROM stories WHERE hash IN ", keys)}

    def signatures(self, keys: Iterable[str] | None = None) -> dict[str, tuple[bytes, bytes | None]]:
        """The kept (digest, signature) of those of ``keys`` that were signed (None: of every article)."""
        if not self.valid:
            return {}
        if keys is None:
            rows = self.store.rows("SELECT hash, digest, signature FROM stories WHERE digest IS NOT NULL")
        else:
            rows = self._select("SELECT hash, digest, signature FROM stories WHERE digest IS NOT NULL "
                                "AND hash IN ", keys)
        return {key: (digest, signature) for key, digest, signature in rows}

    def counted(self) -> list[boilerplate.Key]:
        """The articles the kept counts counted."""
        if not self.valid:
            return []
        return [(key, path_of(source), day)
                for key, source, day in self.store.rows("SELECT hash, source, day FROM story_counted")]

    def counts_each(self, keys: Iterable[boilerplate.Key]) -> bool:
        """Whether the kept counts counted each of these articles (one row each, with its content hash)."""
        need = Counter(keys)
        return self.valid and all(self.store.rows(
            "SELECT count(*) FROM story_counted WHERE hash = ? AND source = ? AND day = ?",
            (key, path_value(source), day))[0][0] >= times for (key, source, day), times in need.items())

    def part(self, number: int) -> np.ndarray:
        """A part of the kept counts' shingles (``boilerplate.grow``)."""
        if not self.valid:
            return boilerplate.EMPTY
        rows = self.store.rows("SELECT every FROM story_parts WHERE part = ?", (number,))
        return np.frombuffer(rows[0][0], dtype=np.uint32) if rows else boilerplate.EMPTY

    def _select(self, sql: str, keys: Iterable[str]) -> list[tuple]:
        if not self.valid:
            return []
        keys = list(dict.fromkeys(keys))
        out: list[tuple] = []
        for start in range(0, len(keys), CHUNK):
            chunk = keys[start:start + CHUNK]
            out += self.store.rows(sql + "(" + ",".join("?" * len(chunk)) + ")", chunk)
        return out

    # ---- writing (in the caller's transaction) ----
    def save(self, texts: dict[str, np.ndarray], signed: dict[str, tuple[bytes, bytes | None]],
             counts: boilerplate.Counts | None, counted: list[boilerplate.Key], boiler: bytes,
             gone: Iterable[str] = (), uncounted: list[boilerplate.Key] = ()) -> None:
        """Keep the shingles of new texts (``texts``), the signatures made or changed (``signed``), the
        counts with the articles they counted since the kept ones (``counted``: all of them when counted
        anew; None: the counts stay as they were) and those they no longer count (``uncounted``), the
        boilerplate; forget the texts of ``gone`` content hashes."""
        store = self.store
        db = store.db
        if not self.valid:
            db.execute("DELETE FROM stories")
        if not self.valid or (counts is not None and counts.anew):
            db.execute("DELETE FROM story_counted")
            db.execute("DELETE FROM story_parts")
            db.execute("DELETE FROM story_day_pairs")
            self.days = {}
        gone = [(key,) for key in gone]
        db.executemany("DELETE FROM stories WHERE hash = ?", gone)
        unsigned = (None, None)
        db.executemany("INSERT OR REPLACE INTO stories (hash, shingles, digest, signature) "
                       "VALUES (?, ?, ?, ?)",
                       ((key, values.astype(np.uint32, copy=False).tobytes(), *signed.get(key, unsigned))
                        for key, values in texts.items()))
        resigned = [(digest, signature, key) for key, (digest, signature) in signed.items()
                    if key not in texts]
        db.executemany("UPDATE stories SET digest = ?, signature = ? WHERE hash = ?", resigned)
        if counts is not None:
            db.executemany("DELETE FROM story_counted WHERE rowid = (SELECT rowid FROM story_counted "
                           "WHERE hash = ? AND source = ? AND day = ? LIMIT 1)",
                           ((key, path_value(source), day) for key, source, day in uncounted))
            db.executemany("INSERT INTO story_counted (hash, source, day) VALUES (?, ?, ?)",
                           ((key, path_value(source), day) for key, source, day in counted))
            db.executemany("INSERT OR REPLACE INTO story_parts (part, every) VALUES (?, ?)",
                           ((number, values.tobytes()) for number, values in counts.parts.items()
                            if values.size))
            db.executemany("DELETE FROM story_parts WHERE part = ?",
                           ((number,) for number, values in counts.parts.items() if not values.size))
            days = counts.day_parts()
            changed_days = [(part, *value) for part, value in days.items() if self.days.get(part) != value]
            gone_days = [(part,) for part in self.days.keys() - days.keys()]
            db.executemany("INSERT OR REPLACE INTO story_day_pairs (part, pairs, counts) VALUES (?, ?, ?)",
                           changed_days)
            db.executemany("DELETE FROM story_day_pairs WHERE part = ?", gone_days)
            store.written += len(changed_days) + len(gone_days)
        elif self.valid:  # the counts stay as they were
            counts = self.counts
        store.put_meta(HEADER, (self.key, boiler, counts.header() if counts is not None else None))
        store.written += len(gone) + len(texts) + len(resigned) + len(counted) + len(uncounted) + (
            len(counts.parts) if counts is not None else 0) + 1


class Shingles(dict):
    """Shingles by content hash: the ones given, and the kept ones read when asked (``fetch`` reads many
    at once)."""

    def __init__(self, given: dict[str, np.ndarray], kept: Kept):
        super().__init__(given)
        self.kept = kept

    def fetch(self, keys: Iterable[str]) -> Shingles:
        self.update(self.kept.shingles(key for key in keys if key not in self))
        return self

    def __missing__(self, key: str) -> np.ndarray:
        self.fetch([key])
        if key not in self:
            raise KeyError(key)
        return self[key]
