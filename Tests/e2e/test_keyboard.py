"""Keyboard shortcuts in a real Chromium: `/` goes to the search field, `j`/`k` move through
the results, `o` opens the chosen ticket, `r` puts the cursor in the reply box; typing in a
field is never taken for a shortcut. Buttons that ask first ask their own question."""
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

from test_web import EXPERT, click_and_wait, sign_in


def press(driver, keys):
    ActionChains(driver).send_keys(keys).perform()


def test_the_keyboard_moves_through_a_list_and_into_a_ticket(server, browser):
    base = server
    sign_in(browser, base, EXPERT)
    browser.get(base + "/tickets")
    press(browser, "/")
    assert browser.current_url.endswith("/search#search")
    field = browser.switch_to.active_element
    assert field.get_attribute("name") == "text", "the search field has the cursor"
    field.send_keys("jjk")  # typed into the field, not taken as shortcuts
    assert browser.find_elements(By.CSS_SELECTOR, "tr.current") == []
    browser.find_element(By.TAG_NAME, "h1").click()
    browser.get(base + "/search")
    rows = browser.find_elements(By.CSS_SELECTOR, "table.tickets tbody tr")
    assert len(rows) >= 3
    press(browser, "jjjk")
    current = browser.find_elements(By.CSS_SELECTOR, "table.tickets tbody tr.current")
    assert len(current) == 1 and current[0] == rows[1], "j j j k chooses the second row"
    number = current[0].find_element(By.CSS_SELECTOR, "td.number a").text.lstrip("#")
    press(browser, "o")
    assert browser.current_url.rstrip("/").endswith(f"/tickets/{number}")
    if browser.find_elements(By.CSS_SELECTOR, "#action-reply textarea"):
        press(browser, "r")
        assert browser.switch_to.active_element.get_attribute("name") == "body", "r puts the cursor in the reply box"


def test_a_confirmation_asks_its_own_question(server, browser):
    base = server
    sign_in(browser, base, EXPERT)
    browser.get(base + "/account")
    browser.find_element(By.CSS_SELECTOR, "form[action='/account/tokens'] input[name=name]").send_keys("keyboard test")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/account/tokens'] button[type=submit]"))
    button = browser.find_element(By.CSS_SELECTOR, "button[data-confirm]")
    button.click()
    alert = browser.switch_to.alert
    assert "revoke this token" in alert.text
    alert.dismiss()
