"""Bulk changes in a real Chromium: first line ticks two tickets in the search results (the
checkboxes belong to the bulk form through their `form` attribute), assigns both to DMSU in
one action, and sees what changed; each ticket gets its own event."""
import time

import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from test_web import ALICE, PASSWORD, TRIAGE, click_and_wait, shoot, sign_in


def test_two_selected_tickets_are_assigned_in_one_action(server, browser, phone, screenshots):
    base = server
    token = requests.post(base + "/api/v1/tokens", json={"email": ALICE, "password": PASSWORD}).json()["token"]
    headers = {"Authorization": "Bearer " + token}
    marker = "bulkcheck%d" % int(time.time())
    numbers = []
    for n in (1, 2):
        filed = requests.post(base + "/api/v1/tickets", headers=headers, timeout=10,
                              json={"subject": f"{marker} transfers stall {n}", "description": "Seen twice today."})
        assert filed.status_code == 201, filed.text
        numbers.append(filed.json()["id"])

    sign_in(browser, base, TRIAGE)
    browser.get(f"{base}/search?text={marker}")
    for number in numbers:
        browser.find_element(By.CSS_SELECTOR, f"input[name=ticket][value='{number}']").click()
    browser.find_element(By.CSS_SELECTOR, "#bulk-changes > summary").click()
    Select(browser.find_element(By.ID, "bulk-change")).select_by_value("assign")
    Select(browser.find_element(By.ID, "bulk-unit")).select_by_visible_text("DMSU")
    browser.find_element(By.ID, "bulk-note").send_keys("Both are the same dCache door.")
    shoot(browser, screenshots, "bulk-selected")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#bulk button[type=submit]"))
    outcome = browser.find_element(By.ID, "bulk-outcome").text
    assert "Changed 2 tickets" in outcome, outcome
    shoot(browser, screenshots, "bulk-outcome")
    for number in numbers:
        browser.get(f"{base}/tickets/{number}")
        assert "assigned it from TPM to DMSU" in browser.find_element(By.ID, "timeline").text

    # At 360 px the list and its checkboxes still work.
    sign_in(phone, base, TRIAGE)
    phone.get(f"{base}/search?text={marker}")
    assert len(phone.find_elements(By.CSS_SELECTOR, "input[name=ticket]")) == 2
    # Each ticket is a card: no row wider than the screen.
    phone.execute_script("document.querySelector('table.tickets').scrollIntoView()")
    widths = phone.execute_script("return Array.from(document.querySelectorAll('table.tickets tbody tr')).map(r => r.getBoundingClientRect().right)")
    assert all(right <= phone.execute_script("return document.documentElement.clientWidth") for right in widths), widths
    shoot(phone, screenshots, "bulk-phone")
