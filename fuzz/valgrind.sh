#!/usr/bin/env bash
# Replays the seeds (valid, truncated and bit-flipped files) and any fuzz corpus under valgrind:
# every decode error path must free what it allocated. Exits non-zero on a leak or memory error.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
"$here/build.sh"
out="$here/out"
inputs=("$out"/seeds/*)
if [ -d "$out/corpus" ]; then inputs+=($(ls "$out"/corpus/* 2>/dev/null | head -500)); fi
valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect,possible \
    --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=1 "$out/decode-replay" "${inputs[@]}"
