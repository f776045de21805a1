"""Entries at the level their author wrote problems at, and the error texts each one answers."""

from __future__ import annotations

import pytest

from kb.outline import outline_notes
from kb.parse import parse_markdown

DESKTOP = """# Troubleshooting topics

## Topics for Mac

### Incompatible CPU detected

#### Error message

```text
Docker Desktop requires a processor with virtualization capabilities.
Error: incompatible CPU detected
```

#### Cause

Virtualization is off.

#### Solution

Turn it on:

```console
$ sudo sysctl kern.hv_support
kern.hv_support: 1
```

### Volume mounts fail
<!-- kbfind-alias: Mounts denied: The path /tmp/x is not shared from the host -->

Share the folder in Settings.

## Topics for Windows

### WSL 2 is not installed

Run `wsl --install`.
"""


def titles(text: str) -> list[tuple[str, int, tuple[str, ...]]]:
    entries, _ = parse_markdown(text, "p.md", "p.md")
    return [(e.title, e.level, e.breadcrumb) for e in entries]


def error_texts(text: str) -> list[str]:
    """The error texts of the one entry ``text`` holds."""
    (entry,), _ = parse_markdown(text, "p.md", "p.md")
    return [t.text for t in entry.templates]


def test_problems_under_groups_are_entries_and_their_parts_belong_to_them() -> None:
    assert titles(DESKTOP) == [
        ("Incompatible CPU detected", 3, ("Troubleshooting topics", "Topics for Mac")),
        ("Volume mounts fail", 3, ("Troubleshooting topics", "Topics for Mac")),
        ("WSL 2 is not installed", 3, ("Troubleshooting topics", "Topics for Windows")),
    ]
    cpu = parse_markdown(DESKTOP, "p.md", "p.md")[0][0]
    assert "#### Cause" in cpu.body and "#### Solution" in cpu.body


def test_templates_come_from_heading_body_and_aliases_never_from_commands() -> None:
    entries, _ = parse_markdown(DESKTOP, "p.md", "p.md")
    cpu, mounts, wsl = entries
    assert [(t.origin, t.text) for t in cpu.templates] == [  # an "Error message" part states the error
        ("message", "Docker Desktop requires a processor with virtualization capabilities."),
        ("message", "Error: incompatible CPU detected"),
    ]
    assert [(t.origin, t.text, t.line) for t in mounts.templates] == [
        ("heading", "Volume mounts fail", 27),
        ("alias", "Mounts denied: The path /tmp/x is not shared from the host", 28),
    ]
    assert wsl.templates == ()


RUNBOOK = """# Common issues

## Monitors are the only pods running

### Symptoms

The operator starts but no OSD appears.

### Investigation

Look at the operator's log.

#### Operator fails to connect to the mon

```console
[errno 110] error connecting to the cluster
```

#### Solution

Delete the old data directory.

#### Failing mon pod

The mon pod crashes; `kubectl get pods` shows it in the following output:

```console
NAME                                READY   STATUS             RESTARTS   AGE
rook-ceph-mgr-a-5d6f8b9c7-x2x9k     1/1     Running            0          2d
rook-ceph-mon-a-69fb9c78cd-58szd    0/1     CrashLoopBackOff   2          47s
```

##### Workaround

Restart it.
"""


def test_everything_under_a_problems_parts_belongs_to_it() -> None:
    (monitors,), _ = parse_markdown(RUNBOOK, "p.md", "p.md")  # its Investigation's causes, their Solution
    assert monitors.title == "Monitors are the only pods running"
    assert "#### Operator fails to connect to the mon" in monitors.body and "##### Workaround" in monitors.body


def test_a_status_tables_header_and_healthy_rows_are_no_error_text() -> None:
    (monitors,), _ = parse_markdown(RUNBOOK, "p.md", "p.md")
    assert [(t.origin, t.text) for t in monitors.templates] == [
        ("body", "[errno 110] error connecting to the cluster"),
        ("body", "rook-ceph-mon-a-69fb9c78cd-58szd    0/1     CrashLoopBackOff   2          47s"),
    ]


def test_problem_cause_solution_parts_and_the_options_under_a_solution_belong_to_their_problem() -> None:
    text = (
        "# FAQ\n\n## DockerHub Pull Rate Limit\n\n### Problem\n\nPulls fail with `Error: toomanyrequests`.\n\n### Cause\n\nLimits.\n\n"
        "### Solution\n\nOne of these.\n\n#### (c) Authenticate containerd\n\nLog in.\n\n"
        "## Disk full on etcd\n\n### Error\n\n```\nmvcc: database space exceeded\n```\n\n### Remediation\n\nCompact.\n\n"
        "### Verify\n\nCheck.\n\n## 镜像拉取失败\n\n### 问题\n\n拉取超时。\n\n### 验证\n\n再拉一次。\n"
    )
    assert [t for t, _, _ in titles(text)] == ["DockerHub Pull Rate Limit", "Disk full on etcd", "镜像拉取失败"]
    pulls, disk, _ = parse_markdown(text, "p.md", "p.md")[0]
    assert [(t.origin, t.text) for t in pulls.templates] == [("body", "Error: toomanyrequests")]  # what it shows
    assert [(t.origin, t.text) for t in disk.templates] == [("message", "mvcc: database space exceeded")]


def test_sections_for_a_range_of_versions_are_variants_of_one_answer() -> None:
    text = (
        "# FAQ\n\n## Is another distro supported?\n\n### Version v0.5.6 and lower\n\nUse the layer.\n\n"
        "### Version v0.6.0 and newer\n\nNot yet.\n\n## Compose shows a runc error\n\n#### 1.24+\n\n"
        "```console\nrunc run failed: unable to start container process\n```\n\n## 4.3\n\nReleased in May.\n"
    )
    assert [t for t, _, _ in titles(text)] == ["Is another distro supported?", "Compose shows a runc error", "4.3"]


def test_a_page_titles_parts_are_its_sections_and_what_is_under_them_stands_alone() -> None:
    text = "# lexical\n\nAn editor.\n\n## Notes\n\n### Node\n\nNodes.\n\n### Command\n\nCommands.\n"
    assert [t for t, _, _ in titles(text)] == ["lexical", "Node", "Command"]


def test_a_later_top_level_heading_with_an_answer_is_an_entry_not_a_page_title() -> None:
    text = (
        "# Docker FAQ\n\nNotes.\n\n## env\n\nSet it.\n\n# volume bind 文件不会更新\n\n- 绑定的是 inode\n\n"
        "## No swap limit support\n\nEnable cgroup swap.\n"
    )
    assert [(t, b) for t, _, b in titles(text)] == [
        ("env", ("Docker FAQ",)),
        ("volume bind 文件不会更新", ()),
        ("No swap limit support", ("volume bind 文件不会更新",)),
    ]


def test_a_section_with_an_answer_and_problems_is_an_entry_and_a_group() -> None:
    text = "## Challenges\n\nRun `kubectl get challenges`.\n\n### HTTP01\n\nCheck the ingress.\n\n#### Got 404\n\nCheck the solver pod.\n"
    assert titles(text) == [
        ("Challenges", 2, ()),
        ("HTTP01", 3, ("Challenges",)),
        ("Got 404", 4, ("Challenges", "HTTP01")),
    ]


def test_wrapped_error_chains_are_one_template_and_headings_quote_errors() -> None:
    text = (
        '## Error 2: `i/o timeout` (connectivity issue)\n\n```text\nError from server: error when creating "x":\n'
        '  Internal error occurred: failed calling webhook "w":\n    dial tcp 10.0.0.1:443: i/o timeout\n```\n'
    )
    (entry,), _ = parse_markdown(text, "p.md", "p.md")
    assert [t.text for t in entry.templates] == [
        "Error 2: `i/o timeout` (connectivity issue)",
        "i/o timeout",
        'Error from server: error when creating "x": Internal error occurred: failed calling webhook "w": '
        "dial tcp 10.0.0.1:443: i/o timeout",
    ]


@pytest.mark.parametrize(
    "text",
    [
        (  # Jekyll, Docusaurus: the title in YAML, the problem's parts as sections
            '---\ntitle: "fstrim fails on old kernels"\n---\n\n## Symptoms\n\n```\nfstrim: /mnt: FITRIM ioctl failed: '
            "Input/output error\n```\n\n## Solution\n\nUpgrade the kernel.\n"
        ),
        (  # Hugo: the title in TOML
            '+++\ntitle = "fstrim fails on old kernels"\nweight = 2\n+++\n\n### Symptoms\n\n```\nfstrim: /mnt: FITRIM ioctl '
            "failed: Input/output error\n```\n\n### Solution\n\nUpgrade the kernel.\n"
        ),
        (  # no sections at all: the page is its answer
            "---\ntitle: fstrim fails on old kernels\n---\n\nIf you see the following error:\n\n```\nfstrim: /mnt: FITRIM "
            "ioctl failed: Input/output error\n```\n\nUpgrade the kernel.\n"
        ),
    ],
    ids=["yaml", "toml", "no-sections"],
)
def test_a_page_titled_in_its_front_matter_is_one_problem(text: str) -> None:
    (entry,), problems = parse_markdown(text, "p.md", "p.md")
    assert (entry.title, entry.level, problems) == ("fstrim fails on old kernels", 1, [])
    assert "fstrim: /mnt: FITRIM ioctl failed: Input/output error" in [t.text for t in entry.templates]
    assert "Upgrade the kernel." in entry.body
    assert not entry.body.startswith("+++") and "weight" not in entry.body


KB_ARTICLE = """---
title: "Troubleshooting: Unable to access an NFS backup target"
---

## Applicable versions

All versions.

## Symptom 1

```text
error exit status 32: Cannot mount using NFSv4
```

### Possible Reason 1

The exported directory does not exist.

### Solution

Create it.

## Symptom 2

```text
mkdir /var/lib/backupstore: permission denied
```

## Root cause

The export uses `root_squash`.

## Known triggers

Restarting the server.

## Long term fix

Upgrade.

## Related information

* Issue 3576
"""


def test_a_knowledge_base_article_is_one_problem_with_all_its_parts() -> None:
    """Knowledge-base articles (Longhorn's, Red Hat's, Atlassian's) name their parts Applicable
    versions, Symptom 1, Known triggers, Long term fix…; the parts of its parts (the reasons and
    solutions of a Symptom) are that problem's answer too."""
    (entry,), problems = parse_markdown(KB_ARTICLE, "p.md", "p.md")
    assert (entry.title, problems) == ("Troubleshooting: Unable to access an NFS backup target", [])
    assert [t.text for t in entry.templates][1:] == [
        "error exit status 32: Cannot mount using NFSv4",
        "mkdir /var/lib/backupstore: permission denied",
    ]
    assert "Create it." in entry.body and "root_squash" in entry.body


@pytest.mark.parametrize(
    ("text", "entries"),
    [
        (  # a page of parts whose Debugging part lists problems: they stay entries
            "# Troubleshooting MyApp\n\n## Debugging\n\n### Error: listen EADDRINUSE: address already in use :::3000\n\n"
            "Stop the other process.\n\n### Error: Cannot find module 'express'\n\nRun `npm install`.\n\n"
            "## References\n\n- https://nodejs.org\n",
            [
                "Troubleshooting MyApp",
                "Error: listen EADDRINUSE: address already in use :::3000",
                "Error: Cannot find module 'express'",
            ],
        ),
        (  # ... in Chinese
            "# Kubernetes 常见问题\n\n## 排查思路\n\n### Pod 一直 Pending\n\n加节点。\n\n### 镜像拉取失败\n\n配置镜像。\n\n"
            "## 参考\n\n- https://kubernetes.io\n",
            ["Kubernetes 常见问题", "Pod 一直 Pending", "镜像拉取失败"],
        ),
        (  # the messages a problem's Causes part lists as headings stay entries, their text templates
            "# Scheduling\n\n## Pod stuck in Pending\n\n### Causes\n\n#### 0/3 nodes are available: 3 Insufficient cpu\n\n"
            "Add nodes.\n\n## Pod evicted\n\nFree the disk.\n",
            ["Pod stuck in Pending", "0/3 nodes are available: 3 Insufficient cpu", "Pod evicted"],
        ),
        (  # one more step after a problem's own steps belongs to it, even written at the problem's level
            "# Troubleshooting\n\n## Unable to listen on port (80/443)\n\nA capability is missing.\n\n"
            "### Create a test pod\n\nApply this pod.\n\n## Create a test pod as root\n\nRun it as root.\n\n"
            "## Kube-Config\n\nPass --kubeconfig.\n\n## Check the logs\n\nRead them.\n",
            ["Unable to listen on port (80/443)", "Kube-Config", "Check the logs"],
        ),
        (  # the doing of a step under an error is its answer too; a problem written so is not
            "# FAQ\n\n## Docker\n\n### Docker buildx plugin is missing\n\nIt is not installed.\n\n"
            "#### Installing Buildx\n\nbrew install docker-buildx\n\n"
            "### Container creation fails on cgroup v1\n\nUpgrade.\n\n#### Running containers with limits fails\n\n"
            "Use cgroup v2.\n",
            [
                "Docker buildx plugin is missing",
                "Container creation fails on cgroup v1",
                "Running containers with limits fails",
            ],
        ),
    ],
    ids=["debugging-part", "zh-part", "causes-part", "step-after-steps", "doing-a-step"],
)
def test_problems_stay_entries_and_parts_and_steps_go_with_their_problem(text: str, entries: list[str]) -> None:
    assert [t for t, _, _ in titles(text)] == entries


def test_faq_questions_about_what_a_thing_is_for_and_a_closing_question_stay_entries() -> None:
    faq = (
        "# Kubernetes FAQ\n\n## What is the pause container for?\n\nIt holds the namespaces.\n\n"
        "## How do I drain a node?\n\nkubectl drain.\n\n## Still having trouble?\n\nAsk on Slack.\n"
    )
    assert [t for t, _, _ in titles(faq)] == [
        "What is the pause container for?",
        "How do I drain a node?",
        "Still having trouble?",
    ]
    page = "# Troubleshooting\n\n## Pod is stuck in CrashLoopBackOff\n\nRead the logs.\n\n## Still not working?\n\nOpen an issue.\n"
    assert [t for t, _, _ in titles(page)] == ["Pod is stuck in CrashLoopBackOff", "Still not working?"]


def test_a_check_page_whose_sections_are_its_parts_is_one_entry() -> None:
    """The Actions runner's check pages: what the check is for, what it checks, how to fix it,
    what to do when it still fails; the causes numbered under the fix are its answer too."""
    text = (
        "# Git Connection Check\n\n## What is this check for?\n\nMake sure `git` can reach the server.\n\n"
        "## What is checked?\n\n```\ngit ls-remote --exit-code https://github.com/actions/checkout HEAD\n```\n\n"
        "## How to fix the issue?\n\n### 1. Check global and system git config\n\nYou might see an error like:\n\n"
        "```\nfatal: unable to access 'https://github.com/a/b/': The requested URL returned error: 400\n```\n\n"
        "### 2. SSL certificate related issue\n\nSee the SSL page.\n\n## Still not working?\n\nOpen an issue.\n"
    )
    (entry,), problems = parse_markdown(text, "git.md", "git.md")
    assert (entry.title, problems) == ("Git Connection Check", [])
    assert "fatal: unable to access 'https://github.com/a/b/': The requested URL returned error: 400" in [
        t.text for t in entry.templates
    ]


def test_a_heading_the_page_lists_as_code_is_a_message_however_plain_its_words() -> None:
    """CockroachDB's Common Errors page: a table whose Message column links each heading as code."""
    text = (
        "# Common Errors\n\n| Topic | Message\n|---|---\n| Client | [`connection refused`](#connection-refused)\n"
        "| Retries | [`restart transaction`](#restart-transaction)\n\n## connection refused\n\nStart the node.\n\n"
        "## restart transaction\n\nRetry it.\n\n## Cluster settings\n\nSee [`restart`](#other).\n"
    )
    read = parse_markdown(text, "p.md", "p.md")[0]
    assert [(e.title, e.kind, [t.text for t in e.templates]) for e in read] == [
        ("connection refused", "error", ["connection refused"]),
        ("restart transaction", "error", ["restart transaction"]),
        ("Cluster settings", "topic", []),
    ]


def test_parts_asked_or_marked_with_a_sign_are_parts() -> None:
    """A DevOps notes tree: each error's parts asked as questions (What is the Error? Why This Error?)
    or marked with a sign (🔍 Root Cause, ✅ Correct Fix)."""
    text = (
        "# Jenkins\n\n## Error 128: Git is Private\n\n### What is the Error?\n\nCode 128.\n\n"
        "### Why This Error?\n\nNo token.\n\n### Solution\n\nAdd one.\n\n## Error 137: Out of memory\n\n"
        "### 🔍 Root Cause\n\nThe agent's RAM.\n\n### ✅ Correct Fix\n\nMore RAM.\n"
    )
    assert titles(text) == [
        ("Error 128: Git is Private", 2, ("Jenkins",)),
        ("Error 137: Out of memory", 2, ("Jenkins",)),
    ]


def test_chinese_parts_named_with_a_qualifier_are_parts_of_the_page() -> None:
    """Dubbo's error-code pages: a title in front matter, then 可能的原因 ("possible causes") and
    排查和解决步骤 ("how to investigate and solve it"): one problem, one entry."""
    text = (
        "---\ntitle: 0-23 - 序列化数据转换异常\n---\n\n### 可能的原因\n\n1. 循环引用。\n\n"
        "### 排查和解决步骤\n\n1. 升级版本。\n"
    )
    assert titles(text) == [("0-23 - 序列化数据转换异常", 1, ())]


@pytest.mark.parametrize(
    ("text", "entries"),
    [
        (  # the message, then "the following problems:": the sections under it are its causes
            "# Auth\n\n## Configuring Git\n\nUse a secret.\n\n## Errors and their meaning\n\n"
            "### unsuccessful cred copy\n\n> `warning: unsuccessful cred copy: open "
            "/tekton/home/.docker/config.json: permission denied`\n\nIt can be indicative of the following problems:\n\n"
            "#### Multiple Steps with varying UIDs\n\nUse one UID.\n\n#### The Step is named `image-digest-exporter`\n\n"
            "Rename it.\n",
            ["Configuring Git", "unsuccessful cred copy"],
        ),
        (  # ... unless they name errors of their own
            "# Auth\n\n## Configuring Git\n\nUse a secret.\n\n## Errors and their meaning\n\n"
            "### unsuccessful cred copy\n\n> `warning: unsuccessful cred copy: denied`\n\n"
            "You may also see these:\n\n#### Error: permission denied\n\nFix it.\n\n#### Error: no such file\n\nFix that.\n",
            ["Configuring Git", "unsuccessful cred copy", "Error: permission denied", "Error: no such file"],
        ),
        (  # a group that quotes nothing introduces its problems: they stay entries
            "# FAQ\n\n## Scheduling\n\nThese problems are common:\n\n### Pod stuck in Pending\n\nAdd nodes.\n\n"
            "### Pod evicted\n\nFree the disk.\n",
            ["Scheduling", "Pod stuck in Pending", "Pod evicted"],
        ),
    ],
    ids=["causes", "errors-of-their-own", "group"],
)
def test_an_error_that_introduces_its_causes_keeps_them_as_its_answer(text: str, entries: list[str]) -> None:
    assert [t for t, _, _ in titles(text)] == entries


def test_a_front_matter_title_over_problems_is_their_page_title() -> None:
    text = "---\ntitle: Common errors\n---\n\n## Pod fails to start\n\nFix one.\n\n## Volume not attached\n\nFix two.\n"
    assert titles(text) == [
        ("Pod fails to start", 2, ("Common errors",)),
        ("Volume not attached", 2, ("Common errors",)),
    ]


def test_a_front_matter_title_never_takes_a_headings_anchor() -> None:
    text = "---\ntitle: Disk full\n---\n\n```\nError: no space left on device\n```\n\n## Disk full\n\nClean up.\n"
    entries, _ = parse_markdown(text, "p.md", "p.md")
    assert [(e.title, e.id) for e in entries] == [("Disk full", "disk-full_1"), ("Disk full", "disk-full")]


def test_a_page_that_starts_with_a_plus_line_of_its_own_keeps_its_text() -> None:
    text = "+++\nSome words, not TOML.\n+++\n\n## Pod fails to start\n\nFix.\n"
    entries, problems = parse_markdown(text, "p.md", "p.md")
    assert ([e.title for e in entries], problems) == (["Pod fails to start"], [])


def test_a_bad_toml_front_matter_is_one_problem_and_the_page_is_still_read() -> None:
    text = '+++\ntitle = "unclosed\n+++\n\n## Pod fails to start\n\nFix.\n'
    entries, problems = parse_markdown(text, "p.md", "p.md")
    assert [e.title for e in entries] == ["Pod fails to start"]
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [(1, "TOML front matter")]


def test_a_page_title_whose_intro_quotes_the_error_is_the_problem() -> None:
    text = (
        "# Lease count quota exceeded\n\nVault returns:\n\n```\nError: lease count quota exceeded\n```\n\n"
        "Tune the quota.\n\n## Tutorial\n\nSee the tutorial.\n\n## API\n\nSee the API.\n"
    )
    assert [t for t, _, _ in titles(text)] == ["Lease count quota exceeded", "Tutorial", "API"]
    intro = "# Troubleshooting\n\nRead the logs first.\n\n## Pod fails\n\nFix.\n"
    assert [t for t, _, _ in titles(intro)] == ["Pod fails"]  # an intro without an error: a page title
    example = (  # an intro that shows an error a section below answers: an example, the section is the answer
        "# Troubleshooting Docker\n\nYou may see:\n\n```\nCannot connect to the Docker daemon at unix:///x.sock\n```\n"
        "\n## Cannot connect to the Docker daemon\n\nStart it.\n\n## Disk full\n\nPrune.\n"
    )
    assert [t for t, _, _ in titles(example)] == ["Cannot connect to the Docker daemon", "Disk full"]


def test_a_heading_that_ends_in_a_colon_goes_on_its_problems_answer() -> None:
    text = (
        "## I don't see the sidecar injected to my pod\n\nCheck the annotations.\n\n### Sample deployment:\n\n"
        "```yaml\nkind: Deployment\n```\n\nRestarting the pods will fix it.\n\n## Next problem\n\nFix.\n"
    )
    entries, _ = parse_markdown(text, "p.md", "p.md")
    assert [e.title for e in entries] == ["I don't see the sidecar injected to my pod", "Next problem"]
    assert "Restarting the pods will fix it." in entries[0].body


def test_steps_under_an_error_heading_are_its_answer_and_elsewhere_entries() -> None:
    text = (
        "## Unable to listen on port (80/443)\n\nThe binary lost its capability.\n\n### Create a test pod\n\n"
        "Run a pod that sleeps.\n\n### Check the capability\n\nRun getcap.\n\n## Logging\n\nWhere logs go.\n\n"
        "### Check the controller logs\n\nRead them.\n"
    )
    assert [t for t, _, _ in titles(text)] == [
        "Unable to listen on port (80/443)",
        "Logging",
        "Check the controller logs",
    ]
    assert "Run getcap." in parse_markdown(text, "p.md", "p.md")[0][0].body


def test_the_checks_under_an_error_heading_and_a_fix_for_one_system_are_its_answer() -> None:
    """Cypress's ``### Error: read ECONNRESET`` numbers its causes and ends with ``#### Still stuck?``;
    Vite's ``### Network requests stop loading`` has the fix for ``#### macOS``: none of them is a
    problem of its own, so the answer keeps its fixes. A message among them keeps them all entries,
    and so does a section not shaped as a part (``manifest unknown`` under ``Image pull errors``)."""
    text = (
        "## Error: read ECONNRESET\n\nThe connection was reset.\n\n"
        "### 1. Security software intercepting loopback traffic\n\nAllow localhost.\n\n"
        "### Quick fastest-path check\n\nRun it with another browser.\n\n### Still stuck?\n\nOpen an issue.\n\n"
        "## Network requests stop loading\n\nThe browser caps open connections.\n\n### macOS\n\nRaise `ulimit -n`.\n\n"
        "## Installing\n\nThree ways.\n\n### Windows\n\n#### `winget` is not recognized\n\nInstall App Installer.\n\n"
        "## Error: kubelet not ready\n\nIntro.\n\n### Check the logs\n\nRead them.\n\n"
        "### Start request repeated too quickly\n\nReset the unit.\n\n### Failed to load config\n\nWrite it.\n\n"
        "## Client error types\n\nThe exceptions.\n\n### `PrismaClientKnownRequestError`\n\nA known error.\n\n"
        "### `P2002`\n\nA unique constraint.\n\n"
        "## Image pull errors\n\nPulls fail.\n\n### manifest unknown\n\nCheck the tag.\n\n### OOMKilled\n\nRaise it.\n"
    )
    assert [t for t, _, _ in titles(text)] == [
        "Error: read ECONNRESET",
        "Network requests stop loading",
        "Installing",
        "`winget` is not recognized",
        "Error: kubelet not ready",
        "Check the logs",
        "Start request repeated too quickly",
        "Failed to load config",
        "Client error types",
        "`PrismaClientKnownRequestError`",
        "`P2002`",
        "Image pull errors",
        "manifest unknown",
        "OOMKilled",
    ]
    first, second = parse_markdown(text, "p.md", "p.md")[0][:2]
    assert "Open an issue." in first.body and "Raise `ulimit -n`." in second.body


def test_messages_that_start_like_steps_and_groups_that_end_in_a_colon_stay_what_they_are() -> None:
    steps = (
        '## Error: kubelet not ready\n\nIntro.\n\n### Get "https://10.0.0.1:6443/healthz": EOF\n\nCheck the API.\n\n'
        "### Start request repeated too quickly\n\nReset the unit.\n"
    )
    assert [t for t, _, _ in titles(steps)] == [
        "Error: kubelet not ready",
        'Get "https://10.0.0.1:6443/healthz": EOF',
        "Start request repeated too quickly",
    ]
    groups = (
        "# Troubleshooting\n\n## Docker:\n\n### Cannot connect to the Docker daemon\n\nStart it.\n\n"
        "## Kubernetes:\n\n### Pod stuck in Pending\n\nAdd nodes.\n"
    )
    assert [t for t, _, _ in titles(groups)] == ["Cannot connect to the Docker daemon", "Pod stuck in Pending"]


def test_output_a_tool_wrapped_at_its_width_is_one_template() -> None:
    text = (
        "## Max lease TTL\n\n```\nWARNING! The following warnings were returned from Vault:\n\n"
        '  * TTL of "2880h" exceeded the effective max_ttl of "768h"; TTL value is\n  capped accordingly\n'
        "Error: short line\nanother line\n```\n"
    )
    found = error_texts(text)
    assert '* TTL of "2880h" exceeded the effective max_ttl of "768h"; TTL value is capped accordingly' in found
    assert "Error: short line" in found  # a short line is not a wrapped one


def test_a_table_of_contents_is_no_entry_and_readme_holds_none() -> None:
    toc = "## Contents\n* [One](#one) (why)\n* [Two](#two)\n* [Three](#three)\n\n## One\n\nAnswer.\n"
    assert [t for t, _, _ in titles(toc)] == ["One"]
    assert parse_markdown("## Something\n\nText.\n", "docs/README.md", "README.md") == ([], [])
    # an index page's list of links, then its closing words: still a table of contents
    index = (
        "## Configuration\n\n- [`Circular fixes detected …`](./circular-fixes)\n- [`TypeError: x`](./v9)\n\n"
        "## Legacy Configuration\n\n- [`couldn't find the config`](./a)\n- [`couldn't find the plugin`](./b)\n"
        "- [`couldn't determine the plugin`](./c)\n\nUpdating to the latest versions often resolves issues.\n\n"
        "If you still can't figure it out, chat with the team.\n"
    )
    assert titles(index) == []
    # one link alone answers by pointing on (Gitea's FAQ: ## Setting up logging / - [Official Docs](…))
    one = "## Setting up logging\n\n- [Official Docs](logging-config.md)\n\n## Contents\n\n[A](a.md)\n[B](b.md)\n"
    assert [t for t, _, _ in titles(one)] == ["Setting up logging"]
    # words before the links answer the problem, and point on
    pointer = (
        "## Error: plugin not found\n\nInstall the plugin next to ESLint.\n\n"
        "- [Plugins](./plugins)\n- [Configs](./configs)\n- [Resolution](./resolution)\n"
    )
    assert [t for t, _, _ in titles(pointer)] == ["Error: plugin not found"]
    # an error's answer may be its options, each a link with what it does, or links alone
    options = (
        "## npm ERR! ERESOLVE unable to resolve dependency tree\n\n- [`--legacy-peer-deps`](./a): ignore peers.\n"
        "- [`--force`](./b): fetch anyway.\n- [Upgrade the package](./c)\n\nPick the first if unsure.\n\n"
        "## Error: EACCES: permission denied\n\n- [Fix npm's permissions](./p)\n- [Use a version manager](./v)\n"
        "- [Reinstall npm](./r)\n"
    )
    assert [t for t, _, _ in titles(options)] == [
        "npm ERR! ERESOLVE unable to resolve dependency tree",
        "Error: EACCES: permission denied",
    ]


def test_markup_in_headings_is_left_out_of_titles() -> None:
    text = '## <a name="x"></a>Why are `SealedSecret` resources stuck?\n\nAnswer.\n'
    assert titles(text)[0][0] == "Why are `SealedSecret` resources stuck?"


def test_deep_nesting_never_drops_the_rest_of_the_file() -> None:
    deep = "".join("  " * i + f"- level {i}\n" for i in range(30))
    text = f"## first\n\nok\n\n{deep}\n## second\n\nanswer\n"
    entries, problems = parse_markdown(text, "p.md", "p.md")
    assert [e.title for e in entries] == ["first", "second"]
    assert [(p.line, p.message) for p in problems] == [
        (14, "markdown nested more than 20 levels deep; read again from the next heading")
    ]


def test_outline_notes_what_the_parser_guessed() -> None:
    text = "## Slow builds\n\nText.\n\n### If you use NFS\n\nMount it.\n\n### If you use overlay\n\nUse it.\n"
    notes = outline_notes(text)
    assert [(n.line, n.code) for n in notes] == [(5, "guessed-part"), (9, "guessed-part")]
    # Links that list a page's contents are navigation; under a problem, its Useful Links are its answer.
    contents = "## Contents\n\n- [Slow builds](#slow-builds)\n- [Fast builds](#fast)\n\n## Slow builds\n\nText.\n"
    assert [(n.line, n.code) for n in outline_notes(contents)] == [(1, "navigation")]
    assert outline_notes(NEXT_ERROR_PAGE) == []
    assert outline_notes(NEXT_ERROR_PAGE.replace("### Useful Links", "## Useful Links")) == []  # under its title


def test_a_link_to_a_section_that_reads_as_an_error_names_it() -> None:
    text = (
        "## Contents\n* [Couldn't find an alternative telinit implementation](#docker-init)\n* [Other](#other)\n"
        "* [More](#more)\n\n## Docker init {#docker-init}\n\nConfigure the daemon.\n\n## Other\n\nText.\n"
    )
    entries, _ = parse_markdown(text, "p.md", "p.md")
    init = next(e for e in entries if e.id == "docker-init")
    assert [(t.origin, t.text, t.line) for t in init.templates] == [
        ("alias", "Couldn't find an alternative telinit implementation", 2)
    ]


def test_a_shell_variable_set_from_a_command_is_a_command_not_an_error() -> None:
    text = (
        "## Orphaned pods fill the log\n\n```sh\n"
        "pods=$(tail -n 1000 /var/log/k0s.log | grep 'orphaned pod' | uniq)\n"
        "IDS=`docker ps -q --filter status=exited`\n"
        'level=error msg="orphaned pod found, but error not a directory occurred"\n'
        "```\n"
    )
    entries, _ = parse_markdown(text, "p.md", "p.md")
    assert [t.text for t in entries[0].templates if t.origin == "body"] == [
        'level=error msg="orphaned pod found, but error not a directory occurred"'
    ]


def test_lines_a_command_continues_and_its_here_document_are_not_errors() -> None:
    text = (
        "## The webhook cannot be reached\n\nCheck it by hand:\n\n```sh\n"
        "curl -vsS --resolve cert-manager-webhook.cert-manager.svc:10250:127.0.0.1 \\\n"
        "    --cacert ca.crt \\\n"
        "    https://cert-manager-webhook.cert-manager.svc:10250/validate 2>&1 -d@- <<'EOF' | sed '/^* /d'\n"
        '{"kind":"AdmissionReview","error":"failed to call webhook: not an error, the request sent"}\n'
        "EOF\n"
        "Error: failed calling webhook: x509: certificate signed by unknown authority\n"
        "```\n"
    )
    entries, _ = parse_markdown(text, "p.md", "p.md")
    assert [(t.text, t.line) for t in entries[0].templates if t.origin == "body"] == [
        ("Error: failed calling webhook: x509: certificate signed by unknown authority", 11)
    ]


@pytest.mark.parametrize(
    ("code", "errors"),
    [
        (  # a transcript with the shell's continuation prompt: `> EOF` ends the here-document
            "$ cat <<EOF > /etc/yum.repos.d/k8s.repo\n> [kubernetes]\n> EOF\n"
            "bash: /etc/yum.repos.d/k8s.repo: Permission denied",
            ["bash: /etc/yum.repos.d/k8s.repo: Permission denied"],
        ),
        (  # output quoting a shift operator is output
            "main.cpp:5:15: error: 'foo' was not declared in this scope\n    5 |     std::cout << foo;\n"
            "main.cpp:6:3: error: 'bar' was not declared in this scope",
            [
                "main.cpp:5:15: error: 'foo' was not declared in this scope",
                "main.cpp:6:3: error: 'bar' was not declared in this scope",
            ],
        ),
        (  # a here-string is one line
            "$ base64 -d <<< abc\nbase64: invalid input\nError: decoding failed with an invalid input",
            ["base64: invalid input", "Error: decoding failed with an invalid input"],
        ),
        (  # only a command goes on after a trailing backslash
            "    result = compute(a) + \\\nZeroDivisionError: division by zero",
            ["ZeroDivisionError: division by zero"],
        ),
        (  # Go's "<verb> <object>: <error>" is a message, though it starts like a command
            "exec /app: exec format error\nopen /etc/kubernetes/pki/ca.crt: no such file or directory\n"
            "watch chan error: etcdserver: no leader\nexec /bin/sh -c 'ls /app'",
            [
                "exec /app: exec format error",
                "open /etc/kubernetes/pki/ca.crt: no such file or directory",
                "watch chan error: etcdserver: no leader",
            ],
        ),
        (  # npm's log lines are output; a command echoing an error is still a command
            'npm ERR! Error: SSL Error: CERT_UNTRUSTED\nnpm install --global npm\necho "ERROR: Missing cygrunsrv"',
            ["npm ERR! Error: SSL Error: CERT_UNTRUSTED"],
        ),
        (  # an info line says nothing wrong; one that reports an error does
            "I0120 12:28:34.233910  124018 connection.go:151] Connecting to unix:///csi/csi.sock\n"
            "I0120 12:28:36.318482  124018 main.go:79] Received GetInfo call: &InfoRequest{}\n"
            "E0120 12:29:34.233910  124018 connection.go:129] Lost connection to unix:///csi/csi.sock",
            ["E0120 12:29:34.233910  124018 connection.go:129] Lost connection to unix:///csi/csi.sock"],
        ),
        (  # the ^C a terminal echoes before the next line is not part of it
            "ceph status\n^CCluster connection interrupted or timed out",
            ["Cluster connection interrupted or timed out"],
        ),
        (  # a line wrapped mid-sentence before a "(" goes on; one that ended its sentence does not
            "unable to fetch metrics from Kubelet k8s-master\n(192.168.17.150): Get https://x/: i/o timeout\n"
            "Error: connection refused.\n(retrying in 5s)",
            [
                "unable to fetch metrics from Kubelet k8s-master (192.168.17.150): Get https://x/: i/o timeout",
                "Error: connection refused.",
            ],
        ),
        (  # a virtualenv's prompt starts a command, not the rest of the line before
            "ERROR: Could not find a version that satisfies the requirement foo\n(venv) $ pip install --upgrade pip",
            ["ERROR: Could not find a version that satisfies the requirement foo"],
        ),
        (  # an option or an echo is a command's, not Go's "verb object: error"
            "grep -i error: /var/log/syslog\necho error: build failed >> /tmp/log",
            [],
        ),
    ],
    ids=[
        "continuation-prompt",
        "shift-operator",
        "here-string",
        "output-backslash",
        "go-verb-object",
        "npm-log",
        "info-lines",
        "interrupt-echo",
        "wrapped-before-bracket",
        "venv-prompt",
        "grep-echo",
    ],
)
def test_output_that_looks_like_shell_syntax_stays_output(code: str, errors: list[str]) -> None:
    entries, _ = parse_markdown(f"## Builds fail\n\n```text\n{code}\n```\n", "p.md", "p.md")
    assert [t.text for t in entries[0].templates if t.origin == "body"] == errors


def test_a_block_a_paragraph_introduces_as_the_error_is_read_whole() -> None:
    text = (
        "## Nodes do not join\n\nOn the node, kubelet fails with the following error message:\n\n```\n"
        'node "worker-1" not registered yet\nretrying in 5s\n```\n\n'
        "The next block is a fix, and only its error line counts:\n\n```\n"
        "unrelated words of a config file\nError: the join token has expired\n```\n"
    )
    entries, _ = parse_markdown(text, "p.md", "p.md")
    assert [(t.origin, t.text) for t in entries[0].templates if t.origin != "heading"] == [
        ("body", 'node "worker-1" not registered yet'),
        ("body", "retrying in 5s"),
        ("body", "Error: the join token has expired"),
    ]


@pytest.mark.parametrize(
    "intro", ["When you check the logs, it'll show something like this:", "If you see something like this:"]
)
def test_output_after_the_command_an_introduction_names_is_introduced(intro: str) -> None:
    text = (
        f"## CoreDNS in crash-loop\n\n{intro}\n\n```shell\nkubectl -n kube-system logs coredns-5c98d\n```\n\n"
        '```shell\nplugin/loop: Loop (127.0.0.1:55953 -> :1053) detected for zone "."\n```\n\n'
        "```shell\nsudo systemctl disable --now systemd-resolved\n```\n\n```shell\nloop detected again\n```\n"
    )
    entries, _ = parse_markdown(text, "p.md", "p.md")
    # the block after the command is what it printed; the one after the fix is not introduced
    assert [t.text for t in entries[0].templates if t.origin == "body"] == [
        'plugin/loop: Loop (127.0.0.1:55953 -> :1053) detected for zone "."'
    ]


def test_an_introduction_goes_past_typed_commands_only_and_only_into_output() -> None:
    gradle = (
        "## Gradle runs out of memory\n\nWhen you build the app, you'll see something like this:\n\n"
        "```\n> Java heap space\n```\n\n```\nheap is full again\n```\n"
    )
    entries, _ = parse_markdown(gradle, "p.md", "p.md")
    assert [t.text for t in entries[0].templates if t.origin == "body"] == []  # "> Java heap space" is printed
    config = (
        "## CoreDNS loops\n\nWhen you check the logs, it'll show something like this:\n\n"
        "```shell\nkubectl -n kube-system logs coredns-5c98d\n```\n\n```properties\nforward=/etc/resolv.conf\n```\n"
    )
    entries, _ = parse_markdown(config, "p.md", "p.md")
    assert [t.text for t in entries[0].templates if t.origin == "body"] == []  # a fix's config, not the output


def test_a_block_of_errors_introduced_as_one_of_the_following_is_read_whole() -> None:
    text = (
        "## 403 Forbidden when installing a tool\n\nYou may get an error like one of the following:\n\n"
        "```text\nHTTP status client error (403 Forbidden) for url\nGitHub answered 403 for that tool.\n```\n\n"
        "It can also happen to a tool you only list:\n\n```text\nmise list\nAPI rate limit exceeded for this token\n```\n"
    )
    entries, _ = parse_markdown(text, "p.md", "p.md")
    assert [t.text for t in entries[0].templates if t.origin == "body"] == [
        "HTTP status client error (403 Forbidden) for url",
        "GitHub answered 403 for that tool.",
        "API rate limit exceeded for this token",  # not introduced: read as any block is
    ]


def test_a_why_question_alone_in_its_group_is_a_problem_and_why_this_happens_a_part() -> None:
    text = (
        "# FAQ\n\n## Experiments\n\n### Why doesn't my Experiment end?\n\nSet `.spec.duration`.\n\n"
        "## Pods restart\n\nThey restart.\n\n### Why does this happen?\n\nThe probe fails.\n\n"
        "## Disk full\n\nIt fills.\n\n### Why is this happening?\n\nLogs grow.\n\n### Solution\n\nRotate them.\n"
    )
    entries, _ = parse_markdown(text, "faq.md", "faq.md")
    assert [(e.title, e.breadcrumb) for e in entries] == [
        ("Why doesn't my Experiment end?", ("FAQ", "Experiments")),
        ("Pods restart", ("FAQ",)),
        ("Disk full", ("FAQ",)),
    ]
    assert "Rotate them." in entries[2].body


def test_a_block_introduced_as_the_following_warning_is_its_text() -> None:
    text = (
        "# Circular fixes detected …\n\nWhen running ESLint you may see the following warning:\n\n"
        "```text\nESLintCircularFixesWarning: Circular fixes detected while fixing path/to/file\n```\n\n"
        "Check your rules.\n"
    )
    entries, _ = parse_markdown(text, "p.md", "p.md")
    assert [(t.origin, t.text) for t in entries[0].templates] == [
        ("body", "ESLintCircularFixesWarning: Circular fixes detected while fixing path/to/file")
    ]


@pytest.mark.parametrize(
    ("text", "errors"),
    [
        (  # Homebrew: a list of code spans "errors like the following:" introduces; not the list after it
            "## Upgrading macOS\n\nUpgrading macOS can cause errors like the following:\n\n"
            "* `dyld: Library not loaded: /opt/homebrew/opt/icu4c/lib/libicui18n.76.dylib`\n"
            "* `configure: error: Cannot find libz`\n* see `brew doctor` first\n\n"
            "Then run these:\n\n* `brew update-reset`\n\nTo avoid errors like the following:\n\n"
            "* `ulimit -n 65536 for the shell`\n",
            [
                "dyld: Library not loaded: /opt/homebrew/opt/icu4c/lib/libicui18n.76.dylib",
                "configure: error: Cannot find libz",
            ],
        ),
        (  # Vite: a quote "errors like:" introduces; not a quote after the next paragraph
            "## Default import returns an object\n\nThis may cause errors like:\n\n"
            "> Element type is invalid: expected a string but got: object.\n\nSee the bundler's docs.\n\n"
            "> a quote of the docs, not introduced\n",
            ["Element type is invalid: expected a string but got: object."],
        ),
        (  # Podman: a sentence wrapped before the quote it names still names it; not any quote
            "## The sshd process fails to run inside of the container\n\n"
            "The sshd process running inside the container fails with the error\n"
            '"Error writing /proc/self/loginuid".\n\nIt reads the\n"audit settings of the host" first.\n',
            ["The sshd process fails to run inside of the container", "Error writing /proc/self/loginuid"],
        ),
        (  # Rook: an introduction that says where the messages are shown
            "## A worker node hangs up\n\nWhen this happens, you can see the following messages in `dmesg`.\n\n"
            "```console\n$ dmesg\n...\n[51717.039319] INFO: task kworker/2:1:5938 blocked for more than 120 seconds.\n```\n",
            ["[51717.039319] INFO: task kworker/2:1:5938 blocked for more than 120 seconds."],
        ),
        (  # Hugo: what a program throws, in a block of a template language
            "## A feature is not available\n\nWhen you use a feature your edition lacks, Hugo throws this error:\n\n"
            "```go-html-template\nthis feature is not available in this edition of Hugo\n```\n\nInstall the extended edition.\n",
            ["this feature is not available in this edition of Hugo"],
        ),
        (  # 'returns an error' introduces nothing: the block after it is the fix
            "## Retries\n\nIf the call returns an error, retry:\n\n"
            "```go-html-template\n{{ with try (resources.GetRemote $url) }}{{ end }}\n```\n",
            [],
        ),
        (  # Ceph's health checks, the kernel's hung task and insecure keys report problems
            "## Ceph health warnings\n\n### Symptoms\n\n```console\n$ ceph status\n"
            "    health: HEALTH_WARN\n            5 auth client entities with insecure key types\n"
            "            mons are allowing insecure global_id reclaim\n"
            "[  242.1] INFO: task jbd2/rbd0-8:1182 blocked for more than 120 seconds.\n"
            "    osd: 3 osds: 3 up, 3 in\n```\n\n### Solution\n\nRotate the keys.\n",
            [
                "health: HEALTH_WARN",
                "5 auth client entities with insecure key types",
                "mons are allowing insecure global_id reclaim",
                "[  242.1] INFO: task jbd2/rbd0-8:1182 blocked for more than 120 seconds.",
            ],
        ),
        (  # a fence whose info string is only attributes (mkdocs-material) gives no language
            '## Header is missing\n\nThe build fails:\n\n```hl_lines="1"\n'
            "error: command 'gcc' failed: No such file or directory\n```\n",
            ["Header is missing", "error: command 'gcc' failed: No such file or directory"],
        ),
        (  # a part named in bold opens as a part's heading does, to the next label
            "## Client-side throttling\n\n**Symptom**: the logs show `Waited for 1.0s due to client-side throttling`.\n\n"
            "**Solution**: raise the limits with `--clientRateLimitQPS=50 --clientRateLimitBurst=100`.\n",
            ["Waited for 1.0s due to client-side throttling"],
        ),
        (  # a line led by a warning or error sign reports a problem (a UI's warning, copied)
            "## Docker compatibility\n\n### Issue\n\n```\n"
            "⚠️ Docker Socket Compatibility: Podman is not emulating the default Docker socket path\n"
            "Podman Desktop 1.10.0\n```\n",
            ["⚠️ Docker Socket Compatibility: Podman is not emulating the default Docker socket path"],
        ),
        (  # a bold message is no label, and a phrase that starts like a part's name names none
            "## Cannot reach the database\n\n**Error: could not connect to server**\n\nCheck:\n\n"
            "```\nhost = db.internal port = 5432 user = app\nlisten_addresses is set to localhost only\n```\n\n"
            "**Error handling**: the client retries.\n\n```\nthe wait doubles each time\n```\n",
            ["Cannot reach the database", "Error: could not connect to server"],
        ),
        (  # in braces the first class or word is the language; HackMD's yaml= is yaml
            "## Deploy fails\n\nDo this:\n\n```{.python}\nraise RuntimeError('the cluster connection failed')\n```\n\n"
            "```{python}\nraise RuntimeError('the registry is unreachable today')\n```\n\n"
            "```python=\nraise RuntimeError('the webhook call failed again')\n```\n\n"
            '```hl_lines="1"\nerror: the webhook call failed with a timeout\n```\n',
            ["error: the webhook call failed with a timeout"],
        ),
        (  # a crash reports a problem with no error word
            "## Tests crash\n\n### Symptoms\n\n```\n$ npx vitest\nSegmentation fault (core dumped)\n"
            "Abort trap: 6 in the worker\nnode segfaults in the pool\nFloating point exception in the worker\n```\n",
            [
                "Segmentation fault (core dumped)",
                "Abort trap: 6 in the worker",
                "node segfaults in the pool",
                "Floating point exception in the worker",
            ],
        ),
        (  # a setting named insecure is no error: docker info, daemon.json, an etcd info line
            "## Cannot push\n\n### Symptoms\n\n```\n Insecure Registries:\n  127.0.0.0/8\n```\n\n"
            '```json\n{"insecure-registries": ["r:5000"]}\n```\n\n```\n2018-01-01 10:00:00.000000 I | embed: '
            "serving insecure client requests on 127.0.0.1:2379, this is strongly discouraged!\n```\n",
            [],
        ),
        (  # 'in' a version or a build says when, not where the error is shown: the block is the fix
            "## Old clients\n\nThe client fails with an error in older versions.\n\n"
            "```\nUpgrade the client to version 2 or later now\n```\n",
            [],
        ),
    ],
    ids=[
        "errors-like-a-list",
        "errors-like-a-quote",
        "wrapped-before-the-quote",
        "in-dmesg",
        "throws-this-error",
        "returns-an-error",
        "health-checks",
        "attributes-only-fence",
        "bold-symptom-label",
        "warning-sign",
        "bold-message-not-label",
        "braced-and-numbered-languages",
        "crash",
        "insecure-settings",
        "in-older-versions",
    ],
)
def test_output_an_answer_introduces_or_shows_as_a_symptom_is_its_error_text(text: str, errors: list[str]) -> None:
    assert error_texts(text) == errors


def test_a_paragraph_after_an_introduction_ending_in_a_colon_is_the_error() -> None:
    # nvm's README: the error is an indented paragraph of the list item that introduces it
    listed = "## Problems\n\n  - If it fails, run `nvm cache clear`, or you might get an error like the following:\n\n"
    curl = "curl: (33) HTTP server doesn't seem to support byte ranges. Cannot resume."
    entries, _ = parse_markdown(f"{listed}    {curl}\n", "p.md", "p.md")
    assert [(t.origin, t.text) for t in entries[0].templates] == [("body", curl)]
    # "fails with an error." introduces nothing: the advice after it is no error
    advice = "## Rootless\n\nWhen the host is not rootless, minikube fails with an error.\n\nSet the flag.\n"
    assert parse_markdown(advice, "p.md", "p.md")[0][0].templates == ()


@pytest.mark.parametrize(
    "after",
    [
        "If it works, you will see:\n\nHello from Docker! This message shows that your installation works.\n",
        "It fails with an error similar to the following:\n\nWhen running rootless on cgroups v1 without systemd:\n",
        "You might get an error like the following:\n\n:::tip This only fails on Windows, use WSL instead.\n",
        "You might get an error like the following:\n\n`Error: EACCES` - npm failed to write the global folder.\n",
        "You might get an error like the following:\n\nThe install failed\nbecause the folder is read-only.\n",
    ],
    ids=["success-output", "label-of-a-block", "admonition", "code-span-sentence", "wrapped-paragraph"],
)
def test_what_an_introduction_is_followed_by_that_is_no_error_line(after: str) -> None:
    entries, _ = parse_markdown(f"## Install fails\n\n{after}", "p.md", "p.md")
    assert [t.text for t in entries[0].templates if t.origin == "body" and not t.text.startswith("Error")] == []


def test_a_python_session_in_any_block_shows_what_python_printed() -> None:
    failing = (
        "## Unrecognized configuration class\n\n```py\n>>> from transformers import AutoModel\n"
        '>>> model = AutoModel.from_pretrained(\n...     "gpt2")\n'
        "ValueError: Unrecognized configuration class GPT2Config for this kind of AutoModel\n```\n\n"
    )
    typed = "## Switch to the CPU\n\n```py\n>>> import os\n>>> os.environ['CUDA_VISIBLE_DEVICES'] = ''\n```\n"
    demo = "## Logging\n\n```python\n>>> logging.critical('Critical error -- shutting down')\nCRITICAL:root:Critical error\n```\n"
    assert _errors_quoted(failing + typed + demo) == [
        ["ValueError: Unrecognized configuration class GPT2Config for this kind of AutoModel"],
        [],  # typed lines only: no output, no error
        [],  # what a logging demo prints is no exception it raised
    ]


def _errors_quoted(text: str) -> list[list[str]]:
    """Each entry's error texts quoted in its answer."""
    return [[t.text for t in e.templates if t.origin == "body"] for e in parse_markdown(text, "p.md", "p.md")[0]]


def test_example_failures_are_read_whole_and_wrapped_prose_is_no_error_text() -> None:
    text = (
        "## cli is up-to-date\n\nExample failure:\n\n```text\n‼ cli is up-to-date\n"
        "    unsupported version channel: stable-2.14.10\n```\n\n"
        "The loop plugin halts the server with an\nerror because operating with an infinite loop is bad. You will see:\n"
        'Error: loop detected for zone "."\n'
    )
    entries, _ = parse_markdown(text, "p.md", "p.md")
    assert [(t.origin, t.text) for t in entries[0].templates] == [
        ("body", "‼ cli is up-to-date"),
        ("body", "unsupported version channel: stable-2.14.10"),
        ("body", 'Error: loop detected for zone "."'),
    ]


def test_problems_a_part_lists_and_parts_after_a_problem_stay_entries() -> None:
    text = (
        "## Installation\n\nInstall via pip.\n\n### Prerequisites\n\nPython 3.11.\n\n### Common errors\n\n"
        "#### `error: externally-managed-environment`\n\nUse a virtualenv.\n\n"
        "## cert-manager\n\nNotes.\n\n### Certificate stuck in Issuing\n\nCheck the order.\n\n"
        "### Verify the certificate\n\nRun `cmctl status certificate`.\n\n### Notes\n\nRead the logs.\n\n"
        "## Helm\n\nCharts.\n\n### Rollback failed\n\nCheck the history.\n\n### Validation webhook failed\n\nCheck it.\n"
    )
    assert [t for t, _, _ in titles(text)] == [
        "Installation",
        "`error: externally-managed-environment`",
        "cert-manager",
        "Certificate stuck in Issuing",
        "Verify the certificate",
        "Notes",
        "Helm",
        "Rollback failed",
        "Validation webhook failed",
    ]


def test_errors_quoted_in_prose_line_by_line_are_each_an_error_text() -> None:
    text = (
        "## Login problems\n\nIf kubectl returns\nerror: You must be logged in to the server (Unauthorized)\n"
        "run `kubectl login` again.\n\n## Two errors in a row\n\nThe log shows:\nError: connection refused by upstream\n"
        "Error: giving up after 5 retries\nFailed to start the worker process\n\n"
        "## Docusaurus\n\n:::danger\nError: cannot find module webpack\n:::\n"
    )
    assert [[t.text for t in e.templates if t.origin == "body"] for e in parse_markdown(text, "p.md", "p.md")[0]] == [
        ["error: You must be logged in to the server (Unauthorized)"],
        [
            "Error: connection refused by upstream",
            "Error: giving up after 5 retries",
            "Failed to start the worker process",
        ],
        ["Error: cannot find module webpack"],
    ]


def test_an_example_of_healthy_output_is_no_error_text() -> None:
    text = (
        '## Helm\n\nCheck the version. Example output:\n\n```\nversion.BuildInfo{Version:"v3.2.1"}\n'
        "Client and server are now talking to each other\n```\n"
    )
    assert parse_markdown(text, "p.md", "p.md")[0][0].templates == ()


def test_a_solution_written_at_its_problems_level_belongs_to_the_problem_before_it() -> None:
    text = (
        "## Common issues\n\nSome intro.\n\n### 32) Port already bound\n\n#### Symptom\n\nIt fails.\n\n"
        "#### Solution\n\nStop the other one.\n\n### 33) The sshd process fails to run\n\n#### Symptom\n\n"
        "It exits.\n\n### Solution\n\nUse systemd as PID 1.\n\n## References\n\nLinks.\n"
    )
    entries, _ = parse_markdown(text, "p.md", "p.md")
    assert [e.title for e in entries] == [
        "Common issues",
        "32) Port already bound",
        "33) The sshd process fails to run",
        "References",
    ]
    assert "### Solution\n\nUse systemd as PID 1." in entries[2].body


def test_a_sentence_in_backticks_where_a_part_shows_what_happens_is_the_message() -> None:
    text = (
        "## DockerHub Pull Rate Limit\n\n### Problem\n\nPulls fail with a message saying `You have reached your "
        "pull rate limit. You may increase the limit by authenticating and upgrading` and a `429`.\n\n"
        "### Solution\n\nRun `docker login --username me --password-stdin < token.txt` first.\n"
    )
    (entry,), _ = parse_markdown(text, "p.md", "p.md")
    assert [(t.origin, t.text) for t in entry.templates] == [
        ("body", "You have reached your pull rate limit. You may increase the limit by authenticating and upgrading")
    ]


def test_the_output_an_answer_shows_first_is_its_problem_and_later_output_its_checks() -> None:
    """What an answer quotes before its fix begins, up to its first block of output, is the
    problem as its author shows it (``first``); output after a command, a configuration file, a
    Solution part or a first block of output is met on the way."""
    shown = (
        "## Dapr can't reach Docker\n\nAfter `dapr init` you see:\n\n```bash\n"
        "could not connect to docker. docker may not be installed or running\n```\n\n"
        "```text\nError: second block of output\n```\n\nRun:\n\n```bash\n$ docker ps\n"
        "Cannot connect to the Docker daemon at unix:///var/run/docker.sock\n```\n"
    )
    after_a_command = (
        "## Dapr can't reach Docker\n\n```bash\nsudo systemctl start docker\n```\n\n```text\n"
        "could not connect to docker. docker may not be installed or running\n```\n"
    )
    after_a_file = (
        "## Dapr can't reach Docker\n\n```yaml\nkind: Component\n```\n\n```text\n"
        "could not connect to docker. docker may not be installed or running\n```\n"
    )
    in_a_solution = (
        "## Dapr can't reach Docker\n\n### Solution\n\nIf it still fails with\n\n```text\n"
        "could not connect to docker. docker may not be installed or running\n```\n\nrestart it.\n"
    )
    first = [(t.text, t.first) for t in parse_markdown(shown, "p.md", "p.md")[0][0].templates if t.origin == "body"]
    assert first == [
        ("could not connect to docker. docker may not be installed or running", True),
        ("Error: second block of output", False),
        ("Cannot connect to the Docker daemon at unix:///var/run/docker.sock", False),
    ]
    for text in (after_a_command, after_a_file, in_a_solution):
        (entry,), _ = parse_markdown(text, "p.md", "p.md")
        assert [(t.origin, t.first) for t in entry.templates][-1:] == [("body", False)]


@pytest.mark.parametrize(
    ("text", "first"),
    [
        (  # Gradle's "> …" lines are output, not a prompt
            "## Android build fails\n\n```text\nFAILURE: Build failed with an exception.\n"
            "> Android resource linking failed\n     ERROR: AAPT: error: resource android:attr/lStar not found.\n```\n",
            True,
        ),
        (  # a traceback fenced as python, introduced as the error: output, not a file of the fix
            "## Import fails\n\nYou will see the following error:\n\n```python\nTraceback (most recent call last):\n"
            "ModuleNotFoundError: No module named 'yaml'\n```\n",
            True,
        ),
        (  # a Solution nested in a part ends what the problem shows
            "## Backups fail\n\n### Symptom 1\n\nThe backup stalls.\n\n#### Solution\n\nIf it still fails with\n\n"
            "```text\nError: dial tcp 10.0.0.1:2049: i/o timeout\n```\n",
            False,
        ),
    ],
    ids=["gradle-output", "introduced-traceback", "nested-solution"],
)
def test_what_ends_the_output_an_answer_shows_first(text: str, first: bool) -> None:
    (entry,), _ = parse_markdown(text, "p.md", "p.md")
    assert {t.first for t in entry.templates if t.origin == "body"} == {first}


@pytest.mark.parametrize("said", ["or", "or:", "Or something like:", "或者："])
def test_a_block_after_a_paragraph_that_only_says_or_is_shown_as_the_block_before(said: str) -> None:
    """eksctl's "fails with an error like: ```A``` or ```B```": B is the problem as much as A;
    a block after any other paragraph is output met on the way, as before."""
    text = (
        "## kubectl logs fails with Authorization Error\n\nIf `kubectl logs` fails with an error like:\n\n```\n"
        "Error attaching, falling back to logs: unable to upgrade connection: Authorization error (verb=create)\n"
        f"```\n\n{said}\n\n```\nError from server (InternalError): Internal error occurred: Authorization error\n```\n\n"
        "Then:\n\n```\nError: a later check's own output\n```\n"
    )
    (entry,), _ = parse_markdown(text, "p.md", "p.md")
    assert [t.first for t in entry.templates if t.origin == "body"] == [True, True, False]


def test_hugo_code_shortcodes_are_code_blocks_and_wrapped_output_is_one_message() -> None:
    """Istio's pages quote output in ``{{< text … >}}`` shortcodes, wrapped with a trailing `` \\``:
    a YAML comment in them is no heading, and the wrapped error is one error text."""
    text = (
        "## Sidecar injection fails\n\n{{< text plain >}}\nWarning  FailedCreate  3m  replicaset-controller  "
        'Error creating: Internal error occurred: \\\n    failed calling admission webhook "sidecar-injector.istio.io": '
        "\\\n    x509: certificate signed by unknown authority\n{{< /text >}}\n\n1. Check the webhook:\n\n"
        "    {{< text bash yaml >}}\n    $ kubectl get mutatingwebhookconfiguration -o yaml\n    # the CA bundle\n"
        '    caBundle: ""\n    {{< /text >}}\n'
    )
    (entry,), problems = parse_markdown(text, "p.md", "p.md")
    assert (entry.title, problems) == ("Sidecar injection fails", [])
    assert [(t.text, t.first) for t in entry.templates if t.origin == "body"] == [
        (
            "Warning  FailedCreate  3m  replicaset-controller  Error creating: Internal error occurred: failed calling "
            'admission webhook "sidecar-injector.istio.io": x509: certificate signed by unknown authority',
            True,
        )
    ]
    assert [c.language for c in entry.code] == ["plain", "bash"]
    assert "{{< text" not in entry.body and "```plain" in entry.body
    unclosed = "## Pods fail\n\n{{< text plain >}}\n# not a comment but a heading\n"
    assert [t for t, _, _ in titles(unclosed)] == ["Pods fail", "not a comment but a heading"]


def test_a_quote_the_sentence_names_as_an_error_is_an_error_text() -> None:
    """An error with no error word is read when the sentence names it (``the … error(`…`)``, ``if
    you see **…** messages``); a code span that is a command, or a short one, is not."""
    text = (
        "## Kopia maintenance fails\n\nIf the ownership conflict error(`maintenance must be run by designated user`) "
        "already happens, set the owner.\n\nIf you see **received EOF, stopping recv loop** messages in debug logs, "
        "a plugin finished.\n\nThe error `kubectl get pods -A` shows nothing; the `caBundle` error is rare.\n"
    )
    (entry,), _ = parse_markdown(text, "p.md", "p.md")
    assert [t.text for t in entry.templates if t.origin == "body"] == [
        "maintenance must be run by designated user",
        "received EOF, stopping recv loop",
    ]
    prose = (  # emphasis, commit and welcome messages, command lines and settings are no messages
        "## Lint\n\nFix **one or more** errors. Use the commit message `Update the lock file here`; the welcome "
        'message `Hello from the cluster` shows. The `RUST_LOG=debug cargo run` errors, the `log_level = "debug"` '
        "warnings and the `{{ .Values.image.tag }}` error are yours.\n"
    )
    assert parse_markdown(prose, "p.md", "p.md")[0][0].templates == ()


def test_a_code_span_the_heading_names_as_an_error_is_an_error_text() -> None:
    heading = "## Creating configuration fails with `no such hosts` or `no endpoints available` errors\n\nFix.\n"
    (entry,), _ = parse_markdown(heading, "p.md", "p.md")
    assert [t.text for t in entry.templates] == [
        "Creating configuration fails with `no such hosts` or `no endpoints available` errors",
        "no such hosts",
        "no endpoints available",
    ]
    (entry,), _ = parse_markdown("## Error: `No unique index found for name`\n\nFix.\n", "p.md", "p.md")
    assert [(t.text, t.origin) for t in entry.templates][-1] == ("No unique index found for name", "heading")
    (entry,), _ = parse_markdown("## Set `max open files` in `limits.conf`\n\nFix.\n", "p.md", "p.md")
    assert entry.templates == ()


@pytest.mark.parametrize(
    ("text", "entries"),
    [
        (  # a shortcode shown inside a fenced block is the block's text
            "## Shortcode not rendered\n\n```markdown\n{{< text yaml >}}\napiVersion: v1\n{{< /text >}}\n```\n\n"
            "## Render fails\n\nRun it again.\n",
            ["Shortcode not rendered", "Render fails"],
        ),
        (  # other shortcodes whose names start alike, or that close themselves, open no block
            "## Toggle\n\n{{< code-toggle >}}\nkey: value\n{{< /code-toggle >}}\n{{< code file=x.yaml />}}\n\n"
            "## Next problem\n\nFix.\n\n{{< /code >}}\n",
            ["Toggle", "Next problem"],
        ),
        (  # an opening tag never closed is left as it is, even when a closed pair follows
            "## First\n\n{{< text yaml >}}\n\n## Second\n\n{{< text plain >}}\n# a comment, not a heading\n"
            "{{< /text >}}\n",
            ["First", "Second"],
        ),
    ],
    ids=["inside-a-fence", "other-shortcodes", "unclosed-then-pair"],
)
def test_only_a_closed_code_shortcode_outside_fences_is_a_code_block(text: str, entries: list[str]) -> None:
    assert [t for t, _, _ in titles(text)] == entries


def test_a_long_line_that_looks_like_a_shortcode_is_read_in_linear_time() -> None:
    import time

    text = "## Page\n\n{{< text " + "x" * 40_000 + "\n"
    start = time.perf_counter()
    parse_markdown(text, "p.md", "p.md")
    assert time.perf_counter() - start < 2.0  # was 6 s: a pattern backtracking over the line


def test_numbered_causes_and_cases_and_recoveries_are_parts_of_one_article() -> None:
    text = (
        '---\ntitle: "Troubleshooting: Manager stuck in a crash loop"\n---\n\n## Root Cause 1: Misconfigured firewall\n\n'
        "Open the port.\n\n## Case 2: Old node kernel\n\nUpgrade it.\n\n## What This Message Means\n\nThe webhook is down.\n\n"
        "## Manual recovery\n\nRestart it.\n\n## Likely environment\n\nRKE2.\n"
    )
    assert [t for t, _, _ in titles(text)] == ["Troubleshooting: Manager stuck in a crash loop"]


def test_a_line_that_ends_on_a_word_needing_more_is_a_lead_in_not_a_message() -> None:
    text = (
        "## Layout overflows\n\n```text\nA RenderFlex overflowed, an error occurred.\n"
        "The relevant error-causing widget was\n\n    Row      lib/main.dart:23\n```\n"
    )
    (entry,), _ = parse_markdown(text, "p.md", "p.md")
    assert [t.text for t in entry.templates] == ["A RenderFlex overflowed, an error occurred."]


def test_a_table_column_of_error_messages_gives_each_row_its_error_text() -> None:
    """``| Error message | Cause | Fix |``: every cell of the error column is an error text of the
    section, stated by its author, on its own row's line, with or without backticks; a cell of
    another column only when it quotes an error as a program prints it (``Error: …``), never a
    glossary's "error of omission"; a heading that names errors in general is a topic."""
    text = (
        "## Common error messages\n\n"
        "| Error message | Cause | Fix |\n"
        "|---|---|---|\n"
        '| `ERROR: failed to solve: failed to compute cache key: "/app/req.txt" not found` | Outside the context | Move it |\n'
        "| Error: unable to read manifest: unexpected end of JSON input | Truncated | Re-download it |\n"
        "| short | The cell is one word | - |\n\n"
        "## Glossary\n\n"
        "Term | Meaning\n"
        ":--- | ---:\n"
        "error of omission | an entry left out\n"
        "timeouts | Error: context deadline exceeded while waiting for the lock\n"
    )
    common, glossary = parse_markdown(text, "p.md", "p.md")[0]
    assert common.kind == "topic"
    assert [(t.origin, t.line, t.text) for t in common.templates] == [
        ("message", 5, 'ERROR: failed to solve: failed to compute cache key: "/app/req.txt" not found'),
        ("message", 6, "Error: unable to read manifest: unexpected end of JSON input"),
    ]
    assert [(t.origin, t.line, t.text) for t in glossary.templates] == [
        ("body", 14, "Error: context deadline exceeded while waiting for the lock")
    ]
    codes = (
        "## Exit codes\n\n| Code | Message |\n|---|---|\n| 1 | General failure |\n| 2 | Permission denied for the user |\n\n"
        "## Localization\n\n| Key | Message |\n|---|---|\n| session.expired | Your session has expired, please sign in again |\n"
    )
    exits, strings = parse_markdown(codes, "p.md", "p.md")[0]
    assert exits.templates == strings.templates == ()  # a column named only Message states nothing
    logs = (  # the log lines a troubleshooting table explains, as Rancher's etcd page writes them
        "## etcd Container Logging\n\n| Log | Explanation |\n|---|---|\n"
        "| `rafthttp: request cluster ID mismatch` | The node was a member of another cluster |\n"
        "| `xxx is starting a new election at term x` | The cluster lost its quorum |\n"
    )
    (etcd,), _ = parse_markdown(logs, "p.md", "p.md")
    assert [(t.origin, t.line, t.text) for t in etcd.templates] == [
        ("message", 5, "rafthttp: request cluster ID mismatch"),
        ("message", 6, "xxx is starting a new election at term x"),
    ]
    settings = "## Logging\n\n| Setting | Log |\n|---|---|\n| debug | Verbose output including request bodies |\n"
    assert parse_markdown(settings, "p.md", "p.md")[0][0].templates == ()  # a Log column of words describes


def test_a_paragraph_that_is_one_bold_error_states_a_problem_of_its_section() -> None:
    """An FAQ's bullets state their problems in bold (``- **Installation failed with error
    0x80070003**`` over the items that answer it): each is an error text the author states, with
    the error it quotes; a bold question (helm's ``**Q: … I get the error "…"**``) or note states
    only what it quotes, and a question about "the error" in general, or bold that only starts a
    sentence, nothing."""
    text = (
        "## Installation issues\n\n"
        "- **Installation failed with error 0x80070003**\n"
        "  - Store distributions on the system drive.\n\n"
        '- **Q: Trying to use Helm, I get the error "client transport was broken"**\n'
        "  - Check the tunnel.\n\n"
        "**What does the error look like?**\n\n"
        "**Failed pods** are restarted by the controller after a while.\n"
    )
    (entry,), _ = parse_markdown(text, "p.md", "p.md")
    assert [(t.origin, t.line, t.text) for t in entry.templates] == [
        ("message", 3, "Installation failed with error 0x80070003"),
        ("message", 6, "client transport was broken"),
    ]
    notes = (
        "## Upgrades\n\n**Do not upgrade more than one minor version at a time, or the API server fails to start.**\n"
    )
    assert parse_markdown(notes, "p.md", "p.md")[0][0].templates == ()


def test_a_sentence_that_names_an_error_and_quotes_it_gives_the_quote() -> None:
    """The rest of a line after "you will see this error:" or "the following error … :", and a
    double-quoted text the sentence calls an error, message or notification, are error texts; a
    colon inside code is the code's, and a sentence that only mentions messages quotes none."""
    text = (
        "## Remote access\n\n"
        "If you use openssh-server, you may see this error: The file cannot be accessed by the system.\n\n"
        "This results in the following error when converting an image to version 2: There are no more endpoints "
        "available from the endpoint mapper.\n\n"
        'Connecting fails with the following error: "Connection closed by 127.0.0.1 port 22".\n\n'
        'WSL keeps showing the "An Http proxy change has been detected on the host" notification.\n\n'
        "Check the logs to see if there are errors similar to `BUG: found the second active engine`.\n\n"
        "Message Queuing Telemetry Transport: lightweight publish and subscribe messaging.\n\n"
        "```bash\n$ notepad.exe\n-bash: notepad.exe: command not found\n```\n"
    )
    (entry,), _ = parse_markdown(text, "p.md", "p.md")
    assert [(t.line, t.text) for t in entry.templates] == [
        (3, "The file cannot be accessed by the system"),
        (5, "There are no more endpoints available from the endpoint mapper"),
        (7, "Connection closed by 127.0.0.1 port 22"),
        (9, "An Http proxy change has been detected on the host"),
        (17, "-bash: notepad.exe: command not found"),
    ]


def _template_texts(markdown: str) -> list[str]:
    return [text for _, _, text in _template_rows(markdown)]


def _template_rows(markdown: str) -> list[tuple[str, int, str]]:
    """``(origin, line, text)`` of the error texts of a page of one entry."""
    (entry,), _ = parse_markdown(markdown, "p.md", "p.md")
    return [(t.origin, t.line, t.text) for t in entry.templates]


def test_a_quoted_paragraph_under_an_error_code_is_its_message() -> None:
    """An error reference (Prisma's) heads each code and quotes its message, placeholders in
    braces, MDX-escaped or in backticks; its list of possible messages is each one. Elsewhere a
    quoted paragraph is an error text only when it reads as one."""
    text = (
        "## Error codes\n\n### `P1001`\n\n"
        '"Can\'t reach database server at `{database_host}`:`{database_port}`"\n\n'
        "### `P1012`\n\nPossible P1012 error messages:\n\n"
        '- "Argument `{}` is missing."\n- "Attribute `@{}` is defined twice."\n\n'
        "### `P2002`\n\n"
        '"Unique constraint failed on the \\{constraint}"\n\n'
        "## Motto\n\n"
        '"Always back up your data before you migrate it"\n\n'
        '"Error: connection refused while reaching the server"\n\n'
        '"If the install fails, run it again with --verbose."\n\n"Why does my build keep failing on CI?"\n\n'
        '### `LOG_LEVEL`\n\n"Sets how verbose the server logs are"\n\n### IE11\n\n"This browser is not supported here"\n'
    )
    entries, _ = parse_markdown(text, "p.mdx", "p.mdx")
    assert [(e.title, [(t.origin, t.text) for t in e.templates]) for e in entries] == [
        (
            "`P1001`",
            [("heading", "P1001"), ("message", "Can't reach database server at {database_host}:{database_port}")],
        ),
        (
            "`P1012`",
            [
                ("heading", "P1012"),
                ("message", "Argument {} is missing."),
                ("message", "Attribute @{} is defined twice."),
            ],
        ),
        ("`P2002`", [("heading", "P2002"), ("message", "Unique constraint failed on the {constraint}")]),
        ("Motto", [("body", "Error: connection refused while reaching the server")]),
        ("`LOG_LEVEL`", []),
        ("IE11", []),
    ]
    from matcher.profile import template_of

    assert template_of(entries[2].templates[1].text).text == "Unique constraint failed on the"


def test_an_error_codes_heading_gives_the_code_as_an_error_text() -> None:
    """A catalogue of codes (Yarn's ``YN0018 - CACHE_CHECKSUM_MISMATCH``) whose answers describe
    each code in prose: the program prints the code on the error's line, so the code is an error
    text. A page with one ``SHA256`` or ``H264`` heading catalogues nothing, a CVE's number is not
    cut short, an errno name is one anywhere, and a setting's name is none."""
    text = (
        "## YN0001 - `EXCEPTION`\n\nReport it.\n\n## YN0002 - `MISSING_PEER_DEPENDENCY`\n\nAdd it.\n\n"
        "## YN0018 - `CACHE_CHECKSUM_MISMATCH`\n\nA package's archive changed since it was locked.\n\n"
        "## SHA256 - checksums\n\nHow files are hashed.\n\n## H264\n\nThe video codec.\n\n"
        "## CVE-2021-44228 - Log4Shell\n\nUpgrade log4j.\n\n"
        "## ENOSPC\n\nFree some disk.\n\n## `DATABASE_URL`\n\nWhere the database is.\n"
    )
    entries, _ = parse_markdown(text, "p.md", "p.md")
    assert [[(t.origin, t.text) for t in e.templates] for e in entries] == [
        [("heading", "YN0001")],
        [("heading", "YN0002")],
        [("heading", "YN0018")],
        [],
        [],
        [],
        [("heading", "ENOSPC")],
        [],
    ]


def test_a_pages_script_and_style_blocks_are_no_answers_text() -> None:
    """VitePress pages end with ``<script setup>`` code that redirects old anchors: never shown, so
    not the last entry's answer; the same text in a code block is."""
    text = (
        "## Default import returns an object\n\nUse a named import.\n\n"
        "<script setup lang=\"ts\">\nconst hashForOldVersion = { 'vite-cjs': 5 }\n</script>\n\n"
        "<style>\n.note { color: red }\n</style>\n\n```js\nconst hashForOldVersion = 1\n```\n"
    )
    (entry,), _ = parse_markdown(text, "p.md", "p.md")
    assert entry.body == "Use a named import.\n\n\n\n```js\nconst hashForOldVersion = 1\n```\n"


def test_a_quote_of_program_output_is_an_error_text_and_a_note_or_prose_quote_is_none() -> None:
    """Vite quotes its errors: ``> TypeError: Failed to fetch dynamically imported module`` after
    "You may see the following error:", two quotes after "… with the following error."; a quote
    labelled as programs label errors needs no introduction. A note, a quoted sentence, and the
    paragraphs after a quote are no output."""
    text = (
        "## Browser extensions\n\nYou may see the following error:\n\n"
        "> TypeError: Failed to fetch dynamically imported module\n\nDisable the extension.\n\n"
        "## CORS\n\nThe scripts won't run with the following error.\n\n"
        "> Access to script at 'file:///foo/bar.js' from origin 'null' has been blocked by CORS policy\n\n"
        "> Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource\n\n"
        "Serve the files over `http`.\n\n"
        "## Strict mode\n\n> TypeError: Cannot create property 'foo' on boolean 'false'\n\n"
        "> **Note:** this fails when the server is down.\n\n> As the maintainers said, it failed because of the cache.\n\n"
        "message: the quota was exceeded\n"
    )
    entries, _ = parse_markdown(text, "p.md", "p.md")
    assert [[t.text for t in e.templates] for e in entries] == [
        ["TypeError: Failed to fetch dynamically imported module"],
        [
            "Access to script at 'file:///foo/bar.js' from origin 'null' has been blocked by CORS policy",
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource",
        ],
        ["TypeError: Cannot create property 'foo' on boolean 'false'"],
    ]
    assert error_texts(
        "## Sandbox\n\nFollow the error message similar to:\n\n> You need to make sure it is owned by root.\n"
    ) == ["You need to make sure it is owned by root."]
    wrapped = (  # a quote wraps a sentence; a note ends what the paragraph introduced; notes are no output
        "## Refused\n\nYou get the following error:\n\n> The connection was refused - did you\n"
        "> specify the right host? (retry count 3)\n\n> **Note:** restart it.\n\n> This was reported by users.\n\n"
        "> Tip: If you get an error, retry.\n\n> Q: Why does kubectl fail with an error here?\n"
    )
    assert error_texts(wrapped) == ["The connection was refused - did you specify the right host? (retry count 3)"]
    lines = (  # a quote of separate log lines, each starting in lower case, is each its own
        "## Kubelet\n\nYou will see the following errors:\n\n> failed to pull image: rpc error: desc = failed\n"
        "> dial tcp 10.0.0.1:443: i/o timeout\n> unable to fetch metrics from node\n"
    )
    assert error_texts(lines)[-3:] == [
        "failed to pull image: rpc error: desc = failed",
        "dial tcp 10.0.0.1:443: i/o timeout",
        "unable to fetch metrics from node",
    ]


def test_a_quote_named_as_an_error_like_or_such_as_is_an_error_text() -> None:
    """``CNI errors like "…"``, ``error messages you may see, such as "…"``: the sentence names
    the quote as the error it shows."""
    text = (
        "## Windows nodes\n\n"
        'The kubelet log has CNI errors like "timed out waiting for interface matching the management IP".\n\n'
        'It fixes a wide range of issues and error messages you may see, such as "Could not establish connection '
        'to server_name".\n'
    )
    assert _template_texts(text) == [
        "timed out waiting for interface matching the management IP",
        "Could not establish connection to server_name",
    ]


def test_a_block_after_the_tool_will_tell_you_this_is_its_output() -> None:
    """``Poetry will tell you this, e.g.:`` introduces the output in the fence below it; a Go
    stack trace's frames in such a block are where the error passed, not what it says."""
    text = (
        "## Why does it refuse to add a dependency?\n\n"
        "Whenever the ranges differ, Poetry will tell you this, e.g.:\n\n"
        "```\nThe current project's supported Python range (>=3.7.0,<4.0.0) is not compatible with some packages\n```\n\n"
        "Tiller crashes with an error like this:\n\n"
        "```\npanic: runtime error: invalid memory address or nil pointer dereference\n"
        "panic(0x1abbfc0, 0xc42000a040)\n"
        "k8s.io/helm/pkg/storage.(*Storage).Get(0xc4201d61a0, 0xc4205360c0, 0x12)\n"
        "created by k8s.io/helm/vendor/google.golang.org/grpc.(*Server).serveStreams.func1\n```\n"
    )
    assert _template_texts(text) == [
        "The current project's supported Python range (>=3.7.0,<4.0.0) is not compatible with some packages",
        "panic: runtime error: invalid memory address or nil pointer dereference",
    ]
    # A sentence that says what will fail, ending in a full stop, introduces the fix, not output;
    # an advice or a button's label after "this error," is no error text.
    fix = (
        "## Pulling fails\n\nIf the pull secret is missing, the pod will fail.\n\n"
        "```yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: registry-credentials now set\n```\n\n"
        'When you see this error, "wait a few minutes and try again".\n'
    )
    assert _template_texts(fix) == []


def test_a_short_error_labelled_as_one_is_an_error_text() -> None:
    """``Error: 0x1bc`` is too short to read as a sentence, but its label says what it is, in
    output and quoted in a heading; a driver's ``e1000e: …`` banner or a map of levels is none."""
    text = (
        '## "Error: 0x80040306" on installation\n\nReinstall.\n\n'
        "## Setting the default version\n\n"
        "```powershell\nPS C:\\> wsl.exe --set-default-version 2\nError: 0x1bc\n```\n\n"
        "```text\ne1000e: Intel(R) PRO/1000 Network Driver - 3.2.6-k\nERROR: 50,\n```\n"
    )
    heading, version = parse_markdown(text, "p.md", "p.md")[0]
    assert [(t.origin, t.text) for t in heading.templates] == [
        ("heading", '"Error: 0x80040306" on installation'),
        ("heading", "Error: 0x80040306"),
    ]
    assert [(t.origin, t.line, t.text) for t in version.templates] == [("body", 9, "Error: 0x1bc")]


GITHUB_STYLE = """---
title: 'Error: Permission denied (publickey)'
intro: 'A "Permission denied" error means that the server rejected your connection.'
---
## Always use the "git" user

```shell
$ ssh -T GITHUB-USERNAME@github.com
> Permission denied (publickey).
```

## Make sure you have a key that is being used

### Getting more details

Run `ssh -vT git@github.com`.

## Solving the issue

### Use HTTPS

Clone over HTTPS instead.
"""


def test_a_page_titled_by_its_error_is_one_entry_and_dollar_transcripts_mark_output() -> None:
    """A page whose title is the error, as a program prints it (``Error: Permission denied
    (publickey)``), is that one problem: its sections are the checks and steps of its answer, down
    to the options under its Solving the issue. In a block that marks typed commands with ``$``,
    ``>`` marks what they printed."""
    (entry,), _ = parse_markdown(GITHUB_STYLE, "p.md", "p.md")
    assert entry.title == "Error: Permission denied (publickey)"
    assert [(t.origin, t.text) for t in entry.templates] == [
        ("heading", "Error: Permission denied (publickey)"),
        ("body", "Permission denied (publickey)."),
    ]
    several = GITHUB_STYLE.replace("## Solving the issue", "## Error: Bad file number")
    # a section that is an error of its own: the page lists problems, as before
    assert [e.title for e in parse_markdown(several, "p.md", "p.md")[0]] == [
        'Always use the "git" user',
        "Getting more details",
        "Use HTTPS",
    ]


def test_an_article_with_symptoms_cause_and_solution_is_one_entry_whatever_else_it_holds() -> None:
    """A support article (``# Troubleshoot the SubnetIsFull error code`` › Prerequisites,
    Symptoms, Cause, Solution, Best practices): two or more parts only one problem has make the
    page one problem, and its other sections more of its answer (``## Connect to the cluster``
    had taken the Symptoms under it); one such part alone (``## Resolution`` on a page about
    screen sizes) does not."""
    article = (
        "# Troubleshoot the SubnetIsFull error code\n\n## Prerequisites\n\nThe Azure CLI.\n\n"
        "## Symptoms\n\nScaling fails:\n\n```text\nSubnetIsFull: subnet has no free addresses\n```\n\n"
        "## Cause\n\nThe subnet is too small.\n\n## Solution\n\nAdd a node pool.\n\n## Best practices\n\nPlan ahead.\n"
    )
    (entry,), _ = parse_markdown(article, "p.md", "p.md")
    assert entry.title == "Troubleshoot the SubnetIsFull error code"
    sizes = "# Size\n\n## Resolution\n\n1920x1080.\n\n## Avatar\n\n64px.\n"
    assert [e.title for e in parse_markdown(sizes, "p.md", "p.md")[0]] == ["Resolution", "Avatar"]
    connect = article.replace(
        "## Prerequisites\n\nThe Azure CLI.", "## Connect to the cluster\n\nRun az aks get-credentials."
    )
    assert [e.title for e in parse_markdown(connect, "p.md", "p.md")[0]] == ["Troubleshoot the SubnetIsFull error code"]


def test_the_message_field_of_an_error_record_is_its_error_text() -> None:
    """An error record quoted field by field (Azure's ``> Code="…"`` / ``> Message="**…**"``, a
    JSON ``"message": "…",`` in output): where the page shows its error, the Message field's value
    is the message, unquoted, even with no error word; other fields, and a short value, are not."""
    text = (
        "# Troubleshoot the MissingSubscriptionRegistration error code\n\n## Symptoms\n\n"
        "You receive the following error message:\n\n"
        '> Code="MissingSubscriptionRegistration"\n>\n'
        "> Message=\"**The subscription is not registered to use namespace 'Microsoft.OperationsManagement'.**\"\n\n"
        "## Cause\n\nThe provider is not registered.\n\n## Solution\n\nThe API answers:\n\n```text\n{\n"
        '  "message": "forbidden: User \\"system:anonymous\\" cannot get path \\"/\\"",\n  "code": 403\n}\n```\n'
    )
    (entry,), _ = parse_markdown(text, "p.md", "p.md")
    assert [(t.line, t.text) for t in entry.templates if t.origin != "heading"] == [
        (9, "The subscription is not registered to use namespace 'Microsoft.OperationsManagement'."),
        (21, 'forbidden: User "system:anonymous" cannot get path "/"'),
    ]


def test_a_line_of_settings_or_a_command_in_a_note_is_no_error_text() -> None:
    """A kernel command line (``elevator=deadline`` is no deadline exceeded) and a command with
    options quoted in a note are not messages; a record of key=value pairs that reports an error
    (ZFS's ``zio … error=5``) still is."""
    text = (
        "## Cgroups\n\nExample cmdline.txt:\n\n```\nconsole=tty1 root=PARTUUID=58b06195-02 elevator=deadline "
        "fsck.repair=yes rootwait cgroup_memory=1\n```\n\n"
        "> **Note:** use `systemd-run --user -p Delegate=yes --tty k3s server --rootless` to wrap it.\n\n"
        "```text\nzio pool=data vdev=/dev/sda1 error=5 type=2 offset=512 size=86016 flags=40080c80\n```\n"
    )
    (entry,), _ = parse_markdown(text, "p.md", "p.md")
    assert [t.text for t in entry.templates] == [
        "zio pool=data vdev=/dev/sda1 error=5 type=2 offset=512 size=86016 flags=40080c80"
    ]


def test_a_runbook_or_an_error_page_that_lists_problems_keeps_them_as_entries() -> None:
    """Symptoms and Cause over problems of their own, with no fix of the page's own: a runbook
    that lists problems. A page titled by an error whose sections are messages of their own
    (``## unauthorized: authentication required``): a list of its variants."""
    runbook = (
        "# Payments runbook\n\n## Symptoms\n\nAlerts fire.\n\n## Cause\n\nOne of the problems below.\n\n"
        "## Webhook signature mismatch\n\n```\nStripe::SignatureVerificationError: No signatures found\n```\n"
    )
    assert [e.title for e in parse_markdown(runbook, "p.md", "p.md")[0]] == [
        "Symptoms",
        "Cause",
        "Webhook signature mismatch",
    ]
    pulls = (
        "# Error: failed to pull image\n\n## unauthorized: authentication required\n\nLog in.\n\n"
        "## toomanyrequests: You have reached your pull rate limit\n\nWait.\n"
    )
    assert [e.title for e in parse_markdown(pulls, "p.md", "p.md")[0]] == [
        "unauthorized: authentication required",
        "toomanyrequests: You have reached your pull rate limit",
    ]


def test_what_a_reader_is_told_and_a_shells_continuation_are_no_error_texts() -> None:
    """'If you get an error: check that …' tells what to do; in a ``$`` transcript a ``>`` line
    that goes on an open quote is typed, the next ``>`` line printed. An info record's message
    is no error text where it reads as none."""
    text = (
        "## Tokens\n\nIf you get an error at this point: check that the token is valid and retry.\n\n"
        "If you see this error: the fix is to regenerate the certificate.\n\n"
        '```console\n$ git commit -m "first line\n> fix: handle connection refused errors"\n'
        "> error: pathspec 'x' did not match any file(s) known to git\n```\n\n"
        '### Symptoms\n\n```text\n{\n  "level": "info",\n  "message": "Loaded 42 routes from the configuration"\n}\n```\n'
    )
    (entry,), _ = parse_markdown(text, "p.md", "p.md")
    assert [t.text for t in entry.templates] == ["error: pathspec 'x' did not match any file(s) known to git"]


def test_long_lines_of_quotes_and_fields_are_read_in_linear_time() -> None:
    import time

    lines = [
        'he said "hello there my friend" and ' * 4000,
        'you see the "error message here ok" error ' * 4000,
        "```text\nmessage: x" + " ," * 40000 + "\n```",
        "you get the error: a" + " " * 40000 + "b",
        "errors you may see" + " " * 4000 + "`some quoted error text`",  # was cubic: 90 s
        "it fails with an error" + " " * 40000 + "\n\n```\nboom it failed\n```",
        "```text\n" + " " * 200000 + "x # highlight-line\n```",  # was quadratic: 104 s
    ]
    for line in lines:
        started = time.perf_counter()
        parse_markdown("## A\n\n" + line + "\n", "p.md", "p.md")
        assert time.perf_counter() - started < 3.0  # quadratic took 3-16 s on these


@pytest.mark.parametrize(
    ("page", "titles"),
    [
        (  # a runbook with a Solution of its own still lists the problems that quote their errors
            "# Payments runbook\n\n## Symptoms\n\nAlerts.\n\n## Cause\n\nBelow.\n\n## Solution\n\nRestart first.\n\n"
            "## Webhook signature mismatch\n\n```\nStripe::SignatureVerificationError: No signatures found\n```\n",
            ["Symptoms", "Cause", "Solution", "Webhook signature mismatch"],
        ),
        (  # Pulumi's articles, titled in front matter: Symptoms, then Diagnosing / Resolving the problem
            "---\ntitle: macOS architecture mismatch\n---\n\nPulumi crashes under Rosetta 2.\n\n## Symptoms\n\n"
            "```\nassertion failed [arm_interval().contains(address)]: code fragment does not contain it\n```\n\n"
            "## Diagnosing the problem\n\n### Check the Pulumi CLI binary\n\nRun file.\n\n"
            "## Resolving the problem\n\n### 1. Reinstall the Pulumi CLI\n\nRun brew reinstall pulumi.\n\n"
            "## Temporary workaround\n\nSet GODEBUG.\n",
            ["macOS architecture mismatch"],
        ),
        (  # sections named by platform or part are the checks of the one error the page is about
            "# Error: Permission denied (publickey)\n\n## Cause: no key loaded\n\nLoad it.\n\n"
            "## macOS: use the keychain\n\nRun ssh-add.\n",
            ["Error: Permission denied (publickey)"],
        ),
        (  # sections that are errors of their own make the page a list of them
            '# Error: failed to pull image\n\n## Back-off pulling image "registry.example.com/app:1.2"\n\nWait.\n\n'
            "## pull access denied for myapp, repository does not exist\n\nLog in.\n",
            [
                'Back-off pulling image "registry.example.com/app:1.2"',
                "pull access denied for myapp, repository does not exist",
            ],
        ),
    ],
)
def test_one_problem_pages_and_pages_that_list_problems(page: str, titles: list[str]) -> None:
    assert [e.title for e in parse_markdown(page, "p.md", "p.md")[0]] == titles


def test_bold_errors_and_said_errors_that_start_like_questions_or_instructions_are_kept() -> None:
    text = (
        "## Git\n\n- **Could not resolve host: github.com**\n  - Check DNS.\n\n"
        "If you get the error: UPGRADE FAILED: another operation (install/upgrade/rollback) is in progress\n"
    )
    (entry,), _ = parse_markdown(text, "p.md", "p.md")
    assert [t.text for t in entry.templates] == [
        "Could not resolve host: github.com",
        "UPGRADE FAILED: another operation (install/upgrade/rollback) is in progress",
    ]


def test_a_heading_of_nothing_but_quotes_states_each_of_them() -> None:
    """Argo Workflows' ``## "token not valid", "any bearer token is able to login in the UI or use
    the API"``: each quoted sentence is an error text, whatever its words; a heading that is one
    backticked name (``## `dreaming-2026-04-21` ``) states none."""
    text = (
        '## "token not valid", "any bearer token is able to login in the UI or use the API"\n\nSet the auth mode.\n\n'
        "## `dreaming-2026-04-21`\n\nA beta flag.\n"
    )
    quotes, flag = parse_markdown(text, "p.md", "p.md")[0]
    assert [t.text for t in quotes.templates] == [
        "token not valid",
        "any bearer token is able to login in the UI or use the API",
    ]
    assert flag.templates == ()


def test_a_double_quote_a_heading_names_as_an_error_is_stated() -> None:
    """Flux's ``### How to debug "install retries exhausted" errors?``: the quote is the error the
    heading is about, as a code span it names so is; a quote it does not name is not."""
    assert _template_texts('## How to debug "install retries exhausted" errors?\n\nRead the events.\n') == [
        'How to debug "install retries exhausted" errors?',
        "install retries exhausted",
    ]
    assert _template_texts('## Why "fast mode" is off by default\n\nIt costs memory.\n') == []


def test_a_numbered_case_that_states_an_error_is_one_of_its_entrys_errors() -> None:
    """React Native's ``### Case 1: Error "code":"ENOSPC","errno":"ENOSPC"`` is a part of its
    problem's answer, and the error that case is about; ``### Case 2: old engine`` names none."""
    text = (
        "## Unable to start the package manager\n\n"
        '### Case 1: Error "code":"ENOSPC","errno":"ENOSPC"\n\nRaise the inotify limit.\n\n'
        "### Case 2: old engine\n\nUpgrade it.\n\n"
        "### Case 3: Unable to reproduce\n\nA case, named by words that read as an error.\n\n"
        "### Cases 4-5: fatal: bad object HEAD\n\nRe-clone.\n"
    )
    assert _template_rows(text) == [
        ("heading", 1, "Unable to start the package manager"),
        ("message", 3, 'Error "code":"ENOSPC","errno":"ENOSPC"'),
        ("message", 15, "fatal: bad object HEAD"),
    ]


@pytest.mark.parametrize(
    "heading",
    [
        "Calling the API results in 401 Unauthorized",
        "Error: permission denied when running `kubectl apply`",
        "Upgrade - failed pods are kept",
        "FAQ - Why does the build fail?",
        "Case 2: error budget exceeded for SLO",
        "Step 3 - Fix DNS resolution errors",
        "Docker Desktop - containers can't reach the host",
        "Calling the API results in a TLS handshake failure",
    ],
)
def test_a_heading_that_describes_states_no_error_of_a_few_generic_words(heading: str) -> None:
    """Only a part that reads as printed (a colon, ``!``, a quote, an identifier) and has four
    words or more is the error a heading wraps: ``401 Unauthorized`` is any program's."""
    from kb.templates import _stated_case, _wrapped_errors

    assert _wrapped_errors(heading) == [] and _stated_case(heading) == ""


def test_a_heading_that_wraps_its_error_in_a_sentence_states_the_error() -> None:
    """Gatsby's ``… - gyp ERR! build error``, ``Error: ReferenceError: window is not defined when
    running `gatsby build` ``, ``… results in Generating SSR bundle failed``: the part that reads
    as an error is stated too; a heading naming the errors of an area (``Errors with GraphQL``)
    states none, and a docs site's ``// highlight-line`` is no part of the output it marks."""
    text = (
        "## Errors with GraphQL\n\nGraphQL is strict.\n\n"
        "## Problems installing `sharp` - gyp ERR! build error\n\nDelete node_modules.\n\n"
        "## Error: ReferenceError: window is not defined when running `gatsby build`\n\nCheck for window.\n\n"
        "## Installing plugins for styling results in Generating SSR bundle failed\n\n"
        "You may see the following error:\n\n"
        "```shell\nCan't resolve '@emotion/react' in '/site/.cache' // highlight-line\n```\n"
    )
    entries, _ = parse_markdown(text, "p.md", "p.md")
    assert [(e.title, [t.text for t in e.templates]) for e in entries] == [
        ("Errors with GraphQL", []),
        (
            "Problems installing `sharp` - gyp ERR! build error",
            ["Problems installing `sharp` - gyp ERR! build error", "gyp ERR! build error"],
        ),
        (
            "Error: ReferenceError: window is not defined when running `gatsby build`",
            [
                "Error: ReferenceError: window is not defined when running `gatsby build`",
                "Error: ReferenceError: window is not defined",
            ],
        ),
        (
            "Installing plugins for styling results in Generating SSR bundle failed",
            [
                "Installing plugins for styling results in Generating SSR bundle failed",
                "Generating SSR bundle failed",
                "Can't resolve '@emotion/react' in '/site/.cache'",
            ],
        ),
    ]


def test_a_code_span_labelled_at_logrus_fatal_level_in_a_question_is_stated() -> None:
    """Rancher Desktop's ``#### Q: How do I fix `FATA[0005] subnet … overlaps …` when running a
    container using `nerdctl run`?``: logrus labels its levels in four capitals."""
    heading = "## Q: How do I fix `FATA[0005] subnet 10.4.0.0/24 overlaps with other one` when running `nerdctl run`?"
    assert _template_texts(heading + "\n\nShut WSL down.\n") == [
        "FATA[0005] subnet 10.4.0.0/24 overlaps with other one"
    ]


NEXT_ERROR_PAGE = """---
title: Module Not Found
---

## Why This Error Occurred

The module you're trying to import is not installed.

## Possible Ways to Fix It

Install it:

```bash
npm install swr
```

### Useful Links

- [Importing modules](https://example.com)
"""

EXPO_ERROR_PAGE = """---
title: '"React Native version mismatch" errors'
---

When developing an app, it's common to run into an error that looks like:

```text
React Native version mismatch.
```

## What this error means

The bundler is using a different version of `react-native` than the native app.

## How to fix it

Close out any development servers that you have running.
"""


def test_a_page_about_one_error_answers_under_parts_named_in_sentences() -> None:
    """Next.js's error pages answer their title under ``Why This Error Occurred`` and ``Possible
    Ways to Fix It``; Expo's, titled by the error they quote, under ``What this error means`` and
    ``How to fix it``. Those sections are parts of one answer, not problems of their own: they
    were read as 69 entries named alike, and no paste found its page."""
    assert titles(NEXT_ERROR_PAGE) == [("Module Not Found", 1, ())]
    # Astro's: the message quoted above the one section, "What went wrong?"
    astro = "---\ntitle: Could not find Sharp.\n---\n\n> **MissingSharp**: Could not find Sharp.\n\n## What went wrong?\n\nInstall it.\n"
    assert titles(astro) == [("Could not find Sharp.", 1, ())]
    (entry,), _ = parse_markdown(EXPO_ERROR_PAGE, "p.mdx", "p.mdx")
    assert (entry.title, entry.kind) == ('"React Native version mismatch" errors', "error")
    assert "React Native version mismatch" in [t.text for t in entry.templates]
    # A page that lists problems keeps them, however its last section is named.
    listing = "# Common issues\n\n## Pods are pending\n\nScale up.\n\n## Images fail to pull\n\nLog in.\n\n## Useful links\n\nx\n"
    assert [t for t, _, _ in titles(listing)] == ["Pods are pending", "Images fail to pull", "Useful links"]
    # Such a sentence names a part only as the whole heading: "How to fix DNS" may name a problem.
    from kb.sections import part_strength

    assert [part_strength(t) for t in ("Why This Message Occurred", "How to fix it", "How to fix DNS")] == [2, 2, 1]


def test_a_title_quoting_a_message_is_one_problem_and_what_its_symptoms_explain_is_its_answer() -> None:
    """Microsoft's ``# "Error from server: error dialing backend: dial tcp" message``: its Symptoms'
    ``### What does it mean`` and its causes are its answer, not problems of their own."""
    page = (
        '# "Error from server: error dialing backend: dial tcp" message\n\n## Symptoms\n\nYou get it.\n\n'
        "### What does it mean\n\nThe API server can't reach the kubelet.\n\n"
        "## Cause 1: kubelet port (node:10250) is blocked\n\nAllow TCP 10250.\n"
    )
    assert [t for t, _, _ in titles(page)] == ['"Error from server: error dialing backend: dial tcp" message']


def test_a_group_whose_own_text_only_introduces_its_sections_is_no_entry() -> None:
    """TiDB's ``## PD 管理`` / ``本小节介绍 PD 管理中的常见问题、原因及解决方法。``, the OpenTelemetry
    Collector's ``This section covers how to resolve common Collector issues.``, Grafana's ``The following
    errors occur when …``: a group, not a problem;
    one whose text goes on to answer something is an entry."""
    groups = [
        ("PD 管理", "本小节介绍 PD 管理中的常见问题、原因及解决方法。", "PD 无法启动"),
        ("Common issues", "This section covers how to resolve common issues.", "Error: token expired"),
        ("Upgrades", "This section describes upgrades. Back up first.\n\nThen run `tiup update`.", "Error: mismatch"),
        ("Pods stuck in Terminating", "This section describes the fix: remove the finalizer.", "Error: pod stuck"),
        ("TiKV 磁盘空间不足", "本节点的磁盘已满，请先清理日志目录，再重启 TiKV。", "Error: no space left"),
        ("Connection errors", "The following errors occur when Grafana cannot reach Prometheus.", "Error: EOF"),
        ("Limits", "These errors occur when queries exceed limits. They return `400 Bad Request`.", "Error: too big"),
    ]
    page = "# FAQ\n\n" + "".join(f"## {g}\n\n{intro}\n\n### {p}\n\nFix it.\n\n" for g, intro, p in groups)
    assert [t for t, _, _ in titles(page)][:-3] == [
        "PD 无法启动",
        "Error: token expired",
        "Upgrades",
        "Error: mismatch",
        "Pods stuck in Terminating",
        "Error: pod stuck",
        "TiKV 磁盘空间不足",
        "Error: no space left",
    ]
    assert [t for t, _, _ in titles(page)][-3:] == ["Error: EOF", "Limits", "Error: too big"]  # one sentence only


def test_a_title_naming_errors_of_one_kind_keeps_the_errors_its_sections_quote() -> None:
    """`` `pip install` errors`` over sections that each quote their own error lists problems; a
    title that quotes one error (Expo's) is one problem only when no section quotes another."""
    page = (
        "# `pip install` errors\n\n## Building wheel for foo failed\n\n```\nerror: subprocess-exited-with-error\n```\n\n"
        "## Network problems\n\n```\nERROR: Could not find a version that satisfies the requirement foo\n```\n"
    )
    assert [t for t, _, _ in titles(page)] == ["Building wheel for foo failed", "Network problems"]


def test_many_sections_that_move_to_the_problem_before_them_parse_in_bounded_time() -> None:
    """Each part that follows a problem moves under it; what a section's title is was read again
    after every move: 30,000 sections took 550 s."""
    import time

    section = "## Why This Error Occurred\n\na\n\n## Possible Ways to Fix It\n\nb\n\n## Error: thing {} failed\n\nc\n\n"
    page = "---\ntitle: '\"x\" errors'\n---\n" + "".join(section.format(i) for i in range(2000))
    started = time.perf_counter()
    parse_markdown(page, "p.md", "p.md")
    assert time.perf_counter() - started < 15.0  # 6,000 sections: 24 s before, 3 s after


_DEFINITION_FAQ = """---
title: Frequently asked questions
---

These questions are asked most.

An error message indicates that a feature is not available. Why?
: Hugo throws this error:

  ```text
  this feature is not available in this edition of Hugo
  ```

  Install the extended edition.

Why is a given page not published?

: Is `draft` set to `true`?

## Options

`--poll`
: Poll the files.

`--quiet`
: Say less.
"""


def test_an_faq_written_as_a_definition_list_has_a_question_per_entry() -> None:
    """Hugo's and pandoc's ``Question?`` / ``: answer`` (the definition on the next line or after a blank
    one): each question is an entry of the page's title, with the error its answer quotes; a definition
    list of options stays its section's text, and every line keeps its number."""
    entries, problems = parse_markdown(_DEFINITION_FAQ, "faq.md", "faq.md")
    assert problems == []
    assert [(e.title, e.line, e.breadcrumb) for e in entries] == [
        ("An error message indicates that a feature is not available. Why?", 7, ("Frequently asked questions",)),
        ("Why is a given page not published?", 16, ("Frequently asked questions",)),
        ("Options", 20, ("Frequently asked questions",)),
    ]
    feature, published, options = entries
    assert feature.id == "an-error-message-indicates-that-a-feature-is-not-available-why"
    assert "this feature is not available in this edition of Hugo" in [t.text for t in feature.templates]
    assert feature.body.startswith(": Hugo throws this error:\n") and "Install the extended edition." in feature.body
    assert published.body == ": Is `draft` set to `true`?\n"
    assert "`--poll`\n: Poll the files." in options.body


@pytest.mark.parametrize(
    "text",
    [
        "# FAQ\n\nWhy is my page not published?\n: Check `draft`.\n",  # one term is a term, not a list of questions
        "# Glossary\n\nPod\n: A group of containers.\n\nNode?\n: A machine.\n",  # not every term asks
        "# FAQ\n\n```\nWhy?\n: no\nHow?\n: no\n```\n",  # in code
        "# FAQ\n\n- Why one?\n  : no\n- Why two?\n  : no\n",  # in a list
    ],
)
def test_other_definition_lists_stay_text(text: str) -> None:
    assert [e.title for e in parse_markdown(text, "p.md", "p.md")[0]] == [text.split("\n", 1)[0][2:]]


def test_a_block_titled_with_an_error_states_it() -> None:
    """An admonition's, a collapsible's, a Docusaurus block's or a <details>' title that reads as an error
    names the error the block is about, whatever the block's kind; a title that is no error is not one."""
    text = (
        '## Agent problems\n\n!!! tip "Error: lockfile /var/run/agent.pid exists"\n    Remove it.\n\n'
        '??? note "Check the logs first"\n    Read them.\n\n'
        ":::danger Error: Cannot find module 'webpack/lib/RuleSet'\nReinstall.\n:::\n\n"
        ":::warning[ENOSPC: System limit for number of file watchers reached]\nRaise it.\n:::\n\n"
        "<details>\n<summary>Error: <code>invalid token signature</code></summary>\n\nRotate the key.\n\n</details>\n\n"
        '??? question "Why does the sync fail with a timeout?"\n    Raise it.\n'  # an FAQ's question: no error text
    )
    entries, _ = parse_markdown(text, "f.md", "f.md")
    assert [(t.text, t.line, t.origin) for t in entries[0].templates if t.origin != "heading"] == [
        ("Error: lockfile /var/run/agent.pid exists", 3, "message"),
        ("Error: Cannot find module 'webpack/lib/RuleSet'", 9, "message"),
        ("ENOSPC: System limit for number of file watchers reached", 13, "message"),
        ("Error: invalid token signature", 18, "message"),
    ]


def test_an_admonitions_body_is_read_as_markdown_and_a_command_with_a_long_option_is_no_error() -> None:
    """A mkdocs-material admonition's body (indented four spaces) is what the site renders, prose and
    fences, not a block of program output; its opener's title is a title, read only as one (a title
    that is no error is none); a program given a long option (``--timeout-ms=5000``) is a command
    someone types, whatever program it is."""
    text = (
        "## Web server ports already occupied\n\n"
        '!!! warning "About support for Podman"\n\n'
        "    DDEV uses your system's port 80 and 443 by default when it starts.\n\n"
        "    ```\n    Failed to start site: Unable to listen on required ports, port 80 is in use\n    ```\n\n"
        "Resolution may be slow: increase the timeout, for example: `ddev config global --timeout-ms=5000`.\n\n"
        "When the port is taken you see: `mise ERROR Run with --verbose for more information`.\n"
    )
    entries, _ = parse_markdown(text, "f.md", "f.md")
    assert [(t.text, t.line) for t in entries[0].templates if t.origin != "heading"] == [
        ("Failed to start site: Unable to listen on required ports, port 80 is in use", 8),
        ("mise ERROR Run with --verbose for more information", 13),
    ]
    assert [c.line for c in entries[0].code] == [7]


def test_a_definition_list_faq_may_word_a_question_as_a_statement_and_keep_an_old_anchor_above_one() -> None:
    """Two thirds of the terms asking make the list an FAQ, every term an entry; a term under an old
    ``<a name>`` anchor line is the line just before its definition (the site renders the anchor as a
    term of its own, with no text)."""
    text = (
        "# FAQ\n\nHow do I reset it?\n: Run reset.\n\nDDEV wants to add a hostname to /etc/hosts but I do not think it"
        ' should.\n: It needs one.\n\n<a name="talk"></a>\nCan projects talk to each other?\n: Yes.\n'
    )
    entries, _ = parse_markdown(text, "faq.md", "faq.md")
    assert [(e.title, e.line) for e in entries] == [
        ("How do I reset it?", 3),
        ("DDEV wants to add a hostname to /etc/hosts but I do not think it should.", 6),
        ("Can projects talk to each other?", 10),
    ]
    assert entries[0].body == ": Run reset.\n"
    assert entries[1].body == ': It needs one.\n\n<a name="talk"></a>\n'


@pytest.mark.parametrize(
    "intro",
    [
        "There will be warnings in the logs like:",
        "You'll find logs similar to this:",
        "You may see errors when deleting documents like:",
        "The error messages will be logged in Rancher and in the agents, similar to:",
    ],
)
def test_more_phrasings_introduce_the_output_after_them(intro: str) -> None:
    """Each line of the block after is a message, a postfix ``warning:`` line too."""
    text = (
        f"## Mail is not delivered\n\n{intro}\n\n```\n"
        "Jan 1 mail postfix/trivial-rewrite[12]: warning: do not list domain example.com in BOTH mydestination and"
        " virtual_mailbox_domains\n```\n"
    )
    entries, _ = parse_markdown(text, "f.md", "f.md")
    assert [(t.text[:40], t.line) for t in entries[0].templates if t.origin != "heading"] == [
        ("Jan 1 mail postfix/trivial-rewrite[12]: ", 6)
    ]


def test_checking_the_logs_like_this_introduces_no_output() -> None:
    text = "## Mail is not delivered\n\nCheck the logs like this:\n\n```\ntail -f /var/log/mail.log\n```\n"
    assert [t for t in parse_markdown(text, "f.md", "f.md")[0][0].templates if t.origin != "heading"] == []


def test_a_question_worded_as_a_part_stays_a_question_and_no_answer_shows_a_mark_the_file_lacks() -> None:
    text = (
        "# FAQ\n\nHow do I fix a corrupt module cache?\n: Run `go clean -modcache`.\n\n"
        "Why does it say permission denied?\n: Run as root.\n"
    )
    entries, _ = parse_markdown(text, "faq.md", "faq.md")
    assert [(e.title, e.body) for e in entries] == [
        ("How do I fix a corrupt module cache?", ": Run `go clean -modcache`.\n"),
        ("Why does it say permission denied?", ": Run as root.\n"),
    ]


def test_a_programs_message_about_an_option_is_an_error_not_a_command() -> None:
    text = (
        "## mytool fails\n\nIt fails with the following error:\n\n```\noption --output requires an argument\n"
        "cannot use --force with --dry-run\n```\n"
    )
    assert [t.text for t in parse_markdown(text, "f.md", "f.md")[0][0].templates if t.origin != "heading"] == [
        "option --output requires an argument",
        "cannot use --force with --dry-run",
    ]


@pytest.mark.parametrize(
    "intro", ["You will not get errors when deploying with a config like this:", "To see the logs like this:"]
)
def test_a_negated_or_how_to_sentence_introduces_no_output(intro: str) -> None:
    text = f"## Deploy\n\n{intro}\n\n```\nstrategy: RollingUpdate\n```\n"
    assert [t for t in parse_markdown(text, "f.md", "f.md")[0][0].templates if t.origin != "heading"] == []


def test_source_code_a_block_quotes_is_no_error_text_though_it_names_an_exception() -> None:
    """```java tags stack traces and source alike: ``… throws SQLException {`` and ``throwSqlException(4);``
    are what a program is made of; the trace's ``Caused by:`` line is what it printed."""
    text = (
        "## Oracle metadata is wrong\n\nShardingSphere assembles the SQL with this code:\n\n```java\n"
        " private String getTableMetaDataSQL(final Collection<String> tables) throws SQLException {\n"
        "     default: DatabaseError.throwSqlException(4);\n }\n```\n\nIt fails with:\n\n```java\n"
        "Caused by: java.sql.SQLSyntaxErrorException: ORA-00942: table or view does not exist\n```\n"
    )
    assert [t.text for t in parse_markdown(text, "f.md", "f.md")[0][0].templates if t.origin != "heading"] == [
        "Caused by: java.sql.SQLSyntaxErrorException: ORA-00942: table or view does not exist"
    ]


@pytest.mark.parametrize(
    "bold",
    [
        "You must be logged in to the server (Unauthorized)",
        "Please make sure you have the correct access rights and the repository exists: Permission denied (publickey)",
        "From 10.0.0.1 icmp_seq=1 Destination Host Unreachable",
        "In 2 of 5 nodes the kubelet failed to start",
    ],
)
def test_a_bold_error_that_opens_like_a_note_is_still_an_error(bold: str) -> None:
    text = f"## Access problems\n\n- **{bold}**\n\n  Fix it.\n"
    assert bold in [t.text for t in parse_markdown(text, "f.md", "f.md")[0][0].templates]


def test_a_bold_note_of_what_a_version_changed_states_no_error() -> None:
    """Rook's ``**In Kubernetes 1.17 the volume snapshot feature was promoted to beta …**``: a note, though it says
    "cannot"; a bold error stays one, in two sentences too (as Windows writes its errors)."""
    text = (
        "## Snapshots\n\n**In Kubernetes 1.20 the feature gate is enabled by default and cannot be turned off.**\n\n"
        "Install the CRDs.\n\n## Installation issues\n\n- **The requested operation could not be completed due to a"
        " virtual disk system limitation. Virtual hard disk files must be uncompressed.**\n\n  Uncompress it.\n"
    )
    entries, _ = parse_markdown(text, "f.md", "f.md")
    assert [[t.text[:40] for t in e.templates] for e in entries] == [
        [],
        ["The requested operation could not be com"],
    ]


@pytest.mark.parametrize(
    ("heading", "message"),
    [
        ("[单表] Table or view `%s` does not exist. 异常如何解决？", "Table or view `%s` does not exist."),
        ("[其他] Type is required 异常的解决方法?", "Type is required"),  # named an exception (异常)
        ("【代理】 Connection refused by upstream server 报错，怎么解决？", "Connection refused by upstream server"),
        ("Failed to pull image foo 怎么办？", "Failed to pull image foo"),
    ],
)
def test_a_chinese_faqs_question_about_an_error_states_the_message_before_it(heading: str, message: str) -> None:
    """ShardingSphere's FAQ asks "… 异常如何解决？" ("how to solve this exception?") after the message, a tag
    before it; a heading that asks how to solve something with no error in it states none."""
    entries, _ = parse_markdown(f"## {heading}\n\n回答：…\n\n## kubectl get 如何解决\n\n…\n", "faq.cn.md", "faq.cn.md")
    assert message in [t.text for t in entries[0].templates]
    assert entries[1].templates == ()


def test_output_shaped_like_code_stays_an_error_text() -> None:
    """The source-code rule spares what programs print: a Java type descriptor's ``;``, Go's ``package …:
    cannot find package``, Node's ``[Error: …] {``, and anything in a shell's block."""
    text = (
        "## Cast fails\n\nIt fails with the following error:\n\n```java\n"
        "java.lang.ClassCastException: [Ljava.lang.Object; cannot be cast to [Ljava.lang.String;\n```\n\n"
        '## Go\n\nIt fails with:\n\n```go\npackage github.com/foo/bar: cannot find package "github.com/foo/bar" in any of:\n```\n\n'
        "## Node\n\nIt fails with:\n\n```bash\n[Error: ENOENT: no such file or directory, open '/app/.env'] {\n```\n"
    )
    assert [
        len([t for t in e.templates if t.origin != "heading"]) for e in parse_markdown(text, "f.md", "f.md")[0]
    ] == [
        1,
        1,
        1,
    ]


def test_questions_under_an_errors_heading_are_its_answer_and_several_terms_share_a_definition() -> None:
    """An error page answered as questions (``What does it mean?`` / ``How do I fix it?``) stays one entry,
    the error; where several terms share one definition, the first is the question and the rest its text."""
    error = (
        "# Error: ENOSPC: System limit for number of file watchers reached\n\nWhat does it mean?\n"
        ":   Your system ran out of inotify watches.\n\nHow do I fix it?\n:   Raise `fs.inotify.max_user_watches`.\n"
    )
    assert [e.title for e in parse_markdown(error, "enospc.md", "enospc.md")[0]] == [
        "Error: ENOSPC: System limit for number of file watchers reached"
    ]
    faq = (
        "# FAQ\n\nHow do I rotate the certificates?\n:   Run `kubeadm certs renew all`.\n\n"
        "Why do I get `ImagePullBackOff`?\nWhat does `ErrImagePull` mean?\n:   The image name is wrong.\n"
    )
    entries, _ = parse_markdown(faq, "faq.md", "faq.md")
    assert [(e.title, e.body) for e in entries] == [
        ("How do I rotate the certificates?", ":   Run `kubeadm certs renew all`.\n"),
        ("Why do I get `ImagePullBackOff`?", "What does `ErrImagePull` mean?\n:   The image name is wrong.\n"),
    ]


def test_a_hash_heading_after_the_pages_first_text_is_a_section_not_its_title() -> None:
    """Home Assistant's pages: the front matter titles the page, then an intro, then ``# Prerequisites``:
    a section whose text is kept; a ``#`` heading that opens the page is its title, as before."""
    text = (
        "---\ntitle: Google Nest\n---\nIntro.\n\n# Prerequisites\n\n- The API requires a fee paid in the Device"
        " Access Console.\n\n## Troubleshooting\n\n- Error 400 means x.\n"
    )
    entries, _ = parse_markdown(text, "nest.md", "nest.md")
    assert [(e.title, e.breadcrumb) for e in entries] == [
        ("Google Nest", ()),
        ("Prerequisites", ()),
        ("Troubleshooting", ("Prerequisites",)),
    ]
    assert "Device Access Console" in entries[1].body
    opened = "---\ntitle: X\n---\n# Real title\n\nIntro.\n\n## Error: a\n\nb\n"
    assert [(e.title, e.breadcrumb) for e in parse_markdown(opened, "x.md", "x.md")[0]] == [
        ("Error: a", ("Real title",))
    ]
    for markup in (
        "{{< toc >}}",
        "[[_TOC_]]",
        "[TOC]",
        "{{% alert %}}{{% /alert %}}",
        "import Tabs from '@theme/Tabs';",
    ):
        marked = f"---\ntitle: X\n---\n{markup}\n\n# Real title\n\nIntro.\n\n## Error: a\n\nb\n"
        assert [(e.title, e.breadcrumb) for e in parse_markdown(marked, "x.md", "x.md")[0]] == [
            ("Error: a", ("Real title",))
        ], markup  # markup alone before it: the # heading still opens the page


def test_a_procedure_and_its_verification_next_steps_and_resources_are_parts() -> None:
    """Modular docs (Podman Desktop's, Red Hat's) write each problem as Procedure, Verification,
    Next steps, Additional resources, or an "Issues encountered" part and a "Solution: …": parts
    of the problem's answer, where they had made the problem a group and each part an entry."""
    page = (
        "# Troubleshooting\n\n## Recovering from a failed start\n\n#### Procedure\n\n1. Run `podman machine rm`.\n\n"
        "#### Verification\n\nThe machine starts.\n\n#### Next steps\n\nRead more.\n\n#### What’s next?\n\nMore.\n\n"
        "#### Additional resources\n\n- a link\n\n"
        "## Podman machine fails with Error: vfkit exited unexpectedly\n\n#### Issues encountered\n\n"
        "The machine stops.\n\n#### Solution: Update vfkit\n\nInstall the latest.\n"
    )
    assert [e.title for e in parse_markdown(page, "p.md", "p.md")[0]] == [
        "Recovering from a failed start",
        "Podman machine fails with Error: vfkit exited unexpectedly",
    ]
    # a heading that only starts with such a word names a problem of its own
    named = "# T\n\n## Resources exhausted on the node\n\nFree some.\n\n## Next steps fail to load\n\nReload.\n"
    assert [e.title for e in parse_markdown(named, "p.md", "p.md")[0]] == [
        "Resources exhausted on the node",
        "Next steps fail to load",
    ]


def test_a_question_about_the_problem_above_is_part_of_its_answer() -> None:
    """Kubebuilder's FAQ asks, under a question, ``What happens in this scenario?`` and ``Is there a better
    approach?``: questions about the problem above, naming it by "this", are its answer's parts; problems of
    their own under a question (``CrashLoopBackOff``) stay entries."""
    page = (
        "# FAQ\n\n## How can I validate date fields in CRDs?\n\nUse a marker.\n\n### What happens in this scenario?\n\n"
        "Parse by hand.\n\n### Is there a better approach?\n\nUse metav1.Time.\n\n## Why is my pod not ready?\n\n"
        "Check it.\n\n### CrashLoopBackOff\n\nRead the logs.\n\n### What happens in this case?\n\nIt restarts.\n\n"
        "### OOMKilled\n\nRaise the limit.\n"
    )
    titles, bodies = zip(*((e.title, e.body) for e in parse_markdown(page, "faq.md", "faq.md")[0]), strict=True)
    assert titles == (
        "How can I validate date fields in CRDs?",
        "Why is my pod not ready?",
        "CrashLoopBackOff",
        "OOMKilled",
    )
    assert "Use metav1.Time." in bodies[0] and "It restarts." in bodies[2]
    flat = "# FAQ\n\n## How does it work?\n\nx\n\n## What can I do?\n\ny\n"  # an FAQ's own questions
    assert [e.title for e in parse_markdown(flat, "faq.md", "faq.md")[0]] == ["How does it work?", "What can I do?"]


@pytest.mark.parametrize(
    "parts",
    [
        ("请求方式", "请求参数", "返回数据"),
        ("HTTP request", "Path parameters", "Response"),
        ("Request body", "Returns", "Sample response"),
    ],
)
def test_an_api_references_operations_are_entries_and_their_request_and_response_parts_are_theirs(
    parts: tuple[str, ...],
) -> None:
    """Nacos' Open API page: each operation is written as 请求方式 / 请求参数 / 返回数据 (or Request /
    Parameters / Response): one entry per operation, not one per part repeated under each."""
    operation = "".join(f"### {p}\n\nx\n\n" for p in parts)
    page = f"# Open API\n\n## 获取配置\n\n{operation}## Publish config\n\n{operation}"
    assert [e.title for e in parse_markdown(page, "api.md", "api.md")[0]] == ["获取配置", "Publish config"]
    codes = (
        "# API troubleshooting\n\n## Status codes\n\n### 401 Unauthorized\n\nx\n\n### 503 Service Unavailable\n\ny\n"
    )
    assert [e.title for e in parse_markdown(codes, "api.md", "api.md")[0]] == [
        "401 Unauthorized",
        "503 Service Unavailable",
    ]


def test_headings_written_in_html_are_sections_anchored_by_their_id() -> None:
    """Nacos' FAQ, exported from Docsite, writes its questions as ``<h4 id="3.8">…</h4>``: each is an entry,
    anchored where the page renders it; an HTML heading shown in code is code."""
    page = (
        '# FAQ\n\n## Nacos使用问题\n\n<h4 id="3.8">服务端报错 java.lang.IllegalStateException: unable to find local peer</h4>\n\n'
        "检查 hostname。\n\n<H4>Error: secret key too short</H4>\n\n设置 secret.key。\n\n```html\n<h4>Not a heading</h4>\n```\n\n"
        '<aside class="note warning">\n\n<h1>Warning</h1>\n\nAn aside\'s title.\n\n</aside>\n\nWrap it in a `<div>`.\n\n'
        '<h4 id="3.9">Error: token expired</h4>\n\nLog in.\n\n<h3 align="center">Fast offline matching</h3>\n\nBadges.\n\n'
        'Indented:\n\n    <div>\n\n<h4 id="alignment-error">Error: rows are misaligned</h4>\n\nRealign.\n'
    )
    found = [(e.title, e.id, e.kind) for e in parse_markdown(page, "faq.md", "faq.md")[0]]
    assert found == [
        ("服务端报错 java.lang.IllegalStateException: unable to find local peer", "3.8", "error"),
        ("Error: secret key too short", "error-secret-key-too-short", "error"),
        ("Error: token expired", "3.9", "error"),  # a <div> in a code span opens no block; a banner is none
        (
            "Error: rows are misaligned",
            "alignment-error",
            "error",
        ),  # nor one in indented code; an id naming "align" is one
    ]
    unlisted = parse_markdown(page, "faq.md", "faq.md", attributes=False)[0]  # MkDocs without attr_list
    assert [e.id for e in unlisted][::2] == ["3.8", "3.9"]


def test_a_heading_written_in_html_over_two_lines_is_one_heading() -> None:
    """Seata's FAQ: ``<h3 id='32'>Q: 32.Unrecognized VM option …⏎Error: Could not create the Java Virtual
    Machine.</h3>``, which a browser renders as one heading; a line after it keeps its number. A tag left
    open by a blank line or another tag is no heading."""
    page = (
        "# FAQ\n\n<h3 id='31'>Q: 31. Which addresses?</h3>\n\nAny.\n\n"
        "<h3 id='32'>Q: 32.Unrecognized VM option 'CMSParallelRemarkEnabled'\n"
        "Error: Could not create the Java Virtual Machine.</h3>\n**A:** use JDK 8.\n\n"
        "<h3 id='33'>Q: 33. Left open\n\nText.\n"
    )
    first, second = parse_markdown(page, "faq.md", "faq.md")[0]
    assert (first.title, first.id, first.line, second.id, second.line) == ("Q: 31. Which addresses?", "31", 3, "32", 7)
    assert second.title.endswith("'CMSParallelRemarkEnabled' Error: Could not create the Java Virtual Machine.")


@pytest.mark.parametrize(
    ("heading", "stated"),
    [
        (
            "启动后，调用openAPI 报错 code:503,msg:server is DOWN now, please try again later!",
            "code:503,msg:server is DOWN now, please try again later!",
        ),
        (
            "启动时报错`Connection is unregistered.`或`Client not connected,current status:STARTING`.",
            "Client not connected,current status:STARTING",
        ),
        (
            "Calling openAPI fails with code:503,msg:server is DOWN now, please try again later!",
            "code:503,msg:server is DOWN now, please try again later!",
        ),
        ("调用openAPI 报错 code: 503, msg: server is DOWN now", "code: 503, msg: server is DOWN now"),
        ("启动时报错 -bash: java: command not found", "-bash: java: command not found"),
    ],
)
def test_an_error_a_heading_names_after_what_failed_is_stated(heading: str, stated: str) -> None:
    """Nacos' FAQ: "<what failed> 报错 <message>", "<what> fails with <message>": the message is an error text of
    the entry though it has no error word; "fails with" a description is none (``Login fails with SSO enabled``)."""
    (entry,), _ = parse_markdown(f"# FAQ\n\n## {heading}\n\nRestart.\n", "faq.md", "faq.md")
    assert stated in [t.text for t in entry.templates]
    for described in (
        "Login fails with SSO enabled on the server",
        "Build fails with Node 18: use Node 16",
        "Build fails with Node 18 on macOS!",
        "服务报错后如何查看日志: 用 kubectl",
    ):
        (plain,), _ = parse_markdown(f"# FAQ\n\n## {described}\n\nx\n", "faq.md", "faq.md")
        assert [t.text for t in plain.templates] in ([], [described])  # no fragment of it


def test_a_heading_about_solving_common_problems_groups_them() -> None:
    """napari's ``## Solving common problems`` over its ``###`` problems is a group, not a Solving part of the
    page's title: the title had become an entry whose answer repeated the whole page."""
    page = (
        "# Launching\n\n## Solving common problems\n\n### napari does not launch with `No Qt bindings could be found`"
        "\n\nInstall one.\n\n### Blank window\n\nUpdate drivers.\n"
    )
    titles = [e.title for e in parse_markdown(page, "launch.md", "launch.md")[0]]
    assert titles == ["napari does not launch with `No Qt bindings could be found`", "Blank window"]
    for group in ("Solving problems", "Fixing common installation issues", "Resolving known issues"):
        grouped = page.replace("Solving common problems", group)
        assert [e.title for e in parse_markdown(grouped, "launch.md", "launch.md")[0]] == titles
    solved = "# Upgrade fails\n\n## Symptom\n\nIt fails.\n\n## Solving the issue\n\nRetry.\n"
    assert [e.title for e in parse_markdown(solved, "u.md", "u.md")[0]] == ["Upgrade fails"]  # still a part


@pytest.mark.parametrize(
    ("page", "title"),
    [
        ("compiler/rustc_error_codes/src/error_codes/E0382.md", "E0382"),  # the Rust compiler's error index
        ("docs/common-issues.md", "common issues"),  # as MkDocs and GitHub's wikis title a page
        ("docs/eventing/README.md", "eventing"),  # a folder's page, by the folder's name
        ("docs/sync_waves.mdx", "sync waves"),
    ],
)
def test_a_page_of_text_with_no_heading_is_one_entry_titled_by_its_file_name(page: str, title: str) -> None:
    text = "A value was used after it moved.\n\n```compile_fail,E0382\nlet y = x;\nx.s = 6;\n```\n\nClone it.\n"
    (entry,), problems = parse_markdown(text, page, page)
    assert (entry.title, entry.id, entry.line, problems) == (title, title.lower().replace(" ", "-"), 1, [])
    assert "Clone it." in entry.body
    # a title written in the front matter or a heading is the page's own; text before sections is their intro
    assert [e.title for e in parse_markdown("---\ntitle: Moved values\n---\n\n" + text, page, page)[0]] == [
        "Moved values"
    ]
    assert [e.title for e in parse_markdown("Intro.\n\n## Use after move\n\nClone it.\n", page, page)[0]] == [
        "Use after move"
    ]
    assert parse_markdown("---\ntags: [draft]\n---\n", page, page)[0] == []  # no text: nothing to answer with
