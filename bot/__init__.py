"""strategibot: answers questions about Region Blekinge's strategy content."""

from __future__ import annotations

__version__ = "0.1.0"
