"""BibTeX as LaTeX users paste it: fed to biber and biblatex, to BibTeX with plain, unsrt, apalike and
plainnat, and to pybtex. A URL must reach the PDF's link and page as it is, print once, no curator's
note may print, an entry without an author must have a key, and several records cited at once give
each source once. The LaTeX tests skip where TeX Live is not installed, and fail instead in CI
(.ci/run installs it)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import FIXTURE_YAML, Result

Run = Callable[..., Result]
URL = "https://example.org/azerbaijans_new_priority?utm=a%20b&x=1#sec~2"
NOTE = "The curator dates this from the almanac"
MODEL = FIXTURE_YAML.replace(
    "    author: A. Writer\n",
    f'    author: A. Writer\n    url: "{URL}"\n    note: "{NOTE}, 50% sure."\n',
    1,
).replace(
    "    title: Almanac of Landia\n",
    '    title: "Almanac of Landia: the 2019 edition (vol. 2)"\n    url: "https://example.org/alm_{x}\\\\y"\n',
    1,
)
REF_URL = "https://example.org/alm_%7Bx%7D%5Cy"
"""The reference's URL with the braces and backslash a BibTeX field cannot hold raw, percent-encoded."""


@pytest.fixture
def model(tmp_path: Path) -> Path:
    path = tmp_path / "m.yaml"
    path.write_text(MODEL, encoding="utf-8")
    return path


@pytest.fixture
def bib(run: Run, model: Path) -> str:
    result = run("cite", "speech-2018", "p18-trade", "art", "--format", "bibtex", data=model)
    assert (result.exit_code, result.stderr) == (0, "")
    return result.stdout


def test_bibtex_entries_as_latex_takes_them(bib: str) -> None:
    assert bib == (
        "@article{art,\n"
        "  author = {A. Writer},\n"
        "  title = {{Landia turns north}},\n"
        "  journal = {{Test Times}},\n"
        "  year = {2024},\n"
        "  month = {3},\n"
        f"  url = {{{URL}}}\n"
        "}\n"
        "\n"
        "@misc{ref,\n"
        "  key = {Almanac of Landia},\n"
        "  title = {{Almanac of Landia: the 2019 edition (vol. 2)}},\n"
        f"  url = {{{REF_URL}}}\n"
        "}\n"
    )


def test_several_records_cite_each_source_once(run: Run, model: Path) -> None:
    for fmt in ("bibtex", "csl-json"):
        many = run("cite", "speech-2018", "p18-trade", "ref", "--format", fmt, data=model).stdout
        every = run("cite", "--all", "--format", fmt, data=model).stdout
        assert many == every
    text = run("cite", "p18-trade", "ref", data=model).stdout
    assert text == run("cite", "p18-trade", data=model).stdout + "\n" + run("cite", "ref", data=model).stdout


def test_cite_needs_ids_or_all_but_not_both(run: Run) -> None:
    for args in ((), ("--all", "art")):
        result = run("cite", *args)
        assert result.exit_code == 2
        assert "name the records to cite, or give --all" in result.stderr


def test_pybtex_reads_the_entries_once_with_the_url_raw(bib: str) -> None:
    from pybtex.backends.plaintext import Backend
    from pybtex.database import parse_string
    from pybtex.style.formatting.plain import Style

    data = parse_string(bib, "bibtex")  # strict: a repeated entry would raise
    assert list(data.entries) == ["art", "ref"]
    assert data.entries["art"].fields["url"] == URL
    assert "note" not in data.entries["art"].fields and "howpublished" not in data.entries["art"].fields
    texts = [e.text.render(Backend()) for e in Style().format_entries(data.entries.values())]
    assert texts == [  # sorted as plain sorts, the reference by its key
        f"Almanac of Landia: the 2019 edition (vol. 2). URL: {REF_URL}.",
        f"A. Writer. Landia turns north. Test Times, 3 2024. URL: {URL}.",
    ]


# --------------------------------------------------------------------------- LaTeX


def _latex_missing(*needs: str) -> str | None:
    for tool in ("pdflatex", "pdftotext", "kpsewhich", *needs):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (.ci/run installs TeX Live, biber and poppler-utils)"
    return None


PREAMBLE = (
    "\\documentclass{article}\n\\usepackage[utf8]{inputenc}\n"
    "\\pdfpagewidth=60cm \\paperwidth=60cm \\textwidth=55cm \\hoffset=-2cm\n"  # one line for each entry
    "\\pdfcompresslevel=0 \\pdfobjcompresslevel=0\n"  # the links readable in the PDF
)


def _latex(folder: Path, tex: str, steps: list[list[str]]) -> tuple[str, str, list[str]]:
    """Build ``doc.tex``; return what the PDF says, the logs of the bibliography tool, and its links."""
    (folder / "doc.tex").write_text(tex, encoding="utf-8")
    logs = []
    for step in steps:
        done = subprocess.run(step, cwd=folder, capture_output=True, text=True, timeout=120)
        assert done.returncode in (0, 1) if step[0] == "bibtex" else done.returncode == 0, done.stdout[-3000:]
        logs.append(done.stdout)
    text = subprocess.run(["pdftotext", "-raw", "doc.pdf", "-"], cwd=folder, capture_output=True, text=True).stdout
    links = re.findall(rb"/URI\((.*?)\)>>", (folder / "doc.pdf").read_bytes())
    return text, "\n".join(logs), [link.decode() for link in links]


def _skip(reason: str) -> None:
    """Skip where TeX Live is not installed; in CI, which installs it, fail instead."""
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def _kpse(name: str) -> bool:
    return subprocess.run(["kpsewhich", name], capture_output=True).returncode == 0


@pytest.mark.slow
@pytest.mark.subprocess
def test_biber_and_biblatex_print_the_url_once_and_no_note(bib: str, tmp_path: Path) -> None:
    missing = _latex_missing("biber")
    if missing or not _kpse("biblatex.sty"):
        _skip(missing or "biblatex is not installed (Debian: texlive-bibtex-extra)")
    (tmp_path / "refs.bib").write_text(bib, encoding="utf-8")
    tex = (
        PREAMBLE + "\\usepackage[backend=biber,style=authoryear]{biblatex}\n\\usepackage{hyperref}\n"
        "\\addbibresource{refs.bib}\n\\begin{document}\n\\nocite{*}\n\\printbibliography\n\\end{document}\n"
    )
    pdflatex = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"]
    text, _, links = _latex(tmp_path, tex, [pdflatex, ["biber", "doc"], pdflatex])
    blg = (tmp_path / "doc.blg").read_text(encoding="utf-8")
    assert "WARN" not in blg and "ERROR" not in blg, blg
    assert sorted(links) == sorted([URL, REF_URL])  # the links go where the source is
    flat = text.replace("\n", " ")
    assert flat.count(URL) == 1 and flat.count(REF_URL) == 1, text  # printed as it is, once
    assert NOTE not in flat
    assert "Almanac of Landia" in flat


@pytest.mark.slow
@pytest.mark.subprocess
@pytest.mark.parametrize("style", ["plain", "unsrt", "apalike", "plainnat"])
def test_bibtex_styles_need_no_author_or_key_and_print_no_note(bib: str, tmp_path: Path, style: str) -> None:
    missing = _latex_missing("bibtex")
    if missing:
        _skip(missing)
    (tmp_path / "refs.bib").write_text(bib, encoding="utf-8")
    packages = {"apalike": "\\usepackage{apalike}\n", "plainnat": "\\usepackage{natbib}\n"}.get(style, "")
    tex = (
        PREAMBLE + packages + "\\usepackage{url}\n\\usepackage{hyperref}\n\\begin{document}\n\\nocite{*}\n"
        f"\\bibliographystyle{{{style}}}\n\\bibliography{{refs}}\n\\end{{document}}\n"
    )
    pdflatex = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"]
    text, log, links = _latex(tmp_path, tex, [pdflatex, ["bibtex", "doc"], pdflatex, pdflatex])
    warnings = [line for line in log.splitlines() if line.startswith("Warning--")]
    # A reference has no date to give: apalike asks for a year, nothing else may be missing.
    assert [w for w in warnings if not w.startswith("Warning--empty year in ref")] == []
    assert "Error" not in log
    flat = text.replace("\n", " ")
    assert NOTE not in flat
    assert "[ref" not in flat and ", a]" not in flat  # no label made from the entry's id
    if style == "plainnat":  # the one of these that prints URLs: as they are, once, linked
        assert flat.count(URL) == 1 and flat.count(REF_URL) == 1, text
        assert sorted(links) == sorted([URL, REF_URL])
    if style == "apalike":
        assert "Almanac of Landia" in flat.split("Almanac of Landia: the 2019")[0]  # labelled by its key


# --------------------------------------------------------------------------- hostile text

INJECTIONS = [
    "} , note = {injected",
    "}}, note = {injected}, x = {",
    "a \\} , note = {injected",
    "{ unbalanced",
    "unbalanced }",
    "}}}}",
    "@misc{evil, title = {x}}",
    "50% & $5 #1 a_b ~ ^ \\ {}",
]


def _hostile_bib(run: Run, tmp_path: Path, text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    model = FIXTURE_YAML
    for field in ("title: Landia turns north", "outlet: Test Times", "title: Almanac of Landia"):
        key, _, value = field.partition(": ")
        model = model.replace(f"    {field}\n", f'    {key}: "{value} {escaped}"\n', 1)
    path = tmp_path / "hostile.yaml"
    path.write_text(model, encoding="utf-8")
    result = run("cite", "--all", "--format", "bibtex", data=path)
    assert (result.exit_code, result.stderr) == (0, "")
    return result.stdout


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


@pytest.mark.parametrize("text", INJECTIONS)
def test_no_text_adds_a_field_or_an_entry(run: Run, tmp_path: Path, text: str) -> None:
    from pybtex.database import parse_string

    bib = _hostile_bib(run, tmp_path, text)
    data = parse_string(bib, "bibtex")  # strict: a stray entry or repeated field would raise
    assert list(data.entries) == ["art", "ref"]
    assert sorted(data.entries["art"].fields) == ["journal", "month", "title", "year"]
    assert sorted(data.entries["ref"].fields) == ["key", "title"]
    assert [str(p) for p in data.entries["art"].persons["author"]] == ["Writer, A."]
    for entry in data.entries.values():
        for value in entry.fields.values():
            assert _balanced(value), value
            assert "\\{" not in value and "\\}" not in value  # a brace is \textbraceleft{}, never \{
    assert "injected" not in str(data.entries["art"].fields.get("note", ""))


@pytest.mark.slow
@pytest.mark.subprocess
def test_latex_prints_every_hostile_character_as_it_is(run: Run, tmp_path: Path) -> None:
    missing = _latex_missing("bibtex")
    if missing:
        _skip(missing)
    text = "} , note = {x}, a{b}c {\\}} 50% & $5 #1 a_b ~"
    (tmp_path / "refs.bib").write_text(_hostile_bib(run, tmp_path, text), encoding="utf-8")
    tex = (
        PREAMBLE + "\\usepackage[T1]{fontenc}\n\\begin{document}\n\\nocite{*}\n"
        "\\bibliographystyle{plain}\n\\bibliography{refs}\n\\end{document}\n"
    )
    pdflatex = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"]
    shown, log, _ = _latex(tmp_path, tex, [pdflatex, ["bibtex", "doc"], pdflatex])
    assert "Error" not in log and "Warning--" not in log.replace("Warning--empty year in ref", "")
    flat = shown.replace("\n", " ")
    assert f"Landia turns north {text}." in flat and f"Test Times {text}, 3 2024." in flat, flat
