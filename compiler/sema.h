/* sema.h - the check pass: shapes of blocks, keys, units and types that do
 * not need the resource schema. */
#ifndef PHX_COMPILER_SEMA_H
#define PHX_COMPILER_SEMA_H

#include <stdbool.h>

struct arena;
struct diag_ctx;
struct program;
struct ast_node;

/* The settings each block accepts, NULL-terminated: the check and the
 * language server's completion read the same lists. */
extern const char *const sema_stack_keys[];
extern const char *const sema_param_keys[];
extern const char *const sema_output_keys[];

/* Checks the program; returns the number of errors it queued. */
unsigned sema_run(struct arena *a, struct diag_ctx *d, struct program *prog, bool trace);

#endif
