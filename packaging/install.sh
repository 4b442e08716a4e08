#!/bin/sh
# Installs Switchboard on a Debian-like host:
#   sudo packaging/install.sh [--binary PATH]    (default: .build/release/switchboard)
# - a `switchboard` system user and group;
# - the binary as /usr/local/bin/switchboard and the mail gate wrapper the MTA runs,
#   /usr/local/lib/switchboard/mailgate (absolute paths: Postfix's pipe passes no PATH);
# - /etc/switchboard/switchboard.env (kept if it exists), readable by the group only;
# - /var/lib/switchboard for the SQLite file, owned by the user, group-writable, with the
#   group inherited (setgid), so that serve and the mail gate can both write the database and
#   its -wal/-shm files;
# - the schema migrated; the systemd unit installed and started where systemd runs.
# Running it again upgrades the binary and keeps settings and data.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
binary="$here/../.build/release/switchboard"
while [ $# -gt 0 ]; do
    case "$1" in
        --binary) binary=$2; shift 2 ;;
        *) echo "usage: $0 [--binary PATH]" >&2; exit 2 ;;
    esac
done
[ -x "$binary" ] || { echo "no switchboard binary at $binary (swift build -c release)" >&2; exit 1; }

getent group switchboard >/dev/null || groupadd --system switchboard
getent passwd switchboard >/dev/null || useradd --system --gid switchboard --home-dir /var/lib/switchboard \
    --no-create-home --shell /usr/sbin/nologin --comment "Switchboard helpdesk" switchboard

install -m 0755 "$binary" /usr/local/bin/switchboard
install -d -m 0755 /usr/local/lib/switchboard
cat >/usr/local/lib/switchboard/mailgate <<'WRAPPER'
#!/bin/sh
# Run by the MTA for each message to the helpdesk. The settings come from
# /etc/switchboard/switchboard.env; group-writable files keep the database shared with serve.
umask 007
exec /usr/local/bin/switchboard mailgate "$@"
WRAPPER
chmod 0755 /usr/local/lib/switchboard/mailgate

install -d -m 0750 -o root -g switchboard /etc/switchboard
if [ ! -f /etc/switchboard/switchboard.env ]; then
    install -m 0640 -o root -g switchboard "$here/switchboard.env.example" /etc/switchboard/switchboard.env
fi
install -d -m 2770 -o switchboard -g switchboard /var/lib/switchboard
install -d -m 0755 /usr/local/share/doc/switchboard
[ -f "$here/../README.md" ] && install -m 0644 "$here/../README.md" /usr/local/share/doc/switchboard/README.md

(cd /var/lib/switchboard && runuser -u switchboard -- sh -c 'umask 007; /usr/local/bin/switchboard migrate')
for file in /var/lib/switchboard/*; do
    [ -e "$file" ] && chmod g+rw "$file"
done

if [ -d /run/systemd/system ]; then
    install -m 0644 "$here/switchboard.service" /etc/systemd/system/switchboard.service
    systemctl daemon-reload
    systemctl enable --now switchboard.service
    systemctl restart switchboard.service
    echo "switchboard.service is running; switchboard config check tells whether the settings are right."
else
    install -d -m 0755 /etc/systemd/system
    install -m 0644 "$here/switchboard.service" /etc/systemd/system/switchboard.service
    echo "systemd is not running here: start the server with"
    echo "  runuser -u switchboard -- sh -c 'umask 007; cd /var/lib/switchboard; exec /usr/local/bin/switchboard serve'"
fi
