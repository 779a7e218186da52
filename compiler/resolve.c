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

static struct sym **symtab_slot(struct symtab *t, const char *name)
{
	size_t i = str_hash(name, strlen(name)) & (t->cap - 1);

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
	t->by_id = false;
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
	struct symtab ids;	/* top-level logical IDs, to catch collisions */
	struct symtab outputs;
	struct sym *current;	/* resource whose body is being walked */
	struct ast_node *comp;	/* component whose body is being walked */
	struct ast_node *loops[64];	/* fors being walked, innermost last */
	size_t nloops;
	struct ast_node *declaring_loop;	/* for whose body is being declared */
	size_t nres, capres;
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

struct ast_node *res_find_component(const struct program *prog, const char *name)
{
	for (size_t i = 0; i < prog->ncomponents; i++)
		if (!strcmp(prog->components[i]->item.name.name, name))
			return prog->components[i];
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

/* A lexical scope: the program, a component body, a for body or a
 * comprehension. Lookups walk up to the first component scope. */
struct scope {
	struct scope *parent;
	struct symtab names;
	bool component;
	struct ast_node *comp;	/* the component whose body this is */
};

static void scope_init(struct res_ctx *c, struct scope *sc, struct scope *parent, size_t want)
{
	memset(sc, 0, sizeof(*sc));
	sc->parent = parent;
	symtab_init(c->a, &sc->names, want);
}

static struct sym *scope_lookup(struct scope *sc, const char *name)
{
	for (; sc; sc = sc->parent) {
		struct sym *s = symtab_get(&sc->names, name);

		if (s)
			return s;
		if (sc->component)
			break;
	}
	return NULL;
}

static void scope_offer(struct scope *sc, struct misspell *m)
{
	for (; sc; sc = sc->parent) {
		for (size_t i = 0; i < sc->names.cap; i++)
			if (sc->names.slots[i])
				misspell_offer(m, sc->names.slots[i]->name);
		if (sc->component)
			break;
	}
}

static struct phx_loc sym_loc(const struct sym *s)
{
	return s->decl ? s->decl->item.name.loc : (struct phx_loc){ 0, 0, 0 };
}

/* Declares a name in a scope. Names declared inside an if may repeat (one per
 * branch); the expansion reports a clash if both are ever made. */
static struct sym *res_declare_name(struct res_ctx *c, struct scope *sc, struct ast_node *decl,
				    struct ast_ident name, enum sym_kind kind, bool in_if)
{
	struct sym **slot;
	struct sym *s;

	if (!strcmp(name.name, "aws") || !strcmp(name.name, "env")) {
		diag_error(c->d, name.loc, "'%s' is reserved and cannot name a %s", name.name,
			   decl ? ast_kind_name(decl->kind) : "value");
		return NULL;
	}
	slot = symtab_slot(&sc->names, name.name);
	if (*slot) {
		struct diag *r;

		if (in_if || (*slot)->in_if)
			return *slot;
		r = diag_error(c->d, name.loc, "'%s' is already defined", name.name);
		diag_note(r, sym_loc(*slot), "'%s' was first defined here", name.name);
		return NULL;
	}
	s = ARENA_NEW(c->a, struct sym);
	s->kind = kind;
	s->name = name.name;
	s->decl = decl;
	s->in_if = in_if;
	if (kind != SYM_LOOP)
		s->loop = c->declaring_loop;
	s->logical_id = res_logical_id(c->a, name.name);
	*slot = s;
	sc->names.n++;
	if (sc->names.n * 2 > sc->names.cap) {
		/* grow: rehash into a table twice the size */
		struct symtab old = sc->names;

		symtab_init(c->a, &sc->names, old.cap);
		for (size_t i = 0; i < old.cap; i++)
			if (old.slots[i])
				*symtab_slot(&sc->names, old.slots[i]->name) = old.slots[i];
		sc->names.n = old.n;
	}
	return s;
}

/* Top-level resources and parameters become CloudFormation logical IDs as
 * they are: two names giving the same ID clash. (Inside components, IDs are
 * checked when the program is expanded.) */
static void res_check_id(struct res_ctx *c, struct sym *s)
{
	struct sym **idslot;

	if (!*s->logical_id) {
		diag_error(c->d, s->decl->item.name.loc, "'%s' does not make a logical ID", s->name);
		return;
	}
	idslot = symtab_slot(&c->ids, s->logical_id);
	if (*idslot && *idslot != s) {
		struct diag *r = diag_error(c->d, s->decl->item.name.loc,
			"'%s' and '%s' both become the logical ID '%s'", s->name,
			(*idslot)->name, s->logical_id);

		diag_note(r, sym_loc(*idslot), "'%s' is defined here", (*idslot)->name);
		return;
	}
	*idslot = s;
}

/* Declares what a list of items declares, descending into if and for
 * bodies (whose names are seen from outside) but not into components. */
/* logical_id = "ID" on a resource, a parameter or an output: the ID as
 * written (an import keeps IDs phx names cannot give: myKeyPair, Env). */
static const char *res_own_id(struct res_ctx *c, struct ast_node *it, bool allowed)
{
	struct ast_node *e = ast_entry_find(it->item.body, "logical_id");
	const char *id = NULL;
	size_t n;

	if (!e)
		return NULL;
	if (!allowed) {
		diag_error(c->d, e->entry.key.loc, "logical_id names a resource of the top level, outside 'for'");
		return NULL;
	}
	if (e->entry.value->kind != AST_STRING || !ast_string_literal(c->a, e->entry.value, &id)) {
		diag_error(c->d, e->entry.value->loc, "logical_id takes a string known as written: logical_id = \"MyId\"");
		return NULL;
	}
	n = strlen(id);
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)id[i]))
			n = 0;
	if (!n || n > 255) {
		diag_error(c->d, e->entry.value->loc, "a logical ID has 1 to 255 letters and digits, not \"%s\"", id);
		return NULL;
	}
	return id;
}

static void res_declare_items(struct res_ctx *c, struct scope *sc, struct ast_node *items,
			      bool in_if, bool top)
{
	for (struct ast_node *it = items; it; it = it->next) {
		struct sym *s;

		switch (it->kind) {
		case AST_RESOURCE:
			s = res_declare_name(c, sc, it, it->item.name, SYM_RESOURCE, in_if);
			if (s) {
				const char *own = res_own_id(c, it, top && !c->declaring_loop);

				if (own)
					s->logical_id = own;
				it->item.sym = s;
				if (top && !in_if)
					res_check_id(c, s);
			}
			res_push(c->a, &c->prog->resources, &c->nres, &c->capres, it);
			break;
		case AST_PARAM:
			s = res_declare_name(c, sc, it, it->item.name, SYM_PARAM, in_if);
			if (s) {
				const char *own = res_own_id(c, it, true);

				if (own)
					s->logical_id = own;
				it->item.sym = s;
				res_check_id(c, s);
			}
			break;
		case AST_INSTANCE:
			s = res_declare_name(c, sc, it, it->item.name, SYM_INSTANCE, in_if);
			if (s)
				it->item.sym = s;
			break;
		case AST_LET:
			s = res_declare_name(c, sc, it, it->item.name, SYM_LET, in_if);
			if (s)
				it->item.sym = s;
			break;
		case AST_IF:
			for (struct ast_node *b = it; b; b = b->cond.otherwise)
				res_declare_items(c, sc, b->cond.then, true, top);
			break;
		case AST_FOR: {
			struct ast_node *outer = c->declaring_loop;

			c->declaring_loop = it;
			res_declare_items(c, sc, it->loop.body, in_if, top);
			c->declaring_loop = outer;
			break;
		}
		default:
			break;
		}
	}
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

static void res_ref(struct res_ctx *c, struct scope *sc, struct ast_node *ref)
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
	s = scope_lookup(sc, head);
	if (!s) {
		if (res_find_component(c->prog, head)) {
			r = diag_error(c->d, ref->ref.segs[0].loc,
				       "component '%s' is not a value", head);
			diag_hint(r, "make an instance of it: %s NAME { ... }", head);
			return;
		}
		r = diag_error(c->d, ref->ref.segs[0].loc, "undefined name '%s'", head);
		misspell_init(&m, head);
		scope_offer(sc, &m);
		res_suggest(r, &m);
		return;
	}
	/* a name declared in a for is a list outside it: not bound to the
	 * declaration, whose checks are for one element */
	if (s->loop) {
		bool inside = false;

		for (size_t i = 0; i < c->nloops; i++)
			if (c->loops[i] == s->loop)
				inside = true;
		if (!inside)
			return;
	}
	if (s->kind == SYM_RESOURCE || s->kind == SYM_PARAM)
		ref->ref.sym = s;
	if (s->kind == SYM_PARAM && ref->ref.nsegs > 1) {
		r = diag_error(c->d, ref->ref.segs[1].loc, "parameter '%s' has no attributes", head);
		diag_hint(r, "a parameter is read by its name alone: '%s'", head);
		return;
	}
	res_add_edge(c, s, ref->loc);
}

static void res_items(struct res_ctx *c, struct scope *sc, struct ast_node *items);

static void res_expr(struct res_ctx *c, struct scope *sc, struct ast_node *n)
{
	struct scope inner;
	struct sym *s;

	if (!n)
		return;
	switch (n->kind) {
	case AST_STRING:
		for (struct ast_node *q = n->str.parts; q; q = q->next)
			res_expr(c, sc, q);
		break;
	case AST_LIST:
	case AST_MAP:
		for (struct ast_node *q = n->list.items; q; q = q->next)
			res_expr(c, sc, q);
		break;
	case AST_ENTRY:
		res_expr(c, sc, n->entry.value);
		break;
	case AST_REF:
		res_ref(c, sc, n);
		break;
	case AST_CALL:
		for (struct ast_node *q = n->call.args; q; q = q->next)
			res_expr(c, sc, q);
		break;
	case AST_NEG:
	case AST_NOT:
		res_expr(c, sc, n->operand);
		break;
	case AST_BINARY:
		res_expr(c, sc, n->bin.lhs);
		res_expr(c, sc, n->bin.rhs);
		break;
	case AST_IFEXPR:
		res_expr(c, sc, n->cond.cond);
		res_expr(c, sc, n->cond.then);
		res_expr(c, sc, n->cond.otherwise);
		break;
	case AST_INDEX:
		res_expr(c, sc, n->index.base);
		res_expr(c, sc, n->index.index);
		break;
	case AST_MEMBER:
		res_expr(c, sc, n->member.base);
		break;
	case AST_COMPREHENSION:
		res_expr(c, sc, n->loop.iter);
		scope_init(c, &inner, sc, 4);
		s = res_declare_name(c, &inner, NULL, n->loop.var, SYM_LOOP, false);
		res_expr(c, &inner, n->loop.body);
		(void)s;
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
static void res_depends_on(struct res_ctx *c, struct scope *sc, struct ast_node *value)
{
	bool list = value->kind == AST_LIST;

	/* any other expression (if ... then [a] else []) is checked when it is
	 * evaluated */
	if (!list && value->kind != AST_REF && value->kind != AST_STRING &&
	    value->kind != AST_INT && value->kind != AST_DECIMAL && value->kind != AST_BOOL) {
		res_expr(c, sc, value);
		return;
	}
	for (struct ast_node *q = list ? value->list.items : value; q; q = list ? q->next : NULL) {
		struct sym *s;

		if (q->kind != AST_REF && q->kind != AST_STRING && q->kind != AST_INT &&
		    q->kind != AST_DECIMAL && q->kind != AST_BOOL && q->kind != AST_UNIT) {
			res_expr(c, sc, q);
			continue;
		}
		if (q->kind != AST_REF || q->ref.nsegs != 1) {
			diag_error(c->d, q->loc, "depends_on takes resource names, not %s",
				   q->kind == AST_REF ? "an attribute" : q->kind == AST_INT ? "an integer"
				   : ast_kind_name(q->kind));
			continue;
		}
		res_ref(c, sc, q);
		s = scope_lookup(sc, q->ref.segs[0].name);
		if (!s && (!strcmp(q->ref.segs[0].name, "aws") || !strcmp(q->ref.segs[0].name, "env")))
			diag_error(c->d, q->loc, "depends_on takes resource names; '%s' is a built-in value",
				   q->ref.segs[0].name);
		else if (s && s->kind != SYM_RESOURCE && s->kind != SYM_INSTANCE &&
			 s->kind != SYM_ARG && s->kind != SYM_LOOP && s->kind != SYM_LET)
			diag_error(c->d, q->loc, "depends_on takes resource names; '%s' is a %s",
				   q->ref.segs[0].name,
				   s->kind == SYM_PARAM ? "parameter" : "built-in value");
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
				bool first = true;

				if (j == i || ast_entry_find(other->item.body, e->entry.key.name))
					continue;
				/* report each missing key once, from the first env that has it */
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

/* Values of an env block and parameter defaults are constants: no
 * references at all. */
static void res_constant(struct res_ctx *c, struct ast_node *n, const char *what)
{
	if (!n)
		return;
	switch (n->kind) {
	case AST_REF:
		/* aws.no_value alone: "left out", a default for a property that
		 * takes deploy-time values */
		if (n->ref.nsegs == 2 && !strcmp(n->ref.segs[0].name, "aws") &&
		    !strcmp(n->ref.segs[1].name, "no_value") && !strcmp(what, "an argument's default")) {
			res_ref(c, NULL, n);	/* binds the pseudo parameter */
			break;
		}
		diag_error(c->d, n->loc, "%s must be known at compile time", what);
		break;
	case AST_STRING:
		for (struct ast_node *q = n->str.parts; q; q = q->next)
			res_constant(c, q, what);
		break;
	case AST_LIST:
	case AST_MAP:
		for (struct ast_node *q = n->list.items; q; q = q->next)
			res_constant(c, q, what);
		break;
	case AST_ENTRY:
		res_constant(c, n->entry.value, what);
		break;
	case AST_CALL:
		for (struct ast_node *q = n->call.args; q; q = q->next)
			res_constant(c, q, what);
		break;
	case AST_NEG:
	case AST_NOT:
		res_constant(c, n->operand, what);
		break;
	case AST_BINARY:
		res_constant(c, n->bin.lhs, what);
		res_constant(c, n->bin.rhs, what);
		break;
	case AST_IFEXPR:
		res_constant(c, n->cond.cond, what);
		res_constant(c, n->cond.then, what);
		res_constant(c, n->cond.otherwise, what);
		break;
	case AST_INDEX:
		res_constant(c, n->index.base, what);
		res_constant(c, n->index.index, what);
		break;
	case AST_MEMBER:
		res_constant(c, n->member.base, what);
		break;
	case AST_COMPREHENSION:
		diag_error(c->d, n->loc, "%s cannot hold a comprehension", what);
		break;
	default:
		break;
	}
}

/* COMPONENT NAME { args }: the component exists, every argument is one of
 * its parameters, every parameter without a default is given. */
static void res_instance(struct res_ctx *c, struct scope *sc, struct ast_node *it)
{
	const char *cname = it->item.type->ref.segs[0].name;
	struct ast_node *comp = res_find_component(c->prog, cname);
	struct misspell m;
	struct diag *r;

	for (struct ast_node *e = it->item.body; e; e = e->next)
		res_expr(c, sc, e);
	if (!comp) {
		misspell_init(&m, cname);
		for (size_t i = 0; i < c->prog->ncomponents; i++)
			misspell_offer(&m, c->prog->components[i]->item.name.name);
		/* a module that was not found most likely defines it: that error
		 * is enough, unless the name is a near miss of a known one */
		if (c->prog->missing_modules && !misspell_best(&m))
			return;
		r = diag_error(c->d, it->item.type->loc, "unknown component '%s'", cname);
		if (misspell_best(&m))
			diag_hint(r, "did you mean '%s'?", misspell_best(&m));
		else
			diag_hint(r, "components come from 'component NAME(...) { }' or an import such as import \"aws/network\"");
		return;
	}
	for (struct ast_node *e = it->item.body; e; e = e->next) {
		bool known = false;

		if (e->kind != AST_ENTRY)
			continue;
		for (struct ast_node *pa = comp->item.params; pa; pa = pa->next)
			if (!strcmp(pa->item.name.name, e->entry.key.name))
				known = true;
		if (known)
			continue;
		r = diag_error(c->d, e->entry.key.loc, "component '%s' has no argument '%s'", cname,
			       e->entry.key.name);
		misspell_init(&m, e->entry.key.name);
		for (struct ast_node *pa = comp->item.params; pa; pa = pa->next)
			misspell_offer(&m, pa->item.name.name);
		if (misspell_best(&m)) {
			res_suggest(r, &m);
		} else if (comp->item.params) {
			/* nothing close: say what there is */
			struct strbuf b;

			strbuf_init(&b);
			for (struct ast_node *pa = comp->item.params; pa; pa = pa->next)
				strbuf_addf(&b, "%s%s", b.len ? ", " : "", pa->item.name.name);
			diag_hint(r, "its arguments: %s", b.s);
			strbuf_fini(&b);
		}
		diag_note(r, comp->item.name.loc, "component '%s' is defined here", cname);
	}
	for (struct ast_node *pa = comp->item.params; pa; pa = pa->next) {
		if (pa->item.value || ast_entry_find(it->item.body, pa->item.name.name))
			continue;
		r = diag_error(c->d, it->item.name.loc, "'%s' needs the argument '%s'",
			       it->item.name.name, pa->item.name.name);
		diag_note(r, pa->item.name.loc, "'%s' is declared here without a default",
			  pa->item.name.name);
	}
}

static void res_resource(struct res_ctx *c, struct scope *sc, struct ast_node *it)
{
	struct sym *saved = c->current;

	c->current = it->item.sym;
	for (struct ast_node *e = it->item.body; e; e = e->next) {
		if (e->kind == AST_ENTRY && !strcmp(e->entry.key.name, "depends_on"))
			res_depends_on(c, sc, e->entry.value);
		else
			res_expr(c, sc, e);
	}
	c->current = saved;
}

static void res_items(struct res_ctx *c, struct scope *sc, struct ast_node *items)
{
	for (struct ast_node *it = items; it && !diag_full(c->d); it = it->next) {
		struct scope inner;

		switch (it->kind) {
		case AST_RESOURCE:
			res_resource(c, sc, it);
			break;
		case AST_INSTANCE:
			res_instance(c, sc, it);
			break;
		case AST_OUTPUT:
			res_own_id(c, it, true);
			if (c->comp) {
				struct diag *r = diag_error(c->d, it->item.name.loc,
							    "an output belongs to the stack, not to a component");

				diag_hint(r, "write 'export %s = ...' and an output of the instance's value at top level",
					  it->item.name.name);
			}
			res_expr(c, sc, it->item.value);
			for (struct ast_node *e = it->item.body; e; e = e->next)
				res_expr(c, sc, e);
			break;
		case AST_LET:
			res_own_id(c, it, true);
			res_expr(c, sc, it->item.value);
			break;
		case AST_EXPORT:
			if (!c->comp)
				diag_error(c->d, it->item.name.loc,
					   "'export' belongs in a component; at top level, write an output");
			res_expr(c, sc, it->item.value);
			break;
		case AST_IF:
			for (struct ast_node *b = it; b; b = b->cond.otherwise) {
				res_expr(c, sc, b->cond.cond);
				res_items(c, sc, b->cond.then);
			}
			break;
		case AST_FOR:
			res_expr(c, sc, it->loop.iter);
			scope_init(c, &inner, sc, 4);
			res_declare_name(c, &inner, NULL, it->loop.var, SYM_LOOP, false);
			if (c->nloops < PHX_ARRAY_SIZE(c->loops))
				c->loops[c->nloops++] = it;
			res_items(c, &inner, it->loop.body);
			if (c->nloops && c->loops[c->nloops - 1] == it)
				c->nloops--;
			break;
		case AST_STACK:
			for (struct ast_node *e = it->item.body; e; e = e->next)
				res_expr(c, sc, e);
			break;
		case AST_PARAM:
			if (it->item.value)
				res_constant(c, it->item.value, "a parameter's default");
			break;
		case AST_ENV:
		case AST_IMPORT:
		case AST_COMPONENT:
			break;
		default:
			PHX_BUG("unexpected %s among items", ast_kind_name(it->kind));
		}
	}
}

/* A record type's field defaults are constants, like an argument's. */
static void res_record_defaults(struct res_ctx *c, struct ast_node *t)
{
	if (t->kind != AST_RECORD)
		return;
	for (struct ast_node *f = t->list.items; f; f = f->next) {
		if (f->item.value)
			res_constant(c, f->item.value, "a field's default");
		res_record_defaults(c, f->item.type);
	}
}

static void res_component(struct res_ctx *c, struct scope *global, struct ast_node *comp)
{
	struct scope sc;
	struct symtab exports;

	scope_init(c, &sc, global, 16);
	sc.component = true;
	sc.comp = comp;
	c->comp = comp;
	for (struct ast_node *pa = comp->item.params; pa; pa = pa->next) {
		struct sym *s = res_declare_name(c, &sc, pa, pa->item.name, SYM_ARG, false);

		if (s)
			pa->item.sym = s;
		if (pa->item.value)
			res_constant(c, pa->item.value, "an argument's default");
		res_record_defaults(c, pa->item.type);
	}
	res_declare_items(c, &sc, comp->item.body, false, false);
	res_items(c, &sc, comp->item.body);
	symtab_init(c->a, &exports, 16);
	for (struct ast_node *it = comp->item.body; it; it = it->next) {
		struct sym **slot;

		if (it->kind != AST_EXPORT)
			continue;
		slot = symtab_slot(&exports, it->item.name.name);
		if (*slot) {
			struct diag *r = diag_error(c->d, it->item.name.loc,
						    "'%s' is already exported", it->item.name.name);

			diag_note(r, sym_loc(*slot), "first exported here");
			continue;
		}
		*slot = ARENA_NEW(c->a, struct sym);
		(*slot)->name = it->item.name.name;
		(*slot)->decl = it;
	}
	c->comp = NULL;
}

/* Dependency cycles, by an iterative depth-first search so that long chains
 * of resources cannot overflow the C stack. A back edge closes a cycle: it is
 * reported at that reference, with a note at each other edge of the cycle. */
void res_find_cycles(struct diag_ctx *d, struct sym **nodes, size_t n)
{
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
	for (size_t root = 0; root < n && !diag_full(d); root++) {
		struct sym *rs = nodes[root];
		size_t sp = 0;

		if (color[rs->index] != WHITE)
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
					r = diag_error(d, e->at, "resource '%s' refers to itself",
						       e->to->name);
				else
					r = diag_error(d, e->at, "dependency cycle: %s", b.s);
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
	size_t npar = 0, nout = 0, nenv = 0, ncomp = 0, cappar = 0, capout = 0, capenv = 0,
	       capcomp = 0, nitems = 0;
	struct scope global;

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
	symtab_init(a, &c.ids, nitems);
	c.ids.by_id = true;
	symtab_init(a, &c.outputs, nitems);
	scope_init(&c, &global, NULL, nitems);

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
		case AST_PARAM:
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
		case AST_COMPONENT:
			if (res_find_component(prog, it->item.name.name)) {
				struct diag *r = diag_error(d, it->item.name.loc,
							    "component '%s' is already defined",
							    it->item.name.name);

				diag_note(r, res_find_component(prog, it->item.name.name)->item.name.loc,
					  "first defined here");
				break;
			}
			res_push(a, &prog->components, &ncomp, &capcomp, it);
			prog->ncomponents = ncomp;
			break;
		default:
			break;
		}
	}
	prog->nparams = npar;
	prog->noutputs = nout;
	prog->nenvs = nenv;
	prog->ncomponents = ncomp;
	res_declare_items(&c, &global, prog->items, false, true);

	res_envs(&c);
	for (size_t i = 0; i < nenv; i++)
		for (struct ast_node *e = prog->envs[i]->item.body; e; e = e->next)
			res_constant(&c, e, "environment values");
	res_items(&c, &global, prog->items);
	for (size_t i = 0; i < ncomp && !diag_full(d); i++)
		res_component(&c, &global, prog->components[i]);
	prog->nresources = c.nres;
	return diag_failures(d) - before;
}
