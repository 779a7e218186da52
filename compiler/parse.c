/* parse.c - runs the reentrant scanner and the pure parser over one file. */
#include "phx.h"
#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "parse.h"

#include "phx-parse.h"
#define YYSTYPE PHX_YYSTYPE
#define YYLTYPE PHX_YYLTYPE
#include "phx-lex.h"

#include <string.h>

/* The scanner over one file, in p; parse_end releases it. */
static YY_BUFFER_STATE parse_begin(struct phx_parser *p, struct arena *a, struct diag_ctx *d,
				   uint32_t file)
{
	memset(p, 0, sizeof(*p));
	p->arena = a;
	p->diag = d;
	p->file = file;
	p->src = src_get(d->srcs, file);
	if (phx_yylex_init_extra(p, &p->scanner))
		PHX_BUG("cannot initialise the scanner");
	return phx_yy_scan_bytes(p->src->text, (int)p->src->len, p->scanner);
}

static void parse_end(struct phx_parser *p, YY_BUFFER_STATE buf)
{
	phx_yy_delete_buffer(buf, p->scanner);
	phx_yylex_destroy(p->scanner);
}

struct ast_node *parse_file(struct arena *a, struct diag_ctx *d, uint32_t file, bool trace)
{
	struct phx_parser p;
	YY_BUFFER_STATE buf = parse_begin(&p, a, d, file);

	p.trace = trace;
	phx_yydebug = trace;
	phx_yyparse(&p);
	parse_end(&p, buf);
	return p.items;
}

size_t parse_tokens(struct arena *a, struct diag_ctx *d, uint32_t file, struct parse_token **out)
{
	struct phx_parser p;
	YY_BUFFER_STATE buf = parse_begin(&p, a, d, file);
	struct parse_token *toks = NULL;
	size_t n = 0, cap = 0;
	PHX_YYSTYPE lval;
	struct phx_loc lloc;
	int kind;

	while ((kind = phx_yylex(&lval, &lloc, p.scanner)) != 0) {
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			toks = xrealloc(toks, cap * sizeof(*toks));
		}
		toks[n].kind = kind;
		toks[n].loc = lloc;
		n++;
	}
	parse_end(&p, buf);
	*out = toks;
	return n;
}

uint32_t parse_block_strip(const char *text, size_t len, uint32_t from)
{
	uint32_t strip = UINT32_MAX;
	size_t i = from;

	while (i < len) {
		uint32_t ind = 0;
		bool closed = false;

		while (i < len && (text[i] == ' ' || text[i] == '\t'))
			i++, ind++;
		if (i >= len || text[i] == '\n' || (text[i] == '\r' && i + 1 < len && text[i + 1] == '\n')) {
			i += i < len && text[i] == '\r';
			i++;
			continue;	/* blanks only */
		}
		if (ind < strip)
			strip = ind;
		for (; i < len && text[i] != '\n'; i++) {
			if (text[i] == '\\') {
				i++;
				if (i < len && text[i] == '\n')
					break;
			} else if (text[i] == '"' && i + 2 < len && text[i + 1] == '"' && text[i + 2] == '"') {
				closed = true;
				break;
			}
		}
		if (closed)
			break;
		i++;
	}
	return strip == UINT32_MAX ? 0 : strip;
}
