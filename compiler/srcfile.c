/* srcfile.c - the texts of a compilation and their line maps. */
#include "phx.h"
#include "srcfile.h"

#include <stdlib.h>
#include <string.h>

void src_set_init(struct src_set *s)
{
	s->n = 1;
	s->cap = 8;
	s->files = xcalloc(s->cap, sizeof(*s->files));
}

void src_set_fini(struct src_set *s)
{
	for (size_t i = 1; i < s->n; i++) {
		free(s->files[i]->name);
		free(s->files[i]->text);
		free(s->files[i]->lines);
		free(s->files[i]);
	}
	free(s->files);
	s->files = NULL;
	s->n = s->cap = 0;
}

uint32_t src_add(struct src_set *s, const char *name, char *text, size_t len)
{
	struct srcfile *f = xcalloc(1, sizeof(*f));

	if (s->n == s->cap) {
		s->cap *= 2;
		s->files = xrealloc(s->files, s->cap * sizeof(*s->files));
	}
	f->name = xstrdup(name);
	f->text = text;
	f->len = len;
	s->files[s->n] = f;
	return (uint32_t)s->n++;
}

struct srcfile *src_get(const struct src_set *s, uint32_t file)
{
	if (file == 0 || file >= s->n)
		return NULL;
	return s->files[file];
}

static void src_build_lines(struct srcfile *f)
{
	size_t cap = 64, n = 0;

	f->lines = xmalloc(cap * sizeof(*f->lines));
	f->lines[n++] = 0;
	for (size_t i = 0; i < f->len; i++) {
		if (f->text[i] != '\n')
			continue;
		if (n == cap) {
			cap *= 2;
			f->lines = xrealloc(f->lines, cap * sizeof(*f->lines));
		}
		f->lines[n++] = (uint32_t)(i + 1);
	}
	f->nlines = n;
}

static size_t src_line_index(struct srcfile *f, uint32_t off)
{
	size_t lo = 0, hi;

	if (!f->lines)
		src_build_lines(f);
	hi = f->nlines;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (f->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

void src_linecol(struct srcfile *f, uint32_t off, unsigned *line, unsigned *col)
{
	size_t i;

	if (off > f->len)
		off = (uint32_t)f->len;
	i = src_line_index(f, off);
	*line = (unsigned)i + 1;
	*col = (unsigned)(off - f->lines[i]) + 1;
}

const char *src_line_text(struct srcfile *f, uint32_t off, size_t *len)
{
	size_t i, start, end;

	if (off > f->len)
		off = (uint32_t)f->len;
	i = src_line_index(f, off);
	start = f->lines[i];
	end = start;
	while (end < f->len && f->text[end] != '\n')
		end++;
	if (end > start && f->text[end - 1] == '\r')
		end--;
	*len = end - start;
	return f->text + start;
}
