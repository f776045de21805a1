"""The few front-matter fields kbfind reads (tags), without a YAML dependency."""

from __future__ import annotations

import re

__all__ = ["FrontMatterError", "read_tags"]

_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$")
_ITEM = re.compile(r"^\s+-\s*(.*)$")


class FrontMatterError(ValueError):
    """The front matter is not the ``key: value`` YAML subset; carries the 0-based line."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def read_tags(front_matter: str) -> tuple[str, ...]:
    """``tags: [a, b]``, ``tags: a`` or a block list of ``- a`` items."""
    tags: list[str] = []
    key = ""
    for n, raw in enumerate(front_matter.split("\n")):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        if m := _ITEM.match(raw):
            if key == "tags":
                tags.append(_scalar(m.group(1)))
            continue
        if raw[0].isspace():
            continue  # a nested mapping under some other key
        m = _KEY.match(raw)
        if not m:
            raise FrontMatterError(n, f"front matter line is not 'key: value': {raw.strip()[:60]!r}")
        key, value = m.group(1), m.group(2).strip()
        if value.startswith("[") != value.endswith("]") or value.startswith("{") != value.endswith("}"):
            raise FrontMatterError(n, f"front matter value of {key!r} opens a list it does not close: {value[:40]!r}")
        if key == "tags" and value:
            items = value[1:-1].split(",") if value.startswith("[") and value.endswith("]") else [value]
            tags.extend(_scalar(v) for v in items)
    return tuple(t for t in tags if t)


def _scalar(value: str) -> str:
    value = value.split(" #", 1)[0].strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]
    return value.strip()
