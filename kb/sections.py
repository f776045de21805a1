"""A page's headings as a tree, and what each section is: a problem (an entry), a part of one
(Cause, Solution…), a group of problems, or navigation.

An author writes problems at one heading level and parts of their answers below it. A section
whose subsections are all parts is one entry; a section with subsections that are not parts is
a group of problems — and an entry too when it has an answer of its own before them (a page's
``#`` title never is: its intro is the page's; the parts of a section that is no entry are
entries themselves). A section that only lists links (a table of contents) is navigation.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kb.kind import ERROR_CODE_NAME, classify

__all__ = ["PART", "Section", "answers", "is_navigation", "part_strength", "tree"]

_MARK = r"(?:[\u2190-\u2bff\U0001F000-\U0001FAFF]\ufe0f?\s*)?"
"""A sign before a part's name (``🔍 Root Cause``, ``✅ Correct Fix``, ``⚠️ Symptoms``), as notes mark them."""
_NUMBER_SOURCE = rf"{_MARK}(?:\d+[.)]\s*|step\s+\d+\s*[:.)-]\s*)?"
# The parts of one problem's answer, as authors name them (after an optional number): "Error
# message", "Possible causes", "How do I fix the issue?", "If the download works", "原因"…
_PART_WORDS = (
    r"(?:the\s+)?(?:possible\s+|probable\s+|potential\s+|suspected\s+|root\s+|(?:most\s+)?common\s+|other\s+|known\s+|likely\s+"
    r"|additional\s+|more\s+|correct\s+|proper\s+|recommended\s+|final\s+)?"
    r"(?:error\s+(?:messages?|output|logs?|text|details)|errors|symptoms?|causes?|reasons?|known\s+triggers?|why(?=\s*[:.?]?\s*$)|solutions?|resolution"
    r"|(?:resolving|solving|fixing)(?!\s+(?:[\w-]+\s+){0,3}(?:problems|issues|errors)\b)"
    r"(?:\s+(?:the|this)\s+(?:issue|problem|error))?|fix(?:es)?|workarounds?|work\s*-?\s*arounds?|remed(?:y|ies)|mitigations?|diagnos(?:is|tics?|e)"
    r"|debugging|verification|background|explanation|details?|description|context|analysis|investigations?"
    r"|(?:more|additional|further)\s+information|(?:affected|applicable|fixed)\s+(?:versions?|releases?)|applies\s+to"
    r"|fixed\s+in|expected\s+(?:output|results?|behaviou?r)"
    r"|(?:quick|temporary|permanent|short[\s-]term|long[\s-]term|manual)\s+(?:fix(?:es)?|solutions?|workarounds?)"
    r"|steps(?:\s+to\s+reproduce)?|examples?|notes?|tips?|references?|see\s+also|related|logs?|output|summary"
    r"|prerequisites?|how\s+to\s+(?:fix|resolve|solve|work\s*around|avoid|debug|verify)"
    r"|how\s+(?:do|can)\s+(?:i|you|we)\s+(?:fix|resolve|solve|work\s*around|avoid|debug|verify)|what\s+to\s+do)\b"
    r"|(?:(?:可能|常见|主要|根本|潜在|其他|其它|具体|相关|详细)的?)?"  # 可能的原因, 常见原因
    r"(?:原因|解决|方案|办法|方法|现象|症状|错误信息|报错|排查|处理|说明|参考|示例|步骤|备注|注意|分析)"
    r"|(?:(?:the\s+)?(?:problem|issue)(?:\s+(?:description|statement|summary))?|error|identification|detection"
    r"|(?:automatic\s+|manual\s+)?recovery|impact|verify|validation|prevention|remediation|roll\s*-?\s*back"
    r"|clean\s*-?\s*up|overview|(?:likely\s+|affected\s+)?environment|what\s+(?:this|the)\s+(?:message|error)\s+means"
    r"|scenario|purpose|status|before\s+you\s+begin|procedure|next\s+steps|what['’]s\s+next\??|(?:additional\s+)?resources"
    r"|(?:issues?|problems?|errors?)\s+(?:encountered|observed|seen))(?:\s*[:.])?\s*$"
    r"|(?:问题(?:描述)?|验证|结论|日志|错误|修复|根因|临时方案|描述|请求(?:方式|方法|参数|示例|地址|路径|头|类型|\s*URL|\s*url)"
    r"|返回(?:数据(?:结构)?|参数|值|示例|结果)"
    r"|响应(?:参数|示例|数据)?|参数(?:说明)?)\s*$"
    r"|(?:request|response)(?:\s+(?:parameters|params|body|headers?|examples?|fields|format))?(?:\s*[:.])?\s*$"
    r"|(?:parameters|path\s+parameters|query\s+parameters|request\s+body|returns?|return\s+values?|http\s+request"
    r"|responses|response\s+schema|sample\s+(?:request|response))(?:\s*[:.])?\s*$"
)  # "Problem", "Rollback", 日志… only as the whole heading: "Problem with DNS", "Rollback failed" name problems
_ANSWER_PART = re.compile(
    rf"^\s*{_NUMBER_SOURCE}(?:the\s+)?(?:(?:quick|temporary|permanent|short-term|long-term|manual|possible|correct|proper"
    r"|recommended|final)\s+)?"
    r"(?:solutions?|ways?\s+to\s+(?:fix|resolve|solve)\b|resolution|resolving|solving|fix(?:es)?|workarounds?"
    r"|work\s*-?\s*arounds?|remed(?:y|ies)|remediation"
    r"|mitigations?|diagnos(?:is|tics?|e)|debugging|investigations?|steps|recovery|verification|verify|how\s+to\b"
    r"|how\s+(?:do|can)\s+(?:i|you|we)\b|what\s+to\s+do|解决|方案|办法|方法|处理|排查|步骤|修复|临时方案|验证)",
    re.IGNORECASE,
)
"""A part that answers: what is under it (the options of a Solution, the checks of an
Investigation) is that answer too, where under a part that lists
(Common errors, Notes) each problem stands alone."""
PART = re.compile(rf"^\s*{_NUMBER_SOURCE}(?:{_PART_WORDS})", re.IGNORECASE)
"""A heading that starts by naming a part of an answer."""
_PROSE_PARTS = (
    r"what\s+(?:this|the|that)\s+(?:error|message|warning|problem|issue)\s+means"
    r"|why\s+(?:it|(?:this|the)(?:\s+(?:error|message|warning|problem|issue|exception))?)"
    r"\s+(?:happens|occurs|occurred|is\s+happening|appears|is\s+shown|(?:can|may)\s+(?:occur|happen))"
    r"|why(?:\s+(?:is|does|did|do|was|are|has|would|might|can))?\s+(?:it|this|that|these"
    r"|the\s+(?:error|errors|message|warning|problem|issue|failure|exception))(?:\s+[\w']+){0,3}"
    r"|(?:possible\s+)?(?:ways?\s+to|how\s+to)\s+(?:fix|resolve|solve|avoid)\s+(?:it|this|the\s+(?:error|issue|problem))"
    r"|(?:other|further|additional)\s+considerations|useful\s+links"
    r"|what\s+is\s+this(?:\s+(?:check|test|step|page))?\s+for|what\s+is\s+(?:checked|tested)"
    r"|what\s+went\s+wrong|what\s+happened|what\s+is\s+(?:the|this)\s+(?:error|problem|issue)"
    r"|still\s+(?:not\s+working|stuck|failing|broken|having\s+(?:issues|problems|trouble))"
    r"|what\s+happens\s+in\s+(?:this|that|such\s+a)\s+(?:case|scenario|situation)"
    r"|is\s+there\s+an?\s+(?:better|other|alternative|simpler|easier|cleaner|recommended)\s+(?:approach|way|solution|option|fix)"
)
_PROSE_PART = re.compile(rf"^\s*{_NUMBER_SOURCE}(?:{_PROSE_PARTS})(?:\s*[:.?])?\s*$", re.IGNORECASE)
"""A part of an answer named in a sentence, the whole heading (``What this error means``, ``Why
This Error Occurred``, ``Possible Ways to Fix It``, ``How to fix it``, ``What went wrong?``; a
check's ``What is this check for?``, ``What is checked?``, ``Still not working?``): the sections of
a page that is about one error or one check, as Next.js's, Expo's and Astro's error pages and the
Actions runner's checks are written; and a question about the problem above, naming it by ``this`` or
``that`` (``What happens in this scenario?``, ``Is there a better approach?``), as Kubebuilder's FAQ asks
them under its questions; not a question an FAQ asks of its own (``How does it work?``, ``What can I do?``)."""

# "Cause 1: GKE Private Cluster", "Root Cause 2: DNS", "Case 1: old engine": a numbered part, whatever follows.
_NUMBERED_PART = re.compile(
    r"^\s*(?:(?:root|possible)\s+)?(?:symptoms?|causes?|reasons?|solutions?|workarounds?|fix(?:es)?|options?|methods?"
    r"|steps?|cases?|scenarios?)\s*\d+\s*[:.)-]",
    re.I,
)
# Short headings that name a variant of the answer: "If the download works", "In the Helm Chart",
# a range of versions ("Version v0.5.6 or lower", "1.24+", "Before v2").
_VARIANT = re.compile(
    r"^\s*(?:if|when|in|on|for|with|using|via|from|option|method|approach)\b"
    r"|^\s*(?:versions?\s+)?v?\d+(?:\.\d+)*(?:\s*\+|\s+(?:and|or)\s+(?:lower|older|earlier|below|newer|later|higher|above)\b)"
    r"|^\s*(?:before|after|since|until|prior\s+to|up\s+to)\s+(?:versions?\s+)?v?\d",
    re.IGNORECASE,
)
_LEAD_IN = re.compile(r"\w\s*:\s*$")
"""A heading that ends in a colon introduces what follows (``Sample deployment:``): it goes on
its problem's answer."""
_STEP = re.compile(
    r"^\s*(?:\d+[.)]\s*)?(?:create|check|run|verify|install|reinstall|delete|remove|restart|use|set|add|enable|disable"
    r"|configure|update|upgrade|try|start|stop|inspect|look\s+at|find|get|test|collect|purge|pull|exec\s+into|open|edit"
    r"|change|clean|reset|rebuild|mount|grant|increase|decrease|raise|lower|apply|patch|roll\s+back)"
    r"\s+(?:the|a|an|your|all|any|each|this|that|these|those|its|their|our|my|some|every)\s",
    re.IGNORECASE,
)
_STEP_DOING = re.compile(
    r"^\s*(?:\d+[.)]\s*)?(?:creating|checking|running|verifying|installing|reinstalling|deleting|removing|restarting"
    r"|using|setting\s+up|adding|enabling|disabling|configuring|updating|upgrading|inspecting|collecting|pulling"
    r"|editing|changing|cleaning|resetting|rebuilding|mounting|granting|increasing|decreasing|applying|patching)\s+\S",
    re.IGNORECASE,
)
"""A heading that is a step to take (``Create a test pod``, ``Check the logs``), or the doing of
one (``Installing Buildx``, ``Checking the logs``): under a heading that is an error, it is more of
that error's answer. A verb and its object's article: ``Start request repeated too quickly`` and
``Get "https://…": EOF`` are messages, not steps."""
_PLATFORM = re.compile(
    r"^\s*(?:on\s+|for\s+)?(?:mac\s*os(?:\s*x)?|mac|os\s*x|linux|windows(?:\s+\d+)?|wsl\s*2?|ubuntu|debian|centos|rhel"
    r"|fedora|alpine|freebsd|android|ios)\s*:?\s*$",
    re.IGNORECASE,
)
"""A heading that names only a system (``macOS``, ``Windows``, ``On Linux``): with nothing under it,
the answer's variant for that system."""
_DESCRIBES = re.compile(r"^\s*(?:about\b|\w+ing\b)", re.IGNORECASE)
"""A section that describes or does something (``About the `unknown key type` error``,
``Finding where the key has been used``), though it names an error."""
_QUOTED_TITLE = re.compile(
    r"^\s*(?:\x22[^\x22\n]{3,300}\x22|`[^`\n]{3,300}`|“[^”\n]{3,300}”)\s+(?:error\s+)?(?:errors?|warnings?|exceptions?|messages?)\s*$",
    re.IGNORECASE,
)
"""A title that quotes what goes wrong and calls it an error or a message: one error (``"React Native
version mismatch" errors``, ``"Error from server: error dialing backend" message``), or errors of one
kind (`` `pip install` errors``) when its sections are errors."""
_LABELLED_TITLE = re.compile(rf"^\s*[`'\"]?(?:error|fatal|panic)\s*:\s*\S|{_QUOTED_TITLE.pattern}", re.IGNORECASE)
"""A page titled by the error it is about, as a program prints it (``Error: Permission denied
(publickey)``) or quoted and called an error (``"React Native version mismatch" errors``):
sections that are no errors themselves are the checks and steps of its answer."""
_ERROR_CUE = re.compile(r"\b(?:error|fail\w*|denied|refused|cannot|can't|unable|invalid|not found|timeout)\b", re.I)
_PART_SHAPE = re.compile(
    r"^\s*(?:\d+[.)]\s+\S"
    r"|(?:check|make\s+sure|ensure|verify|confirm|try)\b"
    r"|(?:other|more|further|additional)\s+(?:things|steps|checks|causes|reasons|options|ideas|fixes)\b"
    r"|quick\b"
    r"|(?:\S+\s+){0,3}\S+\?\s*$)",
    re.IGNORECASE,
)
"""A heading shaped as a part of an answer: a numbered cause, a check, "Other things to check",
a "Quick …", a short question ("Still stuck?")."""
_NAMES_AN_ERROR = re.compile(
    rf"{_ERROR_CUE.pattern}|(?-i:[a-z](?:Error|Exception)\b|\b[A-Z]{{1,6}}-?\d{{3,6}}\b|\b{ERROR_CODE_NAME}\b)",
    re.IGNORECASE,
)
"""A heading that names an error: by its words, or by a name or code as programs print them
(``PrismaClientKnownRequestError``, ``P2002``, ``ERR_PNPM_OUTDATED_LOCKFILE``, ``ENOSPC``)."""
_SHORT = 3  # words: a part's name ("Possible causes", "Error message")
_MEDIUM = 6  # words: a part's sentence ("How do I fix the issue?", "If the download works")

# Bounded runs, so that a long line of ``[a](`` costs a pass, not a pass per bracket.
_LINK = re.compile(
    r"\[[^\]\n]{0,500}\]\([^)\n]{0,2000}\)|<[a-z]+://[^>\s]{0,2000}>|<a\s[^>\n]{0,500}>\s*</a>", re.IGNORECASE
)
_LIST_MARK = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]*", re.MULTILINE)
_LINKED_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]*\[[^\]\n]{0,500}\]\([^)\n]{0,2000}\)")
_LINK_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]*\[[^\]\n]{0,500}\]\([^)\n]{0,2000}\)[ \t]*$")
"""A list item that is one link and nothing else."""
_TOC_LINES = 3
_TOC_SHARE = 0.8


_NUMBERED_CASE = re.compile(r"^\s*(?:cases?|scenarios?|symptoms?)\s*\d+(?:\s*[-–]\s*\d+)?\s*[:.)]", re.IGNORECASE)


def numbered_case(title: str) -> str:
    """What a numbered case or symptom says after its label (``Case 1: Error "code":"ENOSPC"`` →
    ``Error "code":"ENOSPC"``); ``""`` for any other heading (``Method 5 - Orphaned Replica
    Cleanup`` is a way to fix, not a case of the problem)."""
    m = _NUMBERED_CASE.match(title)
    return title[m.end() :].strip() if m else ""


def part_strength(title: str) -> int:
    """2: certainly names a part of an answer (``Possible causes``, ``Cause 1: …``); 1: may
    (``How do I fix the issue?``, ``If the download works``); 0: names a problem of its own."""
    words = len(title.split())
    if _NUMBERED_PART.match(title) or _PROSE_PART.match(title) or (PART.match(title) and words <= _SHORT):
        return 2
    if words <= _MEDIUM and not _ERROR_CUE.search(title) and (PART.match(title) or _VARIANT.match(title)):
        return 1
    return 0


_OWN_PART = re.compile(
    rf"^\s*{_MARK}(?:the\s+)?(?:(?:possible|root|quick|temporary|permanent|short-term|long-term|correct|proper|recommended"
    r"|final)\s+)?(?:symptoms?|causes?|reasons?"
    r"|error\s+messages?|problem|solutions?|workarounds?|fix(?:es)?|resolution|remediation|how\s+to\s+fix"
    r"|(?:diagnosing|resolving|fixing|solving)\s+(?:the|this)\s+(?:problem|issue|error)"
    r"|现象|症状|原因|问题|解决(?:方案|办法)?|方案)(?:\s*[:.])?\s*$"
    rf"|^\s*{_MARK}(?!(?:other|further|additional|still)\s|useful\s)(?:{_PROSE_PARTS})(?:\s*[:.?])?\s*$",
    re.IGNORECASE,
)  # a part only one problem has (not a page's References or Notes), named by nothing else


def _is_step(title: str) -> bool:
    return (
        len(title.split()) <= _MEDIUM
        and (_STEP.match(title) is not None or _STEP_DOING.match(title) is not None)
        and not _ERROR_CUE.search(title)
        and classify(title) == "topic"
    )


def _is_lead_in(title: str) -> bool:
    return len(title.split()) <= _MEDIUM and _LEAD_IN.search(title) is not None and not _ERROR_CUE.search(title)


def one_error(title: str) -> bool:
    """A page title that is the error the page is about (:data:`_LABELLED_TITLE`)."""
    return _LABELLED_TITLE.match(title) is not None


def answers(title: str) -> bool:
    """A part that answers (:data:`_ANSWER_PART`): Solution, Workaround, Investigation, 解决…"""
    return _ANSWER_PART.match(title) is not None


def is_navigation(body: str) -> bool:
    """A body that is a table of contents: nothing but links (two or more: one link alone is an answer
    that points on, an FAQ's ``- [Official docs](logging.md)``), or list items that start with one."""
    rest = _LIST_MARK.sub("", _LINK.sub("", body))
    if len(_LINK.findall(body)) > 1 and not rest.strip(" \t\n-*|:"):
        return True
    lines = [line for line in body.split("\n") if line.strip()]
    linked = sum(1 for line in lines if _LINKED_ITEM.match(line))
    if len(lines) >= _TOC_LINES and linked >= _TOC_SHARE * len(lines):
        return True
    # items that are each one link, then at most two lines of the page's closing words ("If you
    # still can't figure it out, chat with us"); words before the list, or after a link ("`--force`:
    # fetch anyway"), are an answer that points on
    items = [k for k, line in enumerate(lines) if _LIST_MARK.match(line)]
    only = sum(1 for k in items if _LINK_ITEM.match(lines[k]))
    return len(items) >= _TOC_LINES and only == len(items) == items[-1] + 1 and len(lines) - len(items) <= 2


_INTRODUCES_SECTIONS = re.compile(
    r"^\s*(?:(?:this|the\s+following)\s+(?:sub)?(?:section|chapter|part)s?\s+"
    r"(?:describes?|covers?|lists?|explains?|introduces?|contains?|discuss(?:es)?|provides?|collects?)\s"
    r"(?:[^:;`\n.!?]|\n(?![ \t]*\n))*[.!]?"  # one sentence, wrapped maybe, no instruction after a colon
    r"|(?:the\s+following|these|the\s+sections?\s+below)\s+(?:errors?|issues?|problems?|messages?|warnings?)\s+"
    r"(?:(?:may|can|might|often|commonly)\s+)?(?:occur|happen|affect|appear|arise|are\s+(?:caused|related|seen|common))"
    r"(?:[^:;`\n.!?]|\n(?![ \t]*\n))*[.!]?"  # Grafana's "The following errors occur when …"
    r"|(?:本(?:小)?节|本章|以下(?:内容|章节|各节|小节)?|下面)(?:将|主要)?(?:介绍|列出|列举|描述|汇总|说明)"
    r"(?:[^：:；;`\n。！!]|\n(?![ \t]*\n))*[。.！!]?)"
    r"\s*$",
    re.IGNORECASE,
)
_INTRO_CHARS = 300


def introduces_sections(body: str) -> bool:
    """A group's own text that only says what its sections are about (``本小节介绍 PD 管理中的常见问题、原因及
    解决方法。``, ``This section describes common errors of the CLI.``, ``The following errors occur when
    Grafana cannot connect to Prometheus.``): one sentence that names its subject,
    no instruction after a colon, no command (``This section describes the fix: remove …``, ``本节点的磁盘已满``)."""
    text = body.strip()
    return bool(text) and len(text) <= _INTRO_CHARS and bool(_INTRODUCES_SECTIONS.match(text))


@dataclass
class Section:
    """A heading and everything under it, up to the next heading of its level or above."""

    index: int
    """Position of the heading among the page's headings."""
    level: int
    title: str
    line: int
    """0-based line of the heading."""
    end: int
    """0-based line where the section ends (exclusive)."""
    parent: Section | None = None
    children: list[Section] = field(default_factory=list)
    strength: int = field(init=False)
    """:func:`part_strength` of the title."""
    error: bool = field(init=False)
    """The title reads as an error message (:func:`kb.kind.classify`)."""
    names_error: bool = field(init=False)
    """The title names the error its page is about (:func:`one_error`)."""
    own_part: bool = field(init=False)
    """The title names a part only one problem has (Symptoms, Cause, Solution…). These three are
    read once: ``settle`` asks the rest again each time a section moves."""
    quoting: Callable[[int], bool] | None = field(default=None, repr=False, compare=False)
    """Whether the text under the heading of a given index, up to the next heading, quotes an error."""
    introducing: Callable[[int], bool] | None = field(default=None, repr=False, compare=False)
    """Whether the text under the heading of a given index ends in a paragraph that introduces
    what follows (``… can be indicative of the following problems:``)."""
    asked: bool = False
    """A question of an FAQ written as a definition list (:mod:`kb.deflist`): a problem of its own,
    never a part of another's answer, however it is worded (``Why does it say permission denied?``)."""
    _memo: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)
    """What is read from the children, once they are settled (:meth:`settle`)."""

    def __post_init__(self) -> None:
        self.strength = part_strength(self.title)
        self.error = classify(self.title) == "error"
        self.names_error = one_error(self.title)
        self.own_part = _OWN_PART.match(self.title) is not None

    def settle(self) -> None:
        """Forget what was read from the children: they changed."""
        self._memo.clear()

    @property
    def part(self) -> bool:
        """A part of its parent's answer: a certain part, or a possible one among siblings that
        are all parts (a problem's Symptom/Solution, not one short question among many)."""
        if self.parent is None or self.asked:
            return False
        return self.strength == 2 or (self._may_be_part() and self.parent._all_parts())

    def _may_be_part(self) -> bool:
        """A part's name; a lead-in with nothing under it (``Sample deployment:``, not a group
        ``Docker:``); a system's name with nothing under it (``macOS``: the fix on that system);
        under a heading that is an error, a step to take, or a section with nothing under it that
        names no error of its own and reads as a part (a numbered cause, ``1. Security software
        intercepting loopback traffic``; a check, ``Check for a remote debugging policy``; a short
        question, ``Still stuck?``; ``Other things to check``) — not ``manifest unknown`` or
        ``OOMKilled`` under ``Image pull errors``, problems of their own."""
        if self.strength:
            return True
        if not self.children and _is_lead_in(self.title):
            return True
        parent = self.parent
        if parent is not None and parent.one_problem:
            return not self.names_error  # a page that is one problem: its checks and steps
        if parent is None or parent.level == 1:
            return False
        if parent.lists_causes:
            return not (self.error or self.names_error or _NAMES_AN_ERROR.search(self.title))
        if not self.children and _PLATFORM.match(self.title):
            return True  # ``### Network requests stop loading`` › ``#### macOS``: the fix on one system
        if not parent.error:
            return False
        if _is_step(self.title):
            return True
        named = self.error or self.names_error or _NAMES_AN_ERROR.search(self.title)
        return not (self.children or named) and _PART_SHAPE.match(self.title) is not None

    @property
    def one_problem(self) -> bool:
        """A page title that is one problem, whatever its sections are named: a title that is
        the error (``Error: Permission denied (publickey)``), or an article whose sections
        include two or more of the parts only one problem has (Symptoms, Cause, Solution, each
        once) and a part that fixes it (Solution, Workaround, Mitigation, Recovery…). Not where a
        section is an error of its own (``## unauthorized: authentication required``, ``## Back-off
        pulling image``; under an error title, one that describes or does something may name an
        error), nor, for an article, where a section that names no part quotes an error of its
        own (a runbook's ``## Webhook signature mismatch``): then the page lists problems. Its
        other sections (``Prerequisites``, ``Connect to the cluster``, ``Best practices``) are
        more of its answer."""
        if self.level != 1:
            return False
        if "one" not in self._memo:
            own = [c.title.strip().lower() for c in self.children if c.own_part]
            errors = [c for c in self.children if c.strength < 2 and (c.error or c.names_error)]

            def quoting() -> bool:  # a section that names no part quotes an error of its own
                return any(not c.strength and c.quoting is not None and c.quoting(c.index) for c in self.children)

            if _QUOTED_TITLE.match(self.title):  # errors of one kind: one problem unless its sections are errors
                self._memo["one"] = not errors and not quoting()
            elif self.names_error:  # its checks may name what they find ("Finding where the key …")
                self._memo["one"] = not any(c.names_error or not _DESCRIBES.match(c.title) for c in errors)
            else:  # an article: no section of it an error, or another problem quoting its own
                self._memo["one"] = (
                    any(answers(c.title) for c in self.children)
                    and len(own) >= 2
                    and len(own) == len(set(own))
                    and not errors
                    and not quoting()
                )
        return bool(self._memo["one"])

    @property
    def lists_causes(self) -> bool:
        """An error quoted or named, then a paragraph introducing the sections under it (``"unsuccessful
        cred copy" Warning``: the message, then ``… indicative of the following problems:``): what
        they name are its causes, parts of its answer, unless they name errors of their own."""
        if "causes" not in self._memo:
            leads_in = self.introducing is not None and self.introducing(self.index)
            quotes = self.error or self.names_error or (self.quoting is not None and self.quoting(self.index))
            self._memo["causes"] = leads_in and quotes
        return bool(self._memo["causes"])

    def _all_parts(self) -> bool:
        if "all_parts" not in self._memo:
            self._memo["all_parts"] = all(c._may_be_part() for c in self.children)
        return bool(self._memo["all_parts"])

    @property
    def problems(self) -> list[Section]:
        """Subsections that are problems of their own (not parts of this one's answer)."""
        if "problems" not in self._memo:
            self._memo["problems"] = [c for c in self.children if not c.part]
        return list(self._memo["problems"])

    @property
    def answer_end(self) -> int:
        """Where this section's own answer ends: at its first problem subsection."""
        problems = self.problems
        return problems[0].line if problems else self.end

    @property
    def ancestors(self) -> list[Section]:
        out = []
        node = self.parent
        while node is not None:
            out.append(node)
            node = node.parent
        return out[::-1]


def tree(
    headings: list[tuple[int, str, int]],
    lines: int,
    quoting: Callable[[int], bool] | None = None,
    introducing: Callable[[int], bool] | None = None,
    asked: frozenset[int] = frozenset(),
) -> list[Section]:
    """Sections of ``(level, title, 0-based line)`` headings in page order, linked into a tree;
    ``quoting(i)``: whether the text under heading ``i``, up to the next one, quotes an error
    (asked only of the few sections whose page may be one problem); ``introducing(i)``: whether it
    ends introducing what follows (asked only of sections below a page title that have sections);
    ``asked``: the lines of headings that are the questions of a definition-list FAQ."""
    sections = [
        Section(i, level, title, line, lines, quoting=quoting, introducing=introducing, asked=line in asked)
        for i, (level, title, line) in enumerate(headings)
    ]
    stack: list[Section] = []
    for s in sections:
        while stack and stack[-1].level >= s.level:
            stack.pop().end = s.line
        if stack:
            s.parent = stack[-1]
            stack[-1].children.append(s)
        stack.append(s)
    for s in stack:
        s.end = lines
    for s in sections:
        _follow(s)
    return sections


def _follow(s: Section) -> None:
    """A part of one problem (a Symptom, Cause, Solution…) written at its problem's level, after it
    (``### 33) sshd fails`` / ``### Solution``), or one more step after the problem's own steps
    (``## Unable to listen on port`` › ``### Create a test pod``, then ``## Create a test pod as
    root``): it belongs to that problem, the sibling just before it, as if written one level down."""
    parent = s.parent
    if parent is None or s.asked:
        return
    k = parent.children.index(s)
    if k == 0 or parent.children[k - 1].part:
        return
    problem = parent.children[k - 1]
    steps = [c for c in problem.children if _is_step(c.title)]
    if not (s.own_part or (steps and _is_step(s.title) and not s.children)):
        return
    parent.children.remove(s)
    problem.children.append(s)
    problem.end = s.end
    s.parent = problem
    parent.settle()
    problem.settle()
