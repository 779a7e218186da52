# tests/lint.mk - the security lint's suite (tests/lint.test, tests/lint/).
TESTS += tests/lint.test
EXTRA_DIST += tests/lint.test tests/lint

# tests/cdknag.test: the example templates measured against cdk-nag's
# AwsSolutions checks (npm packages, ~190 MB, installed once under
# tests/cdknag in the build tree, about a minute; then 30-45 s a run). Every
# example template has no unexplained error (docs/security.md, "Measured
# against cdk-nag"). Without npm or the network it bails out. `make cdknag`
# runs it alone.
TESTS += tests/cdknag.test
EXTRA_DIST += tests/cdknag.test tests/cdknag/map.txt tests/cdknag/nag.js tests/cdknag/package.json
cdknag:
	top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' \
	PHXC='$(abs_top_builddir)/phxc' PHX_PATH='$(abs_top_srcdir)/stdlib' \
	$(SHELL) $(top_srcdir)/tests/cdknag.test
.PHONY: cdknag

# The npm packages stay in the build tree as a cache between runs; distclean
# removes them.
distclean-local: distclean-cdknag
distclean-cdknag:
	-rm -rf tests/cdknag/node_modules
	-test tests/cdknag/package.json -ef $(srcdir)/tests/cdknag/package.json || \
		rm -f tests/cdknag/package.json
.PHONY: distclean-cdknag
