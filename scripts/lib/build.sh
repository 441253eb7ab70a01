# Shared by the scripts in bin/: builds a module (and what it depends on) when its jar is missing or
# older than a source or POM of the folders it is built from. Source it, then call:
#   kstack_ensure_built MODULE_DIR [FOLDER...]     (FOLDERs: the project folders the module depends on)
# Prints nothing when the build is fresh; while it builds, what and for how long; Maven's last lines when it fails.

KSTACK_ROOT="${KSTACK_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
source "$KSTACK_ROOT/scripts/lib/progress.sh"

# Prints the module's jar, or nothing (and still succeeds, also under `set -e -o pipefail`) before its first build.
kstack_module_jar() {
  ls "$KSTACK_ROOT/$1"/target/*-SNAPSHOT.jar "$KSTACK_ROOT/$1"/target/kstack-*.jar 2>/dev/null \
    | grep -v -e '-tests.jar' -e '-sources.jar' | head -n 1 || true
}

kstack_ensure_built() {
  local module="$1" jar stale="" folders=()
  for f in "$@"; do folders+=("$KSTACK_ROOT/$f"); done
  jar=$(kstack_module_jar "$module")
  if [ -z "$jar" ] || [ ! -d "$KSTACK_ROOT/$module/target/lib" ]; then
    stale="missing"
  elif [ "$KSTACK_ROOT/pom.xml" -nt "$jar" ] || [ -n "$(find "${folders[@]}" -path '*/target' -prune -o \
        \( -name pom.xml -o -path '*/src/main/*' \) -type f -newer "$jar" -print -quit 2>/dev/null)" ]; then
    stale="stale"
  fi
  if [ -n "$stale" ]; then
    local log
    log=$(mktemp "${TMPDIR:-/tmp}/kstack-build.XXXXXX")
    PROGRESS_TAG=kstack step "$log" "building $module ($stale build)" -- sh -c 'cd "$1" && shift && exec "$@"' sh \
        "$KSTACK_ROOT" ./mvnw -B -q -pl "$module" -am package -DskipTests -Dmaven.test.skip.exec=true || {
      echo "kstack: the build of $module failed; its whole log: $log" >&2; exit 1; }
    rm -f "$log"
    touch "$(kstack_module_jar "$module")"
  fi
}
