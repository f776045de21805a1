"""Evidence that holds on anyone's markdown: error text in bodies, aliases, spellings, values."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kb import open_kb
from kb.parse import parse_markdown
from matcher import Match, Matcher
from matcher.features import best_template
from matcher.profile import TemplateProfile
from matcher.weights import Weights


def listed(tmp_path: Path, markdown: str, paste: str) -> list[Match]:
    """What kbfind lists for ``paste`` on a knowledge base of one page, ``markdown``."""
    (tmp_path / "kb").mkdir(exist_ok=True)
    (tmp_path / "kb" / "notes.md").write_text(markdown, "utf-8")
    with open_kb(tmp_path / "kb") as kb:
        result = Matcher(kb).analyze(paste)
        return [*result.matches, *result.suggestions]


def answer(tmp_path: Path, markdown: str, paste: str) -> list[tuple[str, bool]]:
    return [(m.entry.title, m.confident) for m in listed(tmp_path, markdown, paste)]


def quoted(tmp_path: Path, markdown: str, title: str) -> list[tuple[str, int]]:
    """The error texts (and their lines) the entry ``title`` quotes in its answer, not its heading."""
    (tmp_path / "kb").mkdir(exist_ok=True)
    (tmp_path / "kb" / "notes.md").write_text(markdown, "utf-8")
    with open_kb(tmp_path / "kb") as kb:
        entry = next(e for e in kb.entries() if e.title == title)
        return [(t.text, t.line) for t in entry.templates if t.origin != "heading"]


NOTES = """# Notes

## Python packages

### Pillow is missing

```text
ModuleNotFoundError: No module named 'PIL'
```

Install `pillow`.

### packaging is missing

```text
ModuleNotFoundError: No module named 'packaging'
```

Install `packaging`.

## Desktop

### Files are not visible in containers
<!-- kbfind-alias: Mounts denied: The path /Users/me/src is not shared from the host -->

Share the folder in Settings › Resources › File sharing.

### Anti-virus software blocks the daemon

Add an exception for the engine in your anti-virus software.
"""


def test_the_entry_whose_values_the_paste_repeats_wins(cache_dir: Path, tmp_path: Path) -> None:
    first = answer(tmp_path, NOTES, "Traceback (most recent call last):\nModuleNotFoundError: No module named 'PIL'")
    assert first[0][0] == "Pillow is missing"
    second = answer(tmp_path, NOTES, "ModuleNotFoundError: No module named 'packaging'")
    assert second[0][0] == "packaging is missing"


def test_an_alias_answers_what_the_heading_never_says(cache_dir: Path, tmp_path: Path) -> None:
    found = answer(
        tmp_path,
        NOTES,
        "docker: Error response from daemon: Mounts denied: The path /home/ann/app is not shared from the host.",
    )
    assert found[0] == ("Files are not visible in containers", True)


def test_hyphenated_and_closed_spellings_meet(cache_dir: Path, tmp_path: Path) -> None:
    found = answer(tmp_path, NOTES, "antivirus software blocks the daemon")
    assert found[0][0] == "Anti-virus software blocks the daemon"


def test_a_hyphenated_name_with_a_number_meets_its_closed_spelling(cache_dir: Path, tmp_path: Path) -> None:
    notes = (
        "## Challenges\n\n### HTTP01 troubleshooting\n\nCheck the solver pod and the ingress.\n\n"
        "### DNS01 troubleshooting\n\nCheck the TXT record from the public internet.\n\n"
        "## Orders\n\nWaiting for the order to be valid: check the challenge resources.\n"
    )
    found = answer(
        tmp_path, notes, "Waiting for HTTP-01 challenge propagation: wrong status code '403', expected '200'"
    )
    assert found[0][0] == "HTTP01 troubleshooting"


def test_an_error_status_meets_the_heading_that_names_it(cache_dir: Path, tmp_path: Path) -> None:
    notes = (
        "## Uploads\n\n### I get 411 when uploading artifacts\n\nYour proxy drops chunked uploads.\n\n"
        "### Other artifact upload errors\n\nRun the job with debug logging and read the upload request.\n\n"
        "### The runner cannot reach the server\n\nCheck the URL in config.toml and the nginx proxy.\n"
    )
    paste = "<html>\n<head><title>411 Length Required</title></head>\n<body>\n<center><h1>411 Length Required</h1></center>\n<hr><center>nginx</center>"
    assert answer(tmp_path, notes, paste)[0][0] == "I get 411 when uploading artifacts"


def test_a_heading_typed_as_written_is_a_look_up_whatever_its_typography(cache_dir: Path, tmp_path: Path) -> None:
    # A paste is cleaned (NFKC: "…" is "..."); the heading it is compared with must be too.
    notes = "## 'A RenderFlex overflowed…'\n\nWrap the child in Expanded.\n\n## 'RenderBox was not laid out'\n\nGive it a size.\n"
    assert answer(tmp_path, notes, "'A RenderFlex overflowed…'")[0] == ("'A RenderFlex overflowed…'", True)
    with open_kb(tmp_path / "kb") as kb:
        scored = Matcher(kb).stages("'A RenderFlex overflowed…'").scored
        assert [s.entry.title for s in scored if s.named] == ["'A RenderFlex overflowed…'"]


def test_a_heading_typed_as_written_is_found_among_many_entries_sharing_its_words(
    cache_dir: Path, tmp_path: Path
) -> None:
    # Thirty short notes say "web" more often than the section named "Web" with its long list:
    # keyword scores alone leave it out of the candidates; a version heading has no words at all.
    crowd = "".join(f"## Web tool {n}\n\nweb web web\n\n" for n in range(30))
    listing = " ".join(f"project{n}" for n in range(400))
    notes = f"# Notes\n\n{crowd}## Web\n\nweb: {listing}\n\n## 4.3\n\nReleased in May.\n"
    assert answer(tmp_path, notes, "Web")[0] == ("Web", True)
    assert answer(tmp_path, notes, "  web ")[0] == ("Web", True)
    assert answer(tmp_path, notes, "4.3") == [("4.3", True)]


def test_common_ops_words_weigh_less_than_rare_ones_even_in_a_small_knowledge_base() -> None:
    w = Weights(20, lambda term: 1, 100.0)  # every term in one entry of twenty: the KB cannot tell them apart
    assert w("controller") < 0.85 * w("vmnetd")
    assert w("vmnetd") == w.unit


def test_a_template_the_segment_holds_nothing_of_is_not_weighed(cache_dir: Path, tmp_path: Path) -> None:
    # Its coverage is 0 whatever its terms weigh: looking their frequencies up would only cost time.
    (tmp_path / "faq.md").write_text(
        "## zebra quokka: wombat failure\n\nx509 trouble.\n\n## x509: certificate has expired\n\nRenew it.\n", "utf-8"
    )
    with open_kb(tmp_path) as kb:
        m = Matcher(kb)
        stages = m.stages("x509: certificate has expired")
        (v,) = stages.views
        profiles = {p.entry.title: p for p, _ in stages.candidates}
        asked: list[str] = []
        w = Weights(len(kb), lambda t: asked.append(t) or kb.doc_frequency(t), kb.average_length())
        assert best_template(v, profiles["zebra quokka: wombat failure"], w)[1:] == (0.0, 0.0, 0.0)
        assert not {"zebra", "quokka", "wombat", "failure"} & set(asked)  # the paste's own terms may be
        assert best_template(v, profiles["x509: certificate has expired"], w)[2] == 1.0
        assert "x509" in asked


def test_each_template_is_read_once_when_an_entry_is_profiled(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import matcher.profile

    (tmp_path / "faq.md").write_text(
        "## x509: certificate is valid for 10.0.0.1, not 10.0.0.2\n\nRe-issue it.\n\n```text\nError: dial tcp 10.0.0.3:443: i/o timeout\n```\n",
        "utf-8",
    )
    with open_kb(tmp_path) as kb:
        (entry,) = kb.entries()
        read: list[str] = []
        real = matcher.profile.template_of
        monkeypatch.setattr(matcher.profile, "template_of", lambda text: read.append(text) or real(text))
        p = matcher.profile.profile(entry)
        assert [t.origin for t in p.templates] == ["heading", "body"] and len(read) == 2
        assert "10.0.0.1" not in p.text_terms  # the heading's example values are not words the answer explains


EXPLAINED = """# Notes

## Error: widget 7 exploded on host

Restart the widget.

## Widgets fail after an upgrade
<!-- kbfind-alias: widget controller lost its lease on host -->

Pin the controller, then:

```text
E0101 widget.go:12] widget registry refused the handshake from host
```

## Why Am I Getting `gadget quota exceeded for project` When Deploying?

Raise the quota.

## Widget maintenance windows

Widgets are patched on Sundays; expect restarts of every widget then. Its log then shows:

```text
Error: connection pool exhausted while waiting for a free slot
```

## Error: upgrade failed: dial tcp 10.0.0.1:443: connection refused (`Error: UPGRADE FAILED: timed out waiting`)

Retry the upgrade.
"""


@pytest.mark.parametrize(
    ("paste", "against", "origin", "line"),
    [
        ("Error: widget 9 exploded on host", "its heading", "heading", 3),
        (
            "widget registry refused the handshake from host",
            "the error quoted at {kb}/notes.md:13: E0101 widget.go:12] widget registry refused the handshake from host",
            "body",
            13,
        ),
        (
            "widget controller lost its lease on host",
            "its alias at {kb}/notes.md:8: widget controller lost its lease on host",
            "alias",
            8,
        ),
        (
            "gadget quota exceeded for project",
            "the error quoted in its heading: gadget quota exceeded for project",
            "heading",
            16,
        ),
        (  # its answer quotes an error, but not one the paste holds any of
            "widget maintenance windows restarts",
            "the words of its title and answer (its heading is not an error message)",
            "words",
            20,
        ),
        ("Error: upgrade failed: dial tcp 10.0.0.7:443: connection refused", "its heading", "heading", 28),
    ],
    ids=["heading", "body", "alias", "quoted-in-heading", "topic", "heading-quoting-an-error"],
)
def test_explain_says_which_error_text_of_the_entry_matched(
    paste: str, against: str, origin: str, line: int, cache_dir: Path, tmp_path: Path
) -> None:
    from conftest import kbfind_here

    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "notes.md").write_text(EXPLAINED, "utf-8")
    out = kbfind_here("--kb", str(kb), "--explain", paste).stdout
    assert f"  matched against:   {against.format(kb=kb)}\n" in out
    data = json.loads(kbfind_here("--kb", str(kb), "--json", paste).stdout)
    first = (data["matches"] + data["suggestions"])[0]
    assert first["matched"]["origin"] == origin
    assert first["matched"]["origin_line"] == line


FRONT_MATTER_ALIAS = """---
kbfind:
  aliases:
    docker-desktop-cannot-see-my-files: ["Mounts denied: The path /Users/me/project is not shared from the host"]
---

# Desktop

## Docker Desktop cannot see my files

Share the folder in Settings.

## Something else entirely

Unrelated words here.
"""


def test_an_alias_in_the_front_matter_finds_its_entry(cache_dir: Path, tmp_path: Path) -> None:
    got = answer(tmp_path, FRONT_MATTER_ALIAS, "Mounts denied: The path /Users/you/app is not shared from the host")
    assert got[0] == ("Docker Desktop cannot see my files", True)  # before: not even a suggestion
    with open_kb(tmp_path / "kb") as kb:
        (entry,) = [e for e in kb.entries() if e.title == "Docker Desktop cannot see my files"]
        assert [t.line for t in entry.templates if t.origin == "alias"] == [4]  # its line in the front matter
    with open_kb(tmp_path / "kb") as kb:
        assert [h.entry.title for h in kb.search("mounts denied")] == ["Docker Desktop cannot see my files"]


@pytest.mark.parametrize(
    ("heading", "paste"),
    [
        (  # kubelet names a pod pod_namespace(uid)
            "Back-off restarting failed container web in pod web-7d4b9c8f6d-x2k9p_default(0c4e1f2a-1111-2222-3333-444455556666)",
            "Back-off restarting failed container web in pod web-5f6d7c8b9c-qzt7w_prod(9a8b7c6d-1111-2222-3333-444455556666)",
        ),
        (  # Go's local->remote socket pair
            "read tcp 10.0.0.5:443->10.244.1.9:51234: read: connection reset by peer",
            "read tcp 10.1.1.1:8443->10.2.2.2:5555: read: connection reset by peer",
        ),
    ],
    ids=["kubelet-pod", "socket-pair"],
)
def test_values_in_common_kubernetes_and_go_forms_are_masked(
    heading: str, paste: str, cache_dir: Path, tmp_path: Path
) -> None:
    got = answer(tmp_path, f"# Notes\n\n## {heading}\n\nFix it.\n\n## Something else entirely\n\nWords.\n", paste)
    assert got[0] == (heading, True)


@pytest.mark.parametrize(
    "heading",
    [
        "connection reset by peer",
        "no route to host",
        "i/o timeout",
        "502 Bad Gateway",
        "HTTP 404 Not Found",
        "No swap limit support",
        "unsupported relocation type 37",
        "ERR_PNPM_PEER_DEP_ISSUES",
        "`EADDRINUSE`",
        "connect ECONNREFUSED 127.0.0.1:5432",  # Node's failed system calls
        "getaddrinfo ENOTFOUND registry.npmjs.org",
        "spawn git ENOENT",
        "ENOSPC: System limit for number of file watchers reached",  # a message after its code
    ],
)
def test_a_short_error_heading_is_an_error_message(heading: str) -> None:
    from kb.kind import classify

    assert classify(heading) == "error"
    assert classify("Reset the admin password") == classify("404 page design") == "topic"
    assert classify("Read EULA first") == classify("open EPUB files") == "topic"
    assert classify("ERROR") == classify("EXAMPLE") == classify("EKS") == classify("ERR_X") == "topic"


def test_a_numbered_step_that_names_a_failure_is_a_step_not_a_message() -> None:
    from kb.kind import classify

    assert classify("Phase 2: Delete the Failed Replica") == classify("1. Identify the orphaned replica") == "topic"
    assert classify("11) Changing the location of the Graphroot leads to permission denied") == "error"
    assert classify("3) The pod failed to start") == "error"
    # GitLab's Rails-console procedures: a task, whatever its object's words; a message that starts so stays one
    assert classify("Clean up unknown artifacts") == classify("List orphaned job artifacts") == "topic"
    assert classify("Delete failed: permission denied on the bucket") == "error"


def test_the_terminal_answer_leaves_out_the_alias_comment(cache_dir: Path, tmp_path: Path) -> None:
    from conftest import kbfind_here

    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / "notes.md").write_text(NOTES, "utf-8")
    out = kbfind_here(
        "--kb", str(tmp_path / "kb"), "Mounts denied: The path /Users/you/app is not shared from the host"
    )
    assert out.returncode == 0 and "kbfind-alias" not in out.stdout
    assert "\n  Share the folder in Settings › Resources › File sharing.\n" in out.stdout


ERROR_MESSAGE_PARTS = """# Troubleshooting topics

## Topics for Linux

### NFS mounts time out

#### Error message

```text
Output: mount.nfs: Connection timed out
```

#### Solution

Open port 2049 on the server.

### The builder runs out of space

#### Error message

```text
Error: no space left on the builder's disk
```

#### Solution

Prune old images.
"""


def test_an_error_message_part_answers_like_a_heading(cache_dir: Path, tmp_path: Path) -> None:
    from conftest import kbfind_here

    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / "notes.md").write_text(ERROR_MESSAGE_PARTS, "utf-8")
    run = kbfind_here("--kb", str(tmp_path / "kb"), "--json", "mount.nfs: Connection timed out")
    first = json.loads(run.stdout)["matches"][0]  # before: a suggestion at 0.56, as output quoted on the way
    assert (run.returncode, first["title"]) == (0, "NFS mounts time out")
    assert first["matched"] == {
        "line": 1,
        "text": "mount.nfs: Connection timed out",
        "origin": "message",
        "origin_line": 10,
    }
    explain = kbfind_here("--kb", str(tmp_path / "kb"), "--explain", "mount.nfs: Connection timed out").stdout
    assert (
        f"  matched against:   the error message its answer gives at {tmp_path / 'kb' / 'notes.md'}:10:"
        " Output: mount.nfs: Connection timed out\n"
    ) in explain


@pytest.mark.parametrize(
    ("written", "signature"),
    [
        ("dial tcp <host>:<port>: i/o timeout", ("dial", "tcp", "i/o", "~timeout")),
        (
            "Error from server (NotFound): pods <pod-name> not found",
            ("error", "server", "notfound", "pod", "not", "found"),
        ),
        ("Error: ENOENT, stat 'C:\\Users\\<user>\\AppData\\Roaming\\npm'", ("enoent", "stat", "<path>")),
        ("<details>anonymous caller does not have storage.objects.get access", None),
        ("Error: invalid memory address or nil pointer dereference: <nil>", None),
        ("cannot convert List<String> to <none>", None),
        ("Error: $[nodecontainer] is not ready: BIRD is not ready", ("not", "ready", "bird")),
        ("{{ site.prodname }} failed to start", ("failed", "start")),
        ("npm ERR! Failed at the sharp@x.x.x install script", ("npm", "err", "failed", "sharp", "install", "script")),
        ("libceph: connect [monitor-ip]:6789 error -101", ("libceph", "connect", "<num>", "error")),
        (
            "[kubelet-check] Initial timeout passed",
            ("kubelet-check", "kubelet", "check", "initial", "~timeout", "passed"),
        ),
        (
            "ValueError: Unrecognized configuration class XYZ for this kind of AutoModel",
            ("valueerror", "unrecognized", "configuration", "class", "kind", "automodel"),
        ),
        (
            "fatal: pack has bad object at offset XXXXXXXXX: inflate returned -5",
            ("fatal", "pack", "bad", "object", "offset", "inflate", "returned", "<num>"),
        ),
        ("Error: XYZ.foo failed", ("xyz.foo", "xyz", "foo", "failed")),
        ("read tcp your-instance-ip:54544->YOUR_HOST:443: i/o timeout", ("read", "tcp", "<num>", "i/o", "~timeout")),
    ],
    ids=[
        "host-port",
        "pod-name",
        "in-a-quoted-path",
        "markup",
        "go-nil",
        "generic-type-and-none",
        "docs-variable",
        "liquid-variable",
        "version-placeholder",
        "bracketed-value-name",
        "bracketed-program-prefix",
        "made-up-value",
        "crossed-out-value",
        "part-of-a-name",
        "the-readers-own",
    ],
)
def test_an_authors_placeholder_is_any_value_but_a_programs_own_brackets_are_words(
    written: str, signature: tuple[str, ...] | None
) -> None:
    from matcher.profile import profile

    entry = parse_markdown(f"## It fails\n\n```text\n{written}\n```\n", "p.md", "p.md")[0][0]
    found = profile(entry).templates[0].signature
    if signature is not None:
        assert found == signature
    assert not {"host", "port", "user", "details"} & set(found)
    assert ("<nil>" in found) == ("<nil>" in written) and ("<none>" in found) == ("<none>" in written)


def test_the_error_an_answer_shows_first_answers_a_paste_of_it(cache_dir: Path) -> None:
    """Flutter's page names each error in its heading and shows it in the first block of its
    answer; a paste of that error with other values is answered by it (it was a suggestion at
    0.82 when every quote in an answer weighed as output met on the way)."""
    from conftest import kbfind_here

    flutter = Path(__file__).parent / "data" / "kbs" / "flutter" / "docs"
    paste = "I/flutter ( 8731): Another exception was thrown: A RenderFlex overflowed by 40 pixels on the right."
    run = kbfind_here("--kb", str(flutter), "--json", paste)
    first = json.loads(run.stdout)["matches"][0]
    assert (run.returncode, first["title"], first["matched"]["origin"]) == (0, "'A RenderFlex overflowed…'", "body")
    assert first["matched"]["origin_line"] == 68


def test_a_heading_that_names_errors_in_general_is_a_topic() -> None:
    from kb.kind import classify

    for heading in (
        "Common error messages",
        "2. Known errors and fixes",
        "Other issues & workarounds",
        "Windows Terminal Errors",
        "x509 certificate related errors",
    ):
        assert classify(heading) == "topic", heading
    assert classify("Common error: x509 certificate signed by unknown authority") == "error"
    # errors named by their message are that message, not an area
    for heading in ("Permission denied errors", "Connection refused errors", "Module not found errors"):
        assert classify(heading) == "error", heading


K3D_LIKE = """# FAQ

## `nf_conntrack_max: permission denied`

### Problem

kube-proxy exits at start in a container: it cannot set the conntrack table size.

### Fix

Pass `--kube-proxy-arg=conntrack-max-per-core=0` to the server.

## Pods evicted due to lack of disk space

Free space on the host or raise the eviction thresholds.

## Running behind a corporate proxy

Set `HTTP_PROXY` and `NO_PROXY` in the node containers and trust the proxy's CA.
"""


def test_a_masked_path_still_names_the_file_a_heading_quotes_alone(cache_dir: Path, tmp_path: Path) -> None:
    # the paste's path is one <path>; the author wrote only the file's name. The file's name is
    # still the paste's word; a short path part ("npm", "bin") is not.
    paste = "F0516 16:04:41.201521  1 server.go:495] open /proc/sys/net/netfilter/nf_conntrack_max: permission denied"
    assert answer(tmp_path, K3D_LIKE, paste)[0] == ("`nf_conntrack_max: permission denied`", True)
    with open_kb(tmp_path / "kb") as kb:
        view = Matcher(kb).stages("open /usr/lib/nf_conntrack_max: permission denied").views[0]
        assert {"nf_conntrack_max", "conntrack", "<path>"} <= view.masked_terms and "lib" not in view.masked_terms


def test_a_quoted_value_still_holds_the_word_a_heading_writes_as_code(cache_dir: Path, tmp_path: Path) -> None:
    # Gradle quotes the task's name, the author wrote it as code: the paste's <q> still holds it
    notes = (
        "# FAQ\n\n## Task `setupDependencies` not found in root project\n\nRemove the task from the workspace.\n\n"
        "## Task `runIde` fails\n\nUpgrade the plugin.\n\n## Gradle is slow\n\nEnable the build cache.\n"
    )
    paste = "Task 'setupDependencies' not found in root project 'MinecraftDev'."
    assert held(tmp_path, notes, paste, "Task `setupDependencies` not found in root project") is not None
    with open_kb(tmp_path / "kb") as kb:
        view = Matcher(kb).stages(paste).views[0]
        assert {"setupdependency", "minecraftdev", "<q>"} <= view.masked_terms
        top = Matcher(kb).analyze(paste).matches[0]
        assert top.entry.title == "Task `setupDependencies` not found in root project"
        assert top.explanation.features.sig_cov == 1.0


def test_a_quote_on_the_next_line_of_a_wrapped_paragraph_is_named_by_the_line_before(
    cache_dir: Path, tmp_path: Path
) -> None:
    notes = (
        "# Troubleshooting\n\n## Chrome sandbox on Linux\n\n"
        "Chrome uses a sandbox. When the kernel does not allow user namespaces, it will crash with the error\n"
        "`No usable sandbox!`. Enable unprivileged user namespaces.\n\n"
        "## Chrome is slow\n\nClose other tabs and check `chrome://gpu`.\n"
    )
    paste = "[0602/124315.151:FATAL:zygote_host_impl_linux.cc(116)] No usable sandbox! Update your kernel"
    assert answer(tmp_path, notes, paste)[0] == ("Chrome sandbox on Linux", True)
    for wrapped in (notes, notes.replace("the error\n", "the error  \n")):  # a soft or a hard line break
        assert quoted(tmp_path, wrapped, "Chrome sandbox on Linux") == [("No usable sandbox!", 6)]


def test_messages_a_page_names_as_log_lines_are_its_error_texts(cache_dir: Path, tmp_path: Path) -> None:
    # ops guides name what to look for in the logs; a list of them ("like `A` or `B`") names each
    notes = (
        "# Troubleshooting\n\n## BGP\n\nThe speaker container will produce logs\n"
        "like `BGP session established` or `BGP session down`, and the controller\n"
        "a `got ARP request for service IP` debug log whenever it answers.\n"
        "Run `kubectl logs -n metallb-system speaker-x` to read them.\n\n## Other\n\nNothing.\n"
    )
    assert quoted(tmp_path, notes, "BGP") == [
        ("BGP session established", 6),
        ("BGP session down", 6),
        ("got ARP request for service IP", 7),
    ]


def test_a_segment_that_says_the_opposite_holds_none_of_the_error_text(cache_dir: Path, tmp_path: Path) -> None:
    notes = (
        "# Ceph\n\n## Too few PGs per OSD warning is shown\n\n"
        "```console\n$ ceph status\n    health: HEALTH_WARN\n            too few PGs per OSD (16 < min 30)\n```\n\n"
        "Raise `pg_num` of the pools.\n\n## OSD pods are failing to start\n\nWipe the disk and retry.\n"
    )
    assert answer(tmp_path, notes, "too few PGs per OSD (12 < min 30)")[0][0] == "Too few PGs per OSD warning is shown"
    with open_kb(tmp_path / "kb") as kb:
        m = Matcher(kb)
        same, opposite = (
            m.analyze(q) for q in ("too few PGs per OSD (12 < min 30)", "too many PGs per OSD (469 > max 300)")
        )
        top = [*same.matches, *same.suggestions][0]
        assert not opposite.matches and all(s.score < top.score for s in opposite.suggestions)
        view = m.stages("too many PGs per OSD (469 > max 300)").views[0]
        profile = next(p for p, _ in m.stages("too few PGs per OSD").candidates if p.entry.title.startswith("Too few"))
        assert best_template(view, profile, m.weights)[0] is None  # every error text it has says "few"


def test_a_code_of_the_same_kind_that_differs_names_another_error(cache_dir: Path, tmp_path: Path) -> None:
    # an HRESULT or an errno name is the error: 0x80070003 is not 0x8000FFFF, ENOENT is not ENOSPC
    notes = (
        "# WSL\n\n## Installation issues\n\nIf installing a distribution fails:\n\n"
        "```\nInstallation failed with error 0x80070003\n```\n\nEnable the feature and reboot.\n\n"
        "## Files\n\n```\nError: ENOENT, stat '/home/me/app'\n```\n\nCreate the folder.\n\n"
        "## Other\n\nNothing.\n"
    )
    for paste, title, kept in (
        ("Installation failed with error 0x80070003", "Installation issues", True),
        ("Installation failed with error code 0x8000ffff", "Installation issues", False),
        ("Error: ENOENT, stat '/srv/www'", "Files", True),
        ("Error: ENOSPC, stat '/srv/www'", "Files", False),
        ("Error: stat '/srv/www' failed", "Files", True),  # no code at all: nothing to contradict
    ):
        assert (held(tmp_path, notes, paste, title) is not None) == kept, paste


def held(tmp_path: Path, notes: str, paste: str, title: str, stated: bool | None = None) -> TemplateProfile | None:
    """The error text of the entry titled ``title`` that the paste's first segment holds most of."""
    (tmp_path / "kb").mkdir(exist_ok=True)
    (tmp_path / "kb" / "notes.md").write_text(notes, "utf-8")
    with open_kb(tmp_path / "kb") as kb:
        m = Matcher(kb)
        view = m.stages(paste).views[0]
        profile = next(p for p, _ in m.stages(title).candidates if p.entry.title == title)
        return best_template(view, profile, m.weights, stated)[0]


def test_a_negation_says_what_its_opposite_says(cache_dir: Path, tmp_path: Path) -> None:
    # "not enabled" is "disabled": only a plain opposite ("many" for "few") is another error
    notes = (
        "## Errors\n\n### Kubelet does not start\n\n```text\nError: kubelet service is not enabled\n```\n\n"
        "Run `systemctl enable kubelet`.\n\n### Other\n\nNothing.\n"
    )
    found = held(tmp_path, notes, "Error: kubelet service is disabled", "Kubelet does not start", stated=False)
    assert found is not None and found.text == "kubelet service is not enabled"  # the error its answer quotes


def test_a_command_or_a_welcome_message_beside_the_word_logs_is_no_error_text(cache_dir: Path, tmp_path: Path) -> None:
    notes = (
        "# Checks\n\n## Speaker\n\nCheck the pod logs (`oc logs pod/speaker-xyz`) and look at the logs:\n"
        "`ceph orch ps daemon`. Docker prints the message `Hello from Docker! This message shows that your"
        " installation appears to be working correctly.` when it works. Set the `log level to debug` log when\n"
        "debugging.\n\n## Other\n\nNothing.\n"
    )
    assert quoted(tmp_path, notes, "Speaker") == []


LIQUID = """# Markup problems

## Liquid

Liquid 2.0 breaks `{{` in templates, with the following error:

```
'{{ "{{" }}' was not properly terminated with regexp: /\\}\\}/  (Liquid::SyntaxError)
```

## Excerpts

Excerpts go through Liquid, which can cause strange errors where a tag has not been closed.
"""


def test_an_exception_class_after_the_message_is_not_its_cause(cache_dir: Path, tmp_path: Path) -> None:
    from matcher.features import view
    from matcher.profile import cause_terms
    from matcher.segments import segments

    # Ruby prints the class after the message: every Liquid error ends so, and the cause is before it.
    assert cause_terms("'<q>' was not properly terminated with regexp: /\\}\\}/ (liquid::syntaxerror)") == (
        "<q>",
        "not",
        "properly",
        "terminated",
        "regexp",
    )
    assert cause_terms("cannot load such file -- ffi_c (loaderror)") == (
        "cannot",
        "load",
        "such",
        "file",
        "ffi_c",
        "ffi",
    )
    assert cause_terms("listen: address already in use (errno::eaddrinuse)") == ("~address_already_in_use",)
    assert cause_terms("cannot connect (default)") == ("cannot", "connect", "default")  # not a class
    # The paste's cause alike (the browser's copy reads it the same way: the parity files).
    seg = segments(
        "Invalid date '<%= Time.now %>': Document 'a.md' does not have a valid date (Jekyll::Errors::InvalidDateError)"
    )
    assert view(seg[0], Weights(20, lambda term: 1)).tail == ("document", "a.md", "doe", "not", "valid", "date")
    # Another Liquid error names the class, not the entry's cause: no longer a confident answer.
    paste = "Liquid::SyntaxError: Liquid syntax error (line 1): 'highlight' tag was never closed"
    assert answer(tmp_path, LIQUID, paste)[0] == ("Liquid", False)


def test_a_structured_log_lines_error_field_is_its_error_text(cache_dir: Path, tmp_path: Path) -> None:
    from matcher.profile import template_of

    quoted = '[talos] controller failed {"component": "controller-runtime", "error": "error refreshing pod status: remote error: tls: internal error"}'
    assert template_of(quoted).text == "error refreshing pod status: remote error: tls: internal error"
    assert template_of('Reconciler error {"controller": "x", "error": ""}').text == "Reconciler error"
    assert template_of('Starting workers {"count": 1, "message": "ok"}').text == "Starting workers"
    page = f"# Talos\n\n## Kubelet certificates\n\nThe logs show:\n\n```\n{quoted}\n```\n\nRotate them.\n\n## Other\n\nText.\n"
    paste = (
        '10.5.0.2: user: warning: [2024-01-02T10:00:00.1Z]: [talos] controller failed {"component": '
        '"controller-runtime", "controller": "k8s.KubeletStaticPodController", "error": "error refreshing pod '
        'status: Get \\"https://127.0.0.1:10250/pods/\\": remote error: tls: internal error"}'
    )
    assert answer(tmp_path, page, paste)[0] == ("Kubelet certificates", True)


def test_an_authors_error_label_is_no_word_the_program_must_print(tmp_path: Path) -> None:
    from matcher.profile import template_of

    assert template_of("Error: Permission denied (publickey)").text == "Permission denied (publickey)"
    assert template_of("Error: permission denied").text == "permission denied"
    assert template_of("Error: 0x1bc").text.startswith("Error")  # the code alone is no message
    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / "ssh.md").write_text(
        "# SSH\n\n## Error: Permission denied (publickey)\n\nAdd your key to the agent.\n\n"
        "## Error: Host key verification failed\n\nUpdate the known hosts.\n",
        "utf-8",
    )
    with open_kb(tmp_path / "kb") as kb:
        first = Matcher(kb).analyze("git@github.com: Permission denied (publickey).").matches[0]
    assert (first.entry.title, first.explanation.missing_terms) == ("Error: Permission denied (publickey)", ())


def test_a_headings_issue_label_is_the_authors_word(tmp_path: Path) -> None:
    """``Issue: Python Version Not Found``: the label says what the heading is, the program never
    printed it; output quoted in the answer keeps such a word (dnf prints ``Problem: …``)."""
    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / "py.md").write_text(
        "# Pipenv\n\n#### Issue: Python Version Not Found\n\nInstall it with pyenv.\n\n"
        "#### Upgrades\n\nYou will see:\n\n```\nProblem: conflicting requests\n```\n\nPin it.\n",
        "utf-8",
    )
    with open_kb(tmp_path / "kb") as kb:
        m = Matcher(kb)
        result = m.analyze("Warning: Python version 3.6.8 was not found on your system")
        first = [*result.matches, *result.suggestions][0]
        assert first.explanation.template == "python version not found"
        assert first.explanation.missing_terms == ()
        quoted = m.analyze("Problem: conflicting requests").matches[0].explanation
        assert quoted.template == "problem: conflicting requests"


def test_a_name_the_author_wrote_with_a_wildcard_is_any_name_under_it(tmp_path: Path) -> None:
    from matcher.profile import template_of

    assert template_of("package android.support.* does not exist").text == "package android support does not exist"
    assert template_of("rm -rf node_modules/*").text.endswith("/*")  # a path's glob is no name
    page = (
        '# Android\n\n## Error: "package android.support.\\* does not exist"\n\nMigrate to AndroidX.\n\n'
        '## Error: "Please select Android SDK"\n\nSync Gradle.\n'
    )
    paste = "error: package android.support.v4.content does not exist\nimport android.support.v4.content.FileProvider;"
    assert answer(tmp_path, page, paste)[0] == ('Error: "package android.support.* does not exist"', True)


def test_what_a_program_errs_with_in_a_code_span_is_its_error_text(tmp_path: Path) -> None:
    page = "# Windows\n\n## Terminal\n\nThe window closes, sometimes erroring with `The parameter is incorrect`.\n"
    assert quoted(tmp_path, page, "Terminal") == [("The parameter is incorrect", 5)]


def test_a_traceback_tagged_as_python_code_is_what_python_printed(tmp_path: Path) -> None:
    page = (
        "# Training\n\n## Mismatched tensor shapes\n\nWith debug mode on, you get a traceback:\n\n```py\n"
        'Traceback (most recent call last):\n  File "test.py", line 18, in <module>\n    main()\n'
        "accelerate.utils.operations.DistributedOperationException:\n\n"
        "Cannot apply desired operation due to shape mismatches. All shapes across devices must be valid.\n```\n\n"
        '## Early stopping\n\nUse the trigger:\n\n```py\nif should_stop(loss):\n    raise StopTraining("done")\n```\n'
    )
    assert [text for text, _ in quoted(tmp_path, page, "Mismatched tensor shapes")] == [
        "accelerate.utils.operations.DistributedOperationException:",
        "Cannot apply desired operation due to shape mismatches. All shapes across devices must be valid.",
    ]
    assert quoted(tmp_path, page, "Early stopping") == []  # code, not what it printed


def test_a_java_exception_in_a_block_tagged_otherwise_is_what_java_printed(tmp_path: Path) -> None:
    """Seata's FAQ quotes a Java cause in ```xml and a JVM's error in ```verilog: authors mislabel fences."""
    page = (
        "# FAQ\n\n## Jackson fails on Spring Boot 1.5\n\n```xml\nCaused by: java.lang.NoClassDefFoundError: Could not"
        " initialize class com.fasterxml.jackson.databind.ObjectMapper\n```\n\n"
        "## JDK 17\n\n```verilog\nError: Could not create the Java Virtual Machine.\n```\n\n"
        "## Pin the version\n\n```xml\n<dependency>\n  <artifactId>jackson-databind</artifactId>\n</dependency>\n```\n"
    )
    cause = "Caused by: java.lang.NoClassDefFoundError: Could not initialize class com.fasterxml.jackson.databind.ObjectMapper"
    expected = {
        "Jackson fails on Spring Boot 1.5": [cause],
        "JDK 17": ["Error: Could not create the Java Virtual Machine."],
        "Pin the version": [],  # configuration, not what a program printed
    }
    for title, texts in expected.items():
        assert [text for text, _ in quoted(tmp_path, page, title)] == texts, title


@pytest.mark.parametrize("language", ["ShellSession", "pycon", "console"])
def test_a_session_block_shows_output(tmp_path: Path, language: str) -> None:
    """kubespray fences its blocks ```ShellSession: a session's lines of output are messages."""
    page = (
        "# Ansible\n\n## Installing Ansible\n\nIn case you have a similar message when installing the requirements:\n\n"
        f"```{language}\nERROR: Could not find a version that satisfies the requirement ansible==7.6.0\n```\n"
    )
    line = "ERROR: Could not find a version that satisfies the requirement ansible==7.6.0"
    assert quoted(tmp_path, page, "Installing Ansible") == [(line, 8)]


def test_a_capnslog_package_is_the_messages_as_a_page_quotes_it(tmp_path: Path) -> None:
    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / "etcd.md").write_text(
        "# etcd\n\n## Cluster ID mismatch\n\nYou may see this error: `rafthttp: request cluster ID mismatch`\n\n"
        "Remove the member's data directory.\n",
        "utf-8",
    )
    with open_kb(tmp_path / "kb") as kb:
        result = Matcher(kb).analyze("2017-01-16 19:10:10.474495 E | rafthttp: request cluster ID mismatch")
    first = [*result.matches, *result.suggestions][0].explanation
    assert (first.text, first.missing_terms) == ("rafthttp: request cluster ID mismatch", ())


def test_a_go_network_errors_operation_is_no_shell_command(tmp_path: Path) -> None:
    page = (
        "# TCP\n\n## MultiPath TCP\n\nIt fails with the following error:\n\n"
        "```\nset tcp 1.2.3.4:5->6.7.8.9:10: setsockopt: operation not supported\n```\n"
    )
    assert quoted(tmp_path, page, "MultiPath TCP") == [
        ("set tcp 1.2.3.4:5->6.7.8.9:10: setsockopt: operation not supported", 8)
    ]


def test_a_quote_the_answer_says_is_not_its_error_is_none(tmp_path: Path) -> None:
    """Traefik's FAQ tells its 404 apart: ``the response code is not a `503 Service Unavailable` ``."""
    page = (
        "# FAQ\n\n## `404 Not found`\n\nTraefik returns a `404` when no router matches.\n"
        "In this situation, the response code is not a `503 Service Unavailable`, nor an `502 Bad Gateway`.\n"
        "You may instead see `404 page not found`.\n"
    )
    assert quoted(tmp_path, page, "`404 Not found`") == [("404 page not found", 7)]


def test_nor_goes_on_a_denial_and_other_than_quotes_an_error(tmp_path: Path) -> None:
    page = (
        "# FAQ\n\n## Pull fails\n\nOther than `ErrImagePull: manifest unknown`, the pod may report"
        " `ImagePullBackOff: back-off pulling image`.\nYou will see neither `Error: no such host` nor `Error: i/o"
        " timeout` here.\n"
    )
    assert quoted(tmp_path, page, "Pull fails") == [
        ("ErrImagePull: manifest unknown", 5),
        ("ImagePullBackOff: back-off pulling image", 5),
    ]


def test_an_error_a_service_names_to_its_client_is_an_error(tmp_path: Path) -> None:
    """OAuth's and APIs' ``Error 403: access_denied``, ``Error: invalid_grant``: few words, but the error
    itself; an error that opens a list item, then what it means, is quoted there (Home Assistant's Nest page)."""
    from kb.kind import classify

    assert [classify(t) for t in ("Error 403: access_denied", "Error: invalid_grant", "Error: Configuration")] == [
        "error",
        "error",
        "topic",
    ]
    page = (
        "# Nest\n\n## Troubleshooting\n\n- *Error 400: redirect_uri_mismatch* means that your OAuth Client ID is"
        " not configured.\n- **Check the error message**: it says why.\n"
    )
    assert quoted(tmp_path, page, "Troubleshooting") == [("Error 400: redirect_uri_mismatch", 5)]


def test_the_quotes_a_list_of_error_messages_introduces_are_its_errors(tmp_path: Path, cache_dir: Path) -> None:
    """Microsoft's support articles: "… one of the following error messages:", then a list of quotes."""
    page = (
        "# Upgrade fails\n\n## Symptoms\n\nAn upgrade fails with one of the following error messages:\n\n"
        "- > (UpgradeFailed) Drain node aks-pool1-vmss01 failed when evicting pod web-1 failed with Too Many"
        " Requests error.\n- > (UpgradeFailed) Cannot evict pod as it would violate the pod's disruption budget.\n\n"
        "## Cause\n\nA PDB allows no disruption.\n"
    )
    assert [text for text, _ in quoted(tmp_path, page, "Upgrade fails")] == [
        "(UpgradeFailed) Drain node aks-pool1-vmss01 failed when evicting pod web-1 failed with Too Many"
        " Requests error.",
        "(UpgradeFailed) Cannot evict pod as it would violate the pod's disruption budget.",
    ]
    with open_kb(tmp_path / "kb") as kb:  # stated by the Symptoms part, as a heading states its error
        assert {t.origin for e in kb.entries() for t in e.templates} == {"message"}


def test_each_quote_an_error_message_label_lists_is_an_error(tmp_path: Path, cache_dir: Path) -> None:
    """Grafana's troubleshooting pages: ``**Error messages:** "A", "B" or "C"`` — the label names them all
    messages, however few their words; a short quote between them ("EOF") does not end the list."""
    page = (
        '# Connection errors\n\n**Error messages:** "host unreachable", "EOF", "connection reset by peer"'
        ' or "dial tcp: lookup ... no such host"\n\n**Solution:** Check the network.\n\n'
        '# Other\n\nHe said "this is not an error" and "another quote here".\n'
    )
    assert [text for text, _ in quoted(tmp_path, page, "Connection errors")] == [
        "host unreachable",
        "connection reset by peer",
        "dial tcp: lookup ... no such host",
    ]
    assert quoted(tmp_path, page, "Other") == []


@pytest.mark.parametrize(
    ("heading", "error"),
    [
        ("TiKV 启动报错：duplicated store address", "duplicated store address"),  # the colon names the rest
        ("PD 启动报错: etcd cluster ID mismatch", "etcd cluster ID mismatch"),
        ("4.3 客户端报 `server is busy` 错误", "server is busy"),  # "reports `X` error"
        ("部署报错：See the FAQ for details", None),  # a pointer to read on, no error
        # what the log keeps printing, to the heading's end
        ("集群部署，无法正常启动，日志一直打印 Nacos is starting...", "Nacos is starting..."),
        ("如何输出 JSON 格式", None),
        ("TiDB 日志中报 `information schema is changed` 的错误", "information schema is changed"),
        # a quote as Chinese writes it, as a code span: “…” and 「…」
        (
            "Order By 语句抛出异常提示 “Order by value must implements Comparable”?",
            "Order by value must implements Comparable",
        ),
        (
            "启动 Proxy 时提示「Driver class must be set for this data source」",
            "Driver class must be set for this data source",
        ),
        # what it threw, glued to the Chinese before it, up to the next Chinese
        (
            "1.4.2及以下版本回滚时抛出Cannot construct instance of `java.time.LocalDateTime` ？",
            "Cannot construct instance of `java.time.LocalDateTime`",
        ),
        (
            "TC报这个错：An exceptionCaught() event was fired, and it reached the tail.是什么原因？",
            "An exceptionCaught() event was fired, and it reached the tail.",
        ),
        ("抛出异常怎么办", None),
    ],
)
def test_a_chinese_heading_names_the_error_it_reports(heading: str, error: str | None) -> None:
    (entry,), _ = parse_markdown(f"## {heading}\n\n解决办法。\n", "a.md", "a.md")
    assert [(t.text, t.origin) for t in entry.templates] == ([(error, "heading")] if error else [])


def test_a_line_an_answer_labels_in_chinese_as_the_error_is_one(tmp_path: Path) -> None:
    """Seata's FAQ opens answers with the Chinese "Error message:" (``异常：…``), in a list item too."""
    page = (
        "# Q: 6.分支事务注册时状态不是begin?\n\n- 异常：Could not register branch into global session xid = status ="
        " Rollbacked while expecting Begin\n- 描述：全局事务状态需是begin\n\n"
        "# Q: 7.启动报错找不到服务\n\n异常：io.seata.common.exception.FrameworkException: can not register RM。请检查。\n\n"
        '出现异常 Exception in thread "main" java.net.BindException: Cannot assign request address\n\n'
        "# Q: 8.普通问题\n\n异常：没有。错误信息见日志。\n"
    )
    assert [t for t, _ in quoted(tmp_path, page, "Q: 6.分支事务注册时状态不是begin?")] == [
        "Could not register branch into global session xid = status = Rollbacked while expecting Begin"
    ]
    assert [t for t, _ in quoted(tmp_path, page, "Q: 7.启动报错找不到服务")] == [
        "io.seata.common.exception.FrameworkException: can not register RM",
        'Exception in thread "main" java.net.BindException: Cannot assign request address',
    ]
    assert quoted(tmp_path, page, "Q: 8.普通问题") == []


def test_an_error_chain_a_page_wraps_after_its_colon_is_one_message(tmp_path: Path, cache_dir: Path) -> None:
    """GitLab's docs wrap Go's chains at the page's width, the cause unindented after the context's colon;
    the next message of the block (``error: …``) stays one of its own."""
    page = (
        "## I/O timeout when pushing LFS objects\n\nYou might see errors like:\n\n```shell\n"
        'LFS: Put "http://example.com/root/project.git/gitlab-lfs/objects/1/15":\n'
        "read tcp 10.0.0.1:54544->10.0.0.2:443: i/o timeout\nerror: failed to push some refs to 'ssh://x/y.git'\n```\n"
    )
    assert [text for text, _ in quoted(tmp_path, page, "I/O timeout when pushing LFS objects")] == [
        'LFS: Put "http://example.com/root/project.git/gitlab-lfs/objects/1/15": read tcp 10.0.0.1:54544->10.0.0.2:443:'
        " i/o timeout",
        "error: failed to push some refs to 'ssh://x/y.git'",
    ]
    # the lines of one log start alike: each is a message of its own, a colon at its end or not
    npm = "## ERESOLVE\n\nYou will see the following error:\n\n```text\nnpm ERR! unable to resolve dependency tree:\n"
    assert [text for text, _ in quoted(tmp_path, npm + "npm ERR! found: react@18.2.0\n```\n", "ERESOLVE")] == [
        "npm ERR! unable to resolve dependency tree:",
        "npm ERR! found: react@18.2.0",
    ]


def test_an_error_code_a_heading_names_bare_is_typed_and_printed_alone(tmp_path: Path, cache_dir: Path) -> None:
    """Microsoft's ``# Troubleshoot the SubnetIsFull error code``: the code alone finds its page; a product's
    name before "error" (``GitLab error``) is no code."""
    notes = (
        "## Troubleshoot the SubnetIsFull error code\n\nAdd addresses to the subnet.\n\n"
        "## Troubleshoot the OutboundConnFailVMExtensionError error code (50)\n\nOpen port 443.\n\n"
        "## GitLab errors after an upgrade\n\nRestart the service.\n"
    )
    assert answer(tmp_path, notes, "SubnetIsFull")[0] == ("Troubleshoot the SubnetIsFull error code", True)
    (entry,), _ = parse_markdown("## GitLab errors after an upgrade\n\nRestart.\n", "a.md", "a.md")
    assert "GitLab" not in [t.text for t in entry.templates]


def test_an_error_code_a_headings_sentence_names_is_an_error_text_of_its_own(tmp_path: Path, cache_dir: Path) -> None:
    """``Vite crashes with ENOSPC error``: Node prints the code on a line of other words, which hold
    little of the sentence; the code alone is an error text, found in whatever line prints it."""
    notes = (
        "## Vite crashes with ENOSPC error\n\nRaise `fs.inotify.max_user_watches`.\n\n"
        "## I see EACCES: permission denied error trying to rename a folder in the open workspace\n\n"
        "Close the editor's file watcher, then rename.\n\n"
        "## Dev server is slow\n\nPre-bundle the dependencies.\n"
    )
    (entry,), _ = parse_markdown("## Vite crashes with ENOSPC error\n\nRaise the limit.\n", "a.md", "a.md")
    assert [t.text for t in entry.templates] == ["Vite crashes with ENOSPC error", "ENOSPC"]
    for paste, title in (
        ("Error: watch /home/dev/site/gatsby-config.js ENOSPC\n    at exports._errnoException (util.js:1022:11)",
         "Vite crashes with ENOSPC error"),
        ("Error: EACCES: permission denied, rename '/tmp/testfolder' -> '/newlocation/testfolder/'",
         "I see EACCES: permission denied error trying to rename a folder in the open workspace"),
    ):  # fmt: skip
        assert answer(tmp_path, notes, paste)[0] == (title, True), paste


def test_a_state_a_heading_names_is_the_status_a_kubectl_row_prints(tmp_path: Path, cache_dir: Path) -> None:
    """``Pods in `RunContainerError`, `CrashLoopBackOff` or `Error` state``: a ``kubectl get pods`` row
    holds one of the states, not the heading's other words. A plain word (``Error``, ``Pending``) is
    any output's, and a kind the heading names (``SealedSecret``) is no state."""
    headings = (
        "Pods in `RunContainerError`, `CrashLoopBackOff` or `Error` state",
        "Pods stuck in `Pending` or `ContainerCreating`",
        "Why are `SealedSecret` resources reporting a `Status`?",
        "Upgrades",
    )
    notes = "".join(f"## {h}\n\nRead the logs.\n\n" for h in headings)
    entries, _ = parse_markdown(notes, "a.md", "a.md")
    states = [[t.text for t in e.templates if " " not in t.text] for e in entries]
    assert states == [["RunContainerError", "CrashLoopBackOff"], ["ContainerCreating"], [], []]
    row = "NAME                   READY   STATUS             RESTARTS   AGE\nweb-5c98db65d4-9h4pk   0/1     CrashLoopBackOff   7          12m"
    assert answer(tmp_path, notes, row)[0] == (headings[0], True)


def test_a_page_named_by_its_error_code_answers_the_code_a_compiler_prints(tmp_path: Path, cache_dir: Path) -> None:
    """The Rust compiler's error index: one page a code (``E0382.md``), no heading, the explanation and its
    examples; rustc prints ``error[E0382]: borrow of moved value``."""
    folder = tmp_path / "error_codes"
    folder.mkdir()
    for code, text in (("E0382", "A variable was used after its contents moved."), ("E0499", "Borrowed twice.")):
        (folder / f"{code}.md").write_text(f"{text}\n\nErroneous code example:\n\n```compile_fail,{code}\nx\n```\n")
    with open_kb(folder) as kb:
        matches = Matcher(kb).match("error[E0382]: borrow of moved value: `v`\n --> src/main.rs:4:20")
        assert [m.entry.title for m in matches] == ["E0382"]


def test_a_qualified_exception_class_meets_the_heading_that_names_the_class_alone(
    cache_dir: Path, tmp_path: Path
) -> None:
    java = "# Java\n\n## NoClassDefFoundError at start-up\n\nA jar is missing.\n"
    paste = 'Exception in thread "main" java.lang.NoClassDefFoundError: org/slf4j/LoggerFactory'
    first = listed(tmp_path, java, paste)[0]
    assert "noclassdeffounderror" in first.explanation.matched_terms


def test_an_errors_posix_name_finds_the_heading_that_says_its_message(cache_dir: Path, tmp_path: Path) -> None:
    # Node.js prints EADDRINUSE, Go "address already in use", and the FAQ says "Port already in use"
    notes = (
        "# Dev server\n\n## Port already in use\n\nAnother process holds port 8081: stop it, or start"
        " the server on another port with `--port`.\n\n## Unable to start the watcher\n\nRaise"
        " `fs.inotify.max_user_watches`.\n\n## Network request failed\n\nCheck the proxy settings.\n"
    )
    for paste in (
        "Error: listen EADDRINUSE :::8081\n    at Server.setupListenHandle [as _listen2] (net.js:1360:14)",
        "ERROR: listen tcp 127.0.0.1:26257: bind: address already in use",
    ):
        assert answer(tmp_path, notes, paste)[0] == ("Port already in use", True), paste


MKDOCS_BOXES = """# Troubleshooting

### Timeout

!!! error
    ``` bash
    $ tool scan ...
    ...
    analyze error: timeout: context deadline exceeded
    ```

Raise `--timeout`.

### Denied

!!! error
    GET https://registry.example/token?scope=pull: DENIED: denied

Log out of the registry.

### Slow scans

!!! note
    Scans of large images take minutes.

!!! failure "Still slow"
    Try `--parallel 1`.
"""


def test_an_error_box_a_mkdocs_page_opens_with_no_blank_line_holds_the_message(cache_dir: Path, tmp_path: Path) -> None:
    # Python-Markdown reads the indented lines after `!!! error` as the box's body, CommonMark as
    # the paragraph going on: the fence in it is a fence, not words glued to `!!! error bash $ tool`
    assert quoted(tmp_path, MKDOCS_BOXES, "Timeout") == [("analyze error: timeout: context deadline exceeded", 9)]
    (tmp_path / "kb" / "notes.md").write_text(MKDOCS_BOXES, "utf-8")
    with open_kb(tmp_path / "kb") as kb:
        by_title = {e.title: e for e in kb.entries()}
        assert [c.code for c in by_title["Timeout"].code] == [
            "$ tool scan ...\n...\nanalyze error: timeout: context deadline exceeded\n"
        ]
        # the box shows the failure: its text that reads as an error is the message, as stated
        assert [(t.text, t.line, t.origin) for t in by_title["Denied"].templates] == [
            ("GET https://registry.example/token?scope=pull: DENIED: denied", 17, "message")
        ]
        assert [(t.origin) for t in by_title["Timeout"].templates] == ["message"]
        # a note's text is not a message, nor the advice in a failure box
        assert [t.text for t in by_title["Slow scans"].templates] == []
    paste = "2022-11-11T14:24:28.1Z FATAL GET https://registry.example/token?scope=pull&service=x: DENIED: denied"
    assert answer(tmp_path, MKDOCS_BOXES, paste)[0] == ("Denied", True)
