"""Each framing rule with a literal line in and the message out."""

import time

import pytest

from matcher.framing import clean, error_field, frame_line
from matcher.spec import SPEC

FRAMING_RULES = SPEC.framing.rules

CASES = [
    ("markdown-quote", "> > Error: boom", "Error: boom"),
    (
        "zerolog",
        "2024-04-30T10:00:00Z ERR github.com/traefik/traefik/v3/cmd/traefik/traefik.go:80 > Command error",
        "Command error",
    ),
    (  # a container runtime's log file, as /var/log/containers/*.log holds a pod's lines
        "cri-stream",
        "2020-06-09T22:46:25.081234567+00:00 stderr F W0609 22:46:25.079992       6 backend_ssl.go:46] Error obtaining cert",
        "Error obtaining cert",
    ),
    (
        "nest",
        "[Nest] 17  - 03/06/2025, 10:29:30 AM   ERROR [TypeOrmModule] Unable to connect to the database. Retrying (9)...",
        "Unable to connect to the database. Retrying (9)...",
    ),
    (
        "bracket-time",
        "[07/06/25 11:56:26] ERROR    Worker (pid:9) was sent SIGKILL!",
        "Worker (pid:9) was sent SIGKILL!",
    ),
    (
        "go-caller",
        "2020/07/16 09:18:53 routers/init.go:77:initDBEngine() [E] ORM engine initialization attempt #5/10 failed.",
        "ORM engine initialization attempt #5/10 failed.",
    ),
    (  # Gitea's older form, and a path cut short
        "go-caller",
        "2018/09/17 15:35:53 [...itea/routers/init.go:60 GlobalInit()] [E] Failed to initialize ORM engine",
        "Failed to initialize ORM engine",
    ),
    ("go-caller", "2021/05/16 14:38:51 ...ations/migrations.go:447:recreateTable() [E] Unable", "Unable"),
    ("service", "server_1  | Error: connect ECONNREFUSED 127.0.0.1:5432", "Error: connect ECONNREFUSED 127.0.0.1:5432"),
    ("service", "0|umami  | Error: P2002 failed", "Error: P2002 failed"),
    ("service", "17:06:24.216 | Error code: P1012", "Error code: P1012"),
    (
        "box",
        "│ Error: Failed to configure: specifying a root certificates file",
        "Error: Failed to configure: specifying a root certificates file",
    ),
    ("ascii-box", "|        Self-hosted runner registration        |", "Self-hosted runner registration"),
    ("ci-step", "##[error]Process completed with exit code 1.", "Process completed with exit code 1."),
    (
        "iso-timestamp",
        "2023-02-27T23:58:44.8029575Z   failed to pull image: rpc error",
        "failed to pull image: rpc error",
    ),
    (
        "iso-timestamp",
        "2021-07-02 12:19:57.115 UTC [92]    FATAL:  could not load server certificate file",
        "could not load server certificate file",
    ),
    (
        "journald",
        "May 12 17:56:22 k0s-slave1 k0s[697]: unable to find data in memory cache",
        "unable to find data in memory cache",
    ),
    ("journald", "6月 24 13:16:48 kube-node1 kubelet[13626]: failed to run Kubelet", "failed to run Kubelet"),
    ("process", "containerd[19386]: failed to reserve container name", "failed to reserve container name"),
    (  # kubectl logs --prefix, then a klog line
        "pod-prefix",
        "[pod/kyverno-admission-controller-6d9f7c8b9-abcde/kyverno] E1019 10:00:00.123456       1 x.go:191] failed calling webhook",
        "failed calling webhook",
    ),
    (  # stern: pod, container, then the line's own time stamp
        "pod-prefix",
        "kyverno-cleanup-controller-6589b84dc-z4vmw controller 2024-10-19T10:00:00Z Retrying request",
        "Retrying request",
    ),
    ("diagnostic", "  × Failed to build `numpy==1.26.4`", "Failed to build `numpy==1.26.4`"),
    (
        "diagnostic",
        "  ╰─▶ Call to `setuptools.build_meta.build_wheel` failed",
        "Call to `setuptools.build_meta.build_wheel` failed",
    ),
    (  # Heroku's logs: an ISO time, then the source and dyno
        "heroku",
        "2016-07-28T16:45:43.917216+00:00 app[web.1]: /app/vendor/bundle/ruby: No such file or directory",
        "/app/vendor/bundle/ruby: No such file or directory",
    ),
    ("heroku", "heroku[router]: at=error code=H10 desc=App crashed", "at=error code=H10 desc=App crashed"),
    # the shell reports a command's failure: the topic "bash" is not what "-bash: nvm: …" is about
    ("shell", "-bash: nvm: command not found", "nvm: command not found"),
    ("shell", "zsh: command not found: nvm", "command not found: nvm"),
    ("shell", "fish: Unknown command nvm", "Unknown command nvm"),
    ("shell", "sh: 1: node: not found", "node: not found"),
    ("shell", "/bin/sh: line 1: ./run.sh: Permission denied", "./run.sh: Permission denied"),
    (
        "kernel-time",
        "[ 4106.149074] libceph: connect 10.1.1.2:6789 error -101",
        "libceph: connect 10.1.1.2:6789 error -101",
    ),
    (
        "kernel-time",
        "[ +0.000012] libceph: osd7 (1)10.1.1.3:6801 connect error",
        "libceph: osd7 (1)10.1.1.3:6801 connect error",
    ),
    ("kernel-time", "[Mon Jan  8 10:00:00 2024] EXT4-fs error (device sda1)", "EXT4-fs error (device sda1)"),
    (  # dmesg -x, and talosctl dmesg with its node's address and time
        "syslog-facility",
        "kern  :err   : [  123.456789] EXT4-fs error (device sda1): ext4_find_entry",
        "EXT4-fs error (device sda1): ext4_find_entry",
    ),
    (
        "syslog-facility",
        "10.1.16.89: user: warning: [2022-01-27T14:31:25.392352282Z]: [talos] controller failed",
        "[talos] controller failed",
    ),
    (  # Python's logging as Home Assistant formats it: level, thread, logger; the logger names what failed
        "python-thread",
        "2023-06-01 12:00:00.123 ERROR (SyncWorker_3) [homeassistant.setup] Setup failed for zha: not ready",
        "[homeassistant.setup] Setup failed for zha: not ready",
    ),
    ("python-thread", "ERROR (MainThread) [custom_components.foo] boom", "[custom_components.foo] boom"),
    ("python-thread", "CRITICAL (Thread-1 (worker)) [app.jobs] boom", "[app.jobs] boom"),  # Python 3.10's name
    (  # Rook and etcd 3.3 log with capnslog: time, level letter; the package is the message's, as pages quote it
        "capnslog",
        "2017-10-31 20:13:11.187208 E | cephosd: failed to config osd 17",
        "cephosd: failed to config osd 17",
    ),
    (
        "capnslog",
        "2017-01-16 19:10:10.474495 E | rafthttp: request cluster ID mismatch",
        "rafthttp: request cluster ID mismatch",
    ),
    (  # inside a Rook line, the Ceph daemon's own time, thread and level
        "ceph-thread",
        "2017-10-31 20:13:11.187208 I | mkfs-osd0: 2017-10-31 20:13:11.186992 7f0059d62e00 -1 bluestore mkfs failed",
        "bluestore mkfs failed",
    ),
    ("zap", "error\texporterhelper/queued_retry.go:183\tExporting failed.", "Exporting failed."),
    ("zap", "warn\tbatchprocessor@v0.88.0/batch_processor.go:258\tSender failed", "Sender failed"),
    (
        "clock",
        "16:39:47   Warning  FailedScheduling  2m10s  default-scheduler  0/1 nodes are available",
        "0/1 nodes are available",
    ),
    (
        "klog",
        "E0926 10:48:40.346646   76692 portforward.go:331] an error occurred forwarding 5010 -> 6000",
        "an error occurred forwarding 5010 -> 6000",
    ),
    ("source-location", "kubelet_volumes.go:154] Orphaned pod found", "Orphaned pod found"),
    (
        "envoy",
        "[2018-02-28 07:55:33.610][6751][critical][assert] source/common/network/address_impl.cc:112] assert failure: fd != -1",
        "assert failure: fd != -1",
    ),
    (
        "envoy",
        "[2019-07-24 05:47:37.608][22][debug][filter] [src/envoy/http/jwt_auth/jwt_authenticator.cc:243] Jwt authentication "
        "completed with: Unknown issuer",
        "Jwt authentication completed with: Unknown issuer",
    ),
    (
        "source-location",
        "helm.go:81: [debug] unable to retrieve the complete list",
        "unable to retrieve the complete list",
    ),
    (
        "source-location",
        "node_lifecycle_controller.go:1433 Initializing eviction metric for zone",
        "Initializing eviction metric for zone",
    ),
    (
        "uncaught",
        "Uncaught TypeError: Cannot read property 'on' of undefined",
        "TypeError: Cannot read property 'on' of undefined",
    ),
    ("uncaught", "Uncaught (in promise) SyntaxError: Unexpected token <", "SyntaxError: Unexpected token <"),
    (  # an object thrown: the console prints it, and its message is read as JSON's is
        "uncaught",
        'Uncaught (in promise)  {"message": "Request failed with status code 401", "code": "ERR_BAD_REQUEST"}',
        "Request failed with status code 401",
    ),
    ("bracket-pid", "[92] could not load", "could not load"),
    (
        "describe-field",
        '  Message:             Usage of EmptyDir volume "dshm" exceeds the limit "1Gi".',
        'Usage of EmptyDir volume "dshm" exceeds the limit "1Gi".',
    ),
    (
        "progress",
        "Building sites … ERROR 2019/06/28 15:52:11 error: failed to transform resource",
        "error: failed to transform resource",
    ),
    ("level", "FATA[0004] running container: run pod sandbox", "running container: run pod sandbox"),
    ("bracket-level", "[ERROR] Failed to execute goal on project app", "Failed to execute goal on project app"),
    ("pytest", "E       ModuleNotFoundError: No module named 'yaml'", "ModuleNotFoundError: No module named 'yaml'"),
    (  # the GitHub Actions runner's diagnostic log: time, level and component in one pair of brackets
        "bracket-header",
        "[2020-05-23 17:02:06Z ERR  RunnerServer] System.Net.Http.HttpRequestException: The SSL connection could not"
        " be established, see inner exception.",
        "System.Net.Http.HttpRequestException: The SSL connection could not be established, see inner exception.",
    ),
    (  # watchman's log: the time stamp ends with a colon
        "iso-timestamp",
        "2015-06-30T16:36:20,758: [cli] unable to talk to your watchman on /usr/local/var/run/watchman/sock!",
        "[cli] unable to talk to your watchman on /usr/local/var/run/watchman/sock!",
    ),
    (
        "node-pid",
        '(node:16116) Warning: To load an ES module, set "type": "module" in the package.json',
        'Warning: To load an ES module, set "type": "module" in the package.json',
    ),
    (
        "logcat",
        "E/flutter (16727): [ERROR:flutter/lib/ui/ui_dart_state.cc(157)] Unhandled Exception: Bad state: No element",
        "[ERROR:flutter/lib/ui/ui_dart_state.cc(157)] Unhandled Exception: Bad state: No element",
    ),
    ("logcat", "I/ReactNativeJS( 4321): Running application", "Running application"),
    (  # flutter run --verbose: the time since the last line, then the device's log line
        "flutter-verbose",
        "[   +3 ms] I/flutter (21816): The following assertion was thrown during layout:",
        "The following assertion was thrown during layout:",
    ),
    (  # Spring Boot's default console pattern, and since 3.2 the application's name before the thread
        "spring-boot",
        "2023-03-01 10:15:30.123 ERROR 12345 --- [           main] o.s.b.w.embedded.tomcat.TomcatWebServer  :"
        " Web server failed to start. Port 8080 was already in use.",
        "Web server failed to start. Port 8080 was already in use.",
    ),
    (
        "spring-boot",
        "2024-05-02T09:00:01.234+08:00 ERROR 7 --- [demo] [  restartedMain] o.s.boot.SpringApplication : Application"
        " run failed",
        "Application run failed",
    ),
    (  # a logback pattern bracketing thread, logger and method, as Seata's server logs them
        "spring-boot",
        "21:26:21.486  INFO --- [     batchLoggerPrint_1_1] [ocessor.server.BatchLogHandler] [                 run]  [] :"
        " result msg[merged]: BranchRegisterResponse",
        "result msg[merged]: BranchRegisterResponse",
    ),
    (  # logback's default pattern, after the time of day; log4j's, after the date
        "java-logger",
        "10:00:01.234 [main] ERROR o.a.d.r.c.AbstractClient - Failed to connect to server /10.0.0.5:20880",
        "Failed to connect to server /10.0.0.5:20880",
    ),
    (
        "java-logger",
        "2024-01-05 10:00:01,234 [http-nio-8080-exec-1] WARN  com.zaxxer.hikari.pool.PoolBase - Failed to validate",
        "Failed to validate",
    ),
    ("java-logger", "[kafka-producer-network-thread | producer-1] org.apache.kafka.clients.NetworkClient - x", "x"),
    (  # a user's words before the error on its line, in Chinese
        "prose-lead",
        "TIDB 集群运行了2个礼拜,今天突然点击一个功能,提示ERROR 9005 (HY000): Region is unavailable",
        "ERROR 9005 (HY000): Region is unavailable",
    ),
    (
        "prose-lead",
        "执行时报错：java.lang.NullPointerException: x is null",
        "java.lang.NullPointerException: x is null",
    ),
    (  # TiDB's unified log format: time, level and source file, each in brackets
        "bracket-level",
        "[2021/09/01 22:03:00.627 +08:00] [WARN] [server.go:100] [server-busy] [region_id=4]",
        "server-busy",
    ),
    (
        "slog",
        "May 28 15:55:46.101 ERRO fail to request: duplicated store address",
        "fail to request: duplicated store address",
    ),
    ("level", "WARN[2020-11-18 19:13:25] etcd on unsupported platform", "etcd on unsupported platform"),
    (
        "powershell-record",
        "    + CategoryInfo          : ObjectNotFound: (wsl:String) [], CommandNotFoundException",
        "",
    ),
    (
        "powershell-cmdlet",
        "Enable-WindowsOptionalFeature : The referenced assembly could not be found.",
        "The referenced assembly could not be found.",
    ),
    (
        "event-row",
        "  Warning  FailedScheduling  2m53s (x4 over 3m19s)  default-scheduler  0/3 nodes are available",
        "0/3 nodes are available",
    ),
    (
        "event-row",
        "  Warning  InvalidDiskCapacity      12m   kubelet, mad19     invalid capacity 0 on image filesystem",
        "invalid capacity 0 on image filesystem",
    ),
    (
        "event-row",
        "Warning FailedScheduling <invalid> (x7 over 26s) default-scheduler 0/5 nodes are available: 5 Insufficient cpu",
        "0/5 nodes are available: 5 Insufficient cpu",
    ),
    (
        "event-row",
        "3m45s       Warning   FailedCreatePodSandBox   pod/nvidia-validator-l4754   Failed to create pod sandbox",
        "Failed to create pod sandbox",
    ),
    (
        "events-combined",
        "Warning  FailedCreatePodSandBox  2m47s (x1642 over 6h)  kubelet  (combined from similar events): Failed to"
        " create pod sandbox",
        "Failed to create pod sandbox",
    ),
    (
        "status-mark",
        '2022-08-17 07:13:02 [✖]  unexpected status "DELETE_FAILED" while waiting for CloudFormation stack',
        'unexpected status "DELETE_FAILED" while waiting for CloudFormation stack',
    ),
    (
        "status-mark",
        "[!] Android toolchain - develop for Android devices",
        "Android toolchain - develop for Android devices",
    ),
    ("elapsed", "  2.788s Waiting for load balancer to be ready", "Waiting for load balancer to be ready"),
]


@pytest.mark.parametrize(("rule", "line", "message"), CASES)
def test_rule(rule: str, line: str, message: str) -> None:
    framed = frame_line(line)
    if not message:  # the rule takes the whole line: it carries no message
        assert framed is None and next(r for r in FRAMING_RULES if r.name == rule).pattern.regex.match(line)
        return
    assert framed is not None
    assert framed.text == message
    assert rule in framed.rules


def test_every_rule_has_a_literal_case() -> None:
    assert {r.name for r in FRAMING_RULES} == {rule for rule, _, _ in CASES}


def test_structured_klog_gives_message_and_error_field() -> None:
    line = r"""E0331 15:47:45.892216    3416 kubelet_volumes.go:245] "There were many similar errors." err="orphaned pod \"f11f\" found, but error not a directory" numErrs=1"""
    framed = frame_line(line)
    assert framed is not None
    assert framed.text == "There were many similar errors."
    assert framed.details == ('orphaned pod "f11f" found, but error not a directory',)
    assert "klog-structured" in framed.rules


@pytest.mark.parametrize(
    ("line", "message", "error"),
    [
        (  # logfmt: the details are the error where the message is generic
            "level=error ts=2025-05-01T06:05:56.6Z caller=manager.go:50 component=distributor"
            ' msg="write operation failed" details="Ingestion rate limit exceeded for user application'
            ' (limit: 2396745 bytes/sec)" org_id=application',
            "write operation failed",
            "Ingestion rate limit exceeded for user application (limit: 2396745 bytes/sec)",
        ),
        (  # Grafana's server log: t=, lvl= (eror, dbug), msg=, logger= and the error= field
            't=2021-01-28T07:24:16+0000 lvl=eror msg="Data proxy error" logger=data-proxy-log userId=1'
            ' error="http: proxy error: context canceled"',
            "Data proxy error",
            "http: proxy error: context canceled",
        ),
        (  # TiDB, TiKV and PD's unified log format: [time] [LEVEL] [file.go:N] ["message"] [key=value]…
            '[2021/09/01 22:03:00.627 +08:00] [FATAL] [session.go:1392] ["check bootstrapped failed"]'
            ' [conn=12] [error="[tikv:9005]Region is unavailable[try again later]"] [stack="github.com/x"]',
            "check bootstrapped failed",
            "[tikv:9005]Region is unavailable[try again later]",
        ),
    ],
)
def test_a_structured_lines_error_field_is_a_message_of_its_own(line: str, message: str, error: str) -> None:
    framed = frame_line(line)
    assert framed is not None
    assert (framed.text, framed.details) == (message, (error,))


def test_a_mysql_errors_level_word_and_code_are_its_name() -> None:
    framed = frame_line("ERROR 1045 (28000): Access denied for user 'root'@'127.0.0.1' (using password: YES)")
    assert framed is not None and framed.text.startswith("ERROR 1045 (28000): Access denied") and not framed.rules
    batch = frame_line("ERROR 1045 (28000) at line 1: Access denied for user 'root'@'localhost'")  # mysql < file.sql
    assert batch is not None and batch.text.startswith("ERROR 1045 (28000) at line 1:") and not batch.rules


def test_a_structured_lines_last_value_cut_short_with_the_line_is_read_to_its_end() -> None:
    zap = (
        '{"level":"error","msg":"Reconciler error","controller":"constrainttemplate-controller","error":"1 error'
        " occurred: rego_parse_error: no match foun"
    )
    framed = frame_line(zap)
    assert framed is not None
    assert (framed.text, framed.details) == ("Reconciler error", ("1 error occurred: rego_parse_error: no match foun",))
    logfmt = 'level=warn msg="error sending batch" status=429 error="server returned HTTP status 429 (429): \\"ab'
    framed = frame_line(logfmt)
    assert framed is not None
    assert (framed.text, framed.details) == ("error sending batch", ('server returned HTTP status 429 (429): "ab',))
    whole = 'level=warn msg="done" note="a \\"quoted\\" word"'  # every value closed: nothing cut
    framed = frame_line(whole)
    assert framed is not None and (framed.text, framed.details) == ("done", ())


def test_a_lines_error_field_comes_before_its_details_and_cause() -> None:
    line = 'ERROR Reconciler error {"controller": "cluster", "details": "retrying in 5s", "error": "secret not found"}'
    assert error_field(line) == "secret not found"
    assert error_field('x {"cause": "shutdown"}') == "shutdown"
    # Thanos says why a probe changed in its reason field: an error of its own, after any err=
    thanos = 'level=warn ts=2020-01-01T00:00:00Z component=receive msg="changing probe status" status=not-ready reason="hashring has changed"'
    framed = frame_line(thanos)
    assert framed is not None and (framed.text, framed.details) == ("changing probe status", ("hashring has changed",))
    enum = frame_line('level=info msg="certificate not ready" reason=DoesNotExist')  # an enum says no error
    assert enum is not None and enum.details == ()
    assert error_field('[talos] controller failed {"component": "x", "reason": "timeout"}') == ""  # no reason in JSON


def test_logrus_wrapping_klog_is_unwrapped() -> None:
    line = r"""May 12 17:56:22 h k0s[697]: time="2021-05-12 17:56:22" level=info msg="E0512 17:56:22.647072     764 kubelet.go:1296] Image garbage collection failed once: invalid capacity 0 on image filesystem" component=kubelet"""
    framed = frame_line(line)
    assert framed is not None
    assert framed.text == "Image garbage collection failed once: invalid capacity 0 on image filesystem"
    assert framed.rules == ("journald", "logfmt", "klog", "source-location")


def test_json_log_lines_give_their_message_and_error() -> None:
    zap = '{"level":"error","ts":1700000000.1,"logger":"controller","msg":"Reconciler error","error":"x509: certificate signed by unknown authority"}'
    framed = frame_line(zap)
    assert framed is not None
    assert (framed.text, framed.details, framed.rules) == (
        "Reconciler error",
        ("x509: certificate signed by unknown authority",),
        ("json",),
    )


def test_a_json_log_line_cut_short_is_still_read() -> None:
    cut = '{"level":"error","logger":"controller","msg":"Failed to create build pod: x509: certificate","knative.dev/c'
    framed = frame_line(cut)
    assert framed is not None and (framed.text, framed.rules) == (
        "Failed to create build pod: x509: certificate",
        ("json",),
    )


def test_a_json_line_whose_first_key_is_any_string_is_json() -> None:
    framed = frame_line('{"$type":"LogEntry","msg":"Reconciler error","error":"boom"}')
    assert framed is not None and (framed.text, framed.details, framed.rules) == (
        "Reconciler error",
        ("boom",),
        ("json",),
    )


def test_a_line_of_an_html_error_page_is_its_text() -> None:
    framed = frame_line("<head><title>502 Bad Gateway</title></head>")
    assert framed is not None and (framed.text, framed.rules) == ("502 Bad Gateway", ("html",))
    assert frame_line("<center><h1>413 Request Entity Too Large</h1></center>").text == "413 Request Entity Too Large"  # type: ignore[union-attr]
    assert frame_line("</body>") is None and frame_line("<!DOCTYPE html>") is None
    bold = frame_line("<b>Fatal error</b>: Allowed memory size exhausted<br />")  # a tag inside the text: nothing
    assert bold is not None and bold.text == "Fatal error: Allowed memory size exhausted"
    kept = frame_line("Error: <nil> from <b>")  # a tag later in a line of text: the line as it is
    assert kept is not None and kept.text == "Error: <nil> from <b>"


def test_a_json_log_line_holding_a_log_line_is_read_through() -> None:
    docker = r"""{"log":"E1130 10:22:33.123456 4242 kubelet_volumes.go:154] orphaned pod \"0c4e\" found, but error not a directory\n","stream":"stderr","time":"2026-11-30T10:22:33.1Z"}"""
    framed = frame_line(docker)
    assert framed is not None
    assert framed.text == 'orphaned pod "0c4e" found, but error not a directory'
    assert framed.rules == ("json", "klog", "source-location")


def test_a_json_list_of_events_gives_each_message() -> None:
    events = '{"items": [{"message": "Started container web"}, {"message": "Back-off pulling image nginx"}]}'
    framed = frame_line(events)
    assert framed is not None
    assert (framed.text, framed.details) == ("Started container web", ("Back-off pulling image nginx",))
    plain = frame_line('{"level": "error", "code": 3}')
    assert plain is not None and plain.text == '{"level": "error", "code": 3}' and plain.rules == ()


@pytest.mark.parametrize(
    ("line", "command"),
    [
        ("[webapp@k8s-master-01 ~]$ kubectl api-resources", "kubectl api-resources"),
        ("root@ubuntu:~# kubectl version", "kubectl version"),
        ("$ kubectl get pods", "kubectl get pods"),
        (
            "➜  repo git:(master) ✗ kubectl -n default port-forward x 9091:9091",
            "kubectl -n default port-forward x 9091:9091",
        ),
        ("~/bin » kubectl get nodes", "kubectl get nodes"),
        (
            "PS C:\\WINDOWS\\system32> Enable-WindowsOptionalFeature -Online",
            "Enable-WindowsOptionalFeature -Online",
        ),
        ("C:\\Users\\me>wsl --list", "wsl --list"),
        ("root@localhost:26257/defaultdb> update foo set v = 1 where id = 0;", "update foo set v = 1 where id = 0;"),
    ],
)
def test_shell_prompts_mark_commands(line: str, command: str) -> None:
    framed = frame_line(line)
    assert framed is not None and framed.command and framed.text == command


@pytest.mark.parametrize(
    ("line", "typed"),
    [
        ("git clone git@github.com:robinparisi/tingle.git", True),
        ("sudo git submodule update", True),
        ("kubectl get pods", True),
        ("minikube start", True),
        ("helm upgrade --install --namespace actions-runner-system --create-namespace \\", True),
        ("ssh -T git@github.com", True),
        ("kind load docker-image hello-world", True),
        ("npm ERR! code ENOENT", False),
        ("npm http 304 https://registry.npmjs.org/xml-name-validator", False),
        ("npm WARN deprecated request@2.88.2", False),
        ("git@github.com: Permission denied (publickey).", False),
        ("go: downloading golang.org/x/sys v0.1.0", False),
        ("kubectl: command not found", False),
        ("helm install failed: context deadline exceeded", False),
        ("inotify watch limit reached", False),
        ("make", False),
        ("npm does not support Node.js v10.24.1", False),
        ("git did not exit cleanly (exit code 128)", False),
        ("pip is configured with locations that require TLS/SSL", False),
        ("helm repo add fails with 403", False),
        ("ERROR: gcloud crashed (AttributeError): 'NoneType' object", False),
        ("W0419 15:00:07.080780 6000 configset.go:202] WARNING: kubeadm cannot validate", False),
        ("kubectl exec -it web-0 -- sh", True),
        ("docker ps -a", True),
        ("git checkout v2.0.0", True),
        ("gradle daemon disappeared unexpectedly", False),
        ("oc login refused by server", False),
        # any tool: its name, a subcommand or two, two options or more and nothing else
        ("cockroach start --background --certs-dir=certs --join=10.0.0.2:26257", True),
        ("terraform plan -out tf.plan -var-file=prod.tfvars", True),
        ("error: unknown flag --foo --bar", False),
        ("server failed to start --certs-dir was not set --insecure", False),
        # the line npm, yarn and pnpm echo before a package's script: name@version, script, folder
        ("electron@1.7.9 postinstall /Users/me/app/node_modules/electron", True),
        ("@keystatic/templates-astro@0.0.15 build", True),
        ("sharp@0.19.0 install D:\\web\\blog\\node_modules\\sharp", True),
        ("foo@1.2.3 requires a peer of bar@2 but none is installed", False),
        ("electron@1.8.2 postinstall: `node install.js`", False),
    ],
)
def test_a_command_typed_to_a_known_tool_needs_no_prompt_and_its_output_is_no_command(line: str, typed: bool) -> None:
    framed = frame_line(line)
    assert framed is not None and framed.command == typed
    if typed:
        assert framed.text == line and framed.rules == ("typed command",)


def test_a_command_quoted_in_markdown_is_still_typed() -> None:
    framed = frame_line("> sudo podman run --rm -it arm64v8/alpine sh")
    assert framed is not None and framed.command and framed.rules == ("markdown-quote", "typed command")


def test_a_windows_path_before_a_message_is_no_prompt() -> None:
    for line in (
        "C:\\proj\\Foo.java:12: error: incompatible types: List<String> cannot be converted to String",
        "C:\\Windows\\System32\\drivers\\etc\\hosts -> access is denied",
        "Pre-Commit : hook failed: flake8 returned 1",
    ):
        framed = frame_line(line)
        assert framed is not None and not framed.command and framed.text == line


def test_fences_and_rulers_carry_no_message() -> None:
    assert frame_line('" ``` "') is None  # a fence quoted in a log line (was "```", and then nothing)
    assert frame_line("```text") is None
    assert frame_line("~~~ yaml title=config") is None
    assert frame_line("  ----     ------  ") is None
    left_out = ("...", "[...]", "…", "  ....  ", "(...)", "[... 12 lines omitted ...]", "[... 40 more lines ...]")
    for elided in (*left_out, "... (12 lines omitted) ...", "... snip ..."):  # output the user left out
        assert frame_line(elided) is None, elided
    assert frame_line("Resolving dependencies... (520.3s)") is not None
    assert frame_line("... x509: certificate signed by unknown authority ...") is not None


def test_a_prompt_with_nothing_typed_after_it_carries_no_message() -> None:
    """A transcript's last line is often its bare prompt; it is no error message to match."""
    for line in ("nobody@velero-64b9cb7bf7-rc6tg:/credentials$", "root@host:~# ", "$", "➜  flux-system git:(main) ✗"):
        assert frame_line(line) is None, line
    typed = frame_line("nobody@velero-64b9cb7bf7-rc6tg:/$ cat /credentials/cloud")
    assert typed is not None and typed.command and typed.text == "cat /credentials/cloud"


def test_a_message_in_a_code_span_of_three_backticks_is_not_a_fence() -> None:
    # As CommonMark reads it: a backtick fence's info string holds no backtick.
    framed = frame_line("```Error: repository name (repo_name) already exists```")
    assert framed is not None and "repository name (repo_name) already exists" in framed.text


def test_ansi_codes_and_control_characters_are_removed() -> None:
    assert clean("\x1b[31mError:\x1b[0m boom\x07") == "Error: boom "
    # as a Windows console shows the escape character; an arrow before a link stays
    assert clean("←[?25l⠙ ←[?25h←[31mError:←[0m boom") == "⠙ Error: boom"
    assert clean("←[Back](index.md)") == "←[Back](index.md)"


def test_an_error_label_with_aligned_spaces_stays_the_message() -> None:
    # kubectl describe's "Message:  …" names a field; "Error:  EOF" is the message, as a heading writes it
    framed = frame_line("Error:  EOF")
    assert framed is not None and framed.text == "Error:  EOF"


def test_a_table_row_and_a_pipeline_keep_their_bars() -> None:
    for line in ("| NAME | READY |", "cat /var/log/app.log | grep failed", "Error | see the log"):
        framed = frame_line(line)
        assert framed is not None and framed.text == line and "service" not in framed.rules


def test_a_message_and_its_context_fields_are_read_apart() -> None:
    # zap's console encoder: time, level, caller, message, then the logger's context as JSON
    line = (
        "2023-05-01T10:00:00.000Z\terror\texporterhelper/queued_retry.go:183\tExporting failed. Will retry the"
        ' request after interval.\t{"kind": "exporter", "data_type": "traces", "name": "otlp", "error": "rpc error:'
        ' code = Unavailable desc = connection refused", "interval": "5.5s"}'
    )
    framed = frame_line(line)
    assert framed is not None
    assert framed.text == "Exporting failed. Will retry the request after interval."
    assert framed.details == ("rpc error: code = Unavailable desc = connection refused",)
    assert framed.rules == ("iso-timestamp", "zap", "context-fields")
    # an API error's JSON body: its message is read too
    body = frame_line('Error from server (BadRequest): {"kind":"Status","message":"spec.replicas is invalid"}')
    assert body is not None and body.text == "Error from server (BadRequest):"
    assert body.details == ("spec.replicas is invalid",)
    # an API's own keys for its error: their phrases are what went wrong (its code, other keys' phrases are not)
    own = frame_line('returned body: {"errorReason":"Missing PCS cookies from the request","errorCode":423,"x":"y z"}')
    assert own is not None and own.details == ("Missing PCS cookies from the request",)
    oauth = frame_line('token failed {"error":"invalid_grant","error_description":"AADSTS70000: grant expired"}')
    assert oauth is not None and oauth.details == ("invalid_grant", "AADSTS70000: grant expired")
    context = frame_line('node status\t{"node": "worker-1", "condition": "node has disk pressure"}')
    assert context is not None and context.details == ()
    quiet = frame_line('Exporting failed. {"kind": "exporter", "name": "otlp/2"}')
    assert quiet is not None and quiet.text == "Exporting failed." and quiet.details == ()
    # braces that hold no JSON members are words of the message
    plain = frame_line("template {name} not found")
    assert plain is not None and plain.text == "template {name} not found" and plain.details == ()
    # a logfmt line whose last field holds JSON is read as logfmt
    logfmt = frame_line('time="2023-05-01" level=error msg="upload failed" payload={"id": "a1", "size": 3}')
    assert logfmt is not None and logfmt.text == "upload failed" and logfmt.rules == ("logfmt",)


def test_an_error_a_url_carries_in_its_query_is_read_decoded() -> None:
    """An OAuth server redirects to the client with its error in the query (RFC 6749 §4.1.2.1): the
    address bar's line holds the message, percent-encoded; escapes of other bytes stay as written."""
    framed = frame_line(
        "http://localhost:53682/?state=x&error=access_denied&error_description=AADSTS65005%3a+Using+app+%27x%27+failed"
    )
    assert framed is not None and framed.rules == ("query-error",)
    assert framed.details == ("access_denied", "AADSTS65005: Using app 'x' failed")
    assert frame_line("GET /cb?error=%E4%B8%AD%ZZ+x%0Ay").details == ("%E4%B8%AD%ZZ x%0Ay",)  # type: ignore[union-attr]
    assert frame_line("GET /search?q=error+page").details == ()  # type: ignore[union-attr]


def test_key_value_fields_after_a_message_are_read_apart_in_one_pass() -> None:
    # zerolog's console writer: the message, then key=value fields; the run that ends the line counts
    framed = frame_line('Command error error="field not found" attempt=3')
    assert framed is not None and framed.text == "Command error" and framed.details == ("field not found",)
    broken = frame_line("Command error a=b then error=boom")  # the run starts after the last word
    assert broken is not None and broken.text == "Command error a=b then" and broken.details == ("boom",)
    words = frame_line("Command error error=boom and more")  # fields, then words: no fields after it
    assert words is not None and words.text == "Command error error=boom and more" and words.details == ()
    # a long line of fields that a word ends: found once each, not tried from every field (0.9 s at
    # 4,000 fields, quadratic); the bound is for a blow-up, far above a linear pass's milliseconds
    started = time.perf_counter()
    long = frame_line("Command failed" + " a=b" * 40_000 + " then")
    assert long is not None and long.details == () and time.perf_counter() - started < 2.0


@pytest.mark.parametrize(
    "line",
    ["/bin/sh: bash: not found", "sh: /bin/bash: not found", "-bash: zsh: command not found"],
)
def test_a_shell_the_shell_failed_to_run_is_the_message(line: str) -> None:
    # Alpine's "/bin/sh: bash: not found" is about bash: neither shell's name is framing
    framed = frame_line(line)
    assert framed is not None and framed.text == line and "shell" not in framed.rules


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("E | x | y |", "E | x | y |"),  # a table row, not capnslog
        (
            "2018-01-01 10:00:00.000000 N | etcdserver/membership: set the cluster version",
            "etcdserver/membership: set the cluster version",
        ),
        ("E | Error: cannot start", "Error: cannot start"),  # no package: its label stays
        ("926f1b5a1d33a   8 minutes ago   Ready   coredns-5d78c9869d-x2b7k", None),  # crictl pods: a row
        ("Build failed... ERROR: exit code 1", None),  # a failure's own words are no progress message
        ("Error: auth: info: x", None),  # a host is an address or a dotted name, not any word
        ("some-word other 2024-01-01 x", None),  # no pod's name: no suffix of a replica set's pod
        # a name ending in five characters Kubernetes never draws (vowels, 0, 1, 3, 8): a message's words
        ("my-app-12345 started 2024-01-01T10:00:00Z listening on :8080", None),
        ("order-abcde failed 2024-01-01T10:00:00Z: card declined", None),
        ("2 × 3 = 6", None),
        ("(Optional) [docs] read the guide", None),  # no level before it: an aside, not a thread
        ("ERROR (see below) [x] y", "(see below) [x] y"),  # a thread is one name, a logger a dotted one
        ("ERROR (Timeout) [db.pool] no connection", "(Timeout) [db.pool] no connection"),  # a word, no thread's name
        (  # dmesg -x -t: the subsystem's tag is the message's, not a time stamp
            "kern  :err   : [drm:amdgpu_job_timedout [amdgpu]] *ERROR* ring gfx timeout",
            "[drm:amdgpu_job_timedout [amdgpu]] *ERROR* ring gfx timeout",
        ),
    ],
)
def test_level_letters_and_facilities_strip_only_their_own_prefix(line: str, message: str | None) -> None:
    framed = frame_line(line)
    assert framed is not None and framed.text == (message or line)


def test_a_panels_border_is_stripped_on_both_sides() -> None:
    framed = frame_line("│     Reason:                RevisionMissing                                 │")
    assert framed is not None and framed.text == "Reason:                RevisionMissing" and framed.rules == ("box",)


def test_a_panels_top_and_bottom_carry_no_message() -> None:
    """Playwright's and npm's notices are drawn in a double or rounded frame: its top and bottom are
    box-drawing characters alone, a ruler, not a line to match."""
    for border in ("╔══════════════╗", "╚══════════════╝", "╭──────────────╮", "╰──────────────╯", "┣━━━━━━━━┫"):
        assert frame_line(border) is None, border
    framed = frame_line("║ Please run the following command to download new browsers: ║")
    assert framed is not None and framed.text == "Please run the following command to download new browsers:"


def test_an_info_sign_marks_an_info_line_and_an_error_sign_an_error() -> None:
    from matcher.segments import reads_as_error, segments

    paste = (
        "2022-08-17 07:13:01 [ℹ]  cleaning up AWS load balancers created by Kubernetes objects of Kind Service or Ingress\n"
        '2022-08-17 07:13:02 [✖]  unexpected status "DELETE_FAILED" while waiting for CloudFormation stack'
    )
    assert [s.line for s in segments(paste)] == [2]
    assert reads_as_error("[✖]  unexpected status") and not reads_as_error("[i] cleaning up")
    # a closing bar stays where no border opened the line: a table row, a pipeline
    assert frame_line("a | b │")
    assert frame_line("echo a[i] = 1").text == "echo a[i] = 1"  # type: ignore[union-attr]


def test_a_json_object_whose_message_is_blank_and_that_carries_no_error_is_read_as_written():
    # the console printed the thrown object without escaping the quotes inside its message
    line = '{"name": "Error", "message": ""CapacitorUpdater" plugin is not implemented on android", "stack": "x"}'
    framed = frame_line(line)
    assert framed is not None
    assert framed.text == line
    assert framed.rules == ()
    # an error beside a blank message is still the line's error
    framed = frame_line('{"level":"error","msg":"","error":"x509: certificate signed by unknown authority"}')
    assert framed is not None
    assert (framed.text, framed.details) == ("", ("x509: certificate signed by unknown authority",))
