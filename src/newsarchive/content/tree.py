"""The content/ folder: which files are articles, which are assets, and the folder defaults."""

from __future__ import annotations

import bisect
import os
import posixpath
import stat as stat_mode
from dataclasses import dataclass, field
from pathlib import Path

from newsarchive import text as text_file
from newsarchive.content.frontmatter import FrontMatterError, parse_yaml_mapping
from newsarchive.content.loader import ARTICLE_SUFFIXES, check_defaults
from newsarchive.errors import Problem
from newsarchive.versions import files as versions

DEFAULTS_NAME = "_defaults.yaml"
ORIGINALS = ".originals"  # imported pages' saved originals: not read, but listed in the content manifest
_DEFAULTS_MISSPELT = frozenset({"_defaults.yml", "_defaults.yaml", "_default.yaml", "_default.yml",
                                "_defaults.json", "_defaults.toml"})


@dataclass(slots=True)
class ContentTree:
    articles: list[str] = field(default_factory=list)  # paths relative to content/, sorted
    stats: dict[str, tuple[int, int]] = field(default_factory=dict)  # every file: (size, mtime in ns)
    # (the saved originals too: neither articles nor assets, they are in the content manifest)
    assets: list[str] = field(default_factory=list)  # other files, copied to the output as they are
    defaults: dict[str, dict] = field(default_factory=dict)  # folder ("" = content/) -> merged defaults
    problems: list[Problem] = field(default_factory=list)
    # article -> its earlier versions' files (``<stem>.versions/``, see versions.py), oldest first
    versions: dict[str, list[str]] = field(default_factory=dict)
    _keys: dict[str, str] = field(default_factory=dict)

    def defaults_for(self, rel_path: str) -> dict:
        return self.defaults.get(rel_path.rpartition("/")[0], {})

    def defaults_key(self, rel_path: str) -> str:
        """A short fingerprint of the defaults an article inherits (for the build cache)."""
        folder = rel_path.rpartition("/")[0]  # posixpath.dirname, without its overhead: hot
        key = self._keys.get(folder)
        if key is None:
            key = self._keys[folder] = repr(self.defaults.get(folder, {}))
        if self.versions and rel_path in self.versions:  # its facts hold its versions: read again on a change
            key += repr([(v, self.stats.get(v)) for v in self.versions[rel_path]])
        return key

    def part(self, rels) -> ContentTree:
        """What reading these articles needs of the tree (their stats, their folders' defaults, their
        versions), for a worker on another machine: the rest of the archive is not sent with them."""
        rels = sorted(set(rels))
        versions = {rel: self.versions[rel] for rel in rels if rel in self.versions}
        stats = {rel: self.stats[rel] for rel in rels if rel in self.stats}
        stats.update((v, self.stats[v]) for files in versions.values() for v in files if v in self.stats)
        folders = {rel.rpartition("/")[0] for rel in rels}
        return ContentTree(articles=[rel for rel in rels if rel in self.stats], stats=stats,
                           defaults={f: self.defaults[f] for f in folders if f in self.defaults},
                           versions=versions)


def link_inside(path: str, root: Path) -> bool:
    """A symbolic link that leads to a file inside ``root`` (the folder being read): one that is broken,
    loops or leads out of it is not followed (it could publish any file of the machine)."""
    try:
        target = Path(path).resolve(strict=True)
    except (OSError, RuntimeError):  # a broken link or a loop
        return False
    return target.is_relative_to(root) and target.is_file()


def _hidden(name: str) -> bool:
    return name.startswith(".") or name.endswith("~") or name in ("__pycache__", "Thumbs.db")


def scan(content_dir: Path) -> ContentTree:
    """Walk content/ in a stable order. Hidden files (``.git``, ``.DS_Store``, editor backups) are skipped;
    symbolic links to files are followed only when they stay inside content/."""
    tree = ContentTree()
    own: dict[str, dict] = {}
    root = content_dir.resolve()
    _walk(str(content_dir), "", root, tree, own)
    tree.articles.sort()
    if tree.versions:
        _pair_versions(tree)
    tree.assets.sort()
    for folder in _all_folders(tree.articles):
        merged: dict = {}
        for ancestor in _ancestors(folder):
            merged.update(own.get(ancestor, {}))
        tree.defaults[folder] = merged
    return tree


def rescanned(tree: ContentTree, content_dir: Path, changed: set[str]) -> ContentTree | None:
    """The tree after a change to these files only (paths relative to content/, as a watcher reports
    them), each looked at again instead of walking content/ (``serve``: see ``planning.Known``). None when
    a change is not an ordinary article file in a folder that already has articles (a folder, folder
    defaults, an asset, a version, a saved original, a link, the last article of a folder): only a scan
    knows what such a change does. The tree given is not changed."""
    stats, articles = dict(tree.stats), list(tree.articles)
    flagged = {problem.path for problem in tree.problems}  # (a link or a pipe of that name, say)
    for rel in sorted(changed):
        parts = rel.split("/")
        if any(_hidden(part) for part in parts):
            if ORIGINALS in parts:
                return None
            continue  # (a swap file, .git...: the scan skips it too)
        name, folder = parts[-1], "/".join(parts[:-1])
        if not name or "content/" + rel in flagged or name[0] == "_" \
                or not name.lower().endswith(ARTICLE_SUFFIXES) or folder not in tree.defaults \
                or any(part.endswith(versions.FOLDER_SUFFIX) for part in parts[:-1]):
            return None
        try:
            st = os.lstat(content_dir / rel)
        except FileNotFoundError:
            if rel not in stats:
                continue  # made and removed between two builds
            where = bisect.bisect_left(articles, rel)
            if rel in tree.versions or where == len(articles) or articles[where] != rel:
                return None
            del stats[rel]
            del articles[where]
            if not _has_article(content_dir, folder, stats):
                return None  # its folder's defaults go with it
            continue
        except OSError:
            return None
        if not stat_mode.S_ISREG(st.st_mode):
            return None  # a folder, a link, a pipe: the scan says what it is
        if rel not in stats:
            if os.path.lexists(content_dir / versions.folder_of(rel)):
                return None  # its versions folder, without its article until now
            bisect.insort(articles, rel)
        stats[rel] = (st.st_size, st.st_mtime_ns)
    return ContentTree(articles=articles, stats=stats, assets=tree.assets, defaults=tree.defaults,
                       problems=list(tree.problems), versions=tree.versions)


def _has_article(content_dir: Path, folder: str, stats: dict) -> bool:
    prefix = f"{folder}/" if folder else ""
    try:
        with os.scandir(content_dir / folder) as listing:
            return any(prefix + entry.name in stats and entry.name.lower().endswith(ARTICLE_SUFFIXES)
                       for entry in listing)
    except OSError:
        return False


def _entries(folder: str, rel_folder: str, tree: ContentTree) -> list[os.DirEntry] | None:
    """A folder's entries by name, or None (and a warning) when it cannot be read."""
    try:
        with os.scandir(folder) as listing:
            return sorted(listing, key=lambda e: e.name)
    except OSError as exc:
        tree.problems.append(Problem("content/" + rel_folder, None, f"cannot be read ({exc.strerror})",
                                     "check its permissions", "warning"))
        return None


def _walk(folder: str, rel_folder: str, root: Path, tree: ContentTree, own: dict[str, dict]) -> None:
    entries = _entries(folder, rel_folder, tree)
    if entries is None:
        return
    prefix = f"{rel_folder}/" if rel_folder else ""
    for entry in entries:
        name = entry.name
        if name.endswith(".md") and name[0] not in "._" and entry.is_file(follow_symlinks=False):
            # the common case, taken first (a scan visits every file of the archive): a Markdown article
            # that is a plain file (not a link, not hidden, not a Hugo _index, not folder defaults)
            try:
                stat = entry.stat()
            except OSError:
                continue
            rel = prefix + name
            tree.stats[rel] = (stat.st_size, stat.st_mtime_ns)
            tree.articles.append(rel)
            continue
        if _hidden(name):
            if name == ORIGINALS and entry.is_dir(follow_symlinks=False):
                _originals_folder(entry.path, prefix + name, tree)
            continue
        rel = prefix + name
        if name.startswith("_index.") and not entry.is_dir():
            continue  # a Hugo section's list page: the archive makes its own lists
        if entry.is_dir(follow_symlinks=False):
            if name.endswith(versions.FOLDER_SUFFIX):
                _versions_folder(entry.path, rel, tree)
            else:
                _walk(entry.path, rel, root, tree, own)
            continue
        if entry.is_symlink() and not link_inside(entry.path, root):
            tree.problems.append(Problem(
                "content/" + rel, None,
                "is a symbolic link that is broken, loops, or leads outside content/; it is skipped",
                "replace it with the file itself", "warning"))
            continue
        if not entry.is_file():  # a named pipe, socket or device: reading it could wait for ever
            tree.problems.append(Problem(
                "content/" + rel, None,
                "is not a regular file (a named pipe, a socket or a device); it is skipped",
                "replace it with an ordinary file, or remove it", "warning"))
            continue
        try:
            stat = entry.stat()
        except OSError:
            continue
        tree.stats[rel] = (stat.st_size, stat.st_mtime_ns)
        lower = name.lower()
        if name != DEFAULTS_NAME and lower in _DEFAULTS_MISSPELT:
            tree.problems.append(Problem(
                "content/" + rel, None, f"is not read: folder defaults must be named {DEFAULTS_NAME}; "
                "it is not published either", f"rename it to {DEFAULTS_NAME}", "warning"))
            continue
        if name == DEFAULTS_NAME:
            own[rel_folder] = _read_defaults(Path(entry.path), rel, tree.problems)
        elif lower.endswith(ARTICLE_SUFFIXES):
            tree.articles.append(rel)
        elif lower.endswith((".html", ".htm")) and _in_posts_folder(rel):
            tree.problems.append(Problem(
                "content/" + rel, None, "is an HTML post (Jekyll); it is not published",
                "rename it to .md: Markdown keeps its HTML, and its front matter is read", "warning"))
        elif lower.endswith((".html", ".htm")) and _has_front_matter(entry.path):
            tree.problems.append(Problem(
                "content/" + rel, 1, "is an HTML article with front matter (as Hugo reads them); it is not "
                "published, since copied as it is it would show its front matter",
                "rename it to .md: Markdown keeps its HTML, and its front matter is read", "warning"))
        else:
            tree.assets.append(rel)


def _originals_folder(folder: str, rel_folder: str, tree: ContentTree) -> None:
    """Saved originals: their stats only (a change to one rebuilds the content manifest)."""
    for entry in _entries(folder, rel_folder, tree) or ():
        if _hidden(entry.name):
            continue
        rel = f"{rel_folder}/{entry.name}"
        if entry.is_dir(follow_symlinks=False):
            _originals_folder(entry.path, rel, tree)
        elif entry.is_file(follow_symlinks=False):
            try:
                stat = entry.stat()
            except OSError:
                continue
            tree.stats[rel] = (stat.st_size, stat.st_mtime_ns)


def _versions_folder(folder: str, rel_folder: str, tree: ContentTree) -> None:
    """A versions folder: its version files (never articles), kept under the folder's path until
    ``_pair_versions`` finds the article they belong to."""
    found: list[str] = []
    entries = _entries(folder, rel_folder, tree)
    if entries is None:
        return
    for entry in entries:
        if _hidden(entry.name) or not entry.is_file(follow_symlinks=False):
            continue
        rel = f"{rel_folder}/{entry.name}"
        if not entry.name.lower().endswith(ARTICLE_SUFFIXES) or versions.moment_of(entry.name) is None:
            tree.problems.append(Problem(
                "content/" + rel, None, "is not a version file: versions are named by the moment they "
                f"were archived, in UTC, e.g. {versions.STAMP_EXAMPLE}; it is ignored",
                "rename it so, or move it out of the versions folder", "warning"))
            continue
        stat = entry.stat()
        tree.stats[rel] = (stat.st_size, stat.st_mtime_ns)
        found.append(rel)
    tree.versions[rel_folder] = found


def _pair_versions(tree: ContentTree) -> None:
    """Each versions folder's files under the article beside it (``storm.versions`` -> ``storm.md``); a
    folder without its article is an error."""
    by_folder = {versions.folder_of(rel): rel for rel in tree.articles}
    paired: dict[str, list[str]] = {}
    for folder, files in tree.versions.items():
        article = by_folder.get(folder)
        if article is None:
            stem = folder.rpartition("/")[2].removesuffix(versions.FOLDER_SUFFIX)
            tree.problems.append(Problem(
                "content/" + folder, None,
                f"is a versions folder without its article: there is no {stem}.md (or .txt) beside it",
                f"move it beside its article, named after the article's file ({stem}.md -> "
                f"{stem}{versions.FOLDER_SUFFIX}), or delete it"))
        elif files:
            paired[article] = files
    tree.versions = paired


def _has_front_matter(path: str) -> bool:
    """Whether an HTML file starts with front matter (``---`` or ``+++`` on its first line), as another
    generator's article written in HTML does; a page made to be copied as it is starts with markup."""
    try:
        with open(path, "rb") as handle:
            start = handle.read(8)
    except OSError:
        return False
    start = start.removeprefix(b"\xef\xbb\xbf")
    return start.startswith((b"---\n", b"---\r", b"+++\n", b"+++\r", b"--- ", b"+++ "))


def _in_posts_folder(rel: str) -> bool:
    return rel.startswith(("_posts/", "_drafts/")) or "/_posts/" in rel or "/_drafts/" in rel


def _read_defaults(path: Path, rel: str, problems: list[Problem]) -> dict:
    shown = "content/" + rel
    try:
        text = text_file.decode(path.read_bytes())
    except text_file.NotUTF8 as bad:
        problems.append(Problem(shown, None, f"the file is not valid UTF-8 text: byte {bad.offset}",
                                     "save it with UTF-8 encoding"))
        return {}
    warnings: list[tuple[int, str, str]] = []
    try:
        data, lines = parse_yaml_mapping(text, 1, "the folder defaults", warnings)
    except FrontMatterError as exc:
        problems.append(Problem(shown, exc.line, exc.message, exc.hint))
        return {}
    problems.extend(Problem(shown, line, message, hint, "warning") for line, message, hint in warnings)
    if "lang" in data and "language" not in data:
        data["language"] = data.pop("lang")
        lines.setdefault("language", lines.get("lang", 1))
    data, found = check_defaults(data, lines, shown)
    problems.extend(found)
    return data


def _all_folders(paths: list[str]) -> set[str]:
    return {posixpath.dirname(p) for p in paths}


def _ancestors(folder: str) -> list[str]:
    """"a/b" -> ["", "a", "a/b"]: outermost first, so nearer folders win."""
    out = [""]
    if folder:
        parts = folder.split("/")
        out += ["/".join(parts[: i + 1]) for i in range(len(parts))]
    return out
