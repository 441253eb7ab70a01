#!/usr/bin/env bash
# Installs the Debian packages a real node of the local cluster needs (bin/local-cluster up --real):
#   dockerd 20.10 (docker.io) as the container runtime behind kubelet 1.20's dockershim, the CNI plugins, dnsmasq
#   (cluster DNS), docker-registry (the Docker Hub mirror), conntrack/iptables/ethtool/socat (kube-proxy, kubelet,
#   port-forward), and what the image builds use (mmdebstrap, gcc, libc6-dev, busybox-static).
# No service may start from a package's install script: when the machine has no /usr/sbin/policy-rc.d, one that
# refuses every start is put there for the install and removed afterwards.
# Then checks the kubelet and kube-proxy binaries (scripts/provision-control-plane.sh builds them) and prints
# their folder on its last stdout line.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
PROGRESS_TAG=provision-real-node
source "$here/lib/progress.sh"
log() { say "$@"; }
export DEBIAN_FRONTEND=noninteractive

packages="docker.io containernetworking-plugins dnsmasq-base conntrack socat docker-registry iptables ethtool
  mmdebstrap gcc libc6-dev busybox-static curl"
missing=()
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  guard=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\n# kstack provision-real-node: no service starts during this install\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    guard=/usr/sbin/policy-rc.d
    trap 'rm -f "$guard"' EXIT
  fi
  apt_quiet update
  apt_quiet install --no-install-recommends "${missing[@]}"
  if [ -n "$guard" ]; then rm -f "$guard"; trap - EXIT; fi
fi
bin=$(bash "$here/provision-control-plane.sh" | tail -n 1)
for b in kubelet kube-proxy; do
  [ -x "$bin/$b" ] || { log "missing $bin/$b"; exit 1; }
done
echo "$bin"
