"""The answer pipeline (see `engine.py`): question in, cited answer out."""

from __future__ import annotations

from .engine import Engine
from .model import Answer, Proposal, Source
from .question import clean as clean_question

__all__ = ["Answer", "Engine", "Proposal", "Source", "clean_question"]
