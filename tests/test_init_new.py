"""``newsarchive init`` and ``newsarchive new``, driven as an editor would, and the front matter they
write."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from conftest import run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

from newsarchive.config import Config, load_config
from newsarchive.content.compose import article_text
from newsarchive.content.frontmatter import split
from newsarchive.content.loader import LoadOptions, load_article
from newsarchive.content.values import as_shown


def test_init_makes_an_archive_that_builds(tmp_path: Path):
    done = run_cli("init", "harbour", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    site = tmp_path / "harbour"
    assert "A new archive is ready in harbour" in done.stdout
    examples = list((site / "content").rglob("*.md"))
    assert len(examples) == 1
    gitignore = (site / ".gitignore").read_text().splitlines()
    assert "/build/" in gitignore and ".build.*" in gitignore
    config, problems = load_config(site)
    assert problems == []
    assert config.title == "Harbour"

    built = run_cli("build", cwd=site)
    assert built.returncode == 0, built.stderr
    assert "Built 1 article into build" in built.stdout
    page = site / "build/2018/03/26/harbour-reopens-after-the-storm-ferries-run-again/index.html"
    assert "Harbour reopens after the storm: ferries run again" in page.read_text()


def test_init_config_names_every_option(tmp_path: Path):
    assert run_cli("init", "a", cwd=tmp_path).returncode == 0
    text = (tmp_path / "a/newsarchive.yaml").read_text()
    for key in Config.__dataclass_fields__:
        assert re.search(rf"^#? ?{key}:", text, re.MULTILINE), key
    # uncommenting every option keeps the configuration valid
    uncommented = re.sub(r"^# (\w+:)", r"\1", text, flags=re.MULTILINE)
    uncommented = re.sub(r"^#(   +)", r"\1", uncommented, flags=re.MULTILINE)
    (tmp_path / "a/newsarchive.yaml").write_text(uncommented)
    config, problems = load_config(tmp_path / "a")
    assert problems == []
    assert config.detect_language is False and "The Harbour Gazette" in config.sources


def test_init_refuses_an_existing_archive_and_fills_an_empty_folder(tmp_path: Path):
    assert run_cli("init", "a", cwd=tmp_path).returncode == 0
    before = (tmp_path / "a/newsarchive.yaml").read_bytes()
    again = run_cli("init", "a", cwd=tmp_path)
    assert again.returncode == 2
    assert "already holds an archive" in again.stderr and "Traceback" not in again.stderr
    assert (tmp_path / "a/newsarchive.yaml").read_bytes() == before

    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / ".gitignore").write_text("*.log")  # an existing .gitignore is extended, not replaced
    assert run_cli("init", ".", cwd=empty).returncode == 0
    assert (empty / "content").is_dir()
    assert (empty / ".gitignore").read_text().splitlines()[0] == "*.log"
    assert "/build/" in (empty / ".gitignore").read_text()


def test_new_then_build_shows_the_article(tmp_path: Path):
    assert run_cli("init", "site", cwd=tmp_path).returncode == 0
    site = tmp_path / "site"
    done = run_cli("new", 'Storm: the "harbour" closes', "--source", "Le Courrier du Littoral",
                   "--lang", "fr", "--date", "2018-03-27", "--url", "https://courrier.example/a",
                   "--tags", "tempête, port,",
                   cwd=site)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "content/2018/03/2018-03-27-storm-the-harbour-closes.md"
    text = (site / done.stdout.strip()).read_text()
    assert text.startswith("---\ntitle: 'Storm: the \"harbour\" closes'\ndate: 2018-03-27\n")
    assert "tags: [tempête, port]" in text

    arabic = run_cli("new", "إغلاق الميناء: بعد العاصفة", "--source", "Al-Waha Daily", "--lang", "ar",
                     "--date", "2018-03-28", "--site", "site", cwd=tmp_path)
    assert arabic.returncode == 0, arabic.stderr
    assert arabic.stdout.strip().startswith("site/content/2018/03/2018-03-28-")

    built = run_cli("build", cwd=site)
    assert built.returncode == 0, built.stderr
    page = (site / "build/2018/03/27/storm-the-harbour-closes/index.html").read_text()
    assert "Storm: the &#34;harbour&#34; closes" in page or "Storm: the &quot;harbour&quot; closes" in page
    assert 'lang="fr"' in page
    day = (site / "build/2018/03/28/index.html").read_text()
    assert "إغلاق الميناء: بعد العاصفة" in day


def test_new_defaults_to_today_and_refuses_to_overwrite(tmp_path: Path):
    (tmp_path / "content").mkdir()
    done = run_cli("new", "Ferry fares rise", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    today = date.today()
    assert done.stdout.strip() == f"content/{today:%Y}/{today:%m}/{today.isoformat()}-ferry-fares-rise.md"
    path = tmp_path / done.stdout.strip()
    path.write_text(path.read_text() + "Edited by hand.\n")
    again = run_cli("new", "Ferry fares rise", cwd=tmp_path)
    assert again.returncode == 2
    assert "already exists; nothing was changed" in again.stderr
    assert path.read_text().endswith("Edited by hand.\n")


def test_new_rejects_bad_values_with_a_hint(tmp_path: Path):
    (tmp_path / "content").mkdir()
    cases = {
        ("--lang", "english"): "--lang: 'english' is not a valid BCP 47 language tag; write a BCP 47 code",
        ("--date", "2018-02-30"): "--date '2018-02-30': '2018-02-30' is not a real date",
        ("--date", "March 26"): "write it as YYYY-MM-DD",
        ("--url", "javascript:alert(1)"): "is not a web address",
        ("--source", "  "): "--source is empty",
    }
    for args, message in cases.items():
        done = run_cli("new", "A title", *args, cwd=tmp_path)
        assert done.returncode == 2, args
        assert message in done.stderr, (args, done.stderr)
        assert "Traceback" not in done.stderr
    assert not any((tmp_path / "content").rglob("*.md"))
    nowhere = run_cli("new", "A title", "--site", "missing", cwd=tmp_path)
    assert nowhere.returncode == 2 and "newsarchive init" in nowhere.stderr


_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60).filter(
    lambda t: " ".join(t.split()) != "")


@settings(max_examples=200, deadline=None)
@given(title=_text, source=_text, tags=st.lists(_text, max_size=4))
def test_front_matter_round_trips_through_the_loader(title, source, tags):
    """Whatever the title, source and tags (colons, quotes, '#', Arabic, YAML words such as 'null' or
    'yes'), the loader reads back what was written."""
    title, source = " ".join(title.split()), " ".join(source.split())
    tags = [" ".join(t.split()) for t in tags]
    tags = [t for i, t in enumerate(tags) if t not in tags[:i]]
    text = article_text({"title": title, "date": "2018-03-26", "source": source, "tags": tags}, "Body.")
    assert split(text).data["title"] == title
    article, problems = load_article(text.encode(), "a.md", {}, LoadOptions())
    assert [p for p in problems if p.is_error] == []
    # what the loader leaves out of every text value (values.as_shown): direction controls, and a value
    # with nothing visible (then the title comes from the file name)
    shown_tags = [as_shown(t) for t in tags]
    shown_tags = [t for i, t in enumerate(shown_tags) if t and t not in shown_tags[:i]]
    assert (article.title, article.source, article.tags) == (as_shown(title) or "A", as_shown(source),
                                                             tuple(shown_tags))
