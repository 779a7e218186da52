/* diag.c - the one place diagnostics are formatted. */
#include "phx.h"
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const diag_names[] = {
	[DIAG_ERROR] = "error",
	[DIAG_WARNING] = "warning",
	[DIAG_NOTE] = "note",
};

static const char *const diag_colors[] = {
	[DIAG_ERROR] = "\033[1;31m",
	[DIAG_WARNING] = "\033[1;35m",
	[DIAG_NOTE] = "\033[1;36m",
};

#define C_BOLD "\033[1m"
#define C_CARET "\033[1;32m"
#define C_RESET "\033[0m"

void diag_init(struct diag_ctx *d, struct src_set *srcs)
{
	memset(d, 0, sizeof(*d));
	d->srcs = srcs;
	d->tail = &d->head;
	d->max_errors = 10;
}

static void diag_free_list(struct diag *r)
{
	while (r) {
		struct diag *next = r->next;

		diag_free_list(r->notes);
		free(r->msg);
		free(r->hint);
		free(r);
		r = next;
	}
}

void diag_fini(struct diag_ctx *d)
{
	diag_free_list(d->head);
	diag_free_list(d->spare);
	d->spare = NULL;
	d->head = NULL;
	d->tail = &d->head;
}

/* A record that is not queued: what callers get once the limit is reached.
 * It is kept on a private list so it is still freed by diag_fini. */
static struct diag *diag_new(enum diag_severity sev, struct phx_loc loc, const char *fmt,
			     va_list ap)
{
	struct diag *r = xcalloc(1, sizeof(*r));
	struct strbuf b;

	strbuf_init(&b);
	strbuf_vaddf(&b, fmt, ap);
	r->sev = sev;
	r->loc = loc;
	r->msg = strbuf_steal(&b);
	return r;
}

static struct diag *diag_vreport(struct diag_ctx *d, enum diag_severity sev, struct phx_loc loc,
				 const char *fmt, va_list ap)
{
	struct diag *r = diag_new(sev, loc, fmt, ap);
	bool counts_as_error = sev == DIAG_ERROR || (sev == DIAG_WARNING && d->werror);

	if (counts_as_error && d->max_errors && d->errors >= d->max_errors) {
		d->dropped++;
		/* still owned: queue it as a hidden note of the last record */
		r->next = NULL;
		if (d->head) {
			struct diag **pp = &d->head;

			while ((*pp)->next)
				pp = &(*pp)->next;
			r->sev = DIAG_NOTE;
			r->loc.file = UINT32_MAX;	/* marks a dropped record */
			r->next = (*pp)->notes;
			(*pp)->notes = r;
		}
		return r;
	}
	/* the same report twice (each environment is checked) is shown once */
	for (struct diag *q = d->head; q; q = q->next) {
		if (q->sev == r->sev && q->loc.file == r->loc.file && q->loc.start == r->loc.start &&
		    q->loc.end == r->loc.end && !strcmp(q->msg, r->msg)) {
			r->next = d->spare;
			d->spare = r;
			return r;
		}
	}
	if (sev == DIAG_ERROR)
		d->errors++;
	else if (sev == DIAG_WARNING)
		d->warnings++;
	if (counts_as_error && sev == DIAG_WARNING)
		d->errors++;
	*d->tail = r;
	d->tail = &r->next;
	return r;
}

struct diag *diag_report(struct diag_ctx *d, enum diag_severity sev, struct phx_loc loc,
			 const char *fmt, ...)
{
	struct diag *r;
	va_list ap;

	va_start(ap, fmt);
	r = diag_vreport(d, sev, loc, fmt, ap);
	va_end(ap);
	return r;
}

struct diag *diag_error(struct diag_ctx *d, struct phx_loc loc, const char *fmt, ...)
{
	struct diag *r;
	va_list ap;

	va_start(ap, fmt);
	r = diag_vreport(d, DIAG_ERROR, loc, fmt, ap);
	va_end(ap);
	return r;
}

struct diag *diag_warning(struct diag_ctx *d, struct phx_loc loc, const char *fmt, ...)
{
	struct diag *r;
	va_list ap;

	va_start(ap, fmt);
	r = diag_vreport(d, DIAG_WARNING, loc, fmt, ap);
	va_end(ap);
	return r;
}

void diag_hint(struct diag *r, const char *fmt, ...)
{
	struct strbuf b;
	va_list ap;

	strbuf_init(&b);
	if (r->hint) {
		strbuf_adds(&b, r->hint);
		strbuf_adds(&b, "\n");
		free(r->hint);
	}
	va_start(ap, fmt);
	strbuf_vaddf(&b, fmt, ap);
	va_end(ap);
	r->hint = strbuf_steal(&b);
}

void diag_span(struct diag *r, struct phx_loc loc)
{
	if (r->nspans < DIAG_MAX_SPANS)
		r->spans[r->nspans++] = loc;
}

void diag_note(struct diag *r, struct phx_loc loc, const char *fmt, ...)
{
	struct diag *n, **pp = &r->notes;
	va_list ap;

	va_start(ap, fmt);
	n = diag_new(DIAG_NOTE, loc, fmt, ap);
	va_end(ap);
	while (*pp)
		pp = &(*pp)->next;
	*pp = n;
}

bool diag_full(const struct diag_ctx *d)
{
	return d->max_errors && d->errors >= d->max_errors;
}

unsigned diag_failures(const struct diag_ctx *d)
{
	return d->errors + d->dropped;
}

bool diag_color_parse(const char *word, enum diag_color *out)
{
	static const char *const words[] = {
		[DIAG_COLOR_AUTO] = "auto",
		[DIAG_COLOR_ALWAYS] = "always",
		[DIAG_COLOR_NEVER] = "never",
	};

	for (size_t i = 0; i < PHX_ARRAY_SIZE(words); i++) {
		if (!strcmp(word, words[i])) {
			*out = (enum diag_color)i;
			return true;
		}
	}
	return false;
}

bool diag_use_color(enum diag_color c, FILE *f)
{
	const char *nc;

	if (c != DIAG_COLOR_AUTO)
		return c == DIAG_COLOR_ALWAYS;
	nc = getenv("NO_COLOR");
	if (nc && *nc)
		return false;
	return isatty(fileno(f));
}

/* Length of the escaped form of the byte at s[i] (see diag_escape_at): 1
 * for a printable byte, a tab or a byte of valid UTF-8, 4 for "\xHH". */
static size_t diag_escape_at(const char *s, size_t len, size_t i, char out[5])
{
	unsigned char c = (unsigned char)s[i];

	if (c >= 0x80) {
		/* the start of the valid UTF-8 sequence that holds byte i, if any */
		size_t k = i;

		while (k > 0 && i - k < 3 && ((unsigned char)s[k] & 0xC0) == 0x80)
			k--;
		if ((unsigned char)s[k] >= 0xC0 || k != i) {
			size_t n = utf8_valid_prefix(s + k, len - k < 4 ? len - k : 4);
			unsigned char lead = (unsigned char)s[k];
			size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;

			if (want && n >= want && i < k + want) {
				out[0] = (char)c;
				out[1] = '\0';
				return 1;
			}
		}
	} else if (c == '\t' || (c >= 0x20 && c != 0x7F)) {
		out[0] = (char)c;
		out[1] = '\0';
		return 1;
	}
	snprintf(out, 5, "\\x%02x", c);
	return 4;
}

/* Writes s with control characters (tab kept) and bytes that are not valid
 * UTF-8 as \xHH: source text and names never reach the terminal raw. */
static void diag_put_escaped(FILE *out, const char *s, size_t len)
{
	struct strbuf b;
	char buf[5];

	/* one write: stderr is unbuffered, and a line may be megabytes long */
	strbuf_init(&b);
	for (size_t i = 0; i < len; i++)
		strbuf_addn(&b, buf, diag_escape_at(s, len, i, buf));
	if (b.len)
		fwrite(b.s, 1, b.len, out);
	strbuf_fini(&b);
}

static void diag_puts_escaped(FILE *out, const char *s)
{
	diag_put_escaped(out, s, strlen(s));
}

/* Source line, then the marker line: '^' under the primary span, '~' under
 * secondary spans on the same line. Tabs in the source are copied into the
 * padding so markers line up. A span running past the line is cut there.
 * Control characters and invalid UTF-8 are shown as \xHH, their marks
 * widened to match. */
static void diag_excerpt(struct diag_ctx *d, const struct diag *r, FILE *out, bool color)
{
	struct srcfile *f = src_get(d->srcs, r->loc.file);
	uint32_t lstart;
	size_t len, srclen;
	const char *line;
	char *marks;
	struct strbuf wide, text;
	char buf[5];

	if (!f)
		return;
	line = src_line_text(f, r->loc.start, &len);
	srclen = len;
	lstart = (uint32_t)(line - f->text);
	marks = xmalloc(len + 2);
	for (size_t i = 0; i < len + 1; i++)
		marks[i] = (i < len && line[i] == '\t') ? '\t' : ' ';
	for (int s = 0; s < r->nspans; s++) {
		const struct phx_loc *sp = &r->spans[s];

		if (sp->file != r->loc.file || sp->start < lstart || sp->start > lstart + len)
			continue;
		for (uint32_t o = sp->start; o < sp->end && o - lstart < len; o++)
			marks[o - lstart] = '~';
	}
	{
		uint32_t o = r->loc.start;

		marks[o - lstart] = '^';
		for (o++; o < r->loc.end && o - lstart < len; o++)
			marks[o - lstart] = '^';
	}
	strbuf_init(&wide);
	strbuf_init(&text);
	strbuf_adds(&text, "    ");
	for (size_t i = 0; i < srclen; i++) {
		size_t n = diag_escape_at(line, srclen, i, buf);

		strbuf_addn(&text, buf, n);
		for (size_t k = 0; k < n; k++)
			strbuf_addc(&wide, marks[i]);
	}
	strbuf_addc(&wide, marks[srclen]);
	strbuf_addc(&text, '\n');
	fwrite(text.s, 1, text.len, out);
	strbuf_fini(&text);
	len = wide.len;
	while (len > 0 && (wide.s[len - 1] == ' ' || wide.s[len - 1] == '\t'))
		len--;
	fputs("    ", out);
	if (color)
		fputs(C_CARET, out);
	fwrite(wide.s, 1, len, out);
	if (color)
		fputs(C_RESET, out);
	fputc('\n', out);
	strbuf_fini(&wide);
	free(marks);
}

static void diag_header(struct diag_ctx *d, const struct diag *r, FILE *out, bool color)
{
	struct srcfile *f = src_get(d->srcs, r->loc.file);

	if (f && f->imported_at.file) {
		struct phx_loc at = f->imported_at;

		while (at.file) {
			struct srcfile *imp = src_get(d->srcs, at.file);
			unsigned line, col;

			if (!imp)
				break;
			src_linecol(imp, at.start, &line, &col);
			fputs("in module imported from ", out);
			diag_puts_escaped(out, imp->name);
			fprintf(out, ":%u:%u:\n", line, col);
			at = imp->imported_at;
		}
	}
	if (color)
		fputs(C_BOLD, out);
	if (f) {
		unsigned line, col;

		src_linecol(f, r->loc.start, &line, &col);
		diag_puts_escaped(out, f->name);
		fprintf(out, ":%u:%u: ", line, col);
	} else {
		fputs("phxc: ", out);
	}
	if (color)
		fprintf(out, "%s%s:" C_RESET C_BOLD " ", diag_colors[r->sev], diag_names[r->sev]);
	else
		fprintf(out, "%s: ", diag_names[r->sev]);
	diag_puts_escaped(out, r->msg);
	fputs(color ? C_RESET "\n" : "\n", out);
}

void diag_render_one(struct diag_ctx *d, const struct diag *r, FILE *out, bool color)
{
	diag_header(d, r, out, color);
	diag_excerpt(d, r, out, color);
	if (r->hint) {
		const char *p = r->hint;

		while (*p) {
			const char *nl = strchr(p, '\n');
			size_t n = nl ? (size_t)(nl - p) : strlen(p);

			fprintf(out, "%shint:%s ", color ? C_BOLD : "", color ? C_RESET : "");
			diag_put_escaped(out, p, n);
			fputc('\n', out);
			p += n + (nl ? 1 : 0);
		}
	}
	for (const struct diag *n = r->notes; n; n = n->next)
		if (n->loc.file != UINT32_MAX)
			diag_render_one(d, n, out, color);
}

static bool diag_before(const struct diag *a, const struct diag *b)
{
	if (a->loc.file != b->loc.file)
		return a->loc.file < b->loc.file;
	return a->loc.start < b->loc.start;
}

/* Puts the queue in source order (file, then offset), keeping the order
 * of records at one place: what a program means, and so what is wrong with
 * it, does not depend on the order of its items, nor should the report. */
void diag_sort(struct diag_ctx *d)
{
	struct diag *sorted = NULL, **tail;

	for (struct diag *r = d->head, *next; r; r = next) {
		struct diag **p = &sorted;

		next = r->next;
		while (*p && !diag_before(r, *p))
			p = &(*p)->next;
		r->next = *p;
		*p = r;
	}
	d->head = sorted;
	for (tail = &d->head; *tail; tail = &(*tail)->next)
		;
	d->tail = tail;
}

void diag_render(struct diag_ctx *d, FILE *out, bool color)
{
	diag_sort(d);
	for (const struct diag *r = d->head; r; r = r->next)
		diag_render_one(d, r, out, color);
	if (diag_full(d))
		fprintf(out, "phxc: too many errors; stopped after %u (see --max-errors)\n",
			d->errors);
	diag_fini(d);
}
