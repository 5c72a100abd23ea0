/* asm/io.h — x86 port I/O. Linux: arch/x86/include/asm/io.h (outb, inb...). */
#ifndef ASM_IO_H
#define ASM_IO_H

#include <nook/types.h>

static inline void outb(u16 port, u8 v)
{
	__asm__ __volatile__("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline u8 inb(u16 port)
{
	u8 v;

	__asm__ __volatile__("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outw(u16 port, u16 v)
{
	__asm__ __volatile__("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline u16 inw(u16 port)
{
	u16 v;

	__asm__ __volatile__("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outl(u16 port, u32 v)
{
	__asm__ __volatile__("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline u32 inl(u16 port)
{
	u32 v;

	__asm__ __volatile__("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

/* Port 0x80 is the POST-code port: nothing listens, and writing to it
 * takes about a microsecond on a PC, which makes it a tiny delay. */
#define IO_DELAY_PORT	0x80

static inline void io_delay(void)
{
	outb(IO_DELAY_PORT, 0);
}

/*
 * Maps device memory (MMIO) that is not RAM, uncached, at __va(phys) in
 * the direct-map range, and returns the address of phys there; NULL if
 * the range is RAM or out of memory for page tables. The mapping lasts
 * for good (there is no iounmap yet). Linux: arch/x86/mm/ioremap.c.
 */
void *ioremap(phys_addr_t phys, size_t size);

#endif
