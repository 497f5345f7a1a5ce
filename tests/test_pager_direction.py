"""The pager's arrows point outward, to where the older and the newer articles are: mirrored on the
pages of a right-to-left site, where the older articles are on the left."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import article, write_site

from newsarchive.build import build
from newsarchive.options import BuildOptions


def _site(tmp_path: Path, language: str) -> Path:
    title = "خبر رقم {}" if language == "ar" else "Item {}"
    files = {f"2018/2018-03-{day:02d}-item-{day}.md":
             article(title.format(day), f"2018-03-{day:02d}", "The Wire", language=language)
             for day in range(1, 13)}
    return write_site(tmp_path / language, files, f"language: {language}\nper_page: 5\n")


def _links(html: str) -> dict[str, str]:
    nav = html.split('<nav class="pagination"', 1)[1].split("</nav>", 1)[0]
    return {rel: re.sub(r"<[^>]+>", "", text).strip()
            for rel, text in re.findall(r'<a rel="(prev|next)" href="[^"]*">(.*?)</a>', nav, re.DOTALL)}


def test_the_arrows_point_outward_left_to_right_and_right_to_left(tmp_path: Path):
    english, arabic = _site(tmp_path, "en"), _site(tmp_path, "ar")
    for site in (english, arabic):
        build(site, BuildOptions(search=False, jobs=1))
    en = _links((english / "build/page/2/index.html").read_text())
    ar = _links((arabic / "build/page/2/index.html").read_text())
    assert en["prev"].endswith("→") and en["next"].startswith("←"), en  # older to the right, newer left
    assert ar["prev"].endswith("←") and ar["next"].startswith("→"), ar  # mirrored: older to the left
    assert 'dir="rtl"' in (arabic / "build/page/2/index.html").read_text()
    latest = (arabic / "build/index.html").read_text()
    assert _links(latest)["prev"].endswith("←")
