/*
 * nook/tty.h — the console as a terminal: struct tty_struct, termios
 * and the tty ioctls. Linux: include/linux/tty.h,
 * include/uapi/asm-generic/termbits.h and ioctls.h.
 *
 * The implementation is kernel/fs/console.c; a console driver hands it
 * every byte it receives (console_input_char), and read(2) on the
 * console file takes them back out, a line at a time in canonical
 * mode. A task's controlling terminal is task->tty (nook/sched.h).
 */
#ifndef NOOK_TTY_H
#define NOOK_TTY_H

#include <nook/types.h>

#define TCGETS		0x5401
#define TCSETS		0x5402
#define TCSETSW		0x5403	/* after output drains */
#define TCSETSF		0x5404	/* after output drains, input flushed */
#define TIOCSCTTY	0x540E
#define TIOCGPGRP	0x540F
#define TIOCSPGRP	0x5410
#define TIOCGWINSZ	0x5413
#define TIOCSWINSZ	0x5414
#define TIOCNOTTY	0x5422
#define FIONREAD	0x541B
#define TIOCGSID	0x5429

#define NCCS		19	/* the kernel's termios; glibc's has 32 */

/* c_cc indices, and the flag bits the console's defaults use. */
#define VINTR		0
#define VQUIT		1
#define VERASE		2
#define VKILL		3
#define VEOF		4
#define VTIME		5
#define VMIN		6
#define VSTART		8
#define VSTOP		9
#define VSUSP		10
#define VREPRINT	12
#define VDISCARD	13
#define VWERASE		14
#define VLNEXT		15

#define ICRNL		0000400
#define IXON		0002000
#define OPOST		0000001
#define ONLCR		0000004
#define B38400		0000017
#define CS8		0000060
#define CREAD		0000200
#define HUPCL		0002000
#define ISIG		0000001
#define ICANON		0000002
#define ECHO		0000010
#define ECHOE		0000020
#define ECHOK		0000040
#define NOFLSH		0000200
#define TOSTOP		0000400
#define ECHOCTL		0001000
#define ECHOKE		0004000
#define IEXTEN		0100000

struct termios {
	u32 c_iflag;
	u32 c_oflag;
	u32 c_cflag;
	u32 c_lflag;
	u8 c_line;
	u8 c_cc[NCCS];
};

struct winsize {
	u16 ws_row;
	u16 ws_col;
	u16 ws_xpixel;
	u16 ws_ypixel;
};

/*
 * A terminal (Linux: struct tty_struct). Nook has one, the console;
 * see kernel/fs/console.c for which lock guards which field.
 */
struct tty_struct {
	struct termios termios;
	struct winsize winsize;
	int session;		/* pid_t: the session it controls, 0: none */
	int pgrp;		/* pid_t: its foreground group, 0: none */
};

/* From the console driver, in interrupt context (the receive poll). */
void console_input_char(u8 c);

/*
 * A session leader lets go of its controlling tty: its foreground group
 * gets SIGHUP (and SIGCONT unless on_exit), and no task of the session
 * has a controlling tty any more. Linux: disassociate_ctty.
 */
void disassociate_ctty(int on_exit);
/* Under tasklist_lock: is nr the console's foreground group or session? */
bool tty_carries_nr(int nr);	/* nr: a pid_t */


/* The console's file operations (kernel/fs/console.c). */
struct file_operations;
extern const struct file_operations console_fops;
/* Registers the tty device numbers (kernel/fs/tty_io.c). */
void tty_init(void);

#endif
