/* lsp_doc.c - open documents, URIs, positions in UTF-16 code units.
 *
 * LSP counts a position's character in UTF-16 code units; the compiler
 * counts bytes. A byte that is not part of valid UTF-8 counts as one unit
 * (it is shown as U+FFFD), so every offset has a position and back. */
#include "phx.h"
#include "driver.h"
#include "parse.h"
#include "lsp.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static void lsp_doc_lines(struct lsp_doc *d)
{
	size_t cap = 64;

	free(d->lines);
	d->lines = xmalloc(cap * sizeof(*d->lines));
	d->nlines = 0;
	d->lines[d->nlines++] = 0;
	for (size_t i = 0; i < d->len; i++) {
		if (d->text[i] != '\n')
			continue;
		if (d->nlines == cap) {
			cap *= 2;
			d->lines = xrealloc(d->lines, cap * sizeof(*d->lines));
		}
		d->lines[d->nlines++] = (uint32_t)(i + 1);
	}
}

struct lsp_doc *lsp_doc_find(struct lsp_server *s, const char *uri)
{
	for (struct lsp_doc *d = s->docs; d; d = d->next)
		if (!strcmp(d->uri, uri))
			return d;
	return NULL;
}

void lsp_doc_set_text(struct lsp_doc *d, const char *text, size_t len)
{
	free(d->text);
	d->text = xmalloc(len + 1);
	memcpy(d->text, text, len);
	d->text[len] = '\0';
	d->len = len;
	d->dirty = true;
	d->too_big = len > LSP_MAX_DOC;
	lsp_doc_lines(d);
}

struct lsp_doc *lsp_doc_open(struct lsp_server *s, const char *uri, const char *text, size_t len,
			     int64_t version)
{
	struct lsp_doc *d = lsp_doc_find(s, uri);

	if (!d) {
		d = xcalloc(1, sizeof(*d));
		d->uri = xstrdup(uri);
		d->path = lsp_uri_to_path(uri);
		if (!d->path)
			d->path = xstrdup(uri);
		d->real = realpath(d->path, NULL);
		d->next = s->docs;
		s->docs = d;
	}
	d->version = version;
	lsp_doc_set_text(d, text, len);
	return d;
}

void lsp_doc_free(struct lsp_doc *d)
{
	if (d->comp) {
		comp_fini(d->comp);
		free(d->comp);
	}
	free(d->toks);
	for (size_t i = 0; i < d->ndeps; i++)
		free(d->deps[i]);
	free(d->deps);
	free(d->uri);
	free(d->path);
	free(d->real);
	free(d->text);
	free(d->lines);
	free(d);
}

void lsp_doc_close(struct lsp_server *s, struct lsp_doc *d)
{
	for (struct lsp_doc **pp = &s->docs; *pp; pp = &(*pp)->next) {
		if (*pp == d) {
			*pp = d->next;
			break;
		}
	}
	lsp_doc_free(d);
}

/* Length of the UTF-8 sequence at p (1 for a bad byte) and its UTF-16 units. */
static size_t lsp_utf8_seq(const unsigned char *p, size_t n, unsigned *units)
{
	size_t k = utf8_valid_prefix((const char *)p, n < 4 ? n : 4);

	*units = 1;
	if (k == 0)
		return 1;
	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xf0) {
		*units = 2;
		return k >= 4 ? 4 : 1;
	}
	if (p[0] >= 0xe0)
		return k >= 3 ? 3 : 1;
	return k >= 2 ? 2 : 1;
}

static uint32_t lsp_line_offset(const char *line, size_t n, int64_t character)
{
	size_t i = 0;
	int64_t u = 0;

	while (i < n && u < character) {
		unsigned units;
		size_t k = lsp_utf8_seq((const unsigned char *)line + i, n - i, &units);

		i += k;
		u += units;
	}
	return (uint32_t)i;
}

static unsigned lsp_line_units(const char *line, size_t nbytes)
{
	size_t i = 0;
	unsigned u = 0;

	while (i < nbytes) {
		unsigned units;

		i += lsp_utf8_seq((const unsigned char *)line + i, nbytes - i, &units);
		u += units;
	}
	return u;
}

uint32_t lsp_doc_offset(const struct lsp_doc *d, json_t *pos)
{
	json_int_t line = json_integer_value(json_object_get(pos, "line"));
	json_int_t ch = json_integer_value(json_object_get(pos, "character"));
	size_t start, end;

	if (line < 0)
		return 0;
	if ((size_t)line >= d->nlines)
		return (uint32_t)d->len;
	start = d->lines[line];
	end = (size_t)line + 1 < d->nlines ? d->lines[line + 1] - 1 : d->len;
	if (end > start && d->text[end - 1] == '\r')
		end--;
	if (ch < 0)
		ch = 0;
	return (uint32_t)start + lsp_line_offset(d->text + start, end - start, ch);
}

bool lsp_doc_change(struct lsp_doc *d, json_t *change)
{
	json_t *text = json_object_get(change, "text"), *range = json_object_get(change, "range");
	uint32_t a, b;
	struct strbuf nb;

	if (!json_is_string(text))
		return false;
	if (!json_is_object(range)) {
		lsp_doc_set_text(d, json_string_value(text), json_string_length(text));
		return true;
	}
	a = lsp_doc_offset(d, json_object_get(range, "start"));
	b = lsp_doc_offset(d, json_object_get(range, "end"));
	if (b < a)
		return false;
	strbuf_init(&nb);
	strbuf_addn(&nb, d->text, a);
	strbuf_addn(&nb, json_string_value(text), json_string_length(text));
	strbuf_addn(&nb, d->text + b, d->len - b);
	lsp_doc_set_text(d, nb.s ? nb.s : "", nb.len);
	strbuf_fini(&nb);
	return true;
}

size_t lsp_doc_tokens(struct lsp_doc *d, struct parse_token **out)
{
	if (!d->comp) {
		*out = NULL;
		return 0;
	}
	if (!d->have_toks) {
		struct diag_ctx scratch;

		/* lexical errors were reported by the check already */
		diag_init(&scratch, &d->comp->srcs);
		d->ntoks = parse_tokens(d->comp->arena, &scratch, 1, &d->toks);
		diag_fini(&scratch);
		d->have_toks = true;
	}
	*out = d->toks;
	return d->ntoks;
}

/* ---- URIs -------------------------------------------------------------------- */

static int lsp_hex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

char *lsp_uri_to_path(const char *uri)
{
	const char *p;
	struct strbuf b;

	if (strncmp(uri, "file://", 7))
		return NULL;
	p = uri + 7;
	if (*p != '/') {
		/* file://host/path: only localhost is ours */
		if (strncmp(p, "localhost/", 10))
			return NULL;
		p += 9;
	}
	strbuf_init(&b);
	for (; *p; p++) {
		if (*p == '%' && lsp_hex(p[1]) >= 0 && lsp_hex(p[2]) >= 0) {
			char c = (char)(lsp_hex(p[1]) * 16 + lsp_hex(p[2]));

			if (c == '\0')
				c = '_';
			strbuf_addc(&b, c);
			p += 2;
		} else {
			strbuf_addc(&b, *p);
		}
	}
	return strbuf_steal(&b);
}

char *lsp_path_to_uri(const char *path)
{
	struct strbuf b;

	if (!strncmp(path, "file:", 5) || !strncmp(path, "untitled:", 9) || path[0] != '/')
		return xstrdup(path);
	strbuf_init(&b);
	strbuf_adds(&b, "file://");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (isalnum(*p) || strchr("/-._~!$&'()*+,;=:@", *p))
			strbuf_addc(&b, (char)*p);
		else
			strbuf_addf(&b, "%%%02X", *p);
	}
	return strbuf_steal(&b);
}

/* ---- JSON helpers -------------------------------------------------------------- */

json_t *lsp_pos(struct srcfile *f, uint32_t off)
{
	unsigned line = 0, col = 1;
	json_t *p = json_object();
	size_t llen;
	const char *l;

	if (f) {
		if (off > f->len)
			off = (uint32_t)f->len;
		src_linecol(f, off, &line, &col);
		l = src_line_text(f, off, &llen);
		line--;
		col = lsp_line_units(l, col - 1 < llen ? col - 1 : llen);
	} else {
		col = 0;
	}
	json_object_set_new(p, "line", json_integer(line));
	json_object_set_new(p, "character", json_integer(col));
	return p;
}

json_t *lsp_range(struct srcfile *f, uint32_t start, uint32_t end)
{
	json_t *r = json_object();

	if (end < start)
		end = start;
	json_object_set_new(r, "start", lsp_pos(f, start));
	json_object_set_new(r, "end", lsp_pos(f, end));
	return r;
}

json_t *lsp_location(struct srcfile *f, uint32_t start, uint32_t end)
{
	json_t *l = json_object();
	char *uri = lsp_path_to_uri(f->name);

	json_object_set_new(l, "uri", lsp_strz(uri));
	json_object_set_new(l, "range", lsp_range(f, start, end));
	free(uri);
	return l;
}

json_t *lsp_str(const char *s, size_t n)
{
	struct strbuf b;
	json_t *j;
	size_t ok = utf8_valid_prefix(s, n);

	if (ok == n)
		return json_stringn_nocheck(s, n);
	strbuf_init(&b);
	while (n) {
		ok = utf8_valid_prefix(s, n);
		strbuf_addn(&b, s, ok);
		if (ok == n)
			break;
		strbuf_adds(&b, "\xef\xbf\xbd");
		s += ok + 1;
		n -= ok + 1;
	}
	j = json_stringn_nocheck(b.s ? b.s : "", b.len);
	strbuf_fini(&b);
	return j;
}

json_t *lsp_strz(const char *s)
{
	return lsp_str(s ? s : "", s ? strlen(s) : 0);
}
