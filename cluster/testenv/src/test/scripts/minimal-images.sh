#!/usr/bin/env bash
# FOR TESTS ONLY, until scripts/provision-images.sh is available: the two images RealNodeIT needs, in the format
# of the image provisioning (tarballs plus index.tsv; the folder on the last stdout line).
#   busybox: Debian's busybox-static with its applet links;  kstack.local/pause:3.2: a static sleeper compiled here.
# Use: KSTACK_IMAGES_SCRIPT=cluster/testenv/src/test/scripts/minimal-images.sh
set -euo pipefail
out=${XDG_CACHE_HOME:-$HOME/.cache}/kstack/test-images-minimal
[ -f "$out/index.tsv" ] && { echo "$out"; exit 0; }
mkdir -p "$out" && work=$(mktemp -d) && trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bb/bin" "$work/bb/etc" "$work/bb/tmp" "$work/bb/root" "$work/bb/var/www" "$work/pause"
cp /bin/busybox "$work/bb/bin/busybox"
for a in $(/bin/busybox --list); do [ -e "$work/bb/bin/$a" ] || ln -s busybox "$work/bb/bin/$a"; done
chmod 1777 "$work/bb/tmp"
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$work/bb/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$work/bb/etc/group"
tar -C "$work/bb" -cf "$out/busybox.tar" .
cat >"$work/pause.c" <<'C'
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
static void quit(int s) { (void)s; _exit(0); }
static void reap(int s) { (void)s; while (waitpid(-1, NULL, WNOHANG) > 0) {} }
int main(void) {
  signal(SIGINT, quit); signal(SIGTERM, quit); signal(SIGCHLD, reap);
  for (;;) pause();
}
C
gcc -Os -static -o "$work/pause/pause" "$work/pause.c" && strip "$work/pause/pause"
tar -C "$work/pause" -cf "$out/pause.tar" pause
printf 'busybox.tar\tbusybox,busybox:latest\tCMD ["sh"]\npause.tar\tkstack.local/pause:3.2\tENTRYPOINT ["/pause"]\n' >"$out/index.tsv"
echo "$out"
