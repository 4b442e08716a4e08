"""Fixtures for the browser tests: a real `switchboard serve --demo` on a loopback port with a
fresh SQLite file, and a headless Chromium driven by selenium."""
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`switchboard serve --demo` on a free loopback port with a fresh SQLite file."""

    def __init__(self, extra_env=None, port=None):
        binary = os.environ.get("SWITCHBOARD_BINARY", ".build/debug/switchboard")
        self.workdir = tempfile.mkdtemp(prefix="switchboard-e2e-")
        port = port or free_port()
        env = dict(os.environ)
        empty_settings = os.path.join(self.workdir, "empty.env")
        open(empty_settings, "w").close()
        env.update({
            # Not the machine's /etc/switchboard/switchboard.env, if it has one.
            "SWITCHBOARD_CONFIG_FILE": empty_settings,
            "SWITCHBOARD_SQLITE_PATH": os.path.join(self.workdir, "e2e.sqlite"),
            "SWITCHBOARD_PORT": str(port),
            "SWITCHBOARD_HOST": "127.0.0.1",
            "SWITCHBOARD_PASSWORD_COST": "8",
            "LOG_LEVEL": "warning",
        })
        env.update(extra_env or {})
        env.pop("DATABASE_URL", None)
        self.log_path = os.path.join(self.workdir, "server.log")
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen([binary, "serve", "--demo"], env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.base = f"http://127.0.0.1:{port}"
        deadline = time.time() + 90
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(self.base + "/ready", timeout=1) as response:
                    if response.status == 200:
                        return
            except Exception:
                if self.process.poll() is not None:
                    raise RuntimeError("switchboard exited: " + open(os.path.join(self.workdir, "server.log")).read())
                time.sleep(0.3)
        self.process.kill()
        raise RuntimeError("switchboard did not become ready")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()
        shutil.rmtree(self.workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def server():
    running = Server()
    yield running.base
    running.stop()


@pytest.fixture(scope="session")
def screenshots():
    folder = os.path.abspath(os.environ.get("SWITCHBOARD_SCREENSHOTS", "screenshots"))
    os.makedirs(folder, exist_ok=True)
    print(f"\nScreenshots go to {folder}")
    return folder


def make_driver(width=1280, height=900):
    options = webdriver.ChromeOptions()
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", f"--window-size={width},{height}"]:
        options.add_argument(argument)
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    options.binary_location = chromium
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    if width < 500:
        # Chromium keeps windows at least 500 px wide; a phone's viewport is emulated instead.
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": True})
    return driver


@pytest.fixture
def browser():
    driver = make_driver()
    yield driver
    driver.quit()


@pytest.fixture
def phone():
    driver = make_driver(360, 780)
    yield driver
    driver.quit()
