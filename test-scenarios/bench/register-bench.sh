#!/usr/bin/env bash
# REGISTER throughput of a registrar (midreg, Kamailio, anything) driven by SIPp on loopback.
#
# Usage: register-bench.sh HOST:PORT --users N --rates "R1 R2 ..." --step-seconds S --server-pid PID
#                          [--label NAME] [--transport u1|t1] [--expires S] [--prereg-rate R]
#                          [--local-port P] [--rcvbuf BYTES] [--out DIR] [--no-prereg] [--fresh-call-ids]
#
# 1. Pre-registers N AORs (bench0000001@midreg.test ...) once, at --prereg-rate (default 2000/s).
# 2. For each rate R, one step of S seconds: R*S REGISTER refreshes of those AORs at R/s.
#    Each refresh continues its AOR's registration: same Call-ID, same Contact (a fixed local
#    port), CSeq one higher than the last; so a mid-registrar may absorb it. SIPp cannot keep
#    a Call-ID across its calls, so a step is run as passes of at most N calls, one SIPp per
#    pass, where call k is always AOR k with Call-ID "k-RUN@bench" (-cid_str without %p).
#    --fresh-call-ids gives every pass new Call-IDs instead: every REGISTER starts a new
#    registration, so a mid-registrar forwards all of them (its forwarding path);
#    --no-prereg skips step 1.
# 3. Prints one markdown row per step: calls answered 200 and failed, retransmissions, response
#    time percentiles (SIPp -trace_rtt, whole milliseconds), the server's CPU (utime+stime of
#    PID and all its descendants, from /proc, as % of one core) and SIPp's own CPU, over the
#    step's wall time (which includes the few ms between passes: "achieved" is the real rate).
#
# UDP receive buffers: a loss-free run at high rates depends on them, so every server compared
# must use the same one. SIPp gets -buff_size BYTES (default 4194304); the server must set
# SO_RCVBUF to the same (Kamailio: -b BYTES, see compare-kamailio.sh; midreg: its listener's
# receive buffer setting), and net.core.rmem_max must allow it (the kernel caps SO_RCVBUF to
# it silently). The header prints rmem_max/rmem_default and the buffer the server's socket has.
set -euo pipefail

usage() {
  sed -n '4,6p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
. "$here/lib.sh"
scenarios=$(cd "$here/../sipp" && pwd)

[ $# -ge 1 ] || usage
target=$1; shift
[[ "$target" =~ ^[^:]+:[0-9]+$ ]] || { echo "target must be HOST:PORT, got '$target'" >&2; usage; }
users='' rates='' step='' server_pid='' label='' transport=u1 expires=3600 prereg_rate=2000 prereg=1 fresh=''
local_port='' rcvbuf=4194304 out=''
while [ $# -gt 0 ]; do
  case "$1" in
    --users) users=$2; shift 2 ;;
    --rates) rates=$2; shift 2 ;;
    --step-seconds) step=$2; shift 2 ;;
    --server-pid) server_pid=$2; shift 2 ;;
    --label) label=$2; shift 2 ;;
    --transport) transport=$2; shift 2 ;;
    --expires) expires=$2; shift 2 ;;
    --prereg-rate) prereg_rate=$2; shift 2 ;;
    --no-prereg) prereg=''; shift ;;
    --fresh-call-ids) fresh=1; shift ;;
    --local-port) local_port=$2; shift 2 ;;
    --rcvbuf) rcvbuf=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h|--help) usage ;;
    *) echo "unknown option: $1" >&2; usage ;;
  esac
done
for v in users step server_pid expires prereg_rate rcvbuf; do
  [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || { echo "--${v//_/-} must be a positive integer" >&2; usage; }
done
[ -n "$rates" ] || { echo "--rates is required" >&2; usage; }
for r in $rates; do [[ "$r" =~ ^[1-9][0-9]*$ ]] || { echo "bad rate '$r'" >&2; usage; }; done
[ -d "/proc/$server_pid" ] || { echo "no process $server_pid (--server-pid)" >&2; exit 1; }
command -v sipp >/dev/null || { echo "sipp is missing: run test-scenarios/install-test-deps.sh" >&2; exit 1; }
label=${label:-$target}
clk_tck=$(getconf CLK_TCK)
out=${out:-$(mktemp -d /tmp/register-bench.XXXXXX)}
mkdir -p "$out"

# A UDP/TCP port nobody listens on: SIPp's Contact and source port must stay the same for the
# whole run, or every pass would be a new device to the registrar.
port_in_use() {
  local hex
  hex=$(printf ':%04X ' "$1")
  cat /proc/net/udp /proc/net/udp6 /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk '{print $2}' | grep -q "$hex"
}
if [ -z "$local_port" ]; then
  for _ in $(seq 1 50); do
    candidate=$((20000 + RANDOM % 20000))
    port_in_use "$candidate" || { local_port=$candidate; break; }
  done
  [ -n "$local_port" ] || { echo "no free local port found" >&2; exit 1; }
fi

now_ns() { date +%s%N; }

run_id=$(date +%s)
"$here/make-users.sh" "$users" > "$out/users.csv"

# one SIPp pass: CALLS calls at RATE/s with CSeq BASE; files land in DIR; bounded in time
sipp_pass() {
  local dir=$1 rate=$2 calls=$3 base=$4 limit
  mkdir -p "$dir"
  limit=$((calls / rate + 15))
  (cd "$dir" && timeout --signal=KILL $((limit + 10)) sipp "$target" -sf "$scenarios/register-load-uac.xml" \
      -inf "$out/users.csv" -t "$transport" -i 127.0.0.1 -p "$local_port" \
      -r "$rate" -m "$calls" -l $((rate * 4 + 100)) -base_cseq "$base" -cid_str "%u-$run_id${fresh:+-$base}@bench" \
      -set expires "$expires" -buff_size "$rcvbuf" -max_recv_loops 10000 -max_sched_loops 10000 \
      -timeout "${limit}s" -nostdin -nd -trace_stat -stf stat.csv -fd 1 -trace_rtt -rtt_freq 1000 \
      -trace_err -error_file errors.log > screen.log 2>&1)
}

server_rcvbuf() {
  local port=${target##*:}
  ss -uampn 2>/dev/null | awk -v p=":$port" '$4 ~ p"$" { getline; if (match($0, /rb[0-9]+/)) { print substr($0, RSTART + 2, RLENGTH - 2); exit } }'
}

echo "# $label: $users AORs, steps of ${step}s, transport $transport, run $run_id, files in $out" >&2
echo "# SIPp -buff_size $rcvbuf; net.core.rmem_max $(cat /proc/sys/net/core/rmem_max), rmem_default $(cat /proc/sys/net/core/rmem_default); server UDP socket rb $(server_rcvbuf || true) (kernel doubles SO_RCVBUF)" >&2
if [ -n "$prereg" ]; then
echo "# pre-registering $users AORs at ${prereg_rate}/s" >&2
if ! sipp_pass "$out/prereg" "$prereg_rate" "$users" 1; then
  echo "pre-registration failed: $(stat_column "$out/prereg/stat.csv" 'FailedCall(C)') of $users calls failed; see $out/prereg" >&2
  exit 1
fi
fi

echo "| server | target rate/s | achieved/s | 200 OK | failed | retrans | p50 ms | p95 ms | p99 ms | server CPU % | SIPp CPU % |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
cseq=2
for rate in $rates; do
  total=$((rate * step))
  stepdir="$out/rate-$rate"
  mkdir -p "$stepdir"
  ok=0 failed=0 retrans=0 pass=0
  ticks_before=$(tree_ticks "$server_pid")
  t0=$(now_ns)
  times > "$stepdir/times.before"
  left=$total
  while [ "$left" -gt 0 ]; do
    calls=$(( left < users ? left : users ))
    pass=$((pass + 1))
    sipp_pass "$stepdir/pass-$pass" "$rate" "$calls" "$cseq" || true
    cseq=$((cseq + 1))
    left=$((left - calls))
  done
  times > "$stepdir/times.after"
  t1=$(now_ns)
  ticks_after=$(tree_ticks "$server_pid")
  for f in "$stepdir"/pass-*/stat.csv; do
    [ -f "$f" ] || continue
    ok=$((ok + $(stat_column "$f" 'SuccessfulCall(C)')))
    failed=$((failed + $(stat_column "$f" 'FailedCall(C)')))
    retrans=$((retrans + $(stat_column "$f" 'Retransmissions(C)')))
  done
  # calls SIPp never got to start (it was stopped by its time limit) count as failed
  unfinished=$((total - ok - failed)); [ "$unfinished" -gt 0 ] && failed=$((failed + unfinished))
  read -r p50 p95 p99 < <(cat "$stepdir"/pass-*/*_rtt.csv 2>/dev/null | awk -F';' '$2 ~ /^[0-9.]+$/ { print $2 }' | sort -n |
    awk '{ v[NR] = $1 } END { if (NR == 0) { print "- - -"; exit }
      n = split("0.50 0.95 0.99", q, " "); for (i = 1; i <= n; i++) { k = int(q[i] * NR + 0.999999); if (k < 1) k = 1; printf "%s ", v[k] } print "" }')
  wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
  sipp_cpu=$(awk -v a="$(children_seconds "$stepdir/times.before")" -v b="$(children_seconds "$stepdir/times.after")" -v w="$wall" \
    'BEGIN { printf "%.0f", (b - a) / w * 100 }')
  server_cpu=$(awk -v a="$ticks_before" -v b="$ticks_after" -v hz="$clk_tck" -v w="$wall" 'BEGIN { printf "%.0f", (b - a) / hz / w * 100 }')
  achieved=$(awk -v n="$ok" -v w="$wall" 'BEGIN { printf "%.0f", n / w }')
  echo "| $label | $rate | $achieved | $ok | $failed | $retrans | $p50 | $p95 | $p99 | $server_cpu | $sipp_cpu |"
done
