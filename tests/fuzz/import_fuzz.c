/* import_fuzz.c - libFuzzer target: phxc import on arbitrary bytes, read
 * as JSON or YAML (the first byte chooses: even JSON, odd YAML; the rest is
 * the template), then the program made from it through the formatter. Any
 * crash, sanitizer report, leak or "internal error" is a finding. Built by
 * tests/fuzz/build.sh import; run by tests/fuzz.test and `make fuzz`. */
#include "phx.h"
#include "diag.h"
#include "import_cfn.h"
#include "srcfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct src_set srcs;
	struct diag_ctx diag;
	struct strbuf errs;
	const char *name;
	char *text, *out;
	size_t len;

	if (!size)
		return 0;
	name = data[0] & 1 ? "fuzz.yaml" : "fuzz.json";
	text = xstrndup((const char *)data + 1, size - 1);
	src_set_init(&srcs);
	src_add(&srcs, name, text, size - 1);
	diag_init(&diag, &srcs);
	diag.max_errors = 0;
	strbuf_init(&errs);
	out = imp_convert(&diag, "fuzz", &errs, &len);
	for (const struct diag *r = diag.head; r; r = r->next)
		if (!strncmp(r->msg, "internal error: ", 16))
			abort();	/* the importer made a program that does not parse */
	{
		FILE *null = fopen("/dev/null", "w");

		if (null) {
			diag_render(&diag, null, true);
			fclose(null);
		}
	}
	free(out);
	strbuf_fini(&errs);
	diag_fini(&diag);
	src_set_fini(&srcs);
	return 0;
}
