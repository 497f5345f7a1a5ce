"""Content: finding and reading the archive's files. ``tree`` scans content/; ``frontmatter``, ``yaml12``,
``formats``, ``generators``, ``values``, ``infer`` and ``loader`` make an article's facts from a file;
``markup`` and ``links`` its body and its links; ``reading`` reads every article's facts in parallel and
``bodies`` a body when its page is rendered; ``bylines``, ``language_guess``, ``checks``, ``duplicates``
and ``keys`` what ``check`` and the build say of the content; ``compose`` writes content files."""
