"""`python -m bot` runs the strategibot command line."""

from __future__ import annotations

import sys

from .cli import main

if __name__ == "__main__":  # not when multiprocessing's spawn re-imports the main module
    sys.exit(main())
