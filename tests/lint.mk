# tests/lint.mk - the security lint's suite (tests/lint.test, tests/lint/).
TESTS += tests/lint.test
EXTRA_DIST += tests/lint.test tests/lint
