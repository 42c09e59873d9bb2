"""The brief's page in a real browser: headless Chromium (Debian's package) driven by Playwright, at
desktop (1280 px) and phone (390 px) widths. From the rendered DOM: every section and every cited
excerpt is there, nothing overflows horizontally, no script ran and the page asked for nothing
but itself. Skips, saying why, where Chromium or Playwright is missing or Chromium cannot start;
with POLICYX_REQUIRE_BROWSER set (as CI sets it), a Chromium that cannot start fails instead."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from policyx import brief, brief_data
from policyx.loader import load, shipped_model_path
from policyx.lookup import Index
from policyx.output import brief_page
from policyx.output.text import clean
from policyx.output.wording import why_lead

from .test_brief import PAYLOADS, hostile, sections, write_model

SHOWN_POLICIES = ["putting the OTS first"]
"""The policies in general the shipped brief's first reasons rest on, by their names in the model."""

WIDTHS = [1280, 390]
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    const out = box.right > width + 0.5 || box.left < -0.5;
    if (box.width && out) wide.push(el.tagName + ' ' + (el.id || el.className));
  }
  return {scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 5)};
}"""


def chromium() -> str | None:
    return os.environ.get("POLICYX_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    required = bool(os.environ.get("POLICYX_REQUIRE_BROWSER"))
    executable = chromium()
    if executable is None:
        (pytest.fail if required else pytest.skip)("Chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        (pytest.fail if required else pytest.skip)("Playwright is not installed (pip install -e '.[test]')")
    from playwright.sync_api import Error

    with sync_playwright() as p:
        try:
            launched = p.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        except Error as err:  # a Chromium that cannot start here (a snap wrapper, a version Playwright refuses)
            if required:
                raise
            pytest.skip(f"Chromium at {executable} does not start: {str(err).splitlines()[0]}")
        yield launched
        launched.close()


def open_page(browser: Any, path: Path, width: int) -> tuple[Any, list[str], list[str]]:
    """The page loaded at a width; every request it made, and every dialog a script would have opened."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    requests: list[str] = []
    dialogs: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.route("**/*", lambda route: route.continue_() if route.request.url == path.as_uri() else route.abort())
    page.goto(path.as_uri(), wait_until="load")
    return page, requests, dialogs


def fits(page: Any) -> None:
    """Nothing past the viewport's width."""
    layout = page.evaluate(OVERFLOW)
    assert layout["scroll"] <= layout["width"], layout
    assert layout["wide"] == [], layout


def check(page: Any, requests: list[str], dialogs: list[str], path: Path, b: brief_data.Brief) -> None:
    """Every section's heading shown, nothing too wide with the long sections folded or open, every
    excerpt once they are open, and no request or dialog. A link to a note opens its fold; in print,
    every fold is open."""
    shown = page.eval_on_selector_all("main > section", "els => els.map(e => e.id)")
    assert shown == sections(b)
    for section in shown:
        assert page.locator(f"#{section} h2").is_visible(), section
    for part in ("#changed", "#timeline svg"):
        assert page.locator(part).is_visible(), part
    fits(page)
    folded = page.locator("details:not([open])")
    assert folded.count() >= 4  # the chain, the events, the relations' table, the notes
    link = page.locator('a[href^="#note-"]:visible').last  # a note cited on the open page, folded away
    note = page.locator(link.get_attribute("href"))
    assert not note.is_visible()
    page.emulate_media(media="print")
    assert note.is_visible()  # printed open
    page.emulate_media(media="screen")
    link.click()  # following a note's link opens its fold and shows it
    assert note.is_visible() and note.evaluate(
        "el => { const box = el.getBoundingClientRect(); return box.top > -1 && box.top < innerHeight; }"
    )
    for fold in page.locator("details").all():  # opened as a reader does, by clicking each summary
        if not fold.evaluate("el => el.open"):
            fold.locator("summary").first.click()
    assert page.locator("details:not([open])").count() == 0
    for note in b.notes:
        shown = page.locator(f"#note-{note.number} q").inner_text()
        assert " ".join(shown.split()) == " ".join(clean(note.evidence).split()), note.id
    for cause in b.causes:
        assert page.locator("#causes").inner_text().count(" ".join(clean(cause.evidence).split()))
    fits(page)
    assert requests == [path.as_uri()], requests
    assert dialogs == []


@pytest.mark.parametrize("width", WIDTHS)
def test_the_shipped_brief_in_chromium(browser: Any, tmp_path: Path, width: int) -> None:
    b = brief.build(Index(load(shipped_model_path(), use_cache=False)))
    path = tmp_path / "brief.html"
    path.write_text(brief_page.render_html(b, picture=brief_page.graph_svg(b)), encoding="utf-8")
    page, requests, dialogs = open_page(browser, path, width)
    height = page.evaluate("document.documentElement.scrollHeight")
    changed = page.locator("#changed").bounding_box()
    top = page.locator("#summary").inner_text()
    assert page.locator("#why").bounding_box()["y"] < (900 if width == 1280 else 2 * 900)
    check(page, requests, dialogs, path, b)
    if width == 1280:  # what changed, named, on the first screen; the long sections folded
        assert changed["y"] + changed["height"] <= 900, changed
        assert height <= 7000, height
    else:  # near the top on a phone
        assert changed["y"] <= 1.5 * 900, changed
    assert page.title() == "What changed, and why: 2018 inauguration address \u2192 2024 inauguration address"
    model = load(shipped_model_path(), use_cache=False)
    flat = " ".join(top.split())
    for address in model.addresses:  # every priority and every example named at the top
        for pri in address.priorities:
            assert pri.title in flat, pri.title
    assert f"{why_lead('inferred', 'read', 2024, SHOWN_POLICIES)}." in flat  # the terminal's words
    assert "Cavid Veliyev's point; linked by the curator" in flat
    hedges = ("above all other international affiliations", "does not imply isolation")
    assert all(hedge in flat for hedge in hedges)  # the source's qualifications both ways, together
    assert "that it concerns this address is the curator's reading" in flat
    assert top.count("Our family") == 0
    assert "Our family is the Turkic world" in page.locator("#quotes").inner_text()
    page.emulate_media(media="print")  # the print styles lay the same page out without overflow too
    fits(page)
    page.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_a_hostile_brief_in_chromium(browser: Any, tmp_path: Path, width: int, payload: str) -> None:
    model = write_model(tmp_path / "hostile.yaml", hostile(payload))
    b = brief.build(Index(load(model, use_cache=False)))
    path = tmp_path / "brief.html"
    path.write_text(brief_page.render_html(b, picture=brief_page.graph_svg(b)), encoding="utf-8")
    page, requests, dialogs = open_page(browser, path, width)
    check(page, requests, dialogs, path, b)
    assert page.evaluate("document.querySelectorAll('script, img, iframe, object, embed').length") == 0
    page.close()


# --------------------------------------------------------------------------- coverage's page


def coverage_page_of(tmp_path: Path, model: Path, text: str) -> tuple[Path, Any]:
    from policyx.coverage import coverage
    from policyx.output import coverage_page

    cov = coverage(load(model, use_cache=False), text, "source.txt")
    path = tmp_path / "coverage.html"
    path.write_text(coverage_page.render_html(cov), encoding="utf-8")
    return path, cov


def check_coverage(page: Any, requests: list[str], dialogs: list[str], path: Path, cov: Any) -> None:
    """Every sentence shown, the uncovered ones highlighted, every link landing on the page; no
    script ran, nothing was asked for, nothing too wide."""
    fits(page)
    for s in cov.sentences:
        shown = " ".join(page.locator(f"#s-{s.sentence.number}").inner_text().split())
        assert shown == " ".join(clean(s.sentence.text).split()), s.sentence.number
        tag = page.locator(f"#s-{s.sentence.number}").evaluate("el => el.tagName")
        assert tag == ("MARK" if not s.records else "SPAN")
    link = page.locator("a.covered").first
    target = link.get_attribute("href")
    link.click()
    assert page.evaluate("location.hash") == target and page.locator(target).is_visible()
    assert page.evaluate("document.querySelectorAll('script, img, iframe, object, embed, link').length") == 0
    assert requests == [path.as_uri()], requests
    assert dialogs == []


@pytest.mark.parametrize("width", WIDTHS)
def test_the_coverage_page_in_chromium(browser: Any, tmp_path: Path, width: int) -> None:
    from .conftest import FIXTURE_SOURCE, FIXTURE_YAML

    model = tmp_path / "model.yaml"
    model.write_text(FIXTURE_YAML, encoding="utf-8")
    path, cov = coverage_page_of(tmp_path, model, FIXTURE_SOURCE)
    page, requests, dialogs = open_page(browser, path, width)
    check_coverage(page, requests, dialogs, path, cov)
    assert page.title() == "Coverage of source.txt (source art)"
    page.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_a_hostile_coverage_page_in_chromium(browser: Any, tmp_path: Path, width: int, payload: str) -> None:
    from .conftest import FIXTURE_SOURCE

    model = write_model(tmp_path / "hostile.yaml", hostile(payload))
    text = f"Landia turns north {payload}\n\n" + FIXTURE_SOURCE.split("\n", 2)[2] + f"\n\n{payload}\n"
    path, cov = coverage_page_of(tmp_path, model, text)
    page, requests, dialogs = open_page(browser, path, width)
    check_coverage(page, requests, dialogs, path, cov)
    page.close()
