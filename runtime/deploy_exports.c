/* deploy_exports.c - export safety: what a deploy or a destroy would do to
 * exports that other stacks import (deploy_exports.h).
 *
 * The deployed side is the stack's deployed template (GetTemplate, stage
 * Original) for each output's Export and Value, with DescribeStacks'
 * ExportName for what the template does not say (a template that is not
 * JSON, an export name that is not a plain string); the new side is the
 * template of this build (a stack whose DescribeStacks shows no ExportName
 * has none: nothing more is asked). An export is removed when no output of the new
 * template exports its name, changed when its Value expression differs
 * (both sides read as JSON, Fn::GetAtt "A.B" written as ["A", "B"]). Only
 * for those is ListImports asked. A value that changes under an unchanged
 * expression (a replaced resource, a parameter) is not seen here:
 * CloudFormation still refuses it, during the update. */
#include "phx.h"
#include "deploy_int.h"
#include "deploy_exports.h"
#include "emit.h"
#include "ir.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

/* One export of the deployed stack and what this template does to it. */
struct dexport {
	char *key;		/* deployed OutputKey */
	char *name;		/* export name */
	json_t *value;		/* deployed Value expression, NULL when unknown */
	const char *new_key;	/* the output of the new template that exports it, or NULL */
	bool removed, changed;
	char **importers;	/* ListImports, asked only when removed or changed */
	size_t nimporters;
};

struct dexports {
	struct dexport *v;
	size_t n;
};

static void dexports_fini(struct dexports *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].key);
		free(d->v[i].name);
		json_decref(d->v[i].value);
		cfn_names_free(d->v[i].importers, d->v[i].nimporters);
	}
	free(d->v);
	memset(d, 0, sizeof(*d));
}

/* A Value expression as both sides are compared: a copy, with the short
 * form of Fn::GetAtt ("A.B") written as the list. */
static json_t *norm(const json_t *v)
{
	json_t *out;

	if (json_is_object(v)) {
		const char *k;
		json_t *x;

		out = json_object();
		json_object_foreach((json_t *)v, k, x) {
			const char *s = json_string_value(x), *dot = s ? strchr(s, '.') : NULL;

			if (!strcmp(k, "Fn::GetAtt") && dot)
				json_object_set_new(out, k, json_pack("[s#s]", s, (int)(dot - s), dot + 1));
			else
				json_object_set_new(out, k, norm(x));
		}
		return out;
	}
	if (json_is_array(v)) {
		size_t i;
		json_t *x;

		out = json_array();
		json_array_foreach(v, i, x)
			json_array_append_new(out, norm(x));
		return out;
	}
	return json_deep_copy(v);
}

/* ${AWS::StackName} and ${AWS::Region} in s, or NULL when s names
 * anything else. */
static char *sub_pseudo(const char *s, const char *stack, const char *region)
{
	struct strbuf b;

	strbuf_init(&b);
	strbuf_addn(&b, "", 0);
	while (*s) {
		const char *end;

		if (s[0] != '$' || s[1] != '{') {
			strbuf_addc(&b, *s++);
			continue;
		}
		end = strchr(s, '}');
		if (end && !strncmp(s, "${AWS::StackName}", (size_t)(end - s + 1)))
			strbuf_adds(&b, stack);
		else if (end && !strncmp(s, "${AWS::Region}", (size_t)(end - s + 1)))
			strbuf_adds(&b, region);
		else {
			strbuf_fini(&b);
			return NULL;
		}
		s = end + 1;
	}
	return strbuf_steal(&b);
}

/* An Export's Name as CloudFormation would read it: a string, a Fn::Sub
 * of the stack name and region, a Fn::Join of those; else NULL. */
static char *export_name(const json_t *n, const char *stack, const char *region)
{
	const json_t *x;

	if (json_is_string(n))
		return xstrdup(json_string_value(n));
	if ((x = json_object_get(n, "Fn::Sub")) && json_is_string(x))
		return sub_pseudo(json_string_value(x), stack, region);
	if ((x = json_object_get(n, "Ref")) && json_is_string(x))
		return !strcmp(json_string_value(x), "AWS::StackName") ? xstrdup(stack)
		       : !strcmp(json_string_value(x), "AWS::Region") ? xstrdup(region) : NULL;
	if ((x = json_object_get(n, "Fn::Join")) && json_array_size(x) == 2 &&
	    json_is_string(json_array_get(x, 0)) && json_is_array(json_array_get(x, 1))) {
		struct strbuf b;
		size_t i;
		json_t *part;

		strbuf_init(&b);
		strbuf_addn(&b, "", 0);
		json_array_foreach(json_array_get(x, 1), i, part) {
			char *s = export_name(part, stack, region);

			if (!s) {
				strbuf_fini(&b);
				return NULL;
			}
			strbuf_addf(&b, "%s%s", i ? json_string_value(json_array_get(x, 0)) : "", s);
			free(s);
		}
		return strbuf_steal(&b);
	}
	return NULL;
}

static const char *kv_find(const struct cfn_kv *v, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].key, key))
			return v[i].value;
	return NULL;
}

/* The deployed exports of st (deployed: its template, NULL when it is not
 * JSON) and what the new template (outs: its Outputs, or NULL) does to
 * them; ListImports for every one removed or changed. 0, or -1 with err. */
static int exports_read(struct cfn_client *cfn, const struct cfn_stack *st, const json_t *deployed,
			const json_t *outs, const char *region, struct dexports *d,
			struct cfn_error *err)
{
	const json_t *douts = json_object_get(deployed, "Outputs");
	const char *k;
	json_t *o;

	memset(d, 0, sizeof(*d));
	d->v = xcalloc(st->nexports + json_object_size(douts) + 1, sizeof(*d->v));
	json_object_foreach((json_t *)douts, k, o) {
		const json_t *e = json_object_get(o, "Export");
		char *name;

		if (!e)
			continue;
		name = export_name(json_object_get(e, "Name"), st->name, region);
		if (!name && kv_find(st->exports, st->nexports, k))
			name = xstrdup(kv_find(st->exports, st->nexports, k));
		if (!name)
			continue;
		d->v[d->n].key = xstrdup(k);
		d->v[d->n].name = name;
		d->v[d->n++].value = json_object_get(o, "Value") ? norm(json_object_get(o, "Value")) : NULL;
	}
	/* what the template does not show (DescribeStacks names exports of
	 * outputs the template has no Export for only when it cannot be read) */
	for (size_t i = 0; i < st->nexports; i++) {
		bool have = false;

		for (size_t j = 0; j < d->n; j++)
			have |= !strcmp(d->v[j].name, st->exports[i].value);
		if (have || (douts && json_object_get(douts, st->exports[i].key)))
			continue;
		d->v[d->n].key = xstrdup(st->exports[i].key);
		d->v[d->n++].name = xstrdup(st->exports[i].value);
	}
	for (size_t i = 0; i < d->n; i++) {
		struct dexport *x = &d->v[i];
		const json_t *same = NULL;

		json_object_foreach((json_t *)outs, k, o) {
			const json_t *e = json_object_get(o, "Export");
			char *name = e ? export_name(json_object_get(e, "Name"), st->name, region) : NULL;

			if (name && !strcmp(name, x->name)) {
				x->new_key = k;
				same = o;
			}
			free(name);
			if (same)
				break;
		}
		/* a name this code cannot read, on the same output: taken as kept */
		o = json_object_get(outs, x->key);
		if (!same && o && json_object_get(o, "Export")) {
			char *name = export_name(json_object_get(json_object_get(o, "Export"), "Name"),
						 st->name, region);

			if (!name) {
				x->new_key = json_object_iter_key(json_object_iter_at((json_t *)outs, x->key));
				same = o;
			}
			free(name);
		}
		x->removed = !same;
		if (same && x->value) {
			json_t *nv = norm(json_object_get(same, "Value"));

			x->changed = !json_equal(nv, x->value);
			json_decref(nv);
		}
		if ((x->removed || x->changed) &&
		    cfn_list_imports(cfn, x->name, &x->importers, &x->nimporters, err))
			return -1;
	}
	return 0;
}

/* A template as JSON: the deployed one (GetTemplate), or NULL (not JSON,
 * or the call failed: the check then reads DescribeStacks alone). */
static json_t *deployed_template(struct rt *r, const struct cfn_stack *st)
{
	struct cfn_error err;
	char *body = NULL;
	json_t *t;

	if (cfn_get_template(&r->cfn, st->id, &body, &err)) {
		if (r->o->verbose) {
			char *s = cfn_error_text(&err);

			fprintf(stderr, "phxc: GetTemplate of %s failed (%s): exports read from "
				"DescribeStacks alone\n", st->name, s);
			free(s);
		}
		cfn_error_fini(&err);
		return NULL;
	}
	t = json_loads(body, 0, NULL);
	free(body);
	return t;
}

static json_t *part_json(struct rt *r, const struct ir_template *t)
{
	size_t len;
	char *body = comp_emit(&r->comp, (struct ir_template *)t, EMIT_JSON, &len);
	json_t *j = body ? json_loadb(body, len, 0, NULL) : NULL;

	free(body);
	return j;
}

/* The template reads the export (Fn::ImportValue of its name). */
static bool imports(const json_t *v, const char *name)
{
	const char *k;
	json_t *x;
	size_t i;

	if (json_is_object(v)) {
		x = json_object_get(v, "Fn::ImportValue");
		if (x && json_is_string(x) && !strcmp(json_string_value(x), name))
			return true;
		json_object_foreach((json_t *)v, k, x)
			if (imports(x, name))
				return true;
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x)
			if (imports(x, name))
				return true;
	}
	return false;
}

/* The part of the program deployed as this stack name, or -1. */
static long part_index(const struct rt *r, const char *stack_name)
{
	for (size_t i = 0; r->whole && i < r->whole->nparts; i++)
		if (!strcmp(r->whole->parts[i]->stack_name, stack_name))
			return (long)i;
	return -1;
}

/* The first logical ID a Value reads (Ref or Fn::GetAtt), or NULL. */
static const char *value_resource(const json_t *v)
{
	const json_t *x;
	const char *k;
	size_t i;

	if ((x = json_object_get(v, "Ref")) && json_is_string(x))
		return json_string_value(x);
	if ((x = json_object_get(v, "Fn::GetAtt")) && json_is_array(x))
		return json_string_value(json_array_get(x, 0));
	if (json_is_object(v))
		json_object_foreach((json_t *)v, k, x) {
			const char *s = value_resource(x);

			if (s)
				return s;
		}
	if (json_is_array(v))
		json_array_foreach(v, i, x) {
			const char *s = value_resource(x);

			if (s)
				return s;
		}
	return NULL;
}

static struct phx_loc loc_in(const struct ir_template *t, const char *id)
{
	struct phx_loc none = { 0 };

	for (size_t k = 0; t && id && k < t->norigins; k++)
		if (!strcmp(t->origins[k].logical_id, id))
			return t->origins[k].loc;
	return none;
}

/* Where to point: the output that exports it in this build, else the
 * resource its value reads (in this stack, else anywhere in the program). */
static struct phx_loc export_loc(const struct rt *r, const struct dexport *x, const json_t *outs)
{
	struct phx_loc l = loc_in(r->tmpl, x->new_key);
	const char *id;

	if (l.file)
		return l;
	id = value_resource(x->new_key ? json_object_get(json_object_get(outs, x->new_key), "Value")
				       : x->value);
	l = loc_in(r->tmpl, id);
	if (!l.file && r->whole)
		l = loc_in(r->whole, id);
	return l;
}

/* Every export consumer c reads from producer prod (by the new templates)
 * is deployed and kept by this deploy. */
static bool reads_only_kept(const json_t *c, const json_t *prod_outs, const struct dexports *d)
{
	const char *k;
	json_t *o;

	json_object_foreach((json_t *)prod_outs, k, o) {
		const json_t *n = json_object_get(json_object_get(o, "Export"), "Name");
		bool kept = false;

		if (!json_is_string(n) || !imports(c, json_string_value(n)))
			continue;
		for (size_t i = 0; i < d->n; i++)
			kept |= !strcmp(d->v[i].name, json_string_value(n)) && !d->v[i].removed &&
				!d->v[i].changed;
		if (!kept)
			return false;
	}
	return true;
}

static void names_list(struct strbuf *b, char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		strbuf_addf(b, "%s%s", i == 0 ? "" : i + 1 == n ? " and " : ", ", v[i]);
}

int exports_check(struct rt *r, const struct cfn_stack *st, bool execute)
{
	json_t *deployed, *mine;
	const json_t *outs;
	struct dexports d;
	struct cfn_error err;
	size_t blocked = 0;

	if (!st->nexports)	/* DescribeStacks names every export of the stack */
		return -1;
	deployed = deployed_template(r, st);
	mine = json_loadb(r->body, r->len, 0, NULL);
	outs = json_object_get(mine, "Outputs");
	if (exports_read(&r->cfn, st, deployed, outs, r->cfg.region, &d, &err)) {
		rt_cfn_err("ListImports", &err);
		cfn_error_fini(&err);
		dexports_fini(&d);
		json_decref(deployed);
		json_decref(mine);
		return PHX_EXIT_DEPLOY;
	}
	for (size_t i = 0; i < d.n; i++) {
		const struct dexport *x = &d.v[i];
		struct strbuf who, own;
		bool all_gone = true, reads_new = false;
		size_t nown = 0;
		struct diag *g;

		if (!x->nimporters)
			continue;
		blocked++;
		strbuf_init(&who);
		strbuf_init(&own);
		strbuf_addn(&own, "", 0);
		names_list(&who, x->importers, x->nimporters);
		for (size_t k = 0; k < x->nimporters; k++) {
			long p = part_index(r, x->importers[k]);
			json_t *pj = p >= 0 ? part_json(r, r->whole->parts[p]) : NULL;

			if (p < 0 || !pj || imports(pj, x->name))
				all_gone = false;
			else if (!reads_only_kept(pj, outs, &d))
				reads_new = true;
			if (p >= 0)
				strbuf_addf(&own, "%s%s", nown++ ? ", " : "", r->whole->parts[p]->part);
			json_decref(pj);
		}
		g = (execute ? diag_error : diag_warning)(&r->comp.diag, export_loc(r, x, outs),
			"stack%s %s import%s export '%s' of stack %s, which this deploy %s",
			x->nimporters == 1 ? "" : "s", who.s, x->nimporters == 1 ? "s" : "", x->name, st->name,
			x->removed ? "removes" : "changes (its Value is not the deployed one)");
		if (all_gone && reads_new)
			diag_hint(g, "stack%s %s of this program no longer import%s it, but read%s an "
				  "export that this deploy adds or changes, so neither stack can go first: "
				  "deploy %s once keeping the export (an output of the same value with "
				  "export = \"%s\"), then every stack, then drop that output and deploy again",
				  x->nimporters == 1 ? "" : "s", own.s, x->nimporters == 1 ? "s" : "",
				  x->nimporters == 1 ? "s" : "", st->name, x->name);
		else if (all_gone)
			diag_hint(g, "stack%s %s of this program no longer import%s it: deploy %s first "
				  "('phxc deploy --stack %s'), then %s; 'phxc deploy' of every stack "
				  "does these two steps in this order by itself", x->nimporters == 1 ? "" : "s",
				  own.s, x->nimporters == 1 ? "s" : "", x->nimporters == 1 ? "it" : "them",
				  own.s, st->name);
		else
			diag_hint(g, "CloudFormation refuses to %s an export while a stack imports it, "
				  "and fails the update halfway: first deploy %s without the import of "
				  "'%s'%s%s%s, then deploy %s", x->removed ? "remove" : "change", who.s,
				  x->name, nown ? " (in this program: " : "", nown ? own.s : "",
				  nown ? ", with 'phxc deploy --stack NAME')" : "", st->name);
		diag_render_one(&r->comp.diag, g, stderr, r->color);
		strbuf_fini(&who);
		strbuf_fini(&own);
	}
	dexports_fini(&d);
	json_decref(deployed);
	json_decref(mine);
	if (!blocked)
		return -1;
	if (!execute) {
		fprintf(stderr, "phxc: warning: 'phxc deploy' will stop before the change set: %zu "
			"export%s still imported\n", blocked, blocked == 1 ? "" : "s");
		return -1;
	}
	rt_err("%zu export%s of stack %s still imported: nothing deployed (no change set created)",
	       blocked, blocked == 1 ? "" : "s", st->name);
	return PHX_EXIT_USAGE;
}

int exports_check_destroy(struct rt *r, const struct cfn_stack *st)
{
	struct strbuf why;
	size_t blocked = 0;

	strbuf_init(&why);
	for (size_t i = 0; i < st->nexports; i++) {
		const char *name = st->exports[i].value;
		struct cfn_error err;
		char **who;
		size_t n, shown = 0;
		bool seen = false;

		for (size_t k = 0; k < i; k++)
			seen |= !strcmp(st->exports[k].value, name);
		if (seen)
			continue;
		if (cfn_list_imports(&r->cfn, name, &who, &n, &err)) {
			rt_cfn_err("ListImports", &err);
			cfn_error_fini(&err);
			strbuf_fini(&why);
			return PHX_EXIT_DEPLOY;
		}
		for (size_t k = 0; k < n; k++) {
			if (!strcmp(who[k], st->name))
				continue;
			if (!shown++)
				strbuf_addf(&why, "%s%s by ", blocked ? "; " : "", name);
			strbuf_addf(&why, "%s%s%s", shown > 1 ? ", " : "", who[k],
				    part_index(r, who[k]) < 0 ? " (not of this program)" : "");
		}
		blocked += shown > 0;
		cfn_names_free(who, n);
	}
	if (!blocked) {
		strbuf_fini(&why);
		return -1;
	}
	rt_err("stack %s not deleted: its exports are still imported: %s; deploy those stacks "
	       "without the imports, or destroy them, first (CloudFormation refuses to delete "
	       "an export that a stack imports)", st->name, why.s);
	strbuf_fini(&why);
	return PHX_EXIT_DEPLOY;
}

/* ---- the two steps, for a deploy of every stack ---- */

/* Stack i waits for k, under the needs (unless dropped) and the plan. */
static bool waits(const struct rt *r, const struct exports_plan *p, size_t i, size_t k)
{
	const struct ir_template *t = r->whole->parts[i];

	if (p->after[i * p->n + k])
		return true;
	for (size_t j = 0; j < t->nneeds; j++)
		if (t->needs[j] == r->whole->parts[k] && !p->drop[i * p->n + k])
			return true;
	return false;
}

static bool cyclic(const struct rt *r, const struct exports_plan *p, size_t i, char *mark)
{
	if (mark[i] == 1)
		return true;
	if (mark[i] == 2)
		return false;
	mark[i] = 1;
	for (size_t k = 0; k < p->n; k++)
		if (waits(r, p, i, k) && cyclic(r, p, k, mark))
			return true;
	mark[i] = 2;
	return false;
}

void exports_plan(struct rt *r, struct exports_plan *plan)
{
	size_t n = r->whole->nparts;
	json_t **parts = xcalloc(n, sizeof(*parts));

	plan->n = n;
	plan->after = xcalloc(n * n + 1, sizeof(bool));
	plan->drop = xcalloc(n * n + 1, sizeof(bool));
	for (size_t i = 0; i < n; i++)
		parts[i] = part_json(r, r->whole->parts[i]);
	for (size_t p = 0; p < n; p++) {
		const struct ir_template *t = r->whole->parts[p];
		struct cfn_stack st;
		struct cfn_error err;
		struct dexports d;
		json_t *deployed;
		bool found;

		if (cfn_describe_stack(&r->cfn, t->stack_name, &st, &found, &err)) {
			cfn_error_fini(&err);	/* the stack's own deploy reports it */
			continue;
		}
		if (!found || !strcmp(st.status, "REVIEW_IN_PROGRESS") || !st.nexports) {
			cfn_stack_fini(&st);
			continue;
		}
		deployed = deployed_template(r, &st);
		if (exports_read(&r->cfn, &st, deployed, json_object_get(parts[p], "Outputs"),
				 r->cfg.region, &d, &err)) {
			cfn_error_fini(&err);	/* the stack's own check reports it */
			dexports_fini(&d);
			json_decref(deployed);
			cfn_stack_fini(&st);
			continue;
		}
		for (size_t i = 0; i < d.n; i++) {
			const struct dexport *x = &d.v[i];
			bool own = x->nimporters > 0;
			struct strbuf who;

			for (size_t k = 0; k < x->nimporters && own; k++) {
				long c = part_index(r, x->importers[k]);

				own = c >= 0 && (size_t)c != p && parts[c] && !imports(parts[c], x->name) &&
				      reads_only_kept(parts[c], json_object_get(parts[p], "Outputs"), &d);
			}
			if (!own)
				continue;	/* the producer's own deploy stops, and says why */
			strbuf_init(&who);
			names_list(&who, x->importers, x->nimporters);
			for (size_t k = 0; k < x->nimporters; k++) {
				size_t c = (size_t)part_index(r, x->importers[k]);

				plan->after[p * n + c] = true;
				plan->drop[c * n + p] = true;
			}
			printf("exports: %s %s export %s of %s and no longer import%s it: deploying "
			       "%s first, then %s\n", who.s, x->nimporters == 1 ? "imports" : "import",
			       x->name, t->stack_name, x->nimporters == 1 ? "s" : "", who.s,
			       t->stack_name);
			strbuf_fini(&who);
		}
		dexports_fini(&d);
		json_decref(deployed);
		cfn_stack_fini(&st);
	}
	{
		char *mark = xcalloc(n + 1, 1);
		bool cycle = false;

		for (size_t i = 0; i < n && !cycle; i++)
			cycle = cyclic(r, plan, i, mark);
		free(mark);
		if (cycle) {
			printf("exports: that order would be a cycle with the stacks' imports: deploying "
			       "in dependency order (each producer stops if an export is still imported)\n");
			memset(plan->after, 0, n * n * sizeof(bool));
			memset(plan->drop, 0, n * n * sizeof(bool));
		}
	}
	fflush(stdout);
	for (size_t i = 0; i < n; i++)
		json_decref(parts[i]);
	free(parts);
}

void exports_plan_fini(struct exports_plan *plan)
{
	free(plan->after);
	free(plan->drop);
	memset(plan, 0, sizeof(*plan));
}
