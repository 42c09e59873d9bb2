"""Run policyx as ``python -m policyx``."""

from .entry import main

main()
