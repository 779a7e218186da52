/* import_cfn.c - phxc import: a CloudFormation template to a .phx program.
 *
 * Two steps. The template is read into one tree of imp_node (JSON through
 * jansson, YAML through libyaml's document loader; a YAML short-form tag
 * such as '!Ref x' becomes the long form {"Ref": "x"} here, so the second
 * step sees one language). Then the tree is written out as phx text, which
 * goes through the formatter (fmt.h) for the canonical layout. Whatever has
 * no phx equivalent is an error at its node; every one is reported, and no
 * text is returned when there is any. */
#include "phx.h"
#include "import_cfn.h"
#include "arena.h"
#include "diag.h"
#include "driver.h"
#include "fmt.h"
#include "resolve.h"
#include "srcfile.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <yaml.h>

#define IMP_MAX_DEPTH 200
/* YAML aliases share nodes that the conversion copies: a few hundred bytes
 * of nested aliases stand for billions of nodes. The copy stops at a node
 * budget and a budget of scalar bytes that grow with the source: a node
 * takes at least two bytes of YAML, so a template without aliases never
 * comes near them. */
#define IMP_NODES_BUDGET(len) (2 * (len) + 100000)
#define IMP_BYTES_BUDGET(len) (16 * (len) + ((size_t)1 << 20))
#define IMP_HASH_MIN 8

struct imp_hash;

enum imp_kind { IMP_NULL, IMP_BOOL, IMP_NUM, IMP_STR, IMP_SEQ, IMP_MAP };

struct imp_node {
	enum imp_kind kind;
	const char *s;		/* IMP_STR text, IMP_NUM literal, IMP_BOOL "true"/"false" */
	size_t n;		/* IMP_SEQ, IMP_MAP: entries */
	struct imp_node **v;	/* IMP_SEQ, IMP_MAP: values */
	const char **keys;	/* IMP_MAP: keys */
	uint32_t *koffs;	/* IMP_MAP: where each key starts (UINT32_MAX: unknown) */
	bool located;		/* off is meaningful */
	uint32_t off;
	struct imp_hash *index;	/* IMP_MAP of more than IMP_HASH_MIN keys: key -> i */
};

/* A logical ID of the template and its phx name. */
struct imp_sym {
	const char *id, *name;
	bool is_param;
	bool list_param;	/* CommaDelimitedList or List<...> */
};

struct imp_msg {
	uint32_t off;
	size_t seq;	/* keeps the order of errors at one place */
	char *text;
};

struct imp_ctx {
	struct arena *a;
	struct diag_ctx *d;
	struct srcfile *src;
	struct strbuf *errs;
	bool json;
	unsigned nerrors;
	struct imp_sym *syms;
	size_t nsyms;
	uint32_t *lines;	/* YAML: offsets of the line starts */
	size_t nlines;
	struct imp_msg *msgs;	/* located errors, queued sorted at the end */
	size_t nmsgs, capmsgs;
	size_t nnodes, nbytes;	/* YAML: copied so far (IMP_NODES_BUDGET, IMP_BYTES_BUDGET) */
	bool over_budget;	/* reported once; the copy stops */
	struct imp_hash *sym_index;	/* syms by ID, built on first lookup */
};

/* ---- hash index ------------------------------------------------------------ */

/* Open addressing over positions in an array of keys: large mappings and
 * the symbol table are looked up in constant time (40,000 resources made
 * the linear scans quadratic). The first of equal keys wins, as a scan. */
struct imp_hash {
	uint32_t *slot;		/* position + 1; 0 is empty */
	size_t mask;
};

typedef const char *(*imp_key_fn)(const void *set, size_t i);

static size_t imp_hash_str(const char *s, size_t len)
{
	size_t h = 2166136261u;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static struct imp_hash *imp_hash_new(struct arena *a, size_t n)
{
	struct imp_hash *h = arena_alloc(a, sizeof(*h));
	size_t cap = 16;

	while (cap < 2 * n)
		cap *= 2;
	h->slot = arena_alloc(a, cap * sizeof(*h->slot));
	memset(h->slot, 0, cap * sizeof(*h->slot));
	h->mask = cap - 1;
	return h;
}

/* Position of key in set, or -1. */
static long imp_hash_find(const struct imp_hash *h, const char *key, size_t len, imp_key_fn at,
			  const void *set)
{
	for (size_t i = imp_hash_str(key, len) & h->mask; h->slot[i]; i = (i + 1) & h->mask) {
		const char *k = at(set, h->slot[i] - 1);

		if (strlen(k) == len && !memcmp(k, key, len))
			return (long)h->slot[i] - 1;
	}
	return -1;
}

/* Adds position pos; returns the position of an equal key already there
 * (which stays), or -1. */
static long imp_hash_add(struct imp_hash *h, size_t pos, imp_key_fn at, const void *set)
{
	const char *key = at(set, pos);
	size_t len = strlen(key), i;

	for (i = imp_hash_str(key, len) & h->mask; h->slot[i]; i = (i + 1) & h->mask)
		if (!strcmp(at(set, h->slot[i] - 1), key))
			return (long)h->slot[i] - 1;
	h->slot[i] = (uint32_t)pos + 1;
	return -1;
}

static const char *imp_map_key(const void *set, size_t i)
{
	return ((const struct imp_node *)set)->keys[i];
}

static const char *imp_sym_key(const void *set, size_t i)
{
	return ((const struct imp_sym *)set)[i].id;
}

/* The index of a mapping whose keys are all set (JSON). */
static void imp_map_index(struct imp_ctx *c, struct imp_node *m)
{
	if (m->n <= IMP_HASH_MIN)
		return;
	m->index = imp_hash_new(c->a, m->n);
	for (size_t i = 0; i < m->n; i++)
		imp_hash_add(m->index, i, imp_map_key, m);
}

/* ---- errors ---------------------------------------------------------------- */

static void imp_err(struct imp_ctx *c, const struct imp_node *n, const char *path,
		    const char *fmt, ...) PHX_PRINTF(4, 5);

static void imp_err(struct imp_ctx *c, const struct imp_node *n, const char *path,
		    const char *fmt, ...)
{
	struct strbuf msg;
	va_list ap;

	strbuf_init(&msg);
	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	c->nerrors++;
	if (n && n->located) {
		if (c->nmsgs == c->capmsgs) {
			c->capmsgs = c->capmsgs ? c->capmsgs * 2 : 16;
			c->msgs = xrealloc(c->msgs, c->capmsgs * sizeof(*c->msgs));
		}
		c->msgs[c->nmsgs].off = n->off;
		c->msgs[c->nmsgs].seq = c->nmsgs;
		c->msgs[c->nmsgs++].text = strbuf_steal(&msg);
	} else {
		strbuf_addf(c->errs, "%s: error: %s%s%s\n", c->src->name, path ? path : "",
			    path && *path ? ": " : "", msg.s);
	}
	strbuf_fini(&msg);
}

static int imp_msg_cmp(const void *pa, const void *pb)
{
	const struct imp_msg *a = pa, *b = pb;

	if (a->off != b->off)
		return a->off < b->off ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Queues the located errors in d, in the order of the file. */
static void imp_flush(struct imp_ctx *c)
{
	if (c->nmsgs > 1)
		qsort(c->msgs, c->nmsgs, sizeof(*c->msgs), imp_msg_cmp);
	for (size_t i = 0; i < c->nmsgs; i++) {
		struct phx_loc loc = { 1, c->msgs[i].off, c->msgs[i].off + 1 };

		diag_error(c->d, loc, "%s", c->msgs[i].text);
		free(c->msgs[i].text);
	}
	free(c->msgs);
}

static const char *imp_path(struct imp_ctx *c, const char *path, const char *key)
{
	size_t pl = strlen(path), kl = strlen(key);
	char *p = arena_alloc(c->a, pl + kl + 2);

	memcpy(p, path, pl);
	if (pl)
		p[pl++] = '.';
	memcpy(p + pl, key, kl + 1);
	return p;
}

static const char *imp_path_i(struct imp_ctx *c, const char *path, size_t i)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%zu", i);
	return imp_path(c, path, buf);
}

/* ---- the tree -------------------------------------------------------------- */

static struct imp_node *imp_new(struct imp_ctx *c, enum imp_kind k)
{
	struct imp_node *n = arena_alloc(c->a, sizeof(*n));

	memset(n, 0, sizeof(*n));
	n->kind = k;
	return n;
}

/* Where to report a problem with the entry i of map m: its key. */
static const struct imp_node *imp_key_at(struct imp_ctx *c, const struct imp_node *m, size_t i)
{
	struct imp_node *at;

	if (!m->koffs || m->koffs[i] == UINT32_MAX)
		return m->v[i];
	at = imp_new(c, IMP_NULL);
	at->located = true;
	at->off = m->koffs[i];
	return at;
}

static const struct imp_node *imp_get(const struct imp_node *m, const char *key)
{
	if (!m || m->kind != IMP_MAP)
		return NULL;
	if (m->index) {
		long i = imp_hash_find(m->index, key, strlen(key), imp_map_key, m);

		return i < 0 ? NULL : m->v[i];
	}
	for (size_t i = 0; i < m->n; i++)
		if (!strcmp(m->keys[i], key))
			return m->v[i];
	return NULL;
}

static const char *imp_num_text(struct imp_ctx *c, const char *s);

/* JSON. jansson gives no positions for a document that parses, so a
 * cursor walks the text alongside the tree (jansson keeps object keys in
 * the order of the text, and duplicates are refused): each node gets the
 * offset of its first byte. If the two ever disagree, the rest of the
 * nodes go unlocated and errors name their path instead. */
struct imp_cursor {
	const char *p, *end;
	bool lost;
};

static void imp_ws(struct imp_cursor *cur)
{
	while (cur->p < cur->end && (*cur->p == ' ' || *cur->p == '\t' || *cur->p == '\n' ||
				     *cur->p == '\r'))
		cur->p++;
}

/* Skips a punctuation character, or loses the cursor. */
static void imp_expect(struct imp_cursor *cur, char ch)
{
	imp_ws(cur);
	if (cur->p < cur->end && *cur->p == ch)
		cur->p++;
	else
		cur->lost = true;
}

/* Skips a string or a scalar token. */
static void imp_skip_scalar(struct imp_cursor *cur)
{
	if (cur->p < cur->end && *cur->p == '"') {
		for (cur->p++; cur->p < cur->end && *cur->p != '"'; cur->p++)
			if (*cur->p == '\\')
				cur->p++;
		cur->p++;
		return;
	}
	while (cur->p < cur->end && !strchr(",]} \t\r\n", *cur->p))
		cur->p++;
}

static void imp_locate(struct imp_ctx *c, struct imp_cursor *cur, struct imp_node *n)
{
	imp_ws(cur);
	if (cur->lost || cur->p >= cur->end)
		return;
	n->located = true;
	n->off = (uint32_t)(cur->p - c->src->text);
}

static struct imp_node *imp_from_json(struct imp_ctx *c, json_t *j, struct imp_cursor *cur)
{
	struct imp_node *n;
	char buf[64];

	switch (json_typeof(j)) {
	case JSON_OBJECT: {
		const char *key;
		json_t *val;
		size_t i = 0;

		n = imp_new(c, IMP_MAP);
		imp_locate(c, cur, n);
		imp_expect(cur, '{');
		n->n = json_object_size(j);
		n->v = arena_alloc(c->a, (n->n + 1) * sizeof(*n->v));
		n->keys = arena_alloc(c->a, (n->n + 1) * sizeof(*n->keys));
		n->koffs = arena_alloc(c->a, (n->n + 1) * sizeof(*n->koffs));
		json_object_foreach(j, key, val) {
			struct imp_node at = { .off = 0 };

			if (i)
				imp_expect(cur, ',');
			imp_locate(c, cur, &at);
			n->koffs[i] = at.located ? at.off : UINT32_MAX;
			imp_skip_scalar(cur);
			imp_expect(cur, ':');
			n->keys[i] = arena_strdup(c->a, key);
			n->v[i++] = imp_from_json(c, val, cur);
		}
		imp_expect(cur, '}');
		imp_map_index(c, n);
		return n;
	}
	case JSON_ARRAY:
		n = imp_new(c, IMP_SEQ);
		imp_locate(c, cur, n);
		imp_expect(cur, '[');
		n->n = json_array_size(j);
		n->v = arena_alloc(c->a, (n->n + 1) * sizeof(*n->v));
		for (size_t i = 0; i < n->n; i++) {
			if (i)
				imp_expect(cur, ',');
			n->v[i] = imp_from_json(c, json_array_get(j, i), cur);
		}
		imp_expect(cur, ']');
		return n;
	case JSON_STRING:
		n = imp_new(c, IMP_STR);
		n->s = arena_strndup(c->a, json_string_value(j), json_string_length(j));
		break;
	case JSON_INTEGER:
		n = imp_new(c, IMP_NUM);
		snprintf(buf, sizeof(buf), "%" JSON_INTEGER_FORMAT, json_integer_value(j));
		n->s = arena_strdup(c->a, buf);
		break;
	case JSON_REAL:
		n = imp_new(c, IMP_NUM);
		for (int prec = 1; prec <= 17; prec++) {
			snprintf(buf, sizeof(buf), "%.*g", prec, json_real_value(j));
			if (strtod(buf, NULL) == json_real_value(j))
				break;
		}
		n->s = arena_strdup(c->a, imp_num_text(c, buf));
		break;
	case JSON_TRUE:
	case JSON_FALSE:
		n = imp_new(c, IMP_BOOL);
		n->s = json_is_true(j) ? "true" : "false";
		break;
	case JSON_NULL:
		n = imp_new(c, IMP_NULL);
		break;
	default:
		PHX_BUG("json type %d", (int)json_typeof(j));
	}
	imp_locate(c, cur, n);
	imp_skip_scalar(cur);
	return n;
}

/* YAML: a mark's line and column (characters) to a byte offset, through a
 * table of line starts built on first use. */
static uint32_t imp_mark_off(struct imp_ctx *c, yaml_mark_t m)
{
	const char *t = c->src->text, *end = t + c->src->len;
	const char *p;

	if (!c->lines) {
		size_t n = 1;

		for (const char *q = t; q < end; q++)
			n += *q == '\n';
		c->lines = arena_alloc(c->a, n * sizeof(*c->lines));
		c->nlines = 0;
		c->lines[c->nlines++] = 0;
		for (const char *q = t; q < end; q++)
			if (*q == '\n')
				c->lines[c->nlines++] = (uint32_t)(q + 1 - t);
	}
	p = t + c->lines[m.line < c->nlines ? m.line : c->nlines - 1];
	for (size_t col = 0; col < m.column && p < end && *p != '\n'; col++) {
		p++;
		while (p < end && ((unsigned char)*p & 0xC0) == 0x80)
			p++;
	}
	return (uint32_t)(p - t);
}

static const char *const imp_fn_tags[] = {
	"GetAtt", "Sub", "Join", "Select", "Split", "GetAZs", "Cidr", "Base64", "If",
	"Equals", "FindInMap", "ImportValue", "Not", "And", "Or", "Transform", "Length",
	"ToJsonString", NULL,
};

static bool imp_is_number(const char *s)
{
	const char *p = s;

	if (*p == '-' || *p == '+')
		p++;
	if (!isdigit((unsigned char)*p) && !(*p == '.' && isdigit((unsigned char)p[1])))
		return false;
	while (isdigit((unsigned char)*p))
		p++;
	if (*p == '.') {
		p++;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if ((*p == 'e' || *p == 'E') && p > s) {
		p++;
		if (*p == '-' || *p == '+')
			p++;
		if (!isdigit((unsigned char)*p))
			return false;
		while (isdigit((unsigned char)*p))
			p++;
	}
	return *p == '\0';
}

/* A number as phx writes it: digits, with an optional fraction and minus
 * sign (no exponent, no leading '+' or '.'). */
static const char *imp_num_text(struct imp_ctx *c, const char *s)
{
	const char *p = s + (*s == '-');
	char buf[400];
	double v;
	size_t n;

	if (*s == '+')
		s++, p++;
	if (isdigit((unsigned char)*p)) {
		while (isdigit((unsigned char)*p))
			p++;
		if (*p == '.' && isdigit((unsigned char)p[1]))
			for (p++; isdigit((unsigned char)*p);)
				p++;
		if (!*p)
			return s;
	}
	v = strtod(s, NULL);
	for (int prec = 0; prec <= 40; prec++) {
		snprintf(buf, sizeof(buf), "%.*f", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	n = strlen(buf);
	return arena_strndup(c->a, buf, n);
}

/* Key i of mapping n was just set: reported when it appeared before. */
static void imp_yaml_dup_key(struct imp_ctx *c, struct imp_node *n, size_t i, yaml_node_t *k)
{
	long j = -1;

	if (n->index) {
		j = imp_hash_add(n->index, i, imp_map_key, n);
	} else {
		for (size_t q = 0; q < i && j < 0; q++)
			if (!strcmp(n->keys[q], n->keys[i]))
				j = (long)q;
	}
	if (j >= 0) {
		struct imp_node at = { .located = true, .off = imp_mark_off(c, k->start_mark) };

		imp_err(c, &at, NULL, "the key '%s' appears twice in this mapping", n->keys[j]);
	}
}

/* A NUL character ("\0" in a double-quoted scalar) would cut the string
 * short everywhere after this point: it is an error at the scalar. */
static void imp_yaml_nul(struct imp_ctx *c, yaml_node_t *y)
{
	if (memchr(y->data.scalar.value, '\0', y->data.scalar.length)) {
		struct imp_node at = { .located = true, .off = imp_mark_off(c, y->start_mark) };

		imp_err(c, &at, NULL, "a string holds a NUL character (\\0), which a template "
			"cannot carry");
	}
}

/* Depth before the document is loaded: libyaml's loader (and its scanner,
 * for flow collections) slows down quadratically with nesting, so the
 * events are read once first and the read stops at IMP_MAX_DEPTH. False
 * (reported) when the template nests too deeply; a malformed template is
 * left to yaml_parser_load, which reports it. */
static bool imp_yaml_prescan(struct imp_ctx *c)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	int depth = 0;
	bool ok = true, done = false;

	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)c->src->text, c->src->len);
	while (!done && yaml_parser_parse(&parser, &ev)) {
		switch (ev.type) {
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (++depth > IMP_MAX_DEPTH) {
				struct imp_node at = { .located = true,
						       .off = imp_mark_off(c, ev.start_mark) };

				imp_err(c, &at, NULL, "the template nests deeper than %d levels",
					IMP_MAX_DEPTH);
				ok = false;
				done = true;
			}
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			depth--;
			break;
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	return ok;
}

/* Counts one more node of the copy (and its scalar bytes); false once the
 * budget is spent, after one located error. */
static bool imp_yaml_budget(struct imp_ctx *c, yaml_node_t *y)
{
	if (c->over_budget)
		return false;
	c->nnodes++;
	if (y->type == YAML_SCALAR_NODE)
		c->nbytes += y->data.scalar.length;
	if (c->nnodes <= IMP_NODES_BUDGET(c->src->len) && c->nbytes <= IMP_BYTES_BUDGET(c->src->len))
		return true;
	c->over_budget = true;
	{
		struct imp_node at = { .located = true, .off = imp_mark_off(c, y->start_mark) };

		imp_err(c, &at, NULL, "the template expands to more than %zu nodes or %zu bytes of "
			"text, far more than its %zu bytes hold (YAML aliases that repeat each "
			"other?)", IMP_NODES_BUDGET(c->src->len), IMP_BYTES_BUDGET(c->src->len),
			c->src->len);
	}
	return false;
}

static struct imp_node *imp_from_yaml(struct imp_ctx *c, yaml_document_t *doc, yaml_node_t *y,
				      int depth)
{
	struct imp_node *n;
	const char *tag = (const char *)y->tag;

	if (!imp_yaml_budget(c, y))
		return imp_new(c, IMP_NULL);
	if (depth > IMP_MAX_DEPTH) {
		n = imp_new(c, IMP_NULL);
		n->located = true;
		n->off = imp_mark_off(c, y->start_mark);
		imp_err(c, n, NULL, "the template nests deeper than %d levels", IMP_MAX_DEPTH);
		return n;
	}
	switch (y->type) {
	case YAML_SCALAR_NODE: {
		const char *s = arena_strndup(c->a, (const char *)y->data.scalar.value,
					      y->data.scalar.length);
		bool plain = y->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;

		imp_yaml_nul(c, y);
		n = imp_new(c, IMP_STR);
		n->s = s;
		if (plain && tag && !strcmp(tag, YAML_DEFAULT_SCALAR_TAG)) {
			if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE")) {
				n->kind = IMP_BOOL;
				n->s = "true";
			} else if (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE")) {
				n->kind = IMP_BOOL;
				n->s = "false";
			} else if (!*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") ||
				   !strcmp(s, "NULL")) {
				n->kind = IMP_NULL;
			} else if (imp_is_number(s)) {
				n->kind = IMP_NUM;
				n->s = imp_num_text(c, s);
			}
		}
		break;
	}
	case YAML_SEQUENCE_NODE: {
		yaml_node_item_t *it;
		size_t i = 0;

		n = imp_new(c, IMP_SEQ);
		n->n = (size_t)(y->data.sequence.items.top - y->data.sequence.items.start);
		n->v = arena_alloc(c->a, (n->n + 1) * sizeof(*n->v));
		for (it = y->data.sequence.items.start; it < y->data.sequence.items.top; it++)
			n->v[i++] = imp_from_yaml(c, doc, yaml_document_get_node(doc, *it), depth + 1);
		break;
	}
	case YAML_MAPPING_NODE: {
		yaml_node_pair_t *pr;
		size_t i = 0;

		n = imp_new(c, IMP_MAP);
		n->n = (size_t)(y->data.mapping.pairs.top - y->data.mapping.pairs.start);
		n->v = arena_alloc(c->a, (n->n + 1) * sizeof(*n->v));
		n->keys = arena_alloc(c->a, (n->n + 1) * sizeof(*n->keys));
		n->koffs = arena_alloc(c->a, (n->n + 1) * sizeof(*n->koffs));
		if (n->n > IMP_HASH_MIN)
			n->index = imp_hash_new(c->a, n->n);
		for (pr = y->data.mapping.pairs.start; pr < y->data.mapping.pairs.top; pr++) {
			yaml_node_t *k = yaml_document_get_node(doc, pr->key);

			n->v[i] = imp_from_yaml(c, doc, yaml_document_get_node(doc, pr->value), depth + 1);
			n->koffs[i] = imp_mark_off(c, k->start_mark);
			if (k->type != YAML_SCALAR_NODE) {
				imp_err(c, n->v[i], NULL, "a mapping key must be a plain string");
				n->keys[i++] = "";
				continue;
			}
			n->keys[i] = arena_strndup(c->a, (const char *)k->data.scalar.value,
						   k->data.scalar.length);
			imp_yaml_dup_key(c, n, i, k);
			i++;
		}
		break;
	}
	default:
		n = imp_new(c, IMP_NULL);
		break;
	}
	n->located = true;
	n->off = imp_mark_off(c, y->start_mark);
	if (tag && tag[0] == '!' && tag[1] != '!') {
		struct imp_node *w;
		const char *key = NULL;

		if (!strcmp(tag, "!Ref") || !strcmp(tag, "!Condition")) {
			key = arena_strdup(c->a, tag + 1);
		} else {
			for (size_t i = 0; imp_fn_tags[i]; i++)
				if (!strcmp(tag + 1, imp_fn_tags[i])) {
					size_t len = strlen(tag + 1);
					char *k = arena_alloc(c->a, len + 4);

					memcpy(k, "Fn::", 4);
					memcpy(k + 4, tag + 1, len);
					k[len + 4] = '\0';
					key = k;
				}
		}
		if (!key) {
			imp_err(c, n, NULL, "unknown tag '%s'", tag);
			return n;
		}
		w = imp_new(c, IMP_MAP);
		w->n = 1;
		w->v = arena_alloc(c->a, sizeof(*w->v));
		w->keys = arena_alloc(c->a, sizeof(*w->keys));
		w->v[0] = n;
		w->keys[0] = key;
		w->located = true;
		w->off = n->off;
		return w;
	}
	return n;
}

/* ---- names ----------------------------------------------------------------- */

static const char *const imp_reserved[] = {
	"stack", "resource", "param", "output", "env", "import", "component", "export", "if",
	"then", "else", "for", "in", "true", "false", "aws", NULL,
};

static bool imp_is_reserved(const char *s)
{
	for (size_t i = 0; imp_reserved[i]; i++)
		if (!strcmp(s, imp_reserved[i]))
			return true;
	return false;
}

static bool imp_is_ident(const char *s)
{
	if (!isalpha((unsigned char)*s) && *s != '_')
		return false;
	for (s++; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return false;
	return true;
}

char *imp_name(const char *id)
{
	size_t len = strlen(id);
	struct strbuf b;
	size_t start = 0;
	struct arena *tmp;
	const char *back;
	bool ok;

	if (!len || !isupper((unsigned char)id[0]))
		return NULL;
	for (size_t i = 0; i < len; i++)
		if (!isalnum((unsigned char)id[i]))
			return NULL;
	strbuf_init(&b);
	for (size_t i = 1; i <= len; i++) {
		unsigned char prev = (unsigned char)id[i - 1], ch = (unsigned char)id[i];
		bool cut = i == len ||
			   (isupper(ch) && (islower(prev) || isdigit(prev) ||
					    (isupper(prev) && i + 1 < len &&
					     islower((unsigned char)id[i + 1]))));
		bool upper_rest = false;

		if (!cut)
			continue;
		for (size_t j = start + 1; j < i; j++)
			if (isupper((unsigned char)id[j]))
				upper_rest = true;
		if (start)
			strbuf_addc(&b, '_');
		strbuf_addc(&b, upper_rest ? id[start] : (char)tolower((unsigned char)id[start]));
		strbuf_addn(&b, id + start + 1, i - start - 1);
		start = i;
	}
	/* the name must give back exactly this ID through phxc's own derivation */
	tmp = arena_new();
	back = res_logical_id(tmp, b.s);
	ok = !strcmp(back, id) && imp_is_ident(b.s) && !imp_is_reserved(b.s);
	arena_free(tmp);
	if (!ok) {
		strbuf_fini(&b);
		return NULL;
	}
	return strbuf_steal(&b);
}

static const struct imp_sym *imp_sym(const struct imp_ctx *c, const char *id, size_t len)
{
	struct imp_ctx *mc = (struct imp_ctx *)c;	/* the index is a cache */
	long i;

	if (!c->nsyms)
		return NULL;
	if (!c->sym_index) {
		mc->sym_index = imp_hash_new(c->a, c->nsyms);
		for (size_t k = 0; k < c->nsyms; k++)
			imp_hash_add(mc->sym_index, k, imp_sym_key, c->syms);
	}
	i = imp_hash_find(c->sym_index, id, len, imp_sym_key, c->syms);
	return i < 0 ? NULL : &c->syms[i];
}

static const struct {
	const char *cfn, *phx;
} imp_pseudo[] = {
	{ "AWS::Region", "aws.region" },
	{ "AWS::AccountId", "aws.account_id" },
	{ "AWS::StackName", "aws.stack_name" },
	{ "AWS::StackId", "aws.stack_id" },
	{ "AWS::Partition", "aws.partition" },
	{ "AWS::URLSuffix", "aws.url_suffix" },
	{ "AWS::NotificationARNs", "aws.notification_arns" },
	{ "AWS::NoValue", "aws.no_value" },
};

static const char *imp_pseudo_name(const char *s, size_t len)
{
	for (size_t i = 0; i < PHX_ARRAY_SIZE(imp_pseudo); i++)
		if (strlen(imp_pseudo[i].cfn) == len && !strncmp(imp_pseudo[i].cfn, s, len))
			return imp_pseudo[i].phx;
	return NULL;
}

/* ---- values ---------------------------------------------------------------- */

/* The text of a string literal, without its quotes. */
static void imp_esc(struct strbuf *b, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];

		switch (ch) {
		case '\\':
			strbuf_adds(b, "\\\\");
			break;
		case '"':
			strbuf_adds(b, "\\\"");
			break;
		case '\n':
			strbuf_adds(b, "\\n");
			break;
		case '\r':
			strbuf_adds(b, "\\r");
			break;
		case '\t':
			strbuf_adds(b, "\\t");
			break;
		case '$':
			strbuf_adds(b, i + 1 < len && s[i + 1] == '{' ? "\\$" : "$");
			break;
		default:
			if (ch < 0x20 || ch == 0x7f)
				strbuf_addf(b, "\\u{%X}", ch);
			else
				strbuf_addc(b, (char)ch);
		}
	}
}

static void imp_str(struct strbuf *b, const char *s)
{
	strbuf_addc(b, '"');
	imp_esc(b, s, strlen(s));
	strbuf_addc(b, '"');
}

static void imp_key(struct strbuf *b, const char *k)
{
	if (imp_is_ident(k) && !imp_is_reserved(k))
		strbuf_adds(b, k);
	else
		imp_str(b, k);
}

static void imp_value(struct imp_ctx *c, struct strbuf *b, const struct imp_node *n,
		      const char *path, int depth);

static bool imp_is_intrinsic(const struct imp_node *n)
{
	return n->kind == IMP_MAP && n->n == 1 &&
	       (!strcmp(n->keys[0], "Ref") || !strcmp(n->keys[0], "Condition") ||
		!strncmp(n->keys[0], "Fn::", 4));
}

/* A logical ID used as a value: its phx name, or an error. */
static void imp_ref(struct imp_ctx *c, struct strbuf *b, const struct imp_node *at,
		    const char *path, const char *id, size_t len, bool resource_only)
{
	const char *pseudo = imp_pseudo_name(id, len);
	const struct imp_sym *sym;

	if (pseudo && !resource_only) {
		strbuf_adds(b, pseudo);
		return;
	}
	sym = imp_sym(c, id, len);
	if (sym && (!resource_only || !sym->is_param)) {
		strbuf_adds(b, sym->name);
		return;
	}
	imp_err(c, at, path, "'%.*s' is not a %s of this template", (int)len, id,
		resource_only ? "resource" : "parameter or resource");
	strbuf_adds(b, "_");
}

/* True when a word of the dotted attribute is a phx keyword: 'x.stack'
 * does not parse (CloudFormation's own attributes are CamelCase). */
static bool imp_attr_reserved(const char *attr, size_t len)
{
	for (size_t i = 0; i <= len; ) {
		const char *dot = memchr(attr + i, '.', len - i);
		size_t n = dot ? (size_t)(dot - (attr + i)) : len - i;
		char word[32];

		if (n < sizeof(word)) {
			memcpy(word, attr + i, n);
			word[n] = '\0';
			if (imp_is_reserved(word))
				return true;
		}
		i += n + 1;
	}
	return false;
}

/* The attribute of "${ID.Attr}" in Fn::Sub, checked as Fn::GetAtt checks
 * its own: words of letters, digits and '_' (not starting with a digit,
 * not a keyword), separated by single dots. */
static bool imp_sub_attr_ok(const char *attr, size_t len)
{
	size_t i = 0;

	for (;;) {
		size_t seg = i;

		while (i < len && (isalnum((unsigned char)attr[i]) || attr[i] == '_'))
			i++;
		if (i == seg || isdigit((unsigned char)attr[seg]))
			return false;
		if (i == len)
			return !imp_attr_reserved(attr, len);
		if (attr[i] != '.')
			return false;
		i++;
	}
}

/* The body of a Fn::Sub string, vars the variable map (or NULL). */
static void imp_sub(struct imp_ctx *c, struct strbuf *b, const struct imp_node *at,
		    const char *path, const char *s, const struct imp_node *vars, int depth)
{
	const char *p = s;

	strbuf_addc(b, '"');
	while (*p) {
		const char *open = strstr(p, "${"), *close;
		const char *name;
		size_t len;
		const struct imp_node *var;

		if (!open || !(close = strchr(open + 2, '}'))) {
			imp_esc(b, p, strlen(p));
			break;
		}
		imp_esc(b, p, (size_t)(open - p));
		name = open + 2;
		len = (size_t)(close - name);
		p = close + 1;
		if (len && name[0] == '!') {
			strbuf_adds(b, "\\${");
			imp_esc(b, name + 1, len - 1);
			strbuf_addc(b, '}');
			continue;
		}
		while (len && name[0] == ' ')
			name++, len--;
		while (len && name[len - 1] == ' ')
			len--;
		var = NULL;
		if (vars)
			for (size_t i = 0; i < vars->n; i++)
				if (strlen(vars->keys[i]) == len && !strncmp(vars->keys[i], name, len))
					var = vars->v[i];
		if (var) {
			if (var->kind == IMP_STR) {
				imp_esc(b, var->s, strlen(var->s));
			} else {
				strbuf_adds(b, "${");
				imp_value(c, b, var, imp_path(c, path, "1"), depth + 1);
				strbuf_addc(b, '}');
			}
			continue;
		}
		strbuf_adds(b, "${");
		if (imp_pseudo_name(name, len)) {
			strbuf_adds(b, imp_pseudo_name(name, len));
		} else if (len > 5 && !strncmp(name, "AWS::", 5)) {
			imp_err(c, at, path, "unknown pseudo parameter '%.*s'", (int)len, name);
		} else {
			const char *dot = memchr(name, '.', len);

			if (dot && !imp_sub_attr_ok(dot + 1, len - (size_t)(dot + 1 - name))) {
				imp_err(c, at, path, "the attribute '%.*s' in '${%.*s}' is not a phx name "
					"(words separated by '.')", (int)(len - (size_t)(dot + 1 - name)),
					dot + 1, (int)len, name);
				strbuf_adds(b, "_");
			} else if (dot) {
				imp_ref(c, b, at, path, name, (size_t)(dot - name), true);
				strbuf_addn(b, dot, len - (size_t)(dot - name));
			} else {
				imp_ref(c, b, at, path, name, len, false);
			}
		}
		strbuf_addc(b, '}');
	}
	strbuf_addc(b, '"');
}

static bool imp_index(const struct imp_node *n, long *out)
{
	char *end;

	if (!n || (n->kind != IMP_NUM && n->kind != IMP_STR) || !*n->s)
		return false;
	*out = strtol(n->s, &end, 10);
	return !*end && *out >= 0;
}

/* An intrinsic function: the map holds one key, Ref or Fn::X. */
static void imp_fn(struct imp_ctx *c, struct strbuf *b, const struct imp_node *n,
		   const char *path, int depth)
{
	const char *fn = n->keys[0];
	const struct imp_node *arg = n->v[0];
	const char *apath = imp_path(c, path, fn);

	if (!strcmp(fn, "Ref")) {
		if (arg->kind != IMP_STR) {
			imp_err(c, arg, apath, "'Ref' takes a logical ID or a pseudo parameter");
			return;
		}
		if (!strncmp(arg->s, "AWS::", 5) && !imp_pseudo_name(arg->s, strlen(arg->s))) {
			imp_err(c, arg, apath, "unknown pseudo parameter '%s'", arg->s);
			return;
		}
		imp_ref(c, b, arg, apath, arg->s, strlen(arg->s), false);
	} else if (!strcmp(fn, "Fn::GetAtt")) {
		const char *id, *attr;

		if (arg->kind == IMP_STR && strchr(arg->s, '.')) {
			id = arg->s;
			attr = strchr(arg->s, '.') + 1;
		} else if (arg->kind == IMP_SEQ && arg->n == 2 && arg->v[0]->kind == IMP_STR &&
			   arg->v[1]->kind == IMP_STR) {
			id = arg->v[0]->s;
			attr = arg->v[1]->s;
		} else {
			imp_err(c, arg, apath, "'Fn::GetAtt' takes [ID, Attribute] or \"ID.Attribute\" "
				"(an attribute computed by another function has no phx form)");
			return;
		}
		for (const char *q = attr; ; q++) {
			const char *seg = q;

			while (isalnum((unsigned char)*q) || *q == '_')
				q++;
			if (q == seg || isdigit((unsigned char)*seg) || (*q && *q != '.')) {
				imp_err(c, arg, apath, "the attribute '%s' is not a phx name (words "
					"separated by '.')", attr);
				return;
			}
			if (!*q)
				break;
		}
		if (imp_attr_reserved(attr, strlen(attr))) {
			imp_err(c, arg, apath, "the attribute '%s' holds a phx keyword, which phx cannot "
				"write after '.'", attr);
			return;
		}
		imp_ref(c, b, arg, apath, id, attr == id ? strlen(id) :
			(id == arg->s ? (size_t)(attr - 1 - id) : strlen(id)), true);
		strbuf_addc(b, '.');
		strbuf_adds(b, attr);
	} else if (!strcmp(fn, "Fn::Sub")) {
		if (arg->kind == IMP_STR)
			imp_sub(c, b, arg, apath, arg->s, NULL, depth);
		else if (arg->kind == IMP_SEQ && arg->n == 2 && arg->v[0]->kind == IMP_STR &&
			 arg->v[1]->kind == IMP_MAP)
			imp_sub(c, b, arg, apath, arg->v[0]->s, arg->v[1], depth);
		else
			imp_err(c, arg, apath, "'Fn::Sub' takes a string or [string, {variables}]");
	} else if (!strcmp(fn, "Fn::Join")) {
		const struct imp_node *list;

		if (arg->kind != IMP_SEQ || arg->n != 2 || arg->v[0]->kind != IMP_STR) {
			imp_err(c, arg, apath, "'Fn::Join' takes [separator, list]");
			return;
		}
		list = arg->v[1];
		if (list->kind == IMP_SEQ) {
			/* plain pieces: an interpolated string */
			strbuf_addc(b, '"');
			for (size_t i = 0; i < list->n; i++) {
				const struct imp_node *e = list->v[i];

				if (i)
					imp_esc(b, arg->v[0]->s, strlen(arg->v[0]->s));
				if (e->kind == IMP_STR) {
					imp_esc(b, e->s, strlen(e->s));
				} else if (e->kind == IMP_NUM || e->kind == IMP_BOOL) {
					strbuf_adds(b, e->s);
				} else {
					strbuf_adds(b, "${");
					imp_value(c, b, e, imp_path_i(c, imp_path(c, apath, "1"), i), depth + 1);
					strbuf_addc(b, '}');
				}
			}
			strbuf_addc(b, '"');
		} else {
			strbuf_adds(b, "join(");
			imp_str(b, arg->v[0]->s);
			strbuf_adds(b, ", ");
			imp_value(c, b, list, imp_path(c, apath, "1"), depth + 1);
			strbuf_addc(b, ')');
		}
	} else if (!strcmp(fn, "Fn::Split")) {
		if (arg->kind != IMP_SEQ || arg->n != 2 || arg->v[0]->kind != IMP_STR) {
			imp_err(c, arg, apath, "'Fn::Split' takes [separator, string]");
			return;
		}
		strbuf_adds(b, "split(");
		imp_str(b, arg->v[0]->s);
		strbuf_adds(b, ", ");
		imp_value(c, b, arg->v[1], imp_path(c, apath, "1"), depth + 1);
		strbuf_addc(b, ')');
	} else if (!strcmp(fn, "Fn::Base64")) {
		strbuf_adds(b, "base64(");
		imp_value(c, b, arg, apath, depth + 1);
		strbuf_addc(b, ')');
	} else if (!strcmp(fn, "Fn::Select")) {
		const struct imp_node *list;
		long i;

		if (arg->kind != IMP_SEQ || arg->n != 2 || !imp_index(arg->v[0], &i)) {
			imp_err(c, arg, apath, "'Fn::Select' takes [index, list] with a constant index");
			return;
		}
		list = arg->v[1];
		if (list->kind == IMP_MAP && list->n == 1 && !strcmp(list->keys[0], "Fn::GetAZs") &&
		    ((list->v[0]->kind == IMP_STR && !*list->v[0]->s) ||
		     (list->v[0]->kind == IMP_MAP && list->v[0]->n == 0) ||
		     (list->v[0]->kind == IMP_MAP && list->v[0]->n == 1 &&
		      !strcmp(list->v[0]->keys[0], "Ref") && list->v[0]->v[0]->kind == IMP_STR &&
		      !strcmp(list->v[0]->v[0]->s, "AWS::Region")))) {
			if (i > 5) {
				imp_err(c, arg->v[0], apath, "phx reads at most 6 availability zones (azs(6)), "
					"not zone %ld", i + 1);
				return;
			}
			strbuf_addf(b, "azs(%ld)[%ld]", i + 1, i);
		} else if (list->kind == IMP_MAP && list->n == 1 && !strcmp(list->keys[0], "Fn::Cidr") &&
			   list->v[0]->kind == IMP_SEQ && list->v[0]->n == 3) {
			const struct imp_node *ca = list->v[0];
			const char *cpath = imp_path(c, imp_path(c, apath, "1"), "Fn::Cidr");

			strbuf_adds(b, "cidr(");
			for (size_t k = 0; k < 3; k++) {
				if (k)
					strbuf_adds(b, ", ");
				if (k && ca->v[k]->kind == IMP_STR && imp_is_number(ca->v[k]->s))
					strbuf_adds(b, imp_num_text(c, ca->v[k]->s));
				else
					imp_value(c, b, ca->v[k], imp_path_i(c, cpath, k), depth + 1);
			}
			strbuf_addf(b, ")[%ld]", i);
		} else {
			imp_err(c, list, imp_path(c, apath, "1"), "'Fn::Select' has a phx form only over "
				"'Fn::GetAZs' (azs(n)[i]) and 'Fn::Cidr' (cidr(...)[i])");
		}
	} else if (!strcmp(fn, "Fn::GetAZs")) {
		imp_err(c, n, path, "'Fn::GetAZs' has a phx form only inside 'Fn::Select' (azs(n)[i])");
	} else if (!strcmp(fn, "Fn::Cidr")) {
		imp_err(c, n, path, "'Fn::Cidr' has a phx form only inside 'Fn::Select' (cidr(...)[i])");
	} else if (!strcmp(fn, "Condition") || !strcmp(fn, "Fn::If") || !strcmp(fn, "Fn::Equals") ||
		   !strcmp(fn, "Fn::And") || !strcmp(fn, "Fn::Or") || !strcmp(fn, "Fn::Not")) {
		imp_err(c, n, path, "'%s' has no phx equivalent: phx has no Conditions (use 'env' "
			"blocks and 'if')", fn);
	} else {
		imp_err(c, n, path, "'%s' has no phx equivalent", fn);
	}
}

static bool imp_flat(const struct imp_node *n)
{
	if (n->kind == IMP_MAP)
		return imp_is_intrinsic(n) && n->v[0]->kind != IMP_MAP && n->v[0]->kind != IMP_SEQ;
	return n->kind != IMP_SEQ;
}

static void imp_entries(struct imp_ctx *c, struct strbuf *b, const struct imp_node *m,
			const char *path, int depth)
{
	for (size_t i = 0; i < m->n; i++) {
		const struct imp_node *v = m->v[i];

		imp_key(b, m->keys[i]);
		/* a nested block: Key { ... } */
		strbuf_adds(b, v->kind == IMP_MAP && v->n && !imp_is_intrinsic(v) &&
			    imp_is_ident(m->keys[i]) && !imp_is_reserved(m->keys[i]) ? " " : " = ");
		imp_value(c, b, m->v[i], imp_path(c, path, m->keys[i]), depth + 1);
		strbuf_addc(b, '\n');
	}
}

static void imp_value(struct imp_ctx *c, struct strbuf *b, const struct imp_node *n,
		      const char *path, int depth)
{
	if (depth > IMP_MAX_DEPTH) {
		imp_err(c, n, path, "the template nests deeper than %d levels", IMP_MAX_DEPTH);
		return;
	}
	switch (n->kind) {
	case IMP_NULL:
		imp_err(c, n, path, "a null value has no phx equivalent");
		break;
	case IMP_BOOL:
		strbuf_adds(b, n->s);
		break;
	case IMP_NUM:
		if (strcspn(n->s + (*n->s == '-'), ".") > 18)
			imp_err(c, n, path, "the number %s is too large for phx (64-bit integers)", n->s);
		strbuf_adds(b, n->s);
		break;
	case IMP_STR:
		imp_str(b, n->s);
		break;
	case IMP_SEQ: {
		bool flat = true;

		for (size_t i = 0; i < n->n; i++)
			flat = flat && imp_flat(n->v[i]);
		strbuf_addc(b, '[');
		if (!flat)
			strbuf_addc(b, '\n');
		for (size_t i = 0; i < n->n; i++) {
			imp_value(c, b, n->v[i], imp_path_i(c, path, i), depth + 1);
			if (i + 1 < n->n)
				strbuf_adds(b, flat ? ", " : ",\n");
		}
		if (!flat && n->n)
			strbuf_addc(b, '\n');
		strbuf_addc(b, ']');
		break;
	}
	case IMP_MAP:
		if (imp_is_intrinsic(n)) {
			imp_fn(c, b, n, path, depth);
			break;
		}
		for (size_t i = 0; i < n->n; i++)
			if (!strcmp(n->keys[i], "Ref") || !strncmp(n->keys[i], "Fn::", 4))
				imp_err(c, n->v[i], imp_path(c, path, n->keys[i]),
					"'%s' must be the only key of its mapping", n->keys[i]);
		if (!n->n) {
			strbuf_adds(b, "{}");
			break;
		}
		if (n->n == 1 && imp_flat(n->v[0]) && !(n->v[0]->kind == IMP_STR && strchr(n->v[0]->s, '\n'))) {
			strbuf_adds(b, "{ ");
			imp_entries(c, b, n, path, depth);
			b->s[b->len - 1] = ' ';
			strbuf_addc(b, '}');
			break;
		}
		strbuf_adds(b, "{\n");
		imp_entries(c, b, n, path, depth);
		strbuf_addc(b, '}');
		break;
	}
}

/* ---- items ----------------------------------------------------------------- */

static const char *imp_map_check(struct imp_ctx *c, const struct imp_node *n, const char *path,
				 const char *what)
{
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
};

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
		if (!strcmp(k, "Condition"))
			imp_err(c, imp_key_at(c, r, i), imp_path(c, path, k), "'Condition' has no phx equivalent: phx "
				"has no Conditions (use 'env' blocks and 'if')");
		else if (!known)
			imp_err(c, imp_key_at(c, r, i), imp_path(c, path, k), "unknown resource attribute '%s'", k);
	}
	strbuf_addf(b, "resource %s ", sym->name);
	imp_str(b, type->s);
	strbuf_adds(b, " {\n");
	if (props) {
		const char *ppath = imp_path(c, path, "Properties");

		if (props->kind != IMP_MAP || imp_is_intrinsic(props)) {
			imp_err(c, props, ppath, "Properties must be a plain mapping");
		} else {
			for (size_t i = 0; i < props->n; i++)
				if (!isupper((unsigned char)props->keys[i][0]) || !imp_is_ident(props->keys[i]))
					imp_err(c, imp_key_at(c, props, i), imp_path(c, ppath, props->keys[i]),
						"phx writes only capitalised identifiers as property names, "
						"not '%s'", props->keys[i]);
			imp_entries(c, b, props, ppath, 1);
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
		strbuf_adds(b, "}\n\n");
	} else {
		strbuf_adds(b, "}\n\n");
	}
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
	if (!name) {
		imp_err(c, at, path, "the output name '%s' has no phx name that gives it back", id);
		goto out;
	}
	for (size_t i = 0; i < o->n; i++) {
		const char *k = o->keys[i];

		if (!strcmp(k, "Condition"))
			imp_err(c, imp_key_at(c, o, i), imp_path(c, path, k), "'Condition' has no phx equivalent: phx "
				"has no Conditions (use 'env' blocks and 'if')");
		else if (strcmp(k, "Value") && strcmp(k, "Description") && strcmp(k, "Export"))
			imp_err(c, imp_key_at(c, o, i), imp_path(c, path, k), "unknown output attribute '%s'", k);
	}
	if (!val) {
		imp_err(c, o, path, "an output needs a Value");
		goto out;
	}
	strbuf_addf(b, "output %s = ", name);
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
	if (desc || exp) {
		strbuf_adds(b, " { ");
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
	strbuf_adds(b, "\n\n");
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

/* The stack: a name and the items, in the template's order. */
static void imp_template(struct imp_ctx *c, struct strbuf *b, const struct imp_node *t,
			 const char *stack_name)
{
	const struct imp_node *params = imp_get(t, "Parameters"), *res = imp_get(t, "Resources");
	const struct imp_node *outs = imp_get(t, "Outputs"), *desc = imp_get(t, "Description");
	size_t nsyms = 0;
	char last[16] = "";

	if (t->kind != IMP_MAP) {
		imp_err(c, t, "", "a template must be a mapping");
		return;
	}
	for (size_t i = 0; i < t->n; i++) {
		const char *k = t->keys[i];

		if (!strcmp(k, "AWSTemplateFormatVersion") || !strcmp(k, "Description") ||
		    !strcmp(k, "Parameters") || !strcmp(k, "Resources") || !strcmp(k, "Outputs"))
			continue;
		if (!strcmp(k, "Conditions"))
			imp_err(c, imp_key_at(c, t, i), k, "'Conditions' has no phx equivalent: phx has no "
				"Conditions (use 'env' blocks and 'if')");
		else if (!strcmp(k, "Mappings"))
			imp_err(c, imp_key_at(c, t, i), k, "'Mappings' has no phx equivalent (use 'env' blocks or "
				"a map value)");
		else if (!strcmp(k, "Transform"))
			imp_err(c, imp_key_at(c, t, i), k, "'Transform' (macros, SAM) has no phx equivalent");
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
				imp_err(c, imp_key_at(c, m, i), imp_path(c, what, m->keys[i]),
					"the logical ID '%s' has no phx name that gives it back "
					"(phx derives IDs by dropping '_' and capitalising each word)",
					m->keys[i]);
				s->name = "_";
				continue;
			}
			s->name = arena_strdup(c->a, name);
			free(name);
		}
	}
	if (!res)
		imp_err(c, t, "", "a template needs a Resources section");
	strbuf_addf(b, "stack %s {", stack_name);
	if (desc) {
		strbuf_adds(b, " description = ");
		if (desc->kind == IMP_STR)
			imp_str(b, desc->s);
		else
			imp_err(c, desc, "Description", "the Description must be a string");
		strbuf_adds(b, " ");
	}
	strbuf_adds(b, "}\n\n");
	for (size_t k = 0; k < c->nsyms; k++) {
		size_t mark = b->len;

		const struct imp_node *m = c->syms[k].is_param ? params : res;
		const char *what = c->syms[k].is_param ? "Parameters" : "Resources";
		const struct imp_node *v = imp_get(m, c->syms[k].id);

		if (!strcmp(c->syms[k].name, "_"))
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

/* ---- reading --------------------------------------------------------------- */

static struct imp_node *imp_read_json(struct imp_ctx *c)
{
	json_error_t err;
	json_t *j = json_loadb(c->src->text, c->src->len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY,
			       &err);
	struct imp_node *n;

	if (!j) {
		struct phx_loc loc = { 1, 0, 1 };

		loc.start = err.position > 0 && (size_t)err.position <= c->src->len
			? (uint32_t)err.position - 1 : 0;
		if (loc.start < c->src->len && c->src->text[loc.start] == '\n' && loc.start)
			loc.start--;
		loc.end = loc.start + 1;
		diag_error(c->d, loc, "malformed JSON: %s", err.text);
		c->nerrors++;
		return NULL;
	}
	{
		struct imp_cursor cur = { c->src->text, c->src->text + c->src->len, false };

		n = imp_from_json(c, j, &cur);
	}
	json_decref(j);
	return n;
}

static struct imp_node *imp_read_yaml(struct imp_ctx *c)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	struct imp_node *n = NULL;
	yaml_node_t *root;

	if (!imp_yaml_prescan(c))
		return NULL;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)c->src->text, c->src->len);
	if (!yaml_parser_load(&parser, &doc)) {
		struct phx_loc loc = { 1, 0, 1 };
		struct diag *r;

		loc.start = imp_mark_off(c, parser.problem_mark);
		if (loc.start >= c->src->len && loc.start)
			loc.start = (uint32_t)c->src->len - 1;
		loc.end = loc.start + 1;
		r = diag_error(c->d, loc, "malformed YAML: %s", parser.problem ? parser.problem : "error");
		c->nerrors++;
		if (parser.context) {
			struct phx_loc at = { 1, imp_mark_off(c, parser.context_mark), 0 };

			if (at.start >= c->src->len && at.start)
				at.start = (uint32_t)c->src->len - 1;
			at.end = at.start + 1;
			diag_note(r, at, "%s", parser.context);
		}
		yaml_parser_delete(&parser);
		return NULL;
	}
	root = yaml_document_get_root_node(&doc);
	if (!root) {
		struct imp_node at = { .located = true, .off = 0 };

		imp_err(c, &at, NULL, "the template is empty");
	} else {
		n = imp_from_yaml(c, &doc, root, 0);
	}
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	return n;
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
