; boot/multiboot2.asm — the header that tells GRUB "this is a multiboot2 kernel".
;
; Linux boots through its own protocol; a small kernel uses multiboot2,
; whose specification says: the header sits in the first 32 KiB of the
; image, 8-byte aligned, and its four fields sum to zero (mod 2^32).
; We ask for no framebuffer, so GRUB leaves the VGA text screen as it is.

MB2_MAGIC	equ 0xe85250d6
MB2_ARCH_I386	equ 0		; "i386 protected mode": how GRUB enters us

section .multiboot
align 8
mb2_header_start:
	dd MB2_MAGIC
	dd MB2_ARCH_I386
	dd mb2_header_end - mb2_header_start
	dd -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header_start))

	; end tag: type 0, flags 0, size 8
	align 8
	dw 0
	dw 0
	dd 8
mb2_header_end:
