/* ir.h - the lowered program: a CloudFormation template as a tree of plain
 * values (null, bool, integer, number, string, list, ordered map), plus the
 * facts later stages need (where each logical ID came from).
 *
 * IR lives in the compilation's arena. Maps keep insertion order, which is
 * what makes templates byte-identical from one build to the next. */
#ifndef PHX_COMPILER_IR_H
#define PHX_COMPILER_IR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "srcfile.h"

struct arena;
struct ast_node;

enum ir_kind {
	IR_NULL,
	IR_BOOL,
	IR_INT,
	IR_NUM,
	IR_STR,
	IR_LIST,
	IR_MAP,
};

struct ir_kv;

struct ir {
	enum ir_kind kind;
	union {
		bool b;			/* IR_BOOL */
		int64_t i;		/* IR_INT */
		double d;		/* IR_NUM */
		struct {		/* IR_STR */
			const char *s;
			size_t len;
		} str;
		struct {		/* IR_LIST */
			struct ir **v;
			size_t n, cap;
		} list;
		struct {		/* IR_MAP */
			struct ir_kv *v;
			size_t n, cap;
		} map;
	};
};

struct ir_kv {
	const char *key;
	struct ir *val;
};

struct ir *ir_new(struct arena *a, enum ir_kind kind);
struct ir *ir_bool(struct arena *a, bool b);
struct ir *ir_int(struct arena *a, int64_t i);
struct ir *ir_num(struct arena *a, double d);
struct ir *ir_str(struct arena *a, const char *s);
struct ir *ir_strn(struct arena *a, const char *s, size_t len);
struct ir *ir_list(struct arena *a);
struct ir *ir_map(struct arena *a);
void ir_push(struct arena *a, struct ir *list, struct ir *v);
/* Appends key, which the caller knows is not in the map yet. */
void ir_append(struct arena *a, struct ir *map, const char *key, struct ir *v);
/* Sets key (replacing an existing value in place): linear in the map's size. */
void ir_set(struct arena *a, struct ir *map, const char *key, struct ir *v);
struct ir *ir_get(const struct ir *map, const char *key);
/* Equal values (maps in the same key order); two NULLs are equal. */
bool ir_equal(const struct ir *a, const struct ir *b);
/* { name: arg } - an intrinsic function or Ref. */
struct ir *ir_fn(struct arena *a, const char *name, struct ir *arg);

/* Where a logical ID was written, so that deploy errors point at source. */
struct ir_origin {
	const char *logical_id;
	struct phx_loc loc;
	/* resources only (else NULL, 0): the declaration, and the instances that
	 * made it with their components, innermost first; the security lint
	 * (lint.c) reports at the outermost instance and reads acknowledgements
	 * in all of them */
	const struct ast_node *decl;		/* AST_RESOURCE */
	const struct ast_node **insts;		/* AST_INSTANCE */
	const struct ast_node **comps;		/* AST_COMPONENT, parallel to insts */
	size_t ninsts;
};

struct ir_tag {
	const char *key, *value;
};

struct ir_template {
	struct ir *root;
	struct ir_tag *tags;		/* stack tags, from the stack block */
	size_t ntags;
	const char *bucket;		/* S3 bucket for large templates, from the stack block */
	const char *stack_name;		/* <stack>[-<env>] */
	const char *env;		/* NULL without environments */
	const char *region;		/* from the stack block, or NULL */
	struct ir_origin *origins;
	size_t norigins, caporigins;
	size_t nresources, nparams, noutputs;
};

/* --dump=ir: a compact one-line-per-leaf listing. */
void ir_dump(FILE *out, const struct ir *v);

#endif
