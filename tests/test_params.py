"""Command-line values converted without pydantic: same values, same errors, faster start-up."""

from __future__ import annotations

import enum
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from kbfind.params import _converter


class Mode(enum.Enum):
    auto = "auto"
    never = "never"


class Info:
    """typer's parameter info, with its defaults."""

    def __init__(self, **kw: object) -> None:
        self.min, self.max, self.clamp = kw.get("min"), kw.get("max"), False
        self.exists, self.resolve_path, self.writable, self.readable, self.allow_dash = False, False, False, True, False
        self.file_okay, self.dir_okay = True, True
        for k, v in kw.items():
            setattr(self, k, v)


@pytest.mark.parametrize(
    ("annotation", "info", "value", "expected"),
    [
        (int, Info(min=1, max=100), "5", 5),
        (str, Info(), 7, "7"),
        (Path, Info(), "docs", Path("docs")),
        (Path | None, Info(), "a.md", Path("a.md")),
        (list[str], Info(), "x", "x"),
        (bool, Info(), "yes", True),
        (Mode, Info(), "never", Mode.never),
        (float | None, Info(min=0.0, max=1.0), "0.8", 0.8),
    ],
)
def test_plain_values_convert_as_typer_would(annotation: object, info: Info, value: object, expected: object) -> None:
    convert = _converter(annotation, info)
    assert convert is not None and convert(value) == expected


@pytest.mark.parametrize(
    ("annotation", "info", "value", "message"),
    [
        (int, Info(min=1, max=100), "0", "0 is not in the range 1<=x<=100."),
        (int, Info(), "many", "'many' is not a valid integer."),
        (Mode, Info(), "sometimes", "'sometimes' is not one of 'auto', 'never'."),
    ],
)
def test_bad_values_say_what_is_wrong(annotation: object, info: Info, value: str, message: str) -> None:
    convert = _converter(annotation, info)
    assert convert is not None
    with pytest.raises(ValueError, match="^" + message.replace("(", r"\(").replace(".", r"\.") + "$"):
        convert(value)


def test_what_is_not_plain_keeps_typers_conversion() -> None:
    assert _converter(Path, Info(exists=True)) is None
    assert _converter(dict[str, int], Info()) is None


@pytest.mark.slow
def test_a_query_never_imports_pydantic(tmp_path: Path) -> None:
    code = (
        "import sys; from kbfind.cli import app, run; "
        "run(app, 'kbfind', ['--json', '--limit', '2', 'x509: certificate is valid for 1.2.3.4, not 5.6.7.8']); "
        "print('pydantic' in sys.modules, file=sys.stderr)"
    )
    env = {"KBFIND_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert run.stderr.strip().splitlines()[-1] == "False", run.stderr
