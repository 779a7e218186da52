# grammar/editors/local.mk - editor support, phxc fmt / graph tests.
# Fragment of the top-level Makefile.am: only appends (+=) to its variables.

# ---- install: Vim runtime files and the VS Code extension folder ------------
# Vim reads $(datadir)/vim/vimfiles when it is on its 'runtimepath' (Debian's
# vim has /usr/share/vim/vimfiles there); docs/editors.md says what to do
# otherwise.
vimfilesdir = $(datadir)/vim/vimfiles
vimsyntaxdir = $(vimfilesdir)/syntax
vimftdetectdir = $(vimfilesdir)/ftdetect
vimindentdir = $(vimfilesdir)/indent
vimftplugindir = $(vimfilesdir)/ftplugin
dist_vimsyntax_DATA = grammar/editors/vim/syntax/phx.vim
dist_vimftdetect_DATA = grammar/editors/vim/ftdetect/phx.vim
dist_vimindent_DATA = grammar/editors/vim/indent/phx.vim
dist_vimftplugin_DATA = grammar/editors/vim/ftplugin/phx.vim

vscodedir = $(pkgdatadir)/editors/vscode
vscodesyntaxesdir = $(vscodedir)/syntaxes
dist_vscode_DATA = \
	grammar/editors/vscode/package.json \
	grammar/editors/vscode/extension.js \
	grammar/editors/vscode/language-configuration.json \
	$(NULL)
dist_vscodesyntaxes_DATA = grammar/editors/vscode/syntaxes/phx.tmLanguage.json

# ---- tests ----------------------------------------------------------------------
TESTS += tests/editors.test
EXTRA_DIST += \
	tests/editors.test \
	tests/editors/package.json \
	tests/editors/tokenize.js \
	tests/editors/lsp_check.js \
	tests/editors/vim_check.vim \
	tests/editors/vim_expect.txt \
	tests/editors/sample.phx \
	tests/editors/golden \
	$(NULL)

# ---- phxc graph, phxc fmt (compiler/) ------------------------------------------
compiler_libphxc_la_SOURCES += compiler/graph.c compiler/graph.h compiler/fmt.c compiler/fmt.h
TESTS += tests/graph.test tests/fmt.test
EXTRA_DIST += tests/graph.test tests/graph tests/fmt.test tests/fmt

# The npm packages that tests/editors.test installs under the build tree stay
# there as a cache between runs; distclean removes them.
distclean-local: distclean-editors
distclean-editors:
	-rm -rf tests/editors/node_modules
	-test tests/editors/package.json -ef $(srcdir)/tests/editors/package.json || \
		rm -f tests/editors/package.json
.PHONY: distclean-editors
