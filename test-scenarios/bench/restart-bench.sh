#!/usr/bin/env bash
# Upstream REGISTERs caused by a midreg restart: must be 0 (the store keeps the upstream state, so
# a restart sends nothing upstream that the schedule did not already call for).
#
# Usage: restart-bench.sh [--users N] [--prereg-rate R] [--refresh-rate R] [--mode contact|aor] [--signal KILL|TERM]
#                         [--watch SECONDS] [--out DIR]
#
# Starts Kamailio U (no auth) as midreg's upstream and midreg (bin/midreg run) in front of it.
# SIPp registers N AORs through midreg (each relayed to U), from one fixed source port with
# Call-ID "k-RUN@restart" for AOR k. Then midreg is killed (kill -9 of its PID by default), a new
# midreg opens the same store, and SIPp refreshes every AOR (same Call-ID, Contact, port; CSeq
# 2, 3, ...) once a minute until --watch seconds (default 300) have passed since the restart.
# Prints U's REGISTER count (kamcmd) before the kill, after the first pass and at the end.
# Everything started here is stopped by PID on exit.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
home=$(cd "$here/../.." && pwd)
users=100000 prereg=4000 refresh=10000 mode=contact signal=KILL rcvbuf=4194304 out='' expires=300 watch=300
while [ $# -gt 0 ]; do
  case "$1" in
    --users) users=$2; shift 2 ;;
    --prereg-rate) prereg=$2; shift 2 ;;
    --refresh-rate) refresh=$2; shift 2 ;;
    --mode) mode=$2; shift 2 ;;
    --signal) signal=$2; shift 2 ;;
    --watch) watch=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"
command -v kamailio >/dev/null || { echo "kamailio is missing: run test-scenarios/install-test-deps.sh" >&2; exit 1; }
command -v sipp >/dev/null || { echo "sipp is missing: run test-scenarios/install-test-deps.sh" >&2; exit 1; }
dir=$(mktemp -d /tmp/midreg-restart.XXXXXX)
out=${out:-$dir/out}
mkdir -p "$out"
pids=()
# shellcheck source=lib.sh
. "$here/lib.sh"
cleanup() {
  stop_started
  rm -rf "$dir/u" "$dir/store"
}
trap cleanup EXIT

upstream_registers() {
  kamcmd -s "unix:$dir/u/ctl" stats.get_statistics rcv_requests_register | awk -F'= *' '{ print $2 + 0 }'
}

# one SIPp pass over every AOR: RATE/s, CSeq BASE, files in DIR; bounded in time
sipp_pass() {
  local d=$1 rate=$2 base=$3 limit
  limit=$((users / rate + 30))
  mkdir -p "$d"
  (cd "$d" && timeout --signal=KILL $((limit + 10)) sipp "127.0.0.1:$midreg_port" -sf "$home/test-scenarios/sipp/register-load-uac.xml" \
      -inf "$out/users.csv" -t u1 -i 127.0.0.1 -p "$sipp_port" -r "$rate" -m "$users" -l $((rate * 4 + 100)) \
      -base_cseq "$base" -cid_str "%u-$run_id@restart" -set expires "$expires" -buff_size "$rcvbuf" \
      -max_recv_loops 10000 -max_sched_loops 10000 -timeout "${limit}s" -nostdin -nd -trace_stat -stf stat.csv -fd 1 \
      -trace_err -error_file errors.log > screen.log 2>&1) || true
  awk -F';' 'NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "SuccessfulCall(C)") s = i; if ($i == "FailedCall(C)") f = i; if ($i == "Retransmissions(C)") r = i } }
    NR > 1 { split($0, last, ";") } END { printf "%d ok, %d failed, %d retransmissions\n", last[s], last[f], last[r] }' "$d/stat.csv"
}

run_id=$(date +%s)
"$here/make-users.sh" "$users" > "$out/users.csv"
upstream_port=$(free_port); start_kamailio u "$upstream_port" 2
midreg_port=$(free_port)
sipp_port=$(free_port)
write_midreg_config "$dir/midreg.yaml" "$midreg_port" "$rcvbuf" "$mode" "$upstream_port" "$dir/store/midreg.store" $((users * 2))
# the cap on upstream REGISTERs (upstream.rate) lifted for the pre-registration: this measures the restart only
sed -i '/^upstream:$/a\  rate: 100000' "$dir/midreg.yaml"
start_midreg "$dir/midreg.yaml" "$dir/midreg-1.log" "$midreg_port"
echo "# $users AORs, $mode mode; midreg pid $midreg_pid udp 127.0.0.1:$midreg_port, upstream kamailio 127.0.0.1:$upstream_port; files in $out" >&2

echo "pre-registration at ${prereg}/s: $(sipp_pass "$out/prereg" "$prereg" 1)"
sleep 5 # REGISTERs SIPp gave up on may still be upstream: let midreg commit them before the kill
registered=$(kamcmd -s "unix:$dir/u/ctl" stats.get_statistics registered_users | awk -F'= *' '{ print $2 + 0 }')
before=$(upstream_registers)
echo "upstream: $registered AORs registered, $before REGISTERs received"

kill "-$signal" "$midreg_pid"
for _ in $(seq 1 300); do kill -0 "$midreg_pid" 2>/dev/null || break; sleep 0.1; done
echo "midreg stopped with SIG$signal"
restarted_at=$(date +%s)
start_midreg "$dir/midreg.yaml" "$dir/midreg-2.log" "$midreg_port"
echo "midreg restarted on the same store (pid $midreg_pid, $(grep -ho '([0-9]* AORs)' "$dir/midreg-2.log" | head -1))"

echo "refresh pass at ${refresh}/s: $(sipp_pass "$out/refresh" "$refresh" 2)"
sleep 2
after=$(upstream_registers)
echo "upstream REGISTERs caused by the restart and the refresh pass: $((after - before))"
# then a pass a minute (as devices refreshing every 60 s) until --watch seconds since the restart
pass=2
while [ $(( $(date +%s) - restarted_at + 60 )) -le "$watch" ]; do
  next=$(( restarted_at + (pass - 1) * 60 ))
  [ "$(date +%s)" -lt "$next" ] && sleep $(( next - $(date +%s) ))
  pass=$((pass + 1))
  echo "refresh pass $((pass - 1)) at $(( $(date +%s) - restarted_at )) s: $(sipp_pass "$out/refresh-$pass" "$refresh" "$pass")"
done
[ "$(date +%s)" -lt $((restarted_at + watch)) ] && sleep $(( restarted_at + watch - $(date +%s) ))
after=$(upstream_registers)
echo "upstream REGISTERs in the $(( $(date +%s) - restarted_at )) s after the restart ($((pass - 1)) refresh passes): $((after - before))"
midreg_counters "$dir/midreg-2.log"
