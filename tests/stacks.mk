# tests/stacks.mk - several stacks in one program (compiler/stacks.c): the
# build's goldens and graphs, and the deploy of several stacks (tests/deploy/).
TESTS += tests/stacks.test
EXTRA_DIST += tests/stacks.test tests/stacks
# One program in several regions (compiler/regions.c; the deploy is
# tests/deploy/regions.test).
TESTS += tests/regions.test
EXTRA_DIST += tests/regions.test tests/regions
