from newsarchive.cli import main

main()
