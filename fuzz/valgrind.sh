#!/usr/bin/env bash
# Replays the seeds (valid, truncated and bit-flipped files) and the committed fuzz corpora of the
# image targets under valgrind, through the decode target built against the system's libraries
# (memory and descriptor streams alike): every decode error path must free what it allocated.
# Exits non-zero on a leak or memory error.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
"$here/build.sh"
out="$here/out"
inputs=("$out"/seeds/* "$here"/corpus/decode/* "$here"/corpus/predict/*)
echo "replaying ${#inputs[@]} inputs under valgrind"
valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect,possible \
    --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=1 "$out/decode-replay" "${inputs[@]}"
