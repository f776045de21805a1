"""The evidence that a segment of a paste is answered by an entry, as numbers in known ranges.

Each feature describes a class of evidence, not a paste: how much of the entry's error template
the segment holds, weighted by how telling each term is, and whether it holds the template's
cause (the last clause of an error chain, in order: a longest common subsequence); how much of
the segment the entry's text explains — all of it, and its last clause, where a pasted chain
names *its* cause; and how much evidence there is at all.

Every sum runs over a sequence in a defined order, so the browser's copy of this arithmetic
(``kbfind-matcher.js``) gets the same numbers to the last bit.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields

from rapidfuzz.distance import LCSseq

from kb.terms import terms
from matcher.profile import Profile, TemplateProfile
from matcher.segments import Segment
from matcher.spec import SPEC
from matcher.weights import Weights

__all__ = [
    "FEATURE_NAMES",
    "Features",
    "View",
    "best_template",
    "candidate_features",
    "explained",
    "features",
    "shared_texts",
    "view",
]


@dataclass(frozen=True)
class View:
    """A segment seen as terms, computed once per segment."""

    segment: Segment
    masked_sequence: tuple[str, ...]
    """Terms of the masked segment, in order."""
    masked_terms: frozenset[str]
    content: tuple[str, ...]
    """Distinct terms of the segment, names and paths kept, other variables dropped."""
    tail: tuple[str, ...]
    """Content terms of the segment's last clause of two words or more, an exception's class
    after the message left out (:attr:`ViewSpec.error_class`)."""
    content_weights: tuple[float, ...]
    tail_weights: tuple[float, ...]


def view(segment: Segment, w: Weights) -> View:
    spec = SPEC.view
    partial = segment.masked.keeping(spec.keep_names)
    words = [t for t in terms(partial) if t[0] != "<"]
    content = tuple(dict.fromkeys(part for t in words for part in (*_split_closed(t, w), *_spellings(t, w))))
    tail: tuple[str, ...] = content
    for clause in reversed(spec.clause.regex.split(spec.error_class.regex.sub("", partial))):
        if len(spec.clause_word.regex.findall(clause)) >= spec.clause_min_words:
            tail = tuple(t for t in dict.fromkeys(terms(clause)) if t[0] != "<")
            break
    sequence = tuple(terms(segment.masked.text))
    return View(
        segment,
        sequence,
        frozenset(sequence)
        | frozenset(v for t in dict.fromkeys(sequence) for v in _spellings(t, w))
        | frozenset(_file_names(segment)),
        content,
        tail,
        tuple(map(w, content)),
        tuple(map(w, tail)),
    )


def _file_names(segment: Segment) -> Iterator[str]:
    """The terms of the files the segment's masked paths name (:attr:`ViewSpec.file_name`), the
    HTTP statuses its masked numbers are (:attr:`ViewSpec.status_value`), and the words of the
    values it quoted (:attr:`ViewSpec.quoted`)."""
    for name, value in segment.masked.values:
        m = SPEC.view.file_name.regex.search(value) if name == "path" else None
        if m and SPEC.view.file_name_shape.regex.match(m.group(1)):
            yield from terms(m.group(1))
        elif name == "num" and SPEC.view.status_value.regex.match(value):
            yield value
        elif name == SPEC.view.quoted:
            yield from terms(value)


def _split_closed(term: str, w: Weights) -> tuple[str, ...]:
    """``etcdserver`` → ``etcd server`` when the knowledge base knows both halves, not the whole."""
    spec = SPEC.view
    if len(term) < spec.closed_min or not spec.closed_word.regex.match(term) or w.known(term):
        return (term,)
    for i in range(len(term) - spec.closed_part + 1, spec.closed_part - 1, -1):
        if w.known(term[:i]) and w.known(term[i:]):
            return term[:i], term[i:]
    return (term,)


def _spellings(term: str, w: Weights) -> tuple[str, ...]:
    """The knowledge base's other spelling of a compound, with its parts: ``anti-virus`` →
    ``antivirus`` when it writes that; an unknown ``antivirus`` → ``anti-virus anti virus``."""
    spec = SPEC.view
    if spec.hyphenated.regex.match(term):
        joined = term.replace("-", "")
        return (joined,) if w.known(joined) else ()
    if len(term) < spec.spelling_min or not spec.closed_word.regex.match(term) or w.known(term):
        return ()
    for i in range(spec.spelling_part, len(term) - spec.spelling_part + 1):
        hyphenated = f"{term[:i]}-{term[i:]}"
        if w.known(hyphenated):
            return tuple(terms(hyphenated))
    return ()


@dataclass(frozen=True)
class Features:
    """Evidence for one (segment, entry) pair; shares in 0..1, masses in rare-term units."""

    sig_cov: float
    """Weighted share of the best template's terms found in the segment."""
    sig_mass: float
    """Weight of those terms, capped."""
    cause_cov: float
    """Share of the terms of the template's last clause found in the segment, in the same order
    (longest common subsequence)."""
    fit: float
    """Weighted share of the segment's terms the template holds: how much of the line it is."""
    tail_fit: float
    """Weighted share of the terms of the segment's last clause (where a pasted error chain names
    its cause) that the template holds: whether it is the same cause."""
    title_cov: float
    """Topics: weighted share of the title's terms found in the segment."""
    title_mass: float
    """Topics: weight of those terms, capped."""
    exact: float
    """Topics: 1 when the segment says the title and nothing else (its name typed as written)."""
    expl: float
    """Weighted share of the segment's terms that the entry's text holds."""
    expl_tail: float
    """The same for the segment's last clause, where a pasted error chain names its cause."""
    expl_mass: float
    """Weight of the explained terms, discounted for long answers, capped."""
    paste_expl: float
    """Weighted share of the terms of the whole paste that the entry's text holds."""
    bm25: float
    """The entry's keyword-search score for the whole paste, relative to the best entry's."""
    info: float
    """Weight of all the segment's terms, capped."""
    command: float
    """1 when the segment is a command typed at a prompt."""
    error: float
    """1 when the entry's heading is an error message, 0 for a topic."""
    templated: float
    """1 when the entry has an error text (heading, alias or quoted in its answer)."""
    body: float
    """1 when the best template was quoted in the answer rather than written as heading or alias."""
    first: float
    """1 when that quote comes before the answer's fix: the output its author shows first, to say
    what the problem looks like."""
    shared: float
    """1 when another candidate entry has that error text too: it tells them apart no more than
    git's ``fatal: Could not read from remote repository`` that several entries quote."""


FEATURE_NAMES: tuple[str, ...] = tuple(f.name for f in fields(Features))


def best_template(
    v: View, p: Profile, w: Weights, stated: bool | None = None
) -> tuple[TemplateProfile | None, float, float, float]:
    """The template the segment holds most of, its cause and the segment's own cause each counting
    double: the template, the weight of its terms found, its coverage, and its cause's coverage.
    The first of equals wins."""
    best, best_key, hit, cov, cause = None, -1.0, 0.0, 0.0, 0.0
    for t in p.templates:
        if stated is not None and (t.origin != "body") != stated:
            continue
        if _contradicts(v.masked_terms, t.signature):
            continue
        h = _weight_in(t.signature, v.masked_terms, w)
        c = h / (w.total(t.signature) or 1.0) if h else 0.0  # nothing held: no need to weigh the rest
        k = LCSseq.similarity(t.cause, v.masked_sequence) / len(t.cause) if t.cause else 0.0
        key = c * (1.0 + k) * (1.0 + _tail_fit(v, t, w))
        if key > best_key:
            best, best_key, hit, cov, cause = t, key, h, c, k
    return best, hit, cov, cause


def _contradicts(said: frozenset[str], written: Sequence[str]) -> bool:
    """The segment (``said``) says the opposite of an error text (:attr:`ViewSpec.opposites`), or
    another code of a kind the error text names by its code (:attr:`ViewSpec.codes`)."""
    for kind in SPEC.view.codes:
        named = [t for t in written if kind.regex.match(t)]
        if named and not any(t in said for t in named) and any(kind.regex.match(t) for t in said):
            return True
    if any(n in said or n in written for n in SPEC.view.negations):
        return False
    for a, b in SPEC.view.opposites:
        if (a in written and b in said and a not in said and b not in written) or (
            b in written and a in said and b not in said and a not in written
        ):
            return True
    return False


def features(
    v: View,
    p: Profile,
    w: Weights,
    paste_expl: float,
    bm25: float,
    stated: bool | None = None,
    shared: frozenset[str] = frozenset(),
) -> tuple[Features, TemplateProfile | None]:
    """The evidence for the pair, and the template it rests on (``None`` for an entry without one);
    ``shared``: the error texts more than one candidate entry has (:func:`shared_texts`)."""
    spec = SPEC.features
    unit = w.unit
    title_cov = title_mass = sig_mass = fit = tail_fit = 0.0
    t, hit, sig_cov, cause_cov = best_template(v, p, w, stated)
    if t is not None:
        sig_mass = min(hit / unit, spec.mass_cap)
        distinct = tuple(dict.fromkeys(v.masked_sequence))
        fit = _weight_in(distinct, frozenset(t.signature), w) / (w.total(distinct) or 1.0)
        tail_fit = _tail_fit(v, t, w)
    exact = 0.0
    if not p.is_error:
        hit = _weight_in(p.title, frozenset(v.content), w)
        title_cov, title_mass = hit / (w.total(p.title) or 1.0), min(hit / unit, spec.mass_cap)
        exact = 1.0 if p.title and frozenset(p.title) == frozenset(v.content) else 0.0
    share, mass, info = _explained(v.content, v.content_weights, p)
    norm = 1 - spec.length_b + spec.length_b * p.length / w.average_length
    f = Features(
        sig_cov=sig_cov,
        sig_mass=sig_mass,
        cause_cov=cause_cov,
        fit=fit,
        tail_fit=tail_fit,
        title_cov=title_cov,
        title_mass=title_mass,
        exact=exact,
        expl=share,
        expl_tail=_explained(v.tail, v.tail_weights, p)[0],
        expl_mass=min(mass / unit / norm, spec.mass_cap),
        paste_expl=paste_expl,
        bm25=bm25,
        info=min(info / unit, spec.info_cap),
        command=1.0 if v.segment.kind == "command" else 0.0,
        error=1.0 if p.is_error else 0.0,
        templated=1.0 if p.templates else 0.0,
        body=1.0 if t is not None and t.origin == "body" else 0.0,
        first=1.0 if t is not None and t.origin == "body" and t.first else 0.0,
        shared=1.0 if t is not None and t.text in shared else 0.0,
    )
    return f, t


def candidate_features(
    v: View, p: Profile, w: Weights, paste_expl: float, bm25: float, shared: frozenset[str] = frozenset()
) -> list[tuple[Features, TemplateProfile | None]]:
    """The evidence of the template the segment holds most of and, for an entry with both errors
    it states (heading, aliases, an Error message part) and errors its answer quotes, of the best
    one of the other kind: the model weighs each, and the stronger case stands."""
    f, t = features(v, p, w, paste_expl, bm25, shared=shared)
    if p.states_and_quotes:
        other = t is None or t.origin == "body"
        return [(f, t), features(v, p, w, paste_expl, bm25, stated=other, shared=shared)]
    return [(f, t)]


def shared_texts(profiles: Iterable[Profile]) -> frozenset[str]:
    """The error texts (read like a paste, masked) that more than one of the entries has. Entries
    of one :attr:`~matcher.profile.Profile.copy_key` count once: a docs tree keeping each version
    of a page (``docs/master``, ``docs/v1.20``) states each of its problems once per copy, and a
    text only its copies quote still tells the problem apart."""
    seen: dict[str, set[str]] = {}
    for p in profiles:
        for text in dict.fromkeys(t.text for t in p.templates):
            seen.setdefault(text, set()).add(p.copy_key)
    return frozenset(text for text, keys in seen.items() if len(keys) > 1)


def _tail_fit(v: View, t: TemplateProfile, w: Weights) -> float:
    return _weight_in(v.tail, frozenset(t.signature), w) / (w.total(v.tail) or 1.0)


def _weight_in(wanted: Sequence[str], present: frozenset[str], w: Weights) -> float:
    hit = 0.0
    for t in wanted:
        if t in present:
            hit += w(t)
    return hit


def explained(content: Sequence[str], p: Profile, w: Weights) -> tuple[float, float, float]:
    """(share, weight explained, weight in all) of ``content`` terms found in the entry's text."""
    return _explained(content, [w(t) for t in content], p)


def _explained(content: Sequence[str], weights: Sequence[float], p: Profile) -> tuple[float, float, float]:
    credit = SPEC.features.code_credit
    total = hit = 0.0
    text, code = p.text_terms, p.code_terms
    for t, wt in zip(content, weights, strict=True):
        total += wt
        if t in text:
            hit += wt
        elif t in code:
            hit += wt * credit
    return (hit / total if total else 0.0), hit, total
