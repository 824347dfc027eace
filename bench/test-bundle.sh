#!/usr/bin/env bash
# bench/test-bundle.sh - makes the bundle of bench/device.sh and runs it where no JDK can be found: PATH holds only
# links to the shell tools the script uses, and, where this runs as root with unshare(1), a private mount namespace
# hides /usr/lib/jvm (every JDK and JRE Debian installs) and /etc/OpenCL/vendors (so that the bundle must find the
# driver's library and write the .icd file itself) under empty tmpfs mounts; elsewhere SPIKECODER_ICD_REGISTRY
# points at an empty folder instead.
# Usage: bench/test-bundle.sh [--full]   (--quick run by default: devices + verify --quick; --full: every benchmark,
#                                         SPIKECODER_DATA must then hold mnist/ and fsdd/)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mode=--quick; [ "${1:-}" = "--full" ] && mode=""
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$here/bench/device.sh" --bundle "$work/bundle"

mkdir "$work/tools" "$work/empty"
# ld: PoCL links the kernels it compiles with the system's linker (a PoCL need; a GPU driver has none).
for t in bash sh dirname basename cat sed tr tee mkdir mktemp ls du cut head rm cp ldconfig ld; do
  p="$(command -v "$t" || true)"
  if [ -z "$p" ] && [ -x "/sbin/$t" ]; then p="/sbin/$t"; fi
  if [ -n "$p" ]; then ln -s "$p" "$work/tools/$t"; fi
done
run=(env -i PATH="$work/tools" HOME="$work" SPIKECODER_DATA="${SPIKECODER_DATA:-$work/empty}"
     SPIKECODER_JAVA_OPTS="${SPIKECODER_JAVA_OPTS:--Xmx4g}")
hide=0
if [ "$(id -u)" = 0 ] && [ -d /usr/lib/jvm ] && unshare -m true 2>/dev/null; then
  hide=1
else
  echo "(no unshare as root here: only the PATH is without java; SPIKECODER_ICD_REGISTRY hides /etc/OpenCL/vendors)"
  run+=(SPIKECODER_ICD_REGISTRY="$work/empty")
fi
if env -i PATH="$work/tools" bash -c 'command -v java' >/dev/null; then
  echo "error: java is reachable from the test PATH" >&2
  exit 1
fi
cat > "$work/inside.sh" <<EOF
set -euo pipefail
if [ $hide = 1 ]; then
  mount -t tmpfs none /usr/lib/jvm
  [ -d /etc/OpenCL/vendors ] && mount -t tmpfs none /etc/OpenCL/vendors
  echo "hidden: /usr/lib/jvm [\$(ls -A /usr/lib/jvm)], /etc/OpenCL/vendors [\$(ls -A /etc/OpenCL/vendors 2>/dev/null)]"
  if /usr/bin/java -version >/dev/null 2>&1; then echo "error: /usr/bin/java still runs" >&2; exit 1; fi
fi
exec $(printf '%q ' "${run[@]}") "\$@"
EOF
if [ $hide = 1 ]; then
  unshare -m bash "$work/inside.sh" "$work/bundle/device.sh" $mode --out "$work/run"
else
  bash "$work/inside.sh" "$work/bundle/device.sh" $mode --out "$work/run"
fi
grep -q '"verify_exit_code": 0' "$work/run/device.json"
grep -q '^OpenCL ICDs: ' "$work/run/icds.txt"
echo "bundle test passed: $(du -sm "$work/bundle" | cut -f1) MiB; $(cat "$work/run/icds.txt")"
