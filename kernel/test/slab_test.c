// kernel/test/slab_test.c — tests for kmem_cache (kernel/mm/slab.c).
//
// Linux: mm/slub_kunit.c checks SLUB's debugging; these check the
// contract every cache user relies on: sizes, alignment, reuse, the live
// count that leak tests read, constructors, and destroy.

#include <nook/ktest.h>
#include <nook/mm.h>
#include <nook/slab.h>

#define NR_OBJS		100
#define OBJ_SIZE	24
#define BIG_OBJ_SIZE	5000	/* more than a page: multi-page slabs */
#define CTOR_PATTERN	0x5eed5eedUL

static void test_objects_are_distinct(struct ktest *t)
{
	struct kmem_cache *c = kmem_cache_create("test_24", OBJ_SIZE, 0, 0, NULL);
	char *objs[NR_OBJS];
	int overlaps = 0;

	KASSERT_NOT_NULL(t, c);
	for (int i = 0; i < NR_OBJS; i++) {
		objs[i] = kmem_cache_alloc(c);
		KASSERT_NOT_NULL(t, objs[i]);
	}
	for (int i = 0; i < NR_OBJS; i++)
		for (int j = 0; j < NR_OBJS; j++)
			if (i != j && objs[i] < objs[j] + OBJ_SIZE &&
			    objs[j] < objs[i] + OBJ_SIZE)
				overlaps++;
	KEXPECT_EQ(t, overlaps, 0);
	for (int i = 0; i < NR_OBJS; i++)
		kmem_cache_free(c, objs[i]);
	kmem_cache_destroy(c);
}

static void test_alignment_honoured(struct ktest *t)
{
	static const size_t aligns[] = { 0, 16, 64, 128, 256, 1024 };

	for (size_t i = 0; i < ARRAY_SIZE(aligns); i++) {
		size_t want = aligns[i] ? aligns[i] : ARCH_KMALLOC_MINALIGN;
		struct kmem_cache *c = kmem_cache_create("test_align", 40,
							 aligns[i], 0, NULL);
		void *a, *b;

		KASSERT_NOT_NULL(t, c);
		a = kmem_cache_alloc(c);
		b = kmem_cache_alloc(c);
		KASSERT_NOT_NULL(t, a);
		KASSERT_NOT_NULL(t, b);
		KEXPECT_EQ(t, (unsigned long)a % want, 0);
		KEXPECT_EQ(t, (unsigned long)b % want, 0);
		kmem_cache_free(c, a);
		kmem_cache_free(c, b);
		kmem_cache_destroy(c);
	}
}

static void test_hwcache_align(struct ktest *t)
{
	struct kmem_cache *c = kmem_cache_create("test_hw", 8, 0,
						 SLAB_HWCACHE_ALIGN, NULL);
	void *a;

	KASSERT_NOT_NULL(t, c);
	a = kmem_cache_alloc(c);
	KEXPECT_EQ(t, (unsigned long)a % L1_CACHE_BYTES, 0);
	kmem_cache_free(c, a);
	kmem_cache_destroy(c);
}

static void test_bad_arguments(struct ktest *t)
{
	KEXPECT_NULL(t, kmem_cache_create("test_zero", 0, 0, 0, NULL));
	KEXPECT_NULL(t, kmem_cache_create("test_align3", 16, 3, 0, NULL));
}

/* While b keeps the slab alive, the object freed last is given first. */
static void test_freed_object_reused(struct ktest *t)
{
	struct kmem_cache *c = kmem_cache_create("test_reuse", 32, 0, 0, NULL);
	void *a, *b, *again;

	KASSERT_NOT_NULL(t, c);
	a = kmem_cache_alloc(c);
	b = kmem_cache_alloc(c);
	kmem_cache_free(c, a);
	again = kmem_cache_alloc(c);
	KEXPECT_TRUE(t, again == a);
	kmem_cache_free(c, again);
	kmem_cache_free(c, b);
	kmem_cache_destroy(c);
}

/* Live counts go up and back to zero, and the pages go back too. */
static void test_live_count_and_pages(struct ktest *t)
{
	struct kmem_cache *c = kmem_cache_create("test_live", BIG_OBJ_SIZE,
						 0, 0, NULL);
	unsigned long free_before;
	void *objs[NR_OBJS];
	struct slabinfo info;

	KASSERT_NOT_NULL(t, c);
	free_before = nr_free_pages();
	KEXPECT_EQ(t, kmem_cache_live(c), 0);
	for (int i = 0; i < NR_OBJS; i++) {
		objs[i] = kmem_cache_alloc(c);
		KASSERT_NOT_NULL(t, objs[i]);
		memset(objs[i], i, BIG_OBJ_SIZE);
	}
	KEXPECT_EQ(t, kmem_cache_live(c), NR_OBJS);
	get_slabinfo(c, &info);
	KEXPECT_GT(t, info.pages_per_slab, 1);
	KEXPECT_GE(t, info.num_objs, NR_OBJS);
	KEXPECT_LT(t, nr_free_pages(), free_before);
	/* kfree finds the cache even from a slab's second page. */
	for (int i = 0; i < NR_OBJS; i++)
		kfree(objs[i]);
	KEXPECT_EQ(t, kmem_cache_live(c), 0);
	KEXPECT_EQ(t, nr_free_pages(), free_before);
	kmem_cache_destroy(c);
}

static unsigned long ctor_calls;

static void test_ctor(void *obj)
{
	*(unsigned long *)obj = CTOR_PATTERN;
	ctor_calls++;
}

/* The ctor runs once per object when its slab is made, and the state it
 * sets survives a free (the free link must not overwrite it). */
static void test_ctor_runs(struct ktest *t)
{
	struct kmem_cache *c = kmem_cache_create("test_ctor", sizeof(long),
						 0, 0, test_ctor);
	struct slabinfo info;
	unsigned long *a, *b;

	KASSERT_NOT_NULL(t, c);
	ctor_calls = 0;
	a = kmem_cache_alloc(c);
	b = kmem_cache_alloc(c);
	KASSERT_NOT_NULL(t, a);
	get_slabinfo(c, &info);
	KEXPECT_EQ(t, ctor_calls, info.objects_per_slab);
	KEXPECT_EQ(t, *a, CTOR_PATTERN);
	kmem_cache_free(c, a);
	a = kmem_cache_alloc(c);
	KEXPECT_EQ(t, *a, CTOR_PATTERN);
	kmem_cache_free(c, a);
	kmem_cache_free(c, b);
	kmem_cache_destroy(c);
}

static void test_zalloc_zeroes(struct ktest *t)
{
	struct kmem_cache *c = kmem_cache_create("test_zalloc", 64, 0, 0, NULL);
	unsigned char *p;
	int nonzero = 0;

	KASSERT_NOT_NULL(t, c);
	p = kmem_cache_alloc(c);
	memset(p, 0xff, 64);
	kmem_cache_free(c, p);
	p = kmem_cache_zalloc(c);
	for (int i = 0; i < 64; i++)
		nonzero += p[i] != 0;
	KEXPECT_EQ(t, nonzero, 0);
	kmem_cache_free(c, p);
	kmem_cache_destroy(c);
}

struct find_cache {
	const char *name;
	struct slabinfo found;
	int count;
};

static void match_cache(const struct slabinfo *info, void *arg)
{
	struct find_cache *f = arg;

	if (!strcmp(info->name, f->name)) {
		f->found = *info;
		f->count++;
	}
}

/* slabinfo lists a cache while it exists, with its counts, then not. */
static void test_slabinfo_and_destroy(struct ktest *t)
{
	struct kmem_cache *c = kmem_cache_create("test_listed", 100, 0, 0, NULL);
	struct find_cache f = { .name = "test_listed" };
	void *obj;

	KASSERT_NOT_NULL(t, c);
	obj = kmem_cache_alloc(c);
	slabinfo_for_each(match_cache, &f);
	KEXPECT_EQ(t, f.count, 1);
	KEXPECT_EQ(t, f.found.object_size, 100);
	KEXPECT_EQ(t, f.found.active_objs, 1);
	kmem_cache_free(c, obj);
	kmem_cache_destroy(c);

	f.count = 0;
	slabinfo_for_each(match_cache, &f);
	KEXPECT_EQ(t, f.count, 0);
}

static struct ktest_case slab_cases[] = {
	KTEST_CASE(test_objects_are_distinct),
	KTEST_CASE(test_alignment_honoured),
	KTEST_CASE(test_hwcache_align),
	KTEST_CASE(test_bad_arguments),
	KTEST_CASE(test_freed_object_reused),
	KTEST_CASE(test_live_count_and_pages),
	KTEST_CASE(test_ctor_runs),
	KTEST_CASE(test_zalloc_zeroes),
	KTEST_CASE(test_slabinfo_and_destroy),
	{}
};

static struct ktest_suite slab_suite = {
	.name = "slab",
	.cases = slab_cases,
};
KTEST_SUITE(slab_suite);
