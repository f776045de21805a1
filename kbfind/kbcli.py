"""``kb``: browse a knowledge base and measure the matcher on labelled pastes.

Each command is a thin wrapper over a public function of :mod:`kb` or :mod:`matcher`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from kb.settings import KB_ENV
from kbfind.cli import UsageProblem, progress_bar, run, warn_about

__all__ = ["app", "main"]

PROG = "kb"

app = typer.Typer(
    add_completion=False,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    help="Browse a knowledge base and evaluate kbfind on labelled pastes.",
)

KbOption = Annotated[
    Path | None,
    typer.Option("--kb", envvar=KB_ENV, help="A markdown file or folder instead of the bundled FAQ."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object instead of text.")]


def _open(kb: Path | None) -> Any:
    from kb import ContentError
    from matcher.api import matcher_for

    try:
        matcher = matcher_for(kb, progress_bar(PROG))
    except ContentError as e:
        raise UsageProblem(str(e)) from None
    warn_about(matcher.kb, PROG)
    return matcher.kb


@app.command("list", help="List the entries: id, kind, source:line and title.")
def list_entries(kb: KbOption = None, as_json: JsonOption = False) -> int:
    base = _open(kb)
    rows = [
        {"id": e.id, "kind": e.kind, "title": e.title, "source": e.source, "line": e.line, "unanswered": e.unanswered}
        for e in base.entries()
    ]
    if as_json:
        print(json.dumps({"entries": rows}, ensure_ascii=False))
    else:
        for r in rows:
            print(f"{r['source']}:{r['line']}\t{r['kind']}\t{r['id']}\t{r['title']}")
    return 0


@app.command(help="Build or refresh the index of a knowledge base now, and say where it is.")
def index(kb: KbOption = None) -> int:
    import time

    start = time.perf_counter()
    base = _open(kb)
    took = time.perf_counter() - start
    where = str(base.home) if base.home else "in memory"
    print(f"{len(base)} entries from {base.root}, index {where} (ready in {took:.1f} s)")
    return 0


@app.command(help="Keyword search over titles, error text, tags, answers and code (BM25F).")
def search(
    words: Annotated[list[str], typer.Argument(help="Words to search for, in any language.")],
    kb: KbOption = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=100)] = 10,
    as_json: JsonOption = False,
) -> int:
    query = " ".join(words)
    if not query.strip():
        raise UsageProblem("the search is empty: pass some words")
    hits = _open(kb).search(query, limit)
    if as_json:
        rows = [{"id": h.entry.id, "title": h.entry.title, "score": round(h.score, 3)} for h in hits]
        print(json.dumps({"query": query, "hits": rows}, ensure_ascii=False))
    else:
        for h in hits:
            print(f"{h.score:7.2f}  {h.entry.title}  ({h.entry.source}:{h.entry.line})")
    return 0 if hits else 1


@app.command(help="Show one entry by its id (the anchor on the site).")
def show(entry_id: Annotated[str, typer.Argument(metavar="ID")], kb: KbOption = None) -> int:
    found = [e for e in _open(kb).entries() if e.id == entry_id]
    if not found:
        raise UsageProblem(f"no entry with id {entry_id!r}; 'kb list' shows the ids")
    for e in found:
        print(f"## {e.title}\n{e.source}:{e.line}  ({e.kind}{', no answer yet' if e.unanswered else ''})\n")
        print(e.body)
    return 0


@app.command("eval", help="Run labelled pastes (JSON lines) through the matcher and report accuracy.")
def evaluate_cases(
    files: Annotated[list[Path], typer.Argument(help='JSON-lines files: {"query", "expect": [titles], ...}.')],
    kb: KbOption = None,
    as_json: JsonOption = False,
    calibration: Annotated[Path | None, typer.Option("--calibration", help="Coefficients from 'kb calibrate'.")] = None,
) -> int:
    from matcher.evaluate import evaluate

    cases = _cases(files)
    report = evaluate(cases, _open(kb), _calibration(calibration))
    if as_json:
        print(json.dumps(_report_json(report), ensure_ascii=False))
    else:
        sys.stdout.write(_report_text(report))
    return 0


@app.command(help="Refit the confidence model on labelled pastes and write its coefficients.")
def calibrate(
    files: Annotated[list[Path], typer.Argument(help="JSON-lines case files.")],
    write: Annotated[Path, typer.Option("--write", help="Where to write the coefficients (JSON).")],
    kb: KbOption = None,
) -> int:
    from matcher.fitting import calibrate as fit
    from matcher.model import default_calibration

    cal = fit(_cases(files), _open(kb), default_calibration())
    write.write_text(cal.to_json() + "\n", "utf-8")
    print(f"wrote {write} (threshold {cal.threshold:.2f}); use it with: kb eval --calibration {write} …")
    return 0


def _cases(files: list[Path]) -> list[Any]:
    from matcher.evaluate import CaseError, load_cases

    cases = []
    for f in files:
        try:
            cases += load_cases(f)
        except OSError as e:
            raise UsageProblem(f"{f}: cannot read: {e.strerror}") from None
        except CaseError as e:
            raise UsageProblem(str(e)) from None
    if not cases:
        raise UsageProblem("no cases in the given files")
    return cases


def _calibration(path: Path | None) -> Any:
    if path is None:
        return None
    from matcher.model import CalibrationError, load

    try:
        return load(path)
    except OSError as e:
        raise UsageProblem(f"{path}: cannot read: {e.strerror}") from None
    except CalibrationError as e:
        raise UsageProblem(str(e)) from None


def _report_json(report: Any) -> dict[str, Any]:
    return {
        "figures": {k: round(v, 4) for k, v in report.figures.items()},
        "failures": [
            {
                "where": o.case.where,
                "query": o.case.query,
                "expect": list(o.case.expect),
                "confident": list(o.confident),
                "ranked": list(o.ranked[:5]),
                "rank": o.rank,
            }
            for o in report.failures
        ],
    }


def _report_text(report: Any) -> str:
    f = report.figures
    lines = [
        f"cases {f['cases']}: {f['positives']} to answer, {f['negatives']} to refuse",
        f"top-1 {f['top1']:.3f}   top-3 {f['top3']:.3f}   MRR {f['mrr']:.3f}",
        f"answered confidently and right {f['answered']:.3f}   confidently wrong {f['confident_wrong']:.3f}",
        f"negatives refused {f['refused']:.3f}",
    ]
    if report.failures:
        lines += ["", f"{len(report.failures)} failures:"]
    for o in report.failures:
        want = "refuse" if o.case.negative else " | ".join(o.case.expect)
        got = " | ".join(o.ranked[:3]) or "nothing"
        state = "confident" if o.confident else "not confident"
        lines.append(f"- {o.case.where}: want {want!r}; got ({state}) {got!r}")
        lines.append(f"    {o.case.query[:150]!r}")
    return "\n".join(lines) + "\n"


def main() -> None:
    sys.exit(run(app, PROG))
