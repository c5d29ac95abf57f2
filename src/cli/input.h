/*
 * input.h - what a command reads and the stages that read it: the records
 * folder of the working tree or of a commit (--rev), its repository and
 * the tip of its history; loading and checking the records, the audit of
 * their history, and the figures on a thread of their own beside them.
 */
#ifndef SVCGEN_INPUT_H
#define SVCGEN_INPUT_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "history/audit.h"
#include "history/history.h"
#include "load/git.h"
#include "load/load.h"
#include "load/source.h"
#include "model/diag.h"
#include "stats/stats.h"

/* The exit statuses of every command (docs/decisions.md, "Exit status and output"). */
#define EXIT_CLEAN 0
#define EXIT_PROBLEMS 1
#define EXIT_USAGE 2
#define EXIT_FAILURE_IO 3

struct input;

/* The statistics thread (input_validate with input.stats). */
struct stats_job {
	struct input *in;
	const struct records *r;
	int64_t today;
	pthread_t tid;
	int started; /* a thread runs; else the figures were made in line */
};

/*
 * Where the records come from: the folder dir of the working tree, or the
 * same folder of a commit's tree (--rev). When dir is in a git repository,
 * the commit (the revision read, else HEAD) is the tip of the history.
 */
struct input {
	const char *dir;
	struct gitrepo g;
	int in_git, have_tip;
	git_oid tip;
	/*
	 * Optional: the figures, computed on a thread of their own beside
	 * validation. With stats_later (a build), input_validate leaves the
	 * thread running and input_stats_join waits for it when the render
	 * needs them.
	 */
	struct stats *stats;
	int stats_later;
	/*
	 * Optional: the record files of earlier commits, not read again
	 * (load/file_cache.h); the records of one input_validate are then
	 * valid until the next.
	 */
	struct load_cache *files;
	struct stats_job job;
	int job_running;   /* job is to be waited for */
	double stats_secs; /* the thread's time */
	double stats_wait; /* how long the program then waited for it: what it added */
};

/*
 * "Today" (docs/metrics.md, "Dates, periods, rounding"): --as-of, else
 * the commit time of the revision read
 * (rev_time, 0 for the working tree; rev names it in messages), else
 * SOURCE_DATE_EPOCH, else the clock. -1 when as_of is not a date (the caller
 * says so), or after a message when the time is not a number or not on a
 * supported date (docs/records.md, "Dates and times").
 */
int input_today(const char *as_of, int tzoff, int64_t rev_time, const char *rev, int64_t *day);

/* Opens dir's repository, if any; with rev, one is needed. -1 after a message. */
int input_open(struct input *in, const char *dir, const char *rev);
void input_close(struct input *in);

/* A source over the records of commit (NULL: the working tree); NULL after a message. */
struct source *input_source(struct input *in, const git_oid *commit);

/* The history's options from the environment (SVCGEN_NO_HISTORY_CACHE). */
struct hist_opts input_hist_opts(void);

/*
 * Loads and validates the records of commit (NULL: the working tree) into
 * r and d, with the audit findings of its history when there is one.
 * *today: in, the day to use (-1: work it out from as_of and commit); out,
 * the day used. Returns 0, EXIT_USAGE or EXIT_FAILURE_IO (after a message);
 * r is loaded (and to be freed) whenever src opened. The history and its
 * findings are kept in *h and *f when given (h->ncommits 0: none).
 * flags: load_flags, and VALIDATE_NO_HISTORY to leave the history out,
 * VALIDATE_RECORDS_ONLY the checks between records (validate_records).
 */
#define VALIDATE_NO_HISTORY 0x10000u
#define VALIDATE_RECORDS_ONLY 0x20000u

int input_validate(struct input *in, const git_oid *commit, const char *as_of, unsigned flags,
                   struct records *r, struct diags *d, int64_t *today, struct history *keep_h,
                   struct findings *keep_f);

/*
 * Reads tip's history (cfg's ignore patterns and limits) into h and its
 * audit findings into f. -1 after a message.
 */
int input_findings(struct input *in, const git_oid *tip, const struct config *cfg,
                   struct history *h, struct findings *f);

/* Waits for in's statistics thread, if one runs (then or later: see struct input). */
void input_stats_join(struct input *in);

/* site_opts.stats_ready: the render needs the figures now (in: the struct input). */
void input_stats_ready(void *in);
/* site_opts.stats_done: the render read the figures for the last time. */
void input_stats_done(void *in);

#endif
