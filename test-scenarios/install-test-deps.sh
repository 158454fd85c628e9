#!/usr/bin/env bash
# Installs the real peers the tests drive (Debian packages). Idempotent; needs root or sudo.
# Usage: install-test-deps.sh
# Packages: sip-tester (SIPp) for devices and load; kamailio as the upstream registrar (its
# base package has every module registrar.cfg loads: registrar, usrloc, auth, htable, ctl, and
# kamcmd). The package's init script is not run here (policy-rc.d) and nothing uses it: the
# tests start their own kamailio in a temp dir. systemd gives systemd-analyze, which checks the
# distribution's unit file (nothing is started through it).
set -euo pipefail
packages=(sip-tester kamailio systemd)
commands=(sipp kamailio systemd-analyze)

# kamailio and kamcmd live in /usr/sbin, which a non-root PATH may lack
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

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
for c in "${commands[@]}" kamcmd; do
  command -v "$c" >/dev/null || { echo "install finished but '$c' is still missing" >&2; exit 1; }
done
# On a host with systemd the kamailio package enables a system registrar on port 5060, which
# would answer SIPp's probes and hold the port the tests' SIPp prefers: keep it off.
if [[ " ${missing[*]} " == *" kamailio "* ]] && command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
  "${sudo[@]}" systemctl disable --now kamailio >/dev/null 2>&1 || true
fi
