"""What a match is: the entry, its confidence, and everything needed to explain it."""

from __future__ import annotations

from dataclasses import dataclass

from kb import Entry
from matcher.features import Features

__all__ = ["Explanation", "Match", "Param", "Result"]

Param = tuple[str, tuple[str, ...]]
"""A value the paste gave to a placeholder of the heading: ``("not", ("34.12.56.78",))``."""


@dataclass(frozen=True)
class Explanation:
    """Why an entry scored what it did."""

    line: int
    """1-based line of the paste that matched."""
    text: str
    """That line's message, framing removed."""
    normalized: str
    """The message with its variables masked."""
    rules: tuple[str, ...]
    """Framing and masking rules that fired on it."""
    matched_terms: tuple[str, ...]
    """Terms of the entry's heading found in the message."""
    missing_terms: tuple[str, ...]
    """Terms of the entry's heading not found."""
    features: Features
    contributions: tuple[tuple[str, float], ...]
    """Each model input's share of the log-odds."""
    template: str = ""
    """The entry's error text it matched, masked (``""`` for a topic matched by its words)."""
    template_origin: str = ""
    """Where that text was written: ``heading``, ``alias`` or ``body`` (quoted in the answer)."""
    template_line: int = 0
    """Its line in the entry's source file."""


@dataclass(frozen=True)
class Match:
    """An entry that answers (or may answer) a paste."""

    entry: Entry
    score: float
    """Calibrated confidence in 0..1 that this entry answers the paste."""
    confident: bool
    """The score clears the threshold: shown as an answer, not a suggestion."""
    params: tuple[Param, ...]
    """Values taken from the paste for the heading's placeholders."""
    explanation: Explanation
    copies: tuple[Entry, ...] = ()
    """The same entry in other versions of its page (``docs/v1.20`` beside ``docs/master``), listed
    once, as this one."""

    @property
    def span(self) -> str:
        """The part of the paste that matched."""
        return self.explanation.text

    def __str__(self) -> str:
        state = "match" if self.confident else "suggestion"
        return f"{self.entry.title} — {state} {self.score:.2f} ({self.entry.source}:{self.entry.line})"


@dataclass(frozen=True)
class Result:
    """Everything :func:`matcher.analyze` found for one paste."""

    query: str
    matches: tuple[Match, ...]
    """Confident matches, best first."""
    suggestions: tuple[Match, ...]
    """The nearest other entries, best first: not confident enough to be answers."""
    segments: int
    """How many distinct messages of the paste were considered."""
