#!/usr/bin/env bash
# Puts the real Docker CLI 20.10 (Debian's docker.io package) into a cache folder without installing it:
# `apt-get download` + `dpkg -x`. Idempotent: a second run finds the cached binary and only prints its path.
# Prints the path of the docker binary on stdout. Needs no Docker daemon: `docker stack ... --orchestrator=kubernetes`
# talks to Kubernetes only.
set -euo pipefail
PROGRESS_TAG=provision-docker-cli
source "$(cd "$(dirname "$0")" && pwd)/lib/progress.sh"

cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/kstack"
version="$(apt-cache policy docker.io 2>/dev/null | awk '/Candidate:/ {print $2}')"
if [[ -z "$version" || "$version" == "(none)" ]]; then
    # A machine whose package lists were never fetched: fetch them once.
    apt_quiet update
    version="$(apt-cache policy docker.io 2>/dev/null | awk '/Candidate:/ {print $2}')"
fi
if [[ -z "$version" || "$version" == "(none)" ]]; then
    echo "provision-docker-cli: apt knows no docker.io package (run apt-get update?)" >&2
    exit 1
fi
case "$version" in
    20.10.*) ;;
    *) echo "provision-docker-cli: docker.io $version is not 20.10, the last CLI with --orchestrator=kubernetes" >&2
       exit 1 ;;
esac
dir="$cache_root/docker-cli-$version"
docker="$dir/usr/bin/docker"
if [[ -x "$docker" ]]; then
    echo "$docker"
    exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
say "downloading docker.io $version for its docker CLI"
apt_fetch "$work" download "docker.io=$version"
mkdir -p "$work/root"
dpkg -x "$work"/docker.io_*.deb "$work/root"
if [[ ! -x "$work/root/usr/bin/docker" ]]; then
    echo "provision-docker-cli: the docker.io package has no usr/bin/docker" >&2
    exit 1
fi
mkdir -p "$cache_root"
rm -rf "$dir.partial"
mkdir -p "$dir.partial/usr/bin"
cp "$work/root/usr/bin/docker" "$dir.partial/usr/bin/docker"
mv "$dir.partial" "$dir"
echo "$docker"
