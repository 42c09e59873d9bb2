"""Regenerate the screenshots of the shipped model's brief in docs/ (``make screenshots``).

Writes the page with ``policyx brief --export``, opens it in headless Chromium (Debian's
package, driven by Playwright from the test extra) at 1280 and 390 px, and saves the first
screen and the timeline at each width. Needs ``chromium`` on the PATH (or POLICYX_CHROMIUM).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

DOCS = Path(__file__).resolve().parent
WIDTHS = {1280: 900, 390: 844}
FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-sync"]


def main() -> int:
    chromium = os.environ.get("POLICYX_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("screenshots: Chromium is not installed (apt-get install chromium)", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="policyx-") as scratch:
        page_path = Path(scratch) / "brief.html"
        policyx = Path(sys.executable).with_name("policyx")
        subprocess.run([str(policyx), "--no-cache", "brief", "--export", str(page_path)], check=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=FLAGS)
            for width, height in WIDTHS.items():
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(page_path.as_uri())
                page.screenshot(path=DOCS / f"brief-{width}.png")
                page.locator("#timeline").screenshot(path=DOCS / f"brief-timeline-{width}.png")
                page.close()
            browser.close()
    for name in sorted(DOCS.glob("brief-*.png")):
        print(f"wrote {name.relative_to(DOCS.parent)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
