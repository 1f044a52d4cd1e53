"""python -m kgraph: the command-line interface."""

from kgraph.cli import main

main()
