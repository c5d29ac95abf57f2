/*
 * init.h - `svcgen init`: a new, empty department that checks clean
 * (docs/ci.md): svcgen.yaml with every setting, the kind folders, a README
 * for the team, git and editor settings, the pre-commit and CI files.
 */
#ifndef SVCGEN_INIT_H
#define SVCGEN_INIT_H

#include <stddef.h>

/* What init found and did; every string belongs to the result. */
struct init_result {
	char **present; /* refused: what the folder holds, sorted (at most 8 named) */
	size_t n_present, present_total;
	char **written; /* the files written, in the order written */
	size_t n_written;
	char **kept;      /* the paths that were there already, never overwritten */
	const char **why; /* beside each kept path: why, in English for tr() */
	size_t n_kept, cap_kept, cap_written;
};

/*
 * Writes a new department into dir (made when it does not exist, its
 * parent must), every file created below the folder's descriptor with
 * O_CREAT | O_EXCL | O_NOFOLLOW and every folder with mkdirat, so that
 * nothing is overwritten and no symbolic link is followed
 * (docs/architecture.md, "Opening files below a folder"). A folder that
 * holds anything but `.git` is refused unless force. Returns 0 (res says
 * what was written and kept), 1 when refused (res->present says what is
 * there), or -1 after error_set. The caller frees res with init_result_free.
 */
int init_department(const char *dir, int force, struct init_result *res);
void init_result_free(struct init_result *res);

#endif
