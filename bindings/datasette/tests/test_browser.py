"""The dashboard in a real browser: Debian's headless Chromium driven by selenium, a fresh profile,
no network beyond the Datasette on 127.0.0.1. Screenshots go to $VL_SHOTS (build/datasette/)."""
import base64
import os
import re
import shutil
import tempfile

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import DB_NAME, env
from test_plugin import expected_profit, expected_search

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1280,1000", "--hide-scrollbars"]


@pytest.fixture(scope="module")
def browser():
    profile = tempfile.mkdtemp(prefix="vl-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in FLAGS + ["--user-data-dir=" + profile]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def shot(driver, name, element=None):
    """A PNG of the element, or of the page from its top down to at most 1400 px (DevTools captures
    beyond the viewport; a long table is cut so the picture stays readable)."""
    path = os.path.join(env("VL_SHOTS"), name)
    if element is not None:
        element.screenshot(path)
    else:
        size = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
        png = driver.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 1400), "scale": 1}})
        with open(path, "wb") as f:
            f.write(base64.b64decode(png["data"]))
    assert os.path.getsize(path) > 10000, path


def result_titles(driver):
    WebDriverWait(driver, 30).until(EC.presence_of_element_located((By.CSS_SELECTOR, "table.rows-and-columns")))
    return [td.text for td in driver.find_elements(By.CSS_SELECTOR, "table.rows-and-columns td.col-title")]


def only_local_fetches(driver, base):
    urls = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert all(u.startswith(base + "/") for u in urls), urls


def test_dashboard_search(browser, server, oracle):
    browser.get(server.base + "/-/vaultlister")
    only_local_fetches(browser, server.base)
    shot(browser, "dashboard.png")
    box = browser.find_element(By.ID, "vl-q")
    box.send_keys("levi's 50")
    box.send_keys(Keys.RETURN)
    titles = result_titles(browser)
    assert titles == expected_search(oracle, "levi's 50") and len(titles) >= 3, titles
    assert browser.find_element(By.CSS_SELECTOR, "input[name=q]").get_attribute("value") == "levi's 50"
    shot(browser, "search-results.png")


def test_canned_search_form(browser, server, oracle):
    browser.get(server.base + "/%s/search" % DB_NAME)
    box = browser.find_element(By.CSS_SELECTOR, "input[name=q]")
    box.clear()
    box.send_keys("Levi's trucker")
    browser.find_element(By.CSS_SELECTOR, "input[type=submit][value='Run SQL']").click()
    titles = result_titles(browser)
    assert titles == expected_search(oracle, "Levi's trucker") and titles, titles
    shot(browser, "search-form.png")


def test_profit_chart(browser, server, oracle):
    browser.get(server.base + "/-/vaultlister")
    chart = browser.find_element(By.ID, "vl-profit-chart")
    want = expected_profit(oracle)
    months = sorted({m for (m, _p) in want})
    bars = chart.find_elements(By.CSS_SELECTOR, "g.vl-month[data-month]")
    assert [b.get_attribute("data-month") for b in bars] == months and len(months) == 6
    for b in bars:   # each bar drawn: visible, with a height
        assert b.is_displayed() and b.rect["height"] > 5, (b.get_attribute("data-month"), b.rect)
    # Each unknown net is a visible dashed box, not a bar of height 0; the legend says what it means.
    unknown = chart.find_elements(By.CSS_SELECTOR, "rect.vl-unknown")
    assert sorted((u.find_element(By.XPATH, "..").get_attribute("data-month"), u.get_attribute("data-platform"))
                  for u in unknown) == sorted(k for k, r in want.items() if r["net"] is None) and unknown
    for u in unknown:
        assert u.is_displayed() and u.rect["height"] > 10, u.rect
    assert "? net unknown: a cost is missing (not 0)" in chart.text
    only_local_fetches(browser, server.base)
    shot(browser, "profit-chart.png", chart)


def test_reports_render(browser, server, oracle):
    browser.get(server.base + "/%s/profit_and_loss" % DB_NAME)
    cells = browser.find_elements(By.CSS_SELECTOR, "td.col-net span.vl-money")
    assert cells and all(re.match(r"-?\$[\d,]+\.\d\d$", c.text) for c in cells)
    empty = [td for td in browser.find_elements(By.CSS_SELECTOR, "td.col-net") if not td.text.strip()]
    assert len(cells) + len(empty) == len(expected_profit(oracle)) and empty   # unknown nets stay blank
    shot(browser, "profit-and-loss.png")
    browser.get(server.base + "/%s/inventory_aging" % DB_NAME)
    assert [td.text for td in browser.find_elements(By.CSS_SELECTOR, "td.col-bucket")] == \
        ["0-30", "31-60", "61-90", "91-180", "181-365", "365+", "never listed"]
    shot(browser, "inventory-aging.png")
    browser.get(server.base + "/%s/delist_queue" % DB_NAME)
    assert browser.find_elements(By.CSS_SELECTOR, "td.col-listing")
    shot(browser, "delist-queue.png")
    browser.get(server.base + "/" + DB_NAME)
    links = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "a[href^='/%s/']" % DB_NAME)]
    assert "Oversell alerts" in links and "Health" in links
    shot(browser, "database.png")
