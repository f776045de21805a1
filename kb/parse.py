"""Markdown → entries: one entry per problem, at the heading level its author wrote problems at,
its answer sliced from the source lines and its error texts read from heading and body."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import unquote

from kb.deflist import faq_terms_as_headings
from kb.frontmatter import FrontMatter, FrontMatterError, front_matter_of, read_front_matter
from kb.kind import INCLUDE, SHORTCODE, classify
from kb.model import CodeBlock, Entry, Link, Problem, Template
from kb.myst import myst_lines
from kb.sections import Section, answers, introduces_sections, is_navigation, tree
from kb.slug import DUPLICATE_MARK, ENTITY_BRACKETS, Slugify, anchor_text, assign_ids, loose_anchor, slugify, unique
from kb.templates import (
    ERROR_BOX,
    alias_lines,
    body_templates,
    code_families,
    code_templates,
    heading_templates,
    is_code,
    ordered,
)

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

__all__ = ["parse_markdown"]

_EXPLICIT_ID = re.compile(r"(?<!\s)\s*\{#([^\s{}]+)\}\s*$")
"""A heading's own id at its end as kramdown and Pandoc write it (``{#id}``, a space before it optional)."""
_ATTR_LIST = re.compile(r" +\{:? *(?=[^}\n ])")
"""An attribute list at a heading's end as Python-Markdown's ``attr_list`` finds it (the first
`` {`` from which a ``}`` ends the line: ``{: #id .wide}``, ``{.wide #id}``, ``{: .no_toc}``)."""
_ATTR = re.compile(r"""[^ =}]+="[^"]*"|[^ =}]+='[^']*'|[^ =}]+=[^ =}]+|[^ =}]+| """)


def _heading_attributes(text: str) -> tuple[str, str | None]:
    """A heading's text without its attribute list, and the id that list gives, as ``attr_list``
    reads them: every part a ``#id``, ``.class`` or ``key=value``, else no list at all (``expected
    {#id} got {#x y}`` keeps its words, and its anchor is theirs)."""
    end = text.rstrip(" ")
    if not end.endswith("}") or (m := _ATTR_LIST.search(text)) is None or m.end() >= len(end):
        if (k := _EXPLICIT_ID.search(text)) is None:
            return text, None
        return text[: k.start()], k.group(1)
    body, at, ids = text[m.end() : len(end) - 1].rstrip(" "), 0, []
    while at < len(body) and (a := _ATTR.match(body, at)):
        ids += [a.group()[1:]] if a.group().startswith("#") else []
        at = a.end()
    if at < len(body):
        return text, None
    return text[: m.start()], (ids[-1] if ids else None)


_IAL = re.compile(r"^\s*\{:[^{}\n]*\}\s*$")
"""A kramdown attribute list on a line of its own (``{: #no-sudo}``, ``{: .note}``): it sets the
attributes of the block before it and renders as nothing, so no answer shows it. The id it gives
a heading on the line before is not the entry's: Python-Markdown's ``attr_list`` reads it only
at the end of the heading's own line, so a MkDocs site anchors that heading by its words."""
_FENCE_TITLE = re.compile(r"""\btitle=(?:"([^"]*)"|'([^']*)'|(\S+))""")
_BARE_URL = re.compile(r"https?://[^\s<>()\[\]`'\"]+[^\s<>()\[\]`'\".,;:!?]")
_FENCE_LINE = re.compile(r"^[ \t>]*(`{3,}|~{3,})[ \t]*$")  # indented as its list item or quote is
_WEB = re.compile(r"(?:https?|ftp|mailto):", re.IGNORECASE)

_CONTAINER_LINES = {
    "!!!": re.compile(r'!!! ?[\w-]+(?: +[\w-]+)*(?: +"[^"\n]*")? *$'),
    "???": re.compile(r'\?{3}\+? ?(?:(?:[\w-]+(?: +[\w-]+)*?)?(?: +"[^"\n]*")|[\w-]+(?: +[\w-]+)*?) *$'),
    "===": re.compile(r'={3}(?:\+|\+!|!\+|!)? +"[^"\n]*" *$'),
}
"""The first line of an admonition (``!!! note "Title"``), a collapsible (``??? tip``) and a content
tab (``=== "Tab"``), as Python-Markdown's ``admonition`` and pymdownx's ``details`` and
``tabbed`` read them: at the margin, anywhere in a block. The body is the lines indented four
spaces (or a tab) after it."""
CONTAINERS = frozenset(_CONTAINER_LINES)
_CONTAINER_STARTS = tuple(_CONTAINER_LINES)
"""All of them: what a mkdocs-material site enables; a site's plugin passes the ones it has."""
_parser: MarkdownIt | None = None


@dataclass(frozen=True)
class _Heading:
    level: int
    text: str
    explicit_id: str | None
    line: int  # 0-based
    code_spans: tuple[str, ...]
    anchor: str = ""
    """The text its anchor is made of, when not ``text`` (:func:`_anchor_plain`)."""


@dataclass(frozen=True)
class _Page:
    """What every entry of one file shares."""

    lines: list[str]
    tokens: list[Token]
    front: FrontMatter
    source: str
    page: str
    hidden: frozenset[int] = frozenset()
    """0-based lines no answer shows (:func:`_unshown`)."""
    setext: dict[int, int] = field(default_factory=dict)
    """Headings written over ``-----`` or ``=====``: their first line → the line after their
    underline. Their underlines are hidden; under a heading inside an answer (a part's
    ``Solution`` / ``--------``) they are shown, not under the answer's own."""
    codes: frozenset[str] = frozenset()
    """The families of error codes the page catalogues (:func:`kb.templates.code_families`)."""
    asked: dict[int, str] = field(default_factory=dict)
    """The questions of a definition-list FAQ, read as headings (:mod:`kb.deflist`): 0-based line → the
    line as written, which an answer shows."""
    listed: frozenset[str] = frozenset()
    """The headings the page lists as messages (:func:`_listed_messages`): their anchors and texts."""

    @cached_property
    def underlines(self) -> frozenset[int]:
        return frozenset(end - 1 for end in self.setext.values())

    def shown(self, start: int, end: int) -> str:
        """The text of lines ``start`` to ``end`` (0-based, ``start`` just below a heading's first
        line) an answer shows."""
        first = max(start, self.setext.get(start - 1, start))  # below the answer's own heading
        return "\n".join(
            self.asked.get(k, self.lines[k]) for k in range(first, end) if k not in self.hidden or k in self.underlines
        )

    @cached_property
    def starts(self) -> list[int]:
        """Each token's first line: block tokens come in page order, so an entry finds its own by
        bisection, not by a pass over the whole page (quadratic on a page of thousands of sections)."""
        return [t.map[0] for t in self.tokens]  # type: ignore[index]

    def between(self, first: int, end: int) -> list[Token]:
        """The tokens that start after line ``first`` and before line ``end``."""
        return self.tokens[bisect_right(self.starts, first) : bisect_left(self.starts, end)]


def parse_markdown(
    text: str,
    source: str,
    page: str,
    slugify: Slugify = slugify,
    *,
    alone: bool = False,
    containers: frozenset[str] = CONTAINERS,
    attributes: bool = True,
) -> tuple[list[Entry], list[Problem]]:
    """Entries of one markdown file; ``source`` and ``page`` are recorded in each entry.

    The ``README.md`` at the top of a folder knowledge base describes it (the bundled FAQ's says
    where the FAQ comes from): it holds no entries, unless it is ``alone``, the whole knowledge
    base (``--kb README.md``). A README in a folder below is that folder's page, as MkDocs,
    Docusaurus and GitBook publish it (Knative's ``eventing/troubleshooting/README.md``). In an
    MDX page (``.mdx``), ``import`` and ``export`` statements are code, not text: they are read as
    blank lines. ``slugify`` and ``containers`` (:data:`CONTAINERS`) are the site's, for its anchors;
    ``attributes=False`` for a site that renders no ``{#id}`` (MkDocs without ``attr_list``): the
    text is the heading's, and its anchor is slugified from all of it."""
    name = page.rsplit("/", 1)[-1].lower()
    if name in ("readme.md", "readme.mdx") and not alone and "/" not in page:
        return [], []
    problems: list[Problem] = []
    lines, toml, toml_end, asked, given = _page_lines(text, name, source, problems)
    tokens = _tokens(lines, 0, source, problems)
    front = toml or _front_matter(tokens, source, problems)
    if toml is None and not any(t.type == "front_matter" for t in tokens[:1]) and _opens_front_matter(lines):
        problems.append(Problem(source, 1, "front matter never closed with a line of ---; read as text"))
    headings = _headings(tokens, attributes)
    if given:  # headings written in HTML: the id each renders with
        headings = [replace(h, explicit_id=given[h.line]) if h.line in given else h for h in headings]
    titled = _front_title(front, tokens, toml_end if toml is not None else None, headings, page)
    codes = code_families([h.text for h in headings], named=_page_name(page))
    setext = {t.map[0]: t.map[1] for t in tokens if t.map and t.type == "heading_open" and t.markup in ("=", "-")}
    expanded = _expanded([t for t in tokens if t.map], lines)
    p = _Page(lines, expanded, front, source, page, _unshown(tokens), setext, codes, asked, _listed_messages(tokens))
    ids = _ids(headings, _contained_headings(tokens, lines, containers, attributes=attributes), slugify, asked)
    if titled:
        headings.insert(0, titled)
        ids.insert(0, _unused(assign_ids([(titled.text, None)], slugify)[0] or "title", ids))
    ends = [h.line for h in headings[1:]] + [len(lines)]

    def quoting(index: int) -> bool:
        return bool(body_templates(p.between(headings[index].line, ends[index]), []))

    def introducing(index: int) -> bool:  # its text ends in a paragraph that introduces what follows
        tokens = [t for t in p.between(headings[index].line, ends[index]) if t.type != "hr"]
        last = tokens[-1] if tokens else None  # a paragraph's text, not a list item's or a quote's
        return last is not None and last.type == "inline" and last.level == 1 and bool(_INTRODUCES.search(last.content))

    sections = tree([(h.level, h.text, h.line) for h in headings], len(lines), quoting, introducing, frozenset(asked))
    named = _link_names(p.tokens)
    entries, spans = [], []
    taken = frozenset(ids)
    for s in sections:
        if _is_entry(s, p):
            entries.append(_entry(s, headings[s.index], ids[s.index], p, named.get(ids[s.index], []), taken))
            spans.append(range(headings[s.index].line, s.answer_end))
    problems += _unclosed_fences(tokens, lines, source)
    problems += _unread_aliases(entries, spans, p)
    return entries, problems


_ALIAS_OPEN = re.compile(r"<!--\s*kbfind-alias", re.IGNORECASE)


def _alias_comments(tokens: Sequence[Token]) -> Iterator[tuple[int, bool]]:
    """``(0-based line, closed)`` of each alias comment the page holds as HTML, where entries read them: a
    comment block (never closed, it runs to the end of the page) or one within a paragraph or heading; not
    one shown in code, nor the words written in a code span."""
    for t in tokens:
        if t.type == "html_block" and t.map and (m := _ALIAS_OPEN.search(t.content)):
            yield t.map[0] + t.content.count("\n", 0, m.start()), "-->" in t.content[m.end() :]
        elif t.type == "inline" and t.map and "kbfind-alias" in t.content.lower():
            for c in t.children or ():
                if c.type == "html_inline" and _ALIAS_OPEN.search(c.content):
                    yield t.map[0], True


def _unread_aliases(entries: list[Entry], spans: list[range], p: _Page) -> list[Problem]:
    """Aliases written where no entry reads them, which would answer nothing without a word: a front-matter
    key that names no entry of the page, a comment outside every entry (before the first heading, under a
    heading that only groups others), a comment never closed. ``spans``: the lines of each entry."""
    problems = []
    names = {name for e in entries for name in (e.id, loose_anchor(e.id), e.title)}
    for key in p.front.aliases:
        if key not in names and loose_anchor(key) not in names:
            problems.append(
                Problem(
                    p.source,
                    _front_line(key, p, 1),
                    f"front matter alias of {key!r} names no entry of this page; key it by an entry's id or heading",
                )
            )
    starts = sorted((r.start, r.stop) for r in spans)
    firsts = [a for a, _ in starts]

    def read(line: int) -> bool:  # within an entry's lines (the latest entry to start above it)
        k = bisect_right(firsts, line) - 1
        return k >= 0 and line < max(stop for _, stop in starts[max(0, k - 1) : k + 1])

    for line, closed in _alias_comments(p.tokens):
        if not closed:
            problems.append(Problem(p.source, line + 1, "kbfind-alias comment never closed with -->; not read"))
        elif not read(line):
            problems.append(
                Problem(
                    p.source,
                    line + 1,
                    "kbfind-alias comment under no entry's heading; not read (put it"
                    " under the heading of the entry it names)",
                )
            )
    return problems


_SCRIPT = re.compile(r"^\s*<(?:script|style)\b", re.IGNORECASE)
_INTRODUCES = re.compile(r"\w[\w)`'\x22]*\s*[:：]\s*$")
"""The end of a paragraph that introduces what follows (``… can be indicative of the following
problems:``)."""


def _unshown(tokens: Sequence[Token]) -> frozenset[int]:
    """The lines of the page's ``<script>`` and ``<style>`` blocks: code the page runs or styles
    itself with (VitePress's ``<script setup>``), and its kramdown attribute lists (:data:`_IAL`):
    never shown, so no answer's text. Nor are the lines that only draw: the underline of a heading
    written over ``-----`` or ``=====``, and a rule (``---``) between sections."""
    spans = [t.map for t in tokens if t.type == "html_block" and t.map and _SCRIPT.match(t.content)]
    attributes = [k for t in tokens if t.type == "inline" and t.map and "{:" in t.content for k in _ials(t)]
    drawn = [
        t.map[1] - 1
        for t in tokens
        if t.map and (t.type == "hr" or (t.type == "heading_open" and t.markup in ("=", "-")))
    ]
    return frozenset(k for lo, hi in spans for k in range(lo, hi)) | frozenset(attributes) | frozenset(drawn)


def _ials(inline: Token) -> list[int]:
    """The lines of a paragraph that are kramdown attribute lists (:data:`_IAL`)."""
    lo = inline.map[0]  # type: ignore[index]
    return [lo + k for k, line in enumerate(inline.content.split("\n")) if _IAL.match(line)]


_TOML_KEY = re.compile(r"^\s*[\w.\"'-]+\s*=")


def _toml_front(lines: list[str], source: str, problems: list[Problem]) -> tuple[list[str], FrontMatter | None, int]:
    """Hugo's TOML front matter (between ``+++`` lines): the page's lines with it read as blank, its
    title and tags (``None`` when the page has none) and the 0-based line that closes it."""
    if not lines or lines[0].strip() != "+++":
        return lines, None, 0
    end = next((k for k in range(1, len(lines)) if lines[k].strip() == "+++"), None)
    if end is None:
        return lines, None, 0
    import tomllib

    try:
        data = tomllib.loads("\n".join(lines[1:end]))
    except tomllib.TOMLDecodeError as e:
        if not any(_TOML_KEY.match(line) for line in lines[1:end]):
            return lines, None, 0  # a page that starts with a "+++" line of its own, not front matter
        problems.append(Problem(source, 1, f"TOML front matter: {e}; front matter ignored"))
        data = {}
    found = front_matter_of(data)
    problems += [Problem(source, 1, message) for message in found.problems]
    return [""] * (end + 1) + lines[end + 1 :], found, end


def _unused(id_: str, ids: list[str]) -> str:
    """``id_``, or ``id_1``, ``id_2``… (as the ``toc`` extension counts) if a heading of the page
    has it already: the page's own anchors never move for a title the site shows without one."""
    taken, k, out = set(ids), 0, id_
    while out in taken:
        k += 1
        out = f"{id_}_{k}"
    return out


def _ids(
    headings: list[_Heading],
    contained: list[_Heading],
    slugify: Slugify,
    asked: Mapping[int, str] = MappingProxyType({}),
) -> list[str]:
    """The site's anchors of ``headings``: the site's slugify, if given, over every heading it
    renders, in page order, those inside admonitions and tabs too, since they take slugs first. The
    questions of a definition-list FAQ (lines in ``asked``) are no headings to the site's table of
    contents: they take their anchors after every heading has its own (the kbfind plugin puts them
    on the questions)."""
    rendered = [h for h in headings if h.line not in asked]
    everything = sorted([(h.line, True, h) for h in rendered] + [(h.line, False, h) for h in contained])
    ids = assign_ids(((h.anchor or h.text, h.explicit_id) for _, _, h in everything), slugify)
    given = {h.line: id_ for (_, real, h), id_ in zip(everything, ids, strict=True) if real}
    taken = set(ids)
    return [
        given[h.line]
        if h.line in given
        else unique(slugify(anchor_text(h.anchor or h.text), "-"), taken, getattr(slugify, DUPLICATE_MARK, "_"))
        for h in headings
    ]


_MAX_DEPTH = 8  # containers nested deeper are not looked into: each level parses its body again


def _contained_headings(
    tokens: Sequence[Token], lines: list[str], containers: frozenset[str], depth: int = 0, attributes: bool = True
) -> list[_Heading]:
    """Headings in the bodies of admonitions and tabs. Markdown reads such a body as indented code
    or as a paragraph's continuation; the site renders it, and its table of contents gives the
    headings in it anchors, which shift the suffixes (``_1``, ``_2``) of later headings alike.
    Containers in lists and quotes are not looked into."""
    openers = [_CONTAINER_LINES[c] for c in sorted(containers)]
    if not openers or depth >= _MAX_DEPTH:
        return []
    skipped = {k for t in tokens if t.type in ("fence", "html_block") and t.map for k in range(*t.map)}
    found: list[_Heading] = []
    k = 0
    while k < len(lines):
        if not lines[k].startswith(_CONTAINER_STARTS) or k in skipped or not any(o.match(lines[k]) for o in openers):
            k += 1
            continue
        end = k + 1
        while end < len(lines) and (not lines[end].strip() or lines[end].expandtabs(4).startswith("    ")):
            end += 1
        body = [line.expandtabs(4)[4:] for line in lines[k + 1 : end]]
        inner = _md().parse("\n".join(body))
        at_margin = [h for h in _headings(inner, attributes) if h.line < len(body) and not body[h.line][:1].isspace()]
        nested = _contained_headings(inner, body, containers, depth + 1, attributes)
        found += [replace(h, line=h.line + k + 1) for h in sorted(at_margin + nested, key=lambda h: h.line)]
        k = end
    return found


def _link_names(tokens: Sequence[Token]) -> dict[str, list[Template]]:
    """What the page calls its sections where it links to them (``[Couldn't find an alternative
    telinit implementation](#docker-init-daemon-config)`` in a table of contents): anchor → the
    link texts that read as error messages, as aliases of the section."""
    found: dict[str, list[Template]] = {}
    for t in tokens:
        if t.type != "inline" or not t.map:
            continue
        children = t.children or []
        for i, c in enumerate(children):
            href = str(c.attrs.get("href", "")) if c.type == "link_open" else ""
            if href.startswith("#") and len(href) > 1:
                text = "".join(x.content for x in _until_close(children, i + 1)).strip()
                if classify(text) == "error":
                    found.setdefault(unquote(href[1:]), []).append(Template(text, t.map[0] + 1, "alias"))
    return found


def _is_entry(s: Section, p: _Page) -> bool:
    """A problem of its own: not part of an entry's answer, not a page title or group with no
    answer of its own, not a table of contents."""
    if _belongs(s, p):
        return False
    own = _own(s, p)
    if s.problems:  # a group; and an entry with an answer of its own, unless it is the page's title
        if s.level == 1 and s.index == 0:  # ... and the title of a page that opens on its error
            return _opens_on_its_error(s, p)
        return bool(own.strip()) and (s.error or not (is_navigation(own) or introduces_sections(own)))
    return s.error or not is_navigation(own)  # an error's answer may be links to read on


def _opens_on_its_error(s: Section, p: _Page) -> bool:
    """A page title whose intro quotes an error that no section after it is about (Vault's
    ``# Lease count quota exceeded error`` before its ``## Tutorial`` and ``## API``): the page is
    that problem. Where a section reads as an error or quotes one, the intro only shows an example
    of what the page answers below."""
    if "opens" not in s._memo:  # asked once per subsection: read the page once
        intro_end = min((c.line for c in s.children), default=s.end)
        s._memo["opens"] = bool(body_templates(p.between(s.line, intro_end), [])) and not any(
            classify(c.title) == "error" or body_templates(p.between(c.line, c.end), []) for c in s.problems
        )
    return bool(s._memo["opens"])


def _belongs(s: Section, p: _Page) -> bool:
    """Part of an entry's answer (:func:`_owner`)."""
    return _owner(s, p) is not None


def _owner(s: Section, p: _Page) -> Section | None:
    """The entry whose answer ``s`` is part of: the entry it is a part of, when it comes before the
    entry's first problem (after it, nothing of the entry's answer is); or, under a part of a
    problem's answer, that problem — for a part of it, or anything under a part that answers (the
    checks under its Investigation, the options under its Solution), not the problems a part such
    as Common errors lists. A page title's parts are the page's sections: what is under them
    stands alone, but for the parts of its parts on a page that is one problem (no section of it
    is a problem of its own: a knowledge-base article's Symptom 1 › Possible Reason 1 › Solution;
    not the problems a Debugging or 排查 part lists)."""
    parent = s.parent
    if parent is None:
        return None
    if s.part and s.line < parent.answer_end and _is_entry(parent, p):
        return parent
    owner = _owner(parent, p)
    if owner is None:
        return None
    if owner.one_problem:  # a page that is one problem: all of it is its answer
        return owner
    if owner.level == 1 and (owner.problems or not s.part):
        return None
    return owner if s.part or answers(parent.title) else None


def _own(s: Section, p: _Page) -> str:
    return p.shown(s.line + 1, s.answer_end)


_HEADING_LINE = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")


_FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ESM = re.compile(r"^(?:import|export)\s")
_MDX_COMMENT = re.compile(r"\{/\*.*?\*/\}")
_OPENERS, _CLOSERS = "([{", ")]}"


_IMPORTED = r"""(?:[A-Za-z_$][\w$]*(?:\s*,\s*)?)?(?:\*\s+as\s+[A-Za-z_$][\w$]*|\{[^{}\n]*\})?"""
_IMPORT = re.compile(
    rf"""^import\s+(?:(?:type\s+)?(?=[\w$*{{]){_IMPORTED}\s*from\s+["'][^"'\n]+["'];?|["'][^"'\n]+["'];)\s*$"""
)
"""An ES module's import statement on one line (``import Tabs from '@theme/Tabs';``, ``import {A, B} from
"x"``, ``import * as S from 'y'``): names, then ``from`` a module; or a module for its effects, ended as a
statement (``import './custom.css';``); not a sentence (``import the file from "backup.tar"``)."""
_IMPORT_OPEN = re.compile(r"^import\s+(?:type\s+)?(?:[A-Za-z_$][\w$]*\s*,\s*)?\{[^{}\n]*$")
_IMPORT_CLOSE = re.compile(r"""^[\w$,\s]*\}\s*from\s+["'][^"'\n]+["'];?\s*$""")
"""An import of names over several lines, as Prettier writes a long one: ``import {`` … ``} from '…';``."""


def _imports_modules(lines: list[str]) -> bool:
    """A page that imports modules outside its code is MDX whatever its name: Docusaurus reads a
    ``.md`` page as MDX, so its ``import``/``export`` statements are code there too, not text."""
    fence = ""
    for n, line in enumerate(lines):
        if m := _FENCE_OPEN.match(line):
            fence = _after_fence_line(fence, m.group(1))
        elif not fence and line.startswith("import"):
            if _IMPORT.match(line):
                return True
            if _IMPORT_OPEN.match(line):
                after = next((k for k in range(n + 1, min(n + 40, len(lines))) if "}" in lines[k]), None)
                if after is not None and _IMPORT_CLOSE.match(lines[after]):
                    return True
    return False


def _after_fence_line(fence: str, mark: str) -> str:
    """The fence open after a line of ``mark`` (```` ``` ```` or ``~~~``): it closes ``fence``
    when it is of the same character and at least as long, else opens one if none is open."""
    return "" if fence and mark[0] == fence[0] and len(mark) >= len(fence) else fence or mark


class _Tag(NamedTuple):
    indent: str
    name: str
    language: str
    closing: bool


_SHORTCODES = ("text", "highlight", "code")
_SHORTCODE_LINE = 300  # characters: an opening line is short; a longer one is text
_BACKTICKS = re.compile(r"^[ \t]*(`{3,})", re.MULTILINE)


def _shortcode(line: str) -> _Tag | None:
    """The tag of a line that is one code shortcode tag alone
    (``{{< text yaml >}}``, ``{{% /code %}}``), else ``None``. Read by splitting, not by a pattern:
    linear in the line, however long."""
    tag = line.strip()
    if len(tag) > _SHORTCODE_LINE or tag[:3] not in ("{{<", "{{%") or tag[-3:] not in (">}}", "%}}"):
        return None
    inner = tag[3:-3].strip()
    words = inner.split()
    if not words or inner.endswith("/"):  # self-closing: no block
        return None
    closing = words[0].startswith("/")
    name = words[0].lstrip("/") or (words[1] if closing and len(words) > 1 else "")
    if name not in _SHORTCODES or (closing and len(words) > (1 if words[0] != "/" else 2)):
        return None
    language = "" if closing or len(words) < 2 else words[1].split("=", 1)[-1].strip("\"'")
    return _Tag(line[: len(line) - len(line.lstrip())], name, language, closing)


def _shortcode_code(lines: list[str]) -> list[str]:
    """Hugo's code shortcodes (Istio's ``{{< text yaml >}}`` … ``{{< /text >}}``, ``{{< highlight
    go >}}``, ``{{% code %}}``) read as the fenced blocks they render as, each line in its place:
    what is inside is code and output, never headings (a YAML comment) or prose. Only an opening
    tag and the closing tag of the same name after it, with no other opening tag between and
    outside fenced blocks, make a block: an unclosed one is left as it is."""
    if not any("{{" in line for line in lines):
        return lines
    out = list(lines)
    opened: tuple[int, _Tag] | None = None
    fence = ""
    for n, line in enumerate(lines):
        if opened is None and (m := _FENCE_OPEN.match(line)):
            fence = _after_fence_line(fence, m.group(1))
            continue
        if fence or (tag := _shortcode(line)) is None:
            continue
        if not tag.closing:
            opened = (n, tag)  # a second opening tag: the first was never closed
        elif opened is not None and opened[1].name == tag.name:
            k, start = opened
            inside = "\n".join(lines[k + 1 : n])
            ticks = "`" * max([3, *(len(f) + 1 for f in _BACKTICKS.findall(inside))])
            out[k], out[n], opened = f"{start.indent}{ticks}{start.language}", f"{tag.indent}{ticks}", None
    return out


def _liquid(lines: list[str]) -> list[str]:
    """Jekyll's Liquid tags outside code read as what the page renders, each line in its place: a
    block's title in quotes (``{% details "How to fix" %}``, ``{% important "Error: x" %}``) as a bold
    title, a term or a link its text (``{% term "configuration.yaml" %}``, ``{% my integrations
    title="Settings" %}``), other tags (``{% enddetails %}``, ``{% raw %}``, ``{% include x.html %}``)
    nothing: none is a word of the answer. Hugo's shortcodes (``{{% note %}}``) are not Liquid, and
    headings and indented code are left as written."""
    if not any("{%" in line for line in lines):
        return lines
    out, fence = list(lines), ""
    for n, line in enumerate(lines):
        if m := _FENCE_OPEN.match(line):
            fence = _after_fence_line(fence, m.group(1))
            continue
        if fence or "{%" not in line or _HEADING_OR_INDENTED.match(line):
            continue
        if INCLUDE.match(line):
            out[n] = ""  # what the site pastes here is another file's, which kb lint names
            continue
        if block := _LIQUID_BLOCK.match(line):
            out[n] = f"{block.group(1)}**{block.group(2)}**" if block.group(2) else ""
            continue
        spans = [(c.start(), c.end()) for c in _CODE_SPAN_OR_LIQUID.finditer(line)]

        def text(m: re.Match[str], spans: list[tuple[int, int]] = spans) -> str:
            if any(a <= m.start() < b for a, b in spans):
                return m.group(0)  # in a code span: code, as written (`{% raw %}`)
            return m.group(1) or m.group(2) or ""

        out[n] = _LIQUID_TAG.sub(text, line)
    return out


_LIQUID_BLOCK = re.compile(r'^(\s*)\{%-?\s*[a-z]\w*(?:\s+"([^"\n]{1,200})")?[^%\n]{0,200}?-?%\}(?!\})\s*$')
_LIQUID_TAG = re.compile(
    r'(?<!\{)\{%-?\s*(?:term\s+"([^"\n]{1,200})"|[a-z]\w*(?:[^%\n]{0,200}?\btitle="([^"\n]{1,200})")?)'
    r"[^%\n]{0,200}?-?%\}(?!\})"
)
_HEADING_OR_INDENTED = re.compile(r"^(?: {0,3}#| {4}|\t)")
_CODE_SPAN_OR_LIQUID = re.compile(r"`+[^`\n]*`+")


_TAG = re.compile(r"</?[A-Za-z][\w.:-]*(?:\s[^<>]*)?/?>")
_SUMMARY = re.compile(r"^\s*(?:<details[^<>]*>\s*)?<summary\b", re.IGNORECASE)
_MARKED = re.compile(r"(?:#|>|[-*+=]|\d{1,9}[.)])(?:\s|$)")
"""Text that markdown would read as a heading, quote or list item, had it not been inside tags."""
_TAGGED = re.compile(r"^\s*</?[A-Za-z][\w.:-]*(?:\s[^<>]*)?/?>(?:[^<>]*</?[A-Za-z][\w.:-]*(?:\s[^<>]*)?/?>)*[^<>]*$")
"""A line of JSX tags, with text between them or not (``<details>``, ``<summary>Log</summary>``,
``<TabItem value="npm">``). MDX reads the lines after it as markdown; CommonMark would read them
as part of an HTML block up to a blank line, a code fence straight after ``<summary>`` included.
So before a line of text such a line is read as its text alone, every line keeping its place."""


def _without_esm(lines: list[str], source: str, problems: list[Problem]) -> list[str]:
    """An MDX page read as markdown: its ``import``/``export`` statements (a block that starts a
    paragraph, up to a blank line outside brackets) and its ``{/* comments */}`` become blank,
    outside fences; every line keeps its place. A statement whose brackets do not close before a
    heading ends there, with a problem: a typo must not silently swallow the rest of the page."""
    out: list[str] = []
    fence, depth, esm, after_blank, comment, opened = "", 0, False, True, False, 0
    for n, line in enumerate(lines):
        if esm and depth > 0 and _HEADING_LINE.match(line):
            problems.append(Problem(source, opened + 1, _unclosed_esm(f"before the heading at line {n + 1}")))
            esm, depth = False, 0
        if comment:  # inside a {/* … */} comment begun on an earlier line
            end = line.find("*/}")
            comment = end < 0
            line = "" if comment else line[end + 3 :]
        elif not fence and (esm or (after_blank and _ESM.match(line))):
            opened = opened if esm else n
            depth += sum(line.count(c) for c in _OPENERS) - sum(line.count(c) for c in _CLOSERS)
            esm = depth > 0 or bool(line.strip())
            if not line.strip() and depth <= 0:
                esm, depth = False, 0
            out.append("")
            after_blank = not line.strip()
            continue
        if m := _FENCE_OPEN.match(line):
            fence = _after_fence_line(fence, m.group(1))
        elif not fence:
            line = _MDX_COMMENT.sub("", line)
            if (start := line.find("{/*")) >= 0:
                line, comment = line[:start], True
            elif n + 1 < len(lines) and lines[n + 1].strip() and _TAGGED.match(line):
                text = _TAG.sub("", line).rstrip()  # <summary>Log</summary> before its text: Log
                titled = text.strip() and _SUMMARY.match(line)  # a title, bold: an error it names is stated
                indent, text = text[: len(text) - len(text.lstrip())], text.strip()
                line = f"{indent}**{text.replace('**', '')}**" if titled else indent + _unmarked(text)
        out.append(line)
        after_blank = not line.strip() or line.strip() == "---"
    if esm and depth > 0:
        problems.append(Problem(source, opened + 1, _unclosed_esm("by the end of the file")))
    return out


def _unmarked(text: str) -> str:
    """Text that markdown would read as a heading, quote or list item escaped so that it reads as
    text: ``\\# not a heading``, ``1\\. not a list``."""
    if not (m := _MARKED.match(text)):
        return text
    marker = m.group().rstrip()
    return text[: len(marker) - 1] + "\\" + text[len(marker) - 1 :]


def _opens_front_matter(lines: list[str]) -> bool:
    """The page opens as front matter does, ``---`` and then a ``key:`` line (lower case, as front matter's
    keys are), that the parser did not take as front matter: it is never closed (a rule before text,
    ``Note: …``, is not followed by a key)."""
    return len(lines) > 1 and lines[0].rstrip() == "---" and bool(re.match(r"[a-z_][\w-]*:(?:\s|$)", lines[1]))


def _unclosed_esm(where: str) -> str:
    return f"this MDX import/export does not close its brackets {where}; it is read as code up to there"


def _tokens(lines: list[str], offset: int, source: str, problems: list[Problem]) -> list[Token]:
    """The tokens of ``lines`` (which start at line ``offset`` of the file). Where markdown nests
    deeper than the parser goes (it would drop the rest of the file), the reading resumes at the
    next heading, and a problem says so."""
    md = _md()
    tokens = md.parse("\n".join(lines))
    limit = int(md.options.get("maxNesting", 20))
    deep = [t.map[0] for t in tokens if t.map and t.level >= limit - 1]
    for t in tokens:
        if t.map:
            t.map = [t.map[0] + offset, t.map[1] + offset]
    if not deep:
        return tokens
    stop = max(deep)
    resume = next((i for i in range(stop + 1, len(lines)) if _HEADING_LINE.match(lines[i])), None)
    problems.append(
        Problem(
            source,
            offset + stop + 1,
            f"markdown nested more than {limit} levels deep; read again from the next heading",
        )
    )
    if resume is None:
        return tokens
    kept = [t for t in tokens if not t.map or t.map[0] < offset + resume]
    return kept + _tokens(lines[resume:], offset + resume, source, problems)


def _md() -> MarkdownIt:
    global _parser
    if _parser is None:
        from markdown_it import MarkdownIt
        from mdit_py_plugins.front_matter import front_matter_plugin

        _parser = MarkdownIt("commonmark").use(front_matter_plugin)
    return _parser


def _front_matter(tokens: Sequence[Token], source: str, problems: list[Problem]) -> FrontMatter:
    if not tokens or tokens[0].type != "front_matter":
        return FrontMatter()
    try:
        found = read_front_matter(tokens[0].content)
    except FrontMatterError as e:
        problems.append(Problem(source, e.line + 2, f"{e}; front matter ignored"))
        return FrontMatter()
    problems += [Problem(source, 1, message) for message in found.problems]
    return found


def _headings(tokens: Sequence[Token], attributes: bool = True) -> list[_Heading]:
    found = []
    for i, t in enumerate(tokens):
        if t.type == "heading_open" and t.map:
            inline = tokens[i + 1]
            plain = _without_shortcodes(_plain(inline))
            text, explicit = _heading_attributes(plain) if attributes else (plain, None)
            anchor = _without_shortcodes(_anchor_plain(inline))
            anchor = (_heading_attributes(anchor)[0] if attributes else anchor).strip() if anchor != plain else ""
            spans = tuple(c.content for c in inline.children or () if c.type == "code_inline")
            found.append(_Heading(int(t.tag[1]), text.strip(), explicit, t.map[0], spans, anchor))
    return found


def _without_shortcodes(text: str) -> str:
    """A heading's text without Hugo's shortcodes, whose output only Hugo knows: ``Release {{% version
    %}} OS requirements {#os}`` is ``Release OS requirements``, its ``{#os}`` its own id again."""
    if "{{" not in text or not SHORTCODE.search(text):
        return text
    parts = _CODE_SPAN_SPLIT.split(text)  # a shortcode in a code span is the author's example, as written
    kept = "".join(p if i % 2 else SHORTCODE.sub(" ", p) for i, p in enumerate(parts))
    if not _HEADING_WORDS.search(_heading_attributes(kept)[0]):
        return text  # a heading that is a shortcode alone (Kubernetes' {{% heading "prerequisites" %}}): its words
    return " ".join(kept.split()) + (" " if text.endswith(" ") else "")


_CODE_SPAN_SPLIT = re.compile(r"(`+[^`]*`+)")
_HEADING_WORDS = re.compile(r"\w")


def _plain(inline: Token) -> str:
    """A heading's text as a reader sees it: code spans keep their backticks; raw HTML tags
    (``<a name=…></a>``, ``<pod-name>``) are dropped, as the site's table of contents drops them,
    and so are ``<IP:port>`` look-alikes of links (CommonMark reads an autolink there, the site's
    Markdown raw HTML)."""
    return _text_of(inline.children or ())


def _anchor_plain(inline: Token) -> str:
    """:func:`_plain` as the site's table of contents reads it for the anchor: angle brackets written as
    entities (``expected &lt;identifier&gt;``) are the page's text, not raw HTML, which
    :func:`kb.slug.anchor_text` leaves out; they are marked so that it keeps them, and the site's slugify
    gets them as Python-Markdown gives them. A backslash's ``\\<y>`` is a tag to Python-Markdown still."""
    if "&" not in inline.content:
        return _plain(inline)
    global _parts_parser
    if _parts_parser is None:
        from markdown_it import MarkdownIt

        _parts_parser = MarkdownIt("commonmark").disable("text_join")  # entities and escapes as their own tokens
    return _text_of(_parts_parser.parseInline(inline.content)[0].children or (), entities=True)


_parts_parser: MarkdownIt | None = None


def _text_of(children: Sequence[Token], entities: bool = False) -> str:
    """The text of a heading's inline tokens (:func:`_plain`); with ``entities``, the angle brackets
    that entities write marked as such (:data:`kb.slug.ENTITY_BRACKETS`)."""
    parts = []
    skipping = False
    for c in children:
        if c.type == "link_open" and c.markup == "autolink" and not _WEB.match(str(c.attrs.get("href", ""))):
            skipping = True
        elif c.type == "link_close" and skipping:
            skipping = False
        elif skipping:
            continue
        elif c.type == "text":
            parts.append(c.content)
        elif c.type == "text_special":
            parts.append(ENTITY_BRACKETS.get(c.content, c.content) if entities and c.info == "entity" else c.content)
        elif c.type == "code_inline":
            parts.append(f"`{c.content}`")
        elif c.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return " ".join("".join(parts).split())


def _listed_messages(tokens: Sequence[Token]) -> frozenset[str]:
    """The anchors and texts (lower-cased, spacing aside) of the headings a page links to with the
    link's text one code span: an errors page's index, whose ``Message`` column lists
    ``[`connection refused`](#connection-refused)``, says its headings are what a program prints,
    however few or plain their words."""
    found: set[str] = set()
    for t in tokens:
        kids = (t.children or []) if t.type == "inline" else []
        for i in range(len(kids) - 2):
            href = str(kids[i].attrGet("href") or "") if kids[i].type == "link_open" else ""
            if href.startswith("#") and kids[i + 1].type == "code_inline" and kids[i + 2].type == "link_close":
                found |= {href[1:].lower(), " ".join(kids[i + 1].content.split()).lower()}
    return frozenset(found)


def _entry(s: Section, h: _Heading, id_: str, p: _Page, named: list[Template], taken: frozenset[str]) -> Entry:
    end = s.answer_end
    body = p.shown(h.line + 1, end).strip("\n")
    section = p.between(h.line, end)
    parts = [(c.title, c.line, c.end) for c in s.children if c.part] + _error_containers(p.lines, h.line + 1, end)
    kind = classify(h.text)
    listed = kind == "topic" and bool({id_.lower(), " ".join(h.text.split()).lower()} & p.listed)
    stated = [Template(h.text, h.line + 1, "heading")] if listed else []
    stated += heading_templates(h.text, h.code_spans, h.line + 1)
    said = {t.text for t in stated}
    templates = [
        *stated,
        *(t for t in code_templates(h.text, h.line + 1, p.codes) if t.text not in said),
        *body_templates(section, parts, is_code(h.text)),
        *_aliases_after(h, p),
        *(t for t in named if t.text.strip().lower() not in h.text.lower()),  # a new name, not the heading's words
        *(
            Template(text, _front_line(text, p, h.line + 1), "alias")
            for key in _front_keys(id_, h.text, p.front.aliases, taken)
            for text in p.front.aliases.get(key, ())
        ),
    ]
    return Entry(
        id=id_,
        title=h.text,
        kind="error" if listed else kind,
        body=body.rstrip() + "\n" if body.strip() else "",
        source=p.source,
        line=h.line + 1,
        page=p.page,
        code=tuple(_code(t) for t in section if t.type == "fence"),
        links=tuple(_links(section)),
        tags=p.front.tags,
        breadcrumb=tuple(a.title for a in s.ancestors),
        level=s.level,
        templates=ordered(templates),
    )


def _front_line(text: str, p: _Page, otherwise: int) -> int:
    """The 1-based line of the front matter that holds ``text`` (YAML keeps no lines); ``otherwise``
    when no line holds it as written (folded or escaped)."""
    front = p.tokens[0].map if p.tokens and p.tokens[0].type == "front_matter" and p.tokens[0].map else (0, 0)
    return next((k + 1 for k in range(front[0], front[1]) if text in p.lines[k]), otherwise)


def _front_keys(id_: str, title: str, aliases: Mapping[str, object], taken: frozenset[str]) -> list[str]:
    """The front-matter alias keys that name the entry: its id or heading as written, else its id as
    the other family of slugs writes it (:func:`kb.slug.loose_anchor`), where no heading of the page
    (``taken``: their ids) has that key as its id."""
    exact = [k for k in (id_, title) if k in aliases]
    return exact or [k for k in aliases if k not in taken and k != title and loose_anchor(k) == loose_anchor(id_)]


def _aliases_after(h: _Heading, p: _Page) -> list[Template]:
    """An alias comment on the heading's own line (``## Title <!-- kbfind-alias: … -->``)."""
    return alias_lines(p.lines[h.line], h.line + 1)


def _expanded(tokens: list[Token], lines: list[str], depth: int = 0) -> list[Token]:
    """``tokens`` with the body of each admonition and content tab (``!!! tip``, ``=== "Linux"``, then
    lines indented four spaces), which CommonMark reads as one indented code block, read as the
    markdown the site renders: its prose is prose, its fences code, not a block of program output."""
    if depth >= _MAX_DEPTH or not any(t.type == "code_block" or _opens_body(t, lines) for t in tokens):
        return tokens
    out: list[Token] = []
    skip = False
    for i, t in enumerate(tokens):
        if skip:  # the paragraph's text, split below
            skip = False
        elif _opens_body(t, lines) and i + 1 < len(tokens) and tokens[i + 1].type == "inline":
            at, end = t.map[0], t.map[1]  # type: ignore[index]
            out += _markdown_at(lines[at : at + 1], at, depth)
            cut = next((k for k in range(at + 1, end) if not lines[k].expandtabs(4).startswith("    ")), end)
            out += _markdown_at([line.expandtabs(4)[4:] for line in lines[at + 1 : cut]], at + 1, depth)
            out += _markdown_at(lines[cut:end], cut, depth)
            skip = True
        elif t.type == "code_block" and t.map and _under_container(t.map[0], lines):
            out += _markdown_at(t.content.split("\n"), t.map[0], depth)
        else:
            out.append(t)
    return out


def _markdown_at(body: list[str], at: int, depth: int) -> list[Token]:
    """``body``'s blocks, read as markdown, with its containers expanded, placed at line ``at``."""
    inner = _expanded([b for b in _md().parse("\n".join(body)) if b.map], body, depth + 1)
    return [b.copy(map=[b.map[0] + at, b.map[1] + at]) for b in inner]  # type: ignore[index]


def _opens_body(t: Token, lines: list[str]) -> bool:
    """A paragraph that opens an admonition, a collapsible or a tab and goes on with its body, with
    no blank line between (``!!! error`` then ``    ```bash``): Python-Markdown reads the indented
    lines as the body, CommonMark as the paragraph's continuation."""
    if t.type != "paragraph_open" or not t.map or t.map[1] - t.map[0] < 2:
        return False
    first, second = lines[t.map[0]], lines[t.map[0] + 1]
    return (
        first.startswith(_CONTAINER_STARTS)
        and any(o.match(first) for o in _CONTAINER_LINES.values())
        and second.expandtabs(4).startswith("    ")
    )


_ERROR_CONTAINER = re.compile(r'(?:!!!|\?{3}\+?) ?(?:error|failure|fail)\b(?: +"[^"\n]*")? *$')
"""An admonition of the kind that shows a failure (``!!! error``, ``??? failure "…"``)."""


def _error_containers(lines: list[str], start: int, end: int) -> list[tuple[str, int, int]]:
    """The bodies of the admonitions on lines ``start`` to ``end`` that show a failure, as the parts
    (title, first line, end line) of an answer that state its error message: MkDocs pages quote it
    so (``!!! error`` then ``    FATAL failed to download …``). One a fence shows at the margin has
    no body: the fence's closing line ends it."""
    found = []
    for k in range(start, end):
        if _ERROR_CONTAINER.match(lines[k]):
            stop = k + 1
            while stop < end and (not lines[stop].strip() or lines[stop].expandtabs(4).startswith("    ")):
                stop += 1
            found.append((ERROR_BOX, k + 1, stop))
    return found


def _under_container(line: int, lines: list[str]) -> bool:
    """The nearest line above ``line`` with text opens an admonition, a collapsible or a tab."""
    above = next((lines[k] for k in range(line - 1, -1, -1) if lines[k].strip()), "")
    return above.startswith(_CONTAINER_STARTS) and any(o.match(above) for o in _CONTAINER_LINES.values())


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


def _front_title(
    front: FrontMatter, tokens: Sequence[Token], toml_end: int | None, headings: list[_Heading], page: str = ""
) -> _Heading | None:
    """The front matter's ``title`` as the page's ``#`` heading, on the line that closes the front
    matter, when the page writes none of its own (Hugo, Jekyll, Docusaurus): a ``#`` heading after
    the page's first text is a section of it (Home Assistant's ``# Prerequisites`` after the intro),
    not its title. A page with no title there and no heading at all, only text, is titled by its
    file's name (:func:`_page_name`), as MkDocs and GitHub's wikis title it: the Rust compiler's error
    index is a page a code, ``E0382.md``, that starts with its explanation."""
    end = toml_end if toml_end is not None else tokens[0].map[1] - 1 if tokens and tokens[0].map else 0
    first = min((h.line for h in headings if h.level == 1), default=None)
    title = front.title or ("" if headings or not _text_between(tokens, end, 1 << 30) else _page_name(page))
    if not title or (first is not None and not _text_between(tokens, end, first)):
        return None
    return _Heading(1, title, None, end, tuple(re.findall(r"`([^`]+)`", title)))


def _page_name(page: str) -> str:
    """A page's title from its file's name, its extension left out and ``-``/``_`` read as spaces
    (``common-issues.md`` → ``common issues``); a folder's ``README``/``index`` page is titled by the
    folder's name, and one at the top by none."""
    parts = page.replace("\\", "/").split("/")
    stem = parts[-1].rsplit(".", 1)[0] if "." in parts[-1] else parts[-1]
    if stem.lower() in ("readme", "index", "_index"):
        stem = parts[-2] if len(parts) > 1 else ""
    return " ".join(stem.replace("_", " ").replace("-", " ").split())


def _text_between(tokens: Sequence[Token], start: int, end: int) -> bool:
    """A block of the page's own (a paragraph, a list, code) begins after line ``start`` and before
    ``end``; a paragraph of markup alone (a shortcode, a table-of-contents marker, an import) is none."""
    return any(
        t.map
        and t.level == 0
        and t.nesting >= 0
        and start < t.map[0] < end
        and t.type not in _NO_TEXT
        and not (t.type == "paragraph_open" and k + 1 < len(tokens) and _markup_only(tokens[k + 1].content))
        for k, t in enumerate(tokens)
    )


_NO_TEXT = frozenset({"front_matter", "hr", "heading_open", "html_block"})


def _markup_only(text: str) -> bool:
    """A paragraph that renders no words of the page: ``{{< toc >}}``, ``[[_TOC_]]``, ``[TOC]``,
    ``{:toc}``, ``import Tabs from '@theme/Tabs';``."""
    return all(_MARKUP_LINE.match(line) for line in text.split("\n"))


_MARKUP_LINE = re.compile(
    r"""^\s*(?:(?:\{\{[<%][^\n]*?[%>]\}\}|\{%[^\n]*?%\}|\[\[_?TOC_?\]\]|\[TOC\]|\{:\s*toc\s*\})\s*)+$"""
    r"""|^\s*import\s+[^\n]+?\s+from\s+["'][^"'\n]+["'];?\s*$""",
    re.IGNORECASE,
)


def _page_lines(
    text: str, name: str, source: str, problems: list[Problem]
) -> tuple[list[str], FrontMatter | None, int, dict[int, str], dict[int, str]]:
    """A page's lines as its markdown is parsed (an MDX page's ``import``/``export`` statements and
    Hugo's code shortcodes read as what they render as), its TOML front matter, where that ends, the
    questions of a definition-list FAQ, and the ids of headings written in HTML (by line)."""
    lines = text.split("\n")
    if name.endswith(".mdx") or ("import" in text and _imports_modules(lines)):
        lines = _without_esm(lines, source, problems)
    lines, given = _html_headings(myst_lines(lines))
    lines, toml, toml_end = _toml_front(_liquid(_shortcode_code(lines)), source, problems)
    lines, asked = faq_terms_as_headings(lines, _md().parse)
    return lines, toml, toml_end, asked, given


_HTML_HEADING = re.compile(r"^ {0,3}<h([1-6])(\s[^<>]*)?>(.*?)</h\1>\s*$", re.IGNORECASE)
_HTML_BOX = re.compile(r"<(/?)(?:aside|div|details|section|blockquote|figure|table)\b[^<>]*>", re.IGNORECASE)
"""An HTML block's tags: a heading inside one (mdBook's ``<aside class="note"><h1>Warning</h1>``) titles it."""
_HTML_LINE_START = re.compile(r" {0,3}<")  # a line that opens an HTML block; not indented code
_ALIGNED = re.compile(r"\balign\s*=", re.IGNORECASE)


def _banner(attributes: str | None) -> bool:
    """A heading centred as a README's banner (``<h3 align="center">``): no section."""
    return attributes is not None and _ALIGNED.search(attributes) is not None


_HTML_ID = re.compile(r"""\bid\s*=\s*(?:"([^"\s]+)"|'([^'\s]+)')""", re.IGNORECASE)


def _html_headings(lines: list[str]) -> tuple[list[str], dict[int, str]]:
    """A heading written in HTML on its line (``<h4 id="3.8">服务端报错 …</h4>``, as pages exported from
    Docsite or Yuque write an FAQ's questions) read as the markdown heading it renders as, and its ``id``,
    the anchor the page renders whatever the site's extensions. Not in code, not in an HTML block it
    titles (from a line that opens one to the markdown heading after it), not a centred banner
    (a README's ``<h3 align="center">``)."""
    if not any("<h" in line or "<H" in line for line in lines):
        return lines, {}
    out, fence, inside, ids = list(lines), "", 0, {}
    for n, line in enumerate(lines):
        if m := _FENCE_OPEN.match(line):
            fence = _after_fence_line(fence, m.group(1))
        elif fence:
            continue
        elif _HEADING_LINE.match(line):
            inside = 0
        elif _HTML_LINE_START.match(line) and (opened := _HTML_BOX.findall(line)):
            inside = max(0, inside + sum(-1 if tag.startswith("/") else 1 for tag in opened))
        elif not inside and (h := _HTML_HEADING.match(_html_heading_at(out, n))) and h.group(3).strip():
            if _banner(h.group(2)):
                continue
            out[n] = f"{'#' * int(h.group(1))} {' '.join(h.group(3).split())}"
            if given := _HTML_ID.search(h.group(2) or ""):
                ids[n] = given.group(1) or given.group(2)
    return out, ids


_HTML_HEADING_OPEN = re.compile(r"^ {0,3}<h([1-6])(?:\s[^<>]*)?>(?!.*</h\1>)", re.IGNORECASE)
_HTML_HEADING_LINES = 5


def _html_heading_at(lines: list[str], n: int) -> str:
    """The HTML heading that opens on line ``n``, its lines joined where its text runs onto the next
    (``<h3 id='32'>Q: 32.Unrecognized VM option …⏎Error: Could not create the Java Virtual Machine.</h3>``,
    as a browser renders it: one heading); those lines are emptied, so every line keeps its number.
    Else the line as it is."""
    line = lines[n]
    if not (opened := _HTML_HEADING_OPEN.match(line)):
        return line
    close = f"</h{opened.group(1)}>"
    for k in range(n + 1, min(n + 1 + _HTML_HEADING_LINES, len(lines))):
        if not lines[k].strip() or (_HTML_LINE_START.match(lines[k]) and close not in lines[k].lower()):
            return line  # a blank line ends an HTML block; another tag starts something else
        if close in lines[k].lower():
            if not lines[k].lower().rstrip().endswith(close):
                return line
            joined = " ".join(part.strip() for part in lines[n : k + 1])
            lines[n + 1 : k + 1] = [""] * (k - n)
            return joined
    return line


def page_outline(text: str, page: str = "") -> tuple[list[str], list[tuple[int, str, int]], frozenset[int]]:
    """A markdown text's lines as entries read them (:func:`_page_lines`: ``page``, its path, says
    whether it is MDX), ``(level, title, 0-based line)`` of every heading (the front matter's
    title as the page's when it writes no ``#`` heading), and the lines of those that are the
    questions of a definition-list FAQ."""
    problems: list[Problem] = []
    lines, toml, toml_end, asked, _ = _page_lines(text, page.rsplit("/", 1)[-1].lower(), "", problems)
    tokens = _tokens(lines, 0, "", problems)
    headings = _headings(tokens)
    titled = _front_title(
        toml or _front_matter(tokens, "", problems), tokens, toml_end if toml is not None else None, headings, page
    )
    return lines, [(h.level, h.text, h.line) for h in ([titled] if titled else []) + headings], frozenset(asked)
