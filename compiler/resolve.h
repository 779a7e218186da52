/* resolve.h - names, references, environments and the dependency graph.
 *
 * res_run() walks the items of a whole program (all files), declares every
 * name, binds every AST_REF to its struct sym, checks environments and finds
 * dependency cycles. The struct program it fills is what later passes read. */
#ifndef PHX_COMPILER_RESOLVE_H
#define PHX_COMPILER_RESOLVE_H

#include <stdbool.h>
#include <stddef.h>

#include "srcfile.h"

struct arena;
struct diag_ctx;
struct ast_node;

enum sym_kind {
	SYM_RESOURCE,	/* resource NAME "T" { } */
	SYM_PARAM,	/* param NAME : T */
	SYM_PSEUDO,	/* aws.region ... */
	SYM_ENV,	/* env.key, env.name */
	SYM_INSTANCE,	/* COMPONENT NAME { } */
	SYM_ARG,	/* a component's argument */
	SYM_LOOP,	/* the variable of a for */
	SYM_LET,	/* let NAME = expr */
};

struct sym_edge {
	struct sym *to;
	struct phx_loc at;	/* the reference that makes the edge */
};

struct sym {
	enum sym_kind kind;
	const char *name;
	const char *logical_id;	/* resources, params; "AWS::Region" for pseudos */
	struct ast_node *decl;	/* NULL for SYM_PSEUDO, SYM_ENV */
	/* SYM_RESOURCE: resources this one needs (references and depends_on) */
	struct sym_edge *deps;
	size_t ndeps, capdeps;
	size_t index;		/* position among the nodes of res_find_cycles */
	bool in_if;		/* declared inside an if: may repeat in another branch */
	struct ast_node *loop;	/* the innermost for it is declared in, or NULL */
};

struct program {
	struct ast_node *items;
	struct ast_node **components;	/* every component, imported ones too */
	size_t ncomponents;
	struct ast_node *stack;		/* the stack block, or NULL */
	struct ast_node **resources;	/* every resource declaration, in source order,
					 * inside components, ifs and fors too */
	size_t nresources;
	struct ast_node **params;
	size_t nparams;
	struct ast_node **outputs;
	size_t noutputs;
	struct ast_node **envs;
	size_t nenvs;
	const char *default_name;	/* stack name when there is no stack block */
	unsigned missing_modules;	/* imports not found: their components are not
					 * reported unknown again */
};

/* Binds names and references; returns the number of errors it queued. */
unsigned res_run(struct arena *a, struct diag_ctx *d, struct program *prog);

/* "web_lb" -> "WebLb": the stable CloudFormation logical ID of a name. */
const char *res_logical_id(struct arena *a, const char *name);

/* The env block called name, or NULL. */
struct ast_node *res_find_env(const struct program *prog, const char *name);
/* The component called name, or NULL. */
struct ast_node *res_find_component(const struct program *prog, const char *name);

/* Reports dependency cycles among nodes[0..n) (their deps edges; index must
 * be each node's position). Used on the expanded program, where every
 * resource of every component instance is a node. */
void res_find_cycles(struct diag_ctx *d, struct sym **nodes, size_t n);

#endif
