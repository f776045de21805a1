"""MyST markdown (Sphinx, Jupyter Book) read as the page renders it, each line in its place.

A MyST page writes directives as fences named in braces (```` ```{note} ````, ``:::{tip}``), targets
before headings (``(wayland)=``), comments (``% …``) and roles (``{ref}`choosing-qt-backend```). Read
as plain markdown, a note was code, a target the previous answer's last words and a role's name a
word. Here an admonition's or a tab's fence becomes a ``:::`` block, whose body is text, as
Docusaurus writes one; a code directive (and an R Markdown chunk, ```` ```{r} ````) a fence of its
language; a table of contents, an image, another file's text or raw markup nothing; other directives
(tabs, cards, a ``{list-table}``) their body; options, targets and comments blank lines; a role, and a
link to a label (``[](label)``), its text.
"""

from __future__ import annotations

import re

__all__ = ["myst_lines"]

_LANGUAGES = r"(?:r|python|julia|bash|sh|sql|js|ojs|octave|rcpp|stan|ruby|perl|scala|dot|mermaid)"
"""Code chunks of R Markdown and Quarto pages (```` ```{r} ````): code, and no sign of MyST."""
_PAGE = re.compile(rf"^(?:`{{3,}}|:{{3,}})\{{(?!{_LANGUAGES}\}})[a-z][\w-]*\}}|^\([\w.:-]+\)=\s*$", re.MULTILINE)
"""What only a MyST page writes: a directive's fence or a target."""
_DIRECTIVE = re.compile(r"^( {0,3})(`{3,}|:{3,})\{([a-z][\w-]*)\}[ \t]*(.*?)\s*$")
_CLOSE = re.compile(r"^ {0,3}(`{3,}|:{3,})\s*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_TARGET = re.compile(r"^\([\w.:-]+\)=\s*$")
_COMMENT = re.compile(r"^%(?:\s|$)")
_OPTION = re.compile(r"^\s*:[\w-]+:(?:\s|$)")
_ROLE = re.compile(r"\{[a-z][\w:-]*\}`([^`\n]+)`")
_TITLED_TARGET = re.compile(r"^(.*?)\s*<[^<>]+>$")
_EMPTY_LINK = re.compile(r"\[\]\(([^()\s]+)\)")

_ADMONITIONS = frozenset(
    {"admonition", "attention", "caution", "danger", "error", "hint", "important", "note", "seealso", "tip", "warning"}
)
"""Directives that render as an admonition: a ``:::`` block, as Docusaurus writes one, titled by its kind."""
_CODE = frozenset({"code", "code-block", "code-cell", "sourcecode", "jupyter-execute", "ipython"})
_HIDDEN = frozenset(
    {"toctree", "contents", "tableofcontents", "image", "figure", "raw", "include", "literalinclude", "eval-rst",
     "math", "currentmodule", "autosummary", "automodule", "autoclass", "autofunction", "bibliography",
     "glue", "glue:figure", "mermaid", "graphviz", "meta", "index"}
)  # fmt: skip
"""Directives whose body is no text of the page's: a table of contents, an image, another file, raw markup."""


def myst_lines(lines: list[str]) -> list[str]:
    """``lines`` as a MyST page renders them, when the page is one; else as given, and as given too when
    a directive is never closed (then ``kb lint`` names the fence that runs to the end; an ordinary code
    fence may run to the end, as CommonMark reads it)."""
    if not _PAGE.search("\n".join(lines)):
        return lines
    out = list(lines)
    stack: list[tuple[str, str]] = []  # open directives: (fence mark, kind: block, set, code or hidden)
    hidden = 0  # how many of them are hidden
    options = ""  # after a directive's fence: ":" while its :key: value lines run, "-" inside its --- block
    code = ""  # an ordinary code fence open inside the page
    for n, line in enumerate(lines):
        if options == ":" and line.strip() == "---" and _DIRECTIVE.match(lines[n - 1]):
            options, out[n] = "-", ""  # a YAML block of options right after the fence
            continue
        if options == "-":
            options, out[n] = ("" if line.strip() == "---" else "-"), ""
            continue
        if options == ":" and _OPTION.match(line):
            out[n] = ""
            continue
        options = ""
        if code:
            if (m := _FENCE.match(line)) and _closes(m.group(1), code):
                code = ""
            out[n] = "" if hidden else line
            continue
        if stack and (m := _CLOSE.match(line)) and _closes(m.group(1), stack[-1][0]):
            kind = stack.pop()[1]
            hidden -= kind == "hidden"
            out[n] = "```" if kind == "code" else ":::" if kind == "block" else ""
            continue
        if stack and stack[-1][1] == "code":  # a code directive's body is code
            continue
        if m := _DIRECTIVE.match(line):
            indent, mark, name, argument = m.groups()
            if hidden or name in _HIDDEN:
                kind, out[n] = "hidden", ""
            elif name in _CODE or re.fullmatch(_LANGUAGES, name):
                language = argument.split(" ")[0] if name in _CODE else name
                kind, out[n] = "code", f"{indent}```{language}"
            elif name in _ADMONITIONS:
                kind, title = "block", f" {_roles(argument)}" if argument else ""
                out[n] = f"{indent}:::{'note' if name in ('admonition', 'seealso') else name}{title}"
            else:  # tabs, cards, a dropdown, a list-table: its body, titled in bold where it is
                kind, out[n] = "set", f"{indent}**{_roles(argument)}**" if argument else ""
            stack.append((mark, kind))
            hidden += kind == "hidden"
            options = ":"
            continue
        if hidden:
            out[n] = ""
        elif (m := _FENCE.match(line)) is not None:
            code = m.group(1)
        elif _TARGET.match(line) or _COMMENT.match(line):
            out[n] = ""
        elif "{" in line or "[](" in line:
            out[n] = _EMPTY_LINK.sub(r"\1", _roles(line))  # [](label): the label's title, which only Sphinx knows
    return lines if stack else out


def _closes(mark: str, opened: str) -> bool:
    """A fence of ``mark`` closes one opened with ``opened``: the same character, at least as many."""
    return mark[0] == opened[0] and len(mark) >= len(opened)


def _roles(text: str) -> str:
    """Each role as the text it shows: ``{kbd}`Ctrl+C``` → ``Ctrl+C``, ``{ref}`the guide <qt>``` → ``the guide``."""

    def shown(m: re.Match[str]) -> str:
        titled = _TITLED_TARGET.match(m.group(1))
        return titled.group(1) if titled and titled.group(1) else m.group(1)

    return _ROLE.sub(shown, text)
