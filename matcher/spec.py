"""The matcher's spec: every rule, word list and number the matcher uses, as frozen data.

Python (:mod:`matcher`) and the paste page's JavaScript (``kbfind-matcher.js``) both run this
spec; neither writes a rule or a number of its own. :func:`spec_data` is the spec as JSON-ready
data, which the site build exports with the knowledge base's profiles; the page refuses data of
another :data:`FORMAT`. Patterns are :class:`kb.pattern.Pattern`: one dialect both engines read
alike. A golden corpus (``tests/data/parity/``) holds Python's output at every stage, and the
JavaScript must reproduce it exactly.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from typing import Any

from kb.kind import ERROR_CODE_NAME, HEALTHY_ROW, INFO_LINE, STACK_FRAME, TABLE_HEADER
from kb.pattern import Pattern
from kb.terms import CJK_CLASS, TERM_RULES, TermRules

__all__ = [
    "FORMAT",
    "SPEC",
    "DecideSpec",
    "FeatureSpec",
    "FramingSpec",
    "MaskSpec",
    "ModelTerm",
    "ParamSpec",
    "RetrievalSpec",
    "Rule",
    "SegmentSpec",
    "Spec",
    "TextSpec",
    "ViewSpec",
    "WeightSpec",
    "spec_data",
]

FORMAT = 2
"""The shape of the spec: the JavaScript interpreter knows exactly this one."""


@dataclass(frozen=True)
class Rule:
    """A named pattern: a framing prefix to strip, or a variable to mask as ``<name>``."""

    name: str
    pattern: Pattern
    what: str
    """What it recognizes, in words (``--explain`` shows it)."""


@dataclass(frozen=True)
class TextSpec:
    """How any text is made plain before it is read: the same in both runtimes."""

    newline: Pattern
    """Line breaks of any platform: become ``\\n``."""
    escapes: Pattern
    """Terminal escape sequences (colours, cursor, titles): removed."""
    controls: Pattern
    """Other control characters and odd spaces: each run becomes one space."""


@dataclass(frozen=True)
class FramingSpec:
    """Log framing around a message, stripped from the start of each line."""

    rules: tuple[Rule, ...]
    """Applied in order, the whole list again while one still fires, at most ``passes`` times."""
    passes: int
    box_end: Pattern
    """The right border of a panel whose left border a rule stripped (``box``: k9s, lazydocker;
    ``ascii-box``: a banner drawn with ``|``)."""
    drawn: Pattern
    """A line of ASCII marks alone, no letter, digit or other script: it draws (ASCII art, ``|_|
    |``, ``}``, a caret under a column) and carries no message to match
    (:func:`matcher.segments.segments` skips it)."""
    html_line: Pattern
    """A line of an HTML page, as a proxy or server answers an error and curl prints it
    (``<head><title>502 Bad Gateway</title></head>``): it starts with an element's tag."""
    html_tag: Pattern
    """The tags of such a line that end a block, each read as a space: the text left is its
    message; no text, no message."""
    html_inline: Pattern
    """Tags inside a run of text (``<b>Fatal error</b>: …``): removed, nothing in their place."""
    fence: Pattern
    """A code fence line: carries no message. As in CommonMark, a backtick fence's info string
    holds no backtick: ```` ```Error: … ``` ```` on one line is the message in a code span."""
    ruler: Pattern
    """A line of dashes or box drawing, or an ellipsis standing for output left out (``...``,
    ``[...]``, ``(...)``, ``[... 12 lines omitted ...]``): carries no message."""
    prompt: Pattern
    """A shell prompt; the line is a typed command when ``command_word`` follows it."""
    command_word: Pattern
    typed_command: Pattern
    """A line with no prompt that reads as a command typed to a well-known command-line tool: the
    tool's name, then a subcommand, option or path, and nothing read as output (``word: …``, a
    log level after the tool's name as npm prints them, the words of a sentence); or to any tool, when
    the line is its name, at most two subcommands and two options or more, and nothing else
    (``cockroach start --certs-dir=certs --join=host:26257``); or the line npm, yarn and pnpm echo
    before a package's script runs, its name and version, the script's name and the folder
    (``> electron@1.7.9 postinstall /home/me/app/node_modules/electron``). Only after no framing rule but
    ``decorations`` fired: a log prefix says the line is output."""
    decorations: tuple[str, ...]
    """Framing rules that mark where a line was quoted, not what printed it (``> ``, a box border)."""
    klog_structured: Pattern
    """Structured klog: ``"message" key="value" …`` (group 1 the message, group 2 the pairs)."""
    fields: Pattern
    """A ``key=value`` field of a structured line (group 1 the key, group 2 the value)."""
    unified_structured: Pattern
    """The unified log format of TiDB, TiKV, PD and their tools, after its time, level and source file:
    ``["message"] [key=value] [error="…"]`` (group 1 the message, quoted or a bare word, group 2 the
    bracketed pairs), read as :attr:`klog_structured` is."""
    unified_field: Pattern
    """A ``[key=value]`` field of such a line (group 1 the key, group 2 the value)."""
    logfmt: Pattern
    """A line is logfmt (logrus) when this is found and it has a ``msg`` field."""
    message_key: str
    detail_keys: tuple[str, ...]
    """Fields whose value is an error message of its own, in the order a line's error is taken from
    them (``err``/``error`` first)."""
    reason_keys: tuple[str, ...]
    """Fields of a logfmt line that say why (Thanos's ``msg="changing probe status" …
    reason="hashring has changed"``): an error of its own where the value is a phrase
    (:attr:`reason_phrase`), not an enum (``reason=DoesNotExist``); never a quoted line's error text."""
    reason_phrase: Pattern
    json_object: Pattern
    """A JSON log line (zap, logrus and bunyan JSON, Docker's json-file, an event object), also
    one a terminal or a paste cut short: an object's first member opens it."""
    json_field: Pattern
    cut_value: Pattern
    """A line's last field whose quoted value runs to the end of the line with no closing quote, as
    a paste cut at the screen's edge or an excerpt's end leaves it (``… "error":"1 error occurred: rego_parse_error:
    no match foun``): group 1 the key, group 2 the value so far."""
    """A string member of a JSON line (group 1 the key, group 2 the quoted value)."""
    context_fields: Pattern
    """Where a message ends and the JSON object of its context fields begins, as zap's console
    encoder prints them (``Exporting failed. Will retry …\t{"kind": "exporter", "name": "otlp",
    "error": "…"}``): the keys and values are the logger's, not words of the message; an
    ``error`` or ``message`` field among them is read as a message of its own."""
    trailing_field: Pattern
    """One ``key=value`` field after a message, as zerolog's console writer prints them (``Command
    error error="command traefik error: field not found"``). Where an unbroken run of them ends the
    line, after a message, is where the message ends: read as :attr:`context_fields` are, when a
    field of :attr:`detail_keys` is among them. The run is found in one pass over the line's fields,
    not by a pattern tried from every place (which took seconds on long lines)."""
    json_message_keys: tuple[str, ...]
    """Members holding a JSON line's message: the first one found is the message, later ones
    (the items of a list of events) are read as messages of their own, as ``detail_keys`` are."""
    escape: Pattern
    """A backslash escape inside a quoted field value (group 1 the escaped character)."""
    blank_escapes: str
    """Escaped characters that read as a space (``\\n``, ``\\t``)."""
    error_key: Pattern
    """A key of a line's context fields that names what went wrong, beside :attr:`detail_keys` (an API's own:
    ``errorReason``, ``error_description``, ``faultString``, ``problemDetail``): its value, where it is a
    phrase (:attr:`reason_phrase`), is read as a message of its own; other keys' values are context."""
    query_error: Pattern
    """An error a URL carries in its query, as an OAuth server redirects with it (``…/?error=access_denied&
    error_description=AADSTS65005%3a+Using+application…``; group 1 the value, its ASCII percent escapes and
    ``+`` decoded): read as a message of its own, as :attr:`detail_keys` are, where the line is no
    structured log line."""


@dataclass(frozen=True)
class MaskSpec:
    """Variables replaced by named placeholders, in one ordered pass over the whole text."""

    rules: tuple[Rule, ...]
    """Most specific first; a match that overlaps an earlier rule's placeholder is skipped."""
    trailing: str
    """Characters never ending a variable (``see https://x/y.`` — the full stop is prose)."""
    author_placeholder: Pattern
    """A placeholder an author wrote into an error text (``dial tcp <host>:<port>``, ``<pod-name>``)
    or markup around it (``<details>``), or a docs site's variable (``$[nodecontainer] is not
    ready``, ``{{ site.prodname }}``, a version written ``x.x.x``, an error reference's
    ``{database_host}``, a bracketed name of a value, ``connect [monitor-ip]:6789``, ``[pod-name]``
    (not a program's ``[kubelet-check]``), a value crossed out or made up (``lookup XXXXX``, ``class
    XYZ for``), a value named as the reader's own (``your-instance-ip:54544``, ``YOUR_API_TOKEN``);
    not a template engine's ``{{ ansible_distribution }}``, a shell's
    ``${HOME}``): it stands for any value, so it is no word a paste must
    hold. Not a program's own ``<none>``, ``<nil>``, ``<unknown>``…, nor a type's ``List<String>``."""

    @functools.cached_property
    def placeholder(self) -> Pattern:
        """A placeholder already in a text: ``<`` a rule's name ``>`` (made once: every mask reads it)."""
        return Pattern("<(" + "|".join(r.name for r in self.rules) + ")>")


@dataclass(frozen=True)
class SegmentSpec:
    """A paste → the messages worth matching."""

    max_lines: int
    """A paste with more distinct lines keeps this many, the most relevant, in paste order."""
    max_line_chars: int
    """Only the start of a longer piece of a line is read: an error message is shorter, a dump is
    not (a structured line is read up to ``structured_max_chars``)."""
    max_segment_chars: int
    long_line_split: Pattern
    """Where a line longer than ``max_segment_chars`` (compact JSON, an escaped log) is cut into the
    lines it holds: escaped newlines and the seams between JSON values."""
    long_line_pieces: int
    """At most this many pieces are read of one long line."""
    shape: Pattern
    """Numbers and ids, ignored when telling repeated lines apart."""
    shape_mark: str
    scheduler: Pattern
    """A scheduler message (group 1 its reasons)."""
    reason_split: Pattern
    fit_summary: Pattern
    """Another list of reasons (group 1)."""
    fit_split: str
    reason_trailing: str
    relevance_word: Pattern
    relevance_words: int
    """Of a long line, only this many words count toward its relevance."""
    error_cue: Pattern
    """A line that reads as an error: its relevance is multiplied by ``cue_factor``."""
    cue_factor: float
    info_line: Pattern
    """A log line at info level or below: skipped when the paste has lines that read as errors."""
    error_line: Pattern
    """A line that reads as an error (with ``error_cue``): a log level's, or an exception's name
    before its message (``TypeError: …``, ``java.io.IOException: …``)."""
    table_header: Pattern
    """A table's header row (``NAME  READY  STATUS``): skipped."""
    healthy_row: Pattern
    """A table row of something healthy (``web-0  1/1  Running``): skipped."""
    stack_frame: Pattern
    """A frame of a stack trace (``at Object.watch (fs.js:1231:11)``, ``File "x.py", line 3, in f``,
    ``/usr/local/go/src/runtime/panic.go:500 +0x1a1``, ``main.run(0xc4200c6200)``): where the
    error passed, not what it says; skipped when the paste has other lines."""
    unit_state: Pattern
    """systemd's report that a unit failed (``kubelet.service: Main process exited, code=exited,
    status=1/FAILURE``, ``Unit kubelet.service entered failed state.``): the service died, not
    why; skipped beside the line that says why. Not ``Failed to start …``, which pages quote."""
    runtime_notice: Pattern
    """What a runtime prints beside every error of a kind, the same words whatever the error: Node's
    ``UnhandledPromiseRejectionWarning: Unhandled promise rejection. This error originated either by
    throwing inside of an async function…`` and ``[DEP0018] DeprecationWarning: Unhandled promise
    rejections are deprecated…``, ``(Use `node --trace-warnings ...` to show where the warning was
    created)``; skipped beside the line with the error itself."""
    caret_line: Pattern
    """A line that only points at a column (``^``, ``~~~^^^``): under the line of source code a stack
    frame quotes (Node's ``events.js:183`` / ``throw er; // Unhandled 'error' event`` / ``^``,
    Python's ``SyntaxError``). That line of source says where the error was raised, not what it
    is: skipped like the frame above it when the paste has other lines."""
    exception_header: Pattern
    """A line that only names the exception the message under it belongs to, as Symfony Console
    (Composer) and cleo (Poetry) print it (``[ValueError]``, ``[Composer\\Downloader\\TransportException]``),
    or only announces a trace (Python's ``Traceback (most recent call last):``, ``During handling of the
    above exception, another exception occurred:``): skipped when the paste has other lines."""
    source_frame: Pattern
    """A stack frame that quotes its line of source on the next line, as Python's do (``File "x.py",
    line 3, in f`` / ``    import foo``): that line says where the error was raised, not what it is."""
    chain_open: Pattern
    """The end of a line an error chain goes on from, on more indented lines (``* 1 error
    occurred:`` / ``→* request path …``; ``error when creating "x":`` / ``··Internal error …``): the
    line and its continuation are read as one more line, as an error quoted so in an answer is."""
    folded_open: Pattern
    """A YAML key whose value is folded onto the lines after it indented more than the key (group 1:
    what is before the key, a list item's ``-`` counting as a space): ``message: >-``,
    ``kubectl get -o yaml``'s long condition messages. Those lines are read as one more line."""
    wrap_min: int
    """A line this long or longer may have been wrapped onto the lines after it."""
    wrap_end: Pattern
    """The last character of a line a word wrap cut: mid-sentence, no closing mark."""
    wrap_next: Pattern
    """The start of a line that goes on with the sentence above it (``decoding error: …`` after
    ``… cannot be handled as a NodePool: strict``), not a log line of its own (``fatal: …``,
    ``npm ERR! …``, yarn's ``info Visit …``): a lower-case word, no log level, then a space, a mark
    or the end of the line."""
    wrap_table: Pattern
    """Column gaps: lines of one width holding them are a table's rows, not one line wrapped."""
    escaped_newline: Pattern
    """A line break written as an escape (``\\r\\n``) in a line that holds captured output."""
    escaped_lines: int
    """A line holding this many escaped line breaks or more is read as the lines it holds, unless
    it holds a Windows path (:attr:`windows_path`: a drive, a backslash before a letter no escape
    starts with, or a relative ``..\\``), whose ``\\nodejs`` is no line break, or it is a structured
    line (:attr:`structured_rules`)."""
    windows_path: Pattern
    structured_rules: tuple[str, ...]
    """Framing rules of a structured line (JSON, logfmt, klog's pairs, context fields): its quoted
    values are read with their escapes, so escaped line breaks inside them cut no line."""
    structured_max_chars: int
    """A structured line up to this long is read whole (a zap line and its ``"stacktrace"``), and
    the lines its other values hold on escaped breaks as more lines (an ``output="…\\nerror: …"``);
    a longer one is cut like any long line."""
    structured_checks: int
    """At most this many lines of one paste are framed to ask whether they are structured lines
    (framing a line costs): a log of more such distinct lines is read by its escapes after that."""
    stack_member: Pattern
    """A structured line's stack trace (``"stacktrace":"…"``, ``stack="…"``): where an error
    passed, not what it says; its escaped breaks cut no line."""


@dataclass(frozen=True)
class ViewSpec:
    """A segment → its terms."""

    keep_names: tuple[str, ...]
    """Placeholders whose values are words worth explaining (names, paths)."""
    value_names: tuple[str, ...]
    """Placeholders whose values, repeated by a paste, tell entries with one template apart."""
    clause: Pattern
    """Where an error chain's clauses meet: ``outer: inner``, ``… desc = …``, ``; ``."""
    clause_word: Pattern
    clause_min_words: int
    """The paste's cause is its last clause with at least this many words."""
    error_class: Pattern
    """The class of an exception after its message, as Ruby prints it (``… was never closed
    (Liquid::SyntaxError)``, ``… (LoadError)``): what kind of error it is, which every error of
    that kind shares, so it is left out before the last clause is taken as the cause."""
    closed_word: Pattern
    """A word that may be two words written together (``etcdserver``)."""
    closed_min: int
    """Only words this long are split, into halves of at least ``closed_part`` characters."""
    closed_part: int
    hyphenated: Pattern
    """A compound written with hyphens (``anti-virus``): also read as one word when the
    knowledge base writes it so."""
    spelling_min: int
    """An unknown word this long is also read as the hyphenated compound the knowledge base
    writes, if any (``antivirus`` → ``anti-virus``), split after at least ``spelling_part``
    characters."""
    spelling_part: int
    file_name: Pattern
    """The file a masked path names, its last part (group 1; a line number after it left out): the
    paste's ``open /proc/sys/net/netfilter/nf_conntrack_max: permission denied`` holds the error
    text ``nf_conntrack_max: permission denied`` that an author wrote with the file's name alone."""
    opposites: tuple[tuple[str, str], ...]
    """Words that say the opposite of each other (``few``, ``many``): an error text saying one that
    the segment does not, where the segment says the other, is another error (``too many PGs per
    OSD`` is not ``too few PGs per OSD``), and the segment holds none of it. Not where either says
    ``not`` or ``no`` (``not enabled`` is ``disabled``), and not a title, which may name the fix
    (``Lower the MTU``) where the segment states the problem."""
    negations: tuple[str, ...]
    """Words that turn a statement around (:attr:`opposites` does not judge where one is said)."""
    codes: tuple[Pattern, ...]
    """Kinds of code that name an error by themselves, each matched against a whole term: a
    Windows HRESULT (``0x8000ffff``), a POSIX or Node.js error name (``enoent``, ``eai_again``).
    An error text holding codes of a kind, none of which the segment says, where the segment says
    another code of that kind, is another error (``ENOENT, stat …`` is not ``ENOTEMPTY, rmdir …``;
    ``error 0x80070003`` is not ``Error Code: 0x8000ffff``), and the segment holds none of it."""
    file_name_shape: Pattern
    """Only a name shaped like a file's counts (a letter, then ``.``, ``_`` or ``-`` and more:
    ``nf_conntrack_max``, ``vite.js``), not a bare word of a path (``bin``, ``npm``)."""
    quoted: str
    """The placeholder of a quoted value: its words still count where an error text writes them
    as words (Gradle's ``Task 'setupDependencies' not found`` holds the heading's ``Task
    `setupDependencies` not found``); where the text has a placeholder there, any value does."""
    status_value: Pattern
    """A number the paste masked that is an HTTP status (4xx, 5xx) still counts where an error text
    names it: ``Code(429)`` holds the ``429`` of ``Too many requests (429 error code)``, which the
    masking keeps after ``Error`` or before its reason."""


@dataclass(frozen=True)
class ParamSpec:
    """Values a paste gives to a heading's placeholders, named by the words before them."""

    token: Pattern
    """What the template and the message are aligned by: placeholders and words."""
    name_word: Pattern
    """A word that can name a placeholder (``valid for`` <ip>)."""
    name_words: int
    list_join: str
    """A placeholder after another with only this between belongs to the same list."""
    kind_names: tuple[tuple[str, str], ...]
    """A placeholder with no word before it that can name it is named by its kind: these in words
    (``<num>`` → ``number``), the others as they are (``ip``, ``path``)."""


@dataclass(frozen=True)
class WeightSpec:
    """How much a term says."""

    generic: tuple[str, ...]
    """Terms of the error-reporting language itself and everyday English: damped."""
    generic_factor: float
    cjk_function: str
    """A CJK bigram holding one of these spans two words more often than it names a thing."""
    placeholder_weight: float
    background_strength: float
    """Pseudo-entries of ops and log text at large mixed into a knowledge base's statistics."""


@dataclass(frozen=True)
class FeatureSpec:
    mass_cap: float
    """Masses (weights in units of a term found in one entry) are capped here."""
    info_cap: float
    code_credit: float
    """A word only found in an answer's code counts this much."""
    length_b: float
    """How much a long answer's explaining is discounted (BM25's ``b``)."""


@dataclass(frozen=True)
class ModelTerm:
    """An input of the logistic model: the product of its factors (features; ``topic`` is
    ``1 - error``), and what it means in words for ``--explain``."""

    factors: tuple[str, ...]
    label: str

    @property
    def name(self) -> str:
        return "*".join(self.factors)


@dataclass(frozen=True)
class RetrievalSpec:
    """Which entries are scored: BM25 over all of an entry's text, read from the postings."""

    k1: float
    length_b: float
    """BM25's length norm: 0 scores a long entry's words like a short one's; 1 scales by length alone."""
    max_terms: int
    """At most this many of the paste's terms (the rarest) are looked up."""
    min_terms: int
    """At least this many are, however common."""
    common_share: int
    """Past those, a term held by more than 1/common_share of the entries is not looked up…"""
    common_floor: int
    """…unless it is held by at most this many."""
    candidates: tuple[int, int]
    """Entries scored: the first up to ``grow_from`` entries, growing to the second at ``grow_to``."""
    grow_from: int
    grow_to: int
    copies_depth: int
    """When copies of entries in other versions of their pages fill the candidates, the keyword
    search reads on to at most this many times as many entries (each one more to score)."""


@dataclass(frozen=True)
class DecideSpec:
    suggestion_floor: float
    """Entries scoring below this are not worth suggesting."""
    twin_similarity: float
    """Error entries whose headings share this much of their term weight are near-duplicates."""
    score_digits: int
    """Scores are shown rounded to this many decimals (half to even)."""
    heading_lookup: bool
    """A paste that is one line saying an entry's heading as written (spacing and letter case
    aside) is that entry: its score is raised to the threshold. Short titles such as "eStargz"
    carry too little weight for the model alone, yet typing a heading is a look-up."""
    error_lookup_fit: float
    """A line that is a stated error text whole (a heading's, an alias's, an Error message part's:
    every term of it found, and it this share of the line's terms or more, values aside, though one
    of its literal values repeated where it names some) is a look-up too, as a heading typed is:
    raised to the threshold. Not an error the answer only quotes, nor one of fewer than
    :attr:`error_lookup_terms` terms (``no org id``), nor ``bad interpreter: /usr/bin/ruby^M: …``
    for a path without its ``^M``."""
    error_lookup_terms: int
    """Fewest terms of a stated error text that a line holding it whole looks up (:attr:`error_lookup_fit`)."""
    quoted_lookup_terms: int
    """An error an answer quotes is a look-up too when the paste is that one line, whole, and it is the
    first error the answer quotes, before its fix (what the problem looks like, not a program's closing
    words after it nor a line met on the way to the fix), no other candidate quoting it, and this many
    of its terms or more are not the generic words of error reporting: ``command not found``, ``context
    deadline exceeded`` are every program's, not the entry's problem."""
    pasted_line: Pattern
    """A character that is text, not white space nor an invisible mark: a line of the paste holding one is
    a line pasted (:attr:`quoted_lookup_terms`: the paste is one line)."""
    link: Pattern
    """A link in a paste to a section of a page (group 1 the page's name, group 2 the section's
    anchor, letters of any script, percent-encoded as an address bar copies them or not, with or without a
    leading ``_``: ``…/remote/troubleshooting#_setting-up-the-ssh-agent``, ``…/drivers/qemu/#networking``,
    ``…/k8s-faq/#pod-时区``, MkDocs' ``#_1``): where it is an entry's own page and anchor, the program that
    printed it names the entry: its score is raised to the threshold, as a heading typed as written
    is, but it outranks no entry that scores better."""
    page_link: Pattern
    """A link in a paste to a whole page that the line points the reader to (group 1 its name, of two
    words or more: ``See more info here: https://nextjs.org/docs/messages/failed-loading-swc``): where
    the page of that file name holds one entry only, a page about one error, the link names that
    entry as :attr:`link` does. A page of many sections ("Troubleshooting") is not named by it, nor
    is a one-word name (``…/install``, ``…/faq``), which many products' pages share, nor a URL the
    program was fetching (``GET https://registry.npmjs.org/node-sass``)."""
    link_not: Pattern
    """A line whose links name no entry: a warning's, or what a person wrote (``I``, ``my``, ``we``)."""
    link_pointer: Pattern
    """A line that points the reader on (``See https://…#anchor for more information.``, at the end
    of a hint a program prints under its error): its links name the error above it, however many
    lines of the hint come between."""
    link_label: Pattern
    """A label under which a program prints a link alone on its line (``Error reference:`` /
    ``https://…/errors/no-adapter-installed/``): the link is read as if the label led it."""
    hint_lines: int
    """Lines of a hint read back from its pointer (:attr:`link_pointer`) to the error, at most."""
    copy_similarity: float
    """Entries are copies of one another, listed once (the best placed), when they have one heading
    (spacing and letter case aside) on pages of one file name in different folders, and their
    answers share this much of their term weight: a docs tree keeping each version of a page
    (``docs/master``, ``docs/v1.20``), or a note left in two folders."""


@dataclass(frozen=True)
class Spec:
    """Everything the matcher does that is a choice: rules, words and numbers."""

    format: int
    text: TextSpec
    terms: TermRules
    framing: FramingSpec
    masking: MaskSpec
    segments: SegmentSpec
    view: ViewSpec
    params: ParamSpec
    weights: WeightSpec
    features: FeatureSpec
    model: tuple[ModelTerm, ...]
    retrieval: RetrievalSpec
    decide: DecideSpec


# -- the rules -------------------------------------------------------------------------------

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|1[0-2]月|[1-9]月)"
_LEVEL = r"(?:FATAL|ERROR|WARNING|WARN|INFO|DEBUG|TRACE|PANIC|LOG|ERRO|FATA|CRITICAL|CRIT|NOTICE)"

_CJK_PROSE = rf"{CJK_CLASS}\u3000-\u303f\uff00-\uffef"
_FRAMING_RULES = (
    Rule("markdown-quote", Pattern(r"^\s*(?:>\s?)+"), "markdown quote marks"),
    Rule(
        "prose-lead",
        Pattern(
            rf"^[A-Za-z0-9 .,-]{{0,40}}?[{_CJK_PROSE}][{_CJK_PROSE}A-Za-z0-9\s.,;!?-]{{0,120}}?[:,]?\s*"
            r"(?=(?:ERROR|Error|error|FATAL|Fatal|fatal|panic|Exception)\b|[A-Za-z_$][\w.$]*(?:Error|Exception)\b)"
        ),
        "the words a user writes before the error on its line, in a script without spaces (今天突然提示ERROR 9005 …,"
        " TIDB 集群运行了2个礼拜，今天提示ERROR …, 执行时报错：Error: …)",
    ),
    Rule(
        "diagnostic",
        Pattern(r"^\s*(?:[│├╰╭]\s*)?(?:─+▶|×)\s+(?=\S)"),
        "the marks of a diagnostic's error and its causes, as uv and other Rust tools print them (× , ├─▶ , ╰─▶ )",
    ),
    Rule("box", Pattern(r"^\s*[│┃║╷╵╭╰┌└├╎┆]+ ?"), "box-drawing border (Terraform and other CLIs)"),
    Rule("ascii-box", Pattern(r"^\s*\|[ \t](?=[^|]*[ \t]\|\s*$)"), "a box drawn with | on both sides (a banner)"),
    Rule("ci-step", Pattern(r"^##\[(?:error|warning|debug|group|endgroup)\]"), "CI annotation"),
    Rule(
        "status-mark",
        Pattern(r"^\[[i✖✗✘!▶]\]\s+"),
        "a line's level drawn as a sign, as eksctl and flutter doctor print it ([ℹ] , [!] , [✖] ); a passed"
        " check's ([✓] ) stays, for the line to be skipped as one",
    ),
    Rule(
        "elapsed",
        Pattern(r"^\d{1,6}\.\d{1,3}s\s+(?=\S)"),
        "the seconds since a command started, before each step it reports (kn's 2.788s Waiting …)",
    ),
    Rule(
        "envoy",
        Pattern(
            r"^\[\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?\]\[\d+\]\[\w+\](?:\[[\w.-]+\])?\s*"
            r"(?:\[?[\w./-]+\.\w+:\d+\]\s*)?"
        ),
        "Envoy's time, thread, level and logger, and the source file of the logging call",
    ),
    Rule(
        "bracket-header",
        Pattern(
            r"^\[\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?: ?(?:Z|UTC|GMT|[+-]\d{2}:?\d{2}))?"
            r"\s+(?:[A-Z]{3,8}\s+)?[A-Za-z][\w.-]{0,60}\]\s*"
        ),
        "a time stamp, level and component in one pair of brackets, as the GitHub Actions runner and the Azure"
        " Pipelines agent log ([2020-05-23 17:02:06Z ERR  RunnerServer] )",
    ),
    Rule(
        "iso-timestamp",
        Pattern(
            r"^\[?\d{4}[-/]\d{2}[-/]\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?"
            r"(?: ?(?:Z|UTC|GMT|[+-]\d{2}:?\d{2}))?(?:\]:?|:)?\s+"
        ),
        "ISO or CI timestamp, in brackets or before a colon (watchman's 2015-06-30T16:36:20,758: )",
    ),
    Rule(
        "cri-stream",
        Pattern(r"^(?:stdout|stderr) [FP] "),
        "the stream and tag of a container runtime's log file, after its time stamp (/var/log/containers/…:"
        " 2020-06-09T22:46:25.08Z stderr F )",
    ),
    Rule(
        "zerolog",
        Pattern(r"^(?:TRC|DBG|INF|WRN|ERR|FTL|PNC)\s+(?:[\w.@/-]+\.go:\d+\s+>\s+)?(?=\S)"),
        "zerolog's console level and caller, after its time stamp (Traefik v3: ERR …/traefik.go:80 > )",
    ),
    Rule(
        "nest",
        Pattern(
            r"^\[Nest\]\s+\d+\s+-\s+\d{1,2}/\d{1,2}/\d{4},?\s+\d{1,2}:\d{2}:\d{2}(?:\s*[AP]M)?\s+"
            r"(?:LOG|ERROR|WARN|DEBUG|VERBOSE|FATAL)\s+(?:\[[\w:.-]+\]\s+)?"
        ),
        "NestJS's process, time, level and context ([Nest] 7  - 02/01/2024, 3:51:28 AM   ERROR [LibraryService] )",
    ),
    Rule(
        "bracket-time",
        Pattern(r"^\[\d{1,2}/\d{1,2}/\d{2,4},? \d{1,2}:\d{2}:\d{2}(?:\s?[AP]M)?\]\s+"),
        "a day and time in brackets, as Python's rich logging prints them ([07/06/25 11:56:26] )",
    ),
    Rule(
        "go-caller",
        Pattern(r"^\[?(?:\.\.\.)?[\w./-]*\.go:\d+[: ](?:\([\w.*]+\)\.)?[\w.]+\(\)\]?\s+\[[TDIWEFC]\]\s+"),
        "the file, line and function of a Go program's logging call and its level letter, as Gitea prints them"
        " (routers/init.go:77:initDBEngine() [E] , [...itea/routers/init.go:60 GlobalInit()] [E] )",
    ),
    Rule(
        "journald",
        Pattern(rf"^{_MONTH}\s+\d{{1,2}}\s+\d{{2}}:\d{{2}}:\d{{2}}(?:\s+[\w.-]+)?\s+[\w.@/-]+(?:\[\d+\])?:\s+"),
        "journald/syslog date, host and process",
    ),
    Rule("process", Pattern(r"^[\w.@-]+\[\d+\]:\s+"), "process name and pid"),
    Rule(
        "pod-prefix",
        Pattern(
            r"^\[pod/[a-z0-9][-a-z0-9.]{0,252}/[a-z0-9][-a-z0-9]{0,62}\]\s+"
            r"|^[a-z0-9][-a-z0-9.]{0,240}-(?:[bcdfghjklmnpqrstvwxz2456789]{5}|\d{1,3})\s+[a-z0-9][-a-z0-9]{0,62}\s+"
            r"(?=[IWEF]\d{4}\s|\d{4}-\d{2}-\d{2}[T ]|time=|level=|\{)"
        ),
        "the pod and container a line came from, as kubectl logs --prefix ([pod/web-7d9f-x2b7k/app] ) and stern"
        " (web-7d9f-x2b7k app ) print them before the log line; a pod's random suffix is of Kubernetes' 27"
        " letters and digits, no vowel nor 0, 1, 3, 8 (my-app-12345 started … is a message)",
    ),
    Rule(
        "heroku",
        Pattern(r"^(?:app|heroku)\[[A-Za-z0-9_.-]+\]:\s+"),
        "Heroku's log source and dyno (app[web.1]: , heroku[router]: )",
    ),
    Rule(
        "shell",
        Pattern(
            r"^(?:/(?:usr/)?bin/)?-?(?:ba|z|k|c|tc|da|fi)?sh(?::\s*(?:line\s+)?\d+)?:\s+"
            r"(?=\S)(?!(?:/(?:usr/)?bin/)?-?(?:ba|z|k|c|tc|da|fi)?sh\b)"
        ),
        "the shell that reports a command's failure (-bash: , zsh: , fish: , sh: 1: , /bin/sh: line 1: ),"
        " not when the command it failed to run is a shell (/bin/sh: bash: not found)",
    ),
    Rule(
        "syslog-facility",
        Pattern(
            r"^(?:(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,7}|[\w-]+(?:\.[\w-]+)+):\s+)?"
            r"(?:kern|user|daemon|auth|authpriv|syslog|local\d)\s*:\s*"
            r"(?:emerg|alert|crit|err|warn|warning|notice|info|debug)\s*:\s*(?:\[[\d\s.:TZ+-]{1,40}\]:?\s*)?"
        ),
        "syslog's facility and level as dmesg -x and talosctl dmesg print them, and a time stamp after them"
        " (kern  :err   : , 10.1.1.2: user: warning: [time]: ); not a subsystem's tag ([drm] , [talos] )",
    ),
    Rule(
        "kernel-time",
        Pattern(
            r"^\[\s*\+?\d+\.\d{3,}\]\s*"
            r"|^\[(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}\]\s*"
        ),
        "the kernel's time stamp as dmesg prints it ([ 4106.149074] , [ +0.000012] , [Mon Jan  8 10:00:00 2024] )",
    ),
    Rule(
        "service",
        Pattern(r"^(?:(?:\d+\|)?[a-z0-9][\w.-]{0,62}\s+)?\|\s+(?=\S)(?!.*\|\s*$)"),
        "the service a log line came from (docker compose's web-1  | , pm2's 0|app  | ), or a column bar",
    ),
    Rule(
        "capnslog",
        Pattern(r"^[CEWNIDT] \| (?=\S)(?!.*\|\s*$)(?:[a-z][\w./-]*:\s+(?=\d{4}-\d{2}-\d{2}[T ]))?"),
        "capnslog's level letter, after its time stamp (etcd 3.3, Rook: E | ); its package (rafthttp: , cephosd: )"
        " is the message's, as pages quote it, unless another log line follows it (I | mkfs-osd0: 2017-10-31 …);"
        " not a table row (E | x | y |)",
    ),
    Rule(
        "ceph-thread",
        Pattern(r"^(?:debug\s+)?7f[0-9a-f]{10}\s+-?\d{1,2}\s+(?=\S)"),
        "a Ceph daemon's thread (its 7f… address) and log level, after its time stamp"
        " (7f0c17632f40 -1 , 7f96a3b82700  0 )",
    ),
    Rule("clock", Pattern(r"^\d{2}:\d{2}:\d{2}(?:\.\d+)?\s+"), "time of day"),
    Rule("klog", Pattern(r"^[IWEF]\d{4}\s+\d{2}:\d{2}:\d{2}\.\d+\s+\d+\s+"), "klog level, date and thread"),
    Rule(
        "source-location",
        Pattern(r"^\[?[\w.-]+\.(?:go|py|rs|java|c|cc):\d+(?:\]|:|(?=\s))\s*(?:\[\w+\]\s*)?"),
        "source file and line of the logging call ([session.go:1392] in brackets, as TiDB prints it)",
    ),
    Rule(
        "bracket-level",
        Pattern(rf"^\[{_LEVEL}\]:?\s*"),
        "a log level in brackets (Maven's [ERROR] , TiDB's unified log format: [time] [FATAL] [file.go:12] )",
    ),
    Rule(
        "slog",
        Pattern(rf"^{_MONTH}\s+\d{{1,2}}\s+\d{{2}}:\d{{2}}:\d{{2}}\.\d{{3}}\s+(?:CRIT|ERRO|WARN|INFO|DEBG|TRCE)\s+"),
        "the time and four-letter level of Rust's slog terminal format (TiKV: May 28 15:55:46.101 ERRO )",
    ),
    Rule("bracket-pid", Pattern(r"^\[\d+\]\s+"), "bracketed pid"),
    Rule(
        "node-pid",
        Pattern(r"^\(node:\d+\)\s+"),
        "the process id Node.js puts before a warning it prints ((node:16116) Warning: , (node:443) Unhandled…)",
    ),
    Rule(
        "logcat",
        Pattern(r"^[VDIWEFA]/[\w.$-]{1,60}\s*\(\s*\d+\):\s+"),
        "Android logcat's level, tag and process id, as Flutter and React Native apps' logs show them"
        " (E/flutter (16727): , I/ReactNativeJS( 1234): )",
    ),
    Rule(
        "flutter-verbose",
        Pattern(r"^\[\s*\+\d+\s*ms\]\s+"),
        "the milliseconds since the last line that flutter --verbose prints before each ([   +3 ms] )",
    ),
    Rule(
        "pytest",
        Pattern(r"^E {3,}(?=\S)"),
        "the E pytest puts before each line of a failure's error (E       AssertionError: …)",
    ),
    Rule(
        "uncaught",
        Pattern(r"^Uncaught (?:\(in promise\)\s+)?(?=[\w.$]*(?:Error|Exception)\b|\w+:\s|\{\s*\x22)"),
        "a browser console's word for an error no code caught (Uncaught TypeError: , Uncaught (in promise) Error: ),"
        ' or for an object thrown, which it prints as one (Uncaught (in promise) {"message": …})',
    ),
    Rule(
        "describe-field",
        Pattern(r"^(?:Message|Details|Description):\s{2,}(?=\S)"),
        "the name of a field that holds the message, in aligned key-value output (kubectl describe's Message:  …)",
    ),
    Rule(
        "progress",
        Pattern(
            rf"^(?![\w ]{{0,40}}(?:[Ff]ail|[Ee]rror|[Cc]annot|[Uu]nable))"
            rf"[A-Z][\w ]{{2,40}}?(?:\.{{3}}|…)\s*(?={_LEVEL}\b)"
        ),
        "a progress message printed without a line break before the log line (Hugo's Building sites … ERROR …);"
        " not a failure's own words (Build failed... ERROR: …)",
    ),
    Rule(
        "python-thread",
        Pattern(
            rf"^{_LEVEL}\s+\((?:MainThread|Recorder|[A-Za-z]{{0,40}}(?:Thread|Worker|Executor)[A-Za-z]{{0,40}}(?:[-_]\d+){{0,3}}"
            r"(?: \([\w.-]{1,60}\))?|[A-Za-z][\w-]{0,40}[-_]\d+)\)\s+"
            r"(?=\[[a-z_][\w.]{0,200}\]\s)"
        ),
        "a level and the thread of Python's logging, before its logger (Home Assistant's ERROR (MainThread) ,"
        " (SyncWorker_3) before [homeassistant.setup]); the logger names what failed and stays",
    ),
    Rule(
        "spring-boot",
        Pattern(
            r"^(?:\d+\s+---\s+(?:\[[^\]\n]{0,80}\]\s*){1,3}[\w.$-]+|---\s+(?:\[[^\]\n]{0,80}\]\s*){2,5})\s*:\s+(?=\S)"
        ),
        "Spring Boot's process id, application and thread and the logger, after its time stamp and level"
        " (12345 --- [           main] o.s.boot.SpringApplication               : ), or a logback pattern"
        " that brackets each of thread, logger and method ( --- [  thread_1] [ssor.server.LogHandler] [ run]  [] : )",
    ),
    Rule(
        "java-logger",
        Pattern(
            rf"^\[[^\]\n]{{1,80}}\]\s+(?:{_LEVEL}\s+[A-Za-z_$][\w$.]*|[A-Za-z_$][\w$]*(?:\.[\w$]+)+)(?::\d+)?\s+-\s+(?=\S)"
        ),
        "the thread, level and logger of Java's logging (logback, log4j) after its time stamp"
        " ([main] ERROR o.a.d.r.c.AbstractClient - , [http-nio-8080-exec-1] com.example.Api - )",
    ),
    Rule(
        "level",
        Pattern(
            rf"^{_LEVEL}(?:\[\d+\]|\[\d{{4}}-\d{{2}}-\d{{2}}[ T]\d{{2}}:\d{{2}}:\d{{2}}(?:[.,]\d+)?\])?:?\s+"
            r"(?!\d{4,5} \([0-9A-Z]{5}\)(?: at line \d+)?:)"
        ),
        "log level word (logrus: INFO[0004] , or INFO[2020-11-18 19:13:25] with full time stamps); not the"
        " ERROR of a MySQL error, which names it with its code (ERROR 1045 (28000): , ERROR 1045 (28000) at line 1: )",
    ),
    Rule(
        "zap",
        Pattern(r"^(?:debug|info|warn|error|dpanic|panic|fatal)\t(?:[\w.@/-]+\.go:\d+\t)?"),
        "zap's console level and caller, tab-separated (error\texporterhelper/queued_retry.go:183\t)",
    ),
    Rule(
        "powershell-record",
        Pattern(r"^\s*(?:At line:\d+ char:\d+|\+\s*~+|\+\s*(?:CategoryInfo|FullyQualifiedErrorId)\s+:.*)\s*$"),
        "the lines PowerShell adds under an error (At line:1 char:1, + ~~~, + CategoryInfo : …)",
    ),
    Rule(
        "powershell-cmdlet",
        Pattern(
            r"^(?:Add|Clear|Connect|Copy|Disable|Enable|Enter|Export|Find|Get|Import|Install|Invoke|Move|New|Out|Read"
            r"|Register|Remove|Rename|Repair|Reset|Resolve|Restart|Restore|Resume|Save|Select|Send|Set|Start|Stop|Test"
            r"|Uninstall|Unregister|Update|Wait|Write)-[A-Z]\w+\s+:\s+"
        ),
        "the PowerShell cmdlet an error came from (an approved verb, a noun)",
    ),
    Rule(
        "event-row",
        Pattern(
            r"^(?:\d[\w.]*\s+)?(?:Normal|Warning)\s+[A-Z]\w+\s+"
            r"(?:(?:<\w+>|\d[\w.]*)(?:\s+\(x\d+\s+over\s+[\w.<>]+\))?\s+)?"
            r"(?:[a-z][\w.-]*/[\w.-]+\s+|(?:default-scheduler|kubelet|[\w-]+-controller|[a-z][\w-]*)(?:,\s*[\w.-]+)?"
            r"(?:\s{2,}|\s+(?=\S)))?"
        ),
        "kubectl describe/get events columns (type, reason, age, from)",
    ),
    Rule(
        "events-combined",
        Pattern(r"^\(combined from similar events\):\s*"),
        "the note an event's message carries when the kubelet combined it with similar ones",
    ),
)

# Command-line tools whose typed commands turn up at the top of pastes, before their output.
_TOOLS = (
    "git",
    "kubectl",
    "k",
    "helm",
    "helm3",
    "docker",
    "docker-compose",
    "podman",
    "nerdctl",
    "kind",
    "minikube",
    "k3s",
    "k3d",
    "kubeadm",
    "crictl",
    "ctr",
    "brew",
    "npm",
    "npx",
    "yarn",
    "pnpm",
    "pip",
    "pip3",
    "python",
    "python3",
    "node",
    "go",
    "cargo",
    "make",
    "ssh",
    "ssh-add",
    "ssh-keygen",
    "scp",
    "curl",
    "wget",
    "chmod",
    "chown",
    "systemctl",
    "journalctl",
    "apt",
    "apt-get",
    "yum",
    "dnf",
    "snap",
    "argocd",
    "argo",
    "flux",
    "dapr",
    "velero",
    "istioctl",
    "linkerd",
    "cmctl",
    "terraform",
    "gitlab-runner",
    "flutter",
    "dart",
    "wsl",
    "gcloud",
    "az",
    "aws",
    "eksctl",
    "kustomize",
    "skaffold",
    "poetry",
    "pipenv",
    "conda",
    "composer",
    "mvn",
    "gradle",
    "gh",
    "oc",
    "gem",
    "bundle",
    "dotnet",
    "vagrant",
    "ansible",
    "ansible-playbook",
)

# Words of a sentence, not of a command line: ``npm does not support Node.js v10``, ``git did not
# exit cleanly``, ``pip is configured with…``, ``curl failed to verify…`` are output naming their tool.
_PROSE = (
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "does",
    "did",
    "do",
    "has",
    "have",
    "had",
    "not",
    "no",
    "cannot",
    "can't",
    "couldn't",
    "won't",
    "isn't",
    "doesn't",
    "didn't",
    "failed",
    "fails",
    "error",
    "errors",
    "warning",
    "unable",
    "requires",
    "must",
    "should",
    "will",
    "the",
    "a",
    "an",
    "to",
    "of",
    "this",
    "that",
    "it",
    "and",
    "or",
    "crashed",
    "exited",
    "timed",
    "hangs",
    "stuck",
    "rejected",
    "returned",
    "refused",
    "disappeared",
    "mismatch",
    "unexpectedly",
)

# The tags of an HTML error page: its blocks, the doctype; and the tags inside a run of text.
_HTML_BLOCK = (
    r"</?(?:html|head|title|body|center|h[1-6]|hr|br|p|div|pre|address|meta|link|table|tr|td|th|ul|li)\b[^<>\n]{0,300}>"
    r"|<!DOCTYPE\b[^<>\n]{0,100}>"
)
_HTML_INLINE = r"</?(?:span|b|i|em|strong|a|code|u|font|small)\b[^<>\n]{0,300}>"

# A quoted value: quote, then runs of plain characters or escapes (which cannot overlap), quote.
_QUOTED = r'"(?:[^"\\]|\\.)*"'

FRAMING = FramingSpec(
    rules=_FRAMING_RULES,
    passes=8,
    box_end=Pattern(r"\s[│┃║|]\s*$"),
    drawn=Pattern(r"^[\s\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]*$"),
    html_line=Pattern(rf"^\s*(?:{_HTML_BLOCK}|{_HTML_INLINE})", ignore_case=True),
    html_tag=Pattern(_HTML_BLOCK, ignore_case=True),
    html_inline=Pattern(_HTML_INLINE, ignore_case=True),
    fence=Pattern(r"^\s*(?:`{3,}[^`]*|~{3,}.*)$"),
    ruler=Pattern(
        r"^[\s\-=_*~\u2500-\u257f]*$|^\s*[\[(<]?\s*(?:\.{3,}|…)"
        r"(?: ?\(?(?:\d+ )?(?:more )?(?:lines? ?)?(?:omitted|truncated|skipped|snipped|removed|trimmed|snip)?\)? ?"
        r"(?:\.{3,}|…))?"
        r"\s*[\])>]?\s*$"
    ),
    prompt=Pattern(
        r"^(?:\[[^\]]{1,80}\][#$]|[\w.-]+@[\w.-]+(?::[^\s$#>]*)?\s?[#$>]|[~\w/.-]*\s»"
        r"|➜\s+\S+(?:\s+git:\([^)]*\))?(?:\s+✗)?|\(⎈[^)]*\)\S*\$|[$#%]|/\s#"
        r"|>(?=kubectl|helm|docker|k3s|kubeadm|crictl|ctr)|(?:PS )?[A-Z]:\\(?:[^<>:\x22|?*\n]*[^<>:\x22|?*\s=-])?>)\s*"
    ),
    command_word=Pattern(r"^(?:sudo\s+)?(?:[a-z][\w.-]*|[A-Z][a-z]+-[A-Z]\w*)(?:\s|$)"),
    decorations=("markdown-quote", "box", "ascii-box"),
    typed_command=Pattern(
        r"^(?![^\x22']*\w: )(?!.*\s(?:"
        + "|".join(_PROSE)
        + r")(?:[\s.,;!?]|$))(?:sudo\s+)?(?:"
        + "|".join(_TOOLS)
        + r")(?:\.exe)?\s+"
        r"(?!(?:err|error|warn|warning|info|http|verb|verbose|sill|silly|timing|notice|debug|fatal)\b)"
        r"(?:-{1,2}[A-Za-z]|[a-z~./][\w.:/@=~-]*(?:\s|$))"
        r"|^(?:sudo\s+)?[a-z][\w.-]{0,30}(?:\s+[a-z][\w-]{0,30}){0,2}(?:\s+--?[A-Za-z][\w-]*(?:[= ][^\s-]\S*)?){2,}\s*$"
        r"|^(?:@[\w.-]+/)?[\w.-]+@\d+\.\d+\.\d+[\w.+-]*\s+[\w:.-]+(?:\s+(?:[A-Za-z]:\\|[/~.]).*)?$"
    ),
    # Each pair is one key, "=", then a quoted value or an unquoted one that cannot start with a
    # quote: a line has one way to match, so a line that does not match fails in linear time.
    klog_structured=Pattern(rf'^({_QUOTED})((?:\s+[\w./-]+=(?:{_QUOTED}|[^\s"]\S*))*)\s*$'),
    fields=Pattern(rf'(?:^|\s)([\w./-]+)=({_QUOTED}|[^\s"]\S*)'),
    unified_structured=Pattern(
        rf'^\[({_QUOTED}|[^\[\]"=\s][^\[\]"=]*)\]((?:\s*\[[\w./-]+=(?:{_QUOTED}|[^\]"]*)\])*)\s*$'
    ),
    unified_field=Pattern(rf'\[([\w./-]+)=({_QUOTED}|[^\]"]*)\]'),
    logfmt=Pattern(r"(?:^|\s)(?:level|lvl)=|time="),
    message_key="msg",
    detail_keys=("err", "error", "details", "cause", "error_message", "errorMessage"),
    reason_keys=("reason",),
    reason_phrase=Pattern(r"\S[ \t]+\S"),
    json_object=Pattern(r'^\{\s*"[^"\n]{1,100}"\s*:'),
    json_field=Pattern(rf'"([\w./@-]+)"\s*:\s*({_QUOTED})'),
    cut_value=Pattern(r"(?:^|[\s,{])\x22?([\w./@-]+)\x22?\s*[:=]\s*\x22((?:[^\x22\\]|\\.)*)\\?$"),
    context_fields=Pattern(r'\s\{"[\w./@-]+"\s*:'),
    trailing_field=Pattern(rf'\s+[\w./-]+=(?:{_QUOTED}|[^\s"]\S*)'),
    json_message_keys=("msg", "message", "log"),
    escape=Pattern(r"\\(.)"),
    blank_escapes="nt",
    error_key=Pattern(r"err|reason|descr|detail|cause|fault|problem|failure", ignore_case=True),
    query_error=Pattern(r"[?&#](?:error_description|error_message|error)=([^&#\s\x22'<>]{1,2000})"),
)

_HEX = "[0-9a-f]"
_POD_HASH = "[bcdfghjklmnpqrstvwxz2456789]{5}"  # the alphabet of generated name suffixes
_IPV4 = r"(?<![\w.])(?<!\w>)(?:\d{1,3}\.){3}\d{1,3}(?:/\d{1,2})?(?::\d{1,5})?(?![\w.])"
# Eight groups, or fewer with one "::"; the look-ahead is bounded so it stays linear. Here and
# below, a ">" before counts as a word character: it is where a placeholder (for a word) ends,
# and masking masked text must change nothing.
_REDACTED_IPV4 = (
    r"(?<![\w.])(?<!\w>)(?=(?:\d{1,3}\.){0,3}x)(?:x{1,3}|[1-9]\d{1,2})\.(?:(?:x{1,3}|\d{1,3})\.){2}(?:x{1,3}|\d{1,3})"
    r"(?::(?:x{1,5}|\d{1,5}))?(?![\w.])"
)
"""An IPv4 address crossed out, in a paste or an answer (``xxx.xxx.xxx.xxx:xx``, ``10.x.x.x``), its first
part crossed out or of two digits or three: ``1.8.0.x`` and ``4.x.x.x`` are versions."""
_IPV6 = (
    rf"(?<![\w:.>])\[?(?=[0-9a-f:]{{0,39}}::|(?:{_HEX}{{1,4}}:){{7}}{_HEX})"
    rf"{_HEX}{{0,4}}(?::{_HEX}{{0,4}}){{2,7}}(?:%\w+)?\]?(?::\d{{1,5}})?(?![\w:])"
)
_PATH_CHAR = r"[\w.@%+,~=:-]"
_GO_PATH_OP = "|".join(
    rf"(?<=\b{op} )"
    for op in (
        "open",
        "stat",
        "lstat",
        "mkdir",
        "chdir",
        "chmod",
        "chown",
        "remove",
        "unlink",
        "readlink",
        "exec",
        "read",
        "write",
    )
)
"""Before the file a Go program failed on, as its ``os.PathError`` prints it: ``open <file>: <why>``."""
_QUOTED_PATH_START = r"(?:[a-z]:[\\/]|\\\\|~?/)"  # a quote that opens with a drive, a share or a root is a path


_HTTP_REASONS = (
    "bad|unauthorized|payment|forbidden|not|method|proxy|request|conflict|gone|length|precondition|payload|uri|"
    "unsupported|range|expectation|misdirected|unprocessable|locked|failed|too|upgrade|unavailable|internal|service|"
    "gateway|http|variant|insufficient|loop|network"
)
"""First words of the standard HTTP reason phrases 4xx and 5xx (``Length`` Required, ``Bad`` Gateway)."""


def _mask(name: str, pattern: str, what: str, ignore_case: bool = True) -> Rule:
    return Rule(name, Pattern(pattern, ignore_case=ignore_case), what)


MASKING = MaskSpec(
    rules=(
        _mask("url", r"""\b[a-z][a-z0-9+.-]{1,15}://[^\s"'<>\])\x60]+""", "a URL"),
        # Not an HTML closing tag (</title>) of an error page a proxy returned.
        _mask(
            "path",
            rf"(?<![\w>])(?:\x22{_QUOTED_PATH_START}(?:[^\x22\n:]|:(?! )){{1,300}}\x22"
            rf"|'{_QUOTED_PATH_START}(?:[^'\n:]|:(?! )){{1,300}}')"
            r"|(?<![\w>])([\x22'])(?:\.{1,2}/)?(?:[\w@+-][\w.@+-]{0,100}/){1,30}"
            r"(?:\.[\w-][\w.-]{0,100}|[\w@+-]{1,100}(?:\.[\w-]{1,20}){1,3})\1"
            rf"|(?<![\w.:/~>-])(?<!<(?=/[a-z][\w-]*>))(?:~|\.{{1,2}}|\$\{{[A-Za-z_]\w{{0,60}}\}})?/(?:{_PATH_CHAR}+/)*{_PATH_CHAR}+/?"
            rf"|(?<![\w$])\$[A-Za-z_]\w{{0,60}}/(?=\.|{_PATH_CHAR}+/|[\w-]+\.[A-Za-z]\w{{0,7}}(?![\w.]))"
            rf"(?:{_PATH_CHAR}+/)*{_PATH_CHAR}+/?"
            r"|(?<![\w\\])[a-z]:[\\/][^\s\x22'<>|*?()\[\]]{2,}"
            r"|(?:(?<![\w%])%[A-Za-z_][\w()]{0,60}%\\|(?<![\w$])\$env:[A-Za-z_]\w{0,60}[\\/])[^\s\x22'<>|*?()\[\]]{2,}"
            rf"|(?:{_GO_PATH_OP})(?:[\w.@+-]{{1,200}}[/\\]){{1,50}}[\w.@+-]{{1,200}}(?=:\s)"
            r"|(?:" + _GO_PATH_OP + r")(?:\.?[\w@+-][\w.@+-]{0,200}\.[a-z][a-z0-9]{0,7}|\.[\w-][\w.-]{0,100})(?=:\s)",
            "a file path: Unix or Windows, from a variable ($HOME/.kube/config, %USERPROFILE%\\.kube\\config),"
            " quoted whole, spaces and all ('C:\\My Projects\\app.js'), or"
            " relative where Go's error names the file it failed on (open config/app.yaml: …)",
        ),
        _mask("uuid", rf"\b{_HEX}{{8}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{12}}\b", "a UUID"),
        _mask("digest", rf"\b(?:sha256|sha512|sha1|md5):{_HEX}{{12,}}\b", "a content digest"),
        _mask("hex", rf"\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d){_HEX}{{12,}}\b", "a container id or other long hex"),
        _mask(
            "ip",
            _IPV4 + "|" + _REDACTED_IPV4 + "|" + _IPV6,
            "an IPv4 or IPv6 address, with port or prefix length, or crossed out (xxx.xxx.xxx.xxx)",
        ),
        _mask(
            "q",
            rf"""(?:(?<![\w>])|(?<==>)|(?<=\b[ubrUBR]))(?<![Cc]ode=)(?<![Cc]ode\x22:)(?<![Cc]ode\x22: )"""
            rf"""(?:"(?!{ERROR_CODE_NAME}")[^"\s]{{0,200}}"|'(?!{ERROR_CODE_NAME}')[^'\s]{{1,200}}')""",
            "a quoted name (no spaces inside); not an error code (\"ENOSPC\", 'EACCES', the value of a code field:"
            ' Code="QuotaExceeded", "code": "RequestDisallowedByPolicy"), the error itself',
            ignore_case=False,
        ),
        _mask(
            "pod",
            rf"(?<![\w-])(?:(?<!\.)|(?=[a-z]))[a-z0-9](?:[a-z0-9-]{{0,60}}[a-z0-9])?-"
            rf"(?:(?:[a-z0-9]{{6,10}}-)?{_POD_HASH}|\d{{6,10}}-[a-z0-9]{{5}})"
            r"(?:_[a-z0-9-]{1,63}(?=\())?"
            r"(?![a-zA-Z0-9]|[.-]\w)",
            "a pod or job name with generated suffix (kubelet's pod_namespace(uid) too; before Kubernetes 1.8, a"
            " numeric hash and five letters or digits: tiller-deploy-2117266891-e4lev)",
        ),
        _mask(
            "host",
            r"\b(?:(?:[a-z0-9-]{1,63}\.){1,8}(?:local|internal|lan|com|net|org|cn|svc|cluster)|localhost)(?::\d{1,5})?\b"
            r"(?![./-]\w)",
            "a host name (localhost too: an example's host, as 127.0.0.1 is an example's address)",
        ),
        _mask(
            "dur",
            r"\b\d+(?:\.\d+)?(?:ns|us|[μΜ]s|ms|h|s)(?:\d+(?:\.\d+)?(?:ns|us|[μΜ]s|ms|s|m))*\b|\b\d+m\d+(?:\.\d+)?s\b",
            "a duration",
        ),
        _mask("qty", r"\b\d+(?:\.\d+)?(?:[KMGTPE]iB?|KB|MB|GB|TB|PB|kB|k|K|M|G|T|m)\b", "a quantity (size, CPU)"),
        # Not a number: one joined to a word by a hyphen (HTTP-01, UTF-8), nor a 4xx or 5xx status
        # before its reason (411 Length Required), which names the error as a heading may (I get 411
        # when uploading). Nor part of a longer run of digits (3.11.4 is not <num>1.4). Nor an errno, which
        # is the error (Rust's "(os error 32)" is a broken pipe, "(os error 2)" a missing file; "Errno 13").
        _mask(
            "num",
            rf"(?<![\w.>])(?<![a-z]-)(?<!os error )(?<![Ee]rrno )"
            rf"(?![45]\d\d(?:\s+(?:{_HTTP_REASONS}|page|error)\b|\s*$))"
            r"(?:(?<![Ee]rror )(?<!ERROR )(?<!HTTP )(?<!tatus )|(?<=[Mm]irror )|(?<=MIRROR )|(?![45]\d\d\b))"
            r"[-+]?\d+(?:\.\d+)?(?!\d)(?![\w.]\w)",
            "a number; not an HTTP status after Error, HTTP or status, before its reason or error, Go's 404 page"
            " not found, or ending the line (HTTP/2 503)",
        ),
    ),
    trailing=".,:;!?",
    author_placeholder=Pattern(
        r"(?<![\w<])<(?!(?:nil|none|null|unknown|invalid|missing|empty|undefined|anonymous|redacted|pending|error"
        r"|no value|not set)>)/?[A-Za-z][\w .-]{0,40}>"
        r"|\$\[[A-Za-z][\w.-]{0,40}\]|\{\{\s*(?:site|page|config|extra|params|product)\.[\w.]{1,60}\s*\}\}"
        r"|(?<![\w$])\\?\{[A-Za-z_][\w.-]{0,40}\\?\}(?!\})"
        r"|(?<![\w.])x(?:\.x){2,3}(?![\w.])"
        r"|(?<![\w.-])(?:x{3,}|xyz)(?![\w.-])"
        r"|(?<![\w.-])your[-_][a-z][a-z0-9]*(?:[-_][a-z0-9]+){0,4}(?![\w-])"
        r"|\[[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*[-_](?:ip|ips|host|hostname|addr|address|name|id|port|namespace)\]",
        ignore_case=True,
    ),
)

SEGMENTS = SegmentSpec(
    max_lines=200,
    max_line_chars=4000,
    max_segment_chars=2000,
    long_line_split=Pattern(r'(?:\\r)?\\n|",\s*"|\},\s*\{|\],\s*\[|"\s*:\s*\{'),
    long_line_pieces=1_000_000,
    # Runs of digits and hex letters holding a digit; starting only at a word boundary keeps it
    # linear on long runs of letters.
    shape=Pattern(r"\b[0-9a-fA-F]*\d[0-9a-fA-F]*\b"),
    shape_mark="#",
    scheduler=Pattern(r"\b\d+/\d+ nodes are available:\s*(.*?)(?:\.?\s*preemption:.*)?$", ignore_case=True),
    reason_split=Pattern(r",\s+(?=\d+\s)"),
    fit_summary=Pattern(r"(?:fit failure summary on nodes|failed to fit in any node)\s*:\s*(.*)$", ignore_case=True),
    fit_split=",",
    reason_trailing=".",
    relevance_word=Pattern(r"[a-z][a-z0-9]{2,}"),
    relevance_words=64,
    error_cue=Pattern(
        r"^[EWF]\d{4} |\b(?:error|errors|fail|failed|failure|fatal|panic|exception|denied|refused|unable|cannot"
        r"|invalid|timeout|timed out|not found|forbidden|conflict)\b",
        ignore_case=True,
    ),
    cue_factor=2.0,
    info_line=INFO_LINE,
    error_line=Pattern(
        r"(?:^|\s)[EWF]\d{4} \d{2}:\d{2}:\d{2}|(?:^|[\s\[])(?:ERROR|FATAL|ERRO|FATA|WARN|WARNING|PANIC)[\]:\s]"
        r"|(?:^|\s)level=(?:error|fatal|panic|warn|warning)\b|(?:^|\s)\[[✖✗✘!]\]\s"
        r"|(?:^|[\s:(])[\w.$]*\w(?:Error|Exception):\s"
    ),
    table_header=TABLE_HEADER,
    healthy_row=HEALTHY_ROW,
    stack_frame=STACK_FRAME,
    unit_state=Pattern(
        r"^[\w@.-]+\.(?:service|socket|mount|timer|scope):\s+(?:main process exited|failed with result"
        r"|scheduled restart job|(?:service )?hold-?off time over|control process exited|start request repeated)"
        r"|^Unit [\w@.-]+\.(?:service|socket|mount|timer|scope) (?:entered failed state|failed)\.?$",
        ignore_case=True,
    ),
    runtime_notice=Pattern(
        r"^(?:\(node:\d+\)\s+)?(?:UnhandledPromiseRejectionWarning: Unhandled promise rejection\."
        r"|(?:\[DEP0018\]\s+)?DeprecationWarning: Unhandled promise rejections are deprecated\."
        r"|\(Use `node --trace-warnings \.\.\.` to show where the warning was created\)$)"
    ),
    caret_line=Pattern(r"^\s*~*\^[~^]*\s*$"),
    exception_header=Pattern(
        r"^\[[\w\\.]*(?:Error|Exception)\]$|^Traceback \(most recent call last\):$"
        r"|^During handling of the above exception, another exception occurred:$"
        r"|^The above exception was the direct cause of the following exception:$"
    ),
    source_frame=Pattern(r"^File \x22[^\x22\n]{0,300}\x22, line \d+(?:, in \S+)?$"),
    chain_open=Pattern(r":\s*$"),
    folded_open=Pattern(r"^(\s*(?:-\s+)?)[\w.-]+:\s*[>|][+-]?\s*$"),
    wrap_min=60,
    wrap_end=Pattern(r"[A-Za-z0-9,]"),
    wrap_next=Pattern(
        r"^(?!(?:info|warn|warning|error|err|debug|notice|note|hint|verbose|trace|fatal|success)\b)"
        r"[a-z][A-Za-z0-9_'’.-]{0,60}(?:[ ,;)](?! *[A-Z]{3,}\b)|$)"
    ),
    wrap_table=Pattern(r"\S {3,}\S|\t"),
    escaped_newline=Pattern(r"(?<!\\)(?:\\r)?\\n"),
    windows_path=Pattern(r"(?:^|[^A-Za-z])[A-Za-z]:\\|\\(?![nrtux\\])[A-Za-z]|(?:^|[\s'\x22(=])\.\.?\\"),
    escaped_lines=2,
    structured_rules=("json", "logfmt", "klog-structured", "context-fields"),
    structured_max_chars=16000,
    structured_checks=2000,
    stack_member=Pattern(
        rf'"(?:stacktrace|stack_trace|stackTrace|stack)"\s*:\s*{_QUOTED}|(?<![\w.-])(?:stacktrace|stack_trace|stack)={_QUOTED}'
    ),
)

_WORDISH = rf"A-Za-z\u00c0-\u024f{CJK_CLASS}"

VIEW = ViewSpec(
    keep_names=("host", "path", "q"),
    value_names=("host", "path", "q"),
    clause=Pattern(r"(?<!\s)\s*:\s+|(?<!\s)\s+desc\s*=\s*|;\s+|(?<!\s)\s+-\s+"),
    clause_word=Pattern(rf"[{_WORDISH}][\w'\-{_WORDISH}]*"),
    clause_min_words=2,
    error_class=Pattern(
        r"\((?:[A-Za-z][A-Za-z0-9_]*::)+[A-Za-z][A-Za-z0-9_]*\)\s*$"
        r"|\([A-Za-z][A-Za-z0-9_]*(?:Error|Exception|error|exception)\)\s*$"
    ),
    closed_word=Pattern(r"^[a-z]+$"),
    closed_min=7,
    closed_part=4,
    hyphenated=Pattern(r"^[a-z0-9]+(?:-[a-z0-9]+)+$"),
    spelling_min=6,
    spelling_part=3,
    file_name=Pattern(r"""[/\\]([^/\\'"`:]+)(?::\d+)*['"`]?$"""),
    opposites=(
        ("few", "many"),
        ("low", "high"),
        ("lower", "higher"),
        ("smaller", "larger"),
        ("min", "max"),
        ("below", "above"),
        ("older", "newer"),
        ("enabled", "disabled"),
        ("increase", "decrease"),
        ("increased", "decreased"),
    ),
    negations=("not", "no", "never"),
    codes=(
        Pattern(r"^0x[0-9a-f]{6,16}$"),
        Pattern(
            r"^e(?:acces|addrinuse|addrnotavail|afnosupport|again|ai_again|ai_fail|ai_nodata|ai_noname|already"
            r"|badf|busy|canceled|connaborted|connrefused|connreset|dquot|exist|hostdown|hostunreach|inprogress"
            r"|integrity|inval|io|isdir|lifecycle|loop|mfile|mlink|msgsize|nametoolong|netdown|netreset"
            r"|netunreach|nfile|nobufs|odev|noent|noexec|nomem|nospc|nosys|notconn|notdir|notempty|notfound"
            r"|notsock|notsup|notty|nxio|overflow|peerinvalid|perm|pipe|proto|range|resolve|rofs|spipe|srch"
            r"|timedout|txtbsy|xdev)$"
        ),
    ),
    file_name_shape=Pattern(r"^[^A-Za-z]*[A-Za-z][^._-]*[._-]."),
    status_value=Pattern(r"^[45]\d\d$"),
    quoted="q",
)

PARAMS = ParamSpec(
    token=Pattern(rf"<[a-z]+>|[A-Za-z0-9\u00c0-\u024f{CJK_CLASS}]+"),
    name_word=Pattern(r"^[A-Za-z][\w.-]*$"),
    name_words=2,
    list_join=",",
    kind_names=(("num", "number"), ("q", "name"), ("dur", "duration"), ("qty", "quantity"), ("hex", "id")),
)

# Words of the error-reporting language itself, found around any cause in any program's output:
# wrappers ("failed to …: rpc error: code = … desc = …"), and the standard error strings of the OS
# (errno: "no such file or directory", "permission denied", "broken pipe"…), Go ("context deadline
# exceeded", "i/o timeout", "EOF") and Kubernetes ("timed out waiting for the condition").
_GENERIC_WORDS = """error fail failed failure unable cannot couldnt could not no unknown code desc rpc err
    exception occurred during trying attempt get got set use using please check see detail reason
    message msg status warning warn info debug fatal log result returned return because due
    while after before again still now currently some any all other
    such file directory permission denied broken pipe connection refused reset peer eof
    exist exists found already invalid argument operation permitted busy timeout
    context deadline exceeded canceled cancelled timed out waiting condition unavailable
    write read dial"""
# Everyday English that frames a typed question or a log sentence but names no cause
# ("how do I …", "keeps logging that …", "should expose …"): as telling as a generic error word.
_PLAIN_ENGLISH = """about above across actually add added adding again against ago almost alone along already
also although always am among another answer anyone anything anyway anywhere appear appears around
ask asked away back bad based become becomes been begin behind being below best better between
both bring build built call called came case cause caused causes certain change changed clear
come comes coming completely consider correct current currently day days depending despite
did does doesn't doing done don't down during each early easy either else enough even ever every
everything example expect expected expose fact far few find finally fine first fix fixed follow
following found four from full fully further get gets getting give given go goes going gone good got
great had happen happened happening happens hard has have having help here high how however idea
instead issue just keep keeping keeps kind know known last later latest least left less let like
likely little long look looking looks lot lots made main make makes making many maybe mean means
might mine more most much must my myself near need needed needs never new next nice no none nor
nothing now number often old once one only open order other others otherwise our out over own part
per perhaps place please point possible possibly pretty probably problem problems put quite rather
real really reason reasons recent recently right same saw say saying says second see seeing seem
seems seen several should show showing shows side since single so some someone something sometimes
soon sorry still stop stuck such sure take taken takes tell than thanks that their them then there
these thing things think third this those though three through thus today together told tried tries
try trying turn two under unless until up upon us use used useful uses using usual usually very via
want wanted wants was way ways we well went were what whatever when where whether which while who
whole whom why will wish with within without won't work worked working works would yes yet you
your yours flooded logging log logs saying says keeps happening random randomly suddenly"""


def _generic_terms() -> tuple[str, ...]:
    from kb.terms import terms

    words = terms(_GENERIC_WORDS) + [t for t in terms(_PLAIN_ENGLISH) if not t.startswith("~")]
    return tuple(sorted(set(words)))


WEIGHTS = WeightSpec(
    generic=_generic_terms(),
    generic_factor=0.15,
    cjk_function="的了是在和与或及把被就也都而从为对个这那有么吗呢啊吧",
    placeholder_weight=0.5,
    background_strength=300.0,
)

FEATURES = FeatureSpec(mass_cap=6.0, info_cap=12.0, code_credit=0.5, length_b=0.5)

MODEL = (
    ModelTerm(("templated",), "an entry with an error text"),
    ModelTerm(("templated", "sig_cov"), "share of the error text's words found"),
    ModelTerm(("templated", "sig_mass"), "how telling those words are"),
    ModelTerm(("templated", "cause_cov"), "the error text's cause (last clause) found"),
    ModelTerm(("templated", "sig_cov", "cause_cov"), "whole error text and its cause together"),
    ModelTerm(("templated", "fit"), "share of the line the error text holds"),
    ModelTerm(("templated", "tail_fit"), "the line's cause is the error text's"),
    ModelTerm(("templated", "sig_cov", "fit"), "the line is the error text"),
    ModelTerm(("body", "sig_cov", "fit"), "the line is an error text quoted in the answer"),
    ModelTerm(("body",), "the error text is quoted in the answer, not the heading"),
    ModelTerm(("body", "sig_cov"), "share found of an error text quoted in the answer"),
    ModelTerm(("first", "sig_cov", "fit"), "the line is the error text the answer shows first, before its fix"),
    ModelTerm(("first",), "the error text is the output the answer shows first"),
    ModelTerm(("shared",), "another candidate has the same error text"),
    ModelTerm(("shared", "sig_cov"), "share found of an error text another candidate has too"),
    ModelTerm(("error",), "the heading is an error message"),
    ModelTerm(("topic", "title_cov"), "share of the topic title found"),
    ModelTerm(("topic", "title_mass"), "how telling the title words are"),
    ModelTerm(("topic", "exact"), "the line is the topic's title, as written"),
    ModelTerm(("topic", "title_cov", "expl"), "title found and line explained"),
    ModelTerm(("topic", "title_cov", "expl_tail"), "title found and cause explained"),
    ModelTerm(("expl",), "share of the line the answer explains"),
    ModelTerm(("expl_tail",), "share of the line's cause the answer explains"),
    ModelTerm(("expl_mass",), "how much the answer explains"),
    ModelTerm(("paste_expl",), "share of the whole paste the answer explains"),
    ModelTerm(("bm25",), "keyword-search rank"),
    ModelTerm(("info",), "amount of text in the line"),
    ModelTerm(("command",), "the line is a typed command"),
)

RETRIEVAL = RetrievalSpec(
    k1=1.2,
    length_b=0.3,
    max_terms=32,
    min_terms=3,
    common_share=4,
    common_floor=50,
    candidates=(20, 40),
    copies_depth=3,
    grow_from=10_000,
    grow_to=100_000,
)

DECIDE = DecideSpec(
    suggestion_floor=0.02,
    twin_similarity=0.85,
    score_digits=4,
    heading_lookup=True,
    error_lookup_fit=0.95,
    error_lookup_terms=3,
    quoted_lookup_terms=2,
    pasted_line=Pattern(r"[^\x00-\x20\x7f-\xa0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]"),
    copy_similarity=0.5,
    link=Pattern(
        r"https?://[^\s#'\x22<>()]{0,300}?/([^/\s#'\x22<>()]{1,200}?)(?:\.(?:html?|mdx?))?/?"
        r"#([\w%\u00c0-\u1fff\u3040-\ud7ff\uf900-\ufeff-]{1,200})"
        r"(?=[\s'\x22()<>\],;!?\u3000-\u303f\uff01-\uff0f\uff1a-\uff1f]|[.:](?:\s|$)|$)"
    ),
    page_link=Pattern(
        r"\b(?:[Ss]ee|[Rr]ead more|[Mm]ore info|[Ll]earn more|[Dd]etails|[Dd]ocs|[Dd]ocumentation|[Rr]efer to|[Vv]isit"
        r"|[Rr]eference)"
        r"\b[^\n]{0,40}?https?://[^/\s#'\x22<>()]{1,253}/(?:[^\s#'\x22<>()?]{0,300}/)?"
        r"([A-Za-z0-9]{1,100}(?:[-_][A-Za-z0-9]{1,100}){1,20})(?:\.(?:html?|mdx?))?/?(?=[\s'\x22()<>\],;!?]|[.:](?:\s|$)|$)"
    ),
    link_not=Pattern(r"\b(?:[Ww][Aa][Rr][Nn](?:[Ii][Nn][Gg])?|I(?!/)|I'm|I've|[Mm]y|[Ww]e|[Oo]ur)\b"),
    link_pointer=Pattern(r"^\s*(?:[Ss]ee|[Rr]ead more|[Mm]ore info(?:rmation)?|[Ll]earn more|[Rr]efer to|[Vv]isit)\b"),
    link_label=Pattern(
        r"^\s*(?:[A-Za-z]+ ){0,3}(?:[Rr]eference|[Dd]ocs|[Dd]ocumentation|[Mm]ore info(?:rmation)?|[Ss]ee(?: also)?"
        r"|[Hh]elp|[Dd]etails)\s*:\s*$"
    ),
    hint_lines=40,
)

TEXT = TextSpec(
    newline=Pattern("\r\n|[\r\u0085\u2028\u2029]"),
    escapes=Pattern(
        r"\x1b\[[0-9;?]{0,64}[ -/]{0,8}[@-~]|\x1b\][^\x07\x1b]{0,512}(?:\x07|\x1b\\)?|\x1b"
        r"|←\[[0-9;?]{1,64}[ -/]{0,8}[@-~]"  # as a Windows console shows them: ←[?25l, ←[31m
        r"|(?:\\(?:u001[bB]|x1[bB]|033|e)|\^\[)\[[0-9;]{0,64}m"  # colours written as escapes: \u001b[0;31m, ^[[31m
    ),
    controls=Pattern("[\x00-\x08\x0b-\x1f\x7f-\x9f\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff]+"),
)

SPEC = Spec(
    format=FORMAT,
    text=TEXT,
    terms=TERM_RULES,
    framing=FRAMING,
    masking=MASKING,
    segments=SEGMENTS,
    view=VIEW,
    params=PARAMS,
    weights=WEIGHTS,
    features=FEATURES,
    model=MODEL,
    retrieval=RETRIEVAL,
    decide=DECIDE,
)
"""The spec both runtimes run."""


def spec_data(spec: Spec = SPEC) -> dict[str, Any]:
    """The spec as JSON-ready data: patterns as ``{"source", "flags"}``, sets sorted."""
    return _data(spec)  # type: ignore[no-any-return]


def _data(value: Any) -> Any:
    if isinstance(value, Pattern):
        return value.to_data()
    if isinstance(value, ModelTerm):
        return {"name": value.name, "factors": list(value.factors), "label": value.label}
    if isinstance(value, MaskSpec):
        return {
            "rules": _data(value.rules),
            "trailing": value.trailing,
            "placeholder": _data(value.placeholder),
            "author_placeholder": _data(value.author_placeholder),
        }
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _data(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
    if isinstance(value, frozenset):
        return sorted(value)
    if isinstance(value, tuple | list):
        return [_data(v) for v in value]
    return value
