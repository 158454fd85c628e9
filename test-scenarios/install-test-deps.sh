#!/usr/bin/env bash
# Installs the real peers the tests drive (Debian packages). Idempotent; needs root or sudo.
# Packages: sip-tester (SIPp) for devices and load.
set -euo pipefail
packages=(sip-tester)
commands=(sipp)

missing=()
for i in "${!packages[@]}"; do
  command -v "${commands[$i]}" >/dev/null 2>&1 || missing+=("${packages[$i]}")
done
[ ${#missing[@]} -eq 0 ] && { echo "test dependencies present: ${packages[*]}"; exit 0; }

if [ "$(id -u)" -eq 0 ]; then sudo=(); elif command -v sudo >/dev/null; then sudo=(sudo); else
  echo "cannot install ${missing[*]}: run as root or install them by hand (apt-get install ${missing[*]})" >&2; exit 1
fi
echo "installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
for c in "${commands[@]}"; do
  command -v "$c" >/dev/null || { echo "install finished but '$c' is still missing" >&2; exit 1; }
done
