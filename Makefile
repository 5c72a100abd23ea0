# Nook's build. `make help` lists the targets; README.md explains them.
#
# Every C file under kernel/ and arch/ and every .asm file under boot/ and
# arch/ is part of the kernel: add a file and it is built, no list to edit.
# Likewise every user/NAME.c is a user program, build/user/NAME, packed
# into the initramfs as /bin/NAME (see "user programs" below).

.DEFAULT_GOAL := all
SHELL := /bin/bash

BUILD   := build
ELF     := nook.elf
ISO     := nook.iso

CC      := gcc
NASM    := nasm
LD      := ld
PYTHON  := python3

# Freestanding kernel code: no libc, no red zone (interrupts reuse the
# stack), no SSE (we do not save FPU state on kernel entry), kernel code
# model (we live in the top 2 GiB), and frame pointers for backtraces.
CFLAGS  := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter \
	   -ffreestanding -fno-builtin -nostdlib -fno-stack-protector \
	   -fno-pic -fno-pie -mcmodel=kernel -mno-red-zone \
	   -mno-sse -mno-sse2 -mno-mmx -mno-80387 -mgeneral-regs-only \
	   -fno-omit-frame-pointer -mno-omit-leaf-frame-pointer \
	   -fno-asynchronous-unwind-tables -fno-common \
	   -fno-tree-loop-distribute-patterns \
	   -Ikernel/include -Iarch/x86_64/include -MMD -MP
NASMFLAGS := -f elf64 -g -F dwarf -I arch/x86_64/kernel/
LDFLAGS := -nostdlib -z max-page-size=0x1000 -z noexecstack --no-warn-rwx-segments

C_SRCS   := $(shell find kernel arch -name '*.c' | sort)
ASM_SRCS := $(shell find boot arch -name '*.asm' | sort)
OBJS     := $(C_SRCS:%.c=$(BUILD)/%.o) $(ASM_SRCS:%.asm=$(BUILD)/%.o)

comma := ,

# QEMU settings shared by run, check, gdb and bench.
QEMU     := qemu-system-x86_64
ACCEL    ?= tcg
MEM      ?= 128M
SMP      ?= 1
CMDLINE  ?=
QEMU_FLAGS := -machine q35,accel=$(ACCEL) -cpu max -m $(MEM) -smp $(SMP) \
	      -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04

# xv6's trick: each user gets their own gdb port, so two students on one
# machine do not fight over 1234.
GDBPORT  ?= $(shell expr `id -u` % 5000 + 25000)

# Quiet by default, like Linux's kbuild: "  CC  file". V=1 shows commands.
ifeq ($(V),1)
Q :=
quiet = @true
else
Q := @
quiet = @printf '  %-8s %s\n'
endif

# The dependency step runs before anything else is built (see tools/deps.sh).
ifeq ($(filter clean help,$(MAKECMDGOALS)),)
ifneq ($(shell tools/deps.sh >&2 && echo ok),ok)
$(error missing packages; see the message above)
endif
endif

.PHONY: all user run qemu check bench gdb qemu-gdb gdb-attach clean help iso FORCE
FORCE:
all: user $(ELF) $(ISO)

# ---- the kernel -------------------------------------------------------

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(quiet) CC $<
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/%.o: %.asm
	@mkdir -p $(dir $@)
	$(quiet) NASM $<
	$(Q)$(NASM) $(NASMFLAGS) -MD $(@:.o=.d) -MP $< -o $@

# Backtraces name functions, so the kernel carries its own symbol table.
# Link once without it, list the text symbols, link again with the table.
# The table lives after .text/.rodata/.data (see linker.ld), so adding it
# moves no function: the addresses read in pass one are the final ones.
# A deleted source file must relink too: the list itself is a dependency.
OBJLIST := $(BUILD)/objects.list
$(shell mkdir -p $(BUILD); echo '$(OBJS)' | cmp -s - $(OBJLIST) || echo '$(OBJS)' > $(OBJLIST))

$(BUILD)/nook.pass1: $(OBJS) $(OBJLIST) $(BUILD)/kallsyms-empty.o linker.ld
	$(quiet) LD $@
	$(Q)$(LD) $(LDFLAGS) -T linker.ld -o $@ $(OBJS) $(BUILD)/kallsyms-empty.o

$(BUILD)/kallsyms-empty.o: tools/gen-kallsyms.sh
	@mkdir -p $(BUILD)
	$(Q)tools/gen-kallsyms.sh /dev/null > $(BUILD)/kallsyms-empty.S
	$(Q)$(CC) -c $(BUILD)/kallsyms-empty.S -o $@

$(BUILD)/kallsyms.o: $(BUILD)/nook.pass1 tools/gen-kallsyms.sh
	$(quiet) KSYMS $@
	$(Q)tools/gen-kallsyms.sh $< > $(BUILD)/kallsyms.S
	$(Q)$(CC) -c $(BUILD)/kallsyms.S -o $@

$(ELF): $(BUILD)/kallsyms.o
	$(quiet) LD $@
	$(Q)$(LD) $(LDFLAGS) -T linker.ld -o $@ $(OBJS) $(BUILD)/kallsyms.o
	@tools/check-kallsyms.sh $(BUILD)/nook.pass1 $@

# ---- user programs ----------------------------------------------------
#
# Ordinary static Linux programs (DESIGN.md, decision 1): user/NAME.c is
# built with musl-gcc into build/user/NAME. The test suite is one program,
# utest, made of user/tests/*.c; user/lib/ holds what tests share (tap.c).

MUSLCC      := musl-gcc
USER_CFLAGS := -std=gnu11 -D_GNU_SOURCE -static -O2 -Wall -Werror -Iuser/lib
USER_HDRS   := $(wildcard user/lib/*.h user/tests/*.h)
USER_PROGS  := $(patsubst user/%.c,$(BUILD)/user/%,$(wildcard user/*.c))
UTEST_SRCS  := $(sort $(wildcard user/tests/*.c user/lib/*.c))
USER_BINS   := $(USER_PROGS) $(BUILD)/user/utest
INITRAMFS   := $(BUILD)/initramfs.cpio

$(BUILD)/user/%: user/%.c $(USER_HDRS)
	@mkdir -p $(dir $@)
	$(quiet) MUSLCC $@
	$(Q)$(MUSLCC) $(USER_CFLAGS) $< -o $@

# ttytest prints KTAP too: it shares utest's tap.c.
$(BUILD)/user/ttytest: user/ttytest.c user/lib/tap.c $(USER_HDRS)
	@mkdir -p $(dir $@)
	$(quiet) MUSLCC $@
	$(Q)$(MUSLCC) $(USER_CFLAGS) user/ttytest.c user/lib/tap.c -o $@

$(BUILD)/user/utest: $(UTEST_SRCS) $(USER_HDRS)
	@mkdir -p $(dir $@)
	$(quiet) MUSLCC $@
	$(Q)$(MUSLCC) $(USER_CFLAGS) -Iuser/tests $(UTEST_SRCS) -o $@

user: $(USER_BINS)

# Every program lands in /bin; /init is a link to /bin/init.
# Debian's busybox-static, unmodified, is the shell (DESIGN.md decision 1);
# user/rootfs/ holds the files the image needs in /etc.
BUSYBOX     := /bin/busybox
ROOTFS      := user/rootfs
ROOTFS_FILES := $(shell find $(ROOTFS) -type f)

$(INITRAMFS): $(USER_BINS) $(ROOTFS_FILES) tools/mkinitramfs
	$(quiet) CPIO $@
	$(Q)tools/mkinitramfs -o $@ --extra $(ROOTFS) --busybox $(BUSYBOX) \
		$(USER_BINS)

# ---- the bootable image -----------------------------------------------

$(ISO): $(ELF) $(INITRAMFS) boot/grub.cfg tools/mkiso.sh
	$(quiet) ISO $@
	$(Q)tools/mkiso.sh $(ELF) boot/grub.cfg $@ $(INITRAMFS)

iso: $(ISO)

# ---- running ----------------------------------------------------------

# Serial console on the terminal; quit QEMU with Ctrl-A then X.
run qemu: $(ISO)
	@echo "*** Nook on QEMU ($(ACCEL), $(MEM), $(SMP) cpu). Quit: Ctrl-A then X."
	$(QEMU) $(QEMU_FLAGS) -cdrom $(ISO) -boot d -display none -serial mon:stdio \
		$(if $(CMDLINE),-fw_cfg 'name=opt/nook/cmdline$(comma)string=$(subst $(comma),$(comma)$(comma),$(CMDLINE))')

# KTEST=suite1,suite2 runs just those suites (ktest runs only);
# ONLY=name1,name2 picks runs by name (tools/check.py --help lists them).
check: $(ISO) user
	@$(PYTHON) tools/check.py --iso $(ISO) --elf $(ELF) \
		$(if $(KTEST),--ktest $(KTEST)) $(if $(ONLY),--only $(ONLY))

# ---- benchmark --------------------------------------------------------
#
# Nook and Debian's Linux kernel in the same QEMU machine, running the
# same build/user/bench (tools/bench.py). Not part of `make check`: no
# figure is ever asserted. tools/bench-deps.sh installs gnuplot and fetches
# the kernel into ~/.cache/nook and prints the vmlinuz's path.
ROUNDS        ?= 3
BENCH_TIME_MS ?= 300
BENCH_ONLY    ?=
# NOOK_BENCH=rdinit boots the benchmark as Nook's PID 1, as on Linux,
# instead of having Nook's init run it (NOOK_RUN=/bin/bench).
NOOK_BENCH    ?=

bench: $(ISO) user
	@vmlinuz=$$(tools/bench-deps.sh) && \
	$(PYTHON) tools/bench.py --vmlinuz "$$vmlinuz" --iso $(ISO) \
		--rounds $(ROUNDS) --time-ms $(BENCH_TIME_MS) \
		--mem $(MEM) --smp $(SMP) --accel $(ACCEL) \
		$(if $(BENCH_ONLY),--only $(BENCH_ONLY)) \
		$(if $(filter rdinit,$(NOOK_BENCH)),--nook-rdinit)

# ---- gdb --------------------------------------------------------------

# Rewritten every time (it is tiny), so GDBPORT=... on the command line
# always reaches it.
$(BUILD)/gdbinit: tools/gdbinit.tmpl FORCE
	@mkdir -p $(BUILD)
	sed -e 's|@GDBPORT@|$(GDBPORT)|g' -e 's|@ELF@|$(CURDIR)/$(ELF)|g' $< > $@

# One terminal: QEMU waits in the background, gdb in the foreground.
gdb: $(ISO) $(BUILD)/gdbinit
	@NOOK_CMDLINE="$(CMDLINE)" tools/gdb.sh both $(GDBPORT) "$(QEMU) $(QEMU_FLAGS) -cdrom $(ISO) -boot d -display none"

# Two terminals, as in xv6: `make qemu-gdb` here, `gdb` (or `make gdb-attach`) there.
qemu-gdb: $(ISO) $(BUILD)/gdbinit
	@cp $(BUILD)/gdbinit .gdbinit
	@NOOK_CMDLINE="$(CMDLINE)" tools/gdb.sh qemu $(GDBPORT) "$(QEMU) $(QEMU_FLAGS) -cdrom $(ISO) -boot d -display none"

gdb-attach: $(BUILD)/gdbinit
	gdb -q -x $(BUILD)/gdbinit

clean:
	rm -rf $(BUILD) $(ELF) $(ISO) .gdbinit

help:
	@echo "make            build nook.elf, the user programs and nook.iso"
	@echo "make user       build the user programs (build/user/)"
	@echo "make run        boot Nook in QEMU, serial console here (quit: Ctrl-A X)"
	@echo "make check      build and run every test; ends with 'N passed, N failed'"
	@echo "make bench      Nook vs Linux in the same QEMU: table, build/bench/{results.csv,ratios.png}"
	@echo "make gdb        QEMU halted + gdb attached, in this terminal"
	@echo "make qemu-gdb   QEMU halted, waiting for gdb on port $(GDBPORT)"
	@echo "make gdb-attach gdb for a QEMU started by 'make qemu-gdb'"
	@echo "make clean      remove build products"
	@echo "variables: MEM=128M SMP=1 ACCEL=tcg CMDLINE='ktest=all'"
	@echo "           make check KTEST=suite ONLY=run (see tools/check.py --help)"
	@echo "           make bench ROUNDS=3 BENCH_TIME_MS=300 BENCH_ONLY=getpid,fork"

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
