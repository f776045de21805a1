"""Docusaurus conventions on a MkDocs site, converted as each page is rendered (the markdown files
are never rewritten): ``:::tip`` blocks, and the empty sections that mean "known, not answered"."""

from __future__ import annotations

import re

__all__ = ["UNANSWERED", "convert_admonitions", "mark_unanswered"]

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_ADMONITION = re.compile(r"^:::(\w+)(?:\[(.*)\]|\s+(.*))?\s*$")

UNANSWERED = '!!! note "Not answered yet"\n    This error is known, but no answer has been recorded for it yet.\n'
"""The note put under an entry whose answer is empty."""


def convert_admonitions(markdown: str) -> str:
    """``:::tip Title`` … ``:::`` (Docusaurus) → ``!!! tip "Title"`` with an indented body."""
    out: list[str] = []
    fence = ""
    depth = 0
    for line in markdown.split("\n"):
        indent = "    " * depth
        if m := _FENCE.match(line):
            fence = "" if fence and m.group(1).startswith(fence) else fence or m.group(1)
            out.append(indent + line if line.strip() else line)
            continue
        if not fence and (m := _ADMONITION.match(line.strip())):
            title = (m.group(2) or m.group(3) or "").strip().replace('"', "'")
            out.append(indent + f"!!! {m.group(1).lower()}" + (f' "{title}"' if title else ""))
            depth += 1
            continue
        if not fence and depth and line.strip() == ":::":
            depth -= 1
            continue
        out.append(indent + line if line.strip() else line)
    return "\n".join(out)


def mark_unanswered(markdown: str) -> str:
    """:data:`UNANSWERED` under every entry of the page whose answer is empty."""
    from kb.parse import parse_markdown

    entries, _ = parse_markdown(markdown, "page.md", "page.md")
    lines = markdown.split("\n")
    for e in sorted((e for e in entries if e.unanswered), key=lambda e: -e.line):
        lines.insert(e.line, "\n" + UNANSWERED)
    return "\n".join(lines)
