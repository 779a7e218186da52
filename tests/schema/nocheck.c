/* tests/schema/nocheck.c - phxc's pipeline without the schema pass.
 *
 *   nocheck IN.phx OUT.json [ENV]
 *
 * The agreement test (tests/schema.test) builds each deliberately broken
 * program of tests/schema/broken/ with this tool, so cfn-lint can be asked
 * whether it, too, rejects the template phxc refuses to write.
 *
 * It runs the real pipeline (comp_check, comp_lower, emit) and replaces only
 * the schema pass: this file defines check_run, so the linker takes it
 * instead of compiler/check.o from the static convenience library
 * libphxc.la. Should check.o ever define another symbol the pipeline uses,
 * the link fails with a duplicate symbol rather than testing the wrong
 * thing. */
#include "phx.h"
#include "check.h"
#include "diag.h"
#include "driver.h"
#include "emit.h"
#include "ir.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

unsigned check_run(struct arena *a, struct diag_ctx *d, struct program *prog)
{
	(void)a;
	(void)d;
	(void)prog;
	return 0;
}

int main(int argc, char **argv)
{
	struct comp_opts opts;
	struct compilation c;
	struct ir_template *t = NULL;
	char *text;
	size_t len;
	FILE *out;
	int rc = 1;

	if (argc != 3 && argc != 4) {
		fprintf(stderr, "usage: nocheck IN.phx OUT.json [ENV]\n");
		return 2;
	}
	memset(&opts, 0, sizeof(opts));
	comp_init(&c, &opts);
	comp_load(&c, argv[1]);
	if (!comp_check(&c))
		t = comp_lower(&c, argc == 4 ? argv[3] : NULL);
	if (t) {
		text = emit_template(t->root, EMIT_JSON, c.arena, &len);
		out = fopen(argv[2], "w");
		if (out && fwrite(text, 1, len, out) == len && !fclose(out))
			rc = 0;
		else
			perror(argv[2]);
		free(text);
	}
	diag_render(&c.diag, stderr, false);
	comp_fini(&c);
	return rc;
}
