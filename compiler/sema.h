/* sema.h - the check pass: shapes of blocks, keys, units and types that do
 * not need the resource schema. */
#ifndef PHX_COMPILER_SEMA_H
#define PHX_COMPILER_SEMA_H

#include <stdbool.h>

struct arena;
struct diag_ctx;
struct program;
struct ast_node;

enum unit_dim {
	UNIT_NONE,
	UNIT_DURATION,	/* base: seconds */
	UNIT_PERCENT,	/* base: percent */
	UNIT_SIZE,	/* base: bytes */
};

struct unit_info {
	const char *name;
	enum unit_dim dim;
	double scale;	/* base units per one */
};

/* The unit called name ("d", "%", "GB" ...), or NULL. */
const struct unit_info *sema_unit(const char *name);

/* Checks the program; returns the number of errors it queued. */
unsigned sema_run(struct arena *a, struct diag_ctx *d, struct program *prog, bool trace);

#endif
