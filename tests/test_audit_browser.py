"""The review page of `textfix audit` in a real headless browser (Debian's chromium, driven
by selenium through chromedriver): it opens, a click marks an edit, and the verdicts file it
saves scores with `textfix audit --score`.

Chromium is installed by the README's test command where it is missing (CI runs that
command as root). Without chromium the test is skipped, except in CI (CI=true), where a
missing browser is a failure, so that the test cannot silently stop running there."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from textfix.cli import cli

ROOT = Path(__file__).resolve().parent.parent


def _need(what: str, found: object) -> None:
    if found:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is missing in CI: the README's test command installs it (apt-get install chromium chromium-driver)")
    pytest.skip(f"{what} is not installed (apt-get install chromium chromium-driver)")


@pytest.fixture
def browser(tmp_path: Path):  # type: ignore[no-untyped-def]
    binary = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    driver_path = shutil.which("chromedriver")
    _need("chromium", binary)
    _need("chromedriver", driver_path)
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _need("selenium (the test extra)", False)
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
        options.add_argument(argument)
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.downloads = downloads
    try:
        yield driver
    finally:
        driver.quit()


def _wait_for(folder: Path, name: str, seconds: float = 10.0) -> Path:
    target = folder / name
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if target.exists() and not list(folder.glob("*.crdownload")):
            return target
        time.sleep(0.05)
    raise AssertionError(f"the page saved no {name} in {seconds} s (found: {sorted(p.name for p in folder.iterdir())})")


def test_page_marks_edits_and_its_saved_verdicts_score(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    page = tmp_path / "review.html"
    runner = CliRunner()
    drawn = runner.invoke(cli, ["audit", str(ROOT / "fixtures" / "seeds"), "--sample", "8", "--seed", "3", "-o", str(page)])
    assert drawn.exit_code == 0, drawn.output
    browser.get(page.as_uri())
    cards = browser.find_elements(By.CSS_SELECTOR, "article.edit")
    assert len(cards) == 8
    first, second = cards[0], cards[1]
    first_rule = first.find_element(By.CSS_SELECTOR, ".rule").text
    second_rule = second.find_element(By.CSS_SELECTOR, ".rule").text
    # the change is highlighted: the original struck out, the replacement marked
    assert first.find_elements(By.CSS_SELECTOR, "del") and first.find_elements(By.CSS_SELECTOR, "ins")
    first.find_element(By.CSS_SELECTOR, "button.right").click()
    second.find_element(By.CSS_SELECTOR, "button.wrong").click()
    assert "right" in first.get_attribute("class").split()
    assert "wrong" in second.get_attribute("class").split()
    assert browser.find_element(By.ID, "progress").text == "2 of 8 judged"
    browser.find_element(By.ID, "save").click()
    saved = _wait_for(browser.downloads, "textfix-verdicts.json")
    verdicts = {item["id"]: item["verdict"] for item in json.loads(saved.read_text(encoding="utf-8"))["edits"]}
    assert verdicts[int(first.get_attribute("data-id"))] == "right"
    assert verdicts[int(second.get_attribute("data-id"))] == "wrong"
    assert sum(v is not None for v in verdicts.values()) == 2
    scored = runner.invoke(cli, ["audit", "--score", str(saved)])
    assert scored.exit_code == 0, scored.output
    rows = {line.split()[0]: line.split()[1:4] for line in scored.output.splitlines()[1:] if line.split()[0].count("/") == 1}
    if first_rule == second_rule:
        assert rows == {first_rule: ["2", "1", "1"]}
    else:
        assert rows == {first_rule: ["1", "1", "0"], second_rule: ["1", "0", "1"]}
        assert scored.output.splitlines()[-1] == f"--ignore {second_rule}"
