# fragment: appends to the variables initialised in Makefile.am
#
# The CloudFormation resource schema, compiled in (docs/schema.md), and the
# pass that checks programs against it.
compiler_libphxc_la_SOURCES += \
	compiler/schema.c compiler/schema.h \
	compiler/schema/data.c compiler/schema/data.h \
	compiler/check.c compiler/check.h \
	$(NULL)
TESTS += tests/schema.test
EXTRA_DIST += tools/schema/gen.py tests/schema.test bench/schema docs/schema.md \
	tests/schema/valid tests/schema/broken tests/schema/diag

# `make schema` rewrites compiler/schema/data.c from the schemas of the
# installed cfn-lint. Never run at build time: the output is committed.
schema:
	$(PYTHON3) $(top_srcdir)/tools/schema/gen.py -o $(top_srcdir)/compiler/schema/data.c
.PHONY: schema

# the pipeline without the schema pass, for the cfn-lint agreement test
check_PROGRAMS += tests/schema/nocheck
tests_schema_nocheck_SOURCES = tests/schema/nocheck.c
tests_schema_nocheck_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS)
tests_schema_nocheck_LDADD = compiler/libphxc.la
