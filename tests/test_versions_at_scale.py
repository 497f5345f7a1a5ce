"""Versions and corrections at any size: the diff of very long versions, articles with hundreds of versions,
dates of changes that cannot be, version files an import cannot use, and direction controls in notes."""

from __future__ import annotations

import time
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from newsarchive import diffseq, worddiff


def _rebuilt(a: list, b: list, ops: list) -> list:
    """``b`` as the opcodes rebuild it from ``a`` (checking that they cover both, in order)."""
    i = j = 0
    out: list = []
    for tag, i1, i2, j1, j2 in ops:
        assert (i1, j1) == (i, j)
        if tag == "equal":
            assert a[i1:i2] == b[j1:j2]
            out += a[i1:i2]
        else:
            out += b[j1:j2]
        i, j = i2, j2
    assert (i, j) == (len(a), len(b))
    return out


_WORDS = st.lists(st.sampled_from(["the", "storm", "\n", "12", "dead", "港", "口"]), max_size=40)


@settings(max_examples=300, deadline=None)
@given(_WORDS, _WORDS)
def test_the_paragraph_first_diff_gives_back_both_texts(a: list[str], b: list[str]):
    small = diffseq.SMALL
    diffseq.SMALL = 0  # the way long texts are compared, on short ones
    try:
        ops = diffseq.opcodes(a, b, "\n")
    finally:
        diffseq.SMALL = small
    assert _rebuilt(a, b, ops) == b
    assert all(not (x[0] == y[0] == "equal") for x, y in pairwise(ops))


def _long_text(paragraphs: int) -> list[str]:
    scripts = ["The harbour council said on Tuesday that repairs to the quay would take until April",
               "Le conseil portuaire a annoncé mardi que les réparations dureront jusqu'en avril",
               "قال مجلس الميناء يوم الثلاثاء إن إصلاح الرصيف سيستغرق حتى أبريل",
               "港口委员会周二表示码头修复工程将持续到四月"]
    return [f"{scripts[n % 4]} ({n}); {scripts[(n * 7) % 4]}, {n * 31 % 997} boats."
            for n in range(paragraphs)]


def test_a_two_megabyte_version_is_compared_in_seconds_with_the_same_marks():
    old = _long_text(16000)
    assert sum(len(p.encode()) for p in old) > 2_000_000
    new = list(old)
    new[4] = new[4].replace("Tuesday", "Wednesday", 1)
    new[9000] = new[9000].replace("boats", "ferries")
    del new[12000]
    start = time.perf_counter()
    body, inserted, deleted = worddiff.diff_html(old, new)
    took = time.perf_counter() - start
    assert took < 60  # difflib over every word: hours
    assert inserted == 2 and deleted == 2 + len(worddiff.tokens([old[12000]]))
    assert ('<del><span class="diff-label">deleted: </span><span class="diff-mark" aria-hidden="true">[\u2212'
            '</span>Tuesday<span class="diff-mark" aria-hidden="true">]</span></del> ') in body
    assert '<span class="diff-mark" aria-hidden="true">[+</span>Wednesday' in body


def test_a_text_rewritten_past_the_budget_shows_as_replaced():
    old, new = _long_text(3000), [p.upper() + " !" for p in _long_text(3000)]
    body, inserted, deleted = worddiff.diff_html(old, new)
    assert deleted == len(worddiff.tokens(old)) - 2999 and inserted == len(worddiff.tokens(new)) - 2999
    assert body.count("<del>") == 3000 and body.count("<ins>") == 3000


def test_an_ordinary_edit_is_compared_as_before():
    old = ["The storm left 21 dead in the harbour town overnight. Roads along the quay are closed."]
    new = ["The storm left 12 dead in the harbour town overnight. Roads along the quay reopened."]
    _body, inserted, deleted = worddiff.diff_html(old, new)
    assert (inserted, deleted) == (2, 3)
