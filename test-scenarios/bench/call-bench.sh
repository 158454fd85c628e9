#!/usr/bin/env bash
# Call setups per second through midreg and through Kamailio doing the same job, same machine,
# same SIPp caller and devices, alternating step by step.
#
# Usage: call-bench.sh [--aors N] [--rates "R1 R2 ..."] [--step-seconds S] [--runs K] [--hold-ms MS]
#                      [--children C] [--heap-calls N] [--heap-rate R] [--warmup-calls N] [--out DIR]
#
# Starts: Kamailio U (no auth), midreg's upstream registrar; midreg (bin/midreg run, contact
# mode, upstream U); Kamailio P (registrar.cfg with WITH_CALLS: lookup("location") + t_relay()
# with record_route(), C children); one SIPp UAS on a fixed port: the devices. The devices
# register N AORs from that port through midreg (midreg registers a token Contact for each at U)
# and directly at P. The caller's Request-URIs: for midreg the token Contacts U holds (read with
# kamcmd ul.lookup), so midreg sees the upstream calling the contacts it registered (the caller is
# on 127.0.0.1, U's address); for P the AORs, which it looks up.
# A warm-up pass at each server first (--warmup-calls, default 10 000 at 500/s; not reported).
# Then K runs; in each, for each rate R: one step at midreg, then the same at P: R*S calls
# at R/s (INVITE, 100, 180, 200, ACK, hold MS, BYE, 200), one SIPp per step. Per step: calls
# succeeded and failed (SIPp counts an unexpected message as a failed call), retransmissions,
# setup time (INVITE to 200) percentiles from -trace_rtt, the server's CPU (utime+stime of the
# PID and its descendants, /proc) as % of one core and per call, SIPp's CPU (caller + devices).
# Last, with --heap-calls N (default 20000, 0 skips it): midreg's live heap after a full GC
# (jcmd GC.class_histogram) with no call, then with N calls held (set up at --heap-rate/s,
# held long enough that every INVITE transaction has ended: RFC 6026 timers L and M, 32 s).
# UDP receive buffer 4 MiB everywhere (SIPp -buff_size, Kamailio -b, midreg udpReceiveBuffer).
# Everything started here is stopped by PID on exit; every SIPp run is bounded by a time-out.
set -Eeuo pipefail
here=$(cd "$(dirname "$0")" && pwd)
home=$(cd "$here/../.." && pwd)
scenarios="$home/test-scenarios/sipp"
aors=1000 rates="500 1000 1500 2000" step=15 runs=3 hold=1000 children=2 rcvbuf=4194304 out='' heap_calls=20000 heap_rate=1000 warmup=10000
while [ $# -gt 0 ]; do
  case "$1" in
    --aors) aors=$2; shift 2 ;;
    --rates) rates=$2; shift 2 ;;
    --step-seconds) step=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --hold-ms) hold=$2; shift 2 ;;
    --children) children=$2; shift 2 ;;
    --heap-calls) heap_calls=$2; shift 2 ;;
    --heap-rate) heap_rate=$2; shift 2 ;;
    --warmup-calls) warmup=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
for v in aors step hold children heap_rate warmup; do
  [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || { echo "--${v//_/-} must be a positive integer" >&2; exit 2; }
done
[[ "$heap_calls" =~ ^[0-9]+$ ]] || { echo "--heap-calls must be a number" >&2; exit 2; }
[[ "$runs" =~ ^[0-9]+$ ]] || { echo "--runs must be a number (0: the heap measurement only)" >&2; exit 2; }
for r in $rates; do [[ "$r" =~ ^[1-9][0-9]*$ ]] || { echo "bad rate '$r'" >&2; exit 2; }; done
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"
for tool in kamailio kamcmd sipp jcmd; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: run test-scenarios/install-test-deps.sh" >&2; exit 1; }
done
dir=$(mktemp -d /tmp/midreg-calls.XXXXXX)
out=${out:-$dir/out}
mkdir -p "$out"
pids=()
# shellcheck source=lib.sh
. "$here/lib.sh"
cleanup() {
  stop_started
  rm -rf "$dir/u" "$dir/p" "$dir/store"
}
trap cleanup EXIT
trap 'echo "call-bench.sh: line $LINENO failed: $BASH_COMMAND" >&2' ERR
clk_tck=$(getconf CLK_TCK)

upstream_port=$(free_port); start_kamailio u "$upstream_port" 2
peer_port=$(free_port)
while [ "$peer_port" = "$upstream_port" ]; do peer_port=$(free_port); done
start_kamailio p "$peer_port" "$children" -A WITH_CALLS; peer_pid=$kam_pid
midreg_port=$(free_port)
write_midreg_config "$dir/midreg.yaml" "$midreg_port" "$rcvbuf" contact "$upstream_port" "$dir/store/midreg.store" $((aors * 2))
start_midreg "$dir/midreg.yaml" "$dir/midreg.log" "$midreg_port"
device_port=$(free_port)
caller_port=$(free_port)

echo "# $(date -u '+%F %T') UTC; $(nproc) cores; load:$(uptime | sed 's/.*load average//')" | tee -a "$out/table.md" >&2
echo "# midreg pid $midreg_pid udp 127.0.0.1:$midreg_port (sip.workers ${MIDREG_SIP_WORKERS:-0, the default}; contact mode, upstream kamailio 127.0.0.1:$upstream_port); kamailio P pid $peer_pid udp 127.0.0.1:$peer_port ($children children, lookup + t_relay + record_route); devices: SIPp UAS 127.0.0.1:$device_port; $aors AORs; hold ${hold} ms" | tee -a "$out/table.md" >&2

# The devices register every AOR from the UAS's port (before the UAS binds it), through midreg and at P.
"$here/make-users.sh" "$aors" > "$dir/users.csv"
register_devices() {
  local target=$1 name=$2
  mkdir -p "$dir/reg-$name"
  (cd "$dir/reg-$name" && timeout --signal=KILL 120 sipp "$target" -sf "$scenarios/register-load-uac.xml" -inf "$dir/users.csv" \
    -t u1 -i 127.0.0.1 -p "$device_port" -r 500 -m "$aors" -set expires 3600 -cid_str "%u-$name@calls" \
    -timeout 100s -nostdin -nd -trace_stat -stf stat.csv > screen.log 2>&1) \
    || { echo "registering the devices at $name failed; see $dir/reg-$name" >&2; exit 1; }
}
register_devices "127.0.0.1:$midreg_port" midreg
register_devices "127.0.0.1:$peer_port" kamailio

# Request-URIs: the token Contacts U holds for midreg (AOR order does not matter), the AORs for P.
# (one ul.lookup per AOR: a whole ul.dump of this many is larger than a binrpc reply may be)
awk -F';' 'NR > 1 { print $1 "@" $2 }' "$dir/users.csv" | while read -r aor; do
  kamcmd -s "unix:$dir/u/ctl" ul.lookup location "$aor"
done > "$dir/u-dump.txt"
{ echo SEQUENTIAL; awk '/Address:/ { a = $2; sub(/^sip:/, "", a); print a }' "$dir/u-dump.txt"; } > "$dir/callees-midreg.csv"
{ echo SEQUENTIAL; awk -F';' 'NR > 1 { print $1 "@" $2 }' "$dir/users.csv"; } > "$dir/callees-kamailio.csv"
tokens=$(($(wc -l < "$dir/callees-midreg.csv") - 1))
[ "$tokens" -eq "$aors" ] || { echo "U holds $tokens contacts, expected $aors; see $dir/u-dump.txt" >&2; exit 1; }

mkdir -p "$dir/devices"
(cd "$dir/devices" && exec sipp -sf "$scenarios/device-answer-uas.xml" -t u1 -i 127.0.0.1 -p "$device_port" \
  -buff_size "$rcvbuf" -max_recv_loops 10000 -max_sched_loops 10000 -nostdin -nd -trace_err > screen.log 2>&1) &
devices_pid=$!
pids+=("$devices_pid")
sleep 1
kill -0 "$devices_pid" || { echo "the devices' SIPp did not start" >&2; cat "$dir/devices/screen.log" >&2; exit 1; }

now_ns() { date +%s%N; }

# One step: CALLS calls at RATE/s to TARGET (Request-URIs from CALLEES) in DIR; bounded in time.
call_pass() {
  local target=$1 callees=$2 stepdir=$3 rate=$4 calls=$5 hold_ms=$6 limit
  mkdir -p "$stepdir"
  limit=$((calls / rate + hold_ms / 1000 + 40))
  (cd "$stepdir" && timeout --signal=KILL $((limit + 10)) sipp "$target" -sf "$scenarios/call-load-uac.xml" -inf "$callees" \
    -t u1 -i 127.0.0.1 -p "$caller_port" -r "$rate" -m "$calls" -d "$hold_ms" -l $((calls + 10)) \
    -buff_size "$rcvbuf" -max_recv_loops 10000 -max_sched_loops 10000 -timeout "${limit}s" \
    -nostdin -nd -trace_stat -stf stat.csv -fd 1 -trace_rtt -rtt_freq 100 -trace_err -error_file errors.log > screen.log 2>&1)
}

echo "| server | run | target calls/s | achieved/s | calls ok | failed | unexpected | retrans | setup p50 ms | p95 ms | p99 ms | server CPU % | CPU ms/call | SIPp CPU % | load 1 min |" | tee -a "$out/table.md"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |" | tee -a "$out/table.md"
step_row() {
  local name=$1 run=$2 rate=$3 target=$4 callees=$5 pid=$6
  local stepdir="$out/$name-$run-$rate" total=$((rate * step)) ticks0 ticks1 t0 t1 load
  load=$(cut -d' ' -f1 /proc/loadavg)
  ticks0=$(tree_ticks "$pid"); t0=$(now_ns)
  times > "$dir/times.before"
  call_pass "$target" "$callees" "$stepdir" "$rate" "$total" "$hold" || true
  times > "$dir/times.after"
  t1=$(now_ns); ticks1=$(tree_ticks "$pid")
  local ok failed unexpected retrans wall p50 p95 p99
  ok=$(stat_column "$stepdir/stat.csv" 'SuccessfulCall(C)')
  failed=$(stat_column "$stepdir/stat.csv" 'FailedCall(C)')
  unexpected=$(stat_column "$stepdir/stat.csv" 'FailedUnexpectedMessage(C)')
  retrans=$(stat_column "$stepdir/stat.csv" 'Retransmissions(C)')
  # calls SIPp never finished (stopped by its time limit) count as failed
  if [ $((total - ok - failed)) -gt 0 ]; then failed=$((total - ok)); fi
  read -r p50 p95 p99 < <(cat "$stepdir"/*_rtt.csv 2>/dev/null | awk -F';' '$2 ~ /^[0-9.]+$/ { print $2 }' | sort -n |
    awk '{ v[NR] = $1 } END { if (NR == 0) { print "- - -"; exit }
      n = split("0.50 0.95 0.99", q, " "); for (i = 1; i <= n; i++) { k = int(q[i] * NR + 0.999999); if (k < 1) k = 1; printf "%s ", v[k] } print "" }')
  wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
  # the step's wall time includes the last calls' hold and BYE: the rate is calls over the sending time
  local sending cpu cpu_per_call sipp_cpu achieved
  sending=$(awk -v w="$wall" -v h="$hold" 'BEGIN { s = w - h / 1000; if (s < 1) s = 1; printf "%.3f", s }')
  achieved=$(awk -v n="$ok" -v s="$sending" 'BEGIN { printf "%.0f", n / s }')
  cpu=$(awk -v a="$ticks0" -v b="$ticks1" -v hz="$clk_tck" -v w="$wall" 'BEGIN { printf "%.0f", (b - a) / hz / w * 100 }')
  cpu_per_call=$(awk -v a="$ticks0" -v b="$ticks1" -v hz="$clk_tck" -v n="$ok" 'BEGIN { if (n == 0) print "-"; else printf "%.3f", (b - a) / hz * 1000 / n }')
  sipp_cpu=$(awk -v a="$(children_seconds "$dir/times.before")" -v b="$(children_seconds "$dir/times.after")" -v w="$wall" 'BEGIN { printf "%.0f", (b - a) / w * 100 }')
  echo "| $name | $run | $rate | $achieved | $ok | $failed | $unexpected | $retrans | $p50 | $p95 | $p99 | $cpu | $cpu_per_call | $sipp_cpu | $load |" | tee -a "$out/table.md"
  sleep 5   # let the last transactions end before the other server's step
}

# Warm-up, not reported: the JIT compiles midreg's call path (a cold JVM takes several times the CPU per call).
echo "# warm-up: $warmup calls at 500/s to each server" >&2
call_pass "127.0.0.1:$midreg_port" "$dir/callees-midreg.csv" "$dir/warmup-midreg" 500 "$warmup" "$hold" || true
call_pass "127.0.0.1:$peer_port" "$dir/callees-kamailio.csv" "$dir/warmup-kamailio" 500 "$warmup" "$hold" || true
echo "# warm-up calls ok: midreg $(stat_column "$dir/warmup-midreg/stat.csv" 'SuccessfulCall(C)'), kamailio $(stat_column "$dir/warmup-kamailio/stat.csv" 'SuccessfulCall(C)') of $warmup each" | tee -a "$out/table.md" >&2
sleep 5

for run in $(seq 1 "$runs"); do
  for rate in $rates; do
    step_row midreg "$run" "$rate" "127.0.0.1:$midreg_port" "$dir/callees-midreg.csv" "$midreg_pid"
    step_row kamailio "$run" "$rate" "127.0.0.1:$peer_port" "$dir/callees-kamailio.csv" "$peer_pid"
  done
done

# Live heap (bytes) after a full GC: the class histogram's total.
live_heap() {
  jcmd "$midreg_pid" GC.class_histogram | awk '$1 == "Total" { print $3 }'
}
if [ "$heap_calls" -gt 0 ]; then
  setup_s=$((heap_calls / heap_rate))
  held_ms=$(( (setup_s + 80) * 1000 ))   # every call still held when the heap is read (setup + 40 s)
  echo "# heap: waiting 40 s for the steps' transactions to end" >&2
  sleep 40
  before=$(live_heap)
  heapdir="$out/heap"
  (call_pass "127.0.0.1:$midreg_port" "$dir/callees-midreg.csv" "$heapdir" "$heap_rate" "$heap_calls" "$held_ms") &
  heap_sipp=$!
  sleep $((setup_s + 40))
  during=$(live_heap)
  # midreg's own count of active calls, where it has one (a dialogs metric)
  active=$(curl -s "$(grep -o 'admin API on http://127.0.0.1:[0-9]*' "$dir/midreg.log" | head -1 | sed 's/admin API on //')/metrics" |
    awk '/^midreg_calls_active/ { printf "%s=%s ", $1, $2 }' || true)
  wait "$heap_sipp" || true
  ok=$(stat_column "$heapdir/stat.csv" 'SuccessfulCall(C)')
  failed=$(stat_column "$heapdir/stat.csv" 'FailedCall(C)')
  after=$(live_heap)
  echo "# heap: $heap_calls calls at ${heap_rate}/s held ${held_ms} ms; live heap after full GC: none $before B, with the calls held $during B (${active:-no active-dialog metric}), after they ended $after B; per held call $(( (during - before) / heap_calls )) B; calls ok $ok failed $failed; load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/table.md" >&2
fi
echo "# results in $out/table.md" >&2
midreg_counters "$dir/midreg.log" | tee -a "$out/table.md" >&2
echo "# kamailio P: $(kamcmd -s "unix:$dir/p/ctl" stats.get_statistics rcv_requests_invite rcv_requests_bye | tr '\n' ' ')" | tee -a "$out/table.md" >&2
