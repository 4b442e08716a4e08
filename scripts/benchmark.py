#!/usr/bin/env python3
"""The performance benchmark (issue 16): every target of the README's table, one command.

    swift build -c release
    python3 scripts/benchmark.py                       # SQLite, 1,000,000 tickets
    python3 scripts/benchmark.py --postgres postgres://user:pw@127.0.0.1:5432/bench

A benchmark, not a test: it prints figures and writes them, with the targets beside them, to
benchmark-results/benchmark-DATABASE.json and .md. It needs `wrk` (Debian's package).

For each database it prepares a copy of a demo database filled to --tickets by
`switchboard benchmark-data` (kept in --work and reused by later runs; the PostgreSQL database
named by --postgres is emptied first, so give it one of its own), starts a real
`switchboard serve` on loopback and
  - times its start (until /health answers) and reads its memory when idle;
  - for SQLite, measures the disk's own durable-commit rate in the same run: WAL,
    synchronous=FULL, two 1 KB inserts per commit, one writer;
  - loads it with wrk (8 keep-alive connections, a Lua script for the POST bodies) filing
    tickets with 1 KB descriptions (after a tenth as long of filing to warm up, not counted),
    then commenting, changing statuses and assigning, while sampling the server's memory;
  - requests the API list and search, the search page and the dashboard from one client;
  - times one automation pass with 1,000 due reminders on a copy of the filled database
    (`switchboard benchmark-automation`).
"""
import argparse
import datetime
import http.client
import json
import os
import platform
import re
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
LUA = os.path.join(HERE, "benchmark", "load.lua")
PASSWORD = "switchboard-demo"
ADMIN = "admin@helpdesk.example.org"
TRIAGE = "triage@helpdesk.example.org"
SUBMITTER = "alice@physics.example.edu"


def log(message):
    print(message, flush=True)


# ---------------------------------------------------------------- database preparation

def switchboard_env(database, port=None):
    env = dict(os.environ)
    env["SWITCHBOARD_CONFIG_FILE"] = "/dev/null"
    env.pop("DATABASE_URL", None)
    env.pop("SWITCHBOARD_SQLITE_PATH", None)
    if database["kind"] == "sqlite":
        env["SWITCHBOARD_SQLITE_PATH"] = database["path"]
    else:
        env["DATABASE_URL"] = database["url"]
    if port:
        env["SWITCHBOARD_PORT"] = str(port)
    env.setdefault("LOG_LEVEL", "info")
    return env


def run_command(binary, arguments, database, quiet=False):
    started = time.perf_counter()
    result = subprocess.run([binary] + arguments, env=switchboard_env(database), capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"switchboard {' '.join(arguments)} failed:\n{result.stdout}\n{result.stderr}")
    if not quiet:
        log(f"  switchboard {' '.join(arguments)}: {time.perf_counter() - started:.1f} s")
    return result.stdout


def prepare_sqlite(binary, work, tickets, comments):
    """A demo database filled to `tickets` (with `comments` each), made once and copied for each part of the run."""
    base = os.path.join(work, f"base-{tickets}.sqlite" if not comments else f"base-{tickets}-c{comments}.sqlite")
    if os.path.exists(base):
        # Made by an earlier version, perhaps: brought to this one's schema once, here, so that
        # no start-up below includes a migration.
        log(f"Reusing {base} (migrating it first)")
        run_command(binary, ["migrate"], {"kind": "sqlite", "path": base})
        with sqlite3.connect(base) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return base
    building = base + ".building"
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(building + suffix):
            os.remove(building + suffix)
    database = {"kind": "sqlite", "path": building}
    log(f"Preparing {base}")
    run_command(binary, ["demo"], database)
    run_command(binary, ["benchmark-data", "--tickets", str(tickets), "--comments", str(comments)], database)
    with sqlite3.connect(building) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    os.rename(building, base)
    return base


def copy_sqlite(base, work, name):
    path = os.path.join(work, name)
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    shutil.copyfile(base, path)
    return {"kind": "sqlite", "path": path}


def prepare_postgres(binary, url, tickets, comments, reuse=False):
    """Empties the database at `url` and loads the demo and `tickets` generated tickets (with `comments` each);
    with `reuse`, a database that already holds as many tickets and comments (an earlier run's, a little grown by
    its writes) is only migrated."""
    if reuse:
        counts = subprocess.run(["psql", "-tA", url, "-c",
                                 "SELECT (SELECT count(*) FROM tickets) || ' ' || (SELECT count(*) FROM comments)"],
                                capture_output=True, text=True)
        found = [int(n) for n in counts.stdout.split()] if counts.returncode == 0 else []
        if len(found) == 2 and found[0] >= tickets and found[1] >= tickets * comments:
            log(f"Reusing PostgreSQL at {re.sub(r'//[^@]*@', '//', url)}: {found[0]:,} tickets, {found[1]:,} comments (migrating it first)")
            database = {"kind": "postgres", "url": url}
            run_command(binary, ["migrate"], database)
            subprocess.run(["psql", "-q", url, "-c", "VACUUM ANALYZE"], check=True, capture_output=True)
            return database
    log(f"Preparing PostgreSQL at {re.sub(r'//[^@]*@', '//', url)}")
    subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", url, "-c",
                    "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"], check=True, capture_output=True)
    database = {"kind": "postgres", "url": url}
    run_command(binary, ["demo"], database)
    run_command(binary, ["benchmark-data", "--tickets", str(tickets), "--comments", str(comments)], database)
    subprocess.run(["psql", "-q", url, "-c", "VACUUM ANALYZE"], check=True, capture_output=True)
    return database


# ---------------------------------------------------------------- the server

class Server:
    def __init__(self, binary, database, port, log_path):
        self.binary, self.database, self.port, self.log_path = binary, database, port, log_path
        self.base = f"http://127.0.0.1:{port}"

    def __enter__(self):
        self.log_file = open(self.log_path, "w")
        started = time.perf_counter()
        self.process = subprocess.Popen([self.binary, "serve"], env=switchboard_env(self.database, self.port),
                                        stdout=self.log_file, stderr=subprocess.STDOUT)
        while True:
            if self.process.poll() is not None:
                sys.exit(f"serve exited with {self.process.returncode}; see {self.log_path}")
            try:
                with urllib.request.urlopen(self.base + "/health", timeout=1) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if time.perf_counter() - started > 120:
                sys.exit("serve did not answer /health within 120 s")
            time.sleep(0.01)
        self.start_seconds = time.perf_counter() - started
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log_file.close()

    def rss_mb(self):
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return 0.0

    def token(self, email):
        request = urllib.request.Request(self.base + "/api/v1/tokens", method="POST",
                                         data=json.dumps({"email": email, "password": PASSWORD}).encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request) as answer:
            return json.load(answer)["token"]

    def session_cookie(self, email):
        """Signs in through the form; returns the Cookie header of the signed-in browser."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port)
        connection.request("GET", "/sign-in")
        answer = connection.getresponse()
        page = answer.read().decode()
        cookies = cookies_of(answer)
        csrf = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode({"_csrf": csrf, "email": email, "password": PASSWORD})
        connection.request("POST", "/sign-in", body=form, headers={
            "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie_header(cookies)})
        answer = connection.getresponse()
        answer.read()
        cookies.update(cookies_of(answer))
        assert answer.status in (302, 303), f"sign-in answered {answer.status}"
        return cookie_header(cookies)

    def json(self, path, token):
        request = urllib.request.Request(self.base + path, headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(request) as answer:
            return json.load(answer)


def cookies_of(answer):
    cookies = {}
    for header in answer.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        cookies[name.strip()] = rest.split(";")[0]
    return cookies


def cookie_header(cookies):
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


class MemorySampler(threading.Thread):
    def __init__(self, server):
        super().__init__(daemon=True)
        self.server, self.peak, self.running = server, 0.0, True

    def run(self):
        while self.running:
            self.peak = max(self.peak, self.server.rss_mb())
            time.sleep(0.1)

    def stop(self):
        self.running = False
        self.join()
        return self.peak


# ---------------------------------------------------------------- measurements

def wrk(server, kind, duration, connections=8, threads=2, **variables):
    env = dict(os.environ)
    env.update({"SB_KIND": kind, "SB_THREADS": str(threads)})
    env.update({f"SB_{name.upper()}": str(value) for name, value in variables.items()})
    result = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s",
                             "-s", LUA, server.base], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"wrk failed: {result.stderr}")
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    seconds = figures["duration_us"] / 1e6
    return {
        "requests": figures["requests"],
        "per_second": figures["requests"] / seconds,
        "errors": figures["non_2xx"] + figures["socket_errors"],
        "p50_ms": figures["p50_us"] / 1000, "p95_ms": figures["p95_us"] / 1000,
        "p99_ms": figures["p99_us"] / 1000, "max_ms": figures["max_us"] / 1000,
    }


def sqlite_commit_rate(directory, seconds=5.0):
    """One writer committing durably: WAL, synchronous=FULL, two ~1 KB inserts per commit."""
    path = os.path.join(directory, "commit-rate.sqlite")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")
    connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)")
    body = "x" * 1024
    commits = 0
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("INSERT INTO t (body) VALUES (?)", (body,))
        connection.execute("INSERT INTO t (body) VALUES (?)", (body,))
        connection.execute("COMMIT")
        commits += 1
    rate = commits / (time.perf_counter() - started)
    connection.close()
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    return rate


def newest_ticket(server, token):
    return server.json("/api/v1/tickets?limit=1&sort=-id", token)["items"][0]["id"]


def automation_pass(binary, database):
    """One pass over 1,000 due reminders (with mail): the demo's own due timers are handled
    first, and `benchmark-automation` warms its process with a pass of its own."""
    run_command(binary, ["automation", "run"], database, quiet=True)
    output = run_command(binary, ["benchmark-automation", "--tickets", "0", "--due", "1000"], database, quiet=True)
    match = re.search(r"Automation pass: (\d+) due of (\d+) timers over (\d+) tickets in (\d+) ms", output)
    first = re.search(r"First pass of the process: (\d+) due in (\d+) ms", output)
    if not match or not first:
        sys.exit(f"unexpected benchmark-automation output:\n{output}")
    due, timers, tickets, milliseconds = map(int, match.groups())
    return {"due": due, "timers": timers, "tickets": tickets, "ms": milliseconds, "first_pass_ms": int(first.group(2))}


# ---------------------------------------------------------------- one database

def benchmark(binary, database, work, duration, results, label):
    port = 18900 + (0 if database["kind"] == "sqlite" else 1)
    rows = results["rows"]
    with Server(binary, database, port, os.path.join(work, f"serve-{label}.log")) as server:
        time.sleep(2)
        rows.append(row("start to serving", f"{server.start_seconds:.2f} s", server.start_seconds < 1, "< 1 s"))
        idle = server.rss_mb()
        rows.append(row("memory idle after start", f"{idle:.0f} MB", idle < 150, "< 150 MB"))

        admin = server.token(ADMIN)
        submitter = server.token(SUBMITTER)
        triage_cookie = server.session_cookie(TRIAGE)
        before = newest_ticket(server, admin)
        units = server.json("/api/v1/support-units", admin)
        units = units["items"] if isinstance(units, dict) else units
        dmsu = next(unit["id"] for unit in units if unit["name"] == "DMSU")

        commit_rate = None
        if database["kind"] == "sqlite":
            commit_rate = sqlite_commit_rate(os.path.dirname(database["path"]))
            results["sqlite_commit_rate"] = commit_rate
            log(f"  SQLite's own durable commits: {commit_rate:,.0f}/s")

        # A few seconds of filing first, not counted: the server and the database's pages warm
        # up (the first requests of a fresh process over a cold 800 MB file are the slowest).
        wrk(server, "create", max(1, duration // 10), token=submitter)
        sampler = MemorySampler(server)
        sampler.start()
        create = wrk(server, "create", duration, token=submitter)
        peak = sampler.stop()
        log(f"  create: {json.dumps(create)}")
        target = 1500 if database["kind"] == "sqlite" else 1000
        met = create["per_second"] >= target and create["errors"] == 0
        if database["kind"] == "sqlite":
            met = met and create["p99_ms"] < 25 and create["per_second"] >= 0.5 * commit_rate
            share = create["per_second"] / commit_rate
            rows.append(row("create ticket, 8 clients",
                            f"{create['per_second']:,.0f}/s, p99 {create['p99_ms']:.0f} ms, {create['errors']} errors, "
                            f"{share:.1%} of SQLite's {commit_rate:,.0f} commits/s", met,
                            "≥ 1,500/s, p99 < 25 ms, no errors, ≥ 50% of SQLite's commit rate"))
        else:
            rows.append(row("create ticket, 8 clients",
                            f"{create['per_second']:,.0f}/s, p99 {create['p99_ms']:.0f} ms, {create['errors']} errors",
                            met, "≥ 1,000/s"))
        rows.append(row("memory under the create load", f"{peak:.0f} MB peak", peak < 300, "< 300 MB"))
        results["runs"]["create"] = create

        after = newest_ticket(server, admin)
        first, count = before + 1, max(1, after - before)
        for kind, name in (("comment", "public comment"), ("status", "status change"), ("assign", "assignment")):
            figures = wrk(server, kind, duration, token=admin, first=first, count=count)
            log(f"  {kind}: {json.dumps(figures)}")
            results["runs"][kind] = figures
            if database["kind"] == "sqlite":
                rows.append(row(f"{name}, 8 clients",
                                f"{figures['per_second']:,.0f}/s, p99 {figures['p99_ms']:.0f} ms, {figures['errors']} errors",
                                figures["per_second"] >= 1500 and figures["errors"] == 0, "≥ 1,500/s"))

        reads = [
            ("API list, open tickets of a unit by priority", "get", admin, None,
             f"/api/v1/tickets?limit=50&status=new,assigned,in-progress&supportUnit={dmsu}&sort=-priority", 20),
            ("API search, words + filter + sort", "get", admin, None,
             "/api/v1/tickets?limit=50&text=pool%20transfers&status=closed&sort=-id", 20),
            ("API search, a word nothing has", "get", admin, None, "/api/v1/tickets?limit=50&text=zyxwvut", 20),
            ("search page, open tickets by priority", "get", None, triage_cookie,
             "/search?status=new,assigned,in-progress&sort=-priority", 50),
            ("search page, words", "get", None, triage_cookie, "/search?text=dcache%20pool", 50),
            ("dashboard", "get", None, triage_cookie, "/tickets", 50),
        ]
        for name, kind, token, cookie, path, limit in reads:
            figures = wrk(server, kind, max(1, duration // 2), connections=1, threads=1,
                          token=token or "", cookie=cookie or "", paths=path)
            log(f"  {name}: {json.dumps(figures)}")
            results["runs"][name] = figures
            if figures["requests"] == 0:
                # Not one answer within the row's time: slower than it, and certainly not met.
                rows.append(row(f"{name}, 1 client", f"no answer within {max(1, duration // 2)} s", False, f"p95 < {limit} ms"))
                continue
            rows.append(row(f"{name}, 1 client", f"p95 {figures['p95_ms']:.1f} ms ({figures['per_second']:,.0f}/s, "
                            f"{figures['errors']} errors)", figures["p95_ms"] < limit and figures["errors"] == 0,
                            f"p95 < {limit} ms"))
    return server


def row(what, measured, met, target):
    return {"what": what, "measured": measured, "met": bool(met), "target": target}


def write_results(results, out):
    os.makedirs(out, exist_ok=True)
    name = f"benchmark-{results['database']}" + (f"-comments-{results['comments']}" if results.get("comments") else "")
    with open(os.path.join(out, name + ".json"), "w") as file:
        json.dump(results, file, indent=2)
    lines = [f"Benchmark of {results['date']} on {results['machine']}, {results['database']}, "
             f"{results['tickets']:,} tickets" + (f" with {results['comments']} comments each" if results.get("comments") else "")
             + f", wrk {results['duration_s']} s per write row.", "",
             "| what | measured | target | met |", "| --- | --- | --- | --- |"]
    for entry in results["rows"]:
        lines.append(f"| {entry['what']} | {entry['measured']} | {entry['target']} | {'yes' if entry['met'] else 'no'} |")
    with open(os.path.join(out, name + ".md"), "w") as file:
        file.write("\n".join(lines) + "\n")
    log("\n" + "\n".join(lines))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "switchboard"))
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--duration", type=int, default=20, help="seconds of load per write row")
    parser.add_argument("--work", default="/tmp/switchboard-benchmark")
    parser.add_argument("--out", default=os.path.join(ROOT, "benchmark-results"))
    parser.add_argument("--comments", type=int, default=0,
                        help="comments on each generated ticket (every fourth internal); 0 as in the README's tables")
    parser.add_argument("--postgres", help="a PostgreSQL database to empty and benchmark instead of SQLite")
    parser.add_argument("--reuse-postgres", action="store_true",
                        help="keep the PostgreSQL database when it already holds the tickets and comments (only migrate it)")
    parser.add_argument("--fail-on-errors", action="store_true",
                        help="exit 1 when any request was answered with an error (CI runs a small benchmark so)")
    arguments = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    os.makedirs(arguments.work, exist_ok=True)
    kind = "postgresql" if arguments.postgres else "sqlite"
    results = {"database": kind, "tickets": arguments.tickets, "comments": arguments.comments, "duration_s": arguments.duration, "rows": [], "runs": {},
               "date": datetime.date.today().isoformat(),
               "machine": f"{os.cpu_count()} cores, {platform.system()} {platform.release()}"}
    if arguments.postgres:
        database = prepare_postgres(arguments.binary, arguments.postgres, arguments.tickets, arguments.comments, arguments.reuse_postgres)
        benchmark(arguments.binary, database, arguments.work, arguments.duration, results, "postgres")
        automation_database = database
        target_ms = 250
    else:
        base = prepare_sqlite(arguments.binary, arguments.work, arguments.tickets, arguments.comments)
        database = copy_sqlite(base, arguments.work, "serve.sqlite")
        benchmark(arguments.binary, database, arguments.work, arguments.duration, results, "sqlite")
        automation_database = copy_sqlite(base, arguments.work, "automation.sqlite")
        target_ms = 100
    automation = automation_pass(arguments.binary, automation_database)
    log(f"  automation: {json.dumps(automation)}")
    results["runs"]["automation"] = automation
    results["rows"].append(row(f"automation pass, {automation['tickets']:,} tickets, {automation['due']:,} due",
                               f"{automation['ms']:,} ms (the process's first pass: {automation['first_pass_ms']:,} ms)",
                               automation["ms"] < target_ms, f"< {target_ms} ms"))
    write_results(results, arguments.out)
    failed = [name for name, run in results["runs"].items() if run.get("errors")]
    if arguments.fail_on_errors and failed:
        sys.exit(f"requests answered with errors: {', '.join(failed)}")


if __name__ == "__main__":
    main()
