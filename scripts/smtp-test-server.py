#!/usr/bin/env python3
"""A real SMTP server for tests: aiosmtpd on 127.0.0.1, storing every message in a Maildir.

    python3 scripts/smtp-test-server.py --maildir DIR [--port N] [--starttls] [--user U --password P]

Prints "PORT <n>" once it accepts connections (with --port 0 it picks a free port), then runs
until it is terminated. With --starttls it offers STARTTLS with a throw-away self-signed
certificate and requires it; with --user it requires AUTH (PLAIN or LOGIN) over TLS.
"""
import argparse
import mailbox
import os
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Store:
    def __init__(self, path):
        self.box = mailbox.Maildir(path, create=True)

    async def handle_DATA(self, server, session, envelope):
        message = mailbox.MaildirMessage(envelope.original_content)
        message["X-Test-Envelope-From"] = envelope.mail_from
        message["X-Test-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        message["X-Test-TLS"] = "yes" if session.ssl else "no"
        message["X-Test-Authenticated"] = "yes" if session.authenticated else "no"
        self.box.add(message)
        return "250 Message accepted for delivery"


def authenticator(user, password):
    def check(server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user and auth_data.password.decode() == password:
            return AuthResult(success=True)
        return AuthResult(success=False, handled=False)
    return check


def self_signed_context():
    folder = tempfile.mkdtemp(prefix="smtp-test-tls-")
    cert, key = os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                    "-subj", "/CN=localhost", "-days", "2"], check=True, capture_output=True)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--starttls", action="store_true")
    parser.add_argument("--user")
    parser.add_argument("--password")
    arguments = parser.parse_args()
    port = arguments.port or free_port()
    options = {}
    if arguments.starttls:
        options.update(tls_context=self_signed_context(), require_starttls=True)
    if arguments.user:
        options.update(authenticator=authenticator(arguments.user, arguments.password), auth_required=True,
                       auth_require_tls=arguments.starttls)
    else:
        options.update(auth_require_tls=False)
    controller = Controller(Store(arguments.maildir), hostname="127.0.0.1", port=port, **options)
    controller.start()
    print(f"PORT {port}", flush=True)
    # Runs until a signal ends the process; Maildir deliveries are atomic, so nothing
    # half-written is left behind. (A parent that ignores SIGTERM, as servers do, passes that
    # on to its children: take the default back.)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    sys.exit(main())
