#!/bin/sh
# build.sh OUT - builds the libFuzzer target with clang (ASan + UBSan):
# tests/fuzz/phx_fuzz.c (the front end), and tests/fuzz/lsp_fuzz.c (the
# language server's message reader), chosen at run time by PHX_FUZZ=lsp.
set -eu
: "${top_srcdir:?}" "${top_builddir:?}"
out=$1
libs="jansson yaml-0.1 libcurl libcrypto expat"
# main.c and rt_load.c are the phxc binary's own (not libphxc)
# shellcheck disable=SC2046
${FUZZ_CC:-clang} -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DHAVE_CONFIG_H \
	-DPHX_STDLIB_DIR="\"$top_srcdir/stdlib\"" -g -O1 \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-I"$top_builddir" -I"$top_srcdir/compiler" -I"$top_builddir/grammar" -I"$top_srcdir/runtime" -I"$top_srcdir/compiler/tools" \
	$(pkg-config --cflags $libs) \
	"$top_srcdir/tests/fuzz/phx_fuzz.c" "$top_srcdir/tests/fuzz/lsp_fuzz.c" \
	$(ls "$top_srcdir"/compiler/*.c "$top_srcdir"/compiler/*/*.c 2>/dev/null | grep -v '/main\.c$\|/rt_load\.c$') \
	"$top_builddir/grammar/phx-parse.c" "$top_builddir/grammar/phx-lex.c" \
	$(pkg-config --libs $libs) -lm -o "$out"
