// arch/x86_64/drivers/vga.c — printk's copy on the VGA text screen.
//
// Linux: drivers/video/console/vgacon.c. The screen is 80x25 cells at
// physical 0xb8000, two bytes each (character, colour). We scroll by
// moving every row up one. GRUB leaves the card in text mode because
// our multiboot2 header asks for no framebuffer.

#include <nook/printk.h>
#include <nook/string.h>
#include <asm/io.h>
#include <asm/page.h>

#define VGA_PHYS	0xb8000
#define VGA_COLS	80
#define VGA_ROWS	25
#define VGA_ATTR	0x07	/* light grey on black */

static u16 *vga_buf;
static int row, col;		/* under printk's console lock */

static void vga_scroll(void)
{
	memmove(vga_buf, vga_buf + VGA_COLS,
		(VGA_ROWS - 1) * VGA_COLS * sizeof(u16));
	for (int c = 0; c < VGA_COLS; c++)
		vga_buf[(VGA_ROWS - 1) * VGA_COLS + c] = VGA_ATTR << 8 | ' ';
	row = VGA_ROWS - 1;
}

static void vga_putc(char ch)
{
	if (ch == '\n') {
		col = 0;
		row++;
	} else if (ch == '\r') {
		col = 0;
	} else {
		vga_buf[row * VGA_COLS + col] = VGA_ATTR << 8 | (u8)ch;
		if (++col == VGA_COLS) {
			col = 0;
			row++;
		}
	}
	if (row == VGA_ROWS)
		vga_scroll();
}

static void vga_write(struct console *con, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		vga_putc(s[i]);
}

static struct console vga_console = {
	.name = "vga",
	.write = vga_write,
};

void vga_init(void)
{
	vga_buf = (u16 *)__va(VGA_PHYS);
	for (int i = 0; i < VGA_ROWS * VGA_COLS; i++)
		vga_buf[i] = VGA_ATTR << 8 | ' ';
	row = col = 0;
	register_console(&vga_console);
}
