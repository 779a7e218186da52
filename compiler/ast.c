/* ast.c - node constructors and the --dump=ast printer. */
#include "phx.h"
#include "arena.h"
#include "ast.h"
#include "lang.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static const char *const ast_kind_names[AST_KIND_COUNT] = {
	[AST_STACK] = "stack",
	[AST_PARAM] = "param",
	[AST_RESOURCE] = "resource",
	[AST_OUTPUT] = "output",
	[AST_ENV] = "env",
	[AST_ENTRY] = "entry",
	[AST_STRING] = "string",
	[AST_STRPART] = "text",
	[AST_INT] = "integer",
	[AST_DECIMAL] = "decimal",
	[AST_BOOL] = "boolean",
	[AST_UNIT] = "quantity",
	[AST_LIST] = "list",
	[AST_MAP] = "map",
	[AST_RECORD] = "record type",
	[AST_REF] = "reference",
	[AST_CALL] = "call",
	[AST_NEG] = "negation",
	[AST_NOT] = "negation",
	[AST_BINARY] = "operation",
	[AST_IFEXPR] = "conditional value",
	[AST_INDEX] = "index",
	[AST_MEMBER] = "member",
	[AST_COMPREHENSION] = "list comprehension",
	[AST_IMPORT] = "import",
	[AST_COMPONENT] = "component",
	[AST_INSTANCE] = "component instance",
	[AST_LET] = "let",
	[AST_EXPORT] = "export",
	[AST_IF] = "if",
	[AST_FOR] = "for",
};

static const char *const ast_op_names[] = {
	[AST_OP_ADD] = "+",
	[AST_OP_SUB] = "-",
	[AST_OP_MUL] = "*",
	[AST_OP_DIV] = "/",
	[AST_OP_EQ] = "==",
	[AST_OP_NE] = "!=",
	[AST_OP_LT] = "<",
	[AST_OP_LE] = "<=",
	[AST_OP_GT] = ">",
	[AST_OP_GE] = ">=",
	[AST_OP_AND] = "&&",
	[AST_OP_OR] = "||",
	[AST_OP_RANGE] = "..",
};

const char *ast_op_name(enum ast_op op)
{
	return ast_op_names[op];
}

const char *ast_kind_name(enum ast_kind k)
{
	return k < AST_KIND_COUNT ? ast_kind_names[k] : "?";
}

void ast_list_init(struct ast_list *l)
{
	l->head = NULL;
	l->tail = &l->head;
	l->n = 0;
}

void ast_list_add(struct ast_list *l, struct ast_node *n)
{
	if (!n)
		return;
	*l->tail = n;
	l->tail = &n->next;
	l->n++;
}

void ast_allow_add(struct ast_allow **list, struct ast_allow *a)
{
	while (*list)
		list = &(*list)->next;
	*list = a;
}

struct ast_node *ast_new(struct arena *a, enum ast_kind kind, struct phx_loc loc)
{
	struct ast_node *n = ARENA_NEW(a, struct ast_node);

	n->kind = kind;
	n->loc = loc;
	return n;
}

static uint32_t ast_depth_max(uint32_t d, const struct ast_node *n)
{
	return n && n->depth > d ? n->depth : d;
}

static uint32_t ast_depth_list(uint32_t d, const struct ast_node *n)
{
	for (; n; n = n->next)
		d = ast_depth_max(d, n);
	return d;
}

uint32_t ast_depth_measure(struct ast_node *n)
{
	uint32_t d = 0;

	switch (n->kind) {
	case AST_NEG:
	case AST_NOT:
		d = ast_depth_max(d, n->operand);
		break;
	case AST_BINARY:
		d = ast_depth_max(ast_depth_max(d, n->bin.lhs), n->bin.rhs);
		break;
	case AST_IFEXPR:
		d = ast_depth_max(ast_depth_max(ast_depth_max(d, n->cond.cond), n->cond.then),
				  n->cond.otherwise);
		break;
	case AST_INDEX:
		d = ast_depth_max(ast_depth_max(d, n->index.base), n->index.index);
		break;
	case AST_MEMBER:
		d = ast_depth_max(d, n->member.base);
		break;
	case AST_LIST:
	case AST_MAP:
		d = ast_depth_list(d, n->list.items);
		break;
	case AST_CALL:
		d = ast_depth_list(d, n->call.args);
		break;
	case AST_STRING:
		d = ast_depth_list(d, n->str.parts);
		break;
	case AST_ENTRY:
		d = ast_depth_max(d, n->entry.value);
		break;
	case AST_COMPREHENSION:
		d = ast_depth_max(ast_depth_max(d, n->loop.iter), n->loop.body);
		break;
	default:
		break;
	}
	n->depth = d + 1;
	return n->depth;
}

struct ast_node *ast_item(struct arena *a, enum ast_kind kind, struct phx_loc loc,
			  struct ast_ident name)
{
	struct ast_node *n = ast_new(a, kind, loc);

	n->item.name = name;
	return n;
}

/* A quantity is held as an integer count of its base unit (seconds, bytes,
 * percent): one that does not fit in 64 bits is too large, as a plain
 * number is. Unknown units are left to sema. */
static void ast_unit_range(struct ast_node *n)
{
	const struct unit_info *u = lang_unit(n->num.unit);
	double base = n->num.d * (u ? u->scale : 1);

	if (!(base < 9223372036854775808.0))
		n->num.overflow = true;
}

/* INT, DECIMAL and UNIT tokens: digits, an optional fraction, then for a
 * unit the suffix. Overflow is recorded and reported by the resolve pass. */
struct ast_node *ast_number(struct arena *a, enum ast_kind kind, struct phx_loc loc,
			    const char *text)
{
	struct ast_node *n = ast_new(a, kind, loc);
	const char *p = text;
	char *end;

	n->num.text = text;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	if (kind == AST_UNIT) {
		n->num.unit = p;
		n->num.unit_loc = loc;
		n->num.unit_loc.start = loc.start + (uint32_t)(p - text);
		n->num.text = arena_strndup(a, text, (size_t)(p - text));
	}
	errno = 0;
	if (kind == AST_INT) {
		unsigned long long v = strtoull(text, &end, 10);

		if (errno == ERANGE || v > INT64_MAX)
			n->num.overflow = true;
		else
			n->num.i = (int64_t)v;
	}
	n->num.d = strtod(n->num.text, &end);
	if (errno == ERANGE)
		n->num.overflow = true;
	if (kind == AST_UNIT)
		ast_unit_range(n);
	return n;
}

struct ast_node *ast_ref_new(struct arena *a, struct ast_ident first)
{
	struct ast_node *n = ast_new(a, AST_REF, first.loc);

	n->ref.segs = arena_alloc(a, sizeof(struct ast_ident));
	n->ref.segs[0] = first;
	n->ref.nsegs = 1;
	return n;
}

/* The segment array grows by doubling: its capacity is nsegs rounded up to
 * a power of two, so a.b.c... of n segments costs O(n) arena memory. */
struct ast_node *ast_ref_push(struct arena *a, struct ast_node *ref, struct ast_ident seg)
{
	size_t n = ref->ref.nsegs;

	if ((n & (n - 1)) == 0) {	/* full: n is a power of two */
		struct ast_ident *segs = arena_alloc(a, 2 * n * sizeof(*segs));

		memcpy(segs, ref->ref.segs, n * sizeof(*segs));
		ref->ref.segs = segs;
	}
	ref->ref.segs[ref->ref.nsegs++] = seg;
	ref->loc = loc_span(ref->loc, seg.loc);
	return ref;
}

struct ast_node *ast_entry_find(struct ast_node *entries, const char *key)
{
	for (struct ast_node *e = entries; e; e = e->next)
		if (e->kind == AST_ENTRY && !strcmp(e->entry.key.name, key))
			return e;
	return NULL;
}

bool ast_string_literal(struct arena *a, const struct ast_node *n, const char **out)
{
	size_t len = 0;
	char *s, *p;

	if (!n || n->kind != AST_STRING)
		return false;
	for (struct ast_node *q = n->str.parts; q; q = q->next) {
		if (q->kind != AST_STRPART)
			return false;
		len += q->part.len;
	}
	p = s = arena_alloc(a, len + 1);
	for (struct ast_node *q = n->str.parts; q; q = q->next) {
		memcpy(p, q->part.text, q->part.len);
		p += q->part.len;
	}
	*out = s;
	return true;
}

/* ---- --dump=ast ------------------------------------------------------ */

/* Calls fn on each child of n in source order, list members one by one:
 * the one place that knows the shape of every node, for the walk and the
 * dump. */
static void ast_children(struct ast_node *n, void (*fn)(struct ast_node *, void *), void *ud)
{
	struct ast_node *one[3] = { NULL, NULL, NULL }, *lists[2] = { NULL, NULL };

	switch (n->kind) {
	case AST_STACK:
	case AST_PARAM:
	case AST_RESOURCE:
	case AST_OUTPUT:
	case AST_ENV:
	case AST_IMPORT:
	case AST_COMPONENT:
	case AST_INSTANCE:
	case AST_LET:
	case AST_EXPORT:
		for (struct ast_node *c = n->item.params; c; c = c->next)
			fn(c, ud);
		if (n->item.type)
			fn(n->item.type, ud);
		if (n->item.value)
			fn(n->item.value, ud);
		lists[0] = n->item.body;
		break;
	case AST_ENTRY:
		one[0] = n->entry.value;
		break;
	case AST_STRING:
		lists[0] = n->str.parts;
		break;
	case AST_LIST:
	case AST_MAP:
	case AST_RECORD:
		lists[0] = n->list.items;
		break;
	case AST_CALL:
		lists[0] = n->call.args;
		break;
	case AST_NEG:
	case AST_NOT:
		one[0] = n->operand;
		break;
	case AST_BINARY:
		one[0] = n->bin.lhs;
		one[1] = n->bin.rhs;
		break;
	case AST_IFEXPR:
		one[0] = n->cond.cond;
		one[1] = n->cond.then;
		one[2] = n->cond.otherwise;
		break;
	case AST_IF:
		if (n->cond.cond)
			fn(n->cond.cond, ud);
		for (struct ast_node *c = n->cond.then; c; c = c->next)
			fn(c, ud);
		one[0] = n->cond.otherwise;
		break;
	case AST_INDEX:
		one[0] = n->index.base;
		one[1] = n->index.index;
		break;
	case AST_MEMBER:
		one[0] = n->member.base;
		break;
	case AST_FOR:
	case AST_COMPREHENSION:
		one[0] = n->loop.iter;
		lists[1] = n->loop.body;
		break;
	case AST_STRPART:
	case AST_INT:
	case AST_DECIMAL:
	case AST_UNIT:
	case AST_BOOL:
	case AST_REF:
		break;
	default:
		PHX_BUG("unknown node kind %d", (int)n->kind);
	}
	for (struct ast_node *c = lists[0]; c; c = c->next)
		fn(c, ud);
	for (size_t i = 0; i < 3; i++)
		if (one[i])
			fn(one[i], ud);
	for (struct ast_node *c = lists[1]; c; c = c->next)
		fn(c, ud);
}

struct ast_dump_ctx {
	FILE *out;
	int depth;
	struct src_set *srcs;
};

static void ast_dump_node(struct ast_node *n, void *ud)
{
	struct ast_dump_ctx *d = ud, inner = *d;
	FILE *out = d->out;
	struct srcfile *f = src_get(d->srcs, n->loc.file);
	unsigned line = 0, col = 0;

	if (f)
		src_linecol(f, n->loc.start, &line, &col);
	fprintf(out, "%*s%s @%u:%u", d->depth * 2, "", ast_kind_name(n->kind), line, col);
	switch (n->kind) {
	case AST_STACK:
	case AST_PARAM:
	case AST_RESOURCE:
	case AST_OUTPUT:
	case AST_ENV:
	case AST_IMPORT:
	case AST_COMPONENT:
	case AST_INSTANCE:
	case AST_LET:
	case AST_EXPORT:
		fprintf(out, " %s\n", n->item.name.name);
		break;
	case AST_ENTRY:
		fprintf(out, " %s\n", n->entry.key.name);
		break;
	case AST_STRPART:
		fprintf(out, " \"%.*s\"\n", (int)n->part.len, n->part.text);
		break;
	case AST_INT:
	case AST_DECIMAL:
		fprintf(out, " %s\n", n->num.text);
		break;
	case AST_UNIT:
		fprintf(out, " %s %s\n", n->num.text, n->num.unit);
		break;
	case AST_BOOL:
		fprintf(out, " %s\n", n->b ? "true" : "false");
		break;
	case AST_LIST:
	case AST_MAP:
	case AST_RECORD:
		fprintf(out, " (%zu)\n", n->list.n);
		break;
	case AST_REF:
		fputc(' ', out);
		for (size_t i = 0; i < n->ref.nsegs; i++)
			fprintf(out, "%s%s", i ? "." : "", n->ref.segs[i].name);
		fputc('\n', out);
		break;
	case AST_CALL:
		fprintf(out, " %s\n", n->call.fn.name);
		break;
	case AST_BINARY:
		fprintf(out, " %s\n", ast_op_name(n->bin.op));
		break;
	case AST_MEMBER:
		fprintf(out, " .%s\n", n->member.name.name);
		break;
	case AST_FOR:
	case AST_COMPREHENSION:
		fprintf(out, " %s\n", n->loop.var.name);
		break;
	default:
		fputc('\n', out);
		break;
	}
	inner.depth++;
	ast_children(n, ast_dump_node, &inner);
}

void ast_dump(FILE *out, const struct ast_node *items, struct src_set *srcs)
{
	struct ast_dump_ctx d = { out, 0, srcs };

	/* the dump only reads; the child walk is shared with ast_walk */
	for (struct ast_node *n = (struct ast_node *)items; n; n = n->next)
		ast_dump_node(n, &d);
}

struct ast_walk_ctx {
	bool (*fn)(struct ast_node *, void *);
	void *ud;
};

static void ast_walk_node(struct ast_node *n, void *ud)
{
	struct ast_walk_ctx *w = ud;

	if (w->fn(n, w->ud))
		ast_children(n, ast_walk_node, w);
}

void ast_walk(struct ast_node *items, bool (*fn)(struct ast_node *n, void *ud), void *ud)
{
	struct ast_walk_ctx w = { fn, ud };

	for (struct ast_node *n = items; n; n = n->next)
		ast_walk_node(n, &w);
}
