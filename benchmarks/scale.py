"""How kbfind grows with its knowledge base: 1k, 10k and 100k synthetic entries, side by side.

For each size: a generated KB (``benchmarks/generate.py``), its full index build (time, size,
peak memory), the rebuild after one file is edited, a cold ``kbfind --json`` process next to one
on the bundled FAQ, warm ``match()`` latency, peak memory while querying, and top-1 on noisy
pastes of its error entries. Each measurement runs in a fresh process.

    python benchmarks/scale.py [--sizes 1000 10000 100000] [--cases 200] [--write benchmarks/README.md]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate  # noqa: E402

# Run in a child process: build (or refresh) the index of a KB and report time and memory.
_BUILD = """
import json, resource, sys, time
from pathlib import Path
from kb import open_kb
start = time.perf_counter()
kb = open_kb(Path(sys.argv[1]))
took = time.perf_counter() - start
rss = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(json.dumps({"seconds": took, "entries": len(kb), "peak_mb": rss / 1024, "problems": len(kb.problems)}))
"""

# Run in a child process: warm match() latency, top-1 and memory on labelled pastes.
_QUERY = """
import json, resource, statistics, sys, time
from pathlib import Path
from kb import open_kb
from matcher import Matcher
matcher = Matcher(open_kb(Path(sys.argv[1])))
cases = [json.loads(line) for line in open(sys.argv[2], encoding="utf-8")]
for case in cases[:10]:
    matcher.analyze(case["query"])
times, right = [], 0
for case in cases:
    start = time.perf_counter()
    result = matcher.analyze(case["query"])
    times.append((time.perf_counter() - start) * 1000)
    ranked = [*result.matches, *result.suggestions]
    right += bool(ranked) and ranked[0].entry.title in case["expect"]
times.sort()
print(json.dumps({
    "p50_ms": statistics.median(times),
    "p99_ms": times[min(len(times) - 1, int(len(times) * 0.99))],
    "top1": right / len(cases),
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def child(code: str, *args: str, env: dict[str, str]) -> dict[str, Any]:
    run = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, check=True)
    return dict(json.loads(run.stdout.strip().splitlines()[-1]))


def cold(own: list[str], bundled: list[str], env: dict[str, str], runs: int = 7) -> tuple[float, float]:
    """Median seconds of a fresh ``kbfind --json`` process with each argument list, the two
    alternated run by run (after one untimed run each) so that the machine's noise hits both."""
    times: dict[int, list[float]] = {0: [], 1: []}
    for n in range(runs + 1):
        for i, args in enumerate((own, bundled)):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "kbfind", "--json", *args], env=env, capture_output=True, check=False)
            if n:
                times[i].append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def size_of(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def measure(entries: int, cases: int, work: Path) -> dict[str, Any]:
    kb, cache = work / f"kb-{entries}", work / f"cache-{entries}"
    env = {**os.environ, "KBFIND_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}
    labelled = generate(kb, entries, seed=entries, cases=cases)
    cases_file = work / f"cases-{entries}.jsonl"
    cases_file.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in labelled), "utf-8")
    build = child(_BUILD, str(kb), env=env)
    index_mb = size_of(cache)
    edited = sorted(kb.rglob("*.md"))[len(list(kb.rglob("*.md"))) // 2]
    with edited.open("a", encoding="utf-8") as f:
        f.write("\n## a new entry written after the build\n\nIts answer.\n")
    rebuild = child(_BUILD, str(kb), env=env)
    paste = str(labelled[0]["query"])
    own, bundled = cold(["--kb", str(kb), paste], [paste], env)
    query = child(_QUERY, str(kb), str(cases_file), env=env)
    return {
        "entries": entries,
        "markdown_mb": size_of(kb),
        "build_s": build["seconds"],
        "build_peak_mb": build["peak_mb"],
        "index_mb": index_mb,
        "rebuild_s": rebuild["seconds"],
        "cold_s": own,
        "cold_bundled_s": bundled,
        "cold_ratio": own / bundled,
        **{f"query_{k}": v for k, v in query.items()},
        "cases": len(labelled),
    }


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    mem = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kib / 2**20:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{cpu}, {cores} cores{mem}, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def table(rows: list[dict[str, Any]]) -> str:
    head = (
        "| entries | markdown | full build | build peak memory | index size | rebuild after 1 file | cold query "
        "(× bundled FAQ) | warm match() p50 / p99 | query peak memory | top-1 (noisy pastes) |\n"
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    )
    lines = [
        f"| {r['entries']:,} | {r['markdown_mb']:.1f} MB | {r['build_s']:.1f} s | {r['build_peak_mb']:.0f} MB | "
        f"{r['index_mb']:.0f} MB | {r['rebuild_s']:.2f} s | {r['cold_s'] * 1000:.0f} ms ({r['cold_ratio']:.2f}×) | "
        f"{r['query_p50_ms']:.1f} / {r['query_p99_ms']:.0f} ms | {r['query_peak_mb']:.0f} MB | "
        f"{r['query_top1']:.3f} ({r['cases']}) |"
        for r in rows
    ]
    return head + "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--write", type=Path, help="Replace the results table in this markdown file.")
    parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kbfind-scale-"))
    try:
        rows = []
        for n in args.sizes:
            start = time.perf_counter()
            rows.append(measure(n, args.cases, work))
            print(f"{n} entries measured in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        print(json.dumps(rows))
        return
    text = table(rows)
    print(text)
    if args.write:
        doc = args.write.read_text("utf-8")
        begin, end = "<!-- scale:begin -->", "<!-- scale:end -->"
        stamp = f"Measured {time.strftime('%Y-%m-%d')} on {machine()}.\n\n"
        before, _, rest = doc.partition(begin)
        _, _, after = rest.partition(end)
        args.write.write_text(f"{before}{begin}\n{stamp}{text}{end}{after}", "utf-8")


if __name__ == "__main__":
    main()
