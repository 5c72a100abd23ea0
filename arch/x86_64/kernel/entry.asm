; arch/x86_64/kernel/entry.asm — from an interrupt or exception into C.
;
; Linux: arch/x86/entry/entry_64.S and include/asm/idtentry.h. Each of
; the 256 vectors gets a small stub; all stubs meet in interrupt_common,
; which saves the registers as a struct pt_regs (asm/ptrace.h) and calls
; idt_dispatch(regs, vector). The stubs even out a difference of the
; CPU's: some exceptions push an error code and most do not, so a stub
; pushes a 0 where the CPU did not, and every frame looks the same.

bits 64

%include "calling.inc"

extern idt_dispatch
global idt_entry_table
global interrupt_common

; struct pt_regs offsets; must match asm/ptrace.h
PTREGS_ORIG_AX	equ 15 * 8
PTREGS_IP	equ 16 * 8
PTREGS_CS	equ 17 * 8
USER_RPL_MASK	equ 3
X86_TRAP_NMI	equ 2		; asm/trapnr.h
X86_TRAP_DF	equ 8
X86_TRAP_MC	equ 18
MSR_GS_BASE	equ 0xc0000101	; asm/msr.h
X86_EFLAGS_AC	equ 1 << 18

; Vectors for which the CPU pushes an error code: #DF, #TS, #NP, #SS,
; #GP, #PF, #AC, #CP, #VC, #SX.
%macro VECTOR_STUB 1
align 16
vector_%1:
%if %1 == 8 || (%1 >= 10 && %1 <= 14) || %1 == 17 || %1 == 21 || %1 == 29 || %1 == 30
%else
	push 0				; the error code the CPU did not push
%endif
	push rdi			; pt_regs->di; rdi now carries the vector
	mov edi, %1
	jmp interrupt_common
%endmacro

section .text
%assign vec 0
%rep 256
	VECTOR_STUB vec
%assign vec vec + 1
%endrep

; The stack holds: ss, rsp, rflags, cs, rip (from the CPU), the error
; code, rdi. Push the rest in pt_regs order, highest field first.
interrupt_common:
	PUSH_REGS_AFTER_DI rax
	cld				; the C ABI expects DF clear
	; The CPU keeps EFLAGS.AC across an interrupt: if we interrupted a
	; user copy (stac), SMAP would stay open for the handler. Linux
	; uses clac here; that faults on CPUs without SMAP, and
	; clearing the bit through the stack works on every CPU.
	pushfq
	and qword [rsp], ~X86_EFLAGS_AC
	popfq

	; From user mode GS still holds the user's base: swap in the
	; kernel's (kept in MSR_KERNEL_GS_BASE while user code runs). r15
	; (saved above, callee-saved in C) remembers whether we swapped, so
	; the way out swaps back exactly then.
	xor r15d, r15d
	cmp edi, X86_TRAP_NMI
	je .paranoid
	cmp edi, X86_TRAP_DF
	je .paranoid
	cmp edi, X86_TRAP_MC
	je .paranoid
	test byte [rsp + PTREGS_CS], USER_RPL_MASK
	jz .from_kernel
	swapgs
	mov r15d, 1
	jmp .from_kernel

	; NMI, #DF and #MC can strike anywhere, even in kernel mode before
	; the syscall entry's swapgs or after the exit's: there the saved
	; CS says "kernel" while GS still holds the user's base. Ask the CPU
	; which base is loaded (Linux: paranoid_entry). A user base is
	; below the top half (arch_prctl refuses others); ours is above it.
.paranoid:
	mov ecx, MSR_GS_BASE
	rdmsr
	test edx, edx
	js .from_kernel			; sign bit set: the kernel's base
	swapgs
	mov r15d, 1
.from_kernel:
	mov rsi, rdi			; idt_dispatch(regs, vector)
	mov rdi, rsp

	; A frame record whose return address is the interrupted rip:
	; a backtrace taken inside a handler walks on into the code that
	; was interrupted, as if it had called us.
	push qword [rdi + PTREGS_IP]
	push rbp
	mov rbp, rsp
	; The CPU aligned rsp to 16 before its pushes; 23 quadwords since
	; then leave it 8 off, and the C ABI wants it aligned at a call.
	sub rsp, 8
	call idt_dispatch
	add rsp, 3 * 8

	test r15d, r15d
	jz .to_kernel
	swapgs
.to_kernel:
	POP_REGS
	add rsp, 8			; the error code
	iretq

; The stubs' addresses, in vector order, for idt.c to put in the gates.
section .rodata
align 8
idt_entry_table:
%assign vec 0
%rep 256
	dq vector_%[vec]
%assign vec vec + 1
%endrep
