"""The supporter's ticket page in a real Chromium: a ticket with ten history entries fits in
about one and a half screens at 1280x800, every frequent action works without JavaScript, and
at 360 px nothing overflows sideways. Screenshots at both widths."""
import shutil
import time

import pytest
import requests
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import make_driver
from test_web import ALICE, PASSWORD, TRIAGE, open_action, shoot, sign_in, submit_action, timeline_text


def api(base, email):
    token = requests.post(base + "/api/v1/tokens", json={"email": email, "password": PASSWORD}, timeout=10).json()["token"]
    session = requests.Session()
    session.headers["Authorization"] = "Bearer " + token
    return session


def ticket_with_ten_entries(base):
    """Filed by Alice, worked by first line: opened, notes, replies and status changes."""
    alice, triage = api(base, ALICE), api(base, TRIAGE)
    filed = alice.post(base + "/api/v1/tickets", timeout=10, json={
        "subject": "Jobs on CE-03 stay in the queue for hours (%d)" % int(time.time()),
        "description": "Since Monday our jobs wait for hours on ce-03.example.org. The other CEs are fine.\n"
                       "Batch system: HTCondor 10.x. VO: atlas."})
    assert filed.status_code == 201, filed.text
    number = filed.json()["id"]

    def ok(response):
        assert response.status_code in (200, 201), response.text

    url = f"{base}/api/v1/tickets/{number}"
    ok(triage.post(url + "/comments", json={"body": "Probably the CE's blah parser again.", "visibility": "internal"}))
    ok(triage.post(url + "/status", json={"status": "in-progress", "note": "We are looking at the CE's logs."}))
    ok(triage.post(url + "/comments", json={"body": "Could you send the output of condor_q -better-analyze for one job?"}))
    ok(triage.post(url + "/status", json={"status": "waiting-for-reply"}))
    ok(alice.post(url + "/comments", json={"body": "Here it is: 0 of 120 machines match the job's requirements."}))
    ok(triage.post(url + "/comments", json={"body": "Requirements mention a memory the CE does not advertise.", "visibility": "internal"}))
    ok(triage.post(url + "/comments", json={"body": "The CE advertises 2 GB per slot; your jobs ask for 4 GB. Can you lower it?"}))
    ok(alice.post(url + "/comments", json={"body": "Lowered to 2 GB; the jobs run now."}))
    events = triage.get(url + "/events", timeout=10).json()
    assert len(events) >= 10, len(events)
    return number


@pytest.fixture
def desktop():
    # A viewport of exactly 1280x800, whatever Chromium's window frame takes.
    driver = make_driver(1280, 900)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False})
    yield driver
    driver.quit()


@pytest.fixture
def no_script():
    """Chromium with JavaScript switched off: the page must work with forms and <details> alone."""
    options = webdriver.ChromeOptions()
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900"]:
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    yield driver
    driver.quit()


def test_the_supporter_ticket_page_fits_in_one_and_a_half_screens(server, desktop, phone, screenshots):
    number = ticket_with_ten_entries(server)
    sign_in(desktop, server, TRIAGE)
    desktop.get(f"{server}/tickets/{number}")
    entries = desktop.find_elements(By.CSS_SELECTOR, "#timeline .entry")
    assert len(entries) >= 10, len(entries)
    # The frequent actions are one click away, the rest in the side panel, all closed.
    for action in ["note", "status", "assign"]:
        element = desktop.find_element(By.ID, f"action-{action}")
        assert element.tag_name == "details" and element.get_attribute("open") is None, action
    assert desktop.find_element(By.ID, "action-reply").is_displayed()
    height = desktop.execute_script("return document.documentElement.scrollHeight")
    viewport = desktop.execute_script("return window.innerHeight")
    assert viewport == 800, viewport
    assert height <= 1.5 * viewport, f"the ticket page is {height}px tall, {height / viewport:.2f} screens"
    print(f"\nsupporter ticket page with {len(entries)} entries: {height}px at 1280x800 ({height / viewport:.2f} screens)")
    shoot(desktop, screenshots, "ticket-supporter-desktop")

    sign_in(phone, server, TRIAGE)
    phone.get(f"{server}/tickets/{number}")
    width = phone.execute_script("return document.documentElement.scrollWidth")
    assert width <= 361, f"the ticket page is {width}px wide at 360"
    open_action(phone, "status")
    assert phone.find_element(By.CSS_SELECTOR, "#action-status select[name=status]").is_displayed()
    assert phone.execute_script("return document.documentElement.scrollWidth") <= 361
    shoot(phone, screenshots, "ticket-supporter-phone")


def test_every_frequent_action_works_without_javascript(server, no_script, screenshots):
    number = ticket_with_ten_entries(server)
    browser = no_script
    sign_in(browser, server, TRIAGE)
    # Scripts are off: the list's "j" shortcut marks no row.
    browser.get(f"{server}/search")
    browser.find_element(By.TAG_NAME, "body").send_keys("j")
    assert browser.find_elements(By.CSS_SELECTOR, "table.tickets tr.current") == []
    browser.get(f"{server}/tickets/{number}")

    open_action(browser, "note")
    browser.find_element(By.CSS_SELECTOR, "#action-note textarea").send_keys("No-script note: checked the CE's config.")
    submit_action(browser, "note")
    assert "No-script note" in timeline_text(browser)

    # An empty status choice is refused at the field, the form comes back open.
    submit_action(browser, "status")
    status = browser.find_element(By.ID, "action-status")
    assert status.get_attribute("open") is not None and "Choose a status." in status.text
    Select(browser.find_element(By.CSS_SELECTOR, "#action-status select[name=status]")).select_by_value("on-hold")
    submit_action(browser, "status")
    assert "On hold" in browser.find_element(By.CSS_SELECTOR, ".badges").text

    browser.find_element(By.CSS_SELECTOR, "#action-reply textarea").send_keys("No-script reply: we keep it on hold until the upgrade.")
    submit_action(browser, "reply")
    assert "No-script reply" in timeline_text(browser)

    open_action(browser, "assign")
    Select(browser.find_element(By.CSS_SELECTOR, "#action-assign select[name=supportUnit]")).select_by_visible_text("DMSU")
    submit_action(browser, "assign")
    assert "assigned it from TPM to DMSU" in timeline_text(browser)
    shoot(browser, screenshots, "ticket-no-script")
