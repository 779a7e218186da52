/* import_int.h - what the parts of phxc import share (the public entry
 * points are in import_cfn.h): the template tree, the context, and the
 * functions one part calls in another.
 *
 *   import_read.c   errors, the tree, reading JSON (jansson) and YAML (libyaml)
 *   import_value.c  names, values and intrinsic functions as phx text
 *   import_items.c  parameters, resources, outputs, the stack; imp_convert */
#ifndef PHX_COMPILER_TOOLS_IMPORT_INT_H
#define PHX_COMPILER_TOOLS_IMPORT_INT_H

#include "phx.h"
#include "import_cfn.h"
#include "util.h"

#define IMP_MAX_DEPTH 200
#define IMP_HASH_MIN 8

struct imp_hash;

enum imp_kind { IMP_NULL, IMP_BOOL, IMP_NUM, IMP_STR, IMP_SEQ, IMP_MAP };

struct imp_node {
	enum imp_kind kind;
	const char *s;		/* IMP_STR text, IMP_NUM literal, IMP_BOOL "true"/"false" */
	size_t n;		/* IMP_SEQ, IMP_MAP: entries */
	struct imp_node **v;	/* IMP_SEQ, IMP_MAP: values */
	const char **keys;	/* IMP_MAP: keys */
	uint32_t *koffs;	/* IMP_MAP: where each key starts (UINT32_MAX: unknown) */
	bool located;		/* off is meaningful */
	uint32_t off;
	struct imp_hash *index;	/* IMP_MAP of more than IMP_HASH_MIN keys: key -> i */
};

/* A logical ID of the template and its phx name. */
struct imp_sym {
	const char *id, *name;
	bool is_param;
	bool list_param;	/* CommaDelimitedList or List<...> */
	bool set_id;		/* a resource whose name does not give its ID: logical_id = "ID" */
};

struct imp_msg {
	uint32_t off;
	size_t seq;	/* keeps the order of errors at one place */
	char *text;
};

struct imp_ctx {
	struct arena *a;
	struct diag_ctx *d;
	struct srcfile *src;
	struct strbuf *errs;
	bool json;
	unsigned nerrors;
	struct imp_sym *syms;
	size_t nsyms;
	uint32_t *lines;	/* YAML: offsets of the line starts */
	size_t nlines;
	bool raw_fns;		/* Rules: intrinsics as maps with quoted keys, Ref as a name */
	bool sam;		/* the SAM transform: IDs it makes may be referred to */
	struct imp_msg *msgs;	/* located errors, queued sorted at the end */
	size_t nmsgs, capmsgs;
	size_t nnodes, nbytes;	/* YAML: copied so far (IMP_NODES_BUDGET, IMP_BYTES_BUDGET) */
	bool over_budget;	/* reported once; the copy stops */
	struct imp_hash *sym_index;	/* syms by ID, built on first lookup */
	struct imp_sym *conds;	/* Conditions: name -> phx name (a let) */
	size_t nconds;
	struct imp_sym *maps;	/* Mappings: name -> phx name (a let) */
	size_t nmaps;
	bool quote_lower;	/* a custom resource's properties: quote lower-case names */
};

/* Open addressing over positions in an array of keys (import_read.c). */
typedef const char *(*imp_key_fn)(const void *set, size_t i);
struct imp_hash *imp_hash_new(struct arena *a, size_t n);
long imp_hash_find(const struct imp_hash *h, const char *key, size_t len, imp_key_fn at,
		   const void *set);
long imp_hash_add(struct imp_hash *h, size_t pos, imp_key_fn at, const void *set);

/* import_read.c */
void imp_err(struct imp_ctx *c, const struct imp_node *n, const char *path,
	     const char *fmt, ...) PHX_PRINTF(4, 5);
void imp_flush(struct imp_ctx *c);
const char *imp_path(struct imp_ctx *c, const char *path, const char *key);
const char *imp_path_i(struct imp_ctx *c, const char *path, size_t i);
struct imp_node *imp_new(struct imp_ctx *c, enum imp_kind k);
const struct imp_node *imp_key_at(struct imp_ctx *c, const struct imp_node *m, size_t i);
const struct imp_node *imp_get(const struct imp_node *m, const char *key);
bool imp_is_number(const char *s);
const char *imp_num_text(struct imp_ctx *c, const char *s);
struct imp_node *imp_read_json(struct imp_ctx *c);
struct imp_node *imp_read_yaml(struct imp_ctx *c);

/* import_value.c */
bool imp_is_ident(const char *s);
bool imp_is_reserved(const char *s);
void imp_esc(struct strbuf *b, const char *s, size_t len);
void imp_str(struct strbuf *b, const char *s);
void imp_value(struct imp_ctx *c, struct strbuf *b, const struct imp_node *n,
	       const char *path, int depth);
bool imp_is_intrinsic(const struct imp_node *n);
void imp_ref(struct imp_ctx *c, struct strbuf *b, const struct imp_node *at,
	     const char *path, const char *id, size_t len, bool resource_only);
void imp_entries(struct imp_ctx *c, struct strbuf *b, const struct imp_node *m,
		 const char *path, int depth);
/* A condition's expression (Fn::Equals, Fn::And, ..., Condition) as phx. */
void imp_cond(struct imp_ctx *c, struct strbuf *b, const struct imp_node *n, const char *path,
	      int depth);
/* The phx name of a condition or a mapping of the template, or NULL. */
const char *imp_cond_name(const struct imp_ctx *c, const char *id);
const char *imp_map_name(const struct imp_ctx *c, const char *id);

#endif
