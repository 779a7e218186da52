/* phx_fuzz.c - libFuzzer target: scanner, parser, resolve, check, lower and
 * both emitters on arbitrary bytes (with PHX_FUZZ=lsp: lsp_fuzz.c instead). Any crash, sanitizer report or leak is a
 * finding. Built by tests/fuzz.test and `make fuzz`. */
#include "phx.h"
#include "ast.h"
#include "diag.h"
#include "driver.h"
#include "emit.h"
#include "ir.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int lsp_fuzz_one(const uint8_t *data, size_t size);	/* lsp_fuzz.c */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int lsp = -1;	/* PHX_FUZZ=lsp: the language server's target */
	struct comp_opts opts = { .max_errors = 10 };
	struct compilation comp;

	if (lsp < 0)
		lsp = getenv("PHX_FUZZ") && !strcmp(getenv("PHX_FUZZ"), "lsp");
	if (lsp)
		return lsp_fuzz_one(data, size);

	comp_init(&comp, &opts);
	comp_load_text(&comp, "fuzz.phx", (const char *)data, size);
	if (comp_check(&comp) == 0) {
		size_t nenv = comp.prog.nenvs ? comp.prog.nenvs : 1;

		for (size_t i = 0; i < nenv; i++) {
			const char *env = comp.prog.nenvs ? comp.prog.envs[i]->item.name.name : NULL;
			struct ir_template *t = comp_lower(&comp, env);

			if (t) {
				size_t len;

				free(emit_json(t->root, comp.arena, &len));
				free(emit_yaml(t->root, &len));
			}
		}
	}
	/* rendering is part of the surface: line maps, carets, UTF-8 */
	{
		FILE *null = fopen("/dev/null", "w");

		if (null) {
			diag_render(&comp.diag, null, true);
			fclose(null);
		}
	}
	comp_fini(&comp);
	return 0;
}
