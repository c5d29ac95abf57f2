/*
 * history.h - the history stage (docs/history.md): one pass over the
 * commits that lead to a revision, comparing each commit's records folder
 * with its parents' (identical sub-trees skipped by object id), then one
 * trail of events per record id. What a commit changed is cached in the git
 * folder (keyed by commit id, versioned, checksummed), so a later run walks
 * only the new commits.
 */
#ifndef SVCGEN_HISTORY_H
#define SVCGEN_HISTORY_H

#include <stddef.h>
#include <stdint.h>

#include "model/config.h"
#include "load/git.h"
#include "base/util.h"
#include "history/commit.h"

enum hist_event_flags {
	EV_ADDED = 1,   /* no file with the id before */
	EV_DELETED = 2, /* no file with the id after */
	EV_MOVED = 4,   /* another path */
	EV_CHANGED = 8, /* other bytes */
	EV_REUSED = 16, /* added again after a deletion */
};

/* One commit's change to one record. */
struct hist_event {
	uint32_t commit;                 /* index into history.commits */
	const char *old_path, *new_path; /* NULL on the absent side */
	git_oid old, new;
	unsigned flags; /* enum hist_event_flags */
};

struct hist_trail {
	const char *id;
	int kind;              /* of the newest path */
	struct hist_event *ev; /* oldest first */
	size_t n;
	int deleted; /* no file of the id in the tip's tree */
};

/* An event by its trail and index there. */
struct hist_ref {
	uint32_t trail, event;
};

struct history {
	struct hist_commit *commits; /* newest first: topological, then committer time */
	size_t ncommits;
	/* Each commit's events, by record id: refs[by_commit[c] .. by_commit[c + 1]) */
	struct hist_ref *refs;
	uint32_t *by_commit;
	struct hist_change *changes;
	size_t nchanges;
	struct hist_trail *trails; /* sorted by id in byte order */
	size_t ntrails;
	int incomplete; /* a parent was missing (shallow clone) */
	int from_cache; /* commits read from the cache */
	struct arena a;
};

struct hist_opts {
	int no_cache; /* neither read nor write the cache */
};

/*
 * Reads the history of tip (all the commits it reaches) for g's records
 * folder; cfg's ignore patterns drop paths from the trails. Returns 0, or
 * -1 with the failure recorded (base/error.h) when the repository cannot
 * be read.
 */
int history_load(struct history *h, struct gitrepo *g, const git_oid *tip, const struct config *cfg,
                 const struct hist_opts *o);
void history_free(struct history *h);

/* The trail of a record id, or NULL. */
const struct hist_trail *history_trail(const struct history *h, const char *id);

/* The stem of a record file's name when path is a record file of a kind folder. */
int history_record_path(const char *path, int *kind, const char **stem, size_t *stem_len);

/* What an event did, in one word: added, deleted, moved, changed, mode. */
const char *hist_event_kind(const struct hist_event *e);

#endif
