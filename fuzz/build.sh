#!/usr/bin/env bash
# Builds the decoder fuzz target (libFuzzer + ASan + UBSan), its valgrind replay driver and the seeds.
# Usage: fuzz/build.sh   (outputs under fuzz/out/, which git ignores)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
out="$here/out"
mkdir -p "$out/seeds"
libs=$(pkg-config --cflags --libs libpng libjpeg)
codec=("$root"/Sources/CImageCodec/*.c)
include=(-I "$root/Sources/CImageCodec/include")

clang -O1 -g -fuse-ld=lld -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined "${include[@]}" \
    "$here/decode_fuzzer.c" "${codec[@]}" $libs -o "$out/decode-fuzzer"
cc -O0 -g "${include[@]}" "$here/decode_fuzzer.c" "$here/replay_main.c" "${codec[@]}" $libs -o "$out/decode-replay"
cc -O1 -I "$root/Tests/CFixtureEncoders/include" "$here/make_seeds.c" "$root/Tests/CFixtureEncoders/fixture_encoders.c" \
    $libs -o "$out/make-seeds"
"$out/make-seeds" "$out/seeds"
