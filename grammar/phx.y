/* phx.y - grammar of .phx files.
 *
 * Actions only build nodes (ast.h); names, duplicates and types are the
 * business of compiler/resolve.c and compiler/sema.c. Errors are recovered at
 * entry and item boundaries so that one run reports every syntax error. */
%code requires {
#include "srcfile.h"
#include "ast.h"
struct phx_parser;
}

%code provides {
int phx_yylex(PHX_YYSTYPE *lval, PHX_YYLTYPE *lloc, void *scanner);
}

%code {
#include "phx.h"
#include "arena.h"
#include "diag.h"
#include "parse.h"

#include <stdlib.h>
#include <string.h>

#define scanner (p->scanner)

static void phx_yyerror(const struct phx_loc *loc, struct phx_parser *p, const char *msg)
{
	diag_error(p->diag, *loc, "%s", msg);
}
#define A (p->arena)

#define YYLLOC_DEFAULT(Cur, Rhs, N)					\
	do {								\
		if (N) {						\
			(Cur).file = YYRHSLOC(Rhs, 1).file;		\
			(Cur).start = YYRHSLOC(Rhs, 1).start;		\
			(Cur).end = YYRHSLOC(Rhs, N).end;		\
		} else {						\
			(Cur).file = YYRHSLOC(Rhs, 0).file;		\
			(Cur).start = (Cur).end = YYRHSLOC(Rhs, 0).end;	\
		}							\
	} while (0)

#define YYMALLOC xmalloc
#define YYFREE free

static struct ast_node *list_node(struct phx_parser *p, enum ast_kind kind, struct phx_loc loc,
				  struct ast_list *l)
{
	struct ast_node *n = ast_new(p->arena, kind, loc);

	n->list.items = l->head;
	n->list.n = l->n;
	return n;
}

static struct ast_node *entry_node(struct phx_parser *p, struct phx_loc loc, struct ast_ident key,
				   struct ast_node *value)
{
	struct ast_node *n = ast_new(p->arena, AST_ENTRY, loc);

	n->entry.key = key;
	n->entry.value = value;
	return n;
}
}

%define api.pure full
%define api.prefix {phx_yy}
%define api.location.type {struct phx_loc}
%define parse.error custom
%define parse.lac full
%define parse.trace
%locations
%expect 0
%parse-param {struct phx_parser *p}
%lex-param {void *scanner}

%initial-action {
	@$.file = p->file;
	@$.start = @$.end = 0;
}

%union {
	struct ast_ident id;
	struct ast_node *node;
	struct { const char *s; size_t len; } text;
	struct ast_list list;
}

%token END 0 "end of file"
%token STACK "'stack'" RESOURCE "'resource'" PARAM "'param'" OUTPUT "'output'"
%token ENV "'env'" IMPORT "'import'" COMPONENT "'component'" EXPORT "'export'"
%token IF "'if'" THEN "'then'" ELSE "'else'" FOR "'for'" IN "'in'"
%token TRUE "'true'" FALSE "'false'"
%token PLUS "'+'" STAR "'*'" SLASH "'/'" LT "'<'" GT "'>'" BANG "'!'"
%token DOTDOT "'..'" EQ "'=='" NE "'!='" LE "'<='" GE "'>='" AND "'&&'" OR "'||'" ARROW "'->'"
%token <id> IDENT "identifier"
%token <text> INT "integer" DECIMAL "decimal number" UNIT "quantity"
%token STR_START "string"
%token <text> STR_TEXT "text"
%token STR_END "end of string"
%token INTERP_START "'${'" INTERP_END "'}' closing '${'"

%type <node> item stack_decl resource_decl param_decl output_decl env_decl
%type <node> entry expr primary string list map ref call opt_default opt_block ptype
%type <list> items entries parts list_items args block
%type <id> key key_word

%%

file
	: items			{ p->items = $1.head; }
	;

items
	: %empty		{ ast_list_init(&$$); }
	| items item		{ $$ = $1; ast_list_add(&$$, $2); }
	;

item
	: stack_decl
	| resource_decl
	| param_decl
	| output_decl
	| env_decl
	| error			{ $$ = NULL; }
	;

/* stack NAME { description = "..."  region = "us-east-2" } */
stack_decl
	: STACK IDENT block	{
		$$ = ast_item(A, AST_STACK, @$, $2);
		$$->item.body = $3.head;
		$$->item.body_loc = @3;
	}
	;

/* resource NAME "AWS::Service::Type" { Property = value ... } */
resource_decl
	: RESOURCE IDENT string block	{
		$$ = ast_item(A, AST_RESOURCE, @$, $2);
		$$->item.type = $3;
		$$->item.body = $4.head;
		$$->item.body_loc = @4;
	}
	;

/* param NAME : TYPE [= default] [{ description = "..." }] */
param_decl
	: PARAM IDENT ':' ptype opt_default opt_block	{
		$$ = ast_item(A, AST_PARAM, @$, $2);
		$$->item.type = $4;
		$$->item.value = $5;
		if ($6) {
			$$->item.body = $6->list.items;
			$$->item.body_loc = $6->loc;
		}
	}
	;

ptype
	: IDENT			{ $$ = ast_ref_new(A, $1); }
	| string
	;

opt_default
	: %empty		{ $$ = NULL; }
	| '=' expr		{ $$ = $2; }
	;

opt_block
	: %empty		{ $$ = NULL; }
	| block			{ $$ = list_node(p, AST_MAP, @1, &$1); }
	;

/* output NAME = expr [{ description = "..."  export = "name" }] */
output_decl
	: OUTPUT IDENT '=' expr opt_block	{
		$$ = ast_item(A, AST_OUTPUT, @$, $2);
		$$->item.value = $4;
		if ($5) {
			$$->item.body = $5->list.items;
			$$->item.body_loc = $5->loc;
		}
	}
	;

/* env NAME { key = value ... } */
env_decl
	: ENV IDENT block	{
		$$ = ast_item(A, AST_ENV, @$, $2);
		$$->item.body = $3.head;
		$$->item.body_loc = @3;
	}
	;

block
	: '{' entries '}'	{ $$ = $2; }
	;

/* Entries are separated by newlines, commas or plain whitespace. */
entries
	: %empty		{ ast_list_init(&$$); }
	| entries entry		{ $$ = $1; ast_list_add(&$$, $2); }
	| entries ','		{ $$ = $1; }
	;

entry
	: key '=' expr		{ $$ = entry_node(p, @$, $1, $3); }
	| key map		{ $$ = entry_node(p, @$, $1, $2); }
	| error			{ $$ = NULL; }
	;

key
	: IDENT
	| key_word
	| string		{
		const char *s;

		$$.loc = @1;
		if (ast_string_literal(A, $1, &s)) {
			$$.name = s;
		} else {
			diag_error(p->diag, @1, "a key cannot hold '${...}'");
			$$.name = "";
		}
	}
	;

/* Keywords that cannot start an entry may still name one: export = "x" */
key_word
	: EXPORT		{ $$.name = "export"; $$.loc = @1; }
	| ENV		{ $$.name = "env"; $$.loc = @1; }
	| IN		{ $$.name = "in"; $$.loc = @1; }
	| THEN		{ $$.name = "then"; $$.loc = @1; }
	| ELSE		{ $$.name = "else"; $$.loc = @1; }
	;

expr
	: primary
	| '-' primary		{ $$ = ast_new(A, AST_NEG, @$); $$->operand = $2; }
	;

primary
	: INT			{ $$ = ast_number(A, AST_INT, @$, $1.s); }
	| DECIMAL		{ $$ = ast_number(A, AST_DECIMAL, @$, $1.s); }
	| UNIT			{ $$ = ast_number(A, AST_UNIT, @$, $1.s); }
	| TRUE			{ $$ = ast_new(A, AST_BOOL, @$); $$->b = true; }
	| FALSE			{ $$ = ast_new(A, AST_BOOL, @$); $$->b = false; }
	| string
	| list
	| map
	| ref
	| call
	;

string
	: STR_START parts STR_END	{ $$ = ast_new(A, AST_STRING, @$); $$->str.parts = $2.head; }
	;

parts
	: %empty		{ ast_list_init(&$$); }
	| parts STR_TEXT	{
		struct ast_node *n = ast_new(A, AST_STRPART, @2);

		n->part.text = $2.s;
		n->part.len = $2.len;
		$$ = $1;
		ast_list_add(&$$, n);
	}
	| parts INTERP_START expr INTERP_END	{ $$ = $1; ast_list_add(&$$, $3); }
	| parts INTERP_START error INTERP_END	{ $$ = $1; }
	;

list
	: '[' list_items ']'	{ $$ = list_node(p, AST_LIST, @$, &$2); }
	;

list_items
	: %empty		{ ast_list_init(&$$); }
	| list_items expr	{ $$ = $1; ast_list_add(&$$, $2); }
	| list_items ','	{ $$ = $1; }
	;

map
	: '{' entries '}'	{ $$ = list_node(p, AST_MAP, @$, &$2); }
	;

/* name  name.Attr  name.Attr.Sub  aws.region  env.key */
ref
	: IDENT			{ $$ = ast_ref_new(A, $1); }
	| ENV			{ struct ast_ident e = { "env", @1 }; $$ = ast_ref_new(A, e); }
	| ref '.' IDENT		{ $$ = ast_ref_push(A, $1, $3); }
	;

call
	: IDENT '(' args ')'	{
		$$ = ast_new(A, AST_CALL, @$);
		$$->call.fn = $1;
		$$->call.args = $3.head;
		$$->call.nargs = $3.n;
	}
	;

args
	: %empty		{ ast_list_init(&$$); }
	| args expr		{ $$ = $1; ast_list_add(&$$, $2); }
	| args ','		{ $$ = $1; }
	;

%%

static const char *const open_names[128] = {
	['{'] = "'{'", ['['] = "'['", ['('] = "'('", ['"'] = "string", ['$'] = "'${'",
};

static bool is_item_keyword(yysymbol_kind_t t)
{
	switch (t) {
	case YYSYMBOL_STACK:
	case YYSYMBOL_RESOURCE:
	case YYSYMBOL_PARAM:
	case YYSYMBOL_OUTPUT:
	case YYSYMBOL_IMPORT:
	case YYSYMBOL_COMPONENT:
		return true;
	default:
		return false;
	}
}

/* "unexpected X, expected A, B or C", with a note at the bracket that an
 * expected closer would close. */
static int yyreport_syntax_error(const yypcontext_t *ctx, struct phx_parser *p)
{
	enum { MAX_EXPECTED = 6, MAX_ALL = 128 };
	yysymbol_kind_t expected[MAX_ALL];
	yysymbol_kind_t tok = yypcontext_token(ctx);
	struct phx_loc loc = *yypcontext_location(ctx);
	int n = yypcontext_expected_tokens(ctx, expected, MAX_ALL);
	bool wants_close = false;
	struct strbuf b;
	struct diag *r;

	strbuf_init(&b);
	if (tok == YYSYMBOL_YYEMPTY)
		strbuf_adds(&b, "syntax error");
	else
		strbuf_addf(&b, "unexpected %s", yysymbol_name(tok));
	for (int i = 0; i < n; i++)
		if (expected[i] == YYSYMBOL_INTERP_END || !strcmp(yysymbol_name(expected[i]), "'}'") ||
		    !strcmp(yysymbol_name(expected[i]), "']'") ||
		    !strcmp(yysymbol_name(expected[i]), "')'"))
			wants_close = true;
	if (n > 0 && n <= MAX_EXPECTED) {
		strbuf_adds(&b, ", expected ");
		for (int i = 0; i < n; i++)
			strbuf_addf(&b, "%s%s", i == 0 ? "" : i == n - 1 ? " or " : ", ",
				    yysymbol_name(expected[i]));
	}
	r = diag_error(p->diag, loc, "%s", b.s);
	strbuf_fini(&b);
	if (wants_close && (tok == YYSYMBOL_YYEOF || is_item_keyword(tok)) &&
	    p->depth > 0 && p->depth <= PARSE_MAX_DEPTH) {
		uint32_t off = p->open[p->depth - 1];
		char k = p->open_kind[p->depth - 1];
		struct phx_loc at = { p->file, off, off + (k == '$' ? 2 : 1) };

		diag_note(r, at, "to close the %s opened here", open_names[(unsigned char)k]);
	}
	if (is_item_keyword(tok) && wants_close && p->depth > 0 && p->depth <= PARSE_MAX_DEPTH) {
		char k = p->open_kind[p->depth - 1];

		diag_hint(r, "a '%c' is probably missing before this %s",
			  k == '[' ? ']' : k == '(' ? ')' : '}', yysymbol_name(tok));
	}
	else if (tok == YYSYMBOL_IDENT && n > 0 && !strcmp(yysymbol_name(expected[0]), "'='"))
		diag_hint(r, "write entries as 'key = value'");
	return 0;
}
