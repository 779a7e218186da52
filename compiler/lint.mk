# compiler/lint.mk - the security lint (compiler/lint.c: engine and
# acknowledgements; compiler/lint_rules.c: the rules; docs/security.md).
compiler_libphxc_la_SOURCES += compiler/lint.c compiler/lint.h compiler/lint_rules.c
