#!/usr/bin/env bash
# Builds kstack's own image from packaging/Dockerfile in the real node's dockerd, so that pods of `kstack install`
# run the current build:
#   ./mvnw -B -pl cli -am package -DskipTests
#   DOCKER_HOST=unix:///run/kstack-node/docker.sock scripts/real-node/build-kstack-image.sh [DIST_ARCHIVE]
#   bin/kstack install --image kstack.local/kstack --tag <the tag printed>
# DIST_ARCHIVE defaults to the one cli/target/kstack-cli-<version>-dist.tar.gz. The base image is
# kstack.local/jre:17 (Debian's JRE, from scripts/provision-images.sh; bin/local-cluster up --real loads it).
# The image is tagged kstack.local/kstack:<version>-<key>, the key a hash of the archive, the Dockerfile and the
# base image's id: the same inputs are built once (a repackaged archive is new content: a new tag). The tag is never
# "latest", so the kubelet runs it from dockerd (pull policy IfNotPresent) and never asks a registry.
# Prints the image reference on its last stdout line; progress goes to stderr.
set -euo pipefail
log() { printf '[kstack-image] %s\n' "$*" >&2; }
root=$(cd "$(dirname "$0")/../.." && pwd)
base=${KSTACK_IMAGE_BASE:-kstack.local/jre:17}
repo=${KSTACK_IMAGE_REPOSITORY:-kstack.local/kstack}

dist=${1:-}
if [ -z "$dist" ]; then
  shopt -s nullglob
  found=("$root"/cli/target/kstack-cli-*-dist.tar.gz)
  [ ${#found[@]} -eq 1 ] || { log "expected one cli/target/kstack-cli-*-dist.tar.gz (./mvnw -B -pl cli -am package -DskipTests), found ${#found[@]}"; exit 1; }
  dist=${found[0]}
fi
[ -f "$dist" ] || { log "no distribution archive $dist"; exit 1; }
name=$(basename "$dist")
version=${name#kstack-cli-}; version=${version%-dist.tar.gz}
[ -n "$version" ] && [ "$version" != "$name" ] || { log "$name is not named kstack-cli-<version>-dist.tar.gz"; exit 1; }

base_id=$(docker image inspect --format '{{.Id}}' "$base" 2>/dev/null) || {
  log "dockerd ($DOCKER_HOST) has no $base: bin/local-cluster up --real loads it (scripts/provision-images.sh builds it)"; exit 1; }
key=$( { sha256sum <"$dist"; sha256sum <"$root/packaging/Dockerfile"; echo "$base_id"; } | sha256sum | cut -c1-12)
ref="$repo:$version-$key"
if docker image inspect "$ref" >/dev/null 2>&1; then
  log "$ref is there (same archive, Dockerfile and base)"
  echo "$ref"; exit 0
fi

# The build context holds only the archive, at the path the Dockerfile names.
context=$(mktemp -d)
trap 'rm -rf "$context"' EXIT
mkdir -p "$context/cli/target"
cp "$dist" "$context/cli/target/kstack-cli-$version-dist.tar.gz"
log "building $ref from $name on $base"
start=$(date +%s%N)
# --network=none: dockerd of the real node has no bridge, and the build needs no network
docker build --network=none --build-arg "BASE=$base" --build-arg "VERSION=$version" \
  -f "$root/packaging/Dockerfile" -t "$ref" "$context" >"$context/build.log" 2>&1 || {
    log "docker build failed:"; tail -n 30 "$context/build.log" >&2; exit 1; }
# what the pods run: the entrypoint answers as the image's user
docker run --rm --network=none "$ref" version --client >"$context/run.log" 2>&1 || {
  log "the image does not run kstack:"; tail -n 20 "$context/run.log" >&2; exit 1; }
grep -q "$version" "$context/run.log" || { log "the image's kstack is not $version:"; cat "$context/run.log" >&2; exit 1; }
log "$ref built and checked in $(awk -v a="$start" -v b="$(date +%s%N)" 'BEGIN {printf "%.1f", (b - a) / 1e9}') s"
echo "$ref"
