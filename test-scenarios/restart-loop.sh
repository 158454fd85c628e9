#!/usr/bin/env bash
# A midreg restarted at once after a graceful stop must start, every time (as systemd's
# Restart=always does right after a stop). Starts bin/midreg run, waits for "midreg started",
# SIGTERMs it while connections are open on its TCP and admin ports (midreg closes them first,
# which leaves those ports in TIME_WAIT) and, with --traffic, while SIPp registers through it to a
# Kamailio upstream (store writes in flight at the stop); then starts the next one on the same ports
# and store. Counts the starts and prints the log of any that failed.
#   test-scenarios/restart-loop.sh [N (default 20)] [--traffic]
# Everything started here is stopped by PID on exit.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
home=$(cd "$here/.." && pwd)
n=20 traffic=''
for a in "$@"; do case "$a" in --traffic) traffic=1 ;; *) n=$a ;; esac; done
dir=$(mktemp -d /tmp/midreg-restart-loop.XXXXXX)
pids=() rcvbuf=4194304
# shellcheck source=bench/lib.sh
. "$here/bench/lib.sh"
pid='' sipp_pid=''
stop_midreg() { [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && { kill -TERM "$pid"; wait "$pid"; }; }
trap 'stop_midreg; [ -n "$sipp_pid" ] && kill -TERM "$sipp_pid" 2>/dev/null; stop_started; rm -rf "$dir"' EXIT
port=$(free_port) admin=$(free_port) upstream=$(free_port) sipp_port=$(free_port)
cat > "$dir/midreg.yaml" <<YAML
sip:
  listeners:
    - {transport: udp, host: 127.0.0.1, port: $port}
    - {transport: tcp, host: 127.0.0.1, port: $port}
  shutdownGrace: 2
upstream:
  target: 127.0.0.1:$upstream
  rate: 100000
  tokenSecret: restart-loop-secret-0123456789
store:
  file: $dir/midreg.store
  capacity: 20000
admin:
  listen: 127.0.0.1:$admin
YAML
if [ -n "$traffic" ]; then
  start_kamailio u "$upstream" 2
  "$here/bench/make-users.sh" 5000 > "$dir/users.csv"
fi
ok=0 failed=0
for i in $(seq "$n"); do
  log="$dir/midreg-$i.log"
  (cd "$home" && exec bin/midreg run --config "$dir/midreg.yaml" > "$log" 2>&1) &
  pid=$!
  for _ in $(seq 1200); do          # up to 120 s (a loaded machine)
    grep -qs "midreg started" "$log" && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if ! grep -q "midreg started" "$log"; then
    failed=$((failed + 1))
    kill -TERM "$pid" 2>/dev/null; wait "$pid"; code=$?
    echo "start $i FAILED (exit $code):"; cat "$log"
    continue
  fi
  ok=$((ok + 1))
  if [ -n "$traffic" ]; then
    # new Call-IDs every pass: each REGISTER is relayed upstream and its 200 written to the store
    (cd "$dir" && exec timeout 60 sipp "127.0.0.1:$port" -sf "$home/test-scenarios/sipp/register-load-uac.xml" \
        -inf "$dir/users.csv" -t u1 -i 127.0.0.1 -p "$sipp_port" -r 500 -m 100000 -l 2000 -cid_str "%u-$i@loop" \
        -set expires 300 -timeout 60s -nostdin -nd > /dev/null 2>&1) &
    sipp_pid=$!
    for _ in $(seq 50); do grep -q "forwarded=[1-9]" "$log" 2>/dev/null && break; sleep 0.1; done
    sleep 2
  fi
  exec 3<>"/dev/tcp/127.0.0.1/$admin" 4<>"/dev/tcp/127.0.0.1/$port"
  printf 'GET /health HTTP/1.1\r\nHost: x\r\n\r\n' >&3
  kill -TERM "$pid"; wait "$pid"; code=$?
  exec 3>&- 4>&-
  # TERM, not KILL: timeout passes it on to SIPp
  [ -n "$sipp_pid" ] && { kill -TERM "$sipp_pid" 2>/dev/null; wait "$sipp_pid" 2>/dev/null; sipp_pid=''; }
  case "$code" in 0|143) ;; *) echo "stop $i: exit $code"; tail -20 "$log" ;; esac
  grep -q "store .* closed" "$log" || { echo "stop $i: the store was not closed:"; tail -20 "$log"; }
done
echo "restarts: $ok started, $failed failed to start, of $n"
