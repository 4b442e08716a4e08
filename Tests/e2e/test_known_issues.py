"""Known issues and requirements in a real Chromium: a supporter documents a known issue from a
ticket, publishes it and opens the digest for the operations meeting (and its Markdown); anyone
reads the published issue; second line estimates a requirement and hands it to a product team."""
import time

import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from test_web import ALICE, EXPERT, PASSWORD, click_and_wait, open_action, shoot, sign_in, submit_action, timeline_text


def file_ticket(base, subject, **extra):
    token = requests.post(base + "/api/v1/tokens", json={"email": ALICE, "password": PASSWORD}, timeout=10).json()["token"]
    body = {"subject": subject, "description": "Since the upgrade, every job on ce-07 fails with 'proxy expired'.\nRenewing does not help."}
    body.update(extra)
    filed = requests.post(base + "/api/v1/tickets", json=body, headers={"Authorization": "Bearer " + token}, timeout=10)
    assert filed.status_code == 201, filed.text
    return filed.json()["id"]


def test_a_known_issue_from_a_ticket_and_the_digest(server, browser, screenshots):
    subject = "Proxies expire early on CREAM (%d)" % int(time.time())
    number = file_ticket(server, subject)
    sign_in(browser, server, EXPERT)
    browser.get(f"{server}/tickets/{number}")
    form = open_action(browser, "known-issue")
    assert browser.find_element(By.ID, "known-issue-title").get_attribute("value") == subject, "the title comes from the ticket"
    browser.find_element(By.ID, "known-issue-impact").send_keys("Every job on the affected CEs fails.")
    browser.find_element(By.ID, "known-issue-workaround").send_keys("Use voms-proxy-init -valid 24:00.")
    browser.find_element(By.ID, "known-issue-components").clear()
    browser.find_element(By.ID, "known-issue-components").send_keys("cream, voms")
    Select(browser.find_element(By.ID, "known-issue-published")).select_by_value("true")
    click_and_wait(browser, form.find_element(By.CSS_SELECTOR, "#document-known-issue button[type=submit]"))

    assert "/known-issues/" in browser.current_url, browser.current_url
    issue = int(browser.current_url.rsplit("/", 1)[1])
    assert browser.find_element(By.TAG_NAME, "h1").text == subject
    page = browser.find_element(By.ID, "known-issue").text
    assert "Every job on the affected CEs fails." in page and "voms-proxy-init -valid 24:00" in page and "cream, voms" in page
    assert f"#{number}" in browser.find_element(By.ID, "known-issue-tickets").text
    shoot(browser, screenshots, "known-issue")

    # The ticket says so, and links to it.
    browser.get(f"{server}/tickets/{number}")
    assert f"KI-{issue}" in browser.find_element(By.ID, "known-issues").text

    # The digest for the meeting: new this week, with the files for the wiki and the mail.
    browser.get(f"{server}/known-issues")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Digest for the operations meeting"))
    opened = browser.find_element(By.ID, "digest-opened").text
    assert f"KI-{issue}: {subject}" in opened and "Every job on the affected CEs fails." in opened
    shoot(browser, screenshots, "known-issue-digest")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Markdown"))
    markdown = browser.find_element(By.TAG_NAME, "body").text
    assert "## New known issues" in markdown and f"### KI-{issue}:" in markdown and "- **Workaround:** Use voms-proxy-init -valid 24:00." in markdown

    # Published: read by anyone, without the supporters' tickets and forms.
    browser.delete_all_cookies()
    browser.get(f"{server}/known-issues/{issue}")
    assert browser.find_element(By.TAG_NAME, "h1").text == subject
    assert not browser.find_elements(By.ID, "known-issue-tickets") and not browser.find_elements(By.ID, "action-edit")


def test_second_line_estimates_a_requirement_and_hands_it_to_a_product_team(server, browser, screenshots):
    number = file_ticket(server, "Publish GPU counts in the BDII (%d)" % int(time.time()), category="requirement", priority="urgent")
    sign_in(browser, server, EXPERT)
    browser.get(f"{server}/tickets/{number}")
    assert browser.find_element(By.ID, "requirement-stage").text == "Awaiting estimate"
    open_action(browser, "estimate")
    browser.find_element(By.ID, "estimate-personDays").send_keys("3")
    submit_action(browser, "estimate")
    assert "3 person-days" in browser.find_element(By.CSS_SELECTOR, ".facts-card").text
    form = open_action(browser, "requirement-route")
    assert "product team" in form.text.lower()
    Select(browser.find_element(By.ID, "requirement-route-unit")).select_by_index(1)
    click_and_wait(browser, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert browser.find_element(By.ID, "requirement-stage").text == "With product team"
    assert "less urgent" in browser.find_element(By.CSS_SELECTOR, ".badges").text.lower()
    assert "requirement routing" in timeline_text(browser).lower()
    shoot(browser, screenshots, "requirement-routed")
    browser.get(f"{server}/requirements")
    assert f"#{number}" in browser.find_element(By.ID, "requirement-report").text
