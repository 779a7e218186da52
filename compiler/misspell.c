/* misspell.c - edit distance and the closest known name. */
#include "phx.h"
#include "misspell.h"

#include <ctype.h>
#include <string.h>

#define MISSPELL_MAXLEN 64

/* Levenshtein distance with transpositions (optimal string alignment).
 * A change of case alone costs 1 for the whole word, so 'bucketname' finds
 * 'BucketName' before anything else. */
unsigned misspell_distance(const char *a, const char *b)
{
	unsigned d[MISSPELL_MAXLEN + 1][MISSPELL_MAXLEN + 1];
	size_t la = strlen(a), lb = strlen(b);

	if (la > MISSPELL_MAXLEN || lb > MISSPELL_MAXLEN)
		return UINT32_MAX / 2;
	if (la == lb && !strcasecmp(a, b))
		return strcmp(a, b) ? 1 : 0;
	for (size_t i = 0; i <= la; i++)
		d[i][0] = (unsigned)i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = (unsigned)j;
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++) {
			unsigned cost = tolower((unsigned char)a[i - 1]) ==
					tolower((unsigned char)b[j - 1]) ? 0 : 1;
			unsigned v = d[i - 1][j] + 1;

			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + cost < v)
				v = d[i - 1][j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	}
	return d[la][lb];
}

void misspell_init(struct misspell *m, const char *want)
{
	m->want = want;
	m->best = NULL;
	m->best_dist = UINT32_MAX;
}

void misspell_offer(struct misspell *m, const char *candidate)
{
	size_t len = strlen(m->want);
	unsigned reach = len < 4 ? 1 : (unsigned)(len / 3);
	unsigned dist;

	if (!candidate || !*candidate || !strcmp(candidate, m->want))
		return;
	dist = misspell_distance(m->want, candidate);
	if (dist > reach || dist >= m->best_dist)
		return;
	/* ties keep the first offered: callers offer in a stable order */
	m->best = candidate;
	m->best_dist = dist;
}

const char *misspell_best(const struct misspell *m)
{
	return m->best;
}
