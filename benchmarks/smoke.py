#!/usr/bin/env python3
"""The benchmark's smoke test, run by CI: correctness at corpus scale, never time.

    python benchmarks/smoke.py [--articles 1000] [--jobs 2]

Generates a corpus with gen_corpus.py (into a temporary folder), builds it, checks every article has its
page, then edits, adds, renames and deletes articles and changes the config, and checks after each change
that the incremental rebuild is byte-identical to a clean build of the same content, and that a rebuild
with nothing changed writes nothing. Exits 1 on any mismatch. Ends with a line 'N passed, N failed'.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import gen_corpus

from newsarchive.build import BuildOptions, build
from newsarchive.search.index import outside_index, searchable


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file's bytes, but the search index's and the manifest's lines about it: a rebuild's index holds
    a recent part by design, and is compared by what a search finds in it (``searchable``)."""
    return outside_index({p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
                          if p.is_file()})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    passed = failed = 0

    def check(name: str, ok: bool, detail: str = "") -> None:
        nonlocal passed, failed
        passed, failed = passed + ok, failed + (not ok)
        print(f"{'ok  ' if ok else 'FAIL'} {name}{': ' + detail if detail and not ok else ''}", flush=True)

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "corpus"
        gen_corpus.generate(args.articles, site, seed=1)
        out, ref = Path(tmp) / "out", Path(tmp) / "ref"
        result = build(site, BuildOptions(output=out, jobs=args.jobs))
        pages = list(out.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/[0-9][0-9]/*/index.html"))
        check("clean build publishes every article", len(pages) == args.articles == result.articles,
              f"{len(pages)} article pages for {args.articles} articles")

        again = build(site, BuildOptions(output=out, jobs=args.jobs))
        check("a rebuild with nothing changed writes nothing",
              again.written == 0 and again.mode == "nothing changed")

        files = sorted((site / "content").rglob("*.md"))
        first, second, third = files[10], files[len(files) // 2], files[-5]

        def edit() -> None:
            first.write_text(first.read_text(encoding="utf-8") + "\nOne more paragraph.\n", encoding="utf-8")

        def add() -> None:
            text = second.read_text(encoding="utf-8").replace("title: ", "title: Added ", 1)
            second.with_name("2024-12-31-added-by-smoke.md").write_text(text, encoding="utf-8")

        def rename() -> None:
            third.rename(third.with_name(third.stem + "-renamed.md"))

        def delete() -> None:
            second.unlink()

        def config() -> None:
            (site / "newsarchive.yaml").write_text("title: Renamed archive\nper_page: 25\n", encoding="utf-8")

        for name, change in (("edit", edit), ("add", add), ("rename", rename), ("delete", delete),
                             ("config", config)):
            change()
            rebuilt = build(site, BuildOptions(output=out, jobs=args.jobs))
            build(site, BuildOptions(output=ref, jobs=args.jobs, clean=True))
            got, want = snapshot(out), snapshot(ref)
            differ = sorted(k for k in got.keys() | want.keys() if got.get(k) != want.get(k))
            found, wanted = searchable(out), searchable(ref)
            differ += sorted(f"search: {k}" for k in found.keys() | wanted.keys()
                             if found.get(k) != wanted.get(k))
            check(f"rebuild after {name} ({rebuilt.mode}, {rebuilt.written} written) equals a clean build",
                  not differ, f"{len(differ)} files differ, e.g. {differ[:3]}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
