/* lsp_fuzz.c - libFuzzer target: the message reader of phxc lsp
 * (Content-Length framing) and the server behind it. The input is fed to
 * the reader in pieces whose sizes come from its first byte, every message
 * it yields is handled (answers go to /dev/null), then queued checks run.
 * Any crash, sanitizer report or leak is a finding. Linked into the same
 * binary as phx_fuzz.c (one build), which calls it when PHX_FUZZ=lsp;
 * tests/fuzz.test runs it briefly (seeds: tests/fuzz/lsp_corpus). */
#include "phx.h"
#include "lsp.h"

#include <stdio.h>

int lsp_fuzz_one(const uint8_t *data, size_t size);

int lsp_fuzz_one(const uint8_t *data, size_t size)
{
	static FILE *null;
	struct lsp_server s;
	struct lsp_reader r;
	size_t step, off = 1;

	if (!size)
		return 0;
	if (!null)
		null = fopen("/dev/null", "w");
	step = (size_t)data[0] % 64 + 1;
	lsp_server_init(&s, null, NULL);
	lsp_reader_init(&r);
	while (off < size && !s.exit) {
		size_t n = size - off < step ? size - off : step;
		const char *body, *why;
		size_t len;
		enum lsp_read k;

		lsp_reader_feed(&r, (const char *)data + off, n);
		off += n;
		while ((k = lsp_reader_next(&r, &body, &len, &why)) != LSP_READ_NONE && !s.exit) {
			if (k == LSP_READ_MESSAGE)
				lsp_handle(&s, body, len);
		}
	}
	lsp_flush(&s);
	lsp_reader_fini(&r);
	lsp_server_fini(&s);
	return 0;
}
