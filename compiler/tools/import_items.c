/* import_items.c - phxc import, step two: the tree written out as phx text
 * (parameters, resources, outputs, the stack), which goes through the
 * formatter (fmt.h) for the canonical layout. Whatever has no phx
 * equivalent is an error at its node; every one is reported, and no text
 * is returned when there is any. */
#include "import_int.h"
#include "arena.h"
#include "diag.h"
#include "driver.h"
#include "fmt.h"
#include "srcfile.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- items ----------------------------------------------------------------- */

static const char *imp_map_check(struct imp_ctx *c, const struct imp_node *n, const char *path,
				 const char *what)
{
	if (strstr(path, "Fn::ForEach::")) {
		/* Resources, Outputs or Conditions: Fn::ForEach::Name: [...] */
		imp_err(c, n, path, "'Fn::ForEach' (AWS::LanguageExtensions) is not imported: "
			"write the items in a phx 'for' loop (see 'if and for' in language.md)");
		return NULL;
	}
	if (n->kind != IMP_MAP) {
		imp_err(c, n, path, "%s must be a mapping", what);
		return NULL;
	}
	return path;
}

static const struct {
	const char *cfn, *phx;
} imp_param_settings[] = {
	{ "Description", "description" },
	{ "AllowedValues", "allowed_values" },
	{ "AllowedPattern", "allowed_pattern" },
	{ "MinLength", "min_length" },
	{ "MaxLength", "max_length" },
	{ "MinValue", "min_value" },
	{ "MaxValue", "max_value" },
	{ "ConstraintDescription", "constraint_description" },
};

/* A setting value that CloudFormation may write as a string: a number. */
static void imp_number(struct imp_ctx *c, struct strbuf *b, const struct imp_node *n,
		       const char *path)
{
	if (n->kind == IMP_STR && imp_is_number(n->s))
		strbuf_adds(b, imp_num_text(c, n->s));
	else if (n->kind == IMP_NUM)
		strbuf_adds(b, n->s);
	else
		imp_err(c, n, path, "expected a number");
}

static bool imp_truthy(const struct imp_node *n)
{
	return n && ((n->kind == IMP_BOOL && !strcmp(n->s, "true")) ||
		     (n->kind == IMP_STR && !strcmp(n->s, "true")));
}

static void imp_param(struct imp_ctx *c, struct strbuf *b, const struct imp_sym *sym,
		      const struct imp_node *p, const char *path)
{
	const struct imp_node *type = imp_get(p, "Type"), *def = imp_get(p, "Default");
	bool noecho = imp_truthy(imp_get(p, "NoEcho"));
	const char *t;
	enum { P_STRING, P_NUMBER, P_LIST, P_OTHER } kind;
	bool any = false;

	if (!imp_map_check(c, p, path, "a parameter"))
		return;
	if (!type || type->kind != IMP_STR) {
		imp_err(c, type ? type : p, imp_path(c, path, "Type"), "a parameter needs a Type string");
		return;
	}
	t = type->s;
	if (!strcmp(t, "String"))
		kind = P_STRING;
	else if (!strcmp(t, "Number"))
		kind = P_NUMBER;
	else if (!strcmp(t, "CommaDelimitedList"))
		kind = P_LIST;
	else
		kind = P_OTHER;
	if (noecho && kind != P_STRING) {
		imp_err(c, imp_get(p, "NoEcho"), imp_path(c, path, "NoEcho"),
			"phx writes NoEcho only for String parameters (type 'secret'), not '%s'", t);
		return;
	}
	for (size_t i = 0; i < p->n; i++) {
		const char *k = p->keys[i];
		bool known = !strcmp(k, "Type") || !strcmp(k, "Default") || !strcmp(k, "NoEcho");

		for (size_t j = 0; j < PHX_ARRAY_SIZE(imp_param_settings); j++)
			known = known || !strcmp(k, imp_param_settings[j].cfn);
		if (!known)
			imp_err(c, imp_key_at(c, p, i), imp_path(c, path, k), "unknown parameter attribute '%s'", k);
	}
	if (noecho && def)
		strbuf_addf(b, "# the Default of %s was dropped: phx writes no default for a secret "
			    "(it would be stored in the template)\n", sym->id);
	strbuf_addf(b, "param %s : ", sym->name);
	if (noecho)
		strbuf_adds(b, "secret");
	else if (kind == P_STRING)
		strbuf_adds(b, "string");
	else if (kind == P_NUMBER)
		strbuf_adds(b, "number");
	else if (kind == P_LIST)
		strbuf_adds(b, "list");
	else
		imp_str(b, t);
	if (def && !noecho) {
		const char *dpath = imp_path(c, path, "Default");

		strbuf_adds(b, " = ");
		if (kind == P_NUMBER) {
			imp_number(c, b, def, dpath);
		} else if (kind == P_LIST) {
			if (def->kind == IMP_STR) {
				const char *s = def->s;

				strbuf_addc(b, '[');
				for (;;) {
					const char *comma = strchr(s, ',');
					size_t len = comma ? (size_t)(comma - s) : strlen(s);

					strbuf_addc(b, '"');
					imp_esc(b, s, len);
					strbuf_addc(b, '"');
					if (!comma)
						break;
					strbuf_adds(b, ", ");
					s = comma + 1;
				}
				strbuf_addc(b, ']');
			} else {
				imp_err(c, def, dpath, "the Default of a CommaDelimitedList must be a string");
			}
		} else if (def->kind == IMP_STR || def->kind == IMP_NUM || def->kind == IMP_BOOL) {
			imp_str(b, def->s);
		} else {
			imp_err(c, def, dpath, "a parameter's Default must be a plain value");
		}
	}
	for (size_t j = 0; j < PHX_ARRAY_SIZE(imp_param_settings); j++) {
		const struct imp_node *v = imp_get(p, imp_param_settings[j].cfn);
		const char *vpath = imp_path(c, path, imp_param_settings[j].cfn);

		if (!v)
			continue;
		if (!any)
			strbuf_adds(b, " { ");
		else
			strbuf_addc(b, '\n');
		any = true;
		strbuf_addf(b, "%s = ", imp_param_settings[j].phx);
		if (!strncmp(imp_param_settings[j].cfn, "Min", 3) ||
		    !strncmp(imp_param_settings[j].cfn, "Max", 3)) {
			imp_number(c, b, v, vpath);
		} else if (!strcmp(imp_param_settings[j].cfn, "AllowedValues")) {
			if (v->kind != IMP_SEQ) {
				imp_err(c, v, vpath, "AllowedValues must be a list");
			} else {
				strbuf_addc(b, '[');
				for (size_t i = 0; i < v->n; i++) {
					if (i)
						strbuf_adds(b, ", ");
					if (kind == P_NUMBER)
						imp_number(c, b, v->v[i], imp_path_i(c, vpath, i));
					else if (v->v[i]->kind == IMP_STR || v->v[i]->kind == IMP_NUM ||
						 v->v[i]->kind == IMP_BOOL)
						imp_str(b, v->v[i]->s);
					else
						imp_err(c, v->v[i], imp_path_i(c, vpath, i),
							"an allowed value must be a plain value");
				}
				strbuf_addc(b, ']');
			}
		} else if (v->kind == IMP_STR) {
			imp_str(b, v->s);
		} else {
			imp_err(c, v, vpath, "expected a string");
		}
	}
	if (sym->set_id) {
		strbuf_adds(b, any ? "\nlogical_id = " : " { logical_id = ");
		imp_str(b, sym->id);
		any = true;
	}
	strbuf_adds(b, any ? " }\n\n" : "\n\n");
}

static const struct {
	const char *cfn, *phx;
} imp_res_attrs[] = {
	{ "DeletionPolicy", "deletion_policy" },
	{ "UpdateReplacePolicy", "update_replace_policy" },
	{ "UpdatePolicy", "update_policy" },
	{ "CreationPolicy", "creation_policy" },
	{ "Metadata", "metadata" },
	{ "Version", "version" },
};

static const char *imp_free_name(struct imp_ctx *c, const char *id);

/* Condition: NAME on a resource or an output: the item goes in an 'if'. */
static bool imp_cond_open(struct imp_ctx *c, struct strbuf *b, const struct imp_node *item,
			  const char *path)
{
	const struct imp_node *cond = imp_get(item, "Condition");
	const char *name;

	if (!cond)
		return true;
	if (cond->kind != IMP_STR) {
		imp_err(c, cond, imp_path(c, path, "Condition"), "Condition takes the name of a condition");
		name = "_";
	} else if (!(name = imp_cond_name(c, cond->s))) {
		imp_err(c, cond, imp_path(c, path, "Condition"), "'%s' is not a condition of this template",
			cond->s);
		name = "_";
	}
	strbuf_addf(b, "if %s {\n", name);
	return true;
}

static void imp_cond_close(struct strbuf *b, const struct imp_node *item)
{
	if (imp_get(item, "Condition"))
		strbuf_adds(b, "}\n");
}

static void imp_resource(struct imp_ctx *c, struct strbuf *b, const struct imp_sym *sym,
			 const struct imp_node *r, const char *path)
{
	const struct imp_node *type = imp_get(r, "Type"), *props = imp_get(r, "Properties");
	const struct imp_node *deps = imp_get(r, "DependsOn");
	size_t mark = b->len;

	if (!imp_map_check(c, r, path, "a resource"))
		return;
	if (!type || type->kind != IMP_STR) {
		imp_err(c, type ? type : r, imp_path(c, path, "Type"), "a resource needs a Type string");
		return;
	}
	for (size_t i = 0; i < r->n; i++) {
		const char *k = r->keys[i];
		bool known = !strcmp(k, "Type") || !strcmp(k, "Properties") || !strcmp(k, "DependsOn");

		for (size_t j = 0; j < PHX_ARRAY_SIZE(imp_res_attrs); j++)
			known = known || !strcmp(k, imp_res_attrs[j].cfn);
		if (!strcmp(k, "Condition") || !strcmp(k, "Version"))
			continue;	/* below */
		else if (!known)
			imp_err(c, imp_key_at(c, r, i), imp_path(c, path, k), "unknown resource attribute '%s'", k);
	}
	if (!imp_cond_open(c, b, r, path))
		return;
	strbuf_addf(b, "resource %s ", sym->name);
	imp_str(b, type->s);
	strbuf_adds(b, " {\n");
	if (sym->set_id) {
		strbuf_adds(b, "logical_id = ");
		imp_str(b, sym->id);
		strbuf_addc(b, '\n');
	}
	if (props) {
		const char *ppath = imp_path(c, path, "Properties");

		if (props->kind != IMP_MAP || imp_is_intrinsic(props)) {
			imp_err(c, props, ppath, "Properties must be a plain mapping");
		} else {
			bool custom = !strncmp(type->s, "Custom::", 8) ||
				      !strcmp(type->s, "AWS::CloudFormation::CustomResource");

			/* a custom resource takes any name, quoted when it is not
			 * a capitalised identifier */
			for (size_t i = 0; i < props->n && !custom; i++)
				if (!isupper((unsigned char)props->keys[i][0]) || !imp_is_ident(props->keys[i]))
					imp_err(c, imp_key_at(c, props, i), imp_path(c, ppath, props->keys[i]),
						"phx writes only capitalised identifiers as property names, "
						"not '%s'", props->keys[i]);
			c->quote_lower = custom;
			imp_entries(c, b, props, ppath, 1);
			c->quote_lower = false;
		}
	}
	if (deps) {
		const char *dpath = imp_path(c, path, "DependsOn");

		strbuf_adds(b, "depends_on = ");
		if (deps->kind == IMP_STR) {
			imp_ref(c, b, deps, dpath, deps->s, strlen(deps->s), true);
		} else if (deps->kind == IMP_SEQ) {
			strbuf_addc(b, '[');
			for (size_t i = 0; i < deps->n; i++) {
				if (i)
					strbuf_adds(b, ", ");
				if (deps->v[i]->kind == IMP_STR)
					imp_ref(c, b, deps->v[i], imp_path_i(c, dpath, i), deps->v[i]->s,
						strlen(deps->v[i]->s), true);
				else
					imp_err(c, deps->v[i], imp_path_i(c, dpath, i),
						"DependsOn lists logical IDs");
			}
			strbuf_addc(b, ']');
		} else {
			imp_err(c, deps, dpath, "DependsOn takes a logical ID or a list of them");
		}
		strbuf_addc(b, '\n');
	}
	for (size_t j = 0; j < PHX_ARRAY_SIZE(imp_res_attrs); j++) {
		const struct imp_node *v = imp_get(r, imp_res_attrs[j].cfn);

		if (!v)
			continue;
		strbuf_addf(b, "%s = ", imp_res_attrs[j].phx);
		imp_value(c, b, v, imp_path(c, path, imp_res_attrs[j].cfn), 1);
		strbuf_addc(b, '\n');
	}
	if (b->len >= mark + 4 && !strcmp(b->s + b->len - 3, " {\n")) {
		b->len--;
		b->s[b->len] = '\0';
		strbuf_adds(b, "}\n");
	} else {
		strbuf_adds(b, "}\n");
	}
	imp_cond_close(b, r);
	strbuf_addc(b, '\n');
}

static void imp_output(struct imp_ctx *c, struct strbuf *b, const char *id,
		       const struct imp_node *at, const struct imp_node *o, const char *path)
{
	const struct imp_node *val = imp_get(o, "Value"), *desc = imp_get(o, "Description");
	const struct imp_node *exp = imp_get(o, "Export");
	char *name = imp_name(id);
	const char *vpath = imp_path(c, path, "Value");

	if (!imp_map_check(c, o, path, "an output"))
		goto out;
	(void)at;
	for (size_t i = 0; i < o->n; i++) {
		const char *k = o->keys[i];

		if (strcmp(k, "Value") && strcmp(k, "Description") && strcmp(k, "Export") &&
		    strcmp(k, "Condition"))
			imp_err(c, imp_key_at(c, o, i), imp_path(c, path, k), "unknown output attribute '%s'", k);
	}
	if (!val) {
		imp_err(c, o, path, "an output needs a Value");
		goto out;
	}
	if (!imp_cond_open(c, b, o, path))
		goto out;
	strbuf_addf(b, "output %s = ", name ? name : imp_free_name(c, id));
	/* phx joins a list output with commas */
	if (val->kind == IMP_MAP && val->n == 1 && !strcmp(val->keys[0], "Fn::Join") &&
	    val->v[0]->kind == IMP_SEQ && val->v[0]->n == 2 && val->v[0]->v[0]->kind == IMP_STR &&
	    !strcmp(val->v[0]->v[0]->s, ",")) {
		const struct imp_node *list = val->v[0]->v[1];
		const char *lpath = imp_path(c, imp_path(c, vpath, "Fn::Join"), "1");

		if (list->kind == IMP_SEQ) {
			strbuf_addc(b, '[');
			for (size_t i = 0; i < list->n; i++) {
				if (i)
					strbuf_adds(b, ", ");
				imp_value(c, b, list->v[i], imp_path_i(c, lpath, i), 1);
			}
			strbuf_addc(b, ']');
		} else {
			imp_value(c, b, list, lpath, 1);
		}
	} else {
		imp_value(c, b, val, vpath, 0);
	}
	if (desc || exp || !name) {
		strbuf_adds(b, " { ");
		if (!name) {	/* an ID phx names cannot give: outputs are looked up by it */
			strbuf_adds(b, "logical_id = ");
			imp_str(b, id);
			if (desc || exp)
				strbuf_addc(b, '\n');
		}
		if (desc) {
			strbuf_adds(b, "description = ");
			if (desc->kind == IMP_STR)
				imp_str(b, desc->s);
			else
				imp_err(c, desc, imp_path(c, path, "Description"), "expected a string");
			if (exp)
				strbuf_addc(b, '\n');
		}
		if (exp) {
			const struct imp_node *en = imp_get(exp, "Name");

			if (!en || exp->n != 1) {
				imp_err(c, exp, imp_path(c, path, "Export"), "Export takes one key, Name");
			} else {
				strbuf_adds(b, "export = ");
				imp_value(c, b, en, imp_path(c, imp_path(c, path, "Export"), "Name"), 1);
			}
		}
		strbuf_adds(b, " }");
	}
	strbuf_addc(b, '\n');
	imp_cond_close(b, o);
	strbuf_addc(b, '\n');
out:
	free(name);
}

/* The item just written at b->s + mark ends with a blank line: drop it when
 * this item and the one before are one-line items of the same kind, as
 * phxc fmt keeps them together. last holds the previous one-line item's
 * keyword, or "". */
static void imp_item_sep(struct strbuf *b, size_t mark, char *last)
{
	const char *item = b->s + mark;
	size_t klen = strcspn(item, " ");
	bool one_line = b->len > mark + 2 && !memchr(item, '\n', b->len - mark - 2);

	bool join;

	if (b->len == mark)
		return;
	join = one_line && *last && strlen(last) == klen && !strncmp(item, last, klen);
	if (one_line && klen < 16) {
		memcpy(last, item, klen);
		last[klen] = '\0';
	} else {
		*last = '\0';
	}
	if (join) {
		memmove(b->s + mark - 1, item, b->len - mark + 1);
		b->len--;
	}
}

static bool imp_name_taken(const struct imp_ctx *c, const char *name)
{
	for (size_t i = 0; i < c->nsyms; i++)
		if (c->syms[i].name && !strcmp(c->syms[i].name, name))
			return true;
	for (size_t i = 0; i < c->nconds; i++)
		if (c->conds[i].name && !strcmp(c->conds[i].name, name))
			return true;
	for (size_t i = 0; i < c->nmaps; i++)
		if (c->maps[i].name && !strcmp(c->maps[i].name, name))
			return true;
	return false;
}

/* A phx name for a resource whose logical ID phx cannot derive (myKeyPair,
 * Env, Stack): the name of the capitalised ID when there is one, else the
 * ID in lower case, with "_res" after a reserved word, and a number after a
 * name already taken; the resource then says logical_id = "ID". */
static const char *imp_free_name(struct imp_ctx *c, const char *id)
{
	struct strbuf b;
	char *cap = arena_strdup(c->a, id), *name;
	const char *out;

	cap[0] = (char)toupper((unsigned char)cap[0]);
	name = imp_name(cap);
	strbuf_init(&b);
	if (name) {
		strbuf_adds(&b, name);
		free(name);
	} else {
		if (!isalpha((unsigned char)id[0]))
			strbuf_adds(&b, "r_");	/* a name starts with a letter: 1Bucket -> r_1bucket */
		for (const char *p = id; *p; p++)
			strbuf_addc(&b, isalnum((unsigned char)*p) ? (char)tolower((unsigned char)*p) : '_');
	}
	if (!imp_is_ident(b.s) || imp_is_reserved(b.s) || imp_name_taken(c, b.s))
		strbuf_adds(&b, "_res");
	for (unsigned n = 2; imp_name_taken(c, b.s); n++) {
		size_t len = b.len;

		strbuf_addf(&b, "%u", n);
		if (!imp_name_taken(c, b.s))
			break;
		b.len = len;
		b.s[len] = '\0';
	}
	out = arena_strdup(c->a, b.s);
	strbuf_fini(&b);
	return out;
}

static bool imp_sam(const struct imp_node *tr)
{
	if (tr && tr->kind == IMP_STR)
		return !strcmp(tr->s, "AWS::Serverless-2016-10-31");
	for (size_t i = 0; tr && tr->kind == IMP_SEQ && i < tr->n; i++)
		if (imp_sam(tr->v[i]))
			return true;
	return false;
}

/* Metadata, Transform, Rules and Globals: settings of the stack block. */
static void imp_sections(struct imp_ctx *c, struct strbuf *b, const struct imp_node *t)
{
	static const struct {
		const char *cfn, *phx;
		bool map;
	} secs[] = {
		{ "Metadata", "metadata", true },
		{ "Transform", "transform", false },
		{ "Rules", "rules", true },
		{ "Globals", "globals", true },
	};

	for (size_t i = 0; i < PHX_ARRAY_SIZE(secs); i++) {
		const struct imp_node *v = imp_get(t, secs[i].cfn);
		bool ok;

		if (!v)
			continue;
		if (secs[i].map) {
			ok = v->kind == IMP_MAP && !imp_is_intrinsic(v);
		} else {
			ok = v->kind == IMP_STR || (v->kind == IMP_SEQ && v->n);
			for (size_t k = 0; ok && v->kind == IMP_SEQ && k < v->n; k++)
				ok = v->v[k]->kind == IMP_STR;
		}
		if (!ok) {
			imp_err(c, v, secs[i].cfn, secs[i].map ? "%s must be a mapping" :
				"phx writes a Transform as a macro name or a list of them (a macro with "
				"parameters, such as AWS::Include, has no phx form)", secs[i].cfn);
			continue;
		}
		if (!strcmp(secs[i].cfn, "Globals") && !imp_sam(imp_get(t, "Transform")))
			imp_err(c, v, secs[i].cfn, "Globals without the SAM transform (AWS::Serverless-2016-10-31)");
		strbuf_addf(b, "\n%s = ", secs[i].phx);
		c->raw_fns = !strcmp(secs[i].cfn, "Rules");
		imp_value(c, b, v, secs[i].cfn, 1);
		c->raw_fns = false;
		strbuf_addc(b, '\n');
	}
}

/* Names for the Mappings or Conditions of the template: the name that gives
 * the ID back where there is one (RegionMap -> region_map, IsProd ->
 * is_prod); else a free name, and the rebuilt template renames it (these
 * names are the template's own: nothing outside it refers to them). */
static void imp_let_names(struct imp_ctx *c, const struct imp_node *m, const char *what,
			  struct imp_sym **out, size_t *n)
{
	if (!m || !imp_map_check(c, m, what, what))
		return;
	*out = arena_alloc(c->a, (m->n + 1) * sizeof(**out));
	for (size_t i = 0; i < m->n; i++) {
		char *name = imp_name(m->keys[i]);
		struct imp_sym *s = &(*out)[*n];

		s->id = m->keys[i];
		if (name && !imp_name_taken(c, name)) {
			s->name = arena_strdup(c->a, name);
		} else {
			s->name = imp_free_name(c, m->keys[i]);
			s->set_id = true;	/* let NAME = ... { logical_id = "ID" } */
		}
		free(name);
		(*n)++;
	}
}

/* A Mappings entry as a map: two levels of names, then strings or lists. */
static void imp_table(struct imp_ctx *c, struct strbuf *b, const struct imp_node *m, const char *path)
{
	if (m->kind != IMP_MAP || imp_is_intrinsic(m)) {
		imp_err(c, m, path, "a mapping is a map of maps");
		return;
	}
	for (size_t i = 0; i < m->n; i++)
		if (m->v[i]->kind != IMP_MAP || imp_is_intrinsic(m->v[i]))
			imp_err(c, m->v[i], imp_path(c, path, m->keys[i]), "a mapping's top-level key holds a map");
	imp_value(c, b, m, path, 1);
}

/* The end of a let, with the template's name where the let's cannot give it. */
static void imp_let_id(struct strbuf *b, const struct imp_sym *s)
{
	if (s->set_id) {
		strbuf_adds(b, " { logical_id = ");
		imp_str(b, s->id);
		strbuf_adds(b, " }");
	}
	strbuf_adds(b, "\n\n");
}

static void imp_lets(struct imp_ctx *c, struct strbuf *b, const struct imp_node *t, char *last)
{
	const struct imp_node *maps = imp_get(t, "Mappings"), *conds = imp_get(t, "Conditions");

	for (size_t i = 0; i < c->nmaps; i++) {
		size_t mark = b->len;
		const char *path = imp_path(c, "Mappings", c->maps[i].id);

		const struct imp_node *m = imp_get(maps, c->maps[i].id);

		if (!m)
			continue;
		strbuf_addf(b, "let %s = ", c->maps[i].name);
		imp_table(c, b, m, path);
		imp_let_id(b, &c->maps[i]);
		imp_item_sep(b, mark, last);
	}
	for (size_t i = 0; i < c->nconds; i++) {
		size_t mark = b->len;
		const char *path = imp_path(c, "Conditions", c->conds[i].id);

		const struct imp_node *e = imp_get(conds, c->conds[i].id);

		if (!e)
			continue;
		strbuf_addf(b, "let %s = ", c->conds[i].name);
		imp_cond(c, b, e, path, 1);
		imp_let_id(b, &c->conds[i]);
		imp_item_sep(b, mark, last);
	}
}

/* The stack: a name and the items, in the template's order. */
static void imp_template(struct imp_ctx *c, struct strbuf *b, const struct imp_node *t,
			 const char *stack_name)
{
	const struct imp_node *params = imp_get(t, "Parameters"), *res = imp_get(t, "Resources");
	const struct imp_node *outs = imp_get(t, "Outputs"), *desc = imp_get(t, "Description");
	size_t nsyms = 0;
	char last[16] = "";
	bool lets_done = false;

	if (t->kind != IMP_MAP) {
		imp_err(c, t, "", "a template must be a mapping");
		return;
	}
	for (size_t i = 0; i < t->n; i++) {
		const char *k = t->keys[i];

		if (!strcmp(k, "AWSTemplateFormatVersion") || !strcmp(k, "Description") ||
		    !strcmp(k, "Parameters") || !strcmp(k, "Resources") || !strcmp(k, "Outputs") ||
		    !strcmp(k, "Metadata") || !strcmp(k, "Rules") || !strcmp(k, "Transform") ||
		    !strcmp(k, "Globals"))
			continue;
		if (!strcmp(k, "Mappings") || !strcmp(k, "Conditions"))
			continue;	/* lets, below */
		if (!strcmp(k, "Modules"))	/* rain's local modules */
			imp_err(c, imp_key_at(c, t, i), k, "'Modules' is a section of the rain tool, not "
				"of CloudFormation: import the template that 'rain pkg' writes");
		else
			imp_err(c, imp_key_at(c, t, i), k, "'%s' has no phx equivalent", k);
	}
	if (params && params->kind == IMP_MAP)
		nsyms += params->n;
	if (res && res->kind == IMP_MAP)
		nsyms += res->n;
	c->syms = arena_alloc(c->a, (nsyms + 1) * sizeof(*c->syms));
	for (int pass = 0; pass < 2; pass++) {
		const struct imp_node *m = pass ? res : params;
		const char *what = pass ? "Resources" : "Parameters";

		if (!m)
			continue;
		if (!imp_map_check(c, m, what, what))
			continue;
		for (size_t i = 0; i < m->n; i++) {
			char *name = imp_name(m->keys[i]);
			struct imp_sym *s = &c->syms[c->nsyms++];

			s->id = m->keys[i];
			s->is_param = !pass;
			if (!name) {
				s->set_id = true;	/* named below, once every other name is known */
				continue;
			}
			s->name = arena_strdup(c->a, name);
			free(name);
		}
	}
	for (size_t k = 0; k < c->nsyms; k++)
		if (c->syms[k].set_id)
			c->syms[k].name = imp_free_name(c, c->syms[k].id);
	imp_let_names(c, imp_get(t, "Mappings"), "Mappings", &c->maps, &c->nmaps);
	imp_let_names(c, imp_get(t, "Conditions"), "Conditions", &c->conds, &c->nconds);
	if (!res)
		imp_err(c, t, "", "a template needs a Resources section");
	c->sam = imp_sam(imp_get(t, "Transform"));
	strbuf_addf(b, "stack %s {", stack_name);
	if (desc) {
		strbuf_adds(b, " description = ");
		if (desc->kind == IMP_STR)
			imp_str(b, desc->s);
		else
			imp_err(c, desc, "Description", "the Description must be a string");
		strbuf_adds(b, " ");
	}
	imp_sections(c, b, t);
	strbuf_adds(b, "}\n\n");
	for (size_t k = 0; k <= c->nsyms; k++) {
		size_t mark = b->len;
		const struct imp_node *m;
		const char *what;
		const struct imp_node *v;

		if (k == c->nsyms || !c->syms[k].is_param) {
			/* after the parameters: tables and conditions */
			if (!lets_done)
				imp_lets(c, b, t, last);
			lets_done = true;
			if (k == c->nsyms)
				break;
		}
		m = c->syms[k].is_param ? params : res;
		what = c->syms[k].is_param ? "Parameters" : "Resources";
		v = imp_get(m, c->syms[k].id);

		/* no node under its key: a key the reader refused (reported) */
		if (!v || !strcmp(c->syms[k].name, "_"))
			continue;
		if (c->syms[k].is_param)
			imp_param(c, b, &c->syms[k], v, imp_path(c, what, c->syms[k].id));
		else
			imp_resource(c, b, &c->syms[k], v, imp_path(c, what, c->syms[k].id));
		imp_item_sep(b, mark, last);
	}
	if (outs && imp_map_check(c, outs, "Outputs", "Outputs"))
		for (size_t i = 0; i < outs->n; i++) {
			size_t mark = b->len;

			imp_output(c, b, outs->keys[i], imp_key_at(c, outs, i), outs->v[i], imp_path(c, "Outputs", outs->keys[i]));
			imp_item_sep(b, mark, last);
		}
}


char *imp_convert(struct diag_ctx *d, const char *stack_name, struct strbuf *errs, size_t *len)
{
	struct imp_ctx c = { .d = d, .errs = errs };
	struct imp_node *root;
	struct strbuf b;
	size_t nl;
	char *text = NULL;

	c.a = arena_new();
	c.src = src_get(d->srcs, 1);
	nl = strlen(c.src->name);
	c.json = nl >= 5 && !strcmp(c.src->name + nl - 5, ".json");
	root = c.json ? imp_read_json(&c) : imp_read_yaml(&c);
	strbuf_init(&b);
	if (root)
		imp_template(&c, &b, root, stack_name);
	imp_flush(&c);
	if (!c.nerrors) {
		struct comp_opts opts = { .max_errors = 10 };
		struct compilation comp;

		comp_init(&comp, &opts);
		comp_load_text(&comp, "<import>", b.s, b.len);
		text = fmt_file(comp.arena, &comp.diag, 1, len);
		if (!text)	/* a bug of this module */
			diag_error(d, (struct phx_loc){ 0, 0, 0 },
				   "internal error: the program made from '%s' does not parse",
				   c.src->name);
		comp_fini(&comp);
	}
	strbuf_fini(&b);
	arena_free(c.a);
	return text;
}
