#!/usr/bin/env bash
# Starts a throw-away Request Tracker 5 (Debian's request-tracker5, SQLite, its own Starlet
# server) on 127.0.0.1 with a queue "Requirements" and an auth token for root, or stops it.
#   .ci/rt.sh start DIR PORT   → prints "URL TOKEN"
#   .ci/rt.sh stop DIR
# Its configuration and database live in DIR only (RT_SITE_CONFIG, RT_SITE_CONFIG_DIR); the
# system's /etc/request-tracker5 is not read. Mail RT would send goes to /bin/true.
set -euo pipefail
action=$1
dir=$2
rt_env() {
    RT_SITE_CONFIG="$dir/RT_SiteConfig.pm" RT_SITE_CONFIG_DIR="$dir/RT_SiteConfig.d" "$@"
}

case "$action" in
start)
    port=$3
    rm -rf "$dir"
    mkdir -p "$dir/RT_SiteConfig.d"
    cat >"$dir/RT_SiteConfig.pm" <<CONFIG
Set(\$rtname, 'switchboard-test');
Set(\$Organization, 'switchboard.test');
Set(\$WebDomain, '127.0.0.1');
Set(\$WebPort, $port);
Set(\$WebPath, '');
Set(\$WebBaseURL, 'http://127.0.0.1:$port');
Set(\$DatabaseType, 'SQLite');
Set(\$DatabaseName, '$dir/rtdb');
Set(\$LogToSyslog, undef);
Set(\$LogToSTDERR, 'warning');
Set(\$MailCommand, 'sendmailpipe');
Set(\$SendmailPath, '/bin/true');
Set(\$CorrespondAddress, 'rt@switchboard.test');
Set(\$CommentAddress, 'rt-comment@switchboard.test');
Set(\$DisableGraphViz, 1);
Set(\$DisableGD, 1);
1;
CONFIG
    rt_env /usr/sbin/rt-setup-database --action init --skip-create >"$dir/setup.log" 2>&1 \
        || rt_env /usr/sbin/rt-setup-database --action init >>"$dir/setup.log" 2>&1 \
        || { cat "$dir/setup.log"; exit 1; }
    # A queue for the requirements and a token for the REST 2.0 API, made with RT's own API.
    rt_env perl -I/usr/share/request-tracker5/lib -e '
        use strict; use warnings;
        use RT; RT::LoadConfig(); RT::Init();
        my $queue = RT::Queue->new(RT->SystemUser);
        my ($id, $message) = $queue->Create(Name => "Requirements", Description => "Requirements gathering");
        die "queue: $message\n" unless $id;
        my $root = RT::User->new(RT->SystemUser);
        $root->Load("root") or die "no root\n";
        my $token = RT::AuthToken->new(RT->SystemUser);
        my ($ok, $msg, $secret) = $token->Create(Owner => $root->Id, Description => "switchboard tests");
        die "token: $msg\n" unless $ok;
        print $secret;
    ' >"$dir/token" 2>>"$dir/setup.log" || { cat "$dir/setup.log"; exit 1; }
    # In a session of its own, so that stopping it stops Starlet's workers too.
    RT_SITE_CONFIG="$dir/RT_SiteConfig.pm" RT_SITE_CONFIG_DIR="$dir/RT_SiteConfig.d" \
        setsid /usr/share/request-tracker5/libexec/rt-server --server Starlet --host 127.0.0.1 --port "$port" \
        >"$dir/server.log" 2>&1 </dev/null &
    echo $! >"$dir/server.pid"
    for _ in $(seq 1 120); do
        if curl -sf -o /dev/null -H "Authorization: token $(cat "$dir/token")" "http://127.0.0.1:$port/REST/2.0/queues/all"; then
            echo "http://127.0.0.1:$port $(cat "$dir/token")"
            exit 0
        fi
        if ! kill -0 "$(cat "$dir/server.pid")" 2>/dev/null; then
            cat "$dir/server.log"
            exit 1
        fi
        sleep 0.5
    done
    echo "Request Tracker did not answer on port $port" >&2
    cat "$dir/server.log" >&2
    exit 1
    ;;
stop)
    if [ -f "$dir/server.pid" ]; then
        pid=$(cat "$dir/server.pid")
        kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
        rm -f "$dir/server.pid"
    fi
    ;;
esac
