#!/usr/bin/env bash
# The Kamailio baseline for register-bench.sh: starts Kamailio as an in-memory registrar without
# auth (test-scenarios/kamailio/registrar.cfg) on a free loopback port, runs the same steps
# against it that midreg gets, and stops it. Its table compares row for row with midreg's.
#
# Usage: compare-kamailio.sh [--users N] [--rates "R1 R2 ..."] [--step-seconds S] [--children N]
#                            [--rcvbuf BYTES] [any other register-bench.sh option]
# Defaults: 10000 users, rates "2000 5000 10000", 10 s steps, 2 children (one per core here),
# 4194304-byte UDP receive buffers on both sides.
set -euo pipefail

usage() {
  sed -n '6,10p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

here=$(cd "$(dirname "$0")" && pwd)
config=$(cd "$here/../kamailio" && pwd)/registrar.cfg
users=10000 rates="2000 5000 10000" step=10 children=2 rcvbuf=4194304
passthrough=()
while [ $# -gt 0 ]; do
  case "$1" in
    --users) users=$2; shift 2 ;;
    --rates) rates=$2; shift 2 ;;
    --step-seconds) step=$2; shift 2 ;;
    --children) children=$2; shift 2 ;;
    --rcvbuf) rcvbuf=$2; shift 2 ;;
    -h|--help) usage ;;
    *) passthrough+=("$1"); shift ;;
  esac
done
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"
command -v kamailio >/dev/null && command -v kamcmd >/dev/null ||
  { echo "kamailio is missing: run test-scenarios/install-test-deps.sh" >&2; exit 1; }

# everything Kamailio writes (pid, ctl socket, log) stays in this dir
dir=$(mktemp -d /tmp/kam-bench.XXXXXX)
kamailio_pid=''
cleanup() {
  if [ -n "$kamailio_pid" ] && kill -0 "$kamailio_pid" 2>/dev/null; then
    kill "$kamailio_pid"
    for _ in $(seq 1 50); do kill -0 "$kamailio_pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$kamailio_pid" 2>/dev/null && kill -KILL "$kamailio_pid"
  fi
  rm -rf "$dir"
}
trap cleanup EXIT

# a port free on UDP and TCP (the same check register-bench.sh makes for SIPp's port)
port_in_use() {
  cat /proc/net/udp /proc/net/udp6 /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk '{print $2}' | grep -q "$(printf ':%04X ' "$1")"
}
port=''
for _ in $(seq 1 50); do
  candidate=$((40000 + RANDOM % 20000))
  port_in_use "$candidate" || { port=$candidate; break; }
done
[ -n "$port" ] || { echo "no free port found" >&2; exit 1; }

ctl="unix:$dir/kamailio_ctl"
# -DD: stay in the foreground as our child, so $! is the main PID the CPU is measured from;
# -b: the same UDP receive buffer SIPp gets; -m: shared memory for the location table
(cd "$dir" && exec kamailio -DD -E -f "$config" -Y "$dir" -w "$dir" -m 512 -M 16 -b "$rcvbuf" \
  -l "udp:127.0.0.1:$port" -l "tcp:127.0.0.1:$port" \
  -A "CTL_SOCKET=\"$ctl\"" -A "CHILDREN=$children" -A "LOG_LEVEL=-1" > "$dir/kamailio.log" 2>&1) &
kamailio_pid=$!
for _ in $(seq 1 100); do
  kamcmd -s "$ctl" core.version >/dev/null 2>&1 && break
  kill -0 "$kamailio_pid" 2>/dev/null || { echo "kamailio exited while starting:" >&2; cat "$dir/kamailio.log" >&2; exit 1; }
  sleep 0.1
done
kamcmd -s "$ctl" core.version >/dev/null 2>&1 || { echo "kamailio did not start:" >&2; cat "$dir/kamailio.log" >&2; exit 1; }
echo "# kamailio $(kamailio -v | sed -n 's/^version: kamailio \([^ ]*\).*/\1/p'), pid $kamailio_pid, $children children, udp/tcp 127.0.0.1:$port" >&2

"$here/register-bench.sh" "127.0.0.1:$port" --users "$users" --rates "$rates" --step-seconds "$step" \
  --server-pid "$kamailio_pid" --label "kamailio $children children" --rcvbuf "$rcvbuf" "${passthrough[@]}"

# cross-check with the server's own counters: every 200 SIPp counted is an accepted_regs
kamcmd -s "$ctl" stats.get_statistics rcv_requests_register accepted_regs registered_users | sed 's/^/# /' >&2
