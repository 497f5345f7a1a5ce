"""``newsarchive init DIR``: a new archive folder with one example article, a commented configuration
and a ``.gitignore`` for the output."""

from __future__ import annotations

from pathlib import Path

from newsarchive.config import CONFIG_NAME
from newsarchive.errors import UsageError

EXAMPLE_PATH = "content/2018/03/2018-03-26-harbour-reopens-after-storm.md"

EXAMPLE_ARTICLE = """\
---
title: "Harbour reopens after the storm: ferries run again"
date: 2018-03-26T07:45:00+01:00
source: The Harbour Gazette
language: en
url: https://harbour-gazette.example/2018/03/26/harbour-reopens
tags: [storm, harbour]
author: Ada Pennick
summary: The north quay is repaired and the first ferry left at dawn.
---
The first ferry left Kestrel Bay at dawn on Monday, three days after the storm tore a
ten-metre hole in the north quay. Engineers worked through the weekend to make the
berth safe.

"We were not sure we would make it for the Easter crossings," said the harbour master,
who thanked the volunteers who cleared the slipway.

This is an example article: edit it, or delete it once the archive has its own. Each
article is one file under `content/`: front matter between `---` lines, then the text
in Markdown (or plain text in a `.txt` file). `newsarchive new "Title" --source NAME`
writes a new one for you.
"""

CONFIG_TEMPLATE = """\
# newsarchive.yaml: the archive's configuration. Every key is optional; the commented ones show their
# default. An unknown key is an error (with a did-you-mean), so a typo never goes unnoticed.

# The archive's name, shown in every page's header and in the feeds.
title: {title}

# One line about the archive, shown on the home page and in the feeds.
# description: Local news from the coast, 2018-2019.

# The address the site is served at. Needed for absolute URLs: sitemap.xml, robots.txt, 404.html and
# feed links. Without it the build warns once and makes none of them.
# base_url: https://example.org/archive/

# The site's language (a BCP 47 code: en, fr, ar, es, pt-BR...): the theme's own words, and the language
# of articles that do not say theirs.
language: en

# Guess the language of articles that have no 'language' (from their title and text) instead of using
# the site's language. 'newsarchive check' lists each guess.
# detect_language: false

# Time zone for dates written without an offset (an IANA name such as Europe/Paris).
# timezone: UTC

# Articles per list page (home, sources, languages, tags).
# per_page: 20

# Publish articles dated after the build's moment (otherwise they wait, like drafts).
# include_future: false

# Link every page by its file (.../index.html), so that the archive can be read straight from a disk or
# a USB stick (file://). Same as build --portable.
# portable: false

# Article, source and tag addresses (slugs). auto: a title in another script than Latin keeps its
# script (/2018/03/25/افتتاح-سوق-السمك/), Latin-script titles get ASCII (evacuation-du-port); ascii:
# transliterate everything (ftth-swq-lsmk); unicode: keep every script (évacuation-du-port).
# slugs: auto

# Build the search page and its index (Pagefind). false: no search (as build --no-search).
# search: true

# Read and render on a Dask cluster, past one machine: its scheduler's address (dask://HOST:8786), with
# content and output on a filesystem its workers share; local: this machine (as build --executor).
# executor: local

# The archive as data (data/): the per-year CSV and JSON Lines files carry each article's text too.
# data_text: false

# The archive as one SQLite database in the site (data/archive.sqlite, what 'newsarchive export' writes),
# for Datasette Lite and sqlite3. Each build that changes an article writes it anew.
# database: false

# The archive's licence, written in data/datapackage.json: an SPDX id (CC-BY-4.0) or a URL.
# license: CC-BY-4.0

# The same story across outlets ("Also reported by", a stories page per day). false: off. threshold:
# the similarity two texts need (0 to 1); window: the days between two articles of a story.
# stories:
#   threshold: 0.3
#   window: 3

# Front-matter keys of your own that your templates read (article.extra.KEY): any other key an
# article's front matter has is warned about, since it is most often a typo ('dte:' for 'date:').
# extra_keys: [photo_credit, subtitle]

# An old site's own template tags still in the articles (a Hugo shortcode, a Liquid tag), mapped once:
# {{0}}, {{1}}... are a tag's arguments, {{src}}, {{alt}}... its named ones. Jekyll's, Eleventy's, Hugo's
# and Pelican's common tags are translated without it (docs/migrating.md).
# shortcodes:
#   gallery: "[Photos]({{dir}})"

# Where a reader replays the capture of an article imported from a web archive (WARC, WACZ): {{timestamp}}
# is the capture's time (14 digits), {{url}} the original's address; its page links it.
# replay_url: https://web.archive.org/web/{{timestamp}}/{{url}}

# The permalink pattern of a site this archive was migrated from: each article gets a redirect page at
# its old address (:year :month :day :slug :filename :title), and links to it point at its page.
# old_permalinks: /:year/:month/:day/:filename.html

# Keep raw HTML in Markdown as it is (embeds, scripts). Only for trusted editors: by default raw HTML
# goes through an allowlist sanitizer.
# allow_raw_html: false

# Details of each source, shown on its page. The name must match the articles' 'source'.
# sources:
#   The Harbour Gazette:
#     url: https://harbour-gazette.example/
#     description: Weekly paper of Kestrel Bay and its harbour.
#     country: United Kingdom
#     language: en

# What every article of a folder shares goes in that folder's _defaults.yaml, not here: an archive in
# topic folders (business/, sport/...) files each folder's articles under its tag with one line,
# 'tags: [business]' in content/business/_defaults.yaml; a folder of one outlet's articles names it,
# 'source: The Harbour Gazette'. Nearer folders win, and an article's own front matter wins over all.
"""

GITIGNORE_LINES = ("/build/", ".build.*")


def create_archive(folder: Path) -> list[Path]:
    """Make ``folder`` (or fill an existing folder that holds no archive). Returns the files written.
    Raises UsageError when ``folder`` already holds an archive or is a file."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is a file, not a folder; choose a new folder name")
    existing = [name for name in ("content", CONFIG_NAME) if (folder / name).exists()]
    if existing:
        raise UsageError(f"{folder} already holds an archive ({', '.join(existing)} exists); "
                         "nothing was changed. Choose a new or empty folder")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    example = folder / EXAMPLE_PATH
    example.parent.mkdir(parents=True)
    example.write_text(EXAMPLE_ARTICLE, encoding="utf-8", newline="\n")
    written.append(example)
    config = folder / CONFIG_NAME
    title = _title(folder)
    config.write_text(CONFIG_TEMPLATE.format(title=title), encoding="utf-8", newline="\n")
    written.append(config)
    gitignore = folder / ".gitignore"
    present = gitignore.read_text(encoding="utf-8").splitlines() if gitignore.is_file() else []
    missing = [line for line in GITIGNORE_LINES if line not in present]
    if missing:
        prefix = "" if not present or gitignore.read_text(encoding="utf-8").endswith("\n") else "\n"
        with open(gitignore, "a", encoding="utf-8", newline="\n") as handle:
            handle.write(prefix + "# newsarchive's output and build cache\n" + "\n".join(missing) + "\n")
        written.append(gitignore)
    return written


def _title(folder: Path) -> str:
    """A first title from the folder's name (``harbour-news`` gives ``Harbour news``), YAML-safe."""
    import yaml

    words = folder.absolute().name.replace("-", " ").replace("_", " ").strip()
    text = (words[:1].upper() + words[1:]) if words else "News archive"
    return yaml.safe_dump(text, allow_unicode=True, width=1_000_000).removesuffix("\n...\n").rstrip("\n")
