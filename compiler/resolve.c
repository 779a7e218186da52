/* resolve.c - the resolve pass: declarations, references, environments,
 * dependency cycles. */
#include "phx.h"
#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "misspell.h"
#include "resolve.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ---- a string-keyed table of symbols (open addressing, arena-backed) ---- */

struct symtab {
	struct sym **slots;
	size_t cap, n;
	bool by_id;	/* keyed by logical_id rather than name */
};

static uint32_t symtab_hash(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static struct sym **symtab_slot(struct symtab *t, const char *name)
{
	size_t i = symtab_hash(name) & (t->cap - 1);

	while (t->slots[i] && strcmp(t->by_id ? t->slots[i]->logical_id : t->slots[i]->name, name))
		i = (i + 1) & (t->cap - 1);
	return &t->slots[i];
}

static void symtab_init(struct arena *a, struct symtab *t, size_t want)
{
	t->cap = 64;
	while (t->cap < want * 2)
		t->cap *= 2;
	t->n = 0;
	t->slots = arena_alloc(a, t->cap * sizeof(*t->slots));
}

static struct sym *symtab_get(struct symtab *t, const char *name)
{
	return *symtab_slot(t, name);
}

/* ---- the pass ------------------------------------------------------------ */

struct res_ctx {
	struct arena *a;
	struct diag_ctx *d;
	struct program *prog;
	struct symtab names;	/* resources and params */
	struct symtab ids;	/* logical IDs, to catch collisions */
	struct symtab outputs;
	struct sym *current;	/* resource whose body is being walked */
	struct sym *env_sym;	/* shared by every env.KEY reference */
};

struct pseudo {
	const char *name, *cfn;
};

static const struct pseudo pseudos[] = {
	{ "region", "AWS::Region" },
	{ "account_id", "AWS::AccountId" },
	{ "stack_name", "AWS::StackName" },
	{ "stack_id", "AWS::StackId" },
	{ "partition", "AWS::Partition" },
	{ "url_suffix", "AWS::URLSuffix" },
	{ "notification_arns", "AWS::NotificationARNs" },
	{ "no_value", "AWS::NoValue" },
};

static struct sym pseudo_syms[PHX_ARRAY_SIZE(pseudos)];

const char *res_logical_id(struct arena *a, const char *name)
{
	size_t len = strlen(name);
	char *id = arena_alloc(a, len + 1), *o = id;
	bool up = true;

	for (const char *p = name; *p; p++) {
		if (*p == '_') {
			up = true;
			continue;
		}
		*o++ = up ? (char)toupper((unsigned char)*p) : *p;
		up = false;
	}
	*o = '\0';
	return id;
}

struct ast_node *res_find_env(const struct program *prog, const char *name)
{
	for (size_t i = 0; i < prog->nenvs; i++)
		if (!strcmp(prog->envs[i]->item.name.name, name))
			return prog->envs[i];
	return NULL;
}

static void res_push(struct arena *a, struct ast_node ***v, size_t *n, size_t *cap,
		     struct ast_node *item)
{
	*v = arena_grow(a, *v, cap, *n + 1, sizeof(**v));
	(*v)[(*n)++] = item;
}

static void res_suggest(struct diag *r, struct misspell *m)
{
	if (misspell_best(m))
		diag_hint(r, "did you mean '%s'?", misspell_best(m));
}

/* Declares a resource or parameter name: one namespace for both, and one
 * for the logical IDs they become. */
static void res_declare(struct res_ctx *c, struct ast_node *item, enum sym_kind kind)
{
	const char *name = item->item.name.name;
	struct sym **slot = symtab_slot(&c->names, name), **idslot;
	struct sym *s;

	if (!strcmp(name, "aws") || !strcmp(name, "env")) {
		diag_error(c->d, item->item.name.loc, "'%s' is reserved and cannot name a %s", name,
			   ast_kind_name(item->kind));
		return;
	}
	if (*slot) {
		struct diag *r = diag_error(c->d, item->item.name.loc, "'%s' is already defined",
					    name);

		diag_note(r, (*slot)->decl->item.name.loc, "'%s' was first defined here", name);
		return;
	}
	s = ARENA_NEW(c->a, struct sym);
	s->kind = kind;
	s->name = name;
	s->decl = item;
	s->logical_id = res_logical_id(c->a, name);
	item->item.sym = s;
	if (!*s->logical_id) {
		diag_error(c->d, item->item.name.loc, "'%s' does not make a logical ID", name);
		return;
	}
	idslot = symtab_slot(&c->ids, s->logical_id);
	if (*idslot) {
		struct diag *r = diag_error(c->d, item->item.name.loc,
			"'%s' and '%s' both become the logical ID '%s'", name,
			(*idslot)->decl->item.name.name, s->logical_id);

		diag_note(r, (*idslot)->decl->item.name.loc, "'%s' is defined here",
			  (*idslot)->decl->item.name.name);
		return;
	}
	*slot = s;
	*idslot = s;
	c->names.n++;
}

static void res_add_edge(struct res_ctx *c, struct sym *to, struct phx_loc at)
{
	struct sym *from = c->current;

	if (!from || to->kind != SYM_RESOURCE)
		return;
	for (size_t i = 0; i < from->ndeps; i++)
		if (from->deps[i].to == to)
			return;
	from->deps = arena_grow(c->a, from->deps, &from->capdeps, from->ndeps + 1,
				sizeof(*from->deps));
	from->deps[from->ndeps].to = to;
	from->deps[from->ndeps].at = at;
	from->ndeps++;
}

static void res_env_ref(struct res_ctx *c, struct ast_node *ref)
{
	struct program *prog = c->prog;
	const char *key;
	struct misspell m;
	struct diag *r;

	ref->ref.sym = c->env_sym;
	if (ref->ref.nsegs != 2) {
		diag_error(c->d, ref->loc, "write 'env.KEY' to read a value of the environment");
		return;
	}
	key = ref->ref.segs[1].name;
	if (!prog->nenvs) {
		r = diag_error(c->d, ref->loc, "'env.%s' is used but no environment is declared", key);
		diag_hint(r, "declare one: env dev { %s = ... }", key);
		return;
	}
	if (!strcmp(key, "name"))
		return;
	for (size_t i = 0; i < prog->nenvs; i++)
		if (ast_entry_find(prog->envs[i]->item.body, key))
			return;
	r = diag_error(c->d, ref->ref.segs[1].loc, "no environment declares '%s'", key);
	misspell_init(&m, key);
	for (size_t i = 0; i < prog->nenvs; i++)
		for (struct ast_node *e = prog->envs[i]->item.body; e; e = e->next)
			if (e->kind == AST_ENTRY)
				misspell_offer(&m, e->entry.key.name);
	misspell_offer(&m, "name");
	res_suggest(r, &m);
}

static void res_ref(struct res_ctx *c, struct ast_node *ref)
{
	const char *head = ref->ref.segs[0].name;
	struct misspell m;
	struct sym *s;
	struct diag *r;

	if (!strcmp(head, "aws")) {
		const char *name = ref->ref.nsegs > 1 ? ref->ref.segs[1].name : "";

		for (size_t i = 0; i < PHX_ARRAY_SIZE(pseudos); i++) {
			if (strcmp(pseudos[i].name, name))
				continue;
			if (ref->ref.nsegs > 2)
				diag_error(c->d, ref->ref.segs[2].loc,
					   "'aws.%s' has no attribute '%s'", name, ref->ref.segs[2].name);
			ref->ref.sym = &pseudo_syms[i];
			return;
		}
		if (ref->ref.nsegs < 2) {
			r = diag_error(c->d, ref->loc, "'aws' alone is not a value");
			diag_hint(r, "pseudo parameters are read as aws.region, aws.account_id, aws.stack_name ...");
			return;
		}
		r = diag_error(c->d, ref->ref.segs[1].loc, "unknown pseudo parameter 'aws.%s'", name);
		misspell_init(&m, name);
		for (size_t i = 0; i < PHX_ARRAY_SIZE(pseudos); i++)
			misspell_offer(&m, pseudos[i].name);
		if (misspell_best(&m))
			diag_hint(r, "did you mean 'aws.%s'?", misspell_best(&m));
		else
			diag_hint(r, "known: aws.region, aws.account_id, aws.stack_name, aws.stack_id, aws.partition, aws.url_suffix, aws.notification_arns, aws.no_value");
		return;
	}
	if (!strcmp(head, "env")) {
		res_env_ref(c, ref);
		return;
	}
	s = symtab_get(&c->names, head);
	if (!s) {
		r = diag_error(c->d, ref->ref.segs[0].loc, "undefined name '%s'", head);
		misspell_init(&m, head);
		for (size_t i = 0; i < c->prog->nresources; i++)
			misspell_offer(&m, c->prog->resources[i]->item.name.name);
		for (size_t i = 0; i < c->prog->nparams; i++)
			misspell_offer(&m, c->prog->params[i]->item.name.name);
		res_suggest(r, &m);
		return;
	}
	ref->ref.sym = s;
	if (s->kind == SYM_PARAM && ref->ref.nsegs > 1) {
		r = diag_error(c->d, ref->ref.segs[1].loc, "parameter '%s' has no attributes", head);
		diag_hint(r, "a parameter is read by its name alone: '%s'", head);
		return;
	}
	res_add_edge(c, s, ref->loc);
}

static void res_expr(struct res_ctx *c, struct ast_node *n)
{
	if (!n)
		return;
	switch (n->kind) {
	case AST_STRING:
		for (struct ast_node *q = n->str.parts; q; q = q->next)
			res_expr(c, q);
		break;
	case AST_LIST:
	case AST_MAP:
		for (struct ast_node *q = n->list.items; q; q = q->next)
			res_expr(c, q);
		break;
	case AST_ENTRY:
		res_expr(c, n->entry.value);
		break;
	case AST_REF:
		res_ref(c, n);
		break;
	case AST_CALL:
		for (struct ast_node *q = n->call.args; q; q = q->next)
			res_expr(c, q);
		break;
	case AST_NEG:
		res_expr(c, n->operand);
		break;
	case AST_INT:
	case AST_DECIMAL:
	case AST_UNIT:
		if (n->num.overflow)
			diag_error(c->d, n->loc, "number '%s' is too large", n->num.text);
		break;
	case AST_STRPART:
	case AST_BOOL:
		break;
	default:
		PHX_BUG("unexpected %s in an expression", ast_kind_name(n->kind));
	}
}

/* depends_on = [a, b] (or a single name): resources only. */
static void res_depends_on(struct res_ctx *c, struct ast_node *value)
{
	bool list = value->kind == AST_LIST;

	for (struct ast_node *q = list ? value->list.items : value; q; q = list ? q->next : NULL) {
		if (q->kind != AST_REF || q->ref.nsegs != 1) {
			diag_error(c->d, q->loc, "depends_on takes resource names, not %s",
				   q->kind == AST_REF ? "an attribute" : q->kind == AST_INT ? "an integer"
				   : ast_kind_name(q->kind));
			continue;
		}
		res_ref(c, q);
		if (q->ref.sym && q->ref.sym->kind != SYM_RESOURCE)
			diag_error(c->d, q->loc, "depends_on takes resource names; '%s' is a %s",
				   q->ref.segs[0].name,
				   q->ref.sym->kind == SYM_PARAM ? "parameter" : "built-in value");
	}
}

/* Environments: values known at compile time, and the same keys in each. */
static void res_envs(struct res_ctx *c)
{
	struct program *prog = c->prog;

	for (size_t i = 0; i < prog->nenvs; i++) {
		struct ast_node *env = prog->envs[i];

		for (struct ast_node *e = env->item.body; e; e = e->next) {
			if (e->kind != AST_ENTRY)
				continue;
			if (!strcmp(e->entry.key.name, "name"))
				diag_error(c->d, e->entry.key.loc,
					   "'name' is set by phxc: env.name is the environment's name");
			for (size_t j = 0; j < prog->nenvs; j++) {
				struct ast_node *other = prog->envs[j];
				struct diag *r;

				if (j == i || ast_entry_find(other->item.body, e->entry.key.name))
					continue;
				/* report each missing key once, from the first env that has it */
				bool first = true;

				for (size_t k = 0; k < i; k++)
					if (ast_entry_find(prog->envs[k]->item.body, e->entry.key.name))
						first = false;
				if (!first)
					continue;
				r = diag_error(c->d, other->item.name.loc,
					       "environment '%s' does not set '%s'",
					       other->item.name.name, e->entry.key.name);
				diag_note(r, e->entry.key.loc, "'%s' is set in environment '%s' here",
					  e->entry.key.name, env->item.name.name);
			}
		}
	}
}

/* Values of an env block are constants: no references at all. */
static void res_env_values(struct res_ctx *c, struct ast_node *n)
{
	if (!n)
		return;
	switch (n->kind) {
	case AST_REF:
		diag_error(c->d, n->loc, "environment values must be known at compile time");
		break;
	case AST_STRING:
		for (struct ast_node *q = n->str.parts; q; q = q->next)
			res_env_values(c, q);
		break;
	case AST_LIST:
	case AST_MAP:
		for (struct ast_node *q = n->list.items; q; q = q->next)
			res_env_values(c, q);
		break;
	case AST_ENTRY:
		res_env_values(c, n->entry.value);
		break;
	case AST_CALL:
		for (struct ast_node *q = n->call.args; q; q = q->next)
			res_env_values(c, q);
		break;
	case AST_NEG:
		res_env_values(c, n->operand);
		break;
	default:
		break;
	}
}

/* Dependency cycles, by an iterative depth-first search so that long chains
 * of resources cannot overflow the C stack. A back edge closes a cycle: it is
 * reported at that reference, with a note at each other edge of the cycle. */
static void res_cycles(struct res_ctx *c)
{
	struct program *prog = c->prog;
	size_t n = prog->nresources;
	enum { WHITE, GREY, BLACK };
	unsigned char *color;
	struct frame {
		struct sym *s;
		size_t next;
		const struct sym_edge *via;	/* edge that led here */
	} *stack;

	if (!n)
		return;
	color = xcalloc(n, 1);
	stack = xmalloc(n * sizeof(*stack));
	for (size_t root = 0; root < n && !diag_full(c->d); root++) {
		struct sym *rs = prog->resources[root]->item.sym;
		size_t sp = 0;

		if (!rs || rs->decl != prog->resources[root] || color[rs->index] != WHITE)
			continue;
		color[rs->index] = GREY;
		stack[sp++] = (struct frame){ rs, 0, NULL };
		while (sp) {
			struct frame *f = &stack[sp - 1];
			const struct sym_edge *e;
			size_t pos;

			if (f->next == f->s->ndeps) {
				color[f->s->index] = BLACK;
				sp--;
				continue;
			}
			e = &f->s->deps[f->next++];
			if (color[e->to->index] == WHITE) {
				color[e->to->index] = GREY;
				stack[sp++] = (struct frame){ e->to, 0, e };
				continue;
			}
			if (color[e->to->index] == BLACK)
				continue;
			/* back edge: the cycle is stack[pos..sp-1] then e->to again */
			for (pos = 0; stack[pos].s != e->to; pos++)
				;
			{
				struct strbuf b;
				struct diag *r;

				strbuf_init(&b);
				for (size_t i = pos; i < sp; i++)
					strbuf_addf(&b, "%s -> ", stack[i].s->name);
				strbuf_adds(&b, e->to->name);
				if (e->to == f->s)
					r = diag_error(c->d, e->at, "resource '%s' refers to itself",
						       e->to->name);
				else
					r = diag_error(c->d, e->at, "dependency cycle: %s", b.s);
				for (size_t i = pos + 1; i < sp; i++)
					diag_note(r, stack[i].via->at, "'%s' refers to '%s' here",
						  stack[i - 1].s->name, stack[i].s->name);
				diag_hint(r, "CloudFormation cannot create resources that need each other; break the cycle with a separate resource (such as a security group ingress rule)");
				strbuf_fini(&b);
			}
		}
	}
	free(color);
	free(stack);
}

unsigned res_run(struct arena *a, struct diag_ctx *d, struct program *prog)
{
	struct res_ctx c;
	unsigned before = diag_failures(d);
	size_t nres = 0, npar = 0, nout = 0, nenv = 0, capres = 0, cappar = 0, capout = 0, capenv = 0;
	size_t nitems = 0;

	memset(&c, 0, sizeof(c));
	c.a = a;
	c.d = d;
	c.prog = prog;
	c.env_sym = ARENA_NEW(a, struct sym);
	c.env_sym->kind = SYM_ENV;
	c.env_sym->name = "env";
	for (size_t i = 0; i < PHX_ARRAY_SIZE(pseudos); i++) {
		pseudo_syms[i].kind = SYM_PSEUDO;
		pseudo_syms[i].name = pseudos[i].name;
		pseudo_syms[i].logical_id = pseudos[i].cfn;
	}
	for (struct ast_node *it = prog->items; it; it = it->next)
		nitems++;
	symtab_init(a, &c.names, nitems);
	symtab_init(a, &c.ids, nitems);
	c.ids.by_id = true;
	symtab_init(a, &c.outputs, nitems);

	/* declarations first: references may point forward */
	for (struct ast_node *it = prog->items; it; it = it->next) {
		switch (it->kind) {
		case AST_STACK:
			if (prog->stack) {
				struct diag *r = diag_error(d, it->item.name.loc,
							    "only one stack block is allowed");

				diag_note(r, prog->stack->item.name.loc, "the stack is declared here");
			} else {
				prog->stack = it;
			}
			break;
		case AST_RESOURCE:
			res_declare(&c, it, SYM_RESOURCE);
			if (it->item.sym)
				it->item.sym->index = nres;
			res_push(a, &prog->resources, &nres, &capres, it);
			break;
		case AST_PARAM:
			res_declare(&c, it, SYM_PARAM);
			res_push(a, &prog->params, &npar, &cappar, it);
			break;
		case AST_OUTPUT: {
			struct sym **slot = symtab_slot(&c.outputs, it->item.name.name);

			if (*slot) {
				struct diag *r = diag_error(d, it->item.name.loc,
							    "output '%s' is already defined",
							    it->item.name.name);

				diag_note(r, (*slot)->decl->item.name.loc, "first defined here");
			} else {
				struct sym *s = ARENA_NEW(a, struct sym);

				s->name = it->item.name.name;
				s->decl = it;
				s->logical_id = res_logical_id(a, s->name);
				*slot = s;
				it->item.sym = s;
			}
			res_push(a, &prog->outputs, &nout, &capout, it);
			break;
		}
		case AST_ENV:
			if (res_find_env(prog, it->item.name.name)) {
				struct diag *r = diag_error(d, it->item.name.loc,
							    "environment '%s' is already defined",
							    it->item.name.name);

				diag_note(r, res_find_env(prog, it->item.name.name)->item.name.loc,
					  "first defined here");
				break;
			}
			res_push(a, &prog->envs, &nenv, &capenv, it);
			prog->nenvs = nenv;
			break;
		default:
			PHX_BUG("unexpected top-level %s", ast_kind_name(it->kind));
		}
	}
	prog->nresources = nres;
	prog->nparams = npar;
	prog->noutputs = nout;
	prog->nenvs = nenv;

	res_envs(&c);
	for (size_t i = 0; i < nenv; i++)
		for (struct ast_node *e = prog->envs[i]->item.body; e; e = e->next)
			res_env_values(&c, e);

	for (struct ast_node *it = prog->items; it && !diag_full(d); it = it->next) {
		c.current = it->kind == AST_RESOURCE ? it->item.sym : NULL;
		switch (it->kind) {
		case AST_RESOURCE:
			for (struct ast_node *e = it->item.body; e; e = e->next) {
				if (e->kind == AST_ENTRY && !strcmp(e->entry.key.name, "depends_on"))
					res_depends_on(&c, e->entry.value);
				else
					res_expr(&c, e);
			}
			break;
		case AST_PARAM:
			if (it->item.value)
				res_env_values(&c, it->item.value);
			break;
		case AST_OUTPUT:
			res_expr(&c, it->item.value);
			for (struct ast_node *e = it->item.body; e; e = e->next)
				res_expr(&c, e);
			break;
		case AST_STACK:
			for (struct ast_node *e = it->item.body; e; e = e->next)
				res_expr(&c, e);
			break;
		default:
			break;
		}
	}
	c.current = NULL;
	if (diag_failures(d) == before)
		res_cycles(&c);
	return diag_failures(d) - before;
}
