"""``replace`` for the frozen records of a plan, dataclasses and msgspec structs alike."""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

import msgspec

T = TypeVar("T")


def replace(obj: T, **changes: Any) -> T:
    """A copy of ``obj`` with ``changes``: a struct (pieces, views) or a dataclass (plans, steps)."""
    if isinstance(obj, msgspec.Struct):
        return msgspec.structs.replace(obj, **changes)
    return dataclasses.replace(obj, **changes)  # type: ignore[type-var]
