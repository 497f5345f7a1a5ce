from newsarchive.cli import entry

entry()
