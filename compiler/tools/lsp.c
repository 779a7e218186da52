/* lsp.c - phxc lsp: the command, the message loop, lifecycle and dispatch.
 *
 * One thread, one loop: read what stdin has, handle every whole message in
 * it, and when no more input is waiting, check the documents that changed
 * (a burst of edits is checked once: that is the debounce). A request that
 * needs a document's analysis checks it first if it changed. */
#include "phx.h"
#include "arena.h"
#include "cli.h"
#include "driver.h"
#include "lsp.h"

#include <errno.h>
#include <getopt.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void lsp_server_init(struct lsp_server *s, FILE *out, FILE *log)
{
	memset(s, 0, sizeof(*s));
	s->out = out;
	s->log = log;
}

static void lsp_free_dirs(struct lsp_server *s, size_t from)
{
	for (size_t i = from; i < s->ninclude_dirs; i++)
		free(s->include_dirs[i]);
	s->ninclude_dirs = from;
}

static void lsp_add_dir(struct lsp_server *s, const char *dir)
{
	s->include_dirs = xrealloc(s->include_dirs, (s->ninclude_dirs + 1) * sizeof(*s->include_dirs));
	if (dir[0] != '/' && s->root)
		s->include_dirs[s->ninclude_dirs++] = xasprintf("%s/%s", s->root, dir);
	else
		s->include_dirs[s->ninclude_dirs++] = xstrdup(dir);
}

void lsp_server_fini(struct lsp_server *s)
{
	while (s->docs)
		lsp_doc_close(s, s->docs);
	lsp_free_dirs(s, 0);
	free(s->include_dirs);
	free(s->root);
	if (s->mods)
		lsp_modules_free(s->mods);
}

/* includeDirs from initializationOptions or settings: { "includeDirs": [..] }
 * or { "phx": { "includeDirs": [...] } }. They replace the earlier ones. */
static void lsp_settings(struct lsp_server *s, json_t *opts)
{
	json_t *dirs, *v;
	size_t i;

	if (json_is_object(json_object_get(opts, "phx")))
		opts = json_object_get(opts, "phx");
	dirs = json_object_get(opts, "includeDirs");
	if (!json_is_array(dirs))
		return;
	lsp_free_dirs(s, s->ncmdline_dirs);
	json_array_foreach(dirs, i, v)
		if (json_is_string(v) && json_string_length(v))
			lsp_add_dir(s, json_string_value(v));
	if (s->mods) {
		lsp_modules_free(s->mods);
		s->mods = NULL;
	}
	for (struct lsp_doc *d = s->docs; d; d = d->next)
		d->dirty = true;
}

static json_t *lsp_capabilities(void)
{
	json_t *c = json_pack("{s:{s:b,s:i,s:{s:b}},s:{s:[s,s,s],s:b},s:b,s:b,s:b,s:b,s:b,"
			      "s:{s:[s]},s:b}",
		"textDocumentSync", "openClose", 1, "change", 2, "save", "includeText", 0,
		"completionProvider", "triggerCharacters", ".", "\"", "/", "resolveProvider", 0,
		"hoverProvider", 1,
		"definitionProvider", 1,
		"referencesProvider", 1,
		"documentSymbolProvider", 1,
		"workspaceSymbolProvider", 1,
		"codeActionProvider", "codeActionKinds", "quickfix",
		"documentFormattingProvider", 1);

	json_object_set_new(c, "semanticTokensProvider",
			    json_pack("{s:o,s:b}", "legend", lsp_semantic_legend(), "full", 1));
	return c;
}

static void lsp_initialize(struct lsp_server *s, json_t *id, json_t *params)
{
	json_t *root = json_object_get(params, "rootUri");
	json_t *folders = json_object_get(params, "workspaceFolders");

	if (json_is_array(folders) && json_array_size(folders))
		root = json_object_get(json_array_get(folders, 0), "uri");
	if (json_is_string(root)) {
		free(s->root);
		s->root = lsp_uri_to_path(json_string_value(root));
	} else if (json_is_string(json_object_get(params, "rootPath"))) {
		free(s->root);
		s->root = xstrdup(json_string_value(json_object_get(params, "rootPath")));
	}
	s->initialized = true;
	lsp_settings(s, json_object_get(params, "initializationOptions"));
	lsp_reply(s, id, json_pack("{s:o,s:{s:s,s:s}}", "capabilities", lsp_capabilities(),
				   "serverInfo", "name", "phxc", "version", PACKAGE_VERSION));
}

struct lsp_doc *lsp_request_doc(struct lsp_server *s, json_t *id, json_t *params)
{
	json_t *uri = json_object_get(json_object_get(params, "textDocument"), "uri");
	struct lsp_doc *d;

	if (!json_is_string(uri)) {
		lsp_reply_error(s, id, LSP_INVALID_PARAMS, "textDocument.uri is missing");
		return NULL;
	}
	d = lsp_doc_find(s, json_string_value(uri));
	if (!d) {
		lsp_reply_error(s, id, LSP_INVALID_PARAMS, "no open document '%s'", json_string_value(uri));
		return NULL;
	}
	lsp_check_ensure(s, d);
	return d;
}

static void lsp_did_open(struct lsp_server *s, json_t *params)
{
	json_t *td = json_object_get(params, "textDocument");
	json_t *uri = json_object_get(td, "uri"), *text = json_object_get(td, "text");
	struct lsp_doc *d;

	if (!json_is_string(uri) || !json_is_string(text)) {
		lsp_log(s, "didOpen without textDocument.uri and text");
		return;
	}
	d = lsp_doc_open(s, json_string_value(uri), json_string_value(text), json_string_length(text),
			 json_integer_value(json_object_get(td, "version")));
	lsp_check_dependents(s, d);
}

static void lsp_did_change(struct lsp_server *s, json_t *params)
{
	json_t *td = json_object_get(params, "textDocument"), *ch, *v;
	json_t *uri = json_object_get(td, "uri");
	struct lsp_doc *d = json_is_string(uri) ? lsp_doc_find(s, json_string_value(uri)) : NULL;
	size_t i;

	if (!d) {
		lsp_log(s, "didChange of a document that is not open");
		return;
	}
	ch = json_object_get(params, "contentChanges");
	json_array_foreach(ch, i, v) {
		if (!lsp_doc_change(d, v)) {
			lsp_log(s, "didChange: a change without text, or with a bad range");
			break;
		}
	}
	if (json_is_integer(json_object_get(td, "version")))
		d->version = json_integer_value(json_object_get(td, "version"));
	lsp_check_dependents(s, d);
}

static void lsp_did_close(struct lsp_server *s, json_t *params)
{
	json_t *uri = json_object_get(json_object_get(params, "textDocument"), "uri");
	struct lsp_doc *d = json_is_string(uri) ? lsp_doc_find(s, json_string_value(uri)) : NULL;

	if (!d) {
		lsp_log(s, "didClose of a document that is not open");
		return;
	}
	/* its importers read the file on disk again */
	lsp_check_dependents(s, d);
	lsp_notify(s, "textDocument/publishDiagnostics",
		   json_pack("{s:o,s:[]}", "uri", lsp_strz(d->uri), "diagnostics"));
	lsp_doc_close(s, d);
}

static void lsp_did_save(struct lsp_server *s, json_t *params)
{
	json_t *uri = json_object_get(json_object_get(params, "textDocument"), "uri");
	struct lsp_doc *d = json_is_string(uri) ? lsp_doc_find(s, json_string_value(uri)) : NULL;

	if (d)
		lsp_check_dependents(s, d);
}

void lsp_flush(struct lsp_server *s)
{
	for (struct lsp_doc *d = s->docs; d; d = d->next)
		lsp_check(s, d);
}

/* phx/stats: checks run so far (tests of the debounce). */
static void lsp_stats(struct lsp_server *s, json_t *id, json_t *params)
{
	(void)params;
	lsp_reply(s, id, json_pack("{s:i}", "checks", (json_int_t)s->checks));
}

typedef void (*lsp_request_fn)(struct lsp_server *, json_t *, json_t *);

static const struct {
	const char *method;
	lsp_request_fn fn;
} lsp_requests[] = {
	{ "textDocument/completion", lsp_complete },
	{ "textDocument/hover", lsp_hover },
	{ "textDocument/definition", lsp_definition },
	{ "textDocument/references", lsp_references },
	{ "textDocument/documentSymbol", lsp_document_symbols },
	{ "workspace/symbol", lsp_workspace_symbols },
	{ "textDocument/codeAction", lsp_code_action },
	{ "textDocument/formatting", lsp_formatting },
	{ "textDocument/semanticTokens/full", lsp_semantic_tokens },
	{ "phx/stats", lsp_stats },
};

static void lsp_dispatch(struct lsp_server *s, const char *method, json_t *id, json_t *params)
{
	bool request = id != NULL;

	if (!strcmp(method, "exit")) {
		s->exit = true;
		return;
	}
	if (!strcmp(method, "initialize")) {
		if (s->initialized)
			lsp_reply_error(s, id, LSP_INVALID_REQUEST, "initialize was already called");
		else if (request)
			lsp_initialize(s, id, params);
		return;
	}
	if (!s->initialized) {
		if (request)
			lsp_reply_error(s, id, LSP_NOT_INITIALIZED, "the server is not initialized");
		return;
	}
	if (s->shutdown) {
		if (request)
			lsp_reply_error(s, id, LSP_INVALID_REQUEST, "the server is shutting down");
		return;
	}
	if (!strcmp(method, "shutdown")) {
		s->shutdown = true;
		lsp_reply(s, id, json_null());
		return;
	}
	if (!request) {
		if (!strcmp(method, "textDocument/didOpen"))
			lsp_did_open(s, params);
		else if (!strcmp(method, "textDocument/didChange"))
			lsp_did_change(s, params);
		else if (!strcmp(method, "textDocument/didClose"))
			lsp_did_close(s, params);
		else if (!strcmp(method, "textDocument/didSave"))
			lsp_did_save(s, params);
		else if (!strcmp(method, "workspace/didChangeConfiguration"))
			lsp_settings(s, json_object_get(params, "settings"));
		else if (strcmp(method, "initialized") && strncmp(method, "$/", 2))
			lsp_log(s, "ignored notification '%s'", method);
		return;
	}
	for (size_t i = 0; i < PHX_ARRAY_SIZE(lsp_requests); i++) {
		if (!strcmp(method, lsp_requests[i].method)) {
			if (params && !json_is_object(params))
				lsp_reply_error(s, id, LSP_INVALID_PARAMS, "params must be an object");
			else
				lsp_requests[i].fn(s, id, params);
			return;
		}
	}
	lsp_reply_error(s, id, LSP_METHOD_NOT_FOUND, "unknown method '%s'", method);
}

void lsp_handle(struct lsp_server *s, const char *body, size_t len)
{
	json_error_t err;
	json_t *msg = json_loadb(body, len, JSON_ALLOW_NUL, &err), *id, *method;

	if (!msg) {
		lsp_reply_error(s, NULL, LSP_PARSE_ERROR, "malformed JSON: %s (at byte %d)", err.text,
				err.position);
		return;
	}
	id = json_object_get(msg, "id");
	method = json_object_get(msg, "method");
	if (!json_is_object(msg) || (id && !json_is_string(id) && !json_is_integer(id))) {
		lsp_reply_error(s, NULL, LSP_INVALID_REQUEST, "a message is an object with a string or number id");
	} else if (!json_is_string(method)) {
		/* a response to a request of ours (we send none), or junk */
		if (!json_object_get(msg, "result") && !json_object_get(msg, "error"))
			lsp_reply_error(s, id, LSP_INVALID_REQUEST, "a request needs a method");
	} else {
		lsp_dispatch(s, json_string_value(method), id, json_object_get(msg, "params"));
	}
	json_decref(msg);
}

/* ---- the command ------------------------------------------------------------------ */

static int lsp_main(int argc, char **argv);

const struct cli_command lsp_commands[] = {
	{ "lsp", "a language server for editors (LSP over stdin and stdout)",
	  "phxc lsp [-I DIR]... [--log FILE]",
	  "Speaks the Language Server Protocol (3.17) on standard input and output,\n"
	  "for editors: diagnostics as you type (every environment, as phxc check),\n"
	  "completion from the resource schema, hover, go to definition, references,\n"
	  "outline and workspace symbols, quick fixes, formatting (as phxc fmt) and\n"
	  "semantic tokens. Modules are found as the compiler finds them: -I folders,\n"
	  "then PHX_PATH, then the installed stdlib; an editor can add folders with\n"
	  "initializationOptions or settings { \"phx\": { \"includeDirs\": [...] } }.\n"
	  "Set-ups for VS Code, Neovim, Helix, Emacs and Vim: docs/editors.md.\n"
	  "\n"
	  "  -I DIR                 look for imported modules in DIR first\n"
	  "      --log FILE         append a log of what the server ignored or refused\n"
	  "      --stdio            accepted and ignored (stdio is the only transport)\n"
	  "\n"
	  "exit status: 0 after shutdown and exit, 1 after exit without shutdown or\n"
	  "end of input without shutdown, 2 usage error\n",
	  lsp_main },
	{ NULL, NULL, NULL, NULL, NULL },
};

static bool lsp_input_waiting(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, 0) > 0;
}

int lsp_serve(struct lsp_server *s, int fd)
{
	struct lsp_reader r;
	char buf[65536];

	lsp_reader_init(&r);
	while (!s->exit) {
		const char *body, *why;
		size_t len;
		enum lsp_read k = lsp_reader_next(&r, &body, &len, &why);
		ssize_t n;

		if (k == LSP_READ_MESSAGE) {
			lsp_handle(s, body, len);
			continue;
		}
		if (k == LSP_READ_BAD) {
			lsp_log(s, "dropped %s", why);
			continue;
		}
		if (!lsp_input_waiting(fd))
			lsp_flush(s);
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		lsp_reader_feed(&r, buf, (size_t)n);
	}
	lsp_reader_fini(&r);
	return s->shutdown ? PHX_EXIT_OK : 1;
}

static int lsp_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "log", required_argument, NULL, 'l' },
		{ "stdio", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct lsp_server s;
	FILE *log = NULL;
	int ch, rc;

#ifdef M_TRIM_THRESHOLD
	/* Every check builds a compilation (about 1.5 MB for phoenix.phx) and
	 * frees it. glibc would hand the freed heap back to the kernel each
	 * time, and the next check would fault every page in again: on a
	 * virtual machine that was most of a check's time. Keep it. */
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_TOP_PAD, 4 << 20);
#endif
	arena_compact();	/* documents keep arenas: no 2 MiB block each */
	lsp_server_init(&s, stdout, stderr);
	opterr = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, ":I:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'I':
			lsp_add_dir(&s, optarg);
			s.ncmdline_dirs = s.ninclude_dirs;
			break;
		case 'l':
			if (log)
				fclose(log);
			log = fopen(optarg, "a");
			if (!log) {
				fprintf(stderr, "phxc lsp: cannot open '%s': %s\n", optarg, strerror(errno));
				lsp_server_fini(&s);
				return PHX_EXIT_USAGE;
			}
			s.log = log;
			break;
		case 's':
			break;
		case 'h':
			printf("usage: %s\n\n%s\n%s", lsp_commands[0].usage, lsp_commands[0].summary,
			       lsp_commands[0].help);
			lsp_server_fini(&s);
			return PHX_EXIT_OK;
		default:
			fprintf(stderr, "phxc lsp: unknown option or missing value '%s'\nphxc: try 'phxc help lsp'\n",
				argv[optind - 1]);
			lsp_server_fini(&s);
			return PHX_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "phxc lsp: takes no files ('%s'): the editor sends them\n", argv[optind]);
		lsp_server_fini(&s);
		return PHX_EXIT_USAGE;
	}
	rc = lsp_serve(&s, 0);
	lsp_server_fini(&s);
	if (log)
		fclose(log);
	return rc;
}
