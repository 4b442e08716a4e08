#!/usr/bin/env bash
# The release sync benchmark (issue 12): a repository of 50,000 packages and 10,000 tickets
# waiting in the release unit; times `switchboard releases sync` twice (the second finds
# nothing to do) and reports each run's wall time and peak memory.
# Usage: scripts/benchmark-release-sync.sh [path to the switchboard binary]
set -euo pipefail
binary=${1:-.build/release/switchboard}
packages=${PACKAGES:-50000}
tickets=${TICKETS:-10000}
work=$(mktemp -d /tmp/switchboard-release-bench.XXXXXX)
server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
: >"$work/empty.env"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export SWITCHBOARD_CONFIG_FILE="$work/empty.env" SWITCHBOARD_SQLITE_PATH="$work/bench.sqlite" SWITCHBOARD_PASSWORD_COST=4
export SWITCHBOARD_RELEASE_REPOSITORIES="benchmark | in-production | http://127.0.0.1:$port/"
"$binary" demo >/dev/null
"$binary" benchmark-releases --packages "$packages" --tickets "$tickets" --output "$work/repo"
ls -l "$work/repo/repodata" | awk 'NR > 1 { print "  " $5 " bytes  " $9 }'
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/repo" >/dev/null 2>&1 &
server_pid=$!
sleep 1
for run in first second; do
    /usr/bin/time -f "%e %M" -o "$work/time" "$binary" releases sync >"$work/sync.log"
    read -r seconds kilobytes <"$work/time"
    echo "$run sync: $seconds s, peak $((kilobytes / 1024)) MB; $(tail -n 2 "$work/sync.log" | tr '\n' ' ')"
done
