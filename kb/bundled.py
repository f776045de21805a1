"""Where the bundled knowledge base (the Kubernetes FAQ) is, installed or in a checkout."""

from __future__ import annotations

from pathlib import Path

__all__ = ["bundled_root"]


def bundled_root() -> Path:
    """``kb/content`` inside an installed wheel, else the checkout's ``content/`` folder."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "content", here.parent / "content"):
        if candidate.is_dir():
            return candidate
    return here.parent / "content"
