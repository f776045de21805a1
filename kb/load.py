"""Reading a whole content root into entries."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kb.model import Entry, Problem
from kb.parse import parse_markdown
from kb.slug import Slugify, docutils_id, github_slug, slugify
from kb.sources import SourceFile, decode, find_sources, read_bytes

__all__ = ["Loaded", "load_entries", "load_file", "load_source", "source_label"]


@dataclass(frozen=True)
class Loaded:
    """One file read into entries."""

    entries: tuple[Entry, ...]
    problems: tuple[Problem, ...]
    digest: str | None
    """:func:`kb.freshness.content_digest` of the bytes parsed; ``None`` when nothing was read."""


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
    loaded = load_source(root, source)
    return list(loaded.entries), list(loaded.problems)


def load_source(root: Path, source: SourceFile) -> Loaded:
    """:func:`load_file`, with the digest of what was read (what the index's freshness keeps)."""
    from kb.freshness import content_digest

    data, problems = read_bytes(source)
    if data is None:
        return Loaded((), tuple(problems), None)
    where = str(source.path)
    text, trouble = decode(data, where)
    slug = _site_slug(root)  # the site's anchors, as it renders them
    entries, parsed = parse_markdown(text, source_label(root, source), source.page, slug, alone=root.is_file())
    found = [*problems, *trouble, *(Problem(where, p.line, p.message) for p in parsed)]
    return Loaded(tuple(entries), tuple(found), content_digest(data))


@lru_cache(maxsize=16)
def _site_slug(root: Path) -> Slugify:
    """How the site of ``root`` (:func:`kb.urls.site_kind`) anchors its headings, asked once per root,
    not once per page: github-slugger's where no MkDocs site owns it (Docusaurus, GitHub, Hugo), Sphinx's
    docutils ids, else Python-Markdown's."""
    from kb.urls import site_kind

    return {"docusaurus": github_slug, "github": github_slug, "sphinx": docutils_id}.get(site_kind(root), slugify)


def source_label(root: Path, source: SourceFile) -> str:
    """How an entry names its file: ``content/k8s-faq.md`` for a folder root, else the file name."""
    return source.page if root.is_file() else f"{root.name}/{source.page}"
