#!/usr/bin/env bash
# Builds the container images of the real node (bin/local-cluster up --real) from Debian bookworm packages:
#   pause.tar        kstack.local/pause:3.2              pause.c of Debian's kubernetes source, gcc -static
#   busybox.tar      busybox, busybox:latest, :1.35 ...   every applet linked (sh, httpd, wget, nc, ...)
#   nginx.tar        nginx, nginx:latest, :1.22 ...       nginx-light, logs to stdout/stderr, conf.d/ like Docker Hub's
#   redis.tar        redis, redis:latest, :7, :7.0 ...    redis-server, data in /data
#   example-api.tar  kstack/example-api:1.0               python3 + python3-redis + examples/notes/api/app.py
#   jre.tar          kstack.local/jre:17                  openjdk-17-jre-headless + bash: the base of kstack's image
#                                                         (packaging/Dockerfile, scripts/real-node/build-kstack-image.sh)
#   etcd.tar         kstack.local/etcd:3.4.23, :3.4       etcd-server: the bundled etcd of apiserver mode in the cluster
# Each root filesystem comes from mmdebstrap --variant=extract (packages and their dependencies unpacked, no
# maintainer scripts, no docs/man pages/locales) plus a few fixes; every image but pause carries busybox, so `sh`,
# `wget` and `kstack exec` work in all of them. Each image is checked by running its program under chroot.
#
# The tarballs are cached under ${XDG_CACHE_HOME:-~/.cache}/kstack/images-<key>/ (the key changes with the Debian
# package versions, this script and the example's API source); only missing tarballs are built. index.tsv in that
# folder has one line per image, the contract with the loader (scripts/real-node/load-images.sh):
#   <tarball>\t<ref,ref,...>\t<docker import --change instructions separated by ';'>
# Prints that folder on its last stdout line; progress goes to stderr.
set -euo pipefail
PROGRESS_TAG=images
source "$(cd "$(dirname "$0")" && pwd)/lib/progress.sh"
log() { say "$@"; }

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
API_SRC="$ROOT/examples/notes/api"
CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/kstack"
# mmdebstrap's root mode, chroot and mounting /proc for the checks need root (as the real node does)
if [ "$(id -u)" -ne 0 ]; then log "run as root: the images are unpacked and checked with chroot"; exit 1; fi
export DEBIAN_FRONTEND=noninteractive

APT_UPDATED=""
apt_update() {
  if [ -z "$APT_UPDATED" ]; then apt_quiet update; APT_UPDATED=1; fi
}

need=()
for p in mmdebstrap gcc libc6-dev xz-utils; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
if [ ${#need[@]} -gt 0 ]; then
  apt_update; apt_quiet install "${need[@]}"
fi

# The machine's own Debian mirror, as apt sees it: its deb822 .sources file, or the "deb" lines of sources.list.
# mmdebstrap takes either as its mirror argument.
MIRROR=""
if [ -f /etc/apt/sources.list.d/debian.sources ] && grep -q '^Types:.*\bdeb\b' /etc/apt/sources.list.d/debian.sources; then
  MIRROR=/etc/apt/sources.list.d/debian.sources
elif [ -f /etc/apt/sources.list ] && grep -q '^deb ' /etc/apt/sources.list; then
  MIRROR="$CACHE_ROOT/images-mirror.list"; mkdir -p "$CACHE_ROOT"
  grep '^deb ' /etc/apt/sources.list >"$MIRROR"
fi
[ -n "$MIRROR" ] || { log "cannot find the machine's Debian mirror (/etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list)"; exit 1; }

# pause.c comes from the kubernetes source package: it needs a deb-src entry on the same mirror.
ensure_kubernetes_source() {
  if ! { apt-cache showsrc kubernetes 2>/dev/null || true; } | grep -q '^Version:'; then
    local src=/etc/apt/sources.list.d/kstack-deb-src.sources uri
    if [ ! -f "$src" ]; then
      uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
      [ -n "$uri" ] || uri=$(awk '$1=="deb" {for(i=2;i<=NF;i++) if ($i ~ /^[a-z]+:\/\//) {print $i; exit}}' /etc/apt/sources.list)
      [ -n "$uri" ] || { log "cannot find the machine's Debian mirror for a deb-src entry"; exit 1; }
      log "adding a deb-src entry for $uri"
      printf 'Types: deb-src\nURIs: %s\nSuites: bookworm\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
        "$uri" | tee "$src" >/dev/null
      APT_UPDATED=""
    fi
    apt_update
  fi
}
ensure_kubernetes_source

# Candidate versions of packages, one apt-cache call (it is slow on a busy machine): "pkg version" lines.
candidates() {
  apt-cache policy "$@" 2>/dev/null | awk '/^[^ ]/ {p=$1; sub(/:$/, "", p)} /Candidate:/ && $2 != "(none)" {print p, $2}'
}
PKGS="busybox nginx-light redis-server python3-minimal python3-redis openjdk-17-jre-headless etcd-server"
VERSIONS=$(candidates $PKGS)
if [ "$(echo "$VERSIONS" | grep -c .)" -ne "$(echo $PKGS | wc -w)" ]; then apt_update; VERSIONS=$(candidates $PKGS); fi
candidate() {
  local v; v=$(echo "$VERSIONS" | awk -v p="$1" '$1 == p {print $2}')
  [ -n "$v" ] || { log "no Debian package $1"; exit 1; }
  echo "$v"
}
# 1:1.35.0-4+deb12u1+b1 -> 1.35.0 (no epoch, no Debian revision)
upstream() { local v=${1#*:}; echo "${v%%-*}"; }
# 1.35.0 -> "1.35.0,1.35" ; with a third argument "major" also "1"
version_tags() {
  local name=$1 v=$2 minor out
  minor=$(echo "$v" | cut -d. -f1-2)
  out="$name:$v"; [ "$minor" != "$v" ] && out="$out,$name:$minor"
  [ "${3:-}" = major ] && out="$out,$name:${v%%.*}"
  echo "$out"
}

V_BUSYBOX=$(candidate busybox)
V_NGINX=$(candidate nginx-light)
V_REDIS=$(candidate redis-server)
V_PYTHON=$(candidate python3-minimal)
V_PYREDIS=$(candidate python3-redis)
V_JRE=$(candidate openjdk-17-jre-headless)
V_ETCD=$(candidate etcd-server)
V_K8S=$({ apt-cache showsrc kubernetes 2>/dev/null || true; } | awk '/^Version:/ {print $2; exit}')
[ -n "$V_K8S" ] || { log "no kubernetes source package found"; exit 1; }

key=$( { echo "$V_BUSYBOX $V_NGINX $V_REDIS $V_PYTHON $V_PYREDIS $V_JRE $V_ETCD $V_K8S"; cat "$0"; cat "$API_SRC"/*.py; } \
       | sha256sum | cut -c1-12)
OUT="$CACHE_ROOT/images-$key"
mkdir -p "$OUT"
exec 9>"$OUT.lock"
flock 9

EXCLUDES=(
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright'
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/info/*'
  --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/share/lintian/*'
  --dpkgopt='path-exclude=/usr/share/bug/*' --dpkgopt='path-exclude=/usr/lib/x86_64-linux-gnu/gconv/*'
)

# mmdebstrap PACKAGES... -> a root filesystem in $work/root
unpack() {
  local pkgs=$1
  mmdebstrap --quiet --variant=extract --include="$pkgs" "${EXCLUDES[@]}" \
    bookworm "$work/root" "$MIRROR" >"$work/mmdebstrap.log" 2>&1 || {
      log "mmdebstrap failed; last lines of its log:"; tail -n 20 "$work/mmdebstrap.log" >&2; exit 1; }
}

# What --variant=extract leaves out and a container expects: the loader at its ABI path, busybox's applets as
# links (only where no package put a program), users, a world-writable /tmp, an empty /dev (the runtime fills it).
finish_root() {
  local r=$work/root a
  mkdir -p "$r/lib64" "$r/tmp" "$r/root" "$r/bin" "$r/var/tmp"
  [ -e "$r/lib64/ld-linux-x86-64.so.2" ] || ln -s /lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 "$r/lib64/ld-linux-x86-64.so.2"
  chmod 1777 "$r/tmp" "$r/var/tmp"
  # device nodes for the checks under chroot (a JVM reads /dev/urandom); pack leaves /dev empty again
  mkdir -p "$r/dev" && cp -a /dev/null /dev/zero /dev/random /dev/urandom "$r/dev/"
  if [ -x "$r/bin/busybox" ]; then
    for a in $(chroot "$r" /bin/busybox --list); do
      [ -e "$r/bin/$a" ] || [ -e "$r/usr/bin/$a" ] || [ -e "$r/sbin/$a" ] || [ -e "$r/usr/sbin/$a" ] || ln -s busybox "$r/bin/$a"
    done
    # scripts start with #!/usr/bin/env (kstack's launcher does)
    mkdir -p "$r/usr/bin"; [ -e "$r/usr/bin/env" ] || ln -s /bin/busybox "$r/usr/bin/env"
  fi
  cat >"$r/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
EOF
  cat >"$r/etc/group" <<'EOF'
root:x:0:
www-data:x:33:
nogroup:x:65534:
EOF
  printf 'hosts: files dns\n' >"$r/etc/nsswitch.conf"
  rm -rf "$r/var/lib/apt/lists/"* "$r/var/cache/apt/"* "$r/var/log/"*.log "$r/etc/apt/apt.conf.d/"*mmdebstrap* 2>/dev/null || true
}

# the checks run programs under chroot; /dev/stdout and friends need /proc there
proc_mounted=""
mount_proc() { mkdir -p "$work/root/proc"; mount -t proc proc "$work/root/proc"; proc_mounted="$work/root/proc"; }
cleanup_work() {
  stop_bg
  if [ -n "$proc_mounted" ]; then umount "$proc_mounted" 2>/dev/null || umount -l "$proc_mounted" || true; proc_mounted=""; fi
  [ -n "${work:-}" ] && rm -rf "$work"
  return 0
}
trap cleanup_work EXIT

# $work/root -> $OUT/$1 (no /dev contents; numeric owners; sorted, so the same tree gives the same tarball)
pack() {
  if [ -n "$proc_mounted" ]; then umount "$proc_mounted"; proc_mounted=""; fi
  tar --numeric-owner --sort=name --exclude='./dev/*' --exclude='./proc/*' -C "$work/root" -cf "$work/$1" .
  mv "$work/$1" "$OUT/$1"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
  || echo $((20000 + RANDOM % 20000)); }
# runs a program of the image in the background under chroot; its pid in $bg_pid
bg_pid=""; work=""
start_bg() { chroot "$work/root" "$@" >"$work/bg.log" 2>&1 & bg_pid=$!; }
stop_bg() { [ -n "$bg_pid" ] && kill "$bg_pid" 2>/dev/null; wait "$bg_pid" 2>/dev/null || true; bg_pid=""; }
fail() { log "check failed: $*"; [ -f "$work/bg.log" ] && tail -n 20 "$work/bg.log" >&2; stop_bg; exit 1; }
# waits until `chroot root CMD...` succeeds (10 s at most)
until_ok() { local i; for i in $(seq 1 50); do chroot "$work/root" "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done; return 1; }

build_pause() {
  log "downloading the kubernetes $V_K8S source for pause.c"
  apt_fetch "$work" source --download-only kubernetes >"$work/source.log" 2>&1 || {
    log "apt-get source failed:"; tail -n 20 "$work/source.log" >&2; exit 1; }
  local orig; orig=$(ls "$work"/kubernetes_*.orig.tar.* | grep -v '\.asc$' | head -n 1)
  tar -xf "$orig" -C "$work" --wildcards --no-anchored 'build/pause/linux/pause.c'
  local src; src=$(find "$work" -path '*/build/pause/linux/pause.c' | head -n 1)
  [ -n "$src" ] || { log "no build/pause/linux/pause.c in $(basename "$orig")"; exit 1; }
  mkdir -p "$work/root"
  gcc -Os -Wall -Werror -static -DVERSION="v3.2-kstack-debian-$V_K8S" -o "$work/root/pause" "$src"
  strip "$work/root/pause"
  chroot "$work/root" /pause -v | grep -q 'pause.c v3.2' || fail "/pause -v printed no version"
  # it must wait until signalled, then exit
  start_bg /pause; sleep 0.5
  kill -0 "$bg_pid" 2>/dev/null || fail "/pause exited on its own"
  stop_bg
  pack pause.tar
}

build_busybox() {
  unpack busybox,libc6
  finish_root
  mount_proc
  local port; port=$(free_port)
  mkdir -p "$work/root/tmp/www"; echo "busybox httpd works" >"$work/root/tmp/www/index.html"
  start_bg /bin/httpd -f -p "127.0.0.1:$port" -h /tmp/www
  until_ok /bin/wget -q -O /tmp/got "http://127.0.0.1:$port/" || fail "busybox wget could not fetch from busybox httpd"
  grep -q 'httpd works' "$work/root/tmp/got" || fail "busybox httpd served something else"
  stop_bg
  chroot "$work/root" /bin/sh -c 'id nobody && [ -x /bin/nc ] && [ -x /bin/nslookup ]' >/dev/null || fail "users or applets missing"
  rm -rf "$work/root/tmp/www" "$work/root/tmp/got"
  pack busybox.tar
}

build_nginx() {
  unpack nginx-light,busybox
  finish_root
  mount_proc
  local r=$work/root
  # Docker Hub's layout: /etc/nginx/conf.d/*.conf, pages in /usr/share/nginx/html; in the foreground, logs on stdout/stderr
  rm -f "$r/etc/nginx/sites-enabled/"* "$r/var/log/nginx/"*
  mkdir -p "$r/etc/nginx/conf.d" "$r/usr/share/nginx/html" "$r/var/log/nginx" "$r/var/lib/nginx" "$r/run"
  ln -sf /dev/stdout "$r/var/log/nginx/access.log"
  ln -sf /dev/stderr "$r/var/log/nginx/error.log"
  cat >"$r/etc/nginx/nginx.conf" <<'EOF'
# kstack's nginx image (Debian nginx-light): runs in the foreground, logs to stdout/stderr,
# reads the servers from /etc/nginx/conf.d/*.conf
user www-data;
worker_processes auto;
daemon off;
pid /run/nginx.pid;
error_log /dev/stderr notice;

events {
	worker_connections 512;
}

http {
	include /etc/nginx/mime.types;
	default_type application/octet-stream;
	access_log /dev/stdout;
	sendfile on;
	keepalive_timeout 65;
	include /etc/nginx/conf.d/*.conf;
}
EOF
  cat >"$r/etc/nginx/conf.d/default.conf" <<'EOF'
server {
	listen 80 default_server;
	listen [::]:80 default_server;
	server_name _;
	root /usr/share/nginx/html;
	index index.html;
	location = /host { default_type text/plain; return 200 "served by $hostname\n"; }
	location / { try_files $uri $uri/ =404; }
}
EOF
  printf '<!doctype html>\n<title>nginx</title>\n<p>nginx %s from Debian, built by kstack.</p>\n' "$(upstream "$V_NGINX")" \
    >"$r/usr/share/nginx/html/index.html"
  chroot "$r" /usr/sbin/nginx -t >"$work/check.log" 2>&1 || { cat "$work/check.log" >&2; fail "nginx -t"; }
  # serve the image's own page on a free port with the image's nginx.conf (the server block swapped for the check)
  local port; port=$(free_port)
  mkdir -p "$r/tmp/check/conf.d"
  sed -e 's|/etc/nginx/conf.d/|/tmp/check/conf.d/|' -e 's|^pid .*|pid /tmp/check/nginx.pid;|' \
    "$r/etc/nginx/nginx.conf" >"$r/tmp/check/nginx.conf"
  printf 'server { listen 127.0.0.1:%s; root /usr/share/nginx/html; }\n' "$port" >"$r/tmp/check/conf.d/check.conf"
  start_bg /usr/sbin/nginx -c /tmp/check/nginx.conf
  until_ok /bin/wget -q -O /tmp/check/got "http://127.0.0.1:$port/" || fail "nginx did not serve its page"
  grep -q 'built by kstack' "$r/tmp/check/got" || fail "nginx served something else"
  stop_bg
  grep -q 'GET / HTTP' "$work/bg.log" || fail "nginx wrote no access log line on stdout"
  rm -rf "$r/tmp/check" "$r/run/nginx.pid"
  pack nginx.tar
}

# Debian's redis-server and redis-tools depend on adduser and init-system-helpers (perl, passwd, PAM: 60 MB that a
# container never runs): their shared libraries come through mmdebstrap, the two packages themselves by dpkg -x.
build_redis() {
  unpack busybox,libc6,libatomic1,libjemalloc2,liblzf1,libssl3,libsystemd0
  apt_fetch "$work" download "redis-tools=$V_REDIS" "redis-server=$V_REDIS" >"$work/download.log" 2>&1 || {
    log "apt-get download of redis failed:"; tail -n 20 "$work/download.log" >&2; exit 1; }
  local deb; for deb in "$work"/redis-*.deb; do dpkg -x "$deb" "$work/root"; done
  rm -rf "$work/root/usr/share/doc" "$work/root/usr/share/man" "$work/root/etc/init.d" "$work/root/lib/systemd" \
    "$work/root/usr/lib/systemd" "$work/root/etc/logrotate.d"
  finish_root
  mount_proc
  local r=$work/root
  mkdir -p "$r/data"
  local port; port=$(free_port)
  start_bg /usr/bin/redis-server --port "$port" --bind 127.0.0.1 --dir /tmp --save ''
  until_ok /usr/bin/redis-cli -p "$port" ping || fail "redis-cli ping got no answer"
  chroot "$r" /usr/bin/redis-cli -p "$port" set kstack works >/dev/null
  [ "$(chroot "$r" /usr/bin/redis-cli -p "$port" get kstack)" = works ] || fail "redis did not keep a value"
  stop_bg
  rm -f "$r/tmp/"*
  pack redis.tar
}

build_example_api() {
  unpack python3-minimal,python3-redis,busybox
  finish_root
  mount_proc
  local r=$work/root
  mkdir -p "$r/app"
  cp "$API_SRC/app.py" "$r/app/app.py"
  find "$r/usr/lib/python3" "$r/usr/lib/python3.11" -name '__pycache__' -prune -exec rm -rf {} + 2>/dev/null || true
  chroot "$r" /usr/bin/python3 -c 'import redis, http.server, json' || fail "python3 cannot import redis"
  # the API against a redis from the package (not the image's): POST a note, read it back
  unpack_redis_for_check
  local rport aport; rport=$(free_port); aport=$(free_port)
  chroot "$work/redis-check" /usr/bin/redis-server --port "$rport" --bind 127.0.0.1 --dir /tmp --save '' \
    >"$work/redis-check.log" 2>&1 &
  local redis_pid=$!
  PORT=$aport REDIS_HOST=127.0.0.1 REDIS_PORT=$rport start_bg /usr/bin/python3 /app/app.py
  until_ok /bin/wget -q -O /dev/null "http://127.0.0.1:$aport/healthz" || { kill "$redis_pid"; fail "the API did not answer /healthz"; }
  chroot "$r" /bin/wget -q -O /dev/null --header 'Content-Type: application/json' \
    --post-data '{"text": "from the image check"}' "http://127.0.0.1:$aport/api/notes" || { kill "$redis_pid"; fail "POST /api/notes"; }
  chroot "$r" /bin/wget -q -O /tmp/notes "http://127.0.0.1:$aport/api/notes" || { kill "$redis_pid"; fail "GET /api/notes"; }
  kill "$redis_pid"; wait "$redis_pid" 2>/dev/null || true
  stop_bg
  grep -q 'from the image check' "$r/tmp/notes" || fail "GET /api/notes did not return the note"
  grep -q 'POST /api/notes 201' "$work/bg.log" || fail "the API logged no request line"
  rm -rf "$r/tmp/"* "$work/redis-check"
  find "$r" -name '__pycache__' -prune -exec rm -rf {} + 2>/dev/null || true
  pack example-api.tar
}
unpack_redis_for_check() {
  if [ -f "$OUT/redis.tar" ]; then mkdir -p "$work/redis-check" && tar -xf "$OUT/redis.tar" -C "$work/redis-check"
  else log "redis.tar is missing: the API check needs it"; exit 1; fi
  mkdir -p "$work/redis-check/dev" && cp -a /dev/null "$work/redis-check/dev/null"
}

# Debian's JRE with busybox and bash (kstack's launcher is a bash script). Without maintainer scripts there is no
# /usr/bin/java alternative (made here) and no /etc/ssl/certs/java/cacerts (left out: kstack trusts the CAs it is
# given, the cluster's from its service account); the JVM's default class-data sharing archive is dumped here, as
# the package's postinst would.
JAVA_HOME_DIR=/usr/lib/jvm/java-17-openjdk-amd64
build_jre() {
  unpack openjdk-17-jre-headless,busybox,bash
  finish_root
  mount_proc
  local r=$work/root
  [ -x "$r$JAVA_HOME_DIR/bin/java" ] || fail "no $JAVA_HOME_DIR/bin/java in openjdk-17-jre-headless"
  ln -sf "$JAVA_HOME_DIR/bin/java" "$r/usr/bin/java"
  chroot "$r" /usr/bin/java -Xshare:dump >"$work/bg.log" 2>&1 || fail "java -Xshare:dump"
  chroot "$r" /bin/bash -c 'java -version 2>&1' >"$work/check.log" || { cat "$work/check.log" >&2; fail "java -version"; }
  grep -q 'openjdk version "17' "$work/check.log" || { cat "$work/check.log" >&2; fail "java -version is not 17"; }
  # a class of the JRE itself runs (jrunscript is not in a JRE; the JDK's keytool is): it writes and reads a keystore
  chroot "$r" /bin/sh -c "$JAVA_HOME_DIR/bin/keytool -genkeypair -keystore /tmp/check.p12 -storepass changeit \
    -alias check -dname CN=check -keyalg EC >/dev/null 2>&1 && $JAVA_HOME_DIR/bin/keytool -list \
    -keystore /tmp/check.p12 -storepass changeit" >"$work/check.log" 2>&1 || { cat "$work/check.log" >&2; fail "keytool"; }
  grep -q 'check, ' "$work/check.log" || { cat "$work/check.log" >&2; fail "keytool listed no key"; }
  rm -rf "$r/tmp/"*
  pack jre.tar
}

# Debian's etcd-server by dpkg -x (its adduser/init-system-helpers dependencies are for a host service).
build_etcd() {
  unpack busybox,libc6
  (cd "$work" && apt-get download -qq "etcd-server=$V_ETCD" >"$work/download.log" 2>&1) || {
    log "apt-get download of etcd-server failed:"; tail -n 20 "$work/download.log" >&2; exit 1; }
  dpkg -x "$work"/etcd-server_*.deb "$work/root"
  rm -rf "$work/root/usr/share/doc" "$work/root/usr/share/man" "$work/root/etc/init.d" "$work/root/lib/systemd" \
    "$work/root/usr/lib/systemd" "$work/root/etc/default"
  finish_root
  mount_proc
  local r=$work/root client peer
  client=$(free_port); peer=$(free_port)
  start_bg /usr/bin/etcd --name check --data-dir /tmp/etcd --listen-client-urls "http://127.0.0.1:$client" \
    --advertise-client-urls "http://127.0.0.1:$client" --listen-peer-urls "http://127.0.0.1:$peer" \
    --initial-advertise-peer-urls "http://127.0.0.1:$peer" --initial-cluster "check=http://127.0.0.1:$peer"
  until_ok /bin/wget -q -O /dev/null "http://127.0.0.1:$client/health" || fail "etcd did not answer /health"
  # put and range through the v3 JSON gateway: key "kstack", value "works" (base64)
  chroot "$r" /bin/wget -q -O /dev/null --post-data '{"key": "a3N0YWNr", "value": "d29ya3M="}' \
    "http://127.0.0.1:$client/v3/kv/put" || fail "etcd put"
  chroot "$r" /bin/wget -q -O /tmp/got --post-data '{"key": "a3N0YWNr"}' "http://127.0.0.1:$client/v3/kv/range" \
    || fail "etcd range"
  grep -q '"value":"d29ya3M="' "$r/tmp/got" || fail "etcd did not return the value it stored"
  stop_bg
  rm -rf "$r/tmp/"*
  pack etcd.tar
}

B=$(upstream "$V_BUSYBOX"); N=$(upstream "$V_NGINX"); R=$(upstream "$V_REDIS"); J=$(upstream "$V_JRE"); E=$(upstream "$V_ETCD")
# tarball <TAB> refs <TAB> changes; the build function is build_<tarball without .tar, - as _>
IMAGES=(
  "pause.tar	kstack.local/pause:3.2	CMD [\"/pause\"]"
  "busybox.tar	busybox,busybox:latest,$(version_tags busybox "$B")	CMD [\"sh\"]"
  "nginx.tar	nginx,nginx:latest,$(version_tags nginx "$N")	CMD [\"nginx\"];EXPOSE 80"
  "redis.tar	redis,redis:latest,$(version_tags redis "$R" major)	CMD [\"redis-server\",\"--protected-mode\",\"no\"];WORKDIR /data;VOLUME /data;EXPOSE 6379"
  "example-api.tar	kstack/example-api:1.0,kstack/example-api:latest	CMD [\"python3\",\"/app/app.py\"];WORKDIR /app;ENV PYTHONUNBUFFERED=1;EXPOSE 8000"
  "jre.tar	kstack.local/jre:17,kstack.local/jre:${J%%+*}	ENV JAVA_HOME=$JAVA_HOME_DIR;CMD [\"java\",\"-version\"]"
  "etcd.tar	$(version_tags kstack.local/etcd "$E")	CMD [\"etcd\"];EXPOSE 2379 2380"
)

missing=0
for line in "${IMAGES[@]}"; do [ -f "$OUT/${line%%	*}" ] || missing=$((missing + 1)); done
[ "$missing" -eq 0 ] || log "building $missing of the ${#IMAGES[@]} images (first time only; a minute or two)"
n=0
for line in "${IMAGES[@]}"; do
  tarball=${line%%	*}
  if [ -f "$OUT/$tarball" ]; then continue; fi
  n=$((n + 1))
  work="$OUT/build.$$"
  rm -rf "$work"; mkdir -p "$work"
  fn="build_$(echo "${tarball%.tar}" | tr - _)"
  log "building $tarball ($n/$missing)"
  start=$(date +%s%N)
  "$fn"
  secs=$(awk -v a="$start" -v b="$(date +%s%N)" 'BEGIN {printf "%.1f", (b - a) / 1e9}')
  log "$tarball: built and checked in $secs s, $(du -m "$OUT/$tarball" | cut -f1) MB"
  printf '%s\t%s s\t%s bytes\n' "$tarball" "$secs" "$(stat -c %s "$OUT/$tarball")" >>"$OUT/build-times.tsv"
  cleanup_work
done

for line in "${IMAGES[@]}"; do printf '%s\n' "$line"; done >"$OUT/index.tsv.tmp"
mv "$OUT/index.tsv.tmp" "$OUT/index.tsv"
log "images in $OUT: $(cd "$OUT" && ls ./*.tar | tr '\n' ' ')"
echo "$OUT"
