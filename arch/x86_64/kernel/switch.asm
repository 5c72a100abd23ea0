; arch/x86_64/kernel/switch.asm — the context switch and a new task's first steps.
;
; Linux: arch/x86/entry/entry_64.S (__switch_to_asm, ret_from_fork_asm).
; Only the callee-saved registers need saving: switch_to is an ordinary
; call, so the compiler already keeps everything else it needs safe.
; They go on the old task's own stack (struct inactive_task_frame,
; asm/switch_to.h), its rsp into task->thread.sp; then the new task's
; rsp is loaded and its frame popped. rbp is pushed first, just above the
; return address, so the pair is a normal frame record and a backtrace
; of a sleeping task walks on into the function that called schedule().

bits 64

extern __switch_to
extern ret_from_fork

; must match TASK_THREAD_SP_OFFSET in asm/processor.h (checked in process.c)
TASK_THREAD_SP	equ 16

global __switch_to_asm
global ret_from_fork_asm

section .text

; struct task_struct *__switch_to_asm(prev = rdi, next = rsi)
; Interrupts are off and the run queue lock is held (kernel/sched/core.c).
__switch_to_asm:
	push rbp
	push rbx
	push r12
	push r13
	push r14
	push r15

	mov [rdi + TASK_THREAD_SP], rsp
	mov rsp, [rsi + TASK_THREAD_SP]

	pop r15
	pop r14
	pop r13
	pop r12
	pop rbx
	pop rbp

	; __switch_to(prev, next) returns prev in rax, then "returns" for us
	; to next's frame: where next called switch_to, or ret_from_fork_asm.
	jmp __switch_to

; A new task's first return lands here, with rax = the previous task,
; rbx = the function to run and r12 its argument (copy_thread put them in
; the frame), rbp = 0 and rsp = the task's struct pt_regs at the stack top.
ret_from_fork_asm:
	mov rsi, rsp			; regs
	; pt_regs is 21 quadwords: align rsp for the C ABI. Then a zero
	; return address and frame pointer above ret_from_fork's frame end
	; both Nook's and gdb's backtraces here, as boot/entry.asm does.
	and rsp, -16
	push 0
	push 0
	mov rbp, rsp
	mov rdi, rax			; ret_from_fork(prev, regs, fn, arg)
	mov rdx, rbx
	mov rcx, r12
	call ret_from_fork
	; ret_from_fork never returns for a kernel thread. With user mode,
	; a forked user task returns here and leaves through the interrupt
	; return path with its struct pt_regs (that path is not written yet).
	ud2
