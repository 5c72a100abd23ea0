# systest.sh — Nook's scripted busybox session (make check's busybox runs).
#
# Run by Debian's busybox sh, in Nook (init runs `/bin/sh THIS`) and on the
# host's Linux (tools/systest.py, with busybox's applets first in PATH, in
# private pid, mount and uts namespaces), and both must print exactly
# tools/systest.expected. Each "### name" line opens one test: the lines up
# to the next one are compared with the same section there.
#
# Every line printed must be the same on Linux and on Nook: no pids, no
# times, no sizes that depend on the machine. Where a command's output
# does, the script keeps the part that does not (a column, a count).

umask 022
T=/tmp/systest
rm -rf "$T"
mkdir -p "$T" && cd "$T" || exit 1

echo "### echo and redirection"
echo hello > f
echo world >> f
cat f
cat < f | wc -l
echo "err" 1>&2 2>/dev/null
( echo to-stderr 1>&2 ) 2>&1

echo "### mkdir -p, ls, ls -l"
mkdir -p a/b/c
echo x > a/b/c/file
ls a/b
ls -l a/b/c/file | awk '{ print $1, $2, $5, $9 }'
ls -ld a | cut -c1-10

echo "### pipes and substitution"
echo one two three | tr ' ' '\n' | sort -r | head -2
n=$(echo abcd | wc -c)
echo "n=$n sum=$((n * 6))"
echo "$(echo "$(echo nested)")"

echo "### cd and pwd"
cd a/b
echo "${PWD#$T}"
cd ..
echo "${PWD#$T}"
cd - > /dev/null
echo "${PWD#$T}"
cd "$T"

echo "### cp, mv, rm -r"
cp a/b/c/file copy
mv copy moved
cat moved
cp -r a a2
ls a2/b/c
rm -r a a2
ls -1

echo "### cat of a missing file"
cat /nonexistent 2>&1
echo "status $?"

echo "### heredoc and descriptors"
exec 3> out
echo via-fd3 >&3
exec 3>&-
cat out
cat <<END
line one
line two
END

echo "### the common tools"
seq 1 5 | xargs echo
printf '%s-%d\n' abc 42
echo banana | sed 's/an/AN/g'
echo 'a b c' | awk '{ print $2 }'
printf 'b\na\nc\n' | sort | tr '\n' ' '; echo
yes | head -3 | tr '\n' ' '; echo
basename /x/y/z.txt .txt
dirname /x/y/z.txt
test -d "$T" && echo "test -d ok"
echo abc | grep -c b
find "$T" -name moved | sed "s|$T||"

echo "### touch, chmod, stat"
touch t
chmod 640 t
ls -l t | cut -c1-10
chmod u+x,o+r t
ls -l t | cut -c1-10
stat -c '%a %s %F' t

echo "### sleep and kill"
sleep 1
echo "sleep status $?"
# The shell's "Terminated"/"Killed" notes (stderr) come only when it
# reaps the job inside wait, which depends on timing: left out.
sleep 30 &
pid=$!
kill "$pid"
wait "$pid" 2>/dev/null
echo "killed status $?"
sleep 30 &
kill -9 $!
wait $! 2>/dev/null
echo "kill -9 status $?"

echo "### ps"
# busybox sh runs an applet such as sleep in a forked copy of itself (its
# comm is set with prctl(PR_SET_NAME)); a path with a slash is exec'd.
ps | head -1
sleep 30 &
pid=$!
/bin/busybox sleep 31 &
pid2=$!
# Until the children have run as far as exec and prctl, ps shows "exe"
# or no command line: wait (a bounded while: 20 s, which only a failure
# reaches on a slow machine) for both to be in view.
for i in $(seq 1000); do
	ps -o args | grep -q '^/bin/busybox sleep 31$' &&
		ps -o comm | grep -q '^sleep$' && break
	usleep 20000
done
ps -o comm | grep -c '^sleep$'
ps -o pid,comm | awk -v p="$pid" '$1 == p { print $2 }'
ps -o args | grep -c '^/bin/busybox sleep 31$'
# (the shell's "Terminated" notes go to stderr, and with two jobs their
# number depends on when each is reaped: not part of the test)
kill "$pid"
wait "$pid" 2>/dev/null
kill "$pid2"
wait "$pid2" 2>/dev/null
ps -o comm | grep -c '^sleep$'

echo "### id, uname, hostname"
id
uname -m
test "$(uname -a)" != "" && echo "uname -a ok"
test "$(hostname)" = "$(uname -n)" && echo "hostname is uname -n"

echo "### namespaces: unshare, nsenter, /proc/PID/ns"
before="$(hostname)"
unshare -u sh -c 'hostname inner; hostname'
test "$(hostname)" = "$before" && echo "outer hostname unchanged"
readlink /proc/self/ns/uts | sed 's/\[[0-9]*\]/[N]/'
self="$(readlink /proc/self/ns/uts)"
test "$self" = "$(sh -c 'readlink /proc/self/ns/uts')" && echo "a child shares it"
test "$self" != "$(unshare -u readlink /proc/self/ns/uts)" && echo "unshare -u makes another"
ls -l /proc/self/ns/ | awk '$(NF-2) == "uts" { print $1, $(NF-2), $(NF-1) }'
unshare -u sh -c 'hostname target; exec sleep 30' &
pid=$!
# until the child has named its namespace (a bounded while: 20 s)
for i in $(seq 400); do
	test "$(nsenter -t "$pid" -u hostname 2>/dev/null)" = target && break
	usleep 50000
done
nsenter -t "$pid" -u hostname
kill "$pid"
wait "$pid" 2>/dev/null
test "$(cat /proc/sys/kernel/hostname)" = "$(hostname)" && echo "/proc/sys/kernel/hostname is the hostname"
unshare -u sh -c 'echo viaproc > /proc/sys/kernel/hostname; hostname'

echo "### mount, df, umount"
mkdir m
mount -t tmpfs none m
mount | awk -v d="$T/m" '$3 == d { print $1, $5 }'
df m | awk 'NR == 2 { print $NF }' | sed "s|$T||"
echo data > m/f
cat m/f
umount m
ls m | wc -l
grep -c " $T/m " /proc/mounts

echo "### /dev"
echo gone > /dev/null
head -c 4 /dev/zero | od -An -tx1
head -c 16 /dev/urandom | wc -c
test -c /dev/console && echo "console is a char device"

echo "### /proc"
cat /proc/self/comm
test "$(readlink /proc/self)" != "" && echo "self is a link"
grep -c '^MemTotal:' /proc/meminfo
awk '{ print NF }' /proc/uptime
grep -c proc /proc/filesystems

echo "### free, uptime"
free | awk 'NR == 1 { print $1, $2, $3 }'
free | grep -c '^Mem:'
uptime | grep -c 'load average'

echo "### done"
cd /
rm -rf "$T"
