"""Which lines of a paste are read: the ones that carry a message."""

from __future__ import annotations

import json

import pytest

from matcher.framing import clean
from matcher.segments import numbered_lines, reads_as_error, segments
from matcher.spec import SPEC

TABLE = """$ kubectl get pods -n kube-system
NAME                      READY   STATUS             RESTARTS   AGE
coredns-abc-x2k4p         1/1     Running            0          5d
kube-proxy-x2k4p          0/1     CrashLoopBackOff   5          3m
I0512 10:00:00.000000 1 main.go:1] starting
E0512 10:00:01.000000 1 main.go:2] failed to start proxier: too many open files"""


def texts(paste: str) -> list[tuple[int, str]]:
    return [(s.line, s.text) for s in segments(paste)]


def test_echoed_commands_healthy_rows_headers_and_info_lines_are_skipped() -> None:
    assert texts(TABLE) == [
        (4, "kube-proxy-x2k4p          0/1     CrashLoopBackOff   5          3m"),
        (6, "failed to start proxier: too many open files"),
    ]


def test_a_step_under_a_spinners_frame_is_skipped_beside_the_error() -> None:
    """A terminal spinner draws a braille frame before the step in progress; a step that fails is redrawn
    with a cross, so a line under a frame reports progress, and the error below it is what is read."""
    paste = "⠋ initialize cache\nError: ENOSPC: no space left on device, watch '/home/dev/site/static'"
    assert texts(paste) == [(2, "Error: ENOSPC: no space left on device, watch '/home/dev/site/static'")]
    assert texts("⠙ resolving dependencies") == [(1, "⠙ resolving dependencies")]  # a line alone is read


def test_a_node_programs_debug_lines_are_skipped_beside_its_error() -> None:
    """``DEBUG=cypress:*`` prints each line under its namespace; an OpenSSL code is no namespace,
    nor a browser console's ``file:line``."""
    paste = (
        "Error: read ECONNRESET\n"
        "2023-12-20T13:38:20.924Z cypress:server:remote-states getting remote state: { auth: undefined }\n"
        "  cypress:server:util:process_profiler cpu 12% +1ms\n"
        "error:0308010C:digital envelope routines::unsupported\n"
        "index.html:1 Access to script has been blocked by CORS policy"
    )
    assert texts(paste) == [
        (1, "Error: read ECONNRESET"),
        (4, "error:0308010C:digital envelope routines::unsupported"),
        (5, "index.html:1 Access to script has been blocked by CORS policy"),
    ]
    behind = (
        "web-1  | 2023-12-20T13:38:20.924Z cypress:server:state getting state\nweb-1  | Error: connect ECONNREFUSED"
    )
    assert texts(behind) == [(2, "Error: connect ECONNREFUSED")]  # a compose prefix before it
    failing = "Error: worker crashed\napp:worker ECONNRESET socket hang up\napp:db Segmentation fault (core dumped)"
    assert [n for n, _ in texts(failing)] == [1, 2, 3]  # a debug line that reports a failure is read


def test_checks_and_steps_a_tool_marks_as_passed_are_skipped() -> None:
    """``linkerd check``'s ``√`` lines (its older ``…....[ok]``), ``flutter doctor``'s ``[✓]``, kind's
    ``✓`` steps, systemd's ``[  OK  ]`` report nothing wrong: the failing line beside them is the message."""
    paste = (
        "kubernetes-api\n--------------\n√ can initialize the client\n√ can query the Kubernetes API\n"
        "× control plane pods are ready\n[✓] Flutter (Channel stable, 3.7.0)\n"
        " ✓ Ensuring node image (kindest/node:v1.18.6)\n ✗ Preparing nodes\n"
        "linkerd-api: control plane namespace exists.......................[ok]\n[  OK  ] Started Journal Service."
    )
    # linkerd's × is a diagnostic's mark, as uv's is: the check that failed is the message
    assert texts(paste) == [(1, "kubernetes-api"), (5, "control plane pods are ready"), (8, "✗ Preparing nodes")]
    assert texts("√ can initialize the client") == [(1, "√ can initialize the client")]  # typed alone: the question


def test_docker_ps_rows_that_are_up_and_compose_steps_done_are_skipped() -> None:
    paste = (
        "Creating harbor-log ... done\n"
        "Creating harbor-db ... error\n"
        "CONTAINER ID   IMAGE                         COMMAND                  CREATED       STATUS"
        "                          PORTS                  NAMES\n"
        'a1b2c3d4e5f6   goharbor/nginx-photon:v2.5.0  "nginx -g \'daemon of…"   3 hours ago   Up 3 hours (healthy)'
        "            0.0.0.0:80->8080/tcp   nginx\n"
        'b1b2c3d4e5f6   goharbor/registry:v2.5.0      "/home/harbor/entryp…"   3 hours ago   Up About a minute'
        "                                      registry\n"
        'c1b2c3d4e5f6   goharbor/harbor-core:v2.5.0   "/harbor/entrypoint.…"   3 hours ago   Up 3 hours (unhealthy)'
        "                                 harbor-core\n"
        'd1b2c3d4e5f6   goharbor/harbor-db:v2.5.0     "/docker-entrypoint.…"   3 hours ago   Restarting (1) 20 seconds ago'
        "                          harbor-db"
    )
    assert [n for n, _ in texts(paste)] == [2, 6, 7]
    push = (
        "e156c976a2ba: Pushing [==================================================>]  3.072kB\n"
        "9f54eef41275: Layer already exists\n45d8dc025525: Retrying in 1 second"
    )
    assert texts(push) == [(3, "45d8dc025525: Retrying in 1 second")]
    podman = "a1b2c3d4e5f6  docker.io/library/redis:7  redis-server  2 hours ago  Up 2 hours ago  redis"
    assert texts(podman + "\nError: no container with name or ID web found") == [
        (2, "Error: no container with name or ID web found")
    ]


def test_a_line_in_another_script_is_a_message_and_caps_with_two_spaces_no_header() -> None:
    assert texts("Ошибка: отказано в доступе") == [(1, "Ошибка: отказано в доступе")]
    assert texts("SEGMENTATION FAULT  CORE DUMPED") == [(1, "SEGMENTATION FAULT  CORE DUMPED")]


def test_a_banner_drawn_in_ascii_art_is_its_words() -> None:
    paste = (
        "-" * 20 + "\n|        ____ _ _   _   _       _          _      |\n"
        "|       / ___(_) |_| | | |_   _| |__      / \\   |\n|      Self-hosted runner registration      |\n"
        + "-" * 20
        + "\n});\nThe SSL connection could not be established, see inner exception."
    )
    assert texts(paste) == [
        (4, "Self-hosted runner registration"),
        (7, "The SSL connection could not be established, see inner exception."),
    ]


def test_a_command_typed_without_a_prompt_is_skipped_before_its_output() -> None:
    """Pastes often start with the command that failed, with no prompt: its words are not the
    error's (``git clone`` drew the keyword search to another entry)."""
    paste = "git clone git@github.com:robinparisi/tingle.git\n\ngit@github.com: Permission denied (publickey)."
    assert texts(paste) == [(3, "git@github.com: Permission denied (publickey).")]
    assert texts("git clone git@github.com:robinparisi/tingle.git") == [
        (1, "git clone git@github.com:robinparisi/tingle.git")
    ]


def test_a_curl_transcript_is_read_for_its_status_and_answer_not_its_command_headers_or_progress() -> None:
    paste = (
        'curl -v -H "Content-Type: application/json" -XPOST -s "http://localhost:3100/loki/api/v1/push" \\\n'
        "*   Trying 127.0.0.1:3100...\n* Connected to localhost (127.0.0.1) port 3100 (#0)\n"
        "> POST /loki/api/v1/push HTTP/1.1\n> Host: localhost:3100\n> User-Agent: curl/7.81.0\n>\n"
        "< HTTP/1.1 400 Bad Request\n< Content-Type: text/plain; charset=utf-8\n"
        "< Date: Thu, 25 Jan 2024 08:00:00 GMT\n<\nentry for stream '{foo=\"bar2\"}' has timestamp too old: 2019-10-11"
    )
    assert [n for n, _ in texts(paste)] == [8, 12]
    assert texts("* SSL certificate problem: unable to get local issuer certificate") == [
        (1, "* SSL certificate problem: unable to get local issuer certificate")
    ]
    # a header or progress line that reports an error is read
    assert [n for n, _ in texts("< X-Cache: Error from cloudfront\n* TLSv1.3 (IN), TLS alert, unknown CA (560):")] == [
        1,
        2,
    ]
    # a tool's own "Server: …" and "Date: …" lines are not a server's headers
    assert [n for n, _ in texts('Server: &version.Version{SemVer:"v2.0.0"}\nDate: 2024-01-25')] == [1, 2]


def test_describes_events_label_header_and_normal_events_are_skipped_beside_a_warning() -> None:
    paste = (
        "Events:\n  Type     Reason     Age   From               Message\n  ----     ------     ----  ----               -------\n"
        "  Normal   Scheduled  20m   default-scheduler  Successfully assigned default/web-7d4b9c8f6-x2k4p to node-1\n"
        '  Normal   Pulling    18m   kubelet            Pulling image "registry.local:5000/web:latest"\n'
        "  Warning  Failed     18m   kubelet            Error: ErrImagePull"
    )
    assert texts(paste) == [(6, "Error: ErrImagePull")]
    # with no warning beside them, the normal events are what there is to read
    assert [n for n, _ in texts("\n".join(paste.split("\n")[:5]))] == [4, 5]


def test_a_python_traceback_is_read_for_its_exception_not_its_header_or_the_source_it_quotes() -> None:
    paste = (
        "Traceback (most recent call last):\n"
        '  File "/usr/lib/python3.12/site-packages/pipx/shared_libs.py", line 113, in upgrade\n'
        "    subprocess_post_check(upgrade_process)\n"
        '  File "/usr/lib/python3.12/site-packages/pipx/util.py", line 150, in subprocess_post_check\n'
        "    raise PipxError(\n"
        "pipx.util.PipxError: '/home/me/.local/pipx/shared/bin/python -m pip install -q --upgrade pip' failed\n\n"
        "During handling of the above exception, another exception occurred:\n\n"
        "ModuleNotFoundError: No module named 'pip'"
    )
    assert [n for n, _ in texts(paste)] == [6, 10]


def test_a_line_that_only_names_the_exception_is_skipped_before_its_message() -> None:
    """Symfony Console (Composer) and cleo (Poetry) print the exception's class on a line of its own."""
    assert texts("  [ValueError]\n  /app does not contain any element\n") == [(2, "/app does not contain any element")]
    assert texts("[Composer\\Downloader\\TransportException]\nThe file could not be downloaded") == [
        (2, "The file could not be downloaded")
    ]
    assert texts("[ValueError]") == [(1, "[ValueError]")]


def test_the_frames_of_a_stack_trace_are_skipped_beside_its_message() -> None:
    """Node's ``at Object.fs.watch (fs.js:1257:11)``, Python's ``File "…", line 3, in main``, Go's
    ``…/panic.go:500 +0x1a1`` and ``main.run(0xc4200c6200)``: where the error passed; their words
    (``watch``, ``fs``) drew the keyword search to other entries."""
    paste = (
        "Error: watch /home/x ENOSPC\n    at exports._errnoException (util.js:837:11)\n"
        "    at Object.fs.watch (fs.js:1257:11)\nTraceback (most recent call last):\n"
        '  File "/usr/lib/python3/x.py", line 3, in main\n/usr/local/go/src/runtime/panic.go:500 +0x1a1\n'
        "main.run(0xc4200c6200, 0x15)\nat least one node is required: 3"
    )
    assert texts(paste) == [
        (1, "Error: watch /home/x ENOSPC"),
        (8, "at least one node is required: 3"),
    ]  # Python's "Traceback (most recent call last):" only announces its frames
    assert texts("    at Object.fs.watch (fs.js:1257:11)") == [(1, "at Object.fs.watch (fs.js:1257:11)")]
    # Messages that start like frames are messages.
    assert texts('Exception in thread "main"\nat foo(bar) failed: connection refused') == [
        (1, 'Exception in thread "main"'),
        (2, "at foo(bar) failed: connection refused"),
    ]
    assert texts("Error: boom\nAt least one of the following must be set: host:8080")[1][0] == 2
    # Node prints an error's properties after its last frame, which opens them.
    node = "Error: connect ECONNREFUSED 127.0.0.1:5432\n    at TCPConnectWrap.afterConnect (net.js:1141:16) {"
    assert texts(node) == [(1, "Error: connect ECONNREFUSED 127.0.0.1:5432")]
    # A paste of nothing but frames is read as it is: they are all it says.
    assert texts("    at a (x.js:1:1)\n    at b (y.js:2:2)") == [(1, "at a (x.js:1:1)"), (2, "at b (y.js:2:2)")]


def test_a_go_function_alone_and_a_pretty_printed_node_frame_are_frames() -> None:
    """``github.com/pkg/errors`` prints each function of a stack alone on its line, its file under it;
    Gatsby's reporter prints ``- nodefs-handler.js:37 createFsWatchInstance``. A URL with no
    scheme is no function of a package path's last part, and a sentence is no function at all."""
    paste = (
        "Error: mkdir /loki: permission denied\n"
        "github.com/grafana/loki/pkg/loki.(*Loki).Run\n\t/src/loki/pkg/loki/loki.go:321\n"
        "gopkg.in/yaml.v2.Unmarshal\nk8s.io/apimachinery/pkg/util/wait.JitterUntil.func1\n"
        "  - nodefs-handler.js:37 createFsWatchInstance\n    [site]/[chokidar]/lib/nodefs-handler.js:37:15"
    )
    assert texts(paste) == [(1, "Error: mkdir /loki: permission denied")]
    assert texts("Error: boom\ndocs.github.com/en/authentication") == [
        (1, "Error: boom"),
        (2, "docs.github.com/en/authentication"),
    ]


def test_systemds_report_that_a_unit_failed_is_skipped_beside_why() -> None:
    """``kubelet.service: main process exited, code=exited, status=1/FAILURE`` and ``Unit …
    entered failed state`` say the service died, not why; their words drew the keyword search
    to another kubelet entry of the bundled FAQ. ``Failed to start …`` is kept: a page may be
    titled by it."""
    paste = (
        "Oct 01 11:15:21 master kubelet[16173]: error: failed to run Kubelet: Running with swap on is not supported\n"
        "Oct 01 11:15:21 master systemd[1]: kubelet.service: main process exited, code=exited, status=1/FAILURE\n"
        "Oct 01 11:15:21 master systemd[1]: Unit kubelet.service entered failed state.\n"
    )
    assert texts(paste) == [(1, "error: failed to run Kubelet: Running with swap on is not supported")]
    # Beside a command the paste typed, they are still all it says; systemctl's own error is kept.
    typed = "$ journalctl -u docker\ndocker.service: main process exited, code=dumped, status=4/ILL"
    assert texts(typed) == [(2, "docker.service: main process exited, code=dumped, status=4/ILL")]
    masked = "$ sudo systemctl start docker\nFailed to start docker.service: Unit docker.service is masked."
    assert texts(masked) == [(2, "Failed to start docker.service: Unit docker.service is masked.")]
    alone = "systemd[1]: kubelet.service: main process exited, code=exited, status=1/FAILURE"
    assert texts(alone) == [(1, "kubelet.service: main process exited, code=exited, status=1/FAILURE")]


def test_a_command_alone_and_info_lines_without_errors_are_kept() -> None:
    assert texts("$ kubectl logs web-0") == [(1, "kubectl logs web-0")]
    assert texts("I0512 10:00:00.000000 1 main.go:1] starting\nI0512 10:00:01.000000 1 main.go:2] ready") == [
        (1, "starting"),
        (2, "ready"),
    ]


def test_a_long_compact_json_line_is_read_as_the_lines_it_holds() -> None:
    items = [{"type": "Normal", "message": "Started container"}] * 60
    items.append({"type": "Warning", "message": "Failed to pull image nginx: not found"})
    line = json.dumps({"items": items})
    assert len(line) > 2000
    found = [raw for _, raw in numbered_lines(line)]
    assert any(raw.startswith('message": "Failed to pull image nginx: not found') for raw in found)
    assert numbered_lines("a\\nb" * 1000)[:3] == [(1, "a"), (1, "ba"), (1, "b")]


def test_the_end_of_a_long_line_is_read_too() -> None:
    """A log line ends in its message: a classpath or a dump of 4 KB before it hid it."""
    classpath = ":".join(f"/usr/lib/jvm/lib/module{n}.jar" for n in range(150))
    line = f"ERROR classpath={classpath} msg=invalid bearer token"
    found = [raw for _, raw in numbered_lines(line)]
    assert found[0] == line[:4000] and found[-1] == line[-2000:] and len(found) == 2
    assert [raw for _, raw in numbered_lines("x" * 1990 + " done")] == ["x" * 1990 + " done"]  # short: once


def test_an_error_chain_pasted_across_more_indented_lines_is_also_read_whole() -> None:
    # go-multierror (Vault, Terraform, Consul) and kubectl's wrapped webhook errors, as answers quote them
    paste = (
        'Code: 429. Errors:\n\n* 1 error occurred:\n\t* request path "auth/login/foo": lease count quota exceeded\n'
        'Error from server: error when creating "x":\n  failed calling webhook "w":\n    dial tcp: i/o timeout\nnext'
    )
    assert texts(paste) == [
        (1, "Code: 429. Errors:"),
        (3, "* 1 error occurred:"),
        (3, '* 1 error occurred: * request path "auth/login/foo": lease count quota exceeded'),
        (4, '* request path "auth/login/foo": lease count quota exceeded'),
        (5, 'Error from server: error when creating "x":'),
        (5, 'Error from server: error when creating "x": failed calling webhook "w": dial tcp: i/o timeout'),
        (6, 'failed calling webhook "w":'),  # inside the chain: it opens none of its own
        (7, "dial tcp: i/o timeout"),
        (8, "next"),
    ]
    assert texts("Events:\n  Warning  Failed  kubelet  Error: ImagePullBackOff") == [
        (2, "Error: ImagePullBackOff"),
    ]  # no error opens that one (and describe's "Events:" label says nothing)


def test_a_yaml_message_folded_onto_the_lines_below_its_key_is_also_read_whole() -> None:
    paste = (
        '  conditions:\n  - message: >-\n      failed to create pod\n      "web-0": admission webhook\n'
        '      "injector" denied the request\n    reason: Failed'
    )
    assert (2, 'failed to create pod "web-0": admission webhook "injector" denied the request') in texts(paste)


def test_a_paste_of_nested_chains_costs_linear_time() -> None:
    import time

    paste = "\n".join(" " * k + f"error {k} in step:" for k in range(3000))
    start = time.perf_counter()
    found = segments(paste)
    assert time.perf_counter() - start < 10  # generous: a chain from every line took minutes
    assert found[1].text.startswith("error 0 in step: error 1 in step: error 2 in step:")


def test_a_tab_separated_padded_header_is_a_header() -> None:
    # flux get pads its columns before the tab
    paste = "NAMESPACE\tNAME   \tREADY\tMESSAGE\ndefault  \tpodinfo\tFalse \tinstall retries exhausted"
    assert [text for _, text in texts(paste)] == ["default  \tpodinfo\tFalse \tinstall retries exhausted"]


def test_a_powershell_error_record_is_its_message() -> None:
    """PowerShell prints the cmdlet before the message and a record under it (``At line:1
    char:1``, the ``+ ~~~`` marker, ``+ CategoryInfo``, ``+ FullyQualifiedErrorId``)."""
    paste = (
        "PS C:\\WINDOWS\\system32> Enable-WindowsOptionalFeature -Online\n"
        "Enable-WindowsOptionalFeature : The referenced assembly could not be found.\n"
        "At line:1 char:1\n+ ~~~~~~~~~~~~~\n"
        "    + CategoryInfo          : NotSpecified: (:) [Enable-WindowsOptionalFeature], COMException\n"
        "    + FullyQualifiedErrorId : Microsoft.Dism.Commands.EnableWindowsOptionalFeatureCommand"
    )
    assert texts(paste) == [(2, "The referenced assembly could not be found.")]


def test_the_source_line_a_stack_frame_quotes_above_a_caret_is_skipped() -> None:
    """Node prints ``events.js:183`` / ``throw er; // Unhandled 'error' event`` / ``^`` above an
    uncaught error, Python its source line and carets above a ``SyntaxError``: where the error was
    raised, not what it is. Its words drew the keyword search to another entry."""
    node = (
        "events.js:183\n      throw er; // Unhandled 'error' event\n      ^\n\nError: listen EADDRINUSE :::8081\n"
        "    at Server.setupListenHandle [as _listen2] (net.js:1360:14)\n    at new Server (/app/x.js:1:2)\n"
        "    at new Promise (<anonymous>)\n    at Array.forEach (native)\n    at async Promise.all (index 0)"
    )
    assert texts(node) == [(5, "Error: listen EADDRINUSE :::8081")]
    python = '  File "x.py", line 2\n    print "hi"\n          ^^^^\nSyntaxError: Missing parentheses'
    assert texts(python) == [(4, "SyntaxError: Missing parentheses")]
    # Node 16 and later name their own modules node:events; a log prefix frames the three lines.
    journal = "Jan 01 10:00:00 h node[1]: {}\n" * 4
    lines = ("node:events:491", "      throw er; // Unhandled 'error' event", "      ^", "Error: listen EADDRINUSE")
    assert texts(journal.format(*lines)) == [(4, "Error: listen EADDRINUSE")]
    # Without a frame above it, a line over a caret is read; so is one under a frame with no caret.
    assert texts("throw er;\n^") == [(1, "throw er;")]
    assert texts("events.js:183\nError: boom") == [(2, "Error: boom")]


def test_lines_of_carets_are_read_in_linear_time() -> None:
    """A line of carets and one other character made the caret pattern backtrack: 36 s for
    200 such lines."""
    import time

    started = time.perf_counter()
    segments("\n".join("^" * (3999 - i) + "x" for i in range(200)))
    assert time.perf_counter() - started < 10.0  # quadratic: 36 s


def test_nodes_unhandled_rejection_notices_are_skipped_beside_the_error() -> None:
    paste = (
        "(node:25) UnhandledPromiseRejectionWarning: Unhandled promise rejection. This error originated either by"
        " throwing inside of an async function without a catch block, or by rejecting a promise which was not"
        " handled with .catch(). (rejection id: 178)\n"
        "(node:25) UnhandledPromiseRejectionWarning: Error: Page crashed!\n"
        "    at Page._onTargetCrashed (/app/node_modules/puppeteer/lib/Page.js:215:24)\n"
        "(node:25) [DEP0018] DeprecationWarning: Unhandled promise rejections are deprecated. In the future, promise"
        " rejections that are not handled will terminate the Node.js process with a non-zero exit code.\n"
        "(Use `node --trace-warnings ...` to show where the warning was created)"
    )
    assert [s.line for s in segments(paste)] == [2]
    # alone, a notice is still read: it is all the paste says
    assert len(segments(paste.splitlines()[0])) == 1


def test_zaps_info_lines_are_skipped_beside_its_errors() -> None:
    paste = (
        "2023-05-01T10:00:00.000Z\tinfo\tservice/telemetry.go:84\tSetting up own telemetry...\n"
        "2023-05-01T10:00:01.000Z\terror\texporterhelper/queued_retry.go:183\tExporting failed.\t"
        '{"kind": "exporter", "error": "context deadline exceeded"}'
    )
    assert [(s.line, s.text) for s in segments(paste)] == [
        (2, "Exporting failed."),
        (2, "context deadline exceeded"),
    ]


@pytest.mark.parametrize(
    ("info", "error", "message"),
    [
        (
            "2020/09/04 10:25:46 ...o/xorm/session_tx.go:46:Rollback() [I] [SQL] ROLL BACK [] - 231.66µs",
            "2020/09/04 10:25:46 ...outers/repo/issue.go:1603:NewComment() [E] CreateIssueComment: Error 1366",
            "CreateIssueComment: Error 1366",
        ),
        (  # Grafana's server log: lvl=info (and dbug) beside lvl=eror
            't=2021-01-28T07:24:15+0000 lvl=info msg="Executing migration" logger=migrator id="add index"',
            't=2021-01-28T07:24:16+0000 lvl=eror msg="Data proxy error" logger=data-proxy-log userId=1',
            "Data proxy error",
        ),
        (
            "[Nest] 7  - 02/21/2024, 11:43:28 AM     LOG [LibraryService] Starting to watch library cc9eca5c",
            "[Nest] 7  - 02/21/2024, 11:43:29 AM   ERROR [LibraryService] Library watcher encountered error",
            "Library watcher encountered error",
        ),
    ],
)
def test_gitea_grafana_and_nest_info_lines_are_skipped_beside_their_errors(info: str, error: str, message: str) -> None:
    assert [(s.line, s.text) for s in segments(f"{info}\n{error}")] == [(2, message)]


def test_zerologs_fields_after_its_message_are_read_as_its_context() -> None:
    """Traefik v3's console log: the message, then key=value fields; the error field is a message of its own."""
    paste = (
        "2024-04-30T10:00:00Z INF github.com/traefik/traefik/v3/cmd/traefik/traefik.go:100 > Traefik version 3.0.0\n"
        '2024-04-30T10:00:01Z ERR github.com/traefik/traefik/v3/cmd/traefik/traefik.go:80 > Command error error="command'
        ' traefik error: field not found, node: x"'
    )
    assert [(s.line, s.text) for s in segments(paste)] == [
        (2, "Command error"),
        (2, "command traefik error: field not found, node: x"),
    ]
    # fields throughout are no message and its context
    assert [s.text for s in segments('msg="pusher failed" err="context canceled"')] == [
        'msg="pusher failed" err="context canceled"'
    ]


def test_a_progress_bar_is_skipped_beside_the_error() -> None:
    paste = "Uploading assets | " + "░" * 40 + " | 0% | ETA: 0s | 0/164,7 MB\nError: 413 Request Entity Too Large"
    assert [(s.line, s.text) for s in segments(paste)] == [(2, "Error: 413 Request Entity Too Large")]
    assert [s.line for s in segments("[=====>     ] 45% 1.2MB/s\nError: disk 100% full")] == [2]


def test_a_debuggers_threads_and_frames_are_where_the_crash_passed() -> None:
    paste = (
        "* thread #37, name = 'opentelemetry-e', stop reason = signal SIGSEGV\n"
        "  * frame #0: 0x00007fff8a2b libquery_engine.so.node`___lldb_unnamed_symbol1234 + 20\n"
        "#0  0x00007ffff7a42428 in raise () from /lib/x86_64-linux-gnu/libc.so.6\n"
        "Segmentation fault (core dumped)"
    )
    assert [(s.line, s.text) for s in segments(paste)] == [
        (1, "* thread #37, name = 'opentelemetry-e', stop reason = signal SIGSEGV"),  # what stopped it
        (4, "Segmentation fault (core dumped)"),
    ]


def test_a_threads_stop_reason_is_the_crash_and_gdbs_inlined_frames_are_frames() -> None:
    lldb = (
        "Process 1234 stopped\n"
        "* thread #1, name = 'a.out', stop reason = signal SIGSEGV: invalid address (fault address: 0x0)\n"
        "    frame #0: 0x0000555555555131 a.out`main at t.c:3:6"
    )
    assert [s.line for s in segments(lldb)] == [1, 2]  # the stop reason is what happened
    gdb = (
        "Program received signal SIGABRT, Aborted.\n"
        "#0  __pthread_kill_implementation (no_tid=0, signo=6) at ./nptl/pthread_kill.c:44\n"
        "#1  __pthread_kill_internal (signo=6, threadid=140737351481152) at ./nptl/pthread_kill.c:78\n"
        "#2  0x00007ffff7c42476 in __GI_raise (sig=sig@entry=6) at ../sysdeps/posix/raise.c:26"
    )
    assert [s.text for s in segments(gdb)] == ["Program received signal SIGABRT, Aborted."]
    assert [s.text for s in segments("#1 fix the config (see below) at once\n#2 restart it")] == [
        "#1 fix the config (see below) at once",
        "#2 restart it",
    ]


def test_capnslogs_info_lines_are_skipped_beside_its_errors() -> None:
    paste = (
        "2019-05-02 08:31:53.251123 I | exec: Running command: ceph mon_status --format json\n"
        "2019-05-02 08:36:53.281745 I | exec: timed out\n"
        "2019-05-02 08:36:53.282101 E | op-mon: failed to get mon quorum status: mon status failed. timed out"
    )
    assert [(s.line, s.text) for s in segments(paste)][:2] == [
        (2, "exec: timed out"),
        (3, "op-mon: failed to get mon quorum status: mon status failed. timed out"),
    ]


@pytest.mark.parametrize(
    ("line", "error"),
    [
        ("TypeError: x is not a function", True),
        ("Uncaught ReferenceError: jQuery is not defined", True),
        ("Caused by: java.net.SocketTimeoutException: Read timed out", True),
        ("ModuleNotFoundError: No module named 'PIL'", True),
        ("ErrorBoundary rendered the fallback", False),
        ("Compiled successfully in 2.1s", False),
    ],
)
def test_an_exceptions_name_before_its_message_reads_as_an_error(line: str, error: bool) -> None:
    # with such a line in a paste, the info lines around it are skipped as around any error
    assert reads_as_error(line) is error


def test_a_line_wrapped_at_a_fixed_width_is_also_read_whole() -> None:
    # A terminal or a log viewer cut one zap line at 100 columns: the error field's words were
    # cut too ("permiss" / "ion"), so the pieces are joined as they are. Three lines of one width
    # say so; two might be so by chance.
    line = (
        '2024-04-18T16:45:11.384Z    ERROR    controller    Reconciler error    {"controller": "machine", '
        '"error": "launching machine, creating instance, AuthFailure.ServiceLinkedRoleCreationNotPermitted: '
        'The provided credentials do not have permission to create the service-linked role for EC2 Spot."}'
    )
    width = 80
    paste = "\n".join(line[i : i + width] for i in range(0, len(line), width))
    assert len(paste.splitlines()) == 4
    texts = [s.text for s in segments(paste)]
    assert (
        "launching machine, creating instance, AuthFailure.ServiceLinkedRoleCreationNotPermitted: The provided "
        "credentials do not have permission to create the service-linked role for EC2 Spot."
    ) in texts


def test_a_line_wrapped_at_a_word_is_also_read_whole_with_a_space() -> None:
    paste = (
        'Error from server (BadRequest): error when creating "/tmp/manifest.yaml": NodePool in version "v1" cannot '
        "be handled as a NodePool: strict\n"
        'decoding error: unknown field "spec.limits.resources.memory"'
    )
    texts = [s.text for s in segments(paste)]
    assert texts[-1] == 'decoding error: unknown field "spec.limits.resources.memory"'  # each line still
    assert any(
        t.endswith('as a NodePool: strict decoding error: unknown field "spec.limits.resources.memory"') for t in texts
    )


@pytest.mark.parametrize(
    "paste",
    [
        # the same log line again, at one width by chance
        "channel 3: open failed: administratively prohibited: open failed\n" * 3 + "channel 3: open failed",
        # the next frame of a trace
        "    at /home/hami/Foodies/node_modules/metro/src/index.js:257:20 in the metro server\n    at new Promise (<anonymous>)",
        # a table's header and its rows
        "NAME                       READY   STATUS             RESTARTS   AGE\n"
        "coredns-7f78f64497-7fz6q   0/1     CrashLoopBackOff   5          3m",
        # a log line of its own: its framing, or a level in capitals after its first word
        "ssh: connect to host gitlab.com port 22: Connection timed out and then it\nfatal: Could not read from remote.",
        "npm http GET https://registry.npmjs.org/tk102/-/tk102-1.2.1.tgz and then some more\nnpm ERR! 404 Not Found",
        # a sentence that ended
        "The connection to the server localhost:8080 was refused - did you specify the right host or port?\nmaybe not",
        # a log level in lower case starts a line of its own
        "error An unexpected error occurred: https://registry.yarnpkg.com/react: tunneling socket could\n"
        "info Visit https://yarnpkg.com/en/docs/cli/install for documentation about this command.",
        # an access log's next client, at one width by chance
        '10.0.0.11 - - [03/Dec/2026:06:00:01 +0000] "GET /api/v1/pods HTTP/1.1" 502 157 "-" "curl/8.5"\n'
        '10.0.0.12 - - [03/Dec/2026:06:00:02 +0000] "GET /api/v1/pods HTTP/1.1" 502 157 "-" "curl/8.5"\n'
        '10.0.0.13 - - [03/Dec/2026:06:00:03 +0000] "GET /api/v1/pods HTTP/1.1" 502 157 "-" "curl/8.5"',
    ],
)
def test_lines_that_stand_on_their_own_are_not_joined(paste: str) -> None:
    raw = [line.strip() for line in paste.splitlines()]
    joined = [s.text for s in segments(paste) if s.text not in raw and not any(s.text in r for r in raw)]
    assert joined == []


@pytest.mark.parametrize(
    "line",
    ["x" * 79 + "a", "error in the first part of a line that is long enough to wrap, and then"],
)
def test_a_paste_of_many_wrapped_lines_costs_linear_time(line: str) -> None:
    import time

    paste = "\n".join([line] + ["goes on " + line[8:]] * 20_000)
    start = time.perf_counter()
    found = segments(paste)
    assert time.perf_counter() - start < 20  # generous: linear is well under a second
    assert found


def test_a_wrapped_line_does_not_swallow_the_error_chain_after_it() -> None:
    paste = (
        "Installing the chart into the cluster, waiting for the hooks to finish and that is done right\n"
        "failed to apply manifests:\n"
        '    admission webhook "validate.nginx.ingress.kubernetes.io" denied the request'
    )
    assert 'failed to apply manifests: admission webhook "validate.nginx.ingress.kubernetes.io" denied the request' in [
        s.text for s in segments(paste)
    ]


def test_captured_output_with_escaped_line_breaks_is_read_as_its_lines() -> None:
    paste = (
        "[\\u001b[0;32m  OK  \\u001b[0m] Reached target \\u001b[0;1;39mSwap\\u001b[0m.\\r\\n"
        "\\u001b[0;1;31mFailed to create inotify object: Too many open files\\u001b[0m\\r\\n"
        "[\\u001b[0;32m  OK  \\u001b[0m] Listening on \\u001b[0;1;39mJournal Socket\\u001b[0m.\\r\\n"
    )
    assert "Failed to create inotify object: Too many open files" in [s.text for s in segments(paste)]
    # one escaped break is a message's own (`… does not match.\n`), and a Windows path's \nodejs is none
    assert len(segments("Error: checksum does not match.\\nExpected: abc")) == 1
    assert len(segments("npm ERR! path C:\\Users\\me\\npm\\node_modules\\npm\\nested\\nope")) == 1
    assert len(segments("gyp ERR! stack at ..\\node_modules\\bower\\lib\\nothing\\new")) == 1
    assert len(segments("gyp ERR! stack  ..\\node_modules\\nan\\nan.h(45): error C2039: \\nope")) == 1


def test_a_structured_lines_escaped_breaks_and_long_stack_trace_cut_no_line() -> None:
    # zap's JSON: the message and the error, not the pieces of its "stacktrace"
    trace = "\n".join(
        f"k8s.io/pkg/controller.(*Controller).reconcile{i}\n\t/go/pkg/controller.go:{i}" for i in range(60)
    )
    fields = {"level": "error", "msg": "Reconciler error", "error": "failed to create instance: Unauthorized"}
    for stack in (trace[:300], trace):  # a short line and one longer than a segment
        line = json.dumps({**fields, "stacktrace": stack}, separators=(",", ":"))
        assert texts(line) == [(1, "Reconciler error"), (1, "failed to create instance: Unauthorized")]
    # a message that holds its causes on escaped lines is read as one, its breaks read as spaces,
    # and the lines it holds as more lines
    cause = '{"level":"FATAL","message":"Checking EC2 API connectivity, WebIdentityErr: failed\\ncaused by: x\\ncaused by: y"}'
    assert texts(cause) == [
        (1, "Checking EC2 API connectivity, WebIdentityErr: failed caused by: x caused by: y"),
        (1, "caused by: x"),
        (1, 'caused by: y"}'),
    ]
    logfmt = 'level=error msg="Process exited with status 1:\\n    yum install -y x\\n    yum install -y y\\n"'
    assert [t for _, t in texts(logfmt)] == ["Process exited with status 1:     yum install -y x     yum install -y y"]
    # captured output in another value: its error is a line too
    output = 'level=error msg="kubectl apply failed" output="Warning: x\\nerror: unable to retrieve the list\\n"'
    assert [t for _, t in texts(output)] == ["kubectl apply failed", "error: unable to retrieve the list"]


def test_a_long_paste_of_one_line_again_costs_its_distinct_lines() -> None:
    import time

    paste = 'level=error msg="failed to apply" output="{x}\\nerror one\\nerror two"\n' * 100_000  # 7 MB, one line
    start = time.perf_counter()
    assert [t for _, t in texts(paste)] == ["failed to apply", "error one", 'error two"']
    assert time.perf_counter() - start < 20  # generous: it reads one line, not 200,000


def test_only_so_many_lines_of_a_paste_are_framed_to_ask_if_they_are_structured() -> None:
    def word(i: int) -> str:  # distinct letters, no digits: every line of its own shape
        return "".join("ghijklmnopqrstuv"[int(d, 16)] for d in f"{i:04x}")

    first = 'level=error msg="last one\\nerror: x\\ny"'
    assert [raw for _, raw in numbered_lines(first)] == [first, "error: x", 'y"']
    many = [f'level=error msg="m{word(i)}\\na\\nb"' for i in range(SPEC.segments.structured_checks)]
    kept = numbered_lines(
        "\n".join([*many, first]), relevance=lambda raw: 9.0 if any(w in raw for w in ("x", "y", "last")) else 1.0
    )
    assert [raw for n, raw in kept if n == len(many) + 1] == ['level=error msg="last one', "error: x", 'y"']


def test_the_lines_kept_of_a_long_paste_are_in_paste_order() -> None:
    # a line cut into pieces (escaped breaks) among more lines than are read: its pieces keep their order
    many = [f"E0512 10:00:{i:02d}.000000 1 main.go:{i}] failure number {'x' * (i % 7)}{i}" for i in range(300)]
    paste = "\n".join(["error: b second\\nerror: a first\\nerror: c third", *many])
    kept = numbered_lines(paste, relevance=lambda raw: 9.0 if raw.startswith("error") else 1.0)
    assert [raw for n, raw in kept if n == 1] == ["error: b second", "error: a first", "error: c third"]


@pytest.mark.parametrize("escape", ["\\u001b[0;1;31m", "\\u001B[31m", "\\x1b[1m", "\\033[0m", "\\e[33m", "^[[31m"])
def test_colours_written_as_escapes_are_no_text(escape: str) -> None:
    assert clean(f"{escape}Failed to create inotify object{escape}") == "Failed to create inotify object"


def test_rustups_lowercase_info_lines_are_skipped_beside_its_error() -> None:
    paste = (
        "info: syncing channel updates for 'nightly-x86_64-unknown-linux-gnu'\n"
        "info: latest update on 2019-06-04, rust version 1.37.0-nightly (6ffb8f53e 2019-06-03)\n"
        "error: component 'rls' for target 'x86_64-unknown-linux-gnu' is unavailable for download for channel 'nightly'"
    )
    assert [s.line for s in segments(paste)] == [3]
    assert [s.line for s in segments("info: downloading installer")] == [1]  # alone, it is what was pasted
