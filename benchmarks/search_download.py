"""What a first search downloads: requests and bytes (uncompressed) of the index, counted in chromium.

    python benchmarks/search_download.py OUT harbour

serves the built site OUT, opens its search page, then searches for the word and counts what the search
loads (the page's own files are loaded before and not counted)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from browser import CHROMIUM, LAUNCH_ARGS, serve
from playwright.sync_api import sync_playwright

SEARCH = """q => { const f = document.querySelector('#search form'); f.elements.q.value = q;
                  document.getElementById('search').dataset.state = ''; f.requestSubmit(); }"""


def main(out: Path, query: str) -> None:
    with sync_playwright() as p, serve(out) as base:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        page = browser.new_page()
        page.goto(f"{base}search/")
        page.wait_for_load_state("networkidle")
        sizes: list[tuple[str, int]] = []
        page.on("response", lambda response: sizes.append((response.url, len(response.body()))))
        page.evaluate(SEARCH, query)
        page.wait_for_selector("#search[data-state=done]", timeout=300000)
        page.wait_for_load_state("networkidle")
        recent = [size for url, size in sizes if "/pagefind/recent/" in url]
        print(f"{out}: {query!r}: {page.inner_text('.search-status')}; {len(sizes)} requests, "
              f"{sum(size for _, size in sizes):,} bytes; of which the recent part: {len(recent)} requests, "
              f"{sum(recent):,} bytes")
        browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2])
