"""``python -m textfix`` runs the command line."""

from .cli import main

main()
