"""MyST markdown (Sphinx, Jupyter Book) read as the page renders it, each line in its place.

A MyST page writes directives as fences named in braces (```` ```{note} ````, ``:::{tip}``), targets
before headings (``(wayland)=``), comments (``% …``) and roles (``{ref}`choosing-qt-backend```). Read
as plain markdown, a note was code, a target the previous answer's last words and a role's name a
word. Here an admonition's or a tab's fence becomes a ``:::`` block, whose body is text, as
Docusaurus writes one; a code directive a fence of its language; other directives (``{toctree}``,
``{image}``, ``{eval-rst}``) nothing; targets and comments blank lines; a role, and a link to a label
(``[](label)``), its text.
"""

from __future__ import annotations

import re

__all__ = ["myst_lines"]

_PAGE = re.compile(r"^(?:`{3,}|:{3,})\{[a-z][\w-]*\}|^\([\w.:-]+\)=\s*$", re.MULTILINE)
"""What only a MyST page writes: a directive's fence or a target."""
_DIRECTIVE = re.compile(r"^( {0,3})(`{3,}|:{3,})\{([a-z][\w-]*)\}[ \t]*(.*?)\s*$")
_CLOSE = re.compile(r"^ {0,3}(`{3,}|:{3,})\s*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_TARGET = re.compile(r"^\([\w.:-]+\)=\s*$")
_COMMENT = re.compile(r"^%(?:\s|$)")
_OPTION = re.compile(r"^:[\w-]+:(?:\s|$)")
_ROLE = re.compile(r"\{[a-z][\w:-]*\}`([^`\n]+)`")
_TITLED_TARGET = re.compile(r"^(.*?)\s*<[^<>]+>$")
_EMPTY_LINK = re.compile(r"\[\]\(([^()\s]+)\)")

_BLOCKS = frozenset(
    {"admonition", "attention", "caution", "danger", "error", "hint", "important", "note", "seealso", "tip",
     "warning", "dropdown", "tab-item", "tab-set", "card", "grid", "grid-item", "grid-item-card", "margin",
     "sidebar", "topic", "versionadded", "versionchanged", "deprecated", "div", "container", "only"}
)  # fmt: skip
"""Directives whose body is markdown the page shows."""
_ADMONITIONS = frozenset(
    {"admonition", "attention", "caution", "danger", "error", "hint", "important", "note", "seealso", "tip", "warning"}
)
"""Directives that render as an admonition: a ``:::`` block, as Docusaurus writes one, titled by its kind."""
_CODE = frozenset({"code", "code-block", "code-cell", "sourcecode"})


def myst_lines(lines: list[str]) -> list[str]:
    """``lines`` as a MyST page renders them, when the page is one; else as given."""
    if not _PAGE.search("\n".join(lines)):
        return lines
    out = list(lines)
    stack: list[tuple[str, str]] = []  # open directives: (fence mark, kind: block, code or hidden)
    code = ""  # an ordinary code fence open inside the page
    for n, line in enumerate(lines):
        hidden = any(kind == "hidden" for _, kind in stack)
        if code:
            if (m := _FENCE.match(line)) and _closes(m.group(1), code):
                code = ""
            out[n] = "" if hidden else line
            continue
        if stack and (m := _CLOSE.match(line)) and _closes(m.group(1), stack[-1][0]):
            kind = stack.pop()[1]
            out[n] = "```" if kind == "code" else ("" if kind == "hidden" or kind == "set" else ":::")
            continue
        if stack and stack[-1][1] == "code":  # a code directive's body is code, its options aside
            out[n] = "" if _OPTION.match(line.strip()) and _opening_options(lines, n) else line
            continue
        if m := _DIRECTIVE.match(line):
            indent, mark, name, argument = m.groups()
            if hidden:
                kind = "hidden"
            elif name in _CODE:
                kind, out[n] = "code", f"{indent}```{argument.split(' ')[0]}"
            elif name in _BLOCKS and not name.isalpha():  # tab-item, grid-item-card: a titled part, in bold
                kind, out[n] = "set", f"{indent}**{_roles(argument)}**" if argument else ""
            elif name in _BLOCKS and name in _ADMONITIONS:
                kind, title = "block", _roles(argument)
                out[n] = (
                    f"{indent}:::{'note' if name in ('admonition', 'seealso') else name}{' ' + title if title else ''}"
                )
            elif name in _BLOCKS:  # a set of tabs or cards, a dropdown: its body, titled in bold if it is
                kind, out[n] = "set", f"{indent}**{_roles(argument)}**" if argument else ""
            else:
                kind = "hidden"
            stack.append((mark, kind))
            if kind == "hidden":
                out[n] = ""
            continue
        if hidden or (stack and _OPTION.match(line.strip()) and _opening_options(lines, n)):
            out[n] = ""
        elif (m := _FENCE.match(line)) is not None:
            code = m.group(1)
        elif _TARGET.match(line) or _COMMENT.match(line):
            out[n] = ""
        elif "{" in line or "[](" in line:
            out[n] = _EMPTY_LINK.sub(r"\1", _roles(line))  # [](label): the label's title, which only Sphinx knows
    return out


def _closes(mark: str, opened: str) -> bool:
    """A fence of ``mark`` closes one opened with ``opened``: the same character, at least as many."""
    return mark[0] == opened[0] and len(mark) >= len(opened)


def _roles(text: str) -> str:
    """Each role as the text it shows: ``{kbd}`Ctrl+C``` → ``Ctrl+C``, ``{ref}`the guide <qt>``` → ``the guide``."""

    def shown(m: re.Match[str]) -> str:
        titled = _TITLED_TARGET.match(m.group(1))
        return titled.group(1) if titled and titled.group(1) else m.group(1)

    return _ROLE.sub(shown, text)


def _opening_options(lines: list[str], n: int) -> bool:
    """Line ``n`` is among the ``:option: value`` lines right after a directive's fence."""
    k = n - 1
    while k >= 0 and _OPTION.match(lines[k].strip()):
        k -= 1
    return k >= 0 and _DIRECTIVE.match(lines[k]) is not None
