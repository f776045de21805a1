"""The knowledge base's records: what one ``##`` section of a markdown file becomes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

__all__ = ["CodeBlock", "Entry", "Kind", "Link", "Problem", "Template", "TemplateOrigin"]

Kind = Literal["error", "topic"]
TemplateOrigin = Literal["heading", "alias", "message", "body"]

_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
"""An HTML comment, which the site does not show (one never closed runs to the end)."""


@dataclass(frozen=True)
class CodeBlock:
    """A fenced code block of an entry's answer."""

    language: str
    """The fence's info word (``bash``, ``yaml``…), ``""`` when none."""
    title: str
    """The fence's ``title="…"`` (Docusaurus), ``""`` when none."""
    code: str
    """The code, without the fences."""
    line: int
    """1-based line of the opening fence in the source file."""


@dataclass(frozen=True)
class Link:
    """A link in an entry's answer: markdown links and bare URLs alike."""

    text: str
    url: str


@dataclass(frozen=True)
class Template:
    """An error text an entry answers: its heading, program output quoted in its answer, or an
    alias its author wrote for it."""

    text: str
    line: int
    """1-based line of the source file it was read from."""
    origin: TemplateOrigin
    first: bool = False
    """Quoted in the answer before its fix begins (origin ``body``): the output an author shows
    first, to say what the problem looks like, not output met on the way to the fix."""


@dataclass(frozen=True)
class Entry:
    """One problem (or topic) and its answer: a section at the level its author wrote problems at."""

    id: str
    """Anchor of the section on the site; unique within its page."""
    title: str
    """Heading text, without a trailing ``{#id}``."""
    kind: Kind
    """``"error"`` when the heading is an error message, else ``"topic"``."""
    body: str
    """The answer: the section's markdown as written, below the heading."""
    source: str
    """Path of the markdown file, relative to the content root's parent."""
    line: int
    """1-based line of the heading in ``source``."""
    page: str = ""
    """Path of the markdown file relative to the content root (the site page it lands on)."""
    code: tuple[CodeBlock, ...] = ()
    links: tuple[Link, ...] = ()
    tags: tuple[str, ...] = ()
    """Tags from the file's front matter."""
    breadcrumb: tuple[str, ...] = ()
    """Titles of the sections it sits in, outermost first (the page title, the group)."""
    level: int = 2
    """Its heading's level (``##`` → 2)."""
    templates: tuple[Template, ...] = ()
    """The error texts it answers, heading first."""

    @property
    def unanswered(self) -> bool:
        """A known error with no answer recorded yet: a section empty as the site shows it (nothing
        but HTML comments: a ``TODO`` note, an alias)."""
        return not _COMMENT.sub("", self.body).strip()

    @property
    def key(self) -> str:
        """Unique across the knowledge base: ``page#id``."""
        return f"{self.page}#{self.id}"

    @property
    def copy_key(self) -> str:
        """What its copies in other versions of its page share: the heading
        (:func:`kb.terms.heading_key`), its anchor, the page's file name and the breadcrumb's
        headings. One problem written once per version of a docs tree (``docs/faq.md``,
        ``versioned_docs/version-1.0/faq.md``) has one key; two problems under one heading have two
        when they sit on one page (``usage``, ``usage-1``), on pages of other names or under other
        titles (``AWS provider``, ``GCP provider``, each page an ``_index.md``)."""
        from kb.terms import heading_key

        return "\x00".join(
            [heading_key(self.title), self.id, self.page.rsplit("/", 1)[-1], *map(heading_key, self.breadcrumb)]
        )


@dataclass(frozen=True)
class Problem:
    """Something wrong with the content that was skipped or worked around, with its place."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"
