/* regions.c - the region settings of the stack block (regions.h). */
#include "phx.h"
#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "ir.h"
#include "misspell.h"
#include "regions.h"
#include "resolve.h"

#include <ctype.h>
#include <string.h>

/* The regions of AWS's partitions (aws, aws-us-gov, aws-cn), as the AWS
 * documentation lists them ("Regions and Zones"). A region AWS opens later
 * is refused until it is added here. */
static const char *const regions_all[] = {
	"af-south-1",
	"ap-east-1", "ap-east-2",
	"ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
	"ap-south-1", "ap-south-2",
	"ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
	"ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
	"ca-central-1", "ca-west-1",
	"cn-north-1", "cn-northwest-1",
	"eu-central-1", "eu-central-2",
	"eu-north-1",
	"eu-south-1", "eu-south-2",
	"eu-west-1", "eu-west-2", "eu-west-3",
	"il-central-1",
	"me-central-1", "me-south-1",
	"mx-central-1",
	"sa-east-1",
	"us-east-1", "us-east-2",
	"us-gov-east-1", "us-gov-west-1",
	"us-west-1", "us-west-2",
};

bool regions_known(const char *name)
{
	for (size_t i = 0; i < PHX_ARRAY_SIZE(regions_all); i++)
		if (!strcmp(regions_all[i], name))
			return true;
	return false;
}

/* The shape of a region name: words of lowercase letters joined by '-',
 * then '-' and a number ("us-gov-west-1"). */
static bool regions_well_formed(const char *s)
{
	size_t words = 0;

	for (;;) {
		const char *w = s;

		while (islower((unsigned char)*s))
			s++;
		if (s == w)
			break;
		words++;
		if (*s != '-')
			return false;
		s++;
	}
	if (words < 2 || !isdigit((unsigned char)*s))
		return false;
	while (isdigit((unsigned char)*s))
		s++;
	return !*s;
}

/* One name: a string known at compile time, a region AWS has. */
static const char *regions_name(struct arena *a, struct diag_ctx *d, const struct ast_node *v)
{
	const char *name;
	struct diag *r;

	if (v->kind != AST_STRING || !ast_string_literal(a, v, &name)) {
		r = diag_error(d, v->loc, "a region is named with a plain string");
		diag_hint(r, "write it as \"eu-west-1\"");
		return NULL;
	}
	if (!regions_well_formed(name)) {
		r = diag_error(d, v->loc, "'%s' is not a region name", name);
		diag_hint(r, "region names look like \"us-east-1\" or \"eu-west-1\"");
		return NULL;
	}
	if (!regions_known(name)) {
		struct misspell m;

		misspell_init(&m, name);
		for (size_t i = 0; i < PHX_ARRAY_SIZE(regions_all); i++)
			misspell_offer(&m, regions_all[i]);
		if (misspell_best(&m))
			diag_error(d, v->loc, "unknown region '%s'; did you mean '%s'?", name,
				   misspell_best(&m));
		else
			diag_hint(diag_error(d, v->loc, "unknown region '%s'", name),
				  "AWS's regions are listed at docs.aws.amazon.com (\"Regions and Zones\")");
		return NULL;
	}
	return name;
}

void regions_check(struct arena *a, struct diag_ctx *d, const struct ast_node *stack)
{
	struct ast_node *one = ast_entry_find(stack->item.body, "region");
	struct ast_node *many = ast_entry_find(stack->item.body, "regions");
	struct diag *r;

	if (one && one->entry.value && one->entry.value->kind == AST_STRING)
		regions_name(a, d, one->entry.value);
	if (!many || !many->entry.value)
		return;
	if (one) {
		r = diag_error(d, many->entry.key.loc, "a stack names 'region' or 'regions', not both");
		diag_note(r, one->entry.key.loc, "'region' is set here");
		diag_hint(r, "put every region in the list: regions = [\"us-east-1\", \"eu-west-1\"]");
	}
	if (many->entry.value->kind != AST_LIST) {
		r = diag_error(d, many->entry.value->loc, "'regions' is a list of region names");
		diag_hint(r, "write regions = [\"us-east-1\", \"eu-west-1\"]");
		return;
	}
	if (!many->entry.value->list.items) {
		r = diag_error(d, many->entry.value->loc, "'regions' names no region");
		diag_hint(r, "name one region at least, or leave 'regions' out to deploy to the "
			     "region AWS_REGION or the profile gives");
		return;
	}
	for (const struct ast_node *v = many->entry.value->list.items; v; v = v->next) {
		const char *name = regions_name(a, d, v);

		for (const struct ast_node *w = many->entry.value->list.items; name && w != v; w = w->next) {
			const char *before;

			if (w->kind == AST_STRING && ast_string_literal(a, w, &before) &&
			    !strcmp(before, name)) {
				r = diag_error(d, v->loc, "region '%s' is named twice", name);
				diag_note(r, w->loc, "first named here");
				break;
			}
		}
	}
}

size_t regions_list(struct arena *a, const struct program *prog, const char ***out)
{
	struct ast_node *many = prog->stack ? ast_entry_find(prog->stack->item.body, "regions") : NULL;
	size_t n = 0;

	*out = NULL;
	if (!many || !many->entry.value || many->entry.value->kind != AST_LIST)
		return 0;
	for (const struct ast_node *v = many->entry.value->list.items; v; v = v->next)
		n++;
	*out = arena_alloc(a, (n ? n : 1) * sizeof(**out));
	n = 0;
	for (const struct ast_node *v = many->entry.value->list.items; v; v = v->next)
		if (v->kind == AST_STRING && ast_string_literal(a, v, &(*out)[n]))
			n++;
	return n;
}

/* The top-level let whose table is the Mappings entry id, or NULL (a table
 * of a component instance). */
static const struct ast_node *regions_table_let(struct arena *a, const struct program *prog,
						const char *id)
{
	for (const struct ast_node *it = prog->items; it; it = it->next) {
		struct ast_node *own;
		const char *name;

		if (it->kind != AST_LET)
			continue;
		own = ast_entry_find(it->item.body, "logical_id");
		if (own && ast_string_literal(a, own->entry.value, &name) && !strcmp(name, id))
			return it;
		if (!own && !strcmp(res_logical_id(a, it->item.name.name), id))
			return it;
	}
	return NULL;
}

struct tables {
	struct arena *a;
	struct diag_ctx *d;
	const struct program *prog;
	const struct ir *mappings;
	const char **regions;
	size_t nregions;
	const char **done;	/* tables reported already */
	size_t ndone, capdone;
	unsigned errors;
};

static bool regions_is_region_ref(const struct ir *v)
{
	const struct ir *r;

	return v->kind == IR_MAP && v->map.n == 1 && !strcmp(v->map.v[0].key, "Ref") &&
	       (r = v->map.v[0].val)->kind == IR_STR && !strcmp(r->str.s, "AWS::Region");
}

static void regions_table(struct tables *t, const char *id)
{
	const struct ir *table = ir_get(t->mappings, id);
	struct ast_node *many = ast_entry_find(t->prog->stack->item.body, "regions");
	const struct ast_node *let;

	for (size_t i = 0; i < t->ndone; i++)
		if (!strcmp(t->done[i], id))
			return;
	t->done = arena_grow(t->a, t->done, &t->capdone, t->ndone + 1, sizeof(*t->done));
	t->done[t->ndone++] = id;
	if (!table || table->kind != IR_MAP)
		return;
	let = regions_table_let(t->a, t->prog, id);
	for (size_t i = 0; i < t->nregions; i++) {
		struct diag *r;

		if (ir_get(table, t->regions[i]))
			continue;
		r = diag_error(t->d, let ? let->item.name.loc : many->entry.key.loc,
			       "table '%s' is read with aws.region and has no entry for '%s', one of the "
			       "stack's regions", let ? let->item.name.name : id, t->regions[i]);
		for (const struct ast_node *v = many->entry.value->list.items; v; v = v->next) {
			const char *name;

			if (ast_string_literal(t->a, v, &name) && !strcmp(name, t->regions[i]))
				diag_note(r, v->loc, "'%s' is listed here", name);
		}
		diag_hint(r, "add \"%s\" = ... to the table: the deploy to %s would fail on it",
			  t->regions[i], t->regions[i]);
		t->errors++;
	}
}

static void regions_walk(struct tables *t, const struct ir *v)
{
	if (v->kind == IR_LIST) {
		for (size_t i = 0; i < v->list.n; i++)
			regions_walk(t, v->list.v[i]);
		return;
	}
	if (v->kind != IR_MAP)
		return;
	if (v->map.n == 1 && !strcmp(v->map.v[0].key, "Fn::FindInMap")) {
		const struct ir *args = v->map.v[0].val;

		if (args->kind == IR_LIST && args->list.n >= 2 && args->list.v[0]->kind == IR_STR &&
		    regions_is_region_ref(args->list.v[1]))
			regions_table(t, args->list.v[0]->str.s);
	}
	for (size_t i = 0; i < v->map.n; i++)
		regions_walk(t, v->map.v[i].val);
}

unsigned regions_check_tables(struct arena *a, struct diag_ctx *d, const struct program *prog,
			      const struct ir *root)
{
	struct tables t = { .a = a, .d = d, .prog = prog };

	t.nregions = regions_list(a, prog, &t.regions);
	t.mappings = ir_get(root, "Mappings");
	if (!t.nregions || !t.mappings)
		return 0;
	for (size_t i = 0; i < root->map.n; i++)
		if (strcmp(root->map.v[i].key, "Mappings"))
			regions_walk(&t, root->map.v[i].val);
	return t.errors;
}
