#!/usr/bin/env bash
# midreg against Kamailio's in-memory registrar, same machine, same SIPp load, alternating runs.
#
# Usage: compare-midreg-kamailio.sh [--users N] [--rates "R1 R2 ..."] [--step-seconds S] [--runs K]
#                                   [--mode contact|aor|mirror] [--expires S] [--children C] [--prereg-rate R] [--skip-peer] [--out DIR]
#
# Starts: Kamailio U (no auth) as midreg's upstream; midreg (bin/midreg run, the given mode,
# upstream U, its own store); Kamailio P (no auth, C children) as the peer to compare with.
# Then K times: register-bench.sh against midreg, then against P, with the same users, rates,
# steps and UDP receive buffer (4 MiB: SIPp -buff_size, Kamailio -b, midreg sip.udpReceiveBuffer).
# midreg's pre-registration pass is its forwarding path (each new AOR relayed to U); its steps
# are absorbed refreshes. Everything started here is stopped by PID on exit.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
home=$(cd "$here/../.." && pwd)
users=100000 rates="10000 20000 30000" step=15 runs=3 mode=contact expires=300 children=2 rcvbuf=4194304 out='' prereg=5000 skip_peer=''
while [ $# -gt 0 ]; do
  case "$1" in
    --users) users=$2; shift 2 ;;
    --rates) rates=$2; shift 2 ;;
    --step-seconds) step=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --mode) mode=$2; shift 2 ;;
    --expires) expires=$2; shift 2 ;;
    --children) children=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --prereg-rate) prereg=$2; shift 2 ;;
    --skip-peer) skip_peer=1; shift ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"
command -v kamailio >/dev/null || { echo "kamailio is missing: run test-scenarios/install-test-deps.sh" >&2; exit 1; }
dir=$(mktemp -d /tmp/midreg-bench.XXXXXX)
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

upstream_port=$(free_port); start_kamailio u "$upstream_port" 2
midreg_port=$(free_port)
peer_port=$(free_port)
while [ "$peer_port" = "$midreg_port" ] || [ "$peer_port" = "$upstream_port" ]; do peer_port=$(free_port); done
start_kamailio p "$peer_port" "$children"; peer_pid=$kam_pid

write_midreg_config "$dir/midreg.yaml" "$midreg_port" "$rcvbuf" "$mode" "$upstream_port" "$dir/store/midreg.store" $((users * 2))
start_midreg "$dir/midreg.yaml" "$dir/midreg.log" "$midreg_port"
# The launcher execs java, so the PID is the JVM's.
echo "# midreg pid $midreg_pid udp 127.0.0.1:$midreg_port ($mode mode, upstream kamailio 127.0.0.1:$upstream_port); kamailio peer pid $peer_pid udp 127.0.0.1:$peer_port ($children children)" >&2

for run in $(seq 1 "$runs"); do
  "$here/register-bench.sh" "127.0.0.1:$midreg_port" --users "$users" --rates "$rates" --step-seconds "$step" \
    --server-pid "$midreg_pid" --label "midreg run $run" --expires "$expires" --prereg-rate "$prereg" --rcvbuf "$rcvbuf" --out "$out/midreg-$run" | tee -a "$out/table.md"
  [ -n "$skip_peer" ] && continue   # quick midreg-only experiments
  "$here/register-bench.sh" "127.0.0.1:$peer_port" --users "$users" --rates "$rates" --step-seconds "$step" \
    --server-pid "$peer_pid" --label "kamailio run $run" --expires "$expires" --prereg-rate "$prereg" --rcvbuf "$rcvbuf" --out "$out/kamailio-$run" | tee -a "$out/table.md"
done
echo "# results in $out/table.md" >&2
# midreg's own counters (logged when it stops): what it absorbed, forwarded and why.
midreg_counters "$dir/midreg.log" | tee -a "$out/table.md" >&2
# What reached midreg's upstream: the pre-registrations (forwarded) and nothing of the absorbed refreshes.
echo "# midreg's upstream Kamailio U: $(kamcmd -s "unix:$dir/u/ctl" stats.get_statistics rcv_requests_register registered_users | tr '\n' ' ')" | tee -a "$out/table.md" >&2
echo "# peer Kamailio P: $(kamcmd -s "unix:$dir/p/ctl" stats.get_statistics rcv_requests_register registered_users | tr '\n' ' ')" | tee -a "$out/table.md" >&2
