"""The same story across outlets: articles of one language, published within a few days of each other,
whose texts (headline and body) are near-duplicates, found by MinHash with LSH.

1. Each article's shingles (``shingles``) are read once, from the article's file, and kept in the
   catalog (``kept``) keyed by the article's ``content_hash`` (its bytes and folder defaults) and the
   rules: a rebuild reads the files of new and changed articles only.
2. The boilerplate (``boilerplate``: shingles many articles of several outlets carry over many days) is
   found from counts kept in the catalog too (updated when a build only adds articles, else made again
   from the kept shingles), and left out of each signature: the minimum of ``PERMUTATIONS`` hash
   functions over the article's other shingles. A signature is kept too, with the digest of the
   boilerplate shingles left out of it: it is made again (from the kept shingles, no file read) only
   when that changes.
3. The index (LSH): the signature cut into bands; two articles of one language whose band is the same in
   at least one band, and whose days are at most ``window`` days apart, are candidates. Candidates come
   from sorting the band values (never from comparing all pairs).
4. A candidate pair is kept when its estimated Jaccard similarity (the share of equal signature values)
   is at or above ``threshold``. A story is a connected component of kept pairs (the window bounds how far
   a chain can run: each link joins articles at most ``window`` days apart).
Everything is a function of the articles (their paths, days, languages and texts), never of the order
they were read in: the hash functions have fixed seeds, and stories are named and ordered by their
articles' paths.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from newsarchive import text as text_file
from newsarchive.config import StoriesConfig as Settings  # enabled, threshold, window
from newsarchive.stories import boilerplate, shingles
from newsarchive.stories.kept import Kept, Shingles

PERMUTATIONS = 64  # signature length: 256 bytes an article (25 MB at 100,000 articles)
SEED = 20261130
MIN_SHINGLES = 8  # shorter texts (a headline alone, a photo caption) join no story: too little to compare
THRESHOLD = Settings().threshold  # the defaults (config.StoriesConfig), chosen on the labelled sample
WINDOW = Settings().window
CACHE_KEY = repr(("stories", 6, shingles.RULES, shingles.SIZE, PERMUTATIONS, SEED, boilerplate.MIN_ARTICLES,
                  boilerplate.SHARE, boilerplate.MIN_SOURCES, boilerplate.ALWAYS_ARTICLES))


def _permutations() -> tuple[np.ndarray, np.ndarray]:
    generator = np.random.Generator(np.random.PCG64(SEED))
    a = generator.integers(0, 1 << 64, size=PERMUTATIONS, dtype=np.uint64, endpoint=False) | np.uint64(1)
    b = generator.integers(0, 1 << 64, size=PERMUTATIONS, dtype=np.uint64, endpoint=False)
    return a, b


_A, _B = _permutations()


def signature(text: str, size: int = shingles.SIZE) -> bytes | None:
    """The MinHash signature of a text (``PERMUTATIONS`` uint32 values as bytes), or None when the text is
    too short to compare (``size``: words per shingle). No shingle is left out as boilerplate: the
    archive's signatures come from ``signature_of``."""
    return signature_of(shingles.shingle_hashes(text, size))


def signature_of(hashes: np.ndarray) -> bytes | None:
    """The MinHash signature of a set of shingle hashes (None: fewer than ``MIN_SHINGLES``)."""
    if len(hashes) < MIN_SHINGLES:
        return None
    # multiply-shift hashing: (a x + b) mod 2**64 (numpy's arrays wrap around), its high 32 bits
    values = (hashes.astype(np.uint64)[:, None] * _A[None, :] + _B[None, :]) >> np.uint64(32)
    return values.min(axis=0).astype(np.uint32).tobytes()


def shingles_of(text: str) -> bytes:
    """An article's shingle hashes as the build cache keeps them: sorted uint32 values."""
    return shingles.shingle_hashes(text).astype(np.uint32).tobytes()


_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n.*?^---[ \t]*$", re.DOTALL | re.MULTILINE)


def article_text(raw: bytes, title: str) -> str:
    """What a signature is made from: the headline and the body (the front matter's lines aside)."""
    decoded = text_file.decode(raw, errors="replace")
    return title + "\n" + _FRONT_MATTER.sub("", decoded, count=1)


# ---------------------------------------------------------------- signatures, with the catalog

def _store(cache_dir: Path | None):
    from newsarchive.catalog.store import open_store

    return open_store(cache_dir) if cache_dir is not None else None


def load_signatures(cache_dir: Path | None) -> dict[str, bytes | None]:
    """content_hash -> signature, as the last build kept them."""
    return {key: value[1] for key, value in Kept(_store(cache_dir), CACHE_KEY).signatures().items()}


def _shingle_chunk(context, articles: list[tuple[str, str, str]]) -> list[tuple[str, bytes]]:
    """In a worker: the shingles of some articles (path, content hash, title)."""
    out = []
    for path, content_hash, title in articles:
        try:
            raw = (context.content_dir / path).read_bytes()
        except OSError:
            out.append((content_hash, b""))
            continue
        out.append((content_hash, shingles_of(article_text(raw, title))))
    return out


def _array(raw: bytes) -> np.ndarray:
    return np.frombuffer(raw, dtype=np.uint32)


def _sign(content_hash: str, values: np.ndarray, boiler: np.ndarray, prior: Mapping,
          signed: dict[str, tuple[bytes, bytes | None]], mask: np.ndarray | None = None) -> bytes | None:
    """An article's signature without the boilerplate: the kept one (``prior``: content hash -> digest,
    signature) while the same boilerplate shingles are left out of it, else made again from its shingles
    (no file is read). ``mask``: which of its shingles are boilerplate, when known (``_masks``)."""
    if mask is None:
        own, removed = boilerplate.without(values, boiler)
    else:
        own, removed = values[~mask], values[mask]
    digest = hashlib.blake2b(removed.tobytes(), digest_size=16).digest()
    before = prior.get(content_hash)
    if before is not None and before[0] == digest:
        signed[content_hash] = before
    else:
        signed[content_hash] = (digest, signature_of(own))
    return signed[content_hash][1]


def _masks(arrays: list[np.ndarray], boiler: np.ndarray) -> list[np.ndarray | None]:
    """For each shingle set, which of its shingles are boilerplate (None: none is): a look-up over a
    batch of sets at a time, faster than one a set."""
    if not boiler.size or not arrays:
        return [None] * len(arrays)
    out: list[np.ndarray | None] = []
    for batch in boilerplate.batches(arrays):
        chosen = arrays[batch]
        hits = boilerplate.positions(np.concatenate(chosen), boiler) >= 0
        ends = np.cumsum([len(values) for values in chosen]).tolist()
        out.extend(hits[start:end] for start, end in zip([0, *ends[:-1]], ends))
    return out


def _source_key(source: str | None, path: str) -> str:
    return source or "\x00" + path  # an unattributed article is a source of its own


def _key(article) -> boilerplate.Key:
    return article.content_hash, _source_key(article.source, article.path), article.day.toordinal()


def signatures(articles: Sequence, context, cache_dir: Path | None, jobs: int = 1,
               executor: str | None = None, reuse: bool = True,
               window: int = WINDOW) -> tuple[dict[str, bytes | None], int]:
    """Each article's signature by content hash, boilerplate left out (``boilerplate``, its days counted
    against ``window``): the shingles of new and changed articles are read (in parallel), the others'
    come from the catalog when needed (``kept``); what changed is kept there for the next build. Returns
    the signatures and how many articles were read."""
    from newsarchive import parallel

    store = _store(cache_dir)
    kept = Kept(store, CACHE_KEY, reuse)
    first: dict[str, tuple[str, str]] = {}
    for article in articles:
        first.setdefault(article.content_hash, (article.path, article.title))
    stored = kept.hashes()
    todo = [(path, key, title) for key, (path, title) in first.items() if key not in stored]
    found: dict[str, np.ndarray] = {}
    for chunk in parallel.run(_shingle_chunk, parallel.chunks(todo, 250), jobs, context, executor):
        found.update((key, _array(raw)) for key, raw in chunk)
    shingles = Shingles(dict(found), kept)
    current = [_key(a) for a in articles]
    counts, counted, uncounted = None, current, []
    if kept.counts is not None:  # the kept counts, with the removed and added articles counted out and in
        before = kept.counted()
        uncounted = list((Counter(before) - Counter(current)).elements())
        counted = list((Counter(current) - Counter(before)).elements())
        shingles.fetch(key[0] for key in uncounted + counted)
        counts = boilerplate.change(kept.counts, uncounted, counted, shingles, kept.part,
                                    lambda: (current, shingles.fetch(first)))
    if counts is None:
        counts, counted, uncounted = boilerplate.count(current, shingles.fetch(first)), current, []
    boiler = boilerplate.decide(counts, window)
    prior = kept.signatures()
    signed: dict[str, tuple[bytes, bytes | None]] = {}
    if boiler.tobytes() == kept.boilerplate:  # the usual case: only the new articles are signed
        signed = {key: prior[key] for key in first if key in prior}
    todo_keys = [key for key in first if key not in signed]
    shingles.fetch(todo_keys)
    for key, mask in zip(todo_keys, _masks([shingles[key] for key in todo_keys], boiler)):
        _sign(key, shingles[key], boiler, prior, signed, mask)
    if store is not None:
        with store.transaction():
            kept.save(found, {key: value for key, value in signed.items() if prior.get(key) != value},
                      counts, counted, boiler.tobytes(), gone=stored - first.keys(), uncounted=uncounted)
    return {key: signed[key][1] for key in first}, len(todo)


def detect(articles: Sequence, settings: Settings, context, cache_dir: Path | None, reuse: bool = True,
           jobs: int = 1, executor: str | None = None) -> Stories:
    """The stories among the published ``articles``: their signatures (the kept ones unless not
    ``reuse``), then the index."""
    if not settings.enabled:
        return Stories([], {})
    found, _computed = signatures(articles, context, cache_dir, jobs, executor, reuse, settings.window)
    return find([(a.path, a.language, a.day, a.source, found.get(a.content_hash)) for a in articles],
                settings)


def text_changes_keep_stories(settings: Settings, cache_dir: Path, records: dict, published: Mapping,
                              texts: dict[str, tuple[str, bytes, str]]) -> bool:
    """Whether new texts of some articles (path -> content hash, bytes, title) leave every story as it was
    and none of them in one (its page shows its story, which the text-only rebuild does not render).
    ``records``: path -> cache.FileFacts of every article; ``published``: the published paths.

    The new texts must leave the boilerplate as it was (else other articles' signatures change). Then an
    article is in a story when it has a kept pair, so it is enough that neither its old nor its new
    signature reaches ``threshold`` with any published article of its language from another source within
    ``window`` days: compared directly, with no index, this is never less strict than ``find`` (which keeps
    only the pairs its index makes candidates). Then the changed articles' shingles and signatures are
    kept for the next build."""
    if not settings.enabled:
        return True
    store = _store(cache_dir)
    kept = Kept(store, CACHE_KEY)
    known = {key: value[1] for key, value in kept.signatures().items()}
    new_shingles: dict[str, np.ndarray] = {}
    for path, (content_hash, raw, title) in texts.items():
        facts = records.get(path)
        record = facts.record if facts is not None else None
        if record is None or record.content_hash not in known:
            return False  # a signature the last build did not keep: a full plan will make it
        new_shingles[path] = _array(shingles_of(article_text(raw, title)))
    theirs_of = {}
    for other in published:
        facts = records.get(other)
        theirs = facts.record if facts is not None else None
        if theirs is None:
            return False
        theirs_of[other] = theirs
    old_shingles = kept.shingles(theirs.content_hash for other, theirs in theirs_of.items()
                                 if other not in new_shingles)
    items = []
    for other, theirs in theirs_of.items():
        values = new_shingles[other] if other in new_shingles else old_shingles.get(theirs.content_hash)
        if values is None:
            return False
        items.append((values, _source_key(theirs.source, other), theirs.day))
    boiler = boilerplate.find(items, settings.window)
    if boiler.tobytes() != kept.boilerplate:
        return False  # other articles' signatures change: a full plan
    signed: dict[str, tuple[bytes, bytes | None]] = {}
    added: dict[str, bytes | None] = {}
    changed = []
    for path, (content_hash, _raw, _title) in texts.items():
        record = records[path].record
        added[content_hash] = _sign(content_hash, new_shingles[path], boiler, {}, signed)
        changed.append((path, record, [known[record.content_hash], added[content_hash]]))
    for path, record, signatures_of in changed:
        near = []
        for other in published:
            facts = records.get(other)
            theirs = facts.record if facts is not None else None
            if other == path or theirs is None or theirs.language != record.language \
                    or abs(theirs.day - record.day) > settings.window \
                    or (theirs.source or other) == (record.source or path):
                continue
            sign = known.get(theirs.content_hash) if other not in texts else added.get(texts[other][0])
            if sign is None and theirs.content_hash not in known and other not in texts:
                return False
            if sign is not None:
                near.append(sign)
        if not near:
            continue
        matrix = np.frombuffer(b"".join(near), dtype=np.uint32).reshape(len(near), -1)
        for own in signatures_of:
            if own is not None and ((matrix == np.frombuffer(own, dtype=np.uint32)).mean(axis=1)
                                    >= settings.threshold - 1e-9).any():
                return False
    with store.transaction():  # the counts stay those of the old texts: the next full plan counts anew
        kept.save({texts[path][0]: values for path, values in new_shingles.items()}, signed, None, [],
                  kept.boilerplate)
    return True


# ---------------------------------------------------------------- the index and the stories

def bands_for(threshold: float) -> int:
    """Rows per band: the most (fewest candidates) that still makes a pair at the threshold a candidate
    with a probability of 0.95 or more."""
    best = 1
    for rows in (1, 2, 4, 8, 16):
        bands = PERMUTATIONS // rows
        if 1 - (1 - threshold ** rows) ** bands >= 0.95:
            best = rows
    return best


def candidate_pairs(matrix: np.ndarray, groups: np.ndarray, days: np.ndarray, window: int,
                    rows: int) -> set[tuple[int, int]]:
    """The pairs (i < j) of rows of ``matrix`` (signatures) in one group (language) whose days are at most
    ``window`` apart and that share at least one band of ``rows`` values."""
    pairs: set[tuple[int, int]] = set()
    count = len(matrix)
    if count < 2:
        return pairs
    for start in range(0, PERMUTATIONS, rows):
        band = np.zeros(count, dtype=np.uint64)
        for column in range(start, start + rows):  # a column at a time: no wide copy of the signatures
            band = (band ^ matrix[:, column].astype(np.uint64)) * np.uint64(0x100000001B3)
        order = np.lexsort((days, band, groups))
        same = (band[order][1:] == band[order][:-1]) & (groups[order][1:] == groups[order][:-1])
        if not same.any():
            continue
        # runs of equal (group, band), each sorted by day
        edges = np.flatnonzero(np.diff(np.concatenate(([0], same.astype(np.int8), [0]))))
        for run_start, run_end in zip(edges[::2], edges[1::2] + 1):
            members = order[run_start:run_end]
            member_days = days[members]
            for i in range(len(members)):
                j = i + 1
                while j < len(members) and member_days[j] - member_days[i] <= window:
                    a, b = int(members[i]), int(members[j])
                    pairs.add((a, b) if a < b else (b, a))
                    j += 1
    return pairs


@dataclass(slots=True)
class Stories:
    """The stories found: each a list of article paths, sorted; ``of`` maps a path to its story's index."""

    groups: list[list[str]]
    of: dict[str, int]


def find(items: Sequence[tuple[str, str, date, str, bytes | None]], settings: Settings) -> Stories:
    """Stories among ``items`` (path, language, day, source, signature), of two or more articles each.
    Only articles of two different sources are compared (unattributed ones count as sources of their own):
    one outlet's near-duplicates are its own template (a daily briefing) or a true duplicate, which
    ``newsarchive check`` reports; an outlet's second article joins a story through another outlet's."""
    kept = sorted((item for item in items if item[4] is not None), key=lambda item: item[0])
    if len(kept) < 2 or not settings.enabled:
        return Stories([], {})
    paths = [item[0] for item in kept]
    languages: dict[str, int] = {}
    groups = np.array([languages.setdefault(item[1], len(languages)) for item in kept], dtype=np.int64)
    days = np.array([item[2].toordinal() for item in kept], dtype=np.int64)
    sources = [item[3] or "\x00" + item[0] for item in kept]
    matrix = np.frombuffer(b"".join(item[4] for item in kept), dtype=np.uint32).reshape(len(kept), -1)
    pairs = sorted(pair for pair in candidate_pairs(matrix, groups, days, settings.window,
                                                    bands_for(settings.threshold))
                   if sources[pair[0]] != sources[pair[1]])
    parent = list(range(len(kept)))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    if pairs:
        left = np.array([p[0] for p in pairs])
        right = np.array([p[1] for p in pairs])
        similar = (matrix[left] == matrix[right]).mean(axis=1) >= settings.threshold - 1e-9
        for a, b in zip(left[similar].tolist(), right[similar].tolist()):
            ra, rb = root(a), root(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    members: dict[int, list[str]] = {}
    for index in range(len(kept)):
        members.setdefault(root(index), []).append(paths[index])
    story_list = sorted((group for group in members.values() if len(group) > 1), key=lambda g: g[0])
    return Stories(story_list, {path: n for n, group in enumerate(story_list) for path in group})


def similarity(first: bytes, second: bytes) -> float:
    """The estimated Jaccard similarity of two signatures."""
    a, b = np.frombuffer(first, dtype=np.uint32), np.frombuffer(second, dtype=np.uint32)
    return float((a == b).mean())


def _edited(before: list[boilerplate.Key], after: list[boilerplate.Key],
            shingles: dict) -> tuple[list[boilerplate.Key], list[boilerplate.Key]]:
    """An edit counted as what it changes: for each article (``before[i]`` its text before, ``after[i]``
    after, on the same day from the same source), the shingles only the old text had counted out and
    those only the new one has counted in, under keys of their own put in ``shingles``. Counting the whole
    old text out would empty the (shingle, day) pairs of every frequent shingle it carries alone that day,
    which the capped counts cannot follow (``boilerplate.change`` then counts anew); a corrected headline
    changes a few shingles."""
    out, come = [], []
    for old, new in zip(before, after):
        old_values, new_values = shingles[old[0]], shingles[new[0]]
        shingles["-" + old[0]] = np.setdiff1d(old_values, new_values, assume_unique=True)
        shingles["+" + new[0]] = np.setdiff1d(new_values, old_values, assume_unique=True)
        out.append(("-" + old[0], *old[1:]))
        come.append(("+" + new[0], *new[1:]))
    return out, come


def added_keep_stories(settings: Settings, store, added: Sequence, content_dir: Path, removed: Sequence = ()):
    """Whether newly added articles (``added``: their Articles) leave every story as it was and join none
    (``additions``: a rebuild that only adds articles renders no story page): None when they may not, else
    what keeps them for the next build (called in the transaction that saves the catalog). Their
    shingles are read from their files; the boilerplate counts of the last build, grown by them (the
    parts their shingles fall in), must leave the boilerplate as it was; then no added article's
    signature may reach ``threshold`` with a published article of its language from another source
    within ``window`` days (compared directly, never less strict than ``find``), nor with another added
    one. ``store``: the catalog, holding the added articles' rows in an open transaction. ``removed``:
    the Articles the added ones replace (an edited article's text before the edit: ``edits``), counted
    out; they must have been in no story."""
    from newsarchive.catalog.store import unpack
    from newsarchive.model import ArticleRecord

    kept = Kept(store, CACHE_KEY)
    if kept.counts is None:
        return None
    keys = [_key(a) for a in added]
    uncounted = [_key(a) for a in removed]
    if uncounted and not kept.counts_each(uncounted):
        return None  # the counts count another text of it (a text-only rebuild leaves them as they were)
    shingles = Shingles({}, kept).fetch(k[0] for k in keys + uncounted)
    if any(k[0] not in shingles for k in uncounted):
        return None  # a text the last build did not keep
    fresh: dict[str, np.ndarray] = {}
    for article in added:
        if article.content_hash not in shingles:
            try:
                raw = (content_dir / article.path).read_bytes()
            except OSError:
                return None
            shingles[article.content_hash] = fresh[article.content_hash] = _array(
                shingles_of(article_text(raw, article.title)))

    def everyone() -> tuple:
        counted = list((Counter(kept.counted()) - Counter(uncounted)).elements()) + keys
        return counted, shingles.fetch(k[0] for k in counted)

    count_out, count_in = _edited(uncounted, keys, shingles) if removed else ([], keys)
    counts = boilerplate.change(kept.counts, count_out, count_in, shingles, kept.part, everyone)
    if counts is None:
        return None  # counted anew, in more parts: a full plan
    boiler = boilerplate.decide(counts, settings.window)
    if boiler.tobytes() != kept.boilerplate:
        return None  # other articles' signatures change: a full plan
    signed: dict[str, tuple[bytes, bytes | None]] = {}
    prior = kept.signatures(a.content_hash for a in added)
    mine = {a.path: _sign(a.content_hash, shingles[a.content_hash], boiler, prior, signed) for a in added}
    nearby: dict[str, list[ArticleRecord]] = {}
    for article in added:
        if mine[article.path] is None:
            continue
        day = article.day.toordinal()
        rows = store.rows("SELECT a.facts FROM articles a JOIN placements p ON p.path = a.path "
                          "WHERE a.day BETWEEN ? AND ? AND a.language = ?",
                          (day - settings.window, day + settings.window, article.language))
        nearby[article.path] = [
            theirs for theirs in (ArticleRecord._make(unpack(facts)) for (facts,) in rows)
            if theirs.path != article.path
            and (theirs.source or theirs.path) != (article.source or article.path)]
    theirs_signed = kept.signatures(t.content_hash for found in nearby.values() for t in found)
    for article in added:
        own = mine[article.path]
        near = []
        for theirs in nearby.get(article.path, ()):
            if theirs.path in mine:
                sign = mine[theirs.path]
            elif theirs.content_hash in theirs_signed:
                sign = theirs_signed[theirs.content_hash][1]
            else:
                return None  # a signature the last build did not keep
            if sign is not None:
                near.append(sign)
        if near:
            matrix = np.frombuffer(b"".join(near), dtype=np.uint32).reshape(len(near), -1)
            if ((matrix == np.frombuffer(own, dtype=np.uint32)).mean(axis=1)
                    >= settings.threshold - 1e-9).any():
                return None

    def keep() -> None:
        kept.save(fresh, {key: value for key, value in signed.items() if prior.get(key) != value}, counts,
                  keys, kept.boilerplate, uncounted=uncounted)

    return keep
