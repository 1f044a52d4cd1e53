"""python -m kgraph: the command-line interface."""

from kgraph.cli import main

if __name__ == "__main__":
    main()
