#!/usr/bin/env python3
"""Times web pages and API lists against a running Switchboard (a benchmark, not a test).

    switchboard demo && switchboard benchmark-data --tickets 100000 && switchboard serve
    python3 scripts/benchmark-pages.py http://127.0.0.1:8080

Signs in as the demo's first-line supporter, then requests each page REPEAT times one after
the other and prints the median and 95th percentile of the server's answer time."""
import re
import statistics
import sys
import time

import requests

base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080"
repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 40
session = requests.Session()
page = session.get(base + "/sign-in")
csrf = re.search(r'name="_csrf" value="([^"]+)"', page.text).group(1)
response = session.post(base + "/sign-in", data={"_csrf": csrf, "email": "triage@helpdesk.example.org", "password": "switchboard-demo"})
assert "Sign out" in response.text, "sign-in failed"
token = requests.post(base + "/api/v1/tokens", json={"email": "triage@helpdesk.example.org", "password": "switchboard-demo"}).json()["token"]
count = requests.get(base + "/api/v1/tickets?limit=1&sort=-id", headers={"Authorization": f"Bearer {token}"}).json()["items"][0]["id"]
middle = count // 2

targets = [
    ("search page, 50 tickets, newest first", "/search", session, {}),
    ("search page, 50 open tickets by priority", "/search?status=new,assigned,in-progress&sort=-priority", session, {}),
    ("search page, words in the subject", "/search?text=dcache%20pool", session, {}),
    ("dashboard (counts + two lists)", "/tickets", session, {}),
    (f"ticket page #{middle}", f"/tickets/{middle}", session, {}),
    ("API list, 50 tickets", "/api/v1/tickets?limit=50", requests, {"Authorization": f"Bearer {token}"}),
]
print(f"{count} tickets in the database; {repeat} requests per row, one at a time\n")
print(f"{'what':48} {'median ms':>10} {'p95 ms':>8} {'rows':>5}")
for name, path, client, headers in targets:
    times = []
    rows = 0
    for _ in range(repeat):
        started = time.perf_counter()
        answer = client.get(base + path, headers=headers)
        times.append((time.perf_counter() - started) * 1000)
        assert answer.status_code == 200, (path, answer.status_code)
        rows = answer.text.count('<td class="number">') or answer.text.count('"subject"')
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    print(f"{name:48} {statistics.median(times):10.1f} {p95:8.1f} {rows:5d}")
