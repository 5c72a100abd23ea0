; arch/x86_64/kernel/entry_syscall.asm — the syscall instruction's way in and out.
;
; Linux: arch/x86/entry/entry_64.S (entry_SYSCALL_64, and the return
; paths to user mode). The `syscall` instruction does very little: it
; saves the user's rip in rcx and rflags in r11, masks rflags with
; MSR_SYSCALL_MASK, loads CS/SS from MSR_STAR and jumps to MSR_LSTAR —
; here. It does not switch stacks: rsp is still the user's, and GS still
; has the user's base. So the first instructions swap GS to find this
; CPU's struct cpu, park the user's rsp there, and load the kernel stack
; of the running task. Then the registers are saved as a struct pt_regs,
; exactly as an interrupt from user mode would have left them, so that
; fork, signals and ptrace-like code never care which way we came in.

bits 64

%include "calling.inc"

extern do_syscall_64

global entry_SYSCALL_64
global ret_to_user_mode

; struct cpu offsets; must match asm/cpu.h (checked in syscall.c)
CPU_USER_RSP_SCRATCH	equ 8
CPU_TOP_OF_STACK	equ 16

; selectors; must match asm/segment.h
__USER_DS		equ 0x2b
__USER_CS		equ 0x33

; struct pt_regs offsets (asm/ptrace.h)
PTREGS_SIZE		equ 21 * 8
PTREGS_AX		equ 10 * 8
PTREGS_ORIG_AX		equ 15 * 8
PTREGS_IP		equ 16 * 8
PTREGS_SP		equ 19 * 8

ENOSYS			equ 38

section .text

entry_SYSCALL_64:
	swapgs
	mov [gs:CPU_USER_RSP_SCRATCH], rsp
	mov rsp, [gs:CPU_TOP_OF_STACK]

	; struct pt_regs, highest field first: what iretq would pop...
	push __USER_DS			; ss
	push qword [gs:CPU_USER_RSP_SCRATCH] ; sp
	push r11			; flags (syscall saved them in r11)
	push __USER_CS			; cs
	push rcx			; ip (syscall saved it in rcx)
	push rax			; orig_ax: the system-call number
	; ...then the general registers, as interrupt_common saves them.
	push rdi
	PUSH_REGS_AFTER_DI -ENOSYS	; ax: the result until a handler sets one

	; Interrupts are off (MSR_SYSCALL_MASK cleared IF): now that the
	; registers are safe, a timer interrupt may preempt us.
	sti

	mov rdi, rsp			; do_syscall_64(regs, nr)
	mov rsi, rax
	; A frame record with the user's rip: backtraces from inside a
	; system call end at the instruction after `syscall`.
	push qword [rdi + PTREGS_IP]
	push rbp
	mov rbp, rsp
	sub rsp, 8			; 24 quadwords pushed: realign to 16
	call do_syscall_64
	add rsp, 3 * 8
	; do_syscall_64 returned true if sysret may restore user mode: it
	; cannot restore rcx and r11 (it loads rip and rflags from them).
	cli
	test al, al
	jz ret_to_user_iret

	POP_REGS			; r11 = flags, rcx = ip: checked by
					; do_syscall_64 for sysret
	; Left: orig_ax, ip, cs, flags, sp, ss. Back to the user's stack;
	; from here on no kernel stack is in use, so swapgs is last.
	mov rsp, [rsp + PTREGS_SP - PTREGS_ORIG_AX]
	swapgs
	o64 sysret

; void ret_to_user_mode(struct pt_regs *regs): leave for user mode with
; every register from regs, by iretq (which, unlike sysret, restores
; rcx and r11 too). Used after exec, by a forked child, after a signal
; handler returns, and by any system call sysret cannot finish.
ret_to_user_mode:
	cli
	mov rsp, rdi
ret_to_user_iret:
	POP_REGS
	add rsp, 8			; orig_ax
	swapgs
	iretq
