/* schema.c - lookups in the generated schema tables (schema/data.c).
 *
 * Types, properties and attributes are sorted by name in the tables, so
 * every lookup is a binary search over const data; suggestions walk the
 * candidates of one type only, except schema_type_suggest, which runs on an
 * error path. */
#include "phx.h"
#include "misspell.h"
#include "schema.h"
#include "schema/data.h"

#include <stddef.h>
#include <string.h>
#include <strings.h>

/* Suggestions: the closest candidate by edit distance (misspell.h); failing
 * that, the only candidate that contains the wanted name ("Arn" finds
 * "TopicArn"), or the one that shares the longest prefix, when it is at
 * least half the name ("ecs:service:Count" finds "ecs:service:DesiredCount"). */
struct suggest {
	struct misspell m;
	const char *want;
	size_t want_len;
	const char *contains;
	unsigned ncontains;
	const char *prefix;
	size_t prefix_len;
	bool prefix_tie;
};

static void suggest_init(struct suggest *g, const char *want)
{
	memset(g, 0, sizeof(*g));
	misspell_init(&g->m, want);
	g->want = want;
	g->want_len = strlen(want);
}

static bool contains_nocase(const char *hay, const char *needle, size_t n)
{
	for (; *hay; hay++)
		if (!strncasecmp(hay, needle, n))
			return true;
	return false;
}

static void suggest_offer(struct suggest *g, const char *cand)
{
	size_t k = 0;

	if (!g->want_len || !strcmp(cand, g->want))
		return;
	misspell_offer(&g->m, cand);
	if (g->want_len >= 3 && contains_nocase(cand, g->want, g->want_len)) {
		g->contains = cand;
		g->ncontains++;
	}
	while (cand[k] && cand[k] == g->want[k])
		k++;
	if (k > g->prefix_len) {
		g->prefix = cand;
		g->prefix_len = k;
		g->prefix_tie = false;
	} else if (k && k == g->prefix_len) {
		g->prefix_tie = true;
	}
}

static const char *suggest_best(const struct suggest *g)
{
	if (misspell_best(&g->m))
		return misspell_best(&g->m);
	if (g->ncontains == 1)
		return g->contains;
	if (g->prefix && !g->prefix_tie && g->prefix_len * 2 >= g->want_len)
		return g->prefix;
	return NULL;
}

const char *schema_source(void)
{
	return schema_data_source;
}

size_t schema_type_count(void)
{
	return schema_ntypes;
}

static const char *str_at(uint32_t off)
{
	return schema_strs + off;
}

/* Binary search of n records of `size` bytes sorted by name, where each
 * record's name is a uint32_t offset into schema_strs at byte `name_at`.
 * Types, attributes and properties are all laid out this way. */
static const void *find_sorted(const void *base, size_t n, size_t size, size_t name_at,
			       const char *name)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *rec = (const char *)base + mid * size;
		uint32_t off;
		int c;

		memcpy(&off, rec + name_at, sizeof(off));
		c = strcmp(name, str_at(off));
		if (!c)
			return rec;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const struct schema_type_rec *schema_type(const char *name)
{
	return find_sorted(schema_types, schema_ntypes, sizeof(*schema_types),
			   offsetof(struct schema_type_rec, name), name);
}

const struct schema_type_rec *schema_type_at(size_t i)
{
	return i < schema_ntypes ? &schema_types[i] : NULL;
}

const char *schema_type_name(const struct schema_type_rec *t)
{
	return str_at(t->name);
}

/* Misspelt types usually keep their namespace ("AWS::ECS::"), so a name
 * whose service matches one in the tables is compared with that service's
 * types by their last part first; the whole name is the fallback. */
const char *schema_type_suggest(const char *name)
{
	struct misspell m;
	const char *last = strrchr(name, ':');
	size_t svc_len = last ? (size_t)(last + 1 - name) : 0;
	const char *best = NULL;

	if (svc_len) {
		misspell_init(&m, last + 1);
		for (size_t i = 0; i < schema_ntypes; i++) {
			const char *t = str_at(schema_types[i].name);

			if (!strncmp(t, name, svc_len) && !strchr(t + svc_len, ':'))
				misspell_offer(&m, t + svc_len);
		}
		if (misspell_best(&m))
			best = misspell_best(&m) - svc_len;
	}
	if (best)
		return best;
	misspell_init(&m, name);
	for (size_t i = 0; i < schema_ntypes; i++)
		misspell_offer(&m, str_at(schema_types[i].name));
	return misspell_best(&m);
}

const struct schema_shape_rec *schema_type_props(const struct schema_type_rec *t)
{
	return &schema_shapes[t->shape];
}

unsigned schema_type_ref_kinds(const struct schema_type_rec *t)
{
	return t->ref_kinds;
}

size_t schema_attr_count(const struct schema_type_rec *t)
{
	return t->nattrs;
}

const struct schema_attr_rec *schema_attr_at(const struct schema_type_rec *t, size_t i)
{
	return i < t->nattrs ? &schema_attrs[t->attr_first + i] : NULL;
}

const char *schema_attr_name(const struct schema_attr_rec *at)
{
	return str_at(at->name);
}

unsigned schema_attr_flags(const struct schema_attr_rec *at)
{
	return at->flags;
}

const struct schema_attr_rec *schema_attr(const struct schema_type_rec *t, const char *name)
{
	const struct schema_attr_rec *v = &schema_attrs[t->attr_first];
	const struct schema_attr_rec *hit = find_sorted(v, t->nattrs, sizeof(*v),
							offsetof(struct schema_attr_rec, name), name);

	if (hit)
		return hit;
	for (size_t i = 0; i < t->nattrs; i++) {
		const char *p = str_at(v[i].name);
		size_t n = strlen(p);

		if ((v[i].flags & SCHEMA_A_PATTERN) && !strncmp(name, p, n) && name[n])
			return &v[i];
	}
	return NULL;
}

const char *schema_attr_suggest(const struct schema_type_rec *t, const char *name)
{
	struct suggest g;

	suggest_init(&g, name);
	for (size_t i = 0; i < t->nattrs; i++)
		suggest_offer(&g, str_at(schema_attrs[t->attr_first + i].name));
	return suggest_best(&g);
}

size_t schema_shape_count(const struct schema_shape_rec *s)
{
	return s->n;
}

const struct schema_prop_rec *schema_shape_at(const struct schema_shape_rec *s, size_t i)
{
	return i < s->n ? &schema_props[s->first + i] : NULL;
}

bool schema_shape_open(const struct schema_shape_rec *s)
{
	return s->flags & SCHEMA_S_OPEN;
}

const struct schema_prop_rec *schema_prop(const struct schema_shape_rec *s, const char *name)
{
	const struct schema_prop_rec *v = &schema_props[s->first];

	return find_sorted(v, s->n, sizeof(*v), offsetof(struct schema_prop_rec, name), name);
}

const char *schema_prop_suggest(const struct schema_shape_rec *s, const char *name)
{
	struct suggest g;

	suggest_init(&g, name);
	for (size_t i = 0; i < s->n; i++)
		suggest_offer(&g, str_at(schema_props[s->first + i].name));
	return suggest_best(&g);
}

const char *schema_prop_name(const struct schema_prop_rec *p)
{
	return str_at(p->name);
}

unsigned schema_prop_flags(const struct schema_prop_rec *p)
{
	return p->flags;
}

const struct schema_val_rec *schema_prop_val(const struct schema_prop_rec *p)
{
	return &schema_vals[p->val];
}

unsigned schema_val_kinds(const struct schema_val_rec *v)
{
	return v->kinds ? v->kinds : SCHEMA_ANY;
}

const struct schema_shape_rec *schema_val_shape(const struct schema_val_rec *v)
{
	return v->shape ? &schema_shapes[v->shape] : NULL;
}

const struct schema_val_rec *schema_val_item(const struct schema_val_rec *v)
{
	return &schema_vals[v->item];
}

size_t schema_val_nenum(const struct schema_val_rec *v)
{
	return v->nenum;
}

const char *schema_val_enum(const struct schema_val_rec *v, size_t i)
{
	return i < v->nenum ? str_at(schema_enums[v->enum_first + i]) : NULL;
}

const char *schema_val_enum_suggest(const struct schema_val_rec *v, const char *value)
{
	struct suggest g;

	suggest_init(&g, value);
	for (size_t i = 0; i < v->nenum; i++)
		suggest_offer(&g, str_at(schema_enums[v->enum_first + i]));
	return suggest_best(&g);
}

void schema_kinds_describe(struct strbuf *b, unsigned kinds)
{
	static const struct {
		unsigned bit;
		const char *text;
	} names[] = {
		{ SCHEMA_STRING, "a string" },
		{ SCHEMA_INTEGER, "an integer" },
		{ SCHEMA_NUMBER, "a number" },
		{ SCHEMA_BOOLEAN, "a boolean" },
		{ SCHEMA_LIST, "a list" },
		{ SCHEMA_OBJECT, "a map" },
	};
	size_t n = 0, seen = 0;

	if ((kinds & SCHEMA_INTEGER) && (kinds & SCHEMA_NUMBER))
		kinds &= ~(unsigned)SCHEMA_INTEGER;
	for (size_t i = 0; i < PHX_ARRAY_SIZE(names); i++)
		if (kinds & names[i].bit)
			n++;
	for (size_t i = 0; i < PHX_ARRAY_SIZE(names); i++) {
		if (!(kinds & names[i].bit))
			continue;
		if (seen)
			strbuf_adds(b, seen + 1 == n ? " or " : ", ");
		strbuf_adds(b, names[i].text);
		seen++;
	}
	if (!n)
		strbuf_adds(b, "nothing");
}
