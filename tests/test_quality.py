"""Quality gates over the repository's sample archive, built into a temporary folder: valid HTML (the
Nu Html Checker), no serious accessibility violation (axe-core in chromium, light and dark), every page
readable from a 320 px phone to a wide screen, a print look, and screenshots for a person to look at
(test-output/screenshots/). Each gate skips, saying why, where its tool is missing; CI installs them all
(.ci/run)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from browser import SCREENSHOTS, background, png_top, screenshot, serve
from conftest import REPO, article, crawl, html_attrs, write_site

from newsarchive.build import BuildOptions, build

TOOLS = REPO / ".tools" / "node_modules"
VNU = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = TOOLS / "axe-core" / "axe.min.js"
INSTALL = "npm install --silent --prefix .tools vnu-jar axe-core"

# The pages a reader meets, one of each kind (the search page once the build has one).
PAGES = {
    "home": "",
    "year": "2018/",
    "month": "2018/03/",
    "day": "2018/03/26/",
    "source": "sources/le-courrier-du-littoral/",
    "source-ar": "sources/al-waha-daily/",
    "source-year": "sources/al-waha-daily/2018/",
    "tag": "tags/port/",
    "numbered-page": "page/1/",
    "open-page": "page/2/",
    "article-fr": "2018/03/26/evacuation-du-quartier-du-port-apres-la-tempete/",
    "article-ar": "2018/03/25/افتتاح-سوق-السمك-الجديد-في-ميناء-رأس-الريم/",
    "search": "search/",
}


def pages_of(sample: Path) -> dict[str, str]:
    present = {name: url for name, url in PAGES.items() if (sample / url / "index.html").is_file()}
    missing = set(PAGES) - set(present) - {"search"}
    assert not missing, f"the sample archive lacks pages the gates check: {missing}"
    return present


def test_links_no_broken_internal_link_and_no_page_unreachable(sample: Path):
    reached, broken = crawl(sample)
    assert broken == []
    unreachable = {p for p in sample.rglob("*.html")} - {sample / "404.html"} - reached
    assert unreachable == set()


def test_every_page_is_valid_html(sample: Path):
    if not shutil.which("java"):
        pytest.skip("HTML validation skipped: java is not installed (apt-get install default-jre-headless)")
    if not VNU.is_file():
        pytest.skip(f"HTML validation skipped: the Nu Html Checker is not installed ({INSTALL})")
    proc = subprocess.run(["java", "-jar", str(VNU), "--skip-non-html", "--errors-only", str(sample)],
                          capture_output=True, text=True, timeout=600, check=False)
    report = (proc.stdout + proc.stderr).replace(sample.as_uri(), "").replace(str(sample), "")
    assert proc.returncode == 0, f"the Nu Html Checker found errors:\n{report}"


AXE_SERIOUS = """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
  .filter(v => v.impact === 'serious' || v.impact === 'critical')
  .map(v => `${v.id} (${v.impact}): ${v.help}: ` + v.nodes.slice(0, 4).map(n => n.target.join(' ')).join(' | '))"""  # noqa: E501


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violation(sample: Path, browser, scheme: str):
    if not AXE.is_file():
        pytest.skip(f"accessibility check skipped: axe-core is not installed ({INSTALL})")
    context = browser.new_context()
    page = context.new_page()
    page.emulate_media(color_scheme=scheme)
    found = {}
    with serve(sample) as base:
        for name, url in pages_of(sample).items():
            page.goto(base + url)
            page.add_script_tag(path=str(AXE))
            violations = page.evaluate(AXE_SERIOUS)
            if violations:
                found[name] = violations
    context.close()
    assert found == {}


@pytest.mark.parametrize("width", [320, 360, 768, 1280, 1920])
def test_no_horizontal_scroll_from_phone_to_wide_screen(sample: Path, browser, width: int):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    wide = {}
    with serve(sample) as base:
        for name, url in pages_of(sample).items():
            page.goto(base + url)
            overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
            if overflow > 0:
                wide[name] = overflow
    context.close()
    assert wide == {}, f"pages wider than a {width} px screen (by px): {wide}"


def test_right_to_left_article_is_mirrored(sample: Path, page):
    with serve(sample) as base:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(base + PAGES["article-ar"])
        direction = "() => getComputedStyle(document.querySelector('article h1')).direction"
        assert page.evaluate(direction) == "rtl"
        box = page.locator("article h1").bounding_box()
        main = page.locator("main").bounding_box()
        # right-aligned: the title's right edge is the column's right edge (less its padding)
        assert abs((main["x"] + main["width"]) - (box["x"] + box["width"])) < 24


STRICT_CSP = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'"


@pytest.mark.parametrize("article", ["article-fr", "article-ar"])
def test_the_citation_links_download_their_records_even_under_a_strict_policy(sample: Path, browser,
                                                                              article: str):
    """The RIS and CSL-JSON citations are ``data:`` links with ``download``: a click saves the record under
    its name, byte for byte, even where the host sends a Content-Security-Policy that allows no ``data:``
    (a download is not a resource the page loads)."""
    from urllib.parse import unquote_to_bytes

    context = browser.new_context(accept_downloads=True)

    def strict(route):
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers, "content-security-policy": STRICT_CSP})

    context.route("**/*", strict)
    page = context.new_page()
    with serve(sample) as base:
        page.goto(base + PAGES[article])
        loads = "() => fetch('data:text/plain,x').then(() => 'loaded', () => 'blocked')"
        assert page.evaluate(loads) == "blocked"  # the policy is in force: it blocks loading data: URLs
        for label in ("RIS", "CSL-JSON"):
            link = page.locator(".cite-files a", has_text=label)
            href, name = link.get_attribute("href"), link.get_attribute("download")
            with page.expect_download() as info:
                link.click()
            download = info.value
            assert download.suggested_filename == name
            assert Path(download.path()).read_bytes() == unquote_to_bytes(href.partition(",")[2])
    context.close()


def test_a_quotation_is_ruled_on_the_side_its_lines_start(tmp_path: Path, page):
    """The quotation's rule (``border-inline-start``) is on the right in an Arabic article, on the left in
    an English one. (The sample archive's Arabic article has no quotation: a fixture site has.)"""
    quoted = "> {}\n\n{}\n"
    site = write_site(tmp_path / "site", {
        "ar/2018-03-26-storm.md": article("عاصفة في الميناء", date="2018-03-26", source="الجزيرة",
                                          language="ar",
                                          body=quoted.format("قال الصياد: البحر هادئ اليوم.", "نص المقال.")),
        "en/2018-03-26-storm.md": article("Storm in the harbour", date="2018-03-26", language="en",
                                          body=quoted.format("The sea is calm today, said a man.", "Text.")),
    })
    build(site, BuildOptions(search=False, jobs=1))
    pages = {html_attrs(p.read_text(encoding="utf-8"))["lang"]: p
             for p in (site / "build").glob("2018/03/26/*/index.html")}
    assert sorted(pages) == ["ar", "en"], pages
    sides = {}
    with serve(site / "build") as base:
        for lang, path in pages.items():
            page.goto(base + path.relative_to(site / "build").parent.as_posix() + "/")
            sides[lang] = page.evaluate("""() => {
                const q = getComputedStyle(document.querySelector('.article .body blockquote'));
                return [q.direction, q.borderLeftWidth, q.borderRightWidth] }""")
    assert sides == {"ar": ["rtl", "0px", "3px"], "en": ["ltr", "3px", "0px"]}


def test_print_look_hides_navigation_and_prints_addresses(sample: Path, page):
    with serve(sample) as base:
        page.goto(base + PAGES["article-fr"])
        page.emulate_media(media="print")
        hidden = page.evaluate("""() => ['.site-header nav', '.site-footer', '.prev-next', '.breadcrumbs']
            .map(s => getComputedStyle(document.querySelector(s)).display)""")
        assert hidden == ["none"] * 4
        after = page.evaluate("""() => getComputedStyle(document.querySelector('.article-footer .original a'),
            '::after').content""")
        assert "https://courrier-littoral.example/" in after
        page.goto(base + PAGES["year"])
        page.emulate_media(media="print")
        assert page.locator("table.calendar").first.is_visible()


SHOTS = [("home", "home"), ("year", "year"), ("month", "month"), ("source", "source"),
         ("article-fr", "article-fr"), ("article-ar", "article-ar")]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device,width", [("phone", 360), ("desktop", 1280)])
def test_screenshots(sample: Path, browser, device: str, width: int, scheme: str):
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme,
                                  device_scale_factor=1)
    page = context.new_page()
    with serve(sample) as base:
        for name, key in SHOTS:
            page.goto(base + PAGES[key])
            path = screenshot(page, f"{device}-{scheme}-{name}")
            shot_width, height, top = png_top(path)
            # the page as that screen shows it: as wide as the screen, at least as tall, in that look
            assert (shot_width, height >= 800) == (width, True), (name, shot_width, height)
            red, green, blue = background(top)
            shade = (red + green + blue) / 3
            assert shade < 64 if scheme == "dark" else shade > 192, (name, scheme, (red, green, blue))
            assert len({pixel for row in top for pixel in row}) > 20, name  # text drawn, not a blank page
    context.close()
    assert SCREENSHOTS.is_dir()


LONG_TITLES = {
    "en/long.md": article(
        '"Harbour authority publishes the complete and unabridged findings of its eighteen-month '
        'inquiry into the storm surge that flooded the quays, the fish market and the ferry terminal '
        'in March"',
        "2018-03-26T09:00:00Z", '"Kernow Daily"', body="The report runs to four hundred pages.\n"),
    "ar/long.md": article(
        '"هيئة الميناء تنشر النتائج الكاملة لتحقيقها الذي استمر ثمانية عشر شهرا في العاصفة التي أغرقت '
        'الأرصفة وسوق السمك ومحطة العبارات في شهر مارس"',
        "2018-03-27T09:00:00Z", '"الواحة اليومية"', language="ar", body="يقع التقرير في أربعمائة صفحة.\n"),
}


@pytest.mark.parametrize("width", [320, 360, 1280])
def test_a_long_title_neither_widens_the_page_nor_leaves_a_lone_breadcrumb_arrow(tmp_path: Path, browser,
                                                                                 width: int):
    """At 320 and 360 px the breadcrumb's last item (the article's title) is cut short on its line, its "›"
    with it; the footer's column is main's, and the header's search button has the page's font."""
    site = write_site(tmp_path / "site", LONG_TITLES, "title: Long titles\n")  # (the header's search form)
    build(site, BuildOptions(jobs=1))
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    found = {}
    with serve(site / "build") as base:
        for rel in ("2018/03/26/", "2018/03/27/"):
            article_url = next(p.parent.relative_to(site / "build").as_posix()
                               for p in (site / "build" / rel).glob("*/index.html"))
            page.goto(f"{base}{article_url}/")
            found[rel] = page.evaluate("""() => {
                const current = document.querySelector('.breadcrumbs .current');
                const arrow = getComputedStyle(current, '::before').content;
                const title = current.querySelector('span').getBoundingClientRect();
                const box = current.getBoundingClientRect();
                const main = document.querySelector('main');
                const padding = parseFloat(getComputedStyle(main).paddingInlineStart);
                const footer = document.querySelector('.site-footer > *').getBoundingClientRect();
                const font = el => getComputedStyle(el).fontFamily;
                return {
                    overflow: document.documentElement.scrollWidth - window.innerWidth,
                    arrow, one_line: Math.abs(title.height - box.height) < 2,
                    cut: title.width <= box.width + 1,
                    footer_offset: Math.round(footer.left - (main.getBoundingClientRect().left + padding)),
                    button_font: font(document.querySelector('.site-search button')) === font(document.body),
                };
            }""")
    context.close()
    for rel, seen in found.items():
        assert seen["overflow"] <= 0, (rel, seen)
        assert seen["arrow"] == '"›"' and seen["one_line"] and seen["cut"], (rel, seen)
        assert seen["footer_offset"] == 0, (rel, seen)
        assert seen["button_font"], (rel, seen)


# ---- a reader's archive at real size: a day of 3,000 articles, its month, an Arabic search ----

@pytest.fixture(scope="module")
def big_day(tmp_path_factory) -> Path:
    """An Arabic archive whose busiest day holds 3,000 articles from 40 outlets (as a real export's days
    do: 1,276 to 3,170), in Arabic and English, and two quiet days around it."""
    words_ar = ["الميناء", "العاصفة", "السوق", "البلدية", "الصيادين", "الجسر", "المدرسة", "القطار"]
    words_en = ["harbour", "storm", "market", "council", "fishermen", "bridge", "school", "tram"]
    files = {}
    for n in range(3000):
        arabic = n % 3 != 0
        words = words_ar if arabic else words_en
        title = " ".join(words[(n + k) % len(words)] for k in range(4)) + f" {n}"
        outlet = f"okaz{n % 40:02d}" if n % 5 else f"صحيفة الواحة {n % 7}"
        when = f"2018-03-26T{n * 24 // 3000:02d}:{n % 60:02d}:00Z"
        body = " ".join(words[(n * k) % len(words)] for k in range(40)) + ".\n"
        files[f"2018/03/26/{n:04d}.md"] = article(f'"{title}"', when, f'"{outlet}"',
                                                  language="ar" if arabic else "en", body=body)
    for day in (25, 27):
        files[f"2018/03/{day}/quiet.md"] = article(f'"يوم هادئ {day}"', f"2018-03-{day}T09:00:00Z",
                                                   '"okaz00"', language="ar", body="نص قصير.\n")
    site = write_site(tmp_path_factory.mktemp("big-day") / "site", files,
                      "title: أرشيف الأخبار\nlanguage: ar\n")
    build(site, BuildOptions(jobs=2))
    return site / "build"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [320, 360, 1280])
def test_a_big_day_its_month_and_an_arabic_search_read_well_at_every_width(big_day: Path, browser,
                                                                          width: int, scheme: str):
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme,
                                  device_scale_factor=1)
    page = context.new_page()
    errors: list = []
    page.on("pageerror", lambda error: errors.append(error))
    with serve(big_day) as base:
        page.goto(base + "2018/03/26/")
        day = page.evaluate("""() => ({
            overflow: document.documentElement.scrollWidth - window.innerWidth,
            direction: getComputedStyle(document.querySelector('main')).direction,
            jumps: document.querySelectorAll('.day-sources a').length,
            sections: document.querySelectorAll('section.day-source').length,
            items: document.querySelectorAll('li.entry').length,
            dated: document.querySelectorAll('li.entry time').length,
            pages: [...document.querySelectorAll('.pagination a')].map(a => a.textContent.trim())})""")
        # 32 outlets named by a Latin id, 7 by an Arabic name: a section each, newest first within it; the
        # newest 200 of the day's 3,000, and its numbered pages from the oldest (15 full, an empty open 16th)
        assert day == {"overflow": 0, "direction": "rtl", "jumps": 39, "sections": 39, "items": 200,
                       "dated": 0, "pages": ["أقدم المقالات: 1", "13", "14", "15", "الأقدم ←"]}, day
        page.screenshot(path=str(SCREENSHOTS / f"{width}-{scheme}-big-day.png"))  # its top
        page.goto(base + "2018/03/26/page/1/")
        first = page.evaluate("""() => ({
            overflow: document.documentElement.scrollWidth - window.innerWidth,
            items: document.querySelectorAll('li.entry').length})""")
        assert first == {"overflow": 0, "items": 200}, first
        page.goto(base + "2018/03/")
        month = page.evaluate("""() => ({
            overflow: document.documentElement.scrollWidth - window.innerWidth,
            items: document.querySelectorAll('li.entry').length,
            more: [...document.querySelectorAll('.month-day .more')].map(p => p.textContent)})""")
        assert month == {"overflow": 0, "items": 7, "more": ["و2995 غيرها"]}, month
        screenshot(page, f"{width}-{scheme}-month-headlines")
        page.goto(base + "search/?q=" + "الميناء")
        page.wait_for_selector("#search[data-state=done]", timeout=30000)
        status = page.inner_text(".search-status")
        assert status.endswith("نتيجة") and int(status.split()[0]) >= 1000, status
        assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 0
        screenshot(page, f"{width}-{scheme}-arabic-search")
        assert not errors
    context.close()
