"""The release process in the browser: a product team records a fix, the release unit sees the
ticket wait, a repository sync finds the release in production, and the submitter sees the
ticket closed with the release named. The repository is real: an RPM built with rpmbuild,
metadata by createrepo_c, served over HTTP on a loopback port."""
import os
import shutil
import subprocess
import tempfile

import pytest
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import Server, free_port
from test_web import ALICE, DCACHE, PASSWORD, TRIAGE, click_and_wait, open_action, shoot, sign_in, submit_action, timeline_text

RELEASE = "release@helpdesk.example.org"

SPEC = """Name: %{pkgname}
Version: %{pkgversion}
Release: %{pkgrelease}
Summary: A package for the release test
License: MIT
BuildArch: noarch
%description
A package for the release test.
%files
"""


class Repository:
    def __init__(self):
        self.work = tempfile.mkdtemp(prefix="switchboard-repo-")
        self.folder = os.path.join(self.work, "repo")
        os.makedirs(self.folder)
        self.publish()
        port = free_port()
        self.server = subprocess.Popen(["python3", "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", self.folder],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.url = f"http://127.0.0.1:{port}/"

    def add(self, name, version, release):
        spec = os.path.join(self.work, "package.spec")
        with open(spec, "w") as file:
            file.write(SPEC)
        subprocess.run(["rpmbuild", "-bb", "--quiet", "--define", f"_topdir {self.work}/build", "--define", f"_rpmdir {self.folder}",
                        "--define", f"pkgname {name}", "--define", f"pkgversion {version}", "--define", f"pkgrelease {release}", spec],
                       check=True, capture_output=True)
        self.publish()

    def publish(self):
        subprocess.run(["createrepo_c", "-q", "--general-compress-type=gz", self.folder], check=True)

    def stop(self):
        self.server.kill()
        shutil.rmtree(self.work, ignore_errors=True)


@pytest.fixture(scope="module")
def repository():
    running = Repository()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def release_server(repository):
    running = Server({"SWITCHBOARD_RELEASE_REPOSITORIES": f"UMD-5 el9 base | in-production | {repository.url}"})
    yield running.base
    running.stop()


def api_token(base, email):
    response = requests.post(base + "/api/v1/tokens", json={"email": email, "password": PASSWORD}, timeout=10)
    response.raise_for_status()
    return {"Authorization": "Bearer " + response.json()["token"]}


def test_a_fix_waits_for_its_release_and_the_sync_closes_it(release_server, repository, browser, screenshots):
    base = release_server
    # Alice files a ticket through the form, naming the catalogue component.
    sign_in(browser, base, ALICE)
    browser.get(base + "/tickets/new")
    assert browser.find_element(By.ID, "component-suggestions").get_attribute("innerHTML").count("dcache") >= 1
    browser.find_element(By.ID, "field-subject").send_keys("dCache pools drop xroot transfers at midnight")
    browser.find_element(By.ID, "field-description").send_keys("Every night the xroot door drops running transfers.")
    browser.find_element(By.ID, "field-component").send_keys("dcache")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/tickets/new'] button[type=submit]"))
    ticket = int(browser.current_url.rstrip("/").split("/")[-1])
    # First line routes it to dCache (through the API: the routing form has its own test).
    routed = requests.post(f"{base}/api/v1/tickets/{ticket}/assignment", json={"supportUnit": "dCache"}, headers=api_token(base, TRIAGE), timeout=10)
    assert routed.status_code == 200, routed.text

    # The dCache team records the released fix on the ticket page.
    sign_in(browser, base, DCACHE)
    browser.get(f"{base}/tickets/{ticket}")
    open_action(browser, "fix")
    Select(browser.find_element(By.CSS_SELECTOR, "#action-fix select[name=component]")).select_by_value("dcache")
    browser.find_element(By.CSS_SELECTOR, "#action-fix input[name=version]").send_keys("9.2.16")
    submit_action(browser, "fix")
    assert "The fix is released in dcache 9.2.16" in timeline_text(browser)
    assert "UMD Release" in browser.page_source
    shoot(browser, screenshots, "release-fix-recorded")

    # The release unit sees it waiting, by component and version.
    sign_in(browser, base, RELEASE)
    browser.get(base + "/releases")
    queue = browser.find_element(By.ID, "queue").text
    assert f"#{ticket}" in queue and "9.2.16" in queue, queue
    shoot(browser, screenshots, "releases-queue")

    # The release reaches the production repository; a sync closes the ticket.
    repository.add("dcache", "9.2.16", "1.el9")
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[normalize-space()='Sync now']"), seconds=60)
    assert "closed" in browser.find_element(By.CSS_SELECTOR, ".notice").text
    assert f"#{ticket}" not in browser.page_source.split("Repositories")[0], "it no longer waits"
    shoot(browser, screenshots, "releases-synced")

    # Alice sees her ticket closed, with the release named and linked.
    sign_in(browser, base, ALICE)
    browser.get(f"{base}/tickets/{ticket}")
    assert browser.find_elements(By.CSS_SELECTOR, ".badge.status-closed"), "the ticket shows its status: closed"
    timeline = timeline_text(browser)
    assert "dcache 9.2.16-1.el9" in timeline, timeline
    assert "/releases/" in browser.page_source
    shoot(browser, screenshots, "release-closed-for-submitter")
