"""Reading a whole content root into entries."""

from __future__ import annotations

from pathlib import Path

from kb.model import Entry, Problem
from kb.parse import parse_markdown
from kb.sources import SourceFile, find_sources, read_text

__all__ = ["load_entries", "load_file", "source_label"]


def load_entries(root: Path) -> tuple[list[Entry], list[Problem]]:
    """All entries under ``root`` (a folder or one file), and what was wrong on the way."""
    sources, problems = find_sources(root)
    entries: list[Entry] = []
    for s in sources:
        found, trouble = load_file(root, s)
        entries += found
        problems += trouble
    return entries, problems


def load_file(root: Path, source: SourceFile) -> tuple[list[Entry], list[Problem]]:
    """Entries of one file of ``root``; unreadable files give problems, never exceptions."""
    text, problems = read_text(source)
    if text is None:
        return [], problems
    label = source_label(root, source)
    entries, trouble = parse_markdown(text, label, source.page)
    return entries, problems + [Problem(str(source.path), p.line, p.message) for p in trouble]


def source_label(root: Path, source: SourceFile) -> str:
    """How an entry names its file: ``content/k8s-faq.md`` for a folder root, else the file name."""
    return source.page if root.is_file() else f"{root.name}/{source.page}"
