/* selfdir.c - the build tree or the install prefix: see selfdir.h. */
#include "phx.h"
#include "selfdir.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef PHX_STDLIB_DIR
#define PHX_STDLIB_DIR "/usr/local/share/phxc/stdlib"
#endif
#ifndef PHX_PKGLIB_DIR
#define PHX_PKGLIB_DIR "/usr/local/lib/phxc"
#endif

bool phx_in_build_tree(void)
{
#if defined(PHX_BUILD_TREE) && defined(PHX_SOURCE_TREE)
	static int known = -1;
	char exe[PATH_MAX], *slash, *tree;
	ssize_t n;

	if (known >= 0)
		return known;
	known = 0;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return false;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return false;
	*slash = '\0';
	/* /proc/self/exe has symlinks resolved; so must the tree's name */
	tree = realpath(PHX_BUILD_TREE, NULL);
	known = tree && !strcmp(tree, exe);
	free(tree);
	return known;
#else
	return false;
#endif
}

const char *phx_stdlib_dir(void)
{
#if defined(PHX_BUILD_TREE) && defined(PHX_SOURCE_TREE)
	if (phx_in_build_tree())
		return PHX_SOURCE_TREE "/stdlib";
#endif
	return PHX_STDLIB_DIR;
}

const char *phx_runtime_module(void)
{
#if defined(PHX_BUILD_TREE) && defined(PHX_SOURCE_TREE)
	if (phx_in_build_tree())
		return PHX_BUILD_TREE "/runtime/.libs/phxrt.so";
#endif
	return PHX_PKGLIB_DIR "/phxrt.so";
}
