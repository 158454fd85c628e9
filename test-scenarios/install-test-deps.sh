#!/usr/bin/env bash
# Installs the real peers the tests drive (Debian packages). Idempotent; needs root or sudo.
# Usage: install-test-deps.sh
# Packages: sip-tester (SIPp) for devices and load; kamailio as the upstream registrar (its
# base package has every module registrar.cfg loads: registrar, usrloc, auth, htable, ctl, and
# kamcmd). The package's init script is not run here (policy-rc.d) and nothing uses it: the
# tests start their own kamailio in a temp dir. systemd gives systemd-analyze, which checks the
# distribution's unit file (nothing is started through it). python3-prometheus-client: its
# text-format parser checks midreg's /metrics (AdminApiIT), with Debian's /usr/bin/python3.
# dnsmasq-base: the dnsmasq binary alone (no service enabled), a DNS server serving SRV and A
# records on loopback for the RFC 3263 test (UpstreamDnsIT). baresip-core: a real softphone
# (baresip 1.0 on the libre SIP stack, MD5-only digest), run headless with only its account
# module by BaresipSurrogateIT (no audio device is opened). rtpengine-daemon: the media relay the
# ng client drives (the daemon alone, not the `rtpengine` meta package with its kernel module and
# recording daemon); the tests run /usr/bin/rtpengine themselves, userspace only, on loopback.
# stun-client: the `stun` command (vovida 0.97, an RFC 3489 client), asking midreg's UDP SIP
# port for its mapped address (StunOnSipPortTest). iproute2 and iptables: NatTraversalIT builds a
# real NAT (network namespaces, veth pairs, MASQUERADE) with `ip` and `iptables` (nf_tables).
set -euo pipefail
packages=(sip-tester kamailio systemd python3-prometheus-client dnsmasq-base baresip-core rtpengine-daemon stun-client iproute2 iptables)
# a shell check per package that succeeds when it is usable
checks=("command -v sipp" "command -v kamailio" "command -v systemd-analyze" "/usr/bin/python3 -c 'import prometheus_client.parser'"
        "command -v dnsmasq" "command -v baresip && test -f /usr/lib/baresip/modules/account.so" "command -v rtpengine" "command -v stun"
        "command -v ip" "command -v iptables")

# kamailio and kamcmd live in /usr/sbin, which a non-root PATH may lack
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"

missing=()
for i in "${!packages[@]}"; do
  bash -c "${checks[$i]}" >/dev/null 2>&1 || missing+=("${packages[$i]}")
done
[ ${#missing[@]} -eq 0 ] && { echo "test dependencies present: ${packages[*]}"; exit 0; }

if [ "$(id -u)" -eq 0 ]; then sudo=(); elif command -v sudo >/dev/null; then sudo=(sudo); else
  echo "cannot install ${missing[*]}: run as root or install them by hand (apt-get install ${missing[*]})" >&2; exit 1
fi
echo "installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
for c in "${checks[@]}" "command -v kamcmd"; do
  bash -c "$c" >/dev/null 2>&1 || { echo "install finished but '$c' still fails" >&2; exit 1; }
done
# On a host with systemd the kamailio package enables a system registrar on port 5060, which
# would answer SIPp's probes and hold the port the tests' SIPp prefers: keep it off.
if [[ " ${missing[*]} " == *" kamailio "* ]] && command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
  "${sudo[@]}" systemctl disable --now kamailio >/dev/null 2>&1 || true
fi
# The rtpengine-daemon package enables its unit, a kernel-mode relay (table 0, iptables rules) on
# every interface with ng on localhost:2223: keep it off, the tests start their own. systemctl
# disable also works without systemd running (it removes the unit's links).
if [[ " ${missing[*]} " == *" rtpengine-daemon "* ]] && command -v systemctl >/dev/null; then
  "${sudo[@]}" systemctl disable --now rtpengine-daemon >/dev/null 2>&1 || true
fi
