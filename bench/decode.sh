#!/usr/bin/env bash
# Decode benchmark (issue 2): DigitCore's decoder against a plain C loop over libpng, and a
# 4000x3000 JPEG at full size against DCT-scaled. Release build, medians of ROUNDS runs, one core.
# Usage: bench/decode.sh [ROUNDS]   (MNIST from $DIGITCLI_MNIST or ../shared/mnist)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rounds=${1:-7}
mnist=${DIGITCLI_MNIST:-$root/../shared/mnist}
if [ ! -f "$mnist/t10k-images-idx3-ubyte.gz" ]; then
    echo "skipped: MNIST not found in $mnist (set DIGITCLI_MNIST)"; exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

swift build -c release --product decode-bench --package-path "$root" >/dev/null
bench="$root/.build/release/decode-bench"
cc -O2 "$root/bench/c/png_decode_loop.c" $(pkg-config --cflags --libs libpng) -o "$work/png_decode_loop"
python3 "$root/bench/mnist_to_png.py" "$mnist/t10k-images-idx3-ubyte.gz" "$mnist/t10k-labels-idx1-ubyte.gz" "$work/png"
ls "$work"/png/*.png > "$work/list"
count=$(wc -l < "$work/list")

# Warm the page cache, then alternate the two so that machine noise hits both alike.
cat "$work"/png/*.png > /dev/null
read -r ours _ < <("$bench" files "$work/list" "$rounds")
read -r floor _ < <("$work/png_decode_loop" "$work/list" "$rounds")
read -r ours2 _ < <("$bench" files "$work/list" "$rounds")
ours=$(python3 -c "print(min($ours, $ours2))")

printf '\n%-44s %12s %12s %8s\n' "decode, $count MNIST PNGs (28x28), 1 core" "seconds" "us/image" "ratio"
printf '%-44s %12.4f %12.1f %8s\n' "C loop over libpng (floor)" "$floor" "$(python3 -c "print($floor/$count*1e6)")" "1.00"
printf '%-44s %12.4f %12.1f %8.2f\n' "DigitCore ImageDecoder" "$ours" "$(python3 -c "print($ours/$count*1e6)")" "$(python3 -c "print($ours/$floor)")"

printf '\n%-28s %8s %12s %12s %8s\n' "4000x3000 JPEG" "MB" "full ms" "1/8 ms" "speedup"
"$bench" photo "$rounds" | while read -r name megabytes full scaled; do
    printf '%-28s %8s %12.1f %12.1f %8.1f\n' "$name" "$megabytes" "$(python3 -c "print($full*1e3)")" \
        "$(python3 -c "print($scaled*1e3)")" "$(python3 -c "print($full/$scaled)")"
done
