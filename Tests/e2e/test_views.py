"""Saved views in a real Chromium: a supporter saves a search under a name and finds it above
the dashboard with the number of tickets it finds; one click brings the search back."""
from selenium.webdriver.common.by import By

from test_web import EXPERT, click_and_wait, shoot, sign_in


def test_a_saved_search_stands_on_the_dashboard_with_its_count(server, browser, screenshots):
    base = server
    sign_in(browser, base, EXPERT)
    browser.get(base + "/search?status=new,assigned&sort=-priority")
    found = len(browser.find_elements(By.CSS_SELECTOR, "table.tickets tbody tr"))
    browser.find_element(By.CSS_SELECTOR, "#save-view > summary").click()
    browser.find_element(By.ID, "view-name").send_keys("New and assigned")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#save-view button[type=submit]"))
    assert "status=new,assigned" in browser.current_url.replace("%2C", ",")
    browser.get(base + "/tickets")
    view = browser.find_element(By.CSS_SELECTOR, "#saved-views li")
    assert "New and assigned" in view.text
    count = int(view.find_element(By.CLASS_NAME, "count").text)
    assert count >= found > 0, (count, found)
    shoot(browser, screenshots, "saved-views-dashboard")
    click_and_wait(browser, view.find_element(By.LINK_TEXT, "New and assigned"))
    assert "/search?" in browser.current_url
