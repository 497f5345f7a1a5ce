"""An archive laid out in topic folders (as the BBC's texts are: business/, sport/...) files each folder's
articles under a tag with one ``_defaults.yaml`` per folder, as the README and ``init``'s config say."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import write_site

from newsarchive.build import BuildOptions, build
from newsarchive.commands.init import CONFIG_TEMPLATE


def _text(title: str, day: int) -> str:
    # a corpus text: a headline and its date, no tags of its own; paragraphs one line each
    return f"---\ntitle: {title}\ndate: 2005-04-{day:02d}\n---\n{title}.\nA second paragraph.\n"


def test_a_folder_default_makes_a_topic_folder_a_tag(tmp_path: Path):
    files = {
        "business/_defaults.yaml": "tags: [business]\nsource: BBC News\n",
        "business/001.md": _text("Ad sales boost Time Warner profit", 1),
        "business/002.md": _text("Dollar gains on Greenspan speech", 2),
        "sport/_defaults.yaml": "tags: [sport]\nsource: BBC News\n",
        "sport/001.md": _text("Claxton hunting first major medal", 3),
        "sport/002.md": "---\ntitle: O'Sullivan could run in Worlds\ndate: 2005-04-04\n"
                        "tags: [athletics]\n---\nText.\n",
    }
    site = write_site(tmp_path / "site", files, "title: Topics\nsearch: false\n")
    result = build(site, BuildOptions(jobs=1))
    assert not [p for p in result.problems if p.is_error]
    out = site / "build"

    def titles(rel: str) -> list[str]:
        page = (out / rel / "index.html").read_text(encoding="utf-8")
        return sorted(re.findall(r'class="entry-title"[^>]*>([^<]+)</a>', page))

    assert titles("tags/business") == ["Ad sales boost Time Warner profit",
                                       "Dollar gains on Greenspan speech"]
    # an article's own tags win over its folder's
    assert titles("tags/sport") == ["Claxton hunting first major medal"]
    assert titles("tags/athletics") == ["O&#39;Sullivan could run in Worlds"]
    tags = (out / "tags/index.html").read_text(encoding="utf-8")
    assert '<a href="../tags/business/">business</a>' in tags and '<a href="../tags/sport/">sport</a>' in tags


def test_init_config_tells_of_folder_defaults():
    assert "_defaults.yaml" in CONFIG_TEMPLATE and "tags: [business]" in CONFIG_TEMPLATE
