"""The same story across outlets: articles of one language, published within a few days of each other,
whose texts (headline and body) are near-duplicates, found by MinHash with LSH.

1. Each article's signature: the minimum of ``PERMUTATIONS`` hash functions over its shingles
   (``shingles``). It is computed once, from the article's file, and kept in the build cache
   (``.build.cache/stories.bin``) keyed by the article's ``content_hash`` (its bytes and folder defaults)
   and the shingling rules: a rebuild computes the signatures of new and changed articles only.
2. The index (LSH): the signature cut into bands; two articles of one language whose band is the same in
   at least one band, and whose days are at most ``window`` days apart, are candidates. Candidates come
   from sorting the band values (never from comparing all pairs).
3. A candidate pair is kept when its estimated Jaccard similarity (the share of equal signature values)
   is at or above ``threshold``. A story is a connected component of kept pairs (the window bounds how far
   a chain can run: each link joins articles at most ``window`` days apart).
Everything is a function of the articles (their paths, days, languages and texts), never of the order
they were read in: the hash functions have fixed seeds, and stories are named and ordered by their
articles' paths.
"""

from __future__ import annotations

import marshal
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from newsarchive import shingles
from newsarchive import text as text_file
from newsarchive.config import StoriesConfig as Settings  # enabled, threshold, window

PERMUTATIONS = 64  # signature length: 256 bytes an article (25 MB at 100,000 articles)
SEED = 20261130
MIN_SHINGLES = 8  # shorter texts (a headline alone, a photo caption) join no story: too little to compare
THRESHOLD = Settings().threshold  # the defaults (config.StoriesConfig), chosen on the labelled sample
WINDOW = Settings().window
CACHE_NAME = "stories.bin"
SIGNATURE_KEY = repr(("stories", shingles.RULES, shingles.SIZE, PERMUTATIONS, SEED))


def _permutations() -> tuple[np.ndarray, np.ndarray]:
    generator = np.random.Generator(np.random.PCG64(SEED))
    a = generator.integers(0, 1 << 64, size=PERMUTATIONS, dtype=np.uint64, endpoint=False) | np.uint64(1)
    b = generator.integers(0, 1 << 64, size=PERMUTATIONS, dtype=np.uint64, endpoint=False)
    return a, b


_A, _B = _permutations()


def signature(text: str, size: int = shingles.SIZE) -> bytes | None:
    """The MinHash signature of a text (``PERMUTATIONS`` uint32 values as bytes), or None when the text is
    too short to compare (``size``: words per shingle)."""
    hashes = shingles.shingle_hashes(text, size)
    if len(hashes) < MIN_SHINGLES:
        return None
    # multiply-shift hashing: (a x + b) mod 2**64 (numpy's arrays wrap around), its high 32 bits
    values = (hashes[:, None] * _A[None, :] + _B[None, :]) >> np.uint64(32)
    return values.min(axis=0).astype(np.uint32).tobytes()


_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n.*?^---[ \t]*$", re.DOTALL | re.MULTILINE)


def article_text(raw: bytes, title: str) -> str:
    """What a signature is made from: the headline and the body (the front matter's lines aside)."""
    decoded = text_file.decode(raw, errors="replace")
    return title + "\n" + _FRONT_MATTER.sub("", decoded, count=1)


# ---------------------------------------------------------------- signatures, with the build cache

def load_signatures(cache_dir: Path | None) -> dict[str, bytes | None]:
    """content_hash -> signature, as the last build kept them ({} when missing or made by other rules)."""
    if cache_dir is None:
        return {}
    try:
        key, found = marshal.loads((cache_dir / CACHE_NAME).read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    return found if key == SIGNATURE_KEY and isinstance(found, dict) else {}


def save_signatures(cache_dir: Path, signatures: dict[str, bytes | None]) -> None:
    cache_dir.mkdir(parents=True, exist_ok=True)
    temporary = cache_dir / (CACHE_NAME + ".tmp")
    temporary.write_bytes(marshal.dumps((SIGNATURE_KEY, signatures)))
    os.rename(temporary, cache_dir / CACHE_NAME)  # atomic on POSIX, as os.replace is


def _signature_chunk(context, articles: list[tuple[str, str, str]]) -> list[tuple[str, bytes | None]]:
    """In a worker: the signatures of some articles (path, content hash, title)."""
    out = []
    for path, content_hash, title in articles:
        try:
            raw = (context.content_dir / path).read_bytes()
        except OSError:
            out.append((content_hash, None))
            continue
        out.append((content_hash, signature(article_text(raw, title))))
    return out


def signatures(articles: Sequence, context, cache_dir: Path | None, jobs: int = 1,
               executor: str | None = None, reuse: bool = True) -> tuple[dict[str, bytes | None], int]:
    """Each article's signature by content hash: the cached ones, and the others computed (in parallel)
    and saved. Returns them and how many were computed."""
    from newsarchive import parallel

    known = load_signatures(cache_dir) if reuse else {}
    found: dict[str, bytes | None] = {}
    todo = []
    for article in articles:
        key = article.content_hash
        if key in known:
            found[key] = known[key]
        elif key not in found:
            found[key] = None
            todo.append((article.path, key, article.title))
    for chunk in parallel.run(_signature_chunk, parallel.chunks(todo, 250), jobs, context, executor):
        found.update(chunk)
    if cache_dir is not None and (todo or found.keys() != known.keys()):
        save_signatures(cache_dir, found)
    return found, len(todo)


def detect(articles: Sequence, settings: Settings, context, cache_dir: Path | None, reuse: bool = True,
           jobs: int = 1, executor: str | None = None) -> Stories:
    """The stories among the published ``articles``: their signatures (the cached ones unless not
    ``reuse``), then the index."""
    if not settings.enabled:
        return Stories([], {})
    found, _computed = signatures(articles, context, cache_dir, jobs, executor, reuse)
    return find([(a.path, a.language, a.day, a.source, found.get(a.content_hash)) for a in articles],
                settings)


def text_changes_keep_stories(settings: Settings, cache_dir: Path, records: dict, published: Mapping,
                              texts: dict[str, tuple[str, bytes, str]]) -> bool:
    """Whether new texts of some articles (path -> content hash, bytes, title) leave every story as it was
    and none of them in one (its page shows its story, which the text-only rebuild does not render).
    ``records``: path -> cache.FileFacts of every article; ``published``: the published paths.

    An article is in a story when it has a kept pair, so it is enough that neither its old nor its new
    signature reaches ``threshold`` with any published article of its language from another source within
    ``window`` days: compared directly, with no index, this is never less strict than ``find`` (which keeps
    only the pairs its index makes candidates). Then the changed articles' new signatures are kept for the
    next build."""
    if not settings.enabled:
        return True
    known = load_signatures(cache_dir)
    added: dict[str, bytes | None] = {}
    changed = []
    for path, (content_hash, raw, title) in texts.items():
        facts = records.get(path)
        record = facts.record if facts is not None else None
        if record is None or record.content_hash not in known:
            return False  # a signature the last build did not keep: a full plan will make it
        added[content_hash] = signature(article_text(raw, title))
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
    save_signatures(cache_dir, {**known, **added})
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
