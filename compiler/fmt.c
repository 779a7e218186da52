/* fmt.c - phxc fmt: canonical layout from the token stream (see fmt.h).
 *
 * The file is scanned into atoms: tokens, whole strings (copied verbatim,
 * interpolations included) and comments (found in the gaps between tokens,
 * since the scanner skips them). Brackets are matched, then one recursive
 * walk writes the atoms with the breaks, indents and spaces of the layout. */
#include "phx.h"
#include "arena.h"
#include "diag.h"
#include "fmt.h"
#include "parse.h"
#include "srcfile.h"

#include "phx-parse.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

enum { FMT_COMMENT = -1 };
enum { FMT_MAX_COLUMNS = 100 };	/* a one-line block longer than this is broken */
#define FMT_NONE ((size_t)-1)	/* no atom */

struct fmt_atom {
	int kind;		/* token kind; STR_START for a whole string; FMT_COMMENT */
	uint32_t start, end;	/* source bytes */
	bool nl_before;		/* a line break before it in the source */
	bool blank_before;	/* an empty line before it */
	bool space_before;	/* any blank before it */
	bool entry;		/* starts an item (top level) or an entry (block) */
	int sep;		/* top-level item: FMT_LINE or FMT_BLANK before it */
	size_t match;		/* brackets: index of the other one */
};

enum fmt_ctx { FMT_TOP, FMT_BLOCK, FMT_LIST };
enum fmt_break { FMT_SAME, FMT_LINE, FMT_BLANK };

struct fmt_run {	/* '=' to align: where to pad, and the key widths */
	size_t *pos, *width;
	size_t n, cap;
};

struct fmt {
	const char *src;
	struct fmt_atom *at;
	size_t n;
	struct strbuf out;
	size_t last;		/* last code atom written, or FMT_NONE */
	bool need_nl;		/* a comment ends the current line */
	bool unary;		/* the last atom was a unary '-' or '!' */
	size_t *trail;		/* output offsets where trailing comments' code ends */
	size_t ntrail, captrail;
	bool spaced;		/* the one-line block being written separates its
				 * entries with two spaces (not in a list: commas) */
	bool explode;		/* the next fmt_seq is a one-line list that had to
				 * break: one element per line */
	size_t block_nl;	/* line breaks written inside block strings so far
				 * (they do not break a one-line layout) */
};

/* ---- atoms ------------------------------------------------------------------ */

static bool fmt_is(const struct fmt *f, size_t i, const char *text)
{
	size_t len = strlen(text);

	return i < f->n && f->at[i].kind != FMT_COMMENT && f->at[i].end - f->at[i].start == len &&
	       !memcmp(f->src + f->at[i].start, text, len);
}

/* A '{' that opens a block of entries; a record type after ':' (a
 * component parameter's, { field: type = default, ... }) is laid out as a
 * list, like the parameters around it. */
static bool fmt_is_block(const struct fmt *f, size_t i)
{
	/* NAME: { after '(', ',' or '{'; not [for x in xs: { ... }] */
	size_t k[3], n = 0;

	if (!fmt_is(f, i, "{"))
		return false;
	for (size_t j = i; j > 0 && n < 3;)
		if (f->at[--j].kind != FMT_COMMENT)
			k[n++] = j;
	return !(n == 3 && fmt_is(f, k[0], ":") && f->at[k[1]].kind == IDENT &&
		 (fmt_is(f, k[2], "(") || fmt_is(f, k[2], ",") || fmt_is(f, k[2], "{")));
}

static bool fmt_opener(const struct fmt *f, size_t i)
{
	return fmt_is(f, i, "{") || fmt_is(f, i, "[") || fmt_is(f, i, "(");
}

static bool fmt_closer(const struct fmt *f, size_t i)
{
	return fmt_is(f, i, "}") || fmt_is(f, i, "]") || fmt_is(f, i, ")");
}

/* Keywords are the tokens spelt with a letter that are not identifiers. */
static bool fmt_keyword(const struct fmt *f, size_t i)
{
	const struct fmt_atom *a = &f->at[i];

	return a->kind != FMT_COMMENT && a->kind != IDENT && a->kind != STR_START &&
	       isalpha((unsigned char)f->src[a->start]);
}

/* Tokens that can end a value: after them a new entry may start. */
static bool fmt_value_end(const struct fmt *f, size_t i)
{
	int k;

	if (i == FMT_NONE)
		return false;
	k = f->at[i].kind;
	return k == IDENT || k == INT || k == DECIMAL || k == UNIT || k == STR_START ||
	       fmt_is(f, i, "true") || fmt_is(f, i, "false") || fmt_closer(f, i);
}

/* The next atom at the same level that is not a comment, or FMT_NONE. */
static size_t fmt_next_code(const struct fmt *f, size_t i, size_t to)
{
	i = fmt_opener(f, i) ? f->at[i].match + 1 : i + 1;
	while (i < to && f->at[i].kind == FMT_COMMENT)
		i++;
	return i < to ? i : FMT_NONE;
}

static void fmt_add(struct fmt_atom **v, size_t *n, size_t *cap, struct fmt_atom a)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 256;
		*v = xrealloc(*v, *cap * sizeof(**v));
	}
	(*v)[(*n)++] = a;
}

/* Comments in the gap [from, to) of the source; *nl counts the line breaks
 * since the last atom. */
static void fmt_gap(const char *src, uint32_t from, uint32_t to, unsigned *nl, bool *space,
		    struct fmt_atom **v, size_t *n, size_t *cap)
{
	uint32_t p = from;

	while (p < to) {
		char c = src[p];

		if (c == '\n') {
			(*nl)++;
			*space = true;
			p++;
		} else if (c == '#' || (c == '/' && p + 1 < to && src[p + 1] == '/')) {
			struct fmt_atom a = { .kind = FMT_COMMENT, .start = p };
			uint32_t e = p;

			while (e < to && src[e] != '\n')
				e++;
			a.end = e;
			while (a.end > a.start && isspace((unsigned char)src[a.end - 1]))
				a.end--;
			a.nl_before = *nl > 0 || *n == 0;
			a.blank_before = *nl >= 2;
			a.space_before = true;
			fmt_add(v, n, cap, a);
			*nl = 0;
			*space = true;
			p = e;
		} else {
			*space = true;
			p++;
		}
	}
}

static size_t fmt_atoms(const char *src, size_t len, const struct parse_token *t, size_t nt,
			struct fmt_atom **out)
{
	struct fmt_atom *v = NULL;
	size_t n = 0, cap = 0;
	uint32_t prev = 0;
	unsigned nl = 0;

	for (size_t i = 0; i < nt; i++) {
		struct fmt_atom a = { .kind = t[i].kind, .start = t[i].loc.start, .end = t[i].loc.end };
		bool space = false;

		fmt_gap(src, prev, a.start, &nl, &space, &v, &n, &cap);
		if (t[i].kind == STR_START) {
			int depth = 1;

			while (depth > 0 && i + 1 < nt) {
				i++;
				if (t[i].kind == STR_START)
					depth++;
				else if (t[i].kind == STR_END)
					depth--;
			}
			a.end = t[i].loc.end;
		}
		a.nl_before = nl > 0 && n > 0;
		a.blank_before = nl >= 2 && n > 0;
		a.space_before = space;
		fmt_add(&v, &n, &cap, a);
		nl = 0;
		prev = a.end;
	}
	{
		bool space = false;

		fmt_gap(src, prev, (uint32_t)len, &nl, &space, &v, &n, &cap);
	}
	*out = v;
	return n;
}

/* Pairs the brackets; false when they do not pair (cannot happen after a
 * clean parse). */
static bool fmt_match(struct fmt *f)
{
	size_t *stack = xmalloc((f->n + 1) * sizeof(*stack));
	size_t depth = 0;
	bool ok = true;

	for (size_t i = 0; i < f->n && ok; i++) {
		if (fmt_opener(f, i)) {
			stack[depth++] = i;
		} else if (fmt_closer(f, i)) {
			if (!depth) {
				ok = false;
				break;
			}
			f->at[i].match = stack[--depth];
			f->at[stack[depth]].match = i;
		}
	}
	free(stack);
	return ok && depth == 0;
}

/* ---- structure: where items and entries start ----------------------------- */

static bool fmt_item_keyword(const struct fmt *f, size_t i)
{
	static const char *const words[] = {
		"stack", "resource", "param", "output", "env", "import", "component", "export",
		"let", "for", "if",
	};

	for (size_t k = 0; k < PHX_ARRAY_SIZE(words); k++)
		if (fmt_is(f, i, words[k]))
			return true;
	return false;
}

/* Keywords that are followed by a block without naming an entry. */
static bool fmt_block_keyword(const struct fmt *f, size_t i)
{
	return fmt_is(f, i, "else") || fmt_is(f, i, "then") || fmt_is(f, i, "in") ||
	       fmt_is(f, i, "if") || fmt_is(f, i, "for");
}

/* Marks the atoms of [from, to) that start an item or an entry, and those of
 * the blocks inside, recursively. Items start with their keyword, component
 * instances with 'TYPE NAME {', entries with 'key =' or 'key {'; only after
 * the end of a value, and not inside an item's header (up to its '{' or '='). */
static void fmt_mark(struct fmt *f, size_t from, size_t to, enum fmt_ctx ctx)
{
	size_t prev = FMT_NONE;
	bool header = false;

	for (size_t i = from; i < to;) {
		bool start = false;

		if (f->at[i].kind == FMT_COMMENT) {
			i++;
			continue;
		}
		if (ctx != FMT_LIST && (prev == FMT_NONE || fmt_is(f, prev, ",") || fmt_value_end(f, prev))) {
			size_t nx = fmt_next_code(f, i, to);
			bool key = f->at[i].kind == IDENT || f->at[i].kind == STR_START || fmt_keyword(f, i);

			if (fmt_item_keyword(f, i) && !(fmt_is(f, i, "env") && (nx == FMT_NONE ||
									  f->at[nx].kind != IDENT))) {
				start = true;
				header = !fmt_is(f, i, "import");
			} else if (header && f->at[i].nl_before && f->at[i].kind == IDENT && nx != FMT_NONE &&
				   f->at[nx].kind == IDENT && fmt_is(f, fmt_next_code(f, nx, to), "{")) {
				/* an instance on the line after a header without '{' or '=' */
				start = true;
			} else if (!header && key && nx != FMT_NONE) {
				if (fmt_is(f, nx, "=") || (fmt_is(f, i, "allow") && f->at[nx].kind == STR_START)) {
					/* key = ...  or  allow "PHX-S001" "reason" */
					start = true;
				} else if (fmt_is(f, nx, "{") && !fmt_block_keyword(f, i)) {
					start = true;
				} else if (f->at[i].kind == IDENT && f->at[nx].kind == IDENT &&
					   fmt_is(f, fmt_next_code(f, nx, to), "{")) {
					start = true;
					header = true;
				}
			}
		}
		f->at[i].entry = start;
		if (fmt_is(f, i, "=") || fmt_is(f, i, "{"))
			header = false;
		prev = i;
		if (fmt_opener(f, i)) {
			size_t j = f->at[i].match;

			fmt_mark(f, i + 1, j, fmt_is_block(f, i) ? FMT_BLOCK : FMT_LIST);
			prev = j;
			i = j + 1;
		} else {
			i++;
		}
	}
}

static bool fmt_is_block_string(const char *src, const struct fmt_atom *a);

/* A line break in the source between from and to, outside block strings
 * (a block string is laid out as if it were one token). */
static bool fmt_has_newline(const struct fmt *f, uint32_t from, uint32_t to)
{
	size_t lo = 0, hi = f->n;
	uint32_t p = from;

	if (!memchr(f->src + from, '\n', to - from))
		return false;
	while (lo < hi) {	/* the first atom starting at or after from */
		size_t mid = lo + (hi - lo) / 2;

		if (f->at[mid].start < from)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t k = lo; k < f->n && f->at[k].start < to; k++) {
		if (!fmt_is_block_string(f->src, &f->at[k]))
			continue;
		if (memchr(f->src + p, '\n', f->at[k].start - p))
			return true;
		p = f->at[k].end;
	}
	return p < to && memchr(f->src + p, '\n', to - p) != NULL;
}

/* True when the bracketed group at i may be written on one line: it was on
 * one line, holds no comment, and neither does anything inside it. (A block
 * is still broken when its line would pass FMT_MAX_COLUMNS: fmt_group.) */
static bool fmt_fits(const struct fmt *f, size_t i, bool in_list)
{
	size_t j = f->at[i].match;
	bool list = !fmt_is(f, i, "{");

	(void)in_list;
	if (fmt_has_newline(f, f->at[i].start, f->at[j].end))
		return false;
	for (size_t k = i + 1; k < j; k = fmt_opener(f, k) ? f->at[k].match + 1 : k + 1) {
		if (f->at[k].kind == FMT_COMMENT)
			return false;
		if (fmt_opener(f, k) && !fmt_fits(f, k, list))
			return false;
	}
	return true;
}

static void fmt_seq(struct fmt *f, size_t from, size_t to, enum fmt_ctx ctx, int ind, bool multi);
static bool fmt_item_one_line(const struct fmt *f, size_t s, size_t e);

static size_t fmt_count_nl(const char *s, size_t len)
{
	size_t n = 0;

	for (const char *p = s, *end = s + len; (p = memchr(p, '\n', (size_t)(end - p))); p++)
		n++;
	return n;
}

/* An item [s, e) that will be written on one line: written on one line, and
 * laid out (in a scratch buffer, by the layout itself) still on one. */
static bool fmt_item_fits(const struct fmt *f, size_t s, size_t e)
{
	struct fmt g = *f;
	bool one;

	if (!fmt_item_one_line(f, s, e))
		return false;
	strbuf_init(&g.out);
	g.last = FMT_NONE;
	g.need_nl = g.unary = g.spaced = false;
	g.trail = NULL;
	g.ntrail = g.captrail = 0;
	fmt_seq(&g, s, e, FMT_TOP, 0, true);
	one = !g.out.s || fmt_count_nl(g.out.s, g.out.len) == g.block_nl - f->block_nl;
	strbuf_fini(&g.out);
	free(g.trail);
	return one;
}

/* An item [s, e) written on one line, with no group that must break. */
static bool fmt_item_one_line(const struct fmt *f, size_t s, size_t e)
{
	size_t last = s;

	for (size_t k = s; k < e; k = fmt_opener(f, k) ? f->at[k].match + 1 : k + 1) {
		if (f->at[k].kind == FMT_COMMENT) {
			if (f->at[k].nl_before)
				return false;
			continue;
		}
		if (fmt_opener(f, k) && !fmt_fits(f, k, false))
			return false;
		last = fmt_opener(f, k) ? f->at[k].match : k;
	}
	return !fmt_has_newline(f, f->at[s].start, f->at[last].end);
}

/* The item's kind for blank-line decisions: its keyword, or "" for an
 * instance. */
static size_t fmt_kind_len(const struct fmt *f, size_t s, const char **text)
{
	if (!fmt_keyword(f, s)) {
		*text = "";
		return 0;
	}
	*text = f->src + f->at[s].start;
	return f->at[s].end - f->at[s].start;
}

/* One blank line between top-level items, except between one-line items of
 * the same kind that were written without one. */
static void fmt_top_seps(struct fmt *f)
{
	size_t *starts = xmalloc((f->n + 1) * sizeof(*starts));
	size_t ns = 0;

	for (size_t i = 0; i < f->n; i = fmt_opener(f, i) ? f->at[i].match + 1 : i + 1)
		if (f->at[i].entry)
			starts[ns++] = i;
	starts[ns] = f->n;
	for (size_t k = 1; k < ns; k++) {
		size_t i = starts[k], prev = starts[k - 1];
		const char *a, *b;
		size_t la = fmt_kind_len(f, prev, &a), lb = fmt_kind_len(f, i, &b);

		f->at[i].sep = FMT_BLANK;
		if (!f->at[i].blank_before && la == lb && !memcmp(a, b, la) &&
		    fmt_item_fits(f, prev, i) && fmt_item_fits(f, i, starts[k + 1]))
			f->at[i].sep = FMT_LINE;
	}
	free(starts);
}

/* ---- output ------------------------------------------------------------------ */

static void fmt_trim(struct fmt *f)
{
	while (f->out.len && f->out.s[f->out.len - 1] == ' ')
		f->out.len--;
	if (f->out.s)
		f->out.s[f->out.len] = '\0';
}

static void fmt_break(struct fmt *f, enum fmt_break b, int ind)
{
	fmt_trim(f);
	if (f->out.len) {
		if (f->out.s[f->out.len - 1] != '\n')
			strbuf_addc(&f->out, '\n');
		if (b == FMT_BLANK && f->out.len >= 2 && f->out.s[f->out.len - 2] != '\n') {
			char c = f->out.s[f->out.len - 2];

			if (c != '{' && c != '[' && c != '(')
				strbuf_addc(&f->out, '\n');
		}
	}
	for (int k = 0; k < ind; k++)
		strbuf_adds(&f->out, "  ");
	f->need_nl = false;
}

static bool fmt_at_line_start(const struct fmt *f)
{
	for (size_t k = f->out.len; k > 0; k--) {
		if (f->out.s[k - 1] == '\n')
			return true;
		if (f->out.s[k - 1] != ' ')
			return false;
	}
	return true;
}

/* A space between the last atom and atom c on the same line? */
static bool fmt_space(struct fmt *f, size_t c, enum fmt_ctx ctx)
{
	size_t p = f->last;

	if (p == FMT_NONE || fmt_at_line_start(f))
		return false;
	if (f->unary)
		return false;
	if (fmt_is(f, c, ",") || fmt_is(f, p, "[") || fmt_is(f, p, "(") || fmt_is(f, c, "]") ||
	    fmt_is(f, c, ")"))
		return false;
	if (fmt_is(f, p, "{") || fmt_is(f, c, "}"))
		return true;
	if (fmt_is(f, c, ".") || fmt_is(f, p, ".") || fmt_is(f, c, "..") || fmt_is(f, p, ".."))
		return false;
	if (fmt_is(f, c, "("))
		return f->at[p].kind != IDENT;
	if (fmt_is(f, c, "["))
		return !(fmt_value_end(f, p) && !f->at[c].space_before);
	/* param NAME : TYPE, but component(arg: type) and [for x in l: e] */
	if (fmt_is(f, c, ":"))
		return ctx != FMT_LIST;
	return true;
}

/* A block string, src[start, end): its lines move to ind spaces, keeping
 * what they have past their common indentation (the closing quotes go
 * there too, so the text is the same). */
static void fmt_block_text(struct strbuf *out, const char *src, uint32_t start, uint32_t end,
			   size_t ind)
{
	uint32_t p = start + 3;
	uint32_t strip;

	while (p < end && src[p] != '\n')
		p++;
	p++;
	strip = parse_block_strip(src, end, p);
	strbuf_adds(out, "\"\"\"\n");
	while (p < end) {
		uint32_t e = p, b = p, text;

		while (e < end && src[e] != '\n')
			e++;
		while (b < e && (src[b] == ' ' || src[b] == '\t'))
			b++;
		text = e;
		if (e > b && src[e - 1] == '\r' && e < end)
			text--;
		if (b + 3 == e && e == end) {	/* the closing line */
			for (size_t s = 0; s < ind; s++)
				strbuf_addc(out, ' ');
			strbuf_adds(out, "\"\"\"");
			break;
		}
		if (b < text || b - p > strip) {
			for (size_t s = 0; s < ind; s++)
				strbuf_addc(out, ' ');
			if (b - p > strip)
				strbuf_addn(out, src + p + strip, b - p - strip);
			strbuf_addn(out, src + b, text - b);
		}
		if (e < end)
			strbuf_addc(out, '\n');
		p = e + 1;
	}
}

static bool fmt_is_block_string(const char *src, const struct fmt_atom *a)
{
	return a->kind == STR_START && a->end - a->start >= 6 && !memcmp(src + a->start, "\"\"\"", 3);
}

/* A block string goes one level deeper than the line it starts on. */
static void fmt_block(struct fmt *f, size_t i)
{
	size_t ind = 0, k = f->out.len;

	while (k > 0 && f->out.s[k - 1] != '\n')
		k--;
	while (k + ind < f->out.len && f->out.s[k + ind] == ' ')
		ind++;
	k = f->out.len;
	fmt_block_text(&f->out, f->src, f->at[i].start, f->at[i].end, ind + 2);
	f->block_nl += fmt_count_nl(f->out.s + k, f->out.len - k);
}

static void fmt_text(struct fmt *f, size_t i)
{
	if (fmt_is_block_string(f->src, &f->at[i])) {
		fmt_block(f, i);
		return;
	}
	strbuf_addn(&f->out, f->src + f->at[i].start, f->at[i].end - f->at[i].start);
}

static void fmt_run_add(struct fmt_run *r, size_t pos, size_t width)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->pos = xrealloc(r->pos, r->cap * sizeof(*r->pos));
		r->width = xrealloc(r->width, r->cap * sizeof(*r->width));
	}
	r->pos[r->n] = pos;
	r->width[r->n] = width;
	r->n++;
}

/* Pads the keys of a run so that their '=' line up. Last first, so that the
 * earlier positions stay valid. */
static void fmt_run_flush(struct fmt *f, struct fmt_run *r)
{
	size_t max = 0;

	for (size_t k = 0; k < r->n; k++)
		if (r->width[k] > max)
			max = r->width[k];
	for (size_t k = r->n; k-- > 0;) {
		size_t pad = max - r->width[k];

		if (!pad || r->n < 2)
			continue;
		for (size_t p = 0; p < pad; p++)
			strbuf_addc(&f->out, ' ');
		memmove(f->out.s + r->pos[k] + pad, f->out.s + r->pos[k],
			f->out.len - pad - r->pos[k]);
		memset(f->out.s + r->pos[k], ' ', pad);
		/* trailing comments after the padding move with it */
		for (size_t c = f->ntrail; c > 0 && f->trail[c - 1] > r->pos[k]; c--)
			f->trail[c - 1] += pad;
	}
	r->n = 0;
}

struct fmt_entry {
	bool open;		/* an entry is being written */
	size_t line_start;	/* output offset where its line starts (after the indent) */
	size_t key_end;		/* output offset after its key, or FMT_NONE */
	size_t start;		/* its first atom */
};

/* Ends the entry being written: a one-line 'key = value' joins the run. */
static void fmt_entry_close(struct fmt *f, struct fmt_entry *e, struct fmt_run *r)
{
	if (!e->open)
		return;
	e->open = false;
	if (e->key_end != FMT_NONE &&
	    !memchr(f->out.s + e->line_start, '\n', f->out.len - e->line_start))
		fmt_run_add(r, e->key_end, e->key_end - e->line_start);
	else
		fmt_run_flush(f, r);
}

/* Is atom i the '=' after the key of the entry starting at s? The key is one
 * atom, or 'output NAME' / 'export NAME' / 'let NAME'. */
static bool fmt_key_eq(const struct fmt *f, size_t s, size_t i, size_t to)
{
	size_t k1 = fmt_next_code(f, s, to);

	if (!fmt_is(f, i, "="))
		return false;
	if (i == k1)
		return true;
	return (fmt_is(f, s, "output") || fmt_is(f, s, "export") || fmt_is(f, s, "let")) &&
	       k1 != FMT_NONE &&
	       f->at[k1].kind == IDENT && i == fmt_next_code(f, k1, to);
}

static void fmt_seq(struct fmt *f, size_t from, size_t to, enum fmt_ctx ctx, int ind, bool multi);

/* Column (from 0) of an output offset. */
static size_t fmt_column(const struct fmt *f, size_t off)
{
	size_t k = off;

	while (k > 0 && f->out.s[k - 1] != '\n')
		k--;
	return off - k;
}

/* True when exactly one line break lies between two output offsets. */
static bool fmt_one_line_apart(const struct fmt *f, size_t a, size_t b)
{
	const char *nl = memchr(f->out.s + a, '\n', b - a);

	return nl && !memchr(nl + 1, '\n', (size_t)(f->out.s + b - (nl + 1)));
}

static void fmt_group(struct fmt *f, size_t i, enum fmt_ctx ctx, int ind)
{
	size_t j = f->at[i].match;
	bool block = fmt_is_block(f, i);

	fmt_text(f, i);
	f->last = i;
	f->unary = false;
	if (j == i + 1) {
		fmt_text(f, j);
		f->last = j;
		return;
	}
	if (fmt_fits(f, i, ctx == FMT_LIST)) {
		/* one line, unless a block then passes the column limit or a
		 * group inside had to break: undone */
		size_t len = f->out.len, ntrail = f->ntrail, block_nl = f->block_nl;
		bool spaced = f->spaced, need_nl = f->need_nl, unary = f->unary;

		f->spaced = block && ctx != FMT_LIST;
		fmt_seq(f, i + 1, j, block ? FMT_BLOCK : FMT_LIST, ind + 1, false);
		if (fmt_is(f, i, "{") && !fmt_is(f, f->last, "{"))
			strbuf_addc(&f->out, ' ');
		fmt_text(f, j);
		f->spaced = spaced;
		if (fmt_count_nl(f->out.s + len, f->out.len - len) == f->block_nl - block_nl &&
		    (!block || fmt_column(f, f->out.len) <= FMT_MAX_COLUMNS)) {
			f->last = j;
			return;
		}
		f->out.len = len;
		f->out.s[len] = '\0';
		f->ntrail = ntrail;
		f->block_nl = block_nl;
		f->need_nl = need_nl;
		f->unary = unary;
		f->last = i;
		f->explode = !block;
	}
	fmt_seq(f, i + 1, j, block ? FMT_BLOCK : FMT_LIST, ind + 1, true);
	fmt_break(f, FMT_LINE, ind);
	fmt_text(f, j);
	f->last = j;
}

/* Writes the atoms [from, to): the top level, or the inside of a bracket
 * group at indent ind, on several lines (multi) or on one. */
static void fmt_seq(struct fmt *f, size_t from, size_t to, enum fmt_ctx ctx, int ind, bool multi)
{
	struct fmt_run run = { NULL, NULL, 0, 0 };
	struct fmt_entry e = { false, 0, FMT_NONE, 0 };
	bool first = true;		/* no token written at this level yet */
	bool any = false;		/* nothing at all written at this level yet */
	bool sep_used = true;		/* the top-level separator before the next item */
	int sep = FMT_LINE;
	int body = ctx == FMT_TOP ? 0 : ind;	/* indent of entries */
	bool explode = f->explode && ctx == FMT_LIST;	/* one element per line */

	f->explode = false;

	for (size_t i = from; i < to;) {
		struct fmt_atom *a = &f->at[i];
		enum fmt_break b = FMT_SAME;
		int at_ind = body;

		if (a->kind == FMT_COMMENT) {
			if (!a->nl_before && f->out.len) {
				fmt_trim(f);
				if (f->ntrail == f->captrail) {
					f->captrail = f->captrail ? f->captrail * 2 : 64;
					f->trail = xrealloc(f->trail, f->captrail * sizeof(*f->trail));
				}
				f->trail[f->ntrail++] = f->out.len;
				strbuf_adds(&f->out, "  ");
			} else {
				fmt_entry_close(f, &e, &run);
				fmt_run_flush(f, &run);
				b = a->blank_before && any ? FMT_BLANK : FMT_LINE;
				if (ctx == FMT_TOP && !sep_used) {
					b = sep == FMT_BLANK || a->blank_before ? FMT_BLANK : FMT_LINE;
					sep_used = true;
				}
				fmt_break(f, b, body);
			}
			fmt_text(f, i);
			f->need_nl = true;
			any = true;
			i++;
			continue;
		}
		if (ctx == FMT_BLOCK && fmt_is(f, i, ",")) {
			i++;
			continue;
		}
		if (multi) {
			if (a->entry) {
				fmt_entry_close(f, &e, &run);
				if (ctx == FMT_TOP) {
					b = first && !f->out.len ? FMT_SAME : FMT_LINE;
					if (!first && !sep_used)
						b = sep == FMT_BLANK ? FMT_BLANK : FMT_LINE;
					else if (!first && a->blank_before)
						b = FMT_BLANK;
					if (first && f->out.len)
						b = a->blank_before ? FMT_BLANK : FMT_LINE;
				} else {
					b = a->blank_before && any ? FMT_BLANK : FMT_LINE;
				}
				if (b == FMT_BLANK)
					fmt_run_flush(f, &run);
				fmt_break(f, b, body);
				b = FMT_LINE;	/* written */
				e.open = true;
				e.line_start = f->out.len;
				e.key_end = FMT_NONE;
				e.start = i;
				if (ctx == FMT_TOP) {
					size_t nx = fmt_next_code(f, i, to);

					while (nx != FMT_NONE && !f->at[nx].entry)
						nx = fmt_next_code(f, nx, to);
					sep_used = nx == FMT_NONE;
					sep = nx == FMT_NONE ? FMT_LINE : f->at[nx].sep;
				}
			} else if (first && ctx != FMT_TOP) {
				fmt_break(f, FMT_LINE, body);
				b = FMT_LINE;
			} else if ((a->nl_before || f->need_nl ||
				    (explode && f->last != FMT_NONE && fmt_is(f, f->last, ","))) &&
				   !(first && !f->out.len)) {
				at_ind = ctx == FMT_LIST ? body : body + 1;
				fmt_break(f, FMT_LINE, at_ind);
				b = FMT_LINE;
			}
		} else if (a->entry && !first && ctx == FMT_BLOCK) {
			strbuf_addc(&f->out, f->spaced ? ' ' : ',');
		}
		if (b == FMT_SAME && fmt_space(f, i, ctx))
			strbuf_addc(&f->out, ' ');
		if (e.open && fmt_key_eq(f, e.start, i, to)) {
			fmt_trim(f);
			e.key_end = f->out.len;
			strbuf_addc(&f->out, ' ');
		}
		first = false;
		any = true;
		if (fmt_opener(f, i)) {
			fmt_group(f, i, ctx, at_ind);
			i = a->match + 1;
			continue;
		}
		{
			bool unary = (fmt_is(f, i, "-") || fmt_is(f, i, "!")) &&
				     !fmt_value_end(f, f->last);

			fmt_text(f, i);
			f->last = i;
			f->unary = unary;
		}
		i++;
	}
	fmt_entry_close(f, &e, &run);
	fmt_run_flush(f, &run);
	free(run.pos);
	free(run.width);
}

/* ---- checking the result ---------------------------------------------------- */

struct fmt_scan {
	struct arena *arena;
	struct src_set srcs;
	struct diag_ctx diag;
	struct parse_token *toks;
	size_t ntoks;
	struct fmt_atom *atoms;
	size_t natoms;
};

static bool fmt_scan(struct fmt_scan *s, const char *text, size_t len)
{
	char *copy = xmalloc(len + 1);
	struct srcfile *sf;

	memcpy(copy, text, len);
	copy[len] = '\0';
	s->arena = arena_new();
	src_set_init(&s->srcs);
	diag_init(&s->diag, &s->srcs);
	src_add(&s->srcs, "<fmt>", copy, len);
	parse_file(s->arena, &s->diag, 1, false);
	s->ntoks = parse_tokens(s->arena, &s->diag, 1, &s->toks);
	sf = src_get(&s->srcs, 1);
	s->natoms = fmt_atoms(sf->text, sf->len, s->toks, s->ntoks, &s->atoms);
	return s->diag.errors == 0;
}

static void fmt_scan_fini(struct fmt_scan *s)
{
	free(s->toks);
	free(s->atoms);
	diag_fini(&s->diag);
	src_set_fini(&s->srcs);
	arena_free(s->arena);
}

/* The same tokens (commas aside) and the same comments, in the same order. */
static bool fmt_same(const char *a, const struct fmt_atom *x, size_t nx, const char *b,
		     const struct fmt_atom *y, size_t ny)
{
	size_t i = 0, j = 0;

	for (;;) {
		while (i < nx && x[i].kind == ',')
			i++;
		while (j < ny && y[j].kind == ',')
			j++;
		if (i == nx || j == ny)
			return i == nx && j == ny;
		if (fmt_is_block_string(a, &x[i]) && fmt_is_block_string(b, &y[j])) {
			struct strbuf u, v;
			bool same;

			strbuf_init(&u);
			strbuf_init(&v);
			fmt_block_text(&u, a, x[i].start, x[i].end, 0);
			fmt_block_text(&v, b, y[j].start, y[j].end, 0);
			same = u.len == v.len && !memcmp(u.s, v.s, u.len);
			strbuf_fini(&u);
			strbuf_fini(&v);
			if (!same)
				return false;
			i++;
			j++;
			continue;
		}
		if (x[i].kind != y[j].kind || x[i].end - x[i].start != y[j].end - y[j].start ||
		    memcmp(a + x[i].start, b + y[j].start, x[i].end - x[i].start))
			return false;
		i++;
		j++;
	}
}

/* Trailing comments of consecutive lines start in the same column: the
 * first after the longest of those lines, two spaces on. Last group first,
 * so that the earlier offsets stay valid. */
static void fmt_align_comments(struct fmt *f)
{
	size_t end = f->ntrail;

	while (end > 0) {
		size_t first = end - 1, col = 0;

		while (first > 0 && memchr(f->out.s + f->trail[first - 1], '\n',
					   f->trail[first] - f->trail[first - 1]) &&
		       fmt_one_line_apart(f, f->trail[first - 1], f->trail[first]))
			first--;
		for (size_t k = first; k < end; k++)
			if (fmt_column(f, f->trail[k]) > col)
				col = fmt_column(f, f->trail[k]);
		for (size_t k = end; k-- > first;) {
			size_t pad = col - fmt_column(f, f->trail[k]);

			if (!pad)
				continue;
			for (size_t p = 0; p < pad; p++)
				strbuf_addc(&f->out, ' ');
			memmove(f->out.s + f->trail[k] + pad, f->out.s + f->trail[k],
				f->out.len - pad - f->trail[k]);
			memset(f->out.s + f->trail[k], ' ', pad);
		}
		end = first;
	}
}

char *fmt_file(struct arena *a, struct diag_ctx *d, uint32_t file, size_t *len)
{
	struct srcfile *sf = src_get(d->srcs, file);
	unsigned before = d->errors;
	struct parse_token *toks;
	struct fmt f;
	struct fmt_scan check;
	size_t nt;
	bool ok;

	parse_file(a, d, file, false);
	if (d->errors > before)
		return NULL;
	nt = parse_tokens(a, d, file, &toks);
	memset(&f, 0, sizeof(f));
	f.src = sf->text;
	f.last = FMT_NONE;
	f.n = fmt_atoms(sf->text, sf->len, toks, nt, &f.at);
	free(toks);
	strbuf_init(&f.out);
	if (!fmt_match(&f)) {
		free(f.at);
		diag_error(d, (struct phx_loc){ file, 0, 0 }, "phxc fmt: unbalanced brackets");
		return NULL;
	}
	fmt_mark(&f, 0, f.n, FMT_TOP);
	fmt_top_seps(&f);
	fmt_seq(&f, 0, f.n, FMT_TOP, 0, true);
	fmt_align_comments(&f);
	free(f.trail);
	fmt_trim(&f);
	while (f.out.len && f.out.s[f.out.len - 1] == '\n')
		f.out.len--;
	if (f.out.len)
		strbuf_addc(&f.out, '\n');
	else
		strbuf_adds(&f.out, "");	/* allocates: an empty file formats to "" */

	ok = fmt_scan(&check, f.out.s, f.out.len) &&
	     fmt_same(sf->text, f.at, f.n, check.srcs.files[1]->text, check.atoms, check.natoms);
	fmt_scan_fini(&check);
	free(f.at);
	if (!ok) {
		diag_error(d, (struct phx_loc){ file, 0, 0 },
			   "internal error: phxc fmt would change the program; the file is left as it is");
		strbuf_fini(&f.out);
		return NULL;
	}
	*len = f.out.len;
	return strbuf_steal(&f.out);
}
