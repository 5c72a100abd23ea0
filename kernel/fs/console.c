// kernel/fs/console.c — the console tty: the serial console as a
// terminal, with a line discipline, a termios per tty, and the job
// control ioctls; console_fops is what pid 1's fds 0-2 are.
//
// Linux: drivers/tty/n_tty.c (canonical and raw input, echo, erase,
// kill, signals from the keyboard, TOSTOP), tty_io.c and tty_jobctrl.c
// (TIOCSCTTY, TIOCNOTTY, TIOCGPGRP/TIOCSPGRP, TIOCGSID,
// __tty_check_change's SIGTTIN and SIGTTOU, disassociate_ctty),
// tty_ioctl.c (TCGETS, TCSETS/W/F), and tty_std_termios.
//
// The serial driver hands every received byte to console_input_char()
// (from its receive poll, in interrupt context). There, as n_tty does:
// ICRNL turns CR into NL; with ISIG, the VINTR, VQUIT and VSUSP bytes
// (^C, ^\, ^Z) become SIGINT, SIGQUIT and SIGTSTP for the terminal's
// foreground process group, and flush the input; with ICANON, input is
// kept back until a line ends (NL, or VEOF), VERASE (and ^H) erases a
// byte, VWERASE a word, VKILL the line, and VEOF at the start of a line
// is end of file (read returns 0); without ICANON every byte is ready
// at once and read honours VMIN and VTIME. ECHO echoes, ECHOCTL shows
// control bytes as ^X.
//
// Job control (docs/tty.md has the rules): a background group that
// reads gets SIGTTIN, one that changes termios, picks the foreground
// group or (with TOSTOP) writes gets SIGTTOU (tty_check_change); when
// the session leader exits or gives the tty up (TIOCNOTTY), the
// foreground group gets SIGHUP and the session loses its tty.
//
// Output goes through the tty's output processing: with OPOST and
// ONLCR (the default) NL goes out as CR NL, else as it is, and the
// driver adds nothing (its console->write_tty); the kernel's own
// messages keep their CR NL (console->write).
//
// Not yet Linux's, and why: of OPOST's flags only ONLCR is honoured;
// IXON,
// VLNEXT, VREPRINT, VEOL and VDISCARD have no effect; the console's
// files are never hung up (Linux leaves /dev/console's alone too);
// bytes beyond the buffer are lost, not held back.
//
// Writing: one write(2) or writev(2) reaches the console whole, in
// pieces of up to CONSOLE_CHUNK bytes each printed at once, so a line
// two processes print together is not interleaved (Linux's tty holds
// its atomic_write_lock for a whole write).
//
// Lock order: tasklist_lock -> tty_lock; tty_lock is taken with
// interrupts off, and the echo under it takes the console's own lock
// (console_write_user). Signals are sent after tty_lock is dropped.

#include <nook/capability.h>
#include <nook/errno.h>
#include <nook/file.h>
#include <nook/pid.h>
#include <nook/poll.h>
#include <nook/jiffies.h>
#include <nook/kernel.h>
#include <nook/panic.h>
#include <nook/printk.h>
#include <nook/sched.h>
#include <nook/string.h>
#include <nook/timer.h>
#include <nook/tty.h>
#include <nook/uio.h>
#include <nook/wait.h>
#include <asm/uaccess.h>

#define N_TTY_BUF_SIZE	4096	/* Linux's n_tty buffer size */
#define READ_CHUNK	256	/* bytes taken out under the lock at a time */
#define CTRL(c)		((c) & 0x1f)
#define ASCII_DEL	0x7f

/*
 * Linux's tty_std_termios and INIT_C_CC. A window size is not part of
 * a serial line: Linux's ttyS0 reports 0 x 0 until `stty rows` sets it;
 * Nook reports the classic 24 x 80 so that full-screen programs work.
 */
static const struct termios tty_std_termios = {
	.c_iflag = ICRNL | IXON,
	.c_oflag = OPOST | ONLCR,
	.c_cflag = B38400 | CS8 | CREAD | HUPCL,
	.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE |
		   IEXTEN,
	.c_cc = {
		[VINTR] = CTRL('C'), [VQUIT] = CTRL('\\'),
		[VERASE] = ASCII_DEL, [VKILL] = CTRL('U'),
		[VEOF] = CTRL('D'), [VTIME] = 0, [VMIN] = 1,
		[VSTART] = CTRL('Q'), [VSTOP] = CTRL('S'),
		[VSUSP] = CTRL('Z'), [VREPRINT] = CTRL('R'),
		[VDISCARD] = CTRL('O'), [VWERASE] = CTRL('W'),
		[VLNEXT] = CTRL('V'),
	},
};

static DEFINE_SPINLOCK(tty_lock);

/*
 * The one tty. termios, winsize and the ring are under tty_lock. The
 * ring holds N_TTY_BUF_SIZE bytes (the counters only grow; index with
 * % N_TTY_BUF_SIZE): [read_tail, canon_head) may be read;
 * [canon_head, read_head) is the line still being typed, which erase
 * may shorten (empty outside canonical mode). session and pgrp (0:
 * none) are under tasklist_lock, so that they agree with the tasks'.
 */
static struct tty_struct console_tty = {
	.termios = tty_std_termios,
	.winsize = { .ws_row = 24, .ws_col = 80 },
};
static char read_buf[N_TTY_BUF_SIZE];
static unsigned long read_tail, canon_head, read_head;
/* Readers sleep here until canon_head moves. */
static DECLARE_WAIT_QUEUE_HEAD(read_wait);

#define L_FLAG(f)	(console_tty.termios.c_lflag & (f))
#define I_FLAG(f)	(console_tty.termios.c_iflag & (f))

/* Under tty_lock: echo goes through output processing too (ONLCR). */
static void echo(const char *s, size_t n)
{
	bool onlcr = (console_tty.termios.c_oflag & OPOST) &&
		     (console_tty.termios.c_oflag & ONLCR);

	for (size_t i = 0; i < n; i++) {
		if (onlcr && s[i] == '\n')
			console_write_user("\r\n", 2);
		else
			console_write_user(&s[i], 1);
	}
}

/* Under tty_lock. ECHOCTL shows a control byte as ^X; NL and TAB as is. */
static void echo_char(u8 c)
{
	if (!L_FLAG(ECHO))
		return;
	if (L_FLAG(ECHOCTL) && (c < 0x20 || c == ASCII_DEL) &&
	    c != '\n' && c != '\t') {
		char s[2] = { '^', c == ASCII_DEL ? '?' : c + '@' };

		echo(s, 2);
	} else {
		echo((char *)&c, 1);
	}
}

/* Under tty_lock: erase the last byte typed; false if the line is empty. */
static bool erase_one(void)
{
	u8 c;

	if (read_head == canon_head)
		return false;
	c = read_buf[--read_head % N_TTY_BUF_SIZE];
	if (L_FLAG(ECHO) && L_FLAG(ECHOE)) {
		echo("\b \b", 3);
		/* A control byte was echoed as two: ^X. */
		if (L_FLAG(ECHOCTL) && (c < 0x20 || c == ASCII_DEL) && c != '\t')
			echo("\b \b", 3);
	}
	return true;
}

static bool is_space(u8 c)
{
	return c == ' ' || c == '\t';
}

/* Under tty_lock: erase the last word (VWERASE) or line (VKILL). */
static void erase_word(void)
{
	while (read_head != canon_head &&
	       is_space(read_buf[(read_head - 1) % N_TTY_BUF_SIZE]))
		erase_one();
	while (read_head != canon_head &&
	       !is_space(read_buf[(read_head - 1) % N_TTY_BUF_SIZE]))
		erase_one();
}

static void erase_line(void)
{
	while (erase_one())
		;
}

/* Under tty_lock: is c the special character cc[i]? 0 disables one. */
static bool is_cc(u8 c, int i)
{
	return console_tty.termios.c_cc[i] && c == console_tty.termios.c_cc[i];
}

/* Under tty_lock: canonical input; true if a line is complete. */
static bool canon_input(u8 c)
{
	if (is_cc(c, VERASE) || c == CTRL('H')) {
		erase_one();
		return false;
	}
	if (is_cc(c, VKILL)) {
		erase_line();
		return false;
	}
	if (is_cc(c, VWERASE) && L_FLAG(IEXTEN)) {
		erase_word();
		return false;
	}
	/* Full: drop what is typed, but keep room to end the line. */
	if (read_head - read_tail >= N_TTY_BUF_SIZE - 1 &&
	    !(c == '\n' && read_head - read_tail < N_TTY_BUF_SIZE))
		return false;
	read_buf[read_head++ % N_TTY_BUF_SIZE] = c;
	if (is_cc(c, VEOF))
		return true;		/* no echo: it ends the line unseen */
	echo_char(c);
	return c == '\n';
}

/* Under tty_lock: which signal c raises with ISIG, or 0. */
static int isig_signal(u8 c)
{
	if (!L_FLAG(ISIG))
		return 0;
	if (is_cc(c, VINTR))
		return SIGINT;
	if (is_cc(c, VQUIT))
		return SIGQUIT;
	if (is_cc(c, VSUSP))
		return SIGTSTP;
	return 0;
}

void console_input_char(u8 c)
{
	unsigned long flags;
	bool ready = false;
	int sig;

	spin_lock_irqsave(&tty_lock, flags);
	if (c == '\r' && I_FLAG(ICRNL))
		c = '\n';
	sig = isig_signal(c);
	if (sig) {
		/* As n_tty: what was typed is gone, and the key shows. */
		if (!L_FLAG(NOFLSH))
			read_head = canon_head = read_tail;
		echo_char(c);
	} else if (L_FLAG(ICANON)) {
		ready = canon_input(c);
		if (ready)
			canon_head = read_head;
	} else if (read_head - read_tail < N_TTY_BUF_SIZE) {
		read_buf[read_head++ % N_TTY_BUF_SIZE] = c;
		canon_head = read_head;
		echo_char(c);
		ready = true;
	}
	spin_unlock_irqrestore(&tty_lock, flags);
	/*
	 * To the foreground group, read without tasklist_lock: a group
	 * that changes meanwhile gets it or not, as a key pressed a moment
	 * earlier or later would.
	 */
	if (sig) {
		pid_t pgrp = READ_ONCE(console_tty.pgrp);

		if (pgrp > 0)
			kill_pgrp(pgrp, sig, 1);
	}
	if (ready)
		wake_up_interruptible(&read_wait);
}

/*
 * Take up to n readable bytes. In canonical mode stop after a line's
 * end: an NL is given to the reader, a VEOF is consumed unseen (so a
 * VEOF alone is a read of 0). *eol says the line ended.
 */
static size_t take_input(char *dst, size_t n, bool *eol)
{
	unsigned long flags;
	size_t done = 0;

	spin_lock_irqsave(&tty_lock, flags);
	while (done < n && read_tail != canon_head) {
		char c = read_buf[read_tail % N_TTY_BUF_SIZE];

		if (L_FLAG(ICANON) && is_cc(c, VEOF)) {
			read_tail++;
			*eol = true;
			break;
		}
		read_tail++;
		dst[done++] = c;
		if (L_FLAG(ICANON) && c == '\n') {
			*eol = true;
			break;
		}
	}
	spin_unlock_irqrestore(&tty_lock, flags);
	return done;
}

static unsigned long input_available(void)
{
	return READ_ONCE(canon_head) - READ_ONCE(read_tail);
}

/*
 * A process not in the foreground group of its controlling tty reads
 * (sig SIGTTIN), or changes the tty or writes with TOSTOP (SIGTTOU):
 * the signal goes to its whole group, which stops (the shell's `fg`
 * continues it, and the call is made again). Exceptions, as Linux's:
 * when the signal would be ignored or blocked, a read is EIO and the
 * rest go ahead; an orphaned group (nobody left to continue it) gets
 * EIO. Not our controlling tty, or no foreground group: no check.
 * Linux: __tty_check_change.
 */
static int tty_check_change(int sig)
{
	unsigned long flags;
	pid_t pgrp = 0;

	spin_lock_irqsave(&tasklist_lock, flags);
	if (current->tty == &console_tty && console_tty.pgrp &&
	    task_pgrp_nr(current) != console_tty.pgrp)
		pgrp = task_pgrp_nr(current);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (!pgrp)
		return 0;
	if (current_sig_ignored_or_blocked(sig))
		return sig == SIGTTIN ? -EIO : 0;
	if (is_current_pgrp_orphaned())
		return -EIO;
	kill_pgrp(pgrp, sig, 1);
	return -ERESTARTSYS;
}

/*
 * How many bytes a read waits for, and how long (jiffies, 0: no
 * limit; -1: do not wait). Canonical: a line. Otherwise termios(3)'s
 * four cases of VMIN and VTIME; VTIME is a total, not Linux's timer
 * between bytes, and with VMIN > 0 it starts only once a first byte
 * is there (*first_byte).
 */
static void read_wants(size_t count, unsigned long *min, long *timeout,
		       bool *first_byte)
{
	unsigned long flags;
	u8 vmin, vtime;

	spin_lock_irqsave(&tty_lock, flags);
	vmin = console_tty.termios.c_cc[VMIN];
	vtime = console_tty.termios.c_cc[VTIME];
	if (L_FLAG(ICANON)) {
		vmin = 1;
		vtime = 0;
	}
	spin_unlock_irqrestore(&tty_lock, flags);
	*min = min((unsigned long)vmin, (unsigned long)count);
	*timeout = vtime ? (long)msecs_to_jiffies(vtime * 100) : 0;
	if (!vmin && !vtime)
		*timeout = -1;
	*first_byte = vmin && vtime;
	if (!*min)
		*min = 1;		/* VMIN 0, VTIME > 0: a byte, or time out */
}

/* buf is user memory, or (kernel: sendfile's kernel_read) the kernel's. */
static long n_tty_read(struct file *file, char *buf, size_t count,
		       bool kernel)
{
	char chunk[READ_CHUNK];
	DEFINE_WAIT(wait);
	unsigned long want;
	long timeout, vtime;
	bool eol = false, first_byte;
	size_t done = 0;
	int err;

	/* A kernel pointer fails now, not after the user has typed a line. */
	if (!kernel && !access_ok(buf, count))
		return -EFAULT;
	if (!count)
		return 0;
	err = tty_check_change(SIGTTIN);
	if (err)
		return err;
	read_wants(count, &want, &timeout, &first_byte);
	vtime = timeout;
	for (;;) {
		prepare_to_wait(&read_wait, &wait, TASK_INTERRUPTIBLE);
		if (input_available() >= want)
			break;
		/* A line may end (NL, EOF) short of want: canonical want is 1. */
		if (timeout < 0 || (file->f_flags & O_NONBLOCK)) {
			finish_wait(&read_wait, &wait);
			if (input_available())
				break;
			return timeout < 0 ? 0 : -EAGAIN;
		}
		if (signal_pending(current)) {
			finish_wait(&read_wait, &wait);
			return -ERESTARTSYS;
		}
		if (first_byte && !input_available()) {
			schedule();	/* VTIME runs from the first byte */
			timeout = vtime;
		} else if (timeout > 0) {
			timeout = schedule_timeout(timeout);
			if (!timeout) {		/* VTIME ran out: what there is */
				finish_wait(&read_wait, &wait);
				if (!input_available())
					return 0;
				break;
			}
		} else {
			schedule();
		}
	}
	finish_wait(&read_wait, &wait);

	/*
	 * Copied out in chunks with no lock held: copy_to_user may fault
	 * and sleep. Bytes taken but not copied (a bad buffer) are lost,
	 * as they are in Linux's n_tty.
	 */
	while (done < count && !eol) {
		size_t n = take_input(chunk, min(count - done, sizeof(chunk)),
				      &eol);

		if (!n)
			break;
		if (kernel)
			memcpy(buf + done, chunk, n);
		else if (copy_to_user(buf + done, chunk, n))
			return done ? (long)done : -EFAULT;
		done += n;
	}
	return done;
}

static long console_read(struct file *file, char __user *buf, size_t count,
			 loff_t *pos)
{
	return n_tty_read(file, buf, count, false);
}

/*
 * A kernel buffer (sendfile from the console, as Linux's tty allows);
 * a user vector segment by segment, as read_write.c would without this.
 */
static long console_read_iter(struct file *file, struct iov_iter *to,
			      loff_t *pos)
{
	long done = 0;

	for (unsigned long i = 0; i < to->nr_segs; i++) {
		const struct iovec *iov = &to->iov[i];
		long n;

		if (!iov->iov_len)
			continue;
		n = n_tty_read(file, iov->iov_base, iov->iov_len, to->kvec);
		if (n < 0)
			return done ? done : n;
		done += n;
		if ((size_t)n < iov->iov_len)
			break;
	}
	return done;
}

/* ---- ioctl ---- */

/*
 * TCSETS: the new termios in one go. Leaving canonical mode makes the
 * half-typed line readable; TCSETSF also throws away unread input.
 * (TCSETSW waits for output to drain: console output is synchronous.)
 */
static int set_termios(unsigned int cmd, const struct termios __user *arg)
{
	struct termios t;
	unsigned long flags;
	int ret = tty_check_change(SIGTTOU);

	if (ret)
		return ret;
	if (copy_from_user(&t, arg, sizeof(t)))
		return -EFAULT;
	spin_lock_irqsave(&tty_lock, flags);
	if (cmd == TCSETSF)
		read_head = canon_head = read_tail;
	console_tty.termios = t;
	if (!(t.c_lflag & ICANON))
		canon_head = read_head;
	spin_unlock_irqrestore(&tty_lock, flags);
	wake_up_interruptible(&read_wait);
	return 0;
}

/* Under tasklist_lock: the session of group pgrp's members, or 0. */
static pid_t session_of_pgrp(pid_t pgrp)
{
	struct task_struct *p;

	for_each_process(p)
		if (task_pgrp_nr(p) == pgrp)
			return task_session_nr(p);
	return 0;
}

/*
 * Under tasklist_lock. The console's session and foreground group are
 * numbers it carries, like a task's (pid.c keeps them taken): a group
 * whose members are gone keeps its number while it is the foreground
 * one, so no new group is handed it and mistaken for it.
 */
bool tty_carries_nr(int nr)
{
	return nr && (console_tty.session == nr || console_tty.pgrp == nr);
}

/* Under tasklist_lock: new ids, and each old number let go once. */
static void tty_set_ids(pid_t session, pid_t pgrp)
{
	pid_t old_sid = console_tty.session, old_pgrp = console_tty.pgrp;

	console_tty.session = session;
	WRITE_ONCE(console_tty.pgrp, pgrp);
	if (old_pgrp && old_pgrp != pgrp && old_pgrp != session)
		put_pid_nr(old_pgrp);
	if (old_sid && old_sid != old_pgrp && old_sid != pgrp &&
	    old_sid != session)
		put_pid_nr(old_sid);
}

/*
 * TIOCSCTTY: a session leader with no terminal makes this one its
 * own, with its group in the foreground. A tty another session holds
 * is taken only with arg 1, and only with CAP_SYS_ADMIN: else anyone
 * could read what its owner types. So is one opened without read
 * access (Linux's check, for the same reason). Linux: tiocsctty.
 */
static int tiocsctty(struct file *file, int arg)
{
	struct task_struct *p;
	unsigned long flags;
	int ret = 0;

	spin_lock_irqsave(&tasklist_lock, flags);
	if (current->leader && current->tty == &console_tty)
		goto out;		/* ours already */
	ret = -EPERM;
	if (!current->leader || current->tty)
		goto out;
	if (console_tty.session && console_tty.session != current->session) {
		if (arg != 1 || !capable(CAP_SYS_ADMIN))
			goto out;
		for_each_process(p)
			if (p->tty == &console_tty)
				p->tty = NULL;
	}
	if (!(file->f_mode & FMODE_READ) && !capable(CAP_SYS_ADMIN))
		goto out;
	tty_set_ids(task_session_nr(current), task_pgrp_nr(current));
	current->tty = &console_tty;
	ret = 0;
out:
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

/*
 * TIOCSPGRP: choose the foreground group, one of the caller's session,
 * on the caller's controlling tty. Linux: tiocspgrp.
 */
static int tiocspgrp(const pid_t __user *arg)
{
	unsigned long flags;
	pid_t pgrp, sid;
	int ret = tty_check_change(SIGTTOU);

	if (ret == -EIO)	/* an orphaned background group */
		return -ENOTTY;
	if (ret)
		return ret;
	if (get_user(pgrp, arg))
		return -EFAULT;
	/* Before whose terminal it is: Linux's order. */
	if (pgrp < 0)
		return -EINVAL;
	spin_lock_irqsave(&tasklist_lock, flags);
	ret = -ENOTTY;
	if (current->tty != &console_tty ||
	    console_tty.session != task_session_nr(current))
		goto out;
	sid = session_of_pgrp(pgrp);
	ret = -ESRCH;
	if (!sid && !find_task_by_vpid(pgrp))
		goto out;
	ret = -EPERM;
	if (sid != task_session_nr(current))
		goto out;
	tty_set_ids(console_tty.session, pgrp);
	ret = 0;
out:
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

/* Under tasklist_lock: no task of session sid has a controlling tty. */
static void session_clear_tty(pid_t sid)
{
	struct task_struct *p;

	for_each_process(p)
		if (task_session_nr(p) == sid)
			p->tty = NULL;
}

void disassociate_ctty(int on_exit)
{
	unsigned long flags;
	pid_t pgrp, sid;

	spin_lock_irqsave(&tasklist_lock, flags);
	if (!current->leader || current->tty != &console_tty) {
		spin_unlock_irqrestore(&tasklist_lock, flags);
		return;
	}
	pgrp = console_tty.pgrp;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	/*
	 * Linux hangs a serial line up when its session leader exits
	 * (tty_vhangup_session), which comes to the same signals: SIGHUP
	 * for the foreground group, SIGCONT only for session leaders (the
	 * one exiting). The console's open files are not hung up: they are
	 * /dev/console's, which Linux's hangup leaves alone too.
	 */
	if (pgrp) {
		kill_pgrp(pgrp, SIGHUP, on_exit);
		if (!on_exit)
			kill_pgrp(pgrp, SIGCONT, on_exit);
	}
	spin_lock_irqsave(&tasklist_lock, flags);
	sid = task_session_nr(current);
	if (console_tty.session == sid)
		tty_set_ids(0, 0);
	session_clear_tty(sid);
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

/*
 * TIOCNOTTY: give up the controlling tty. A session leader takes its
 * whole session with it (SIGHUP and SIGCONT to the foreground group);
 * anyone else only itself. Linux: no_tty.
 */
static int tiocnotty(void)
{
	unsigned long flags;

	if (READ_ONCE(current->tty) != &console_tty)
		return -ENOTTY;
	disassociate_ctty(0);
	spin_lock_irqsave(&tasklist_lock, flags);
	current->tty = NULL;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return 0;
}

/* TIOCGPGRP and TIOCGSID: only on one's own controlling tty. */
static int tty_get_id(bool sid, pid_t __user *arg)
{
	unsigned long flags;
	pid_t nr = -ENOTTY;

	spin_lock_irqsave(&tasklist_lock, flags);
	if (current->tty == &console_tty)
		nr = sid ? console_tty.session : console_tty.pgrp;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (nr < 0 || (sid && !nr))
		return -ENOTTY;
	return put_user(nr, arg) ? -EFAULT : 0;
}

static long console_ioctl(struct file *file, unsigned int cmd,
			  unsigned long arg)
{
	void __user *argp = (void __user *)arg;
	unsigned long flags;
	struct termios t;
	struct winsize ws;
	int n;

	switch (cmd) {
	case TCGETS:
		spin_lock_irqsave(&tty_lock, flags);
		t = console_tty.termios;
		spin_unlock_irqrestore(&tty_lock, flags);
		return copy_to_user(argp, &t, sizeof(t)) ? -EFAULT : 0;
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		return set_termios(cmd, argp);
	case TIOCGWINSZ:
		spin_lock_irqsave(&tty_lock, flags);
		ws = console_tty.winsize;
		spin_unlock_irqrestore(&tty_lock, flags);
		return copy_to_user(argp, &ws, sizeof(ws)) ? -EFAULT : 0;
	case TIOCSWINSZ:
		if (copy_from_user(&ws, argp, sizeof(ws)))
			return -EFAULT;
		spin_lock_irqsave(&tty_lock, flags);
		console_tty.winsize = ws;
		spin_unlock_irqrestore(&tty_lock, flags);
		return 0;
	case FIONREAD:
		n = input_available();
		return put_user(n, (int __user *)argp) ? -EFAULT : 0;
	case TIOCSCTTY:
		return tiocsctty(file, (int)arg);
	case TIOCGPGRP:
		return tty_get_id(false, argp);
	case TIOCSPGRP:
		return tiocspgrp(argp);
	case TIOCGSID:
		return tty_get_id(true, argp);
	case TIOCNOTTY:
		return tiocnotty();
	default:
		return -ENOTTY;	/* Linux: -ENOIOCTLCMD, reported as ENOTTY */
	}
}

/* ---- writing ---- */

#define CONSOLE_CHUNK	1024

/* One write's bytes, gathered across its iovecs before they go out. */
struct console_out {
	char buf[CONSOLE_CHUNK];
	size_t len;
};

static void console_out_flush(struct console_out *out)
{
	if (out->len)
		console_write_user(out->buf, out->len);
	out->len = 0;
}

/*
 * Output processing: with OPOST and ONLCR (the default), NL goes out
 * as CR NL; otherwise every byte as it is. Linux: n_tty's
 * process_output / do_output_char, for the one flag Nook honours.
 */
static void console_out_put(struct console_out *out, const char *s, size_t n,
			    bool onlcr)
{
	for (size_t i = 0; i < n; i++) {
		if (out->len + 2 > sizeof(out->buf))
			console_out_flush(out);
		if (onlcr && s[i] == '\n')
			out->buf[out->len++] = '\r';
		out->buf[out->len++] = s[i];
	}
}

static bool o_onlcr(void)
{
	u32 oflag = READ_ONCE(console_tty.termios.c_oflag);

	return (oflag & OPOST) && (oflag & ONLCR);
}

/*
 * The vector was checked by the caller (read_write.c), or is kernel
 * memory (sendfile). A fault part-way stops the write there, as
 * Linux's does; what came before is written.
 */
static long console_write_iter(struct file *file, struct iov_iter *from,
			       loff_t *pos)
{
	struct console_out out = { .len = 0 };
	char chunk[READ_CHUNK];
	bool onlcr = o_onlcr();
	long done = 0;

	if (READ_ONCE(console_tty.termios.c_lflag) & TOSTOP) {
		int err = tty_check_change(SIGTTOU);

		if (err)
			return err;
	}
	while (from->count) {
		size_t n = copy_from_iter(chunk, sizeof(chunk), from);

		if (!n)
			break;		/* a fault */
		console_out_put(&out, chunk, n, onlcr);
		done += n;
	}
	console_out_flush(&out);
	return done || !from->count ? done : -EFAULT;
}

/*
 * Linux: n_tty_poll. Readable once a read would return at once: a
 * whole line in canonical mode, a byte in raw mode (Nook's raw reads
 * with VMIN > 1 still wait for more). Output never has to wait.
 */
static unsigned int console_poll(struct file *file, poll_table *pt)
{
	unsigned int mask = POLLOUT | POLLWRNORM;

	poll_wait(file, &read_wait, pt);
	if (input_available())
		mask |= POLLIN | POLLRDNORM;
	return mask;
}

const struct file_operations console_fops = {
	.read		= console_read,
	.read_iter	= console_read_iter,
	.poll		= console_poll,
	.write_iter	= console_write_iter,
	.unlocked_ioctl	= console_ioctl,
};

/*
 * Linux: console_on_rootfs() opens /dev/console and dups it twice: one
 * open file, three descriptors sharing its flags. So does Nook, when the
 * initramfs has /dev/console (tools/mkinitramfs puts it there, 5:1);
 * without it the console file is made directly, so a bare archive still
 * boots with a console.
 */
void console_on_rootfs(void)
{
	struct file *file = filp_open("/dev/console", O_RDWR, 0);
	int fd;

	if (IS_ERR(file))
		file = alloc_file(&console_fops, O_RDWR, NULL);
	if (IS_ERR(file)) {
		pr_err("Warning: unable to open an initial console.\n");
		return;
	}
	fd = get_unused_fd_flags(0);
	BUG_ON(fd != 0);		/* pid 1 starts with none open */
	fd_install(fd, file);
	for (int i = 1; i <= 2; i++) {
		fd = f_dupfd(0, file, 0);
		BUG_ON(fd != i);
	}
}

/* ---- tests: output processing, seen by a console of the test's own ---- */

#include <nook/ktest.h>

static char captured[64];
static size_t captured_len;

static void capture_tty(struct console *con, const char *s, size_t len)
{
	len = min(len, sizeof(captured) - captured_len);
	memcpy(captured + captured_len, s, len);
	captured_len += len;
}

static void capture_nothing(struct console *con, const char *s, size_t len)
{
}

static struct console capture_console = {
	.name = "ktest",
	.write = capture_nothing,
	.write_tty = capture_tty,
};

/* What the consoles get when a process writes s with this c_oflag. */
static void write_with_oflag(u32 oflag, const char *s)
{
	struct iovec iov = { .iov_base = (void *)s, .iov_len = strlen(s) };
	struct iov_iter iter = {
		.iov = &iov, .nr_segs = 1, .count = iov.iov_len, .kvec = true,
	};
	u32 old = console_tty.termios.c_oflag;

	captured_len = 0;
	console_tty.termios.c_oflag = oflag;
	register_console(&capture_console);
	console_write_iter(NULL, &iter, NULL);
	unregister_console(&capture_console);
	console_tty.termios.c_oflag = old;
}

static void test_onlcr(struct ktest *t)
{
	write_with_oflag(OPOST | ONLCR, "tty: a\nb\n");
	KEXPECT_EQ(t, captured_len, 11UL);
	KEXPECT_EQ(t, memcmp(captured, "tty: a\r\nb\r\n", 11), 0);
}

static void test_no_opost(struct ktest *t)
{
	write_with_oflag(ONLCR, "tty: a\n");	/* ONLCR needs OPOST */
	KEXPECT_EQ(t, captured_len, 7UL);
	KEXPECT_EQ(t, memcmp(captured, "tty: a\n", 7), 0);
	write_with_oflag(OPOST, "tty: b\n");
	KEXPECT_EQ(t, captured_len, 7UL);
	KEXPECT_EQ(t, memcmp(captured, "tty: b\n", 7), 0);
}

/*
 * The foreground group's number stays the tty's own after its last
 * member is gone: no new group may be handed it and then count as the
 * foreground one (Linux's tty holds the old struct pid instead).
 */
static void test_tty_keeps_pgrp_number(struct ktest *t)
{
	pid_t nr = alloc_pid(), old_pgrp, old_sid;
	unsigned long flags;
	int in_use;

	KASSERT_GT(t, nr, 0);
	spin_lock_irqsave(&tasklist_lock, flags);
	old_pgrp = console_tty.pgrp;
	old_sid = console_tty.session;
	tty_set_ids(old_sid, nr);
	in_use = nr_pids_in_use();
	put_pid_nr(nr);		/* as if its last task had let go */
	spin_unlock_irqrestore(&tasklist_lock, flags);
	KEXPECT_EQ(t, nr_pids_in_use(), in_use);	/* the tty keeps it */

	spin_lock_irqsave(&tasklist_lock, flags);
	tty_set_ids(old_sid, old_pgrp);		/* lets go: now it is free */
	spin_unlock_irqrestore(&tasklist_lock, flags);
	KEXPECT_EQ(t, nr_pids_in_use(), in_use - 1);
}

static struct ktest_case tty_output_cases[] = {
	KTEST_CASE(test_onlcr),
	KTEST_CASE(test_no_opost),
	KTEST_CASE(test_tty_keeps_pgrp_number),
	{}
};

static struct ktest_suite tty_output_suite = {
	.name = "tty_output",
	.cases = tty_output_cases,
};
KTEST_SUITE(tty_output_suite);
