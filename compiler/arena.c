/* arena.c - bump allocator in chained blocks.
 *
 * Blocks come from mmap, not malloc: their pages are zero when first
 * touched, so nothing is cleared twice, and giving a block back is one
 * munmap instead of the heap trims (brk calls) that freeing malloc'd blocks
 * at the top of the heap caused, about thirty at the end of every build.
 * Blocks double from 64 KiB up to 1 MiB, so a compilation takes a handful
 * of mappings; a request larger than half a block gets a mapping of its own. */
#include "phx.h"
#include "arena.h"

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

struct arena *arena_new(void)
{
	struct arena *a = xcalloc(1, sizeof(struct arena));

	a->next_size = ARENA_BLOCK;
	return a;
}

void arena_free(struct arena *a)
{
	struct arena_block *b, *next;

	if (!a)
		return;
	for (b = a->head; b; b = next) {
		next = b->next;
		if (b->mapped)
			munmap(b, b->mapped);
		else
			free(b);
	}
	free(a);
}

static struct arena_block *arena_block_new(size_t size)
{
	size_t page = 4096, mapped = (sizeof(struct arena_block) + size + page - 1) / page * page;
	struct arena_block *b = mmap(NULL, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
				     -1, 0);

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
	ncap = *cap ? *cap * 2 : 8;
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
