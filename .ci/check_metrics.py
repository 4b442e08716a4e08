"""Scrapes a running switchboard's /metrics and reads it with the Prometheus client's own parser
(prometheus-client from PyPI): the text must parse, and the metrics the README promises must be
there with the types it says."""
import sys
import urllib.request

from prometheus_client.parser import text_string_to_metric_families

EXPECTED = {
    "switchboard_http_requests": "counter",
    "switchboard_http_request_duration_seconds": "histogram",
    "switchboard_database_statement_duration_seconds": "histogram",
    "switchboard_database_statement_failures": "counter",
    "switchboard_write_gate_wait_seconds": "histogram",
    "switchboard_write_queue_depth": "gauge",
    "switchboard_write_batch_size": "histogram",
    "switchboard_write_transaction_duration_seconds": "histogram",
    "switchboard_automation_pass_duration_seconds": "histogram",
    "switchboard_automation_actions": "counter",
    "switchboard_automation_due_timers": "gauge",
    "switchboard_outbox_messages": "gauge",
    "switchboard_mail_deliveries": "counter",
    "switchboard_webhook_deliveries": "counter",
    "switchboard_webhook_backlog": "gauge",
}


def main(base):
    with urllib.request.urlopen(base + "/metrics", timeout=10) as response:
        assert response.headers["Content-Type"].startswith("text/plain"), response.headers["Content-Type"]
        text = response.read().decode()
    families = {family.name: family for family in text_string_to_metric_families(text)}
    missing = [name for name, kind in EXPECTED.items() if kind and (name not in families or families[name].type != kind)]
    if missing:
        print("missing or of the wrong type:", missing, "\nfound:", sorted((n, f.type) for n, f in families.items()))
        return 1
    requests = sum(sample.value for sample in families["switchboard_http_requests"].samples if sample.name.endswith("_total"))
    routes = {sample.labels.get("route") for sample in families["switchboard_http_requests"].samples}
    if requests < 1 or any(route and any(ch.isdigit() for ch in route.split("/")[-1]) and ":" not in route for route in routes):
        print("requests are not counted by route pattern:", routes)
        return 1
    statements = {sample.labels["statement"]: sample.value for sample in families["switchboard_database_statement_duration_seconds"].samples
                  if sample.name.endswith("_count")}
    if statements.get("select", 0) < 1 or set(statements) != {"select", "insert", "update", "delete", "other"}:
        print("database statements are not counted by kind:", statements)
        return 1
    print(f"{len(families)} metric families parsed; {int(requests)} requests counted over {len(routes)} routes; "
          f"{int(sum(statements.values()))} database statements")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
