#!/usr/bin/env bash
# Provisions the Kubernetes binaries of the local cluster:
#   etcd from Debian's etcd-server package, and kube-apiserver, kube-controller-manager, kube-scheduler (the
#   control plane) plus kubelet and kube-proxy (the real node, bin/local-cluster up --real), built in one make from
#   Debian's kubernetes source package with Debian's Go (one make shares the compiled packages between them).
# The built binaries are cached under ${XDG_CACHE_HOME:-~/.cache}/kstack/kubernetes-<version>/bin,
# so only the first run on a machine builds (that takes about ten minutes on two cores).
# Prints the cache's bin directory on its last line of stdout; what it does, and for how long, goes to stderr
# (scripts/lib/progress.sh: the build shows how many of its Go packages are compiled).
set -euo pipefail
PROGRESS_TAG=provision
source "$(cd "$(dirname "$0")" && pwd)/lib/progress.sh"
log() { say "$@"; }

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
  if [ -z "$APT_UPDATED" ]; then apt_quiet update; APT_UPDATED=1; fi
}

if [ ${#need_pkgs[@]} -gt 0 ]; then
  apt_update
  apt_quiet install "${need_pkgs[@]}"
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
# The kubelet carries one fix of 1.20.3 (see below); "node1" in the key marks the build with kubelet and kube-proxy.
key="kubernetes-${version//[^A-Za-z0-9._-]/_}-reflect2-1.0.2-node1"
binaries="kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy"
bin="$CACHE_ROOT/$key/bin"
# One build at a time per cache key: a second run waits here, then finds the cache.
mkdir -p "$CACHE_ROOT"
exec 9>"$CACHE_ROOT/$key.lock"
flock 9

cached() { local b; for b in $binaries; do [ -x "$bin/$b" ] || return 1; done; }
if cached; then
  log "control-plane binaries cached in $bin"
else
  mkdir -p "$CACHE_ROOT/$key"
  work="$CACHE_ROOT/$key/build.$$"
  rm -rf "$work"; mkdir -p "$work"
  step "$work/download.log" "downloading the source of kubernetes $version" -- \
    apt_fetch "$work" source --download-only kubernetes
  orig=$(ls "$work"/kubernetes_*.orig.tar.gz | head -n1)
  mkdir -p "$work/src"
  step "$work/unpack.log" "unpacking $(basename "$orig")" -- tar -xzf "$orig" -C "$work/src" --strip-components=1
  apt_fetch "$work" download golang-github-modern-go-reflect2-dev
  (cd "$work" && dpkg -x golang-github-modern-go-reflect2-dev_*.deb reflect2)
  rm -rf "$work/src/vendor/github.com/modern-go/reflect2"
  cp -r "$work/reflect2/usr/share/gocode/src/github.com/modern-go/reflect2" "$work/src/vendor/github.com/modern-go/reflect2"
  log "vendored modern-go/reflect2 replaced by Debian's 1.0.2 (Go >= 1.18 map iteration fix)"
  cd "$work/src"
  mkdir -p .go/src/k8s.io
  ln -sfn ../../.. .go/src/k8s.io/kubernetes
  mkdir -p "$work/home"
  # kubelet 1.20.2 keeps a deleted pod Terminating until the container garbage collection (once a minute) has
  # removed its sandbox; 1.20.3 stopped waiting for that in PodResourcesAreReclaimed. Drop that wait here.
  perl -0pi -e 's/\n\t\/\/ pod.s sandboxes should be deleted\n\tif len\(runtimeStatus\.SandboxStatuses\) > 0 \{.*?\n\t\treturn false\n\t\}\n/\n/s' \
    pkg/kubelet/kubelet_pods.go
  if grep -q 'some pod sandboxes have not been cleaned up' pkg/kubelet/kubelet_pods.go; then
    log "the kubelet's sandbox wait was not found in pkg/kubelet/kubelet_pods.go"; exit 1
  fi
  start=$(date +%s)
  targets=""; packages=""
  for b in $binaries; do targets="$targets cmd/$b"; packages="$packages k8s.io/kubernetes/cmd/$b"; done
  # How far the build is: `go install -v` names each package it compiles; the build's cache starts empty, so every
  # package of the source tree that the five commands import is compiled once (the standard library is compiled
  # earlier, with the build's tools), and `go list -deps` counts them. The -v goes in WHAT, which hack/lib/golang.sh
  # hands to go install as a flag (GOFLAGS would also reach its -tags).
  total=0
  if step "$work/packages.log" "counting the Go packages of$targets" -- env GOPATH="$PWD/.go" GO111MODULE=off \
      CGO_ENABLED=0 HOME="$work/home" sh -c "cd .go/src/k8s.io/kubernetes && go list -deps -tags selinux,notest -f '{{if not .Standard}}{{.ImportPath}}{{end}}' $packages"
  then total=$(grep -c . "$work/packages.log" || true); fi
  count=()
  # the package lines after make's "Building go targets" (before it, the code generators are built)
  [ "${total:-0}" -gt 0 ] && count=(--count "$total" '/Building go targets/ {n = 0; next} /^[a-z0-9][A-Za-z0-9._\/-]*$/ {n++} END {print n + 0}')
  say "building$targets (first time only; about ten minutes on two cores)"
  step "$work/build.log" "compiling Go packages" "${count[@]}" -- env GOPATH="$PWD/.go" GO111MODULE=off \
    CGO_ENABLED=0 HOME="$work/home" GOFLAGS=-mod=vendor make WHAT="${targets# } -v" || exit 1
  mkdir -p "$bin.tmp.$$"
  for b in $binaries; do cp "_output/bin/$b" "$bin.tmp.$$/"; done
  rm -rf "$bin"; mv "$bin.tmp.$$" "$bin"
  cd "$CACHE_ROOT"; rm -rf "$work"
  log "cached in $bin (build took $(( $(date +%s) - start ))s)"
fi

ln -sf "$(command -v etcd || echo /usr/bin/etcd)" "$bin/etcd" 2>/dev/null || true
echo "$bin"
