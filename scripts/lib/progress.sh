# What the provisioning scripts print while they work, on stderr. Source it after setting PROGRESS_TAG, then:
#   say "text"                                  one line: [tag] text
#   step LOG "what" [--count TOTAL AWK] -- CMD...
#       runs CMD with its output in LOG and shows what is happening and for how long; with --count, how far along:
#       AWK is an awk program that prints how many of the TOTAL parts LOG shows done (say "(12/40, 30%)").
#       On a terminal one line is redrawn every second; elsewhere (CI logs) a line every
#       ${KSTACK_PROGRESS_INTERVAL:-30} seconds. At the end "what: done in 1m05s"; when CMD fails, the last lines of
#       LOG and CMD's exit code.
#   apt_quiet ARGS...                           apt-get ARGS (install, update) as a step, its output in a log
#   apt_fetch DIR ARGS...                       apt-get ARGS (source --download-only, download) run in DIR, through
#                                               a folder the _apt user may write, so apt needs no unsandboxed download
PROGRESS_TAG=${PROGRESS_TAG:-provision}

say() { printf '[%s] %s\n' "$PROGRESS_TAG" "$*" >&2; }

# 75 -> 1m15s, 9 -> 9s
elapsed() { local s=$1; if [ "$s" -ge 60 ]; then printf '%dm%02ds' $((s / 60)) $((s % 60)); else printf '%ds' "$s"; fi; }

step() {
  local log=$1 what=$2 total="" count="" rc=0
  shift 2
  if [ "${1:-}" = --count ]; then total=$2; count=$3; shift 3; fi
  [ "${1:-}" = -- ] && shift
  local start=$SECONDS last=$SECONDS interval=${KSTACK_PROGRESS_INTERVAL:-30} tty=""
  [ -t 2 ] && [ "${TERM:-dumb}" != dumb ] && tty=1
  [ -z "$tty" ] && say "$what ..."
  "$@" >"$log" 2>&1 &
  local pid=$! line done_parts
  while kill -0 "$pid" 2>/dev/null; do
    sleep 0.5
    line="$what ... $(elapsed $((SECONDS - start)))"
    if [ -n "$total" ]; then
      done_parts=$(awk "$count" "$log" 2>/dev/null || echo 0)
      [ "${done_parts:-0}" -lt "$total" ] || done_parts=$((total - 1))
      line="$line ($done_parts/$total, $((done_parts * 100 / total))%)"
    fi
    if [ -n "$tty" ]; then
      printf '\r\033[K[%s] %s' "$PROGRESS_TAG" "$line" >&2
    elif [ $((SECONDS - last)) -ge "$interval" ]; then
      say "$line"; last=$SECONDS
    fi
  done
  wait "$pid" || rc=$?
  [ -n "$tty" ] && printf '\r\033[K' >&2
  if [ "$rc" -ne 0 ]; then
    say "$what failed (exit $rc) after $(elapsed $((SECONDS - start))); the last lines of $log:"
    tail -n 30 "$log" >&2
    return "$rc"
  fi
  say "$what: done in $(elapsed $((SECONDS - start)))"
}

apt_quiet() {
  local log
  log=$(mktemp "${TMPDIR:-/tmp}/kstack-apt.XXXXXX")
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  step "$log" "apt-get $1${2:+ ${*:2}}" -- $sudo env DEBIAN_FRONTEND=noninteractive apt-get -y -q "$@"
  rm -f "$log"
}

apt_fetch() {
  local dir=$1 tmp rc=0
  shift
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/kstack-apt-fetch.XXXXXX")
  # apt downloads as _apt when it can: it needs a folder that user may write (root's home is closed to it)
  if [ "$(id -u)" -eq 0 ] && id _apt >/dev/null 2>&1; then chown _apt "$tmp"; fi
  (cd "$tmp" && apt-get -qq "$@") >&2 || rc=$?
  if [ "$rc" -eq 0 ]; then
    chown -R "$(id -u):$(id -g)" "$tmp"
    find "$tmp" -maxdepth 1 -type f -exec mv -t "$dir" {} +
  fi
  rm -rf "$tmp"
  return "$rc"
}
