"""Background word frequencies: how many documents of public ops and log text hold each term.

A small knowledge base's own document frequencies say little about how telling a word is: among
20 entries ``controller`` may be as rare as ``vmnetd``. This script counts, over public operations
documentation and the error and log messages of public programs, how many documents hold each
term of :func:`kb.terms.terms` (the terms the index and the matcher use), so a knowledge base's
own counts can be smoothed with it.

    python benchmarks/background.py [--max-terms 12000] [--write matcher/background.json] DIR…

Each DIR is a folder of public text, usually one repository unpacked at one commit, with an
optional ``SOURCE.json`` (``{"repository", "commit", "licence", "paths"}``) that is copied into the
table. A document is

- one section of a markdown (``.md``, ``.mdx``, ``.markdown``) or reStructuredText (``.rst``) file,
  split at its headings (a markdown file's front matter is dropped);
- one message of a Go or Python source file: the string literal given to ``errors.New``,
  ``fmt.Errorf``, ``errors.Wrapf``, ``panic``, a logger's ``Errorf``/``Warn``/``Info``/``Msg``…
  (Go), or to ``raise …(…)``, ``log….error/warning/info/…`` and ``_(…)`` (Python), with its format
  verbs and placeholders removed.

Vendored, generated-test and test code is not read (``vendor``, ``third_party``, ``node_modules``,
``testdata``, ``test``/``tests`` folders, ``*_test.go``, ``test_*.py``), nor change logs and codes
of conduct. A text that occurs more than once (versioned copies, one message in two programs) is
one document, and a document must hold at least two terms. A term that alone analyses to something
else (cut at its length limit, or a synonym's phrase) is not kept. The table keeps the terms held by at
least ``min_documents`` documents, the smallest count that keeps at most ``--max-terms`` terms.
The output is compact JSON with sorted keys, the same for the same folders in any order:
``{"cut": {...}, "df": {term: documents}, "documents": N, "sources": [...]}``.

Rebuilding the shipped table is described in ``benchmarks/README.md`` ("Background word
frequencies").
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import sys
import time
import warnings
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.terms import terms  # noqa: E402

__all__ = [
    "Source",
    "dumps",
    "file_documents",
    "go_messages",
    "main",
    "markdown_sections",
    "python_messages",
    "read_source",
    "rst_sections",
    "summary",
    "table",
]

MARKDOWN = frozenset({".md", ".mdx", ".markdown"})
READ = MARKDOWN | {".rst", ".go", ".py"}
SKIP_DIRS = frozenset({"vendor", "third_party", "node_modules", "testdata", "test", "tests", ".git", ".github"})
SKIP_FILE = re.compile(r"(_test\.go|^test_.*\.py|_test\.py|^conftest\.py)$|^(changelog|code[_-]of[_-]conduct)", re.I)
MIN_TERMS = 2
"""A document with fewer distinct terms is not counted: it does not read as a message or a section."""

_FRONT_MATTER = re.compile(r"\A(---|\+\+\+)[ \t]*\n.*?\n\1[ \t]*(\n|\Z)", re.S)
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_ATX = re.compile(r"^ {0,3}#{1,6}(\s|$)")
_RST_RULE = re.compile(r"^([=\-~^\"'`#*+:.])\1{2,}\s*$")

_GO_STRING = r'"(?:[^"\\\n]|\\.)*"|`[^`]*`'
_GO_METHODS = (
    "Errorf Wrap Wrapf WithMessage WithMessagef Error Errorw ErrorS Errorln Warn Warnf Warnw Warning Warningf Warnln "
    "Info Infof Infow InfoS Infoln Debug Debugf Debugw Debugln Fatal Fatalf Fatalln Panic Panicf Print Printf Println "
    "Msg Msgf Trace Tracef Notice Noticef Critical Criticalf"
).split()
_GO_MESSAGE = re.compile(
    r"(?:errors\.New|\bpanic|\.(?:" + "|".join(_GO_METHODS) + r"))\("
    r"\s*(?:[\w.]+(?:\([^()\n]*\))?\s*,\s*)?"  # one leading argument: err, codes.NotFound, w, ctx
    rf"((?:{_GO_STRING})(?:\s*\+\s*(?:{_GO_STRING}))*)"
)
_GO_ESCAPE = re.compile(r"\\(.)")
_PY_LOG_METHODS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical", "fatal"})
_PLACEHOLDER = re.compile(r"%\([^)]*\)[-+# 0-9.]*[a-zA-Z]|%[-+# 0]*[0-9*]*(?:\.[0-9*]+)?[a-zA-Z%]|\{[^{}]*\}")


@dataclass(frozen=True)
class Source:
    """What one folder gave: its provenance and its documents, in the order they were read."""

    meta: dict[str, Any]
    """``SOURCE.json`` of the folder (repository, commit, licence, paths), or just its name."""
    files: int
    """Text files read."""
    sections: tuple[str, ...] = field(repr=False)
    """Markdown and reStructuredText sections."""
    messages: tuple[str, ...] = field(repr=False)
    """Error and log messages of Go and Python code."""


def markdown_sections(text: str) -> list[str]:
    """A markdown text split before each ATX heading outside code fences; front matter dropped."""
    sections: list[list[str]] = [[]]
    fence: str | None = None
    for line in _FRONT_MATTER.sub("", text, count=1).splitlines():
        if m := _FENCE.match(line):
            fence = m.group(1) if fence is None else (None if m.group(1) == fence else fence)
        elif fence is None and _ATX.match(line) and sections[-1]:
            sections.append([])
        sections[-1].append(line)
    return ["\n".join(s) for s in sections if s]


def rst_sections(text: str) -> list[str]:
    """A reStructuredText text split before each title (a line underlined with punctuation)."""
    lines = text.splitlines()
    sections: list[list[str]] = [[]]
    for i, line in enumerate(lines):
        under = lines[i + 1] if i + 1 < len(lines) else ""
        title = line[:1].strip() and not _RST_RULE.match(line) and _RST_RULE.match(under)
        if title and len(under.rstrip()) >= len(line.rstrip()) and sections[-1]:
            sections.append([])
        sections[-1].append(line)
    return ["\n".join(s) for s in sections if s]


def go_messages(text: str) -> list[str]:
    """The messages a Go file gives to errors, panics and loggers (``"a" + "b"`` joined)."""
    out = []
    for m in _GO_MESSAGE.finditer(text):
        parts = re.findall(_GO_STRING, m.group(1))
        out.append(_message("".join(_go_unquote(p) for p in parts)))
    return out


def _go_unquote(literal: str) -> str:
    if literal.startswith("`"):
        return literal[1:-1]
    return _GO_ESCAPE.sub(lambda m: " " if m.group(1) in "ntr" else m.group(1), literal[1:-1])


def python_messages(text: str) -> list[str]:
    """The messages a Python file raises, logs or marks for translation (``_("…")``)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # old escapes in string literals
            tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return []
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            args = node.exc.args
        elif isinstance(node, ast.Call) and _is_python_message_call(node.func):
            args = node.args
        else:
            continue
        out += [_message(s) for s in (_python_string(a) for a in args[:2]) if s is not None][:1]
    return out


def _is_python_message_call(func: ast.expr) -> bool:
    if isinstance(func, ast.Name):
        return func.id == "_"
    if isinstance(func, ast.Attribute) and func.attr in _PY_LOG_METHODS:
        return "log" in ast.unparse(func.value).lower()
    return False


def _python_string(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):  # an f-string: its text, not its expressions
        return " ".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_" and node.args:
        return _python_string(node.args[0])
    return None


def _message(text: str) -> str:
    """Format verbs and placeholders (``%v``, ``%(name)s``, ``{}``) are values, not words."""
    return _PLACEHOLDER.sub(" ", text)


def file_documents(path: Path, text: str) -> tuple[list[str], list[str]]:
    """The sections and the messages of one file, by its kind."""
    suffix = path.suffix.lower()
    if suffix in MARKDOWN:
        return markdown_sections(text), []
    if suffix == ".rst":
        return rst_sections(text), []
    if suffix == ".go":
        return [], go_messages(text)
    if suffix == ".py":
        return [], python_messages(text)
    return [], []


def _text_files(folder: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
        for name in sorted(filenames):
            path = Path(dirpath, name)
            if path.suffix.lower() in READ and not SKIP_FILE.search(name) and not path.is_symlink():
                yield path


def read_source(folder: Path) -> Source:
    """Every document of one folder, with the folder's ``SOURCE.json``."""
    meta_file = folder / "SOURCE.json"
    meta: dict[str, Any] = json.loads(meta_file.read_text()) if meta_file.exists() else {"repository": folder.name}
    sections: list[str] = []
    messages: list[str] = []
    files = 0
    for path in _text_files(folder):
        s, m = file_documents(path, path.read_text(encoding="utf-8", errors="replace"))
        sections += s
        messages += m
        files += 1
    return Source(meta, files, tuple(sections), tuple(messages))


def table(sources: Iterable[Source], max_terms: int) -> dict[str, Any]:
    """The background table: documents held by each common term, its cut and its sources."""
    df: Counter[str] = Counter()
    seen: set[str] = set()
    rows = []
    for source in sorted(sources, key=lambda s: (str(s.meta.get("repository")), json.dumps(s.meta, sort_keys=True))):
        counts = {"sections": _count(source.sections, seen, df), "messages": _count(source.messages, seen, df)}
        rows.append({**source.meta, "files": source.files, **counts})
    kept = Counter({t: n for t, n in df.items() if _stands_alone(t)})
    least = _cut(kept, max_terms)
    return {
        "cut": {"max_terms": max_terms, "min_documents": least},
        "df": {t: n for t, n in sorted(kept.items()) if n >= least},
        "documents": sum(r["sections"] + r["messages"] for r in rows),
        "sources": rows,
    }


def _count(documents: Iterable[str], seen: set[str], df: Counter[str]) -> int:
    """Add the documents not seen before to ``df``; how many were added."""
    added = 0
    for doc in documents:
        key = " ".join(doc.split())
        if key in seen:
            continue
        seen.add(key)
        held = set(terms(key))
        if len(held) >= MIN_TERMS:
            df.update(held)
            added += 1
    return added


def _stands_alone(term: str) -> bool:
    """The term is what :func:`terms` makes of it: not a token cut at its length limit, nor a part
    that alone is a synonym's concept (``resolv.conf`` of ``/etc/resolv.conf``)."""
    return term in terms(term)


def _cut(df: Counter[str], max_terms: int) -> int:
    """The fewest documents a kept term must be held by so that at most ``max_terms`` are kept."""
    counts = sorted(df.values(), reverse=True)
    if len(counts) <= max_terms:
        return 1
    return counts[max_terms] + 1  # ties at the boundary all go


def dumps(background: dict[str, Any]) -> str:
    """Compact JSON, keys sorted: the same table gives the same bytes."""
    return json.dumps(background, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"


def summary(background: dict[str, Any], size: int, seconds: float, top: int) -> str:
    """A few lines for the terminal: what was read, what was kept, the commonest terms."""
    n = background["documents"]
    lines = [
        f"{s['repository']}: {s['files']} files, {s['sections']} sections, {s['messages']} messages"
        for s in background["sources"]
    ]
    lines.append(
        f"{n} documents; {len(background['df'])} terms held by ≥ {background['cut']['min_documents']}; "
        f"{size / 1024:.0f} KiB; {seconds:.1f} s"
    )
    common = sorted(background["df"].items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    lines += [f"{count:8d} {count / n:6.3f} {term}" for term, count in common]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("folders", nargs="+", type=Path, metavar="DIR", help="folders of public text")
    parser.add_argument("--max-terms", type=int, default=12_000, help="keep at most this many terms")
    parser.add_argument("--write", type=Path, help="write the table here (default: standard output)")
    parser.add_argument("--top", type=int, default=40, help="commonest terms to show with --write")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    background = table((read_source(f) for f in args.folders), args.max_terms)
    text = dumps(background)
    if args.write is None:
        sys.stdout.write(text)
        return 0
    args.write.write_text(text, encoding="utf-8")
    print(summary(background, len(text.encode()), time.perf_counter() - start, args.top), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
