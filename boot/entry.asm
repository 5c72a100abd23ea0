; boot/entry.asm — from GRUB's 32-bit protected mode to 64-bit kernel_main.
;
; Linux: arch/x86/boot/compressed/head_64.S and arch/x86/kernel/head_64.S.
; GRUB leaves us in 32-bit protected mode, paging off, at a physical
; address, with EAX = the multiboot2 magic and EBX = the physical address
; of the boot information. To reach C in the higher half we must:
;   1. build page tables that map physical 0..1 GiB three times: at 0
;      (so the instruction after "enable paging" still exists), at
;      KERNEL_VMA (where the C code was linked) and at PAGE_OFFSET (the
;      direct map, for __va());
;   2. turn on PAE, long mode (EFER.LME) and paging: that is long mode;
;   3. load a GDT with a 64-bit code segment and far-jump into it;
;   4. jump to the higher half and call kernel_main(magic, info).
; The C side (arch/x86_64/mm/paging.c) then builds the real page tables
; and drops the identity map.

KERNEL_VMA	equ 0xffffffff80000000
MB2_BOOT_MAGIC	equ 0x36d76289	; what GRUB puts in EAX
PAGE_OFFSET_PML4 equ 273	; PAGE_OFFSET (asm/page.h) >> 39, which
				; nasm cannot include from C

CR0_PG		equ 1 << 31
CR0_WP		equ 1 << 16
CR4_PAE		equ 1 << 5
MSR_EFER	equ 0xc0000080
EFER_LME	equ 1 << 8
EFER_NXE	equ 1 << 11
PTE_P		equ 1 << 0
PTE_W		equ 1 << 1
PTE_PS		equ 1 << 7	; in a page directory: a 2 MiB page

BOOT_STACK_SIZE	equ 16384

global _start
global boot_stack_top
global boot_pml4
extern kernel_main

; nasm only knows the flags of the sections it names itself: say that
; this one is code (gdb and the kallsyms script read _start as a function).
section .boot.text progbits alloc exec nowrite align=16
bits 32
_start:
	cli
	cld
	mov esp, boot_stack32_top
	mov edi, eax			; keep the magic and info pointer for
	mov esi, ebx			; kernel_main's two arguments

	cmp eax, MB2_BOOT_MAGIC
	jne .no_multiboot
	call check_long_mode
	call build_boot_page_tables

	mov eax, cr4
	or eax, CR4_PAE
	mov cr4, eax

	mov eax, boot_pml4
	mov cr3, eax

	mov ecx, MSR_EFER
	rdmsr
	or eax, EFER_LME | EFER_NXE
	wrmsr

	mov eax, cr0
	or eax, CR0_PG | CR0_WP
	mov cr0, eax			; now in compatibility mode

	lgdt [boot_gdt_ptr]
	jmp BOOT_KERNEL_CS:long_mode_low

.no_multiboot:
	mov esi, msg_no_multiboot
	jmp early_die

; Long mode needs CPUID leaf 0x80000001, EDX bit 29.
check_long_mode:
	mov eax, 0x80000000
	cpuid
	cmp eax, 0x80000001
	jb .no
	mov eax, 0x80000001
	cpuid
	test edx, 1 << 29
	jz .no
	ret
.no:
	mov esi, msg_no_long_mode
	jmp early_die

; PML4[0] and PML4[511] -> PDPT; PDPT[0] and PDPT[510] -> PD;
; PD = 512 2-MiB pages covering physical 0..1 GiB. KERNEL_VMA is
; PML4 index 511, PDPT index 510, so both views share one PD.
; PML4[273] (PAGE_OFFSET, the direct map) shares the low PDPT, so that
; __va() works for the first GiB before paging.c maps all of memory.
build_boot_page_tables:
	; No need to clear the tables: .boot.bss lies inside the first load
	; segment's memory size, and GRUB zero-fills that, as ELF loaders do.
	mov eax, boot_pdpt_low
	or eax, PTE_P | PTE_W
	mov [boot_pml4], eax
	mov [boot_pml4 + PAGE_OFFSET_PML4 * 8], eax
	mov eax, boot_pdpt_high
	or eax, PTE_P | PTE_W
	mov [boot_pml4 + 511 * 8], eax

	mov eax, boot_pd
	or eax, PTE_P | PTE_W
	mov [boot_pdpt_low], eax
	mov [boot_pdpt_high + 510 * 8], eax

	xor ecx, ecx
.map_2m:
	mov eax, ecx
	shl eax, 21
	or eax, PTE_P | PTE_W | PTE_PS
	mov [boot_pd + ecx * 8], eax
	inc ecx
	cmp ecx, 512
	jne .map_2m
	ret

; Print a message on COM1 and halt: no console exists yet.
early_die:
	mov dx, 0x3f8
.next:
	lodsb
	test al, al
	jz .halt
	out dx, al
	jmp .next
.halt:
	hlt
	jmp .halt

bits 64
long_mode_low:
	; Still running at the low (identity) address; leave for the
	; address the rest of the kernel was linked at.
	mov rax, long_mode_high
	jmp rax

section .text
long_mode_high:
	mov ax, BOOT_KERNEL_DS
	mov ds, ax
	mov es, ax
	mov ss, ax
	xor ax, ax
	mov fs, ax
	mov gs, ax

	mov rsp, boot_stack_top
	; End every backtrace here: rbp = 0 stops Nook's frame walker, and a
	; zero "return address" above our frame stops gdb's unwinder (which,
	; without CFI for this asm, would read on past the stack's top).
	xor rbp, rbp
	push 0
	push 0
	; kernel_main(u32 magic, u32 info_phys): EDI and ESI already set,
	; upper halves zeroed by the 32-bit moves above.
	call kernel_main
.hang:
	cli
	hlt
	jmp .hang

section .boot.data progbits alloc noexec write align=8
align 8
BOOT_KERNEL_CS	equ 0x08
BOOT_KERNEL_DS	equ 0x10
boot_gdt:
	dq 0				; the null descriptor
	dq 0x00af9a000000ffff		; 64-bit code, ring 0
	dq 0x00cf92000000ffff		; data, ring 0
boot_gdt_end:
boot_gdt_ptr:
	dw boot_gdt_end - boot_gdt - 1
	dd boot_gdt

msg_no_multiboot:
	db "Nook: not started by a multiboot2 boot loader", 13, 10, 0
msg_no_long_mode:
	db "Nook: this CPU has no 64-bit long mode", 13, 10, 0

section .boot.bss nobits alloc noexec write align=4096
align 4096
boot_pml4:	resb 4096
boot_pdpt_low:	resb 4096
boot_pdpt_high:	resb 4096
boot_pd:	resb 4096
		resb 1024
boot_stack32_top:

section .bss
align 16
boot_stack:	resb BOOT_STACK_SIZE
boot_stack_top:
