/* lsp.h - phxc lsp: a Language Server Protocol 3.17 server over stdio.
 *
 * Beside the pipeline, not inside it: every answer comes from the compiler's
 * own stages through the library (driver.h, diag.h, ast.h, resolve.h,
 * schema.h, parse.h, fmt.h); there is no second parser or checker.
 *
 *   lsp.c          the command, the message loop, lifecycle, dispatch
 *   lsp_rpc.c      JSON-RPC framing (Content-Length) in and out
 *   lsp_doc.c      open documents, URIs, UTF-16 positions, JSON strings
 *   lsp_check.c    checking a document (every environment) -> diagnostics
 *   lsp_ctx.c      what is around the cursor, from the token stream
 *   lsp_complete.c completion
 *   lsp_hover.c    hover
 *   lsp_nav.c      definition, references, document and workspace symbols
 *   lsp_action.c   code actions, formatting, semantic tokens
 *   lsp_modules.c  the modules on the search path and their components
 *
 * Ownership: the server owns its documents; a document owns its text and
 * its last compilation (AST, symbols), replaced on the next check. JSON
 * values follow jansson's rules: the _new setters steal references. */
#ifndef PHX_TOOLS_LSP_H
#define PHX_TOOLS_LSP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

struct compilation;
struct comp_opts;
struct parse_token;
struct srcfile;
struct ast_node;

/* ---- lsp_rpc.c: framing -------------------------------------------------- */

#define LSP_MAX_MESSAGE (64u << 20)	/* a larger Content-Length is refused */

/* Bytes in, messages out. Feed it what read() returns; take messages with
 * lsp_reader_next until it says there is none. */
struct lsp_reader {
	char *buf;
	size_t len, cap;
	size_t skip;		/* body bytes of a refused message still to drop */
	size_t taken;		/* the body handed out last, dropped on the next call */
};

enum lsp_read {
	LSP_READ_NONE,		/* need more bytes */
	LSP_READ_MESSAGE,	/* *body, *len: one message body (points into buf) */
	LSP_READ_BAD,		/* a bad header or an oversized message: *why says */
};

void lsp_reader_init(struct lsp_reader *r);
void lsp_reader_fini(struct lsp_reader *r);
void lsp_reader_feed(struct lsp_reader *r, const char *data, size_t n);
/* The body stays valid until the next call of either function. */
enum lsp_read lsp_reader_next(struct lsp_reader *r, const char **body, size_t *len,
			      const char **why);

/* ---- documents ------------------------------------------------------------ */

struct lsp_doc {
	char *uri;
	char *path;		/* the file path the URI names (the URI itself otherwise) */
	char *real;		/* realpath of path, or NULL */
	char *text;
	size_t len;
	int64_t version;
	uint32_t *lines;	/* byte offset of each line start */
	size_t nlines;
	bool dirty;		/* changed since its last check */
	bool too_big;
	struct compilation *comp;	/* the last check: file 1 is this text */
	struct parse_token *toks;	/* tokens of comp's file 1, lazily */
	size_t ntoks;
	bool have_toks;
	char **deps;		/* real paths of the files its last check imported */
	size_t ndeps;
	struct lsp_doc *next;
};

struct lsp_server {
	FILE *out;
	FILE *log;
	struct lsp_doc *docs;
	char **include_dirs;	/* -I, initializationOptions, settings */
	size_t ninclude_dirs;
	size_t ncmdline_dirs;	/* the first ones came from -I and stay */
	char *root;		/* the workspace folder, or NULL */
	bool initialized, shutdown, exit;
	unsigned checks;	/* documents checked (for tests of debouncing) */
	struct lsp_modules *mods;	/* index of the modules on the path, lazily */
};

#define LSP_MAX_DOC (16u << 20)	/* larger documents are not analysed */

struct lsp_doc *lsp_doc_find(struct lsp_server *s, const char *uri);
struct lsp_doc *lsp_doc_open(struct lsp_server *s, const char *uri, const char *text, size_t len,
			     int64_t version);
void lsp_doc_set_text(struct lsp_doc *d, const char *text, size_t len);
void lsp_doc_close(struct lsp_server *s, struct lsp_doc *d);
void lsp_doc_free(struct lsp_doc *d);
/* Applies one contentChanges item (full text, or a range). False when bad. */
bool lsp_doc_change(struct lsp_doc *d, json_t *change);
/* Byte offset of an LSP position (line, UTF-16 character), clamped. */
uint32_t lsp_doc_offset(const struct lsp_doc *d, json_t *pos);
/* The tokens of the document's last check (lsp_check_ensure first). */
size_t lsp_doc_tokens(struct lsp_doc *d, struct parse_token **out);

/* "file:///a%20b/c.phx" -> "/a b/c.phx" (xmalloc'd); NULL when not a file URI. */
char *lsp_uri_to_path(const char *uri);
char *lsp_path_to_uri(const char *path);

/* Positions and ranges of a source file of a compilation. */
json_t *lsp_pos(struct srcfile *f, uint32_t off);
json_t *lsp_range(struct srcfile *f, uint32_t start, uint32_t end);
/* { uri, range } of a span of a source file. */
json_t *lsp_location(struct srcfile *f, uint32_t start, uint32_t end);
/* A JSON string from bytes that may not be UTF-8 (bad bytes become U+FFFD). */
json_t *lsp_str(const char *s, size_t n);
json_t *lsp_strz(const char *s);

/* ---- lsp_rpc.c: output ------------------------------------------------------ */

void lsp_send(struct lsp_server *s, json_t *msg);	/* steals msg */
void lsp_reply(struct lsp_server *s, json_t *id, json_t *result);	/* steals result */
void lsp_reply_error(struct lsp_server *s, json_t *id, int code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void lsp_notify(struct lsp_server *s, const char *method, json_t *params);	/* steals */
void lsp_log(struct lsp_server *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

enum {
	LSP_PARSE_ERROR = -32700,
	LSP_INVALID_REQUEST = -32600,
	LSP_METHOD_NOT_FOUND = -32601,
	LSP_INVALID_PARAMS = -32602,
	LSP_INTERNAL_ERROR = -32603,
	LSP_NOT_INITIALIZED = -32002,
	LSP_REQUEST_FAILED = -32803,
};

/* ---- lsp.c ---------------------------------------------------------------------- */

void lsp_server_init(struct lsp_server *s, FILE *out, FILE *log);
void lsp_server_fini(struct lsp_server *s);
/* Reads messages from fd until exit or end of input; the exit status. */
int lsp_serve(struct lsp_server *s, int fd);
/* Handles one message body. */
void lsp_handle(struct lsp_server *s, const char *body, size_t len);
/* Checks every document changed since its last check, publishing diagnostics. */
void lsp_flush(struct lsp_server *s);
/* The document a textDocument request names; replies with an error and
 * returns NULL when it is not open. Brings its check up to date. */
struct lsp_doc *lsp_request_doc(struct lsp_server *s, json_t *id, json_t *params);

/* ---- lsp_check.c ------------------------------------------------------------------ */

/* Checks a document (when dirty) and publishes its diagnostics. */
void lsp_check(struct lsp_server *s, struct lsp_doc *d);
/* Brings a document's compilation up to date without waiting. */
void lsp_check_ensure(struct lsp_server *s, struct lsp_doc *d);
/* Marks dirty every open document whose last check read `changed`. */
void lsp_check_dependents(struct lsp_server *s, struct lsp_doc *changed);
/* The compiler options for a check (include dirs and unsaved buffers). */
void lsp_comp_opts(struct lsp_server *s, struct comp_opts *o);

/* ---- lsp_ctx.c: the cursor's surroundings ---------------------------------------- */

enum lsp_frame_kind {
	LSP_F_TOP,		/* the program's items */
	LSP_F_BODY,		/* a component's body, an if's or a for's */
	LSP_F_RESOURCE,		/* resource NAME "TYPE" { */
	LSP_F_OBJECT,		/* a nested property object: KEY { or KEY = { or [ { */
	LSP_F_LIST,		/* KEY = [ */
	LSP_F_INSTANCE,		/* COMPONENT NAME { */
	LSP_F_STACK,
	LSP_F_ENV,
	LSP_F_PARAM,		/* param ... { */
	LSP_F_OUTPUT,		/* output ... { */
	LSP_F_MAP,		/* any other braces */
	LSP_F_PAREN,		/* ( ... ) */
	LSP_F_INTERP,		/* ${ ... } */
};

struct schema_shape_rec;
struct schema_val_rec;
struct schema_type_rec;

struct lsp_frame {
	enum lsp_frame_kind kind;
	char name[128];		/* BODY of a component: its name; INSTANCE: the component;
				 * OBJECT right in an INSTANCE: the component (a record argument) */
	const struct schema_type_rec *type;	/* RESOURCE: its type */
	const struct schema_shape_rec *shape;	/* properties the braces take, or NULL */
	const struct schema_val_rec *val;	/* LIST: the list's value, or NULL */
	char key[128];		/* OBJECT, LIST: the property that opened it */
	uint32_t open;		/* offset of the opening bracket */
	bool in_component;	/* inside a component's body */
	int stmt;		/* TOP, BODY: the keyword of the item being written */
	char stmt_name[128];	/* ... and the name after it */
};

enum lsp_where {
	LSP_AT_ITEM,		/* where an item starts (TOP, BODY) */
	LSP_AT_KEY,		/* where an entry's key starts */
	LSP_AT_VALUE,		/* in an expression */
	LSP_AT_MEMBER,		/* after NAME. (member[] holds the names) */
	LSP_AT_IMPORT,		/* in the string of an import */
	LSP_AT_TYPE,		/* in the type string of a resource */
	LSP_AT_STRING,		/* in another string */
	LSP_AT_NOTHING,		/* in a comment, or after a name being declared */
};

#define LSP_MAX_FRAMES 64

struct lsp_ctx {
	struct lsp_frame frames[LSP_MAX_FRAMES];
	int nframes;
	enum lsp_where where;
	char key[128];		/* VALUE: the entry's key, when the value is the whole right side */
	char member[4][128];	/* MEMBER: the names before the dot */
	int nmember;
	uint32_t prefix_start;	/* where the word being typed starts */
	char prefix[256];	/* the word (or string text) typed so far */
	uint32_t str_start, str_end;	/* IMPORT, TYPE, STRING: the string's inside */
	bool str_closed;	/* the string has its closing quote */
	char comp_name[128];	/* the component whose body holds the cursor, or "" */
};

/* What surrounds offset `off` of the document (its last check). */
void lsp_ctx_at(struct lsp_doc *d, uint32_t off, struct lsp_ctx *c);
/* The innermost frame that is not a paren/interp/list frame. */
const struct lsp_frame *lsp_ctx_block(const struct lsp_ctx *c);
/* A property of the frame's shape, or NULL. */
const struct schema_prop_rec *lsp_ctx_prop(const struct lsp_frame *f, const char *key);

/* ---- features ------------------------------------------------------------------------- */

void lsp_complete(struct lsp_server *s, json_t *id, json_t *params);
void lsp_hover(struct lsp_server *s, json_t *id, json_t *params);
void lsp_definition(struct lsp_server *s, json_t *id, json_t *params);
void lsp_references(struct lsp_server *s, json_t *id, json_t *params);
void lsp_document_symbols(struct lsp_server *s, json_t *id, json_t *params);
void lsp_workspace_symbols(struct lsp_server *s, json_t *id, json_t *params);
void lsp_code_action(struct lsp_server *s, json_t *id, json_t *params);
void lsp_formatting(struct lsp_server *s, json_t *id, json_t *params);
void lsp_semantic_tokens(struct lsp_server *s, json_t *id, json_t *params);
/* The legend for semantic tokens, for the initialize result. */
json_t *lsp_semantic_legend(void);

/* What a symbol's name stands for (lsp_nav.c): the AST_REF under an offset,
 * resolved. Used by hover too. */
struct ast_node *lsp_ref_at(struct compilation *c, uint32_t file, uint32_t off);
/* The declaration a reference names: resolve's binding (ref.sym) when it
 * made one, else the same scoping rules by name (instances, component
 * arguments, loop variables). NULL for env and aws, and unknown names. */
struct ast_node *lsp_ref_decl(struct compilation *c, struct ast_node *ref);
/* The component whose argument decl is, or NULL. */
struct ast_node *lsp_param_owner(struct compilation *c, struct ast_node *decl);
/* The AWS documentation page of a resource type (xmalloc'd). */
char *lsp_type_doc_url(const char *type);
/* The comment beside a declaration: on its line after it, or the lines
 * just above it (xmalloc'd, NULL when none). */
char *lsp_decl_comment(struct srcfile *f, uint32_t start, uint32_t end);

/* ---- lsp_modules.c ------------------------------------------------------------------ */

struct lsp_module {
	char *name;		/* "aws/network" */
	char *path;
	char **components;
	size_t ncomponents;
};

struct lsp_modules {
	struct lsp_module *v;
	size_t n;
};

/* Every module on the search path (-I, PHX_PATH, the installed stdlib),
 * with the components each declares. Built once, then kept. */
const struct lsp_modules *lsp_modules_get(struct lsp_server *s);
void lsp_modules_free(struct lsp_modules *m);
/* The module that declares component `name`, or NULL. */
const struct lsp_module *lsp_modules_find_component(struct lsp_server *s, const char *name);

#endif
