"""``kb lint``: what an author should fix or check in a knowledge base, with file and line.

Like Rust's error index, which checks that every documented error is matched by its own example,
every entry must be found by its own error texts: its heading, its aliases and the output quoted
in its answer. Findings are errors (an entry its own heading does not find; content that could
not be read) or warnings (near-duplicate entries, a topic no paste would name, structure the
parser had to guess about).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from kb import Entry, KnowledgeBase, Locations
from kb.frontmatter import ALIASES_SHAPE
from kb.kind import INCLUDE, INCLUDE_IN_CODE
from kb.outline import outline_notes
from kb.sources import WHAT_AN_ENTRY_IS, find_sources, lone_readme, read_text
from kb.terms import heading_key
from matcher.decide import collapse, similar
from matcher.matcher import Matcher
from matcher.results import Match

__all__ = ["ALIAS_HOWTO", "CODES", "Finding", "Level", "lint"]

Level = Literal["error", "warning"]

ALIAS_HOWTO = (
    "an alias goes under its heading as <!-- kbfind-alias: … --> (after the front matter, for a page titled"
    f" there), or in the page's front matter as {ALIASES_SHAPE}"
)
"""Where the alias a ``no-error-text`` finding asks for is written: said once under the findings."""


CODES = (
    "content",
    "copy",
    "duplicate-id",
    "empty-answer",
    "empty-group",
    "empty-heading",
    "guessed-part",
    "included-not-read",
    "intro-not-read",
    "navigation",
    "near-duplicate",
    "no-entries",
    "no-error-text",
    "not-confident",
    "not-found",
    "readme-not-read",
    "same-heading",
)
"""Every kind of finding (:attr:`Finding.code`), for ``kb lint --ignore``."""


@dataclass(frozen=True)
class Finding:
    """One thing to fix or check."""

    path: str
    line: int
    level: Level
    code: str
    """What kind of finding: ``not-found``, ``not-confident``, ``near-duplicate``, ``copy``, ``duplicate-id``,
    ``empty-heading``, ``no-error-text``, ``readme-not-read``, ``intro-not-read``,
    ``content`` (a problem reading the content), ``no-entries`` or a structure note (``guessed-part`` …)."""
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.level}: {self.message} [{self.code}]"


def lint(matcher: Matcher, where: Locations | None = None) -> list[Finding]:
    """Every finding for the matcher's knowledge base, in file and line order; ``where`` says how
    to name the files (by default, as entries label them)."""
    kb = matcher.kb
    where = where or Locations(kb.root.name, kb.root.is_file())
    entries = list(kb.entries())
    found = [
        *_empty(kb, where),
        *_content(kb, where),
        *_structure(kb, where),
        *_self_checks(matcher, entries, where),
        *_duplicates(matcher, entries, where),
        *_unversioned_copies(matcher, entries, where),
        *_same_ids(entries, where),
    ]
    return sorted(found, key=lambda f: (f.path, f.line, f.code))


def _empty(kb: KnowledgeBase, where: Locations) -> Iterator[Finding]:
    """A knowledge base with no entries answers nothing: an error, so a KB repo's CI notices."""
    if len(kb) == 0:
        why = lone_readme(kb.root) or WHAT_AN_ENTRY_IS
        yield Finding(where.root or str(kb.root), 0, "error", "no-entries", f"no entries found: {why}")


def _content(kb: KnowledgeBase, where: Locations) -> Iterator[Finding]:
    """What could not be read; a cache that cannot be written is the user's, not the content's.
    A file of the tree is named as the other findings name it (from the root as it was given)."""
    root = kb.root if kb.root.is_dir() else kb.root.parent
    for p in kb.content_problems():
        path = Path(p.path)
        page = path.relative_to(root).as_posix() if where.root and path.is_relative_to(root) else ""
        yield Finding(where.path(page) if page else p.path, p.line, "error", "content", p.message)


def _structure(kb: KnowledgeBase, where: Locations) -> Iterator[Finding]:
    sources, _ = find_sources(kb.root)
    pages: dict[str, list[Entry]] = {}
    for e in kb.entries():  # as the index read them: no page is parsed again for its entries
        pages.setdefault(e.page, []).append(e)
    for s in sources:
        text, _ = read_text(s)
        if text is not None:
            for note in outline_notes(text, s.page):
                yield Finding(where.path(s.page), note.line, "warning", note.code, note.message)
            yield from _includes(text, s.page, where)
            if s.page.lower() in ("readme.md", "readme.mdx") and len(sources) > 1:
                yield from _unread_readme(text, s.page, where)
            else:
                yield from _unread_intro(text, s.page, pages.get(s.page, []), where)


def _includes(text: str, page: str, where: Locations) -> Iterator[Finding]:
    """A line that includes another file as the site builds the page (``--8<-- "file"``, ``{!file!}``,
    ``{% include-markdown "file" %}``): kbfind reads the page as written, so what the file says
    answers nothing here."""
    fence = ""
    for n, line in enumerate(text.split("\n"), 1):
        if m := _FENCE_LINE.match(line):
            fence = "" if fence and m.group(1).startswith(fence) else fence or m.group(1)
        elif (not fence or line.lstrip().startswith(INCLUDE_IN_CODE)) and (m := INCLUDE.match(line)):
            named = next(g for g in m.groups() if g)
            yield Finding(where.path(page), n, "warning", "included-not-read",
                          f"includes {named!r} as the site builds the page; kbfind reads pages as written, so"
                          f" what it says answers nothing here: pass --kb a folder that holds it too")  # fmt: skip


_FENCE_LINE = re.compile(r"^\s*(`{3,}|~{3,})")


_TOC_LINE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s*\[.*\]\((?:#|\./|\.\./|[\w./-]+\.mdx?)[^)\s]*\)\s*$")
"""A line of a table of contents: a list item that links to a section (``- [FATA\\[0000\\] error …](#fata0000)``),
which names the section, read on its own."""


_POINTS = re.compile(
    r"\]\(|<a\s|https?://|\binstead\b"
    r"|\bsee\s+(?:\[|the\s+[\w\s-]{0,40}?(?:page|section|guide|docs?|documentation|chapter)\b|below|above)",
    re.IGNORECASE,
)
"""A line that points elsewhere (a link, "see the … page", "instead"): the errors it names are answered there
(``For failures about migrations (no such table), see [Database Migration] instead.``)."""


def _unread_intro(text: str, page: str, entries: list[Entry], where: Locations) -> Iterator[Finding]:
    """A page title's intro is the page's, not an entry, when sections follow: an error it states or
    quotes there (an FAQ's bold bullets before its first heading) answers nothing."""
    from kb.parse import page_outline, parse_markdown

    lines, headings, _ = page_outline(text, page)
    if len(headings) < 2 or headings[0][0] != 1:
        return
    title_line, next_line = headings[0][2], headings[1][2]
    if any(e.line == title_line + 1 for e in entries):
        return  # the title is an entry: its intro is its answer
    answered = {t.text for e in entries for t in e.templates}  # an overview of the errors answered below
    intro = "\n".join("" if _TOC_LINE.match(line) else line for line in lines[title_line + 1 : next_line])
    quoted = [t for e in parse_markdown("## intro\n\n" + intro, page, page, alone=True)[0] for t in e.templates]
    quoted = [
        t
        for t in quoted
        if t.origin != "heading" and t.text not in answered and not _POINTS.search(lines[title_line + t.line - 2])
    ]
    if quoted:
        more = f" and {len(quoted) - 1} more" if len(quoted) > 1 else ""
        yield Finding(where.path(page), title_line + quoted[0].line - 1, "warning", "intro-not-read",
                      f"the text before the first section states or quotes an error ({quoted[0].text[:80]!r}{more}),"
                      " but a page title's intro is no entry when sections follow: put it under a heading of its"
                      " own")  # fmt: skip


def _unread_readme(text: str, page: str, where: Locations) -> Iterator[Finding]:
    """The top README describes the folder (MkDocs and Docusaurus publish it as its index): its
    sections are no entries. Error headings there are a team's answers lost without a word."""
    from kb.parse import parse_markdown

    errors = [e for e in parse_markdown(text, page, page, alone=True)[0] if e.kind == "error"]
    if errors:
        more = f" and {len(errors) - 1} more error heading{'s' if len(errors) > 2 else ''}" if len(errors) > 1 else ""
        yield Finding(where.path(page), errors[0].line, "warning", "readme-not-read",
                      f"{page} describes the folder, so its sections are not entries: {errors[0].title!r}{more}"
                      f" answer{'' if more else 's'} nothing; move them to a page of their own, or pass --kb"
                      f" {where.path(page)} to answer from it alone")  # fmt: skip


def _self_checks(matcher: Matcher, entries: list[Entry], where: Locations) -> Iterator[Finding]:
    """Each entry's heading must find it first, and confidently; each of its other error texts
    must at least find it first."""
    bare = _copies_together(matcher, [e for e in entries if e.kind == "topic" and not e.templates])
    for e in entries:
        if not e.title.strip():
            yield Finding(where.source(e), e.line, "error", "empty-heading",
                          "an empty heading: give the section a title (its error message, or its subject)")  # fmt: skip
            continue
        texts = [e.title, *(t.text for t in e.templates if t.text != e.title)]
        for n, text in enumerate(texts):
            result = matcher.analyze(text, 5)
            ranked = [*result.matches, *result.suggestions]
            first = ranked[0] if ranked else None
            holder = next((m for m in ranked if any(c.key == e.key for c in m.copies)), None)
            if first is not None and holder is not None and holder.score == first.score:
                first = replace(holder, entry=e)  # listed as a copy of an entry as good as the first: found
            if n == 0 and first is not None and first.entry.key != e.key and _heading(first.entry) == _heading(e):
                yield Finding(where.source(e), e.line, "warning", "same-heading",
                              f"{e.title!r} has the heading of another entry ({_place(first.entry, e, where)}),"
                              " which typing it finds first: make the headings differ")  # fmt: skip
            elif first is None or not (_same(first.entry, e, ranked) or _translations(first.entry.page, e.page)):
                other = f"; {first.entry.title!r} ({_place(first.entry, e, where)}) comes first" if first else ""
                what = "its heading" if n == 0 else f"its error text {text[:80]!r}"
                yield Finding(where.source(e), e.line, "error" if n == 0 else "warning", "not-found",
                              f"{e.title!r} is not found by {what}{other}")  # fmt: skip
            elif n == 0 and not first.confident:
                yield Finding(where.source(e), e.line, "warning", "not-confident",
                              f"{e.title!r} is found by its heading but only at {first.score:.2f}")  # fmt: skip
        if e.key in bare:  # said once for an entry and its copies in other versions of its page
            also = f" (nor do its copies: {', '.join(_place(c, e, where) for c in bare[e.key])})" if bare[e.key] else ""
            yield Finding(where.source(e), e.line, "warning", "no-error-text",
                          f"{e.title!r} names no error and quotes none{also}: add an alias with the message people "
                          "paste")  # fmt: skip


def _copies_together(matcher: Matcher, entries: list[Entry]) -> dict[str, list[Entry]]:
    """Entry key → its copies among ``entries`` (:meth:`Matcher.are_copies`), for the first of each
    set of copies only."""
    groups = collapse(entries, lambda e: matcher.profile(e).copy_key, matcher.are_copies)
    return {first.key: more for first, more in groups}


def _place(other: Entry, e: Entry, where: Locations) -> str:
    """Where ``other`` is, said from ``e``: ``line N`` on its page, else ``path:N``."""
    return f"line {other.line}" if other.source == e.source else f"{where.source(other)}:{other.line}"


def _heading(e: Entry) -> str:
    return heading_key(e.title)


_LANGUAGES = (
    "zh|cn|en|ja|jp|ko|kr|de|fr|es|it|pt|ru|nl|pl|tr|uk|ua|vi|id|th|ar|he|fa|hi|sv|no|nb|da|fi|cs|hu|ro|el|bg|sk|sl|hr"
    "|sr|lt|lv|et|ms|bn|ta|te|ur"
)
_LANGUAGE_SUFFIX = re.compile(rf"\.(?:{_LANGUAGES})(?:[-_][A-Za-z]{{2,4}})?(?=\.mdx?$)")
"""Hugo's and mkdocs-static-i18n's page of one language: ``_index.cn.md``, ``faq.zh-CN.md``, not ``errors.py.md``."""
_LANGUAGE_FOLDER = re.compile(
    rf"^(?:i18n/[^/]+/docusaurus-plugin-content-docs/(?:current|version-[^/]+)/|(?:docs|versioned_docs/version-[^/]+)/"
    rf"|(?:content/|docs/)?(?:{_LANGUAGES})(?:[-_][A-Za-z]{{2,4}})?/)"
)
"""Where a docs tree keeps a language, or the default one: Docusaurus' ``i18n/<lang>/…/current/`` against
``docs/``, Hugo's ``content/<lang>/``, a ``docs/<lang>/`` folder."""


def _translations(a: str, b: str) -> bool:
    """Two pages are one page in two languages: Hugo's ``_index.cn.md`` beside ``_index.en.md``, Docusaurus'
    ``i18n/zh/docusaurus-plugin-content-docs/current/faq.md`` beside ``faq.md``. An entry answered by its
    translation is answered; its author cannot make the languages differ."""

    def page(p: str) -> str:
        return _LANGUAGE_SUFFIX.sub("", _LANGUAGE_FOLDER.sub("", p)).lower()

    return a != b and page(a) == page(b)


def _same(found: Entry, wanted: Entry, ranked: list[Match]) -> bool:
    """The first entry is the wanted one, or shares its score (a twin: near-duplicate headings)."""
    if found.key == wanted.key:
        return True
    scores = {m.entry.key: m.score for m in ranked}
    return scores.get(wanted.key) == scores.get(found.key)


def _duplicates(matcher: Matcher, entries: list[Entry], where: Locations) -> Iterator[Finding]:
    """Entries whose headings state the same problem (near-duplicates: answered as one)."""
    from matcher.profile import profile
    from matcher.spec import SPEC

    heads = [(e, t.signature) for e in entries for t in profile(e).templates[:1] if t.origin == "heading"]
    for i, j in _twin_pairs([s for _, s in heads], matcher.weights, SPEC.decide.twin_similarity):
        (a, _), (b, _) = heads[i], heads[j]
        if matcher.are_copies(a, b):  # one problem in two versions of a page: listed once, as meant
            continue
        other = f"{a.title!r} ({where.source(a)}:{a.line})"
        yield Finding(where.source(b), b.line, "warning", "near-duplicate",
                      f"{b.title!r} states the same problem as {other}")  # fmt: skip


_VERSION_FOLDER = re.compile(
    r"^(?:v?\d+(?:[._-]\d+)*(?:[._-]?x)?|v(?:ersion)?[-_.]?\d[\w.-]*|(?:release|branch)[-_.]\w[\w.-]*|versioned_docs"
    r"|current|next|latest|stable|master|main|trunk|dev|develop|nightly|unreleased|archive[ds]?|old|legacy)$",
    re.IGNORECASE,
)
"""A folder that names a version of the docs (``v1.20``, ``version-2.0``, ``1.x``, ``release-1.4``,
``next``, ``master``, Docusaurus' ``versioned_docs``)."""


def _unversioned_copies(matcher: Matcher, entries: list[Entry], where: Locations) -> Iterator[Finding]:
    """Copies (:meth:`Matcher.are_copies`) whose folders are not versions of one page: kbfind answers
    with the first and names the other, which is right for ``docs/v1.20/faq.md`` beside
    ``docs/v1.21/faq.md`` and hides the second's fix for ``payments/faq.md`` beside ``search/faq.md``."""
    by_key = {e.key: e for e in entries}
    for first, more in _copies_together(matcher, entries).items():
        a = by_key[first]
        for b in more:
            apart = set(a.page.split("/")[:-1]) ^ set(b.page.split("/")[:-1])
            if not any(_VERSION_FOLDER.match(folder) for folder in apart):
                yield Finding(where.source(b), b.line, "warning", "copy",
                              f"{b.title!r} is answered as a copy of {a.title!r} ({where.source(a)}:{a.line}): same"
                              " heading, titles and page name, much the same answer, in folders that are not"
                              " versions of one page; if they are two problems, make the headings differ")  # fmt: skip


def _same_ids(entries: list[Entry], where: Locations) -> Iterator[Finding]:
    """Two sections of a page with one id (explicit ``{#id}``s alike): one anchor, two places."""
    first: dict[str, Entry] = {}
    for e in entries:
        if (a := first.setdefault(e.key, e)) is not e:
            yield Finding(where.source(e), e.line, "error", "duplicate-id",
                          f"{e.title!r} has the id {e.id!r} of {a.title!r} (line {a.line}) on the same page:"
                          " links land on the first; give it another {#id}")  # fmt: skip


def _twin_pairs(
    signatures: Sequence[tuple[str, ...]], weight: Callable[[str], float], threshold: float
) -> list[tuple[int, int]]:
    """Every pair ``i < j`` of signatures whose weighted Jaccard similarity is at least
    ``threshold`` (above 0), in order: the pairs comparing all of them finds, without doing so.

    Comparing every pair is quadratic: 16 s for 4,000 headings, minutes for 10,000. Prefix
    filtering picks the candidates instead. Weights are positive, so when ``both / union >= t``
    the terms of ``a`` that ``b`` lacks weigh at most ``1 - t`` of ``a``'s total; ``a``'s prefix,
    its first terms in one order for all signatures (heaviest first, ties by the term) that weigh
    more than that, holds a term of ``b``, and the first term the two share lies in both
    prefixes. Only pairs sharing a prefix term are compared, with the exact formula. Prefixes
    cover a hair more than ``1 - t``: rounding cannot drop a pair whose similarity is exactly ``t``.
    """
    cover = 1.0 - threshold + 1e-9
    holders: dict[str, list[int]] = {}
    pairs: set[tuple[int, int]] = set()
    for j, sig in enumerate(signatures):
        ranked = sorted(dict.fromkeys(sig), key=lambda t: (-weight(t), t))
        need, held = cover * sum(weight(t) for t in ranked), 0.0
        for t in ranked:
            if held >= need:
                break
            held += weight(t)
            seen = holders.setdefault(t, [])
            pairs.update((i, j) for i in seen)
            seen.append(j)
    return [(i, j) for i, j in sorted(pairs) if similar(signatures[i], signatures[j], weight, threshold)]
