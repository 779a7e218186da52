/* arena_test.c - compiler/arena.c: memory handed out is zeroed and never
 * shared, also when blocks are kept and reused by later arenas, big
 * (huge-page) and small ones alike. Prints TAP. */
#include "phx.h"
#include "arena.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int n_test, n_failed;

static void ok(bool cond, const char *what)
{
	n_test++;
	if (!cond)
		n_failed++;
	printf("%sok %d - %s\n", cond ? "" : "not ", n_test, what);
}

static bool all_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

enum { NPTR = 4096 };

/* Fills an arena with allocations of varied sizes, each checked zero and
 * then written with its own byte; checks afterwards that no allocation
 * was overwritten by a later one. */
static bool fill(struct arena *a, unsigned seed, size_t want, bool *zeroed)
{
	static unsigned char *ptr[NPTR];
	static size_t len[NPTR];
	size_t n = 0, total = 0;

	*zeroed = true;
	while (total < want && n < NPTR) {
		size_t sz = 1 + (seed = seed * 1103515245u + 12345u) % (n % 50 == 49 ? 200000 : 700);

		ptr[n] = arena_alloc(a, sz);
		len[n] = sz;
		if (!all_zero(ptr[n], sz))
			*zeroed = false;
		memset(ptr[n], (int)(n % 251) + 1, sz);
		total += sz;
		n++;
	}
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < len[i]; j++)
			if (ptr[i][j] != (unsigned char)(i % 251 + 1))
				return false;
	return true;
}

int main(void)
{
	bool zeroed, intact;

	alarm(60);	/* a block list that loops must fail the test, not hang it */
	for (int round = 0; round < 6; round++) {
		struct arena *big = arena_new_big(), *small = arena_new();
		char what[128];

		intact = fill(big, 7u + (unsigned)round, (size_t)(round + 1) * 900000, &zeroed);
		snprintf(what, sizeof(what), "round %d: a big arena's memory is zeroed", round);
		ok(zeroed, what);
		snprintf(what, sizeof(what), "round %d: no two allocations of a big arena overlap", round);
		ok(intact, what);
		intact = fill(small, 99u + (unsigned)round, 300000, &zeroed);
		snprintf(what, sizeof(what), "round %d: a small arena beside it, zeroed and intact", round);
		ok(zeroed && intact, what);
		ok(arena_used(small) >= 300000, "arena_used counts what was handed out");
		arena_free(small);
		arena_free(big);
	}
	{
		size_t cap = 0;
		int *v = NULL;
		struct arena *a = arena_new();

		for (int i = 0; i < 1000; i++) {
			v = arena_grow(a, v, &cap, (size_t)i + 1, sizeof(*v));
			v[i] = i;
		}
		intact = cap >= 1000;
		for (int i = 0; i < 1000; i++)
			intact = intact && v[i] == i;
		ok(intact, "arena_grow keeps the items as the array grows");
		arena_free(a);
	}
	arena_compact();
	{
		struct arena *a = arena_new_big();

		intact = fill(a, 3u, 2000000, &zeroed);
		ok(zeroed && intact, "after arena_compact, a big arena is an ordinary one, zeroed and intact");
		arena_free(a);
	}
	printf("1..%d\n", n_test);
	return n_failed ? 1 : 0;
}
