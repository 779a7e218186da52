# compiler/tools/local.mk - phxc lsp, the language server (compiler/tools/lsp*.c),
# beside the pipeline: it uses the library (driver.h and the passes' headers)
# and is registered in compiler/main.c through lsp_commands[] (cli.h).
# Fragment of the top-level Makefile.am: only appends (+=) to its variables.
compiler_libphxc_la_SOURCES += \
	compiler/tools/lsp.h \
	compiler/tools/lsp.c \
	compiler/tools/lsp_rpc.c \
	compiler/tools/lsp_doc.c \
	compiler/tools/lsp_check.c \
	compiler/tools/lsp_ctx.c \
	compiler/tools/lsp_complete.c \
	compiler/tools/lsp_hover.c \
	compiler/tools/lsp_nav.c \
	compiler/tools/lsp_action.c \
	compiler/tools/lsp_modules.c \
	$(NULL)

TESTS += tests/lsp.test
EXTRA_DIST += tests/lsp.test tests/lsp bench/lsp tests/fuzz/lsp_fuzz.c tests/fuzz/lsp_corpus
