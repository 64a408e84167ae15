#!/usr/bin/env bash
# Runs one fuzz target for SECONDS (default 600) on the seeded corpus, then prints libFuzzer's
# final figures. Usage: fuzz/run.sh json_load|import_text|audit_imported|csv_import|end_to_end|pdf [SECONDS]
# Needs a nightly toolchain and cargo-fuzz (`rustup toolchain install nightly`, `cargo install cargo-fuzz`).
# SANITIZER=address (cargo-fuzz's default) finds memory errors; yusuan has no `unsafe`, so the
# default here is none, which runs 3-5× more inputs per second.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?target: json_load, import_text, audit_imported, csv_import, end_to_end or pdf}
secs=${2:-600}
san=${SANITIZER:-none}
case $target in
  json_load) dict=fuzz/dict/json.dict ;;
  csv_import) dict=fuzz/dict/csv.dict ;;
  pdf) dict=fuzz/dict/pdf.dict ;;
  *) dict=fuzz/dict/budget.dict ;;
esac
[ -n "$(ls -A "fuzz/corpus/$target" 2>/dev/null)" ] || fuzz/seed.sh
mkdir -p fuzz/logs "fuzz/artifacts/$target"
log=fuzz/logs/$target.log
# Built first, then the binary run directly: edits to the crate during the run do not restart it.
# -O: optimised, debug assertions off, as shipped. One job: the machine has 2 cores.
cargo +nightly fuzz build -O -s "$san" "$target" >"$log" 2>&1
"fuzz/target/x86_64-unknown-linux-gnu/release/$target" -artifact_prefix="fuzz/artifacts/$target/" \
  -dict="$dict" -max_total_time="$secs" -print_final_stats=1 -rss_limit_mb=4096 "fuzz/corpus/$target" >>"$log" 2>&1 || true
grep -E '^#[0-9]+[[:space:]]+DONE|^stat::|SUMMARY|panicked|Test unit written' "$log" || tail -20 "$log"
