"""A reply template in a real Chromium on the demo: the expert picks one on a DMSU ticket, the
reply box fills in for that ticket, the reply goes out, and the unit's page counts the use."""
import requests
from selenium.webdriver.common.by import By

from test_web import EXPERT, click_and_wait, shoot, sign_in


def test_a_reply_from_a_template(server, browser, screenshots):
    base = server
    token = requests.post(base + "/api/v1/tokens", json={"email": EXPERT, "password": "switchboard-demo"}).json()["token"]
    headers = {"Authorization": "Bearer " + token}
    units = requests.get(base + "/api/v1/support-units", headers=headers).json()
    dmsu = next(unit["id"] for unit in units if unit["name"] == "DMSU")
    tickets = requests.get(base + "/api/v1/tickets", params={"supportUnit": dmsu, "status": "assigned,in-progress", "limit": 1},
                           headers=headers).json()["items"]
    ticket = tickets[0]["id"]

    sign_in(browser, base, EXPERT)
    browser.get(base + f"/tickets/{ticket}")
    browser.find_element(By.CSS_SELECTOR, "#action-reply details.templates summary").click()
    # The template's link loads the page again with the reply filled in: wait for the new page.
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Ask for the version"))
    reply = browser.find_element(By.CSS_SELECTOR, "#action-reply textarea[name=body]")
    text = reply.get_attribute("value")
    assert f"to look into #{ticket} we need" in text and "{{" not in text, text
    assert text.rstrip().endswith("DMSU")
    shoot(browser, screenshots, "ticket-reply-template")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#action-reply button[type=submit]"))
    assert f"/tickets/{ticket}" in browser.current_url
    assert "rpm -qa | sort" in browser.find_element(By.ID, "timeline").text

    browser.get(base + f"/units/{dmsu}")
    rows = browser.find_elements(By.CSS_SELECTOR, "#templates tbody tr")
    used = {row.find_elements(By.TAG_NAME, "td")[0].text: row.find_elements(By.TAG_NAME, "td")[1].text for row in rows}
    assert used["Ask for the version"] == "1", used
    assert used["Passed to the product team"] == "0", used
