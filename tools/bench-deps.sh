#!/bin/sh
# tools/bench-deps.sh — what `make bench` needs beyond tools/deps.sh:
# gnuplot (for the chart) and a Linux kernel to compare Nook with.
#
# The kernel is Debian's own: the package that linux-image-amd64 points
# to today is fetched with `apt-get download` (no installing, no root
# needed for that) into a cache outside the repository,
#
#	${XDG_CACHE_HOME:-~/.cache}/nook/linux/PACKAGE/vmlinuz
#
# and its vmlinuz is unpacked with dpkg-deb -x. All this script prints on
# stdout is the path of that vmlinuz; everything else goes to stderr.
# A kernel already in the cache is used as it is (also when offline).
# Only gnuplot's installation needs root, as in tools/deps.sh.
set -eu

PACKAGES="gnuplot-nox"
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/nook/linux

missing=""
for p in $PACKAGES; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	cmd="apt-get install -y --no-install-recommends$missing"
	if [ "$(id -u)" != 0 ]; then
		echo "make bench needs these Debian packages:$missing" >&2
		echo "Install them as root with:" >&2
		echo "  sudo apt-get update && sudo $cmd" >&2
		exit 1
	fi
	echo "bench-deps: installing$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update >&2 && $cmd >&2
fi

# linux-image-amd64 is a metapackage; its one dependency is the kernel.
kernel_package() {
	apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9].*\)$/\1/p' | head -n 1
}
pkg=$(kernel_package)
if [ -z "$pkg" ] && [ "$(id -u)" = 0 ]; then
	echo "bench-deps: refreshing the package lists (apt-get update)" >&2
	apt-get update >&2 || true
	pkg=$(kernel_package)
fi
if [ -z "$pkg" ]; then
	# No package lists (and not root): fall back on a cached kernel.
	cached=$(ls -d "$CACHE"/linux-image-*/vmlinuz 2>/dev/null | tail -n 1)
	if [ -n "$cached" ]; then
		echo "bench-deps: apt knows no linux-image-amd64; using $cached" >&2
		echo "$cached"
		exit 0
	fi
	echo "bench-deps: apt knows no linux-image-amd64;" \
		"run 'sudo apt-get update' first" >&2
	exit 1
fi

dir=$CACHE/$pkg
if [ ! -s "$dir/vmlinuz" ]; then
	echo "bench-deps: fetching $pkg (Debian's linux-image-amd64) into $dir" >&2
	mkdir -p "$CACHE"
	tmp=$(mktemp -d "$CACHE/.download.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	# As root, apt downloads as the user _apt, who cannot write into
	# root's home: let root do it (and spare us apt's warning).
	sandbox=""
	[ "$(id -u)" = 0 ] && sandbox="-o APT::Sandbox::User=root"
	(cd "$tmp" && apt-get $sandbox -q download "$pkg" >&2)
	dpkg-deb -x "$tmp"/"$pkg"_*.deb "$tmp/root"
	image=$(ls "$tmp"/root/boot/vmlinuz-* | head -n 1)
	mkdir -p "$dir"
	cp "$image" "$dir/vmlinuz.tmp"
	basename "$image" | sed 's/^vmlinuz-//' > "$dir/release"
	mv "$dir/vmlinuz.tmp" "$dir/vmlinuz"
fi
echo "$dir/vmlinuz"
