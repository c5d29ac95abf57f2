/*
 * git.h - the records repository as git sees it (README.md, "Command line"; docs/history.md):
 * finding the repository around a records folder, resolving revisions, and a source that reads a
 * commit's tree straight from git objects (no checkout).
 */
#ifndef SVCGEN_GIT_H
#define SVCGEN_GIT_H

#include <stdint.h>

#include <git2.h>

#include "load/source.h"

struct gitrepo {
	git_repository *repo;
	git_odb *odb; /* its object store */
	char *prefix; /* the records folder inside the repository: "" or "a/b" */
	char *gitdir; /* the repository's git folder, '/'-terminated */
	int bare;
};

/*
 * Opens the repository that holds the folder dir (searching upwards, as git
 * does). Returns 0, or -1 with the failure recorded (base/error.h) when dir
 * is in no repository.
 */
int gitrepo_open(struct gitrepo *g, const char *dir);
void gitrepo_close(struct gitrepo *g);

/*
 * Caps what libgit2 keeps of the objects it read (trees, commits) at
 * bytes, in every repository: for a run that reads many commits' trees
 * once each, whose memory would otherwise grow with the commits.
 */
void gitrepo_cache_limit(size_t bytes);

/* Resolves rev ("HEAD", a branch, a hash...) to a commit; -1 with the failure recorded. */
int gitrepo_commit(struct gitrepo *g, const char *rev, git_oid *out);

/* The commit's committer time (seconds since the epoch). */
int64_t gitrepo_commit_time(struct gitrepo *g, const git_oid *commit);

/*
 * A source over the records folder of commit's tree; paths show as
 * display + path in diagnostics. NULL with the failure recorded when the
 * commit has no such folder. Reads are safe from several threads.
 */
struct source *source_open_git(struct gitrepo *g, const git_oid *commit, const char *display);

/* An object's bytes, as gitrepo_read gives them. */
struct gitobj {
	const unsigned char *data;
	size_t len;
	git_object_t type;
	git_odb_backend *from; /* who allocated data, or NULL: */
	git_odb_object *obj;   /* else this holds it */
};

/*
 * Reads object id for a walk that reads each object about once: straight
 * from the object store's backends, past libgit2's object cache (keeping
 * every object read costs more time and memory than it saves). Returns 0,
 * or -1 with the library's error; free with gitobj_free.
 */
int gitrepo_read(struct gitrepo *g, const git_oid *id, struct gitobj *out);
void gitobj_free(struct gitobj *o);

/*
 * Records a failure of libgit2 (base/error.h): the message (fmt as
 * error_set's), then ": " and the library's own reason, in English ("" for
 * the reason alone). Returns -1.
 */
int gitrepo_fail(const char *fmt, ...) ATTR_PRINTF(1, 2);

#endif
