"""Output: writing the site atomically (``writer``: stage or journal, then commit; ``atomic_files`` for
single files), its fixity (``fixity``: the manifests and their record; ``drift``: what changed in the
output since the last build), and copying the theme's static files and content's assets (``assets``)."""
