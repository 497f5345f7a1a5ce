"""One module per command-line verb: ``build``, ``check``, ``importing`` (``import``), ``init``, ``new``,
``serve``. ``cli.py`` parses arguments, prints messages and sets exit codes; these do the work (calling
the library: the build's pipeline in ``newsarchive.build``, the importer in ``newsarchive.importer``)."""
