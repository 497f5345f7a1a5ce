"""The rebuilds that follow what changed, not the archive's size: the pages that new articles
(``additions``) or articles edited in place (``edits``) change are found by query from the catalog and
rendered alone. Each stands aside, for the full plan (``planning``), whenever it could not give a clean
build's output."""
