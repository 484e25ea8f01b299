#!/usr/bin/env bash
# Builds libpng and libjpeg-turbo from Debian's source packages, instrumented for the fuzzer
# (-fsanitize=fuzzer-no-link,address,undefined), as static libraries under fuzz/out/libs. The fuzz
# targets link against these instead of the system's uninstrumented ones, so that libFuzzer's
# coverage reaches into the libraries' own code. Not part of the normal build.
# Needs: a deb-src line for Debian (added here when missing; run as root), cmake, and Swift's clang.
# Usage: fuzz/build-libraries.sh   (skips work already done)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$here/out"
prefix="$out/libs"
sources="$out/src"
[ -f "$prefix/lib/libpng16.a" ] && [ -f "$prefix/lib/libjpeg.a" ] && exit 0

if ! grep -rqs '^Types: deb-src' /etc/apt/sources.list.d/ && ! grep -qs '^deb-src' /etc/apt/sources.list; then
    cat > /etc/apt/sources.list.d/deb-src.sources <<'SOURCES'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
    apt-get update -q
fi
command -v cmake > /dev/null || apt-get install -y -q cmake
command -v dpkg-source > /dev/null || apt-get install -y -q dpkg-dev
mkdir -p "$sources" "$prefix"
cd "$sources"
[ -d libpng1.6-* ] 2>/dev/null || apt-get source -q libpng1.6
[ -d libjpeg-turbo-* ] 2>/dev/null || apt-get source -q libjpeg-turbo

flags="-O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined"
export CC=clang CFLAGS="$flags"

# libjpeg-turbo: the C code paths only (no SIMD assembly, which the sanitizers cannot see into).
cmake -S libjpeg-turbo-* -B build-jpeg -DCMAKE_BUILD_TYPE=None -DCMAKE_INSTALL_PREFIX="$prefix" \
    -DCMAKE_INSTALL_LIBDIR="$prefix/lib" -DENABLE_SHARED=OFF -DENABLE_STATIC=ON -DWITH_SIMD=OFF -DWITH_TURBOJPEG=OFF > /dev/null
cmake --build build-jpeg -j 2 > /dev/null
cmake --install build-jpeg > /dev/null

# libpng, with the system's zlib (not what is fuzzed here).
cmake -S libpng1.6-* -B build-png -DCMAKE_BUILD_TYPE=None -DCMAKE_INSTALL_PREFIX="$prefix" \
    -DCMAKE_INSTALL_LIBDIR=lib -DPNG_SHARED=OFF -DPNG_STATIC=ON -DPNG_TESTS=OFF -DPNG_HARDWARE_OPTIMIZATIONS=OFF \
    -DPNG_EXECUTABLES=OFF > /dev/null
cmake --build build-png -j 2 > /dev/null
cmake --install build-png > /dev/null
# The system's zlib without its -L/usr/lib/...: that folder, searched first, would hand the linker the
# system's shared libpng and libjpeg instead of these.
cat > "$prefix/lib/pkgconfig/zlib.pc" <<'ZLIB'
Name: zlib
Description: the system's zlib, found on the default search path
Version: 1.2.13
Libs: -lz
ZLIB
ls "$prefix/lib"
