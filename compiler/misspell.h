/* misspell.h - "did you mean" suggestions (nftables src/misspell.c). */
#ifndef PHX_COMPILER_MISSPELL_H
#define PHX_COMPILER_MISSPELL_H

#include <stddef.h>

struct misspell {
	const char *want;
	const char *best;
	unsigned best_dist;
};

void misspell_init(struct misspell *m, const char *want);
/* Offers a candidate; the closest one within reach is kept. */
void misspell_offer(struct misspell *m, const char *candidate);
/* The suggestion, or NULL when nothing is close enough. */
const char *misspell_best(const struct misspell *m);
/* Edit distance, case differences costing nothing extra but one. */
unsigned misspell_distance(const char *a, const char *b);

#endif
