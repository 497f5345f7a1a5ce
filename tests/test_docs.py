"""The manual (README.md and the topic pages in docs/) is checked like the archive: no broken link between
its pages or to a heading, no command shown that CI does not run, no figure stated that the code would
contradict, and a README a newcomer reads in five minutes that leads to every page."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO
from test_readme import NOT_RUN, SCRIPT, _normal

DOCS = REPO / "docs"


def manual_pages() -> list[Path]:
    return [REPO / "README.md", *sorted(DOCS.glob("*.md"))]


def _without_fences(text: str) -> str:
    """The text with its fenced code blocks blanked (their lines kept, so that line numbers hold)."""
    out, fence = [], False
    for line in text.split("\n"):
        if line.lstrip().startswith("```"):
            fence = not fence
            out.append("")
            continue
        out.append("" if fence else line)
    return "\n".join(out)


def _prose(text: str) -> str:
    """The text without code: fenced blocks and inline code spans (which show link syntax as text)."""
    return re.sub(r"(`+)(?:(?!\1).)+?\1", "", _without_fences(text), flags=re.DOTALL)


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: its text as rendered, lowercased, punctuation other than - and _
    dropped, each space a dash."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link shows its text
    text = text.replace("`", "").replace("*", "").strip().lower()
    text = "".join(c for c in text if c.isalnum() or c in " -_")
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    seen: dict[str, int] = {}
    out = set()
    for line in _without_fences(path.read_text(encoding="utf-8")).split("\n"):
        m = re.match(r"#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not m:
            continue
        base = slug(m.group(1))
        n = seen.get(base, 0)
        seen[base] = n + 1
        out.add(base if n == 0 else f"{base}-{n}")
    return out


LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


def links(path: Path) -> list[str]:
    return LINK.findall(_prose(path.read_text(encoding="utf-8")))


def broken_links(pages: list[Path], root: Path = REPO) -> list[str]:
    broken = []
    for page in pages:
        for target in links(page):
            if re.match(r"[a-z][a-z0-9+.-]*:", target):  # https:, mailto:...: not the manual's
                continue
            file, _, anchor = target.partition("#")
            dest = (page.parent / file).resolve() if file else page
            where = f"{page.relative_to(root)}: ({target})"
            if not dest.exists():
                broken.append(f"{where}: no such file")
            elif anchor and (dest.suffix != ".md" or anchor not in anchors(dest)):
                broken.append(f"{where}: no heading '#{anchor}' in {dest.relative_to(root)}")
    return broken


def test_slug_is_githubs_rule():
    assert slug("Configuration: `newsarchive.yaml` (optional)") == "configuration-newsarchiveyaml-optional"
    assert slug("Reading it anywhere (`--portable`)") == "reading-it-anywhere---portable"
    assert slug("Addresses in the reader's script") == "addresses-in-the-readers-script"


def test_no_broken_link_between_pages_or_to_a_heading():
    assert not broken_links(manual_pages()), "\n".join(broken_links(manual_pages()))


def test_a_broken_link_is_found(tmp_path):
    page = tmp_path / "page.md"
    (tmp_path / "other.md").write_text("# Other\n\n## A part\n\n## A part\n", encoding="utf-8")
    page.write_text(
        "# Page\n\n[ok](other.md#a-part-1) [ok](#page) `[code](nowhere.md)`\n\n"
        "[gone](missing.md) [no heading](other.md#b-part) [no anchor here](#nowhere)\n",
        encoding="utf-8",
    )
    found = [b.split(": ", 1)[1] for b in broken_links([page], root=tmp_path)]
    assert found == [
        "(missing.md): no such file",
        "(other.md#b-part): no heading '#b-part' in other.md",
        "(#nowhere): no heading '#nowhere' in page.md",
    ], found


def manual_commands() -> dict[str, list[str]]:
    """Every `newsarchive ...` command in the ```sh blocks of each page, as tests/test_readme.py reads
    the README's."""
    out = {}
    for page in manual_pages():
        commands = []
        text = page.read_text(encoding="utf-8")
        for block in re.findall(r"^[ \t]*```sh\n(.*?)^[ \t]*```", text, re.MULTILINE | re.DOTALL):
            for line in block.replace("\\\n", " ").split("\n"):
                line = line.split("  #", 1)[0]
                for part in re.split(r"&&|(?<![&])&(?!&)", line):
                    part = re.sub(r"^\s*([A-Z_]+=\S+\s+)+", "", part)  # environment variables before it
                    if part.strip().startswith("newsarchive "):
                        commands.append(_normal(part))
        out[str(page.relative_to(REPO))] = commands
    return out


def test_every_command_of_the_manual_runs_in_ci():
    commands = manual_commands()
    assert len(commands["README.md"]) >= 10, commands  # the parser found the editor's day
    script = _normal(SCRIPT)
    shown = [(page, c) for page, cs in commands.items() for c in cs if c not in NOT_RUN]
    missing = [f"{page}: {c}" for page, c in shown if c not in script]
    assert not missing, "commands the manual shows that .ci/readme-commands does not run: " + "; ".join(
        missing
    )


def test_commands_in_plain_blocks_are_marked_sh():
    """A command to type is in a ```sh block (so the test above sees it); ``` and ```text blocks show
    output, where a command appears only after a `$ ` prompt, or a synopsis (`newsarchive new TITLE
    [--source NAME]`: placeholders in capitals, options in brackets)."""
    hidden = []
    for page in manual_pages():
        text = page.read_text(encoding="utf-8")
        for lang, block in re.findall(r"^[ \t]*```(\w*)\n(.*?)^[ \t]*```", text, re.MULTILINE | re.DOTALL):
            if lang in ("", "text") and any(
                line.strip().startswith("newsarchive ") and not re.search(r"\[|\b[A-Z][A-Z_]{2,}\b", line)
                for line in block.split("\n")
            ):
                hidden.append(f"{page.relative_to(REPO)}: {block.strip()[:80]}")
    assert not hidden, hidden


@pytest.fixture(scope="module")
def sample_build(tmp_path_factory) -> tuple[str, str]:
    """The sample archive of the repository built as a newcomer builds it: what `build` and `verify` print."""
    out = tmp_path_factory.mktemp("sample") / "build"
    run = [sys.executable, "-m", "newsarchive"]
    built = subprocess.run(
        [*run, "build", str(REPO), "-o", str(out)], capture_output=True, text=True, check=False
    )
    assert built.returncode == 0, built.stderr
    verified = subprocess.run([*run, "verify", str(out)], capture_output=True, text=True, check=False)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    return built.stdout + built.stderr, verified.stdout


def stated_figures(pages: list[Path]) -> tuple[list[tuple[str, ...]], list[str]]:
    builds, verifies = [], []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        builds += re.findall(r"Built (\d+) articles? into [^:\n]+: (\d+) pages, (\d+) files written", text)
        verifies += re.findall(r"Verified (\d+)\s+files", text)
    return builds, verifies


def test_figures_the_sample_gives_are_the_ones_stated(sample_build):
    """A `Built N articles ...: P pages, F files written` or `Verified N files` line in the manual is
    what building and verifying the sample archive prints today."""
    built, verified = sample_build
    actual_build = re.search(r"Built (\d+) articles? into [^:\n]+: (\d+) pages, (\d+) files written", built)
    actual_verify = re.search(r"Verified (\d+) files", verified)
    assert actual_build and actual_verify, (built, verified)
    builds, verifies = stated_figures(manual_pages())
    stale = [b for b in builds if b != actual_build.groups()]
    stale += [v for v in verifies if v != actual_verify.group(1)]
    gives = f"{actual_build.group(0)!r}, {actual_verify.group(0)!r}"
    assert not stale, f"stated {stale}; the sample archive gives {gives}"


def test_no_unchecked_coverage_or_install_size_statement():
    """Coverage percentages and install sizes change with every dependency and test: no test checks them,
    so the manual does not state them."""
    found = []
    for page in manual_pages():
        for line in page.read_text(encoding="utf-8").split("\n"):
            if re.search(r"\b\d+(\.\d+)?\s?%", line) and re.search(r"(?i)cover|floor|statements|suite", line):
                found.append(f"{page.name}: {line.strip()}")
            if re.search(r"(?i)(install\w*|download\w*|come with)\D{0,60}\b\d+(\.\d+)?\s?[MG]i?B", line):
                found.append(f"{page.name}: {line.strip()}")
    assert not found, found


HISTORY = re.compile(r"(?i)\bissues? \d+|two weeks ago|last round|this branch")


def test_no_development_history_in_the_manual():
    found = [
        f"{page.name}: {m.group(0)}"
        for page in manual_pages()
        for m in HISTORY.finditer(page.read_text(encoding="utf-8"))
    ]
    assert not found, found


def test_troubleshooting_is_one_page():
    """docs/troubleshooting.md holds every part: a new docs/troubleshooting/*.md is folded into it."""
    assert (DOCS / "troubleshooting.md").exists()
    assert not list(DOCS.glob("troubleshooting/*.md")), "fold these into docs/troubleshooting.md"


def test_readme_is_short_and_leads_to_every_page():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(readme.split("\n")) <= 250
    linked = {t.split("#")[0] for t in links(REPO / "README.md")}
    unlinked = [p.name for p in DOCS.glob("*.md") if f"docs/{p.name}" not in linked]
    assert not unlinked, f"README.md does not link {unlinked}"
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    unlisted = [p.name for p in DOCS.glob("*.md") if p.name != "index.md" and f"({p.name}" not in index]
    assert not unlisted, f"docs/index.md does not list {unlisted}"


def test_the_import_page_names_the_sample_files():
    """A newcomer can try each import command on real files: the page names the fixtures, which exist."""
    page = (DOCS / "importing.md").read_text(encoding="utf-8")
    for name in ("wire.jsonl", "gazette.csv", "courrier.rss", "valle.atom", "saved/", "pages/"):
        assert f"tests/fixtures/import/{name}" in page, name
        assert (REPO / "tests/fixtures/import" / name).exists(), name
