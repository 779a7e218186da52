/* srcfile.h - source texts of a compilation and byte-offset locations.
 *
 * Every token and AST node carries a struct phx_loc: a file index and a
 * half-open byte range [start, end). Lines and columns are worked out only
 * when a diagnostic is printed (src_linecol); columns count bytes, from 1. */
#ifndef PHX_COMPILER_SRCFILE_H
#define PHX_COMPILER_SRCFILE_H

#include <stddef.h>
#include <stdint.h>

struct phx_loc {
	uint32_t file;	/* index into src_set; 0 means "no location" */
	uint32_t start, end;
};

struct srcfile {
	char *name;		/* as given on the command line or found on the path */
	char *text;		/* whole text, NUL-terminated (may contain NULs) */
	size_t len;
	uint32_t *lines;	/* byte offset of each line start, built lazily */
	size_t nlines;
	struct phx_loc imported_at;	/* where an import pulled it in */
};

struct src_set {
	struct srcfile **files;	/* files[0] is unused */
	size_t n, cap;
};

void src_set_init(struct src_set *s);
void src_set_fini(struct src_set *s);
/* Takes ownership of text (malloc'd, len bytes plus a NUL). Returns the file index. */
uint32_t src_add(struct src_set *s, const char *name, char *text, size_t len);
struct srcfile *src_get(const struct src_set *s, uint32_t file);
/* 1-based line and byte column of an offset. */
void src_linecol(struct srcfile *f, uint32_t off, unsigned *line, unsigned *col);
/* The line holding an offset, without its newline. */
const char *src_line_text(struct srcfile *f, uint32_t off, size_t *len);

static inline struct phx_loc loc_span(struct phx_loc a, struct phx_loc b)
{
	struct phx_loc r = a;

	if (!a.file)
		return b;
	if (b.file == a.file && b.end > r.end)
		r.end = b.end;
	return r;
}

#endif
