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
	tests/diag.test \
	tests/cli.test \
	tests/examples.test \
	$(NULL)
EXTRA_DIST += tests/setup tests/golden.test tests/diag.test tests/cli.test tests/examples.test \
	tests/golden tests/diag
