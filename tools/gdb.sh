#!/bin/bash
# tools/gdb.sh MODE PORT "QEMU COMMAND" — QEMU halted for gdb.
#
#   both   QEMU waits in the background (serial to build/gdb-serial.log),
#          gdb runs here with build/gdbinit; QEMU is killed when gdb exits.
#   qemu   QEMU waits here with the serial console on this terminal, for a
#          gdb started elsewhere (`gdb` in this directory, or `make gdb-attach`).
#
# QEMU starts with -S (CPU stopped before the first instruction) and
# -gdb tcp::PORT. NOOK_CMDLINE, if set, is passed as the kernel command
# line (the Makefile sets it from CMDLINE=).
set -eu
mode=$1 port=$2 qemu=$3
serial_log=build/gdb-serial.log
gdbinit=build/gdbinit

# The QEMU command is one string of words with no spaces inside them.
read -r -a qemu_cmd <<< "$qemu"
qemu_cmd+=(-S -gdb "tcp::$port")
if [ -n "${NOOK_CMDLINE:-}" ]; then
	# QEMU splits options at commas; ",," is a literal one (ktest=a,b).
	qemu_cmd+=(-fw_cfg "name=opt/nook/cmdline,string=${NOOK_CMDLINE//,/,,}")
fi

# Someone (another QEMU?) already on the port: say so instead of a cryptic
# QEMU error. bash's /dev/tcp connects if something is listening.
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
	echo "gdb.sh: port $port is in use; choose another: make ... GDBPORT=NNNNN" >&2
	exit 1
fi

case $mode in
both)
	mkdir -p build
	"${qemu_cmd[@]}" -serial "file:$serial_log" &
	qemu_pid=$!
	trap 'kill $qemu_pid 2>/dev/null; wait $qemu_pid 2>/dev/null || true' EXIT
	echo "*** QEMU (pid $qemu_pid) halted on port $port; serial output in $serial_log"
	echo "*** (watch it with: tail -f $serial_log)"
	gdb -q -x "$gdbinit"
	;;
qemu)
	# gdb reads ./.gdbinit only from a directory it has been told is safe.
	safe_line="add-auto-load-safe-path $PWD/.gdbinit"
	if ! grep -qsxF "$safe_line" ~/.gdbinit ~/.config/gdb/gdbinit; then
		echo "*** For a plain \`gdb\` here to read ./.gdbinit, add this line to ~/.gdbinit:"
		echo "***   $safe_line"
		echo "*** (or run \`make gdb-attach\` instead of \`gdb\`)"
	fi
	echo "*** QEMU halted, waiting for gdb on port $port. Quit: Ctrl-A then X."
	exec "${qemu_cmd[@]}" -serial mon:stdio
	;;
*)
	echo "usage: tools/gdb.sh both|qemu PORT \"QEMU COMMAND\"" >&2
	exit 2
	;;
esac
