"""Stories: the same story told by several outlets. ``shingles`` of a text, the ``boilerplate`` left out
of them, MinHash signatures and the LSH index (``detect``), what pages show of stories (``pages``), and
``check``'s exact duplicates (``exact_duplicates``)."""
