// kernel/fs/dcache.c — dentries: the names of the file tree, and their counts.
//
// Linux: fs/dcache.c. A dentry ties a name in a directory to an inode (or
// to nothing: a negative dentry remembers that a name does not exist).
// Each dentry holds a reference on its parent, so a dentry keeps the whole
// path above it alive. Linux keeps unused dentries on an LRU; Nook frees a
// dentry at its last dput, which is what Linux does for filesystems whose
// d_delete says "always delete" (tmpfs's simple_lookup sets that). A
// filesystem that wants a name to stay (tmpfs: every file) keeps its own
// reference, the "pin", until the name is removed.
//
// dcache_lock (see nook/fs.h) guards every field below and every d_count.

#include <nook/errno.h>
#include <nook/fs.h>
#include <nook/panic.h>
#include <nook/slab.h>
#include <nook/string.h>

DEFINE_SPINLOCK(dcache_lock);
static struct kmem_cache *dentry_cache;

unsigned long dentry_live(void)
{
	return kmem_cache_live(dentry_cache);
}

struct dentry *dget(struct dentry *dentry)
{
	spin_lock(&dcache_lock);
	dentry->d_count++;
	spin_unlock(&dcache_lock);
	return dentry;
}

static void d_free_name(struct qstr *name, struct dentry *dentry)
{
	if (name->name != dentry->d_iname)
		kfree(name->name);
}

/* Copies name into memory the dentry owns; fills *out. */
static int d_copy_name(struct dentry *dentry, const struct qstr *name,
		       struct qstr *out)
{
	char *buf = dentry->d_iname;

	if (name->len >= sizeof(dentry->d_iname)) {
		buf = kmalloc(name->len + 1);
		if (!buf)
			return -ENOMEM;
	}
	memcpy(buf, name->name, name->len);
	buf[name->len] = '\0';
	out->name = buf;
	out->len = name->len;
	return 0;
}

/*
 * Drops a reference. The last one frees the dentry, drops its inode and
 * then its own reference on the parent, which may free the parent too:
 * a loop, not recursion, so a deep path cannot overflow the stack.
 */
void dput(struct dentry *dentry)
{
	while (dentry) {
		struct dentry *parent;
		struct inode *inode;

		spin_lock(&dcache_lock);
		if (WARN_ON(dentry->d_count <= 0) || --dentry->d_count > 0) {
			spin_unlock(&dcache_lock);
			return;
		}
		parent = dentry->d_parent == dentry ? NULL : dentry->d_parent;
		list_del_init(&dentry->d_child);
		inode = dentry->d_inode;
		dentry->d_inode = NULL;
		spin_unlock(&dcache_lock);

		d_free_name(&dentry->d_name, dentry);
		kmem_cache_free(dentry_cache, dentry);
		if (inode)
			iput(inode);
		dentry = parent;
	}
}

static struct dentry *__d_alloc(struct super_block *sb,
				const struct qstr *name)
{
	struct dentry *dentry = kmem_cache_zalloc(dentry_cache);

	if (!dentry)
		return NULL;
	if (d_copy_name(dentry, name, &dentry->d_name)) {
		kmem_cache_free(dentry_cache, dentry);
		return NULL;
	}
	dentry->d_count = 1;
	dentry->d_sb = sb;
	dentry->d_parent = dentry;
	INIT_LIST_HEAD(&dentry->d_child);
	INIT_LIST_HEAD(&dentry->d_subdirs);
	return dentry;
}

/*
 * A new negative dentry named name under parent, visible to d_lookup at
 * once. The caller holds the parent's sb->s_dir_lock, so no one else can
 * add the same name meanwhile.
 */
struct dentry *d_alloc(struct dentry *parent, const struct qstr *name)
{
	struct dentry *dentry = __d_alloc(parent->d_sb, name);

	if (!dentry)
		return NULL;
	spin_lock(&dcache_lock);
	parent->d_count++;
	dentry->d_parent = parent;
	list_add_tail(&dentry->d_child, &parent->d_subdirs);
	spin_unlock(&dcache_lock);
	return dentry;
}

/* The root dentry of a new super block; consumes the inode reference. */
struct dentry *d_make_root(struct inode *root)
{
	static const struct qstr slash = QSTR_INIT("/", 1);
	struct dentry *dentry;

	if (!root)
		return NULL;
	dentry = __d_alloc(root->i_sb, &slash);
	if (!dentry) {
		iput(root);
		return NULL;
	}
	dentry->d_inode = root;
	return dentry;
}

static bool d_name_eq(const struct dentry *dentry, const struct qstr *name)
{
	return dentry->d_name.len == name->len &&
	       !memcmp(dentry->d_name.name, name->name, name->len);
}

/* The child of parent called name (with a reference), or NULL. */
struct dentry *d_lookup(struct dentry *parent, const struct qstr *name)
{
	struct dentry *child, *found = NULL;

	spin_lock(&dcache_lock);
	list_for_each_entry(child, &parent->d_subdirs, d_child) {
		if (!(child->d_flags & DCACHE_UNHASHED) &&
		    d_name_eq(child, name)) {
			child->d_count++;
			found = child;
			break;
		}
	}
	spin_unlock(&dcache_lock);
	return found;
}

/* Makes a negative dentry positive; consumes the inode reference. */
void d_instantiate(struct dentry *dentry, struct inode *inode)
{
	spin_lock(&dcache_lock);
	WARN_ON(dentry->d_inode);
	dentry->d_inode = inode;
	spin_unlock(&dcache_lock);
}

/*
 * The name is gone (unlink, rmdir, renamed over): no walk finds this
 * dentry again, but whoever holds it still sees its inode, as an open file
 * of an unlinked name still reads its data.
 */
void d_delete(struct dentry *dentry)
{
	spin_lock(&dcache_lock);
	dentry->d_flags |= DCACHE_UNHASHED;
	spin_unlock(&dcache_lock);
}

/*
 * rename: dentry takes target's place (its parent and name); target is
 * unhashed. The caller holds the sb's s_dir_lock, which keeps both
 * parents where they are. Fails only for memory, before changing anything.
 */
int d_move(struct dentry *dentry, struct dentry *target)
{
	struct dentry *old_parent = dentry->d_parent;
	struct dentry *new_parent = target->d_parent;
	const char *old_name = dentry->d_name.name;
	char *long_name = NULL;

	if (target->d_name.len >= sizeof(dentry->d_iname)) {
		long_name = kmalloc(target->d_name.len + 1);
		if (!long_name)
			return -ENOMEM;
	}

	spin_lock(&dcache_lock);
	target->d_flags |= DCACHE_UNHASHED;
	/* d_lookup reads names under dcache_lock, so copy under it too. */
	if (!long_name)
		long_name = dentry->d_iname;
	memcpy(long_name, target->d_name.name, target->d_name.len);
	long_name[target->d_name.len] = '\0';
	dentry->d_name = (struct qstr)QSTR_INIT(long_name, target->d_name.len);
	if (old_parent != new_parent) {
		new_parent->d_count++;
		dentry->d_parent = new_parent;
	}
	list_del(&dentry->d_child);
	list_add_tail(&dentry->d_child, &new_parent->d_subdirs);
	spin_unlock(&dcache_lock);

	if (old_name != dentry->d_iname)
		kfree(old_name);
	if (old_parent != new_parent)
		dput(old_parent);
	return 0;
}

/*
 * At unmount: drop the filesystem's pin on every name below root, deepest
 * first, which frees the whole tree (Linux: d_genocide, then dput of the
 * root, in kill_litter_super). Nobody else can reach the tree any more, so
 * walking the lists without dcache_lock is safe; dput still takes it.
 */
void d_genocide(struct dentry *root)
{
	struct dentry *child, *next;

	list_for_each_entry_safe(child, next, &root->d_subdirs, d_child) {
		d_genocide(child);
		dput(child);
	}
}

void dcache_init(void)
{
	dentry_cache = kmem_cache_create("dentry", sizeof(struct dentry), 0,
					 0, NULL);
	BUG_ON(!dentry_cache);
}
