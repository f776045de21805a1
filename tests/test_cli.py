"""The kbfind command as a user runs it: arguments, stdin, --json, --kb, exit status, manners.

The command runs in-process (:func:`invoke`: ``kbfind.cli.run`` with captured streams); the
edges only a real process has are tested on one (a pipe on stdin here, closed descriptors in
``test_output.py``).
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import CONTENT, ROOT, kbfind_here

X509_PASTE = "Unable to connect to the server: x509: certificate is valid for 10.0.0.1, 10.96.0.1, not 34.12.56.78"
X509_ID = (
    "unable-to-connect-to-the-server-x509-certificate-is-valid-for-101012-104301-127001-192168110-not-123123123123"
)
ORPHANED_LINE = (
    'E1127 10:22:33.123456    4242 kubelet_volumes.go:154] orphaned pod "0c4e3d2a-1b2c-4d5e-8f90-123456789abc" '
    "found, but error not a directory occurred when trying to remove the volumes dir\n"
)


@dataclass(frozen=True)
class Ran:
    code: int
    out: str
    err: str


class _Terminal(io.TextIOWrapper):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def invoke(
    *argv: str,
    prog: str = "kbfind",
    stdin: str | bytes | None = None,
    encoding: str = "utf-8",
    tty: bool = False,
) -> Ran:
    """Run ``kbfind`` (or ``kb``) in this process, as :func:`kbfind.cli.main` does, with its
    streams captured: ``stdin=None`` is a terminal with nothing typed, ``tty`` makes stdout and
    stderr terminals."""
    from kbfind import cli, kbcli

    app = cli.app if prog == "kbfind" else kbcli.app
    data = stdin.encode() if isinstance(stdin, str) else stdin
    out, err = io.BytesIO(), io.BytesIO()
    writer = _Terminal if tty else io.TextIOWrapper
    saved = sys.stdin, sys.stdout, sys.stderr
    streams = (
        (_Terminal if data is None else io.TextIOWrapper)(io.BytesIO(data or b""), encoding="utf-8"),
        writer(out, encoding=encoding, write_through=True),
        writer(err, encoding="utf-8", errors="backslashreplace", write_through=True),
    )
    sys.stdin, sys.stdout, sys.stderr = streams
    try:
        code = cli.run(app, prog, list(argv))
    except SystemExit as e:  # what shell completion ends with
        code = int(e.code or 0)
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
    ran = Ran(code, out.getvalue().decode(encoding), err.getvalue().decode())
    for stream in streams:
        stream.detach()
    return ran


# -- the interface other tools rely on -------------------------------------------------------------


def test_json_output_is_one_object_with_the_best_match_first() -> None:
    run = invoke("--json", X509_PASTE)
    assert run.code == 0, run.err
    data = json.loads(run.out)
    assert run.out.count("\n") == 1 and run.err == ""
    assert set(data) == {"query", "matches", "suggestions"}
    assert data["query"] == X509_PASTE
    best = data["matches"][0]
    assert best["id"] == X509_ID
    assert best["title"].startswith("Unable to connect to the server: x509: certificate is valid for")
    assert 0 < best["score"] <= 1 and best["confident"] is True
    assert (best["source"], best["line"]) == (str(CONTENT / "k8s-faq.md"), 292)
    assert best["params"] == {"valid for": ["10.0.0.1", "10.96.0.1"], "not": ["34.12.56.78"]}
    assert "kubeadm init --apiserver-cert-extra-sans" in best["answer"]


def test_a_paste_on_the_stdin_of_a_real_process_and_its_exit_status() -> None:
    """Real process 1 of 2: a pipe on stdin, and the exit status the shell sees."""

    def kbfind(*args: str, stdin: str) -> subprocess.CompletedProcess[str]:
        cmd = [sys.executable, "-m", "kbfind", *args]
        return subprocess.run(cmd, input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=120)

    run = kbfind("--json", stdin=ORPHANED_LINE)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["matches"][0]["id"].startswith("orphaned-pod-found")
    dash = kbfind("--json", "-", stdin=ORPHANED_LINE)
    assert json.loads(dash.stdout) == json.loads(run.stdout)
    none = kbfind("--json", stdin="the quick brown fox jumps over the lazy dog")
    assert none.returncode == 1 and json.loads(none.stdout)["matches"] == []
    empty = kbfind(stdin="  \n\n")
    assert (empty.returncode, empty.stdout) == (2, "")
    assert empty.stderr == "kbfind: error: the query is empty: pass the error text as arguments or on stdin\n"


def test_paste_on_stdin() -> None:
    run = invoke("--json", stdin=ORPHANED_LINE)
    assert run.code == 0, run.err
    assert json.loads(run.out)["matches"][0]["id"].startswith("orphaned-pod-found")


def test_words_are_joined_into_one_query() -> None:
    run = invoke("--json", "invalid", "capacity", "0", "on", "image", "filesystem")
    assert json.loads(run.out)["query"] == "invalid capacity 0 on image filesystem"
    assert run.code == 0


def test_no_confident_match_exits_1_with_empty_matches() -> None:
    run = invoke("--json", "the quick brown fox jumps over the lazy dog")
    assert run.code == 1
    assert json.loads(run.out)["matches"] == []
    human = invoke("the quick brown fox jumps over the lazy dog")
    assert human.code == 1 and "No confident match" in human.out


def test_nothing_to_match_exits_2_with_one_line() -> None:
    for args, stdin in [(("",), None), (("   ",), None), ((), "  \n\n"), ((), None)]:
        run = invoke(*args, stdin=stdin)
        assert run.code == 2, args
        assert run.out == ""
        assert run.err.count("\n") == 1 and run.err.startswith("kbfind: error: ")


def test_bad_options_exit_2_with_one_line() -> None:
    for args in [
        ("--limit", "0", "x"),
        ("--limit", "-3", "x"),
        ("--limit", "many", "x"),
        ("--bogus", "x"),
        ("--color", "sometimes", "x"),
    ]:
        run = invoke(*args)
        assert run.code == 2, args
        assert run.err.count("\n") == 1 and "kbfind: error:" in run.err and "Traceback" not in run.err


def test_kb_option_and_environment_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "ops.md").write_text("## disk quota exceeded on /var/lib/docker\n\nPrune images.\n", "utf-8")
    paste = "Error: disk quota exceeded on /var/lib/containerd"
    run = invoke("--json", "--kb", str(tmp_path), paste)
    assert run.code == 0, run.err
    best = json.loads(run.out)["matches"][0]
    assert (best["title"], best["source"], "url" in best) == (
        "disk quota exceeded on /var/lib/docker",
        str(tmp_path / "ops.md"),
        False,
    )
    monkeypatch.setenv("KBFIND_KB", str(tmp_path))
    assert json.loads(invoke("--json", paste).out)["matches"][0]["title"] == best["title"]


def test_missing_kb_path_exits_2(tmp_path: Path) -> None:
    run = invoke("--kb", str(tmp_path / "nope"), "x")
    assert run.code == 2
    assert (
        run.err
        == f"kbfind: error: {tmp_path / 'nope'}: no such file or folder; pass --kb PATH to a markdown file or folder\n"
    )


def test_limit_caps_matches_and_suggestions() -> None:
    data = json.loads(invoke("--json", "--limit", "1", "pod").out)
    assert len(data["matches"]) <= 1 and len(data["suggestions"]) <= 1


def test_human_output_without_colour_when_not_a_terminal() -> None:
    run = invoke(X509_PASTE)
    assert run.code == 0
    assert "\x1b[" not in run.out
    assert run.out.startswith("✔ Unable to connect to the server: x509")
    assert f"{CONTENT / 'k8s-faq.md'}:292" in run.out and "kubeadm init --apiserver-cert-extra-sans" in run.out
    assert "from your paste: valid for = 10.0.0.1, 10.96.0.1 · not = 34.12.56.78" in run.out


def test_a_value_quoted_empty_in_the_paste_shows_as_empty_quotes(tmp_path: Path) -> None:
    (tmp_path / "ops.md").write_text('## strconv.Atoi: parsing "abc": invalid syntax\n\nSet a number.\n', "utf-8")
    run = invoke("--kb", str(tmp_path), 'strconv.Atoi: parsing "": invalid syntax')
    assert run.code == 0 and '  from your paste: parsing = ""\n' in run.out


def test_the_answer_leaves_out_html_comments_and_block_tags_as_the_site_does(tmp_path: Path) -> None:
    (tmp_path / "ops.md").write_text(
        "## Error: illegal instruction on arm7\n\nSwitch to the arm6 build. <!-- TODO: internal ticket -->\n\n"
        "<!-- hidden --> Then reboot.\n\n    <!-- indented: code -->\n\n"
        "<!---\nplease remove after fixing the arm7 bug\n    indented, in the comment\n--->\n\n\n\n<details>\n\nWrite `<!-- more -->` in the page.\n\n"
        "</details>\n",
        "utf-8",
    )
    run = invoke("--kb", str(tmp_path), "Error: illegal instruction on arm7")
    assert run.code == 0 and run.out.endswith(
        "\n\n  Switch to the arm6 build.\n\n  Then reboot.\n\n      <!-- indented: code -->\n\n"
        "  Write `<!-- more -->` in the page.\n"
    )


def test_site_url_override() -> None:
    run = invoke("--json", "--site-url", "https://kb.example.org/", X509_PASTE)
    assert json.loads(run.out)["matches"][0]["url"] == f"https://kb.example.org/k8s-faq/#{X509_ID}"


def test_version() -> None:
    from kb import __version__

    assert invoke("--version") == Ran(0, f"kbfind {__version__}\n", "")
    for args in (("--json", "--version"), ("--version", "--json")):  # --json: one JSON object, always
        assert invoke(*args) == Ran(0, json.dumps({"version": __version__}) + "\n", "")


# -- manners (issue 11, item 6) ------------------------------------------------------------------


def test_h_is_help() -> None:
    short, long = invoke("-h"), invoke("--help")
    assert short.code == 0 and short.out == long.out
    assert "--json" in short.out and "--color" in short.out and "--quiet" in short.out


def test_shell_completion_is_typers_own(monkeypatch: pytest.MonkeyPatch) -> None:
    import shellingham

    # typer asks shellingham for the shell the command runs under: bash here, whatever runs the tests
    monkeypatch.setattr(shellingham, "detect_shell", lambda *_, **__: ("bash", "/bin/bash"))
    script = invoke("--show-completion")
    assert script.code == 0 and "_KBFIND_COMPLETE" in script.out
    monkeypatch.setenv("_KBFIND_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", "kbfind --col")
    monkeypatch.setenv("COMP_CWORD", "1")
    assert invoke() == Ran(0, "--color\n", "")


@pytest.mark.parametrize(
    ("args", "env", "tty", "coloured"),
    [
        ((), {}, False, False),
        ((), {}, True, True),
        ((), {"NO_COLOR": "1"}, True, False),
        ((), {"FORCE_COLOR": "1"}, False, True),
        ((), {"TERM": "dumb"}, True, False),
        (("--color", "always"), {"NO_COLOR": "1"}, False, True),
        (("--color", "never"), {"FORCE_COLOR": "1"}, True, False),
        (("--color", "auto"), {"NO_COLOR": "1", "FORCE_COLOR": "1"}, True, False),
    ],
)
def test_color_follows_the_flag_then_no_color_and_force_color(
    args: tuple[str, ...], env: dict[str, str], tty: bool, coloured: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    run = invoke(*args, X509_PASTE, tty=tty)
    assert run.code == 0
    assert ("\x1b[" in run.out) is coloured


def test_a_kb_without_markdown_is_bad_usage(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "notes.txt").write_text("## looks like markdown\n\nbut is not\n", "utf-8")
    (tmp_path / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n", "utf-8")
    for name, what in [
        ("empty", "holds no markdown (.md, .mdx, .markdown) files"),
        ("texts", "holds no markdown (.md, .mdx, .markdown) files"),
        ("passwd", "is not a markdown (.md, .mdx, .markdown) file"),
    ]:
        run = invoke("--kb", str(tmp_path / name), "x")
        assert (run.code, run.out) == (2, ""), name
        assert run.err == (
            f"kbfind: error: {tmp_path / name}: {what}; pass --kb a markdown file or a folder that holds some\n"
        )


def test_a_docusaurus_folder_of_mdx_pages_is_read(tmp_path: Path, cache_dir: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "install.mdx").write_text(
        "import Tabs from '@theme/Tabs';\n\n## Error: EACCES: permission denied, mkdir '/usr/lib/node_modules'\n\n"
        "Change npm's default directory.\n",
        "utf-8",
    )
    run = invoke("--kb", str(docs), "npm ERR! Error: EACCES: permission denied, mkdir '/usr/lib/node_modules/yarn'")
    assert run.code == 0, run.err
    assert f"{docs / 'install.mdx'}:3" in run.out and "Tabs" not in run.out


def _problem_tree(root: Path) -> Path:
    root.mkdir()
    (root / "fine.md").write_text("## redis timeout\n\nRestart redis.\n", "utf-8")
    (root / "front.md").write_text("---\ntags: [a\n---\n\n## disk full\n\nClean up.\n", "utf-8")
    (root / "fence.md").write_text("## oom killed\n\n```bash\ndmesg\n", "utf-8")
    (root / "binary.md").write_bytes(b"\x00\x01## x\x00")
    return root


def test_content_problems_are_one_line_and_quiet_silences_it(tmp_path: Path, cache_dir: Path) -> None:
    kb = _problem_tree(tmp_path / "notes")
    run = invoke("--json", "--kb", str(kb), "redis timeout")
    assert run.code == 0
    assert run.err == f"kbfind: warning: 3 files have problems; `kb lint --kb {kb}` lists them\n"
    again = invoke("--kb", str(kb), "redis timeout")
    assert again.err == run.err
    quiet = invoke("-q", "--kb", str(kb), "redis timeout")
    assert (quiet.code, quiet.err) == (0, "")


def test_one_problem_is_shown_as_it_is(tmp_path: Path, cache_dir: Path) -> None:
    (tmp_path / "a.md").write_text("## oom killed\n\n```bash\ndmesg\n", "utf-8")
    run = invoke("--kb", str(tmp_path), "oom killed")
    assert (
        run.err == f"kbfind: warning: {tmp_path / 'a.md'}:3: code fence never closed; it runs to the end of the file\n"
    )


def test_a_long_build_says_when_it_starts_and_ends_when_stderr_is_not_a_terminal(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kbfind import terminal

    monkeypatch.setattr(terminal, "LONG_BUILD", 0.0)  # every build counts as long
    for n in range(3):
        (tmp_path / f"page{n}.md").write_text(f"## error number {n} happened\n\nFix {n}.\n", "utf-8")
    run = invoke("--kb", str(tmp_path), "error number 1 happened")
    lines = run.err.splitlines()
    assert lines[0] == "kbfind: indexing 3 files…"
    assert lines[1].startswith("kbfind: indexed 3 files (3 entries) in ") and lines[1].endswith(" s")
    assert len(lines) == 2
    assert invoke("--kb", str(tmp_path), "error number 1 happened").err == ""  # built: nothing to say
    assert invoke("-q", "--kb", str(tmp_path / "page0.md"), "error number 0").err == ""


def test_build_progress_on_a_terminal_is_a_bar_and_a_finish_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from kbfind.terminal import BuildProgress

    now = [0.0]
    err = io.BytesIO()
    monkeypatch.setattr(sys, "stderr", _Terminal(err, encoding="utf-8", write_through=True))
    with BuildProgress("kbfind", clock=lambda: now[0]) as progress:
        progress(1, 40)  # too early to show
        now[0] = 2.0
        for n in range(2, 41):
            progress(n, 40)
        progress.finish(120)
    text = err.getvalue().decode()
    assert "kbfind: indexing" in text and "40/40" in text and "files" in text
    assert text.endswith("kbfind: indexed 40 files (120 entries) in 2.0 s\n")


def test_a_short_build_is_not_shown() -> None:
    from kbfind.terminal import BuildProgress

    with BuildProgress("kbfind", clock=lambda: 0.0) as progress:
        for n in range(1, 10):
            progress(n, 9)
        progress.finish(9)
    assert not progress.shown


def test_a_paste_that_starts_with_a_dash_is_text_not_an_option(cache_dir: Path) -> None:
    """Jest prints ``- Error: Timeout …``, diffs start ``--- a/…``, a list item ``- x``: pasted as an
    argument, each is the query, wherever the options are; what is shaped like an option is still
    one, or refused as an unknown one."""
    paste = "- Error: Timeout - Async callback was not invoked within the 5000ms timeout"
    for args in ([paste, "--json"], ["--json", paste], ["--limit", "2", "--json", "--", paste]):
        run = kbfind_here(*args)
        assert run.returncode in (0, 1) and json.loads(run.stdout)["query"] == paste, (args, run.stderr)
    joined = kbfind_here("--json", "x509:", "-> certificate", "--limit", "3")
    assert json.loads(joined.stdout)["query"] == "x509: -> certificate"
    assert len(json.loads(joined.stdout)["suggestions"]) <= 3
    line = "--config=/etc/app/config.yaml: no such file or directory"
    for args in ([line, "--json"], ["--json", line]):
        run = kbfind_here(*args)
        assert run.returncode in (0, 1) and json.loads(run.stdout)["query"] == line, (args, run.stderr)
    typo = kbfind_here("--kbdir=/tmp/My Docs", "x509")  # a mistyped option with a spaced value is still one
    assert typo.returncode == 2 and "No such option: --kbdir" in typo.stderr
    spaced = kbfind_here("--json", "--limit=1 ", "x509")  # an option's own value may hold spaces
    assert json.loads(spaced.stdout)["query"] == "x509" and len(json.loads(spaced.stdout)["suggestions"]) == 1
    unknown = kbfind_here(paste, "--jsn")
    assert unknown.returncode == 2 and "No such option: --jsn" in unknown.stderr
    missing = kbfind_here(paste, "--limit")
    assert missing.returncode == 2 and "--limit" in missing.stderr and "requires an argument" in missing.stderr


def test_an_answers_escapes_and_line_breaks_read_as_the_page_shows_them(tmp_path: Path, cache_dir: Path) -> None:
    """MDX pages escape braces (``\\{constraint}``) and break lines with ``<br />``; a code span
    keeps what it holds."""
    (tmp_path / "kb").mkdir()
    page = (
        "## Error: unique constraint failed\n\nOn the \\{constraint}<br />and \\*all\\* `of \\{x\\}`.\n\n"
        "Write \\<br> for a break.\n\n    echo a\\*b <br> c\n"
    )
    (tmp_path / "kb" / "p.mdx").write_text(page, "utf-8")
    run = kbfind_here("--kb", str(tmp_path / "kb"), "Error: unique constraint failed")
    assert run.returncode == 0 and "\n  On the {constraint} and *all* `of \\{x\\}`.\n" in run.stdout
    assert "\n  Write <br> for a break.\n" in run.stdout and "echo a\\*b <br> c" in run.stdout  # code as written


def test_a_kb_command_typed_after_kbfind_is_searched_for_and_named() -> None:
    run = invoke("kb", "lint", "docs")
    assert run.err == "kbfind: note: kb is a command of its own; to run it: kb lint docs\n"
    wrong = invoke("kb", "lint", "--strict")  # an option of kb lint's, not kbfind's
    assert wrong.err == "kbfind: error: No such option: --strict (kb is a command of its own: kb lint --strict)\n"
    assert invoke("-q", "kb", "lint").err == "" and invoke("kb", "ops", "notes").err == ""
    docs = str(CONTENT)
    given = invoke("--kb", docs, "kb", "lint", "--strict")  # kbfind's --kb goes with it
    assert (
        given.err
        == f"kbfind: error: No such option: --strict (kb is a command of its own: kb lint --strict --kb {docs})\n"
    )
    assert invoke("--kb", docs, "kb", "list").err.endswith(f"to run it: kb list --kb {docs}\n")
