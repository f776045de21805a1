"""A docs tree that keeps each version of its pages: the labelled pages copied into N folders.

Docusaurus keeps ``versioned_docs/version-X/faq.md`` beside ``docs/faq.md``; Hugo and MkDocs sites
keep ``docs/v1.20/…``. Each problem is then written once per version. This copies each fitted
labelled page (``tests/data/kbs/*`` and the bundled FAQ) into 1 and N version folders and scores
its real pastes and negatives with the fold model that left it out, as ``calibrate.py`` does: what
a user with a versioned tree gets, beside what the same notes give kept once.

    .venv/bin/python benchmarks/versions.py [--copies 1 4 8] [NAME…]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from calibrate import FOLDS, labelled  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="labelled knowledge bases (default: every fitted one)")
    parser.add_argument("--copies", nargs="+", type=int, default=[1, 4, 8], help="version folders to make")
    args = parser.parse_args()
    os.environ.setdefault("KBFIND_CACHE_DIR", tempfile.mkdtemp(prefix="kbfind-versions-"))
    from kb import open_kb
    from matcher.evaluate import evaluate, load_cases
    from matcher.model import load

    print("| knowledge base | versions | entries | **answered** | ranked top-1 | top-3 | refused |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for s in labelled():
        fold = FOLDS / f"{s.name}.json"
        if not fold.exists() or (args.names and s.name not in args.names):
            continue
        cal = load(fold)
        cases = [c for f in s.cases for c in load_cases(f)]  # type: ignore[union-attr]
        for n in args.copies:
            with tempfile.TemporaryDirectory(prefix="kbfind-versions-") as tmp:
                for k in range(n):
                    shutil.copytree(s.kb, Path(tmp) / f"version-{k}")
                with open_kb(Path(tmp)) as kb:
                    outcomes = evaluate(cases, kb, cal).outcomes
                    size = len(kb)
            pos = [o for o in outcomes if not o.case.negative and o.case.kind == "real"]
            neg = [o for o in outcomes if o.case.negative]

            def share(items: list, test: str) -> str:  # type: ignore[type-arg]
                return f"{sum(getattr(o, test) for o in items) / max(len(items), 1):.2f}"

            print(
                f"| {s.name} | {n} | {size} | **{share(pos, 'answered')}** | {share(pos, 'top1')} "
                f"| {share(pos, 'top3')} | {share(neg, 'refused')} |"
            )


if __name__ == "__main__":
    main()
