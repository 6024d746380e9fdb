"""The page in a real browser: Playwright driving Debian's chromium, offline, against a loopback server.

Skipped with a message where playwright or /usr/bin/chromium is missing (.ci/run installs chromium with
apt). Every request the page makes is recorded; none may leave the server's origin.
"""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")
pytest.importorskip("python_multipart")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

from checker.pipeline import Checker  # noqa: E402
from checker.results import FAIL  # noqa: E402
from checker.ruleset import load_ruleset  # noqa: E402
from tests.conftest import SEEDS  # noqa: E402
from tests.web_support import running, seed_docx, settings  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SEED_NAMES = sorted(p.name for p in SEEDS.glob("*.txt"))
# Where the screenshots go: FZCHECK_SCREENSHOTS if set (to look at them), else the test's temporary folder.
SCREENSHOTS_ENV = "FZCHECK_SCREENSHOTS"

if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
    pytest.skip(
        "chromium is not installed (apt-get install chromium); the browser tests are skipped", allow_module_level=True
    )


@pytest.fixture(scope="module")
def origin():
    with running(settings()) as (host, port):
        yield f"http://{host}:{port}"


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        try:
            launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        except Exception as exc:  # a chromium that cannot start here is a missing browser, not a failure
            pytest.skip(f"chromium could not be started: {exc}")
        yield launched
        launched.close()


@pytest.fixture
def page(browser, origin):
    """A fresh page whose every request is recorded; after the test none may have left the origin."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()
    page.set_default_timeout(60_000)
    refused: list[str] = []
    page.on(
        "console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None
    )
    yield page
    context.close()
    assert refused == [], "the page broke its own Content-Security-Policy"
    assert requested, "the page made no request at all"
    strays = [url for url in requested if not url.startswith((origin + "/", "blob:", "data:"))]
    assert strays == [], f"requests left the machine: {strays}"


def expected(path: Path):
    """The result the command line gives for the same file."""
    return Checker(load_ruleset()).check_path(str(path))


def test_upload_a_docx_see_the_score_and_a_missing_element_and_download(page, origin, tmp_path):
    # A seed with missing elements, so that the page must show one.
    name = next(n for n in SEED_NAMES if any(e.status == FAIL and e.weight > 0 for e in expected(SEEDS / n).elements))
    path = seed_docx(tmp_path, name)
    want = expected(path)
    page.goto(origin + "/")
    page.set_input_files("#file", str(path))
    page.click("#check")
    page.wait_for_selector("article.report .score")
    assert page.inner_text("article.report .score") == f"{want.score:.1f}"
    assert page.inner_text("article.report .grade") == want.grade
    # The scorecard's stylesheet applies, and its script ran on the new card (the filter toolbar).
    assert page.eval_on_selector("article.report .score", "e => getComputedStyle(e).fontSize") == "48px"
    page.wait_for_selector("article.report .toolbar button")
    missing = next(e for e in want.elements if e.status == FAIL and e.weight > 0)
    block = page.locator(f"article.report .element.fail:has-text('{missing.name}')").first
    assert block.is_visible()
    assert "缺失" in block.inner_text()

    with page.expect_download() as download:
        page.click("button[data-download='html']")
    saved = tmp_path / "scorecard.html"
    download.value.save_as(saved)
    assert download.value.suggested_filename == f"{path.stem}-评分.html"
    assert f"{want.score:.1f}" in saved.read_text(encoding="utf-8")

    with page.expect_download() as download:
        page.click("button[data-download='docx']")
    assert download.value.suggested_filename == f"{path.stem}-批注.docx"
    with zipfile.ZipFile(download.value.path()) as annotated:
        comments = annotated.read("word/comments.xml").decode("utf-8")
    assert missing.name in comments  # the missing element is a Word comment in the copy

    with page.expect_download() as download:
        page.click("button[data-download='json']")
    report = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))["reports"][0]
    assert report["score"] == want.score and report["path"] == path.name

    shots = Path(os.environ.get(SCREENSHOTS_ENV) or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / "web-1280.png"))
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(shots / "web-390.png"))
    assert (shots / "web-1280.png").stat().st_size > 10_000 and (shots / "web-390.png").stat().st_size > 10_000


def test_paste_text(page, origin):
    path = SEEDS / SEED_NAMES[0]
    want = expected(path)
    page.goto(origin + "/")
    page.fill("#text", path.read_text(encoding="utf-8"))
    page.click("#check")
    page.wait_for_selector("article.report .score")
    assert page.inner_text("article.report .score") == f"{want.score:.1f}"
    assert (want.title or "") in page.inner_text("article.report h2")


def test_a_batch_ranks_the_reports_and_opens_one_scorecard(page, origin):
    paths = [str(SEEDS / name) for name in SEED_NAMES[:3]]
    page.goto(origin + "/")
    page.set_input_files("#file", paths)
    page.click("#check")
    page.wait_for_selector("#ranking")
    rows = page.locator("#ranking tr:has(td)")
    assert rows.count() == 3
    link = page.locator("#ranking a[href='#r2']")
    name = link.inner_text()
    link.click()
    page.wait_for_function("location.hash === '#r2'")
    card = page.locator("article#r2")
    assert name in card.inner_text()
    box = card.bounding_box()
    assert box is not None and -5 <= box["y"] <= page.viewport_size["height"]


def test_the_page_works_without_javascript(browser, origin):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(origin + "/")
        page.set_input_files("#file", str(SEEDS / SEED_NAMES[1]))
        page.click("#check")
        page.wait_for_selector("article.report .score")
        assert page.url == origin + "/check"
    finally:
        context.close()
