#!/usr/bin/env bash
# Switchboard as a service with a real Postfix, wired exactly as the README says:
#   .ci/postfix.sh BINARY WORKDIR
# Installs with packaging/install.sh, runs the README's Postfix commands verbatim, then sends
# mail through Postfix (swaks) and checks what becomes of it, in and out. Needs root; Postfix
# listens on 127.0.0.1 only and is stopped at the end.
set -euo pipefail
# The installed settings file, as an operator's host has it.
unset SWITCHBOARD_CONFIG_FILE
root=$(cd "$(dirname "$0")/.." && pwd)
binary=$1
work=$2
port=18086
mkdir -p "$work"
serve_pid_file="$work/serve.pid"
log() { printf -- '--- %s\n' "$*"; }

stop_everything() {
    if [ -f "$serve_pid_file" ]; then start-stop-daemon --stop --quiet --pidfile "$serve_pid_file" --retry 10 || true; rm -f "$serve_pid_file"; fi
    postfix stop >/dev/null 2>&1 || true
}
trap stop_everything EXIT

# A pristine Postfix configuration each run (this machine may have run CI before).
for file in main.cf master.cf; do
    [ -f "/etc/postfix/$file.switchboard-ci" ] || cp "/etc/postfix/$file" "/etc/postfix/$file.switchboard-ci"
    cp "/etc/postfix/$file.switchboard-ci" "/etc/postfix/$file"
done
rm -f /etc/postfix/transport /etc/postfix/transport.db
postfix stop >/dev/null 2>&1 || true

log "Install with packaging/install.sh"
for person in alice stranger sink; do getent passwd "$person" >/dev/null || useradd --system --no-create-home --shell /usr/sbin/nologin "$person"; done
rm -f /var/mail/alice /var/mail/stranger /var/mail/sink
rm -rf /var/lib/switchboard /etc/switchboard
# The relay's certificate names the mail host, not 127.0.0.1.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=mail.helpdesk.example.org" \
    -addext "subjectAltName=DNS:mail.helpdesk.example.org" -keyout "$work/mail.key" -out "$work/mail.pem" 2>/dev/null
chmod 644 "$work/mail.pem"
mkdir -p /etc/switchboard
cat >/etc/switchboard/switchboard.env <<EOF
SWITCHBOARD_SQLITE_PATH=/var/lib/switchboard/switchboard.sqlite
SWITCHBOARD_PORT=$port
SWITCHBOARD_PUBLIC_URL=http://helpdesk.example.org
SWITCHBOARD_MAIL_FROM="Helpdesk <helpdesk@helpdesk.example.org>"
SWITCHBOARD_MAIL_TRANSPORT=smtp
SWITCHBOARD_SMTP_HOST=127.0.0.1
SWITCHBOARD_SMTP_PORT=25
SWITCHBOARD_SMTP_SECURITY=starttls
SWITCHBOARD_SMTP_TLS_SERVER_NAME=mail.helpdesk.example.org
SWITCHBOARD_SMTP_CA_FILE=$work/mail.pem
SWITCHBOARD_MAIL_INTERVAL=1
SWITCHBOARD_MAIL_RETRY_SECONDS=1
SWITCHBOARD_PASSWORD_COST=4
EOF
"$root/packaging/install.sh" --binary "$binary"
stat -c '%U:%G %a %n' /var/lib/switchboard /etc/switchboard/switchboard.env /usr/local/lib/switchboard/mailgate
runuser -u switchboard -- sh -c 'umask 007; cd /var/lib/switchboard; /usr/local/bin/switchboard demo' >/dev/null
db=/var/lib/switchboard/switchboard.sqlite
sql() { sqlite3 -cmd ".timeout 5000" "$db" "$@"; }

log "Postfix on 127.0.0.1, with the README's wiring"
postconf -e 'myhostname = mail.helpdesk.example.org' 'mydomain = helpdesk.example.org' \
    'mydestination = helpdesk.example.org, physics.example.edu, localhost' 'inet_interfaces = loopback-only' \
    'inet_protocols = ipv4' 'relayhost =' "smtpd_tls_cert_file = $work/mail.pem" "smtpd_tls_key_file = $work/mail.key" \
    'smtpd_tls_security_level = may' 'smtpd_tls_received_header = yes' 'alias_maps = hash:/etc/aliases' \
    'alias_database = hash:/etc/aliases' 'maillog_file = /var/log/postfix-ci.log' 'smtputf8_enable = no' \
    'mydestination = helpdesk.example.org, physics.example.edu, grid-site.example.net, visitors.example.org, localhost' \
    'virtual_alias_maps = regexp:/etc/postfix/switchboard-ci-sink'
# The demo's unit lists and other people land in one local mailbox.
printf '%s\n' '/-support@helpdesk\.example\.org$/ sink@localhost' '/^[^@]*@grid-site\.example\.net$/ sink@localhost' '/^(admin|triage|expert|dcache-dev|cream-dev|release)@helpdesk\.example\.org$/ sink@localhost' \
    >/etc/postfix/switchboard-ci-sink
chmod 600 "$work/mail.key"
newaliases
sed -n '/<!-- postfix-inbound:start -->/,/<!-- postfix-inbound:end -->/p' "$root/README.md" | sed '/^```/d; /^<!--/d' >"$work/postfix-inbound.sh"
postfix start >/dev/null 2>&1 || postfix reload
bash -euo pipefail "$work/postfix-inbound.sh"
postfix check

log "serve as the switchboard user"
start-stop-daemon --start --background --make-pidfile --pidfile "$serve_pid_file" --chuid switchboard --umask 007 \
    --chdir /var/lib/switchboard --output "$work/serve.log" --exec /usr/local/bin/switchboard -- serve
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break; sleep 0.5; done
curl -sf "http://127.0.0.1:$port/ready" >/dev/null || { cat "$work/serve.log"; exit 1; }
runuser -u switchboard -- /usr/local/bin/switchboard config check | tail -n 4

wait_for() { # wait_for DESCRIPTION 'SHELL CONDITION': until it holds, 60 s at most
    local what=$1 condition=$2
    for _ in $(seq 1 120); do eval "$condition" >/dev/null 2>&1 && return 0; sleep 0.5; done
    echo "timed out waiting for: $what"; mailq | tail -n 20; tail -n 30 /var/log/postfix-ci.log; return 1
}
send() { swaks --silent 2 --server 127.0.0.1:25 "$@"; }

log "A new ticket by mail"
send --from alice@physics.example.edu --to helpdesk@helpdesk.example.org --header "Subject: Postfix: SRM down" \
    --header "Message-Id: <pf-new@physics.example.edu>" --body "The SRM endpoint refuses transfers."
wait_for "the ticket" '[ -n "$(sql "SELECT id FROM tickets WHERE subject = '\''Postfix: SRM down'\''")" ]'
ticket=$(sql "SELECT id FROM tickets WHERE subject = 'Postfix: SRM down'")
echo "ticket #$ticket"

log "Notifications leave through Postfix over STARTTLS, to a local mailbox, with the expected headers"
# First line asks her a question (her own ticket sent her no mail: nobody is mailed their own changes).
triage=$(curl -sf -X POST "http://127.0.0.1:$port/api/v1/tokens" -H 'Content-Type: application/json' \
    -d '{"email":"triage@helpdesk.example.org","password":"switchboard-demo"}' | jq -r .token)
curl -sf -X POST "http://127.0.0.1:$port/api/v1/tickets/$ticket/status" -H "Authorization: Bearer $triage" -H 'Content-Type: application/json' \
    -d '{"status":"waiting-for-reply","note":"Which dCache version does the site run?"}' >/dev/null
wait_for "mail to alice" 'grep -q "Subject: \[Switchboard #$ticket\]" /var/mail/alice'
# The notification about this ticket, as it arrived.
python3 - "$ticket" >"$work/notification.txt" <<'PYTHON'
import mailbox, sys
for message in mailbox.mbox("/var/mail/alice"):
    if f"[Switchboard #{sys.argv[1]}]" in (message["Subject"] or ""):
        print(message.as_string())
        break
PYTHON
grep -q "^References: <switchboard.ticket-$ticket@helpdesk.example.org>" "$work/notification.txt"
grep -q "^Reply-To: helpdesk+$ticket-[a-z2-7]*@helpdesk.example.org" "$work/notification.txt"
grep -q "http://helpdesk.example.org/tickets/$ticket" "$work/notification.txt"
grep -q "(using TLS" "$work/notification.txt" || { echo "not sent over TLS"; grep -A2 "^Received" "$work/notification.txt"; exit 1; }
reply_to=$(grep -m1 "^Reply-To: " "$work/notification.txt" | sed 's/^Reply-To: //; s/\r$//')
[ "$reply_to" = "$(/usr/local/bin/switchboard mail reply-address --ticket "$ticket" --for alice@physics.example.edu)" ]

log "A tagged reply to her reply address, and one threaded only by the notification's headers"
send --from alice@physics.example.edu --to "$reply_to" --header "Subject: Re: [Switchboard #$ticket] Postfix: SRM down" \
    --header "Message-Id: <pf-reply@physics.example.edu>" --body "It started at 08:00 UTC."
wait_for "the tagged reply" '[ -n "$(sql "SELECT id FROM comments WHERE body = '\''It started at 08:00 UTC.'\''")" ]'
send --from alice@physics.example.edu --to "$reply_to" --header "Subject: more" \
    --header "In-Reply-To: <switchboard.ticket-$ticket@helpdesk.example.org>" --header "Message-Id: <pf-thread@physics.example.edu>" \
    --body "Only the thread says which ticket."
wait_for "the threaded reply" '[ -n "$(sql "SELECT id FROM comments WHERE body = '\''Only the thread says which ticket.'\''")" ]'

log "A stranger is bounced with the mail gate's reason; a forged supporter too"
send --from stranger@visitors.example.org --to helpdesk@helpdesk.example.org --header "Subject: hello" --body "Let me in."
wait_for "the bounce" 'grep -q "takes mail only from its registered people" /var/mail/stranger'
send --from expert@helpdesk.example.org --to helpdesk@helpdesk.example.org --header "Subject: Re: [Switchboard #$ticket] x" \
    --header "Message-Id: <pf-forged@physics.example.edu>" --body "Forged: send your password."
sleep 2
[ -z "$(sql "SELECT id FROM comments WHERE body LIKE 'Forged:%'")" ] || { echo "a forged supporter's mail became a comment"; exit 1; }

log "An automatic reply with an empty envelope sender is taken and ignored"
tickets_before=$(sql "SELECT count(*) FROM tickets")
send --from '<>' --to helpdesk@helpdesk.example.org --header "Subject: Out of office" \
    --header "Message-Id: <pf-ooo@physics.example.edu>" --header "From: alice@physics.example.edu" --body "I am away."
wait_for "the ignored auto-reply" '[ -n "$(sql "SELECT id FROM inbound_messages WHERE message_id = '\''<pf-ooo@physics.example.edu>'\'' AND outcome LIKE '\''ignored%'\''")" ]'
[ "$(sql "SELECT count(*) FROM tickets")" = "$tickets_before" ] || { echo "an automatic reply opened a ticket"; exit 1; }

log "The database is unavailable: Postfix keeps the message, then delivers it once"
chmod 000 "$db"
send --from alice@physics.example.edu --to helpdesk@helpdesk.example.org --header "Subject: Postfix: while away" \
    --header "Message-Id: <pf-deferred@physics.example.edu>" --body "Sent while the database was away."
# mailq lists a message in the active queue too; only a deferred one shows its reason, and only
# a deferred one is retried by a flush (flushing earlier left it waiting for the next retry).
wait_for "the deferral" 'mailq | grep -q '\''temporary failure'\'''
mailq | grep -A2 "helpdesk@helpdesk.example.org" | head -n 4
chmod 660 "$db"
wait_for "the deferred message" 'postqueue -f; [ -n "$(sql "SELECT id FROM tickets WHERE subject = '\''Postfix: while away'\''")" ]'
sleep 2
postqueue -f
sleep 2
[ "$(sql "SELECT count(*) FROM tickets WHERE subject = 'Postfix: while away'")" = 1 ] || { echo "the deferred message was added more than once"; exit 1; }

log "A mail gate that cannot read its settings exits 75, so Postfix keeps the message"
set +e
printf 'From: alice@physics.example.edu\r\nSubject: x\r\n\r\nx\r\n' | SWITCHBOARD_PORT=not-a-port /usr/local/bin/switchboard mailgate 2>/dev/null; bad_setting=$?
set -e
[ "$bad_setting" = 75 ] || { echo "a bad setting made the mail gate exit $bad_setting"; exit 1; }

log "A relay that refuses AUTH fails nothing for good; the reason is logged and kept"
start-stop-daemon --stop --quiet --pidfile "$serve_pid_file" --retry 10; rm -f "$serve_pid_file"
send --from alice@physics.example.edu --to helpdesk@helpdesk.example.org --header "Subject: Postfix: relay refuses" \
    --header "Message-Id: <pf-auth@physics.example.edu>" --body "Notifications of this one wait."
wait_for "the ticket" '[ -n "$(sql "SELECT id FROM tickets WHERE subject = '\''Postfix: relay refuses'\''")" ]'
pending=$(sql "SELECT count(*) FROM outbox WHERE sent_at IS NULL")
[ "$pending" -ge 1 ]
runuser -u switchboard -- env SWITCHBOARD_SMTP_USERNAME=helpdesk SWITCHBOARD_SMTP_PASSWORD=wrong \
    /usr/local/bin/switchboard mail deliver >"$work/deliver.out" 2>&1 || true
cat "$work/deliver.out" | tail -n 3
grep -q "failed 0" "$work/deliver.out"
grep -q "no session with the relay" "$work/deliver.out"
if grep -q "wrong" "$work/deliver.out"; then echo "the password was logged"; exit 1; fi
[ "$(sql "SELECT count(*) FROM outbox WHERE failed_at IS NOT NULL")" = 0 ] || { echo "a message failed for good"; exit 1; }
sql "SELECT last_error FROM outbox WHERE sent_at IS NULL LIMIT 1"
[ -n "$(sql "SELECT id FROM outbox WHERE sent_at IS NULL AND last_error LIKE '%AUTH%'")" ]
echo "Postfix checks passed"
