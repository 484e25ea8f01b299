#!/usr/bin/env bash
# Builds the fuzz targets (libFuzzer + ASan + UBSan) against instrumented libpng and libjpeg-turbo
# (fuzz/build-libraries.sh), the decoder's valgrind replay driver (system libraries) and the seeds.
#   decode-fuzzer   CImageCodec alone (C): PNG and JPEG, from memory and from a descriptor
#   predict-fuzzer  bytes in, answer out: decode, prepare and run the default model (Swift)
#   model-fuzzer    model-file parsing (Swift)
# Usage: fuzz/build.sh   (outputs under fuzz/out/, which git ignores)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
out="$here/out"
"$here/build-libraries.sh"
libs="$out/libs"
mkdir -p "$out/seeds"
codec=("$root"/Sources/CImageCodec/*.c)
include=(-I "$root/Sources/CImageCodec/include")
sanitizers="-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined"

clang -O1 -g -fuse-ld=lld $sanitizers "${include[@]}" -I "$libs/include" \
    "$here/decode_fuzzer.c" "${codec[@]}" "$libs/lib/libpng16.a" "$libs/lib/libjpeg.a" -lz -lm -o "$out/decode-fuzzer"

# The Swift targets: the package in fuzz/ builds the project's library with AddressSanitizer and
# libFuzzer's coverage; pkg-config, pointed at the instrumented libraries, links them in statically.
if ! PKG_CONFIG_PATH="$libs/lib/pkgconfig" swift build --package-path "$here" --scratch-path "$out/swift" -c release \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xcc -fsanitize=fuzzer-no-link,address > "$out/swift-build.log" 2>&1; then
    grep -E "error" "$out/swift-build.log" >&2 || tail -20 "$out/swift-build.log" >&2
    exit 1
fi
for target in predict-fuzzer model-fuzzer; do
    if ldd "$out/swift/release/$target" | grep -qE "libpng|libjpeg"; then
        echo "$target: linked against the system's libpng or libjpeg; remove $out/swift and build again" >&2
        exit 1
    fi
    cp "$out/swift/release/$target" "$out/"
done

libraries=$(pkg-config --cflags --libs libpng libjpeg)
cc -O0 -g "${include[@]}" "$here/decode_fuzzer.c" "$here/replay_main.c" "${codec[@]}" $libraries -o "$out/decode-replay"
cc -O1 -I "$root/Tests/CFixtureEncoders/include" "$here/make_seeds.c" "$root/Tests/CFixtureEncoders/fixture_encoders.c" \
    $libraries -o "$out/make-seeds"
"$out/make-seeds" "$out/seeds"
