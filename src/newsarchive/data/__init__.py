"""The archive as data: each year's CSV and JSON Lines tables with their data package (``tables``), the
SQLite database of ``export`` and ``database: true`` (``database``), and citations (``cite``: what a
citation says, and the Highwire Press tags of an article page; ``citation_downloads``: the RIS and CSL-JSON
records an article page gives as ``data:`` links)."""
