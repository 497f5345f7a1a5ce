"""A subscription feed grown by articles added on top of it (``rebuilds.feeds``): only the new entries are
rendered, the others copied from the last build's file, and the result is a clean build's, byte for byte;
anything it cannot trust is rendered whole."""

from __future__ import annotations

import hashlib
from pathlib import Path
from types import SimpleNamespace

import pytest
from test_additions import _article, _same_as_clean

from newsarchive.build import build
from newsarchive.content import bodies
from newsarchive.model import Page
from newsarchive.options import BuildOptions
from newsarchive.pages.render import _atom_id
from newsarchive.rebuilds import feeds

SOURCES = [("The Harbour Gazette", "en"), ("Le Courrier du Port", "fr"), ("صحيفة الميناء", "ar")]


def _site(root: Path, count: int = 56) -> Path:
    """An archive of ``count`` articles over three outlets and two months: the archive's feed full (50),
    each outlet's not."""
    site = root / "site"
    (site / "content/2024").mkdir(parents=True)
    (site / "newsarchive.yaml").write_text("title: Port archive\nlanguage: en\n", encoding="utf-8")
    for n in range(count):
        source, language = SOURCES[n % 3]
        day = 1 + n % 28
        month = 10 + n // 28
        (site / f"content/2024/{month:02d}-{day:02d}-{n}.md").write_text(_article(
            f"Harbour report {n}", f"2024-{month:02d}-{day:02d}T{8 + n % 10:02d}:{n % 60:02d}:00+01:00",
            source, language, ["harbour", "port"][: 1 + n % 2], n), encoding="utf-8")
    return site


def _build(site: Path):
    return build(site, BuildOptions(search=False, jobs=1))


@pytest.fixture
def counted(monkeypatch):
    """The paths of the bodies the build reads and renders, and what each grown feed gave."""
    read, given = [], []
    real_read, real_grown = bodies.read_body, feeds.grown

    def read_body(context, article):
        read.append(article.path)
        return real_read(context, article)

    def grown(env, page, render):
        made = real_grown(env, page, render)
        given.append((page.url, made is not None))
        return made

    monkeypatch.setattr(bodies, "read_body", read_body)
    monkeypatch.setattr(feeds, "grown", grown)
    return SimpleNamespace(read=read, given=given)


def test_articles_added_on_top_render_their_own_entries_only(tmp_path, counted):
    site = _site(tmp_path)
    _build(site)
    counted.read.clear()
    (site / "content/2024/11-30-new.md").write_text(_article(
        "Night ferry resumes after the storm", "2024-11-30T22:15:00+01:00", "The Harbour Gazette", "en",
        ["harbour"], 901, author="Moira Penhallow, harbour correspondent"), encoding="utf-8")
    (site / "content/2024/11-30-new-ar.md").write_text(_article(
        "عودة العبارة الليلية بعد العاصفة", "2024-11-30T23:05:00+03:00", "صحيفة الميناء", "ar", ["port"],
        902), encoding="utf-8")
    result = _build(site)
    assert result.mode == "added"
    grown = dict(counted.given)
    # the archive's, each outlet's, language's and tag's feed the two joined: all grown
    assert grown["feed.xml"] is True
    assert grown and all(grown.values()), grown
    assert len(grown) >= 6
    # 50 entries in the archive's feed: the two new ones on top, the two oldest gone
    feed = (site / "build/feed.xml").read_text(encoding="utf-8")
    assert feed.count("<entry ") == 50
    newest = [feed.index(text) for text in ("Night ferry resumes", "عودة العبارة", "Harbour report 55<")]
    assert newest == sorted(newest)
    assert "Harbour report 0<" not in feed and "Harbour report 1<" not in feed
    # the feeds read no body but the new ones (the article pages read their own and their neighbours')
    feed_reads = [p for p in counted.read if p.endswith(("new.md", "new-ar.md"))]
    assert len(counted.read) < 20, counted.read
    assert feed_reads
    _same_as_clean(site, tmp_path)


def test_a_back_dated_article_makes_the_feeds_it_joins_whole(tmp_path, counted):
    site = _site(tmp_path)
    _build(site)
    (site / "content/2024/10-02-late.md").write_text(_article(
        "A late report on the dredging", "2024-10-02T07:00:00+01:00", "Le Courrier du Port", "fr", ["port"],
        903, author="Claire Morvan, envoyée spéciale"), encoding="utf-8")
    assert _build(site).mode == "added"
    # below the newest entries of its outlet's feed: not grown (marked only when the new ones are on top)
    assert ("sources/le-courrier-du-port/feed.xml", True) not in counted.given
    _same_as_clean(site, tmp_path)


def _entry(n: int) -> SimpleNamespace:
    url = f"2024/10/{n:02d}/report-{n}/"
    return SimpleNamespace(url=url, article=SimpleNamespace(url=f"https://port.example/{n}", path=f"{n}.md"))


def _feed_text(entries) -> bytes:
    head = (b'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
            b"  <title>T</title>\n")
    body = b"".join(f'  <entry xml:lang="en">\n    <title>{e.url}</title>\n    <id>{_atom_id(e.article.url)}'
                    f"</id>\n  </entry>\n\n".encode() for e in entries)
    return head + body + b"</feed>\n"


@pytest.mark.parametrize("damage", ["order", "bytes", "missing"])
def test_a_feed_file_that_is_not_the_one_expected_is_made_whole(tmp_path, damage):
    """The entries kept must be the last build's, in order, in the file the record names; else None: the
    renderer makes the feed whole."""
    old = [_entry(n) for n in (5, 4, 3)]
    text = _feed_text(old)
    path = tmp_path / "feed.xml"
    digest = hashlib.sha256(text).hexdigest()
    if damage == "order":
        text = _feed_text([old[1], old[0], old[2]])
        digest = hashlib.sha256(text).hexdigest()  # (a file the record holds, but not these entries)
    elif damage == "bytes":
        text = text.replace(b"<title>T</title>", b"<title>t</title>")  # changed since the record
    if damage != "missing":
        path.write_bytes(text)
    page = Page("feed.xml", "atom.xml", {"entries": [_entry(6), *old], feeds.GROWN: (str(path), digest, 1)})
    env = SimpleNamespace(globals={"atom_id": _atom_id})
    never = lambda made: pytest.fail("nothing is rendered for a file not trusted")
    assert feeds.grown(env, page, never) is None


def test_a_trusted_feed_file_keeps_its_entries_under_the_new_ones(tmp_path):
    old = [_entry(n) for n in (5, 4, 3)]
    text = _feed_text(old)
    path = tmp_path / "feed.xml"
    path.write_bytes(text)
    page = Page("feed.xml", "atom.xml", {"entries": [_entry(7), _entry(6), old[0], old[1]],
                                         feeds.GROWN: (str(path), hashlib.sha256(text).hexdigest(), 2)})
    env = SimpleNamespace(globals={"atom_id": _atom_id})
    made = feeds.grown(env, page, lambda fresh: _feed_text(fresh.context["entries"]).replace(b"<title>T",
                                                                                              b"<title>N"))
    # the new head, the two new entries, the two newest old ones, the oldest gone
    assert made == _feed_text([_entry(7), _entry(6), old[0], old[1]]).replace(b"<title>T", b"<title>N")
