"""The dashboard as a set of lists in a real Chromium: a supporter saves a search as a view,
puts it first on the dashboard, hides a built-in list and two columns, and finds the view in the
navigation of every page with its count. Screenshots at 1280 px and at 360 px."""
from selenium.webdriver.common.by import By

from test_web import EXPERT, click_and_wait, shoot, sign_in


def test_a_supporter_arranges_the_dashboard(server, browser, phone, screenshots):
    base = server
    sign_in(browser, base, EXPERT)
    browser.get(base + "/search?status=new,assigned,in-progress&sort=-priority")
    browser.find_element(By.CSS_SELECTOR, "#save-view > summary").click()
    browser.find_element(By.ID, "view-name").send_keys("Open, most urgent first")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#save-view button[type=submit]"))

    browser.get(base + "/tickets")
    browser.find_element(By.CSS_SELECTOR, "#dashboard-lists > summary").click()
    form = browser.find_element(By.ID, "lists-form")
    view_box = form.find_element(By.CSS_SELECTOR, "input[name=section][value^='view:']")
    key = view_box.get_attribute("value")
    view_box.click()
    form.find_element(By.CSS_SELECTOR, f"input[name='place-{key}']").send_keys("1")
    form.find_element(By.CSS_SELECTOR, "input[name=section][value=assigned]").click()
    place = form.find_element(By.CSS_SELECTOR, "input[name='place-units']")
    place.clear()
    place.send_keys("2")
    for column in ["opened", "responsible"]:
        form.find_element(By.CSS_SELECTOR, f"input[name=column][value={column}]").click()
    shoot(browser, screenshots, "dashboard-lists-form")
    click_and_wait(browser, form.find_element(By.CSS_SELECTOR, "button[type=submit]:not([name=reset])"))

    lists = [section.get_attribute("id") for section in browser.find_elements(By.CSS_SELECTOR, "section.dashboard-list")]
    assert lists == ["list-" + key.replace(":", "-"), "list-units"], lists
    first = browser.find_element(By.CSS_SELECTOR, "section.dashboard-list")
    assert "Open, most urgent first" in first.find_element(By.TAG_NAME, "h2").text
    rows = first.find_elements(By.CSS_SELECTOR, "table.tickets tbody tr")
    assert rows, "the view finds the demo's open tickets"
    headings = [th.text for th in first.find_elements(By.CSS_SELECTOR, "thead th")]
    assert "Opened" not in headings and "Responsible" not in headings and "Updated" in headings, headings
    shoot(browser, screenshots, "dashboard-arranged")

    # The view stands in the navigation of other pages with its count, and opens the search.
    browser.get(base + "/units")
    entry = browser.find_element(By.CSS_SELECTOR, "#saved-views li")
    assert "Open, most urgent first" in entry.text and int(entry.find_element(By.CLASS_NAME, "count").text) >= len(rows)
    click_and_wait(browser, entry.find_element(By.TAG_NAME, "a"))
    assert "/search?" in browser.current_url
    assert browser.find_element(By.CSS_SELECTOR, "#saved-views a[aria-current=page]").text == "Open, most urgent first"

    # At 360 px: cards, no sideways scroll, the views' line scrolls on its own.
    sign_in(phone, base, EXPERT)
    phone.get(base + "/tickets")
    assert phone.execute_script("return document.documentElement.scrollWidth") <= 361
    shoot(phone, screenshots, "dashboard-arranged-phone")
    phone.get(base + "/search?status=new,assigned,in-progress")
    assert phone.execute_script("return document.documentElement.scrollWidth") <= 361
    shoot(phone, screenshots, "search-list-phone")
