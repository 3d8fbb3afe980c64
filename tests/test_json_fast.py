"""The plan's JSON made by msgspec structs (issue 15) is, to the byte, what the straightforward
way gives: the plan as dicts, built one key at a time (:func:`reference`, the builder the
structs replaced), written by the standard library's encoder. On bundled plans of every kind,
a continued plan, random plans, and text that an encoder may escape differently."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from curriculum.cli import cli
from curriculum.planner import Plan, PlanRequest
from curriculum.present import json as plan_json
from curriculum.present.json import plan_to_dict
from curriculum.present.jsontext import PlanItems, compact_chunks, indented, json_chunks
from curriculum.present.notes import unverified_hours
from curriculum.present.text import hours
from curriculum.present.view import sessions
from curriculum.request import StudyDay
from tests.conftest import START, plan_of
from tests.test_properties import SETTINGS, catalogs, done_indexes, load, planned, requests

ROOT = Path(__file__).resolve().parent.parent


def reference(plan: Plan) -> dict[str, Any]:
    """The plan as dicts, each field computed on its own (the documented shape, README 'JSON output')."""
    request = plan.request
    books = plan.catalog.books

    def numbers(book: str, units: Any) -> list[str]:
        if units is None:
            return []
        return [n for n in [books[book].units[u].number for u in sorted(units)] if n is not None]

    def covers(items: Any) -> list[dict[str, Any]]:
        return [{"book": c.book, "chapters": list(c.chapters)} for c in items]

    times = {day.weekday: day.at.strftime("%H:%M") for day in request.days if day.at is not None}
    return {
        "schema_version": 1,
        "goals": [g.id for g in plan.goals],
        "hours_per_week": float(plan.hours_per_week),
        "minutes_per_week": plan.budget,
        "start": request.start.isoformat(),
        "end": plan.end.isoformat(),
        "by": request.by.isoformat() if request.by else None,
        "total_hours": hours(plan.total_minutes),
        "total_minutes": plan.total_minutes,
        "weeks_count": len(plan.weeks),
        "study_weeks": plan.study_weeks,
        "lower_bound_weeks": plan.lower_bound_weeks,
        "longest_chain_hours": hours(plan.longest_chain_minutes),
        "longest_chain_minutes": plan.longest_chain_minutes,
        "options": request.options_json(),
        "done": [{"book": b, "chapters": numbers(b, units)} for b, units in plan.done.items()],
        "saved_hours": hours(plan.saved_minutes),
        "saved_minutes": plan.saved_minutes,
        "assumes": [{"id": p.id, "title": p.title, "covers": covers(p.covers)} for p in plan.assumed],
        "known": [{"book": b, "chapters": numbers(b, units)} for b, units in plan.known.items()],
        "known_hours": hours(plan.known_minutes),
        "known_minutes": plan.known_minutes,
        "choices": [
            {
                "after": made.after,
                "chosen": covers([made.chosen])[0],
                "instead_of": covers(made.instead_of),
                "why": made.why,
            }
            for made in plan.choices
        ],
        "left_out": [
            {"book": i.book, "chapters": numbers(i.book, i.units), "hours": hours(i.minutes), "minutes": i.minutes}
            for i in plan.left_out
        ],
        "fit_hours_per_week": plan.fit_hours,
        "unverified_hours": [{"book": b, "hours": hours(m), "minutes": m} for b, m in unverified_hours(plan)],
        "weeks": [
            {
                "week": week.number,
                "start": week.start.isoformat(),
                "budget": hours(week.budget),
                "budget_minutes": week.budget,
                "break": week.is_break,
                "days_off": week.days_off,
                "hours": hours(week.minutes),
                "minutes": week.minutes,
                "sessions": [
                    {
                        "book": s.book,
                        "chapters": numbers(s.book, {p.unit for p in s.pieces}),
                        "hours": hours(s.minutes),
                        "minutes": s.minutes,
                        "day": s.day.isoformat() if s.day else None,
                        "at": times.get(s.day.weekday()) if s.day else None,
                        "pieces": [
                            {
                                "chapter": books[s.book].units[p.unit].number,
                                "hours": hours(p.minutes),
                                "minutes": p.minutes,
                                "part": p.part,
                                "of": p.parts,
                            }
                            for p in s.pieces
                        ],
                    }
                    for s in sessions(week)
                ],
            }
            for week in plan.weeks
        ],
        "books": [
            {
                "id": b.id,
                "title": books[b.id].book.title,
                "hours": hours(b.minutes),
                "minutes": b.minutes,
                "chapters": numbers(b.id, b.units),
                "whole_book": set(b.units) >= books[b.id].readable,
                "target": b.target,
                "first_week": b.first_week,
                "last_week": b.last_week,
                "stretches": [
                    {"chapters": numbers(b.id, units), "first_week": first, "last_week": last}
                    for units, first, last in b.stretches
                ],
                "prerequisites": [
                    {"book": r.before, "chapters": numbers(r.before, r.units), "reason": r.reason}
                    for r in b.prerequisites
                ],
            }
            for b in plan.books
        ],
    }


def compact(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def check(plan: Plan, batch: int = 1000) -> None:
    """Every way the JSON module gives the plan agrees with :func:`reference`."""
    expected = reference(plan)
    assert plan_to_dict(plan) == expected
    lazy = plan_to_dict(plan, lazy=True)
    assert isinstance(lazy["weeks"], PlanItems)
    assert "".join(compact_chunks(lazy, batch)) == compact(expected)
    books = plan_to_dict(plan, lazy=True)["books"]
    assert list(books) == expected["books"]  # iterated (diff's summary does), the structs are dicts
    on_terminal = "".join(json_chunks(plan_to_dict(plan, lazy=True), indent=True))
    assert on_terminal == json.dumps(expected, indent=2, ensure_ascii=False)


PLANS = {
    "weekly": dict(goals=("ml-system-design",), hours=5),
    "parallel": dict(goals=("deep-learning", "ml-system-design"), hours=8, parallel=2),
    "days": dict(goals=("ml-interview",), days=(StudyDay(0, 60), StudyDay(2, 90))),
    "deadline": dict(goals=("ml-interview",), hours=3, by=date(2027, 3, 29)),
    "whole-optional": dict(goals=("ml-foundations",), hours=8, whole_books=True, optional=True),
    "skip-pace": dict(goals=("llm-engineering",), hours=4, pace=1.5, skip=((date(2027, 2, 1), date(2027, 2, 14)),)),
}


@pytest.mark.parametrize("name", PLANS)
def test_bundled_plans(bundled, name):
    options = dict(PLANS[name])
    goals = options.pop("goals")
    if "days" in options:
        options["hours"] = sum(d.minutes for d in options["days"]) / 60
    check(plan_of(bundled, *goals, **options), batch=3)


def test_every_bundled_goal_with_chapters_done(bundled):
    for goal in bundled.goals:
        check(plan_of(bundled, goal, hours=6))
    ctci = frozenset(range(len(bundled.books["ctci"].units)))
    check(plan_of(bundled, "ml-interview", hours=6, done={"ctci": ctci}))


def test_titles_an_encoder_may_escape(write_catalog):
    folder = write_catalog(
        """
        books:
          - id: odd
            title: "Zoë \\"quoted\\" back\\\\slash \\U0001F600 </script>"
            authors: [A]
            chapters:
              - {number: "1", title: One, hours: 2}
              - {number: "Ü", title: Two, hours: 1.25}
          - id: base
            title: Base
            authors: [B]
            hours: 1.5
        """,
        """
        prereqs:
          - {before: base, after: odd, reason: "needs \\u00e9 and \\"this\\""}
        """,
        "goals:\n  - {id: g, title: G, targets: [{book: odd}]}\n",
    )
    from curriculum.catalog import load_catalog

    check(plan_of(load_catalog(folder), "g", hours=1))


@pytest.mark.parametrize("text", ["\ud800 lone", '\x00\t\n\x1f\x7f\x85\u2028\u2029 é 😀 \\ "', ""])
def test_text_a_catalog_refuses_is_still_written_as_json_dumps_writes_it(text):
    """Catalogs refuse control characters, but the encoder does not count on it; a lone
    surrogate, which msgspec cannot encode, falls back to the standard encoder."""
    items = [plan_json._Stretch([text], 1, 2), plan_json._Stretch(["1"], 3, 4)]
    expected = [
        {"chapters": [text], "first_week": 1, "last_week": 2},
        {"chapters": ["1"], "first_week": 3, "last_week": 4},
    ]
    assert "".join(compact_chunks({"books": PlanItems(iter(items))})) == compact({"books": expected})


@pytest.mark.parametrize("chapter", ["\ud800", "Ü", None])
def test_a_session_of_pieces_encoded_once_is_written_as_json_dumps_writes_it(chapter):
    """The weeks' pieces, each distinct one encoded once (msgspec.Raw): a piece msgspec cannot
    encode (a lone surrogate) stays a struct, and its batch goes to the standard encoder, the
    encoded pieces with it."""
    pieces = plan_json._Pieces(encoded=True)
    made = [pieces[(chapter, 45, 1, 2)], pieces[("1", 30, 1, 1)], pieces[(chapter, 45, 1, 2)]]
    assert made[0] is made[2]  # one object for each distinct piece
    assert isinstance(made[0], plan_json._Piece if chapter == "\ud800" else msgspec.Raw)
    assert isinstance(made[1], msgspec.Raw)
    items = [plan_json._Session("b", ["1"], 2.0, 120, None, None, made)]
    piece = {"chapter": chapter, "hours": 0.75, "minutes": 45, "part": 1, "of": 2}
    expected = {
        "book": "b", "chapters": ["1"], "hours": 2.0, "minutes": 120, "day": None, "at": None,
        "pieces": [piece, {"chapter": "1", "hours": 0.5, "minutes": 30, "part": 1, "of": 1}, piece],
    }  # fmt: skip
    assert "".join(compact_chunks({"weeks": PlanItems(iter(items))})) == compact({"weeks": [expected]})


@pytest.mark.parametrize("kept", [0, 1, 3])
def test_pieces_past_those_kept_are_made_anew_and_written_the_same(bundled, monkeypatch, kept):
    """Past PIECES_KEPT distinct pieces none is kept: each is made again, the text the same."""
    monkeypatch.setattr(plan_json, "PIECES_KEPT", kept)
    pieces = plan_json._Pieces(encoded=True)
    made = [pieces[("1", minutes, 1, 1)] for minutes in (30, 60, 90, 120, 30)]
    assert len(pieces) == kept
    assert (made[0] is made[4]) == (kept > 0)
    check(plan_of(bundled, "ml-interview", hours=6), batch=2)


@SETTINGS
@given(data=st.data(), catalog_data=catalogs(), hours_=st.floats(0.1, 30).map(lambda h: round(h, 2)))
def test_random_plans(data, catalog_data, hours_):
    catalog = load(catalog_data)
    options = data.draw(requests(catalog_data))
    days = options["days"]
    request = PlanRequest(
        goals=options["goals"],
        hours_per_week=sum(d.minutes for d in days) / 60 if days else hours_,
        days=days,
        start=START,
        done=done_indexes(catalog, options["done"]),
        skip=options["skip"],
        parallel=options["parallel"],
        pace=options["pace"],
    )
    check(planned(catalog, request), batch=data.draw(st.integers(1, 4)))


@pytest.mark.parametrize("as_of", ["2027-01-20", "2027-03-20"])
def test_a_continued_plan_printed_and_written(runner, tmp_path, monkeypatch, as_of):
    """The bytes `plan --json` prints and the JSON file it writes, for a plan continued from
    its progress export: the past weeks' pieces are done."""
    made: list[Plan] = []
    real = plan_json.plan_to_dict
    monkeypatch.setattr(plan_json, "plan_to_dict", lambda plan, **kw: made.append(plan) or real(plan, **kw))
    progress = ROOT / "examples" / "progress" / "ml-system-design-ada-progress.json"
    args = ["plan", "--progress", str(progress), "--as-of", as_of, "--json", "--format", "json", "--out", str(tmp_path)]
    result = runner.invoke(cli, args, prog_name="curriculum")
    assert result.exit_code == 0, result.output
    plan = made[0]
    assert all(p is plan for p in made)
    assert any(p.done for week in plan.weeks for p in week.pieces)
    expected = reference(plan)
    assert result.stdout_bytes == (compact(expected) + "\n").encode()
    (written,) = tmp_path.glob("*.json")
    assert written.read_text(encoding="utf-8") == json.dumps(expected, indent=2, ensure_ascii=False) + "\n"
    assert indented(compact(expected)) + "\n" == written.read_text(encoding="utf-8")


@pytest.mark.parametrize("indent", [False, True], ids=["piped", "terminal"])
def test_print_json_shows_control_characters_as_echo_does(capsys, monkeypatch, indent):
    """print_json skips echo's pass over plain ASCII JSON: what it prints is still what echo
    prints of the whole text, for text with every kind of character echo makes visible."""
    import sys

    from curriculum.cli_common import _VISIBLE, print_json
    from tests.test_control_characters import CONTROLS

    monkeypatch.setattr(sys.stdout, "isatty", lambda: indent, raising=False)
    for text in [*CONTROLS, "plain", "é", "\x85\x9f", "\u2029", "tab\there"]:
        data = {"title": f"a{text}b", "weeks": iter([{"n": 1, "t": text}] * 3), "end": None}
        print_json(data)
        copy = {**data, "weeks": [{"n": 1, "t": text}] * 3}
        expected = json.dumps(copy, indent=2, ensure_ascii=False) if indent else compact(copy)
        assert capsys.readouterr().out == expected.translate(_VISIBLE) + "\n"
