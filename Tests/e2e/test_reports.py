"""The reports page in a real Chromium on the demo: the quarterly table with its links, both
figures drawn, a figure's tickets one click away, and screenshots of the charts."""
from selenium.webdriver.common.by import By

from test_web import EXPERT, click_and_wait, shoot, sign_in


def test_the_reports_page_shows_the_table_and_both_charts(server, browser, screenshots):
    base = server
    sign_in(browser, base, EXPERT)
    browser.get(base + "/reports")
    heading = browser.find_element(By.CSS_SELECTOR, "#table-1 h2").text
    assert heading.startswith("Table 1: DMSU"), heading
    # Four quarters and the total; every count links to its tickets.
    header_cells = browser.find_elements(By.CSS_SELECTOR, "#table-1 thead th")
    assert len(header_cells) == 1 + 4 + 1, [cell.text for cell in header_cells]
    assigned = [int(cell.text) for cell in browser.find_elements(By.CSS_SELECTOR, "#table-1 tr[data-row=assigned] td a")]
    assert len(assigned) == 5 and all(count > 0 for count in assigned[:4]), assigned
    assert sum(assigned[:4]) == assigned[4], "the year is the sum of its quarters"

    monthly = browser.find_element(By.CSS_SELECTOR, "#figure-1 svg")
    weekly = browser.find_element(By.CSS_SELECTOR, "#figure-2 svg")
    assert monthly.size["width"] > 400 and monthly.size["height"] > 150
    assert len(monthly.find_elements(By.CSS_SELECTOR, "rect.bar")) >= 10
    assert len(weekly.find_elements(By.CSS_SELECTOR, "polyline.line")) >= 3
    assert "Assigned to third line" in weekly.text
    browser.execute_script("document.getElementById('figure-1').scrollIntoView()")
    shoot(browser, screenshots, "reports-figure-1")
    browser.execute_script("document.getElementById('figure-2').scrollIntoView()")
    shoot(browser, screenshots, "reports-figure-2")
    browser.execute_script("window.scrollTo(0, 0)")
    shoot(browser, screenshots, "reports-table-1")

    # The first quarter's "assigned" figure opens the list of exactly those tickets.
    first = browser.find_element(By.CSS_SELECTOR, "#table-1 tr[data-row=assigned] td a")
    expected = int(first.text)
    click_and_wait(browser, first)
    assert "Tickets assigned to DMSU" in browser.find_element(By.TAG_NAME, "h1").text
    rows = browser.find_elements(By.CSS_SELECTOR, "main table tbody tr")
    assert len(rows) == expected
