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

/* Source line, then the marker line: '^' under the primary span, '~' under
 * secondary spans on the same line. Tabs in the source are copied into the
 * padding so markers line up. A span running past the line is cut there. */
static void diag_excerpt(struct diag_ctx *d, const struct diag *r, FILE *out, bool color)
{
	struct srcfile *f = src_get(d->srcs, r->loc.file);
	uint32_t lstart;
	size_t len, srclen;
	const char *line;
	char *marks;

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
	len = len + 1;
	while (len > 0 && (marks[len - 1] == ' ' || marks[len - 1] == '\t'))
		len--;
	fputs("    ", out);
	for (size_t i = 0; i < srclen; i++)
		fputc(line[i] == '\0' ? ' ' : line[i], out);
	fputc('\n', out);
	fputs("    ", out);
	if (color)
		fputs(C_CARET, out);
	fwrite(marks, 1, len, out);
	if (color)
		fputs(C_RESET, out);
	fputc('\n', out);
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
			fprintf(out, "in module imported from %s:%u:%u:\n", imp->name, line, col);
			at = imp->imported_at;
		}
	}
	if (color)
		fputs(C_BOLD, out);
	if (f) {
		unsigned line, col;

		src_linecol(f, r->loc.start, &line, &col);
		fprintf(out, "%s:%u:%u: ", f->name, line, col);
	} else {
		fputs("phxc: ", out);
	}
	if (color)
		fprintf(out, "%s%s:" C_RESET C_BOLD " %s" C_RESET "\n", diag_colors[r->sev],
			diag_names[r->sev], r->msg);
	else
		fprintf(out, "%s: %s\n", diag_names[r->sev], r->msg);
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

			fprintf(out, "%shint:%s %.*s\n", color ? C_BOLD : "", color ? C_RESET : "",
				(int)n, p);
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
