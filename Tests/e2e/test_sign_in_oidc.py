"""Federated sign-in in a real Chromium, through the login page of a real OpenID Connect
provider (oidc-provider-mock on a loopback port): a first sign-in creates the account with the
VO its entitlements name; an address that belongs to a local account is linked only with that
account's password; a provider that is down is said on the sign-in page, and passwords still work."""
import os
import subprocess
import sys
import time

import pytest
import requests
from selenium.webdriver.common.by import By

from conftest import Server, free_port
from test_web import ALICE, PASSWORD, click_and_wait, shoot, sign_in

CLIENT_SECRET = "e2e-client-secret-never-shown"


class Provider:
    """oidc-provider-mock, started for this module; it ignores SIGTERM while serving, so it is killed."""

    def __init__(self):
        self.port = free_port()
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen([sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1", "--port", str(self.port)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                if requests.get(self.issuer + "/.well-known/openid-configuration", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("oidc-provider-mock did not start")

    def set_user(self, sub, claims):
        assert requests.put(f"{self.issuer}/users/{sub}", json=claims, timeout=5).status_code == 204

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="module")
def federated():
    provider = Provider()
    port = free_port()
    server = Server(extra_env={
        "SWITCHBOARD_OIDC_ISSUER": provider.issuer, "SWITCHBOARD_OIDC_CLIENT_ID": "switchboard",
        "SWITCHBOARD_OIDC_CLIENT_SECRET": CLIENT_SECRET, "SWITCHBOARD_OIDC_NAME": "EGI Check-in",
        "SWITCHBOARD_PUBLIC_URL": f"http://127.0.0.1:{port}", "LOG_LEVEL": "info",
    }, port=port)
    yield provider, server
    server.stop()
    provider.stop()


def sign_in_at_provider(browser, sub):
    """On the provider's login page: the subject typed, "Authorize" pressed."""
    assert "Authorize Client" in browser.page_source, browser.page_source[:1000]
    browser.find_element(By.NAME, "sub").send_keys(sub)
    click_and_wait(browser, browser.find_element(By.XPATH, "//button[normalize-space()='Authorize']"))


def test_a_first_sign_in_creates_the_account_with_its_vo(federated, browser, screenshots):
    provider, server = federated
    provider.set_user("carol-e2e@egi.eu", {"email": "carol@cern.example.ch", "email_verified": True, "name": "Carol Physicist",
                                           "eduperson_entitlement": ["urn:mace:egi.eu:group:atlas:role=member#aai.egi.eu"]})
    browser.delete_all_cookies()
    browser.get(server.base + "/tickets/new")
    assert "/sign-in" in browser.current_url
    shoot(browser, screenshots, "sign-in-with-provider")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Sign in with EGI Check-in"))
    assert browser.current_url.startswith(provider.issuer + "/oauth2/authorize"), browser.current_url
    sign_in_at_provider(browser, "carol-e2e@egi.eu")

    assert browser.current_url == server.base + "/tickets/new", browser.current_url
    assert browser.find_element(By.ID, "field-vo").get_attribute("value") == "atlas", "her one VO is the ticket's"
    browser.get(server.base + "/account")
    account = browser.find_element(By.TAG_NAME, "main").text
    assert "carol@cern.example.ch" in account and "EGI Check-in (carol-e2e@egi.eu)" in account and "atlas" in account
    assert "Change password" not in account
    shoot(browser, screenshots, "account-federated")
    # The client secret appears in no page and no log line.
    assert CLIENT_SECRET not in browser.page_source
    with open(server.log_path) as log:
        assert CLIENT_SECRET not in log.read()


def test_a_local_accounts_address_links_only_with_its_password(federated, browser, screenshots):
    provider, server = federated
    provider.set_user("alice-e2e@egi.eu", {"email": ALICE, "email_verified": True, "name": "Somebody"})
    browser.delete_all_cookies()
    browser.get(server.base + "/sign-in")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Sign in with EGI Check-in"))
    sign_in_at_provider(browser, "alice-e2e@egi.eu")
    assert browser.current_url == server.base + "/sign-in/link", browser.current_url
    assert f"An account for {ALICE} exists here already" in browser.page_source
    # Not signed in yet: the link waits for the password.
    browser.find_element(By.ID, "field-password").send_keys("not the password")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/sign-in/link'] button[type=submit]"))
    assert "The password is wrong." in browser.page_source
    shoot(browser, screenshots, "link-identity")
    browser.get(server.base + "/account")
    assert "/sign-in" in browser.current_url, "a wrong password signs nobody in"

    # The owner: her password links the identity; from then on the provider signs her in directly.
    browser.get(server.base + "/sign-in")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Sign in with EGI Check-in"))
    sign_in_at_provider(browser, "alice-e2e@egi.eu")
    browser.find_element(By.ID, "field-password").send_keys(PASSWORD)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/sign-in/link'] button[type=submit]"))
    browser.get(server.base + "/account")
    assert ALICE in browser.find_element(By.TAG_NAME, "main").text and "alice-e2e@egi.eu" in browser.page_source
    browser.delete_all_cookies()
    browser.get(server.base + "/sign-in")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Sign in with EGI Check-in"))
    sign_in_at_provider(browser, "alice-e2e@egi.eu")
    assert "/sign-in" not in browser.current_url, browser.current_url


def test_a_provider_that_is_down_is_said_and_passwords_still_work(federated, browser, screenshots):
    provider, server = federated
    provider.stop()
    browser.delete_all_cookies()
    browser.get(server.base + "/sign-in")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, "Sign in with EGI Check-in"), seconds=30)
    assert "EGI Check-in cannot be reached at the moment" in browser.page_source
    shoot(browser, screenshots, "sign-in-provider-down")
    sign_in(browser, server.base, ALICE)
    assert "/sign-in" not in browser.current_url
