"""A real notes tree, before and after a change: first query (full build), ``kb index``, warm query.

Each figure is measured in fresh processes, the two versions alternated round by round, so the
machine's noise hits both alike; what to compare are the ratios. ``--before`` is a copy of the
source tree (``kb``, ``matcher``, ``kbfind``, ``content``) to compare with; without it only one
version is measured. Copies keep a working tree's concurrent edits out of the comparison.

    python benchmarks/tree.py NOTES [--before SRC] [--after SRC] [--rounds 3] [--warm 15]
                              [--paste TEXT] [--write README]

The tree of the table in ``benchmarks/README.md`` is ``notes/`` of the public repository
wenerme/wener; any large markdown folder will do, or one written by ``generate.py``.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PASTE = "Unable to connect to the server: x509: certificate is valid for 10.0.0.1, 10.96.0.1, not 34.12.56.78"

# Runs a command's main() in this process, then reports its peak memory (workers included).
_PEAK = """
import json, resource, runpy, sys
module, *sys.argv[1:] = sys.argv[1:]
sys.argv[0] = module
try:
    runpy.run_module(module, run_name="__main__")
except SystemExit:
    pass
finally:
    usage = [resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    print(json.dumps({"peak_mb": max(usage) / 1024}), file=sys.stderr)
"""


_KB = "import sys; from kbfind.kbcli import main; sys.argv[0] = 'kb'; main()"


def run(source: Path, cache: Path, *args: str, peak: bool = False) -> tuple[float, dict[str, Any]]:
    """Seconds one command took (``python -m kbfind …``, or ``kb …`` after ``kb``, with ``source``
    first on the path) and what it reported."""
    env = {**os.environ, "PYTHONPATH": str(source), "KBFIND_CACHE_DIR": str(cache)}
    if args[0] == "kb":
        cmd = [sys.executable, "-c", _KB, *args[1:]]
    else:
        cmd = [sys.executable, "-c", _PEAK, *args] if peak else [sys.executable, "-m", *args]
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, cwd=tempfile.gettempdir(), capture_output=True, text=True, check=False)
    took = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(args)} in {source}: exit {done.returncode}\n{done.stderr[-2000:]}")
    report = json.loads(done.stderr.strip().splitlines()[-1]) if peak else {}
    return took, report


@contextlib.contextmanager
def one_core() -> Iterator[None]:
    """Warm queries run on one core, as a single-threaded process can: on a virtual machine a
    process moved to an idle core now and then waits for it to wake (30 ms at random on the
    machine of the table), which decides a median more than any change measured here."""
    cores = os.sched_getaffinity(0) if hasattr(os, "sched_setaffinity") else None
    if cores:
        os.sched_setaffinity(0, {min(cores)})
    try:
        yield
    finally:
        if cores:
            os.sched_setaffinity(0, cores)


def size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def measure(
    versions: dict[str, Path], notes: Path, rounds: int, warm: int, work: Path, paste: str = PASTE
) -> dict[str, dict[str, float]]:
    samples: dict[str, dict[str, list[float]]] = {v: {} for v in versions}
    for source in versions.values():  # a copy without bytecode would compile on every run
        for package in ("kb", "matcher", "kbfind"):
            compileall.compile_dir(source / package, quiet=1)

    def add(version: str, key: str, value: float) -> None:
        samples[version].setdefault(key, []).append(value)

    for n in range(rounds):
        for version, source in versions.items():
            cache = work / f"{version}-build-{n}"
            took, report = run(source, cache, "kbfind", "--kb", str(notes), "--json", paste, peak=True)
            add(version, "first_query_s", took)
            add(version, "build_peak_mb", report["peak_mb"])
            add(version, "index_mb", size_mb(cache))
            shutil.rmtree(cache)
            cache = work / f"{version}-index-{n}"
            took, _ = run(source, cache, "kb", "index", "--kb", str(notes))
            add(version, "kb_index_s", took)
            shutil.rmtree(cache)
    caches = {v: work / f"{v}-warm" for v in versions}
    for version, source in versions.items():  # build both indexes, fill the OS file cache
        run(source, caches[version], "kbfind", "--kb", str(notes), "--json", paste)
        run(source, caches[version], "kbfind", "--json", paste)
    # A watcher of its own index (another cache) for each version that has ``kb watch``.
    watched = {v: work / f"{v}-watched" for v, source in versions.items() if (source / "kb" / "watch.py").exists()}
    with contextlib.ExitStack() as stack:
        for version, cache in watched.items():
            stack.enter_context(watching(versions[version], cache, notes))
        with one_core():
            for _ in range(warm):
                for version, source in versions.items():
                    tree, _ = run(source, caches[version], "kbfind", "--kb", str(notes), "--json", paste)
                    bundled, _ = run(source, caches[version], "kbfind", "--json", paste)
                    add(version, "warm_tree_ms", 1000 * tree)
                    add(version, "warm_bundled_ms", 1000 * bundled)
                    if version in watched:
                        tree, _ = run(source, watched[version], "kbfind", "--kb", str(notes), "--json", paste)
                        add(version, "warm_watched_ms", 1000 * tree)
    figures = {v: {k: statistics.median(x) for k, x in s.items()} for v, s in samples.items()}
    for f in figures.values():
        f["warm_ratio"] = f["warm_tree_ms"] / f["warm_bundled_ms"]
        if "warm_watched_ms" in f:
            f["watched_ratio"] = f["warm_watched_ms"] / f["warm_bundled_ms"]
    return figures


@contextlib.contextmanager
def watching(source: Path, cache: Path, notes: Path) -> Iterator[None]:
    """``kb watch`` on ``notes`` (its index built first) while the block runs."""
    env = {**os.environ, "PYTHONPATH": str(source), "KBFIND_CACHE_DIR": str(cache)}
    cmd = [sys.executable, "-c", _KB, "watch", "--kb", str(notes)]
    proc = subprocess.Popen(cmd, env=env, cwd=tempfile.gettempdir(), stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None
        said = ""
        while "watching" not in said:  # said once it answers queries, after any build progress
            line = proc.stderr.readline()
            if not line:
                raise RuntimeError(f"kb watch in {source} did not start: {said[-2000:]}")
            said += line
        yield
    finally:
        proc.terminate()
        proc.wait()


def table(figures: dict[str, dict[str, float]], notes: Path) -> str:
    rows = [
        ("first query on the tree (full build)", "first_query_s", "{:.1f} s"),
        ("`kb index` on the tree", "kb_index_s", "{:.1f} s"),
        ("build peak memory", "build_peak_mb", "{:.0f} MB"),
        ("index size", "index_mb", "{:.0f} MB"),
        ("warm query on the tree", "warm_tree_ms", "{:.0f} ms"),
        ("warm query on the bundled FAQ", "warm_bundled_ms", "{:.0f} ms"),
        ("warm query, tree ÷ bundled FAQ", "warm_ratio", "{:.2f}×"),
        ("warm query on the tree, `kb watch` running", "warm_watched_ms", "{:.0f} ms"),
        ("warm query, tree with `kb watch` ÷ bundled FAQ", "watched_ratio", "{:.2f}×"),
    ]
    versions = list(figures)
    head = "| | " + " | ".join(versions) + (" | after ÷ before |" if len(versions) == 2 else " |")
    lines = [head, "|---" + "|---:" * (len(versions) + (len(versions) == 2)) + "|"]
    for label, key, form in rows:
        if all(key not in figures[v] for v in versions):
            continue  # not measured (--rounds 0; no watcher before it existed)
        cells = [form.format(figures[v][key]) if key in figures[v] else "–" for v in versions]
        if len(versions) == 2 and all(key in figures[v] for v in versions):
            cells.append(f"{figures[versions[1]][key] / figures[versions[0]][key]:.2f}")
        elif len(versions) == 2:
            cells.append("–")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    files = sum(1 for _ in notes.rglob("*.md"))
    mb = sum(p.stat().st_size for p in notes.rglob("*.md")) / 1e6
    return f"Tree: `{notes.name}/`, {files:,} markdown files, {mb:.1f} MB.\n\n" + "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notes", type=Path, help="A folder of markdown notes.")
    parser.add_argument("--before", type=Path, help="A copy of the source tree to compare with.")
    parser.add_argument("--after", type=Path, default=ROOT, help="The source tree compared (default: this one).")
    parser.add_argument("--rounds", type=int, default=3, help="Builds per version.")
    parser.add_argument("--warm", type=int, default=15, help="Warm queries per version.")
    parser.add_argument("--paste", default=PASTE, help="What the queries paste (default: an x509 error).")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--write", type=Path, help="Replace the tree table in this markdown file.")
    args = parser.parse_args()
    versions = {"before": args.before.resolve(), "after": args.after.resolve()} if args.before else {"this": args.after}
    work = Path(tempfile.mkdtemp(prefix="kbfind-tree-"))
    try:
        figures = measure(versions, args.notes.resolve(), args.rounds, args.warm, work, args.paste)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = table(figures, args.notes.resolve())
    print(json.dumps(figures, indent=1) if args.json else text)
    if args.write:
        doc = args.write.read_text("utf-8")
        begin, end = "<!-- tree:begin -->", "<!-- tree:end -->"
        before, _, rest = doc.partition(begin)
        _, _, after = rest.partition(end)
        rows = text.split("\n\n", 1)[1]
        args.write.write_text(f"{before}{begin}\n{rows}{end}{after}", "utf-8")


if __name__ == "__main__":
    main()
