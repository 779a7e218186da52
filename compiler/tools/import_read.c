/* import_read.c - phxc import, step one: the template read into one tree of
 * imp_node (JSON through jansson, YAML through libyaml's document loader; a
 * YAML short-form tag such as '!Ref x' becomes the long form {"Ref": "x"}
 * here, so the second step sees one language), and the located errors. */
#include "import_int.h"
#include "arena.h"
#include "diag.h"
#include "srcfile.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <yaml.h>

/* YAML aliases share nodes that the conversion copies: a few hundred bytes
 * of nested aliases stand for billions of nodes. The copy stops at a node
 * budget and a budget of scalar bytes that grow with the source: a node
 * takes at least two bytes of YAML, so a template without aliases never
 * comes near them. */
#define IMP_NODES_BUDGET(len) (2 * (len) + 100000)
#define IMP_BYTES_BUDGET(len) (16 * (len) + ((size_t)1 << 20))
/* ---- hash index ------------------------------------------------------------ */

/* Open addressing over positions in an array of keys: large mappings and
 * the symbol table are looked up in constant time (40,000 resources made
 * the linear scans quadratic). The first of equal keys wins, as a scan. */
struct imp_hash {
	uint32_t *slot;		/* position + 1; 0 is empty */
	size_t mask;
};

struct imp_hash *imp_hash_new(struct arena *a, size_t n)
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
long imp_hash_find(const struct imp_hash *h, const char *key, size_t len, imp_key_fn at,
		   const void *set)
{
	for (size_t i = str_hash(key, len) & h->mask; h->slot[i]; i = (i + 1) & h->mask) {
		const char *k = at(set, h->slot[i] - 1);

		if (strlen(k) == len && !memcmp(k, key, len))
			return (long)h->slot[i] - 1;
	}
	return -1;
}

/* Adds position pos; returns the position of an equal key already there
 * (which stays), or -1. */
long imp_hash_add(struct imp_hash *h, size_t pos, imp_key_fn at, const void *set)
{
	const char *key = at(set, pos);
	size_t len = strlen(key), i;

	for (i = str_hash(key, len) & h->mask; h->slot[i]; i = (i + 1) & h->mask)
		if (!strcmp(at(set, h->slot[i] - 1), key))
			return (long)h->slot[i] - 1;
	h->slot[i] = (uint32_t)pos + 1;
	return -1;
}

static const char *imp_map_key(const void *set, size_t i)
{
	return ((const struct imp_node *)set)->keys[i];
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

void imp_err(struct imp_ctx *c, const struct imp_node *n, const char *path,
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
void imp_flush(struct imp_ctx *c)
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

const char *imp_path(struct imp_ctx *c, const char *path, const char *key)
{
	size_t pl = strlen(path), kl = strlen(key);
	char *p = arena_alloc(c->a, pl + kl + 2);

	memcpy(p, path, pl);
	if (pl)
		p[pl++] = '.';
	memcpy(p + pl, key, kl + 1);
	return p;
}

const char *imp_path_i(struct imp_ctx *c, const char *path, size_t i)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%zu", i);
	return imp_path(c, path, buf);
}

/* ---- the tree -------------------------------------------------------------- */

struct imp_node *imp_new(struct imp_ctx *c, enum imp_kind k)
{
	struct imp_node *n = arena_alloc(c->a, sizeof(*n));

	memset(n, 0, sizeof(*n));
	n->kind = k;
	return n;
}

/* Where to report a problem with the entry i of map m: its key. */
const struct imp_node *imp_key_at(struct imp_ctx *c, const struct imp_node *m, size_t i)
{
	struct imp_node *at;

	if (!m->koffs || m->koffs[i] == UINT32_MAX)
		return m->v[i];
	at = imp_new(c, IMP_NULL);
	at->located = true;
	at->off = m->koffs[i];
	return at;
}

const struct imp_node *imp_get(const struct imp_node *m, const char *key)
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
	"ToJsonString",
	/* rule functions (Rules) */
	"Contains", "EachMemberEquals", "EachMemberIn", "RefAll", "ValueOf", "ValueOfAll", NULL,
};

bool imp_is_number(const char *s)
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
const char *imp_num_text(struct imp_ctx *c, const char *s)
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
			if (k->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && !strcmp(n->keys[i], "<<")) {
				/* CloudFormation refuses merge keys; aws cloudformation
				 * package resolves them */
				struct imp_node at = { .located = true, .off = n->koffs[i] };

				imp_err(c, &at, NULL, "'<<' (a YAML merge key) is not CloudFormation: "
					"import the template that 'aws cloudformation package' writes");
			}
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
		if (!key && !strncmp(tag, "!Rain::", 7)) {
			/* rain's own directives (!Rain::Embed, !Rain::S3): rain pkg
			 * turns them into CloudFormation */
			imp_err(c, n, NULL, "'%s' is a tag of the rain tool, not of CloudFormation: "
				"import the template that 'rain pkg' writes", tag);
			return n;
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


/* ---- reading --------------------------------------------------------------- */

struct imp_node *imp_read_json(struct imp_ctx *c)
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

struct imp_node *imp_read_yaml(struct imp_ctx *c)
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
