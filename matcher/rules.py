"""Every normalization rule by name, with the words ``--explain`` shows for it."""

from __future__ import annotations

from functools import cache

from matcher.framing import FRAMING_RULES
from matcher.masking import MASK_RULES

__all__ = ["describe"]

_OTHER = {
    "prompt": "shell prompt (the line is a typed command)",
    "klog-structured": 'structured klog: "message" and its err="…" field read apart',
    "logfmt": 'logfmt/logrus fields: the msg="…" value read',
    "reasons": "scheduler message split into its reasons",
}


@cache
def _table() -> dict[str, str]:
    table = {r.name: r.what for r in FRAMING_RULES}
    table.update(_OTHER)
    table.update({f"mask:{r.name}": f"{r.what} → <{r.name}>" for r in MASK_RULES})
    return table


def describe(name: str) -> str:
    """``"klog"`` → ``"klog level, date and thread"``; unknown names are returned as they are."""
    return _table().get(name, name)
