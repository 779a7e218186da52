/* tests/schema/nocheck.c - phxc's pipeline without the schema pass.
 *
 *   nocheck IN.phx OUT.json
 *
 * The agreement test (tests/schema.test) builds each deliberately broken
 * program of tests/schema/broken/ with this tool, so cfn-lint can be asked
 * whether it, too, rejects the template phxc refuses to write. It runs what
 * comp_check runs (parse, resolve, sema) but not check_run, then lowers and
 * emits JSON. */
#include "phx.h"
#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "driver.h"
#include "emit.h"
#include "ir.h"
#include "parse.h"
#include "resolve.h"
#include "sema.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	struct comp_opts opts = { 0, false, false, false };
	struct compilation c;
	struct ast_list items;
	struct ir_template *t;
	char *text;
	size_t len;
	FILE *out;
	int rc = 1;

	if (argc != 3) {
		fprintf(stderr, "usage: nocheck IN.phx OUT.json\n");
		return 2;
	}
	comp_init(&c, &opts);
	comp_load(&c, argv[1]);
	ast_list_init(&items);
	for (uint32_t f = 1; f < c.srcs.n; f++) {
		struct ast_node *list = parse_file(c.arena, &c.diag, f, false);

		while (list) {
			struct ast_node *next = list->next;

			list->next = NULL;
			ast_list_add(&items, list);
			list = next;
		}
	}
	c.prog.items = items.head;
	c.prog.default_name = "nocheck";
	if (!diag_failures(&c.diag))
		res_run(c.arena, &c.diag, &c.prog);
	if (!diag_failures(&c.diag))
		sema_run(c.arena, &c.diag, &c.prog, false);
	t = diag_failures(&c.diag) ? NULL : comp_lower(&c, NULL);
	if (t) {
		text = emit_template(t->root, EMIT_JSON, &len);
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
