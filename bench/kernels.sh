#!/usr/bin/env bash
# Matrix-multiply kernels (issue 5): DigitCore's eight-lane kernel (AVX2 + FMA) against the AVX-512
# kernel of DigitCoreAVX512, each compiled from its source file as the package compiles it (-O, the
# same -target-cpu), on the default model's layer shapes, one core. Needs an AVX-512 processor for
# the second column. Given a git revision, the AVX-512 kernel of that revision too, in a third column.
# Usage: bench/kernels.sh [BASELINE_REVISION]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
grep -q avx512f /proc/cpuinfo || { echo "skipped: this processor has no AVX-512"; exit 0; }

# The eight-lane kernel and its SIMD helpers, without the dispatcher that needs the AVX-512 module.
sed -n '/^\/\/\/ The portable kernel/,$p' "$root/Sources/DigitCore/Network/MatrixMultiply.swift" > "$work/eight.swift"
cp "$root/Sources/DigitCore/Network/SIMD.swift" "$work/simd.swift"
echo 'func kernel(_ m: Int, _ n: Int, _ k: Int, _ a: [Float], _ b: [Float], _ c: inout [Float]) {
    matrixMultiplyEightLanes(m: m, n: n, k: k, a: a, aRowStride: k, aColumnStride: 1, b: b, bRowStride: n, c: &c, cRowStride: n, accumulating: false)
}' > "$work/call8.swift"
swiftc -O -wmo -target-cpu haswell "$work/eight.swift" "$work/simd.swift" "$work/call8.swift" \
    "$root/bench/kernels/benchmark.swift" -o "$work/eight"

echo 'func kernel(_ m: Int, _ n: Int, _ k: Int, _ a: [Float], _ b: [Float], _ c: inout [Float]) {
    matrixMultiplyAVX512(m: m, n: n, k: k, a: a, aRowStride: k, aColumnStride: 1, b: b, bRowStride: n, c: &c, cRowStride: n, accumulating: false)
}' > "$work/call16.swift"
swiftc -O -wmo -target-cpu skylake-avx512 "$root/Sources/DigitCoreAVX512/MatrixMultiplyAVX512.swift" "$work/call16.swift" \
    "$root/bench/kernels/benchmark.swift" -o "$work/sixteen"

if [ $# -ge 1 ]; then
    git -C "$root" show "$1:Sources/DigitCoreAVX512/MatrixMultiplyAVX512.swift" > "$work/baseline.swift"
    swiftc -O -wmo -target-cpu skylake-avx512 "$work/baseline.swift" "$work/call16.swift" \
        "$root/bench/kernels/benchmark.swift" -o "$work/baseline"
fi

if [ $# -ge 1 ]; then
    printf '\n%-28s %14s %14s %8s %14s %8s\n' "GFLOP/s, one core" "eight-lane" "AVX-512" "ratio" "AVX-512 $1" "ratio"
else
    printf '\n%-28s %14s %14s %8s\n' "GFLOP/s, one core" "eight-lane" "AVX-512" "ratio"
fi
"$work/eight" > "$work/eight.out"
"$work/sixteen" > "$work/sixteen.out"
if [ $# -ge 1 ]; then "$work/baseline" > "$work/baseline.out"; else cut -f1 "$work/eight.out" > "$work/baseline.out"; fi
paste "$work/eight.out" "$work/sixteen.out" "$work/baseline.out" | while IFS=$'\t' read -r name eight _ sixteen _ baseline; do
    if [ $# -ge 1 ]; then
        printf '%-28s %14s %14s %8s %14s %8s\n' "$name" "$eight" "$sixteen" "$(python3 -c "print('%.2fx' % ($sixteen / $eight))")" \
            "$baseline" "$(python3 -c "print('%.2fx' % ($sixteen / $baseline))")"
    else
        printf '%-28s %14s %14s %8s\n' "$name" "$eight" "$sixteen" "$(python3 -c "print('%.2fx' % ($sixteen / $eight))")"
    fi
done
