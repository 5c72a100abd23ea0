/* asm/i8259.h — the legacy PICs. Linux: arch/x86/include/asm/i8259.h. */
#ifndef ASM_I8259_H
#define ASM_I8259_H

/* Move the PICs' vectors off the exceptions and mask every line. */
void legacy_pic_disable(void);

#endif
