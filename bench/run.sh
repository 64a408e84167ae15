#!/usr/bin/env bash
# The side-by-side benchmark (issue 5): yusuan vs ECharts 6 vs Chart.js 4 in one headless Chromium
# session, yusuan on synthetic city budgets, and the native import benchmark (criterion).
#   bench/run.sh                 everything; writes bench/RESULTS.md and bench/results.json
#   bench/run.sh --quick         3 loads per library, 60 hover moves, dpr 1, sizes to 50k (a smoke run)
#   bench/run.sh --no-native     skip `cargo bench` (criterion numbers then missing from RESULTS.md)
# Other arguments go to bench/bench.mjs (--runs N, --moves N, --dpr 1,2, --scale 1000,10000,…).
# Not part of ./test.sh: it takes several minutes and its numbers depend on the machine's load.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

native=1
pass=()
for arg in "$@"; do
  case "$arg" in
    --no-native) native=0 ;;
    --quick) pass+=(--runs 3 --moves 60 --dpr 1 --scale 1000,10000,50000 --scale-runs 2) ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) pass+=("$arg") ;;
  esac
done

scripts/setup.sh browser
if [ ! -d bench/node_modules/echarts ] || [ bench/package-lock.json -nt bench/node_modules/.package-lock.json ]; then
  echo "bench: installing echarts, chart.js, chartjs-chart-treemap, playwright-core" >&2
  (cd bench && npm ci --no-audit --no-fund)
fi

echo "bench: building the wasm module (./run.sh --no-serve)" >&2
./run.sh --no-serve

# Synthetic city budgets (examples/synth.rs); 200,000 lines is past the importer's 8 MiB cap on purpose.
mkdir -p bench/out
sizes="1000 10000 50000 100000 200000"
cargo build -q --release --example synth
for n in $sizes; do
  "${CARGO_TARGET_DIR:-target}/release/examples/synth" "$n" > "bench/out/city-$n.txt"
done

if [ "$native" = 1 ]; then
  echo "bench: native import benchmark (cargo bench --bench import)" >&2
  cargo bench --bench import -- --warm-up-time 1 --measurement-time 4 2>&1 | grep -E '^(import|audit)|time:' || true
fi

node bench/bench.mjs "${pass[@]}"
echo "bench: see bench/RESULTS.md" >&2
