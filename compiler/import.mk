# compiler/import.mk - phxc import: a CloudFormation template to .phx
# (compiler/import_cfn.c, registered in compiler/tool_cli.c).
compiler_libphxc_la_SOURCES += compiler/import_cfn.c compiler/import_cfn.h

TESTS += tests/import.test
EXTRA_DIST += tests/import.test tests/import
