"""Every :class:`kb.pattern.Pattern` of the matcher's spec, with where it sits."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

from kb.pattern import Pattern
from matcher.spec import SPEC


def spec_patterns(value: Any = SPEC, where: str = "spec") -> Iterator[tuple[str, Pattern]]:
    if isinstance(value, Pattern):
        yield where, value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if f.init:
                yield from spec_patterns(getattr(value, f.name), f"{where}.{f.name}")
        if hasattr(type(value), "placeholder"):
            yield f"{where}.placeholder", value.placeholder
    elif isinstance(value, tuple | list):
        for i, v in enumerate(value):
            name = getattr(v, "name", i)
            yield from spec_patterns(v, f"{where}[{name}]")
