// kernel/init/cmdline.c — splitting the command line and acting on it.
//
// Linux: lib/cmdline.c, kernel/params.c (next_arg, parse_args) and
// init/main.c (early_param). The line is kept twice: as given, for
// printing, and split into key/value pairs for lookups.

#include <nook/cmdline.h>
#include <nook/errno.h>
#include <nook/printk.h>
#include <nook/string.h>
#include <nook/bootinfo.h>

/* Both written once during boot, on the boot CPU, then only read. */
static char boot_line[COMMAND_LINE_SIZE];
static char split_line[COMMAND_LINE_SIZE];
static struct cmdline_param boot_params[CMDLINE_MAX_PARAMS];
static int nr_boot_params;

extern const struct kernel_param __init_params_start[];
extern const struct kernel_param __init_params_end[];

static char *skip_spaces(char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	return s;
}

/*
 * Cuts the next word off s. Quotes group spaces and are removed:
 * key="a b" gives key and a b. Returns where the next word may start.
 */
static char *next_arg(char *s, struct cmdline_param *p)
{
	char *out = s;
	bool quoted = false;

	p->key = s;
	p->val = NULL;
	for (; *s; s++) {
		if (*s == '"') {
			quoted = !quoted;
			continue;
		}
		if (!quoted && (*s == ' ' || *s == '\t' || *s == '\n'))
			break;
		if (*s == '=' && !p->val) {
			*out++ = '\0';
			p->val = out;
			continue;
		}
		*out++ = *s;
	}
	if (*s)
		s++;
	*out = '\0';
	return s;
}

int parse_cmdline(char *buf, struct cmdline_param *params, int max)
{
	int n = 0;

	for (buf = skip_spaces(buf); *buf; buf = skip_spaces(buf)) {
		struct cmdline_param p;

		buf = next_arg(buf, &p);
		if (n == max)
			return -E2BIG;
		params[n++] = p;
	}
	return n;
}

void cmdline_init(const char *grub_line, const char *extra)
{
	int n;

	snprintf(boot_line, sizeof(boot_line), "%s%s%s", grub_line,
		 *grub_line && *extra ? " " : "", extra);
	strlcpy(split_line, boot_line, sizeof(split_line));
	n = parse_cmdline(split_line, boot_params, CMDLINE_MAX_PARAMS);
	if (n < 0) {
		pr_warn("cmdline: more than %d parameters, the rest ignored\n",
			CMDLINE_MAX_PARAMS);
		n = CMDLINE_MAX_PARAMS;
	}
	nr_boot_params = n;
}

const char *saved_command_line(void)
{
	return boot_line;
}

const char *cmdline_get(const char *key)
{
	for (int i = nr_boot_params - 1; i >= 0; i--)
		if (!strcmp(boot_params[i].key, key))
			return boot_params[i].val ? boot_params[i].val : "";
	return NULL;
}

static bool is_kernel_param(const char *key)
{
	const struct kernel_param *kp;

	for (kp = __init_params_start; kp < __init_params_end; kp++)
		if (!strcmp(kp->name, key))
			return true;
	return false;
}

/*
 * Linux's rule (init/main.c, unknown_bootoption): a word the kernel does
 * not know, with no '.' in its name (a dot means a module's parameter),
 * goes to init: NAME=VALUE into its environment, a bare word into its
 * arguments. Everything after "--" goes to init's arguments as it is.
 */
/* A word for init, rebuilt as written ("NAME=VALUE"), kept for good. */
static const char *init_word(const struct cmdline_param *p)
{
	static char words[COMMAND_LINE_SIZE];	/* boot CPU, once */
	static size_t used;
	char *w = words + used;
	int n = snprintf(w, sizeof(words) - used, p->val ? "%s=%s" : "%s",
			 p->key, p->val);

	if (n < 0 || (size_t)n >= sizeof(words) - used)
		return NULL;
	used += n + 1;
	return w;
}

void cmdline_init_args(const char **argv, int max_argv, const char **envp,
		       int max_envp)
{
	int argc = 0, envc = 0;
	bool after_dashes = false;

	while (argv[argc])
		argc++;
	while (envp[envc])
		envc++;
	for (int i = 0; i < nr_boot_params; i++) {
		const struct cmdline_param *p = &boot_params[i];
		bool to_env = p->val && !after_dashes;
		const char *word;

		if (!after_dashes && !p->val && !strcmp(p->key, "--")) {
			after_dashes = true;
			continue;
		}
		if (!after_dashes &&
		    (is_kernel_param(p->key) || strchr(p->key, '.')))
			continue;
		word = init_word(p);
		if (word && to_env && envc < max_envp)
			envp[envc++] = word;
		else if (word && !to_env && argc < max_argv)
			argv[argc++] = word;
	}
	argv[argc] = NULL;
	envp[envc] = NULL;
}

void cmdline_run_handlers(void)
{
	const struct kernel_param *kp;

	for (kp = __init_params_start; kp < __init_params_end; kp++) {
		const char *val = cmdline_get(kp->name);

		if (!val)
			continue;
		if (kp->setup(*val ? val : NULL))
			pr_warn("cmdline: bad value for %s: '%s'\n",
				kp->name, val);
	}
}
