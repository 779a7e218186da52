/* lower_int.h - shared by lower.c and lower_graph.c only. */
#ifndef PHX_COMPILER_LOWER_INT_H
#define PHX_COMPILER_LOWER_INT_H

#include <stddef.h>

#include "eval.h"

struct lower_ctx {
	struct eval_ctx ev;
	struct ir_template *t;
	struct xscope *global;
	struct ir *outputs;
};

/* Every lowered resource by logical ID. */
struct idmap {
	struct xres **slots;
	size_t cap;
};

struct xres **idmap_slot(struct idmap *m, const char *id, size_t len);
/* Dependency cycles on the expanded graph (m holds every resource). */
void lower_cycles(struct lower_ctx *c, struct idmap *m);

#endif
