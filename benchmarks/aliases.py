"""What the aliases ``kb eval`` suggests are worth on pastes they were not made from.

For each held-out page (``calibrate.HELD_OUT``: the shipped model was fitted on none of them), its
real pastes are split in two, alternately. The first half goes through ``kb eval``'s evaluation,
and every alias it suggests (the error line of a paste it did not answer, under the heading of
the entry the paste expects) is written into a copy of the page, as an author would paste it. The
second half and all the page's negatives are measured before and after: what an author who keeps
a few pastes and adds the suggested aliases gets on the next ones.

    .venv/bin/python benchmarks/aliases.py      # about 40 s
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from calibrate import HELD_OUT, ROOT, labelled

from kb import open_kb
from matcher.evaluate import Case, Report, evaluate, load_cases
from matcher.model import Calibration, load

FIGURES = ("answered", "ranked top-1", "real", "refused", "negatives", "confidently wrong")


def figures(report: Report) -> tuple[int, ...]:
    pos = [o for o in report.outcomes if not o.case.negative]
    neg = [o for o in report.outcomes if o.case.negative]
    return (
        sum(o.answered for o in pos),
        sum(o.top1 for o in pos),
        len(pos),
        sum(o.refused for o in neg),
        len(neg),
        sum(o.confident_wrong for o in pos),
    )


def write_aliases(docs: Path, report: Report) -> int:
    """Each suggested alias as a comment on the line below its entry's heading (below the front
    matter, for a page titled there); the number written."""
    below: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for o in report.outcomes:
        if o.alias is not None:
            below[o.alias.entry.source].append((o.alias.entry.line, o.alias.comment))
    for source, items in below.items():
        path = docs.parent / source  # an entry's source is relative to the content root's parent
        lines = path.read_text("utf-8").split("\n")
        fence = lines[0].strip() if lines and lines[0].strip() in ("---", "+++") else None
        matter = next((i + 1 for i in range(1, len(lines)) if fence and lines[i].strip() == fence), 0)
        for line, comment in sorted(items, reverse=True):
            lines.insert(max(line, matter), comment)
        path.write_text("\n".join(lines), "utf-8")
    return sum(len(items) for items in below.values())


def one(
    name: str, docs: Path, cases: list[Case], cal: Calibration, work: Path
) -> tuple[int, tuple[int, ...], tuple[int, ...]]:
    real = [c for c in cases if c.kind == "real"]
    made_from, measured = real[0::2], real[1::2] + [c for c in cases if c.kind == "negative"]
    copy = work / name / "docs"
    shutil.copytree(docs, copy)
    with open_kb(copy) as kb:
        before = evaluate(measured, kb, cal)
        suggested = evaluate(made_from, kb, cal)
    written = write_aliases(copy, suggested)
    with open_kb(copy) as kb:
        after = evaluate(measured, kb, cal)
    return written, figures(before), figures(after)


def main() -> None:
    os.environ.setdefault("KBFIND_CACHE_DIR", tempfile.mkdtemp(prefix="kbfind-aliases-"))
    start = time.perf_counter()
    cal = load(ROOT / "matcher" / "model.json")
    written = 0
    totals = [[0] * len(FIGURES), [0] * len(FIGURES)]
    with tempfile.TemporaryDirectory(prefix="kbfind-aliases-") as work:
        for s in labelled():
            if s.name not in HELD_OUT:
                continue
            cases = [c for f in s.cases for c in load_cases(f) if c.kind in ("real", "negative")]  # type: ignore[union-attr]
            n, before, after = one(s.name, s.kb, cases, cal, Path(work))
            written += n
            for k in range(len(FIGURES)):
                totals[0][k] += before[k]
                totals[1][k] += after[k]
    (a0, t0, n, r0, m, w0), (a1, t1, _, r1, _, w1) = totals
    print(f"{len(HELD_OUT)} held-out pages, {written} aliases from half their real pastes; measured on the other {n}")
    print(f"and on all {m} negatives (shipped model):")
    print("| | answered | ranked top-1 | refused | confidently wrong |\n|---|---:|---:|---:|---:|")
    for label, (a, t, r, w) in (("as written", (a0, t0, r0, w0)), ("with the suggested aliases", (a1, t1, r1, w1))):
        cells = [f"{x}/{d} ({x / d:.2f})" for x, d in ((a, n), (t, n), (r, m), (w, n))]
        print(f"| {label} | {' | '.join(cells)} |")
    print(f"Measured {time.strftime('%Y-%m-%d')} in {time.perf_counter() - start:.0f} s.")


if __name__ == "__main__":
    main()
