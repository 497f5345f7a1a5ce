"""The last build's problems as rows of the catalog (its ``problems`` table), reported by query.

A build that reads every article (the full plan) writes the rows that differ from the table; a rebuild
that adds articles inserts theirs, one that edits articles in place replaces theirs; the text-only rebuild
and a rebuild with nothing changed write none.
What the command line shows is read back with ``GROUP BY``: a warning many files share (as the generated
archives' 100,000 "unknown key" warnings) is read for its first ``errors.SAME_SHOWN`` files and counted for
the others, so that reporting them does not grow with the archive; ``--verbose`` reads every row.
"""

from __future__ import annotations

from newsarchive.catalog.store import Store, path_of, path_value
from newsarchive.errors import ERROR, SAME_SHOWN, SKIPPED, Problem, Problems, kind_text

_COLUMNS = "path, line, message, hint, severity"
_ORDER = "ORDER BY path, IFNULL(line, 0), message"


def _row(problem: Problem) -> tuple:
    """A problem's row (a path or message with a byte of a name that is not UTF-8 kept as bytes)."""
    path, line, message, hint, severity = problem.to_record()
    return path_value(path), line, path_value(message), path_value(hint), severity, kind_text(problem)


def _problem(row: tuple) -> Problem:
    path, line, message, hint, severity = row
    return Problem(path_of(path), line, path_of(message), path_of(hint), severity)


def save(store: Store, problems: list[Problem]) -> None:
    """Make the table hold ``problems`` (the whole build's), writing only the rows that differ (inside the
    caller's transaction)."""
    db = store.db
    held: dict[tuple, list[int]] = {}
    for rowid, *record in db.execute(f"SELECT rowid, {_COLUMNS} FROM problems"):
        held.setdefault(_problem(record).to_record(), []).append(rowid)
    new = []
    for problem in problems:
        ids = held.get(problem.to_record())
        if ids:
            ids.pop()
        else:
            new.append(_row(problem))
    gone = [(rowid,) for ids in held.values() for rowid in ids]
    db.executemany("DELETE FROM problems WHERE rowid = ?", gone)
    add(store, new, rows=True)
    store.written += len(gone)


def add(store: Store, problems, rows: bool = False) -> None:
    """Insert the problems of new articles (inside the caller's transaction)."""
    values = problems if rows else [_row(p) for p in problems]
    store.db.executemany(f"INSERT INTO problems ({_COLUMNS}, kind) VALUES (?, ?, ?, ?, ?, ?)", values)
    store.written += len(values)


def remove(store: Store, records: list[tuple]) -> None:
    """Delete one row for each of these problems (``Problem.to_record()``: an edited article's old ones),
    inside the caller's transaction."""
    db = store.db
    for path, line, message, hint, severity in records:
        db.execute("DELETE FROM problems WHERE rowid = (SELECT rowid FROM problems WHERE path = ? AND "
                   "line IS ? AND message = ? AND hint = ? AND severity = ? LIMIT 1)",
                   (path_value(path), line, path_value(message), path_value(hint), severity))
    store.written += len(records)


def report(store: Store, verbose: bool = False) -> Problems:
    """The problems to show, sorted as a build sorts them: every row of a kind that few files share, the
    first ``SAME_SHOWN`` of one that many share (``Problems.more`` counts the others), every error."""
    db = store.db
    if verbose:
        return _sorted(db.execute(f"SELECT {_COLUMNS} FROM problems"))
    cut = {(severity, kind): count - SAME_SHOWN for severity, kind, files, count in db.execute(
        "SELECT severity, kind, COUNT(DISTINCT path), COUNT(*) FROM problems WHERE severity NOT IN (?, ?) "
        "GROUP BY severity, kind", (ERROR, SKIPPED)) if files > SAME_SHOWN + 2}
    if not cut:
        return _sorted(db.execute(f"SELECT {_COLUMNS} FROM problems"))
    shown = [_problem(row) for row in db.execute(
        f"SELECT {_COLUMNS} FROM problems WHERE (severity, kind) NOT IN "
        f"(VALUES {', '.join(['(?, ?)'] * len(cut))})", [v for kind in cut for v in kind])]
    for severity, kind in cut:
        shown += [_problem(row) for row in db.execute(
            f"SELECT {_COLUMNS} FROM problems WHERE severity = ? AND kind = ? {_ORDER} LIMIT ?",
            (severity, kind, SAME_SHOWN))]
    shown.sort(key=Problem.sort_key)
    return Problems(shown, more=cut)


def _sorted(rows) -> Problems:
    return Problems(sorted(map(_problem, rows), key=Problem.sort_key))
