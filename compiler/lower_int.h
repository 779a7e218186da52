/* lower_int.h - shared by lower.c and lower_graph.c only. */
#ifndef PHX_COMPILER_LOWER_INT_H
#define PHX_COMPILER_LOWER_INT_H

#include <stdbool.h>
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
/* Calls fn for each resource that v refers to (Ref, Fn::GetAtt, ${X} in
 * Fn::Sub), with the conditions in force there: have, and with guards
 * those of the Fn::If branches around it. */
typedef void lower_ref_fn(struct lower_ctx *c, void *ud, struct xres *to, const struct cond_set *have);
void lower_refs(struct lower_ctx *c, struct idmap *m, const struct ir *v, const struct cond_set *have,
		bool guards, lower_ref_fn *fn, void *ud);
/* Dependency cycles on the expanded graph (m holds every resource). */
void lower_cycles(struct lower_ctx *c, struct idmap *m);

/* lower_cond.c: references that CloudFormation would refuse because of
 * conditions, and the Conditions and Mappings sections. */
void lower_cond_check(struct lower_ctx *c, struct idmap *m, const struct ir *v,
		      const struct cond_set *have, const char *who, struct phx_loc at);
void lower_cond_sections(struct lower_ctx *c, struct ir *root);

#endif
