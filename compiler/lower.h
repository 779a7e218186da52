/* lower.h - from a checked program to a CloudFormation template (ir.h).
 *
 * Lowering runs once per environment: env.KEY is replaced by the selected
 * environment's value, so the template for prod holds only prod's values. */
#ifndef PHX_COMPILER_LOWER_H
#define PHX_COMPILER_LOWER_H

#include <stdbool.h>

#include "sema.h"

struct arena;
struct diag_ctx;
struct program;
struct ast_node;
struct ir_template;

/* env is the selected env block, or NULL when the program declares none.
 * limits: check CloudFormation's quotas on resources, outputs, parameters.
 * Returns NULL when lowering found errors (queued in d). */
struct ir_template *lower_program(struct arena *a, struct diag_ctx *d, struct program *prog,
				  struct ast_node *env, bool limits);

#endif
