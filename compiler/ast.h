/* ast.h - the syntax tree built by grammar/phx.y.
 *
 * Every node carries its source span. Nodes live in the compilation's arena
 * (arena.h) and are never freed one by one. Lists are chained through
 * `next`. The resolve pass fills in the `sym` fields; nothing else changes a
 * node after parsing. */
#ifndef PHX_COMPILER_AST_H
#define PHX_COMPILER_AST_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "srcfile.h"

struct arena;
struct sym;

enum ast_kind {
	/* top-level items */
	AST_STACK,	/* stack NAME { entries } */
	AST_PARAM,	/* param NAME : TYPE [= expr] [{ entries }] */
	AST_RESOURCE,	/* resource NAME "AWS::X::Y" { entries } */
	AST_OUTPUT,	/* output NAME = expr */
	AST_ENV,	/* env NAME { entries } */
	/* inside blocks and maps */
	AST_ENTRY,	/* key = expr   |   key { entries } */
	/* expressions */
	AST_STRING,	/* "text ${expr} text" */
	AST_STRPART,	/* literal text of a string, escapes decoded */
	AST_INT,	/* 42 */
	AST_DECIMAL,	/* 0.5 */
	AST_BOOL,	/* true false */
	AST_UNIT,	/* 7d 12h 30m 70% 20GB */
	AST_LIST,	/* [a, b] */
	AST_MAP,	/* { key = value } */
	AST_RECORD,	/* { field: type [= default], ... }: a component argument's type */
	AST_REF,	/* name  name.Attr  aws.region  env.key */
	AST_CALL,	/* name(args) */
	AST_NEG,	/* -expr */
	AST_NOT,	/* !expr */
	AST_BINARY,	/* a + b, a == b, a && b, a..b ... */
	AST_IFEXPR,	/* if c then a else b */
	AST_INDEX,	/* a[i] */
	AST_MEMBER,	/* f(x).name, a[0].Arn */
	AST_COMPREHENSION,	/* [for x in list: expr] */
	/* items of the language proper */
	AST_IMPORT,	/* import "aws/network" */
	AST_COMPONENT,	/* component NAME(params) { body } */
	AST_INSTANCE,	/* COMPONENT NAME { args } */
	AST_LET,	/* let NAME = expr */
	AST_EXPORT,	/* export NAME = expr */
	AST_IF,		/* if c { items } else { items } */
	AST_FOR,	/* for x in list { items } */
	AST_KIND_COUNT
};

enum ast_op {
	AST_OP_ADD,
	AST_OP_SUB,
	AST_OP_MUL,
	AST_OP_DIV,
	AST_OP_EQ,
	AST_OP_NE,
	AST_OP_LT,
	AST_OP_LE,
	AST_OP_GT,
	AST_OP_GE,
	AST_OP_AND,
	AST_OP_OR,
	AST_OP_RANGE,
};

/* The operator as written, for messages. */
const char *ast_op_name(enum ast_op op);

struct ast_ident {
	const char *name;
	struct phx_loc loc;
	bool quoted;	/* an entry's key written as a string: "serviceToken" */
};

struct ast_node;

/* allow "PHX-S012" "reason" in a resource, an instance or a component body:
 * accepts a finding of the security lint (lint.h). */
struct ast_allow {
	struct phx_loc loc;		/* the whole 'allow ...' */
	struct ast_node *rule, *reason;	/* AST_STRING */
	struct ast_allow *next;
};

struct ast_node {
	enum ast_kind kind;
	struct phx_loc loc;
	struct ast_node *next;
	uint32_t depth;		/* expressions: levels below and including this node,
				 * set by the parser (ast_depth_measure) */
	union {
		/* AST_STACK, AST_PARAM, AST_RESOURCE, AST_OUTPUT, AST_ENV, AST_IMPORT,
		 * AST_COMPONENT, AST_INSTANCE, AST_EXPORT, AST_LET */
		struct {
			struct ast_ident name;
			struct ast_node *type;	/* RESOURCE: AST_STRING; PARAM: AST_REF or AST_STRING;
						 * IMPORT: the path; INSTANCE: AST_REF to the component */
			struct ast_node *params;	/* COMPONENT: AST_PARAM list */
			struct ast_node *value;	/* PARAM: default or NULL; OUTPUT: the value */
			struct ast_node *body;	/* entries (AST_ENTRY list) */
			struct phx_loc body_loc;	/* the braces */
			struct sym *sym;
			struct ast_ident qual;	/* PARAM of a component: "const" before
						 * the type, or a NULL name */
			struct ast_allow *allows;	/* RESOURCE, INSTANCE, COMPONENT: acknowledgements */
		} item;
		/* AST_ENTRY */
		struct {
			struct ast_ident key;
			struct ast_node *value;
		} entry;
		/* AST_STRING: parts are AST_STRPART and expressions */
		struct {
			struct ast_node *parts;
		} str;
		/* AST_STRPART */
		struct {
			const char *text;
			size_t len;
		} part;
		/* AST_INT, AST_DECIMAL, AST_UNIT */
		struct {
			const char *text;	/* digits as written */
			const char *unit;	/* AST_UNIT: "d", "%", "GB" ... */
			struct phx_loc unit_loc;
			int64_t i;		/* AST_INT */
			double d;		/* AST_DECIMAL, AST_UNIT */
			bool overflow;		/* did not fit */
		} num;
		/* AST_BOOL */
		bool b;
		/* AST_LIST (items), AST_MAP (AST_ENTRY items) */
		struct {
			struct ast_node *items;
			size_t n;
		} list;
		/* AST_REF */
		struct {
			struct ast_ident *segs;	/* segs[0] is the name */
			size_t nsegs;
			struct sym *sym;
		} ref;
		/* AST_CALL */
		struct {
			struct ast_ident fn;
			struct ast_node *args;
			size_t nargs;
		} call;
		/* AST_NEG, AST_NOT */
		struct ast_node *operand;
		/* AST_BINARY */
		struct {
			enum ast_op op;
			struct ast_node *lhs, *rhs;
		} bin;
		/* AST_IF (then/otherwise are item lists; otherwise is an AST_IF, whose
		 * cond is NULL for a plain else), AST_IFEXPR (expressions) */
		struct {
			struct ast_node *cond, *then, *otherwise;
		} cond;
		/* AST_FOR (body: items), AST_COMPREHENSION (body: one expression) */
		struct {
			struct ast_ident var;
			struct ast_node *iter, *body;
		} loop;
		/* AST_INDEX */
		struct {
			struct ast_node *base, *index;
		} index;
		/* AST_MEMBER */
		struct {
			struct ast_node *base;
			struct ast_ident name;
		} member;
	};
};

/* A list being built: head plus a pointer to the last `next`. */
struct ast_list {
	struct ast_node *head, **tail;
	size_t n;
};

void ast_list_init(struct ast_list *l);
void ast_list_add(struct ast_list *l, struct ast_node *n);
/* Appends an acknowledgement to a list (in source order). */
void ast_allow_add(struct ast_allow **list, struct ast_allow *a);

struct ast_node *ast_new(struct arena *a, enum ast_kind kind, struct phx_loc loc);
/* Sets and returns n->depth: one more than its deepest child expression
 * (children were measured when they were built). */
uint32_t ast_depth_measure(struct ast_node *n);
struct ast_node *ast_item(struct arena *a, enum ast_kind kind, struct phx_loc loc,
			  struct ast_ident name);
struct ast_node *ast_number(struct arena *a, enum ast_kind kind, struct phx_loc loc,
			    const char *text);
struct ast_node *ast_ref_new(struct arena *a, struct ast_ident first);
struct ast_node *ast_ref_push(struct arena *a, struct ast_node *ref, struct ast_ident seg);

/* Name of a kind for messages ("resource", "string" ...). */
const char *ast_kind_name(enum ast_kind k);
/* Entry of a block by key, or NULL. */
struct ast_node *ast_entry_find(struct ast_node *entries, const char *key);
/* True for a string without interpolations; its text goes to *out (arena). */
bool ast_string_literal(struct arena *a, const struct ast_node *n, const char **out);

/* Calls fn on every node of the list `items` and, when fn returns true, on
 * its children (entries, values, parts, items of bodies ...), depth first in
 * source order. For tools that look things up by position (phxc lsp). */
void ast_walk(struct ast_node *items, bool (*fn)(struct ast_node *n, void *ud), void *ud);

/* --dump=ast */
void ast_dump(FILE *out, const struct ast_node *items, struct src_set *srcs);

#endif
