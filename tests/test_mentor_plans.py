"""Plans a mentor would send: the bundled goals' shape, alternatives, chapter-level needs,
chapters not for reading, deadlines with a weekly budget, and starting points."""

from __future__ import annotations

import json
from datetime import date

import pytest

from curriculum.catalog import load_catalog
from curriculum.cli import cli
from curriculum.errors import CatalogError, UnknownIdError
from curriculum.planner import PlanRequest, make_plan
from curriculum.present.json import plan_to_dict
from tests.conftest import START


def plan_for(catalog, goals, hours=5.0, **options):
    return make_plan(catalog, PlanRequest(goals=tuple(goals), hours_per_week=hours, start=START, **options))


def order_of(plan):
    """Books in the order their first session comes."""
    return [b.id for b in plan.books]


# ---------------------------------------------------------------- the bundled goals, by default


def test_ml_interview_is_short_reads_no_whole_maths_book_and_starts_coding_early(bundled):
    plan = plan_for(bundled, ["ml-interview"])
    assert plan.total_minutes <= 180 * 60
    maths = [b for b in plan.books if bundled.books[b.id].book.kind == "maths"]
    assert all(set(b.units) < bundled.books[b.id].readable for b in maths)
    ctci = next(b for b in plan.books if b.id == "ctci")
    assert ctci.first_week <= len(plan.weeks) / 3


def test_llm_engineering_spends_most_of_its_hours_on_its_targets(bundled):
    plan = plan_for(bundled, ["llm-engineering"])
    target_minutes = sum(b.minutes for b in plan.books if b.target)
    assert target_minutes >= 0.45 * plan.total_minutes


def test_deep_learning_reads_any_introduction_before_dlwp(bundled):
    plan = plan_for(bundled, ["deep-learning"])
    dlwp = next(b for b in plan.books if b.id == "dlwp")
    # An introduction: a short book with no prerequisites that a later book of the plan builds on.
    needed = {r.before for b in plan.books for r in b.prerequisites}
    intros = [b for b in plan.books if b.id in needed and not b.prerequisites and b.minutes <= 20 * 60]
    for intro in intros:
        assert intro.last_week <= dlwp.first_week, intro.id
    # And the plan reads no two whole overlapping introductions to deep learning.
    assert "hundred-page-ml" not in order_of(plan) or order_of(plan).index("hundred-page-ml") < order_of(plan).index(
        "dlwp"
    )


def test_ml_foundations_drills_the_maths_right_after_reading_it(bundled):
    plan = plan_for(bundled, ["ml-foundations"])
    books = {b.id: b for b in plan.books}
    assert books["dl-math-workbook"].first_week - books["math-of-ml"].last_week <= 2


def test_ml_system_design_is_short_and_does_not_leave_ddia_for_last(bundled):
    plan = plan_for(bundled, ["ml-system-design"])
    assert plan.total_minutes <= 130 * 60
    last_book = plan.weeks[-1].pieces[-1].book
    assert last_book != "ddia"
    assert order_of(plan)[-1] != "ddia"


@pytest.mark.parametrize(
    "goal",
    ["ml-system-design", "ml-foundations", "deep-learning", "llm-engineering", "ml-interview", "swe-system-design"],
)
def test_every_bundled_goal_meets_its_lower_bound_and_starts_with_a_target_or_what_it_needs(bundled, goal):
    plan = plan_for(bundled, [goal])
    assert len(plan.weeks) == plan.lower_bound_weeks
    first_target = plan_to_dict(plan)["books"]
    assert first_target  # a plan at all


def test_the_llm_book_is_read_in_two_stretches_around_its_pytorch_prerequisite(bundled):
    plan = plan_for(bundled, ["llm-engineering"])
    llm = next(b for b in plan.books if b.id == "llm-from-scratch")
    assert len(llm.stretches) == 2
    (first_units, _, first_last), (_, second_first, _) = llm.stretches
    numbers = [bundled.books["llm-from-scratch"].units[u].number for u in first_units]
    assert numbers == ["1"]  # the overview, before the PyTorch chapters it does not need
    pytorch = next(b for b in plan.books if b.id in {"homl", "ml-pytorch-sklearn"})
    assert first_last <= pytorch.first_week and pytorch.last_week <= second_first
    data = plan_to_dict(plan)
    shown = next(b for b in data["books"] if b["id"] == "llm-from-scratch")
    assert [s["chapters"][:1] for s in shown["stretches"]] == [["1"], ["2"]]


def test_chapters_not_for_reading_are_planned_only_with_whole_books(bundled):
    skipped = {(b, i) for b, e in bundled.books.items() for i, u in enumerate(e.units) if u.skip}
    assert skipped, "the bundled catalog marks some chapters as not for reading"
    for goal in bundled.goals:
        plan = plan_for(bundled, [goal])
        planned = {(p.book, p.unit) for w in plan.weeks for p in w.pieces}
        assert not planned & skipped, goal
    whole = plan_for(bundled, ["llm-from-scratch"], whole_books=True)
    planned = {(p.book, p.unit) for w in whole.weeks for p in w.pieces}
    assert {(b, i) for b, i in skipped if b == "llm-from-scratch"} <= planned


# ---------------------------------------------------------------- alternatives

ALT_BOOKS = """
books:
  - {id: intro, title: Intro, authors: [A], hours: 2}
  - {id: long, title: Long, authors: [A], hours: 10}
  - {id: basics, title: Basics, authors: [A], hours: 3}
  - {id: survey, title: Survey, authors: [A], hours: 4}
  - {id: target, title: Target, authors: [A], hours: 5}
  - {id: other, title: Other, authors: [A], hours: 1}
  - {id: target-1e, title: Target, edition: "1st", edition_of: target, authors: [A], hours: 1}
"""

ALT_PREREQS = """
prereqs:
  - any_of:
      - {book: survey}
      - {book: long}
    after: target
    reason: "either will do"
  - before: basics
    after: survey
    reason: "survey needs basics"
"""

ALT_GOALS = """
goals:
  - id: g
    title: G
    targets:
      - book: target
  - id: both
    title: Both
    targets:
      - book: long
      - book: target
"""


@pytest.fixture
def alternatives(write_catalog):
    return load_catalog(write_catalog(ALT_BOOKS, ALT_PREREQS, ALT_GOALS))


def test_the_cheapest_alternative_counts_its_own_prerequisites(alternatives):
    plan = plan_for(alternatives, ["g"])
    # survey (4 h) + basics (3 h) = 7 h < long (10 h)
    assert order_of(plan) == ["basics", "survey", "target"]
    (made,) = plan.choices
    assert made.chosen.book == "survey" and [c.book for c in made.instead_of] == ["long"]
    assert "7 h" in made.why and "10 h" in made.why


def test_prefer_and_done_change_the_choice_and_the_plan_says_why(alternatives):
    preferred = plan_for(alternatives, ["g"], prefer=("long",))
    assert order_of(preferred) == ["long", "target"]
    assert preferred.choices[0].why == "preferred (--prefer long)"
    read = plan_for(alternatives, ["g"], done={"long": frozenset({0})})
    assert order_of(read) == ["target"]
    assert read.choices[0].chosen.book == "long" and read.choices[0].why == "already read"


def test_an_alternative_already_in_the_plan_is_chosen(alternatives):
    plan = plan_for(alternatives, ["both"])
    assert order_of(plan) == ["long", "target"]
    assert plan.choices[0].why == "already in the plan for another reason"


def test_choices_reach_json_terminal_markdown_html_and_why(alternatives, runner, tmp_path):
    folder = tmp_path / "alt"
    folder.mkdir()
    for name, text in (("books.yaml", ALT_BOOKS), ("prereqs.yaml", ALT_PREREQS), ("goals.yaml", ALT_GOALS)):
        (folder / name).write_text(text.lstrip("\n"), encoding="utf-8")
    args = ["plan", "--catalog", str(folder), "--goal", "g", "--hours", "5", "--start", "2027-01-04"]
    result = runner.invoke(cli, [*args, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["choices"] == [
        {
            "after": "target",
            "chosen": {"book": "survey", "chapters": []},
            "instead_of": [{"book": "long", "chapters": []}],
            "why": data["choices"][0]["why"],
        }
    ]
    text = runner.invoke(cli, [*args, "--format", "md,html", "--out", str(tmp_path / "out")])
    assert text.exit_code == 0, text.output
    line = "for target: survey (Survey) instead of long (Long)"
    assert line in text.stdout
    assert "For target: survey" in (tmp_path / "out" / "g.md").read_text(encoding="utf-8")
    assert "instead of long (Long)" in (tmp_path / "out" / "g.html").read_text(encoding="utf-8")
    why = runner.invoke(cli, ["why", "long", "--catalog", str(folder), "--goal", "g"])
    assert why.exit_code == 0, why.output
    assert "instead of long (Long)" in why.stdout and "--prefer long" in why.stdout


def test_another_edition_is_read_only_by_its_holders(write_catalog):
    catalog = load_catalog(
        write_catalog(
            ALT_BOOKS,
            "prereqs: []\n",
            """
            goals:
              - id: e
                title: E
                targets:
                  - any_of: [{book: target}, {book: target-1e}]
            """,
        )
    )
    plan = plan_for(catalog, ["e"])  # the 1st edition is cheaper, but only its holders read it
    assert order_of(plan) == ["target"] and "current edition" in plan.choices[0].why
    assert order_of(plan_for(catalog, ["e"], prefer=("target-1e",))) == ["target-1e"]


def test_bundled_ddia_first_edition_readers_get_their_chapter_numbers(bundled):
    plan = plan_for(bundled, ["ml-system-design"], prefer=("ddia-1e",))
    ddia = next(b for b in plan.books if b.id == "ddia-1e")
    numbers = [bundled.books["ddia-1e"].units[u].number for u in ddia.units]
    assert numbers == ["5", "6"]
    assert "ddia" not in order_of(plan)
    from curriculum.present.terminal import plan_text

    text = plan_text(plan)
    assert "Designing Data-Intensive Applications, 1st edition: ch 5" in text


@pytest.mark.parametrize(
    ("prereqs", "message"),
    [
        (
            "- {any_of: [], after: b, reason: r}",
            "prereqs.yaml:2: prereqs[0] (any of  -> b): any_of: the group of alternatives is empty",
        ),
        (
            "- {any_of: [{book: a}, {book: nope}], after: b, reason: r}",
            "prereqs.yaml:2: prereqs[0] (any of a|nope -> b): any_of[1].book: unknown book 'nope'",
        ),
        (
            "- {any_of: [{book: a}, {book: b}], after: b, reason: r}",
            "prereqs.yaml:2: prereqs[0] (any of a|b -> b):"
            " any_of: an alternative is 'b' itself, the book it comes before",
        ),
        (
            "- {before: a, after: b, reason: r}\n- {any_of: [{book: c}, {book: b}], after: a, reason: r}",
            "prereqs.yaml:2: prereqs: cycle: a -> b -> a (through the any_of group prereqs[1])",
        ),
        (
            "- {before: a, any_of: [{book: c}], after: b, reason: r}",
            "give either `before` or `any_of`",
        ),
        (
            "- {before: a, after: b, after_chapters: ['9'], reason: r}",
            "after_chapters: book 'b' has no chapter '9'",
        ),
    ],
)
def test_bad_alternative_groups_are_reported_with_their_line(write_catalog, prereqs, message):
    books = """
    books:
      - {id: a, title: A, authors: [X], hours: 1}
      - {id: b, title: B, authors: [X], chapters: [{number: 1, title: One, hours: 1}]}
      - {id: c, title: C, authors: [X], hours: 1}
    """
    folder = write_catalog(books, "prereqs:\n" + "\n".join("  " + line for line in prereqs.splitlines()) + "\n")
    with pytest.raises(CatalogError) as caught:
        load_catalog(folder)
    texts = [str(p) for p in caught.value.problems]
    assert any(message in t for t in texts), texts


# ---------------------------------------------------------------- a deadline with hours


def test_by_with_hours_fits_the_deadline_and_says_what_was_left_out(bundled):
    by = date(2027, 3, 28)  # 12 weeks from START
    plan = make_plan(bundled, PlanRequest(goals=("ml-interview",), hours_per_week=8, by=by, start=START))
    assert plan.end <= by
    assert plan.left_out
    full = plan_for(bundled, ["ml-interview"], hours=8)
    assert plan.total_minutes + sum(item.minutes for item in plan.left_out) >= full.total_minutes - 60 * 5
    assert plan.fit_hours is not None and plan.fit_hours > 8
    data = plan_to_dict(plan)
    assert data["left_out"] and {"book", "chapters", "hours", "minutes"} == set(data["left_out"][0])
    assert [item["minutes"] for item in data["left_out"]] == [item.minutes for item in plan.left_out]
    # The first target, CtCI, is kept: what goes is from the end of the goal's list.
    assert "ctci" in order_of(plan)


def test_by_with_hours_changes_nothing_when_everything_fits(bundled):
    plan = make_plan(
        bundled, PlanRequest(goals=("swe-system-design",), hours_per_week=8, by=date(2028, 1, 1), start=START)
    )
    assert not plan.left_out and plan == plan_for(bundled, ["swe-system-design"], hours=8, by=date(2028, 1, 1))


def test_by_with_hours_on_the_command_line_exits_0_and_prints_left_out(runner, tmp_path):
    result = runner.invoke(
        cli,
        ["plan", "--goal", "ml-interview", "--hours", "8", "--by", "2027-03-28", "--start", "2027-01-04",
         "--format", "md", "--out", str(tmp_path)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Left out to finish by 2027-03-28 at 8 h/week" in result.stdout
    assert "To read everything by 2027-03-28, plan" in result.stdout
    md = (tmp_path / "ml-interview.md").read_text(encoding="utf-8")
    assert "## Left out to finish by 2027-03-28" in md
    assert "--hours 8 --by 2027-03-28" in md


# ---------------------------------------------------------------- starting points


ML_GOALS = ["ml-system-design", "deep-learning", "llm-engineering", "ml-interview"]


@pytest.mark.parametrize("goal", ML_GOALS)
def test_know_ml_basics_drops_the_introductory_material(bundled, goal):
    plain = plan_for(bundled, [goal])
    known = plan_for(bundled, [goal], know=("ml-basics",))
    basics = {(c.book, u) for c in bundled.starting_points["ml-basics"].covers for u in _units(bundled, c)}
    planned = {(p.book, p.unit) for w in known.weeks for p in w.pieces}
    assert not planned & basics
    assert known.total_minutes == plain.total_minutes - known.known_minutes
    from curriculum.present.terminal import plan_text

    assert "Assumes you know: ML basics" in plan_text(known)


def _units(catalog, choice):
    entry = catalog.books[choice.book]
    return entry.unit_indexes(choice.chapters) if choice.chapters else range(len(entry.units))


def test_every_plan_says_what_it_assumes_and_what_a_reader_from_zero_adds(bundled):
    from curriculum.present.terminal import plan_text

    text = plan_text(plan_for(bundled, ["ml-interview"], know=("ml-basics",)))
    assert "Starting from zero adds" in text and "--from-zero" in text
    assert "Assumes you know: Python programming" in plan_text(plan_for(bundled, ["ml-interview"]))
    assert "starts from zero" in plan_text(plan_for(bundled, ["ml-interview"], from_zero=True))


def test_an_unknown_starting_point_is_refused_with_suggestions(bundled):
    with pytest.raises(UnknownIdError) as caught:
        plan_for(bundled, ["ml-interview"], know=("ml-basic",))
    assert "ml-basics" in str(caught.value)


def test_a_progress_file_can_name_starting_points(runner, tmp_path):
    progress = tmp_path / "progress.yaml"
    progress.write_text("know: [ml-basics]\ndone: [ctci]\n", encoding="utf-8")
    result = runner.invoke(
        cli, ["plan", "--goal", "ml-interview", "--progress", str(progress), "--start", "2027-01-04", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert next(p["id"] for p in data["assumes"]) == "ml-basics"
    assert data["options"]["know"] == ["ml-basics"]
    assert "hundred-page-ml" not in [b["id"] for b in data["books"]]


def test_goals_list_the_starting_points_that_change_each_plan(runner):
    result = runner.invoke(cli, ["goals"])
    assert result.exit_code == 0, result.output
    assert "--know ml-basics" in result.stdout


def test_show_goal_lists_targets_books_weeks_and_the_starting_points_that_shorten_it(runner):
    result = runner.invoke(cli, ["show", "ml-interview", "--hours", "8"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("ml-interview: ML interview\n")
    assert "Assumes: Python programming (python)" in result.stdout
    assert "  --know ml-basics: -16 h" in result.stdout
    data = json.loads(runner.invoke(cli, ["show", "ml-interview", "--hours", "8", "--json"]).stdout)
    total = sum(b["hours"] for b in data["plan_books"])
    assert data["hours"] == total and data["weeks"] == -(-int(total * 60) // (8 * 60))
    assert data["starting_points"] == [{"id": "ml-basics", "saves_hours": 16.0}]


def test_the_same_choice_for_several_books_is_said_once(bundled):
    from curriculum.present.notes import choice_lines

    plan = plan_for(bundled, ["ml-interview"])
    assert len(plan.choices) == 3  # the ML-basics group, met before three books
    (line,) = choice_lines(plan)
    assert line.startswith("for inside-ml-interview, ml-q-and-ai and dmls: hundred-page-ml")
