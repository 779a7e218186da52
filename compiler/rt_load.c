/* rt_load.c - the deploy runtime's commands for main.c: dlopened from
 * phxrt.so when built with PHX_RT_MODULE (the phxc binary), else the table
 * linked in. See cli.h. */
#include "phx.h"
#include "cli.h"

#ifdef PHX_RT_MODULE
#include "selfdir.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

const struct cli_command *rt_commands_load(const char **why)
{
	static const struct cli_command *cmds;
	static char msg[1024];
	const struct cli_rt_module *m;
	const char *path = phx_runtime_module();
	void *h;

	if (cmds)
		return cmds;
	*why = msg;
	/* RTLD_LOCAL: the module's own copy of libphxc stays its own */
	h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		snprintf(msg, sizeof(msg), "%s", dlerror());
		return NULL;
	}
	m = (const struct cli_rt_module *)dlsym(h, "phx_rt_module");
	if (!m) {
		snprintf(msg, sizeof(msg), "'%s' is not a phxc runtime module", path);
		return NULL;
	}
	if (strcmp(m->version, PACKAGE_VERSION)) {
		snprintf(msg, sizeof(msg), "'%s' is from phxc %s, this is phxc %s: reinstall",
			 path, m->version, PACKAGE_VERSION);
		return NULL;
	}
	return cmds = m->commands;
}
#else
const struct cli_command *rt_commands_load(const char **why)
{
	(void)why;
	return rt_commands;
}
#endif
