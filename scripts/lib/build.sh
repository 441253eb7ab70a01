# Shared by the scripts in bin/: builds a module (and what it depends on) when its jar is missing or
# older than a source or POM of the folders it is built from. Source it, then call:
#   kstack_ensure_built MODULE_DIR [FOLDER...]     (FOLDERs: the project folders the module depends on)
# Prints nothing when the build is fresh; while it builds, what and for how long; Maven's last lines when it fails.

KSTACK_ROOT="${KSTACK_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
source "$KSTACK_ROOT/scripts/lib/progress.sh"

# Sets KSTACK_MODULE_JAR to the module's jar, or to nothing before its first build. Bash globs only, no subshell:
# bin/kstack runs this on every call, so it starts no process.
kstack_find_module_jar() {
  local f had_nullglob=0
  shopt -q nullglob && had_nullglob=1
  shopt -s nullglob
  KSTACK_MODULE_JAR=""
  for f in "$KSTACK_ROOT/$1"/target/*-SNAPSHOT.jar "$KSTACK_ROOT/$1"/target/kstack-*.jar; do
    case "$f" in
      *-tests.jar | *-sources.jar) ;;
      *) KSTACK_MODULE_JAR="$f"; break ;;
    esac
  done
  [ "$had_nullglob" = 1 ] || shopt -u nullglob
}

# Prints the module's jar, or nothing (and still succeeds, also under `set -e -o pipefail`) before its first build.
kstack_module_jar() {
  kstack_find_module_jar "$1"
  [ -z "$KSTACK_MODULE_JAR" ] || echo "$KSTACK_MODULE_JAR"
}

# True when a POM or a main source file of these folders (a module, or a folder of modules one level down) is newer
# than FILE. A bash loop over globs rather than find: no process is started.
kstack_sources_newer_than() {
  local file="$1" dir f found=1 had_nullglob=0 had_globstar=0
  shift
  shopt -q nullglob && had_nullglob=1
  shopt -q globstar && had_globstar=1
  shopt -s nullglob globstar
  for dir in "$@"; do
    for f in "$KSTACK_ROOT/pom.xml" "$dir/pom.xml" "$dir"/*/pom.xml "$dir"/src/main/** "$dir"/*/src/main/**; do
      if [ "$f" -nt "$file" ]; then
        found=0
        break 2
      fi
    done
  done
  [ "$had_nullglob" = 1 ] || shopt -u nullglob
  [ "$had_globstar" = 1 ] || shopt -u globstar
  return $found
}

kstack_ensure_built() {
  local module="$1" jar stamp stale="" folders=()
  for f in "$@"; do folders+=("$KSTACK_ROOT/$f"); done
  kstack_find_module_jar "$module"
  jar="$KSTACK_MODULE_JAR"
  # Maven leaves a jar whose content did not change as it was, older than the sources: the stamp then tells when
  # the build ran. (The jar itself is not touched: a class-data archive is only valid for the jar's timestamp.)
  stamp="$KSTACK_ROOT/$module/target/.kstack-built"
  if [ -z "$jar" ] || [ ! -d "$KSTACK_ROOT/$module/target/lib" ]; then
    stale="missing"
  elif [ "$stamp" -nt "$jar" ] && ! kstack_sources_newer_than "$stamp" "${folders[@]}"; then
    stale=""
  elif kstack_sources_newer_than "$jar" "${folders[@]}"; then
    stale="stale"
  fi
  if [ -n "$stale" ]; then
    local log
    log=$(mktemp "${TMPDIR:-/tmp}/kstack-build.XXXXXX")
    PROGRESS_TAG=kstack step "$log" "building $module ($stale build)" -- sh -c 'cd "$1" && shift && exec "$@"' sh \
        "$KSTACK_ROOT" ./mvnw -B -q -pl "$module" -am package -DskipTests -Dmaven.test.skip.exec=true || {
      echo "kstack: the build of $module failed; its whole log: $log" >&2; exit 1; }
    rm -f "$log"
    touch "$stamp"
  fi
}
