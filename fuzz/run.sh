#!/usr/bin/env bash
# Fuzzes the decoders for N seconds (default 600) and prints libFuzzer's final statistics.
# Findings (crash-*, leak-*, timeout-*) land in fuzz/out/findings/; the growing corpus in fuzz/out/corpus/.
# Usage: fuzz/run.sh [SECONDS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
seconds=${1:-600}
"$here/build.sh"
out="$here/out"
mkdir -p "$out/corpus" "$out/findings"
cd "$out/findings"
"$out/decode-fuzzer" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 "$out/corpus" "$out/seeds" 2>&1 | tee "$out/last-run.log" | grep -E '^(#[0-9]+.*(DONE|INITED)|stat::|==[0-9]+==ERROR|SUMMARY)' || true
found=$(ls "$out/findings" | wc -l)
echo "findings: $found (in $out/findings)"
[ "$found" -eq 0 ]
