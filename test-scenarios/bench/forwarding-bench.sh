#!/usr/bin/env bash
# midreg's forwarding path: every REGISTER is a new registration (a fresh Call-ID), so each is
# relayed upstream in a client transaction, to a SIPp UAS that answers 200 (uas-registrar.xml), or
# with --upstream kamailio to Kamailio's in-memory registrar (2 children, no auth).
#
# Usage: forwarding-bench.sh [--users N] [--rates "R1 R2 ..."] [--step-seconds S] [--runs K]
#                            [--upstream sipp|kamailio] [--warmup-rate R] [--out DIR]
#
# --warmup-rate R (default 2000): a first 10 s pass at R/s, not reported, so the measured steps
# run on a warm JVM.
#
# Reports per rate (register-bench.sh's table): REGISTERs answered 200 end to end, failures,
# retransmissions, response times and midreg's CPU. The upstream SIPp is bounded in calls and
# time; everything started here is stopped by PID on exit.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
home=$(cd "$here/../.." && pwd)
users=100000 rates="5000 10000 15000" step=10 runs=1 rcvbuf=4194304 out='' upstream=sipp warmup=2000
while [ $# -gt 0 ]; do
  case "$1" in
    --users) users=$2; shift 2 ;;
    --rates) rates=$2; shift 2 ;;
    --step-seconds) step=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --upstream) upstream=$2; shift 2 ;;
    --warmup-rate) warmup=$2; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
command -v sipp >/dev/null || { echo "sipp is missing: run test-scenarios/install-test-deps.sh" >&2; exit 1; }
dir=$(mktemp -d /tmp/midreg-fwd.XXXXXX)
out=${out:-$dir/out}
mkdir -p "$out"
pids=()
# shellcheck source=lib.sh
. "$here/lib.sh"
cleanup() {
  stop_started
  rm -rf "$dir/store" "$dir/u"
}
trap cleanup EXIT

upstream_port=$(free_port)
max_calls=$((warmup * 10))
for r in $rates; do max_calls=$((max_calls + r * step * runs)); done
case "$upstream" in
  kamailio)
    export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"
    command -v kamailio >/dev/null || { echo "kamailio is missing: run test-scenarios/install-test-deps.sh" >&2; exit 1; }
    start_kamailio u "$upstream_port" 2; uas_pid=$kam_pid ;;
  sipp)
# The upstream: accepts every REGISTER; bounded by calls and time.
(cd "$dir" && exec timeout 1800 sipp -sf "$home/test-scenarios/sipp/uas-registrar.xml" -i 127.0.0.1 -p "$upstream_port" -t u1 \
  -deadcall_wait 0 -m "$max_calls" -buff_size "$rcvbuf" -max_recv_loops 10000 -nostdin -nd -bg > "$dir/uas.log" 2>&1) || true
uas_pid=$(grep -o 'PID=\[[0-9]*\]' "$dir/uas.log" | tr -dc 0-9)
[ -n "$uas_pid" ] || { echo "upstream SIPp did not start:" >&2; cat "$dir/uas.log" >&2; exit 1; }
pids+=("$uas_pid") ;;
  *) echo "--upstream must be sipp or kamailio" >&2; exit 2 ;;
esac

midreg_port=$(free_port)
while [ "$midreg_port" = "$upstream_port" ]; do midreg_port=$(free_port); done
write_midreg_config "$dir/midreg.yaml" "$midreg_port" "$rcvbuf" contact "$upstream_port" "$dir/store/midreg.store" $((users * 2))
start_midreg "$dir/midreg.yaml" "$dir/midreg.log" "$midreg_port"
echo "# midreg pid $midreg_pid udp 127.0.0.1:$midreg_port (contact mode), upstream $upstream pid $uas_pid on 127.0.0.1:$upstream_port" >&2
if [ "$warmup" -gt 0 ]; then
  "$here/register-bench.sh" "127.0.0.1:$midreg_port" --users "$users" --rates "$warmup" --step-seconds 10 \
    --server-pid "$midreg_pid" --label "warm-up (not reported)" --expires 300 --rcvbuf "$rcvbuf" \
    --no-prereg --fresh-call-ids --out "$out/warmup" > "$out/warmup.md" || true
fi
for run in $(seq 1 "$runs"); do
  "$here/register-bench.sh" "127.0.0.1:$midreg_port" --users "$users" --rates "$rates" --step-seconds "$step" \
    --server-pid "$midreg_pid" --label "midreg forwarding run $run" --expires 300 --rcvbuf "$rcvbuf" \
    --no-prereg --fresh-call-ids --out "$out/run-$run" | tee -a "$out/table.md"
done
midreg_counters "$dir/midreg.log" | tee -a "$out/table.md" >&2
if [ "$upstream" = kamailio ]; then
  echo "# upstream Kamailio: $(kamcmd -s "unix:$dir/u/ctl" stats.get_statistics rcv_requests_register registered_users | tr '\n' ' ')" | tee -a "$out/table.md" >&2
fi
