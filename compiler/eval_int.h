/* eval_int.h - shared inside the evaluate-and-expand stage (eval*.c,
 * value.c, expand.c) only; the rest of the compiler uses eval.h. */
#ifndef PHX_COMPILER_EVAL_INT_H
#define PHX_COMPILER_EVAL_INT_H

#include "eval.h"
#include "util.h"

/* The longest list a range or range() makes. */
#define EVAL_MAX_LIST 100000

/* value.c */
struct val *val_int(struct eval_ctx *c, int64_t i, struct phx_loc loc);
struct val *val_num(struct eval_ctx *c, double d, struct phx_loc loc);
struct val *val_bool(struct eval_ctx *c, bool b, struct phx_loc loc);
struct val *val_err(struct eval_ctx *c, struct phx_loc loc);
void val_push(struct eval_ctx *c, struct val *list, struct val *x, size_t *cap);
bool val_is_number(const struct val *v);
double val_number(const struct val *v);
/* A copy of v used at loc and written at origin (the value itself is
 * shared: lists, maps and resources are not copied). */
struct val *val_relocate(struct eval_ctx *c, const struct val *v, struct phx_loc loc,
			 struct phx_loc origin);
/* Known at compile time: not a resource, instance or deploy-time value. */
bool val_compile_time(const struct val *v);

/* eval.c */
/* An error about value v, met at use: reported where v was written when a
 * caller passed it into a module (with the use as a note), else at use. */
struct diag *eval_error_value(struct eval_ctx *c, struct val *v, struct phx_loc use, const char *fmt, ...)
	PHX_PRINTF(4, 5);
struct diag *eval_need_compile_time(struct eval_ctx *c, struct val *v, const char *what);
/* v, met at use where `what` needs true or false, is not a boolean (an
 * error value stays quiet). */
void eval_not_bool(struct eval_ctx *c, struct val *v, struct phx_loc use, const char *what);
/* A note with the chain of values being evaluated ("web.env -> db.endpoint"). */
void eval_chain_note(struct eval_ctx *c, struct diag *r);

/* Builds a string from literal pieces and values: folded when every value
 * is known, else Fn::Sub (Ref and GetAtt inline as ${Id} and ${Id.Attr},
 * anything else through Fn::Sub's variable map). */
struct strbuilder {
	struct strbuf plain, sub, lit;
	struct ir *vars;
	unsigned nvars, flags;
	bool dynamic, failed;
};

void sb_init(struct strbuilder *sb);
void sb_text(struct strbuilder *sb, const char *s, size_t len);
void sb_value(struct eval_ctx *c, struct strbuilder *sb, struct val *v, struct phx_loc at);
struct val *sb_finish(struct eval_ctx *c, struct strbuilder *sb, struct phx_loc loc);
/* A string literal with its ${...} parts (eval_string.c). */
struct val *eval_string(struct eval_ctx *c, struct xscope *sc, struct ast_node *n);

/* expand.c: opens an instance (scope, arguments, unconditional names), if
 * not yet. */
void expand_instance_open(struct eval_ctx *c, struct xinst *inst);

/* eval_args.c: v given for decl (an argument or a record field) checked
 * against its type; a record comes back with its defaults filled in (from
 * dsc, the component's scope). label names it in messages. */
struct val *eval_arg_conform(struct eval_ctx *c, const char *label, struct ast_node *decl,
			     struct val *v, struct xscope *dsc);

/* eval_cond.c: deploy-time decisions (conditions and lookup tables). */
/* A deploy-time boolean: a condition, or a bool parameter. */
bool val_is_cond(const struct val *v);
/* The name among the template's Conditions of a deploy-time boolean. */
const char *cond_name(struct eval_ctx *c, const struct val *v);
/* The value a 'let' binds: a condition is registered under logical_name. */
struct val *cond_let(struct eval_ctx *c, struct val *v, const char *logical_name);
/* l == r, l != r with a deploy-time side; NULL when a side cannot be compared. */
struct val *cond_equals(struct eval_ctx *c, struct ast_node *n, struct val *l, struct val *r);
/* l && r, l || r; NULL when a side is not a boolean. */
struct val *cond_logic(struct eval_ctx *c, struct ast_node *n, struct val *l, struct val *r);
struct val *cond_not(struct eval_ctx *c, struct val *v, struct phx_loc loc);
/* if cond then a else b, decided at deploy time (Fn::If). */
struct val *cond_choice(struct eval_ctx *c, struct val *cond, struct val *then, struct val *otherwise,
			struct phx_loc loc);
/* The conditions of base and cond (or its negation). */
const struct cond_set *cond_set_with(struct eval_ctx *c, const struct cond_set *base,
				     struct val *cond, bool negate);
/* m[ix] with a deploy-time key (Fn::FindInMap); NULL when it does not apply. */
struct val *cond_index(struct eval_ctx *c, struct ast_node *n, struct val *m, struct val *ix);

/* eval_ir.c: the IR of a VAL_DYN (a choice or a row converted here). */
struct ir *val_dyn_ir(struct eval_ctx *c, struct val *v);

/* eval_builtin.c: a call of a built-in function (checked by sema). */
struct val *eval_call(struct eval_ctx *c, struct xscope *sc, struct ast_node *n);

#endif
