# tests/lint.mk - the security lint's suite (tests/lint.test, tests/lint/).
TESTS += tests/lint.test
EXTRA_DIST += tests/lint.test tests/lint

# make cdknag: the example templates measured against cdk-nag's
# AwsSolutions checks (npm packages, ~190 MB, installed once under
# tests/cdknag; about 2.5 minutes the first time). Not in `make check`: it
# needs npm and the network. Every example template meets its bar
# (docs/security.md, "Measured against cdk-nag").
EXTRA_DIST += tests/cdknag.test tests/cdknag
cdknag:
	top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' \
	PHXC='$(abs_top_builddir)/phxc' PHX_PATH='$(abs_top_srcdir)/stdlib' \
	$(SHELL) $(top_srcdir)/tests/cdknag.test
.PHONY: cdknag
