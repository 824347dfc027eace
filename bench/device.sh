#!/usr/bin/env bash
# bench/device.sh - everything a first run on a new OpenCL device should produce, in one JSON:
#   the device list, `verify` (kernels against the CPU reference), and the benchmarks
#   - MNIST 784-196-784, T 15, B 100: 100 real training batches (1/6 of an epoch), paper preset
#   - the paper's audiocoder step, 58500-2048-196, B 50, T 60, on FSDD spectrograms (3 steps; 60 with --long)
#   - a 16384-16384 Linear+LIF layer, batch 16, T 500 (the Open Neuromorphic library-benchmark shape), 3 steps
# Usage: bench/device.sh [--device N] [--out DIR] [--long]      (SPIKECODER_DATA must hold mnist/ and fsdd/)
# Runs end to end on PoCL in a few minutes; docs/KERNELS.md gives the roofline to judge the figures against.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
device=""; out="device-run"; steps=3
while [ $# -gt 0 ]; do
  case "$1" in
    --device) device="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --long) steps=60; shift ;;
    -h|--help) sed -n 2,10p "$0"; exit 0 ;;
    *) echo "error: bench/device.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
jar="$here/target/spikecoder.jar"
[ -f "$jar" ] || (cd "$here" && mvn -B -q -DskipTests package)
java=(java ${SPIKECODER_JAVA_OPTS:--Xmx12g} -jar "$jar")
dev=(); [ -n "$device" ] && dev=(--device "$device")
mkdir -p "$out"
"${java[@]}" devices | tee "$out/devices.txt"
set +e
"${java[@]}" verify "${dev[@]}" | tee "$out/verify.txt"; verify_rc=${PIPESTATUS[0]}
set -e
"${java[@]}" bench --backend opencl "${dev[@]}" --dataset mnist --batches 100 --infer-batches 5 --profile \
    --out "$out/mnist" | tee "$out/mnist.txt"
"${java[@]}" bench --backend opencl "${dev[@]}" --sizes 58500,2048,196 --batch 50 --steps 60 --batches 1 \
    --warmup 0 --train-steps "$steps" --infer-batches 0 --profile --dataset fsdd --out "$out/audiocoder" \
    | tee "$out/audiocoder.txt"
"${java[@]}" bench --backend opencl "${dev[@]}" --sizes 16384,16384 --batch 16 --steps 500 --batches 1 \
    --warmup 0 --train-steps 3 --infer-batches 0 --profile --out "$out/linear16384" | tee "$out/linear16384.txt"
{
  printf '{\n  "verify_exit_code": %d,\n' "$verify_rc"
  printf '  "devices": "%s",\n' "$(sed 's/\\/\\\\/g; s/"/\\"/g' "$out/devices.txt" | tr '\n' '|')"
  printf '  "mnist": %s,\n' "$(cat "$out/mnist/bench.json")"
  printf '  "audiocoder": %s,\n' "$(cat "$out/audiocoder/bench.json")"
  printf '  "linear16384": %s\n}\n' "$(cat "$out/linear16384/bench.json")"
} > "$out/device.json"
echo "wrote $out/device.json (verify exit code $verify_rc)"
exit "$verify_rc"
