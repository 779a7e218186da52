/* arena.c - bump allocator in chained blocks.
 *
 * Blocks come from mmap, not malloc: their pages are zero when first
 * touched, so nothing is cleared twice, and giving a block back is one
 * munmap instead of the heap trims (brk calls) that freeing malloc'd blocks
 * at the top of the heap caused, about thirty at the end of every build.
 * Blocks double from 64 KiB, so a compilation takes a handful of mappings;
 * a request larger than half a block gets a mapping of its own.
 *
 * Touching a fresh page is what a compilation mostly pays for: on the
 * virtual machines we measured, a page fault costs about 13 us, and a build
 * of examples/phoenix touched some 600 pages (8 ms of its 17). Two things
 * keep that down:
 * - A compilation's arena (arena_new_big) starts with one 2 MiB region
 *   aligned to 2 MiB and advised MADV_HUGEPAGE: where the kernel has
 *   transparent huge pages, that is one fault instead of up to 512
 *   (elsewhere, nothing changes), and it holds a build of examples/phoenix
 *   whole. Long-lived processes that keep many compilations (the language
 *   server) turn this off with arena_compact(), since each would then hold
 *   2 MiB. Other arenas are small and short-lived: they never take one.
 * - A freed block is kept for the next arena (cleared where it was used)
 *   instead of unmapped, up to ARENA_KEEP bytes: the encoder's arena of
 *   each template reuses the pages of the one before. */
#include "phx.h"
#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

struct arena_block {
	struct arena_block *next;
	size_t used, size;	/* of data[] */
	size_t mapped;		/* the whole mapping; 0: from malloc */
	max_align_t data[];
};

struct arena {
	struct arena_block *head;
	size_t total;
	size_t next_size;	/* of the next regular block */
};

#define ARENA_BLOCK (64 * 1024)
#define ARENA_BLOCK_MAX (1024 * 1024)
#define ARENA_HUGE (2 * 1024 * 1024)	/* x86-64's transparent huge page */
#define ARENA_KEEP (4 * 1024 * 1024)

static bool arena_small_only;	/* arena_compact() */
static struct arena_block *arena_kept;	/* freed blocks, for reuse */
static size_t arena_kept_bytes;

static struct arena_block *arena_block_reuse(size_t size);
static struct arena_block *arena_block_huge(void);

void arena_compact(void)
{
	arena_small_only = true;
}

struct arena *arena_new(void)
{
	struct arena *a = xcalloc(1, sizeof(struct arena));

	a->next_size = ARENA_BLOCK;
	return a;
}

struct arena *arena_new_big(void)
{
	struct arena *a = arena_new();

	if (!arena_small_only)
		a->head = arena_block_reuse(ARENA_HUGE - sizeof(struct arena_block));
	if (!arena_small_only && !a->head)
		a->head = arena_block_huge();
	return a;
}

void arena_free(struct arena *a)
{
	struct arena_block *b, *next;

	if (!a)
		return;
	for (b = a->head; b; b = next) {
		next = b->next;
		if (b->mapped && arena_kept_bytes + b->mapped <= ARENA_KEEP) {
			memset(b->data, 0, b->used);	/* the contract: zeroed memory */
			b->used = 0;
			b->next = arena_kept;
			arena_kept = b;
			arena_kept_bytes += b->mapped;
		} else if (b->mapped) {
			munmap(b, b->mapped);
		} else {
			free(b);
		}
	}
	free(a);
}

/* A kept block of at least size bytes, taken off the list. */
static struct arena_block *arena_block_reuse(size_t size)
{
	for (struct arena_block **p = &arena_kept; *p; p = &(*p)->next)
		if ((*p)->size >= size) {
			struct arena_block *b = *p;

			*p = b->next;
			b->next = NULL;
			arena_kept_bytes -= b->mapped;
			return b;
		}
	return NULL;
}

/* A 2 MiB block on a 2 MiB boundary, advised to be one huge page; NULL if
 * the address space will not have it. */
static struct arena_block *arena_block_huge(void)
{
	char *m = mmap(NULL, 2 * ARENA_HUGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0), *start;
	struct arena_block *b;

	if (m == MAP_FAILED)
		return NULL;
	start = (char *)(((uintptr_t)m + ARENA_HUGE - 1) & ~(uintptr_t)(ARENA_HUGE - 1));
	if (start > m)
		munmap(m, (size_t)(start - m));
	munmap(start + ARENA_HUGE, (size_t)(m + 2 * ARENA_HUGE - (start + ARENA_HUGE)));
#ifdef MADV_HUGEPAGE
	(void)madvise(start, ARENA_HUGE, MADV_HUGEPAGE);	/* advice only */
#endif
	b = (struct arena_block *)start;
	b->mapped = ARENA_HUGE;
	b->size = ARENA_HUGE - sizeof(*b);
	b->used = 0;
	return b;
}

static struct arena_block *arena_block_new(size_t size)
{
	size_t page = 4096, mapped = (sizeof(struct arena_block) + size + page - 1) / page * page;
	struct arena_block *b = arena_block_reuse(size);

	if (b)
		return b;
	b = mmap(NULL, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (b == MAP_FAILED) {
		/* malloc's turn, zeroed by hand; xmalloc reports running out */
		b = xmalloc(mapped);
		memset(b, 0, mapped);
		b->mapped = 0;
	} else {
		b->mapped = mapped;
	}
	b->size = mapped - sizeof(*b);
	b->used = 0;
	return b;
}

void *arena_alloc(struct arena *a, size_t n)
{
	struct arena_block *b = a->head;
	size_t align = sizeof(max_align_t);
	void *p;

	n = (n + align - 1) / align * align;
	if (!n)
		n = align;
	if (!b || b->size - b->used < n) {
		if (n > a->next_size / 2) {
			b = arena_block_new(n);
			/* big one-off block: keep the current block for small items */
			if (a->head) {
				b->next = a->head->next;
				a->head->next = b;
			} else {
				b->next = NULL;
				a->head = b;
			}
		} else {
			b = arena_block_new(a->next_size);
			if (a->next_size < ARENA_BLOCK_MAX)
				a->next_size *= 2;
			b->next = a->head;
			a->head = b;
		}
	}
	/* fresh mapped pages are zero and a block's bytes are handed out once */
	p = (char *)b->data + b->used;
	b->used += n;
	a->total += n;
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

void *arena_grow(struct arena *a, void *old, size_t *cap, size_t want, size_t elem)
{
	size_t ncap;
	void *p;

	if (want <= *cap)
		return old;
	ncap = *cap ? *cap * 2 : 2;
	while (ncap < want)
		ncap *= 2;
	p = arena_alloc(a, ncap * elem);
	if (old)
		memcpy(p, old, *cap * elem);
	*cap = ncap;
	return p;
}

size_t arena_used(const struct arena *a)
{
	return a->total;
}
