"""Cold start of ``kbfind --json <paste>`` against a bare typer hello-world, side by side.

Every command runs as a fresh process of the same interpreter and venv, alternated, so the
machine's noise hits all alike; the index is built before timing (a warm-up run). Prints medians
and ratios. Bytecode is cached as an installed package has it (in a temporary folder, whatever
``PYTHONDONTWRITEBYTECODE`` says; ``--source`` compiles every module on every run instead).
``--baseline DIR`` times another checkout of kbfind (e.g. ``git worktree`` of the last
release) in the same run, for before/after figures.

    python benchmarks/startup.py [--runs N] [--source] [--baseline DIR]
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
TARGET = 1.3
"""Issue 12: a bundled-FAQ query starts within 1.3× a typer hello-world."""


ROOT = Path(__file__).resolve().parent.parent

Command = tuple[list[str], dict[str, str], Path]
"""Arguments, environment, working directory (``python -m`` finds the package there first)."""


def timed(command: Command) -> float:
    cmd, env, cwd = command
    start = time.perf_counter()
    subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def measure(runs: int, source: bool, baseline: Path | None) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        hello = Path(tmp, "hello.py")
        hello.write_text(HELLO)
        env = {**os.environ, "KBFIND_CACHE_DIR": str(Path(tmp, "cache"))}
        if not source:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(Path(tmp, "pycache"))
        kbfind = [sys.executable, "-m", "kbfind", "--json", PASTE]
        commands: dict[str, Command] = {
            "typer hello-world": ([sys.executable, str(hello)], env, ROOT),
            "kbfind --json": (kbfind, env, ROOT),
        }
        if baseline is not None:
            other = baseline.resolve()
            commands["baseline kbfind --json"] = (kbfind, {**env, "PYTHONPATH": str(other)}, other)
        for command in commands.values():  # warm-up: builds the index, caches bytecode and files
            timed(command)
        samples: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, command in commands.items():
                samples[name].append(timed(command))
    return {name: statistics.median(times) for name, times in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--source", action="store_true", help="no bytecode cache: compile every module every run")
    parser.add_argument("--baseline", type=Path, help="another kbfind checkout to time alongside")
    args = parser.parse_args()
    medians = measure(args.runs, args.source, args.baseline)
    for name, value in medians.items():
        print(f"{name:24s} {value * 1000:7.1f} ms (median of {args.runs})")
    hello = medians["typer hello-world"]
    if "baseline kbfind --json" in medians:
        print(f"ratio baseline / hello-world: {medians['baseline kbfind --json'] / hello:.2f}")
    print(f"ratio kbfind / hello-world: {medians['kbfind --json'] / hello:.2f} (target ≤ {TARGET})")


if __name__ == "__main__":
    main()
