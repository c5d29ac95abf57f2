/* main.c - the command line (SPEC §8). */
#include <errno.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "history/audit.h"
#include "cli/ci.h"
#include "model/diag.h"
#include "base/escape.h"
#include "load/git.h"
#include "history/history.h"
#include "load/load.h"
#include "cli/log.h"
#include "load/parse.h"
#include "model/node.h"
#include "render/markdown.h"
#include "publish/publish.h"
#include "cli/report.h"
#include "model/schema.h"
#include "site/site.h"
#include "load/source.h"
#include "stats/stats.h"
#include "check/validate.h"
#include "model/value.h"

#define EXIT_CLEAN 0
#define EXIT_PROBLEMS 1
#define EXIT_USAGE 2
#define EXIT_FAILURE_IO 3

static const char S_usage[] =
    "usage: svcgen check  [DIR] [--rev REV | --range A..B] [--new-since BASE] [--as-of DATE]\n"
    "                     [--format text|json|github|sarif|junit] [--werror]\n"
    "       svcgen build  [DIR] [-o OUT] [--rev REV] [--as-of DATE] [--lang zh-CN|en]\n"
    "                     [--pii mask|show] [--templates DIR]\n"
    "       svcgen log    ID [DIR] [--rev REV] [--format text|json] [--pii mask|show]\n"
    "       svcgen log    --all [DIR] [--rev REV] [--format text|json]\n"
    "       svcgen stats  [DIR] [--rev REV] [--as-of DATE] [--period all|YYYY|YYYY-MM|YYYY-Www]\n"
    "                     [--by month|week|region|model|type|staff] [--format table|csv|json]\n"
    "       svcgen schema [--json-schema]\n"
    "       svcgen --help | --version\n";

static int
S_usage_error(const char *fmt, const char *arg)
{
	term_error(fmt, arg);
	fputs(S_usage, stderr);
	return EXIT_USAGE;
}

/* A word after all a command takes: a usage error naming it. */
static int
S_extra_arg(const char *arg, const char *takes)
{
	term_error("extra argument '%s' (%s)", arg, takes);
	fputs(S_usage, stderr);
	return EXIT_USAGE;
}

/*
 * "Today" (SPEC §10): --as-of, else the commit time of the revision read
 * (rev_time, 0 for the working tree; rev names it in messages), else
 * SOURCE_DATE_EPOCH, else the clock. -1 when as_of is not a date (the caller
 * says so), or after a message when the time is not a number or not on a
 * supported date (docs/records.md, "Dates and times").
 */
static int
S_today(const char *as_of, int tzoff, int64_t rev_time, const char *rev, int64_t *day)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	int64_t t;

	if (as_of)
		return value_date(as_of, strlen(as_of), day);
	if (rev_time) {
		if (!time_supported(rev_time, tzoff)) {
			term_error("the committer time of %s (%lld s) is not on a date from "
			           "0001-01-01 to 9999-12-31 in the configured time zone: give the "
			           "date to use with --as-of DATE",
			           rev, (long long)rev_time);
			return -1;
		}
		*day = local_day(rev_time, tzoff);
		return 0;
	}
	if (sde && *sde) {
		if (value_int(sde, strlen(sde), &t) < 0) {
			term_error("SOURCE_DATE_EPOCH is not a number of seconds");
			return -1;
		}
		if (!time_supported(t, tzoff)) {
			fprintf(
			    stderr,
			    "svcgen: SOURCE_DATE_EPOCH (%lld s) is not on a date from 0001-01-01 "
			    "to 9999-12-31 in the configured time zone\n",
			    (long long)t);
			return -1;
		}
		*day = local_day(t, tzoff);
		return 0;
	}
	*day = local_day((int64_t)time(NULL), tzoff);
	return 0;
}

struct input;

/* The statistics thread (S_stats_start). */
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
	 * validation. With stats_later (a build), S_validate leaves the thread
	 * running and S_stats_join waits for it when the render needs them.
	 */
	struct stats *stats;
	int stats_later;
	struct stats_job job;
	int job_running;   /* job is to be waited for */
	double stats_secs; /* the thread's time */
	double stats_wait; /* how long the program then waited for it: what it added */
};

/* Opens dir's repository, if any; with rev, one is needed. -1 after a message. */
static int
S_input_open(struct input *in, const char *dir, const char *rev)
{
	const char *why;

	memset(in, 0, sizeof(*in));
	in->dir = dir;
	if (gitrepo_open(&in->g, dir, &why) == 0) {
		in->in_git = 1;
		if (rev) {
			if (gitrepo_commit(&in->g, rev, &in->tip, &why) < 0) {
				term_error("--rev %s: %s", rev, why);
				gitrepo_close(&in->g);
				return -1;
			}
			in->have_tip = 1;
		} else {
			/* An empty repository has no HEAD yet: no history, no failure. */
			in->have_tip = gitrepo_commit(&in->g, "HEAD", &in->tip, &why) == 0;
		}
	} else if (rev) {
		term_error("--rev %s: %s: %s", rev, dir, why);
		return -1;
	}
	return 0;
}

static void
S_input_close(struct input *in)
{
	if (in->in_git)
		gitrepo_close(&in->g);
}

/* A source over the records of commit (NULL: the working tree). */
static struct source *
S_input_source(struct input *in, const git_oid *commit)
{
	struct source *src;
	const char *why;
	char *disp;

	if (!commit) {
		src = source_open_dir(in->dir);
		if (!src)
			term_error("%s: %s", in->dir, strerror(errno));
		return src;
	}
	disp = source_display_of(in->dir);
	src = source_open_git(&in->g, commit, disp, &why);
	free(disp);
	if (!src) {
		char hex[GIT_OID_HEXSZ + 1];

		term_error("%s: %s: %s", git_oid_tostr(hex, sizeof(hex), commit), in->dir, why);
	}
	return src;
}

static struct hist_opts
S_hist_opts(void)
{
	struct hist_opts o = {0};

	/* For tests and timing: SVCGEN_NO_HISTORY_CACHE=1 neither reads nor writes it. */
	o.no_cache = getenv("SVCGEN_NO_HISTORY_CACHE") != NULL;
	return o;
}

/*
 * Reads tip's history into h and adds its audit findings (kept in f) about
 * the records of r.
 */
static int
S_audit(struct input *in, const git_oid *tip, const struct records *r, struct diags *d,
        struct history *h, struct findings *f)
{
	struct hist_opts o = S_hist_opts();
	const char *why;

	memset(f, 0, sizeof(*f));
	if (history_load(h, &in->g, tip, &r->cfg, &o, &why) < 0) {
		term_error("%s: reading the history: %s", in->dir, why);
		return -1;
	}
	if (audit_findings(in->g.gitdir, h, r->cfg.file_bytes, f) < 0) {
		term_error("%s: reading the history: %s", in->dir, gitrepo_why());
		return -1;
	}
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

/* Waits for in's statistics thread, if one runs (then or later: see struct input). */
static void
S_stats_join(struct input *in)
{
	double t0 = clock_seconds();

	if (!in->job_running)
		return;
	if (in->job.started)
		pthread_join(in->job.tid, NULL);
	in->job_running = 0;
	in->stats_wait = clock_seconds() - t0;
}

/* site_opts.stats_ready: the render needs the figures now. */
static void
S_stats_ready(void *in)
{
	S_stats_join(in);
}

/* site_opts.stats_done: the render read the figures for the last time. */
static void
S_stats_done(void *in)
{
	stats_free(((struct input *)in)->stats);
}

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

static int
S_validate(struct input *in, const git_oid *commit, const char *as_of, unsigned flags,
           struct records *r, struct diags *d, int64_t *today, struct history *keep_h,
           struct findings *keep_f)
{
	struct history h0, *h = keep_h ? keep_h : &h0;
	struct findings f0, *f = keep_f ? keep_f : &f0;
	struct load_opts lo = {flags & ~(VALIDATE_NO_HISTORY | VALIDATE_RECORDS_ONLY),
	                       validate_record, NULL};
	const git_oid *tip = (flags & VALIDATE_NO_HISTORY) ? NULL
	                     : commit                      ? commit
	                     : in->have_tip                ? &in->tip
	                                                   : NULL;
	struct source *src = S_input_source(in, commit);
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
	if (*today < 0 && S_today(as_of, r->cfg.tzoff,
	                          commit ? gitrepo_commit_time(&in->g, commit) : 0, sh, today) < 0)
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
		S_stats_join(in);
	if (!keep_h)
		history_free(h);
	if (!keep_f)
		audit_findings_free(f);
	diags_sort(d);
	return failed ? EXIT_FAILURE_IO : 0;
}

/* The text summary of a check, on stderr. */
static void
S_summary(const struct diags *d, size_t files)
{
	size_t e = diags_count(d, SEV_ERROR), w = diags_count(d, SEV_WARNING);

	term_error("%zu error%s, %zu warning%s in %zu files", e, e == 1 ? "" : "s", w,
	           w == 1 ? "" : "s", files);
}

/*
 * Drops from d what BASE has, BASE checked with the same today; r: the
 * records d is about, to key d by (NULL: d is keyed already).
 */
static int
S_new_since(struct input *in, const char *base, struct diags *d, const struct records *r,
            int64_t today)
{
	struct diags bd;
	struct records br;
	const char *why;
	git_oid oid;
	int rc;

	if (!in->in_git || gitrepo_commit(&in->g, base, &oid, &why) < 0) {
		term_error("--new-since %s: %s", base,
		           in->in_git ? why : "not in a git repository");
		return EXIT_FAILURE_IO;
	}
	rc = S_validate(in, &oid, NULL, 0, &br, &bd, &today, NULL, NULL);
	if (rc == 0) {
		ci_set_keys(&bd, &br);
		if (r)
			ci_set_keys(d, r);
		ci_subtract(d, &bd);
	}
	load_free(&br);
	diags_free(&bd);
	return rc;
}

/* A commit of a range and its problems, keyed. */
struct checked {
	git_oid oid;
	struct diags d;
	int64_t today;
	size_t files; /* record files read */
};

/* Validates oid once, into v; NULL after a failure. */
static struct checked *
S_check_commit(struct input *in, const char *as_of, const git_oid *oid, struct checked **v,
               size_t *n, size_t *cap)
{
	struct checked *c;
	struct records r;
	size_t i;
	int rc;

	for (i = 0; i < *n; i++)
		if (git_oid_equal(&(*v)[i].oid, oid))
			return &(*v)[i];
	*v = xgrow(*v, sizeof(**v), *n + 1, cap);
	c = &(*v)[(*n)++];
	git_oid_cpy(&c->oid, oid);
	c->today = -1;
	rc = S_validate(in, oid, as_of, 0, &r, &c->d, &c->today, NULL, NULL);
	c->files = r.files_read;
	if (rc == 0)
		ci_set_keys(&c->d, &r);
	load_free(&r);
	return rc ? NULL : c;
}

/* A walk over A..B (each end resolved first, so that a bad one is a plain error). */
static int
S_range_walk(struct input *in, const char *range, git_revwalk **walk)
{
	const char *dots = strstr(range, ".."), *why = "not in a git repository";
	char *a = xstrndup(range, (size_t)(dots - range));
	git_oid from, to;
	int rc = -1;

	*walk = NULL;
	if (in->in_git && gitrepo_commit(&in->g, *a ? a : "HEAD", &from, &why) == 0 &&
	    gitrepo_commit(&in->g, dots[2] ? dots + 2 : "HEAD", &to, &why) == 0) {
		why = "cannot walk the range";
		if (git_revwalk_new(walk, in->g.repo) == 0 && git_revwalk_push(*walk, &to) == 0 &&
		    git_revwalk_hide(*walk, &from) == 0)
			rc = 0;
	}
	if (rc < 0) {
		term_error("--range %s: %s", range, why);
		git_revwalk_free(*walk);
		*walk = NULL;
	}
	free(a);
	return rc;
}

/*
 * --range A..B: every commit of the range, oldest first; each problem is
 * reported once, by the commit that introduced it (a merge introduces what
 * none of its parents had). *today and *files: those of B.
 */
static int
S_check_range(struct input *in, const char *range, const char *as_of, struct diags *out,
              int64_t *today, size_t *files)
{
	struct checked *v = NULL, *c;
	size_t n = 0, cap = 0, i, k;
	git_revwalk *walk = NULL;
	git_oid oid;
	int rc = 0;

	diags_init(out);
	if (S_range_walk(in, range, &walk) < 0)
		return EXIT_FAILURE_IO;
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
	while (rc == 0 && git_revwalk_next(&oid, walk) == 0) {
		struct diags fresh;
		git_commit *gc;
		char sh[8];

		if (git_commit_lookup(&gc, in->g.repo, &oid) < 0) {
			rc = EXIT_FAILURE_IO;
			break;
		}
		if (!(c = S_check_commit(in, as_of, &oid, &v, &n, &cap))) {
			git_commit_free(gc);
			rc = EXIT_FAILURE_IO;
			break;
		}
		*today = c->today;
		*files = c->files;
		diags_init(&fresh);
		diags_merge(&fresh, &c->d);
		for (k = 0; rc == 0 && k < git_commit_parentcount(gc); k++) {
			struct checked *p =
			    S_check_commit(in, as_of, git_commit_parent_id(gc, k), &v, &n, &cap);

			if (p)
				ci_subtract(&fresh, &p->d);
			else
				rc = EXIT_FAILURE_IO;
		}
		audit_short_hash(&oid, sh);
		/* The summary is the committer's text: escaped (term_error). */
		term_error("%s %s: %zu new errors, %zu new warnings", sh,
		           git_commit_summary(gc) ? git_commit_summary(gc) : "",
		           diags_count(&fresh, SEV_ERROR), diags_count(&fresh, SEV_WARNING));
		for (i = 0; i < fresh.n; i++) {
			const struct diag *g = &fresh.v[i];

			out->severity[g->rule] = g->severity;
			diag_add(out, g->rule, g->path, g->line, g->col, "%s (introduced in %s)",
			         g->message, sh);
			out->v[out->n - 1].key = arena_strdup(&out->arena, g->key);
		}
		diags_free(&fresh);
		git_commit_free(gc);
	}
	for (i = 0; i < n; i++)
		diags_free(&v[i].d);
	free(v);
	git_revwalk_free(walk);
	diags_sort(out);
	return rc;
}

static int
S_check(int argc, char **argv)
{
	const char *dir = ".", *as_of = NULL, *rev = NULL, *range = NULL, *base = NULL;
	struct report_opts ro = {0};
	const char **files;
	struct input in;
	struct diags d;
	struct records r;
	int64_t today;
	size_t k;
	int i, fmt, status, rc, have_dir = 0;

	for (i = 0; i < argc; i++) {
		const char *a = argv[i];
		const char **slot = !strcmp(a, "--as-of")       ? &as_of
		                    : !strcmp(a, "--rev")       ? &rev
		                    : !strcmp(a, "--range")     ? &range
		                    : !strcmp(a, "--new-since") ? &base
		                                                : NULL;

		if (slot || !strcmp(a, "--format")) {
			if (i + 1 >= argc)
				return S_usage_error("%s needs a value", a);
			if (slot) {
				*slot = argv[++i];
				continue;
			}
			if ((fmt = report_format_lookup(argv[++i])) < 0)
				return S_usage_error("unknown format '%s'", argv[i]);
			ro.format = (enum report_format)fmt;
		} else if (!strncmp(a, "--format=", 9)) {
			if ((fmt = report_format_lookup(a + 9)) < 0)
				return S_usage_error("unknown format '%s'", a + 9);
			ro.format = (enum report_format)fmt;
		} else if (!strncmp(a, "--as-of=", 8)) {
			as_of = a + 8;
		} else if (!strcmp(a, "--werror")) {
			ro.werror = 1;
		} else if (a[0] == '-' && a[1]) {
			return S_usage_error("unknown option '%s'", a);
		} else if (have_dir++) {
			return S_extra_arg(a, "check takes one folder");
		} else {
			dir = a;
		}
	}
	if (as_of && S_today(as_of, 0, 0, NULL, &today) < 0)
		return S_usage_error("--as-of takes a date YYYY-MM-DD, not '%s'", as_of);
	if (rev && range)
		return S_usage_error("%s: --rev and --range do not go together", range);
	if (range && !strstr(range, ".."))
		return S_usage_error("--range takes A..B, not '%s'", range);
	if (S_input_open(&in, dir, rev) < 0)
		return EXIT_FAILURE_IO;
	today = -1;
	memset(&r, 0, sizeof(r));
	if (range)
		rc = S_check_range(&in, range, as_of, &d, &today, &r.files_read);
	else
		rc = S_validate(&in, rev ? &in.tip : NULL, as_of, 0, &r, &d, &today, NULL, NULL);
	if (rc == 0 && base)
		rc = S_new_since(&in, base, &d, range ? NULL : &r, today);
	if (rc == EXIT_USAGE) {
		load_free(&r);
		diags_free(&d);
		S_input_close(&in);
		return rc;
	}
	ro.excerpt = ro.format == REPORT_TEXT && isatty(STDOUT_FILENO) && !range;
	ro.src = r.src;
	ro.files = r.files_read;
	/* junit: every file read, so that those without a diagnostic are counted. */
	files = xmalloc((r.n ? r.n : 1) * sizeof(*files));
	for (k = 0; k < r.n; k++)
		files[k] = r.recs[k].display;
	ro.file_list = files;
	ro.file_count = r.n;
	report_print(stdout, &d, &ro);
	free(files);
	if (ro.format == REPORT_TEXT)
		S_summary(&d, r.files_read);
	status = diags_count(&d, SEV_ERROR) || (ro.werror && diags_count(&d, SEV_WARNING))
	             ? EXIT_PROBLEMS
	             : EXIT_CLEAN;
	if (rc)
		status = EXIT_FAILURE_IO;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		term_error("cannot write the report: %s", strerror(errno));
		status = EXIT_FAILURE_IO;
	}
	load_free(&r);
	diags_free(&d);
	S_input_close(&in);
	return status;
}

/* The templates: --templates, else ./templates, else the installed ones. */
static const char *
S_templates_dir(const char *given)
{
	if (given)
		return given;
	if (access("templates/record.mustache", R_OK) == 0)
		return "templates";
	return SVCGEN_DATADIR "/templates";
}

/* An option that takes a value, and where the value goes. */
struct option {
	const char *name, *alias;
	const char **value;
};

/*
 * The options with values of opts (ending with a NULL name) and at most
 * one folder, into *dir, for the command cmd. 0, or EXIT_USAGE after a
 * message.
 */
static int
S_options(const char *cmd, int argc, char **argv, const struct option *opts, const char **dir)
{
	const struct option *o;
	int i, have_dir = 0;
	char takes[64];

	for (i = 0; i < argc; i++) {
		const char *a = argv[i];

		for (o = opts; o->name && strcmp(a, o->name) && (!o->alias || strcmp(a, o->alias));
		     o++)
			;
		if (o->name) {
			if (i + 1 >= argc)
				return S_usage_error("%s needs a value", a);
			*o->value = argv[++i];
		} else if (a[0] == '-' && a[1]) {
			return S_usage_error("unknown option '%s'", a);
		} else if (have_dir++) {
			snprintf(takes, sizeof(takes), "%s takes one folder", cmd);
			return S_extra_arg(a, takes);
		} else {
			*dir = a;
		}
	}
	return 0;
}

/*
 * Reading the output folder (publish_begin) runs on a thread of its own
 * beside the load and the checks, which it shares nothing with: at 10^6
 * records it takes seconds of system calls.
 */
struct begin_job {
	const char *out;
	const struct publish_opts *po;
	struct publish *pub;
	double secs;
	pthread_t tid;
	int started;
};

static void *
S_begin_thread(void *arg)
{
	struct begin_job *j = arg;
	double t0 = clock_seconds();

	j->pub = publish_begin(j->out, j->po);
	j->secs = clock_seconds() - t0;
	return NULL;
}

/* The handle S_begin_thread made (NULL: it failed, after its message). */
static struct publish *
S_begin_join(struct begin_job *j)
{
	if (j->started)
		pthread_join(j->tid, NULL);
	else
		S_begin_thread(j);
	j->started = 0;
	return j->pub;
}

static int
S_build(int argc, char **argv)
{
	const char *dir = ".", *out = "site", *as_of = NULL, *lang = NULL, *pii = NULL;
	const char *templates = NULL, *rev = NULL;
	struct site_opts so = {0};
	struct site_stats ss = {0};
	struct publish_opts po = {0};
	struct publish_stats ps = {0};
	struct begin_job bj = {0};
	struct publish *pub;
	struct findings f;
	struct history h;
	struct stats st;
	double t[7] = {0};
	struct input in;
	struct diags d;
	struct records r;
	int64_t today;
	int i, status;
	char digest[33] = "";

	const struct option opts[] = {
	    {"-o", "--output", &out}, {"--as-of", NULL, &as_of},         {"--lang", NULL, &lang},
	    {"--pii", NULL, &pii},    {"--templates", NULL, &templates}, {"--rev", NULL, &rev},
	    {NULL, NULL, NULL}};

	if ((i = S_options("build", argc, argv, opts, &dir)) != 0)
		return i;
	if (as_of && S_today(as_of, 0, 0, NULL, &today) < 0)
		return S_usage_error("--as-of takes a date YYYY-MM-DD, not '%s'", as_of);
	if (lang && strcmp(lang, "zh-CN") && strcmp(lang, "en"))
		return S_usage_error("--lang takes zh-CN or en, not '%s'", lang);
	if (pii && strcmp(pii, "mask") && strcmp(pii, "show"))
		return S_usage_error("--pii takes mask or show, not '%s'", pii);
	/* Where the site may go is known from the paths: refused before the work. */
	so.templates_dir = S_templates_dir(templates);
	po.records_dir = dir;
	po.templates_dir = so.templates_dir;
	if (publish_check_out(out, &po) < 0)
		return EXIT_USAGE;
	/* From the start: an interrupt at any moment leaves the old site. */
	publish_install_signal_handlers();
#if defined(__GLIBC__) && defined(M_MMAP_THRESHOLD)
	/*
	 * The records stay to the end while the pieces of the site come and
	 * go beside them: a block of 1 MiB or more is mapped of its own and
	 * given back when freed, rather than kept in glibc's heap, whose
	 * threshold rises with each large block freed (some 90 MB more at
	 * the peak at 10^6 records; docs/architecture.md, "Scale").
	 */
	mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
	t[0] = clock_seconds();
	bj.out = out;
	bj.po = &po;
	bj.started = pthread_create(&bj.tid, NULL, S_begin_thread, &bj) == 0;
	if (S_input_open(&in, dir, rev) < 0) {
		publish_abort(S_begin_join(&bj));
		return EXIT_FAILURE_IO;
	}
	memset(&st, 0, sizeof(st));
	in.stats = &st;
	/* The figures go on beside the start of the build, until the render needs them. */
	in.stats_later = 1;
	today = -1;
	status = S_validate(&in, rev ? &in.tip : NULL, as_of, LOAD_BODIES | LOAD_SUMS | LOAD_SHARE,
	                    &r, &d, &today, &h, &f);
	if (status) { /* EXIT_USAGE (no today) or EXIT_FAILURE_IO */
		publish_abort(S_begin_join(&bj));
		stats_free(&st);
		history_free(&h);
		audit_findings_free(&f);
		load_free(&r);
		diags_free(&d);
		S_input_close(&in);
		return status;
	}
	so.lang = lang ? lang : r.cfg.lang;
	so.pii_show = pii ? !strcmp(pii, "show") : r.cfg.pii_show;
	so.today = today;
	if (in.in_git && in.have_tip) {
		so.history = &h;
		so.findings = &f;
		so.gitdir = in.g.gitdir;
	}
	so.max_bytes = r.cfg.file_bytes;
	so.stats = &st;
	so.stats_ready = S_stats_ready;
	so.stats_done = S_stats_done;
	so.stats_ctx = &in;
	t[1] = clock_seconds();
	pub = S_begin_join(&bj);
	t[5] = clock_seconds();
	if (pub) {
		site_input_digest(&r, &d, &so, digest);
		publish_set_input(pub, digest);
	}
	t[6] = clock_seconds();
	if (!pub) {
		status = EXIT_FAILURE_IO;
	} else if (publish_same_input(pub, digest)) {
		/* Nothing the site is made from changed, and OUT is untouched. */
		publish_abort(pub);
		term_error("%s is up to date (nothing it is made from changed); "
		           "%zu errors, %zu warnings",
		           out, diags_count(&d, SEV_ERROR), diags_count(&d, SEV_WARNING));
		status = diags_count(&d, SEV_ERROR) ? EXIT_PROBLEMS : EXIT_CLEAN;
	} else if ((t[2] = clock_seconds()), site_build(&r, &d, &so, pub, &ss) < 0) {
		publish_abort(pub);
		status = EXIT_FAILURE_IO;
	} else if ((t[3] = clock_seconds()), publish_commit(pub, &ps) < 0) {
		status = EXIT_FAILURE_IO;
	} else {
		t[4] = clock_seconds();
		/* SVCGEN_TIMINGS=1: the phases, for make bench. */
		if (getenv("SVCGEN_TIMINGS"))
			fprintf(
			    stderr,
			    "svcgen: timings: load+check+history %.3f s, stats %.3f s on a thread "
			    "beside the checks and the render's set-up (added %.3f s), "
			    "reading the output folder %.3f s on a thread beside the load (added "
			    "%.3f s), input digest %.3f s, "
			    "render %.3f s (%zu pages rendered, %zu files reused), publish %.3f s, "
			    "total %.3f s\n",
			    t[1] - t[0], in.stats_secs, in.stats_wait, bj.secs, t[5] - t[1],
			    t[6] - t[5], t[3] - t[2], ss.rendered, ss.reused, t[4] - t[3],
			    t[4] - t[0]);
		term_error("%zu pages of %zu records into %s (%zu rendered, %zu files reused; "
		           "%zu written, %zu unchanged, %zu removed); %zu errors, %zu warnings",
		           ss.pages, ss.records, out, ss.rendered, ss.reused, ps.written,
		           ps.unchanged, ps.removed, diags_count(&d, SEV_ERROR),
		           diags_count(&d, SEV_WARNING));
		status = diags_count(&d, SEV_ERROR) ? EXIT_PROBLEMS : EXIT_CLEAN;
	}
	S_stats_join(&in); /* when the render did not (no change, a failure) */
	/* Interrupted: the shell's convention, 128 + the signal. */
	if (publish_interrupted())
		status = 128 + publish_interrupted();
	stats_free(&st);
	audit_findings_free(&f);
	history_free(&h);
	load_free(&r);
	diags_free(&d);
	S_input_close(&in);
	return status;
}

/* svcgen log ID [DIR] | svcgen log --all [DIR]: the audit trail in a terminal. */
static int
S_log(int argc, char **argv)
{
	const char *dir = NULL, *id = NULL, *rev = NULL, *pii = NULL, *fmt = "text";
	struct load_opts lo = {LOAD_CONFIG_ONLY, NULL, NULL};
	struct hist_opts ho = S_hist_opts();
	struct log_opts o = {0};
	struct findings f = {0};
	struct history h;
	struct source *src;
	struct input in;
	struct diags d;
	struct records r;
	const char *why;
	int i, all = 0, rc, status = EXIT_CLEAN;

	for (i = 0; i < argc; i++) {
		const char *a = argv[i];
		const char **slot = !strcmp(a, "--rev")      ? &rev
		                    : !strcmp(a, "--pii")    ? &pii
		                    : !strcmp(a, "--format") ? &fmt
		                                             : NULL;

		if (slot) {
			if (i + 1 >= argc)
				return S_usage_error("%s needs a value", a);
			*slot = argv[++i];
		} else if (!strcmp(a, "--all")) {
			all = 1;
		} else if (a[0] == '-' && a[1]) {
			return S_usage_error("unknown option '%s'", a);
		} else if (!id && !all) {
			id = a;
		} else if (!dir) {
			dir = a;
		} else {
			return S_extra_arg(a, all ? "log --all takes one folder"
			                          : "log takes a record id and one folder");
		}
	}
	if (!id && !all)
		return S_usage_error("%s", "log needs a record id, or --all");
	if (strcmp(fmt, "text") && strcmp(fmt, "json"))
		return S_usage_error("--format takes text or json, not '%s'", fmt);
	if (pii && strcmp(pii, "mask") && strcmp(pii, "show"))
		return S_usage_error("--pii takes mask or show, not '%s'", pii);
	if (S_input_open(&in, dir ? dir : ".", rev) < 0)
		return EXIT_FAILURE_IO;
	if (!in.in_git) {
		term_error("%s: not in a git repository", in.dir);
		return EXIT_FAILURE_IO;
	}
	/* The configuration of the revision shown: its ignore patterns and pii. */
	diags_init(&d);
	memset(&r, 0, sizeof(r));
	memset(&h, 0, sizeof(h));
	src = S_input_source(&in, in.have_tip ? &in.tip : NULL);
	if (!src || load_records(&r, src, &d, &lo) < 0 ||
	    history_load(&h, &in.g, in.have_tip ? &in.tip : NULL, &r.cfg, &ho, &why) < 0 ||
	    (!all && audit_findings(in.g.gitdir, &h, r.cfg.file_bytes, &f) < 0)) {
		if (src && r.src)
			term_error("%s: reading the history: %s", in.dir, gitrepo_why());
		status = EXIT_FAILURE_IO;
		goto done;
	}
	o.json = !strcmp(fmt, "json");
	o.show_pii = pii ? !strcmp(pii, "show") : r.cfg.pii_show;
	o.max_bytes = r.cfg.file_bytes;
	if (all) {
		log_all(stdout, &h, &o);
	} else if ((rc = log_record(stdout, in.g.repo, &h, &f, id, &o)) == 0) {
		term_error("no record %s in the history of %s", id, in.dir);
		status = EXIT_PROBLEMS;
	} else if (rc < 0) {
		status = EXIT_FAILURE_IO;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		term_error("cannot write the log: %s", strerror(errno));
		status = EXIT_FAILURE_IO;
	}
done:
	audit_findings_free(&f);
	history_free(&h);
	if (r.src)
		load_free(&r);
	else
		source_close(src);
	diags_free(&d);
	S_input_close(&in);
	return status;
}

/* svcgen stats: the figures of SPEC §6 in the terminal, as CSV or as JSON. */
static int
S_stats(int argc, char **argv)
{
	const char *dir = ".", *as_of = NULL, *rev = NULL, *period = "all", *by = NULL;
	const char *fmt = "table";
	enum stats_format f;
	struct buf out = BUF_INIT;
	struct stats st;
	struct input in;
	struct diags d;
	struct records r;
	int64_t today = -1, from, to;
	unsigned dims = 1u << DIM_ALL;
	int i, k, rc;

	const struct option opts[] = {{"--as-of", NULL, &as_of},   {"--rev", NULL, &rev},
	                              {"--period", NULL, &period}, {"--by", NULL, &by},
	                              {"--format", NULL, &fmt},    {NULL, NULL, NULL}};

	if ((i = S_options("stats", argc, argv, opts, &dir)) != 0)
		return i;
	if (as_of && S_today(as_of, 0, 0, NULL, &today) < 0)
		return S_usage_error("--as-of takes a date YYYY-MM-DD, not '%s'", as_of);
	if (stats_period(period, &from, &to) < 0)
		return S_usage_error("--period takes all, YYYY, YYYY-MM or YYYY-Www, not '%s'",
		                     period);
	if (by) {
		for (k = DIM_MONTH; k < DIM__COUNT && strcmp(by, stats_dim_names[k]); k++)
			;
		if (k == DIM__COUNT)
			return S_usage_error(
			    "--by takes month, week, region, model, type or staff, not '%s'", by);
		dims |= 1u << k;
	}
	if (!strcmp(fmt, "table"))
		f = STATS_TABLE;
	else if (!strcmp(fmt, "csv"))
		f = STATS_CSV;
	else if (!strcmp(fmt, "json"))
		f = STATS_JSON;
	else
		return S_usage_error("--format takes table, csv or json, not '%s'", fmt);
	if (S_input_open(&in, dir, rev) < 0)
		return EXIT_FAILURE_IO;
	today = -1;
	/*
	 * The figures need each record read and checked (a value that is not
	 * valid is not counted), not the checks between records: their
	 * findings would only be counted, so they are left to check, and stats
	 * costs no more than check (docs/architecture.md, "Scale").
	 */
	rc = S_validate(&in, rev ? &in.tip : NULL, as_of,
	                VALIDATE_NO_HISTORY | VALIDATE_RECORDS_ONLY, &r, &d, &today, NULL, NULL);
	if (rc == 0) {
		if (diags_count(&d, SEV_ERROR))
			fprintf(
			    stderr,
			    "svcgen: %zu errors in the records (svcgen check lists them and "
			    "checks the references between records too): the figures count only "
			    "the values that are valid\n",
			    diags_count(&d, SEV_ERROR));
		stats_compute(&st, &r, today, period);
		stats_print(&out, &st, f, dims);
		stats_free(&st);
		if (fwrite(out.buf ? out.buf : "", 1, out.len, stdout) != out.len ||
		    fflush(stdout) != 0) {
			term_error("cannot write the figures: %s", strerror(errno));
			rc = EXIT_FAILURE_IO;
		}
	}
	buf_free(&out);
	load_free(&r);
	diags_free(&d);
	S_input_close(&in);
	return rc;
}

static void
S_schema_text(void)
{
	int o;
	unsigned j;

	for (o = 0; o < OBJ__COUNT; o++) {
		const struct object *ob = schema_object(o);

		printf("%s%s\n", o < KIND__COUNT ? "kind " : "object ", ob->name);
		for (j = 0; j < ob->count; j++) {
			const struct field *f = &schema_fields[ob->first + j];
			const char *const *v;
			int k;

			printf("  %-24s %s%s", f->name, f->flags & LIST ? "list of " : "",
			       schema_type_name(f->type));
			if (f->type == T_ENUM) {
				printf("(");
				for (v = f->values; *v; v++)
					printf("%s%s", v == f->values ? "" : ", ", *v);
				printf(")");
			} else if (f->type == T_CFGENUM) {
				printf("(config %s)", f->cfg == CFG_regions  ? "regions"
				                      : f->cfg == CFG_models ? "models"
				                                             : "platforms");
			} else if (f->type == T_REF) {
				printf("(");
				for (k = 0; k < KIND__COUNT; k++)
					if (f->kinds & (1u << k))
						printf("%s%s",
						       f->kinds & ((1u << k) - 1) ? "|" : "",
						       schema_object(k)->name);
				printf(")");
			} else if (f->type == T_OBJECT) {
				printf(" %s", schema_object(f->sub)->name);
			}
			printf("%s%s\n", f->flags & REQ ? "  required" : "",
			       f->flags & PII ? "  PII" : "");
		}
		printf("\n");
	}
}

/* svcgen schema [--json-schema]: nothing else is taken. */
static int
S_schema(int argc, char **argv)
{
	int i, json = 0;

	for (i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--json-schema") && !json)
			json = 1;
		else if (a[0] == '-' && a[1] && strcmp(a, "--json-schema"))
			return S_usage_error("unknown option '%s'", a);
		else
			return S_extra_arg(a, "schema takes no argument but --json-schema");
	}
	S_schema_text();
	return EXIT_CLEAN;
}

int
main(int argc, char **argv)
{
	/* Tables built on first use are built here, before any thread starts. */
	schema_object(0);
	schema_intern("", 0);
	markdown_init();
	/* SVCGEN_YAML=libyaml: every text read by libyaml, to compare with the fast path. */
	node_libyaml_only = getenv("SVCGEN_YAML") && !strcmp(getenv("SVCGEN_YAML"), "libyaml");
	/* SVCGEN_NO_OPENAT2=1: files below a folder opened as on a kernel without openat2. */
	source_no_openat2 = getenv("SVCGEN_NO_OPENAT2") != NULL;
	if (argc < 2)
		return S_usage_error("%s", "no command given");
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		if (argc > 2)
			return S_extra_arg(argv[2], "--help takes no argument");
		fputs(S_usage, stdout);
		return EXIT_CLEAN;
	}
	if (!strcmp(argv[1], "--version")) {
		if (argc > 2)
			return S_extra_arg(argv[2], "--version takes no argument");
		puts("svcgen " SVCGEN_VERSION);
		return EXIT_CLEAN;
	}
	if (!strcmp(argv[1], "check"))
		return S_check(argc - 2, argv + 2);
	if (!strcmp(argv[1], "build"))
		return S_build(argc - 2, argv + 2);
	if (!strcmp(argv[1], "log"))
		return S_log(argc - 2, argv + 2);
	if (!strcmp(argv[1], "stats"))
		return S_stats(argc - 2, argv + 2);
	if (!strcmp(argv[1], "schema"))
		return S_schema(argc - 2, argv + 2);
	return S_usage_error("unknown command '%s'", argv[1]);
}
