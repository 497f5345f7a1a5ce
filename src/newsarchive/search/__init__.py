"""Search: the Pagefind index, staged by parts (``index``), and the order its results are ranked in
(``order``)."""
