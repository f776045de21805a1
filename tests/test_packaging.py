"""A non-editable install works from any directory, with the FAQ inside the wheel."""

import configparser
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kb.settings import CACHE_ENV, SITE_URL_ENV

pytestmark = pytest.mark.slow  # builds a wheel


def test_wheel_carries_the_bundled_faq_and_typing_marker(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {
        "kb/content/k8s-faq.md",
        "kb/content/README.md",
        "kb/content/.kbfind/calibration.json",
        "kb/mkdocs.yml",
        "kb/py.typed",
        "matcher/py.typed",
    } <= names
    assert "matcher/model.json" in names
    entry_points = configparser.ConfigParser()
    entry_points.read_string(
        zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    )
    for command in ("kbfind", "kb"):  # each command starts a function of a module in the wheel
        module, _, function = entry_points["console_scripts"][command].partition(":")
        assert function and f"{module.replace('.', '/')}.py" in names, (command, module)


def test_installed_wheel_answers_from_an_unrelated_directory(installed_wheel: Path, tmp_path: Path) -> None:
    target = installed_wheel
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {
        **os.environ,
        "PYTHONPATH": str(target),
        CACHE_ENV: str(tmp_path / "cache"),
        SITE_URL_ENV: "https://kb.example.org/",  # the bundled FAQ links to a site only when told one
    }
    paste = "Unable to connect to the server: x509: certificate is valid for 10.0.0.1, 10.96.0.1, not 34.12.56.78"
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            "import kb, runpy, sys; sys.argv=['kbfind', '--json', sys.argv[1]]; "
            "print(kb.__file__, file=sys.stderr); runpy.run_module('kbfind', run_name='__main__')",
            paste,
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert run.stderr.strip().startswith(str(target))
    best = json.loads(run.stdout)["matches"][0]
    assert best["title"].startswith("Unable to connect to the server: x509")
    assert best["line"] == 292  # of the installed FAQ, in a path that opens from where the command ran
    assert (elsewhere / best["source"]).resolve() == (target / "kb" / "content" / "k8s-faq.md").resolve()
    assert best["url"].startswith("https://kb.example.org/k8s-faq/#unable-to-connect")
