/* parse.h - front end entry point and the state shared by phx.l and phx.y.
 *
 * parse_file() scans and parses one source file of the src_set into a list
 * of top-level items. Syntax errors are queued in the diag context; the
 * parser recovers at entry and item boundaries so one run reports them all. */
#ifndef PHX_COMPILER_PARSE_H
#define PHX_COMPILER_PARSE_H

#include <stdbool.h>
#include <stdint.h>

#include "srcfile.h"

struct arena;
struct diag_ctx;
struct ast_node;

#define PARSE_MAX_DEPTH 200		/* open brackets and strings */
#define PARSE_MAX_EXPR_DEPTH 1000	/* levels of an expression tree (phx.y) */

struct phx_parser {
	struct arena *arena;
	struct diag_ctx *diag;
	struct srcfile *src;
	uint32_t file;
	struct ast_node *items;
	/* scanner state (yyextra) */
	void *scanner;
	uint32_t offset;		/* byte offset of the next character */
	uint32_t open[PARSE_MAX_DEPTH];	/* offsets of unclosed '{' '[' '(' and '"' */
	char open_kind[PARSE_MAX_DEPTH];
	uint32_t strip[PARSE_MAX_DEPTH];	/* block strings: the indentation their lines lose */
	int depth;
	bool too_deep;
	bool last_invalid;		/* coalesce runs of invalid characters */
	bool trace;			/* --debug=parse */
};

/* Parses file `file` of d->srcs. Returns the items (possibly partial on
 * errors); the caller checks the diag context. */
struct ast_node *parse_file(struct arena *a, struct diag_ctx *d, uint32_t file, bool trace);

/* One token of parse_tokens(): its bison token number (phx-parse.h) and
 * where it is. Comments and blanks are not tokens; they are the gaps. */
struct parse_token {
	int kind;
	struct phx_loc loc;
};

/* Scans file `file` without parsing, for phxc fmt: every token in order,
 * strings in pieces (STR_START, STR_TEXT..., STR_END). Lexical errors are
 * queued in d. Returns the count; *out is xmalloc'd, the caller frees it. */
size_t parse_tokens(struct arena *a, struct diag_ctx *d, uint32_t file, struct parse_token **out);

/* A block string whose text starts at offset `from` of text (just after the
 * line holding its opening '"""'): the common indentation of its lines, in
 * blank characters (spaces and tabs count one each). The lines that count
 * are those with text and the line of the closing '"""'; lines of blanks
 * only do not. */
uint32_t parse_block_strip(const char *text, size_t len, uint32_t from);

#endif
