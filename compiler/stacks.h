/* stacks.h - several stacks in one program.
 *
 * `stack = NAME` in the block of a top-level resource, component instance or
 * output puts that item (and everything an instance makes) in the stack NAME;
 * every other item is in the program's own stack (named by the stack block, or
 * after the first source file). A program that names no stack is one stack,
 * built exactly as before.
 *
 *   stacks_collect  before resolving: takes the `stack = NAME` entries out of
 *                   the blocks (no later pass sees them) and remembers them
 *   stacks_split    after lowering: cuts the template into one per stack, in
 *                   dependency order; a reference from one stack to another
 *                   becomes an Output with an Export in the producer and
 *                   Fn::ImportValue in the consumer
 *
 * Export names are "<producer stack name>-<logical ID>[-<attribute>]", e.g.
 * "notejam-database-prod-Db-Endpoint-Address": stable as long as the program,
 * stack, environment and item names are. */
#ifndef PHX_COMPILER_STACKS_H
#define PHX_COMPILER_STACKS_H

#include <stdbool.h>
#include <stddef.h>

#include "srcfile.h"

struct arena;
struct ast_node;
struct diag_ctx;
struct ir_template;

/* CloudFormation's limit on an export name; its characters are letters,
 * digits, '-' and ':'. */
#define STACKS_EXPORT_MAX 255

struct stack_mark {
	const struct ast_node *item;	/* AST_RESOURCE, AST_INSTANCE, AST_OUTPUT */
	const char *name;		/* the stack, as written */
	struct phx_loc loc;		/* the `stack = NAME` entry */
};

struct stack_plan {
	struct stack_mark *marks;
	size_t n, cap;
};

/* Takes `stack = NAME` out of the blocks of items (the whole program, its
 * components included: there the entry is an error). Errors go to d. */
void stacks_collect(struct arena *a, struct diag_ctx *d, struct ast_node *items,
		    struct stack_plan *p);

/* True when some item names a stack. */
bool stacks_named(const struct stack_plan *p);

/* Cuts t into one template per stack (t->parts, in dependency order; see
 * ir.h). program is the program's own stack's short name (stack block or
 * first file). Returns the number of errors (cycles between stacks, export
 * names CloudFormation would refuse), located in d. */
unsigned stacks_split(struct arena *a, struct diag_ctx *d, const struct stack_plan *p,
		      const char *program, struct ir_template *t);

/* An export name CloudFormation accepts: 1 to 255 letters, digits, '-', ':'.
 * NULL when good, else the reason (static text). */
const char *stacks_export_name_problem(const char *name);

#endif
