/* regions.c - the region settings of the stack block (regions.h). */
#include "phx.h"
#include "arena.h"
#include "ast.h"
#include "diag.h"
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
