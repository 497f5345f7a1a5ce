"""``newsarchive import``: articles from other formats, one module per format (``jsonl``, ``csvfile``,
``feed``, ``webpage``), the field mapping and validation in ``records``, the duplicate keys in ``keys``,
the content files' bodies in ``body_files``, and the run in ``run``."""

from newsarchive.importer.run import FORMATS, ImportOptions, ImportReport, import_file

__all__ = ["FORMATS", "ImportOptions", "ImportReport", "import_file"]
