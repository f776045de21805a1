"""Cold start of ``kbfind --json <paste>`` against a bare typer hello-world, side by side.

Both run as fresh processes of the same interpreter and venv, alternated, so the machine's noise
hits both alike; the index is built before timing (a warm-up run). Prints medians and the ratio.

    python benchmarks/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HELLO = """import typer

app = typer.Typer()


@app.command()
def main(name: str = "world") -> None:
    print(f"hello {name}")


if __name__ == "__main__":
    app()
"""

PASTE = "Unable to connect to the server: x509: certificate is valid for 10.0.0.1, 10.96.0.1, not 34.12.56.78"


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def measure(runs: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        hello = Path(tmp, "hello.py")
        hello.write_text(HELLO)
        env = {**os.environ, "KBFIND_CACHE_DIR": str(Path(tmp, "cache"))}
        commands = {
            "typer hello-world": [sys.executable, str(hello)],
            "kbfind --json": [sys.executable, "-m", "kbfind", "--json", PASTE],
        }
        for cmd in commands.values():  # warm-up: builds the index, fills the OS file cache
            timed(cmd, env)
        samples: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, cmd in commands.items():
                samples[name].append(timed(cmd, env))
    return {name: statistics.median(times) for name, times in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    medians = measure(args.runs)
    for name, value in medians.items():
        print(f"{name:20s} {value * 1000:7.1f} ms (median of {args.runs})")
    ratio = medians["kbfind --json"] / medians["typer hello-world"]
    print(f"ratio kbfind / hello-world: {ratio:.2f} (target ≤ 1.5)")


if __name__ == "__main__":
    main()
