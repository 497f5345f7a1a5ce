"""Pages: the archive as the list of pages the site has (``listing``, with each page's fingerprint;
``paging`` for the permanent numbering), what templates see of an article or a source beyond its record
(``views``, ``calendars``), and rendering (``render``, one Jinja environment; ``template_errors`` for a
template's mistake as a message)."""
