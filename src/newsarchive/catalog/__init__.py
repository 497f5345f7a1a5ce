"""The catalog: the archive on disk, a SQLite database beside the output (``.build.cache/catalog.sqlite``).

It is what the last build read and wrote, so that the next one reads only the content files that changed,
renders only the pages whose inputs changed, and writes back only the rows that changed (``state``): the
content files' sizes and modification times, each article's facts (not its body) and problems, where each
published article was placed (its URL, source, language and tags, the neighbours its page shows), each
page's input fingerprint, the content files' and the output's files with their SHA-256 (the fixity record,
``fixity.Record``), and the keys every page depends on (newsarchive's version, the config, the theme).

``store`` opens the database: its own file only (SQLite's ``application_id`` says it is ours and
``user_version`` its format); a file that is missing, corrupt, foreign or of another format is replaced by
an empty catalog, which means a clean build, never a wrong site. A build removes the catalog's header row
before the output changes and writes its rows and the header back in one transaction after the output is
committed: a build stopped in between leaves a catalog without a header, which no build trusts.

The catalog is private (its tables change with newsarchive's versions); ``newsarchive export`` writes the
archive as a database with a documented public schema.
"""
