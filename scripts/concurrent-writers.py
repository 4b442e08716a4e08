#!/usr/bin/env python3
"""Writes to one SQLite helpdesk from two processes at once, as a busy installation does:
`switchboard serve` takes API writes from several clients while the MTA pipes mail into
`switchboard mailgate`. Bounded in time and count; prints what happened and exits 1 if any
API write was answered 5xx or any delivery was deferred (exit 75) or lost.

    scripts/concurrent-writers.py --base http://127.0.0.1:8080 --binary .build/debug/switchboard \
        --sqlite switchboard.sqlite [--seconds 20] [--clients 4]
"""
import argparse
import concurrent.futures
import json
import os
import subprocess
import threading
import time
import urllib.error
import urllib.request

PASSWORD = "switchboard-demo"


def call(base, method, path, token=None, body=None):
    request = urllib.request.Request(base + path, method=method, data=None if body is None else json.dumps(body).encode())
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--binary", required=True)
    parser.add_argument("--sqlite", required=True)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--max-writes", type=int, default=3000)
    parser.add_argument("--max-mails", type=int, default=400)
    args = parser.parse_args()

    status, body = call(args.base, "POST", "/api/v1/tokens", body={"email": "triage@helpdesk.example.org", "password": PASSWORD})
    assert status == 201, (status, body)
    token = json.loads(body)["token"]
    status, body = call(args.base, "GET", "/api/v1/tickets?limit=20&status=in-progress&status=assigned&status=new", token=token)
    tickets = [item["id"] for item in json.loads(body)["items"]]
    assert tickets, body

    deadline = time.time() + args.seconds
    lock = threading.Lock()
    api = {"writes": 0, "5xx": 0, "other": 0}
    mail = {"deliveries": 0, "deferred": 0, "other": 0}
    env = dict(os.environ, SWITCHBOARD_SQLITE_PATH=args.sqlite, SWITCHBOARD_MAILGATE_HOURLY_LIMIT="100000", LOG_LEVEL="error")

    def writer(index):
        count = 0
        while time.time() < deadline:
            with lock:
                if api["writes"] >= args.max_writes:
                    return
            ticket = tickets[(index + count) % len(tickets)]
            status, _ = call(args.base, "POST", f"/api/v1/tickets/{ticket}/comments", token=token,
                             body={"body": f"load {index}-{count}", "visibility": "internal"})
            count += 1
            with lock:
                api["writes"] += 1
                if status >= 500:
                    api["5xx"] += 1
                elif status != 201:
                    api["other"] += 1
                    print("API answered", status)

    def gate():
        count = 0
        while time.time() < deadline and count < args.max_mails:
            message = (f"From: Alice Scientist <alice@physics.example.edu>\r\nSubject: load test {count}\r\n"
                       f"Message-ID: <load-{os.getpid()}-{count}@physics.example.edu>\r\n\r\nMail number {count}.\r\n")
            result = subprocess.run([args.binary, "mailgate"], input=message.encode(), env=env, capture_output=True, timeout=120)
            count += 1
            mail["deliveries"] += 1
            if result.returncode == 75:
                mail["deferred"] += 1
                print("mailgate deferred:", result.stderr.decode()[:300])
            elif result.returncode != 0:
                mail["other"] += 1
                print("mailgate:", result.returncode, result.stderr.decode()[:300])

    started = time.time()
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.clients + 1) as pool:
        futures = [pool.submit(writer, index) for index in range(args.clients)] + [pool.submit(gate)]
        for future in futures:
            future.result()
    elapsed = time.time() - started
    print(f"{elapsed:.1f} s: {api['writes']} API writes from {args.clients} clients "
          f"({api['writes'] / elapsed:.0f}/s; 5xx: {api['5xx']}, other non-201: {api['other']}); "
          f"{mail['deliveries']} mailgate deliveries ({mail['deliveries'] / elapsed:.1f}/s; deferred: {mail['deferred']}, "
          f"other failures: {mail['other']})")
    failed = api["5xx"] or api["other"] or mail["deferred"] or mail["other"] or api["writes"] == 0 or mail["deliveries"] == 0
    raise SystemExit(1 if failed else 0)


if __name__ == "__main__":
    main()
