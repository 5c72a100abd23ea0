#!/bin/sh
# tools/deps.sh — install the Debian packages Nook needs, if any is missing.
#
# Run by the Makefile before every build. As root it installs what is
# missing with apt-get (refreshing the package lists first: a fresh
# machine may have none); as anyone else it prints the exact command and
# fails. Quiet when everything is there.
PACKAGES="gcc libc6-dev make nasm binutils grub-pc-bin grub-common xorriso mtools \
qemu-system-x86 musl-tools cpio busybox-static gdb python3"

missing=""
for p in $PACKAGES; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

cmd="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" != 0 ]; then
	echo "Nook needs these Debian packages:$missing" >&2
	echo "Install them as root with:" >&2
	echo "  sudo apt-get update && sudo $cmd" >&2
	exit 1
fi
echo "deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update >&2 && $cmd >&2
