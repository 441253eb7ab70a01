#!/usr/bin/env bash
# Provisions the binaries of the local Kubernetes control plane:
#   etcd from Debian's etcd-server package, and kube-apiserver, kube-controller-manager
#   built from Debian's kubernetes source package with Debian's Go.
# The built binaries are cached under ${XDG_CACHE_HOME:-~/.cache}/kstack/kubernetes-<version>/bin,
# so only the first run on a machine builds (that takes about ten minutes on two cores).
# Prints the cache's bin directory on its last line of stdout.
set -euo pipefail

log() { printf '[provision] %s\n' "$*" >&2; }

CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/kstack"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

need_pkgs=()
for p in golang-go rsync etcd-server openssl make dpkg-dev; do
  dpkg -s "$p" >/dev/null 2>&1 || need_pkgs+=("$p")
done

ensure_src_entry() {
  local src=/etc/apt/sources.list.d/kstack-deb-src.sources
  [ -f "$src" ] && return 0
  # Reuse the machine's own Debian mirror: read its URIs from the existing entry.
  local uri=""
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources)
  fi
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri=$(awk '$1=="deb" && $0 ~ /bookworm/ {for(i=2;i<=NF;i++) if ($i ~ /^[a-z]+:\/\//) {print $i; exit}}' /etc/apt/sources.list)
  fi
  [ -n "$uri" ] || { log "cannot find the machine's Debian mirror"; exit 1; }
  log "adding a deb-src entry for $uri"
  $SUDO tee "$src" >/dev/null <<SRC
Types: deb-src
URIs: $uri
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  APT_UPDATED=""
}

APT_UPDATED=""
apt_update() {
  if [ -z "$APT_UPDATED" ]; then log "apt-get update"; $SUDO apt-get update -qq >&2; APT_UPDATED=1; fi
}

if [ ${#need_pkgs[@]} -gt 0 ]; then
  apt_update
  log "installing ${need_pkgs[*]}"
  $SUDO apt-get install -y -qq "${need_pkgs[@]}" >&2
fi

ensure_src_entry
# The version of the source package decides the cache key.
showsrc_version() { { apt-cache showsrc kubernetes 2>/dev/null || true; } | awk '/^Version:/ {print $2; exit}'; }
version=$(showsrc_version)
if [ -z "$version" ]; then apt_update; version=$(showsrc_version); fi
[ -n "$version" ] || { log "no kubernetes source package found"; exit 1; }
# Kubernetes 1.20 vendors modern-go/reflect2 1.0.1, whose map iteration corrupts memory under Go >= 1.18: the
# apiserver crashes ("fatal error: fault" in mapiterinit) on the first custom resource write. The build swaps in
# Debian's reflect2 1.0.2 (the fixed release); the key suffix keeps binaries built without the fix out of use.
key="kubernetes-${version//[^A-Za-z0-9._-]/_}-reflect2-1.0.2"
bin="$CACHE_ROOT/$key/bin"
# One build at a time per cache key: a second run waits here, then finds the cache.
mkdir -p "$CACHE_ROOT"
exec 9>"$CACHE_ROOT/$key.lock"
flock 9

if [ -x "$bin/kube-apiserver" ] && [ -x "$bin/kube-controller-manager" ] && [ -x "$bin/kube-scheduler" ]; then
  log "control-plane binaries cached in $bin"
else
  mkdir -p "$CACHE_ROOT/$key"
  work="$CACHE_ROOT/$key/build.$$"
  rm -rf "$work"; mkdir -p "$work"
  log "downloading the source of kubernetes $version"
  (cd "$work" && apt-get source --download-only kubernetes >&2)
  orig=$(ls "$work"/kubernetes_*.orig.tar.gz | head -n1)
  log "unpacking $(basename "$orig")"
  mkdir -p "$work/src"
  tar -xzf "$orig" -C "$work/src" --strip-components=1
  (cd "$work" && apt-get download golang-github-modern-go-reflect2-dev >&2 && dpkg -x golang-github-modern-go-reflect2-dev_*.deb reflect2)
  rm -rf "$work/src/vendor/github.com/modern-go/reflect2"
  cp -r "$work/reflect2/usr/share/gocode/src/github.com/modern-go/reflect2" "$work/src/vendor/github.com/modern-go/reflect2"
  log "vendored modern-go/reflect2 replaced by Debian's 1.0.2 (Go >= 1.18 map iteration fix)"
  cd "$work/src"
  mkdir -p .go/src/k8s.io
  ln -sfn ../../.. .go/src/k8s.io/kubernetes
  mkdir -p "$work/home"
  start=$(date +%s)
  for what in kube-apiserver kube-controller-manager kube-scheduler; do
    log "building $what (first time only; several minutes) ..."
    GOPATH="$PWD/.go" GO111MODULE=off CGO_ENABLED=0 HOME="$work/home" GOFLAGS=-mod=vendor \
      make WHAT=cmd/$what >"$work/build-$what.log" 2>&1 || {
        log "build of $what failed; last lines of $work/build-$what.log:"; tail -n 30 "$work/build-$what.log" >&2; exit 1; }
    log "built $what after $(( $(date +%s) - start ))s"
  done
  mkdir -p "$bin.tmp.$$"
  cp _output/bin/kube-apiserver _output/bin/kube-controller-manager _output/bin/kube-scheduler "$bin.tmp.$$/"
  rm -rf "$bin"; mv "$bin.tmp.$$" "$bin"
  cd "$CACHE_ROOT"; rm -rf "$work"
  log "cached in $bin (build took $(( $(date +%s) - start ))s)"
fi

ln -sf "$(command -v etcd || echo /usr/bin/etcd)" "$bin/etcd" 2>/dev/null || true
echo "$bin"
