"""`python -m bot` runs the strategibot command line."""

from __future__ import annotations

import sys

from .cli import main

sys.exit(main())
