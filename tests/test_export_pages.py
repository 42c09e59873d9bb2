"""The pictures ``--export`` writes (SVG and HTML) opened in headless Chromium, every request recorded:
a picture asks for nothing but itself (no web font from a CDN, no stylesheet), and shows the table.
The same Chromium as the brief's page (tests/test_browser.py), skipping or failing as it does."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .conftest import Result
from .test_browser import browser  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.slow, pytest.mark.browser]
Run = Callable[..., Result]
ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("suffix", ["svg", "html"])
@pytest.mark.parametrize("args", [("compare", "2018", "2024"), ("relations", "--actor", "ots")], ids=" ".join)
def test_an_export_opens_with_no_outside_request(
    run: Run,
    browser: Any,  # noqa: F811
    tmp_path: Path,
    suffix: str,
    args: tuple[str, ...],
) -> None:
    target = tmp_path / f"picture.{suffix}"
    result = run(*args, "--export", str(target), data=ROOT / "data" / "policy.yaml")
    assert (result.exit_code, result.stderr) == (0, f"wrote {target}\n")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.route("**/*", lambda route: route.continue_() if route.request.url == target.as_uri() else route.abort())
    page.goto(target.as_uri())
    page.wait_for_load_state("networkidle")
    shown = page.evaluate("() => document.documentElement.textContent").replace("\xa0", " ")
    fonts = page.evaluate("() => [...document.fonts].map(f => f.family)")
    page.close()
    assert requests == [target.as_uri()], requests
    assert fonts == []  # no @font-face: the system's monospace fonts
    assert ("alignment" if "relations" in args else "Turkic") in shown.replace("\n", "")
