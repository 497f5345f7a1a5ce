"""Versions and corrections: an article's earlier versions as files (``files``), its ``corrections:``
(``corrections``), the version pages and change notes (``pages``), and the diff between two texts
(``diffseq``: which paragraphs and words changed; ``worddiff``: as safe HTML)."""
