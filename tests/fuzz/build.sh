#!/bin/sh
# build.sh OUT [TARGET] - builds a libFuzzer target with clang (ASan + UBSan):
#   phx (default)  the front end and emitters (phx_fuzz.c), and the language
#                  server's message reader (lsp_fuzz.c), chosen by PHX_FUZZ=lsp
#   import         phxc import, JSON and YAML (import_fuzz.c)
#   xml            the deploy client's response parsing (xml_fuzz.c with
#                  runtime/cfn.c, xml.c, sigv4.c; http_aws is the fuzzer's)
set -eu
: "${top_srcdir:?}" "${top_builddir:?}"
out=$1
target=${2:-phx}
libs="jansson yaml-0.1 libcurl libcrypto expat"
compiler=$(ls "$top_srcdir"/compiler/*.c "$top_srcdir"/compiler/*/*.c 2>/dev/null | grep -v '/main\.c$\|/rt_load\.c$')
grammar="$top_builddir/grammar/phx-parse.c $top_builddir/grammar/phx-lex.c"
case $target in
phx) srcs="$top_srcdir/tests/fuzz/phx_fuzz.c $top_srcdir/tests/fuzz/lsp_fuzz.c $compiler $grammar" ;;
import) srcs="$top_srcdir/tests/fuzz/import_fuzz.c $compiler $grammar" ;;
xml) srcs="$top_srcdir/tests/fuzz/xml_fuzz.c $top_srcdir/runtime/cfn.c $top_srcdir/runtime/xml.c \
	$top_srcdir/runtime/sigv4.c $top_srcdir/compiler/util.c" ;;
*) echo "build.sh: no fuzz target '$target'" >&2; exit 2 ;;
esac
# shellcheck disable=SC2046,SC2086
${FUZZ_CC:-clang} -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DHAVE_CONFIG_H \
	-DPHX_STDLIB_DIR="\"$top_srcdir/stdlib\"" -g -O1 \
	-fsanitize=fuzzer,address,undefined,float-cast-overflow \
	-fno-sanitize-recover=undefined,float-cast-overflow \
	-I"$top_builddir" -I"$top_srcdir/compiler" -I"$top_builddir/grammar" -I"$top_srcdir/runtime" -I"$top_srcdir/compiler/tools" \
	$(pkg-config --cflags $libs) \
	$srcs \
	$(pkg-config --libs $libs) -lm -o "$out"
