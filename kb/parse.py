"""Markdown → entries: one entry per ``##`` section, its answer sliced from the source lines."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kb.frontmatter import FrontMatterError, read_tags
from kb.kind import classify
from kb.model import CodeBlock, Entry, Link, Problem
from kb.slug import assign_ids

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

__all__ = ["parse_markdown"]

_EXPLICIT_ID = re.compile(r"(?<!\s)\s*\{#([^\s{}]+)\}\s*$")
_FENCE_TITLE = re.compile(r"""\btitle=(?:"([^"]*)"|'([^']*)'|(\S+))""")
_BARE_URL = re.compile(r"https?://[^\s<>()\[\]`'\"]+[^\s<>()\[\]`'\".,;:!?]")
_FENCE_LINE = re.compile(r"^ {0,3}(`{3,}|~{3,})[ \t]*$")

_parser: MarkdownIt | None = None


@dataclass(frozen=True)
class _Heading:
    level: int
    text: str
    explicit_id: str | None
    line: int  # 0-based
    inline: Token


def parse_markdown(text: str, source: str, page: str) -> tuple[list[Entry], list[Problem]]:
    """Entries of one markdown file; ``source`` and ``page`` are recorded in each entry."""
    tokens = _md().parse(text)
    lines = text.split("\n")
    problems: list[Problem] = []
    tags = _tags(tokens, source, problems)
    headings = _headings(tokens)
    ids = assign_ids((h.text, h.explicit_id) for h in headings)
    entries = []
    located = [t for t in tokens if t.map]
    at = 0
    for i, h in enumerate(headings):
        if h.level != 2:
            continue
        end = next((n.line for n in headings[i + 1 :] if n.level <= 2), len(lines))
        while at < len(located) and located[at].map[0] <= h.line:  # type: ignore[index]
            at += 1
        section = []
        for t in located[at:]:
            if t.map[0] >= end:  # type: ignore[index]
                break
            section.append(t)
        entries.append(_entry(h, ids[i], lines, end, section, tags, source, page))
    problems += _unclosed_fences(tokens, lines, source)
    return entries, problems


def _md() -> MarkdownIt:
    global _parser
    if _parser is None:
        from markdown_it import MarkdownIt
        from mdit_py_plugins.front_matter import front_matter_plugin

        _parser = MarkdownIt("commonmark").use(front_matter_plugin)
    return _parser


def _tags(tokens: Sequence[Token], source: str, problems: list[Problem]) -> tuple[str, ...]:
    if not tokens or tokens[0].type != "front_matter":
        return ()
    try:
        return read_tags(tokens[0].content)
    except FrontMatterError as e:
        problems.append(Problem(source, e.line + 2, f"{e}; front matter ignored"))
        return ()


def _headings(tokens: Sequence[Token]) -> list[_Heading]:
    found = []
    for i, t in enumerate(tokens):
        if t.type == "heading_open" and t.map:
            inline = tokens[i + 1]
            text = _plain(inline)
            m = _EXPLICIT_ID.search(text)
            explicit = m.group(1) if m else None
            text = text[: m.start()] if m else text
            found.append(_Heading(int(t.tag[1]), text.strip(), explicit, t.map[0], inline))
    return found


def _plain(inline: Token) -> str:
    return "".join(c.content for c in inline.children or () if c.type in ("text", "code_inline", "html_inline"))


def _entry(
    h: _Heading,
    id_: str,
    lines: list[str],
    end: int,
    section: list[Token],
    tags: tuple[str, ...],
    source: str,
    page: str,
) -> Entry:
    body = "\n".join(lines[h.line + 1 : end]).strip("\n")
    return Entry(
        id=id_,
        title=h.text,
        kind=classify(h.text),
        body=body.rstrip() + "\n" if body.strip() else "",
        source=source,
        line=h.line + 1,
        page=page,
        code=tuple(_code(t) for t in section if t.type == "fence"),
        links=tuple(_links(section)),
        tags=tags,
    )


def _code(t: Token) -> CodeBlock:
    info = t.info.strip()
    m = _FENCE_TITLE.search(info)
    title = next((g for g in m.groups() if g is not None), "") if m else ""
    language = info.split(None, 1)[0] if info and not info.startswith("title=") else ""
    return CodeBlock(language=language, title=title, code=t.content, line=(t.map[0] + 1) if t.map else 0)


def _links(section: list[Token]) -> list[Link]:
    found: list[Link] = []
    seen: set[str] = set()
    for t in section:
        if t.type != "inline":
            continue
        children = t.children or []
        for i, c in enumerate(children):
            if c.type == "link_open":
                url = str(c.attrs.get("href", ""))
                label = "".join(x.content for x in _until_close(children, i + 1))
                found.append(Link(label or url, url))
                seen.add(url)
            elif c.type == "text":
                for url in _BARE_URL.findall(c.content):
                    if url not in seen:
                        found.append(Link(url, url))
                        seen.add(url)
    return found


def _until_close(children: list[Token], start: int) -> list[Token]:
    out = []
    for c in children[start:]:
        if c.type == "link_close":
            break
        out.append(c)
    return out


def _unclosed_fences(tokens: Sequence[Token], lines: list[str], source: str) -> list[Problem]:
    problems = []
    for t in tokens:
        if t.type == "fence" and t.map:
            last = lines[t.map[1] - 1] if t.map[0] < t.map[1] - 1 < len(lines) else ""
            m = _FENCE_LINE.match(last)
            if not m or m.group(1)[0] != t.markup[0] or len(m.group(1)) < len(t.markup):
                problems.append(
                    Problem(source, t.map[0] + 1, "code fence never closed; it runs to the end of the file")
                )
    return problems
