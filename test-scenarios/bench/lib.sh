# Shared by the bench scripts (sourced, not run). Each caller sets $home and appends the
# PIDs it starts to the array "pids"; stop_started stops exactly those.

# A random port in 40000..59999 that /proc/net lists as unused (where it lists sockets at all).
port_in_use() {
  cat /proc/net/udp /proc/net/udp6 /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk '{print $2}' | grep -q "$(printf ':%04X ' "$1")"
}
free_port() {
  for _ in $(seq 1 50); do
    local c=$((40000 + RANDOM % 20000))
    port_in_use "$c" || { echo "$c"; return; }
  done
  echo "no free port" >&2; exit 1
}

# Writes a midreg config: FILE PORT RCVBUF MODE UPSTREAM_PORT STORE_FILE CAPACITY (UDP on loopback).
# MIDREG_SIP_WORKERS, when set, becomes sip.workers (processing threads; 0 = on the event loops);
# MIDREG_UPSTREAM_RATE the upstream pacing cap (default here 100000/s: effectively uncapped).
write_midreg_config() {
  cat > "$1" <<YAML
sip:
  listeners:
    - transport: udp
      host: 127.0.0.1
      port: $2
  udpReceiveBuffer: $3
${MIDREG_SIP_WORKERS:+  workers: $MIDREG_SIP_WORKERS}
registrar:
  mode: $4
upstream:
  target: 127.0.0.1:$5
  tokenSecret: bench-secret-0123456789abcdef
  rate: ${MIDREG_UPSTREAM_RATE:-100000}   # the benches measure midreg, not its pacing (default 200/s)
admin:
  listen: 127.0.0.1:0
store:
  file: $6
  capacity: $7
YAML
}

# Stops every PID in "pids": SIGTERM, up to 5 s, then SIGKILL.
stop_started() {
  for p in "${pids[@]}"; do
    kill "$p" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null || true
  done
}

# Starts Kamailio (test-scenarios/kamailio/registrar.cfg: in-memory registrar, no auth unless a
# define says so) in $dir/NAME.
# start_kamailio NAME PORT CHILDREN [KAMAILIO-ARG...] (e.g. -A WITH_AUTH) -> sets kam_pid; uses
# $dir, $rcvbuf and appends to pids.
start_kamailio() {
  local name=$1 port=$2 ch=$3 d="$dir/$1"
  shift 3
  mkdir -p "$d"
  (cd "$d" && exec kamailio -DD -E -f "$home/test-scenarios/kamailio/registrar.cfg" -Y "$d" -w "$d" -m 1024 -M 16 -b "$rcvbuf" \
    -l "udp:127.0.0.1:$port" -l "tcp:127.0.0.1:$port" -A "CTL_SOCKET=\"unix:$d/ctl\"" -A "CHILDREN=$ch" -A "LOG_LEVEL=-1" "$@" \
    > "$d/kamailio.log" 2>&1) &
  kam_pid=$!
  pids+=("$kam_pid")
  for _ in $(seq 1 100); do
    kamcmd -s "unix:$d/ctl" core.version >/dev/null 2>&1 && return
    sleep 0.1
  done
  echo "kamailio $name did not start:" >&2; cat "$d/kamailio.log" >&2; exit 1
}

# Starts midreg (bin/midreg run) with config file $1, log $2 (MIDREG_LOG_LEVEL, default INFO); sets midreg_pid and waits until
# 127.0.0.1:$3 answers OPTIONS (this sandbox's /proc/net/udp lists no sockets to wait for).
start_midreg() {
  local config=$1 log=$2 port=$3
  (cd "$home" && MIDREG_LOG_LEVEL="${MIDREG_LOG_LEVEL:-INFO}" JAVA_OPTS="${MIDREG_JAVA_OPTS:-}" exec bin/midreg run --config "$config" > "$log" 2>&1) &
  midreg_pid=$!
  pids+=("$midreg_pid")
  for _ in $(seq 1 120); do
    # answering OPTIONS is not enough: the SIP stack answers before the registrar, the credentials
    # and the admin API are up (a large credentials file takes seconds); "midreg started" ends it
    timeout 5 sipp "127.0.0.1:$port" -sf "$home/test-scenarios/sipp/options-uac.xml" -m 1 -i 127.0.0.1 -p 0 \
      -timeout 2s -timeout_error -nostdin -nd > /dev/null 2>&1 && grep -q "midreg started" "$log" && return 0
    kill -0 "$midreg_pid" 2>/dev/null || { echo "midreg exited:" >&2; cat "$log" >&2; exit 1; }
    sleep 0.5
  done
  echo "midreg did not start" >&2; cat "$log" >&2; exit 1
}

# Stops midreg and prints the counters it logs when it stops (what it absorbed and forwarded).
midreg_counters() {
  local log=$1
  kill "$midreg_pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$midreg_pid" 2>/dev/null || break; sleep 0.1; done
  grep -h "counters:" "$log" | sed 's/^.* - /# midreg /'
}

# CPU ticks (utime+stime) of a process and all its descendants: Kamailio works in child
# processes, a JVM in threads (which /proc/PID/stat already sums)
tree_ticks() {
  # cat, not awk on the files: a process that ends between the glob and the read makes awk give up
  # (fatal read error) where cat reports it and goes on; the PID is each line's first field
  { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v root="$1" '
    {
      line = $0; sub(/^[0-9]+ \(.*\) /, "", line); split(line, f, " ")
      parent[$1] = f[2]; ticks[$1] = f[12] + f[13]
    }
    END {
      in_tree[root] = 1
      do { grew = 0; for (p in parent) if (!(p in in_tree) && (parent[p] in in_tree)) { in_tree[p] = 1; grew = 1 } } while (grew)
      for (p in in_tree) total += ticks[p]
      print total + 0
    }'
}

# children's user+system seconds from the "times" builtin's second line (0m1.230s 0m0.450s)
children_seconds() {
  sed -n 2p "$1" | awk '{ s = 0; for (i = 1; i <= 2; i++) { split($i, t, /[ms]/); s += t[1] * 60 + t[2] } printf "%.3f", s }'
}

# column of SIPp's statistics csv by its header name, from the last (cumulative) line
stat_column() {
  awk -F';' -v name="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i } END { print (c ? last[c] : 0) + 0 }
    NR > 1 { split($0, last, ";") }' "$1"
}
