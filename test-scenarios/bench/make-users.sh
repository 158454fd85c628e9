#!/usr/bin/env bash
# Writes a SIPp injection file of N distinct AORs (user;domain), read in order, one per call.
# Usage: make-users.sh N [DOMAIN] > users.csv
set -euo pipefail
usage() { echo "usage: $0 N [DOMAIN] > users.csv" >&2; exit 2; }
[ $# -ge 1 ] && [[ "$1" =~ ^[1-9][0-9]*$ ]] || usage
n=$1
domain=${2:-midreg.test}
# SEQUENTIAL: call k takes line k (mod N), which the benchmark relies on to pair each AOR
# with the same Call-ID in every pass
echo SEQUENTIAL
awk -v n="$n" -v d="$domain" 'BEGIN { for (i = 1; i <= n; i++) printf "bench%07d;%s\n", i, d }'
