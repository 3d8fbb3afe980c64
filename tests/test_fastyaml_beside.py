"""A large text's guard (fastyaml.risky) searched in a forked child while the text is parsed
(issue 15): the same data or fallback as searched first, every child reaped, the question asked
again when a child gives no answer, and no child while other threads run."""

from __future__ import annotations

import sys
import threading
from typing import Any

import pytest

from curriculum.catalog import fastyaml, splitparse
from curriculum.resources import bundled_catalog_dir

pytestmark = [
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a child is forked on Linux only"),
    pytest.mark.usefixtures("forked"),  # every child each test forks is reaped by its end
]

TEXTS = [
    "books:\n  - id: a\n    title: A\n    pages: 12\n",
    "books:\n  - id: a\n    title: yes\n",  # a YAML 1.1 word: found after the parse
    "books:\n  - id: a\n    pages: 010\n",  # a leading zero: found by risky
    "books:\n  - id: a\n    year: 2021-02-30\n",  # a date: risky
    "a: 1e3\nb: [x, 1:30]\n",
    "a: &x 1\nb: *x\n",
    "a: b\n---\nc: d\n",
    "key:\tvalue\n",  # a tab: risky, and an error to yaml_rs
    "a: [1, 2\n",  # malformed: yaml_rs raises
    "notes: |\n",
]


def _loaded(text: str, *, beside: bool, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr(fastyaml, "BESIDE_FROM", 0 if beside else 10**12)
    data, _ = fastyaml.load(text, text.encode())  # the marshal bytes: made again by the cache where missing
    return "fallback" if data is fastyaml.FALLBACK else data


@pytest.mark.parametrize("text", [*TEXTS, (bundled_catalog_dir() / "books.yaml").read_text(encoding="utf-8")])
def test_the_guard_beside_the_parse_gives_what_the_guard_before_it_gave(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _loaded(text, beside=True, monkeypatch=monkeypatch) == _loaded(text, beside=False, monkeypatch=monkeypatch)


def test_a_child_is_forked_for_a_large_text_and_reaped(monkeypatch: pytest.MonkeyPatch, forked: list[int]) -> None:
    monkeypatch.setattr(fastyaml, "BESIDE_FROM", 100)
    monkeypatch.setattr(splitparse, "load", lambda text, raw, **how: None)  # the guard beside a whole parse
    assert fastyaml.load("a: [b, c]\n", b"a: [b, c]\n")[0] == {"a": ["b", "c"]}  # a small text: no child
    assert forked == []
    text = "books:\n" + "  - id: a\n    pages: 12\n" * 20
    data, _ = fastyaml.load(text, text.encode())
    assert len(data["books"]) == 20 and len(forked) == 1


@pytest.mark.parametrize("text", ["a: 1\n", "a: 010\n"])
@pytest.mark.usefixtures("risky_dies_in_a_child")
def test_a_child_that_gives_no_answer_has_the_question_asked_here(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fastyaml, "BESIDE_FROM", 0)
    data, _ = fastyaml.load(text, text.encode())
    assert data == ({"a": 1} if text == "a: 1\n" else fastyaml.FALLBACK)


def test_no_child_while_another_thread_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fastyaml, "BESIDE_FROM", 0)
    answer = fastyaml._risky_beside("a: 010\n", b"a: 010\n")
    assert answer is not None and answer() is True  # alone: a child answers
    done = threading.Event()
    thread = threading.Thread(target=done.wait)
    thread.start()
    try:
        assert fastyaml._risky_beside("a: 1\n", b"a: 1\n") is None
    finally:
        done.set()
        thread.join()
