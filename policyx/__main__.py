"""Run policyx as ``python -m policyx``."""

from .cli import main

main()
