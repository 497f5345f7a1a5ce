"""The files the build copies rather than renders: the theme's static files (a site's own
``templates/static/`` files win), the content's assets (images, PDFs... beside the articles), and the
site's ``static/`` folder beside ``content/`` (the convention of Hugo, Zola and others: an old site's
``/images/...``), copied to the output's root as it is."""

from __future__ import annotations

import os
from pathlib import Path

from newsarchive import routes
from newsarchive.catalog import state as cache
from newsarchive.content.tree import ContentTree, link_inside
from newsarchive.errors import WARNING, Problem
from newsarchive.output.writer import Stage


def theme_dir() -> Path:
    """The default theme's folder (render decides it; imported here only when needed, so that a rebuild
    with nothing to do does not load the template engine)."""
    from newsarchive.pages.render import theme_dir as theme

    return theme()


def theme_files(site_dir: Path) -> list[Path]:
    """Every file of the theme and of the site's overrides: a change to any re-renders every page."""
    files: list[Path] = []
    for folder in (theme_dir(), site_dir / "templates"):
        if folder.is_dir():
            files += sorted(p for p in folder.rglob("*") if p.is_file())
    return files


def static_files(site_dir: Path) -> dict[str, Path]:
    """The theme's static/ files, then the site's templates/static/ files of the same name win."""
    chosen: dict[str, Path] = {}
    for folder in (theme_dir() / "static", site_dir / "templates" / "static"):
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file() and not path.name.startswith("."):
                    chosen[path.relative_to(folder).as_posix()] = path
    return dict(sorted(chosen.items()))


SITE_STATIC = "static"  # the site's folder of files copied to the output's root
# how the cache's record of assets (content/ paths -> stats) names a file of static/: no content/ path
# starts with "../"
_STATIC_KEY = "../static/"


def site_static(site_dir: Path) -> tuple[dict[str, Path], list[Problem]]:
    """The files of the site's ``static/`` folder by their path in it, hidden ones aside; as content/'s
    scan does, a symbolic link is followed only to a file inside the folder (one leading out, to
    ``/etc/passwd`` say, would publish it), and a pipe or device is skipped, each with a warning."""
    folder = site_dir / SITE_STATIC
    if not folder.is_dir() or folder.is_symlink():
        return {}, []
    root = folder.resolve()
    found: dict[str, Path] = {}
    problems: list[Problem] = []

    def walk(path: str, prefix: str) -> None:
        with os.scandir(path) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                rel = prefix + entry.name
                if entry.name.startswith("."):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    walk(entry.path, rel + "/")
                    continue
                if entry.is_symlink() and not link_inside(entry.path, root):
                    problems.append(Problem(f"{SITE_STATIC}/{rel}", None, "is a symbolic link that is "
                                            "broken, loops, or leads outside static/; it is not copied",
                                            "replace it with the file itself", WARNING))
                    continue
                if not entry.is_file():
                    problems.append(Problem(f"{SITE_STATIC}/{rel}", None, "is not a regular file (a pipe, a "
                                            "socket or a device); it is not copied", "remove it", WARNING))
                    continue
                found[rel] = Path(entry.path)

    walk(str(folder), "")
    return found, problems


def site_static_stats(files: dict[str, Path]) -> dict[str, tuple[int, int] | None]:
    """Each static file's (size, mtime in ns), as the cache records it beside content/'s assets."""
    out: dict[str, tuple[int, int] | None] = {}
    for rel, path in files.items():
        try:
            seen = path.stat()
            out[_STATIC_KEY + rel] = (seen.st_size, seen.st_mtime_ns)
        except OSError:
            out[_STATIC_KEY + rel] = None
    return out


def copy_site_static(stage: Stage, files: dict[str, Path], all_files: set[str],
                     previous: cache.CacheState | None) -> list[Problem]:
    """Stage the site's static/ files at the output's root (those whose stats did not change since
    ``previous`` are kept), with the checks content/'s assets get."""
    problems: list[Problem] = []
    folded: set[str] = set()
    stats = site_static_stats(files)
    for rel, path in files.items():
        key = _STATIC_KEY + rel
        unchanged = previous is not None and previous.assets.get(key) == stats[key]
        _stage_checked(stage, f"{SITE_STATIC}/{rel}", rel, _at_root, path, unchanged, folded, all_files,
                       problems)
    return problems


def copy_static(stage: Stage, static: dict[str, Path], known_unchanged: bool) -> None:
    """Stage the static files (``known_unchanged``: the theme did not change, it is in the site key)."""
    for rel, path in static.items():
        _copy(stage, routes.static(rel), path, known_unchanged)


def copy_assets(stage: Stage, content_dir: Path, tree: ContentTree, all_files: set[str],
                previous: cache.CacheState | None) -> list[Problem]:
    """Stage content/'s assets (those whose stats did not change since ``previous`` are kept), adding them
    to ``all_files``; one that would replace a page, collide by case or sit in the search index's folder is
    left out with a warning."""
    problems: list[Problem] = []
    folded: set[str] = set()
    for rel in tree.assets:
        unchanged = previous is not None and previous.assets.get(rel) == tree.stats.get(rel)
        _stage_checked(stage, "content/" + rel, rel, routes.asset, content_dir / rel, unchanged, folded,
                       all_files, problems)
    return problems


def _at_root(rel: str) -> str:
    return rel


def _stage_checked(stage: Stage, shown: str, rel: str, url_of, source: Path, unchanged: bool,
                   folded: set[str], all_files: set[str], problems: list[Problem]) -> None:
    """Stage one copied file at ``url_of(rel)`` unless it cannot be: a name that is not UTF-8, one that
    differs from another's by case only, one in the search index's folder, or one that would replace a
    page (a warning each, naming ``shown``)."""
    from newsarchive.search import index as search

    if not _utf8(rel):
        problems.append(Problem(shown, None, "its name is not UTF-8 text; it is not copied, since no web "
                                "address can name it", "rename it with UTF-8 characters (e.g. convmv -f "
                                "latin1 -t utf8)", WARNING))
        return
    target = routes.output_path(url_of(rel))  # the file serving its URL (its name is UTF-8: checked above)
    if target.casefold() in folded:
        problems.append(Problem(shown, None, "another file has the same name but for upper/lower case; it is "
                                "not copied, since the two would be one file on many disks",
                                "rename one of them", WARNING))
        return
    folded.add(target.casefold())
    if target.startswith(search.BUNDLE):
        problems.append(Problem(shown, None, f"the folder {search.BUNDLE} of the output holds the search "
                                "index; this file is not copied", "move it to another folder", WARNING))
        return
    if stage.has(target) or target in all_files:
        problems.append(Problem(shown, None, f"this file would replace the generated page /{target}; it is "
                                "not copied", "rename or move it", WARNING))
        return
    try:
        _copy(stage, target, source, unchanged)
    except OSError as exc:
        problems.append(Problem(shown, None, f"could not be copied ({exc.strerror})", "rename or move it",
                                WARNING))
        return
    except ValueError:
        problems.append(Problem(shown, None, "its name has a character that is not safe in a URL (such as "
                                "\\); it is not copied", "rename it", WARNING))
        return
    all_files.add(target)


def _utf8(rel: str) -> bool:
    """Whether a name read from the disk is UTF-8 (Python holds each other byte as a lone surrogate)."""
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _copy(stage: Stage, rel: str, source: Path, known_unchanged: bool) -> None:
    if known_unchanged and stage.keep(rel):
        return
    stage.copy(rel, source)
