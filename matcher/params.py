"""Values a paste gives to a heading's placeholders: the address, the pod, the volume.

The template and the pasted message are aligned token by token (a longest common subsequence,
ties broken the same way in both runtimes); the values found between the neighbours of each
group of placeholders are that group's.
"""

from __future__ import annotations

from matcher.masking import Masked
from matcher.results import Param
from matcher.spec import SPEC, ParamSpec

__all__ = ["align", "extract_params", "param_slots"]


def extract_params(template: str, masked: Masked, spec: ParamSpec = SPEC.params) -> tuple[Param, ...]:
    """``(name, values)`` for each named group of placeholders in ``template`` the paste filled."""
    slots = param_slots(template, spec)
    if not slots:
        return ()
    t_tokens = spec.token.regex.findall(template)
    s_tokens = spec.token.regex.findall(masked.text.lower())
    aligned = align(t_tokens, s_tokens)
    originals = iter(v for _, v in masked.values)
    values = {j: _unquote(next(originals, "")) for j, t in enumerate(s_tokens) if t[0] == "<"}
    places = [i for i, t in enumerate(t_tokens) if t[0] == "<"]
    found: dict[str, list[str]] = {}
    for name, group in _groups(slots, places):
        lo, hi = _span(group[0], group[-1], aligned, len(s_tokens))
        kinds = {t_tokens[i] for i in group}
        picked = [values[j] for j in range(lo, hi) if j in values and s_tokens[j] in kinds]
        if picked:
            found.setdefault(name, []).extend(picked)
    return tuple((name, tuple(v)) for name, v in found.items())


def param_slots(template: str, spec: ParamSpec = SPEC.params) -> list[tuple[str, str]]:
    """``(name, placeholder)`` for each placeholder of a template, named by the words before it.

    ``… valid for <ip>, <ip>, not <ip>`` → ``[("valid for", "<ip>"), ("valid for", "<ip>"), ("not", "<ip>")]``:
    a placeholder that follows another after only a comma belongs to the same list.
    """
    slots: list[tuple[str, str]] = []
    at = 0
    for m in SPEC.masking.placeholder.regex.finditer(template):
        between = template[at : m.start()].strip()
        joined = slots and between in (spec.list_join, "")
        kind = dict(spec.kind_names).get(m.group(1), m.group(1))
        name = slots[-1][0] if joined else _name_before(template[at : m.start()], spec) or kind
        slots.append((name, m.group()))
        at = m.end()
    return slots


def align(a: list[str], b: list[str]) -> dict[int, int]:
    """Positions of ``a`` → positions of ``b`` along a longest common subsequence; where several
    are longest, the one that takes ``a``'s tokens earliest in ``b``."""
    n, m = len(a), len(b)
    longest = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        row, below = longest[i], longest[i + 1]
        for j in range(m - 1, -1, -1):
            row[j] = below[j + 1] + 1 if a[i] == b[j] else max(below[j], row[j + 1])
    out = {}
    i = j = 0
    while i < n and j < m:
        if a[i] == b[j]:
            out[i] = j
            i += 1
            j += 1
        elif longest[i + 1][j] >= longest[i][j + 1]:
            i += 1
        else:
            j += 1
    return out


def _groups(slots: list[tuple[str, str]], places: list[int]) -> list[tuple[str, list[int]]]:
    groups: list[tuple[str, list[int]]] = []
    for (name, _), i in zip(slots, places, strict=False):
        if groups and groups[-1][0] == name:
            groups[-1][1].append(i)
        else:
            groups.append((name, [i]))
    return groups


def _span(first: int, last: int, aligned: dict[int, int], size: int) -> tuple[int, int]:
    """The message's token range between the aligned neighbours of a template range."""
    if first in aligned and first == last:
        return aligned[first], aligned[first] + 1
    left = max((aligned[i] for i in aligned if i < first), default=-1)
    right = min((aligned[i] for i in aligned if i > last), default=size)
    return left + 1, right


def _name_before(text: str, spec: ParamSpec) -> str:
    """The one or two words right before a placeholder: ``… is valid for `` → ``valid for``."""
    words = text.split()[-spec.name_words :]
    if not words or not spec.name_word.regex.match(words[-1]):
        return ""
    if len(words) == 2 and spec.name_word.regex.match(words[0]):
        return " ".join(words).lower()
    return words[-1].lower()


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value
