"""The error texts an entry answers, read from where its author wrote them.

- its heading, when the heading reads as a program's message, and the messages quoted in a
  heading (``Why Am I Getting `rpc error: … transport is closing` When Using The CLI?``);
- program output in its answer: lines of code blocks and quotes that read as errors, inline code
  that does, prose lines that start like an error (``Error: …``), and everything shown in an
  "Error message" part (origin ``message``: the author states it, as a heading does), a
  "Symptom" part or a block a paragraph introduces ("… you will see the following error:") —
  never the commands that fix it (prompts, ``kubectl …``, ``sudo …``), comments, or
  configuration files. What the answer shows before its fix begins, up to its first block of
  output, is marked ``first``: the problem as its author shows it, not output met on the way;
- aliases the author wrote for it: ``<!-- kbfind-alias: … -->`` under the heading (one per
  line inside the comment), or the front matter's ``kbfind: {aliases: {<id or title>: […]}}``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from kb.kind import ERROR_CODE_NAME, INFO_LINE, STACK_FRAME, classify, is_quiet_row
from kb.model import Template, TemplateOrigin
from kb.sections import answers, numbered_case

if TYPE_CHECKING:
    from markdown_it.token import Token

__all__ = ["MAX_TEMPLATES", "alias_lines", "body_templates", "heading_templates", "without_aliases"]

MAX_TEMPLATES = 24
"""Templates kept per entry, in order: heading, aliases, error-message parts, the rest."""

_MAX_CHARS = 500
_COMMAND_WORDS = (
    "kubectl|kubeadm|kind|minikube|k3s|helm|argocd|cmctl|docker|podman|buildah|skopeo|crictl|ctr|nerdctl|"
    "gitlab-runner|brew|git|curl|wget|apt|apt-get|yum|dnf|zypper|apk|snap|pip|pip3|npm|yarn|go|make|python|python3|"
    "systemctl|journalctl|service|sysctl|modprobe|usermod|useradd|setsebool|semanage|restorecon|chcon|grubby|"
    "reboot|mount|umount|ip|iptables|nft|firewall-cmd|ufw|ssh|scp|openssl|export|set|unset|source|cd|ls|cat|echo|"
    "mkdir|rm|cp|mv|chmod|chown|ln|touch|tee|sed|awk|grep|find|xargs|env|watch|sudo|su|vi|vim|nano|tar|unzip|"
    "for|while|if|then|do|done|fi|eval|exec|nslookup|dig|ping|telnet|nc|open|defaults|xcode-select|launchctl"
)
# Go's errors start with the call that failed and its object, before a colon: "exec /app: exec
# format error", "open /etc/x: no such file", "watch chan error: …". Not an option ("grep -i error:").
_GO_VERBS = "exec|open|mkdir|mount|umount|watch|stat|lstat|chmod|chown|rm|mv|cp|ln|touch|unlink|rename|remove|read"
_ARG = r"""[^\s:"'=-][^\s:"'=]*"""
_NET_OP = r"(?:set|read|write|close|listen|accept|dial)\s+(?:tcp|udp|unix|ip)[46]?\s"
"""A Go network error's operation and network (``set tcp 1.2.3.4:5->6.7.8.9:10: setsockopt: …``,
``read udp …``): the shell has ``set`` and ``read`` too, but this is the program's error."""
_SAYING = (
    r"(?:requires?|required|cannot|can't|invalid|unrecognized|unknown|deprecated|unsupported|missing|expected|for|with"
    r"|use|used|option|flag|argument|value|must|not|no|only|conflicts?|is|are|was|needs?)"
)
"""Words of a sentence about an option (``option --output requires an argument``, ``cannot use --force with
--dry-run``, ``invalid value for --memory-limit``): a program's message, not a command someone types."""
_COMMAND = re.compile(  # not such an error, nor npm's "npm ERR! …" lines
    rf"^(?:[$%>]\s|#\s|PS [A-Z]:\\|[\w.-]+@[\w.-]+[:~][^\s]*\s?[$#]\s?"
    rf"|(?:sudo\s+)?(?!(?:{_GO_VERBS})\s+{_ARG}(?:\s+{_ARG})?:\s)(?!{_NET_OP})(?:{_COMMAND_WORDS})(?:\s|$)"
    r"(?!\s*(?:ERR!|WARN|notice|http|verb|sill)\s)"
    r"|[A-Za-z_]\w*=[\"']?(?:\$\(|`)"  # a shell variable set from a command: pods=$(…)
    r"|(?![^\n]*(?:\b(?:ERROR|WARN(?:ING)?|FATAL)\b|ERR!|[Ee]rror:))"  # not a program's error that names an option:
    rf"(?!{_SAYING}\b)[a-z][\w.-]*(?:\s+(?!{_SAYING}\b)[\w./=@-]+)*?\s+--[a-z][\w-]+(?:=\S*)?(?:\s|$))"  # a long option
)
_COMMENT = re.compile(r"^(?:#|//|--\s|;)")
# An option on its own line, a line continued; not a shell's own error ("-bash: x: command not found").
_CONTINUATION = re.compile(r"^-{1,2}(?![\w-]+:\s)[\w-]|\\$")
# What makes a line of output an error, even a short one ("Error: no such image", "ERRO[0000] …").
_CUE = re.compile(
    r"\b(?:error|errors|err|erro|fail\w*|fatal|panic|denied|refused|cannot|can't|couldn't|unable|invalid|"
    r"not found|no such|not permitted|not allowed|timeout|timed out|exception|warn\w*|forbidden|unauthorized|"
    r"expired|x509|killed|oom\w*|no space|not ready|unknown|missing|blocked for more than|hung)\b"
    r"|(?<![-_.\"])\binsecure\b(?![-_.]|[^:\n]{0,40}:\s*\S)"  # not a setting: insecure-registries
    r"|\b[EWF]\d{4}\b|\bHEALTH_(?:WARN|ERR)\b"
    r"|^\W{0,3}[\u26a0\u274c\u2716\u2757]",  # led by a warning/error sign: ⚠️ Docker Socket …
    re.IGNORECASE,
)
_PROSE_ERROR = re.compile(
    r"^(?:error|fatal|panic|warning|failed|unable to|cannot|couldn't|E\d{4}|ERRO|WARN)\b[\s:\[(]", re.IGNORECASE
)
_BOLD_LABEL = re.compile(r"^\s*\*\*([^*:\s][^*:\n]{0,39}?)[ \t]*(?::[ \t]*)?\*\*[ \t]*:?(?:\s|$)")
"""A paragraph that opens with a label in bold (``**Symptoms:**``, ``**Solution**: …``, ``**Note:**``):
it opens the part it names, to the next such label or heading, as a part's heading would; the
label is a name, with no colon inside it (``**Error: could not connect**`` is a bold message).
One run of blanks before the closing marks, so a long run of them is read once."""
_OUTPUT_LANGUAGES = frozenset(
    {"", "text", "txt", "log", "logs", "console", "shell-session", "shellsession", "sh-session", "output", "plaintext",
     "plain", "none", "terminal", "sh", "bash", "shell", "zsh", "powershell", "ps1", "pwsh-session", "ps1con", "doscon",
     "cmd", "bat", "sql", "java", "python-traceback", "pytb", "pycon", "python-console"}
)  # fmt: skip
"""Languages of a block that may show a session's output: GitHub's ``ShellSession`` (kubespray fences
almost every block so), Pygments' sessions and consoles (``pycon``, ``ps1con``, ``doscon``)."""
_ERROR_PART = re.compile(r"^\s*(?:\d+[.)]\s*)?(?:error\s+messages?|errors?|报错|错误信息?)\b", re.IGNORECASE)
"""A part that shows the error message itself: every line of output in it is the message."""
ERROR_BOX = "!!! error"
"""The title of an answer's part that is the body of an admonition showing a failure (``!!! error``,
``??? failure``): its blocks are the message, and so is each line of its text that reads as an error
(MkDocs pages write ``!!! error`` then ``    FATAL failed to download vulnerability DB``)."""
_SHOWN_PART = re.compile(r"^\s*(?:\d+[.)]\s*)?(?:symptoms?|output|logs?|problem|issue|现象|症状|问题)\b", re.IGNORECASE)
"""A part that shows what happens: its lines that report errors are messages."""
_INTRO = re.compile(
    r"(?:the following (?:error|errors|error messages?|message|messages|output|warning|warnings)"
    r"|example (?:failures?|errors?|error messages?|warnings?)"
    r"|(?:an?|the) (?:error|error message|message) (?:like|such as|similar to)"
    r"(?: (?:the following|this|(?:any |one )?of (?:the following|these)))?"
    r"|(?<!avoid )(?<!prevent )(?<!hide )(?<!hides )(?<!fix )(?<!fixes )(?<!suppress )"
    r"(?<!not get )(?<!not see )(?<!n't get )(?<!n't see )(?<!never get )(?<!never see )(?<!no )"
    r"(?:errors|error messages|warnings) (?:(?:when|while|during|after|on|in|from) (?:(?!with\b)[\w`.-]+ ){1,3})?"
    r"(?:like|such as|similar to)(?: the following| this| these)?"  # errors when deleting documents like:
    r"|(?:errors|error messages|warnings) (?:will|would|may|might|can|are|get) (?:be )?(?:logged|shown|printed"
    r"|reported|displayed)(?: (?:in|by|to) (?!with\b)[\w`.-]+(?: (?!with\b)[\w`.-]+){0,5})?,?"
    r" (?:like|such as|similar to)(?: the following| this| these)?"  # will be logged in Rancher …, similar to:
    r"|you(?:['’]ll| will| may| might| can| should| would)? (?:find|see|get|notice)(?: \w+){0,2}"
    r" (?:logs?|log (?:lines|entries|messages)) (?:like|similar to) (?:this|these|the following)"  # you'll find logs …
    r"|(?:you|it|they)(?: will| would| might| may| can|['’]ll)? (?:see|get|print|prints|show|shows)"
    r"(?: something like(?: this| that)?)?"
    r"|(?:see|seeing|get|getting|receive|receiving) (?:this|these|the|an?)"
    r" (?:error|errors|error message|message|warning)"
    r"|(?:throws?|raises?|returns?|logs|emits?|reports|displays|prints) (?:this|these|the following)"
    r" (?:error|errors|error message|message|messages|warning)"
    r"|fails? with(?: the| an)?(?: error(?: message)?)?(?: like)?"
    r"|with (?:the|an) error(?: message)?(?: like)?)"
    r"(?: (?:in|from) (?:the |your |its )?(?:`[^`\n]{1,40}`|(?:[\w.-]+ ){0,2}"
    r"(?:logs?|output|console|terminal|journal|dmesg|events|browser)))?"  # in `dmesg`, in the operator log
    r"(?:\s*[:.]?|,?\s*(?:e\.g\.|for example|like this)\s*:)\s*$"
    r"|(?:will|would|might|may) (?:tell you|warn you|complain)(?: (?:this|that|something like(?: this)?))?"
    r"(?:,?\s*(?:e\.g\.|for example|like this))?\s*:\s*$",
    re.IGNORECASE,
)
"""The end of a paragraph that introduces the error shown next (``… you will see the following
error message:``, ``… the following messages in `dmesg`.``, ``Hugo throws this error:``, ``This may
cause errors like:``): every line of output in the code block or quote after it is a message, and
every item of a list after it that is one code span."""
INTRODUCED = 3
"""How much a code block after such a paragraph shows: every line, as an error-message part's (2),
but as output quoted in the answer, not the entry's stated error (measured on the folds: as stated,
cert-manager's page lost a quarter of its answers to errors that several of its entries quote)."""
_ALIAS = re.compile(r"<!--\s*kbfind-alias\s*:?(.*?)-->", re.DOTALL | re.IGNORECASE)
_QUOTED = re.compile(r'"([^"\n]{8,})"|“([^“”\n]{8,})”|「([^「」\n]{8,})」')
"""A quote in a heading: in double quotes, as English writes them, or as Chinese does (``“…”``, ``「…」``)."""


def heading_templates(title: str, code_spans: Sequence[str], line: int) -> list[Template]:
    """The heading when it reads as an error, and the errors it quotes."""
    found = [Template(title, line, "heading")] if classify(title) == "error" else []
    found += [Template(e, line, "heading") for e in _wrapped_errors(title)]
    if (asked := _asked_in_chinese(title)) and (
        classify(asked[0]) == "error" or (asked[1] and len(asked[0].split()) >= 3)
    ):
        found.append(Template(asked[0], line, "heading"))  # an error, or named one: "Type is required 异常"
    found += [Template(m.group(1), line, "heading") for m in _NAMED_CODE.finditer(title)]
    found += [
        Template(code, line, "heading")
        for code in dict.fromkeys(m.group(1) for m in _PRINTED_CODE.finditer(title))
        if code not in (title.strip("` "), *code_spans)
    ]
    found += [Template(state, line, "heading") for state in _named_states(title)]
    quoted = [*code_spans, *(next(g for g in m.groups() if g) for m in _QUOTED.finditer(title))]
    found += [
        Template(q, line, "heading")
        for q in quoted
        if q.strip() != title
        and (
            classify(q) == "error"
            or _LABELLED_ERROR.match(q)
            or _named_in(title, q)
            or (_ONLY_QUOTES.match(title) and len(q.split()) >= _NAMED_WORDS)
        )
    ]
    return found


_LISTED = r"(?:`[^`\n]+`|[\w-]+)(?:\s*(?:,|/|\bor\b|\band\b)\s*(?:`[^`\n]+`|[\w-]+))*"
_STATE_NAMED = re.compile(
    rf"(?P<a>{_LISTED})\s+(?:states?|status(?:es)?|phase|状态)(?!\w)"  # `A` or `B` state
    rf"|(?:\b(?:stuck|stays?|remains?|hangs?|is|are|gets?|goes|went|puts?\s+\S+)\s+(?:in|at|into)|\benters?"
    rf"|\b(?:states?|status|phase)\s+(?:is|was|becomes|shows)|卡在)\s*(?:the\s+)?(?P<b>{_LISTED})",  # stuck in `A`
    re.IGNORECASE,
)
_STATE_WORD = re.compile(r"`?([A-Z][a-z]+(?:[A-Z][a-z0-9]*)+)`?$")


def _named_states(title: str) -> list[str]:
    """The states a heading names in a program's own word (``Pods in `RunContainerError`,
    `CrashLoopBackOff` or `Error` state``, ``stuck in `Pending` or `ContainerCreating` ``, ``卡在
    Terminating 状态``): each, a word of two capitalised parts or more, is an error text of its own,
    the status column of a ``kubectl get`` row; not a plain word (``Pending``, ``Error``), which any
    output holds."""
    found = []
    for m in _STATE_NAMED.finditer(title):
        for item in re.split(r"\s*(?:,|/|\bor\b|\band\b)\s*", m.group("a") or m.group("b")):
            if (state := _STATE_WORD.match(item.strip())) and state.group(1) not in found:
                found.append(state.group(1))
    return found


_NAMED_CODE = re.compile(
    r"(?<![\w`'\x22])([A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*){2,})\s+(?:error|fault|exception)s?(?:\s+codes?)?\b"
)
"""An error's code the heading names bare, by what follows it (``Troubleshoot the SubnetIsFull error code``,
``OutboundConnFailVMExtensionError error code (50)``): the code a user types or a program prints, as an
error text of its own; three capitalised parts at least, not a product's name (``GitLab error``)."""


_PRINTED_CODE = re.compile(rf"(?<![\w-])({ERROR_CODE_NAME})(?![\w-])")
"""An error code as programs print it (an errno name, a Node.js ``ERR_…`` code), named in a heading's
sentence (``Vite crashes with ENOSPC error``, ``I see EACCES: permission denied error trying to rename a
folder``): the code is an error text of its own, since a program prints it on a line of other words
(``Error: watch /app/src ENOSPC``) that hold little of the sentence."""


_ASK_VERBS = (
    "如何解决", "怎么解决", "怎样解决", "该如何解决", "如何处理", "怎么处理", "怎么办",
    "解决方法", "解决办法", "解决方案", "处理方法",
)  # fmt: skip
_ASK_ENDINGS = sorted(
    {
        f"{named}{of}{verb}"
        for named in ("异常", "错误", "报错", "")
        for of in ("的", "，", ",", "")
        for verb in _ASK_VERBS
    },
    key=len,
    reverse=True,
)
"""How a Chinese FAQ asks about an error after its message (``异常如何解决``, "how to solve this exception";
``异常的解决方法``, ``如何解决``), longest first."""
_TAG_LEAD = re.compile(r"^\s*(?:[\[【][^\]】\n]{1,20}[\]】]\s*)?(?:出现|报|提示|遇到)?")


def _asked_in_chinese(title: str) -> tuple[str, bool] | None:
    """The message a Chinese FAQ's question is about (``[单表] Table or view `%s` does not exist. 异常如何解决？``),
    its ``[tag]`` left out, and whether the question names it an error (异常, 错误, 报错); ``None`` when it asks
    nothing so, or what it asks about is no Latin-script message."""
    text = title.rstrip(" \t？?。")
    ending = next((e for e in _ASK_ENDINGS if text.endswith(e)), None)
    if ending is None:
        return None
    message = _TAG_LEAD.sub("", text[: len(text) - len(ending)], count=1).strip()
    if not message or any("\u4e00" <= c <= "\u9fff" for c in message) or not re.search("[A-Za-z]", message):
        return None
    return message, ending[:2] in ("异常", "错误", "报错")


_REPORTED_ZH = r"(?:报错|报错提示|错误提示|错误信息|提示错误|抛出异常|出现异常|出现错误)"
"""Words that say what follows is the error a program reported (报错, 抛出异常): before a message or a quote."""
_PRINTS_ZH = r"(?:日志|控制台|终端)?(?:中)?(?:一直|不停|反复|持续|总是)?(?:打印|输出)(?:了|出)?"
"""Words that say what follows is what a program prints (日志一直打印 "the log keeps printing"): to the
heading's end, in Latin script, it is a line of its output, whatever its words (``Nacos is starting...``)."""
_THROWN_ZH = r"(?:抛出|报(?:这个|如下|以下|下面的?)错\s*[:：]?)"
"""Words that say the Latin text glued after them is what a program threw or reported (``回滚时抛出Cannot
construct instance of …？``, ``TC报这个错：An exceptionCaught() …是什么原因？``): up to the next Chinese."""
_WRAPPED_IN_HEADING = (
    re.compile(r"\s[-–—]\s+(?P<e>[^-–—`]+)$"),
    re.compile(r"^(?P<e>.+?)\s+when\s+(?:running|using|building|installing|starting|executing|deploying)\s+`"),
    re.compile(r"\bresults?\s+in\s+(?P<e>.+)$", re.IGNORECASE),
    re.compile(
        r"\b(?:fails?|failed|failing|crash(?:es|ed)?|aborts?|aborted|errors?\s+out)\s+with"
        r"(?:\s+(?:the\s+|an?\s+)?(?:error|message|exception))?\s*:?\s+(?P<e>[^`\s\x22].+)$",
        re.IGNORECASE,
    ),
    re.compile(rf"{_REPORTED_ZH}\s*[:：]?\s*(?P<e>[-/A-Za-z0-9\[(][^\n]+)$"),
    re.compile(
        rf"(?:{_REPORTED_ZH}\s*[:：]|{_PRINTS_ZH}\s*[:：]?)\s*(?P<e>[A-Za-z][^\n\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+)$"
    ),
    re.compile(rf"{_THROWN_ZH}\s*(?P<e>[A-Za-z][^\n\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+)"),
)
"""A heading that wraps its error in a sentence: ``Problems installing `sharp` - gyp ERR! build
error``, ``Error: ReferenceError: window is not defined when running `gatsby build` `` (an error
as a program labels it, then the command it came from), ``Installing plugins for styling results
in Generating SSR bundle failed``; or names it after what failed (``Calling openAPI fails with
code:503,msg:server is DOWN now``, ``调用openAPI 报错 code:503,msg:…``: :data:`_NAMED_WRAPS`)."""
_NAMED_WRAPS = frozenset({3, 4})
"""The wraps whose words name the rest an error: it need not read as one on its own (no error word),
where it reads as printed (:data:`_PRINTED_FIELD`: a field, ``code: 503``, a quote, an exception's class, a
shell's ``-bash:`` or a path), not
as a description (``fails with SSO enabled``, ``fails with Node 18: use Node 16``); in Chinese, where the
message starts after the words (``报错 code:503``, not ``报错后如何查看日志: …``)."""
_COLON_WRAP = 5
"""The wrap whose words and colon name the rest the error, whatever its words (``TiKV 启动报错：duplicated
store address``), or whose words say a program prints it (``日志一直打印 Nacos is starting...``): two words
of Latin script, as a program prints them, to the heading's end; not a pointer to read on (``部署报错：See
the FAQ for details``)."""
_THROWN_WRAP = 6
_SAYS_WRAPS = frozenset({_COLON_WRAP, _THROWN_WRAP})
"""The wraps whose words alone say the rest is what a program printed, threw or reported (报错：, 打印, 抛出);
after 抛出 or 报这个错 even a text that opens like a description (``An exceptionCaught() event was fired``)."""
_POINTER = re.compile(r"^(?:see|refer|read|check|visit|contact|follow|click|go\s+to)\b", re.IGNORECASE)
_PRINTED_FIELD = re.compile(r"\b[a-z_][\w.-]*[:=] ?[\w\x22'\[(]|\x22|\w(?:Error|Exception)\b|^[-/]")


_WRAPPED_WORDS = 4  # "401 Unauthorized", "Error: permission denied" are any program's words
_PRINTED = re.compile(r"[:!\x22`_]|\b[A-Z]{3,}\b|[a-z][A-Z]|\b[A-Z][a-z]+[A-Z]")
_DESCRIBED = re.compile(
    r"^(?:fix|ignore|use|check|avoid|enable|disable|set|add|remove|install|update|upgrade|configure|how|why|what"
    r"|when|where|which|can|do|does|is|a|an|the)\b",
    re.IGNORECASE,
)
"""A part that tells what to do or asks (``Fix DNS resolution errors``, ``Why can't …?``) or names a
thing (``a TLS handshake failure``): a description, not what a program printed."""
"""What a program's message has and a description seldom does: a colon, ``!``, a quote, an
identifier (``ERR!``, ``SSR``, ``JavaScript``, ``snake_case``). ``Upgrade - failed pods are
kept`` describes; ``… - gyp ERR! build error`` prints."""


def _wrapped_errors(title: str) -> list[str]:
    """The error a heading wraps, where the part reads as an error of its own."""
    found = []
    for k, wrap in enumerate(_WRAPPED_IN_HEADING):
        m = wrap.search(title)
        part = m.group("e").strip() if m else ""
        if (
            part
            and part != title.strip()
            and (k == _THROWN_WRAP or not _DESCRIBED.match(part))
            and (
                (k in _SAYS_WRAPS and len(part.split()) >= 2 and not _POINTER.match(part))
                or (
                    len(part.split()) >= _WRAPPED_WORDS
                    and (classify(part) == "error" or (k in _NAMED_WRAPS and _PRINTED_FIELD.search(part)))
                    and _PRINTED.search(part)
                    and (k != 1 or _LABELLED_ERROR.match(part))
                )
            )
        ):
            found.append(part)
    return list(dict.fromkeys(found))


_ONLY_QUOTES = re.compile(r"""^\s*"[^"\n]+"(?:\s*(?:,|;|/|\bor\b|\band\b)\s*"[^"\n]+")*\s*$""")
"""A heading that is nothing but double quotes (``"token not valid", "any bearer token is able
to login"``): each sentence quoted is a message its author states, whatever its words."""


_SPANS_LISTED = re.compile(r"""(?:(?:`[^`\n]+`|"[^"\n]+")\s*(?:,|or|and|或者?|和|以及|、|，)\s*)+$""")
"""Quotes listed before a quote (``fails with `A` or `B` ``, ``报错`A`或`B` ``): the words before them name it too."""


_SPAN_MARKS = (("`", "`"), ('"', '"'), ("“", "”"), ("「", "」"))


def _named_in(title: str, span: str) -> bool:
    """A code span or double quote the heading names as an error (``fails with `no endpoints
    available` errors``, ``How to debug "install retries exhausted" errors?``)."""
    at = max(title.find(f"{o}{span}{c}") for o, c in _SPAN_MARKS)
    return at >= 0 and _named(_SPANS_LISTED.sub("", title[max(0, at - 400) : at]), span, title[at + len(span) + 2 :])


def alias_lines(html: str, line: int) -> list[Template]:
    """``<!-- kbfind-alias: … -->`` comments: each non-empty line an alias."""
    out = []
    for m in _ALIAS.finditer(html):
        first = line + html[: m.start()].count("\n")
        for k, text in enumerate(m.group(1).split("\n")):
            if text.strip():
                out.append(Template(text.strip()[:_MAX_CHARS], first + k, "alias"))
    return out


def without_aliases(text: str) -> str:
    """``text`` without its ``<!-- kbfind-alias: … -->`` comments (and the lines they stood on
    alone): they are for the matcher, as a rendered page hides them."""
    return re.sub(rf"[ \t]*{_ALIAS.pattern}[ \t]*\n?", "", text, flags=_ALIAS.flags)


_BLOCK_TITLE = re.compile(
    r'^[ \t]*(?:!!!|\?{3}\+?)[ \t]*[\w-]+(?:[ \t]+[\w-]+)*[ \t]+"([^"\n]+)"[ \t]*$'  # !!! note "…", ??? tip "…"
    r"|^[ \t]*:{3,}[ \t]*[a-z][\w-]*(?:\[([^\]\n]+)\]|[ \t]+(?![\w-]+=)([^\n{]+?))"  # :::danger …
    r"[ \t]*(?:\{[^}\n]*\})?[ \t]*$"
    r"|<summary>[ \t]*((?:(?!</summary>)[^\n])+?)[ \t]*</summary>",  # <details><summary>…</summary>
    re.MULTILINE | re.IGNORECASE,
)
"""The title of a block an answer opens: an admonition's or a collapsible's (``!!! note "…"``,
``??? tip "…"``), Docusaurus' (``:::danger Title``, ``:::warning[Title]``), a ``<details>``' summary; not
docfx's extensions, whose attributes follow their name (``:::image type="content" source="…":::``)."""
_TAG = re.compile(r"<[^<>\n]*>")
_OPENER = re.compile(r"^[ \t]*(?:!!!|\?{3}\+?|:{3,})[ \t]*[a-z]", re.IGNORECASE)
"""A paragraph that opens an admonition, a collapsible or a Docusaurus block: its first line is the
block's kind and title (:func:`_block_titles`), not a sentence that quotes an error."""


def _block_titles(t: Token) -> list[Template]:
    """The titles of the blocks a token opens that read as an error (``!!! failure "Error: lockfile …
    exists"``, ``<summary>Error: invalid token signature</summary>``): the author names the error the
    block is about, as an Error message part does."""
    found = []
    for m in _BLOCK_TITLE.finditer(t.content):
        title = " ".join(_TAG.sub("", next(g for g in m.groups() if g is not None)).split()).strip("`")
        if title and classify(title) == "error" and not title.rstrip().endswith("?"):  # ??? question "Why …?"
            line = t.map[0] + t.content.count("\n", 0, m.start()) + 1  # type: ignore[index]
            found.append(Template(title[:_MAX_CHARS], line, "message"))
    return found


def body_templates(
    tokens: Sequence[Token], parts: Sequence[tuple[str, int, int]], coded: bool = False
) -> list[Template]:
    """Program output quoted in an answer; ``parts`` are ``(title, first line, end line)`` of its
    part sections (0-based), whose error-message parts are read whole. Under a heading that is an
    error's code (``coded``: :func:`is_code`), a paragraph that is one double-quoted text is the
    code's message, as an error-message part's text is."""
    boxed = [(lo, hi) for title, lo, hi in parts if title == ERROR_BOX]
    messages = [(lo, hi) for title, lo, hi in parts if _ERROR_PART.match(title)] + boxed
    shown = messages + [(lo, hi) for title, lo, hi in parts if _SHOWN_PART.match(title)]

    def within(spans: list[tuple[int, int]], t: Token) -> bool:
        return any(lo <= (t.map or [-1])[0] < hi for lo, hi in spans)

    labelled = 0  # the part a bold label opened (**Symptoms:**), as in_error_part says of a heading's

    def in_error_part(t: Token) -> int:
        """2 in an error-message part, 1 in a symptom part, 0 elsewhere."""
        return 2 if within(messages, t) else 1 if within(shown, t) else labelled

    def stated(introduced: Iterable[Template], t: Token, before_fix: bool) -> list[Template]:
        """Output a paragraph introduces, in a part that shows what happens (Symptoms) or the error
        message: its lines that read as errors are the error the entry answers, as the part's author
        states it (a support article's "You receive one of the following error messages:");
        elsewhere (or once the fix has begun: a Solution nested in the part), output quoted on the way
        (:data:`INTRODUCED`), and so are the lines around them (``Mounting command: …``)."""
        if not in_error_part(t) or not before_fix:
            return list(introduced)
        return [replace(x, origin="message") if classify(x.text) == "error" else x for x in introduced]

    found: list[Template] = []
    quotes: list[int] = []  # where each open quote ends: a page's tokens need not hold their closings
    introduced = False  # the paragraph just before says what follows is the error
    carried = False  # ... and a block of the commands that print it came between: only output goes on
    colon = False  # ... names an error and ends in a colon: the one line that follows is the error, too
    quote_introduced = False  # ... and what follows is a quote, or quotes one after another
    first = True  # what the answer shows before its fix begins, up to its first block of output
    heading = False  # the token before opened a heading
    alternative = (False, False)  # the block just before was shown first, introduced: for an "or" after it
    listed = -1  # where a list the paragraph before introduces ends: its items that are one code span are errors
    for t in tokens:
        before = len(found)
        was_first = first
        if heading and t.type == "inline" and answers(t.content):
            first = False  # a Solution, a Workaround, a How to fix, at any depth: the fix begins
        if heading:
            labelled = 0
        elif t.type == "inline" and (label := _BOLD_LABEL.match(t.content)):
            name = label.group(1)
            # the whole name is the part's (**Symptom**), not a phrase that starts like one (**Error handling**)
            labelled = 2 if _ERROR_PART.fullmatch(name) else 1 if _SHOWN_PART.fullmatch(name) else 0
            first = first and not answers(name)
        if heading and t.type == "inline" and t.map and (case := _stated_case(t.content)):
            found.append(Template(case[:_MAX_CHARS], t.map[0] + 1, "message"))
        heading = t.type == "heading_open"
        block = t.type in ("fence", "code_block") and t.map is not None
        ended = False
        while quotes and t.map and t.map[0] >= quotes[-1]:
            quotes.pop()
            ended = True
        if t.type == "blockquote_open" and t.map:
            if not quotes:  # (or an item of a list it introduces: "one of the following errors:", "- > …")
                quote_introduced = introduced or t.map[0] < listed or (quote_introduced and ended)
            quotes.append(t.map[1])
        elif block and t.map:
            alternative = (was_first, introduced)
            output = introduced and not (carried and _language(t) not in _OUTPUT_LANGUAGES)
            level = max(in_error_part(t), INTRODUCED if output else 0)
            first = first and not _fixes(t, level > 0)
            if _language(t) in _OUTPUT_LANGUAGES or level or _REPL.search(t.content) or _TRACEBACK.match(t.content):
                lines = _code_lines(t.content, t.map[0] + (1 if t.type == "fence" else 0), level, _language(t))
                found += stated(lines, t, first) if level == INTRODUCED else lines
        elif t.type == "inline" and t.map:
            found += _inline(t, max(1 if quotes else 0, in_error_part(t)))
            if not quotes and within(boxed, t):  # each line of the box's text that reads as an error is
                taken = {x.line for x in found[before:]}  # the message, whatever read part of it first
                found[before:] = [replace(x, origin="message") for x in found[before:]]
                found += [
                    Template(line.strip()[:_MAX_CHARS], t.map[0] + 1 + i, "message")
                    for i, line in enumerate(_read_lines(t))
                    if t.map[0] + 1 + i not in taken and _output(line.strip(), 1)
                ]
            if t.map[0] < listed and (span := _ONE_SPAN.fullmatch(t.content.strip())) and _output(span[1], INTRODUCED):
                found.append(Template(span[1].strip()[:_MAX_CHARS], t.map[0] + 1, _origin(INTRODUCED)))
            if colon and not quotes and _introduced_line(t.content):
                found += _quoted_lines(t, INTRODUCED)
            if not quotes and (said := _said_alone(t)) and (coded or (_labelled_error(said) and _output(said, 1))):
                found.append(Template(said[:_MAX_CHARS], t.map[0] + 1, "message" if coded else "body"))
            if quotes:
                level = INTRODUCED if quote_introduced else in_error_part(t)
                found += stated(_quoted_lines(t, level), t, first) if level == INTRODUCED else _quoted_lines(t, level)
                quote_introduced = quote_introduced and not _ALERT.match(t.content.lstrip())  # a note ends it
        elif t.type in ("html_block",) and t.map:
            found += alias_lines(t.content, t.map[0] + 1)
        if t.type == "inline" and t.map and _OPENER.match(t.content):  # its title is read as a title, below
            found[before:] = [x for x in found[before:] if x.line != t.map[0] + 1]
        if t.type in ("inline", "html_block") and t.map:
            found += _block_titles(t)
        if first and len(found) > before:
            found[before:] = [replace(x, first=True) if x.origin == "body" else x for x in found[before:]]
            first = not block  # after the first block of output come the checks and their output
        if t.type == "inline" and t.map and any(alternative) and _OR.fullmatch(t.content.strip()):
            first, introduced, colon = first or alternative[0], alternative[1], False
        elif t.type == "inline" and t.map:
            alternative = (False, False)
            introduced = bool(_INTRO.search(_near(t.content.rstrip().rsplit("\n", 1)[-1][-_WINDOW:])))
            carried = False
            last = t.content.rstrip().rsplit("\n", 1)[-1]
            colon = introduced and last.endswith(":") and bool(_NAMES_AN_ERROR.search(last))
        elif t.type == "paragraph_open":
            introduced = carried = False  # a block after two paragraphs is not introduced; one after a colon is
        elif t.type in ("bullet_list_open", "ordered_list_open") and t.map and introduced and not carried:
            listed, introduced, colon = t.map[1], False, False
        elif block and introduced and len(found) == before and _commands_only(t.content):
            carried = True  # "… you will see this:", the command, then what it printed: the output is introduced
        elif t.type != "paragraph_close":
            introduced = colon = carried = False
    return found


_ONE_SPAN = re.compile(r"`([^`\n]+)`[.,;]?")
"""A list item that is one code span (``* `dyld: Library not loaded: …` ``), as a page lists the
errors it introduces."""


def _commands_only(code: str) -> bool:
    """A block of commands typed and nothing they printed (``kubectl logs coredns-…``): a tool's
    command, or one after a ``$``; not ``> Java heap space``, which Gradle prints so."""
    lines = [x.strip() for x in code.split("\n") if x.strip()]
    typed = _typed(lines)
    return bool(lines) and all(k in typed or (_COMMAND.match(x) and x[0] not in ">%#") for k, x in enumerate(lines))


_CODE_HEADING = re.compile(
    rf"^[\s`'\x22]*(?P<code>(?P<family>[A-Z]{{1,6}})-?\d{{3,6}}(?![-\w])|{ERROR_CODE_NAME})[\s`'\x22]*(?:[-:(—–].*)?$"
)
"""A heading that is an error's code (``P2002``, ``YN0001 - EXCEPTION``, ``ERR_PNPM_X``, ``ENOSPC``);
not a setting (``DATABASE_URL``), a browser (``IE11``) or a word in capitals."""


def is_code(title: str) -> bool:
    """The heading is an error's code: its answer states the code's message (:func:`body_templates`)."""
    return _CODE_HEADING.match(title) is not None


def code_families(titles: Iterable[str], named: str = "") -> frozenset[str]:
    """The families of codes a page is a catalogue of: the letters of at least
    :data:`_CATALOGUE` headings that are codes (``YN0001``, ``YN0002``, ``YN0018``…); a page with one
    ``SHA256`` or ``H264`` heading catalogues nothing. A page ``named`` by a code (its file's name,
    ``E0382.md``) is one entry of a catalogue kept a page a code, as the Rust compiler's error index is."""
    found = Counter(m.group("family") for t in titles if (m := _CODE_HEADING.match(t)) and m.group("family"))
    own = m.group("family") if (m := _CODE_HEADING.match(named)) and m.group("code") == named.strip() else None
    return frozenset(f for f, n in found.items() if n >= _CATALOGUE) | ({own} if own else set())


_CATALOGUE = 3


def code_templates(title: str, line: int, families: frozenset[str]) -> list[Template]:
    """The code of a heading that is an error's code, as an error text of its own: a program prints
    it on the line of the error (``➤ YN0018: │ …`` under ``YN0018 - CACHE_CHECKSUM_MISMATCH``,
    ``Error: P1001: Can't reach …``), whether or not the answer quotes the message. A code of
    letters and digits counts on a page that catalogues its family (:func:`code_families`); an
    errno or ``ERR_…`` name anywhere."""
    m = _CODE_HEADING.match(title)
    if not m or (m.group("family") and m.group("family") not in families):
        return []
    return [Template(m.group("code"), line, "heading")]


_SAID_ALONE = re.compile(r"^[\x22“](?P<text>[^\x22“”\n]{8,})[\x22”]\s*$")
_MDX_ESCAPE = re.compile(r"\\([{}<>])")


def _said_alone(t: Token) -> str:
    """The text of a paragraph that is one double-quoted text and nothing else (``"Unique
    constraint failed on the {constraint}"``), unquoted and without markup; else ``""``."""
    if '"' not in t.content and "“" not in t.content:
        return ""
    text = " ".join(_read_lines(t)).strip()
    m = _SAID_ALONE.match(_MDX_ESCAPE.sub(r"\1", text))
    return m.group("text").strip() if m and len(m.group("text").split()) >= 2 else ""


_ALERT = re.compile(
    r"^\[!\w+\]|^\*\*(?:note|tip|warning|important|caution|info)\b"
    r"|^[*_]*(?:note|tip|info|important|caution|update|edit|hint|remember|q|a)[*_]*\s*[:.)]",
    re.IGNORECASE,
)
"""A quote that is a note (GitHub's ``> [!NOTE]``, ``> **Note:**``, ``> Tip: …``, ``> Q: …``), not a
program's output."""


def _labelled_error(text: str) -> bool:
    """Text that starts as programs label errors (``Error: …``, ``TypeError: …``, ``failed to …``),
    not a question, advice or a sentence about what happened."""
    return bool(_PROSE_ERROR.match(text) or _CASE_ERROR.match(text))


_ASKS = re.compile(r"\b(?:did|do|could|would|should|can) you$", re.IGNORECASE)
"""A quoted line that ends asking more (``… was refused - did you``), or on a word that needs more
(:data:`_LEAD_IN`): a sentence the quote wraps, not a line of its own."""


_OR = re.compile(r"(?:or|或者?)(?:\s+(?:something\s+)?(?:like|similar)(?:\s+(?:this|that))?)?\s*[:：]?", re.IGNORECASE)
"""A paragraph that only says "or" between two blocks of output: the second is another form of the
first (``… fails with an error like: ```A``` or ```B``` ``), shown or introduced as it is."""

_NAMES_AN_ERROR = re.compile(r"\b(?:error|errors|error message|fail\w*|warning)\b", re.IGNORECASE)
_ADMONITION = re.compile(r"^(?::::|!!!|\?\?\?)")


def _introduced_line(paragraph: str) -> bool:
    """The paragraph after an introduction that names an error and ends in a colon ("… or you
    might get an error like the following:") is that error when it is one line that reads as one:
    not a label for a block after it (ending in a colon), a note, or a sentence about code spans."""
    text = paragraph.strip()
    return bool(
        text
        and "\n" not in text
        and "`" not in text
        and not text.endswith(":")
        and not _ADMONITION.match(text)
        and _CUE.search(text)
    )


def _quoted_lines(t: Token, shown: int) -> Iterator[Template]:
    """The lines of a quote that are program output (``> TypeError: Failed to fetch dynamically
    imported module``): every line after a paragraph that introduces the error (``shown``
    :data:`INTRODUCED`), else those labelled as programs label errors that read as errors (not
    ``> As the maintainers said, it failed …``); a note's quote gives none."""
    assert t.map is not None
    if _ALERT.match(t.content.lstrip()):
        return
    lines: list[tuple[int, str]] = []
    for k, line in enumerate(_read_lines(t)):
        text = line.strip()
        before = lines[-1][1] if lines else ""
        if (
            text
            and before
            and (_LEAD_IN.search(before) or _ASKS.search(before) or (text[0] == "(" and _MID_SENTENCE.search(before)))
        ):
            lines[-1] = (lines[-1][0], f"{lines[-1][1]} {text}")  # a sentence the quote wraps goes on
        else:
            lines.append((k, text))
    for k, text in lines:
        if _field_value(text)[0]:
            continue  # a record's field (``Message="…"``): its value is read as the paragraph's
        if (shown >= 2 or _labelled_error(text)) and _output(text, shown):
            yield Template(text[:_MAX_CHARS], t.map[0] + k + 1, _origin(shown))


def _stated_case(title: str) -> str:
    """The error a numbered part of the answer states, labelled as programs label errors (``###
    Case 1: Error "code":"ENOSPC"``): one of the errors its entry is about, as an Error message
    part's text is. ``Case 4: Unable to reproduce`` names a case, not a message."""
    case = numbered_case(title)
    return case if case and (_LABELLED_ERROR.match(case) or _CASE_ERROR.match(case)) else ""


_CASE_ERROR = re.compile(r"^(?:(?i:error|fatal|panic)\s*[\x22'`]|[\w.]*[a-z](?:Error|Exception)\b)")


def _language(t: Token) -> str:
    """The fence's language; ``""`` when its info string is only attributes (mkdocs-material's
    ``hl_lines="17"``, ``title="…"``, ``linenums="1"``): no language given. In braces the first class
    or word is the language (``{.python}``, ``{r}``); HackMD's ``yaml=`` is ``yaml``."""
    info = t.info.strip()
    if info.startswith("{"):  # pandoc's and superfences' {.python .numberLines}, Quarto's {python}
        m = _BRACED_LANGUAGE.match(info)
        return m.group(1).lower() if m else ""
    word = info.split(None, 1)[0].lower() if info else ""
    if m := _NUMBERED_LANGUAGE.match(word):
        return m.group(1)  # HackMD's yaml=, js=101, sh=+: the language, then where its line numbers start
    return "" if "=" in word else word


_BRACED_LANGUAGE = re.compile(r"^\{\s*(?:#[\w-]+\s+)*\.?([A-Za-z][\w+#-]*)(?=[\s,}])")
"""The language of a braced info string: its first class (``{.python}``, ``{#id .python}``) or a
bare word (``{r, echo=FALSE}``); not an attribute (``{hl_lines="1"}``)."""
_NUMBERED_LANGUAGE = re.compile(r"^(?!linenums=)([a-z][\w+#.-]*)=(?:\d*|\+)$")
"""A language with HackMD's line numbers (``yaml=``, ``js=101``, ``sh=+``), not an attribute that
takes a number (mkdocs' ``linenums=1``)."""


def _fixes(t: Token, shown: bool) -> bool:
    """A code block of the fix: a command typed in it (not a ``>`` line, which prefixes output
    too: Gradle's ``> Task failed``, npm's ``> app@1.0.0 build``), or a file that is not output
    (YAML, TOML…) unless a part or the paragraph before says it shows the error (``shown``)."""
    typed = any(not x.lstrip().startswith(">") and _COMMAND.match(x.strip()) for x in t.content.split("\n"))
    return typed or (not shown and _language(t) not in _OUTPUT_LANGUAGES)


_SETTING = re.compile(r"^[\w.-]+=\S*$")


def _settings(text: str) -> bool:
    """A line of settings (``console=tty1 root=PARTUUID=… rootwait elevator=deadline``): three or
    more ``key=value`` words, most of its words, none of them an error or status (ZFS's ``zio
    pool=data vdev=… error=5`` reports one)."""
    words = text.split()
    found = [w.split("=", 1)[0].lower() for w in words if _SETTING.match(w)]
    reports = any(k in ("error", "err", "errno", "level", "msg", "status", "reason") for k in found)
    return len(found) >= 3 and len(found) >= 0.7 * len(words) and not reports


_LEAD_IN = re.compile(r"\b(?:was|were|is|are|by|of|to|the|with|from|at|in|for|and|or|a|an)$", re.IGNORECASE)
"""A line that ends on a word that needs more (``… widget was``, ``… failed because the``): a
lead-in to the next line or the first half of a wrapped sentence, not a message."""


def _output(text: str, shown: int) -> bool:
    """A line of program output that is an error message: in an error-message part (``shown``
    2) or after a paragraph that introduces it (3), any line of output; in a symptom part (1) a
    line that reports an error, short ones too
    (``Error: no such image``); elsewhere one that reads as an error (:func:`kb.kind.classify`)."""
    if (
        not text
        or _COMMAND.match(text)
        or _COMMENT.match(text)
        or _CONTINUATION.search(text)
        or STACK_FRAME.regex.match(text)
    ):
        return False
    if is_quiet_row(text) or (INFO_LINE.regex.search(text) and not _CUE.search(text)):
        return False  # ``NAME  READY  STATUS``, ``web-0  1/1  Running``, ``I0101 … Starting``: nothing wrong
    if _LEAD_IN.search(text):
        return False  # ``The relevant error-causing widget was``: it introduces what follows
    if "=" in text and _settings(text):
        return False  # ``console=tty1 root=PARTUUID=… elevator=deadline``: settings, not a message
    if classify(text) == "error" or (shown >= 2 and len(text.split()) >= 3):
        return True
    if _SHORT_ERROR.match(text):
        return True  # ``Error: 0x1bc``: short, but labelled as the error it is
    return shown >= 1 and len(text.split()) >= 2 and bool(_CUE.search(text))


_ANNOTATION = re.compile(
    r"(?://|#)[ \t]*(?:highlight-(?:next-)?line|highlight-(?:start|end)|\[!code [^\]]{1,40}\])[ \t]*$"
    r"|\{/\*[ \t]*highlight-(?:next-)?line[ \t]*\*/\}[ \t]*$"
)
"""A docs site's annotation of a code line (Docusaurus/Gatsby ``// highlight-line``, Shiki's ``//
[!code ++]``): markup, not output."""


def _unannotated(line: str) -> str:
    m = _ANNOTATION.search(line) if "highlight-" in line or "[!code" in line else None
    return line[: m.start()].rstrip() if m else line


def _code_lines(code: str, first: int, shown: int, language: str = "") -> Iterator[Template]:
    lines = code.split("\n")
    if language in _SOURCE_LANGUAGES:  # ```java: a stack trace, or the source the answer quotes
        lines = ["" if _SOURCE_LINE.match(x) and not _SAYS_WHAT_FAILED.search(x) else x for x in lines]
    if any(_DOLLAR.match(x) for x in lines):  # ``$ ssh -T git@github.com`` / ``> Permission denied``: output
        lines = _transcript(lines)
    if _REPL.search(code):  # ``>>> AutoConfig.from_pretrained(…)`` / ``ValueError: …``: the exception Python printed
        lines = [x if _RAISED.match(x) else "" for x in lines]
    typed = _typed(lines)
    lines = [_unannotated(line) for line in lines]
    for k, text in _messages([("" if k in typed else _INTERRUPT.sub("", line)) for k, line in enumerate(lines)]):
        value, record = _field_value(text)  # a Message field: its value is the message
        if value and _output(value, 2 if shown and record else 0):
            yield Template(value[:_MAX_CHARS], first + k + 1, _origin(shown))
        elif _output(text, shown):
            yield Template(text[:_MAX_CHARS], first + k + 1, _origin(shown))


_FIELD = re.compile(
    r"""^\s*["']?(?P<key>message|error_?message|errorMessage|statusMessage)["']?\s*(?P<sep>[=:])\s*(?P<value>\S.*)$""",
    re.IGNORECASE,
)


def _field_value(line: str) -> tuple[str, bool]:
    """The message of a record written field by field (Azure's ``Message="**The subscription is
    not registered …**"``, a JSON ``"message": "…",``): its value, unquoted, and whether the
    record is an error's (``Key="value"``, as Azure prints its errors): where a page shows its
    error, that value is the message even with no error word; a log's ``message:`` or
    ``MESSAGE=…``, a configuration's ``errorMessage:``, must read as an error. ``""`` for any
    other line."""
    m = _FIELD.match(line)
    if not m:
        return "", False
    value = m.group("value").rstrip(" \t,").replace('\\"', '"').strip()
    if len(value) > 1 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1]
    value = value.replace("**", "").strip()
    record = m.group("sep") == "=" and m.group("value").lstrip()[:1] in "\"'"
    return (value, record) if len(value.split()) >= _NAMED_WORDS else ("", False)


def _transcript(lines: list[str]) -> list[str]:
    """A ``$`` transcript with its output's ``>`` marks taken off; a ``>`` line that goes on a
    command (its quote still open, or the line before ending in a backslash, ``|`` or ``&&``) is the
    shell's continuation prompt and stays a typed line."""
    out: list[str] = []
    open_quote = going = False
    for line in lines:
        text = line.strip()
        typed = _DOLLAR.match(line) is not None
        if typed or (going and _OUTPUT_MARK.match(line)):
            open_quote = (open_quote and not typed) ^ (text.count('"') % 2 == 1)
            going = open_quote or _CONTINUES.search(text) is not None
            out.append(line)
            continue
        going = False
        out.append(_OUTPUT_MARK.sub("", line))
    return out


_SOURCE_LANGUAGES = frozenset(
    {"java", "kotlin", "kt", "scala", "groovy", "go", "golang", "python", "py", "javascript", "js", "jsx", "typescript",
     "ts", "tsx", "c", "cpp", "c++", "csharp", "cs", "rust", "rs", "ruby", "rb", "php", "swift"}
)  # fmt: skip
"""Programming languages: a block tagged with one may quote its source (a shell's or SQL's may not be told apart)."""
_SOURCE_LINE = re.compile(
    r"^\s*(?:(?:public|private|protected|static|final|abstract|return|import|package|class|interface|throw|new|if|else"
    r"|for|while|try|catch|finally|switch|case|default|void|func|def)\b.*[{};:)]\s*$|\}.*)"
)
"""A line of source code (``private String getSQL(…) throws SQLException {``, ``default: throwSqlException(4);``,
``}``): what a program is made of, not what it printed, though it names an exception."""
_SAYS_WHAT_FAILED = re.compile(r"\w(?:Exception|Error)\b:|:\s+(?:cannot|can't|no such|not found|unable|failed)\b", re.I)
"""What a program printed about a failure, though shaped like code (``package x: cannot find package``,
``java.lang.ClassCastException: [Ljava.lang.Object; cannot be cast …``)."""
_REPL = re.compile(r"^\s*>>> ", re.MULTILINE)
_TRACEBACK = re.compile(
    r"\s*(?:Traceback \(most recent call last\):|Exception in thread \S|Caused by: \S"
    r"|(?:[a-z_]\w*\.)+[A-Z]\w*(?:Error|Exception):\s|Error: \S)"
)
"""A block that opens with what a program printed when it failed, whatever its fence's tag (authors mislabel
them: Seata's FAQ quotes a Java ``Caused by: …NoClassDefFoundError`` in ```` ```xml ````): Python's
traceback, Java's exception, its cause, an ``Error:`` line."""
"""A Python session in any block, doctest's way: ``>>>`` and ``...`` lines are typed, the rest printed."""
_RAISED = re.compile(r"^\s*[\w.]*(?:Error|Exception|Warning)(?::\s|$)")
"""Of a Python session's output, the exception it raised: not a logging demo's ``CRITICAL:root:…``."""
_CONTINUES = re.compile(r"(?:\\|\||&&)\s*$")
_DOLLAR = re.compile(r"^\s*\$\s")
_OUTPUT_MARK = re.compile(r"^\s*>(?:\s|$)")
"""Where a block marks what is typed with ``$``, a ``>`` marks what the command printed (GitHub's
documentation writes its transcripts so)."""
_INTERRUPT = re.compile(r"^\^[CDZ\\]")  # the echo of ^C that a terminal glues to the next output line
_CONTINUED = re.compile(r"\s\\\s*$")  # `` \`` at the end: the command goes on (a Windows path ends in ``\`` alone)
_HEREDOC = re.compile(r"(?<![<\w])<<-?\s*(['\"]?)([A-Za-z_]\w*)\1")  # not ``<<<``, a here-string


def _typed(lines: list[str]) -> set[int]:
    """Lines that are part of a command, not its output: the lines a command continues with a
    trailing backslash, and the lines of its here-document (``<<'EOF'`` … ``EOF``, also ``> EOF``
    in a transcript with a continuation prompt), which are its input. Only a command line
    (:data:`_COMMAND`, or one a command continues) does either: output quoting ``<<`` or ending
    in a backslash is still output."""
    typed: set[int] = set()
    until = ""
    for k, line in enumerate(lines):
        text = line.strip()
        if until:
            typed.add(k)
            if text in (until, f"> {until}", f">{until}"):
                until = ""
            continue
        if k not in typed and not _COMMAND.match(text):
            continue
        if _CONTINUED.search(line):
            typed.add(k + 1)
        if m := _HEREDOC.search(line):
            until = m.group(2)
    return typed


def _origin(shown: int) -> TemplateOrigin:
    """``message`` for the text of an "Error message" part: the author's statement of the error
    the entry answers, as strong as a heading; ``body`` for output quoted on the way."""
    return "message" if shown == 2 else "body"


_STOPPED = re.compile(r"[.!?;)\]]\s*$")  # a line that ends a sentence or a bracket
_WRAPPED = re.compile(r"^.{60,}[a-z,]\s*$")  # a long line cut mid-sentence, as a tool wraps at 80 columns
_GOES_ON = re.compile(r"^[a-z][a-z'-]*(?: [a-z][a-z'-]*){0,8}[.!?]?$")  # ... and the few plain words that end it
_WRAP_INDENT = 2
_CHAIN_END = re.compile(r"\S\s.*\S:$")  # a Go error chain's context, its colon against it (LFS: Put "https://…":)
_CAUSE_GOES_ON = re.compile(r"^[a-z](?![\w.\[\]-]*:\s)")
"""... and its cause on the next line, wrapped at the page's width, not indented (``read tcp …: i/o
timeout``): lower case, not a message of its own (``error: failed to push some refs``)."""


def _wrapped_cause(context: str, line: str) -> bool:
    """``line`` goes on the error chain ``context`` ends with a colon (:data:`_CHAIN_END`,
    :data:`_CAUSE_GOES_ON`): not a YAML key (``spec:``, one word), and not the next line of one log,
    which starts as the line before it does (``npm ERR! …:`` / ``npm ERR! Found: …``)."""
    return bool(
        _CHAIN_END.search(context)
        and _CAUSE_GOES_ON.match(line)
        and line.split(None, 1)[0] != context.split(None, 1)[0]
    )


_ENV_PROMPT = re.compile(r"^\([\w.-]+\)\s+\S*[$#>%](?:\s|$)")  # "(venv) $ pip …", "(base) C:\\me> conda …"


def _messages(lines: list[str]) -> Iterator[tuple[int, str]]:
    """``(index, text)`` of each message of a code block: an error chain wrapped onto more
    indented lines after a ``:`` (``failed to call webhook:`` / ``··Post "…":`` / ``····dial tcp…``),
    or after its colon without an indent (``LFS: Put "…/15":`` / ``read tcp …: i/o timeout``),
    or hard-wrapped mid-sentence before a ``(`` (``… from Kubelet k8s-master`` /
    ``(192.168.17.150): Get …``), or a long line a tool wrapped at its width and the few plain words
    that end it (``… TTL value is`` / ``capped accordingly``), or output an author wrapped with a
    trailing backslash and indented what follows (``Error creating: Internal error occurred:`` ⏎
    ``····failed calling …``; not a line of options, ``--flag …``, which goes on a command), is one
    message."""
    start, indent = 0, 0
    parts: list[str] = []
    for k, raw in enumerate(lines):
        text = raw.strip()
        depth = len(raw) - len(raw.lstrip())
        if parts and text and depth > indent and _CONTINUED.search(" " + parts[-1]) and not _CONTINUATION.match(text):
            parts[-1] = parts[-1][:-1].rstrip()
            parts.append(text)
            continue
        if (
            parts
            and text
            and (
                (depth > indent and parts[-1].endswith(":"))
                or (depth == indent and _wrapped_cause(parts[-1], text))
                or (text.startswith("(") and not _STOPPED.search(parts[-1]) and not _ENV_PROMPT.match(text))
                or (_WRAPPED.search(lines[k - 1]) and _GOES_ON.match(text) and depth <= indent + _WRAP_INDENT)
            )
        ):
            parts.append(text)
            continue
        if parts:
            yield start, " ".join(parts)
        start, parts, indent = k, ([text] if text else []), depth
    if parts:
        yield start, " ".join(parts)


_MID_SENTENCE = re.compile(r"[\w,]\s*$")  # a line of prose that ends with neither a stop nor a colon
_LABELLED = re.compile(r"^[\w.\[\]-]+:\s")  # ... unless it starts as messages do ("Error: …") or follows one


def _shown_message(code: str, shown: int) -> bool:
    """A sentence in backticks where a part shows what happens (Symptom, Problem): the message,
    though it names no error ("You have reached your pull rate limit …")."""
    return (
        shown >= 1
        and len(code.split()) >= _SHOWN_WORDS
        and not _COMMAND.match(code.strip())
        and not _NOT_A_MESSAGE.search(code)
    )


_SHOWN_WORDS = 6


_NAMED_BEFORE = re.compile(
    r"\b(?:errors?|error\s+messages?|warnings?|(?:see|seeing|get|getting|got|receive|receiving)\s+(?:the\s+|a\s+|this\s+)?"
    r"messages?)(?:\s+(?:that\s+)?you\s+(?:may|might|will|could|can)\s+(?:see|get)\s*,?)?\s*(?:[:(]|like|such\s+as)?\s*$"
    r"|\b(?:logs|log\s+(?:lines?|messages?|entries))\s+(?:like|such\s+as)\s*$"
    r"|\b(?:erroring|errors?\s+out)\s+with\s*$"
    rf"|(?:{_REPORTED_ZH}|报|提示)\s*[:：]?\s*$",
    re.IGNORECASE,
)
"""Words before a quote that name it a message: an error, a warning, a message seen, log lines
like it (``logs like `BGP session down` ``; not ``the pod logs (`oc logs …`)``, a command), what a
program errs with (``sometimes erroring with `The parameter is incorrect` ``), what it reports
(``启动时报错`…` ``). Not what a step "fails with": that names generic quotes too (``fails with
"operation not permitted"``), whose near-misses are other causes' (measured: Podman's refusals 0.85 → 0.70)."""
_NAMED_AFTER = re.compile(
    r"^\s*\)?\s*(?:errors?|messages?|warnings?|notifications?"
    r"|(?:debug|info|error|warning)\s+(?:logs?|log\s+(?:lines?|messages?|entry)))\b"
    r"|^\s*的?\s*(?:错误|报错|异常|告警|警告)",
    re.IGNORECASE,
)
"""Words after a quote that name it a message (``… `X` error``, ``a `X` debug log``, ``报 `X` 的错误``)."""
_NAMED_WORDS = 3
_LIST_JOIN = re.compile(r"^\s*(?:,|,?\s*(?:or|and|nor)(?: (?:a|an|the))?)\s*$")
_BOLD_WORDS = 4  # "**one or more** errors" is emphasis, "**received EOF, stopping recv loop** messages" a quote
# A command line or a setting, not a message: `RUST_LOG=debug cargo run`, `plan -out x`, `level = "debug"`.
_NOT_A_MESSAGE = re.compile(r"^\w+\s*=|\s--?[A-Za-z]|\s=\s|\{\{|\}\}")


def _near(text: str) -> str:
    """Text beside a quote, its runs of whitespace made one space: the patterns that read it then
    cost a pass, however many spaces a page puts there."""
    return _SPACES.sub(" ", text)


_SPACES = re.compile(r"\s+")


def _named(before: str, quoted: str, after: str, words: int = _NAMED_WORDS) -> bool:
    """A quote the sentence names as an error or message (``the ownership conflict
    error(`maintenance must be run by designated user`)``, ``if you see **received EOF, stopping
    recv loop** messages``, ``seeing the message `…` ``): the message, though it has no error word.
    Not a command or a setting, and not a commit or welcome message ("message" before it names one
    only after a verb of seeing it)."""
    before, after = _near(before[-_WINDOW:]), _near(after[:_WINDOW])
    return (
        len(quoted.split()) >= words
        and (_NAMED_BEFORE.search(before) is not None or _NAMED_AFTER.match(after) is not None)
        and not _COMMAND.match(quoted.strip())
        and not _NOT_A_MESSAGE.search(quoted)
    )


_EXPLAINED = re.compile(
    r"\s*(?:means\b|indicates\b|occurs\b|happens\b|appears\b|shows\s+up\b"
    r"|is\s+(?:shown|returned|displayed|raised|thrown)\b)",
    re.IGNORECASE,
)
"""What follows an error that opens a paragraph or a list item to say what it means (``*Error 400:
redirect_uri_mismatch* means that …``); not a colon or a dash, which follow a bold step's label too."""


_ASKED = re.compile(
    r"^\s*(?:Q\s*[:.]|(?:why|how|what|which)\b"
    r"|(?:do\s+not|don't|never|note|important|warning|caution|tip|make\s+sure|be\s+sure|ensure|avoid|remember"
    r"|heads\s+up|always)\b"
    r"|(?:in|since|as\s+of|starting\s+(?:with|from|in))\s+(?:(?-i:[A-Z])[\w.-]*\s+){0,2}v?\d+\.\d+(?![.\d])(?!\s+of\b))",
    re.IGNORECASE,
)
"""A bold question or note (``**Q: … ?**``, ``**Do not upgrade …**``, ``**Note:** …``, a note of what a
version changed, ``**In Kubernetes 1.20 the feature gate is enabled by default and cannot be turned off.**``).
Not every bold text of two sentences: Windows states its errors so (``**The requested operation could not be
completed due to a virtual disk system limitation. Virtual hard disk files must be uncompressed …**``)."""
_ANY_ERROR = re.compile(r"\b(?:the|this|that|an|any|some)\s+(?:errors?|error\s+messages?|failures?)\b", re.IGNORECASE)
"""An error named in general (``What does the error look like?``): no error of its own."""


_SAID = re.compile(
    r"\b(?:(?:see|seeing|saw|get|getting|got|receive|receiving|hit|encounter|encountering|show|shows|showing|print|prints"
    r"|returns?|fails?\s+with|failed\s+with)\s+(?:\w+\s+){0,3}?|the\s+following\s+|the\s+actual\s+)"
    r"(?:errors?|error\s+messages?|messages?|warnings?)\b[^:.!?\"“\x01]{0,80}?:\s+",
    re.IGNORECASE,
)
_INSTRUCTION = re.compile(
    r"^(?:please|make\s+sure|ensure|try\b|check\s+(?:that|the|your|if|whether)|restart|reboot|contact|do\s+not|don't"
    r"|nothing|no\s+need|it\s+is|this\s+is|that\s+is|you\s+(?:can|should|need|must|may)|wait\b|the\s+fix\b)\b",
    re.IGNORECASE,
)
"""What the reader is told to do or think (``If you get an error: check that the token is
valid``), not the error."""
_SAYS = re.compile(r"[:：\"“]")  # what a sentence quotes follows a colon or sits in double quotes
_LABELLED_ZH = re.compile(
    r"^\s*(?:异常|报错|错误|(?:异常|报错|错误)信息|(?:出现|抛出)(?:异常|错误))\d*\s*(?:[:：]\s*|\s+(?=[A-Za-z]))"
    r"(?P<e>[A-Za-z][^\n。；]*\w[^\n。；]*)"
)
"""A line an answer opens with a Chinese label of the error (``异常：io.seata…FrameworkException: can not register
RM``, ``- 异常：Could not register branch …``, ``出现异常 Exception in thread "main" …``): the Chinese "Error message:",
the rest of the line, to a full stop, is the error as the program printed it."""
_WINDOW = 200  # characters either side of a quote that can name it: a long line costs one pass
_DOUBLE_QUOTED = re.compile(r'"([^"\n]{8,})"|“([^”\n]{8,})”')


def _said(marked: str, above: str = "") -> Iterator[str]:
    """What a sentence quotes as the error it names: the rest of its line after the colon (``you
    will see this error: The file cannot be accessed by the system.``), or a double-quoted text
    (``fails with the following error: "Connection closed by 127.0.0.1 port 22"``, ``showing
    the "An Http proxy change has been detected" notification``). Not a command or a setting; a
    colon or a text in code (``\x01…\x02`` in ``marked``) is the code's, read as code spans are.
    ``above`` is the line before in the paragraph: a sentence wrapped before its quote (``… fails
    with the error⏎"Error writing /proc/self/loginuid".``) names it too."""
    line = marked.replace("\x01", "").replace("\x02", "")
    if labelled := _LABELLED_ZH.match(line):
        yield labelled.group("e").rstrip(" .")
        return
    low = line.lower()
    m = _SAID.search(marked) if "error" in low or "message" in low or "warning" in low else None
    rest = marked[m.end() :] if m else ""
    if rest and rest[0] not in '"“' and "\x01" not in rest and not _PROSE_ERROR.match(line):
        said = rest.rstrip().rstrip(".")
        if (
            len(said.split()) >= _NAMED_WORDS
            and not _COMMAND.match(said)
            and not _NOT_A_MESSAGE.search(said)
            and not _INSTRUCTION.match(said)
        ):
            yield said
    lead, end = "", 0  # what named the last quote: the next one of a list ("A" or "B", "C") is named by it too
    for m in _DOUBLE_QUOTED.finditer(line) if '"' in line or "“" in line else ():
        quoted = m.group(1) or m.group(2)
        named_by = line[max(0, m.start() - _WINDOW) : m.start()]
        if not named_by.strip() and above:
            named_by = above.replace("\x01", "").replace("\x02", "")[-_WINDOW:] + " "
        if lead and _QUOTES_JOIN.match(line[end : m.start()]):
            named_by = lead
        words = 1 if _ERROR_LABEL.search(named_by) else _NAMED_WORDS
        after = line[m.end() : m.end() + _WINDOW]
        lead, end = (named_by, m.end()) if _named(named_by, quoted, after, words) else ("", 0)
        if lead:
            yield quoted.rstrip(".")


_QUOTES_JOIN = re.compile(r"^(?:\s*(?:,|\bor\b|\band\b|\x22[^\x22\n]{0,7}\x22|“[^”\n]{0,7}”))*\s*$")
"""What joins quotes listed one after another: commas, ``or``, ``and``, a quote too short to read."""
_ERROR_LABEL = re.compile(r"(?:^|[.!?]\s)\W*(?:error|warning)s?(?:\s+messages?)?\s*[:：]\s*$", re.IGNORECASE)
"""A label that names what follows error messages (``**Error messages:** "host unreachable", "EOF"``):
the author says so, so a message of two words is one too."""


def _read_lines(t: Token) -> list[str]:
    """The lines of an inline token as they read, code spans' text included."""
    return [line.replace("\x01", "").replace("\x02", "") for line in _plain_lines(list(t.children or ()))]


def _plain_lines(children: Sequence[Token]) -> list[str]:
    """The lines of an inline token as they read: link text kept, markup dropped, code between
    ``\x01`` and ``\x02``."""
    text = "".join(
        "\n"
        if c.type in ("softbreak", "hardbreak")
        else c.content
        if c.type == "text"
        else f"\x01{c.content}\x02"
        if c.type == "code_inline"
        else ""
        for c in children
    )
    return text.split("\n")


def _bold_lead(children: Sequence[Token]) -> str:
    """The text of a paragraph that is one bold span (``**Installation failed with error
    0x80070003**``, a list item's first line as an FAQ's bullets state their problems): a
    heading in all but name, its answer in the items or paragraphs below. ``""`` otherwise."""
    children = [c for c in children if c.type != "text" or c.content.strip()]
    if len(children) < 3 or children[0].type != "strong_open" or children[-1].type != "strong_close":
        return ""
    inner = children[1:-1]
    if any(c.type in ("strong_open", "strong_close", "softbreak", "hardbreak") for c in inner):
        return ""
    return "".join(c.content for c in inner if c.type in ("text", "code_inline")).strip()


_DENIED = re.compile(
    r"\b(?:(?:is|are|was|were)(?:n't| not)|not|neither|never|no longer|instead of|rather than|unlike)"
    r"(?: (?:a|an|the|with|any))?\s*$",
    re.IGNORECASE,
)
"""Words before a quote that say it is not this problem's error (``the response code is not a `503
Service Unavailable` ``, ``instead of `404` ``): another error, told apart. "Nor" goes on a denial
(:data:`_LIST_JOIN`: "not `A`, nor `B`", "neither `A` nor `B`"), and says nothing alone; "other than
`A`" quotes an error of the problem as often as not ("other than `ErrImagePull`, the pod may report …")."""


def _inline(t: Token, shown: int) -> Iterator[Template]:
    assert t.map is not None
    children = list(t.children or ())

    def text_at(k: int, step: int) -> str:
        """The text from ``k`` on in the direction of ``step``, across line breaks of the paragraph:
        a wrapped paragraph ("… crash with the error⏎`No usable sandbox!`", "… produce logs⏎like
        `BGP session down`") names its quote too."""
        found, size = [], 0
        while 0 <= k < len(children) and children[k].type in ("text", "softbreak", "hardbreak") and size < _WINDOW:
            found.append(children[k].content if children[k].type == "text" else " ")
            size += len(found[-1])
            k += step
        return "".join(found[::step])

    first = t.map[0] + 1

    def line_of(k: int) -> int:
        return first + sum(c.type in ("softbreak", "hardbreak") for c in children[:k])

    lead = ""  # what named the last quote: the next one of a list ("like `A` or `B`") is named by it too
    for k, child in enumerate(children):
        before = text_at(k - 1, -1) if child.type in ("code_inline", "strong_open") else ""
        if child.type == "code_inline" and lead and _LIST_JOIN.match(before):
            before = lead
        if child.type == "code_inline" and _DENIED.search(before):
            lead = before  # the quotes listed after it are denied too ("not `A` or `B`")
        elif child.type == "code_inline" and (
            _output(child.content.strip(), shown)
            or _shown_message(child.content, shown)
            or _named(before, child.content, text_at(k + 1, 1))
        ):
            lead = before
            yield Template(child.content.strip()[:_MAX_CHARS], line_of(k), _origin(shown))
        elif child.type == "code_inline":
            lead = ""
        elif (
            child.type == "strong_open"
            and k + 2 < len(children)
            and children[k + 2].type == "strong_close"
            and _named(before, text_at(k + 1, 1), text_at(k + 3, 1), _BOLD_WORDS)
        ):
            yield Template(text_at(k + 1, 1).strip()[:_MAX_CHARS], line_of(k), _origin(shown))
        elif (
            child.type in ("strong_open", "em_open")
            and not "".join(c.content for c in children[:k]).strip()
            and len(children) > k + 3
            and children[k + 2].type == child.type.replace("_open", "_close")
            and classify(lead_text := text_at(k + 1, 1).strip()) == "error"
            and _EXPLAINED.match(text_at(k + 3, 1))
        ):  # - *Error 400: redirect_uri_mismatch* means that … : an error, then what it means
            yield Template(lead_text[:_MAX_CHARS], line_of(k), _origin(max(shown, 1)))
        elif child.type == "html_inline":
            yield from alias_lines(child.content, line_of(k))
    lines = t.content.split("\n")
    table, cells = _tables(lines) if "|" in t.content else (set(), [])
    plain = _plain_lines(children) if _SAYS.search(t.content) else []
    for k, line in enumerate(plain):
        for quoted in [] if k in table else _said(line, plain[k - 1] if k and k - 1 not in table else ""):
            yield Template(quoted[:_MAX_CHARS], t.map[0] + k + 1, _origin(shown))
    if (lead := _bold_lead(children)) and classify(_ANY_ERROR.sub(" ", lead)) == "error":
        spans = [c.content for c in children if c.type == "code_inline"]
        asked = _ASKED.match(lead) is not None or lead.rstrip().endswith("?")
        for h in heading_templates(lead, spans, t.map[0] + 1) or [Template(lead, t.map[0] + 1, "heading")]:
            if not (asked and h.text == lead):  # a question or a note states no error; what it quotes does
                yield Template(h.text[:_MAX_CHARS], h.line, "message")
    for k, cell, stated in cells:
        spans = _CODE_SPAN.findall(cell)
        if stated:  # a column of error messages: each its row's message, as an Error message part's
            for text in spans or [cell]:
                if _output(text.strip(), 2):
                    yield Template(text.strip()[:_MAX_CHARS], t.map[0] + k + 1, "message")
        elif not spans and _LABELLED_ERROR.match(cell) and classify(cell) == "error":
            yield Template(cell[:_MAX_CHARS], t.map[0] + k + 1, "body")
    for k, raw in enumerate(lines):
        text = raw.strip()
        before = lines[k - 1].strip() if k else ""
        if k in table:
            continue  # read cell by cell above
        if _MID_SENTENCE.search(before) and not _LABELLED.match(text) and not _PROSE_ERROR.match(before):
            continue  # a hard-wrapped sentence going on ("… with an" / "error because …"), not a quote
        if _PROSE_ERROR.match(text) and classify(text) == "error":
            yield Template(text[:_MAX_CHARS], t.map[0] + k + 1, "body")
        elif shown:
            value, record = _field_value(text)
            if value and _output(value, 2 if record else 0):
                yield Template(value[:_MAX_CHARS], t.map[0] + k + 1, _origin(shown))


_TABLE_RULE = re.compile(r"^\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?$|^\|\s*:?-+:?\s*\|$")
_CELL = re.compile(r"(?<!\\)\|")
_CODE_SPAN = re.compile(r"`+([^`]+)`+")
_LABELLED_ERROR = re.compile(r"^(?:(?i:error|fatal|panic|warning)|E\d{4}|ERRO|WARN|FATA|PANI)\w*\s*[:\[(]")
"""An error as a program prints it, labelled (``Error: …``, ``E0101 …``, ``FATA[0005] …``), in a table's cell or a
heading's quote: not a glossary's "error of omission" or an errno table's description."""
_SHORT_ERROR = re.compile(r"^(?:error|fatal|panic)\s*:\s+(?=\S*[a-z])\S+$", re.IGNORECASE)
"""An error that is a label and a code (``Error: 0x1bc``, ``fatal: EOF``): too short to read as
a sentence, but its label says what it is."""
_ERROR_COLUMN = re.compile(
    r"^(?:(?:error|exception)\s+(?:messages?|output|text)|(logs?(?:\s+(?:messages?|lines?|entry|entries|output))?"
    r"|日志)|报错信息|错误信息)$",
    re.IGNORECASE,
)
"""The header of a table column that lists error messages (``| Error message | Cause | Fix |``), or
(group 1) the log lines a troubleshooting table explains, each quoted as code (Rancher's ``| Log |
Explanation |``: a Log column of words is settings' descriptions);
a column named only Error or Message is none (an HTTP status table's reason phrases, an i18n
table's strings)."""


def _tables(lines: Sequence[str]) -> tuple[set[int], list[tuple[int, str, bool]]]:
    """The indexes of the lines of the tables among ``lines`` (a header row, a ``|---|---|``
    rule, rows, as GitHub and MkDocs render them), and ``(line index, text, in an error-message
    column)`` of each body cell."""
    rows: set[int] = set()
    cells: list[tuple[int, str, bool]] = []
    k = 0
    while k + 1 < len(lines):
        if "|" not in lines[k] or not _TABLE_RULE.match(lines[k + 1].strip()):
            k += 1
            continue
        columns = [_ERROR_COLUMN.match(h.strip("*_` ").strip()) for h in _cells(lines[k])]
        rows.update((k, k + 1))
        k += 2
        while k < len(lines) and "|" in lines[k]:
            rows.add(k)
            for i, cell in enumerate(_cells(lines[k])):
                kind = columns[i] if i < len(columns) else None
                if cell:  # a log column's cell states a message only as code
                    cells.append((k, cell, bool(kind and (not kind.group(1) or _CODE_SPAN.search(cell)))))
            k += 1
    return rows, cells


def _cells(row: str) -> list[str]:
    row = row.strip()
    row = row[1:] if row.startswith("|") else row
    row = row[:-1] if row.endswith("|") and not row.endswith("\\|") else row
    return [c.strip() for c in _CELL.split(row)]


def ordered(templates: Sequence[Template]) -> tuple[Template, ...]:
    """Heading first, then aliases, then error-message parts, then the rest in page order; each text once; at most
    :data:`MAX_TEMPLATES`."""
    rank: dict[TemplateOrigin, int] = {"heading": 0, "alias": 1, "message": 2, "body": 3}
    seen: set[str] = set()
    out = []
    for t in sorted(templates, key=lambda t: (rank[t.origin], t.line)):
        key = " ".join(t.text.lower().split())
        if key and key not in seen:
            seen.add(key)
            out.append(t)
    return tuple(out[:MAX_TEMPLATES])
