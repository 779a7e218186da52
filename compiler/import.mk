# compiler/import.mk - phxc import: a CloudFormation template to .phx
# (compiler/tools/import_*.c behind compiler/import_cfn.h, registered in
# compiler/tool_cli.c).
compiler_libphxc_la_SOURCES += compiler/import_cfn.h compiler/tools/import_int.h \
	compiler/tools/import_read.c compiler/tools/import_value.c compiler/tools/import_items.c

TESTS += tests/import.test
EXTRA_DIST += tests/import.test tests/import
