"""One module per command-line verb that is more than a call into the build: ``init``, ``new``, ``serve``
(``import`` lives in the ``importer`` package). ``cli.py`` parses arguments and prints; these do the work."""
