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

/* Later passes walk expressions recursively, so an expression deeper than
 * PARSE_MAX_EXPR_DEPTH (a left-deep chain: 1 + 1 + ..., a[0][0]...,
 * "a" + "a" ...) is reported here, once, and cut down to an empty string so
 * that nothing after the parser sees the depth. */
static struct ast_node *bounded(struct phx_parser *p, struct ast_node *n)
{
	uint32_t d = ast_depth_measure(n);
	struct ast_node *cut;

	if (d <= PARSE_MAX_EXPR_DEPTH)
		return n;
	if (d == PARSE_MAX_EXPR_DEPTH + 1) {
		struct diag *r = diag_error(p->diag, n->loc, "expression nested deeper than %d levels",
					    PARSE_MAX_EXPR_DEPTH);

		diag_hint(r, "split it into smaller expressions, or build it with a list and a function "
			  "such as join()");
	}
	cut = ast_new(p->arena, AST_STRING, n->loc);
	cut->depth = d;
	return cut;
}

static struct ast_node *ast_binary(struct phx_parser *p, struct phx_loc loc, enum ast_op op,
				   struct ast_node *lhs, struct ast_node *rhs)
{
	struct ast_node *n = ast_new(p->arena, AST_BINARY, loc);

	n->bin.op = op;
	n->bin.lhs = lhs;
	n->bin.rhs = rhs;
	return bounded(p, n);
}

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
	return bounded(p, n);
}

static struct ast_node *entry_node(struct phx_parser *p, struct phx_loc loc, struct ast_ident key,
				   struct ast_node *value)
{
	struct ast_node *n = ast_new(p->arena, AST_ENTRY, loc);

	n->entry.key = key;
	n->entry.value = value;
	return bounded(p, n);
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
	struct ast_allow *allow;
	struct { struct ast_list list; struct ast_allow *allows; } ablock;	/* entries or items, and acknowledgements */
}

%token END 0 "end of file"
%token STACK "'stack'" RESOURCE "'resource'" PARAM "'param'" OUTPUT "'output'"
%token ENV "'env'" IMPORT "'import'" COMPONENT "'component'" EXPORT "'export'"
%token IF "'if'" THEN "'then'" ELSE "'else'" FOR "'for'" IN "'in'"
%token TRUE "'true'" FALSE "'false'" ALLOW "'allow'" LET "'let'"
%token PLUS "'+'" STAR "'*'" SLASH "'/'" LT "'<'" GT "'>'" BANG "'!'"
%token DOTDOT "'..'" EQ "'=='" NE "'!='" LE "'<='" GE "'>='" AND "'&&'" OR "'||'" ARROW "'->'"
%token <id> IDENT "identifier"
%token <text> INT "integer" DECIMAL "decimal number" UNIT "quantity"
%token STR_START "string"
%token <text> STR_TEXT "text"
%token STR_END "end of string"
%token INTERP_START "'${'" INTERP_END "'}' closing '${'"

%type <node> item body_item stack_decl resource_decl param_decl output_decl env_decl
%type <node> import_decl component_decl cparam instance_decl export_decl let_decl if_item for_item else_part
%type <node> entry expr postfix nonref primary string list map ref call opt_default opt_block ptype ctype arg
%type <list> items body_items body entries parts list_items expr_list args arg_list block
%type <list> cparams cparam_list
%type <id> key key_word
%type <allow> allow
%type <ablock> ack_block ack_entries comp_body comp_items

%precedence ELSE
%left OR
%left AND
%nonassoc EQ NE LT LE GT GE
%nonassoc DOTDOT
%left '-' PLUS
%left STAR SLASH
%precedence BANG UMINUS

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
	| param_decl
	| env_decl
	| import_decl
	| component_decl
	| body_item
	| error			{ $$ = NULL; }
	;

/* What a component body, an if and a for may hold. */
body_item
	: resource_decl
	| instance_decl
	| export_decl
	| let_decl
	| output_decl
	| if_item
	| for_item
	;

body
	: '{' body_items '}'	{ $$ = $2; }
	;

body_items
	: %empty		{ ast_list_init(&$$); }
	| body_items body_item	{ $$ = $1; ast_list_add(&$$, $2); }
	| body_items error	{ $$ = $1; }
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
	: RESOURCE IDENT string ack_block	{
		$$ = ast_item(A, AST_RESOURCE, @$, $2);
		$$->item.type = $3;
		$$->item.body = $4.list.head;
		$$->item.body_loc = @4;
		$$->item.allows = $4.allows;
	}
	;

/* allow "PHX-S012" "reason": accepts a lint finding (compiler/lint.c) on a
 * resource, an instance or every instance of a component */
allow
	: ALLOW string string	{
		$$ = ARENA_NEW(A, struct ast_allow);
		$$->loc = @$;
		$$->rule = $2;
		$$->reason = $3;
	}
	;

/* a resource's or an instance's block: entries and acknowledgements */
ack_block
	: '{' ack_entries '}'	{ $$ = $2; }
	;

ack_entries
	: %empty		{ ast_list_init(&$$.list); $$.allows = NULL; }
	| ack_entries entry	{ $$ = $1; ast_list_add(&$$.list, $2); }
	| ack_entries allow	{ $$ = $1; ast_allow_add(&$$.allows, $2); }
	| ack_entries ','	{ $$ = $1; }
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

/* import "aws/network"   import "./lib/shared.phx" */
import_decl
	: IMPORT string		{
		struct ast_ident none = { "", @1, false };

		$$ = ast_item(A, AST_IMPORT, @$, none);
		$$->item.type = $2;
	}
	;

/* component NAME(arg: type = default, ...) { body } */
component_decl
	: COMPONENT IDENT '(' cparams ')' comp_body	{
		$$ = ast_item(A, AST_COMPONENT, @$, $2);
		$$->item.params = $4.head;
		$$->item.body = $6.list.head;
		$$->item.body_loc = @6;
		$$->item.allows = $6.allows;
	}
	;

comp_body
	: '{' comp_items '}'	{ $$ = $2; }
	;

comp_items
	: %empty		{ ast_list_init(&$$.list); $$.allows = NULL; }
	| comp_items body_item	{ $$ = $1; ast_list_add(&$$.list, $2); }
	| comp_items allow	{ $$ = $1; ast_allow_add(&$$.allows, $2); }
	| comp_items error	{ $$ = $1; }
	;

cparams
	: %empty		{ ast_list_init(&$$); }
	| cparam_list
	| cparam_list ','
	;

cparam_list
	: cparam		{ ast_list_init(&$$); ast_list_add(&$$, $1); }
	| cparam_list ',' cparam	{ $$ = $1; ast_list_add(&$$, $3); }
	;

cparam
	: IDENT ':' ctype opt_default	{
		$$ = ast_item(A, AST_PARAM, @$, $1);
		$$->item.type = $3;
		$$->item.value = $4;
	}
	/* arg: const int: known at compile time (sema checks the word) */
	| IDENT ':' IDENT ptype opt_default	{
		$$ = ast_item(A, AST_PARAM, @$, $1);
		$$->item.qual = $3;
		$$->item.type = $4;
		$$->item.value = $5;
	}
	;

/* a component argument's type: a name, a resource type in quotes, or a
 * record: { field: type [= default], ... } */
ctype
	: ptype
	| '{' cparams '}'	{ $$ = list_node(p, AST_RECORD, @$, &$2); }
	;

/* COMPONENT NAME { arg = value  nested { ... } } */
instance_decl
	: IDENT IDENT ack_block	{
		$$ = ast_item(A, AST_INSTANCE, @$, $2);
		$$->item.type = ast_ref_new(A, $1);
		$$->item.body = $3.list.head;
		$$->item.body_loc = @3;
		$$->item.allows = $3.allows;
	}
	;

/* export NAME = expr */
export_decl
	: EXPORT IDENT '=' expr	{
		$$ = ast_item(A, AST_EXPORT, @$, $2);
		$$->item.value = $4;
	}
	;

/* let NAME = expr: a named value of the scope it is in (not exported) */
let_decl
	: LET IDENT '=' expr	{
		$$ = ast_item(A, AST_LET, @$, $2);
		$$->item.value = $4;
	}
	;

/* if cond { items } [else { items } | else if ...] */
if_item
	: IF expr body else_part	{
		$$ = ast_new(A, AST_IF, @$);
		$$->cond.cond = $2;
		$$->cond.then = $3.head;
		$$->cond.otherwise = $4;
	}
	;

else_part
	: %empty		{ $$ = NULL; }
	| ELSE body		{
		/* an else block is kept as an if without condition */
		$$ = ast_new(A, AST_IF, @$);
		$$->cond.then = $2.head;
	}
	| ELSE if_item		{ $$ = $2; }
	;

/* for x in list { items } */
for_item
	: FOR IDENT IN expr body	{
		$$ = ast_new(A, AST_FOR, @$);
		$$->loop.var = $2;
		$$->loop.iter = $4;
		$$->loop.body = $5.head;
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
		$$.quoted = true;
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
	: EXPORT		{ $$.name = "export"; $$.loc = @1; $$.quoted = false; }
	| ENV			{ $$.name = "env"; $$.loc = @1; $$.quoted = false; }
	| IN			{ $$.name = "in"; $$.loc = @1; $$.quoted = false; }
	| THEN			{ $$.name = "then"; $$.loc = @1; $$.quoted = false; }
	| ELSE			{ $$.name = "else"; $$.loc = @1; $$.quoted = false; }
	| ALLOW			{ $$.name = "allow"; $$.loc = @1; $$.quoted = false; }
	| LET			{ $$.name = "let"; $$.loc = @1; $$.quoted = false; }
	;

expr
	: postfix
	| '-' expr %prec UMINUS	{ $$ = ast_new(A, AST_NEG, @$); $$->operand = $2; $$ = bounded(p, $$); }
	| BANG expr		{ $$ = ast_new(A, AST_NOT, @$); $$->operand = $2; $$ = bounded(p, $$); }
	| expr PLUS expr	{ $$ = ast_binary(p, @$, AST_OP_ADD, $1, $3); }
	| expr '-' expr		{ $$ = ast_binary(p, @$, AST_OP_SUB, $1, $3); }
	| expr STAR expr	{ $$ = ast_binary(p, @$, AST_OP_MUL, $1, $3); }
	| expr SLASH expr	{ $$ = ast_binary(p, @$, AST_OP_DIV, $1, $3); }
	| expr EQ expr		{ $$ = ast_binary(p, @$, AST_OP_EQ, $1, $3); }
	| expr NE expr		{ $$ = ast_binary(p, @$, AST_OP_NE, $1, $3); }
	| expr LT expr		{ $$ = ast_binary(p, @$, AST_OP_LT, $1, $3); }
	| expr LE expr		{ $$ = ast_binary(p, @$, AST_OP_LE, $1, $3); }
	| expr GT expr		{ $$ = ast_binary(p, @$, AST_OP_GT, $1, $3); }
	| expr GE expr		{ $$ = ast_binary(p, @$, AST_OP_GE, $1, $3); }
	| expr AND expr		{ $$ = ast_binary(p, @$, AST_OP_AND, $1, $3); }
	| expr OR expr		{ $$ = ast_binary(p, @$, AST_OP_OR, $1, $3); }
	| expr DOTDOT expr	{ $$ = ast_binary(p, @$, AST_OP_RANGE, $1, $3); }
	| IF expr THEN expr ELSE expr	{
		$$ = ast_new(A, AST_IFEXPR, @$);
		$$->cond.cond = $2;
		$$->cond.then = $4;
		$$->cond.otherwise = $6;
		$$ = bounded(p, $$);
	}
	;

/* a[i], a.b on anything but a plain name (whose dots make a reference) */
postfix
	: ref
	| nonref
	;

nonref
	: primary
	| postfix '[' expr ']'	{
		$$ = ast_new(A, AST_INDEX, @$);
		$$->index.base = $1;
		$$->index.index = $3;
		$$ = bounded(p, $$);
	}
	| nonref '.' IDENT	{
		$$ = ast_new(A, AST_MEMBER, @$);
		$$->member.base = $1;
		$$->member.name = $3;
		$$ = bounded(p, $$);
	}
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
	| call
	| '(' expr ')'		{ $$ = $2; }
	| '[' FOR IDENT IN expr ':' expr ']'	{
		$$ = ast_new(A, AST_COMPREHENSION, @$);
		$$->loop.var = $3;
		$$->loop.iter = $5;
		$$->loop.body = $7;
		$$ = bounded(p, $$);
	}
	;

string
	: STR_START parts STR_END	{
		$$ = ast_new(A, AST_STRING, @$);
		$$->str.parts = $2.head;
		$$ = bounded(p, $$);
	}
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

/* [a, b, c]: commas between items, one after the last allowed */
list
	: '[' list_items ']'	{ $$ = list_node(p, AST_LIST, @$, &$2); }
	;

list_items
	: %empty		{ ast_list_init(&$$); }
	| expr_list
	| expr_list ','
	;

expr_list
	: expr			{ ast_list_init(&$$); ast_list_add(&$$, $1); }
	| expr_list ',' expr	{ $$ = $1; ast_list_add(&$$, $3); }
	;

map
	: '{' entries '}'	{ $$ = list_node(p, AST_MAP, @$, &$2); }
	;

/* name  name.Attr  name.Attr.Sub  aws.region  env.key */
ref
	: IDENT			{ $$ = ast_ref_new(A, $1); }
	| ENV			{ struct ast_ident e = { "env", @1, false }; $$ = ast_ref_new(A, e); }
	| ref '.' IDENT		{ $$ = ast_ref_push(A, $1, $3); }
	;

/* f(a, b, key = value) */
call
	: IDENT '(' args ')'	{
		$$ = ast_new(A, AST_CALL, @$);
		$$->call.fn = $1;
		$$->call.args = $3.head;
		$$->call.nargs = $3.n;
		$$ = bounded(p, $$);
	}
	;

args
	: %empty		{ ast_list_init(&$$); }
	| arg_list
	| arg_list ','
	;

arg_list
	: arg			{ ast_list_init(&$$); ast_list_add(&$$, $1); }
	| arg_list ',' arg	{ $$ = $1; ast_list_add(&$$, $3); }
	;

arg
	: expr
	| IDENT '=' expr	{ $$ = entry_node(p, @$, $1, $3); }
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
	case YYSYMBOL_ENV:
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
