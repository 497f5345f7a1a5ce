"""The archive as data: each year's CSV and JSON Lines tables with their data package (``tables``), the
SQLite database of ``export`` and ``database: true`` (``database``), and citations (``cite``: what a
citation says; ``citation_files``: the RIS and CSL-JSON files beside each article)."""
