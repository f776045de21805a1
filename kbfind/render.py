"""Results for a human in a terminal: rendered to a string, written by the CLI.

Every text that comes from content or from the paste goes through :func:`safe_text` before it
is styled, so a terminal shows it and never acts on it (titles, clipboard writes, conceal).
"""

from __future__ import annotations

import contextlib
import os
import posixpath
import re
import textwrap
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from kb import Entry, Locations, page_url
from kb.kind import INCLUDE, SHORTCODE
from kb.sources import is_markdown
from kb.urls import repository_top
from kbfind.terminal import safe_text
from matcher import Match, Result
from matcher.rules import describe

__all__ = ["Style", "render_explain", "render_result"]

_LINK = re.compile(r"\[([^\[\]\n]{1,500})\]\(([^\s()]{1,2000})\)")
_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})(.*)$")

_ADMONITION = re.compile(r"^\s{0,8}:::(\w+)\s*(.*)$")
_DOCFX_EXTENSION = re.compile(
    r"^\s*:::(?:[a-z][\w-]*(?:\s+[\w-]+=(?:\x22[^\x22\n]*\x22|[^\s\x22]+))*\s*:::|(?:zone|moniker|row|column)(?:-end)?\b.*)$"
)
"""A docfx extension on a line of its own (``:::image type="content" source="…" alt-text="…":::``,
``:::zone pivot="…"``, ``:::zone-end``): markup the site renders as an image or a layout, not the
answer's words."""
_GITHUB_ALERT = re.compile(r"^( {0,3}>\s*)\[!(note|tip|important|warning|caution)\]\s*$", re.IGNORECASE)
"""A GitHub alert's marker line (``> [!WARNING]``): its kind, as an admonition's, in the quote it opens."""
_DEFINITION = re.compile(r"^ {0,3}:[ \t]+(?=\S)")
"""A definition's marker, opening the answer of a question an FAQ writes as a definition list."""
_ATTRIBUTE = r"""[\w:-]+=(?:"[^"]*"|'[^']*'|\{[^{}]*\})"""
_COMPONENT_ONLY = re.compile(
    rf"^\s*(?:(?:</[A-Z][\w.]*>|<[A-Z][\w.]*(?:\s+(?:{_ATTRIBUTE}|[\w:-]+))*\s+{_ATTRIBUTE}(?:\s+(?:{_ATTRIBUTE}|[\w:-]+))*\s*/?>"
    rf"|<[A-Z][\w.]*\s*/?>)\s*)+$"
)
"""A line of an MDX component's tags alone (capitalized: ``<Tabs groupId="install">``, ``</TabItem>``,
``<Tabs>``), not an author's ``<Your Project ID>``, whose words are no attributes."""
_HTML_ONLY = re.compile(
    r"^\s*(?:</?(?:details|summary|div|section|aside|figure|figcaption|center|p|span|br|hr)(?:\s[^<>]*)?/?>\s*)+$"
)
"""A line of HTML block tags alone (``<details>``, ``</div>``, ``<br/>``): markup the site does not show."""
_SHORTCODES_ONLY = re.compile(rf"^\s*(?:{SHORTCODE.pattern}\s*)+$")
"""A line of Hugo shortcodes alone (``{{< copyable "shell-regular" >}}``, ``{{% notice note %}}``, ``{{< /alert >}}``):
markup whose output only Hugo knows; the text between a pair is the answer's."""


class Style:
    """ANSI styling, or none (``NO_COLOR``, not a terminal)."""

    def __init__(self, color: bool) -> None:
        self.color = color

    def _wrap(self, code: str, text: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.color and text else text

    def bold(self, text: str) -> str:
        return self._wrap("1", text)

    def dim(self, text: str) -> str:
        return self._wrap("2", text)

    def green(self, text: str) -> str:
        return self._wrap("32", text)

    def yellow(self, text: str) -> str:
        return self._wrap("33", text)

    def cyan(self, text: str) -> str:
        return self._wrap("36", text)


def render_result(result: Result, where: Locations, style: Style, explain: bool = False, empty: str = "") -> str:
    """The best answer in full, then every other candidate on one line; ``empty``: the knowledge base
    has no entries (the command that says why), which is what the user needs to hear, not that none
    matched."""
    out: list[str] = []
    if result.matches:
        best, *others = result.matches
        out += _render_answer(best, where, style)
        if explain:
            out += render_explain(best, where, style)
        if others:
            out += ["", style.bold("Also matching:")]
            out += [_one_line(m, where, style) for m in others]
        if result.suggestions:
            out += ["", style.bold("Other candidates (not confident):")]
            out += [_one_line(m, where, style) for m in result.suggestions]
    elif empty:
        out.append(style.yellow("No entries") + f" in the knowledge base to answer from; `{empty}` says why.")
    else:
        out.append(style.yellow("No confident match") + " in the knowledge base for this paste.")
        if result.suggestions:
            out += ["", style.bold("Nearest entries (not confident):")]
            out += [_one_line(m, where, style) for m in result.suggestions]
            if explain:
                out += render_explain(result.suggestions[0], where, style)
    return "\n".join(out) + "\n"


def _render_answer(m: Match, where: Locations, style: Style) -> list[str]:
    e = m.entry
    out = [
        f"{style.green('✔')} {style.bold(safe_text(e.title))}",
        f"  {style.dim('confidence')} {m.score:.2f}  {style.dim(_place(e, where))}",
    ]
    if url := where.url(e):
        out.append(f"  {style.cyan(safe_text(url))}")
    for c in m.copies:
        copy_url = where.url(c)
        out.append(
            f"  {style.dim('the same entry:')} {style.dim(_place(c, where))}"
            + (f"  {style.cyan(safe_text(copy_url))}" if copy_url else "")
        )
    if m.params:
        empty = '""'  # a value quoted empty in the paste: parsing "": invalid syntax
        shown = " · ".join(f"{name} = {', '.join(v or empty for v in values)}" for name, values in m.params)
        out.append(f"  {style.dim('from your paste:')} {safe_text(shown)}")
    out.append("")
    out += _render_body(e, style, where)
    return out


def _render_body(e: Entry, style: Style, where: Locations | None = None) -> list[str]:
    if e.unanswered:
        return [style.yellow("  Known error, no answer recorded yet.")]
    links: list[str] = []

    def cited(target: str) -> int:
        """The reference number of a link's target: a target cited again keeps its number."""
        if target not in links:
            links.append(target)
        return links.index(target) + 1

    def cite(m: re.Match[str]) -> str:
        return f"{m.group(1)} [{cited(_resolved(m.group(2), e, where) if where is not None else m.group(2))}]"

    named: dict[str, str] | None = None

    def cite_named(m: re.Match[str]) -> str:
        """``[Hugging Face][huggingface]``, ``[Hugging Face][]``: its target where the page defines it."""
        nonlocal named
        if named is None:
            named = _link_definitions(e, where)
        target = named.get(" ".join((m.group(4) or m.group(3)).lower().split()))
        if target is None:
            return m.group(0)
        return f"{m.group(3)} [{cited(_resolved(target, e, where) if where is not None else target)}]"

    def linked(text: str) -> str:
        """The line with its links cited, numbered in the order they are read."""
        if "][" not in text:
            return _LINK.sub(cite, text)
        return _ANY_LINK.sub(lambda m: cite(m) if m.group(2) is not None else cite_named(m), text)

    out: list[str] = []
    code: list[str] | None = None
    language = ""
    body = e.body
    if "kbfind-alias" in body.lower():  # aliases are for the matcher, as on the site
        from kb.templates import without_aliases

        body = without_aliases(body).lstrip("\n")
    comment = False  # in an HTML comment, which the site does not show: <!-- TODO -->, Gitea's <!--- … --->
    lines = safe_text(body).rstrip("\n").split("\n")
    for line, indented in zip(lines, _indented_code(lines), strict=True):
        if code is None and (comment or ("<!--" in line and not indented)):
            opened = not comment and line.lstrip(" ").startswith("<!--")
            line, comment = uncommented(line, comment)
            if not line.strip():
                continue
            line = line.lstrip(" ") if opened else line  # the text after a comment that opened the line
        fence = _FENCE.match(line)
        if fence and code is None:
            code, language = [], fence.group(3).split(" ", 1)[0].strip()
        elif fence and code is not None:
            out += _render_code("\n".join(code), language, style)
            code = None
        elif code is not None:
            code.append(line)
        elif _DOCFX_EXTENSION.match(line):
            continue
        elif admonition := _ADMONITION.match(line):
            out.append(("  " + style.bold(admonition.group(1).capitalize() + ":") + " " + admonition.group(2)).rstrip())
        elif alert := _GITHUB_ALERT.match(line):
            out.append("  " + alert.group(1) + style.bold(alert.group(2).capitalize() + ":"))
        elif (definition := _DEFINITION.match(line)) and not out:  # an FAQ's answer: its marker is markup
            out.append(("  " + _prose(linked(line[definition.end() :]), style, indented)).rstrip())
        elif line.strip() == ":::" or _COMPONENT_ONLY.match(line) or _HTML_ONLY.match(line) or INCLUDE.match(line):
            continue  # a block's end; an MDX component's tags (<Tabs>, <TabItem value="npm">): markup, as on the site
        elif not indented and _SHORTCODES_ONLY.match(line):
            continue  # Hugo's {{< copyable "shell-regular" >}}, {{% notice note %}}: markup, not the answer's words
        elif _LINK_DEFINITION.match(line):
            continue  # [huggingface]: https://…: where a link of the page goes, not text
        elif (shown := ("  " + _prose(linked(line), style, indented)).rstrip()) or (out and out[-1]):
            out.append(shown)  # one blank line where left-out lines (comments, imports, tags) were
    if code is not None:
        out += _render_code("\n".join(code), language, style)
    while out and not out[-1]:  # after the last text, only lines left out (a closing </details>)
        out.pop()
    if links:
        out += ["", "  " + style.bold("References:")]
        out += [f"  [{n}] {style.cyan(url)}" for n, url in enumerate(links, 1)]
    return out


_CODE_SPAN = re.compile(r"(?<!\\)(`+)[^`]*?\1")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_BREAK = re.compile(r" *(?<!\\)<br\s*/?> *", re.IGNORECASE)
_LIST_MARKER = re.compile(r"([-+*]|\d{1,9}[.)])( +|$)")
"""A list item's marker and the spaces after it, at the start of a line's text."""
_ATX_HEADING = re.compile(r"#{1,6}(?:[ \t]|$)")
_CODE_INDENT = 4  # columns past the content of the block a line sits in that make it indented code


def _indented_code(lines: list[str]) -> list[bool]:
    """Whether each line is indented code, as CommonMark reads it: four columns past where the content
    of the list item it sits in starts (the margin outside lists), after a blank line, a heading, a fence
    or more such code. A line indented under text continues it (a nested item, a wrapped line), and is
    text. Lines in a fence are not: the answer's reading shows them as code itself."""
    found: list[bool] = []
    items: list[int] = []  # where the content of each open list item starts, innermost last
    fenced = False
    above = "blank"  # the line above: "blank" (or the answer's start), "code", "closed" (a block ended) or "text"
    for line in lines:
        expanded = line.expandtabs(4)
        text = expanded.lstrip(" ")
        width = len(expanded) - len(text)
        if above == "blank" and text and not fenced:
            while items and width < items[-1]:  # text left of an item's content after a blank line ends it
                items.pop()
        code = bool(text) and not fenced and above != "text" and width >= (items[-1] if items else 0) + _CODE_INDENT
        found.append(code)
        if code or not text:
            above = "code" if code else "blank"
        elif _FENCE.match(line):
            fenced = not fenced
            above = "text" if fenced else "closed"
        elif fenced:
            continue
        elif marker := _LIST_MARKER.match(text):
            while items and items[-1] > width:  # an item at this indentation ends those nested deeper
                items.pop()
            spaces = len(marker.group(2))
            items.append(width + len(marker.group(1)) + (spaces if 1 <= spaces <= _CODE_INDENT else 1))
            above = "text"
        else:
            above = "closed" if _ATX_HEADING.match(text) else "text"
    return found


def uncommented(line: str, inside: bool = False) -> tuple[str, bool]:
    """``line`` without its HTML comments, code spans kept as written (`` `<!-- more -->` ``), and
    whether a comment is still open at its end; ``inside``: one was open before it. A position
    found once and passed: each character is looked at a bounded number of times."""
    at = 0
    if inside:
        end = line.find("-->")
        if end < 0:
            return "", True
        at = end + 3
    spans = [(m.start(), m.end()) for m in _CODE_SPAN.finditer(line, at)]
    out, k = [], 0
    while (start := line.find("<!--", at)) >= 0:
        while k < len(spans) and spans[k][1] <= start:
            k += 1
        if k < len(spans) and spans[k][0] <= start:  # in a code span: text
            out.append(line[at : spans[k][1]])
            at = spans[k][1]
            continue
        out.append(line[at:start])
        end = line.find("-->", start + 4)
        if end < 0:
            return "".join(out), True
        at = end + 3
    out.append(line[at:])
    return "".join(out), False


def _prose(line: str, style: Style, code: bool = False) -> str:
    """A line of text as it reads: emphasis, ``<br />`` and markdown's backslash escapes (``\\{``, ``\\*``)
    rendered, as the page shows them; code spans and indented code (``code``) as written."""
    if code:
        return line
    line = _emphasized(line, style)
    if "\\" not in line and "<" not in line:
        return line

    def text(part: str) -> str:
        return _ESCAPED.sub(r"\1", _untagged(_BREAK.sub(" ", part)) if "<" in part else part)

    out, at = [], 0
    for m in _CODE_SPAN.finditer(line):
        out += [text(line[at : m.start()]), m.group()]
        at = m.end()
    out.append(text(line[at:]))
    return "".join(out)


_EMPHASIS_LENGTH = 300  # characters: emphasis encloses a phrase; markers further apart enclose none
_STRONG = re.compile(
    rf"(?<![\\*])\*\*(?![\s*]).{{0,{_EMPHASIS_LENGTH}}}?(?<![\s*\\])\*\*(?!\*)"
    rf"|(?<![\\\w])__(?![\s_]).{{0,{_EMPHASIS_LENGTH}}}?(?<![\s_\\])__(?!\w)"
)
"""Strong emphasis as CommonMark delimits it (``**原因**``, ``__x__``): its markers against the text they
enclose, not escaped (``\\*``); ``__`` not inside a word, ``**`` there too, as Chinese writes it
(``是**重要**的``)."""
_EMPHASIS = re.compile(
    rf"(?<![\\*A-Za-z0-9])\*(?![\s*]).{{0,{_EMPHASIS_LENGTH}}}?(?<![\s*\\])\*(?![*A-Za-z0-9])"
    rf"|(?<![\\\w])_(?![\s_]).{{0,{_EMPHASIS_LENGTH}}}?(?<![\s_\\])_(?!\w)"
)
"""Emphasis (``*y*``, ``_y_``), as :data:`_STRONG`: an underscore never inside a word (``snake_case_name``), a
star not against a Latin letter or digit outside it (``2*3*4``, ``x*y*z``), though against Chinese, written
without spaces (``先*检查*``); a star followed by a space is a bullet or a product (``* item``, ``a * b``)."""
_BOTH = re.compile(
    rf"(?<![\\*])\*\*\*(?![\s*]).{{0,{_EMPHASIS_LENGTH}}}?(?<![\s*\\])\*\*\*(?!\*)"
    rf"|(?<![\\\w])___(?![\s_]).{{0,{_EMPHASIS_LENGTH}}}?(?<![\s_\\])___(?!\w)"
)
"""Emphasis and strong emphasis at once (``***very***``, ``___x___``), as :data:`_STRONG` delimits it."""
_HIDDEN = "\0"  # what stands for a character that cannot be a marker: in a code span, or one of a marker read


def _emphasized(line: str, style: Style) -> str:
    """``line`` with its emphasis as the page shows it: the text without its markers, strong emphasis bold
    (when ``style`` is coloured); code spans as written, though emphasis may enclose them."""
    if "*" not in line and "_" not in line:
        return line
    marks: dict[int, tuple[int, bool | None]] = {}  # a marker's start → its length, and whether bold starts or ends

    def strong(m: re.Match[str]) -> str:
        """The strong emphasis hidden from :data:`_EMPHASIS`, but for the text it encloses; ``***x***``
        both at once, shown bold."""
        n = 3 if m.group().startswith(("***", "___")) else 2
        marks.update({m.start(): (n, True), m.end() - n: (n, False)})
        return _HIDDEN * n + m.group()[n:-n] + _HIDDEN * n

    hidden = _CODE_SPAN.sub(lambda m: _HIDDEN * len(m.group()), line)
    hidden = _STRONG.sub(strong, _BOTH.sub(strong, hidden))
    for m in _EMPHASIS.finditer(hidden):
        marks.update({m.start(): (1, None), m.end() - 1: (1, None)})
    return _unmarked(line, marks, style) if marks else line


def _unmarked(line: str, marks: dict[int, tuple[int, bool | None]], style: Style) -> str:
    """``line`` without the markers ``marks`` names (start → length, and whether bold starts or ends
    there); the text from a bold start to its end bold, as one run."""
    out: list[str] = []
    run: list[str] = []
    at, bold = 0, False
    for start in sorted(marks):
        length, bolds = marks[start]
        run.append(line[at:start])
        at = start + length
        if bolds is not None and bolds != bold:
            out.append(style.bold("".join(run)) if bold else "".join(run))
            run, bold = [], bolds
    run.append(line[at:])
    out.append(style.bold("".join(run)) if bold else "".join(run))
    return "".join(out)


_HTML_TAG = re.compile(
    r"</?(?:a|abbr|article|aside|b|blockquote|center|cite|code|dd|del|details|div|dl|dt|em|figcaption|figure|font"
    r"|footer|h[1-6]|header|hr|i|img|ins|kbd|li|mark|nav|ol|p|picture|pre|q|s|samp|section|small|source|span|strong"
    r"|sub|summary|sup|table|tbody|td|th|thead|tr|tt|u|ul|var|video)(\s[^<>]*)?/?>"
)
"""An HTML element's tag in a line of text (``<p class="note-title">``, ``</summary>``): markup, its text
kept, as the paste page's preview reads it (``HTML_TAG``); lower case, as markdown writes HTML, so
``<Table name>`` and ``<pod-name>`` are the author's placeholders."""


_PLACEHOLDER_TAGS = frozenset(
    {"article", "code", "footer", "header", "nav", "section", "source", "table", "var", "video"}
)
"""Element names that are words an author writes as a placeholder too (``git config <section>.<key>``,
``curl -H <header>``, ``exit <code>``)."""


def _untagged(text: str) -> str:
    """``text`` without its HTML elements' tags; a bare opening tag of :data:`_PLACEHOLDER_TAGS` not closed
    in the same text is the author's placeholder, and stays."""
    lowered = text.lower()

    def tag(m: re.Match[str]) -> str:
        written = m.group(0)
        name = written[1:].rstrip(">").lower()
        if name in _PLACEHOLDER_TAGS and m.group(1) is None and f"</{name}>" not in lowered:
            return written
        return ""

    return _HTML_TAG.sub(tag, text)


_NAMED_LINK = re.compile(r"\[([^\[\]\n]{1,500})\]\[([^\[\]\n]{0,200})\]")
_ANY_LINK = re.compile(f"{_LINK.pattern}|{_NAMED_LINK.pattern}")
"""An inline link (groups 1, 2) or a reference link (groups 3, 4)."""
_LINK_DEFINITION = re.compile(
    r"^ {0,3}\[([^\[\]\n]{1,200})\]:[ \t]*(?:<([^<>\n]*)>|([^\s<>]*[/.#:][^\s<>]*))"
    r"""(?:[ \t]+(?:"[^"\n]*"|'[^'\n]*'|\([^()\n]*\)))?[ \t]*$"""
)
"""A link definition as CommonMark reads one: ``[label]: target`` and an optional quoted title, nothing
else on the line; its target a URL, a path or an anchor. A log line (``[ERROR]: upload aborted``) is text."""


def _link_definitions(e: Entry, where: Locations | None) -> dict[str, str]:
    """The link definitions of the entry's page (``[huggingface]: https://…``, often at its end, in
    another entry's text): label, lower case and spaced once → target. Its answer when the page
    cannot be read."""
    text = e.body
    if where is not None and where.root:
        with contextlib.suppress(OSError, UnicodeDecodeError):
            text = Path(where.source(e)).read_text("utf-8")
    found: dict[str, str] = {}
    for line in text.split("\n"):
        if m := _LINK_DEFINITION.match(line):
            found.setdefault(" ".join(m.group(1).lower().split()), m.group(2) or m.group(3))
    return found


def _resolved(link: str, e: Entry, where: Locations) -> str:
    """A link of the answer as it opens from here: a section of its own page (``#compact-the-keyspace``)
    or another page of the knowledge base (``command-line.md#x``, ``../ops/disk.md``) on the site when
    one is known, else as the file; a URL as written. A markdown file named from the root
    (``/tidb-lightning/troubleshoot.md#x``) is a page of the knowledge base read from its root, as GitHub
    and Docusaurus read it; any other path from the site's root (``/docs/#configure``) is on the site's
    host when one is known. On a site that is not MkDocs' (Hugo's, Docusaurus'), where a relative link
    that names no page is read from the page's URL (``../remote_setup/``), so is it."""
    if _SCHEME.match(link) or link.startswith("//"):
        return link
    path, _, anchor = link.partition("#")
    from_root = link.startswith("/")
    if from_root and not is_markdown(unquote(path)):
        return f"{urlsplit(where.site).scheme}://{urlsplit(where.site).netloc}{link}" if where.site else link
    if path and where.site and not where.mkdocs and not is_markdown(unquote(path)) and (url := where.url(e)):
        return urljoin(url.split("#")[0], link)
    if not path:
        return f"{where.url(e) or where.source(e)}".split("#")[0] + f"#{anchor}"
    fragment = f"#{anchor}" if anchor else ""
    written = unquote(path).lstrip("/")  # my%20notes.md: a file's name
    if from_root:
        found = _from_root(written, where)
        if found is None:
            return link  # no page of the knowledge base: as written
        written = found
    if where.root_is_file and not where.site:  # --kb one page: the files it links to are beside it
        return os.path.normpath(os.path.join(os.path.dirname(where.root), *written.split("/"))) + fragment
    page = posixpath.normpath(posixpath.join("" if from_root else posixpath.dirname(e.page), written))
    if page.startswith("../"):
        return link  # outside the knowledge base
    if where.site and is_markdown(page):
        return where.site.rstrip("/") + "/" + page_url(page, where.directory_urls, where.renderer) + fragment
    return where.path(page) + fragment


_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def _from_root(written: str, where: Locations) -> str | None:
    """The page, from the knowledge base's root, that a link from the root names (``written``, its
    ``/`` left out): a file there (TiDB's docs, the repository's top), else one the repository's top
    names (``/docs/other.md`` under ``--kb repo/docs``), as GitHub reads such links; ``None`` when no
    such file is found, or no root was given."""
    if not where.root:
        return None
    root = os.path.dirname(where.root) if where.root_is_file else where.root
    if os.path.isfile(os.path.join(root, *written.split("/"))):
        return written
    top = repository_top(Path(root)) or Path(os.path.abspath(root)).anchor
    below = os.path.relpath(os.path.abspath(root), top).replace(os.sep, "/")
    if below != "." and written.startswith(below + "/") and os.path.isfile(os.path.join(top, *written.split("/"))):
        return written[len(below) + 1 :]
    return None


def _render_code(code: str, language: str, style: Style) -> list[str]:
    text = _highlight(code, language) if style.color else code
    return [style.dim("    │ ") + line for line in text.rstrip("\n").split("\n")]


def _highlight(code: str, language: str) -> str:
    try:
        from pygments import highlight
        from pygments.formatters import TerminalFormatter
        from pygments.lexers import get_lexer_by_name
        from pygments.util import ClassNotFound
    except ImportError:
        return code
    try:
        lexer = get_lexer_by_name(language or "text")
    except ClassNotFound:
        return code
    return str(highlight(code, lexer, TerminalFormatter()))


def _one_line(m: Match, where: Locations, style: Style) -> str:
    e = m.entry
    title = textwrap.shorten(safe_text(e.title), 70, placeholder="…")
    url = where.url(e)
    more = f" (+{len(m.copies)} {'copy' if len(m.copies) == 1 else 'copies'})" if m.copies else ""
    return f"  {m.score:.2f}  {title}  {style.dim(_place(e, where) + more)}" + (
        f"  {style.cyan(safe_text(url))}" if url else ""
    )


def _place(e: Entry, where: Locations) -> str:
    """``path:line``, a path that opens from where the command ran."""
    return safe_text(f"{where.source(e)}:{e.line}")


def render_explain(m: Match, where: Locations, style: Style) -> list[str]:
    """Why ``m`` scored what it did, in words a newcomer can follow."""
    x = m.explanation
    words = "error text words" if x.template_origin in ("body", "alias", "message") else "heading words"
    title = textwrap.shorten(safe_text(m.entry.title), 60, placeholder="…")
    written = _spelled(_written(m) if x.template_origin else m.entry.title)
    out = [
        "",
        style.bold(f"Why {title!r} ({m.score:.2f}):"),
        f"  {style.dim('line of your paste:')} {x.line}",
        f"  {style.dim('its message:      ')} {textwrap.shorten(safe_text(x.text), 160, placeholder='…')}",
        f"  {style.dim('normalized:       ')} {textwrap.shorten(safe_text(x.normalized), 160, placeholder='…')}",
        f"  {style.dim('matched against:  ')} {_against(m, where)}",
        f"  {style.dim('rules that fired:')}",
        *[f"    - {describe(rule)}" for rule in x.rules],
        f"  {style.dim(f'{words} found:  ')} {_words(x.matched_terms, written)}",
        f"  {style.dim(f'{words} missing:')} {_words(x.missing_terms, written)}",
        f"  {style.dim('how the score adds up (log-odds; the score is their logistic):')}",
    ]
    for name, value in sorted(x.contributions, key=lambda nv: -abs(nv[1])):
        if abs(value) >= 0.005:
            out.append(f"    {value:+6.2f}  {describe(name)}")
    total = sum(value for _, value in x.contributions)
    out.append(f"    {'─' * 6}\n    {total:+6.2f}  in all → confidence {m.score:.2f}")
    return out


def _against(m: Match, where: Locations) -> str:
    """What of the entry the paste matched, as its author wrote it, and where."""
    x = m.explanation
    if not x.template_origin:
        why = "its heading is not an error message" if m.entry.kind == "topic" else "none of its error texts is in it"
        return f"the words of its title and answer ({why})"
    text = _written(m)
    if x.template_origin == "heading" and text == m.entry.title:
        return "its heading"
    shown = textwrap.shorten(safe_text(text), 100, placeholder="…")
    at = safe_text(f"{where.source(m.entry)}:{x.template_line}")
    what = {
        "heading": "the error quoted in its heading",
        "alias": "its alias at",
        "message": "the error message its answer gives at",
        "body": "the error quoted at",
    }
    if x.template_origin == "heading":
        return f"{what['heading']}: {shown}"
    return f"{what[x.template_origin]} {at}: {shown}"


def _written(m: Match) -> str:
    """The error text the paste matched, as its author wrote it."""
    from matcher.profile import template_of

    x = m.explanation
    written = [t.text for t in m.entry.templates if (t.origin, t.line) == (x.template_origin, x.template_line)]
    if len(written) > 1:  # a heading and the error it quotes: the one compared, as it was compared
        written = [t for t in written if template_of(t).text.lower() == x.template]
    return written[0] if written else x.template  # else the form it was compared in


_WORD = re.compile(r"[^\s`'\x22()\[\]{},;:]+")


def _spelled(text: str) -> dict[str, str]:
    """Each term of ``text`` → the word it was written as (``cor`` → ``CORS``, ``~permission`` →
    ``Permission``): an explanation quotes the author's words, not their stems."""
    from kb.terms import terms

    out: dict[str, str] = {}
    for word in _WORD.findall(text):
        word = word.strip(".")
        for k, t in enumerate(terms(word)):
            at = word.lower().find(t.lstrip("~")) if k else -1  # a part of a compound: as written in it
            out.setdefault(t, word[at : at + len(t.lstrip("~"))] if at >= 0 else word)
    return out


def _words(terms: tuple[str, ...], spelled: dict[str, str]) -> str:
    """Terms as the words they were written as; others as read: the concept
    ``~environment_variable`` reads ``environment variable``."""
    words = dict.fromkeys(spelled.get(t) or t.lstrip("~").replace("_", " ") for t in terms)
    return safe_text(" ".join(words)) or "—"
