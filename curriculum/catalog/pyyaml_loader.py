"""PyYAML's safe loader as catalogs read it: the reader of last resort.

:mod:`.fastyaml` reads nearly every catalog without PyYAML; what it leaves (anything PyYAML
might read otherwise, and every error, for its message and line) comes here. Imported only
then, so a plan from the bundled catalog does not pay for importing PyYAML.
"""

from __future__ import annotations

from typing import Any

import yaml

try:
    _Base: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Base = yaml.SafeLoader

PURE_PYTHON = _Base is yaml.SafeLoader
"""No libyaml: a reader error's position is a character index, not an offset in UTF-8 bytes."""


class Loader(_Base):  # type: ignore[misc]
    """PyYAML's safe loader that refuses a key given twice in one mapping (PyYAML keeps the last
    silently: two `books:` keys validated as "ok: 0 books"), naming both lines."""

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key_node, _ in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value != "<<":
                    line = key_node.start_mark.line + 1
                    if key_node.value in seen:
                        raise yaml.constructor.ConstructorError(
                            None,
                            None,
                            f"the key '{key_node.value}' is given twice (lines {seen[key_node.value]} and {line});"
                            " a mapping holds each key once",
                            key_node.start_mark,
                        )
                    seen[key_node.value] = line
        return super().construct_mapping(node, deep)


def _decimal_int(loader: Any, node: Any) -> int:
    """Whole numbers only as decimals. YAML 1.1 also reads ``010`` as 8, ``0x1A`` as 26 and
    ``1:30`` as 90: a chapter number written so would silently become another one."""
    text = node.value
    digits = text[1:] if text[:1] in "+-" else text
    if not (digits.isascii() and digits.isdigit() and (digits == "0" or digits[0] != "0")):
        raise yaml.constructor.ConstructorError(
            None,
            None,
            f"{text!r} is not a plain decimal number (YAML 1.1 reads it as octal, hexadecimal, base 60"
            f" or with digit separators); write it in quotes ('{text}') to keep the text, or as a decimal",
            node.start_mark,
        )
    return int(text)


Loader.add_constructor("tag:yaml.org,2002:int", _decimal_int)
