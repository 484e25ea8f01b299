#!/usr/bin/env bash
# Builds dist/digitcli_VERSION_ARCH.deb from a built digitcli binary with Debian's own tools:
# dpkg-shlibdeps computes Depends from the binary's shared libraries, dpkg-deb writes the package.
# The version is the one in Sources/digitcli/Version.swift. `make deb` runs this on the static build.
# Usage: packaging/deb/build.sh BINARY [OUT_DIR]   (needs dpkg-dev; prints the package's path)
set -euo pipefail
binary=$1
out=${2:-dist}
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/packaging/deb"
version=$(sed -n 's/^let releaseVersion = "\(.*\)"$/\1/p' "$root/Sources/digitcli/Version.swift")
arch=$(dpkg --print-architecture)
[ -n "$version" ] || { echo "no releaseVersion in Sources/digitcli/Version.swift" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tree="$work/digitcli"
install -D -m 755 "$binary" "$tree/usr/bin/digitcli"
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$tree/usr/bin/digitcli"
install -d -m 755 "$tree/usr/share/man/man1" "$tree/usr/share/doc/digitcli" \
    "$tree/usr/share/bash-completion/completions" "$tree/usr/share/zsh/vendor-completions" \
    "$tree/usr/share/fish/vendor_completions.d"
gzip -9n < "$root/man/digitcli.1" > "$tree/usr/share/man/man1/digitcli.1.gz"
# bash sources its completions: no #! line (lintian: bash-completion-with-hashbang).
"$tree/usr/bin/digitcli" --generate-completion-script bash | sed '1{/^#!/d}' > "$tree/usr/share/bash-completion/completions/digitcli"
"$tree/usr/bin/digitcli" --generate-completion-script zsh > "$tree/usr/share/zsh/vendor-completions/_digitcli"
"$tree/usr/bin/digitcli" --generate-completion-script fish > "$tree/usr/share/fish/vendor_completions.d/digitcli.fish"
install -m 644 "$here/copyright" "$tree/usr/share/doc/digitcli/copyright"
gzip -9n < "$here/changelog" > "$tree/usr/share/doc/digitcli/changelog.gz"
find "$tree/usr/share" -type f -exec chmod 644 {} +

# dpkg-shlibdeps wants a debian/control beside it, naming the package.
mkdir -p "$work/debian"
printf 'Source: digitcli\n\nPackage: digitcli\nArchitecture: any\n' > "$work/debian/control"
depends=$(cd "$work" && dpkg-shlibdeps -O digitcli/usr/bin/digitcli 2> /dev/null | sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo "dpkg-shlibdeps found no dependencies" >&2; exit 1; }

mkdir -p "$tree/DEBIAN"
(cd "$tree" && find usr -type f -printf '%P\n' | sort | sed 's|^|usr/|' | xargs md5sum) > "$tree/DEBIAN/md5sums"
cat > "$tree/DEBIAN/control" <<CONTROL
Package: digitcli
Version: $version
Architecture: $arch
Maintainer: digitcli developers <digitcli-developers@users.noreply.github.com>
Installed-Size: $(du -sk --exclude=DEBIAN "$tree" | cut -f1)
Depends: $depends
Section: graphics
Priority: optional
Description: read handwritten digits from photos, scans and drawings
 digitcli decodes PNG and JPEG images, finds the ink of a handwritten digit in
 them (under shadows, on ruled paper, in low-resolution crops), prepares it as
 an MNIST image and reads it with a convolutional network, printing the digit
 and a calibrated confidence. It reads files, folders and path lists on stdin,
 and writes text, TSV or JSON Lines in input order, on all cores. The models
 are part of the binary.
CONTROL

mkdir -p "$out"
package="$out/digitcli_${version}_${arch}.deb"
dpkg-deb --build --root-owner-group -Zxz "$tree" "$work/package.deb" > /dev/null
mv "$work/package.deb" "$package"   # complete or not there at all
echo "$package"
