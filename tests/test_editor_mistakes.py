"""An editor's everyday mistakes are caught where they are made, and every command says the same thing.

Each test builds a real site the way an editor would have it (a typo in a key, an article filed a year
ahead, a headline in Arabic or with a pound sign) and asserts on what the commands print.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

import pytest
from conftest import article, run_cli, write_site

from newsarchive.routes import _CURRENCY, make_slug

COUNCIL = "2018/03/2018-03-29-council-vote.md"
COUNCIL_TEXT = """---
title: "Council votes on the harbour budget"
source: The Harbour Gazette
dte: 2018-03-30T18:00:00+01:00
author: "Maya Haddad, political correspondent"
tags: [council, budget]
---
The council voted late on Friday.
The budget passed by eleven votes to four.
"""


def _lines(stream: str, path: str) -> list[str]:
    return [line for line in stream.splitlines() if line.startswith(path)]


def test_a_misspelt_key_is_a_warning_on_its_line_with_the_key_meant(tmp_path: Path):
    site = write_site(tmp_path / "site", {COUNCIL: COUNCIL_TEXT})
    for command in ("check", "build"):
        done = run_cli(command, cwd=site)
        assert done.returncode == 0, done.stderr
        said = _lines(done.stderr, f"content/{COUNCIL}:4: warning: unknown key 'dte'")
        assert len(said) == 1, done.stderr
        assert "did you mean 'date'?" in said[0] and "extra_keys: [dte]" in said[0]
    # the article is filed under its file name's day: the typo is why, and the warning says so
    assert (site / "build/2018/03/29/council-votes-on-the-harbour-budget/index.html").is_file()


def test_keys_the_site_declares_and_other_generators_keys_are_not_warned_about(tmp_path: Path):
    hugo = """---
Title: "Ferry timetable changes"
Date: 2018-03-27T07:30:00+01:00
weight: 10
aliases: ["/old/ferry-timetable/"]
images: [ferry.jpg]
expiryDate: 2030-01-01
source: Le Courrier du Littoral
photo_credit: "Yusuf Demir / Harbour Photo Agency"
---
Les horaires changent lundi.
"""
    jekyll = """---
layout: post
title: "Marché aux poissons : réouverture"
categories: [port, économie]
permalink: /marche/
source: Le Courrier du Littoral
---
Le marché rouvre.
"""
    files = {"2018/03/ferry.md": hugo, "_posts/2018-03-28-marche.md": jekyll}
    site = write_site(tmp_path / "site", files, "extra_keys: [photo_credit]\n")
    done = run_cli("check", cwd=site)
    assert done.returncode == 0, done.stderr
    assert "unknown key" not in done.stderr
    site = write_site(tmp_path / "other", files)  # undeclared: the site's own key is warned about, once
    done = run_cli("check", cwd=site)
    assert _lines(done.stderr, "content/2018/03/ferry.md:9: warning: unknown key 'photo_credit'")
    assert done.stderr.count("unknown key") == 1, done.stderr


def test_extra_keys_must_be_a_list_of_names(tmp_path: Path):
    site = write_site(tmp_path / "site", {COUNCIL: COUNCIL_TEXT}, "title: Harbour\nextra_keys: {a: 1}\n")
    done = run_cli("check", cwd=site)
    assert done.returncode == 1
    assert "newsarchive.yaml:2: 'extra_keys' must be a list of key names" in done.stderr


def test_build_says_what_it_left_out_and_how_to_publish_it(tmp_path: Path):
    files = {
        "2018/03/2018-03-26-harbour.md": article("Harbour reopens", date="2018-03-26"),
        "2090/01/embargo.md": article("Embargoed report", date="2090-01-02T09:00:00+01:00"),
        "2091/01/later.md": article("Later report", date="2091-05-01"),
        "2018/03/draft.md": article("Half-written", date="2018-03-27", draft="true"),
    }
    site = write_site(tmp_path / "site", files)
    done = run_cli("build", "--no-search", cwd=site)
    assert done.returncode == 0, done.stderr
    assert "Built 1 article into build" in done.stdout
    future = _lines(done.stderr, "content/2090/01/embargo.md: info: 2 articles are dated in the future")
    assert len(future) == 1 and "2090-01-02T09:00:00+01:00" in future[0] and "--future" in future[0]
    drafts = _lines(done.stderr, "content/: info: 1 draft is left out")
    assert len(drafts) == 1 and "--drafts" in drafts[0]
    again = run_cli("build", "--no-search", cwd=site)  # nothing changed: still said
    assert "nothing changed" in again.stdout and "2 articles are dated in the future" in again.stderr
    published = run_cli("build", "--no-search", "--future", cwd=site)
    assert "Built 3 articles" in published.stdout and "dated in the future" not in published.stderr


def test_check_says_every_warning_build_says(tmp_path: Path):
    files = {COUNCIL: COUNCIL_TEXT,
             "2018/03/2018-03-26-harbour.md": article("Harbour reopens", tags="[port, ]")}
    site = write_site(tmp_path / "site", files)
    built = run_cli("build", "--no-search", cwd=site)
    checked = run_cli("check", cwd=site)
    build_lines = {line for line in built.stderr.splitlines() if ": warning: " in line or ": info: " in line}
    assert any("base_url is not set" in line for line in build_lines)
    missing = build_lines - set(checked.stderr.splitlines())
    assert not missing, missing


def test_a_new_article_file_is_named_as_its_page_is_addressed(tmp_path: Path):
    site = write_site(tmp_path / "site", {})
    done = run_cli("new", "افتتاح سوق السمك", "--lang", "ar", "--source", "الواحة", "--date", "2018-03-22",
                   cwd=site)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "content/2018/03/2018-03-22-افتتاح-سوق-السمك.md"
    pound = run_cli("new", "Harbour wins £2m grant", "--source", "The Wire", "--date", "2018-03-23", cwd=site)
    assert pound.stdout.strip() == "content/2018/03/2018-03-23-harbour-wins-2m-grant.md"
    built = run_cli("build", "--no-search", cwd=site)
    assert built.returncode == 0, built.stderr
    assert (site / "build/2018/03/22/افتتاح-سوق-السمك/index.html").is_file()
    assert (site / "build/2018/03/23/harbour-wins-2m-grant/index.html").is_file()


@pytest.mark.parametrize(("title", "auto", "ascii"), [
    ("Harbour wins £2m grant", "harbour-wins-2m-grant", "harbour-wins-ps2m-grant"),
    ("€5bn rescue for the port", "5bn-rescue-for-the-port", "eur5bn-rescue-for-the-port"),
    ("Le port reçoit 2 M€", "le-port-recoit-2-m", "le-port-recoit-2-meur"),
    ("₹40 crore for Kochi port", "40-crore-for-kochi-port", "40-crore-for-kochi-port"),
])
def test_currency_signs_are_left_out_of_slugs(title: str, auto: str, ascii: str):
    assert make_slug(title, mode="auto") == auto
    assert make_slug(title, mode="ascii") == ascii  # the addresses older builds gave stay as they were


def test_the_currency_signs_are_unicodes_own_list():
    signs = {chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Sc"}
    assert signs == {chr(c) for c in range(sys.maxunicode + 1) if _CURRENCY.fullmatch(chr(c))}


def test_init_in_the_current_folder_says_so(tmp_path: Path):
    folder = tmp_path / "harbour"
    folder.mkdir()
    done = run_cli("init", ".", cwd=folder)
    assert done.returncode == 0, done.stderr
    assert "A new archive is ready in the current folder. Next:" in done.stdout
    assert "cd ." not in done.stdout and ".." not in done.stdout


@pytest.mark.parametrize("command", [["build"], ["check"], ["new", "Headline"],
                                     ["new", "Headline", "-s", "."]])
def test_a_missing_content_folder_is_named_as_the_user_wrote_it(tmp_path: Path, command: list[str]):
    (tmp_path / "empty").mkdir()
    here = run_cli(*command, cwd=tmp_path / "empty")
    assert here.returncode == 2
    assert "no content/ folder in the current folder" in here.stderr, here.stderr
    assert str(tmp_path) not in here.stderr
    there = run_cli(*command[:1], *(["empty"] if command[0] != "new" else [command[1], "-s", "empty"]),
                    cwd=tmp_path)
    assert re.search(r"no content/ folder in empty: .*'newsarchive init empty'", there.stderr), there.stderr


def test_an_import_record_without_the_date_the_others_have_is_told_so(tmp_path: Path):
    site = write_site(tmp_path / "site", {})
    export = tmp_path / "wire.jsonl"
    records = [
        {"headline": "Port authority names new harbour master",
         "published": "Mon, 26 Mar 2018 07:45:00 +0100",
         "outlet": "Northern Wire", "body": "The port authority named a harbour master.\nShe starts in May."},
        {"headline": "مجلس المدينة يقر الميزانية", "outlet": "الواحة", "lang": "ar",
         "body": "أقر مجلس المدينة الميزانية مساء الجمعة."},
        {"headline": "Le ferry reprend du service", "published": "2018-03-27T06:10:00+02:00",
         "outlet": "Le Courrier du Littoral", "lang": "fr", "body": "Le ferry reprend lundi."},
    ]
    export.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    done = run_cli("import", "wire.jsonl", "--site", str(site), "--map", "title=headline", "--map",
                   "date=published", "--map", "source=outlet", "--map", "language=lang", "--map", "text=body",
                   cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        ("wire.jsonl:2: no date: this record has no 'published', which the other records are dated by; write "
         "its date there (e.g. 2018-03-26), or give every record without one a date with --date YYYY-MM-DD")]
    assert "Imported 2 articles" in done.stdout


def test_an_unknown_key_is_shown_not_run_and_never_fills_the_screen(tmp_path: Path):
    long_key = "Le conseil municipal a voté le budget du port " * 20
    text = ('---\ntitle: Budget\ndate: 2018-03-29\nsource: X\n"\\e[31mred": 1\n'  # YAML's escape for ESC
            f"{long_key.strip()}: oui\n---\nTexte.\n")
    site = write_site(tmp_path / "site", {"2018/budget.md": text})
    done = run_cli("check", cwd=site)
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stderr and "\\x1b[31mred" in done.stderr
    said = _lines(done.stderr, "content/2018/budget.md:6: warning: unknown key 'Le conseil")
    assert len(said) == 1 and len(said[0]) < 250, said


def test_a_warning_many_files_share_is_said_once_with_a_count_and_errors_come_last(tmp_path: Path):
    files = {f"2005/04/2005-04-{n + 1:02d}-market-{n}.md": article(f"Market day {n}", date=None, source=None,
                                                                   dte="2005-04-30")
             for n in range(12)}
    files["2005/04/2005-04-20-latin1.md"] = "---\ntitle: Caf\xe9\n---\nText.\n".encode("latin-1")
    site = write_site(tmp_path / "site", files)
    done = run_cli("build", "--no-search", cwd=site)
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    unknown = [line for line in lines if "unknown key 'dte'" in line]
    assert len(unknown) == 3, lines
    assert "warning: 9 more like these (unknown key …" in done.stderr
    assert "run with --verbose to list them all" in done.stderr
    assert lines[-2].startswith("content/2005/04/2005-04-20-latin1.md:2: the file is not valid UTF-8 text")
    assert lines[-1].startswith("Build failed: 1 error(s)")
    every = run_cli("check", "--verbose", cwd=site)
    assert sum("unknown key 'dte'" in line for line in every.stderr.splitlines()) == 12
    assert "more like these" not in every.stderr


def test_a_build_past_errors_lists_them_after_the_warnings_and_counts_both_in_its_last_line(tmp_path: Path):
    files = {f"2005/04/2005-04-{n + 1:02d}-market-{n}.md": article(f"Market day {n}", "2005-04-01",
                                                                   "The Wire", dte="2005-04-30")
             for n in range(12)}
    files["2005/04/2005-04-20-latin1.md"] = "---\ntitle: Caf\xe9\n---\nText.\n".encode("latin-1")
    site = write_site(tmp_path / "site", files)
    done = run_cli("build", "--no-search", "--skip-invalid", cwd=site)
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    # the error built past comes after every warning, said as one
    assert lines[-1].startswith("content/2005/04/2005-04-20-latin1.md:2: warning: skipped: "
                                "the file is not valid UTF-8 text"), lines
    assert all("skipped" not in line for line in lines[:-1])
    last = done.stdout.strip().splitlines()[-1]
    # 12 unknown keys and the missing base_url: the count says how many the summary lines above stand for
    assert re.fullmatch(r"Built 12 articles into build: .*, in [\d.]+ s; 1 file with errors skipped, "
                        r"13 warnings \(above\)\.", last), last
