#!/bin/sh
# tools/mkiso.sh KERNEL GRUBCFG ISO [INITRAMFS] — build the bootable CD image.
#
# grub-mkrescue lays out a GRUB 2 image for BIOS boot (grub-pc-bin) and
# writes it with xorriso. We give it a tree holding the kernel and the
# menu, and the initramfs (boot/initramfs.cpio, which grub.cfg loads as a
# multiboot2 module). Only the i386-pc platform is built: QEMU boots it
# with SeaBIOS.
set -eu
kernel=$1 cfg=$2 iso=$3 initramfs=${4:-}
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
mkdir -p "$tree/boot/grub"
cp "$kernel" "$tree/boot/nook.elf"
cp "$cfg" "$tree/boot/grub/grub.cfg"
[ -n "$initramfs" ] && cp "$initramfs" "$tree/boot/initramfs.cpio"
# --compress and leaving out locales and fonts keep the ISO small.
grub-mkrescue -o "$iso" -d /usr/lib/grub/i386-pc \
	--compress=xz --fonts= --locales= --themes= \
	--install-modules="multiboot2 normal serial terminal echo test" \
	"$tree" >/dev/null 2>&1 || {
	echo "mkiso: grub-mkrescue failed; rerun for details:" >&2
	echo "  grub-mkrescue -o $iso $tree" >&2
	exit 1
}
