"""Warm ``match()`` latency on the labelled pastes, and a 5 MB log, on the bundled FAQ.

python benchmarks/matching.py
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    os.environ.setdefault("KBFIND_CACHE_DIR", tempfile.mkdtemp(prefix="kbfind-bench-"))
    from matcher import analyze, default_kb

    kb = default_kb()
    pastes = [json.loads(line)["query"] for line in (ROOT / "tests/data/dev-pastes.jsonl").read_text().splitlines()]
    for p in pastes:  # warm: profiles, term statistics, regex caches
        analyze(p, kb)
    best = dict.fromkeys(range(len(pastes)), float("inf"))
    for _ in range(7):  # each paste's best of 7 runs: the machine's noise only ever adds time
        for i, p in enumerate(pastes):
            start = time.perf_counter()
            analyze(p, kb)
            best[i] = min(best[i], (time.perf_counter() - start) * 1000)
    times = sorted(best.values())
    print(
        f"warm match() on {len(pastes)} pastes (best of 7 each): p50 {statistics.median(times):.1f} ms, "
        f"p90 {times[int(len(times) * 0.9)]:.1f} ms, max {times[-1]:.1f} ms (target p50 ≤ 5 ms)"
    )
    line = (
        'I1127 10:00:00.{:06d}    4242 reconciler.go:{}] "operationExecutor.VerifyControllerAttachedVolume started" '
        'volume="kube-api-access-{}" pod="default/web-{}"'
    )
    log = [line.format(i, 200 + i % 50, 10000 + i * 7 % 89999, i % 97) for i in range(32_000)]
    log.insert(29_000, "Failed create pod sandbox: rpc error: code = DeadlineExceeded desc = context deadline exceeded")
    text = "\n".join(log)
    start = time.perf_counter()
    found = analyze(text, kb).matches
    took = time.perf_counter() - start
    answer = found[0].entry.title[:60] if found else None
    print(f"{len(text) / 1e6:.1f} MB log, {len(log)} lines: {took:.2f} s (target ≤ 3 s); answer: {answer}")


if __name__ == "__main__":
    main()
