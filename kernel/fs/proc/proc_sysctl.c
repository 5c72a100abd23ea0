// kernel/fs/proc/proc_sysctl.c — /proc/sys: so far only
// /proc/sys/kernel/hostname and domainname.
//
// Linux: fs/proc/proc_sysctl.c (the /proc/sys tree, from ctl_table
// registrations) and kernel/utsname_sysctl.c (proc_do_uts_string,
// uts_kern_table). Each file shows the reader's own UTS namespace, as
// uname(2) does; writing sets that namespace's name like sethostname(2),
// with proc_dostring's rules: the text up to a newline or NUL, at most
// 64 bytes of it kept, and the whole write counted as written.
//
// Half done: Linux builds /proc/sys from registered ctl_tables; Nook has
// these two files in a fixed table, the rest of /proc/sys to come.

#include <nook/errno.h>
#include <nook/string.h>
#include <nook/utsname.h>
#include <asm/uaccess.h>
#include "internal.h"

/* Which field of new_utsname the file is, by its name. */
static char *uts_field(struct new_utsname *u, const struct inode *inode)
{
	const char *name = PROC_I(inode)->entry->name;

	return strcmp(name, "hostname") ? u->domainname : u->nodename;
}

static int uts_show(struct seq_file *m, void *v)
{
	char tmp[__NEW_UTS_LEN + 1];

	spin_lock(&uts_sem);
	memcpy(tmp, uts_field(utsname(), v), sizeof(tmp));
	spin_unlock(&uts_sem);
	seq_printf(m, "%s\n", tmp);
	return 0;
}

static int uts_open(struct inode *inode, struct file *file)
{
	return single_open(file, uts_show, inode);
}

static long uts_write(struct file *file, const char __user *buf,
		      size_t count, loff_t *pos)
{
	char tmp[__NEW_UTS_LEN + 1] = {};
	size_t len = min(count, (size_t)__NEW_UTS_LEN);
	char *field, *nl;

	if (copy_from_user(tmp, buf, len))
		return -EFAULT;
	nl = strchr(tmp, '\n');	/* a NUL ends it too: tmp is a string */
	if (nl)
		*nl = 0;
	spin_lock(&uts_sem);
	field = uts_field(utsname(), file->f_inode);
	memcpy(field, tmp, sizeof(tmp));
	spin_unlock(&uts_sem);
	*pos += count;
	return count;
}

static const struct file_operations proc_uts_operations = {
	.open		= uts_open,
	.read		= seq_read,
	.write		= uts_write,
	.llseek		= seq_lseek,
	.release	= single_release,
};

static const struct pid_entry kernel_stuff[] = {
	REG("domainname", 0644, &proc_uts_operations),
	REG("hostname", 0644, &proc_uts_operations),
};

static int proc_sys_kernel_lookup(struct inode *dir, struct dentry *dentry)
{
	return proc_pident_lookup(dir, dentry, kernel_stuff,
				  ARRAY_SIZE(kernel_stuff), NULL);
}

static int proc_sys_kernel_readdir(struct file *file, struct dir_context *ctx)
{
	if (proc_emit_dots(ctx))
		proc_pident_readdir(ctx, kernel_stuff, ARRAY_SIZE(kernel_stuff),
				    2);
	return 0;
}

static const struct inode_operations proc_sys_kernel_inode_operations = {
	.lookup		= proc_sys_kernel_lookup,
};

static const struct file_operations proc_sys_kernel_operations = {
	.iterate	= proc_sys_kernel_readdir,
	.llseek		= proc_dir_llseek,
};

static const struct pid_entry sys_stuff[] = {
	DIR("kernel", 0555, &proc_sys_kernel_inode_operations,
	    &proc_sys_kernel_operations),
};

static int proc_sys_lookup(struct inode *dir, struct dentry *dentry)
{
	return proc_pident_lookup(dir, dentry, sys_stuff,
				  ARRAY_SIZE(sys_stuff), NULL);
}

static int proc_sys_readdir(struct file *file, struct dir_context *ctx)
{
	if (proc_emit_dots(ctx))
		proc_pident_readdir(ctx, sys_stuff, ARRAY_SIZE(sys_stuff), 2);
	return 0;
}

const struct inode_operations proc_sys_inode_operations = {
	.lookup		= proc_sys_lookup,
};

const struct file_operations proc_sys_operations = {
	.iterate	= proc_sys_readdir,
	.llseek		= proc_dir_llseek,
};
