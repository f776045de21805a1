"""The record kept beside an index: what it was built from, what was wrong, which files it is.

One JSON file (plain data: reading it runs nothing), written private and atomically after the
index it describes. An index without a readable, trusted record is never used.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kb.cache import read_private, write_private
from kb.freshness import Snapshot
from kb.model import Problem

__all__ = ["INDEX_SUFFIXES", "STATE", "State", "index_files", "read_state", "write_state"]

STATE = "state.json"

INDEX_SUFFIXES = (".toc", ".seg", ".pst", ".trm", ".col", ".vps", ".dcz", ".fln")
"""What whoosh writes for an index (its temporary files and locks excepted)."""


@dataclass(frozen=True)
class State:
    """What :data:`STATE` records."""

    snapshot: Snapshot
    problems: Mapping[str, tuple[Problem, ...]]
    """Page → what was wrong with it; ``""`` → what the walk of the content skipped."""
    index_files: Mapping[str, int]
    """Each file of the index → its size: a file missing, shorter or longer means a broken index."""

    def all_problems(self) -> list[Problem]:
        """Every problem: the walk's first, then each page's, in page order."""
        return [p for page in sorted(self.problems) for p in self.problems[page]]


def index_files(home: Path) -> dict[str, int]:
    return {e.name: e.stat().st_size for e in os.scandir(home) if e.is_file() and e.name.endswith(INDEX_SUFFIXES)}


def write_state(home: Path, state: State, schema: int, analysis: str) -> None:
    record = {
        "schema": schema,
        "analysis": analysis,
        "snapshot": state.snapshot.to_json(),
        "problems": {page: [[p.path, p.line, p.message] for p in found] for page, found in state.problems.items()},
        "index_files": dict(state.index_files),
    }
    write_private(home / STATE, json.dumps(record).encode())


def read_state(home: Path, schema: int, analysis: str) -> State | None:
    """The record in ``home``; ``None`` when it is missing, unreadable, another version's, or
    not safe to trust (:func:`kb.cache.unsafe`)."""
    data = read_private(home / STATE)
    if data is None:
        return None
    try:
        record = json.loads(data)
    except ValueError:
        return None
    if not isinstance(record, dict) or record.get("schema") != schema or record.get("analysis") != analysis:
        return None
    try:
        return _state(record)
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def _state(record: dict[str, Any]) -> State:
    problems = {
        str(page): tuple(Problem(str(path), int(line), str(message)) for path, line, message in found)
        for page, found in record["problems"].items()
    }
    files = {str(name): int(size) for name, size in record["index_files"].items()}
    return State(Snapshot.from_json(record["snapshot"]), problems, files)
