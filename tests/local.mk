# tests/: every driver prints TAP, so automake counts each case.
TEST_EXTENSIONS = .test
TEST_LOG_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) $(top_srcdir)/build-aux/tap-driver.sh
LOG_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) $(top_srcdir)/build-aux/tap-driver.sh
AM_TESTS_ENVIRONMENT = \
	top_srcdir='$(abs_top_srcdir)'; top_builddir='$(abs_top_builddir)'; \
	PHXC="$${PHXC:-$(abs_top_builddir)/phxc}"; PHX_PATH='$(abs_top_srcdir)/stdlib'; \
	CFN_LINT='$(CFN_LINT)'; PYTHON3='$(PYTHON3)'; CC='$(CC)'; \
	export top_srcdir top_builddir PHXC PHX_PATH CFN_LINT PYTHON3 CC;

TESTS += \
	tests/golden.test \
	tests/order.test \
	tests/diag.test \
	tests/cli.test \
	tests/firstuse.test \
	tests/examples.test \
	tests/docs.test \
	tests/fuzz.test \
	tests/sanitize.test \
	tests/robust.test \
	$(NULL)
EXTRA_DIST += tests/setup tests/golden.test tests/order.test tests/diag.test tests/cli.test tests/firstuse.test tests/examples.test tests/docs.test \
	tests/fuzz.test tests/sanitize.test tests/robust.test tests/fuzz/phx_fuzz.c tests/fuzz/build.sh tests/fuzz/corpus \
	tests/fuzz/import_fuzz.c tests/fuzz/xml_fuzz.c tests/fuzz/xml-corpus \
	tests/golden tests/syntax tests/diag
CLEANFILES += tests/phxc-asan
clean-local: clean-fuzz
clean-fuzz:
	-rm -rf tests/fuzz/corpus-phx tests/fuzz/corpus-import tests/fuzz/corpus-xml tests/fuzz/corpus-lsp tests/fuzz/*.log tests/.lint-ok
.PHONY: clean-fuzz

# make fuzz FUZZ_SECONDS=600: a longer libFuzzer run of every target (front
# end, import, deploy responses); logs stay in tests/fuzz/TARGET.log and the
# corpora grow in tests/fuzz/corpus-TARGET.
fuzz: grammar/phx-parse.c grammar/phx-lex.c
	top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' \
	FUZZ_SECONDS='$(FUZZ_SECONDS)' $(SHELL) $(top_srcdir)/tests/fuzz.test
FUZZ_SECONDS = 60
.PHONY: fuzz

# make demo: compile examples/hello and deploy it to a moto_server that the
# script starts on loopback (the Quick start's first command ends with it).
demo: phxc
	top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' \
	PHXC='$(abs_top_builddir)/phxc' PYTHON3='$(PYTHON3)' $(SHELL) $(top_srcdir)/tests/deploy/demo.sh
.PHONY: demo
EXTRA_DIST += tests/deploy/demo.sh

# A deploy-time condition deployed to moto_server with the parameter true,
# then false (tests/deploy/moto.sh starts the server on loopback).
TESTS += tests/deploy/conditions.test
EXTRA_DIST += tests/deploy/conditions.test tests/deploy/conditional.phx

# compiler/arena.c: zeroed, never shared, blocks kept and reused
check_PROGRAMS += tests/unit/arena_test
tests_unit_arena_test_SOURCES = tests/unit/arena_test.c
tests_unit_arena_test_LDADD = compiler/libphxc.la
TESTS += tests/unit/arena_test
