#!/usr/bin/env bash
# Installs a built package on a fresh Debian 12 made by debootstrap (none of the build's packages in
# it) and checks what a user would: `apt install ./digitcli_*.deb` pulls in the libraries, the binary
# answers, `man digitcli` shows the page, bash completes `digitcli pr` to `predict`, and
# `apt remove digitcli` leaves none of the package's files behind. Run as root; needs debootstrap.
# Usage: packaging/deb/try-install.sh dist/digitcli_VERSION_ARCH.deb [ROOT_DIR]
set -euo pipefail
package=$(realpath "$1")
root=${2:-/tmp/digitcli-debian12}
[ -x "$root/usr/bin/apt-get" ] || debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian > /dev/null
mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"   # the Swift runtime reads /proc/self
trap 'umount "$root/proc"' EXIT
cp /etc/resolv.conf "$root/etc/resolv.conf"
cp "$package" "$root/tmp/"
name=$(basename "$package")
samples=$(cd "$(dirname "$0")/../.." && pwd)/samples
cp "$samples/phone-photo-7.jpg" "$root/tmp/"
chroot "$root" /bin/bash -euo pipefail -c "
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q > /dev/null
    apt-get install -y -q man-db bash-completion > /dev/null 2>&1   # what a standard install has
    apt-get install -y -q /tmp/$name > /dev/null 2>&1
    echo \"installed: \$(dpkg-query -W -f '\${Package} \${Version}' digitcli)\"
    digitcli --version
    digitcli predict /tmp/phone-photo-7.jpg
    MANPAGER=cat man digitcli 2> /dev/null | sed -n 4p
    set +eu   # bash-completion is not written for -e and -u
    source /usr/share/bash-completion/bash_completion
    _completion_loader digitcli
    COMP_WORDS=(digitcli pr); COMP_CWORD=1; COMP_LINE='digitcli pr'; COMP_POINT=11
    _digitcli digitcli pr digitcli
    echo \"completion of 'digitcli pr': \${COMPREPLY[*]}\"
    set -eu
    dpkg -L digitcli > /tmp/files
    apt-get remove -y -q digitcli > /dev/null 2>&1
    left=0
    while read -r file; do if [ -f \"\$file\" ]; then echo \"left behind: \$file\"; left=1; fi; done < /tmp/files
    [ \$left = 0 ] && echo 'removed: no file of the package is left'
"
