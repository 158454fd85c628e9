#!/usr/bin/env bash
# Upstream REGISTER rate: what reaches the upstream while devices refresh
# often, against the theoretical minimum; and the peak when every device re-registers at once.
#
# Usage: upstream-rate-bench.sh [--devices N] [--per-aor D] [--mode contact|aor] [--speedup S]
#                               [--cycles C] [--cap R] [--surrogate] [--out DIR]
#
# Real time is 60 s device refreshes against a 3600 s upstream expiry with an upstream cap of
# 200/s; the run is accelerated S times (default 10): devices refresh every 60/S s (Expires three
# times that), midreg registers upstream for 3600/S s, the cap is 200*S/s. Everything scales
# with S, so the ratio measured/minimum is the real-time one.
#   1. N devices (D per AOR) register through midreg at half the cap (each relayed upstream),
#      asking for the upstream lifetime (the pass outlasts the refresh lifetime).
#   2. Refresh passes (one SIPp per pass, same Call-ID, CSeq + 1, same port) every 60/S s for C
#      upstream lifetimes (default 1.15: the whole first upstream refresh wave); Kamailio's
#      REGISTER counter is sampled every 0.5 s.
#   3. Avalanche: every device re-registers with a new Call-ID at once (one pass at the device
#      rate, as after a NAT or network outage): everything is due upstream.
# Prints: the upstream cycle (the mean time from a binding's upstream registration to its first
# upstream refresh: the difference of the two waves' mean times, each binding being in each wave
# once), hence the steady upstream rate units/cycle against the minimum units/expiry (units:
# devices in contact mode, AORs in aor mode); the highest rate over any 1 s window of steps 2
# and 3; the most sent in any window against burst + cap * window (the token bucket's bound);
# each for the REGISTERs midreg sent (its pacer's count: new transactions) and for the datagrams
# Kamailio received (those plus midreg's UDP retransmissions when Kamailio is slow to answer).
# --surrogate: Kamailio challenges every REGISTER; midreg holds credentials for every AOR
# (upstream.credentials: one trunk-style account, user "bench", for all of them, as SIPp cannot
# vary them per call; as an MD5 HA1, since SIPp answers MD5 only) and registers the AORs upstream in its own name, answering each challenge
# (2 REGISTERs a registration); the devices authenticate with midreg. Units are then AORs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
home=$(cd "$here/../.." && pwd)
devices=100000 per=1 mode=contact speedup=10 cycles=1.15 out='' rcvbuf=4194304 surrogate=''
scenario=register-devices-load-uac.xml
while [ $# -gt 0 ]; do
  case "$1" in
    --devices) devices=$2; shift 2 ;;
    --per-aor) per=$2; shift 2 ;;
    --mode) mode=$2; shift 2 ;;
    --speedup) speedup=$2; shift 2 ;;
    --cycles) cycles=$2; shift 2 ;;
    --cap) cap=$2; shift 2 ;;
    --surrogate) surrogate=1; scenario=register-devices-auth-load-uac.xml; shift ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"
command -v kamailio >/dev/null || { echo "kamailio is missing: run test-scenarios/install-test-deps.sh" >&2; exit 1; }
command -v sipp >/dev/null || { echo "sipp is missing: run test-scenarios/install-test-deps.sh" >&2; exit 1; }
dir=$(mktemp -d /tmp/midreg-uprate.XXXXXX)
out=${out:-$dir/out}
mkdir -p "$out"
pids=()
# shellcheck source=lib.sh
. "$here/lib.sh"
cleanup() {
  [ -n "${sampler_pid:-}" ] && kill "$sampler_pid" 2>/dev/null || true
  stop_started
  rm -rf "$dir/u" "$dir/store"
}
trap cleanup EXIT

interval=$(awk -v s="$speedup" 'BEGIN { printf "%.3f", 60 / s }')     # device refresh, s
dev_expires=$(awk -v i="$interval" 'BEGIN { e = int(3 * i + 0.5); print (e < 1 ? 1 : e) }')
up_expires=$(awk -v s="$speedup" 'BEGIN { print int(3600 / s) }')
cap=${cap:-$((200 * speedup))}
burst=$(( cap / 10 > 0 ? cap / 10 : 1 ))   # midreg's default bucket: a tenth of a second's worth
aors=$(( (devices + per - 1) / per ))
device_rate=$(awk -v n="$devices" -v i="$interval" 'BEGIN { print int(n / i + 0.5) }')
[ "$up_expires" -ge 60 ] || { echo "--speedup $speedup gives an upstream expiry below midreg's minimum of 60 s" >&2; exit 2; }

kam() { kamcmd -s "unix:$dir/u/ctl" stats.get_statistics "$1" | awk -F'= *' '{ print $2 + 0 }'; }

# one SIPp pass over every device: RATE/s, CSeq BASE, Call-IDs CID (%u = line), files in DIR,
# Expires EXP (default the devices' refresh lifetime)
sipp_pass() {
  local d=$1 rate=$2 base=$3 cid=$4 exp=${5:-$dev_expires} limit
  limit=$((devices / rate + 30))
  mkdir -p "$d"
  (cd "$d" && timeout --signal=KILL $((limit + 10)) sipp "127.0.0.1:$midreg_port" -sf "$home/test-scenarios/sipp/$scenario" ${surrogate:+-au bench -ap pw-bench} \
      -inf "$out/users.csv" -t u1 -i 127.0.0.1 -p "$sipp_port" -r "$rate" -m "$devices" -l $((rate * 4 + 100)) \
      -base_cseq "$base" -cid_str "$cid" -set expires "$exp" -buff_size "$rcvbuf" \
      -max_recv_loops 10000 -max_sched_loops 10000 -timeout "${limit}s" -nostdin -nd -trace_stat -stf stat.csv -fd 1 \
      > screen.log 2>&1) || true
  awk -F';' 'NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "SuccessfulCall(C)") s = i; if ($i == "FailedCall(C)") f = i; if ($i == "Retransmissions(C)") r = i } }
    NR > 1 { split($0, last, ";") } END { printf "%d ok, %d failed, %d retransmissions\n", last[s], last[f], last[r] }' "$d/stat.csv"
}

run_id=$(date +%s)
"$here/make-users.sh" "$devices" midreg.test "$per" > "$out/users.csv"
upstream_port=$(free_port); start_kamailio u "$upstream_port" 2 ${surrogate:+-A WITH_AUTH -A AUTH_ANY_USER}
midreg_port=$(free_port)
sipp_port=$(free_port)
MIDREG_UPSTREAM_RATE=$cap write_midreg_config "$dir/midreg.yaml" "$midreg_port" "$rcvbuf" "$mode" "$upstream_port" "$dir/store/midreg.store" $((aors * 2))
sed -i "/^upstream:\$/a\\  expires: $up_expires" "$dir/midreg.yaml"
sed -i "/^registrar:\$/a\\  minExpires: 1\\n  defaultExpires: $dev_expires" "$dir/midreg.yaml"
if [ -n "$surrogate" ]; then
  # every AOR with the one account the upstream Kamailio knows (user bench, password pw-bench),
  # given as its MD5 HA1: midreg then offers devices MD5 only, the one algorithm SIPp answers
  ha1=$(printf '%s' "bench:midreg.test:pw-bench" | md5sum | cut -d' ' -f1)
  awk -F';' -v ha1="$ha1" 'NR > 1 && !seen[$1]++ { printf "- aor: sip:%s@%s\n  username: bench\n  realm: %s\n  ha1: %s\n  algorithm: MD5\n", $1, $2, $2, ha1 }' \
    "$out/users.csv" > "$dir/credentials.yaml"
  sed -i "/^upstream:\$/a\\  credentials: $dir/credentials.yaml" "$dir/midreg.yaml"
fi
start_midreg "$dir/midreg.yaml" "$dir/midreg.log" "$midreg_port"
echo "# $devices devices ($per per AOR: $aors AORs), $mode mode${surrogate:+ (surrogate: midreg registers every AOR with digest credentials)}, speedup $speedup: device refresh ${interval} s (Expires $dev_expires s) at $device_rate/s," \
  "upstream expiry $up_expires s, cap $cap/s; midreg pid $midreg_pid, kamailio 127.0.0.1:$upstream_port; files in $out" >&2

# every 0.5 s: "epoch-ms datagrams transactions": REGISTER datagrams Kamailio received (midreg's
# UDP retransmissions included) and the REGISTERs midreg's pacer let go upstream (new client
# transactions: the ones the cap counts)
admin=$(grep -o 'admin API on http://[0-9.:]*' "$dir/midreg.log" | head -1 | sed 's/admin API on //')
[ -n "$admin" ] || { echo "midreg's admin address is not in its log" >&2; exit 1; }
paced() { curl -s --max-time 2 "$admin/api/stats" | sed -n 's/.*"upstream":{[^}]*"sent":\([0-9]*\).*/\1/p'; }
( while :; do echo "$(date +%s%3N) $(kam rcv_requests_register) $(paced)"; sleep 0.5; done ) > "$out/samples.txt" 2>/dev/null &
sampler_pid=$!

# half the cap; a surrogate registration costs two REGISTERs (the challenge's answer): a quarter
prereg_rate=$(( surrogate ? cap / 4 : cap / 2 ))
prereg_from=$(date +%s%3N)
# the first REGISTERs ask for the upstream lifetime: the pass lasts longer than the devices'
# refresh lifetime, and a device silent past its lifetime is (rightly) de-registered upstream
echo "registration at ${prereg_rate}/s: $(sipp_pass "$out/prereg" "$prereg_rate" 1 "%u-$run_id@uprate" "$up_expires")"
sleep 3
steady_from=$(date +%s%3N); before=$(kam rcv_requests_register)
echo "upstream after registration: $(kam registered_users) AORs, $before REGISTERs"

duration=$(awk -v c="$cycles" -v e="$up_expires" 'BEGIN { print int(c * e) }')
pass=0 ok=0 failed=0
end=$(( $(date +%s) + duration ))
while [ "$(date +%s)" -lt "$end" ]; do
  pass=$((pass + 1))
  started=$(date +%s%3N)
  r=$(sipp_pass "$out/pass" "$device_rate" $(( surrogate ? 2 * pass + 1 : pass + 1 )) "%u-$run_id@uprate")
  ok=$((ok + $(echo "$r" | awk '{ print $1 }'))); failed=$((failed + $(echo "$r" | awk '{ print $3 }')))
  left=$(awk -v i="$interval" -v s="$started" -v n="$(date +%s%3N)" 'BEGIN { l = i - (n - s) / 1000; print (l > 0 ? l : 0) }')
  sleep "$left"
done
steady_to=$(date +%s%3N); after=$(kam rcv_requests_register)
seconds=$(awk -v a="$steady_from" -v b="$steady_to" 'BEGIN { printf "%.1f", (b - a) / 1000 }')
units=$( ([ "$mode" = aor ] || [ -n "$surrogate" ]) && echo "$aors" || echo "$devices")
echo "refresh passes: $pass over $seconds s, $ok refreshes answered 200, $failed failed"
sent_during=$(awk -v from="$steady_from" -v to="$steady_to" '$1 >= from && $1 <= to && $3 != "" { if (!seen) f = $3; l = $3; seen = 1 } END { print l - f }' "$out/samples.txt")
echo "REGISTERs midreg sent upstream during the refresh passes: $sent_during"
echo "upstream REGISTERs during the refresh passes: $((after - before)) ($units $( ([ "$mode" = aor ] || [ -n "$surrogate" ]) && echo AORs || echo devices) registered upstream; $(awk -v a=$((after - before)) -v u="$units" 'BEGIN { printf "%.2f", a / u }') per unit)"
# mean time of each wave, weighted by the REGISTERs midreg sent between samples
wave_mean() {
  awk -v from="$1" -v to="$2" '$1 >= from && $1 <= to && $3 != "" { if (seen) { d = $3 - c; s += d * (t + $1) / 2; n += d } t = $1; c = $3; seen = 1 }
    END { if (n > 0) printf "%.0f %d\n", s / n, n; else print "0 0" }' "$out/samples.txt"
}
read -r reg_mean reg_n < <(wave_mean "$prereg_from" "$steady_from")
read -r ref_mean ref_n < <(wave_mean "$steady_from" "$steady_to")
awk -v a="$reg_mean" -v b="$ref_mean" -v u="$units" -v e="$up_expires" -v s="$speedup" 'BEGIN {
  cyc = (b - a) / 1000
  printf "upstream cycle %.1f s of the %d s asked (real time %.0f s of 3600): steady upstream rate %.1f/s; theoretical minimum %.1f/s; ratio %.2f (real time: %.1f/s against %.1f/s)\n",
    cyc, e, cyc * s, u / cyc, u / e, e / cyc, u / cyc / s, u / e / s }'
aval_from=$(date +%s%3N); aval_before=$(kam rcv_requests_register)
echo "avalanche (every device, new Call-ID, at ${device_rate}/s): $(sipp_pass "$out/avalanche" "$device_rate" 1 "%u-$run_id@avalanche")"
sleep 5
aval_to=$(date +%s%3N); aval_after=$(kam rcv_requests_register)
echo "upstream REGISTERs during the avalanche: $((aval_after - aval_before)) in $(( (aval_to - aval_from) / 1000 )) s"
kill "$sampler_pid" 2>/dev/null || true; sampler_pid=''

# peaks over the samples: the most in any window of >= 1 s, and against the bucket's bound
report_peak() {
  awk -v from="$1" -v to="$2" -v cap="$cap" -v burst="$burst" -v what="$3" -v col="$4" '$1 >= from && $1 <= to && $col != "" { t[n] = $1; c[n] = $col; n++ }
    END {
      best = 0; worst = -1e18
      for (i = 0; i < n; i++) for (j = i + 1; j < n; j++) {
        w = (t[j] - t[i]) / 1000; d = c[j] - c[i]
        if (w >= 0.95 && w <= 1.6 && d / w > best) best = d / w
        if (d - cap * w > worst) worst = d - cap * w
      }
      printf "%s: peak %.0f/s over a >= 1 s window (cap %d/s); most above cap*window in any window: %+.0f (burst %d)\n", what, best, cap, worst, burst
    }' "$out/samples.txt"
}
report_peak "$steady_from" "$steady_to" "refresh passes, REGISTERs sent by midreg" 3
report_peak "$steady_from" "$steady_to" "refresh passes, REGISTER datagrams at Kamailio" 2
report_peak "$aval_from" "$aval_to" "avalanche, REGISTERs sent by midreg" 3
report_peak "$aval_from" "$aval_to" "avalanche, REGISTER datagrams at Kamailio" 2
midreg_counters "$dir/midreg.log"
