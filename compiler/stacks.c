/* stacks.c - several stacks in one program (stacks.h). */
#include "phx.h"
#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "ir.h"
#include "schema.h"
#include "stacks.h"

#include <ctype.h>
#include <string.h>

/* ---- before resolving: `stack = NAME` out of the blocks ---- */

struct collect {
	struct arena *a;
	struct diag_ctx *d;
	struct stack_plan *p;
};

static bool stacks_name_ok(const char *s)
{
	if (!isalpha((unsigned char)*s))
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-')
			return false;
	return true;
}

static const char *stacks_entry_name(struct collect *c, struct ast_node *e)
{
	struct ast_node *v = e->entry.value;
	const char *name = NULL;
	struct diag *r;

	if (v && v->kind == AST_REF && v->ref.nsegs == 1)
		name = v->ref.segs[0].name;
	else if (v && v->kind == AST_STRING && ast_string_literal(c->a, v, &name))
		;
	else {
		r = diag_error(c->d, v ? v->loc : e->loc, "a stack is named with a plain name");
		diag_hint(r, "write stack = data (or stack = \"data\")");
		return NULL;
	}
	if (!stacks_name_ok(name)) {
		r = diag_error(c->d, v->loc, "'%s' cannot name a stack", name);
		diag_hint(r, "use letters, digits, '_' and '-', starting with a letter");
		return NULL;
	}
	return name;
}

static void stacks_strip(struct collect *c, struct ast_node *it, bool top)
{
	struct ast_node **pp = &it->item.body;
	struct stack_mark *first = NULL;

	while (*pp) {
		struct ast_node *e = *pp;
		const char *name;

		/* "stack" in quotes is a property of that name */
		if (e->kind != AST_ENTRY || e->entry.key.quoted || strcmp(e->entry.key.name, "stack")) {
			pp = &e->next;
			continue;
		}
		*pp = e->next;	/* no later pass sees it */
		if (!top) {
			struct diag *r = diag_error(c->d, e->entry.key.loc,
						    "a stack is chosen where a component is used, not inside it");

			diag_hint(r, "write stack = NAME in the block of the instance");
			continue;
		}
		if (first) {
			struct diag *r = diag_error(c->d, e->entry.key.loc, "'%s' names its stack twice",
						    it->item.name.name);

			diag_note(r, first->loc, "first named here");
			continue;
		}
		if (!(name = stacks_entry_name(c, e)))
			continue;
		c->p->marks = arena_grow(c->a, c->p->marks, &c->p->cap, c->p->n + 1, sizeof(*c->p->marks));
		first = &c->p->marks[c->p->n++];
		first->item = it;
		first->name = name;
		first->loc = e->loc;
	}
}

static void stacks_collect_list(struct collect *c, struct ast_node *items, bool top);

static void stacks_collect_item(struct collect *c, struct ast_node *it, bool top)
{
	switch (it->kind) {
	case AST_RESOURCE:
	case AST_INSTANCE:
	case AST_OUTPUT:
		stacks_strip(c, it, top);
		break;
	case AST_IF:
		stacks_collect_list(c, it->cond.then, top);
		if (it->cond.otherwise)
			stacks_collect_item(c, it->cond.otherwise, top);
		break;
	case AST_FOR:
		stacks_collect_list(c, it->loop.body, top);
		break;
	case AST_COMPONENT:
		stacks_collect_list(c, it->item.body, false);
		break;
	default:
		break;
	}
}

static void stacks_collect_list(struct collect *c, struct ast_node *items, bool top)
{
	for (struct ast_node *it = items; it; it = it->next)
		stacks_collect_item(c, it, top);
}

void stacks_collect(struct arena *a, struct diag_ctx *d, struct ast_node *items,
		    struct stack_plan *p)
{
	struct collect c = { a, d, p };

	stacks_collect_list(&c, items, true);
}

bool stacks_named(const struct stack_plan *p)
{
	return p->n > 0;
}

const char *stacks_export_name_problem(const char *name)
{
	size_t n = strlen(name);

	if (!n)
		return "it is empty";
	if (n > STACKS_EXPORT_MAX)
		return "it is longer than 255 characters";
	for (const char *s = name; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '-' && *s != ':')
			return "it may hold only letters, digits, '-' and ':'";
	return NULL;
}

/* ---- after lowering: one template per stack ---- */

struct need {
	size_t part;			/* the producer */
	const char *consumer, *producer;	/* logical IDs */
	struct phx_loc at;		/* the consumer's declaration */
};

struct part {
	const char *name;		/* as written, or the program's */
	struct phx_loc named_at;	/* the first `stack = NAME`, or none */
	struct phx_loc first_out;	/* its first output, for errors */
	struct ir_template *t;
	struct ir *res, *outs, *exports;
	struct ir *used;		/* names of parameters, conditions, mappings used */
	struct need *needs;
	size_t nneeds, capneeds;
	size_t order;			/* position in dependency order */
	bool placed;
};

struct split {
	struct arena *a;
	struct diag_ctx *d;
	const struct stack_plan *p;
	struct ir_template *t;
	const char *program;
	struct ir *root_res, *root_params, *root_outs;
	struct part *parts;
	size_t nparts, capparts;
	size_t *res_part;		/* parallel to root_res */
	size_t cur;			/* the part being rewritten */
	const char *cur_id;
	struct phx_loc cur_loc;
	unsigned errors;
};

static struct ir *ir_copy(struct arena *a, const struct ir *v)
{
	struct ir *c;

	switch (v->kind) {
	case IR_LIST:
		c = ir_list(a);
		for (size_t i = 0; i < v->list.n; i++)
			ir_push(a, c, ir_copy(a, v->list.v[i]));
		return c;
	case IR_MAP:
		c = ir_map(a);
		for (size_t i = 0; i < v->map.n; i++)
			ir_append(a, c, v->map.v[i].key, ir_copy(a, v->map.v[i].val));
		return c;
	default:
		c = ir_new(a, v->kind);
		*c = *v;
		return c;
	}
}

static const struct ir_origin *split_origin(const struct split *s, const char *id)
{
	for (size_t i = 0; i < s->t->norigins; i++)
		if (!strcmp(s->t->origins[i].logical_id, id))
			return &s->t->origins[i];
	return NULL;
}

static const struct stack_mark *split_mark(const struct split *s, const struct ast_node *item)
{
	for (size_t i = 0; item && i < s->p->n; i++)
		if (s->p->marks[i].item == item)
			return &s->p->marks[i];
	return NULL;
}

static size_t split_part(struct split *s, const char *name, struct phx_loc at)
{
	struct part *pt;

	for (size_t i = 0; i < s->nparts; i++)
		if (!strcmp(s->parts[i].name, name))
			return i;
	s->parts = arena_grow(s->a, s->parts, &s->capparts, s->nparts + 1, sizeof(*s->parts));
	pt = &s->parts[s->nparts];
	memset(pt, 0, sizeof(*pt));
	pt->name = name;
	pt->named_at = at;
	pt->res = ir_map(s->a);
	pt->outs = ir_map(s->a);
	pt->exports = ir_map(s->a);
	pt->used = ir_map(s->a);
	return s->nparts++;
}

/* The part of a resource, or (size_t)-1 for a name that is no resource. */
static size_t split_res_part(const struct split *s, const char *id, size_t len)
{
	for (size_t i = 0; i < s->root_res->map.n; i++)
		if (strlen(s->root_res->map.v[i].key) == len && !memcmp(s->root_res->map.v[i].key, id, len))
			return s->res_part[i];
	return (size_t)-1;
}

static void split_use(struct split *s, const char *kind, const char *name)
{
	size_t n = strlen(kind) + strlen(name) + 2;
	char *key = arena_alloc(s->a, n);

	snprintf(key, n, "%s/%s", kind, name);
	if (!ir_get(s->parts[s->cur].used, key))
		ir_append(s->a, s->parts[s->cur].used, key, ir_bool(s->a, true));
}

static bool split_used(const struct part *pt, const char *kind, const char *name)
{
	char key[512];

	snprintf(key, sizeof(key), "%s/%s", kind, name);
	return ir_get(pt->used, key) != NULL;
}

/* "Endpoint.Address" -> "EndpointAddress" (alnum), or with '-' for dots. */
static char *split_squash(struct arena *a, const char *s, char dot)
{
	char *out = arena_alloc(a, strlen(s) + 1), *o = out;

	for (; *s; s++)
		if (isalnum((unsigned char)*s))
			*o++ = *s;
		else if (dot)
			*o++ = dot;
	*o = '\0';
	return out;
}

static bool split_list_attr(const struct split *s, size_t part, const char *id, const char *attr)
{
	const struct ir *r = ir_get(s->parts[part].res, id);
	const struct ir *type = NULL;
	const struct schema_type_rec *st;
	const struct schema_attr_rec *at;

	if (!r)	/* not copied yet: read the lowered template */
		r = ir_get(s->root_res, id);
	type = r ? ir_get(r, "Type") : NULL;
	if (!type || type->kind != IR_STR || !(st = schema_type(type->str.s)))
		return false;
	at = schema_attr(st, attr);
	return at && (schema_attr_flags(at) & SCHEMA_A_LIST);
}

/* The name a logical ID was written with: its outermost instance's, else its
 * declaration's, else the ID. */
static const char *split_src_name(const struct split *s, const char *id)
{
	const struct ir_origin *o = split_origin(s, id);

	if (o && o->ninsts)
		return o->insts[o->ninsts - 1]->item.name.name;
	if (o && o->decl)
		return o->decl->item.name.name;
	return id;
}

/* A value of part `from` read in the current part: the producer's Output
 * with its Export, and Fn::ImportValue here. */
static struct ir *split_import(struct split *s, size_t from, const char *id, const char *attr)
{
	struct arena *a = s->a;
	struct part *pr = &s->parts[from], *pc = &s->parts[s->cur];
	const char *stack = pr->t->stack_name;
	char *name = attr ? arena_alloc(a, strlen(stack) + strlen(id) + strlen(attr) + 3)
			  : arena_alloc(a, strlen(stack) + strlen(id) + 2);
	char *key, *base;
	const char *why;
	bool list = attr && split_list_attr(s, from, id, attr);
	struct ir *imp;
	size_t k;

	if (attr)
		sprintf(name, "%s-%s-%s", stack, id, split_squash(a, attr, '-'));
	else
		sprintf(name, "%s-%s", stack, id);
	if ((why = stacks_export_name_problem(name))) {
		struct diag *r = diag_error(s->d, s->cur_loc, "'%s' reads '%s' of stack '%s', whose export "
					    "would be named '%s', which CloudFormation refuses: %s",
					    split_src_name(s, s->cur_id), split_src_name(s, id), pr->name, name, why);

		diag_hint(r, "shorten the names of the program, the stack or the resource");
		s->errors++;
	}
	/* the producer's output, made once per export */
	base = (char *)id;
	if (attr) {
		char *sq = split_squash(a, attr, 0);

		base = arena_alloc(a, strlen(id) + strlen(sq) + 1);
		sprintf(base, "%s%s", id, sq);
	}
	for (k = 1; ; k++) {
		struct ir *o;

		key = base;
		if (k > 1) {
			key = arena_alloc(a, strlen(base) + 24);
			sprintf(key, "%sExport%s", base, k == 2 ? "" : "");
			if (k > 2)
				sprintf(key, "%sExport%zu", base, k - 1);
		}
		if ((o = ir_get(pr->exports, key))) {
			struct ir *e = ir_get(o, "Export"), *n = e ? ir_get(e, "Name") : NULL;

			if (n && n->kind == IR_STR && !strcmp(n->str.s, name))
				break;
		} else if (!(s->root_outs && ir_get(s->root_outs, key))) {
			struct ir *out = ir_map(a), *v;

			if (attr) {
				struct ir *args = ir_list(a);

				ir_push(a, args, ir_str(a, id));
				ir_push(a, args, ir_str(a, attr));
				v = ir_fn(a, "Fn::GetAtt", args);
				if (list) {
					struct ir *j = ir_list(a);

					ir_push(a, j, ir_str(a, ","));
					ir_push(a, j, v);
					v = ir_fn(a, "Fn::Join", j);
				}
			} else {
				v = ir_fn(a, "Ref", ir_str(a, id));
			}
			ir_append(a, out, "Description", ir_str(a, "phxc: read by another stack of the program"));
			ir_append(a, out, "Value", v);
			ir_append(a, out, "Export", ir_fn(a, "Name", ir_str(a, name)));
			ir_append(a, pr->exports, key, out);
			break;
		}
	}
	/* the consumer needs the producer: once per pair, the first place kept */
	{
		bool have = false;

		for (size_t i = 0; i < pc->nneeds; i++)
			have |= pc->needs[i].part == from;
		if (!have) {
			pc->needs = arena_grow(a, pc->needs, &pc->capneeds, pc->nneeds + 1, sizeof(*pc->needs));
			pc->needs[pc->nneeds++] = (struct need){ from, split_src_name(s, s->cur_id),
								  split_src_name(s, id), s->cur_loc };
		}
	}
	imp = ir_fn(a, "Fn::ImportValue", ir_str(a, name));
	if (list) {
		struct ir *args = ir_list(a);

		ir_push(a, args, ir_str(a, ","));
		ir_push(a, args, imp);
		imp = ir_fn(a, "Fn::Split", args);
	}
	return imp;
}

static struct ir *split_rewrite(struct split *s, struct ir *v);

/* ${X} and ${X.Attr} of another part become variables of the Sub. */
static struct ir *split_sub(struct split *s, struct ir *v)
{
	struct arena *a = s->a;
	struct ir *text = v->kind == IR_LIST && v->list.n ? v->list.v[0] : v;
	struct ir *vars = v->kind == IR_LIST && v->list.n > 1 ? v->list.v[1] : NULL;
	struct ir *added = NULL;
	struct strbuf b;
	const char *p;

	if (vars && vars->kind == IR_MAP)
		for (size_t i = 0; i < vars->map.n; i++)
			vars->map.v[i].val = split_rewrite(s, vars->map.v[i].val);
	if (text->kind != IR_STR)
		return v;
	strbuf_init(&b);
	strbuf_addn(&b, "", 0);
	p = text->str.s;
	while (*p) {
		const char *open = strstr(p, "${"), *close, *dot;
		char *name;
		size_t from;

		if (!open) {
			strbuf_adds(&b, p);
			break;
		}
		close = strchr(open + 2, '}');
		if (!close || open[2] == '!') {
			strbuf_addn(&b, p, (size_t)((close ? close + 1 : open + 2) - p));
			p = close ? close + 1 : open + 2;
			continue;
		}
		strbuf_addn(&b, p, (size_t)(open - p));
		name = arena_strndup(a, open + 2, (size_t)(close - open - 2));
		dot = strchr(name, '.');
		from = split_res_part(s, name, dot ? (size_t)(dot - name) : strlen(name));
		if (vars && vars->kind == IR_MAP && ir_get(vars, name))
			from = (size_t)-1;	/* a variable of the Sub */
		if (from != (size_t)-1 && from != s->cur) {
			char *id = arena_strndup(a, name, dot ? (size_t)(dot - name) : strlen(name));
			char *var = split_squash(a, name, 0);

			if (!added)
				added = ir_map(a);
			if (!ir_get(added, var))
				ir_append(a, added, var, split_import(s, from, id, dot ? dot + 1 : NULL));
			strbuf_addf(&b, "${%s}", var);
		} else {
			if (!dot && strncmp(name, "AWS::", 5) && s->root_params && ir_get(s->root_params, name))
				split_use(s, "P", name);
			strbuf_addf(&b, "${%s}", name);
		}
		p = close + 1;
	}
	if (!added) {
		strbuf_fini(&b);
		return v;
	}
	{
		struct ir *args = ir_list(a), *all = vars && vars->kind == IR_MAP ? vars : ir_map(a);

		for (size_t i = 0; i < added->map.n; i++)
			ir_set(a, all, added->map.v[i].key, added->map.v[i].val);
		ir_push(a, args, ir_str(a, b.s));
		ir_push(a, args, all);
		strbuf_fini(&b);
		return ir_fn(a, "Fn::Sub", args);
	}
}

/* Rewrites references to other parts in v (a copy, changed in place);
 * notes the parameters, conditions and mappings it uses. */
static struct ir *split_rewrite(struct split *s, struct ir *v)
{
	if (v->kind == IR_LIST) {
		for (size_t i = 0; i < v->list.n; i++)
			v->list.v[i] = split_rewrite(s, v->list.v[i]);
		return v;
	}
	if (v->kind != IR_MAP)
		return v;
	if (v->map.n == 1) {
		const char *k = v->map.v[0].key;
		struct ir *arg = v->map.v[0].val;

		if (!strcmp(k, "Ref") && arg->kind == IR_STR) {
			size_t from = split_res_part(s, arg->str.s, arg->str.len);

			if (from != (size_t)-1 && from != s->cur)
				return split_import(s, from, arg->str.s, NULL);
			if (from == (size_t)-1 && s->root_params && ir_get(s->root_params, arg->str.s))
				split_use(s, "P", arg->str.s);
			return v;
		}
		if (!strcmp(k, "Fn::GetAtt")) {
			const char *id = NULL, *attr = NULL;

			if (arg->kind == IR_LIST && arg->list.n == 2 && arg->list.v[0]->kind == IR_STR &&
			    arg->list.v[1]->kind == IR_STR) {
				id = arg->list.v[0]->str.s;
				attr = arg->list.v[1]->str.s;
			} else if (arg->kind == IR_STR && strchr(arg->str.s, '.')) {
				const char *dot = strchr(arg->str.s, '.');

				id = arena_strndup(s->a, arg->str.s, (size_t)(dot - arg->str.s));
				attr = dot + 1;
			}
			if (id) {
				size_t from = split_res_part(s, id, strlen(id));

				if (from != (size_t)-1 && from != s->cur)
					return split_import(s, from, id, attr);
				return v;
			}
		}
		if (!strcmp(k, "Fn::Sub")) {
			struct ir *r = split_sub(s, arg);

			return r == arg ? v : r;
		}
		if (!strcmp(k, "Condition") && arg->kind == IR_STR) {
			split_use(s, "C", arg->str.s);
			return v;
		}
		if (!strcmp(k, "Fn::If") && arg->kind == IR_LIST && arg->list.n && arg->list.v[0]->kind == IR_STR)
			split_use(s, "C", arg->list.v[0]->str.s);
		if (!strcmp(k, "Fn::FindInMap") && arg->kind == IR_LIST && arg->list.n &&
		    arg->list.v[0]->kind == IR_STR)
			split_use(s, "M", arg->list.v[0]->str.s);
	}
	for (size_t i = 0; i < v->map.n; i++)
		v->map.v[i].val = split_rewrite(s, v->map.v[i].val);
	return v;
}

/* A resource of the current part: DependsOn on another part becomes the
 * order of the stacks; the rest is rewritten. */
static struct ir *split_resource(struct split *s, const struct ir *orig)
{
	struct arena *a = s->a;
	struct ir *r = ir_map(a);

	for (size_t i = 0; i < orig->map.n; i++) {
		const char *k = orig->map.v[i].key;
		struct ir *val = ir_copy(a, orig->map.v[i].val);

		if (!strcmp(k, "DependsOn")) {
			struct ir *keep = ir_list(a);
			struct ir *one = val->kind == IR_STR ? val : NULL;

			if (one) {
				val = ir_list(a);
				ir_push(a, val, one);
			}
			for (size_t j = 0; val->kind == IR_LIST && j < val->list.n; j++) {
				struct ir *d = val->list.v[j];
				size_t from = d->kind == IR_STR ? split_res_part(s, d->str.s, d->str.len)
								: (size_t)-1;

				if (from != (size_t)-1 && from != s->cur)
					(void)split_import(s, from, d->str.s, NULL);	/* the order only */
				else
					ir_push(a, keep, d);
			}
			if (!keep->list.n)
				continue;
			val = one && keep->list.n == 1 ? keep->list.v[0] : keep;
		} else if (!strcmp(k, "Condition") && val->kind == IR_STR) {
			split_use(s, "C", val->str.s);
		} else {
			val = split_rewrite(s, val);
		}
		ir_append(a, r, k, val);
	}
	return r;
}

/* The first resource v reads, or NULL. */
static const char *split_first_ref(const struct split *s, const struct ir *v)
{
	if (v->kind == IR_LIST) {
		for (size_t i = 0; i < v->list.n; i++) {
			const char *r = split_first_ref(s, v->list.v[i]);

			if (r)
				return r;
		}
		return NULL;
	}
	if (v->kind != IR_MAP)
		return NULL;
	if (v->map.n == 1) {
		const char *k = v->map.v[0].key;
		const struct ir *arg = v->map.v[0].val;
		const char *id = NULL;
		size_t len = 0;

		if (!strcmp(k, "Ref") && arg->kind == IR_STR)
			id = arg->str.s, len = arg->str.len;
		else if (!strcmp(k, "Fn::GetAtt") && arg->kind == IR_LIST && arg->list.n &&
			 arg->list.v[0]->kind == IR_STR)
			id = arg->list.v[0]->str.s, len = arg->list.v[0]->str.len;
		else if (!strcmp(k, "Fn::GetAtt") && arg->kind == IR_STR)
			id = arg->str.s, len = strcspn(arg->str.s, ".");
		else if (!strcmp(k, "Fn::Sub")) {
			const struct ir *text = arg->kind == IR_LIST && arg->list.n ? arg->list.v[0] : arg;

			for (const char *p = text->kind == IR_STR ? text->str.s : ""; (p = strstr(p, "${")); p += 2) {
				size_t n = strcspn(p + 2, ".}");

				if (split_res_part(s, p + 2, n) != (size_t)-1)
					return arena_strndup(s->a, p + 2, n);
			}
		}
		if (id && split_res_part(s, id, len) != (size_t)-1)
			return arena_strndup(s->a, id, len);
	}
	for (size_t i = 0; i < v->map.n; i++) {
		const char *r = split_first_ref(s, v->map.v[i].val);

		if (r)
			return r;
	}
	return NULL;
}

static const char *split_stack_name(struct split *s, const struct part *pt)
{
	const char *base = s->t->stack_name;	/* program[-env] */
	size_t plen = strlen(base) - (s->t->env ? strlen(s->t->env) + 1 : 0);
	char *name;

	if (!strcmp(pt->name, s->program))
		return base;
	name = arena_alloc(s->a, strlen(base) + strlen(pt->name) + 2);
	sprintf(name, "%.*s-%s%s", (int)plen, base, pt->name, base + plen);
	for (char *p = name; *p; p++)
		if (*p == '_')
			*p = '-';
	return name;
}

/* Kahn's order, the parts' first-named order breaking ties; a cycle is
 * reported with its chain. */
static struct ir_template **split_order(struct split *s)
{
	struct ir_template **order = arena_alloc(s->a, s->nparts * sizeof(*order));
	size_t done = 0;

	while (done < s->nparts) {
		size_t pick = (size_t)-1;

		for (size_t i = 0; i < s->nparts && pick == (size_t)-1; i++) {
			bool ready = !s->parts[i].placed;

			for (size_t k = 0; ready && k < s->parts[i].nneeds; k++)
				ready = s->parts[s->parts[i].needs[k].part].placed;
			if (ready)
				pick = i;
		}
		if (pick == (size_t)-1)
			break;
		s->parts[pick].placed = true;
		s->parts[pick].order = done;
		order[done++] = s->parts[pick].t;
	}
	if (done < s->nparts) {
		/* walk needs among the unplaced until a part repeats */
		size_t *path = arena_alloc(s->a, (s->nparts + 1) * sizeof(*path));
		const struct need **via = arena_alloc(s->a, (s->nparts + 1) * sizeof(*via));
		size_t n = 0, at = 0, start;
		struct strbuf chain;
		struct diag *r;

		while (s->parts[at].placed)
			at++;
		for (;;) {
			const struct need *nd = NULL;
			bool seen = false;

			for (size_t i = 0; i < n && !seen; i++)
				seen = path[i] == at;
			if (seen)
				break;
			path[n] = at;
			for (size_t k = 0; k < s->parts[at].nneeds && !nd; k++)
				if (!s->parts[s->parts[at].needs[k].part].placed)
					nd = &s->parts[at].needs[k];
			via[n++] = nd;
			at = nd->part;
		}
		for (start = 0; path[start] != at; start++)
			;
		strbuf_init(&chain);
		for (size_t i = start; i < n; i++)
			strbuf_addf(&chain, "'%s' -> ", s->parts[path[i]].name);
		strbuf_addf(&chain, "'%s'", s->parts[at].name);
		r = diag_error(s->d, via[start]->at, "a cycle between stacks: %s", chain.s);
		strbuf_fini(&chain);
		for (size_t i = start; i < n; i++)
			diag_note(r, via[i]->at, "'%s' in stack '%s' reads '%s' in stack '%s'",
				  via[i]->consumer, s->parts[path[i]].name, via[i]->producer,
				  s->parts[via[i]->part].name);
		diag_hint(r, "stacks are deployed one after another: move one of these resources, or what "
			  "they share, into another stack");
		s->errors++;
		return NULL;
	}
	return order;
}

/* The sections of the whole template, cut down to what the part uses. */
static void split_assemble(struct split *s, struct part *pt)
{
	struct arena *a = s->a;
	struct ir *root = s->t->root, *out = ir_map(a);
	struct ir *conds = ir_get(root, "Conditions");
	bool more = true;

	/* conditions read other conditions, parameters and mappings */
	s->cur = (size_t)(pt - s->parts);
	while (conds && conds->kind == IR_MAP && more) {
		more = false;
		for (size_t i = 0; i < conds->map.n; i++) {
			const char *name = conds->map.v[i].key;

			if (split_used(pt, "C", name) && !split_used(pt, "scanned", name)) {
				s->cur = (size_t)(pt - s->parts);
				split_use(s, "scanned", name);
				(void)split_rewrite(s, ir_copy(a, conds->map.v[i].val));
				more = true;
			}
		}
	}
	for (size_t i = 0; i < root->map.n; i++) {
		const char *k = root->map.v[i].key;
		struct ir *v = root->map.v[i].val, *sub;
		const char *kind = !strcmp(k, "Parameters") ? "P" : !strcmp(k, "Conditions") ? "C"
				   : !strcmp(k, "Mappings") ? "M" : NULL;

		if (kind && v->kind == IR_MAP) {
			sub = ir_map(a);
			for (size_t j = 0; j < v->map.n; j++)
				if (split_used(pt, kind, v->map.v[j].key))
					ir_append(a, sub, v->map.v[j].key, v->map.v[j].val);
			if (sub->map.n)
				ir_append(a, out, k, sub);
			if (kind[0] == 'P')
				pt->t->nparams = sub->map.n;
		} else if (!strcmp(k, "Rules") && v->kind == IR_MAP) {
			/* a rule goes where every parameter it reads is */
			sub = ir_map(a);
			for (size_t j = 0; j < v->map.n; j++) {
				struct ir *mine = pt->used, *reads = ir_map(a);
				bool all = true;

				pt->used = reads;
				(void)split_rewrite(s, ir_copy(a, v->map.v[j].val));
				pt->used = mine;
				for (size_t q = 0; q < reads->map.n; q++)
					all &= ir_get(mine, reads->map.v[q].key) != NULL;
				if (all && reads->map.n)
					ir_append(a, sub, v->map.v[j].key, v->map.v[j].val);
			}
			if (sub->map.n)
				ir_append(a, out, k, sub);
		} else if (!strcmp(k, "Resources")) {
			ir_append(a, out, k, pt->res);
		} else if (!strcmp(k, "Outputs")) {
			/* written below, with the exports */
		} else {
			ir_append(a, out, k, v);
		}
	}
	if (pt->outs->map.n || pt->exports->map.n) {
		struct ir *o = ir_map(a);

		for (size_t j = 0; j < pt->outs->map.n; j++)
			ir_append(a, o, pt->outs->map.v[j].key, pt->outs->map.v[j].val);
		for (size_t j = 0; j < pt->exports->map.n; j++)
			ir_append(a, o, pt->exports->map.v[j].key, pt->exports->map.v[j].val);
		ir_append(a, out, "Outputs", o);
	}
	pt->t->root = out;
	pt->t->nresources = pt->res->map.n;
	pt->t->noutputs = pt->outs->map.n + pt->exports->map.n;
}

unsigned stacks_split(struct arena *a, struct diag_ctx *d, const struct stack_plan *p,
		      const char *program, struct ir_template *t)
{
	struct split s;
	struct phx_loc none = { 0, 0, 0 };
	size_t own;

	memset(&s, 0, sizeof(s));
	s.a = a;
	s.d = d;
	s.p = p;
	s.t = t;
	s.program = program;
	s.root_res = ir_get(t->root, "Resources");
	s.root_params = ir_get(t->root, "Parameters");
	s.root_outs = ir_get(t->root, "Outputs");
	if (!s.root_res || s.root_res->kind != IR_MAP)
		return 0;
	/* the parts, in the order their names first appear; the program's own last */
	for (size_t i = 0; i < p->n; i++)
		(void)split_part(&s, !strcmp(p->marks[i].name, program) ? program : p->marks[i].name,
				 p->marks[i].loc);
	own = split_part(&s, program, none);
	s.res_part = arena_alloc(a, (s.root_res->map.n + 1) * sizeof(*s.res_part));
	for (size_t i = 0; i < s.root_res->map.n; i++) {
		const struct ir_origin *o = split_origin(&s, s.root_res->map.v[i].key);
		const struct ast_node *outer = !o ? NULL : o->ninsts ? o->insts[o->ninsts - 1] : o->decl;
		const struct stack_mark *m = split_mark(&s, outer);

		s.res_part[i] = m ? split_part(&s, m->name, m->loc) : own;
	}
	{
		/* every resource in the program's own stack: one stack, as if
		 * none were named */
		bool others = false;

		for (size_t i = 0; i < s.root_res->map.n; i++)
			others |= s.res_part[i] != own;
		if (!others)
			return 0;
	}
	for (size_t i = 0; i < s.nparts; i++) {
		s.parts[i].t = ARENA_NEW(a, struct ir_template);
		*s.parts[i].t = *t;
		s.parts[i].t->parts = NULL;
		s.parts[i].t->nparts = 0;
		s.parts[i].t->part = s.parts[i].name;
		s.parts[i].t->stack_name = split_stack_name(&s, &s.parts[i]);
		if (strlen(s.parts[i].t->stack_name) > 128) {
			struct diag *r = diag_error(d, s.parts[i].named_at, "the stack name '%s' is longer "
						    "than CloudFormation's 128 characters",
						    s.parts[i].t->stack_name);

			diag_hint(r, "shorten the program's or the stack's name");
			s.errors++;
		}
	}
	for (size_t i = 0; i < s.root_res->map.n; i++) {
		const struct ir_origin *o = split_origin(&s, s.root_res->map.v[i].key);

		s.cur = s.res_part[i];
		s.cur_id = s.root_res->map.v[i].key;
		s.cur_loc = o ? o->loc : none;
		ir_append(a, s.parts[s.cur].res, s.cur_id, split_resource(&s, s.root_res->map.v[i].val));
	}
	for (size_t i = 0; s.root_outs && s.root_outs->kind == IR_MAP && i < s.root_outs->map.n; i++) {
		const char *id = s.root_outs->map.v[i].key;
		const struct ir_origin *o = split_origin(&s, id);
		const struct stack_mark *m = NULL;
		struct ir *val = ir_copy(a, s.root_outs->map.v[i].val), *e, *n;
		const char *first;
		const char *why;

		for (size_t k = 0; o && k < p->n; k++)
			if (p->marks[k].item->kind == AST_OUTPUT &&
			    p->marks[k].item->item.name.loc.start == o->loc.start &&
			    p->marks[k].item->item.name.loc.file == o->loc.file)
				m = &p->marks[k];
		if (m)
			s.cur = split_part(&s, m->name, m->loc);
		else if ((first = split_first_ref(&s, val)))
			s.cur = split_res_part(&s, first, strlen(first));
		else
			s.cur = own;
		s.cur_id = id;
		s.cur_loc = o ? o->loc : none;
		if (!s.parts[s.cur].t) {	/* named on an output only */
			struct diag *r = diag_error(d, m->loc, "stack '%s' holds no resource", m->name);

			diag_hint(r, "CloudFormation needs at least one resource in a stack");
			s.errors++;
			continue;
		}
		if ((e = ir_get(val, "Export")) && (n = ir_get(e, "Name")) && n->kind == IR_STR &&
		    (why = stacks_export_name_problem(n->str.s))) {
			diag_error(d, s.cur_loc, "export name '%s' is refused by CloudFormation: %s",
				   n->str.s, why);
			s.errors++;
		}
		if (!s.parts[s.cur].outs->map.n)
			s.parts[s.cur].first_out = s.cur_loc;
		ir_append(a, s.parts[s.cur].outs, id, split_rewrite(&s, val));
	}
	/* a part without resources: the program's own when every item named
	 * another stack (dropped), or a stack named on outputs only */
	for (size_t i = 0; i < s.nparts; i++) {
		struct part *pt = &s.parts[i];

		if (pt->res->map.n)
			continue;
		if (i != own || pt->outs->map.n) {
			struct diag *r = diag_error(d, i != own ? pt->named_at : pt->first_out,
						    "stack '%s' holds no resource", pt->name);

			diag_hint(r, i != own ? "CloudFormation needs at least one resource in a stack"
				  : "name the stack of its outputs: output NAME = value { stack = data }");
			s.errors++;
		}
	}
	if (s.errors)
		return s.errors;
	{
		struct ir_template **order = split_order(&s);
		size_t n = 0;

		if (!order)
			return s.errors;
		t->parts = arena_alloc(a, s.nparts * sizeof(*t->parts));
		for (size_t i = 0; i < s.nparts; i++) {
			struct part *pt = &s.parts[0];

			for (size_t k = 0; k < s.nparts; k++)
				if (s.parts[k].t == order[i])
					pt = &s.parts[k];
			if (!pt->res->map.n)
				continue;
			split_assemble(&s, pt);
			pt->t->needs = arena_alloc(a, (pt->nneeds + 1) * sizeof(*pt->t->needs));
			pt->t->nneeds = pt->nneeds;
			for (size_t k = 0; k < pt->nneeds; k++)
				pt->t->needs[k] = s.parts[pt->needs[k].part].t;
			t->parts[n++] = pt->t;
		}
		t->nparts = n;
	}
	return s.errors;
}
