#!/usr/bin/env bash
# Fuzzes each target for SECONDS (default 600) one after the other, then prints a table of
# executions, edges covered and findings per target. Each target starts from its minimised corpus
# in fuzz/corpus/TARGET (committed) plus fresh seeds and grows it in fuzz/out/corpus/TARGET; then
# the smallest set of inputs that still covers every edge reached (set-cover merge, edges only,
# not hit counts) replaces fuzz/corpus/TARGET. Findings (crash-*, leak-*, timeout-*,
# oom-*) land in fuzz/out/findings/TARGET.
# Usage: fuzz/run.sh [SECONDS] [decode|predict|model ...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
seconds=${1:-600}
shift || true
targets=("${@:-decode predict model}")
targets=(${targets[@]})
"$here/build.sh"
out="$here/out"
summary=()
for target in "${targets[@]}"; do
    corpus="$out/corpus/$target"
    findings="$out/findings/$target"
    mkdir -p "$corpus" "$findings" "$here/corpus/$target"
    case $target in
        decode) seeds=("$out/seeds") ;;
        predict) seeds=("$out/seeds" "$root/samples") ;;   # photos and drawings of digits too
        model) seeds=("$root/models/seed.dcnn") ;;
    esac
    find "$here/corpus/$target" "${seeds[@]}" -maxdepth 1 -type f -size -64k -exec cp -n {} "$corpus"/ \;
    log="$out/$target.log"
    (cd "$findings" && "$out/$target-fuzzer" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 "$corpus" > "$log" 2>&1) || true
    executions=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}')
    edges=$(grep -E '^#[0-9]+.*(DONE|cov:)' "$log" | tail -1 | sed -E 's/.*cov: ([0-9]+).*/\1/')
    found=$(ls "$findings" | wc -l)
    # Minimise into the committed corpus: the fewest inputs that cover every edge.
    rm -rf "$here/corpus/$target.new" && mkdir -p "$here/corpus/$target.new"
    "$out/$target-fuzzer" -set_cover_merge=1 -use_counters=0 -max_len=65536 "$here/corpus/$target.new" "$corpus" \
        > "$out/$target-merge.log" 2>&1
    rm -rf "$here/corpus/$target" && mv "$here/corpus/$target.new" "$here/corpus/$target"
    summary+=("$(printf '%-8s %12s %8s %8s %9s' "$target" "${executions:-?}" "${edges:-?}" "$(ls "$here/corpus/$target" | wc -l)" "$found")")
done
printf '%-8s %12s %8s %8s %9s\n' target executions edges corpus findings
printf '%s\n' "${summary[@]}"
! ls "$out"/findings/*/* > /dev/null 2>&1
