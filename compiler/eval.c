/* eval.c - evaluation of expressions to values: scopes and bindings,
 * references, strings, operators.
 *
 *   name            -> the binding's value (resource, instance, argument ...)
 *   name.Attr.Sub   -> { "Fn::GetAtt": ["LogicalId", "Attr.Sub"] } on a resource,
 *                      an export on an instance, a key on a map
 *   aws.region      -> { "Ref": "AWS::Region" }
 *   "a-${x}"        -> a folded string, or Fn::Sub
 *   7d + 12h, 2*3   -> folded, with units checked
 *   f(...)          -> a built-in function (eval_builtin.c)
 *
 * Values become IR in eval_ir.c; instances expand in expand.c.
 */
#include "phx.h"
#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "eval_int.h"
#include "ir.h"
#include "misspell.h"
#include "schema.h"

#include <ctype.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EVAL_MAX_DEPTH 200

/* ---- scopes ------------------------------------------------------------ */

enum bind_state { BIND_READY, BIND_PENDING, BIND_BUSY, BIND_DONE };

struct binding {
	const char *name;
	struct phx_loc at;
	enum bind_state state;
	struct val *val;
	struct ast_node *expr;		/* BIND_PENDING: evaluated on first use */
	struct xscope *expr_scope;
	struct ast_node *param;		/* a component parameter: its type is checked */
	struct ast_node *let;		/* let NAME = expr: conditions and tables get its name */
	const char *path;		/* for messages: "web.group_id" */
	struct xscope *home;		/* the scope it is bound in */
};

static const char *path_join(struct eval_ctx *c, const char *path, const char *name)
{
	size_t lp = strlen(path), ln = strlen(name);
	char *s = arena_alloc(c->a, lp + ln + 1);

	memcpy(s, path, lp);
	memcpy(s + lp, name, ln + 1);
	return s;
}

struct xscope *eval_scope_new(struct eval_ctx *c, struct xscope *parent)
{
	struct xscope *sc = ARENA_NEW(c->a, struct xscope);

	sc->parent = parent;
	sc->cap = 16;
	sc->slots = arena_alloc(c->a, sc->cap * sizeof(*sc->slots));
	if (parent) {
		sc->prefix = parent->prefix;
		sc->suffix = parent->suffix;
		sc->path = parent->path;
		sc->psuffix = parent->psuffix;
		sc->key = parent->key;
		sc->inst = parent->inst;
	} else {
		sc->prefix = sc->suffix = sc->path = sc->psuffix = sc->key = "";
	}
	return sc;
}

static struct binding **scope_slot(struct xscope *sc, const char *name)
{
	size_t i = str_hash(name, strlen(name)) & (sc->cap - 1);

	while (sc->slots[i] && strcmp(sc->slots[i]->name, name))
		i = (i + 1) & (sc->cap - 1);
	return &sc->slots[i];
}

/* Bindings are also kept in order, for loops that collect what each
 * iteration declared: the order array shares the arena. */
struct scope_order {
	struct binding **v;
	size_t n, cap;
};

static bool scope_add(struct eval_ctx *c, struct xscope *sc, struct binding *b)
{
	struct binding **slot = scope_slot(sc, b->name);

	if (*slot) {
		struct diag *r = diag_error(c->d, b->at, "'%s' is declared twice", b->name);

		diag_note(r, (*slot)->at, "'%s' is also declared here", b->name);
		if (c->conds)
			diag_hint(r, "an 'if' decided at deploy time keeps every branch in the template: give each branch's items their own names");
		return false;
	}
	*slot = b;
	sc->n++;
	if (sc->n * 2 > sc->cap) {
		struct binding **old = sc->slots;
		size_t oldcap = sc->cap;

		sc->cap *= 2;
		sc->slots = arena_alloc(c->a, sc->cap * sizeof(*sc->slots));
		for (size_t i = 0; i < oldcap; i++)
			if (old[i])
				*scope_slot(sc, old[i]->name) = old[i];
	}
	return true;
}

bool eval_bind_value(struct eval_ctx *c, struct xscope *sc, const char *name, struct phx_loc at,
		     struct val *v)
{
	struct binding *b = ARENA_NEW(c->a, struct binding);

	b->name = name;
	b->at = at;
	b->state = BIND_DONE;
	b->val = v;
	return scope_add(c, sc, b);
}

bool eval_bind_lazy(struct eval_ctx *c, struct xscope *sc, const char *name, struct phx_loc at,
		    struct ast_node *expr, struct xscope *expr_scope, struct ast_node *param)
{
	struct binding *b = ARENA_NEW(c->a, struct binding);

	b->name = name;
	b->at = at;
	b->state = BIND_PENDING;
	b->expr = expr;
	b->expr_scope = expr_scope;
	b->param = param;
	b->home = sc;
	b->path = sc->path[0] ? path_join(c, sc->path, name) : name;
	return scope_add(c, sc, b);
}

size_t eval_scope_names(struct xscope *sc, const char ***names)
{
	/* the caller wants binding order; slots are hashed, so sort by position
	 * of declaration, which is the order of the `at` offsets within a file */
	size_t n = 0;
	const char **v = xcalloc(sc->n ? sc->n : 1, sizeof(*v));
	struct binding **bs = xcalloc(sc->n ? sc->n : 1, sizeof(*bs));

	for (size_t i = 0; i < sc->cap; i++)
		if (sc->slots[i])
			bs[n++] = sc->slots[i];
	for (size_t i = 1; i < n; i++) {
		struct binding *x = bs[i];
		size_t j = i;

		while (j > 0 && (bs[j - 1]->at.file > x->at.file ||
				 (bs[j - 1]->at.file == x->at.file && bs[j - 1]->at.start > x->at.start))) {
			bs[j] = bs[j - 1];
			j--;
		}
		bs[j] = x;
	}
	for (size_t i = 0; i < n; i++)
		v[i] = bs[i]->name;
	free(bs);
	*names = v;
	return n;
}

void eval_export(struct eval_ctx *c, struct xscope *sc, struct ast_node *ex)
{
	struct binding *b = ARENA_NEW(c->a, struct binding);
	struct xscope *owner = sc;

	while (owner->parent && !owner->exports && owner->inst == owner->parent->inst)
		owner = owner->parent;
	b->name = ex->item.name.name;
	b->path = sc->path[0] ? path_join(c, sc->path, b->name) : b->name;
	b->at = ex->item.name.loc;
	b->state = BIND_PENDING;
	b->expr = ex->item.value;
	b->expr_scope = sc;
	owner->exports = arena_grow(c->a, owner->exports, &owner->capexports, owner->nexports + 1,
				    sizeof(*owner->exports));
	owner->exports[owner->nexports++] = b;
}

/* The name a let gives a condition or a table: its logical ID, with the
 * instance's prefix and the loop's suffix (web.is_public -> WebIsPublic). */
static struct val *let_value(struct eval_ctx *c, struct binding *b, struct val *v)
{
	struct xscope *sc = b->home;
	const char *id = res_logical_id(c->a, b->name);
	struct ast_node *own = ast_entry_find(b->let->item.body, "logical_id");
	char *name = xasprintf("%s%s%s", sc->prefix, id, sc->suffix);
	const char *kept = arena_strdup(c->a, name);

	free(name);
	if (own)	/* logical_id = "Name", checked by resolve */
		ast_string_literal(c->a, own->entry.value, &kept);
	if (v->kind == VAL_MAP && !v->name) {
		v = val_relocate(c, v, v->loc, v->origin);
		v->name = kept;
		return v;
	}
	return cond_let(c, v, kept);
}

void eval_let(struct eval_ctx *c, struct xscope *sc, struct ast_node *it)
{
	if (eval_bind_lazy(c, sc, it->item.name.name, it->item.name.loc, it->item.value, sc, NULL))
		(*scope_slot(sc, it->item.name.name))->let = it;
}

void eval_pending_output(struct eval_ctx *c, struct xscope *sc, struct ast_node *out)
{
	c->outputs = arena_grow(c->a, c->outputs, &c->capoutputs, c->noutputs + 1,
				sizeof(*c->outputs));
	c->outputs[c->noutputs].item = out;
	c->outputs[c->noutputs].scope = sc;
	c->outputs[c->noutputs].conds = c->conds;
	c->noutputs++;
}


void eval_chain_note(struct eval_ctx *c, struct diag *r)
{
	struct strbuf b;

	if (!c->nstack)
		return;
	strbuf_init(&b);
	for (size_t i = 0; i < c->nstack; i++)
		strbuf_addf(&b, "%s%s", i ? " -> " : "", c->stack[i]->path ? c->stack[i]->path : c->stack[i]->name);
	diag_note(r, c->stack[c->nstack - 1]->at, "while evaluating %s", b.s);
	strbuf_fini(&b);
}

/* A cycle: b is on the stack. The chain runs from b's first entry to the
 * top, and back to b. */
static void report_cycle(struct eval_ctx *c, struct binding *b, struct phx_loc use)
{
	struct strbuf chain;
	size_t from = c->nstack;
	struct diag *r;

	while (from > 0 && c->stack[from - 1] != b)
		from--;
	if (from)
		from--;
	strbuf_init(&chain);
	for (size_t i = from; i < c->nstack; i++)
		strbuf_addf(&chain, "%s -> ", c->stack[i]->path ? c->stack[i]->path : c->stack[i]->name);
	strbuf_adds(&chain, b->path ? b->path : b->name);
	r = diag_error(c->d, b->at, "'%s' depends on itself: %s", b->path ? b->path : b->name, chain.s);
	for (size_t i = from + 1; i < c->nstack; i++)
		diag_note(r, c->stack[i]->at, "'%s' is defined here",
			  c->stack[i]->path ? c->stack[i]->path : c->stack[i]->name);
	diag_note(r, use, "and reads '%s' here", b->path ? b->path : b->name);
	strbuf_fini(&chain);
}

static struct val *binding_value(struct eval_ctx *c, struct binding *b, struct phx_loc use)
{
	switch (b->state) {
	case BIND_DONE:
		return b->val;
	case BIND_BUSY:
		report_cycle(c, b, use);
		b->val = val_err(c, use);
		b->state = BIND_DONE;
		return b->val;
	case BIND_PENDING:
		b->state = BIND_BUSY;
		c->stack = arena_grow(c->a, c->stack, &c->capstack, c->nstack + 1, sizeof(*c->stack));
		c->stack[c->nstack++] = b;
		{
			struct val *v = eval_expr(c, b->expr_scope, b->expr);

			if (b->param && b->expr_scope != b->home && v->kind != VAL_ERROR) {
				/* a caller's argument: written where the caller wrote it */
				v = val_relocate(c, v, v->loc, v->loc);
			}
			if (b->param) {
				char *label = xasprintf("argument '%s'", b->name);

				v = eval_arg_conform(c, label, b->param, v, b->home);
				free(label);
			}
			if (b->let)
				v = let_value(c, b, v);
			c->nstack--;
			if (b->state == BIND_DONE)	/* a cycle ran through it: reported */
				return b->val;
			b->val = v;
		}
		b->state = BIND_DONE;
		return b->val;
	case BIND_READY:
		break;
	}
	PHX_BUG("binding '%s' in state %d", b->name, (int)b->state);
}

struct val *eval_scope_get(struct eval_ctx *c, struct xscope *sc, const char *name)
{
	struct binding *b = *scope_slot(sc, name);

	return b ? binding_value(c, b, b->at) : NULL;
}

static struct binding *scope_find(struct xscope *sc, const char *name)
{
	for (; sc; sc = sc->parent) {
		struct binding *b = *scope_slot(sc, name);

		if (b)
			return b;
	}
	return NULL;
}

/* ---- references ---------------------------------------------------------- */


static struct val *dyn_ref(struct eval_ctx *c, const char *id, struct phx_loc loc)
{
	return val_dyn(c, ir_fn(c->a, "Ref", ir_str(c->a, id)), loc);
}

static struct val *member(struct eval_ctx *c, struct val *v, struct ast_node *ref, size_t seg);

static struct val *export_of(struct eval_ctx *c, struct xinst *inst, struct ast_ident id)
{
	struct xscope *sc;
	struct misspell m;
	struct diag *r;

	/* an export outside ifs and loops is there once the instance is open;
	 * others need its body expanded */
	expand_instance_open(c, inst);
	for (int pass = 0; pass < 2; pass++) {
		sc = inst->scope;
		if (!sc)
			return val_err(c, id.loc);
		for (size_t i = 0; i < sc->nexports; i++)
			if (!strcmp(sc->exports[i]->name, id.name))
				return binding_value(c, sc->exports[i], id.loc);
		if (pass || inst->state == XINST_DONE)
			break;
		expand_instance_body(c, inst);
		if (inst->state != XINST_DONE)
			return val_err(c, id.loc);	/* reported */
	}
	r = diag_error(c->d, id.loc, "'%s' (a %s) exports no '%s'", inst->name,
		       inst->comp->item.name.name, id.name);
	misspell_init(&m, id.name);
	for (size_t i = 0; i < sc->nexports; i++)
		misspell_offer(&m, sc->exports[i]->name);
	if (misspell_best(&m))
		diag_hint(r, "did you mean '%s'?", misspell_best(&m));
	else if (sc->nexports) {
		struct strbuf b;

		strbuf_init(&b);
		for (size_t i = 0; i < sc->nexports; i++)
			strbuf_addf(&b, "%s%s", i ? ", " : "", sc->exports[i]->name);
		diag_hint(r, "it exports %s", b.s);
		strbuf_fini(&b);
	}
	return val_err(c, id.loc);
}

/* Applies ref's segments from `seg` on to v. */
static struct val *member(struct eval_ctx *c, struct val *v, struct ast_node *ref, size_t seg)
{
	struct ast_ident id;
	struct diag *r;

	if (seg >= ref->ref.nsegs || v->kind == VAL_ERROR)
		return v;
	id = ref->ref.segs[seg];
	switch (v->kind) {
	case VAL_RES: {
		struct strbuf b;
		struct ir *args = ir_list(c->a);
		struct val *out;

		strbuf_init(&b);
		for (size_t i = seg; i < ref->ref.nsegs; i++)
			strbuf_addf(&b, "%s%s", i > seg ? "." : "", ref->ref.segs[i].name);
		ir_push(c->a, args, ir_str(c->a, v->res->logical_id));
		ir_push(c->a, args, ir_str(c->a, b.s));
		out = val_dyn(c, ir_fn(c->a, "Fn::GetAtt", args), ref->loc);
		{
			/* a list attribute (NameServers, SecurityGroupIds) is a
			 * deploy-time list */
			const struct schema_type_rec *t = schema_type(v->res->type);
			const struct schema_attr_rec *at = t ? schema_attr(t, b.s) : NULL;

			if (at && (schema_attr_flags(at) & SCHEMA_A_LIST))
				out->flags |= VAL_F_LIST;
		}
		strbuf_fini(&b);
		return out;
	}
	case VAL_INST:
		return member(c, export_of(c, v->inst, id), ref, seg + 1);
	case VAL_MAP:
		for (size_t i = 0; i < v->map.n; i++)
			if (!strcmp(v->map.v[i].key, id.name))
				return member(c, v->map.v[i].val, ref, seg + 1);
		r = diag_error(c->d, id.loc, "the map has no key '%s'", id.name);
		{
			struct misspell m;

			misspell_init(&m, id.name);
			for (size_t i = 0; i < v->map.n; i++)
				misspell_offer(&m, v->map.v[i].key);
			if (misspell_best(&m))
				diag_hint(r, "did you mean '%s'?", misspell_best(&m));
		}
		return val_err(c, id.loc);
	case VAL_LIST: {
		/* a name declared in a for is a list outside it: subnet.Arn is a
		 * list of each subnet's Arn */
		struct val *out = val_new(c, VAL_LIST, ref->loc);
		size_t cap = 0;

		for (size_t i = 0; i < v->list.n; i++)
			val_push(c, out, member(c, v->list.v[i], ref, seg), &cap);
		return out;
	}
	default:
		r = diag_error(c->d, id.loc, "%s has no attribute '%s'", val_a(v), id.name);
		if (v->kind == VAL_DYN && !(v->flags & VAL_F_LIST))
			diag_hint(r, "parameters and pseudo parameters are read by their name alone");
		return val_err(c, id.loc);
	}
}

static struct val *eval_env(struct eval_ctx *c, struct ast_node *ref)
{
	const char *key = ref->ref.segs[1].name;
	struct ast_node *e;

	if (!c->env)
		return val_err(c, ref->loc);	/* reported by resolve */
	if (!strcmp(key, "name"))
		return val_str(c, c->env->item.name.name, strlen(c->env->item.name.name), ref->loc);
	e = ast_entry_find(c->env->item.body, key);
	if (!e)
		return val_err(c, ref->loc);
	return member(c, eval_expr(c, NULL, e->entry.value), ref, 2);
}

static struct val *eval_ref(struct eval_ctx *c, struct xscope *sc, struct ast_node *ref)
{
	const char *head = ref->ref.segs[0].name;
	struct binding *b;

	if (!strcmp(head, "aws")) {
		/* resolve bound aws.NAME to its pseudo parameter ("AWS::Region") */
		struct sym *p = ref->ref.sym;
		struct val *v;

		if (!p || p->kind != SYM_PSEUDO)
			return val_err(c, ref->loc);	/* reported by resolve */
		v = dyn_ref(c, p->logical_id, ref->loc);
		if (!strcmp(p->logical_id, "AWS::NotificationARNs"))
			v->flags |= VAL_F_LIST;
		return v;
	}
	if (!strcmp(head, "env"))
		return ref->ref.nsegs >= 2 ? eval_env(c, ref) : val_err(c, ref->loc);
	b = scope_find(sc, head);
	if (!b)
		return val_err(c, ref->loc);	/* reported by resolve */
	{
		struct val *v = binding_value(c, b, ref->loc);

		/* the value, located where it is used */
		return member(c, val_relocate(c, v, ref->loc, v->origin), ref, 1);
	}
}

/* ---- operators ------------------------------------------------------------ */

struct diag *eval_error_value(struct eval_ctx *c, struct val *v, struct phx_loc use, const char *fmt, ...)
{
	struct strbuf b;
	struct diag *r;
	va_list ap;

	strbuf_init(&b);
	va_start(ap, fmt);
	strbuf_vaddf(&b, fmt, ap);
	va_end(ap);
	if (v->origin.file && v->origin.file != use.file) {
		/* a caller's value, met inside a module: the caller's line first */
		r = diag_error(c->d, v->origin, "%s", b.s);
		diag_note(r, use, "the component uses it here");
	} else {
		r = diag_error(c->d, use, "%s", b.s);
	}
	strbuf_fini(&b);
	return r;
}

struct diag *eval_need_compile_time(struct eval_ctx *c, struct val *v, const char *what)
{
	struct diag *r = eval_error_value(c, v, v->loc, "%s needs a value known at compile time, not %s",
					  what, val_a(v));

	diag_hint(r, "resources, parameters and aws.* are known only when the stack is deployed; use env.KEY or a literal here");
	return r;
}

static bool val_equal(const struct val *a, const struct val *b)
{
	if (val_is_number(a) && val_is_number(b))
		return val_number(a) == val_number(b);
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case VAL_BOOL:
		return a->b == b->b;
	case VAL_STR:
		return a->str.len == b->str.len && !memcmp(a->str.s, b->str.s, a->str.len);
	case VAL_QTY:
		return a->qty.dim == b->qty.dim && a->qty.base == b->qty.base;
	case VAL_LIST:
		if (a->list.n != b->list.n)
			return false;
		for (size_t i = 0; i < a->list.n; i++)
			if (!val_equal(a->list.v[i], b->list.v[i]))
				return false;
		return true;
	case VAL_MAP:
		if (a->map.n != b->map.n)
			return false;
		for (size_t i = 0; i < a->map.n; i++)
			if (strcmp(a->map.v[i].key, b->map.v[i].key) ||
			    !val_equal(a->map.v[i].val, b->map.v[i].val))
				return false;
		return true;
	default:
		return false;
	}
}

static struct val *op_error(struct eval_ctx *c, struct ast_node *n, struct val *l, struct val *r)
{
	/* the operand a caller passed in, if any, is where the mistake is */
	struct val *culprit = !val_compile_time(r) && val_compile_time(l) ? r : l;
	struct diag *d;

	if (culprit->origin.file == n->loc.file)
		culprit = culprit == l ? r : l;
	d = eval_error_value(c, culprit, n->loc, "cannot apply '%s' to %s and %s",
			     ast_op_name(n->bin.op), val_a(l), val_a(r));
	if (culprit->origin.file == n->loc.file || !culprit->origin.file) {
		diag_span(d, l->loc);
		diag_span(d, r->loc);
	}
	if (l->kind == VAL_QTY && r->kind == VAL_QTY)
		diag_hint(d, "units must agree: a %s and a %s measure different things",
			  val_kind_name(l), val_kind_name(r));
	else if (!val_compile_time(l) || !val_compile_time(r))
		diag_hint(d, "arithmetic and ordering need values known at compile time; a deploy-time value fits in a string (\"${x}\"), a property, and ==, !=, &&, ||, !");
	return val_err(c, n->loc);
}

static struct val *qty_new(struct eval_ctx *c, double base, enum unit_dim dim, struct phx_loc loc)
{
	struct val *v = val_new(c, VAL_QTY, loc);

	v->qty.base = base;
	v->qty.dim = dim;
	v->qty.text = "the result";
	return v;
}

static struct val *eval_arith(struct eval_ctx *c, struct ast_node *n, struct val *l, struct val *r)
{
	enum ast_op op = n->bin.op;

	if (val_is_number(l) && val_is_number(r)) {
		double a = val_number(l), b = val_number(r);

		if (l->kind == VAL_INT && r->kind == VAL_INT && op != AST_OP_DIV) {
			int64_t x;
			bool ovf = op == AST_OP_ADD ? __builtin_add_overflow(l->i, r->i, &x)
				 : op == AST_OP_SUB ? __builtin_sub_overflow(l->i, r->i, &x)
						    : __builtin_mul_overflow(l->i, r->i, &x);

			if (ovf) {
				diag_error(c->d, n->loc, "integer overflow");
				return val_err(c, n->loc);
			}
			return val_int(c, x, n->loc);
		}
		if (op == AST_OP_DIV && b == 0) {
			diag_error(c->d, n->bin.rhs->loc, "division by zero");
			return val_err(c, n->loc);
		}
		return val_num(c, op == AST_OP_ADD ? a + b : op == AST_OP_SUB ? a - b
				  : op == AST_OP_MUL ? a * b : a / b, n->loc);
	}
	if (l->kind == VAL_QTY && r->kind == VAL_QTY) {
		if (l->qty.dim != r->qty.dim)
			return op_error(c, n, l, r);
		if (op == AST_OP_ADD || op == AST_OP_SUB)
			return qty_new(c, op == AST_OP_ADD ? l->qty.base + r->qty.base
							   : l->qty.base - r->qty.base,
				       l->qty.dim, n->loc);
		if (op == AST_OP_DIV && r->qty.base != 0)
			return val_num(c, l->qty.base / r->qty.base, n->loc);
		return op_error(c, n, l, r);
	}
	if (l->kind == VAL_QTY && val_is_number(r) && (op == AST_OP_MUL || op == AST_OP_DIV)) {
		if (op == AST_OP_DIV && val_number(r) == 0) {
			diag_error(c->d, n->bin.rhs->loc, "division by zero");
			return val_err(c, n->loc);
		}
		return qty_new(c, op == AST_OP_MUL ? l->qty.base * val_number(r)
						   : l->qty.base / val_number(r), l->qty.dim, n->loc);
	}
	if (val_is_number(l) && r->kind == VAL_QTY && op == AST_OP_MUL)
		return qty_new(c, r->qty.base * val_number(l), r->qty.dim, n->loc);
	if (op == AST_OP_ADD && l->kind == VAL_STR && r->kind == VAL_STR) {
		struct strbuf b;
		struct val *v;

		strbuf_init(&b);
		strbuf_addn(&b, l->str.s, l->str.len);
		strbuf_addn(&b, r->str.s, r->str.len);
		v = val_str(c, b.s, b.len, n->loc);
		strbuf_fini(&b);
		return v;
	}
	if (op == AST_OP_ADD && l->kind == VAL_LIST && r->kind == VAL_LIST) {
		struct val *v = val_new(c, VAL_LIST, n->loc);
		size_t cap = 0;

		for (size_t i = 0; i < l->list.n; i++)
			val_push(c, v, l->list.v[i], &cap);
		for (size_t i = 0; i < r->list.n; i++)
			val_push(c, v, r->list.v[i], &cap);
		return v;
	}
	if (op == AST_OP_ADD && l->kind == VAL_MAP && r->kind == VAL_MAP) {
		/* merge: the right side wins */
		struct val *v = val_new(c, VAL_MAP, n->loc);
		size_t cap = 0;

		for (size_t i = 0; i < l->map.n + r->map.n; i++) {
			const struct val_kv *kv = i < l->map.n ? &l->map.v[i] : &r->map.v[i - l->map.n];
			bool replaced = false;

			for (size_t j = 0; j < v->map.n; j++) {
				if (!strcmp(v->map.v[j].key, kv->key)) {
					v->map.v[j].val = kv->val;
					replaced = true;
				}
			}
			if (replaced)
				continue;
			v->map.v = arena_grow(c->a, v->map.v, &cap, v->map.n + 1, sizeof(*v->map.v));
			v->map.v[v->map.n++] = *kv;
		}
		return v;
	}
	return op_error(c, n, l, r);
}

static struct val *eval_compare(struct eval_ctx *c, struct ast_node *n, struct val *l, struct val *r)
{
	enum ast_op op = n->bin.op;
	double a, b;
	struct val *v;

	if (!val_compile_time(l) || !val_compile_time(r)) {
		/* decided at deploy time: Fn::Equals */
		if ((op == AST_OP_EQ || op == AST_OP_NE) && (v = cond_equals(c, n, l, r)))
			return v;
		return op_error(c, n, l, r);
	}
	if (op == AST_OP_EQ || op == AST_OP_NE) {
		bool eq = val_equal(l, r);

		return val_bool(c, op == AST_OP_EQ ? eq : !eq, n->loc);
	}
	if (val_is_number(l) && val_is_number(r)) {
		a = val_number(l);
		b = val_number(r);
	} else if (l->kind == VAL_QTY && r->kind == VAL_QTY && l->qty.dim == r->qty.dim) {
		a = l->qty.base;
		b = r->qty.base;
	} else if (l->kind == VAL_STR && r->kind == VAL_STR) {
		int k = strcmp(l->str.s, r->str.s);

		a = k;
		b = 0;
	} else {
		return op_error(c, n, l, r);
	}
	return val_bool(c, op == AST_OP_LT ? a < b : op == AST_OP_LE ? a <= b
			: op == AST_OP_GT ? a > b : a >= b, n->loc);
}

void eval_not_bool(struct eval_ctx *c, struct val *v, struct phx_loc use, const char *what)
{
	struct diag *r;

	if (v->kind == VAL_ERROR)
		return;
	r = eval_error_value(c, v, use, "%s needs true or false, not %s", what, val_a(v));
	if (v->kind == VAL_DYN && !(v->flags & VAL_F_LIST))
		diag_hint(r, "compare it to decide when the stack is deployed: x == \"yes\" becomes a CloudFormation condition");
}

static bool want_bool(struct eval_ctx *c, struct val *v, const char *what, bool *out)
{
	if (v->kind == VAL_BOOL) {
		*out = v->b;
		return true;
	}
	eval_not_bool(c, v, v->loc, what);
	return false;
}

static struct val *eval_range(struct eval_ctx *c, struct ast_node *n, struct val *l, struct val *r)
{
	struct val *v;
	size_t cap = 0;

	if (l->kind != VAL_INT || r->kind != VAL_INT) {
		if (!val_compile_time(l) || !val_compile_time(r)) {
			eval_need_compile_time(c, !val_compile_time(l) ? l : r, "a range");
			return val_err(c, n->loc);
		}
		return op_error(c, n, l, r);
	}
	if (r->i < l->i || r->i - l->i >= EVAL_MAX_LIST) {
		diag_error(c->d, n->loc, "the range %lld..%lld is %s", (long long)l->i, (long long)r->i,
			   r->i < l->i ? "empty: ranges count up and include both ends" : "too long");
		return val_err(c, n->loc);
	}
	v = val_new(c, VAL_LIST, n->loc);
	for (int64_t i = l->i; i <= r->i; i++)
		val_push(c, v, val_int(c, i, n->loc), &cap);
	return v;
}

static struct val *eval_binary(struct eval_ctx *c, struct xscope *sc, struct ast_node *n)
{
	struct val *l = eval_expr(c, sc, n->bin.lhs), *r;
	bool a, b;

	if (n->bin.op == AST_OP_AND || n->bin.op == AST_OP_OR) {
		const char *what = n->bin.op == AST_OP_AND ? "'&&'" : "'||'";
		struct val *v;

		if (val_is_cond(l)) {
			/* decided at deploy time: Fn::And, Fn::Or */
			r = eval_expr(c, sc, n->bin.rhs);
			if (r->kind == VAL_ERROR)
				return val_err(c, n->loc);
			if ((v = cond_logic(c, n, l, r)))
				return v;
			want_bool(c, r, what, &b);
			return val_err(c, n->loc);
		}
		if (!want_bool(c, l, what, &a))
			return val_err(c, n->loc);
		if (n->bin.op == AST_OP_AND ? !a : a)
			return val_bool(c, a, n->loc);
		r = eval_expr(c, sc, n->bin.rhs);
		if (val_is_cond(r))
			return cond_logic(c, n, l, r);
		if (!want_bool(c, r, what, &b))
			return val_err(c, n->loc);
		return val_bool(c, b, n->loc);
	}
	r = eval_expr(c, sc, n->bin.rhs);
	if (l->kind == VAL_ERROR || r->kind == VAL_ERROR)
		return val_err(c, n->loc);
	switch (n->bin.op) {
	case AST_OP_ADD:
	case AST_OP_SUB:
	case AST_OP_MUL:
	case AST_OP_DIV:
		return eval_arith(c, n, l, r);
	case AST_OP_RANGE:
		return eval_range(c, n, l, r);
	default:
		return eval_compare(c, n, l, r);
	}
}

/* Elements to iterate: a list known at compile time (a range, azs(3), a
 * literal, a name declared in a for) or a map (its keys). */
static struct val *iterable(struct eval_ctx *c, struct val *v, const char *what)
{
	struct diag *r;

	if (v->kind == VAL_LIST || v->kind == VAL_ERROR)
		return v;
	if (v->kind == VAL_MAP) {
		struct val *keys = val_new(c, VAL_LIST, v->loc);
		size_t cap = 0;

		for (size_t i = 0; i < v->map.n; i++)
			val_push(c, keys, val_str(c, v->map.v[i].key, strlen(v->map.v[i].key), v->loc),
				 &cap);
		return keys;
	}
	if (!val_compile_time(v) || (v->flags & VAL_F_LIST)) {
		r = eval_need_compile_time(c, v, what);
		(void)r;
		return val_err(c, v->loc);
	}
	diag_error(c->d, v->loc, "%s needs a list, not %s", what, val_a(v));
	return val_err(c, v->loc);
}

static struct val *eval_index(struct eval_ctx *c, struct xscope *sc, struct ast_node *n)
{
	struct val *base = eval_expr(c, sc, n->index.base);
	struct val *ix = eval_expr(c, sc, n->index.index);
	struct val *v;

	if (base->kind == VAL_ERROR || ix->kind == VAL_ERROR)
		return val_err(c, n->loc);
	if (base->kind == VAL_LIST && ix->kind == VAL_INT) {
		if (ix->i < 0 || (uint64_t)ix->i >= base->list.n) {
			diag_error(c->d, n->index.index->loc, "index %lld is out of range: the list has %zu item%s",
				   (long long)ix->i, base->list.n, base->list.n == 1 ? "" : "s");
			return val_err(c, n->loc);
		}
		return base->list.v[ix->i];
	}
	if (base->kind == VAL_MAP && ix->kind == VAL_STR) {
		for (size_t i = 0; i < base->map.n; i++)
			if (!strcmp(base->map.v[i].key, ix->str.s))
				return base->map.v[i].val;
		diag_error(c->d, n->index.index->loc, "the map has no key '%s'", ix->str.s);
		return val_err(c, n->loc);
	}
	if (base->kind == VAL_DYN && (base->flags & VAL_F_LIST) && ix->kind == VAL_INT && ix->i >= 0) {
		struct ir *args = ir_list(c->a), *x = val_dyn_ir(c, base);

		if (!x)
			return val_err(c, n->loc);
		ir_push(c->a, args, ir_int(c->a, ix->i));
		ir_push(c->a, args, x);
		return val_dyn(c, ir_fn(c->a, "Fn::Select", args), n->loc);
	}
	if ((v = cond_index(c, n, base, ix)))
		return v;
	diag_error(c->d, n->loc, "cannot index %s with %s", val_a(base), val_a(ix));
	return val_err(c, n->loc);
}

static struct val *eval_comprehension(struct eval_ctx *c, struct xscope *sc, struct ast_node *n)
{
	struct val *items = iterable(c, eval_expr(c, sc, n->loop.iter), "a comprehension");
	struct val *out;
	size_t cap = 0;

	if (items->kind == VAL_ERROR)
		return items;
	out = val_new(c, VAL_LIST, n->loc);
	for (size_t i = 0; i < items->list.n; i++) {
		struct xscope *inner = eval_scope_new(c, sc);

		inner->inst = sc ? sc->inst : NULL;
		eval_bind_value(c, inner, n->loop.var.name, n->loop.var.loc, items->list.v[i]);
		val_push(c, out, eval_expr(c, inner, n->loop.body), &cap);
	}
	return out;
}

/* ---- expressions ------------------------------------------------------------ */

struct val *eval_expr(struct eval_ctx *c, struct xscope *sc, struct ast_node *n)
{
	struct val *v;

	if (++c->depth > EVAL_MAX_DEPTH) {
		c->depth--;
		diag_error(c->d, n->loc, "evaluation nested deeper than %d levels", EVAL_MAX_DEPTH);
		return val_err(c, n->loc);
	}
	switch (n->kind) {
	case AST_STRING:
		v = eval_string(c, sc, n);
		break;
	case AST_INT:
		v = val_int(c, n->num.i, n->loc);
		break;
	case AST_DECIMAL:
		v = val_new(c, VAL_NUM, n->loc);
		v->d = n->num.d;
		break;
	case AST_UNIT: {
		const struct unit_info *u = lang_unit(n->num.unit);

		if (!u) {
			v = val_err(c, n->loc);	/* reported by sema */
			break;
		}
		v = val_new(c, VAL_QTY, n->loc);
		v->qty.base = n->num.d * u->scale;
		v->qty.dim = u->dim;
		v->qty.text = arena_strndup(c->a, n->num.text - 0, strlen(n->num.text));
		{
			struct strbuf b;

			strbuf_init(&b);
			strbuf_addf(&b, "%s%s", n->num.text, n->num.unit);
			v->qty.text = arena_strdup(c->a, b.s);
			strbuf_fini(&b);
		}
		break;
	}
	case AST_BOOL:
		v = val_bool(c, n->b, n->loc);
		break;
	case AST_LIST: {
		size_t cap = 0;

		v = val_new(c, VAL_LIST, n->loc);
		for (struct ast_node *q = n->list.items; q; q = q->next)
			val_push(c, v, eval_expr(c, sc, q), &cap);
		break;
	}
	case AST_MAP: {
		size_t cap = 0;

		v = val_new(c, VAL_MAP, n->loc);
		for (struct ast_node *e = n->list.items; e; e = e->next) {
			if (e->kind != AST_ENTRY)
				continue;
			v->map.v = arena_grow(c->a, v->map.v, &cap, v->map.n + 1, sizeof(*v->map.v));
			v->map.v[v->map.n].key = e->entry.key.name;
			v->map.v[v->map.n].key_loc = e->entry.key.loc;
			v->map.v[v->map.n].val = eval_expr(c, sc, e->entry.value);
			v->map.n++;
		}
		break;
	}
	case AST_REF:
		v = eval_ref(c, sc, n);
		break;
	case AST_CALL:
		v = eval_call(c, sc, n);
		break;
	case AST_NEG: {
		struct val *o = eval_expr(c, sc, n->operand);

		if (o->kind == VAL_INT)
			v = val_int(c, -o->i, n->loc);
		else if (o->kind == VAL_NUM)
			v = val_num(c, -o->d, n->loc);
		else if (o->kind == VAL_QTY)
			v = qty_new(c, -o->qty.base, o->qty.dim, n->loc);
		else {
			if (o->kind != VAL_ERROR)
				diag_error(c->d, n->loc, "'-' applies to numbers, not to %s",
					   val_a(o));
			v = val_err(c, n->loc);
		}
		break;
	}
	case AST_NOT: {
		struct val *o = eval_expr(c, sc, n->operand);
		bool b;

		if (val_is_cond(o))
			v = cond_not(c, o, n->loc);
		else
			v = want_bool(c, o, "'!'", &b) ? val_bool(c, !b, n->loc) : val_err(c, n->loc);
		break;
	}
	case AST_BINARY:
		v = eval_binary(c, sc, n);
		break;
	case AST_IFEXPR: {
		struct val *cv = eval_expr(c, sc, n->cond.cond);
		bool b;

		if (val_is_cond(cv)) {
			/* decided at deploy time: Fn::If */
			struct val *x = eval_expr(c, sc, n->cond.then);
			struct val *y = eval_expr(c, sc, n->cond.otherwise);

			v = x->kind == VAL_ERROR || y->kind == VAL_ERROR ? val_err(c, n->loc)
					: cond_choice(c, cv, x, y, n->loc);
		} else if (!want_bool(c, cv, "'if'", &b)) {
			v = val_err(c, n->loc);
		} else {
			v = eval_expr(c, sc, b ? n->cond.then : n->cond.otherwise);
		}
		break;
	}
	case AST_INDEX:
		v = eval_index(c, sc, n);
		break;
	case AST_COMPREHENSION:
		v = eval_comprehension(c, sc, n);
		break;
	case AST_MEMBER: {
		/* member() reads segments of a reference: lend it one */
		struct ast_ident segs[2] = { n->member.name, n->member.name };
		struct ast_node ref = *n;

		ref.kind = AST_REF;
		ref.ref.segs = segs;
		ref.ref.nsegs = 2;
		v = member(c, eval_expr(c, sc, n->member.base), &ref, 1);
		break;
	}
	default:
		PHX_BUG("cannot evaluate a %s", ast_kind_name(n->kind));
	}
	c->depth--;
	return v;
}
