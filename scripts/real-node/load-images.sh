#!/usr/bin/env bash
# Fills the real node's dockerd and its Docker Hub mirror with the project's images (bin/local-cluster up --real).
#   DOCKER_HOST=unix:///run/kstack-node/docker.sock KSTACK_REGISTRY=127.0.0.1:<port> load-images.sh
# The images come from the image provisioning (KSTACK_IMAGES_SCRIPT, default scripts/provision-images.sh), which
# prints its cache folder on its last stdout line; that folder's index.tsv has one line per image:
#   <tarball>\t<ref,ref,...>\t<docker import --change instructions separated by ';'>
# Each tarball is imported once under every ref; every Docker Hub name (not kstack.local/...) is also pushed to the
# registry (library/<name> for names without a slash). What was loaded is recorded in $KSTACK_NODE_CACHE/imported.tsv
# (ref, then the tarball's path, size, mtime and changes): a ref whose record matches and that dockerd and the
# registry have is skipped; a changed tarball is imported and pushed again.
set -euo pipefail
log() { printf '[load-images] %s\n' "$*" >&2; }
root=$(cd "$(dirname "$0")/../.." && pwd)
script=${KSTACK_IMAGES_SCRIPT:-$root/scripts/provision-images.sh}
: "${KSTACK_REGISTRY:?KSTACK_REGISTRY (host:port of the local registry) is not set}"
[ -f "$script" ] || { log "no image provisioning script at $script"; exit 1; }
cache=$(bash "$script" | tail -n 1)
index=$cache/index.tsv
[ -f "$index" ] || { log "$script printed $cache, which has no index.tsv"; exit 1; }
record=${KSTACK_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kstack/real-node}/imported.tsv
mkdir -p "$(dirname "$record")" && touch "$record"
recorded() { awk -F'\t' -v r="$1" '$1 == r {print $2}' "$record" | tail -n 1; }
remember() { { awk -F'\t' -v r="$1" '$1 != r' "$record"; printf '%s\t%s\n' "$1" "$2"; } >"$record.tmp"; mv "$record.tmp" "$record"; }

# name[:tag] -> repository path in the registry and tag (Docker Hub's rules: library/ for single names, tag latest)
hub_path() {
  local ref=$1 name tag
  name=${ref%%@*}
  if [[ "${name##*/}" == *:* ]]; then tag=${name##*:}; name=${name%:*}; else tag=latest; fi
  [[ "$name" == */* ]] || name="library/$name"
  printf '%s %s\n' "$name" "$tag"
}
in_registry() {
  curl -fsS -o /dev/null -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
    "http://$KSTACK_REGISTRY/v2/$1/manifests/$2" 2>/dev/null
}

declare -A pushed=()   # registry path:tag pushed by this run (busybox and busybox:latest are one tag)
images=$(grep -c -v -e '^#' -e '^$' "$index" || true)
n=0
while IFS=$'\t' read -r tarball refs changes || [ -n "$tarball" ]; do
  [ -n "$tarball" ] && [ "${tarball:0:1}" != "#" ] || continue
  n=$((n + 1))
  IFS=',' read -r -a names <<<"$refs"
  key="$cache/$tarball $(stat -c '%s %Y' "$cache/$tarball") $changes"
  first=""
  for ref in "${names[@]}"; do
    if [ "$(recorded "$ref")" = "$key" ] && docker image inspect "$ref" >/dev/null 2>&1; then first=${first:-$ref}; fi
  done
  if [ -z "$first" ]; then
    args=()
    if [ -n "$changes" ]; then
      IFS=';' read -r -a cs <<<"$changes"
      for c in "${cs[@]}"; do [ -n "${c// /}" ] && args+=(--change "$c"); done
    fi
    first=${names[0]}
    log "importing $tarball as $first ($n/$images)"
    docker import "${args[@]}" "$cache/$tarball" "$first" >/dev/null
  fi
  for ref in "${names[@]}"; do
    fresh=""; [ "$(recorded "$ref")" = "$key" ] && fresh=1
    [ -n "$fresh" ] && docker image inspect "$ref" >/dev/null 2>&1 || docker tag "$first" "$ref"
    first_part=${ref%%/*}
    if [[ "$ref" == */* ]] && [[ "$first_part" == *.* || "$first_part" == *:* ]]; then
      remember "$ref" "$key"
      continue   # another registry's name (kstack.local/pause): only in dockerd, never pulled
    fi
    read -r path tag < <(hub_path "$ref")
    if [ -n "${pushed[$path:$tag]:-}" ] || { [ -n "$fresh" ] && in_registry "$path" "$tag"; }; then
      remember "$ref" "$key"; continue
    fi
    log "pushing $ref as $KSTACK_REGISTRY/$path:$tag ($n/$images)"
    docker tag "$first" "$KSTACK_REGISTRY/$path:$tag"
    docker push "$KSTACK_REGISTRY/$path:$tag" >/dev/null
    docker rmi "$KSTACK_REGISTRY/$path:$tag" >/dev/null
    pushed[$path:$tag]=1
    remember "$ref" "$key"
  done
done <"$index"
log "images ready: $(curl -fsS "http://$KSTACK_REGISTRY/v2/_catalog")"
