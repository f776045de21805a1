"""The kbfind command as a user runs it: arguments, stdin, --json, --kb, exit status."""

import json
from pathlib import Path

from conftest import CONTENT, kbfind

X509_PASTE = "Unable to connect to the server: x509: certificate is valid for 10.0.0.1, 10.96.0.1, not 34.12.56.78"
ORPHANED_LINE = (
    'E1127 10:22:33.123456    4242 kubelet_volumes.go:154] orphaned pod "0c4e3d2a-1b2c-4d5e-8f90-123456789abc" '
    "found, but error not a directory occurred when trying to remove the volumes dir\n"
)


def test_json_output_is_one_object_with_the_best_match_first() -> None:
    run = kbfind("--json", X509_PASTE)
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert set(data) == {"query", "matches", "suggestions"}
    assert data["query"] == X509_PASTE
    best = data["matches"][0]
    assert (
        best["id"]
        == "unable-to-connect-to-the-server-x509-certificate-is-valid-for-101012-104301-127001-192168110-not-123123123123"
    )
    assert best["title"].startswith("Unable to connect to the server: x509: certificate is valid for")
    assert 0 < best["score"] <= 1 and best["confident"] is True
    assert (best["source"], best["line"]) == (str(CONTENT / "k8s-faq.md"), 292)
    assert best["url"] == f"http://127.0.0.1:8000/k8s-faq/#{best['id']}"
    assert best["params"] == {"valid for": ["10.0.0.1", "10.96.0.1"], "not": ["34.12.56.78"]}


def test_paste_on_stdin() -> None:
    run = kbfind("--json", stdin=ORPHANED_LINE)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["matches"][0]["id"].startswith("orphaned-pod-found")
    dash = kbfind("--json", "-", stdin=ORPHANED_LINE)
    assert json.loads(dash.stdout) == json.loads(run.stdout)


def test_words_are_joined_into_one_query() -> None:
    run = kbfind("--json", "invalid", "capacity", "0", "on", "image", "filesystem")
    assert json.loads(run.stdout)["query"] == "invalid capacity 0 on image filesystem"
    assert run.returncode == 0


def test_no_confident_match_exits_1_with_empty_matches() -> None:
    run = kbfind("--json", "the quick brown fox jumps over the lazy dog")
    assert run.returncode == 1
    assert json.loads(run.stdout)["matches"] == []
    human = kbfind("the quick brown fox jumps over the lazy dog")
    assert human.returncode == 1 and "No confident match" in human.stdout


def test_empty_query_exits_2_with_one_line() -> None:
    for args, stdin in [(("",), None), (("   ",), None), ((), "  \n\n")]:
        run = kbfind(*args, stdin=stdin)
        assert run.returncode == 2
        assert run.stdout == ""
        assert run.stderr.count("\n") == 1 and run.stderr.startswith("kbfind: error: ")


def test_bad_options_exit_2_with_one_line() -> None:
    for args in [("--limit", "0", "x"), ("--limit", "-3", "x"), ("--limit", "many", "x"), ("--bogus", "x")]:
        run = kbfind(*args)
        assert run.returncode == 2, args
        assert run.stderr.count("\n") == 1 and "kbfind: error:" in run.stderr and "Traceback" not in run.stderr


def test_kb_option_and_environment_variable(tmp_path: Path) -> None:
    (tmp_path / "ops.md").write_text("## disk quota exceeded on /var/lib/docker\n\nPrune images.\n", "utf-8")
    paste = "Error: disk quota exceeded on /var/lib/containerd"
    run = kbfind("--json", "--kb", str(tmp_path), paste)
    assert run.returncode == 0, run.stderr
    best = json.loads(run.stdout)["matches"][0]
    assert (best["title"], best["source"], "url" in best) == (
        "disk quota exceeded on /var/lib/docker",
        str(tmp_path / "ops.md"),
        False,
    )
    env = kbfind("--json", paste, env={"KBFIND_KB": str(tmp_path)})
    assert json.loads(env.stdout)["matches"][0]["title"] == best["title"]


def test_missing_kb_path_exits_2(tmp_path: Path) -> None:
    run = kbfind("--kb", str(tmp_path / "nope"), "x")
    assert run.returncode == 2
    assert (
        run.stderr
        == f"kbfind: error: {tmp_path / 'nope'}: no such file or folder; pass --kb PATH to a markdown file or folder\n"
    )


def test_limit_caps_matches_and_suggestions() -> None:
    run = kbfind("--json", "--limit", "1", "pod")
    data = json.loads(run.stdout)
    assert len(data["matches"]) <= 1 and len(data["suggestions"]) <= 1


def test_human_output_without_colour_when_not_a_terminal() -> None:
    run = kbfind(X509_PASTE)
    assert run.returncode == 0
    assert "\x1b[" not in run.stdout
    assert run.stdout.startswith("✔ Unable to connect to the server: x509")
    assert "content/k8s-faq.md:292" in run.stdout and "kubeadm init --apiserver-cert-extra-sans" in run.stdout
    assert "from your paste: valid for = 10.0.0.1, 10.96.0.1 · not = 34.12.56.78" in run.stdout


def test_site_url_override() -> None:
    run = kbfind("--json", "--site-url", "https://kb.example.org/", X509_PASTE)
    assert json.loads(run.stdout)["matches"][0]["url"].startswith("https://kb.example.org/k8s-faq/#unable-to-connect")


def test_version() -> None:
    run = kbfind("--version")
    assert run.returncode == 0 and run.stdout.startswith("kbfind ")
