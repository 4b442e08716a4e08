"""End-to-end tests of the web interface in a real headless Chromium against a real server."""
import os
import re
import time

import requests
from selenium.common.exceptions import NoAlertPresentException, StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select, WebDriverWait

PASSWORD = "switchboard-demo"
ALICE = "alice@physics.example.edu"
BOB = "bob@grid-site.example.net"
TRIAGE = "triage@helpdesk.example.org"
EXPERT = "expert@helpdesk.example.org"
DCACHE = "dcache-dev@helpdesk.example.org"
XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = '"><img src=x onerror=alert(1)>'


def click_and_wait(driver, element, seconds=15):
    """Clicks a submit button and waits until the next page has replaced this one."""
    page = driver.find_element(By.TAG_NAME, "html")
    element.click()

    def replaced(_):
        # Chromium reports a node of the old document either as stale or, since version 156
        # at times, as "does not belong to the document": both mean the page was replaced.
        try:
            page.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            if "does not belong to the document" in str(error):
                return True
            raise

    WebDriverWait(driver, seconds).until(replaced)


def sign_in(driver, base, email):
    driver.delete_all_cookies()
    driver.get(base + "/sign-in")
    driver.find_element(By.ID, "field-email").send_keys(email)
    driver.find_element(By.ID, "field-password").send_keys(PASSWORD)
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/sign-in'] button[type=submit]"))
    assert "/sign-in" not in driver.current_url, driver.page_source[:2000]


def shoot(driver, folder, name):
    driver.save_screenshot(os.path.join(folder, name + ".png"))


def no_alert(driver):
    try:
        driver.switch_to.alert
    except NoAlertPresentException:
        return True
    return False


def ticket_number(driver):
    match = re.search(r"/tickets/(\d+)", driver.current_url)
    assert match, driver.current_url
    return int(match.group(1))


def open_action(driver, action):
    """Opens an action: the action bar and the side panel keep their forms in closed <details>."""
    element = driver.find_element(By.ID, f"action-{action}")
    if element.tag_name == "details" and element.get_attribute("open") is None:
        element.find_element(By.TAG_NAME, "summary").click()
    return element


def submit_action(driver, action, seconds=15):
    open_action(driver, action)
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, f"#action-{action} button[type=submit]"), seconds)


def timeline_text(driver):
    return driver.find_element(By.ID, "timeline").text


def test_ticket_journey_through_the_tiers(server, browser, screenshots, tmp_path):
    base = server
    # A submitter files a ticket.
    sign_in(browser, base, ALICE)
    shoot(browser, screenshots, "01-my-tickets")
    browser.get(base + "/tickets/new")
    browser.find_element(By.ID, "field-subject").send_keys("SRM transfers to DESY-HH time out")
    browser.find_element(By.ID, "field-description").send_keys("srmcp times out since 08:00 UTC.\nThe pool logs show nothing.")
    Select(browser.find_element(By.ID, "field-priority")).select_by_value("urgent")
    browser.find_element(By.ID, "field-vo").send_keys("atlas")
    shoot(browser, screenshots, "02-new-ticket")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/tickets/new'] button[type=submit]"))
    number = ticket_number(browser)
    assert "SRM transfers to DESY-HH time out" in browser.find_element(By.TAG_NAME, "h1").text
    assert "TPM" in browser.page_source

    # First line routes it to second line.
    sign_in(browser, base, TRIAGE)
    shoot(browser, screenshots, "03-dashboard-first-line")
    browser.get(f"{base}/tickets/{number}")
    open_action(browser, "assign")
    Select(browser.find_element(By.CSS_SELECTOR, "#action-assign select[name=supportUnit]")).select_by_visible_text("DMSU")
    open_action(browser, "assign")
    browser.find_element(By.CSS_SELECTOR, "#action-assign textarea[name=note]").send_keys("Looks like a dCache problem.")
    submit_action(browser, "assign")
    assert "assigned it from TPM to DMSU" in timeline_text(browser)
    # First line keeps an eye on it by mail.
    submit_action(browser, "subscribe")
    open_action(browser, "unsubscribe")
    assert "You are subscribed" in browser.find_element(By.ID, "action-unsubscribe").text

    # Second line writes an internal note and asks the submitter.
    sign_in(browser, base, EXPERT)
    browser.get(f"{base}/tickets/{number}")
    open_action(browser, "note")
    browser.find_element(By.CSS_SELECTOR, "#action-note textarea").send_keys("INTERNAL: same pool as ticket 12, probably the 2.6 upgrade.")
    submit_action(browser, "note")
    open_action(browser, "status")
    Select(browser.find_element(By.CSS_SELECTOR, "#action-status select[name=status]")).select_by_value("waiting-for-reply")
    open_action(browser, "status")
    browser.find_element(By.CSS_SELECTOR, "#action-status textarea[name=note]").send_keys("Which dCache version does the site run?")
    submit_action(browser, "status")
    assert "Waiting for reply" in browser.find_element(By.CSS_SELECTOR, ".badges").text
    assert "INTERNAL: same pool" in timeline_text(browser)
    shoot(browser, screenshots, "04-ticket-supporter")

    # The submitter sees the question but not the internal note, and replies.
    sign_in(browser, base, ALICE)
    browser.get(f"{base}/tickets/{number}")
    assert "Which dCache version does the site run?" in timeline_text(browser)
    assert "INTERNAL" not in browser.page_source
    assert "internal note" not in timeline_text(browser)
    shoot(browser, screenshots, "05-ticket-submitter")
    browser.find_element(By.CSS_SELECTOR, "#action-reply textarea").send_keys("We run dCache 2.6.1.")
    submit_action(browser, "reply")
    assert "In progress" in browser.find_element(By.CSS_SELECTOR, ".badges").text
    # She attaches the log as Chromium uploads files (its own multipart framing); the file comes
    # back byte for byte, under its name.
    log = tmp_path / "srm-zählung.log"
    content = b"srmcp: timeout\r\n------WebKitFormBoundary\r\n\xff\x00\xc2\xb8 end\n"
    log.write_bytes(content)
    open_action(browser, "attach")
    browser.find_element(By.CSS_SELECTOR, "#action-attach input[type=file]").send_keys(str(log))
    submit_action(browser, "attach")
    link = browser.find_element(By.LINK_TEXT, "srm-zählung.log")
    session = requests.Session()
    for cookie in browser.get_cookies():
        session.cookies.set(cookie["name"], cookie["value"])
    download = session.get(link.get_attribute("href"))
    assert download.status_code == 200 and download.content == content
    assert "filename*=UTF-8''srm-z%C3%A4hlung.log" in download.headers["Content-Disposition"]

    # Second line hands it to the product team, which solves it.
    sign_in(browser, base, EXPERT)
    browser.get(f"{base}/tickets/{number}")
    open_action(browser, "assign")
    Select(browser.find_element(By.CSS_SELECTOR, "#action-assign select[name=supportUnit]")).select_by_visible_text("dCache")
    open_action(browser, "assign")
    browser.find_element(By.CSS_SELECTOR, "#action-assign textarea[name=note]").send_keys("Reproduce with srmcp against a 2.6.1 pool.")
    submit_action(browser, "assign")
    assert "assigned it from DMSU to dCache" in timeline_text(browser)
    sign_in(browser, base, DCACHE)
    browser.get(f"{base}/tickets/{number}")
    open_action(browser, "status")
    Select(browser.find_element(By.CSS_SELECTOR, "#action-status select[name=status]")).select_by_value("solved")
    open_action(browser, "status")
    browser.find_element(By.CSS_SELECTOR, "#action-status textarea[name=note]").send_keys("Fixed in dCache 2.6.3.")
    submit_action(browser, "status")
    assert "Solved" in browser.find_element(By.CSS_SELECTOR, ".badges").text

    # The submitter verifies the solution.
    sign_in(browser, base, ALICE)
    browser.get(f"{base}/tickets/{number}")
    open_action(browser, "status")
    Select(browser.find_element(By.CSS_SELECTOR, "#action-status select[name=status]")).select_by_value("verified")
    submit_action(browser, "status")
    assert "Verified" in browser.find_element(By.CSS_SELECTOR, ".badges").text
    assert browser.find_elements(By.ID, "actions") == [], "a verified ticket offers no actions"
    assert "INTERNAL" not in browser.page_source


def test_hostile_text_renders_as_text(server, browser, screenshots):
    base = server
    sign_in(browser, base, ALICE)
    browser.get(base + "/tickets/new")
    browser.find_element(By.ID, "field-subject").send_keys(XSS_SCRIPT + XSS_IMG)
    browser.find_element(By.ID, "field-description").send_keys(XSS_IMG + " " + XSS_SCRIPT)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/tickets/new'] button[type=submit]"))
    number = ticket_number(browser)
    browser.find_element(By.CSS_SELECTOR, "#action-reply textarea").send_keys(XSS_IMG + XSS_SCRIPT)
    submit_action(browser, "reply")
    assert no_alert(browser)
    assert browser.find_element(By.TAG_NAME, "h1").text == XSS_SCRIPT + XSS_IMG
    assert XSS_IMG + XSS_SCRIPT in timeline_text(browser)
    assert browser.find_elements(By.CSS_SELECTOR, "main img") == []
    assert browser.find_elements(By.CSS_SELECTOR, "main script") == []
    assert browser.title.startswith(f"#{number} {XSS_SCRIPT}")
    # The dashboard and search list it as text too.
    for path in ["/tickets", "/search?text=script"]:
        browser.get(base + path)
        assert no_alert(browser)
        assert browser.find_elements(By.CSS_SELECTOR, "main img") == []
        assert XSS_SCRIPT + XSS_IMG in browser.find_element(By.TAG_NAME, "main").text
    shoot(browser, screenshots, "06-hostile-text")


def session_for(browser, base, email):
    """A requests session carrying the browser's session cookie."""
    sign_in(browser, base, email)
    session = requests.Session()
    for cookie in browser.get_cookies():
        session.cookies.set(cookie["name"], cookie["value"])
    return session


def test_a_form_post_without_the_csrf_token_is_refused(server, browser):
    base = server
    session = session_for(browser, base, ALICE)
    before = session.get(base + "/tickets").text
    response = session.post(base + "/tickets/new", data={"subject": "forged", "description": "forged"}, allow_redirects=False)
    assert response.status_code == 403
    assert "did not come from this site" in response.text
    response = session.post(base + "/tickets/new", data={"_csrf": "wrong", "subject": "forged", "description": "forged"}, allow_redirects=False)
    assert response.status_code == 403
    assert "forged" not in session.get(base + "/tickets").text
    assert before.count("<tr>") == session.get(base + "/tickets").text.count("<tr>")


def test_another_submitters_ticket_is_not_found(server, browser):
    base = server
    sign_in(browser, base, BOB)
    browser.get(base + "/tickets")
    bobs = {int(n) for n in re.findall(r'href="/tickets/(\d+)"', browser.page_source)}
    sign_in(browser, base, ALICE)
    browser.get(base + "/tickets")
    alices = {int(n) for n in re.findall(r'href="/tickets/(\d+)"', browser.page_source)}
    assert alices and bobs and not (alices & bobs)
    target = sorted(alices)[0]
    session = session_for(browser, base, BOB)
    response = session.get(f"{base}/tickets/{target}")
    assert response.status_code == 404
    assert "Not found" in response.text


def test_validation_errors_keep_the_values(server, browser, screenshots):
    base = server
    sign_in(browser, base, ALICE)
    browser.get(base + "/tickets/new")
    browser.find_element(By.ID, "field-description").send_keys("Description kept")
    browser.find_element(By.ID, "field-vo").send_keys("biomed")
    browser.find_element(By.ID, "field-cc").send_keys("not-an-address")
    # Past the browser's own check of required fields, to the server's.
    page = browser.find_element(By.TAG_NAME, "html")
    browser.execute_script("document.querySelector(\"form[action='/tickets/new']\").submit()")
    WebDriverWait(browser, 15).until(expected_conditions.staleness_of(page))
    assert "Please correct" in browser.page_source, browser.page_source[:3000]
    assert browser.find_element(By.ID, "field-subject-error").text == "A subject is required."
    assert "not an email address" in browser.find_element(By.ID, "field-cc-error").text
    assert browser.find_element(By.ID, "field-description").get_attribute("value") == "Description kept"
    assert browser.find_element(By.ID, "field-vo").get_attribute("value") == "biomed"
    shoot(browser, screenshots, "07-form-errors")


def test_sign_in_is_rate_limited_per_account(server, browser):
    base = server
    for _ in range(5):
        browser.delete_all_cookies()
        browser.get(base + "/sign-in")
        browser.find_element(By.ID, "field-email").send_keys(BOB)
        browser.find_element(By.ID, "field-password").send_keys("wrong password")
        click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/sign-in'] button[type=submit]"))
        assert "wrong" in browser.find_element(By.CSS_SELECTOR, ".notice.error").text
    browser.delete_all_cookies()
    browser.get(base + "/sign-in")
    browser.find_element(By.ID, "field-email").send_keys(BOB)
    browser.find_element(By.ID, "field-password").send_keys(PASSWORD)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/sign-in'] button[type=submit]"))
    assert "Too many failed attempts" in browser.find_element(By.CSS_SELECTOR, ".notice.error").text


def test_pages_look_right(server, browser, phone, screenshots):
    base = server
    sign_in(browser, base, EXPERT)
    pages = {"08-search": "/search?status=assigned,in-progress", "09-units": "/units", "10-account": "/account",
             "20-missed-targets": "/response-violations"}
    for name, path in pages.items():
        browser.get(base + path)
        assert browser.find_elements(By.CSS_SELECTOR, "main h1")
        shoot(browser, screenshots, name)
    # The search form shows the state its address holds, and its pages keep it.
    browser.get(base + "/search?status=assigned,in-progress&limit=5")
    chosen = [o.get_attribute("value") for o in Select(browser.find_element(By.ID, "field-status")).all_selected_options]
    assert chosen == ["assigned", "in-progress"]
    statuses = {e.text for e in browser.find_elements(By.CSS_SELECTOR, "table.tickets .badge[class*=status-]")}
    assert statuses <= {"Assigned", "In progress"} and statuses
    next_links = browser.find_elements(By.CSS_SELECTOR, "a[rel=next]")
    if next_links:
        click_and_wait(browser, next_links[0])
        assert "status=assigned" in browser.current_url and "cursor=" in browser.current_url
        assert [o.get_attribute("value") for o in Select(browser.find_element(By.ID, "field-status")).all_selected_options] == ["assigned", "in-progress"]
    browser.get(base + "/tickets/1")
    shoot(browser, screenshots, "11-demo-ticket")
    sign_in(browser, base, "admin@helpdesk.example.org")
    browser.get(base + "/admin/users")
    shoot(browser, screenshots, "12-admin-users")
    browser.get(base + "/units")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "dCache"))
    shoot(browser, screenshots, "13-unit")
    browser.get(base + "/admin/mail")
    assert "Received lately" in browser.page_source
    shoot(browser, screenshots, "21-admin-mail")
    browser.get(base + "/no-such-page")
    assert "Not found" in browser.page_source
    shoot(browser, screenshots, "14-not-found")
    # At 360 px nothing overflows sideways.
    sign_in(phone, base, EXPERT)
    for name, path in {"15-phone-dashboard": "/tickets", "16-phone-ticket": "/tickets/3",
                       "22-phone-missed-targets": "/response-violations"}.items():
        phone.get(base + path)
        width = phone.execute_script("return document.documentElement.scrollWidth")
        assert width <= 360 + 1, f"{path} is {width}px wide"
        shoot(phone, screenshots, name)


def test_the_sweep_agenda_in_the_browser(server, browser, phone, screenshots):
    base = server
    sign_in(browser, base, EXPERT)
    browser.get(base + "/units")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "DMSU"))
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Sweep agenda"))
    assert browser.find_element(By.CSS_SELECTOR, "main h1").text == "Sweep: DMSU"
    assert "Next sweep:" in browser.find_element(By.CSS_SELECTOR, "main .lead").text
    rows = browser.find_elements(By.CSS_SELECTOR, "table.sweep tbody tr")
    assert rows, browser.page_source[:2000]
    # Colours are said in words too, and flags name what needs the unit.
    badges = {e.text.split(" ·")[0] for e in browser.find_elements(By.CSS_SELECTOR, "table.sweep .badge.response")}
    assert badges <= {"On time", "Half gone", "Due soon", "Overdue", "Was late"} and badges
    shoot(browser, screenshots, "17-sweep")
    # A progress note for the first ticket lands on the agenda and in the ticket's internal history.
    first = rows[0]
    number = first.get_attribute("id").split("-")[1]
    first.find_element(By.CSS_SELECTOR, "input[name=note]").send_keys("Discussed at the sweep: " + XSS_SCRIPT)
    click_and_wait(browser, first.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert browser.current_url.endswith("/sweep#ticket-" + number)
    assert "Discussed at the sweep: " + XSS_SCRIPT in browser.find_element(By.ID, "ticket-" + number).text
    assert no_alert(browser)
    browser.get(base + "/tickets/" + number)
    assert "noted progress at the sweep" in timeline_text(browser)
    # The service-level table is one click away for supporters.
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Service levels"))
    assert "level-3" in browser.page_source
    shoot(browser, screenshots, "18-service-levels")
    sign_in(phone, base, EXPERT)
    phone.get(browser.current_url.replace("/service-levels", "/units"))
    click_and_wait(phone, phone.find_element(By.LINK_TEXT, "DMSU"))
    click_and_wait(phone, phone.find_element(By.LINK_TEXT, "Sweep agenda"))
    shoot(phone, screenshots, "19-phone-sweep")


def test_long_forms_are_taken_whatever_their_size(server, browser, screenshots, tmp_path):
    """Forms of 2 KB to 10 MB, as Chromium sends them (in many TCP segments): none is refused
    as "expired" (the CSRF check once read a body that had not fully arrived)."""
    base = server
    sign_in(browser, base, ALICE)
    browser.get(base + "/tickets/new")
    browser.find_element(By.ID, "field-subject").send_keys("A long report")
    description = "The transfer log, line by line: " + "srmcp timed out after 300 s. " * 90
    assert len(description) > 2500
    browser.execute_script("arguments[0].value = arguments[1]", browser.find_element(By.ID, "field-description"), description)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/tickets/new'] button[type=submit]"))
    assert "expired" not in browser.page_source
    number = ticket_number(browser)
    assert "srmcp timed out after 300 s." in browser.find_element(By.TAG_NAME, "main").text

    for size in (3000, 64 * 1024):
        reply = ("Reply of %d characters. " % size) + "x" * size
        browser.execute_script("arguments[0].value = arguments[1]", browser.find_element(By.CSS_SELECTOR, "#action-reply textarea"), reply)
        submit_action(browser, "reply")
        assert "expired" not in browser.page_source, size
        assert "Reply of %d characters." % size in timeline_text(browser)

    # A megabyte of text is more than a comment may hold: a clear message, not "expired".
    browser.get(f"{base}/tickets/{number}")
    browser.execute_script("arguments[0].value = arguments[1]", browser.find_element(By.CSS_SELECTOR, "#action-reply textarea"), "y" * (1024 * 1024))
    started = time.time()
    submit_action(browser, "reply", seconds=120)
    print("1 MB reply answered in %.1f s" % (time.time() - started))
    assert "expired" not in browser.page_source
    assert "at most 100000" in browser.page_source

    # Ten megabytes less a little, the attachment limit, as a file.
    browser.get(f"{base}/tickets/{number}")
    large = tmp_path / "pool-dump.bin"
    large.write_bytes(os.urandom(10 * 1024 * 1024 - 512))
    open_action(browser, "attach")
    browser.find_element(By.CSS_SELECTOR, "#action-attach input[type=file]").send_keys(str(large))
    started = time.time()
    submit_action(browser, "attach", seconds=120)
    print("10 MB upload answered in %.1f s" % (time.time() - started))
    assert "expired" not in browser.page_source
    assert browser.find_elements(By.LINK_TEXT, "pool-dump.bin"), browser.page_source[:1500]
    shoot(browser, screenshots, "16-long-forms")
