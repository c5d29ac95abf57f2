/*
 * input.c - a command's input: the records folder of the working tree or
 * of a commit, and the stages that read it, in order: load and each
 * record's checks, the checks between records, the history's audit; the
 * figures on a thread of their own beside them.
 */
#include "cli/input.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/error.h"
#include "base/escape.h"
#include "base/msg.h"
#include "check/validate.h"
#include "model/value.h"

int
input_today(const char *as_of, int tzoff, int64_t rev_time, const char *rev, int64_t *day)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	int64_t t;

	if (as_of)
		return value_date(as_of, strlen(as_of), day);
	if (rev_time) {
		if (!time_supported(rev_time, tzoff)) {
			term_error(
			    tr_term(
			        "the committer time of %s (%lld s) is not on a date from "
			        "0001-01-01 to 9999-12-31 in the configured time zone: give the "
			        "date to use with --as-of DATE"),
			    rev, (long long)rev_time);
			return -1;
		}
		*day = local_day(rev_time, tzoff);
		return 0;
	}
	if (sde && *sde) {
		if (value_int(sde, strlen(sde), &t) < 0) {
			term_error("%s", tr_term("SOURCE_DATE_EPOCH is not a number of seconds"));
			return -1;
		}
		if (!time_supported(t, tzoff)) {
			term_error(
			    tr_term("SOURCE_DATE_EPOCH (%lld s) is not on a date from 0001-01-01 "
			            "to 9999-12-31 in the configured time zone"),
			    (long long)t);
			return -1;
		}
		*day = local_day(t, tzoff);
		return 0;
	}
	*day = local_day((int64_t)time(NULL), tzoff);
	return 0;
}

int
input_open(struct input *in, const char *dir, const char *rev)
{
	memset(in, 0, sizeof(*in));
	in->dir = dir;
	if (gitrepo_open(&in->g, dir) == 0) {
		in->in_git = 1;
		if (rev) {
			if (gitrepo_commit(&in->g, rev, &in->tip) < 0) {
				gitrepo_close(&in->g);
				return error_context("--rev %s", rev);
			}
			in->have_tip = 1;
		} else if (gitrepo_commit(&in->g, "HEAD", &in->tip) == 0) {
			in->have_tip = 1;
		} else {
			/* An empty repository has no HEAD yet: no history, no failure. */
			error_forget();
		}
	} else if (rev) {
		return error_context("--rev %s: %s", rev, dir);
	} else {
		error_forget(); /* a folder outside git has no history */
	}
	return 0;
}

void
input_close(struct input *in)
{
	if (in->in_git)
		gitrepo_close(&in->g);
}

struct source *
input_source(struct input *in, const git_oid *commit)
{
	struct source *src;
	char *disp;

	if (!commit) {
		src = source_open_dir(in->dir);
		if (!src)
			error_set("%s: %s", in->dir, strerror(errno));
		return src;
	}
	disp = source_display_of(in->dir);
	src = source_open_git(&in->g, commit, disp);
	free(disp);
	if (!src) {
		char hex[GIT_OID_HEXSZ + 1];

		error_context("%s: %s", git_oid_tostr(hex, sizeof(hex), commit), in->dir);
	}
	return src;
}

struct hist_opts
input_hist_opts(void)
{
	struct hist_opts o = {0};

	/* For tests and timing: SVCGEN_NO_HISTORY_CACHE=1 neither reads nor writes it. */
	o.no_cache = getenv("SVCGEN_NO_HISTORY_CACHE") != NULL;
	return o;
}

int
input_findings(struct input *in, const git_oid *tip, const struct config *cfg, struct history *h,
               struct findings *f)
{
	struct hist_opts o = input_hist_opts();

	memset(f, 0, sizeof(*f));
	if (history_load(h, &in->g, tip, cfg, &o) < 0 ||
	    audit_findings(in->g.gitdir, h, cfg->file_bytes, f) < 0)
		return error_context("%s: reading the history", in->dir);
	return 0;
}

/*
 * Reads tip's history into h and adds its audit findings (kept in f) about
 * the records of r.
 */
static int
S_audit(struct input *in, const git_oid *tip, const struct records *r, struct diags *d,
        struct history *h, struct findings *f)
{
	if (input_findings(in, tip, &r->cfg, h, f) < 0)
		return -1;
	audit_report(h, f, r, d);
	return 0;
}

/*
 * The statistics stage only reads the records, as the rules between records
 * and the history do: it runs on a thread of its own beside them.
 */
static void *
S_stats_thread(void *arg)
{
	struct stats_job *j = arg;
	double t0 = clock_seconds();

	stats_compute(j->in->stats, j->r, j->today, "all");
	j->in->stats_secs = clock_seconds() - t0;
	return NULL;
}

static void
S_stats_start(struct input *in, const struct records *r, int64_t today, struct stats_job *j)
{
	j->in = in;
	j->r = r;
	j->today = today;
	j->started = pthread_create(&j->tid, NULL, S_stats_thread, j) == 0;
	if (!j->started)
		S_stats_thread(j); /* no thread: in line */
}

void
input_stats_join(struct input *in)
{
	double t0 = clock_seconds();

	if (!in->job_running)
		return;
	if (in->job.started)
		pthread_join(in->job.tid, NULL);
	in->job_running = 0;
	in->stats_wait = clock_seconds() - t0;
}

void
input_stats_ready(void *in)
{
	input_stats_join(in);
}

void
input_stats_done(void *in)
{
	stats_free(((struct input *)in)->stats);
}

int
input_validate(struct input *in, const git_oid *commit, const char *as_of, unsigned flags,
               struct records *r, struct diags *d, int64_t *today, struct history *keep_h,
               struct findings *keep_f)
{
	struct history h0, *h = keep_h ? keep_h : &h0;
	struct findings f0, *f = keep_f ? keep_f : &f0;
	struct load_opts lo = {flags & ~(VALIDATE_NO_HISTORY | VALIDATE_RECORDS_ONLY),
	                       validate_record, NULL, in->files};
	const git_oid *tip = (flags & VALIDATE_NO_HISTORY) ? NULL
	                     : commit                      ? commit
	                     : in->have_tip                ? &in->tip
	                                                   : NULL;
	struct source *src = input_source(in, commit);
	char sh[8] = "";
	int failed;

	diags_init(d);
	memset(r, 0, sizeof(*r));
	memset(h, 0, sizeof(*h));
	memset(f, 0, sizeof(*f));
	if (!src)
		return EXIT_FAILURE_IO;
	failed = load_records(r, src, d, &lo) < 0;
	if (commit)
		audit_short_hash(commit, sh);
	if (*today < 0 &&
	    input_today(as_of, r->cfg.tzoff, commit ? gitrepo_commit_time(&in->g, commit) : 0, sh,
	                today) < 0)
		return EXIT_USAGE;
	if (in->stats && !failed) {
		S_stats_start(in, r, *today, &in->job);
		in->job_running = 1;
	}
	if (!(flags & VALIDATE_RECORDS_ONLY))
		validate_records(r, *today, d);
	if (tip && !failed && S_audit(in, tip, r, d, h, f) < 0)
		failed = 1;
	if (!in->stats_later || failed)
		input_stats_join(in);
	if (!keep_h)
		history_free(h);
	if (!keep_f)
		audit_findings_free(f);
	diags_sort(d);
	return failed ? EXIT_FAILURE_IO : 0;
}
