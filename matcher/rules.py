"""Every normalization rule by name, with the words ``--explain`` shows for it."""

from __future__ import annotations

from functools import cache

from matcher.spec import SPEC

__all__ = ["describe"]

_OTHER = {
    "prompt": "shell prompt (the line is a typed command)",
    "klog-structured": 'structured klog: "message" and its err="…" field read apart',
    "logfmt": 'logfmt/logrus fields: the msg="…" value read',
    "json": 'JSON log line: the "msg", "message" or "log" value read, and its "error"',
    "context-fields": "a log line's context fields (zap's JSON after the message): its \"error\" read, not words",
    "reasons": "scheduler message split into its reasons",
    "raised:link": "your paste links to this entry (raised to the bar)",
    "raised:heading": "your paste is its heading, word for word (raised to the bar)",
    "raised:error": "a line of your paste is its error text whole, values aside (raised to the bar)",
    "raised:twin": "a near-twin's score: your paste holds nothing that tells them apart",
}


@cache
def _table() -> dict[str, str]:
    table = {r.name: r.what for r in SPEC.framing.rules}
    table.update(_OTHER)
    table.update({f"mask:{r.name}": f"{r.what} → <{r.name}>" for r in SPEC.masking.rules})
    table.update({t.name: t.label for t in SPEC.model})
    return table


def describe(name: str) -> str:
    """``"klog"`` → ``"klog level, date and thread"``; unknown names are returned as they are."""
    return _table().get(name, name)
