"""The matcher: one knowledge base, its term weights and entry profiles, and how a paste is scored.

A :class:`Matcher` owns everything it derives from its knowledge base (weights, profiles) and
nothing outlives it. Every step reads its rules and numbers from :data:`matcher.spec.SPEC`; the
paste page runs the same steps on the same spec (``kbfind-matcher.js``).
"""

from __future__ import annotations

import math
import re
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from kb import Entry, KnowledgeBase
from kb.terms import heading_key
from kb.vocabulary import Vocabulary
from matcher.decide import collapse, rank, similar, split, twin_groups
from matcher.features import Features, View, candidate_features, explained, shared_texts, view
from matcher.framing import clean
from matcher.model import Calibration, calibration_of, calibration_stamp, default_calibration
from matcher.params import extract_params
from matcher.profile import Profile, TemplateProfile, literal_values, profile
from matcher.results import Explanation, Match, Result
from matcher.retrieval import candidate_count, retrieve
from matcher.segments import Segment, reads_as_error, segments
from matcher.spec import SPEC
from matcher.weights import Weights

__all__ = ["Matcher", "Scored", "Stages", "linked_sections"]

_HEADING_WORDS = 1_000
"""Heading words held count below one value repeated, when twins are told apart."""

_PROFILES = 4_096
"""Entry profiles kept at least: the candidates of many queries. A knowledge base with more
entries keeps all of them, so ``kb lint``, which asks about every entry, computes each once."""


@dataclass(frozen=True)
class Scored:
    """An entry's best segment of the paste, before it is made a :class:`Match`."""

    profile: Profile
    score: float
    view: View
    features: Features
    template: TemplateProfile | None
    """The error text of the entry the segment matched best, if it has one."""
    agree: int
    """How many of that template's literal values (names, paths) the segment repeats."""
    named: bool = False
    """The paste is the entry's heading, word for word: a look-up, answered by that entry first."""
    linked: bool = False
    """The paste links to the entry: its score is at least the bar."""
    stated: bool = False
    """A line of the paste is one of the entry's stated error texts whole (:attr:`DecideSpec.error_lookup_fit`)."""

    @property
    def entry(self) -> Entry:
        return self.profile.entry

    @property
    def signature(self) -> tuple[str, ...]:
        """The terms the entry was matched on: its template's, or its title's."""
        return self.template.signature if self.template is not None else self.profile.title


@dataclass(frozen=True)
class Stages:
    """What each step made of one paste: for ``--explain``, fitting and the parity tests."""

    segments: tuple[Segment, ...]
    views: tuple[View, ...]
    candidates: tuple[tuple[Profile, float], ...]
    """Candidate profiles and their keyword score relative to the best one's."""
    scored: tuple[Scored, ...]
    ranked: tuple[tuple[float, Scored], ...]
    """Best first, each entry's copies taken out (:func:`matcher.decide.collapse`)."""
    copies: dict[str, list[Scored]]
    """Entry key → its copies: the same problem in other versions of its page."""


class Matcher:
    """Answers pastes from one knowledge base with one calibration.

    >>> m = Matcher(open_kb(path))  # doctest: +SKIP
    >>> m.match("x509: certificate is valid for 10.0.0.1, not 34.12.56.78")[0].entry.title  # doctest: +SKIP
    """

    def __init__(self, kb: KnowledgeBase, calibration: Calibration | None = None) -> None:
        self.kb = kb
        root = getattr(kb, "root", None) if calibration is None else None
        self.carried = calibration_stamp(root) if root is not None else None
        """The carried calibration file as it was read (:func:`matcher.model.calibration_stamp`)."""
        self.calibration = calibration or _carried(kb)
        self.weights = _weights(kb)
        self._profiles: OrderedDict[str, Profile] = OrderedDict()

    def match(self, paste: str, limit: int = 5) -> list[Match]:
        """Confident matches for ``paste``, best first; ``[]`` when nothing is confident."""
        return list(self.analyze(paste, limit).matches)

    def analyze(self, paste: str, limit: int = 5) -> Result:
        """Matches and suggestions for ``paste``, with what is needed to explain each."""
        paste = _SURROGATE.sub("\ufffd", paste)  # a str decoded with surrogateescape: its bytes are no text
        stages = self._stages(paste, limit)
        confident, rest = split(stages.ranked, self.calibration.threshold, limit)
        copies = stages.copies
        matches = tuple(self._match(s, score, True, copies.get(s.entry.key, ())) for score, s in confident)
        suggestions = tuple(self._match(s, score, False, copies.get(s.entry.key, ())) for score, s in rest)
        return Result(paste, matches, suggestions, len(stages.views))

    def stages(self, paste: str, limit: int = 5) -> Stages:
        """Every step of :meth:`analyze`, up to the ranking."""
        return self._stages(_SURROGATE.sub("\ufffd", paste), limit)

    def _stages(self, paste: str, limit: int) -> Stages:
        w = self.weights
        segs = segments(paste, relevance=self._relevance)
        views = [view(s, w) for s in segs]
        whole = tuple(dict.fromkeys(t for v in views for t in v.content))
        linked = self.kb.linked(linked_sections(paste, self.kb.links))
        candidates = self.candidates(views, linked)
        shared = shared_texts(p for p, _ in candidates)
        named = frozenset(self.kb.document(d)[0].key for d in linked)
        alone = _one_line(paste)
        scored = [self._best(p, bm25, views, whole, shared, named, alone) for p, bm25 in candidates]
        groups = collapse(self._rank(scored, views, whole, limit), _copy_key, self._copy)
        ranked = [first for first, _ in groups]
        copies = {first[1].entry.key: [s for _, s in more] for first, more in groups if more}
        return Stages(tuple(segs), tuple(views), tuple(candidates), tuple(scored), tuple(ranked), copies)

    def candidates(self, views: list[View], linked: Sequence[int] = ()) -> list[tuple[Profile, float]]:
        """Entries worth scoring: the best keyword hits for all the paste's terms, with their
        keyword score relative to the best hit's; and the entries whose heading the paste is, or
        that it links to (``linked``, document numbers: :func:`linked_sections`)."""
        wanted: dict[str, None] = {}
        for v in views:
            wanted.update(dict.fromkeys(v.content))
            wanted.update(dict.fromkeys(t for t in v.masked_sequence if t[0] != "<"))
        titled = self.kb.titled(views[0].segment.text) if SPEC.decide.heading_lookup and len(views) == 1 else []
        titled = [*titled, *linked]
        n = candidate_count(len(self.kb))
        hits = retrieve(self.kb, wanted, n, self.weights.generic, titled=titled)
        profiles = [self.profile(e, vocab) for e, vocab, _ in hits]
        # Copies of one entry in other versions of its page crowd the candidates: read deeper, so
        # more problems are scored (the copies are listed as one when ranked), at most
        # SPEC.retrieval.copies_depth times as many entries.
        distinct = len({p.copy_key for p in profiles[:n]})
        if len(hits) >= n and distinct < n:
            deeper = min(-(-n * n // distinct), SPEC.retrieval.copies_depth * n)
            hits = retrieve(self.kb, wanted, deeper, self.weights.generic, titled=titled)
            profiles = [self.profile(e, vocab) for e, vocab, _ in hits]
        top = hits[0][2] if hits and hits[0][2] > 0 else 1.0
        return [(p, score / top) for p, (_, _, score) in zip(profiles, hits, strict=True)]

    def profile(self, entry: Entry, vocab: Vocabulary | None = None) -> Profile:
        """The entry's profile, computed once while the matcher holds it."""
        p = self._profiles.get(entry.key)
        if p is None or p.entry != entry:
            p = self._profiles[entry.key] = profile(entry, vocab)
            if len(self._profiles) > max(_PROFILES, len(self.kb)):
                self._profiles.popitem(last=False)
        return p

    def _relevance(self, line: str) -> float:
        """A cheap score of a raw line of a long paste: the weight of its known words."""
        spec = SPEC.segments
        w = self.weights
        words = dict.fromkeys(spec.relevance_word.regex.findall(line.lower())[: spec.relevance_words])
        total = 0.0
        for t in words:
            if w.known(t):
                total += w(t)
        return (spec.cue_factor if spec.error_cue.regex.search(line) else 1.0) * total

    def _best(
        self,
        p: Profile,
        bm25: float,
        views: list[View],
        whole: tuple[str, ...],
        shared: frozenset[str],
        linked: frozenset[str] = frozenset(),
        alone: bool = False,
    ) -> Scored:
        share = explained(whole, p, self.weights)[0]
        best: Scored | None = None
        for v in views:
            f, t, prob = max(
                (
                    (f, t, self.calibration.probability(f))
                    for f, t in candidate_features(v, p, self.weights, share, bm25, shared)
                ),
                key=lambda c: c[2],
            )
            named = (
                SPEC.decide.heading_lookup
                and len(views) == 1
                and heading_key(v.segment.text) == heading_key(clean(p.entry.title))
            )
            agreed = _agree(t, v)
            stated = _stated_whole(t, f, agreed) or (alone and _quoted_whole(t, f, agreed, p, self.weights))
            if named or p.entry.key in linked or stated:  # a link raises its entry, but outranks no better one
                prob = max(prob, self.calibration.threshold)
            if best is None or prob > best.score:
                best = Scored(p, prob, v, f, t, agreed, named, p.entry.key in linked, stated)
        assert best is not None
        return best

    def _rank(
        self, scored: list[Scored], views: list[View], whole: tuple[str, ...], limit: int
    ) -> list[tuple[float, Scored]]:
        floor = SPEC.decide.suggestion_floor
        shown = sorted((s for s in scored if s.score >= floor), key=lambda s: -s.score)[: 2 * limit]
        # Entries are near-duplicates when the problems they state are: their headings or aliases.
        stated = [s for s in shown if s.template is not None and s.template.origin != "body"]
        twins = twin_groups(stated, self._twins)
        present = frozenset(t for v in views for t in v.masked_terms) | frozenset(whole)

        def prefer(s: Scored) -> int:
            """How much the paste says of this entry rather than its twins: the values of its error
            text it repeats, then the words of its heading besides that text it holds
            (``MacOS and Docker Desktop - "too many open files"``)."""
            signature = frozenset(s.signature)
            return s.agree * _HEADING_WORDS + min(
                sum(1 for t in s.profile.title if t not in signature and t in present), _HEADING_WORDS - 1
            )

        def alike(a: Scored, b: Scored) -> bool:
            """The paste holds none of the words (values aside) nor values that tell the two apart."""
            sa, sb = a.signature, b.signature
            apart = [t for t in sa if t not in sb] + [t for t in sb if t not in sa]
            return prefer(a) == prefer(b) and all(t[0] == "<" or t not in present for t in apart)

        return rank(scored, twins, alike, prefer, lambda s: s.named)

    def _twins(self, a: Scored, b: Scored) -> bool:
        return similar(a.signature, b.signature, self.weights, SPEC.decide.twin_similarity)

    def are_copies(self, a: Entry, b: Entry) -> bool:
        """``a`` and ``b`` are one problem in two versions of a page (``SPEC.decide.copy_similarity``):
        one heading under the same titles, on pages of one file name in different folders
        (:attr:`~matcher.profile.Profile.copy_key`), both answered, and alike."""
        pa, pb = self.profile(a), self.profile(b)
        if a.page == b.page or pa.copy_key != pb.copy_key or a.unanswered or b.unanswered:
            return False
        sa = [*sorted(pa.text_terms), *sorted(pa.code_terms)]
        sb = [*sorted(pb.text_terms), *sorted(pb.code_terms)]
        return similar(sa, sb, self.weights, SPEC.decide.copy_similarity)

    def _copy(self, a: tuple[float, Scored], b: tuple[float, Scored]) -> bool:
        return self.are_copies(a[1].entry, b[1].entry)

    def _match(self, s: Scored, score: float, confident: bool, copies: Sequence[Scored] = ()) -> Match:
        params = extract_params(s.template.text, s.view.segment.masked) if s.template is not None else ()
        return Match(s.entry, score, confident, params, self._explain(s, score), tuple(c.entry for c in copies))

    def _explain(self, s: Scored, score: float) -> Explanation:
        seg = s.view.segment
        present = s.view.masked_terms | set(s.view.content)
        t = s.template if s.features.sig_cov > 0 else None  # an error text the line holds none of did not match
        signature = t.signature if t is not None else s.profile.title
        return Explanation(
            line=seg.line,
            text=seg.text,
            normalized=seg.masked.text,
            rules=seg.rules + tuple(f"mask:{r}" for r in seg.masked.rules),
            matched_terms=tuple(x for x in signature if x in present),
            missing_terms=tuple(x for x in signature if x not in present),
            features=s.features,
            contributions=tuple(_contributions(self.calibration.contributions(s.features), s, score)),
            template=t.text if t else "",
            template_origin=t.origin if t else "",
            template_line=t.line if t else 0,
        )


_SURROGATE = re.compile("[\ud800-\udfff]")


_PASTED = SPEC.decide.pasted_line.regex
_LINE = re.compile(r"[^\r\n\u0085\u2028\u2029]+")  # the pieces between SPEC.text.newline's breaks


def _one_line(paste: str) -> bool:
    """The paste is one line of text (:attr:`DecideSpec.pasted_line`), blank lines aside; a log of
    thousands of lines is told from one at its second."""
    seen = 0
    for m in _LINE.finditer(paste):
        if _PASTED.search(m.group()):
            seen += 1
            if seen > 1:
                return False
    return seen == 1


def _quoted_whole(t: TemplateProfile | None, f: Features, agreed: int, p: Profile, w: Weights) -> bool:
    """The paste, one line, is the first error the entry's answer quotes, before its fix, whole (not
    a program's closing words after it, ``error: failed to push some refs``), that no other candidate
    quotes, and not only the generic words of error reporting (:attr:`DecideSpec.quoted_lookup_terms`):
    the error a page shows, pasted back."""
    return (
        t is not None
        and t is next((u for u in p.templates if u.origin == "body"), None)
        and t.first
        and not f.shared
        and sum(1 for term in t.signature if term[0] != "<" and not w.generic(term)) >= SPEC.decide.quoted_lookup_terms
        and _whole(t, f, agreed)
    )


def _stated_whole(t: TemplateProfile | None, f: Features, agreed: int) -> bool:
    """The line is one of the entry's stated error texts whole (:attr:`DecideSpec.error_lookup_fit`),
    and repeats one of its literal values where it has some (``agreed``: how many, :func:`_agree`)."""
    return t is not None and t.origin != "body" and _whole(t, f, agreed)


def _whole(t: TemplateProfile, f: Features, agreed: int) -> bool:
    """The line holds the error text whole, and little else; one of its literal values repeated
    where it names some."""
    spec = SPEC.decide
    return (
        len(t.signature) >= spec.error_lookup_terms
        and f.sig_cov >= 1.0 - 1e-9
        and f.fit >= spec.error_lookup_fit
        and (not t.values or agreed > 0)
    )


def _contributions(parts: list[tuple[str, float]], s: Scored, score: float) -> list[tuple[str, float]]:
    """The model's parts of the score, and what raised it past them, so that ``--explain`` adds
    up: a link in the paste to the entry, its heading typed word for word or its error text a line
    of the paste whole (to the bar), or a near-twin the paste cannot tell apart from it (to the
    twin's score)."""
    gap = _logit(score) - sum(v for _, v in parts)
    if abs(gap) < 0.005:
        return parts
    reason = "link" if s.linked else "heading" if s.named else "error" if s.stated else "twin"
    return [*parts, (f"raised:{reason}", gap)]


def _logit(p: float) -> float:
    p = min(max(p, 1e-9), 1 - 1e-9)
    return math.log(p / (1 - p))


def _carried(kb: KnowledgeBase) -> Calibration:
    """The calibration the knowledge base carries (:func:`matcher.model.calibration_of`), else the
    shipped one; a file that cannot be used is one of the knowledge base's problems."""
    root = getattr(kb, "root", None)
    if root is None:
        return default_calibration()
    cal, problem = calibration_of(root)
    if problem is not None and problem not in kb.problems:
        kb.problems.append(problem)
    return cal


def _weights(kb: KnowledgeBase) -> Weights:
    """Term weights over the problems the knowledge base states: where it keeps each version of a
    page, a problem written four times counts once (:meth:`KnowledgeBase.problem_count`), and so
    does it among the problems holding each word (:meth:`KnowledgeBase.problem_frequency`): a tree
    of copies weighs words as one copy does."""
    entries, problems = len(kb), kb.problem_count()
    if problems in (0, entries):
        return Weights(entries, kb.doc_frequency, kb.average_length())
    return Weights(problems, kb.problem_frequency, kb.average_length())


def _copy_key(ranked: tuple[float, Scored]) -> str:
    return ranked[1].profile.copy_key


def _agree(t: TemplateProfile | None, v: View) -> int:
    """How many of the template's literal values the segment repeats."""
    if t is None or not t.values:
        return 0
    found = literal_values(v.segment.masked)
    return sum(1 for x in t.values if x in found)


def linked_sections(paste: str, known: Callable[[str], bool] = lambda link: True) -> frozenset[str]:
    """The sections a program's error links to, as ``page#anchor`` (:attr:`DecideSpec.link`), and the
    pages, as ``page`` (:attr:`DecideSpec.page_link`), lower case: links on a line that reads as an
    error, on the line right after one ("ssh-add failed" / "Consider setting up the ssh agent:
    https://…#_setting-up-the-ssh-agent"), or on a line pointing on at the end of the hint printed
    under one (:attr:`DecideSpec.link_pointer`); not on a warning's line ("To try the experimental
    network see: …#networking", ``npm WARN … see …``), nor in what a person wrote ("I read https://…
    but …", :attr:`DecideSpec.link_not`). Only links the knowledge base ``known``s are read further:
    a log of a thousand URLs costs a look at each, not a reading."""
    spec = SPEC.decide
    if "://" not in paste:
        return frozenset()
    lines = paste.split("\n")
    found: set[str] = set()
    for k, raw in enumerate(lines):
        if "://" not in raw:
            continue
        before = clean(lines[k - 1]) if k else ""
        if spec.link_label.regex.match(before):
            raw = f"{before} {raw.strip()}"  # a link alone under its label ("Error reference:")
        if not any(map(known, _links(raw if "\x1b" not in raw else clean(raw)))):
            continue
        line = clean(raw)
        links = [link for link in _links(line) if known(link)]
        if (
            links
            and not spec.link_not.regex.search(line)
            and (
                reads_as_error(line)
                or (reads_as_error(before) and not spec.link_not.regex.search(before))
                or (spec.link_pointer.regex.match(line) and _hint_of_an_error(lines, k))
            )
        ):
            found.update(links)
    return frozenset(found)


def _hint_of_an_error(lines: list[str], k: int) -> bool:
    """Line ``k`` ends the hint printed under an error: the lines above it, back to the error, are
    indented or blank and none is a warning's; a line that starts unindented ends the hint
    (``Connected.``, ``added 300 packages in 4s``)."""
    for raw in lines[max(0, k - SPEC.decide.hint_lines) : k][::-1]:
        line = clean(raw)
        if SPEC.decide.link_not.regex.search(line):
            return False
        if reads_as_error(line):
            return True
        if line and raw[0] not in " \t":
            return False
    return False


def _links(line: str) -> list[str]:
    spec = SPEC.decide
    links = []
    for m in spec.link.regex.finditer(line) if "#" in line else ():
        anchor = _percent_decoded(m.group(2))
        forms = [anchor, anchor[1:]] if anchor.startswith("_") and len(anchor) > 1 else [anchor]
        links += [f"{m.group(1)}#{a}".lower() for a in forms]
    return links + [m.group(1).lower() for m in spec.page_link.regex.finditer(line)]


def _percent_decoded(text: str) -> str:
    """``%E6%97%B6`` as ``时``, as JavaScript's ``decodeURIComponent`` gives it; ``text`` as it is where
    that would fail (a ``%`` of the text, a cut sequence)."""
    if "%" not in text:
        return text
    from urllib.parse import unquote

    if re.search(r"%(?![0-9A-Fa-f]{2})", text):
        return text
    try:
        return unquote(text, errors="strict")
    except UnicodeDecodeError:
        return text
