"""Loads a `stance report` page in headless Chromium and checks what a
reader gets: every labelled paragraph, the counts per label, the label
filter, sorting the index by opinion share, the genre column and filter,
escaped hostile text, nothing fetched from the network; saves a screenshot.

Usage: test_browser.py TAGGED.jsonl REPORT.html SCREENSHOT.png

Driven with Selenium and the chromedriver of Debian's `chromium-driver`
(run by scripts/test/browser, which builds the inputs).
"""

import json
import sys
import tempfile
from collections import Counter, OrderedDict

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
# Flags that work in containers and keep the browser off the network.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1200,1400",
]
LABELS = ["fact", "quotation", "opinion"]

passed = 0
failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok   {name}")
    else:
        failed += 1
        print(f"FAIL {name} {detail}")


def kind(r):
    return r["label"] if r["label"] is not None and r["skipped"] is None else "skipped"


def main(tagged, report, screenshot):
    records = [json.loads(line) for line in open(tagged, encoding="utf-8") if line.strip()]
    docs = OrderedDict()
    for r in records:
        docs.setdefault(r["doc"], []).append(r)
    index = {doc: i for i, doc in enumerate(docs)}

    options = Options()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="stance-chromium-")
    options.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        driver.get("file://" + report)
        run(driver, records, docs, index)
        # The screenshot: the top of the page, the index sorted by opinion share.
        driver.find_element(By.CSS_SELECTOR, "#posts button[data-col='6']").click()
        driver.execute_script("window.scrollTo(0, 0)")
        driver.save_screenshot(screenshot)
        print(f"screenshot: {screenshot}")
    finally:
        driver.quit()
    print(f"browser: {passed} passed, {failed} failed")
    return 1 if failed else 0


def displayed(driver, label):
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('li.para')).filter("
        "p => p.getAttribute('data-label') === arguments[0] && p.offsetParent !== null).length",
        label,
    )


def run(driver, records, docs, index):
    paras = driver.find_elements(By.CSS_SELECTOR, "li.para")
    check("one paragraph element per record", len(paras) == len(records),
          f"{len(paras)} != {len(records)}")

    # Every record is on the page, where it belongs, with its label and text.
    got = driver.execute_script(
        "return Array.from(document.querySelectorAll('li.para')).map(p => "
        "[p.id, p.getAttribute('data-label'), p.querySelector('.text').textContent,"
        " p.querySelector('.badge').textContent])"
    )
    by_id = {g[0]: g for g in got}
    missing = []
    for r in records:
        g = by_id.get(f"d{index[r['doc']]}-p{r['paragraph']}")
        badge = f"skipped: {r['skipped']}" if kind(r) == "skipped" else r["label"]
        if g is None or g[1] != kind(r) or g[2] != r["text"] or g[3] != badge:
            missing.append((r["doc"], r["paragraph"], g))
    check("every record's paragraph shows its label and text", not missing, str(missing[:3]))

    want = Counter(kind(r) for r in records)
    for label in LABELS + ["skipped"]:
        n = displayed(driver, label)
        check(f"{label}: {want[label]} paragraphs shown", n == want[label], f"got {n}")

    # The filter (drawn by the script) hides and shows by label.
    fieldset = driver.find_element(By.ID, "filter")
    check("filter shown once the script runs", fieldset.is_displayed())
    box = driver.find_element(By.CSS_SELECTOR, "#filter input[value=opinion]")
    box.click()
    hidden_ok = displayed(driver, "opinion") == 0 and all(
        displayed(driver, label) == want[label] for label in ["fact", "quotation", "skipped"]
    )
    shown_text = driver.find_element(By.ID, "shown").text
    total = len(records)
    check("unticking opinion hides exactly the opinion paragraphs", hidden_ok)
    check("the count of shown paragraphs follows",
          shown_text == f"{total - want['opinion']} of {total} paragraphs shown", shown_text)
    for label in ["fact", "skipped"]:
        driver.find_element(By.CSS_SELECTOR, f"#filter input[value={label}]").click()
    only_quotes = displayed(driver, "quotation") == want["quotation"] and all(
        displayed(driver, label) == 0 for label in ["fact", "opinion", "skipped"]
    )
    check("only quotation ticked: only quotations shown", only_quotes)
    for label in ["fact", "opinion", "skipped"]:
        driver.find_element(By.CSS_SELECTOR, f"#filter input[value={label}]").click()
    check("all ticked again: every paragraph shown",
          all(displayed(driver, label) == want[label] for label in want))

    # Sorting the index by opinion share: shares computed here from the records.
    def opinion_share(recs):
        words = Counter()
        for r in recs:
            if r["label"] is not None:
                words[r["label"]] += len(r["text"].split())
        total = sum(words.values())
        return words["opinion"] / total if total else 0.0

    shares = {doc: opinion_share(recs) for doc, recs in docs.items()}
    driver.find_element(By.CSS_SELECTOR, "#posts button[data-col='6']").click()
    order = driver.execute_script(
        "return Array.from(document.querySelectorAll('#posts tbody tr')).map(r => r.getAttribute('data-doc'))"
    )
    want_order = sorted(docs, key=lambda d: -shares[d])
    check("sorted by opinion share, largest first",
          [round(shares[d], 9) for d in order] == [round(shares[d], 9) for d in want_order],
          f"{order}")
    top = driver.find_element(By.CSS_SELECTOR, "#posts tbody tr td:nth-child(7)").text
    check("the top row shows its opinion share", top == f"{100 * shares[order[0]]:.0f}%", top)
    driver.find_element(By.CSS_SELECTOR, "#posts button[data-col='0']").click()
    driver.find_element(By.CSS_SELECTOR, "#posts button[data-col='0']").click()
    order = driver.execute_script(
        "return Array.from(document.querySelectorAll('#posts tbody tr')).map(r => r.getAttribute('data-doc'))"
    )
    check("sorting by # restores the input order", order == list(docs), f"{order}")

    # The genre column and filter: each post's genre from its records.
    genre = {doc: recs[0].get("genre") or "none" for doc, recs in docs.items()}
    cells = driver.execute_script(
        "return Array.from(document.querySelectorAll('#posts tbody tr')).map(r => "
        "[r.getAttribute('data-doc'), r.querySelector('td.genre').textContent])"
    )
    check("the index shows each post's genre",
          all(g == (genre[d] if genre[d] != "none" else "–") for d, g in cells), f"{cells}")
    genres = driver.find_element(By.ID, "genre-filter")
    check("genre filter shown once the script runs", genres.is_displayed())
    present = sorted(set(genre.values()))
    check("one box per genre present",
          sorted(i.get_attribute("value") for i in
                 genres.find_elements(By.CSS_SELECTOR, "input")) == present, f"{present}")
    hide = max(present, key=lambda g: sum(1 for v in genre.values() if v == g))
    driver.find_element(By.CSS_SELECTOR, f"#genre-filter input[value={hide}]").click()
    visible = driver.execute_script(
        "return [Array.from(document.querySelectorAll('#posts tbody tr')).filter(r => !r.hidden)"
        ".map(r => r.getAttribute('data-doc')), Array.from(document.querySelectorAll('article.post'))"
        ".filter(a => a.offsetParent !== null).map(a => a.getAttribute('data-doc'))]"
    )
    want_visible = [d for d in docs if genre[d] != hide]
    check(f"unticking {hide} hides its rows and posts",
          visible[0] == want_visible and visible[1] == want_visible, f"{visible}")
    posts_text = driver.find_element(By.ID, "posts-shown").text
    check("the count of shown posts follows",
          posts_text == f"{len(want_visible)} of {len(docs)} posts shown", posts_text)
    driver.find_element(By.CSS_SELECTOR, f"#genre-filter input[value={hide}]").click()
    rank = ["news", "analysis", "opinion", "review", "blog", "other", "none"]
    col = len(driver.find_elements(By.CSS_SELECTOR, "#posts thead th")) - 1
    button = driver.find_element(By.CSS_SELECTOR, f"#posts button[data-col='{col}']")
    button.click()
    button.click()
    order = driver.execute_script(
        "return Array.from(document.querySelectorAll('#posts tbody tr')).map(r => r.getAttribute('data-doc'))"
    )
    ranks = [rank.index(genre[d]) for d in order]
    check("sorting by genre: news first, then analysis, ... other", ranks == sorted(ranks), f"{order}")

    # Shared passages link to the other post on the page.
    links = driver.execute_script(
        "return Array.from(document.querySelectorAll('li.para .with a')).map(a => a.getAttribute('href'))"
    )
    shared = [r for r in records if r["shared_with"]]
    check("shared passages link to the posts that share them",
          bool(shared) and len(links) >= len(shared)
          and all(driver.find_elements(By.CSS_SELECTOR, h) for h in set(links)), f"{links[:5]}")

    # Hostile text stays text: no injected script ran, nothing injected is markup.
    pwned = driver.execute_script("return window.__stancePwned === undefined")
    scripts = driver.execute_script("return document.scripts.length")
    injected = driver.execute_script("return document.querySelectorAll('main img, main iframe').length")
    hostile = [r for r in records if "<script>" in r["text"]]
    check("hostile text is shown as text and never runs",
          bool(hostile) and pwned and scripts == 1 and injected == 0,
          f"hostile={len(hostile)} scripts={scripts} injected={injected}")

    fetched = driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    check("nothing is fetched: the page is self-contained", fetched == [], str(fetched))


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
