#!/bin/sh
# tools/check-kallsyms.sh PASS1 FINAL — fail the build if the second link
# moved any function, which would make every backtrace name the wrong one.
set -eu
text() { nm -n "$1" | awk '$2 ~ /^[tT]$/ { print $1, $3 }'; }
if ! text "$1" | cmp -s - /dev/stdin <<EOF_
$(text "$2")
EOF_
then
	echo "kallsyms: function addresses moved between the two links" >&2
	exit 1
fi
