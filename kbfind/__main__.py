from kbfind.cli import main

main()
