/* eval.h - values and the evaluation of expressions.
 *
 * Lowering runs once per environment and evaluates the program: every
 * expression becomes a struct val. Values known at compile time (numbers,
 * strings, quantities, lists, maps, booleans) are folded; values known only
 * at deploy time are VAL_DYN, an intrinsic function (Ref, Fn::GetAtt, ...)
 * in IR form. Resources and component instances are values too, so that
 * `net.private_subnets` and `db.Endpoint.Address` read naturally.
 *
 * Scopes hold bindings that are evaluated lazily, once, with cycle
 * detection. Everything lives in the compilation's arena. */
#ifndef PHX_COMPILER_EVAL_H
#define PHX_COMPILER_EVAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "resolve.h"
#include "lang.h"
#include "srcfile.h"

struct arena;
struct diag_ctx;
struct ast_node;
struct ir;

enum val_kind {
	VAL_ERROR,	/* already reported: callers stay quiet */
	VAL_BOOL,
	VAL_INT,
	VAL_NUM,
	VAL_STR,
	VAL_QTY,	/* 7d, 70%, 20GB: a quantity in base units */
	VAL_LIST,
	VAL_MAP,
	VAL_DYN,	/* known at deploy time: an intrinsic */
	VAL_RES,	/* a resource */
	VAL_INST,	/* a component instance */
};

enum {
	VAL_F_RESOLVE = 1,	/* a {{resolve:...}} dynamic reference */
	VAL_F_SSM_SECURE = 2,	/* {{resolve:ssm-secure:...}} */
	VAL_F_LIST = 4,		/* VAL_DYN that is a list at deploy time */
	VAL_F_COND = 8,		/* VAL_DYN that is a condition (Fn::Equals ...) */
	VAL_F_BOOL = 16,	/* VAL_DYN: a bool parameter ("true" or "false") */
	VAL_F_CHOICE = 32,	/* VAL_DYN: if c then a else b, decided at deploy time */
	VAL_F_ROW = 64,		/* VAL_DYN: a row of a lookup table picked at deploy time */
};

/* What a VAL_F_CHOICE or VAL_F_ROW value holds besides its IR (its dyn is
 * NULL: read it with val_dyn_ir, which converts at the property). */
struct val_pick {
	const char *name;	/* the condition; the mapping */
	struct val *then, *otherwise;	/* VAL_F_CHOICE */
	struct ir *key;		/* VAL_F_ROW: the top-level key */
};

struct val_kv {
	const char *key;
	struct val *val;
	struct phx_loc key_loc;	/* where the key was written (file 0: nowhere) */
};

struct xres;
struct xinst;
struct xscope;

struct val {
	enum val_kind kind;
	unsigned flags;
	struct phx_loc loc;	/* where the value is used */
	struct phx_loc origin;	/* where it was written (an argument's value, say) */
	union {
		bool b;
		int64_t i;
		double d;
		struct {
			const char *s;
			size_t len;
		} str;
		struct {
			double base;
			enum unit_dim dim;
			const char *text;	/* as written, for messages */
		} qty;
		struct {
			struct val **v;
			size_t n;
		} list;
		struct {
			struct val_kv *v;
			size_t n;
		} map;
		struct ir *dyn;
		struct xres *res;
		struct xinst *inst;
	};
	const struct val_pick *pick;	/* VAL_F_CHOICE, VAL_F_ROW */
	const char *name;	/* VAL_MAP named by 'let': its Mappings entry */
};

/* A resource made by the expansion. */
struct xres {
	const char *name;	/* display path: web.lb, net.subnet[1] */
	const char *logical_id;
	const char *type;
	struct ast_node *decl;
	struct xscope *scope;	/* where its body is evaluated */
	struct xinst *owner;	/* instance it belongs to, or NULL */
	const struct cond_set *conds;	/* deploy-time conditions it is made under, or NULL */
	const char *key;	/* its place in the template (expand.c) */
	struct sym node;	/* for the dependency graph */
	struct ir *ir;		/* the lowered resource */
	struct xres *next;
};

/* A component instance made by the expansion. */
struct xinst {
	const char *name;	/* display path */
	struct ast_node *decl;	/* the AST_INSTANCE */
	struct ast_node *comp;	/* the AST_COMPONENT */
	struct xscope *scope;	/* its body's scope */
	struct xscope *caller;	/* where its arguments are evaluated */
	const char *key;	/* sort key of its resources (expand.c) */
	const struct cond_set *conds;	/* deploy-time conditions it is declared under */
	enum {
		XINST_DECLARED,	/* named in its caller's scope */
		XINST_OPEN,	/* scope, arguments and unconditional names made */
		XINST_EXPANDING,/* ifs, loops and nested instances under way */
		XINST_DONE,
	} state;
	struct xinst *next;	/* every instance, in the order made */
};

struct binding;

struct xscope {
	struct xscope *parent;	/* NULL for component bodies: they see only their arguments */
	struct binding **slots;
	size_t cap, n;
	struct xinst *inst;	/* the instance whose body this is */
	const char *prefix;	/* logical ID prefix (instance path) */
	const char *suffix;	/* logical ID suffix (loop keys) */
	const char *path;	/* display path prefix: "web." */
	const char *psuffix;	/* display suffix: "[1]" */
	const char *key;	/* sort key prefix of what it declares */
	struct binding **exports;	/* component body scopes: export bindings */
	size_t nexports, capexports;
};

struct pending_output {
	struct ast_node *item;
	struct xscope *scope;
	const struct cond_set *conds;
};

/* Deploy-time conditions in force (eval_cond.c): the names of the
 * template's Conditions that all hold, and the one that says so. */
struct cond_set {
	const char **atoms;
	size_t n;
	const char *name;	/* a condition equal to the conjunction of atoms */
};

struct eval_ctx {
	struct arena *a;
	struct diag_ctx *d;
	struct program *prog;
	struct ast_node *env;	/* the selected environment, or NULL */
	struct xres *cur_res;	/* resource whose properties are being evaluated */
	struct xres *res_head, **res_tail;
	struct xinst *inst_head, **inst_tail;
	struct binding **stack;	/* bindings being evaluated, innermost last */
	size_t nstack, capstack;
	size_t nres;
	unsigned depth;
	struct pending_output *outputs;	/* outputs the expansion kept, in order */
	size_t noutputs, capoutputs;
	const struct cond_set *conds;	/* conditions in force while expanding */
	struct ir *cond_defs;	/* Conditions: name -> expression, as registered */
	struct ir *cond_nots;	/* name -> the name of its negation */
	struct ir *mappings;	/* Mappings: name -> table */
	bool lang_ext;		/* AWS::LanguageExtensions needed (Fn::Length) */
};

/* Evaluates an expression. Never NULL: errors give a VAL_ERROR. */
struct val *eval_expr(struct eval_ctx *c, struct xscope *sc, struct ast_node *n);
/* A value placed in property `prop` of the current resource (NULL outside a
 * resource): quantities converted to the property's unit. NULL on error. */
struct ir *eval_to_ir(struct eval_ctx *c, struct val *v, const char *prop);

/* Scopes and bindings. */
struct xscope *eval_scope_new(struct eval_ctx *c, struct xscope *parent);
/* Binds name to a value, or to an expression evaluated on first use in
 * expr_scope. Returns false (and reports) when the scope has the name. */
bool eval_bind_value(struct eval_ctx *c, struct xscope *sc, const char *name, struct phx_loc at,
		     struct val *v);
bool eval_bind_lazy(struct eval_ctx *c, struct xscope *sc, const char *name, struct phx_loc at,
		    struct ast_node *expr, struct xscope *expr_scope, struct ast_node *param);
/* The value of a name in this scope only (not its parents), or NULL. */
struct val *eval_scope_get(struct eval_ctx *c, struct xscope *sc, const char *name);
/* Names bound directly in a scope, in binding order. */
size_t eval_scope_names(struct xscope *sc, const char ***names);
void eval_export(struct eval_ctx *c, struct xscope *sc, struct ast_node *ex);
void eval_pending_output(struct eval_ctx *c, struct xscope *sc, struct ast_node *out);
void eval_let(struct eval_ctx *c, struct xscope *sc, struct ast_node *it);

/* Deploy-time conditions (eval_cond.c), for lowering. */
const struct cond_set *cond_set_add(struct eval_ctx *c, const struct cond_set *base, const char *atom);
const char *cond_negation(struct eval_ctx *c, const char *name);
/* Does every condition of need hold where have holds? */
bool cond_set_covers(struct eval_ctx *c, const struct cond_set *have, const struct cond_set *need);

/* Value constructors. */
struct val *val_new(struct eval_ctx *c, enum val_kind kind, struct phx_loc loc);
struct val *val_str(struct eval_ctx *c, const char *s, size_t len, struct phx_loc loc);
struct val *val_dyn(struct eval_ctx *c, struct ir *ir, struct phx_loc loc);
const char *val_kind_name(const struct val *v);
/* Appends a string, number or boolean as text; false for other kinds. */
struct strbuf;
bool eval_scalar_text(struct strbuf *b, const struct val *v);
/* The kind with its article: "an integer", "a string". */
const char *val_a(const struct val *v);

/* expand.c: expands the program's items into the global scope, checks
 * every argument and puts the resources in template order. */
void expand_program(struct eval_ctx *c, struct xscope *global, struct ast_node *items);
/* Expands an instance's body if that has not happened yet. */
void expand_instance_body(struct eval_ctx *c, struct xinst *inst);

#endif
