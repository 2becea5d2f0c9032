from qbrgen.cli import main

main()
