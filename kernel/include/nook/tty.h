/*
 * nook/tty.h — the console as a terminal, until Step 3's tty layer.
 * Linux: include/linux/tty.h, include/uapi/asm-generic/termbits.h and
 * ioctls.h (struct termios, the flag bits, TCGETS, TIOCGWINSZ).
 *
 * The implementation is kernel/fs/console.c; a console driver hands it
 * every byte it receives (console_input_char), and read(2) on the
 * console file takes them back out a line at a time.
 */
#ifndef NOOK_TTY_H
#define NOOK_TTY_H

#include <nook/types.h>

#define TCGETS		0x5401
#define TIOCGWINSZ	0x5413

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

/* From the console driver, in interrupt context (the receive poll). */
void console_input_char(u8 c);

/*
 * read(2) from the console is a line at a time (it sleeps until there
 * is one); ioctl(2) knows TCGETS and TIOCGWINSZ. Both through the file
 * console_on_rootfs() opens (nook/file.h).
 */

#endif
