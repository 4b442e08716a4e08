"""The OLA report in a real Chromium on the demo: six months of figures for the Operations
Portal, the missed targets marked, the chart with its target line, the print view without
navigation, and screenshots of both."""
from selenium.webdriver.common.by import By

from test_web import EXPERT, click_and_wait, shoot, sign_in

ADMIN = "admin@helpdesk.example.org"


def test_the_ola_report_shows_six_months_the_chart_and_its_print_view(server, browser, screenshots):
    base = server
    sign_in(browser, base, ADMIN)
    browser.get(base + "/services")
    rows = browser.find_elements(By.CSS_SELECTOR, "main table tbody tr")
    assert [row.find_element(By.TAG_NAME, "td").text for row in rows] == ["ARGO", "GGUS", "Operations Portal"]
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Operations Portal"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Operations Portal"
    assert len(browser.find_elements(By.CSS_SELECTOR, "#availability tbody tr")) == 12
    assert len(browser.find_elements(By.CSS_SELECTOR, "#downtimes tbody tr")) >= 4
    click_and_wait(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "OLA report"))

    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("OLA report: Operations Portal")
    months = browser.find_elements(By.CSS_SELECTOR, "#performance thead th")
    assert len(months) == 2 + 6, [cell.text for cell in months]
    availability = browser.find_elements(By.CSS_SELECTOR, "#performance tbody tr:first-child td")
    assert availability[0].text == "99"
    figures = [cell.text for cell in availability[1:]]
    assert len(figures) == 6 and all(figure.rstrip(" ✗").replace(".", "").isdigit() for figure in figures), figures
    for cell in availability[1:]:
        value = float(cell.text.rstrip(" ✗"))
        marked = cell.find_elements(By.CSS_SELECTOR, "span.missed") != []
        assert marked == (value < 99), (cell.text, marked)
    support = browser.find_element(By.CSS_SELECTOR, "#performance tbody tr:nth-child(3)").text
    assert "lu:" in support, support
    assert "Claire Martin" in browser.find_element(By.ID, "effort").text

    chart = browser.find_element(By.CSS_SELECTOR, "#ola-chart svg")
    assert chart.size["width"] > 400 and chart.size["height"] > 150
    assert len(chart.find_elements(By.CSS_SELECTOR, "polyline.line")) >= 2
    assert len(chart.find_elements(By.CSS_SELECTOR, "line.reference")) == 1
    browser.execute_script("document.getElementById('performance').scrollIntoView()")
    shoot(browser, screenshots, "ola-report-performance")
    browser.execute_script("document.getElementById('ola-chart').scrollIntoView()")
    shoot(browser, screenshots, "ola-report-chart")

    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Print view"))
    assert browser.find_elements(By.CSS_SELECTOR, "header.site-header") == []
    assert browser.find_elements(By.TAG_NAME, "form") == []
    assert len(browser.find_elements(By.CSS_SELECTOR, "#performance tbody tr")) == 4
    assert browser.execute_script("return document.querySelector('main').classList.contains('print-view')")
    shoot(browser, screenshots, "ola-report-print")


def test_a_supporter_reads_but_does_not_edit_the_report(server, browser):
    base = server
    sign_in(browser, base, EXPERT)
    browser.get(base + "/services")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Operations Portal"))
    click_and_wait(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "OLA report"))
    assert browser.find_elements(By.ID, "narrative-form") == []
    assert browser.find_elements(By.ID, "publish") == []
