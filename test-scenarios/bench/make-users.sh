#!/usr/bin/env bash
# Writes a SIPp injection file of N lines (user;domain), read in order, one per call.
# Usage: make-users.sh N [DOMAIN [DEVICES_PER_AOR]] > users.csv
# With DEVICES_PER_AOR (D), lines are "user;domain;device": D consecutive lines share an AOR and
# differ in the device (the Contact user of register-devices-load-uac.xml), so N lines are N
# devices of ceil(N/D) AORs.
set -euo pipefail
usage() { echo "usage: $0 N [DOMAIN [DEVICES_PER_AOR]] > users.csv" >&2; exit 2; }
[ $# -ge 1 ] && [[ "$1" =~ ^[1-9][0-9]*$ ]] || usage
n=$1
domain=${2:-midreg.test}
per=${3:-}
[ -z "$per" ] || [[ "$per" =~ ^[1-9][0-9]*$ ]] || usage
# SEQUENTIAL: call k takes line k (mod N), which the benchmark relies on to pair each AOR
# with the same Call-ID in every pass
echo SEQUENTIAL
if [ -z "$per" ]; then
  awk -v n="$n" -v d="$domain" 'BEGIN { for (i = 1; i <= n; i++) printf "bench%07d;%s\n", i, d }'
else
  awk -v n="$n" -v d="$domain" -v p="$per" 'BEGIN { for (i = 0; i < n; i++) printf "bench%07d;%s;dev%07d-%d\n", int(i / p) + 1, d, int(i / p) + 1, i % p }'
fi
