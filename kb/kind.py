"""Is a heading an error message or a topic? Decides which headings act as error templates."""

from __future__ import annotations

import re

from kb.compiled import regex
from kb.model import Kind
from kb.pattern import Pattern

__all__ = [
    "ERROR_CODE_NAME",
    "HEALTHY_ROW",
    "INCLUDE",
    "INCLUDE_IN_CODE",
    "INFO_LINE",
    "SHORTCODE",
    "STACK_FRAME",
    "TABLE_HEADER",
    "classify",
    "is_quiet_row",
]

# Words that, in an English heading of a few words, mark it as something a program printed.
_CUES = regex(
    r"\b(?:error|errors|failed|fails?|failure|unable|cannot|can't|couldn't|could not|invalid|"
    r"invalidated|forbidden|denied|refused|not found|not allowed|not supported|exceeds?|exceeded|"
    r"conflict|timeout|timed out|unbound|orphaned|didn't|doesn't|does not|don't|unknown|missing|"
    r"no such|permission|panic|fatal|broken|x509|unreachable|reserved|unauthorized|expired|"
    r"deadline|crash\w*|oom\w*|insufficient|had|has been|already exists|out of memory|evicted|"
    r"immutable|unavailable|too many|too large|in use|no space|not ready|rejected|unexpected|eof|"
    r"killed|back-off|backoff|lost|closing|low on|reset by peer|connection reset|no route|unsupported|"
    r"no(?:\s+\w+){1,2}\s+support|segmentation fault|segfault\w*|core dumped|abort trap|bus error"
    r"|illegal instruction|floating point exception|sig(?:segv|abrt|bus|ill|fpe))\b"
    r"|\w(?:Exception|Error)\b",  # java.io.IOException, redis.exceptions.ConnectionError
    re.IGNORECASE,
)
_SOURCE_LOCATION = regex(r"\b\w+\.(?:go|py|java|rs|c|cc|cpp|js|ts):\d+")
# An HTTP status with its reason, as a server prints it ("502 Bad Gateway", "404 Not Found").
_HTTP_STATUS = regex(r"^(?:HTTP\s*)?[45]\d\d [A-Z][a-z]")
_WORD = regex(r"[A-Za-z][\w'-]*")


# A numbered step of a procedure: "1. Identify the orphaned replica", "Phase 2: Delete the Failed Replica".
_STEP_HEADING = regex(
    r"^\s*(?:\d+[.)]|(?:step|phase|stage)\s+\d+\s*[:.)-])\s*[A-Za-z]+(?<!ing)(?<!ed)\s+"
    r"(?:the|a|an|your|all|any|each|this|that|these|those|its|their)\s",
    re.IGNORECASE,
)


_TASK_HEADING = regex(
    r"^\s*(?:clean\s+up|list|remove|delete|show|find|view|identify|inspect|purge|prune|migrate|rotate|restore)"
    r"\s+(?!(?:failed|fails|failure|error|errors|timed|not)\b)[^:\x22'`]*$",
    re.IGNORECASE,
)
"""A heading that names a task to do (``Clean up unknown artifacts``, ``List orphaned job artifacts``):
a procedure, whatever words of failure its object has; not a message that starts with such a word
(``Delete failed: …``, ``List "pods": Unauthorized``)."""


# A heading that names errors only in general: "Common error messages", "Known errors and fixes".
_ERRORS_IN_GENERAL = regex(
    r"^\s*(?:\d+[.)]\s*)?(?:(?:common|known|frequent|other|typical|general|possible|usual)\s+)?"
    r"(?:errors?|error\s+messages?|error\s+codes?|failures?|issues?|problems?)"
    r"(?:\s+(?:and|&)\s+(?:solutions?|fixes|causes|workarounds?|resolutions?))?\s*$"
    r"|^\s*(?:errors|problems|issues)\s+(?:with|in|using|when|while|during|building|installing|running|deploying)\b"
    r"(?:\s+[\w`'.-]+){0,4}\s*$"
    r"|^\s*(?!.*\b(?:denied|refused|not\s+found|timed\s+out|time\s*outs?|failed|unable|cannot|can't|too\s+many"
    r"|in\s+use|no\s+such|out\s+of|unreachable|reset|expired|invalid|unknown|missing|exceeded)\b)"
    r"(?:[A-Z][\w.-]*\s+){1,3}(?:errors|error\s+messages|failures|issues|problems)\s*$",
    re.IGNORECASE,
)
"""A heading that names errors in general (``Common error messages``) or the errors of an area
(``Errors with GraphQL``, ``Errors building and deploying``, ``Windows Terminal Errors``, one to
three words of any case before ``errors``/``issues``/…, none of them saying what went wrong as a
message would: ``Permission denied errors`` names its message): a group or a topic, no message."""


_ERRNO_NAME = (
    r"E(?:ACCES|ADDRINUSE|ADDRNOTAVAIL|AGAIN|AI_AGAIN|BADF|BUSY|CONNABORTED|CONNREFUSED|CONNRESET|EXIST|HOSTUNREACH"
    r"|INTEGRITY|INVAL|ISDIR|LIFECYCLE|LOOP|MFILE|NAMETOOLONG|NETUNREACH|NFILE|NOENT|NOMEM|NOSPC|NOTDIR|NOTEMPTY"
    r"|NOTFOUND|PERM|PIPE|RESOLVE|ROFS|TIMEDOUT|TXTBSY|XDEV|BADENGINE|NEEDAUTH|JSONPARSE|NOGIT|NOTARGET|NOVERSIONS"
    r"|PEERINVALID|UNSUPPORTEDPROTOCOL|[45]\d\d)"
)
"""An errno name as POSIX and Node print them (``ENOSPC``, ``EADDRINUSE``), and npm's own codes
(``ELIFECYCLE``, ``EBADENGINE``, ``E404`` for an HTTP status)."""
ERROR_CODE_NAME = rf"(?:ERR_[A-Z0-9]+(?:_[A-Z0-9]+)+|{_ERRNO_NAME})"
"""An error code as programs print it: Node's and pnpm's ``ERR_…`` codes, an errno name."""
_ERROR_CODE = regex(rf"^\s*`?{ERROR_CODE_NAME}`?\s*$")
"""A heading that is one error code as programs print it (``ERR_PNPM_PEER_DEP_ISSUES``,
``ERR_OSSL_EVP_UNSUPPORTED``, an errno name such as ``EADDRINUSE``): the error itself, though it
has no words."""


_SYSCALL_ERROR = regex(
    r"\b(?:connect|read|write|getaddrinfo|getnameinfo|queryA{1,4}|querySrv|open|close|spawn(?:\s+\S+)?|listen|bind"
    r"|accept|mkdir|rmdir|unlink|rename|stat|lstat|fstat|scandir|readdir|readlink|symlink|link|chmod|chown|utime"
    rf"|copyfile|access|watch|kill|fsync|ftruncate|uv_\w+)\s+{_ERRNO_NAME}\b"
)
"""Node's message for a failed system call: the call, its errno and what it was given (``connect
ECONNREFUSED 127.0.0.1:5432``, ``getaddrinfo ENOTFOUND registry.npmjs.org``, ``read ECONNRESET``,
``spawn git ENOENT``): what a program printed, though it has few words."""


_CODED_MESSAGE = regex(rf"^\s*`?{ERROR_CODE_NAME}`?:\s+\S")
"""A message after its error code, as Node and npm print it (``ENOSPC: System limit for number of file
watchers reached``, ``ERR_OSSL_EVP_UNSUPPORTED: …``)."""


_LABELLED_CODE = regex(r"^\s*`?[Ee]rror(?:\s+[45]\d\d\s*:\s*\S|\s*:\s+[a-z][a-z0-9]*(?:_[a-z0-9]+)+`?\s*$)")
"""An error as a service names it to a client: ``Error``, an HTTP status and a reason (``Error 403:
access_denied``, ``Error 400: redirect_uri_mismatch``), or an error code in snake case (``Error:
invalid_grant``), as OAuth servers and APIs print them: the error itself, though it has few words."""


def classify(title: str) -> Kind:
    """``"error"`` for a heading that reads as a program's message, ``"topic"`` otherwise (a
    numbered step that names a failure, "Phase 2: Delete the Failed Replica", is a topic, as is a
    heading that names errors in general, "Common error messages")."""
    if (
        _SOURCE_LOCATION.search(title)
        or _HTTP_STATUS.search(title.strip())
        or _ERROR_CODE.match(title)
        or _SYSCALL_ERROR.search(title)
        or _CODED_MESSAGE.match(title)
        or _LABELLED_CODE.match(title)
    ):
        return "error"
    if _STEP_HEADING.match(title) or _ERRORS_IN_GENERAL.match(title) or _TASK_HEADING.match(title):
        return "topic"
    if len(_WORD.findall(title)) >= 3 and _CUES.search(title):
        return "error"
    return "topic"


STACK_FRAME = Pattern(
    r"^(?:\S*/)?[\w.-]+\.(?:go|py|java|[cm]?js|jsx|tsx?|rs|rb|c|cc|cpp|cs):\d+(?::\d+)?(?:\s+\+0x[0-9a-f]+)?$|^node:[\w/]+:\d+$"
    r"|^at\s+(?:async\s+)?[\w.$<>/]+\([^()\n]*\)$"
    r"|^at\s+(?:async\s+|new\s+)?[\w.$]+ \((?:<anonymous>|native|index \d+)\)$"
    r"|^at\s+(?:async\s+)?(?:new\s+)?(?:\S+\s+)?(?:\[as [^\]\s]+\]\s+)?\(?[^()\s]+:\d+:\d+\)?(?: \{)?$"
    r"|^File \x22[^\x22\n]{0,300}\x22, line \d+(?:, in \S+)?$|^goroutine \d+ \["
    r"|^[\w./()*-]+\((?:0x[0-9a-f]+|\.\.\.)(?:,\s*(?:0x[0-9a-f]+|\.\.\.))*\)$|^created by [\w./()*-]+$"
    r"|^[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:/[\w.~-]+)*/[\w~-]+(?:\.\(\*?\w+\))?(?:\.\w+)+$"
    r"|^- [\w.-]+\.(?:[cm]?js|jsx|tsx?):\d+ [\w.$<>\[\] ]+$"
    r"|^\*?\s*frame #\d+: 0x[0-9a-f]+|^\*?\s*thread #\d+(?:, (?:name|queue) = [^,\n]*)*$"
    r"|^#\d+\s+(?:0x[0-9a-f]+ in \S|[^\s(]+ \([^\n]*\) at \S+:\d+$)"
)
"""A frame of a stack trace (``at Object.fs.watch (fs.js:1257:11)``, ``at Server.setupListenHandle [as
_listen2] (net.js:1360:14)``, ``at new Promise (<anonymous>)``, ``File "x.py", line 3, in f``,
``/usr/local/go/src/runtime/panic.go:500 +0x1a1``, Node's ``node:events:491``, ``main.run(0xc4200c6200)``, ``goroutine 7
[running]:``, a debugger's ``frame #6: 0x7f…``, ``thread #37, name = 'worker'`` and gdb's ``#0  0x7f… in raise ()``,
``#1  __pthread_kill_internal (signo=6) at ./nptl/pthread_kill.c:78``, a last frame that opens the error's
properties as Node prints them, ``at TCPConnectWrap.afterConnect (net.js:1141:16) {``, a Go function alone
on its line as ``github.com/pkg/errors`` prints a stack, ``github.com/grafana/loki/pkg/loki.(*Loki).Run``, and the
``- nodefs-handler.js:37 createFsWatchInstance`` of a Node program's pretty-printed trace):
where an error passed, not what it says, in a paste or quoted in an answer. A thread's line with
its ``stop reason = signal SIGSEGV: invalid address`` says what happened: no frame."""
INFO_LINE = Pattern(
    r"(?:^|\s)I\d{4} \d{2}:\d{2}:\d{2}|(?:^|[\s\[])(?:INFO|DEBUG|TRACE|NOTICE)[\]:\s]|(?:^|\d\s)[NIDT] \| \S"
    r"|^\s*(?:info|debug|trace): |^\s*[\u2801-\u28ff] |\.go:\d+[: ][\w.*()]{0,80}\(\)\]? \[[IDT]\] "
    r"|^\[Nest\] \d+ [^\n]{0,40}?[\dM] +(?:LOG|DEBUG|VERBOSE) |^\S{0,40}\s?(?:INF|DBG|TRC) [\w.@/-]+\.go:\d+ > "
    r"|(?:[░▒▓█▉▊▋▌▍▎▏■□]{4}|\[[=#>.-]{4}[=#>. -]{0,100}\])[^\n%]{0,120}?\b\d{1,3}(?:\.\d+)?%"
    r"|(?:^|\s)(?:level|lvl)=(?:info|debug|dbug|trace)\b|(?:^|\t)(?:info|debug)\t"
    r"|(?:^|\s)\[[i✔✓√]\]\s|^\s*Normal {2,}[A-Z]\w+ {2,}"
    r"|^\s*(?:[a-z0-9][\w.-]{0,62}\s+\|\s+)?(?:\d{4}-\d{2}-\d{2}T[\d:.]+Z\s+)?"
    r"(?!(?:error|err|fatal|warn|warning|panic|exception)\b)[a-z][\w.-]*(?::[a-z][\w.-]*)+\s+"
    r"(?![^\n]*(?:\bE[A-Z]{3,}\b|[Ss]egmentation|reset by|refused|[Kk]illed|denied|timed? ?out|panic|abort|fatal"
    r"|[Ee]rror|[Ff]ail|crash|[Ee]xception))\S"
)
"""A log line at info level or below (klog's ``I0101 12:00:00``, ``INFO``, rustup's ``info: ``, ``level=info``, zap's
tab-separated ``info``, capnslog's ``I | ``, Gitea's ``init.go:77:initDBEngine() [I]``, zerolog's ``INF x.go:80 >``,
NestJS's ``LOG``,
a progress bar (``Uploading assets | ░░░░ | 0% | ETA: 0s``, ``[=====>   ] 45%``), eksctl's and flutter
doctor's ``[ℹ]`` and ``[✔]``), or a
debug line of a Node program (``2023-12-20T13:38:20.924Z cypress:server:remote-states getting
remote state``: ``DEBUG=…`` prints each under its namespace, behind a compose prefix too; not one
that reports a failure, ``app:db Segmentation fault``), or a ``kubectl describe`` event of type
``Normal`` (``Normal  Scheduled  20m  default-scheduler  Successfully assigned …``), or a step in progress
under a terminal spinner's frame (``⠋ initialize cache``: a step that fails is redrawn with a cross)."""
TABLE_HEADER = Pattern(
    r"^[A-Z][A-Z0-9_-]*(?:(?: [A-Z0-9_()-]+)+(?:(?: {2,}| *\t[ \t]*)[A-Z][A-Z0-9_()-]*(?: [A-Z0-9_()-]+)*){2,}"
    r"|(?:(?: {2,}| *\t[ \t]*)[A-Z][A-Z0-9_()-]*(?: [A-Z0-9_()-]+)*)+)[ \t]*$"
    r"|^\s*Type {2,}Reason {2,}Age {2,}From {2,}Message\s*$|^\s*Events:(?:\s+<none>)?\s*$"
)
"""The header of a status table (``NAME  READY  STATUS  RESTARTS``; tab-separated and padded as
``flux get`` prints it, ``NAMESPACE\tNAME   \tREADY\tMESSAGE``; ``docker ps``'s ``CONTAINER ID   IMAGE …``,
a first column of two words before two more columns at least: ``SEGMENTATION FAULT  CORE DUMPED`` is a message);
and ``kubectl describe``'s ``Events:`` label and its table's ``Type  Reason  Age  From  Message``."""
_NO_CUE = (
    r"(?![^\n]*(?:[Ee]rror|ERROR|[Ff]ail|FAIL|[Dd]enied|[Ii]nvalid|[Uu]nknown|\bnot\b|[Mm]ismatch|[Ee]xpired|[Rr]efused"
    r"|\bmust\b|[Tt]imed? ?out|[Ff]orbidden|[Uu]nauthori[sz]ed|[Ii]ncorrect))"
)
"""A line that reports nothing wrong in words (of the lines quiet only by their shape: ``curl -v``'s)."""
HEALTHY_ROW = Pattern(
    r"^\S+(?:(?: {2,}|\t)\S+)*?(?: {2,}|\t)"
    r"(?:(\d+)/\1(?: {2,}|\t)(?:Running|Completed|Succeeded)|Completed|Succeeded|Bound|Active|Ready|Healthy|Synced"
    r"|Available)(?: {2,}|\t|$)"
    r"|^(?:\S+(?: \S+)* {2,})+?Up (?:\d+|About an?|Less than an?) (?:second|minute|hour|day|week|month|year)s?"
    r"(?: ago)?(?: \(healthy\))?(?: {2,}|$)"
    r"|^\s*\[?[√✓✔☑]\]?\s+\S|^\s*\S[^\n]*?(?<!\.)\.{3,} *\[ *(?:ok|OK|Ok) *\]\s*$|^\s*\[ +OK +\] +\S"
    r"|^\s*[A-Z][a-z]+ [\w.-]+ +\.\.\. +done\s*$"
    r"|^\s*[0-9a-f]{12}: (?:Preparing|Waiting|Pushing|Pushed|Layer already exists|Mounted from|Pulling fs layer"
    r"|Downloading|Download complete|Verifying Checksum|Extracting|Pull complete|Already exists)\b"
    rf"|^\s*(?:[<>] )?{_NO_CUE}(?:[Hh]ost: [\w.-]+(?::\d+)?\s*$|[Dd]ate: (?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), "
    r"|(?:[Aa]ccept(?:-[\w-]+)?|[Uu]ser-[Aa]gent|[Cc]ontent-(?:[Tt]ype|[Ll]ength|[Ee]ncoding)|[Xx]-[\w-]+|[Cc]ache-[Cc]ontrol"
    r"|[Tt]ransfer-[Ee]ncoding|[Ll]ast-[Mm]odified|[Kk]eep-[Aa]live|[Aa]ccess-[Cc]ontrol-[\w-]+"
    r"|[Ss]trict-[Tt]ransport-[Ss]ecurity|[Ss]et-[Cc]ookie):[ \t])"
    r"|^\s*[<>]\s*$|^(?:> )?(?:GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) /\S* HTTP/[\d.]+$"
    rf"|^\*\s+{_NO_CUE}(?:Trying |Connected to |Mark bundle |ALPN|TLSv[\d.]+ \(|SSL connection using "
    r"|Server certificate:|Connection #\d+ "
    r"|Closing connection|Using HTTP2|Expire in |Uses proxy env|Host \S+ was resolved|IPv[46]: |Established connection "
    r"|using HTTP|Request completely sent|upload completely sent|CAfile: |CApath: |Copying HTTP/2 data"
    r"| +(?:subject|start date|expire date|issuer|subjectAltName|SSL certificate verify ok))"
)
"""A row of a status table about something healthy (``web-0  1/1  Running``; ``docker ps``'s
``… Up 3 hours (healthy) …``, podman's ``Up 3 hours ago``, not ``(unhealthy)`` nor ``Restarting
(1)``), or a check or step a tool marks as passed (``√ can initialize the client``, ``[✓] Flutter``, `` ✓ Ensuring node
image``, ``can query the Kubernetes API.......[ok]``, systemd's ``[  OK  ] Started …``, docker-compose's
``Creating harbor-log ... done``, a layer docker pushes or pulls on its
way: ``e156c976a2ba: Pushing [====>]``, not ``Retrying in 1 second``); and what ``curl -v`` says on the
way to the answer: the headers it sends and gets (``> Host: …``, ``< Content-Type: …``) and its
progress (``* Connected to …``), not its status line (``< HTTP/1.1 400 Bad Request``) nor ``* SSL
certificate problem: …``)."""


def is_quiet_row(line: str) -> bool:
    """A status table's header or healthy row: output that reports nothing wrong, in a paste or
    quoted in an answer."""
    return bool(TABLE_HEADER.regex.match(line) or HEALTHY_ROW.regex.match(line))


INCLUDE = regex(
    r"""^\s*(?:-{2,}8<-{2,}\s*["']([^"'\n]+)["']|\{!\s*([^!\n]+?)\s*!\}"""
    r"""|\{%-?\s*include(?:-markdown)?\s+["']?([^"'%\s]+)["']?[^%\n]*%\}"""
    r"""|\{\{#(?!(?:if|each|unless|with|let|lookup|log|else)\b)[a-z][a-z_]{0,30}[ \t]+(?=[^\s{}]*[./])([^\s{}]+)"""
    r"""(?:[ \t]+[^\s{}][^{}\n]{0,200})?[ \t]*\}\}"""
    r"""|\[![Ii][Nn][Cc][Ll][Uu][Dd][Ee]\s*\[[^\]\n]{0,200}\]\(([^()\s]+)\)\])\s*$"""
)
"""A line that includes a file where the site builds the page: pymdownx.snippets' ``--8<-- "file"``,
markdown-include's ``{!file!}``, mkdocs-include-markdown's and Jekyll's ``{% include… "file" %}``,
mdBook's ``{{#include file}}`` and its preprocessors' (``{{#rustdoc_include …}}``, ``{{#literatego …}}``),
which mdBook expands in code blocks too (:data:`INCLUDE_IN_CODE`): a path, not Handlebars' helpers
(``{{#each people.friends}}``); docfx's ``[!INCLUDE [title](path)]``, in any case (``[!include[…](…)]``)."""
INCLUDE_IN_CODE = "{{#"
"""How an include directive mdBook expands inside a code block starts."""
SHORTCODE = regex(r"\{\{[<%](?!/\*)[^{}\n]{0,300}?[%>]\}\}")
"""A Hugo shortcode in a line (``{{% version %}}``, ``{{< param "x" >}}``), not one quoted as code
(``{{</* x */>}}``): its output only Hugo knows."""
