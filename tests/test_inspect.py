"""The catalog commands: show, why, graph, validate, schema, and shell completion of ids."""

from __future__ import annotations

import json
import textwrap
import xml.etree.ElementTree as ET

import pytest
from click.shell_completion import ShellComplete

from curriculum.cli import cli
from curriculum.cli_catalog import complete_ids
from curriculum.order import RULE
from curriculum.present.graph import GraphView, Link, Node, dot_quote, mermaid_quote, to_dot, to_mermaid
from curriculum.present.svg import render as to_svg
from tests.conftest import SMALL_BOOKS, SMALL_GOALS, SMALL_PREREQS


def run(runner, *args: str):
    return runner.invoke(cli, list(args), prog_name="curriculum")


@pytest.fixture
def small(write_catalog) -> str:
    return str(write_catalog(SMALL_BOOKS, SMALL_PREREQS, SMALL_GOALS))


# --- show --------------------------------------------------------------------------------


RULE_TEXT = "\n".join(textwrap.wrap(f"Reading order: {RULE}", 100))


def test_show_lists_facts_chapters_prerequisites_and_what_it_unlocks(runner, small):
    result = run(runner, "show", "beta", "--catalog", small)
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout == (
        "beta: Beta\n"
        "  authors    B. Author\n"
        "  kind       textbook (10 pages/hour)\n"
        "  hours      6 h\n"
        "\n"
        "Chapters (6 h, an even split: the table of contents gives no page numbers):\n"
        "  1      2 h  First\n"
        "  2      2 h  Second\n"
        "  3      2 h  Third\n"
        "\n"
        "Prerequisites:\n"
        "  alpha (ch 2): Alpha\n"
        "      Beta builds on Alpha's second chapter.\n"
        "\n"
        "Unlocks:\n"
        "  gamma: Gamma\n"
        "      Gamma assumes all of Beta.\n"
    )


def test_show_says_which_chapters_the_next_book_needs_and_which_goals_target_it(runner, bundled):
    text = run(runner, "show", "ddia").stdout
    assert text.startswith("ddia: Designing Data-Intensive Applications\n")
    assert "  publisher  O'Reilly Media\n" in text
    assert "  dmls: Designing Machine Learning Systems (needs ch 11-12) [optional]\n" in text
    assert "Targeted by goals:\n  ml-system-design (ch 6-7): ML system design\n" in text
    assert "\nUnverified:\n  - " in text and "\nSources:\n  - " in text


def test_show_json(runner, bundled):
    result = run(runner, "show", "dmls", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    book = bundled.books["dmls"].book
    assert (data["id"], data["publisher"], data["isbn13"]) == ("dmls", book.publisher, book.isbn13)
    assert [c["number"] for c in data["chapters"]][:3] == ["1", "2", "3"]
    group = [p for p in data["prerequisites"] if p.get("any_of")]
    assert [p["book"] for p in group] == ["hundred-page-ml", "homl", "ml-pytorch-sklearn"]
    assert (group[1]["chapters"], group[1]["any_of"]) == (
        ["1", "2", "3", "4"],
        ["hundred-page-ml", "homl", "ml-pytorch-sklearn"],
    )
    assert [u["book"] for u in data["unlocks"]] == ["reliable-ml", "ml-system-design-interview"]
    assert data["goals"] == [{"id": "ml-system-design", "title": "ML system design", "chapters": []}]
    assert sum(c["hours"] for c in data["chapters"] if not c["skip"]) == pytest.approx(data["hours"])


def test_show_unknown_book_suggests(runner, tmp_path):
    result = run(runner, "show", "ddai")
    assert result.exit_code == 2
    assert result.stderr == "Error: unknown book or goal 'ddai' (did you mean 'ddia'?)\n"
    assert result.stdout == ""


# --- why ---------------------------------------------------------------------------------


def test_why_prints_every_chain_with_reasons_and_the_hours(runner, small):
    result = run(runner, "why", "alpha", "--goal", "finish", "--catalog", small)
    assert result.exit_code == 0
    assert result.stdout == (
        "alpha (Alpha) is needed for finish: it adds 5 h to the plan (ch 2).\n"
        "\n"
        "1 prerequisite chain leads from it to the goal's targets:\n"
        "\n"
        "  alpha -> beta -> gamma\n"
        "    alpha (ch 2) -> beta: Beta builds on Alpha's second chapter.\n"
        "    beta -> gamma: Gamma assumes all of Beta.\n"
        f"\n{RULE_TEXT}\n"
    )


def test_why_whole_books_counts_the_whole_book(runner, small):
    result = run(runner, "why", "alpha", "--goal", "finish", "--whole-books", "--catalog", small)
    head = "alpha (Alpha) is needed for finish: it adds 10 h to the plan (the whole book)."
    assert result.stdout.splitlines()[0] == head
    assert "    alpha -> beta: Beta builds on Alpha's second chapter.\n" in result.stdout


def test_why_not_needed_exits_0(runner, small):
    result = run(runner, "why", "gamma", "--goal", "alpha", "--catalog", small)
    assert result.exit_code == 0
    assert result.stdout == "gamma is not needed for alpha\n"


def test_why_says_when_only_an_optional_edge_brings_the_book_in(runner):
    result = run(runner, "why", "ddia", "--goal", "dmls")
    assert result.stdout == "ddia is not needed for dmls (it is with --optional)\n"
    with_optional = run(runner, "why", "ddia", "--goal", "dmls", "--optional")
    assert with_optional.stdout.splitlines()[0] == (
        "ddia (Designing Data-Intensive Applications) is needed for dmls: it adds 8 h to the plan (ch 11-12)."
    )
    assert "    ddia (ch 11-12) -> dmls [optional]: DMLS Ch 3 compresses" in with_optional.stdout


def test_why_a_target_and_several_goals(runner):
    result = run(runner, "why", "ddia", "--goal", "ml-system-design", "--goal", "swe-system-design")
    assert result.exit_code == 0
    assert result.stdout == (
        "ddia (Designing Data-Intensive Applications) is needed for ml-system-design, swe-system-design:"
        " it adds 12 h to the plan (ch 6-7, 10).\n"
        "It is a target (ch 6-7, 10).\n"
        "\n"
        "Chosen among alternatives:\n"
        "  for goal ml-system-design: ddia ch 6-7 (Designing Data-Intensive Applications, 2nd edition) instead of"
        " ddia-1e ch 5-6 (Designing Data-Intensive Applications, 1st edition) (the current edition; the other is for"
        " readers who hold it)\n"
        "  for goal swe-system-design: ddia ch 6-7, 10 (Designing Data-Intensive Applications, 2nd edition) instead"
        " of ddia-1e ch 5-6, 9 (Designing Data-Intensive Applications, 1st edition) (the current edition; the other"
        " is for readers who hold it)\n"
        f"\n{RULE_TEXT}\n"
    )
    first = run(runner, "why", "ddia-1e", "--goal", "ml-system-design", "--prefer", "ddia-1e")
    assert first.stdout.startswith(
        "ddia-1e (Designing Data-Intensive Applications) is needed for ml-system-design: it adds"
    )


def test_why_limits_the_chains_shortest_first_and_counts_the_rest(runner, bundled):
    result = run(runner, "why", "hundred-page-ml", "--goal", "ml-interview", "--limit", "1")
    assert result.exit_code == 0
    reason = next(e.reason for e in bundled.edges if e.after == "inside-ml-interview" and e.is_group)
    assert result.stdout.startswith(
        "hundred-page-ml (The Hundred-Page Machine Learning Book) is needed for ml-interview:"
        " it adds 16 h to the plan (the whole book).\n"
        "\n"
        "3 prerequisite chains lead from it to the goal's targets:\n"
        "\n"
        "  hundred-page-ml -> inside-ml-interview\n"
        f"    hundred-page-ml -> inside-ml-interview: {reason}\n"
        "\n"
        "... and 2 more chains (raise --limit to see more).\n"
        "\n"
        "Chosen among alternatives:\n"
    )
    data = json.loads(run(runner, "why", "hundred-page-ml", "--goal", "ml-interview", "--json").stdout)
    assert data["chains_total"] == 3
    assert [c["books"] for c in data["chains"]] == [
        ["hundred-page-ml", "inside-ml-interview"],
        ["hundred-page-ml", "ml-q-and-ai"],
        ["hundred-page-ml", "dmls", "ml-system-design-interview"],
    ]
    assert [c["chosen"]["book"] for c in data["choices"]] == ["hundred-page-ml"] * 3
    assert data["reading_order"] == RULE
    for chain in data["chains"]:
        assert [(s["before"], s["after"]) for s in chain["steps"]] == list(zip(chain["books"], chain["books"][1:]))


def test_why_json(runner, small):
    data = json.loads(run(runner, "why", "alpha", "--goal", "finish", "--catalog", small, "--json").stdout)
    assert data == {
        "book": "alpha",
        "goals": ["finish"],
        "needed": True,
        "needed_with_optional": False,
        "target": False,
        "target_chapters": "",
        "hours": 5.0,
        "chapters": "2",
        "chains_total": 1,
        "chains_total_capped": False,
        "chains": [
            {
                "books": ["alpha", "beta", "gamma"],
                "steps": [
                    {
                        "before": "alpha",
                        "after": "beta",
                        "chapters": "2",
                        "reason": "Beta builds on Alpha's second chapter.",
                        "strength": "recommended",
                    },
                    {
                        "before": "beta",
                        "after": "gamma",
                        "chapters": "",
                        "reason": "Gamma assumes all of Beta.",
                        "strength": "recommended",
                    },
                ],
            }
        ],
        "choices": [],
        "reading_order": RULE,
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["why", "ddai", "--goal", "ml-system-design"], "Error: unknown book 'ddai' (did you mean 'ddia'?)\n"),
        (
            ["why", "ddia", "--goal", "ml-sytem-design"],
            "Error: unknown goal 'ml-sytem-design' (did you mean 'ml-system-design' or 'swe-system-design'"
            " or 'ml-system-design-interview'?)\n",
        ),
        (
            ["graph", "--goal", "dep-learning"],
            "Error: unknown goal 'dep-learning' (did you mean 'deep-learning'?)\n",
        ),
    ],
)
def test_unknown_ids_get_did_you_mean(runner, args, message):
    result = run(runner, *args)
    assert result.exit_code == 2
    assert result.stderr == message
    assert result.stdout == ""


def test_why_needs_a_goal(runner):
    result = run(runner, "why", "ddia")
    assert result.exit_code == 2
    assert result.stderr.endswith("Error: Missing option '--goal'.\n")


# --- graph -------------------------------------------------------------------------------


def test_graph_dot_of_the_whole_catalog(runner, small):
    result = run(runner, "graph", "--catalog", small)
    assert result.exit_code == 0
    assert result.stdout == (
        "digraph curriculum {\n"
        '  graph [label="the catalog\'s prerequisite graph", labelloc=t, rankdir=TB, fontname=Helvetica];\n'
        "  node [shape=box, style=rounded, fontname=Helvetica, fontsize=11];\n"
        "  edge [fontname=Helvetica, fontsize=9, color=gray40];\n"
        '  "alpha" [label="Alpha\\n10 h", tooltip="alpha"];\n'
        '  "beta" [label="Beta\\n6 h", tooltip="beta"];\n'
        '  "gamma" [label="Gamma\\n3 h", tooltip="gamma"];\n'
        '  "alpha" -> "beta" [label="ch 2", tooltip="Beta builds on Alpha\'s second chapter."];\n'
        '  "beta" -> "gamma" [tooltip="Gamma assumes all of Beta."];\n'
        "}\n"
    )


def test_graph_mermaid_of_a_goal(runner, small):
    result = run(runner, "graph", "--catalog", small, "--goal", "finish", "--format", "mermaid")
    assert result.exit_code == 0
    assert result.stdout == (
        "flowchart TD\n"
        "  %% prerequisites of finish\n"
        '  b0["Alpha (5 h)"]\n'
        '  b1["Beta (6 h)"]\n'
        '  b2["Gamma (3 h)"]\n'
        '  b0 -->|"ch 2"| b1\n'
        "  b1 --> b2\n"
        "  classDef target stroke-width:3px,font-weight:bold\n"
        "  class b2 target\n"
    )


def test_graph_of_a_goal_holds_its_plan_and_dashes_optional_edges(runner, bundled):
    plain = json.loads(run(runner, "graph", "--goal", "ml-system-design", "--format", "json").stdout)
    assert [n["id"] for n in plain["nodes"]] == [
        "hundred-page-ml", "ddia", "dmls", "reliable-ml", "ml-system-design-interview"
    ]  # fmt: skip
    assert [n["id"] for n in plain["nodes"] if n["target"]] == [
        "ddia", "dmls", "reliable-ml", "ml-system-design-interview"
    ]  # fmt: skip
    assert not any(e["optional"] for e in plain["edges"])
    wider = json.loads(run(runner, "graph", "--goal", "ml-system-design", "--optional", "--format", "json").stdout)
    optional = [(e["before"], e["after"]) for e in wider["edges"] if e["optional"]]
    assert optional == [
        ("ddia", "dmls"),
        ("ddia", "system-design-interview"),
        ("system-design-interview", "ml-system-design-interview"),
    ]
    dot = run(runner, "graph", "--goal", "ml-system-design", "--optional").stdout
    assert '  "ddia" -> "dmls" [label="ch 11-12", tooltip=' in dot and dot.count("style=dashed") == 3
    mermaid = run(runner, "graph", "--goal", "ml-system-design", "--optional", "--format", "mermaid").stdout
    assert '  b1 -.->|"ch 11-12"| b2\n' in mermaid


def test_graph_of_the_catalog_draws_every_edge(runner, bundled):
    data = json.loads(run(runner, "graph", "--format", "json").stdout)
    assert len(data["nodes"]) == len(bundled.books)
    # Every alternative of a group is drawn, its reason saying which group it belongs to.
    assert len(data["edges"]) == sum(len(e.choices) for e in bundled.edges)
    assert sum(e["optional"] for e in data["edges"]) == sum(e.strength == "optional" for e in bundled.edges)
    grouped = [e for e in data["edges"] if e["reason"].startswith("any one of ")]
    assert len(grouped) == sum(len(e.choices) for e in bundled.edges if e.is_group)


def test_graph_options_of_a_plan_need_a_goal(runner):
    result = run(runner, "graph", "--optional")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --optional and --whole-books apply only with --goal (the whole catalog shows every edge)\n"
    )


def test_graph_svg_is_well_formed_with_a_box_per_book(runner, bundled):
    result = run(runner, "graph", "--format", "svg")
    assert result.exit_code == 0
    root = ET.fromstring(result.stdout)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{ns}svg"
    assert len(root.findall(f"./{ns}g/{ns}rect")) == len(bundled.books)
    assert len(root.findall(f"./{ns}g/{ns}path")) == sum(len(e.choices) for e in bundled.edges)
    dashed = root.findall(f"./{ns}g/{ns}path[@stroke-dasharray]")
    assert len(dashed) == sum(len(e.choices) for e in bundled.edges if e.strength == "optional")


NASTY = 'Quotes " and \\ back<slash> & #hash `tick` |pipe| ]]> \x01\nnext line'


def nasty_view() -> GraphView:
    return GraphView(
        NASTY,
        (Node("a", NASTY, 90, True), Node("end", "Plain", 30, False)),
        (Link("a", "end", "1-2", True, NASTY),),
    )


def test_dot_escapes_every_text():
    assert dot_quote(NASTY) == '"Quotes \\" and \\\\ back<slash> & #hash `tick` |pipe| ]]> next line"'
    text = to_dot(nasty_view())
    for line in text.splitlines()[1:-1]:
        # Every quoted string ends where it should: the unescaped quotes come in pairs.
        assert line.replace("\\\\", "").replace('\\"', "").count('"') % 2 == 0, line


def test_mermaid_escapes_labels_and_uses_safe_node_ids():
    assert mermaid_quote(NASTY) == (
        '"Quotes #quot; and \\ back#lt;slash#gt; #amp; #35;hash #96;tick#96; #124;pipe#124; ]]#gt; next line"'
    )
    text = to_mermaid(nasty_view())
    assert '  b0 -.->|"ch 1-2"| b1\n' in text  # 'end' is a Mermaid keyword: never used as a node id
    assert "\x01" not in text


def test_svg_escapes_every_text():
    root = ET.fromstring(to_svg(nasty_view()))
    texts = "".join(root.itertext())
    assert 'Quotes " and \\ back<slash> & #hash' in texts
    assert "\x01" not in texts


# --- validate ----------------------------------------------------------------------------


def test_validate_ok(runner, small):
    result = run(runner, "validate", "--catalog", small)
    assert result.exit_code == 0
    assert result.stdout == "ok: 3 books, 2 prerequisites, 1 goal\n"
    bundled = run(runner, "validate")
    assert bundled.stdout == "ok: 16 books, 20 prerequisites, 6 goals\n"


def test_validate_lists_every_problem_and_exits_3(runner, write_catalog):
    folder = write_catalog(
        SMALL_BOOKS.replace("hours: 3", "hours: 0"),
        SMALL_PREREQS.replace("before: alpha", "before: alhpa"),
    )
    result = run(runner, "validate", "--catalog", str(folder))
    assert result.exit_code == 3
    assert result.stderr == (
        "Error: the catalog has 2 problems:\n"
        f"  {folder}/books.yaml:20: book 'gamma': hours: input should be greater than 0 (got 0)\n"
        f"  {folder}/prereqs.yaml:2: prereqs[0] (alhpa -> beta): before: unknown book 'alhpa'"
        " (did you mean 'alpha'?)\n"
    )
    assert result.stdout == ""


def test_validate_json(runner, write_catalog, small):
    ok = json.loads(run(runner, "validate", "--catalog", small, "--json").stdout)
    assert ok == {
        "ok": True,
        "catalog": small,
        "books": 3,
        "prerequisites": 2,
        "goals": 1,
        "problems": [],
        "problems_not_listed": 0,
    }
    folder = write_catalog(SMALL_BOOKS.replace("pages: 100", "pages: -1"))
    result = run(runner, "validate", "--catalog", str(folder), "--json")
    assert result.exit_code == 3
    data = json.loads(result.stdout)
    assert data["ok"] is False
    assert data["problems"] == [
        {
            "file": f"{folder}/books.yaml",
            "line": 5,
            "entry": "book 'alpha'",
            "message": "pages: input should be greater than 0 (got -1)",
            "text": f"{folder}/books.yaml:5: book 'alpha': pages: input should be greater than 0 (got -1)",
        }
    ]


def test_validate_missing_folder(runner, tmp_path):
    result = run(runner, "validate", "--catalog", str(tmp_path / "none"))
    assert result.exit_code == 2
    assert result.stderr == f"Error: the catalog folder '{tmp_path / 'none'}' does not exist\n"


# --- schema ------------------------------------------------------------------------------


def test_schema_prints_all_three_files(runner):
    result = run(runner, "schema")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert list(data) == ["books", "prereqs", "goals"]
    assert data["books"]["title"] == "curriculum catalog: books.yaml"
    assert data["books"]["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert data["books"]["additionalProperties"] is False
    assert data["goals"]["$defs"]["Goal"]["required"] == ["id", "title", "targets"]


def test_schema_chapter_numbers_may_be_integers_or_text(runner):
    data = json.loads(run(runner, "schema", "--file", "prereqs").stdout)
    chapters = data["$defs"]["Edge"]["properties"]["chapters"]["items"]
    assert chapters["anyOf"] == [{"type": "string"}, {"type": "integer"}]


def test_schema_rejects_an_unknown_file(runner):
    result = run(runner, "schema", "--file", "authors")
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "Error: Invalid value for '--file': 'authors' is not one of 'books', 'prereqs', 'goals', 'cohort'.\n"
    )


# --- completion --------------------------------------------------------------------------


def complete(args: list[str], incomplete: str) -> list[str]:
    completer = ShellComplete(cli, {}, "curriculum", "_CURRICULUM_COMPLETE")
    return [item.value for item in completer.get_completions(args, incomplete)]


def test_completion_of_book_arguments_and_goal_options(bundled):
    assert complete(["show"], "dd") == ["ddia", "ddia-1e"]
    assert complete(["plan", "--know"], "ml") == ["ml-basics"]
    assert complete(["plan", "--prefer"], "ddia-") == ["ddia-1e"]
    assert complete(["why", "ddia", "--goal"], "ml-") == [
        "ml-system-design",
        "ml-foundations",
        "ml-interview",
        "ml-q-and-ai",
        "ml-pytorch-sklearn",
        "ml-system-design-interview",
    ]
    assert complete(["graph", "--goal"], "deep") == ["deep-learning"]


def test_completion_reads_the_catalog_given_before(small):
    assert complete(["show", "--catalog", small], "") == ["finish", "alpha", "beta", "gamma"]
    assert complete(["why", "alpha", "--catalog", small, "--goal"], "") == ["finish", "alpha", "beta", "gamma"]


def test_completion_never_fails(tmp_path):
    assert complete(["show", "--catalog", str(tmp_path / "none")], "") == []
    (tmp_path / "books.yaml").write_text("books: [", encoding="utf-8")
    assert complete(["show", "--catalog", str(tmp_path)], "") == []


def test_complete_ids_is_a_click_callback(small):
    import click

    ctx = click.Context(cli, info_name="curriculum")
    ctx.params["catalog_dir"] = small
    items = complete_ids(ctx, click.Option(["--goal"]), "f")
    assert [(i.value, i.help) for i in items] == [("finish", "Finish")]
