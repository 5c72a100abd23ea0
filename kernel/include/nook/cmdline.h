/*
 * nook/cmdline.h — the kernel command line: "key=value key2 ...".
 *
 * Linux: kernel/params.c (parse_args, next_arg) and init/main.c
 * (early_param, __setup). Words are separated by spaces; a value may be
 * double-quoted to hold spaces (key="a b"). A parameter handler is
 * registered next to the code it configures:
 *
 *	static int __init loglevel_setup(const char *val) { ... }
 *	early_param("loglevel", loglevel_setup);
 *
 * and runs during boot when the line names it. Others can be asked for
 * with cmdline_get().
 */
#ifndef NOOK_CMDLINE_H
#define NOOK_CMDLINE_H

#include <nook/kernel.h>

#define CMDLINE_MAX_PARAMS 64

struct cmdline_param {
	char *key;
	char *val;		/* NULL for a bare word ("quiet") */
};

struct kernel_param {
	const char *name;
	int (*setup)(const char *val);	/* val is NULL for a bare word */
};

#define early_param(str, fn)						\
	static const struct kernel_param __param_##fn			\
	__used __section(".init_params") __aligned(8) = {		\
		.name = str, .setup = fn,				\
	}

/*
 * Splits buf in place into at most max parameters. Returns how many, or
 * -E2BIG if there were more than max (the first max are filled in).
 */
int parse_cmdline(char *buf, struct cmdline_param *params, int max);

/* The boot command line: GRUB's, then QEMU's fw_cfg addition. */
void cmdline_init(const char *grub_line, const char *extra);
const char *saved_command_line(void);
/* The value of key, "" for a bare word, NULL if absent (last one wins). */
const char *cmdline_get(const char *key);
/*
 * Appends to argv and envp (NULL-terminated, with room for max_* entries
 * plus the NULL) the words init gets, by Linux's rules.
 */
void cmdline_init_args(const char **argv, int max_argv, const char **envp,
		       int max_envp);
/* Runs every early_param handler whose name is on the line. */
void cmdline_run_handlers(void);

#endif
