"""What the matcher knows of an entry: the error texts it answers as templates, and its words."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from kb.model import Entry, TemplateOrigin
from kb.terms import terms
from kb.vocabulary import Vocabulary, vocabulary
from matcher.framing import clean, error_field, frame_line
from matcher.masking import Masked, mask
from matcher.spec import SPEC

__all__ = ["Profile", "TemplateProfile", "cause_terms", "literal_values", "profile", "template_of"]


@dataclass(frozen=True)
class TemplateProfile:
    """One error text of an entry, read like a pasted line."""

    text: str
    """Cleaned, framing stripped, variables masked, lower case: ``… valid for <ip>, not <ip>``."""
    signature: tuple[str, ...]
    """Its distinct terms."""
    cause: tuple[str, ...]
    """Terms of its last clause, in order, where an error chain names its cause."""
    values: tuple[str, ...]
    """The literal values it was written with (names, paths), lower case: evidence when a paste
    repeats them."""
    origin: TemplateOrigin
    line: int
    first: bool
    """Quoted in the answer before its fix begins (:attr:`kb.model.Template.first`)."""


@dataclass(frozen=True)
class Profile:
    """An entry, its templates, and its title and answer as sets of terms."""

    entry: Entry
    templates: tuple[TemplateProfile, ...]
    """Heading (when it reads as an error), aliases, then program output of the answer."""
    title: tuple[str, ...]
    """Distinct terms of the title."""
    text_terms: frozenset[str]
    """Every term of the title, tags and the answer's prose."""
    code_terms: frozenset[str]
    """Terms found only in the answer's code blocks."""
    length: int
    """Number of terms of the title, tags and answer (repeats counted), for length norms."""
    copy_key: str
    """:attr:`kb.model.Entry.copy_key`, computed once."""

    @property
    def is_error(self) -> bool:
        """Its heading reads as an error message."""
        return self.entry.kind == "error"

    @cached_property
    def states_and_quotes(self) -> bool:
        """It has both errors it states (heading, aliases, Error message parts) and errors its
        answer quotes: each kind makes a case of its own (:func:`matcher.features.candidate_features`)."""
        origins = {t.origin == "body" for t in self.templates}
        return len(origins) == 2


def profile(entry: Entry, vocab: Vocabulary | None = None) -> Profile:
    """The entry's profile; ``vocab`` as the index stored it, else computed."""
    vocab = vocab or vocabulary(entry)
    templates = tuple(_template(t.text, t.origin, t.line, t.first) for t in entry.templates)
    prose = vocab.prose
    for raw, t in zip(entry.templates, templates, strict=True):  # a template's example values are
        if t.origin == "heading":  # placeholders, not words the answer explains
            prose = prose - (frozenset(terms(raw.text)) - frozenset(terms(t.text)))
    return Profile(
        entry=entry,
        templates=templates,
        title=tuple(dict.fromkeys(terms(clean(entry.title).lower()))),
        text_terms=prose,
        code_terms=vocab.code,
        length=vocab.length,
        copy_key=entry.copy_key,
    )


def _template(text: str, origin: TemplateOrigin, line: int, first: bool) -> TemplateProfile:
    masked = template_of(_AUTHOR_LABEL.sub("", text, count=1) if origin == "heading" else text)
    lowered = masked.text.lower()
    return TemplateProfile(
        text=lowered,
        signature=tuple(dict.fromkeys(terms(lowered))),
        cause=cause_terms(lowered),
        values=literal_values(masked),
        origin=origin,
        line=line,
        first=first,
    )


def template_of(text: str) -> Masked:
    """Error text read like a pasted line: cleaned, framing stripped, variables masked, and the
    author's own placeholders left out (:attr:`MaskSpec.author_placeholder`: ``C:\\Users\\<user>``
    becomes ``C:\\Users\\``, still one value). Of a log line whose context fields hold an error
    (``[talos] controller failed {"error": "…"}``), the error: a paste's fields are read as a line
    of their own, and its message says only that something failed. An author's ``Error:`` label
    (:data:`_LABEL`) is left out and a name written with a wildcard gives its words (:data:`_GLOB`)."""
    text = SPEC.masking.author_placeholder.regex.sub("", clean(text).replace("\n", " "))
    framed = frame_line(text)
    if framed and "context-fields" in framed.rules and (error := error_field(text)):
        return mask(error)
    text = framed.text if framed and framed.text else text
    return mask(_GLOB.sub(lambda m: m.group(1).replace(".", " "), _LABEL.sub("", text, count=1)))


_GLOB = re.compile(r"(?<![\w.*])([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)+)\.\*(?![\w.*])")
"""A name the author wrote with a wildcard for its last parts (``package android.support.* does not
exist``): any name under that prefix, so its words, not the name, are the error text's
(``android.support.v4.content`` holds ``android`` and ``support``, not ``android.support``)."""
_LABEL = re.compile(r"^error\s*:\s+(?=\S+\s+\S)", re.IGNORECASE)
"""An author's ``Error:`` before a message of two words or more (``Error: permission denied``,
``Error: Permission to user/repo denied to other-user``): a label, as a paste's ``ERROR:`` level
is, not a word the program must print (``Error: 0x1bc`` keeps it: the code alone is no message)."""


_AUTHOR_LABEL = re.compile(r"^\W{0,3}(?:issue|problem|symptom|bug)\s*:\s+(?=\S+\s+\S)", re.IGNORECASE)
"""A heading's label for what follows (``Issue: Python Version Not Found``): the author's word, not
the program's. Only a heading's: a program may print ``Problem: conflicting requests``."""


def literal_values(masked: Masked) -> tuple[str, ...]:
    """The values of a masked text that name something (quoted names, paths, hosts), lower case
    and unquoted, each once."""
    kinds = SPEC.view.value_names
    return tuple(dict.fromkeys(v.strip("\"'").lower() for name, v in masked.values if name in kinds))


def cause_terms(template: str) -> tuple[str, ...]:
    """Terms of the last clause that has words, in order, placeholders included: the cause
    ``certificate is valid for <ip>, not <ip>`` is not ``certificate has expired, not yet valid``;
    an exception's class after the message is not its cause (:attr:`ViewSpec.error_class`)."""
    spec = SPEC.view
    for clause in reversed(spec.clause.regex.split(spec.error_class.regex.sub("", template))):
        found = terms(clause)
        if any(t[0] != "<" for t in found):
            return tuple(found)
    return ()
