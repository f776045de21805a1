"""The knowledge base as one site shows it: the sections of the pages it was given, under the
anchors the site renders.

The index is the one ``kbfind --kb DOCS_DIR`` opens (same cache, built once). When the site shows
exactly that knowledge base — all its pages, and anchors made by kbfind's own slugify — the paste
page gets its data from the index itself, so ``window.kbfind.analyze`` and ``kbfind --json --kb
DOCS_DIR`` agree by construction. Otherwise the data comes from :class:`SiteKnowledge`: the chosen
entries, re-anchored with the site's ``toc`` slugify, and the term statistics of those entries
alone, computed as the index computes them (``tests/test_plugin.py`` holds it to an index built
over the same pages).
"""

from __future__ import annotations

import fnmatch
import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from kb.parse import CONTAINERS
from kb.slug import Slugify, slugify

if TYPE_CHECKING:
    from kb import Entry, KnowledgeBase, Problem

__all__ = ["Export", "SiteKnowledge", "chosen", "docs_as_given", "matcher_data", "matcher_script", "site_anchors"]

Toc = tuple[Slugify, str, frozenset[str], bool]
"""What decides a site's anchors: its ``toc`` slugify and separator, the kinds of admonitions and
tabs it renders (:data:`kb.parse.CONTAINERS`), and whether it renders ``{#id}`` (``attr_list``)."""


def chosen(pages: Iterable[str], include: Sequence[str], exclude: Sequence[str]) -> list[str]:
    """The pages (paths under ``docs_dir``) that match a pattern of ``include`` and none of ``exclude``."""

    def hits(page: str, patterns: Sequence[str]) -> bool:
        return any(fnmatch.fnmatchcase(page, p) for p in patterns)

    return sorted(p for p in pages if hits(p, include) and not hits(p, exclude))


@dataclass(frozen=True)
class SiteKnowledge:
    """What the matcher and its export read of a knowledge base (its entries, their number, term
    document frequencies and average length), for a given list of entries."""

    _entries: tuple[Entry, ...]
    _df: Counter[str]
    _length: int

    @classmethod
    def of(cls, entries: Iterable[Entry]) -> SiteKnowledge:
        from kb import terms
        from kb.vocabulary import indexed_text

        kept = tuple(entries)
        df: Counter[str] = Counter()
        length = 0
        for e in kept:
            found = terms(indexed_text(e))
            df.update(set(found))
            length += len(found)
        return cls(kept, df, length)

    def __len__(self) -> int:
        return len(self._entries)

    def entries(self) -> Iterator[Entry]:
        return iter(self._entries)

    def doc_frequency(self, term: str) -> int:
        return self._df[term]

    def average_length(self) -> float:
        return self._length / max(len(self), 1) or 1.0

    def problem_count(self) -> int:
        """:meth:`kb.KnowledgeBase.problem_count` of these entries."""
        from kb.build import copy_hash

        return len({copy_hash(e.copy_key) for e in self._entries})

    def problem_frequency(self, term: str) -> int:
        """:meth:`kb.KnowledgeBase.problem_frequency` of these entries (asked only where some are copies)."""
        return len(self._holders.get(term, ()))

    @cached_property
    def _holders(self) -> dict[str, set[int]]:
        """Term → the problems (copy hashes) holding it; made once."""
        from kb import terms
        from kb.build import copy_hash
        from kb.vocabulary import indexed_text

        holders: dict[str, set[int]] = {}
        for e in self._entries:
            h = copy_hash(e.copy_key)
            for t in set(terms(indexed_text(e))):
                holders.setdefault(t, set()).add(h)
        return holders


@dataclass(frozen=True)
class Export:
    """The paste page's data, and what the build should say about it."""

    data: dict[str, Any]
    """``matcher.export.browser_data`` of the site's knowledge base."""
    problems: tuple[Problem, ...]
    """What was wrong in the content (``kb lint`` lists the same)."""
    reanchored: tuple[tuple[Entry, Entry], ...]
    """Entries whose anchor on this site differs from kbfind's id (the site's slugify differs): kbfind's, and
    the site's (its id the anchor; its title, on a site without ``attr_list``, holds the ``{#id}``)."""
    pages: tuple[str, ...]
    """The page of each entry of the data, in order."""


def matcher_data(
    docs_dir: Path, shown_root: str, pages: Mapping[str, str], toc: Toc, directory_urls: bool = True
) -> Export:
    """The paste page's data for the sections of ``pages`` (path under ``docs_dir`` → its URL on
    the site), under the anchors the site's ``toc`` slugify and separator give them. Sections
    are linked as ``kbfind`` links them (``ops/faq.md`` → ``ops/faq/#id``) unless the site has
    no ``directory_urls``; then as the site does (``ops/faq.html#id``)."""
    export = _matcher_data(docs_dir, shown_root, pages, toc)
    if not directory_urls:
        for entry, page in zip(export.data["entries"], export.pages, strict=True):
            entry["path"] = f"{pages[page]}#{entry['id']}"
    return export


def _matcher_data(docs_dir: Path, shown_root: str, pages: Mapping[str, str], toc: Toc) -> Export:
    from kb import Locations, open_kb
    from matcher import Matcher
    from matcher.export import browser_data
    from matcher.model import calibration_of

    where = Locations(shown_root)
    cal, trouble = calibration_of(docs_dir)  # the page answers as kbfind does, with the same model
    with open_kb(docs_dir) as kb:
        problems = tuple(kb.problems) + ((trouble,) if trouble else ())
        entries = list(kb.entries())
        wanted = set(pages)
        kept = [e for e in entries if e.page in wanted]
        anchored = site_anchors(docs_dir, kept, *toc)
        order = tuple(e.page for e in anchored)
        if anchored == entries:
            return Export(browser_data(kb, where, Matcher(kb, cal)), problems, (), order)
    moved = tuple((e, a) for a, e in zip(anchored, kept, strict=True) if a.id != e.id)
    site = cast("KnowledgeBase", SiteKnowledge.of(anchored))
    return Export(browser_data(site, where, Matcher(site, cal)), problems, moved, order)


def site_anchors(
    docs_dir: Path,
    entries: list[Entry],
    site_slugify: Slugify,
    separator: str,
    containers: frozenset[str] = CONTAINERS,
    attributes: bool = True,
) -> list[Entry]:
    """``entries`` with the ids the site renders: each page's headings slugified again, by the
    site's function, as its table of contents does (explicit ``{#id}``s and ``_1`` suffixes alike),
    counting the headings in the kinds of admonitions and tabs the site renders (``containers``);
    without ``attributes`` (no ``attr_list``), a heading's ``{#id}`` is text the site slugifies."""
    if site_slugify is slugify and separator == "-" and containers == CONTAINERS and attributes:
        return entries
    from kb.parse import parse_markdown
    from kb.sources import find_sources, read_text

    def slug(text: str, _separator: str) -> str:
        return site_slugify(text, separator)

    sources = {s.page: s for s in find_sources(docs_dir)[0]}
    ids: dict[tuple[str, int], str] = {}
    for page in sorted({e.page for e in entries} & sources.keys()):
        text, _ = read_text(sources[page])
        for e in parse_markdown(text or "", page, page, slug, containers=containers, attributes=attributes)[0]:
            ids[e.page, e.line] = e.id
    return [replace(e, id=ids.get((e.page, e.line), e.id)) for e in entries]


def matcher_script(data: dict[str, Any]) -> str:
    """The data as a script that sets ``window.kbfindData``: a page opened from ``file://`` can
    load a script but not fetch a file. ``JSON.parse`` of a string keeps every key a key (an
    object literal would take a ``__proto__`` term for the prototype) and parses fastest."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    literal = "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"
    return f"window.kbfindData = JSON.parse({literal});\n"


def docs_as_given(docs_dir: str, config_file: str | None) -> str:
    """``docs_dir`` as ``kbfind --kb`` would be given it from the folder of ``mkdocs.yml``."""
    if not config_file:
        return docs_dir
    return os.path.relpath(docs_dir, os.path.dirname(os.path.abspath(config_file)))
