; arch/x86_64/realmode/trampoline.asm — where a secondary CPU starts.
;
; Linux: arch/x86/realmode/rm/trampoline_64.S (trampoline_start,
; startup_32, startup_64). A CPU woken by a STARTUP IPI begins in 16-bit
; real mode at CS:IP = (vector << 8):0, that is, at the start of a page
; below 1 MiB. arch/x86_64/kernel/smpboot.c copies this code to such a
; page and fills trampoline_header. The CPU then climbs, as the boot CPU
; did in boot/entry.asm: real mode -> 32-bit protected mode -> long mode,
; on the trampoline's own page table (the low page identity-mapped, plus
; the kernel's half), and jumps to start_secondary(cpu) on its own stack.
;
; The code runs wherever it was copied: it learns its base from CS and
; builds every absolute address (GDT base, far-jump targets) from that.

CR0_PE		equ 1 << 0
CR0_WP		equ 1 << 16
CR0_PG		equ 1 << 31
CR4_PAE		equ 1 << 5
MSR_EFER	equ 0xc0000080
EFER_LME	equ 1 << 8
EFER_NXE	equ 1 << 11	; kernel mappings set NX: it must be legal
REAL_MODE_SEG_SHIFT equ 4	; linear address = segment << 4 + offset

TR_CODE32_SEL	equ 0x08
TR_DATA_SEL	equ 0x10
TR_CODE64_SEL	equ 0x18

global trampoline_start
global trampoline_header
global trampoline_end

; Only copied, never run in place: read-only data, like Linux's blob.
section .rodata
align 16
bits 16
trampoline_start:
	cli
	cld
	mov ax, cs
	mov ds, ax
	movzx ebx, ax
	shl ebx, REAL_MODE_SEG_SHIFT	; ebx = our linear (and physical) base

	lea eax, [ebx + tr_gdt - trampoline_start]
	mov [tr_gdt_ptr + 2 - trampoline_start], eax
	lea eax, [ebx + startup_32 - trampoline_start]
	mov [tr_pm_jump - trampoline_start], eax

	o32 lgdt [tr_gdt_ptr - trampoline_start]
	mov eax, cr0
	or eax, CR0_PE
	mov cr0, eax
	jmp dword far [tr_pm_jump - trampoline_start]

bits 32
startup_32:
	mov ax, TR_DATA_SEL
	mov ds, ax
	mov es, ax
	mov ss, ax

	mov eax, cr4
	or eax, CR4_PAE
	mov cr4, eax
	mov eax, [ebx + tr_cr3 - trampoline_start]
	mov cr3, eax
	mov ecx, MSR_EFER
	rdmsr
	or eax, EFER_LME | EFER_NXE
	wrmsr
	mov eax, cr0
	or eax, CR0_PG | CR0_WP
	mov cr0, eax			; long mode, 32-bit compatibility code

	lea eax, [ebx + startup_64 - trampoline_start]
	mov [ebx + tr_lm_jump - trampoline_start], eax
	jmp far [ebx + tr_lm_jump - trampoline_start]

bits 64
startup_64:
	mov eax, ebx			; the upper halves are undefined here
	mov rsp, [rax + tr_stack - trampoline_start]
	mov rdi, [rax + tr_cpu - trampoline_start]
	mov rcx, [rax + tr_start - trampoline_start]
	; As in boot/entry.asm: rbp = 0 and a zero return address end
	; every backtrace here.
	xor ebp, ebp
	push 0
	jmp rcx				; start_secondary(cpu), never returns

align 8
tr_gdt:
	dq 0				; the null descriptor
	dq 0x00cf9a000000ffff		; TR_CODE32_SEL: 32-bit code, ring 0
	dq 0x00cf92000000ffff		; TR_DATA_SEL: data, ring 0
	dq 0x00af9a000000ffff		; TR_CODE64_SEL: 64-bit code, ring 0
tr_gdt_end:
tr_gdt_ptr:
	dw tr_gdt_end - tr_gdt - 1
	dd 0				; base: filled in above
tr_pm_jump:
	dd 0				; offset: filled in above
	dw TR_CODE32_SEL
tr_lm_jump:
	dd 0
	dw TR_CODE64_SEL

; struct trampoline_header in smpboot.c: the C side fills it per CPU.
align 8
trampoline_header:
tr_cr3:		dd 0	; physical address of the trampoline's pgd (< 4 GiB)
		dd 0
tr_stack:	dq 0	; top of the CPU's kernel stack
tr_cpu:		dq 0	; its struct cpu, start_secondary's argument
tr_start:	dq 0	; start_secondary
trampoline_end:
