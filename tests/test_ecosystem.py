"""Hand-over to other tools: Graphviz, Mermaid, SQLite, exports to files, citations, pre-commit."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from .conftest import FIXTURE_YAML, Result

Run = Callable[..., Result]
ROOT = Path(__file__).resolve().parent.parent


# --------------------------------------------------------------------------- graph


def test_graph_dot(run: Run) -> None:
    assert run("graph").stdout == (
        "digraph policyx {\n"
        '  graph [rankdir=LR, fontname="Helvetica", labelloc=t,\n'
        '         overlap=false, splines=true, sep="+12", nodesep=0.4, ranksep=0.8,\n'
        '         label=<<TABLE BORDER="0" CELLBORDER="0" CELLPADDING="1">\n'
        "           <TR><TD>Relations</TD></TR>\n"
        '           <TR><TD><TABLE BORDER="0" CELLSPACING="4"><TR><TD><FONT POINT-SIZE="9">state: box</FONT></TD>'
        '<TD><FONT POINT-SIZE="9">organisation: ellipse</FONT></TD></TR></TABLE></TD></TR>\n'
        '           <TR><TD><TABLE BORDER="0" CELLSPACING="4"><TR><TD><FONT POINT-SIZE="9" COLOR="#2e7d32">'
        'cooperative: solid</FONT></TD><TD><FONT POINT-SIZE="9" COLOR="#757575">neutral: dotted</FONT></TD>'
        '<TD><FONT POINT-SIZE="9" COLOR="#c62828">conflictual: dashed</FONT></TD></TR></TABLE></TD></TR>\n'
        "         </TABLE>>];\n"
        '  node [fontname="Helvetica", fontsize=11];\n'
        '  edge [fontname="Helvetica", fontsize=9, decorate=true];\n'
        '  "land" [label="Landia", shape=box];\n'
        '  "bloc" [label="Northern Bloc", shape=ellipse];\n'
        '  "rival" [label="Rivalia", shape=box];\n'
        '  "land" -> "bloc" [label="alignment +8", style=solid, color="#2e7d32", fontcolor="#2e7d32", penwidth=3.00];\n'
        '  "rival" -> "land" [label="pressure -4", style=dashed, color="#c62828", fontcolor="#c62828", '
        "penwidth=2.00];\n"
        '  "land" -> "rival" [label="war -10", style=dashed, color="#c62828", fontcolor="#c62828", '
        "penwidth=3.50, dir=both];\n"
        "}\n"
    )


def test_graph_neighbourhood_depth_and_date(run: Run) -> None:
    one = json.loads(run("graph", "--actor", "bloc", "--format", "json").stdout)
    assert [n["id"] for n in one["nodes"]] == ["land", "bloc"]
    assert [e["id"] for e in one["edges"]] == ["r-land-bloc"]
    assert one["edges"][0]["tone"] == "cooperative"
    two = json.loads(run("graph", "--actor", "bloc", "--depth", "2", "--format", "json").stdout)
    assert [n["id"] for n in two["nodes"]] == ["land", "bloc", "rival"]
    dated = json.loads(run("graph", "--as-of", "2020-10", "--format", "json").stdout)
    assert [e["id"] for e in dated["edges"]] == ["r-rival-land", "r-war"]
    assert dated["title"] == "Relations as of 2020-10"


def test_graph_mermaid(run: Run) -> None:
    assert run("graph", "--format", "mermaid").stdout == (
        "flowchart LR\n"
        "  %% Relations\n"
        '  n0["Landia"]\n'
        '  n1(["Northern Bloc"])\n'
        '  n2["Rivalia"]\n'
        '  n0 -->|"alignment +8"| n1\n'
        '  n2 -->|"pressure -4"| n0\n'
        '  n0 <-->|"war -10"| n2\n'
        "  linkStyle 0 stroke:#2e7d32,stroke-width:2px\n"
        "  linkStyle 1 stroke:#c62828,stroke-width:2px,stroke-dasharray:6 4\n"
        "  linkStyle 2 stroke:#c62828,stroke-width:2px,stroke-dasharray:6 4\n"
    )


@pytest.mark.skipif(
    shutil.which("dot") is None and not os.environ.get("CI"), reason="Graphviz is not installed (.ci/run installs it)"
)
def test_graphviz_renders_the_dot(run: Run, tmp_path: Path) -> None:
    dot = run("graph").stdout
    done = subprocess.run(["dot", "-Tsvg"], input=dot, capture_output=True, text=True, timeout=60, check=True)
    svg = done.stdout
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert "Landia" in svg and "Northern Bloc" in svg and "alignment +8" in svg
    assert 'stroke-dasharray="5,2"' in svg  # conflictual edges are dashed, not only red


def test_graph_labels_are_escaped(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "quoted.yaml"
    path.write_text(FIXTURE_YAML.replace("    name: Rivalia\n", "    name: 'Riv \"the\" \\ ]'\n"), encoding="utf-8")
    dot = run("graph", data=path).stdout
    assert '"rival" [label="Riv \\"the\\" \\\\ ]", shape=box];' in dot
    mermaid = run("graph", "--format", "mermaid", data=path).stdout
    assert '  n2["Riv #quot;the#quot; \\ ]"]\n' in mermaid


# --------------------------------------------------------------------------- --export views


@pytest.mark.parametrize("suffix", [".svg", ".html", ".txt"])
def test_export_view(run: Run, tmp_path: Path, suffix: str) -> None:
    target = tmp_path / f"compare{suffix}"
    result = run("compare", "2018", "2024", "--export", str(target))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", f"wrote {target}\n")
    text = target.read_text(encoding="utf-8")
    assert "Ties with the Northern Bloc" in text.replace("&#160;", " ").replace("\xa0", " ")
    if suffix == ".txt":  # the picture of a 100-column terminal, without colour or trailing blanks
        shown = run("--no-color", "compare", "2018", "2024", terminal=True, env={"COLUMNS": "100"}).stdout
        assert text == "".join(line.rstrip() + "\n" for line in shown.splitlines())
    if suffix == ".svg":
        assert text.startswith("<svg") and "</svg>" in text


def test_export_txt_is_exact(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "themes.txt"
    result = run("themes", "--export", str(target))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", f"wrote {target}\n")
    assert target.read_text(encoding="utf-8") == (
        "Themes\n"
        "\n"
        "  id      name    priorities   events   quotes   claims\n"
        " " + "─" * 55 + "\n"
        "  unity   Unity            2        1        1        0\n"
        "  trade   Trade            1        1        0        0\n"
        "\n"
    )


@pytest.mark.parametrize("fmt", ["svg", "html", "txt"])
def test_export_file_is_what_the_writer_writes(run: Run, tmp_path: Path, model_file: Path, fmt: str) -> None:
    import io

    import policyx
    import policyx.output

    target = tmp_path / f"themes.{fmt}"
    result = run("themes", "--export", str(target))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", f"wrote {target}\n")
    view = policyx.queries.themes(policyx.Index(policyx.load(model_file)))
    buffer = io.StringIO()
    assert policyx.output.write("view", fmt, view, policyx.output.Settings(), out=buffer) is None
    assert target.read_text(encoding="utf-8") == buffer.getvalue()


def test_export_refuses_an_existing_file_and_replaces_it_with_force(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "themes.svg"
    target.write_text("mine", encoding="utf-8")
    result = run("themes", "--export", str(target))
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        f"policyx: {target} exists; use --force to replace it\n",
    )
    assert target.read_text(encoding="utf-8") == "mine"
    result = run("themes", "--export", str(target), "--force")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", f"wrote {target}\n")
    assert target.read_text(encoding="utf-8").startswith("<svg")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("themes")) == ["themes.svg"]


def test_export_of_an_empty_view_writes_nothing(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "none.svg"
    result = run("search", "zebra", "--export", str(target))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "No search match.\n")
    assert not target.exists()


def test_export_never_overwrites_without_force(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "view.txt"
    target.write_text("mine", encoding="utf-8")
    result = run("actors", "--export", str(target))
    assert (result.exit_code, result.stderr) == (1, f"policyx: {target} exists; use --force to replace it\n")
    assert target.read_text(encoding="utf-8") == "mine"
    assert run("actors", "--export", str(target), "--force").exit_code == 0
    assert "Northern Bloc" in target.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_export_rejects_unknown_extensions(run: Run, tmp_path: Path) -> None:
    result = run("actors", "--export", str(tmp_path / "view.pdf"))
    assert (result.exit_code, result.stderr) == (
        2,
        f"policyx: {tmp_path / 'view.pdf'} must end in one of .json, .jsonl, .csv, .tsv, .yaml, .markdown, .svg, "
        ".html, .txt, .md, .yml, or the format be chosen with --format\n",
    )


# --------------------------------------------------------------------------- export files and SQLite


def test_export_json_to_a_file(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "model.json"
    assert run("export", str(target)).exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8")) == json.loads(run("export").stdout)
    assert run("export", str(target)).exit_code == 1


def test_sqlite_export(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "policy.db"
    result = run("export", "--format", "sqlite", str(target))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", f"wrote {target}\n")
    db = sqlite3.connect(target)
    db.execute("PRAGMA foreign_keys = ON")
    counts = {
        t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("sources", "actors", "relations", "priorities")
    }
    assert counts == {"sources": 2, "actors": 4, "relations": 3, "priorities": 4}
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute(
        "SELECT r.id, a.name FROM relations r JOIN actors a ON a.id = r.to_actor "
        "WHERE r.from_actor = 'land' ORDER BY r.id"
    ).fetchall() == [("r-land-bloc", "Northern Bloc"), ("r-war", "Rivalia")]
    assert db.execute(
        "SELECT record_type, record_id FROM excerpts WHERE rowid IN "
        "(SELECT rowid FROM excerpts_fts WHERE excerpts_fts MATCH 'family')"
    ).fetchall() == [("quote", "q-family"), ("quote", "q-family")]
    assert db.execute("SELECT alias FROM actor_aliases WHERE actor_id = 'bloc' ORDER BY position").fetchall() == [
        ("NB",),
        ("Northern Union",),
    ]
    assert db.execute("SELECT precision FROM events WHERE id = 'e-summit'").fetchone() == ("year",)
    indexes = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"relations_from", "relations_to", "priority_actors_actor"} <= indexes
    with pytest.raises(sqlite3.IntegrityError):  # the foreign keys are real
        db.execute("INSERT INTO event_actors VALUES ('e-war', 9, 'nobody')")
    db.close()


def test_sqlite_export_needs_a_file_and_keeps_existing_ones(run: Run, tmp_path: Path) -> None:
    assert run("export", "--format", "sqlite").exit_code == 2
    target = tmp_path / "policy.db"
    target.write_bytes(b"precious")
    assert run("export", "--format", "sqlite", str(target)).exit_code == 1
    assert target.read_bytes() == b"precious"
    assert run("export", "--format", "sqlite", str(target), "--force").exit_code == 0
    assert sqlite3.connect(target).execute("SELECT count(*) FROM quotes").fetchone() == (1,)


# --------------------------------------------------------------------------- many files


def test_folder_model_with_cross_file_references(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "model"
    folder.mkdir()
    head, rest = FIXTURE_YAML.split("relations:\n")
    (folder / "a.yaml").write_text(head, encoding="utf-8")
    (folder / "b.yaml").write_text("schema_version: 1\nrelations:\n" + rest, encoding="utf-8")
    (folder / "notes.txt").write_text("not a model file", encoding="utf-8")
    assert run("relations", "--fields", "id", data=folder).stdout == "r-land-bloc\nr-rival-land\nr-war\n"
    result = run("validate", data=folder)
    assert result.stdout == (
        f"ok: {folder / 'a.yaml'}: 2 sources, 2 themes, 4 actors, 2 addresses, 4 priorities, "
        "0 relations, 0 events, 0 quotes\n"
        f"ok: {folder / 'b.yaml'}: 0 sources, 0 themes, 0 actors, 0 addresses, 0 priorities, "
        "3 relations, 3 events, 1 quote\n"
        f"ok: {folder} (schema 1): 2 sources, 2 themes, 4 actors, 2 addresses, 4 priorities, "
        "3 relations, 3 events, 1 quote\n"
    )


def test_duplicate_ids_across_files_name_both(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "a.yaml").write_text(FIXTURE_YAML, encoding="utf-8")
    extra = (
        "schema_version: 1\nthemes:\n  - id: trade\n    name: T\n    description: D\n"
        "    source: art\n    evidence: E\n    basis: stated\n"
    )
    (folder / "b.yaml").write_text(extra, encoding="utf-8")
    result = run("validate", data=folder)
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == f"{folder / 'b.yaml'}:3:9: duplicate id 'trade' (first at {folder / 'a.yaml'}:19)\n"


# --------------------------------------------------------------------------- citations


def test_cite_text(run: Run) -> None:
    assert run("cite", "speech-2018").stdout == (
        "speech-2018 (address, basis: context)\n"
        "  evidence: “In 2018 she spoke of trade”\n"
        "  note: Day from the almanac.\n"
        "  source: A. Writer, “Landia turns north”, Test Times, 2024-03.\n"
        "  reference: “Almanac of Landia”.\n"
    )


def test_cite_bibtex(run: Run) -> None:
    assert run("cite", "p24-bloc", "--format", "bibtex").stdout == (
        "@article{art,\n"
        "  author = {A. Writer},\n"
        "  title = {{Landia turns north}},\n"
        "  journal = {{Test Times}},\n"
        "  year = {2024},\n"
        "  month = {3}\n"
        "}\n"
    )


def test_cite_unknown(run: Run) -> None:
    result = run("cite", "p24-blok")
    assert (result.exit_code, result.stderr) == (4, "policyx: no record 'p24-blok' (did you mean 'p24-bloc'?)\n")


# --------------------------------------------------------------------------- pre-commit and python -m


@pytest.mark.slow  # measured at 0.4 s or more: not in the inner loop
def test_pre_commit_hooks(tmp_path: Path, model_file: Path) -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    ids = ["policyx-validate", "policyx-validate-folder", "policyx-verify", "policyx-coverage"]
    assert [h["id"] for h in hooks] == ids
    for hook in hooks:
        assert {"id", "name", "entry", "language"} <= set(hook)
        assert hook["language"] == "python"
        assert hook["entry"].startswith("policyx " + hook["id"].split("-")[1])
    pattern = re.compile(hooks[0]["files"])
    assert pattern.search("data/policy.yaml") and pattern.search("models/azerbaijan.policy.yml")
    assert not pattern.search(".pre-commit-config.yaml")
    command = [sys.executable, "-m", "policyx", *hooks[0]["entry"].split()[1:]]
    assert subprocess.run([*command, str(model_file)], capture_output=True, timeout=60).returncode == 0
    broken = tmp_path / "broken.policy.yaml"
    broken.write_text(FIXTURE_YAML.replace("    name: Landia\n", ""), encoding="utf-8")
    done = subprocess.run([*command, str(model_file), str(broken)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 3
    assert done.stderr == f"{broken}:26:5: actors[0]: missing required field 'name'\n"


@pytest.mark.slow  # measured at 0.4 s or more: not in the inner loop
def test_the_verify_and_coverage_hooks(tmp_path: Path, model_file: Path, source_file: Path) -> None:
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}

    def hook(name: str, *args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "policyx", *hooks[name]["entry"].split()[1:], *args]
        return subprocess.run(command, capture_output=True, text=True, timeout=60)

    assert hook("policyx-verify", "--data", str(model_file), "--source", str(source_file)).returncode == 0
    assert hook("policyx-coverage", "--data", str(model_file), str(source_file), "--min", "80").returncode == 0
    low = hook("policyx-coverage", "--data", str(model_file), str(source_file), "--min", "90")
    assert (low.returncode, low.stderr) == (5, "policyx: 80.0% of the sentences are covered, below --min 90\n")
    typo = tmp_path / "typo.yaml"
    typo.write_text(FIXTURE_YAML.replace('"war with Rivalia"', '"war on Rivalia"', 1), encoding="utf-8")
    missed = hook("policyx-verify", "--data", str(typo), "--source", str(source_file))
    assert missed.returncode == 3 and missed.stderr.startswith(f"{typo}:55:15: rival (evidence) not found")


def test_python_dash_m(model_file: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "policyx", "--data", str(model_file), "actors", "--fields", "id"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stdout) == (0, "land\nbloc\nleader\nrival\n")


def test_a_failed_export_leaves_nothing_behind(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from policyx.output import sqlite as tosqlite

    def broken(db: object, model: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(tosqlite, "_fill", broken)
    target = tmp_path / "out" / "policy.db"
    target.parent.mkdir()
    result = run("export", "--format", "sqlite", str(target))
    assert result.exit_code == 1
    assert "disk full" in result.stderr
    assert list(target.parent.iterdir()) == []


def test_verify_reports_per_file(run: Run, tmp_path: Path, source_file: Path) -> None:
    folder = tmp_path / "model"
    folder.mkdir()
    head, rest = FIXTURE_YAML.split("relations:\n")
    (folder / "a.yaml").write_text(head, encoding="utf-8")
    (folder / "b.yaml").write_text("schema_version: 1\nrelations:\n" + rest, encoding="utf-8")
    result = run("verify", "--source", str(source_file), data=folder)
    assert result.stdout == (
        f"ok: {folder / 'a.yaml'}: 12 excerpts from art found in {source_file}\n"
        f"ok: {folder / 'b.yaml'}: 8 excerpts from art found in {source_file}\n"
        f"ok: 20 excerpts from art found in {source_file}\n"
    )
