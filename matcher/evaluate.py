"""Labelled pastes → accuracy figures: how a knowledge base and the matcher do on real input.

A case file is JSON lines: ``{"query": …, "expect": [entry titles or ids; [] = must refuse],
"kind": …, "source": …}``. Authors of a knowledge base keep such a file as a regression test.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from kb import Entry, KnowledgeBase
from kb.slug import loose_anchor
from kb.sources import NotRegularFile, read_regular
from matcher.matcher import Matcher
from matcher.model import Calibration
from matcher.results import Match

__all__ = [
    "Alias",
    "Case",
    "CaseError",
    "Minimums",
    "Outcome",
    "Report",
    "entry_names",
    "evaluate",
    "expected",
    "load_cases",
    "names_an_entry",
    "resolved",
    "same_title",
]

_TAG = re.compile(r"<[^<>]*>")


def same_title(title: str, label: str) -> bool:
    """Whether a label names an entry of this title: labels are headings as written, so markup
    (``<a name=…></a>``) and spacing in them do not count."""
    return _plain(title) == _plain(label)


def _plain(text: str) -> str:
    return " ".join(_TAG.sub("", text).split())


def expected(case: Case, entry: Entry) -> bool:
    """Whether ``entry`` is one the case expects (by title, id, or ``page#id`` as ``kb show`` takes
    it: the one entry of that page, where several pages have an entry of that title). Labels written
    for the other family of slugs are read by :func:`resolved` first."""
    return any(_is(entry, want) for want in case.expect)


def _is(entry: Entry, label: str) -> bool:
    return label in (entry.id, entry.key) or same_title(entry.title, label)


def resolved(cases: Iterable[Case], kb: KnowledgeBase) -> list[Case]:
    """The cases, each label that names no entry as written but names one's id as the other family of
    slugs writes it (``faq.md#caveats_2`` for ``caveats-2``: :func:`kb.slug.loose_anchor`) read as
    that entry's ``page#id``; a label some entry has exactly keeps naming only that entry."""
    return _resolved(cases, list(kb.entries()))


def _resolved(cases: Iterable[Case], entries: Sequence[Entry]) -> list[Case]:
    read = _label_reader(entries)
    return [replace(c, expect=tuple(dict.fromkeys(k for want in c.expect for k in read(want)))) for c in cases]


def _label_reader(entries: Sequence[Entry]) -> Callable[[str], list[str]]:
    """A label → the labels it stands for (:func:`resolved`)."""
    exact = _names_of(entries)
    loose: dict[str, list[str]] = {}
    for e in entries:
        for name in (loose_anchor(e.id), f"{e.page}#{loose_anchor(e.id)}"):
            loose.setdefault(name, []).append(e.key)

    def read(label: str) -> list[str]:
        if _names(label, exact):
            return [label]
        page, _, anchor = label.rpartition("#")
        return loose.get(f"{page}#{loose_anchor(anchor)}" if page else loose_anchor(anchor), [label])

    return read


class CaseError(ValueError):
    """A case file line that is not a valid case; the message starts with ``file:line:``."""


@dataclass(frozen=True)
class Case:
    query: str
    expect: tuple[str, ...]
    """Titles (or ids) of the entries that answer the query; empty when it must be refused."""
    kind: str
    source: str
    where: str
    """``file:line`` of the case."""

    @property
    def negative(self) -> bool:
        return not self.expect


@dataclass(frozen=True)
class Alias:
    """What would answer a paste kbfind did not answer: its error line, as kbfind read it (framing
    and prompts left out), written as an alias under the heading of the entry the paste expects."""

    entry: Entry
    text: str

    @property
    def comment(self) -> str:
        return f"<!-- kbfind-alias: {self.text} -->"


@dataclass(frozen=True)
class Outcome:
    case: Case
    confident: tuple[str, ...]
    """Titles answered confidently, best first."""
    ranked: tuple[str, ...]
    """Titles of the confident matches then the suggestions."""
    rank: int | None
    """0-based position of the first expected entry in ``ranked``; ``None`` when absent."""
    alias: Alias | None = None
    """For a paste to answer that got no confident answer: the alias that would answer it."""

    @property
    def top1(self) -> bool:
        return self.rank == 0

    @property
    def top3(self) -> bool:
        return self.rank is not None and self.rank < 3

    @property
    def refused(self) -> bool:
        return not self.confident

    @property
    def confident_wrong(self) -> bool:
        """A paste to answer whose confident answers are all wrong."""
        return bool(self.confident) and not self.case.negative and not set(self.confident) & set(self.case.expect)

    @property
    def answered(self) -> bool:
        """Confident, and the first answer is right."""
        return bool(self.confident) and self.top1

    @property
    def passed(self) -> bool:
        if self.case.negative:
            return self.refused
        return self.top1 and not self.confident_wrong


@dataclass(frozen=True)
class Report:
    outcomes: tuple[Outcome, ...]

    @property
    def positives(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if not o.case.negative)

    @property
    def negatives(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.case.negative)

    def share(self, outcomes: Sequence[Outcome], test: str) -> float:
        return sum(bool(getattr(o, test)) for o in outcomes) / len(outcomes) if outcomes else 1.0

    @property
    def figures(self) -> dict[str, float]:
        pos, neg = self.positives, self.negatives
        return {
            "cases": len(self.outcomes),
            "positives": len(pos),
            "negatives": len(neg),
            "top1": self.share(pos, "top1"),
            "top3": self.share(pos, "top3"),
            "mrr": sum(1 / (o.rank + 1) for o in pos if o.rank is not None) / len(pos) if pos else 1.0,
            "answered": self.share(pos, "answered"),
            "refused": self.share(neg, "refused"),
            "confident_wrong": self.share(pos, "confident_wrong"),
        }

    def figures_by_kind(self) -> dict[str, dict[str, float]]:
        """:attr:`figures` for all cases (``"all"``) and for each kind of case (real, paraphrase…)."""
        kinds = dict.fromkeys(o.case.kind for o in self.outcomes)
        out = {OVERALL: self.figures}
        for kind in kinds:
            out[kind] = Report(tuple(o for o in self.outcomes if o.case.kind == kind)).figures
        for kind in ("real", "paraphrase", "negative"):
            out.setdefault(kind, Report(()).figures)
        return out

    @property
    def failures(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if not o.passed)

    @property
    def unconfident(self) -> tuple[Outcome, ...]:
        """Pastes to answer whose right entry comes first but not confidently: not answered,
        though no failure; an alias or the error text in the entry would answer them."""
        return tuple(o for o in self.positives if o.passed and not o.answered)


MEASURED_ON_NEGATIVES = frozenset({"refused"})
"""Figures that are shares of the negatives; every other share is of the positives."""


@dataclass(frozen=True)
class Minimums:
    """What a knowledge base's CI may require of ``kb eval`` (``None``: no requirement)."""

    answered: float | None = None
    top1: float | None = None
    top3: float | None = None
    refused: float | None = None
    confident_wrong: float | None = None
    """A maximum, not a minimum."""

    def unmet(self, figures: dict[str, float]) -> list[str]:
        """Each requirement the figures miss, in words: ``answered 0.62 < 0.80``. A requirement
        the cases cannot measure (a share of positives, with none given) is missed too: a CI
        check that tests nothing must not pass."""
        out = []
        for name in ("answered", "top1", "top3", "refused", "confident_wrong"):
            want = getattr(self, name)
            group = "negatives" if name in MEASURED_ON_NEGATIVES else "positives"
            words = name.replace("_", "ly ")
            if want is None:
                continue
            most = name == "confident_wrong"  # a maximum, not a minimum
            if not figures[group]:
                out.append(f"{words} cannot be measured: the cases hold no {group}")
            elif (figures[name] > want) if most else (figures[name] < want):
                out.append(f"{words} {figures[name]:.2f} {'>' if most else '<'} {want:.2f}")
        return out


MAX_CASE_BYTES = 64 << 20
"""A case file larger than this is not a file of labelled pastes (``/dev/zero``, a log by mistake)."""
OVERALL = "all"
"""The kind under which :meth:`Report.figures_by_kind` gives the figures of every case."""


def load_cases(path: Path, data: bytes | None = None) -> list[Case]:
    """Read a JSON-lines case file (or its ``data``, read already: stdin's); raises :class:`CaseError`
    naming the bad line. Lines end at ``\n`` only: JSON strings may hold U+2028 and the like unescaped."""
    cases = []
    data = _read(path) if data is None else _within(path, data)
    try:
        text = data.decode("utf-8-sig")  # a byte-order mark, as editors on Windows write one
    except UnicodeDecodeError as e:
        raise CaseError(f"{path}: not UTF-8 text (byte {e.start}); save the cases as UTF-8") from None
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            data = json.loads(line)
        except RecursionError:
            raise CaseError(f"{where}: not a case (nested too deeply); {_SHAPE}") from None
        except ValueError as e:
            if n == 1 and _one_document(text):
                raise CaseError(
                    f"{path}: one JSON document, not JSON lines; write each case on a line of its own"
                ) from None
            raise CaseError(f"{where}: not a case (not JSON: {getattr(e, 'msg', e)}); {_SHAPE}") from None
        if not isinstance(data, dict) or "query" not in data or "expect" not in data:
            field = "query" if isinstance(data, dict) and "query" not in data else "expect"
            missing = f"no {field!r}" if isinstance(data, dict) else "not a JSON object"
            raise CaseError(f"{where}: not a case ({missing}); {_SHAPE}")
        query, expect = data["query"], data["expect"]
        if not isinstance(query, str):
            raise CaseError(f'{where}: "query" must be a string (the paste)')
        if not isinstance(expect, list) or not all(isinstance(x, str) for x in expect):
            raise CaseError(f'{where}: "expect" must be a list of entry titles or ids ([] for a negative)')
        kind, source = data.get("kind", ""), data.get("source", "")
        if not isinstance(kind, str) or not isinstance(source, str):
            raise CaseError(f'{where}: "kind" and "source" must be strings')
        if kind == OVERALL:
            raise CaseError(f'{where}: the kind "{OVERALL}" names the figures of every case; call this kind otherwise')
        cases.append(Case(query, tuple(expect), kind, source, where))
    return cases


_SHAPE = 'expected {"query": …, "expect": […]}, "expect": [] for a negative'


def _one_document(text: str) -> bool:
    """The file is one JSON array or object over several lines (pretty-printed), not JSON lines."""
    try:
        return isinstance(json.loads(text), list | dict)
    except (ValueError, RecursionError):
        return False


def _read(path: Path) -> bytes:
    """The file's bytes, at most :data:`MAX_CASE_BYTES`: a file, or a stream given as one (stdin, a pipe
    such as the shell's ``<(grep … cases.jsonl)``), read to its end."""
    try:
        data = read_regular(path, MAX_CASE_BYTES, streams=(str(path),))
    except NotRegularFile:
        raise CaseError(
            f"{path}: a folder, not a file of cases; pass the JSON-lines file, and the knowledge base with --kb"
        ) from None
    return _within(path, data)


def _within(path: Path, data: bytes) -> bytes:
    if len(data) > MAX_CASE_BYTES:
        raise CaseError(f"{path}: larger than {MAX_CASE_BYTES >> 20} MB; not a file of labelled pastes")
    return data


def unknown_labels(cases: Iterable[Case], kb: KnowledgeBase) -> list[tuple[str, str]]:
    """``(where, label)`` for each expected title or id that names no entry: a typo, or an entry
    renamed since the case was written; such a case can never pass."""
    entries = list(kb.entries())
    names, read = _names_of(entries), _label_reader(entries)
    return [(c.where, want) for c in cases for want in c.expect if not any(_names(k, names) for k in read(want))]


def entry_names(kb: KnowledgeBase) -> frozenset[str]:
    """Every title (markup aside), id and ``page#id`` a label may name an entry by."""
    return _names_of(kb.entries())


def _names_of(entries: Iterable[Entry]) -> frozenset[str]:
    return frozenset(name for e in entries for name in (_plain(e.title), e.id, e.key))


def names_an_entry(case: Case, names: frozenset[str]) -> bool:
    """Whether one of the case's labels names an entry (``names``: :func:`entry_names`)."""
    return any(_names(want, names) for want in case.expect)


def _names(label: str, names: frozenset[str]) -> bool:
    return label in names or _plain(label) in names


def evaluate(
    cases: Iterable[Case], kb: KnowledgeBase, calibration: Calibration | None = None, limit: int = 10
) -> Report:
    """Run every case through a :class:`~matcher.matcher.Matcher` and collect the outcomes."""
    entries = list(kb.entries())  # read once: for the labels, and a paste's entry not among its candidates
    cases = _resolved(cases, entries)
    matcher = Matcher(kb, calibration)

    def labelled(case: Case) -> Entry | None:
        return next((e for e in entries if expected(case, e)), None)

    return Report(tuple(_outcome(c, matcher, limit, labelled) for c in cases))


def _outcome(case: Case, matcher: Matcher, limit: int, labelled: Callable[[Case], Entry | None]) -> Outcome:
    result = matcher.analyze(case.query, limit=limit)
    listed = (*result.matches, *result.suggestions)
    confident = tuple(_name(m, case) for m in result.matches)
    ranked = confident + tuple(_name(m, case) for m in result.suggestions)
    rank = next((i for i, m in enumerate(listed) if expected(case, m.entry)), None)
    alias = None
    if case.expect and not result.matches and listed:
        # The line kbfind read for the entry the paste expects, else for its first candidate.
        read = listed[rank if rank is not None else 0].explanation.text.strip()
        entry = listed[rank].entry if rank is not None else labelled(case)
        if entry is not None and read and "-->" not in read:
            alias = Alias(entry, " ".join(read.split()))
    return Outcome(case, confident, ranked, rank, alias)


def _name(m: Match, case: Case) -> str:
    """The label that names the entry, by title or id (so that outcomes compare with labels), else
    its title."""
    return next((want for want in case.expect if _is(m.entry, want)), m.entry.title)
