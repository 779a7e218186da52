/* eval.c - evaluation of expressions to values, and values to IR.
 *
 *   name            -> the binding's value (resource, instance, argument ...)
 *   name.Attr.Sub   -> { "Fn::GetAtt": ["LogicalId", "Attr.Sub"] } on a resource,
 *                      an export on an instance, a key on a map
 *   aws.region      -> { "Ref": "AWS::Region" }
 *   "a-${x}"        -> a folded string, or Fn::Sub
 *   7d + 12h, 2*3   -> folded, with units checked
 *   f(...)          -> a built-in function (table below)
 */
#include "phx.h"
#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "eval.h"
#include "ir.h"
#include "lower.h"
#include "misspell.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EVAL_MAX_DEPTH 200
#define EVAL_MAX_LIST 100000

/* ---- values ------------------------------------------------------------ */

struct val *val_new(struct eval_ctx *c, enum val_kind kind, struct phx_loc loc)
{
	struct val *v = ARENA_NEW(c->a, struct val);

	v->kind = kind;
	v->loc = loc;
	v->origin = loc;
	return v;
}

struct val *val_str(struct eval_ctx *c, const char *s, size_t len, struct phx_loc loc)
{
	struct val *v = val_new(c, VAL_STR, loc);

	v->str.s = arena_strndup(c->a, s, len);
	v->str.len = len;
	return v;
}

struct val *val_dyn(struct eval_ctx *c, struct ir *ir, struct phx_loc loc)
{
	struct val *v = val_new(c, VAL_DYN, loc);

	v->dyn = ir;
	return v;
}

static struct val *val_int(struct eval_ctx *c, int64_t i, struct phx_loc loc)
{
	struct val *v = val_new(c, VAL_INT, loc);

	v->i = i;
	return v;
}

static struct val *val_num(struct eval_ctx *c, double d, struct phx_loc loc)
{
	struct val *v;

	if (d == floor(d) && fabs(d) < 9.007199254740992e15)
		return val_int(c, (int64_t)d, loc);
	v = val_new(c, VAL_NUM, loc);
	v->d = d;
	return v;
}

static struct val *val_bool(struct eval_ctx *c, bool b, struct phx_loc loc)
{
	struct val *v = val_new(c, VAL_BOOL, loc);

	v->b = b;
	return v;
}

static struct val *val_err(struct eval_ctx *c, struct phx_loc loc)
{
	return val_new(c, VAL_ERROR, loc);
}

static void val_push(struct eval_ctx *c, struct val *list, struct val *x, size_t *cap)
{
	list->list.v = arena_grow(c->a, list->list.v, cap, list->list.n + 1, sizeof(*list->list.v));
	list->list.v[list->list.n++] = x;
}

static const char *const dim_names[] = {
	[UNIT_NONE] = "number",
	[UNIT_DURATION] = "duration",
	[UNIT_PERCENT] = "percentage",
	[UNIT_SIZE] = "size",
};

const char *val_kind_name(const struct val *v)
{
	switch (v->kind) {
	case VAL_ERROR:
		return "error";
	case VAL_BOOL:
		return "boolean";
	case VAL_INT:
		return "integer";
	case VAL_NUM:
		return "number";
	case VAL_STR:
		return "string";
	case VAL_QTY:
		return dim_names[v->qty.dim];
	case VAL_LIST:
		return "list";
	case VAL_MAP:
		return "map";
	case VAL_DYN:
		return v->flags & VAL_F_LIST ? "deploy-time list" : "deploy-time value";
	case VAL_RES:
		return "resource";
	case VAL_INST:
		return "component instance";
	}
	return "?";
}

/* "an integer", "a string": the kind with its article, for messages. */
const char *val_a(const struct val *v)
{
	static const struct {
		const char *kind, *with_article;
	} names[] = {
		{ "error", "an error" },
		{ "boolean", "a boolean" },
		{ "integer", "an integer" },
		{ "number", "a number" },
		{ "string", "a string" },
		{ "duration", "a duration" },
		{ "percentage", "a percentage" },
		{ "size", "a size" },
		{ "list", "a list" },
		{ "map", "a map" },
		{ "deploy-time value", "a deploy-time value" },
		{ "deploy-time list", "a deploy-time list" },
		{ "resource", "a resource" },
		{ "component instance", "a component instance" },
	};
	const char *k = val_kind_name(v);

	for (size_t i = 0; i < PHX_ARRAY_SIZE(names); i++)
		if (!strcmp(names[i].kind, k))
			return names[i].with_article;
	PHX_BUG("no article for '%s'", k);
}

static bool val_is_number(const struct val *v)
{
	return v->kind == VAL_INT || v->kind == VAL_NUM;
}

static double val_number(const struct val *v)
{
	return v->kind == VAL_INT ? (double)v->i : v->d;
}

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
};

static uint32_t eval_hash(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
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
		sc->inst = parent->inst;
	} else {
		sc->prefix = sc->suffix = sc->path = sc->psuffix = "";
	}
	return sc;
}

static struct binding **scope_slot(struct xscope *sc, const char *name)
{
	size_t i = eval_hash(name) & (sc->cap - 1);

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
	b->at = ex->item.name.loc;
	b->state = BIND_PENDING;
	b->expr = ex->item.value;
	b->expr_scope = sc;
	owner->exports = arena_grow(c->a, owner->exports, &owner->capexports, owner->nexports + 1,
				    sizeof(*owner->exports));
	owner->exports[owner->nexports++] = b;
}

void eval_pending_output(struct eval_ctx *c, struct xscope *sc, struct ast_node *out)
{
	c->outputs = arena_grow(c->a, c->outputs, &c->capoutputs, c->noutputs + 1,
				sizeof(*c->outputs));
	c->outputs[c->noutputs].item = out;
	c->outputs[c->noutputs].scope = sc;
	c->noutputs++;
}

static bool arg_type_ok(struct eval_ctx *c, struct ast_node *param, struct val *v);

static struct val *binding_value(struct eval_ctx *c, struct binding *b, struct phx_loc use)
{
	struct diag *r;

	switch (b->state) {
	case BIND_DONE:
		return b->val;
	case BIND_BUSY:
		r = diag_error(c->d, use, "'%s' depends on itself", b->name);
		diag_note(r, b->at, "'%s' is defined here", b->name);
		return val_err(c, use);
	case BIND_PENDING:
		b->state = BIND_BUSY;
		b->val = eval_expr(c, b->expr_scope, b->expr);
		if (b->param && !arg_type_ok(c, b->param, b->val))
			b->val = val_err(c, b->val->loc);
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

/* ---- argument types ----------------------------------------------------- */

static const char *const type_names[] = {
	"string", "int", "number", "bool", "duration", "percent", "size", "list", "map", "any",
	NULL,
};

bool eval_type_known(const char *name)
{
	for (const char *const *t = type_names; *t; t++)
		if (!strcmp(*t, name))
			return true;
	return false;
}

const char *const *eval_type_names(void)
{
	return type_names;
}

static bool arg_type_ok(struct eval_ctx *c, struct ast_node *param, struct val *v)
{
	struct ast_node *t = param->item.type;
	const char *want;
	bool ok;
	struct diag *r;

	if (v->kind == VAL_ERROR)
		return true;
	if (t->kind != AST_REF) {
		ast_string_literal(c->a, t, &want);
		ok = (v->kind == VAL_RES && !strcmp(v->res->type, want)) ||
		     (v->kind == VAL_DYN && !(v->flags & VAL_F_LIST)) || v->kind == VAL_STR;
	} else {
		want = t->ref.segs[0].name;
		if (!strcmp(want, "any"))
			ok = true;
		else if (!strcmp(want, "string"))
			ok = v->kind == VAL_STR || (v->kind == VAL_DYN && !(v->flags & VAL_F_LIST)) ||
			     v->kind == VAL_RES;
		else if (!strcmp(want, "int"))
			ok = v->kind == VAL_INT || v->kind == VAL_DYN;
		else if (!strcmp(want, "number"))
			ok = val_is_number(v) || v->kind == VAL_DYN;
		else if (!strcmp(want, "bool"))
			ok = v->kind == VAL_BOOL;
		else if (!strcmp(want, "duration"))
			ok = v->kind == VAL_QTY && v->qty.dim == UNIT_DURATION;
		else if (!strcmp(want, "percent"))
			ok = v->kind == VAL_QTY && v->qty.dim == UNIT_PERCENT;
		else if (!strcmp(want, "size"))
			ok = v->kind == VAL_QTY && v->qty.dim == UNIT_SIZE;
		else if (!strcmp(want, "list"))
			ok = v->kind == VAL_LIST || (v->kind == VAL_DYN && (v->flags & VAL_F_LIST));
		else if (!strcmp(want, "map"))
			ok = v->kind == VAL_MAP;
		else	/* a component's name */
			ok = v->kind == VAL_INST &&
			     !strcmp(v->inst->comp->item.name.name, want);
	}
	if (ok)
		return true;
	if (t->kind != AST_REF)
		r = diag_error(c->d, v->loc, "argument '%s' takes a %s, not %s", param->item.name.name,
			       want, val_a(v));
	else if (!eval_type_known(want))
		r = diag_error(c->d, v->loc, "argument '%s' takes an instance of component '%s', not %s",
			       param->item.name.name, want, val_a(v));
	else
		r = diag_error(c->d, v->loc, "argument '%s' takes %s %s, not %s", param->item.name.name,
			       strchr("aeiou", want[0]) ? "an" : "a", want, val_a(v));
	if (t->kind == AST_REF && !eval_type_known(want))
		diag_hint(r, "pass an instance of component '%s'", want);
	diag_note(r, param->item.name.loc, "'%s' is declared here", param->item.name.name);
	return false;
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

	lower_expand_instance(c, inst);
	sc = inst->scope;
	if (!sc)
		return val_err(c, id.loc);
	for (size_t i = 0; i < sc->nexports; i++)
		if (!strcmp(sc->exports[i]->name, id.name))
			return binding_value(c, sc->exports[i], id.loc);
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
		strbuf_fini(&b);
		out = val_dyn(c, ir_fn(c->a, "Fn::GetAtt", args), ref->loc);
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
		struct val *v = binding_value(c, b, ref->loc), *copy;

		/* the value, located where it is used */
		copy = val_new(c, v->kind, ref->loc);
		*copy = *v;
		copy->loc = ref->loc;
		v = copy;
		return member(c, v, ref, 1);
	}
}

/* ---- strings ------------------------------------------------------------- */

/* Appends text to a Fn::Sub template, escaping "${" as "${!". */
static void sub_escape(struct strbuf *b, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		strbuf_addc(b, s[i]);
		if (s[i] == '$' && i + 1 < len && s[i + 1] == '{') {
			strbuf_adds(b, "{!");
			i++;
		}
	}
}

bool eval_scalar_text(struct strbuf *b, const struct val *v)
{
	switch (v->kind) {
	case VAL_STR:
		strbuf_addn(b, v->str.s, v->str.len);
		return true;
	case VAL_INT:
		strbuf_addf(b, "%lld", (long long)v->i);
		return true;
	case VAL_NUM:
		strbuf_addf(b, "%.15g", v->d);
		return true;
	case VAL_BOOL:
		strbuf_adds(b, v->b ? "true" : "false");
		return true;
	default:
		return false;
	}
}

/* Builds a string from literal pieces and values: folded when every value
 * is known, else Fn::Sub (Ref and GetAtt inline as ${Id} and ${Id.Attr},
 * anything else through Fn::Sub's variable map). */
struct strbuilder {
	struct strbuf plain, sub, lit;
	struct ir *vars;
	unsigned nvars, flags;
	bool dynamic, failed;
};

static void sb_init(struct strbuilder *sb)
{
	memset(sb, 0, sizeof(*sb));
	strbuf_init(&sb->plain);
	strbuf_init(&sb->sub);
	strbuf_init(&sb->lit);
	strbuf_addn(&sb->plain, "", 0);
	strbuf_addn(&sb->sub, "", 0);
	strbuf_addn(&sb->lit, "", 0);
}

static void sb_text(struct strbuilder *sb, const char *s, size_t len)
{
	strbuf_addn(&sb->plain, s, len);
	strbuf_addn(&sb->lit, s, len);
}

static void sb_value(struct eval_ctx *c, struct strbuilder *sb, struct val *v, struct phx_loc at)
{
	struct strbuf tmp;
	struct ir *ir, *arg;
	struct diag *r;

	if (v->kind == VAL_ERROR) {
		sb->failed = true;
		return;
	}
	strbuf_init(&tmp);
	if (eval_scalar_text(&tmp, v)) {
		sb_text(sb, tmp.s, tmp.len);
		sb->flags |= v->flags & (VAL_F_RESOLVE | VAL_F_SSM_SECURE);
		strbuf_fini(&tmp);
		return;
	}
	strbuf_fini(&tmp);
	if (v->kind == VAL_RES) {
		ir = ir_fn(c->a, "Ref", ir_str(c->a, v->res->logical_id));
	} else if (v->kind == VAL_DYN && !(v->flags & VAL_F_LIST)) {
		ir = v->dyn;
	} else {
		r = diag_error(c->d, at, "%s cannot be put inside a string", val_a(v));
		if (v->kind == VAL_QTY)
			diag_hint(r, "write the number itself; units convert only where a property takes them");
		else if (v->kind == VAL_LIST || (v->flags & VAL_F_LIST))
			diag_hint(r, "join it first: join(\",\", list)");
		sb->failed = true;
		return;
	}
	sb->dynamic = true;
	sub_escape(&sb->sub, sb->lit.s, sb->lit.len);
	sb->lit.len = 0;
	sb->lit.s[0] = '\0';
	if ((arg = ir_get(ir, "Ref")) && arg->kind == IR_STR && ir->map.n == 1) {
		if (!strcmp(arg->str.s, "AWS::NoValue")) {
			diag_error(c->d, at, "aws.no_value cannot be put inside a string");
			sb->failed = true;
			return;
		}
		strbuf_addf(&sb->sub, "${%s}", arg->str.s);
	} else if ((arg = ir_get(ir, "Fn::GetAtt")) && ir->map.n == 1) {
		strbuf_addf(&sb->sub, "${%s.%s}", arg->list.v[0]->str.s, arg->list.v[1]->str.s);
	} else {
		char name[32];

		if (!sb->vars)
			sb->vars = ir_map(c->a);
		snprintf(name, sizeof(name), "Var%u", sb->nvars++);
		ir_append(c->a, sb->vars, arena_strdup(c->a, name), ir);
		strbuf_addf(&sb->sub, "${%s}", name);
	}
}

static struct val *sb_finish(struct eval_ctx *c, struct strbuilder *sb, struct phx_loc loc)
{
	struct val *out;

	sub_escape(&sb->sub, sb->lit.s, sb->lit.len);
	if (sb->failed) {
		out = val_err(c, loc);
	} else if (!sb->dynamic) {
		out = val_str(c, sb->plain.s, sb->plain.len, loc);
		out->flags = sb->flags;
	} else if (sb->vars) {
		struct ir *args = ir_list(c->a);

		ir_push(c->a, args, ir_strn(c->a, sb->sub.s, sb->sub.len));
		ir_push(c->a, args, sb->vars);
		out = val_dyn(c, ir_fn(c->a, "Fn::Sub", args), loc);
		out->flags = sb->flags;
	} else {
		out = val_dyn(c, ir_fn(c->a, "Fn::Sub", ir_strn(c->a, sb->sub.s, sb->sub.len)), loc);
		out->flags = sb->flags;
	}
	strbuf_fini(&sb->plain);
	strbuf_fini(&sb->sub);
	strbuf_fini(&sb->lit);
	return out;
}

static struct val *eval_string(struct eval_ctx *c, struct xscope *sc, struct ast_node *n)
{
	struct strbuilder sb;

	sb_init(&sb);
	for (struct ast_node *q = n->str.parts; q; q = q->next) {
		if (q->kind == AST_STRPART)
			sb_text(&sb, q->part.text, q->part.len);
		else
			sb_value(c, &sb, eval_expr(c, sc, q), q->loc);
	}
	return sb_finish(c, &sb, n->loc);
}

/* ---- operators ------------------------------------------------------------ */

static bool compile_time(const struct val *v)
{
	return v->kind != VAL_DYN && v->kind != VAL_RES && v->kind != VAL_INST;
}

static struct diag *need_compile_time(struct eval_ctx *c, struct val *v, const char *what)
{
	struct diag *r = diag_error(c->d, v->loc, "%s needs a value known at compile time, not %s",
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
	struct diag *d = diag_error(c->d, n->loc, "cannot apply '%s' to %s and %s",
				    ast_op_name(n->bin.op), val_a(l), val_a(r));

	diag_span(d, l->loc);
	diag_span(d, r->loc);
	if (l->kind == VAL_QTY && r->kind == VAL_QTY)
		diag_hint(d, "units must agree: a %s and a %s measure different things",
			  val_kind_name(l), val_kind_name(r));
	else if (!compile_time(l) || !compile_time(r))
		diag_hint(d, "operators work on values known at compile time; a deploy-time value fits only in a string: \"${x}\"");
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

	if (!compile_time(l) || !compile_time(r))
		return op_error(c, n, l, r);
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

static bool want_bool(struct eval_ctx *c, struct val *v, const char *what, bool *out)
{
	struct diag *r;

	if (v->kind == VAL_ERROR)
		return false;
	if (v->kind == VAL_BOOL) {
		*out = v->b;
		return true;
	}
	if (!compile_time(v)) {
		need_compile_time(c, v, what);
		return false;
	}
	r = diag_error(c->d, v->loc, "%s needs true or false, not %s", what, val_a(v));
	(void)r;
	return false;
}

static struct val *eval_range(struct eval_ctx *c, struct ast_node *n, struct val *l, struct val *r)
{
	struct val *v;
	size_t cap = 0;

	if (l->kind != VAL_INT || r->kind != VAL_INT) {
		if (!compile_time(l) || !compile_time(r)) {
			need_compile_time(c, !compile_time(l) ? l : r, "a range");
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
		if (!want_bool(c, l, n->bin.op == AST_OP_AND ? "'&&'" : "'||'", &a))
			return val_err(c, n->loc);
		if (n->bin.op == AST_OP_AND ? !a : a)
			return val_bool(c, a, n->loc);
		r = eval_expr(c, sc, n->bin.rhs);
		if (!want_bool(c, r, n->bin.op == AST_OP_AND ? "'&&'" : "'||'", &b))
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
	if (!compile_time(v) || (v->flags & VAL_F_LIST)) {
		r = need_compile_time(c, v, what);
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
		struct ir *args = ir_list(c->a);

		ir_push(c->a, args, ir_int(c->a, ix->i));
		ir_push(c->a, args, base->dyn);
		return val_dyn(c, ir_fn(c->a, "Fn::Select", args), n->loc);
	}
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

/* ---- built-in functions ----------------------------------------------------- */

struct call_args {
	struct val *pos[4];
	size_t npos;
	struct val *key;	/* secret(name, key = ...) */
	struct val *version;
};

static bool want_str(struct eval_ctx *c, struct val *v, const char *fn, const char **out)
{
	if (v->kind == VAL_STR) {
		*out = v->str.s;
		return true;
	}
	if (v->kind != VAL_ERROR)
		diag_error(c->d, v->loc, "%s() needs a string here, not %s", fn, val_a(v));
	return false;
}

static bool want_int(struct eval_ctx *c, struct val *v, const char *fn, int64_t lo, int64_t hi,
		     int64_t *out)
{
	if (v->kind == VAL_INT && v->i >= lo && v->i <= hi) {
		*out = v->i;
		return true;
	}
	if (v->kind == VAL_INT)
		diag_error(c->d, v->loc, "%s() needs a number from %lld to %lld here", fn,
			   (long long)lo, (long long)hi);
	else if (v->kind != VAL_ERROR && !compile_time(v))
		need_compile_time(c, v, fn);
	else if (v->kind != VAL_ERROR)
		diag_error(c->d, v->loc, "%s() needs an integer here, not %s", fn, val_a(v));
	return false;
}

/* azs(n): n availability zones of the stack's region, each
 * Fn::Select [i, Fn::GetAZs ""]: a list of known length. */
static struct val *fn_azs(struct eval_ctx *c, struct ast_node *n, struct call_args *a)
{
	int64_t count;
	struct val *out;
	size_t cap = 0;

	if (!want_int(c, a->pos[0], "azs", 1, 6, &count))
		return val_err(c, n->loc);
	out = val_new(c, VAL_LIST, n->loc);
	for (int64_t i = 0; i < count; i++) {
		struct ir *args = ir_list(c->a);

		ir_push(c->a, args, ir_int(c->a, i));
		ir_push(c->a, args, ir_fn(c->a, "Fn::GetAZs", ir_str(c->a, "")));
		val_push(c, out, val_dyn(c, ir_fn(c->a, "Fn::Select", args), n->loc), &cap);
	}
	return out;
}

/* cidr(block, count, bits): count subnets of 2^bits addresses each. */
static struct val *fn_cidr(struct eval_ctx *c, struct ast_node *n, struct call_args *a)
{
	int64_t count, bits;
	struct val *out;
	struct ir *block;
	size_t cap = 0;

	if (!want_int(c, a->pos[1], "cidr", 1, 256, &count) ||
	    !want_int(c, a->pos[2], "cidr", 4, 128, &bits))
		return val_err(c, n->loc);
	block = eval_to_ir(c, a->pos[0], NULL);
	if (!block)
		return val_err(c, n->loc);
	out = val_new(c, VAL_LIST, n->loc);
	for (int64_t i = 0; i < count; i++) {
		struct ir *cargs = ir_list(c->a), *sargs = ir_list(c->a);

		ir_push(c->a, cargs, block);
		ir_push(c->a, cargs, ir_int(c->a, count));
		ir_push(c->a, cargs, ir_int(c->a, bits));
		ir_push(c->a, sargs, ir_int(c->a, i));
		ir_push(c->a, sargs, ir_fn(c->a, "Fn::Cidr", cargs));
		val_push(c, out, val_dyn(c, ir_fn(c->a, "Fn::Select", sargs), n->loc), &cap);
	}
	return out;
}

static void json_quote(struct strbuf *b, const char *s, size_t len)
{
	strbuf_addc(b, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == '"' || ch == '\\')
			strbuf_addf(b, "\\%c", ch);
		else if (ch == '\n')
			strbuf_adds(b, "\\n");
		else if (ch == '\t')
			strbuf_adds(b, "\\t");
		else if (ch < 0x20)
			strbuf_addf(b, "\\u%04x", ch);
		else
			strbuf_addc(b, (char)ch);
	}
	strbuf_addc(b, '"');
}

/* json(value): a JSON document as a string (ECR lifecycle policies, ...).
 * Deploy-time values inside go through Fn::Sub. */
static bool json_write(struct eval_ctx *c, struct strbuilder *sb, struct val *v)
{
	struct strbuf t;

	strbuf_init(&t);
	switch (v->kind) {
	case VAL_STR:
		json_quote(&t, v->str.s, v->str.len);
		sb_text(sb, t.s, t.len);
		break;
	case VAL_INT:
	case VAL_NUM:
	case VAL_BOOL:
		eval_scalar_text(&t, v);
		sb_text(sb, t.s, t.len);
		break;
	case VAL_LIST:
		sb_text(sb, "[", 1);
		for (size_t i = 0; i < v->list.n; i++) {
			if (i)
				sb_text(sb, ",", 1);
			if (!json_write(c, sb, v->list.v[i]))
				goto fail;
		}
		sb_text(sb, "]", 1);
		break;
	case VAL_MAP:
		sb_text(sb, "{", 1);
		for (size_t i = 0; i < v->map.n; i++) {
			strbuf_fini(&t);
			strbuf_init(&t);
			if (i)
				strbuf_addc(&t, ',');
			json_quote(&t, v->map.v[i].key, strlen(v->map.v[i].key));
			strbuf_addc(&t, ':');
			sb_text(sb, t.s, t.len);
			if (!json_write(c, sb, v->map.v[i].val))
				goto fail;
		}
		sb_text(sb, "}", 1);
		break;
	case VAL_DYN:
	case VAL_RES:
		sb_text(sb, "\"", 1);
		sb_value(c, sb, v, v->loc);
		sb_text(sb, "\"", 1);
		break;
	case VAL_QTY:
		diag_error(c->d, v->loc, "json() cannot write %s: write the number", val_a(v));
		goto fail;
	case VAL_ERROR:
		goto fail;
	case VAL_INST:
		diag_error(c->d, v->loc, "json() cannot write a component instance");
		goto fail;
	}
	strbuf_fini(&t);
	return true;
fail:
	strbuf_fini(&t);
	return false;
}

static struct val *fn_json(struct eval_ctx *c, struct ast_node *n, struct call_args *a)
{
	struct strbuilder sb;

	sb_init(&sb);
	if (!json_write(c, &sb, a->pos[0]))
		sb.failed = true;
	return sb_finish(c, &sb, n->loc);
}

static struct val *fn_join(struct eval_ctx *c, struct ast_node *n, struct call_args *a)
{
	const char *sep;
	struct val *l = a->pos[1];
	struct strbuilder sb;

	if (!want_str(c, a->pos[0], "join", &sep))
		return val_err(c, n->loc);
	if (l->kind == VAL_DYN && (l->flags & VAL_F_LIST)) {
		struct ir *args = ir_list(c->a);

		ir_push(c->a, args, ir_str(c->a, sep));
		ir_push(c->a, args, l->dyn);
		return val_dyn(c, ir_fn(c->a, "Fn::Join", args), n->loc);
	}
	if (l->kind != VAL_LIST) {
		if (l->kind != VAL_ERROR)
			diag_error(c->d, l->loc, "join() needs a list, not %s", val_a(l));
		return val_err(c, n->loc);
	}
	sb_init(&sb);
	for (size_t i = 0; i < l->list.n; i++) {
		if (i)
			sb_text(&sb, sep, strlen(sep));
		sb_value(c, &sb, l->list.v[i], l->list.v[i]->loc);
	}
	return sb_finish(c, &sb, n->loc);
}

static struct val *fn_split(struct eval_ctx *c, struct ast_node *n, struct call_args *a)
{
	const char *sep, *s;
	struct val *out;
	size_t cap = 0, seplen;

	if (!want_str(c, a->pos[0], "split", &sep))
		return val_err(c, n->loc);
	if (a->pos[1]->kind == VAL_DYN && !(a->pos[1]->flags & VAL_F_LIST)) {
		struct ir *args = ir_list(c->a);
		struct val *v;

		ir_push(c->a, args, ir_str(c->a, sep));
		ir_push(c->a, args, a->pos[1]->dyn);
		v = val_dyn(c, ir_fn(c->a, "Fn::Split", args), n->loc);
		v->flags |= VAL_F_LIST;
		return v;
	}
	if (!want_str(c, a->pos[1], "split", &s))
		return val_err(c, n->loc);
	seplen = strlen(sep);
	if (!seplen) {
		diag_error(c->d, a->pos[0]->loc, "split() needs a separator that is not empty");
		return val_err(c, n->loc);
	}
	out = val_new(c, VAL_LIST, n->loc);
	for (;;) {
		const char *hit = strstr(s, sep);
		size_t len = hit ? (size_t)(hit - s) : strlen(s);

		val_push(c, out, val_str(c, s, len, n->loc), &cap);
		if (!hit)
			break;
		s = hit + seplen;
	}
	return out;
}

static struct val *fn_case(struct eval_ctx *c, struct ast_node *n, struct call_args *a, bool up)
{
	const char *s;
	char *t;

	if (!want_str(c, a->pos[0], up ? "upper" : "lower", &s))
		return val_err(c, n->loc);
	t = arena_strdup(c->a, s);
	for (char *p = t; *p; p++)
		*p = (char)(up ? toupper((unsigned char)*p) : tolower((unsigned char)*p));
	return val_str(c, t, strlen(t), n->loc);
}

static struct val *fn_upper(struct eval_ctx *c, struct ast_node *n, struct call_args *a)
{
	return fn_case(c, n, a, true);
}

static struct val *fn_lower(struct eval_ctx *c, struct ast_node *n, struct call_args *a)
{
	return fn_case(c, n, a, false);
}

static struct val *fn_length(struct eval_ctx *c, struct ast_node *n, struct call_args *a)
{
	struct val *v = a->pos[0];

	switch (v->kind) {
	case VAL_LIST:
		return val_int(c, (int64_t)v->list.n, n->loc);
	case VAL_MAP:
		return val_int(c, (int64_t)v->map.n, n->loc);
	case VAL_STR:
		return val_int(c, (int64_t)v->str.len, n->loc);
	case VAL_ERROR:
		return v;
	default:
		if (!compile_time(v) || (v->flags & VAL_F_LIST))
			need_compile_time(c, v, "length()");
		else
			diag_error(c->d, v->loc, "length() needs a list, a map or a string, not %s",
				   val_a(v));
		return val_err(c, n->loc);
	}
}

static struct val *fn_range(struct eval_ctx *c, struct ast_node *n, struct call_args *a)
{
	int64_t lo = 0, hi;
	struct val *out;
	size_t cap = 0;

	if (a->npos == 2) {
		if (!want_int(c, a->pos[0], "range", INT32_MIN, INT32_MAX, &lo) ||
		    !want_int(c, a->pos[1], "range", lo, lo + EVAL_MAX_LIST, &hi))
			return val_err(c, n->loc);
	} else if (!want_int(c, a->pos[0], "range", 0, EVAL_MAX_LIST, &hi)) {
		return val_err(c, n->loc);
	}
	out = val_new(c, VAL_LIST, n->loc);
	for (int64_t i = lo; i < hi; i++)
		val_push(c, out, val_int(c, i, n->loc), &cap);
	return out;
}

/* Dynamic references: the value is resolved by CloudFormation at deploy
 * time and never written into the template. */
static struct val *dynref(struct eval_ctx *c, struct ast_node *n, const char *service,
			  struct val *name, const char *tail, unsigned flags)
{
	struct strbuilder sb;
	struct val *v;

	sb_init(&sb);
	sb_text(&sb, "{{resolve:", 10);
	sb_text(&sb, service, strlen(service));
	sb_text(&sb, ":", 1);
	sb_value(c, &sb, name, name->loc);
	if (tail)
		sb_text(&sb, tail, strlen(tail));
	sb_text(&sb, "}}", 2);
	v = sb_finish(c, &sb, n->loc);
	v->flags |= VAL_F_RESOLVE | flags;
	return v;
}

static struct val *fn_ssm(struct eval_ctx *c, struct ast_node *n, struct call_args *a)
{
	return dynref(c, n, "ssm", a->pos[0], NULL, 0);
}

static struct val *fn_ssm_secure(struct eval_ctx *c, struct ast_node *n, struct call_args *a)
{
	return dynref(c, n, "ssm-secure", a->pos[0], NULL, VAL_F_SSM_SECURE);
}

/* secret(name, key = "password"): {{resolve:secretsmanager:name:SecretString:key}} */
static struct val *fn_secret(struct eval_ctx *c, struct ast_node *n, struct call_args *a)
{
	const char *key = NULL;
	char *tail;

	if (a->key && !want_str(c, a->key, "secret", &key))
		return val_err(c, n->loc);
	tail = key ? xasprintf(":SecretString:%s", key) : NULL;
	{
		struct val *v = dynref(c, n, "secretsmanager", a->pos[0], tail, 0);

		free(tail);
		return v;
	}
}

/* base64(s): the encoding when s is known, else Fn::Base64 (EC2 user data). */
static struct val *fn_base64(struct eval_ctx *c, struct ast_node *n, struct call_args *a)
{
	static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	struct val *v = a->pos[0];
	struct strbuf b;
	struct val *out;

	if (v->kind == VAL_DYN && !(v->flags & VAL_F_LIST))
		return val_dyn(c, ir_fn(c->a, "Fn::Base64", v->dyn), n->loc);
	if (v->kind != VAL_STR) {
		diag_error(c->d, v->loc, "base64() needs a string, not %s", val_a(v));
		return val_err(c, n->loc);
	}
	strbuf_init(&b);
	strbuf_addn(&b, "", 0);
	for (size_t i = 0; i < v->str.len; i += 3) {
		const unsigned char *p = (const unsigned char *)v->str.s + i;
		size_t left = v->str.len - i;
		uint32_t x = (uint32_t)p[0] << 16 | (left > 1 ? (uint32_t)p[1] << 8 : 0) |
			     (left > 2 ? p[2] : 0);

		strbuf_addc(&b, digits[(x >> 18) & 63]);
		strbuf_addc(&b, digits[(x >> 12) & 63]);
		strbuf_addc(&b, left > 1 ? digits[(x >> 6) & 63] : '=');
		strbuf_addc(&b, left > 2 ? digits[x & 63] : '=');
	}
	out = val_str(c, b.s, b.len, n->loc);
	strbuf_fini(&b);
	return out;
}

/* logical_id(resource): its logical ID as a string ("AppAsg"), for the
 * places CloudFormation wants the name itself (cfn-signal --resource). */
static struct val *fn_logical_id(struct eval_ctx *c, struct ast_node *n, struct call_args *a)
{
	struct val *v = a->pos[0];

	if (v->kind != VAL_RES) {
		diag_error(c->d, v->loc, "logical_id() needs a resource, not %s", val_a(v));
		return val_err(c, n->loc);
	}
	return val_str(c, v->res->logical_id, strlen(v->res->logical_id), n->loc);
}

typedef struct val *builtin_fn(struct eval_ctx *c, struct ast_node *n, struct call_args *a);

static const char *const secret_named[] = { "key", NULL };

static const struct builtin builtins[] = {
	{ "azs", 1, 1, NULL, "one argument", "azs(count): that many availability zones of the region" },
	{ "cidr", 3, 3, NULL, "three arguments", "cidr(block, count, bits): count subnets of 2^bits addresses" },
	{ "json", 1, 1, NULL, "one argument", "json(value): the value as a JSON document" },
	{ "join", 2, 2, NULL, "two arguments", "join(separator, list)" },
	{ "split", 2, 2, NULL, "two arguments", "split(separator, string)" },
	{ "upper", 1, 1, NULL, "one argument", "upper(string)" },
	{ "lower", 1, 1, NULL, "one argument", "lower(string)" },
	{ "length", 1, 1, NULL, "one argument", "length(list, map or string)" },
	{ "range", 1, 2, NULL, "one or two arguments", "range(n) is 0..n-1; range(a, b) is a..b-1" },
	{ "ssm", 1, 1, NULL, "one argument", "ssm(\"/parameter/name\")" },
	{ "ssm_secure", 1, 1, NULL, "one argument", "ssm_secure(\"/parameter/name\")" },
	{ "secret", 1, 1, secret_named, "one argument", "secret(\"name\", key = \"password\")" },
	{ "base64", 1, 1, NULL, "one argument", "base64(string): the encoding, or Fn::Base64 of a deploy-time string" },
	{ "logical_id", 1, 1, NULL, "one argument", "logical_id(resource): its logical ID, as a string" },
	{ NULL, 0, 0, NULL, NULL, NULL },
};

static builtin_fn *const builtin_impls[] = {
	fn_azs, fn_cidr, fn_json, fn_join, fn_split, fn_upper, fn_lower, fn_length, fn_range,
	fn_ssm, fn_ssm_secure, fn_secret, fn_base64, fn_logical_id,
};

const struct builtin *builtin_find(const char *name)
{
	for (const struct builtin *b = builtins; b->name; b++)
		if (!strcmp(b->name, name))
			return b;
	return NULL;
}

const struct builtin *builtin_table(void)
{
	return builtins;
}

const char *builtin_names(void)
{
	return "azs cidr json join split upper lower length range ssm ssm_secure secret base64 logical_id";
}

static struct val *eval_call(struct eval_ctx *c, struct xscope *sc, struct ast_node *n)
{
	const struct builtin *b = builtin_find(n->call.fn.name);
	struct call_args a;

	memset(&a, 0, sizeof(a));
	if (!b)
		return val_err(c, n->loc);	/* reported by sema */
	for (struct ast_node *q = n->call.args; q; q = q->next) {
		if (q->kind == AST_ENTRY) {
			if (!strcmp(q->entry.key.name, "key"))
				a.key = eval_expr(c, sc, q->entry.value);
			continue;
		}
		if (a.npos < PHX_ARRAY_SIZE(a.pos))
			a.pos[a.npos] = eval_expr(c, sc, q);
		a.npos++;
	}
	if (a.npos < b->min_args || a.npos > b->max_args)
		return val_err(c, n->loc);	/* reported by sema */
	for (size_t i = 0; i < a.npos; i++)
		if (a.pos[i]->kind == VAL_ERROR)
			return val_err(c, n->loc);
	return builtin_impls[b - builtins](c, n, &a);
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
		const struct unit_info *u = sema_unit(n->num.unit);

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
		bool b;

		v = want_bool(c, eval_expr(c, sc, n->operand), "'!'", &b) ? val_bool(c, !b, n->loc)
									     : val_err(c, n->loc);
		break;
	}
	case AST_BINARY:
		v = eval_binary(c, sc, n);
		break;
	case AST_IFEXPR: {
		bool b;

		if (!want_bool(c, eval_expr(c, sc, n->cond.cond), "'if'", &b))
			v = val_err(c, n->loc);
		else
			v = eval_expr(c, sc, b ? n->cond.then : n->cond.otherwise);
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

/* ---- values to IR -------------------------------------------------------------- */

/* The unit a property takes, from its name (struct unit_target in
 * lower.h). Checked in order: the first rule whose suffix ends the property
 * name wins. */
static const struct unit_target unit_targets[] = {
	{ "BackupRetentionPeriod", UNIT_DURATION, 86400, "days" },
	{ "InDays", UNIT_DURATION, 86400, "days" },
	{ "Days", UNIT_DURATION, 86400, "days" },
	{ "Hours", UNIT_DURATION, 3600, "hours" },
	{ "Minutes", UNIT_DURATION, 60, "minutes" },
	{ "Seconds", UNIT_DURATION, 1, "seconds" },
	{ "Period", UNIT_DURATION, 1, "seconds" },
	{ "Timeout", UNIT_DURATION, 1, "seconds" },
	{ "Interval", UNIT_DURATION, 1, "seconds" },
	{ "Cooldown", UNIT_DURATION, 1, "seconds" },
	{ "TTL", UNIT_DURATION, 1, "seconds" },
	{ "AllocatedStorage", UNIT_SIZE, 1e9, "GB" },
	{ "VolumeSize", UNIT_SIZE, 1073741824.0, "GiB" },
	{ "InGB", UNIT_SIZE, 1e9, "GB" },
	{ "GB", UNIT_SIZE, 1e9, "GB" },
	{ "MiB", UNIT_SIZE, 1048576.0, "MiB" },
	{ "MemoryReservation", UNIT_SIZE, 1048576.0, "MiB" },
	{ "MemorySize", UNIT_SIZE, 1048576.0, "MB" },
	{ "Memory", UNIT_SIZE, 1048576.0, "MiB" },
	{ "Bytes", UNIT_SIZE, 1, "bytes" },
};

static bool ends_with(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lf = strlen(suffix);

	return ls >= lf && !strcmp(s + ls - lf, suffix);
}

const struct unit_target *lower_unit_target(const char *prop)
{
	for (size_t i = 0; prop && i < PHX_ARRAY_SIZE(unit_targets); i++)
		if (ends_with(prop, unit_targets[i].suffix))
			return &unit_targets[i];
	return NULL;
}

static struct ir *qty_to_ir(struct eval_ctx *c, struct val *v, const char *prop)
{
	const struct unit_target *t = lower_unit_target(prop);
	struct diag *r;
	double x;

	if (v->qty.dim == UNIT_PERCENT) {
		x = v->qty.base;
		if (x == floor(x) && fabs(x) < 9.007199254740992e15)
			return ir_int(c->a, (int64_t)x);
		return ir_num(c->a, x);
	}
	if (t) {
		if (t->dim != v->qty.dim) {
			diag_error(c->d, v->loc, "'%s' takes a %s in %s, not a %s", prop,
				   dim_names[t->dim], t->name, dim_names[v->qty.dim]);
			return NULL;
		}
		x = v->qty.base / t->scale;
		if (fabs(x - floor(x + 0.5)) > 1e-9) {
			r = diag_error(c->d, v->loc, "%s is not a whole number of %s, as '%s' needs",
				       v->qty.text, t->name, prop);
			diag_hint(r, "write it in %s", t->name);
			return NULL;
		}
		return ir_int(c->a, (int64_t)floor(x + 0.5));
	}
	r = diag_error(c->d, v->loc, "cannot tell which unit '%s' takes for %s",
		       prop ? prop : "this value", v->qty.text);
	diag_hint(r, "write a plain number in the unit the property documents");
	return NULL;
}

/* Properties that hold a secret: a literal there is a warning. A custom
 * resource's ServiceToken is an ARN, not a secret. */
static bool secret_property(const char *prop)
{
	if (!strcmp(prop, "ServiceToken"))
		return false;
	static const char *const suffixes[] = {
		"Password", "password", "Secret", "SecretString", "Token", "AuthToken",
		"SecretAccessKey", "PrivateKey",
	};

	for (size_t i = 0; i < PHX_ARRAY_SIZE(suffixes); i++)
		if (ends_with(prop, suffixes[i]))
			return true;
	return false;
}

/* Where CloudFormation resolves ssm-secure: resource type and property
 * (AWS CloudFormation User Guide, "Specify sensitive values with SSM
 * SecureString parameters"). */
static const struct {
	const char *type, *prop;
} ssm_secure_ok[] = {
	{ "AWS::DirectoryService::MicrosoftAD", "Password" },
	{ "AWS::DirectoryService::SimpleAD", "Password" },
	{ "AWS::ElastiCache::ReplicationGroup", "AuthToken" },
	{ "AWS::IAM::User", "Password" },
	{ "AWS::KinesisFirehose::DeliveryStream", "Password" },
	{ "AWS::OpsWorks::App", "Password" },
	{ "AWS::OpsWorks::Stack", "Password" },
	{ "AWS::OpsWorks::Stack", "DbPassword" },
	{ "AWS::RDS::DBCluster", "MasterUserPassword" },
	{ "AWS::RDS::DBInstance", "MasterUserPassword" },
	{ "AWS::Redshift::Cluster", "MasterUserPassword" },
};

static void check_string_property(struct eval_ctx *c, struct val *v, const char *prop)
{
	if (!prop)
		return;
	if (v->flags & VAL_F_SSM_SECURE) {
		const char *type = c->cur_res ? c->cur_res->type : "";

		for (size_t i = 0; i < PHX_ARRAY_SIZE(ssm_secure_ok); i++)
			if (!strcmp(ssm_secure_ok[i].type, type) && !strcmp(ssm_secure_ok[i].prop, prop))
				return;
		{
			struct diag *r = diag_error(c->d, v->loc,
				"CloudFormation does not resolve ssm_secure() in %s %s", type[0] ? type : "an output", prop);

			diag_hint(r, "use secret(\"name\", key = \"...\") (Secrets Manager), which works in any property");
		}
		return;
	}
	if (v->kind == VAL_STR && !(v->flags & VAL_F_RESOLVE) && secret_property(prop) && v->str.len) {
		struct diag *r = diag_warning(c->d, v->loc,
			"'%s' holds a secret, but this literal is written into the template", prop);

		diag_hint(r, "read it at deploy time: secret(\"name\", key = \"%s\"), ssm_secure(\"/path\") or a 'param NAME : secret'",
			  "password");
	}
}

struct ir *eval_to_ir(struct eval_ctx *c, struct val *v, const char *prop)
{
	struct ir *out;
	struct diag *r;

	switch (v->kind) {
	case VAL_ERROR:
		return NULL;
	case VAL_BOOL:
		return ir_bool(c->a, v->b);
	case VAL_INT:
		return ir_int(c->a, v->i);
	case VAL_NUM:
		return ir_num(c->a, v->d);
	case VAL_STR:
		check_string_property(c, v, prop);
		return ir_strn(c->a, v->str.s, v->str.len);
	case VAL_QTY:
		return qty_to_ir(c, v, prop);
	case VAL_LIST:
		out = ir_list(c->a);
		for (size_t i = 0; i < v->list.n; i++) {
			struct ir *x = eval_to_ir(c, v->list.v[i], prop);

			if (x)
				ir_push(c->a, out, x);
		}
		return out;
	case VAL_MAP:
		out = ir_map(c->a);
		for (size_t i = 0; i < v->map.n; i++) {
			struct ir *x = eval_to_ir(c, v->map.v[i].val, v->map.v[i].key);

			if (x)
				ir_append(c->a, out, v->map.v[i].key, x);
		}
		return out;
	case VAL_DYN:
		check_string_property(c, v, prop);
		return v->dyn;
	case VAL_RES:
		return ir_fn(c->a, "Ref", ir_str(c->a, v->res->logical_id));
	case VAL_INST:
		r = diag_error(c->d, v->loc, "a component instance is not a value");
		diag_hint(r, "read one of its exports: %s.NAME", v->inst->name);
		return NULL;
	}
	PHX_BUG("bad value kind %d", (int)v->kind);
}
