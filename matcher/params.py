"""Values a paste gives to a heading's placeholders: the address, the pod, the volume."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from matcher.masking import Masked
from matcher.model import Param
from matcher.profile import param_slots

__all__ = ["extract_params"]

_TOKEN = re.compile(r"<[a-z]+>|[^\W_]+")


def extract_params(template: str, masked: Masked) -> tuple[Param, ...]:
    """``(name, values)`` for each named group of placeholders in ``template`` the paste filled."""
    slots = param_slots(template)
    if not slots:
        return ()
    t_tokens = _TOKEN.findall(template)
    s_tokens = _TOKEN.findall(masked.text.lower())
    aligned = _alignment(t_tokens, s_tokens)
    values = _values_by_position(s_tokens, masked)
    t_places = [i for i, t in enumerate(t_tokens) if t[0] == "<"]
    found: dict[str, list[str]] = {}
    for name, group in _groups(slots, t_places):
        lo, hi = _span(group[0], group[-1], aligned, len(s_tokens))
        kinds = {t_tokens[i] for i in group}
        picked = [values[j] for j in range(lo, hi) if j in values and s_tokens[j] in kinds]
        if picked:
            found.setdefault(name, []).extend(picked)
    return tuple((name, tuple(v)) for name, v in found.items())


def _alignment(a: list[str], b: list[str]) -> dict[int, int]:
    aligned = {}
    for block in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
        for k in range(block.size):
            aligned[block.a + k] = block.b + k
    return aligned


def _values_by_position(s_tokens: list[str], masked: Masked) -> dict[int, str]:
    originals = iter(v for _, v in masked.values)
    return {j: _unquote(next(originals, "")) for j, t in enumerate(s_tokens) if t[0] == "<"}


def _groups(slots: list[tuple[str, str]], places: list[int]) -> list[tuple[str, list[int]]]:
    groups: list[tuple[str, list[int]]] = []
    for (name, _), i in zip(slots, places, strict=False):
        if groups and groups[-1][0] == name:
            groups[-1][1].append(i)
        else:
            groups.append((name, [i]))
    return groups


def _span(first: int, last: int, aligned: dict[int, int], size: int) -> tuple[int, int]:
    """The paste's token range between the aligned neighbours of a template range."""
    if first in aligned and first == last:
        return aligned[first], aligned[first] + 1
    left = max((aligned[i] for i in aligned if i < first), default=-1)
    right = min((aligned[i] for i in aligned if i > last), default=size)
    return left + 1, right


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value
