#!/usr/bin/env bash
# bench/device.sh - everything a first run on a new OpenCL device should produce, in one JSON:
#   the device list, `verify` (kernels against the CPU reference), and the benchmarks
#   - MNIST 784-196-784, T 15, B 100: 100 real training batches (1/6 of an epoch), paper preset
#   - the paper's audiocoder step, 58500-2048-196, B 50, T 60, on FSDD spectrograms (3 steps; 60 with --long)
#   - a 16384-16384 Linear+LIF layer, batch 16, T 500 (the Open Neuromorphic library-benchmark shape), 3 steps
# Usage: bench/device.sh [--device N] [--out DIR] [--long]      (SPIKECODER_DATA must hold mnist/ and fsdd/)
#        bench/device.sh --quick ...  only `devices` and `verify --quick` (seconds; no data needed)
#        bench/device.sh --bundle DIR    a self-contained copy for a machine without Java (docs/DEVICE.md)
#        bench/device.sh --find-icds     only find the OpenCL drivers, as a bundle does, and say which
# Runs end to end on PoCL in a few minutes; docs/KERNELS.md gives the roofline to judge the figures against.
set -euo pipefail
self="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# A bundle is this script beside runtime/ (a jlink Java), spikecoder.jar and lib/ (an OpenCL ICD loader).
bundle_limit_mib=64
in_bundle() { [ -x "$self/runtime/bin/java" ] && [ -f "$self/spikecoder.jar" ]; }

# The vendors' OpenCL drivers (ICDs) a bundle looks for when none is registered. Oclgrind is left out: it is a
# simulator, far too slow for the benchmarks.
vendor_libs=(libnvidia-opencl.so.1 libamdocl64.so libamdocl-orca64.so libigdrcl.so libintelocl.so libpocl.so.2)

# The dynamic linker's cache, `ldconfig -p` (ldconfig is in /sbin, often not on a user's PATH).
ldconfig_p() {
  local ldc
  for ldc in ldconfig /sbin/ldconfig /usr/sbin/ldconfig; do
    if command -v "$ldc" >/dev/null 2>&1; then
      "$ldc" -p 2>/dev/null || true
      return
    fi
  done
}

icd_search_dirs() {
  if [ -n "${SPIKECODER_ICD_SEARCH:-}" ]; then   # tests give the folders to search; nothing else is searched then
    tr ':' '\n' <<< "$SPIKECODER_ICD_SEARCH"
    return
  fi
  ldconfig_p | sed -n 's/.* => \(.*\)\/[^/]*$/\1/p'
  printf '%s\n' /usr/lib/x86_64-linux-gnu /lib/x86_64-linux-gnu /usr/lib64 /usr/lib /usr/local/lib \
      /usr/local/nvidia/lib64 /usr/lib/wsl/lib /usr/local/cuda*/lib64 /usr/local/cuda*/targets/*/lib \
      /opt/rocm*/lib /opt/intel/*/lib
}

# Makes the OpenCL drivers known to the bundled ICD loader and prints one line saying which ones. Uses the .icd files
# registered in /etc/OpenCL/vendors (SPIKECODER_ICD_REGISTRY in tests); a vendor library found on this machine that no
# registered file names (NVIDIA's driver installs libnvidia-opencl.so.1, often without nvidia.icd) gets an .icd file
# of its own in the folder $1, and OCL_ICD_VENDORS then points there (that folder also gets copies of the registered
# files: the loader reads only the one folder). A given OCL_ICD_VENDORS is left as it is.
find_icds() {
  local vendors="$1" registry="${SPIKECODER_ICD_REGISTRY:-/etc/OpenCL/vendors}" f name dir lib
  if [ -n "${OCL_ICD_VENDORS:-}" ]; then
    echo "OpenCL ICDs: OCL_ICD_VENDORS=$OCL_ICD_VENDORS, as given"
    return 0
  fi
  local registered=() named=() written=()
  for f in "$registry"/*.icd; do
    [ -f "$f" ] || continue
    registered+=("$f")
    named+=("$(basename "$(head -n 1 "$f")")")
  done
  local dirs; dirs="$(icd_search_dirs)"
  for name in "${vendor_libs[@]}"; do
    for f in "${named[@]}"; do
      case "$f" in "$name"*) continue 2 ;; esac
    done
    lib=""
    while IFS= read -r dir; do
      if [ -n "$dir" ] && [ -e "$dir/$name" ]; then lib="$dir/$name"; break; fi
    done <<< "$dirs"
    [ -n "$lib" ] && written+=("$lib")
  done
  if [ ${#written[@]} -eq 0 ]; then
    if [ ${#registered[@]} -eq 0 ]; then
      echo "error: no OpenCL driver found: no .icd file in $registry and none of ${vendor_libs[*]} in" \
          "$(tr '\n' ' ' <<< "$dirs")(install the GPU driver's OpenCL part, or set OCL_ICD_VENDORS)" >&2
      return 1
    fi
    echo "OpenCL ICDs: registered in $registry: ${named[*]}"
    return 0
  fi
  mkdir -p "$vendors"
  rm -f "$vendors"/*.icd
  for f in "${registered[@]}"; do
    cp "$f" "$vendors/"
  done
  local line=""
  for lib in "${written[@]}"; do
    name="$(basename "$lib")"; name="${name#lib}"; name="${name%%.so*}.icd"
    echo "$lib" > "$vendors/$name"
    line+=" $name -> $lib;"
  done
  export OCL_ICD_VENDORS="$vendors"
  echo "OpenCL ICDs: wrote in $vendors:${line%;}${registered[*]:+; also registered in $registry: ${named[*]}}"
}

# Where ocl-icd's loader libOpenCL.so.1 may be, best first.
icd_loader_candidates() {
  ldconfig_p | sed -n 's/^[[:space:]]*libOpenCL\.so\.1 .* => //p'
  printf '%s\n' /usr/lib/x86_64-linux-gnu/libOpenCL.so.1 /lib/x86_64-linux-gnu/libOpenCL.so.1 /usr/lib64/libOpenCL.so.1
}

# Copies a runtime made with jlink, the shaded jar, the ICD loader and this script into $1, at most 64 MiB in all.
make_bundle() {
  local dest="$1" here jar modules loader mib
  if in_bundle; then
    echo "error: --bundle makes a bundle from the source tree (bench/device.sh there), not from a bundle" >&2
    exit 2
  fi
  here="$(cd "$self/.." && pwd)"
  jar="$here/target/spikecoder.jar"
  # Built again when missing or older than a source, a kernel or the pom (as ./spikecoder does): never a stale jar.
  if [ ! -f "$jar" ] || [ -n "$(find "$here/src/main" "$here/kernels" "$here/pom.xml" -newer "$jar" -type f -print \
      -quit 2>/dev/null)" ]; then
    (cd "$here" && mvn -B -q -DskipTests package)
  fi
  for tool in jar jdeps jlink; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      echo "error: --bundle needs $tool (a JDK 17: apt-get install openjdk-17-jdk-headless)" >&2
      exit 1
    fi
  done
  if [ -e "$dest" ] && [ -n "$(ls -A "$dest")" ]; then
    echo "error: bench/device.sh --bundle: $dest exists and is not empty" >&2
    exit 2
  fi
  # jdeps on the unpacked classes: on the jar itself it reads the module-info.class that the shaded picocli brings
  # and answers for picocli alone. java.logging for JOCL's logger, jdk.unsupported for sun.misc.Unsafe users.
  local tmp; tmp="$(mktemp -d)"
  (cd "$tmp" && jar xf "$jar" && rm -rf META-INF/versions module-info.class)
  modules="$(jdeps --print-module-deps --ignore-missing-deps --multi-release 17 "$tmp" | tail -n 1)"
  rm -rf "$tmp"
  modules="$modules,java.logging,jdk.unsupported,jdk.crypto.ec"
  mkdir -p "$dest/lib"
  jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 --output "$dest/runtime"
  if command -v strip >/dev/null 2>&1; then
    find "$dest/runtime" -name '*.so' -exec strip --strip-unneeded {} +   # libjvm.so alone: 24 -> 20 MB
  fi
  # The jar without Hazelcast (21 MB, only for `worker` and `sweep --cluster`, which a device check never runs):
  # with it the bundle would not fit its 64 MiB.
  tmp="$(mktemp -d)"
  mkdir "$tmp/classes"
  (cd "$tmp/classes" && jar xf "$jar" && mv META-INF/MANIFEST.MF "$tmp/MANIFEST.MF" \
      && rm -rf com/hazelcast META-INF/services/com.hazelcast.* hazelcast*.xml hazelcast*.yaml \
      && jar cfm "$dest/spikecoder.jar" "$tmp/MANIFEST.MF" .)
  rm -rf "$tmp"
  # The ICD loader: ocl-icd's libOpenCL.so.1 (it honours OCL_ICD_VENDORS). JOCL dlopens "libOpenCL.so", the name
  # only the -dev package installs, hence the second name.
  loader=""
  for f in $(icd_loader_candidates); do
    if [ -e "$f" ]; then loader="$f"; break; fi
  done
  if [ -z "$loader" ]; then
    echo "error: --bundle: no libOpenCL.so.1 found (apt-get install ocl-icd-libopencl1)" >&2
    exit 1
  fi
  cp -L "$loader" "$dest/lib/libOpenCL.so.1"
  ln -s libOpenCL.so.1 "$dest/lib/libOpenCL.so"
  cp "$self/device.sh" "$dest/device.sh"
  chmod +x "$dest/device.sh"
  cp "$here/docs/DEVICE.md" "$dest/README.md"
  mib=$(( ($(du -sk "$dest" | cut -f1) + 1023) / 1024 ))
  if [ "$mib" -gt "$bundle_limit_mib" ]; then
    echo "error: the bundle $dest is $mib MiB, over the $bundle_limit_mib MiB allowed" >&2
    exit 1
  fi
  echo "wrote the bundle $dest ($mib MiB of at most $bundle_limit_mib: runtime/ with modules $modules," \
      "spikecoder.jar, lib/libOpenCL.so.1 from $loader); copy it to the GPU machine and run $dest/device.sh there"
}

device=""; out="device-run"; steps=3; quick=0
while [ $# -gt 0 ]; do
  case "$1" in
    --device) device="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --long) steps=60; shift ;;
    --bundle) make_bundle "$2"; exit 0 ;;
    --find-icds) find_icds "${2:-$(mktemp -d)}"; exit $? ;;
    --quick) quick=1; shift ;;
    -h|--help) sed -n 2,11p "$0"; exit 0 ;;
    *) echo "error: bench/device.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
mkdir -p "$out"
if in_bundle; then
  jar="$self/spikecoder.jar"
  javabin="$self/runtime/bin/java"
  export LD_LIBRARY_PATH="$self/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  vendors="$self/vendors"
  { mkdir -p "$vendors" && [ -w "$vendors" ]; } 2>/dev/null || vendors="$(mktemp -d)"   # a read-only bundle
  find_icds "$vendors" > "$out/icds.txt" || exit 1   # not in a pipe: it exports OCL_ICD_VENDORS
  cat "$out/icds.txt"
else
  here="$(cd "$self/.." && pwd)"
  jar="$here/target/spikecoder.jar"
  javabin=java
  [ -f "$jar" ] || (cd "$here" && mvn -B -q -DskipTests package)
  echo "OpenCL ICDs: as the system's ICD loader finds them" > "$out/icds.txt"
fi
java=("$javabin" ${SPIKECODER_JAVA_OPTS:--Xmx12g} -jar "$jar")
dev=(); [ -n "$device" ] && dev=(--device "$device")
"${java[@]}" devices | tee "$out/devices.txt"
json() { sed 's/\\/\\\\/g; s/"/\\"/g' "$1" | tr '\n' '|'; }
set +e
vflags=(); [ "$quick" = 1 ] && vflags=(--quick)
"${java[@]}" verify "${dev[@]}" "${vflags[@]}" | tee "$out/verify.txt"
verify_rc=${PIPESTATUS[0]}
set -e
if [ "$quick" = 1 ]; then
  printf '{\n  "verify_exit_code": %d,\n  "opencl_icds": "%s",\n  "devices": "%s"\n}\n' "$verify_rc" \
      "$(json "$out/icds.txt")" "$(json "$out/devices.txt")" > "$out/device.json"
  echo "wrote $out/device.json (--quick: no benchmarks; verify exit code $verify_rc)"
  exit "$verify_rc"
fi
"${java[@]}" bench --backend opencl "${dev[@]}" --dataset mnist --batches 100 --infer-batches 5 --profile \
    --out "$out/mnist" | tee "$out/mnist.txt"
"${java[@]}" bench --backend opencl "${dev[@]}" --sizes 58500,2048,196 --batch 50 --steps 60 --batches 1 \
    --warmup 0 --train-steps "$steps" --infer-batches 0 --profile --dataset fsdd --out "$out/audiocoder" \
    | tee "$out/audiocoder.txt"
"${java[@]}" bench --backend opencl "${dev[@]}" --sizes 16384,16384 --batch 16 --steps 500 --batches 1 \
    --warmup 0 --train-steps 3 --infer-batches 0 --profile --out "$out/linear16384" | tee "$out/linear16384.txt"
{
  printf '{\n  "verify_exit_code": %d,\n' "$verify_rc"
  printf '  "opencl_icds": "%s",\n' "$(json "$out/icds.txt")"
  printf '  "devices": "%s",\n' "$(json "$out/devices.txt")"
  printf '  "mnist": %s,\n' "$(cat "$out/mnist/bench.json")"
  printf '  "audiocoder": %s,\n' "$(cat "$out/audiocoder/bench.json")"
  printf '  "linear16384": %s\n}\n' "$(cat "$out/linear16384/bench.json")"
} > "$out/device.json"
echo "wrote $out/device.json (verify exit code $verify_rc)"
exit "$verify_rc"
