/*
 * main.c - the command line: each command's options, its stages called in
 * order (the records' input and checks in input.c, the CI modes in ci.c),
 * its output and its exit status.
 */
#include <errno.h>
#include <limits.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/error.h"
#include "base/escape.h"
#include "base/msg.h"
#include "cli/ci.h"
#include "cli/export.h"
#include "cli/help.h"
#include "cli/init.h"
#include "cli/new.h"
#include "cli/import.h"
#include "cli/input.h"
#include "cli/json_schema.h"
#include "cli/log.h"
#include "cli/report.h"
#include "history/audit.h"
#include "history/history.h"
#include "load/git.h"
#include "load/load.h"
#include "load/parse.h"
#include "load/source.h"
#include "model/diag.h"
#include "model/schema.h"
#include "publish/publish.h"
#include "render/labels.h"
#include "render/markdown.h"
#include "site/site.h"
#include "stats/stats.h"

/* A word after all a command takes: a usage error naming it; takes: a text of the catalogue. */
static int
S_extra_arg(const char *arg, const char *takes)
{
	term_error(tr("extra argument '%s' (%s)"), arg, tr(takes));
	help_usage(stderr);
	return EXIT_USAGE;
}

/*
 * svcgen help [COMMAND] [--lang zh-CN|en] (or --help, -h): the usage, or
 * a command's help (`help --help`: help's own), in the language asked.
 */
static int
S_help(int argc, char **argv)
{
	const char *cmd = NULL, *lang = NULL;
	int i;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--lang")) {
			if (++i == argc)
				return help_usage_error("%s needs a value", "--lang");
			lang = argv[i];
		} else if (!cmd) {
			cmd = help_asked(1, argv + i) ? "help" : argv[i];
		} else {
			return S_extra_arg(argv[i], "help takes one command");
		}
	}
	if (lang && strcmp(lang, "zh-CN") && strcmp(lang, "en"))
		return help_usage_error("--lang takes zh-CN or en, not '%s'", lang);
	if (lang)
		msg_set_lang(lang);
	if (!cmd)
		help_usage(stdout);
	else if (help_command(stdout, cmd) < 0)
		return help_usage_error("unknown command '%s'", cmd);
	return EXIT_CLEAN;
}

/* The text summary of a check, on stderr. */
static void
S_summary(const struct diags *d, size_t files)
{
	/* [one error][one warning]: English has a singular; Chinese does without. */
	static const char *const forms[2][2] = {{N_("%zu errors, %zu warnings in %zu files"),
	                                         N_("%zu errors, %zu warning in %zu files")},
	                                        {N_("%zu error, %zu warnings in %zu files"),
	                                         N_("%zu error, %zu warning in %zu files")}};
	size_t e = diags_count(d, SEV_ERROR), w = diags_count(d, SEV_WARNING);

	term_error(tr(forms[e == 1][w == 1]), e, w, files);
}

/* svcgen check's options. */
struct check_args {
	const char *dir, *as_of, *rev, *range, *base, *lang, *color;
	struct report_opts ro;
};

/* Reads check's options into a: 0, or EXIT_USAGE after a message. */
static int
S_check_args(int argc, char **argv, struct check_args *ca)
{
	int64_t today;
	int i, fmt, have_dir = 0;

	memset(ca, 0, sizeof(*ca));
	ca->dir = ".";
	for (i = 0; i < argc; i++) {
		const char *a = argv[i];
		const char **slot = !strcmp(a, "--as-of")       ? &ca->as_of
		                    : !strcmp(a, "--rev")       ? &ca->rev
		                    : !strcmp(a, "--range")     ? &ca->range
		                    : !strcmp(a, "--new-since") ? &ca->base
		                    : !strcmp(a, "--lang")      ? &ca->lang
		                    : !strcmp(a, "--color")     ? &ca->color
		                                                : NULL;

		if (slot || !strcmp(a, "--format")) {
			if (i + 1 >= argc)
				return help_usage_error("%s needs a value", a);
			if (slot) {
				*slot = argv[++i];
				continue;
			}
			if ((fmt = report_format_lookup(argv[++i])) < 0)
				return help_usage_error("unknown format '%s'", argv[i]);
			ca->ro.format = (enum report_format)fmt;
		} else if (!strncmp(a, "--format=", 9)) {
			if ((fmt = report_format_lookup(a + 9)) < 0)
				return help_usage_error("unknown format '%s'", a + 9);
			ca->ro.format = (enum report_format)fmt;
		} else if (!strncmp(a, "--as-of=", 8)) {
			ca->as_of = a + 8;
		} else if (!strcmp(a, "--werror")) {
			ca->ro.werror = 1;
		} else if (a[0] == '-' && a[1]) {
			return help_usage_error("unknown option '%s'", a);
		} else if (have_dir++) {
			return S_extra_arg(a, "check takes one folder");
		} else {
			ca->dir = a;
		}
	}
	if (ca->as_of && input_today(ca->as_of, 0, 0, NULL, &today) < 0)
		return help_usage_error("--as-of takes a date YYYY-MM-DD, not '%s'", ca->as_of);
	ca->ro.color = report_color(ca->color, isatty(STDOUT_FILENO));
	if (ca->ro.color < 0)
		return help_usage_error("--color takes auto, always or never, not '%s'", ca->color);
	if (ca->lang && strcmp(ca->lang, "zh-CN") && strcmp(ca->lang, "en"))
		return help_usage_error("--lang takes zh-CN or en, not '%s'", ca->lang);
	if (ca->rev && ca->range)
		return help_usage_error("%s: --rev and --range do not go together", ca->range);
	if (ca->range && !strstr(ca->range, ".."))
		return help_usage_error("--range takes A..B, not '%s'", ca->range);
	return 0;
}

/*
 * Prints the problems d of the records r (a range's: r holds only the
 * count of files) on stdout, their summary on stderr; rc: the checks'
 * status. Returns the exit status.
 */
static int
S_check_report(const struct diags *d, const struct records *r, struct report_opts *ro, int range,
               int rc)
{
	const char **files;
	size_t k;
	int status;

	ro->excerpt = ro->format == REPORT_TEXT && isatty(STDOUT_FILENO) && !range;
	ro->src = r->src;
	ro->files = r->files_read;
	/* junit: every file read, so that those without a diagnostic are counted. */
	files = xmalloc((r->n ? r->n : 1) * sizeof(*files));
	for (k = 0; k < r->n; k++)
		files[k] = r->recs[k].display;
	ro->file_list = files;
	ro->file_count = r->n;
	report_print(stdout, d, ro);
	free(files);
	if (ro->format == REPORT_TEXT)
		S_summary(d, r->files_read);
	status = diags_count(d, SEV_ERROR) || (ro->werror && diags_count(d, SEV_WARNING))
	             ? EXIT_PROBLEMS
	             : EXIT_CLEAN;
	if (rc)
		status = EXIT_FAILURE_IO;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		term_error(tr("cannot write the report: %s"), strerror(errno));
		status = EXIT_FAILURE_IO;
	}
	return status;
}

/*
 * A valid --lang among args chooses the language of the command's own
 * usage errors and failures too, before its options are read
 * (docs/architecture.md, "Messages").
 */
static void
S_lang_first(int argc, char **argv)
{
	int i;

	for (i = 0; i + 1 < argc; i++)
		if (!strcmp(argv[i], "--lang") &&
		    (!strcmp(argv[i + 1], "zh-CN") || !strcmp(argv[i + 1], "en")))
			msg_set_lang(argv[++i]);
}

static int
S_check(int argc, char **argv)
{
	struct check_args ca;
	struct input in;
	struct diags d;
	struct records r;
	int64_t today = -1;
	int rc;

	S_lang_first(argc, argv);
	if ((rc = S_check_args(argc, argv, &ca)) != 0)
		return rc;
	if (ca.lang) /* else the locale's, chosen in main */
		msg_set_lang(ca.lang);
	if (input_open(&in, ca.dir, ca.rev) < 0)
		return EXIT_FAILURE_IO;
	memset(&r, 0, sizeof(r));
	if (ca.range)
		rc = ci_check_range(&in, ca.range, ca.as_of, &d, &today, &r.files_read);
	else
		rc = input_validate(&in, ca.rev ? &in.tip : NULL, ca.as_of, 0, &r, &d, &today, NULL,
		                    NULL);
	if (rc == 0 && ca.base)
		rc = ci_new_since(&in, ca.base, &d, ca.range ? NULL : &r, today);
	error_print(); /* before the report, as it happened before it */
	if (rc != EXIT_USAGE)
		rc = S_check_report(&d, &r, &ca.ro, ca.range != NULL, rc);
	load_free(&r);
	diags_free(&d);
	input_close(&in);
	return rc;
}

/* An option that takes a value, and where the value goes. */
struct option {
	const char *name, *alias;
	const char **value;
};

/*
 * The options with values of opts (ending with a NULL name) and at most
 * one folder, into *dir; takes says so, for a usage error. 0, or
 * EXIT_USAGE after a message.
 */
static int
S_options(const char *takes, int argc, char **argv, const struct option *opts, const char **dir)
{
	const struct option *o;
	int i, have_dir = 0;

	for (i = 0; i < argc; i++) {
		const char *a = argv[i];

		for (o = opts; o->name && strcmp(a, o->name) && (!o->alias || strcmp(a, o->alias));
		     o++)
			;
		if (o->name) {
			if (i + 1 >= argc)
				return help_usage_error("%s needs a value", a);
			*o->value = argv[++i];
		} else if (a[0] == '-' && a[1]) {
			return help_usage_error("unknown option '%s'", a);
		} else if (have_dir++) {
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

/* A build's options, and what it holds from the load to the end. */
struct build {
	const char *dir, *out, *as_of, *lang, *pii, *templates, *rev;
	struct site_opts so;
	struct publish_opts po;
	struct begin_job bj;
	struct input in;
	struct records r;
	struct diags d;
	struct history h;
	struct findings f;
	struct stats st;
	int64_t today;
	double t[7]; /* the clock at each phase, for SVCGEN_TIMINGS */
};

/*
 * Where a build goes without -o: `site` here, unless here is inside the
 * records folder dir; then beside that folder, as `<its name>-site`, so
 * that the site is never written into the records' repository (docs/site.md,
 * "Where the site goes").
 */
static const char *
S_default_out(const char *dir)
{
	static char out[PATH_MAX + sizeof("-site")];
	char *rdir = realpath(dir, NULL), *here = realpath(".", NULL);
	size_t n;

	strcpy(out, "site");
	if (rdir && here && (n = strlen(rdir)) > 1 && !strncmp(here, rdir, n) &&
	    (here[n] == '/' || !here[n]))
		snprintf(out, sizeof(out), "%s-site", rdir);
	free(rdir);
	free(here);
	return out;
}

/* Reads build's options into b: 0, or EXIT_USAGE after a message. */
static int
S_build_args(struct build *b, int argc, char **argv)
{
	int64_t today;
	int rc;
	const struct option opts[] = {{"-o", "--output", &b->out},
	                              {"--as-of", NULL, &b->as_of},
	                              {"--lang", NULL, &b->lang},
	                              {"--pii", NULL, &b->pii},
	                              {"--templates", NULL, &b->templates},
	                              {"--rev", NULL, &b->rev},
	                              {NULL, NULL, NULL}};

	b->dir = ".";
	if ((rc = S_options(N_("build takes one folder"), argc, argv, opts, &b->dir)) != 0)
		return rc;
	if (!b->out)
		b->out = S_default_out(b->dir);
	if (b->as_of && input_today(b->as_of, 0, 0, NULL, &today) < 0)
		return help_usage_error("--as-of takes a date YYYY-MM-DD, not '%s'", b->as_of);
	if (b->lang && strcmp(b->lang, "zh-CN") && strcmp(b->lang, "en"))
		return help_usage_error("--lang takes zh-CN or en, not '%s'", b->lang);
	if (b->pii && strcmp(b->pii, "mask") && strcmp(b->pii, "show"))
		return help_usage_error("--pii takes mask or show, not '%s'", b->pii);
	return 0;
}

/*
 * The lines a build ends with are for whoever runs it: in the locale's
 * language, as check's, once the site (its diagnostics in the site's
 * language) is made. docs/architecture.md, "Messages".
 */
static void
S_terminal_lang(void)
{
	msg_set_lang(msg_env_lang());
}

/* The last line of a build, on stderr (and its phases with SVCGEN_TIMINGS=1, for make bench). */
static void
S_build_summary(const struct build *b, const struct site_stats *ss, const struct publish_stats *ps)
{
	const double *t = b->t;

	S_terminal_lang();
	if (getenv("SVCGEN_TIMINGS"))
		fprintf(stderr,
		        "svcgen: timings: load+check+history %.3f s, stats %.3f s on a thread "
		        "beside the checks and the render's set-up (added %.3f s), "
		        "reading the output folder %.3f s on a thread beside the load (added "
		        "%.3f s), input digest %.3f s, "
		        "render %.3f s (%zu pages rendered, %zu files reused), publish %.3f s, "
		        "total %.3f s\n",
		        t[1] - t[0], b->in.stats_secs, b->in.stats_wait, b->bj.secs, t[5] - t[1],
		        t[6] - t[5], t[3] - t[2], ss->rendered, ss->reused, t[4] - t[3],
		        t[4] - t[0]);
	term_error(tr("%zu pages of %zu records into %s (%zu rendered, %zu files reused; "
	              "%zu written, %zu unchanged, %zu removed); %zu errors, %zu warnings"),
	           ss->pages, ss->records, b->out, ss->rendered, ss->reused, ps->written,
	           ps->unchanged, ps->removed, diags_count(&b->d, SEV_ERROR),
	           diags_count(&b->d, SEV_WARNING));
}

/*
 * The site of the checked records, rendered and published unless nothing
 * it is made from changed since the last build. Returns the exit status.
 */
static int
S_build_site(struct build *b)
{
	struct site_opts *so = &b->so;
	struct site_stats ss = {0};
	struct publish_stats ps = {0};
	struct publish *pub;
	char digest[33] = "";

	so->lang = b->lang ? b->lang : b->r.cfg.lang;
	so->pii_show = b->pii ? !strcmp(b->pii, "show") : b->r.cfg.pii_show;
	so->today = b->today;
	if (b->in.in_git && b->in.have_tip) {
		so->history = &b->h;
		so->findings = &b->f;
		so->gitdir = b->in.g.gitdir;
	}
	so->max_bytes = b->r.cfg.file_bytes;
	so->stats = &b->st;
	so->stats_ready = input_stats_ready;
	so->stats_done = input_stats_done;
	so->stats_ctx = &b->in;
	b->t[1] = clock_seconds();
	pub = S_begin_join(&b->bj);
	b->t[5] = clock_seconds();
	if (pub) {
		site_input_digest(&b->r, &b->d, so, digest);
		publish_set_input(pub, digest);
	}
	b->t[6] = clock_seconds();
	if (!pub)
		return EXIT_FAILURE_IO;
	if (publish_same_input(pub, digest)) {
		/* Nothing the site is made from changed, and OUT is untouched. */
		publish_abort(pub);
		S_terminal_lang();
		term_error(tr("%s is up to date (nothing it is made from changed); "
		              "%zu errors, %zu warnings"),
		           b->out, diags_count(&b->d, SEV_ERROR), diags_count(&b->d, SEV_WARNING));
		return diags_count(&b->d, SEV_ERROR) ? EXIT_PROBLEMS : EXIT_CLEAN;
	}
	b->t[2] = clock_seconds();
	if (site_build(&b->r, &b->d, so, pub, &ss) < 0) {
		publish_abort(pub);
		return EXIT_FAILURE_IO;
	}
	b->t[3] = clock_seconds();
	if (publish_commit(pub, &ps) < 0)
		return EXIT_FAILURE_IO;
	b->t[4] = clock_seconds();
	S_build_summary(b, &ss, &ps);
	return diags_count(&b->d, SEV_ERROR) ? EXIT_PROBLEMS : EXIT_CLEAN;
}

static int
S_build(int argc, char **argv)
{
	struct build b;
	int status;

	memset(&b, 0, sizeof(b));
	if ((status = S_build_args(&b, argc, argv)) != 0)
		return status;
	/* Where the site may go is known from the paths: refused before the work. */
	b.so.templates_dir = b.templates; /* then the records' templates/, then the built-in ones */
	b.po.records_dir = b.dir;
	b.po.templates_dir = b.so.templates_dir;
	if (publish_check_out(b.out, &b.po) < 0)
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
	b.t[0] = clock_seconds();
	b.bj.out = b.out;
	b.bj.po = &b.po;
	b.bj.started = pthread_create(&b.bj.tid, NULL, S_begin_thread, &b.bj) == 0;
	if (input_open(&b.in, b.dir, b.rev) < 0) {
		publish_abort(S_begin_join(&b.bj));
		return EXIT_FAILURE_IO;
	}
	b.in.stats = &b.st;
	/* The figures go on beside the start of the build, until the render needs them. */
	b.in.stats_later = 1;
	b.today = -1;
	/* One language a site, its diagnostics included: --lang, else svcgen.yaml's. */
	if (b.lang)
		msg_set_records_lang(b.lang);
	status =
	    input_validate(&b.in, b.rev ? &b.in.tip : NULL, b.as_of,
	                   LOAD_BODIES | LOAD_SUMS | LOAD_SHARE | (b.lang ? 0 : LOAD_CONFIG_LANG),
	                   &b.r, &b.d, &b.today, &b.h, &b.f);
	if (status) { /* EXIT_USAGE (no today) or EXIT_FAILURE_IO */
		publish_abort(S_begin_join(&b.bj));
	} else {
		status = S_build_site(&b);
		input_stats_join(&b.in); /* when the render did not (no change, a failure) */
		/* Interrupted: the shell's convention, 128 + the signal. */
		if (publish_interrupted())
			status = 128 + publish_interrupted();
	}
	stats_free(&b.st);
	audit_findings_free(&b.f);
	history_free(&b.h);
	load_free(&b.r);
	diags_free(&b.d);
	input_close(&b.in);
	error_print();
	return status;
}

/* svcgen log's options. */
struct log_args {
	const char *dir, *id, *rev, *pii, *fmt, *lang;
	int all;
};

/* Reads log's options into la: 0, or EXIT_USAGE after a message. */
static int
S_is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int
S_log_args(int argc, char **argv, struct log_args *la)
{
	int i;

	memset(la, 0, sizeof(*la));
	la->fmt = "text";
	for (i = 0; i < argc; i++) {
		const char *a = argv[i];
		const char **slot = !strcmp(a, "--rev")      ? &la->rev
		                    : !strcmp(a, "--pii")    ? &la->pii
		                    : !strcmp(a, "--format") ? &la->fmt
		                    : !strcmp(a, "--lang")   ? &la->lang
		                                             : NULL;

		if (slot) {
			if (i + 1 >= argc)
				return help_usage_error("%s needs a value", a);
			*slot = argv[++i];
		} else if (!strcmp(a, "--all")) {
			la->all = 1;
		} else if (a[0] == '-' && a[1]) {
			return help_usage_error("unknown option '%s'", a);
		} else if (!la->id && !la->all) {
			la->id = a;
		} else if (!la->dir) {
			la->dir = a;
		} else {
			return S_extra_arg(a, la->all ? N_("log --all takes one folder")
			                              : N_("log takes a record id and one folder"));
		}
	}
	if (!la->id && !la->all)
		return help_usage_error("%s", tr("log needs a record id, or --all"));
	/* `svcgen log records SR-…`: the folder first, as check and build take it. */
	if (la->id && la->dir && S_is_dir(la->id) && !S_is_dir(la->dir)) {
		term_error(tr("the record id comes first, then the folder: svcgen log %s %s"),
		           la->dir, la->id);
		help_usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(la->fmt, "text") && strcmp(la->fmt, "json"))
		return help_usage_error("--format takes text or json, not '%s'", la->fmt);
	if (la->pii && strcmp(la->pii, "mask") && strcmp(la->pii, "show"))
		return help_usage_error("--pii takes mask or show, not '%s'", la->pii);
	if (la->lang && strcmp(la->lang, "zh-CN") && strcmp(la->lang, "en"))
		return help_usage_error("--lang takes zh-CN or en, not '%s'", la->lang);
	if (la->lang) /* the text's words; else the locale's, chosen in main */
		msg_set_lang(la->lang);
	return 0;
}

/* svcgen log ID [DIR] | svcgen log --all [DIR]: the audit trail in a terminal. */
static int
S_log(int argc, char **argv)
{
	struct load_opts lo = {LOAD_CONFIG_ONLY, NULL, NULL, NULL};
	struct hist_opts ho = input_hist_opts();
	struct log_opts o = {0};
	struct findings f = {0};
	struct log_args la;
	struct history h;
	struct source *src;
	struct input in;
	struct diags d;
	struct records r;
	int rc, status = EXIT_CLEAN;

	if ((rc = S_log_args(argc, argv, &la)) != 0)
		return rc;
	if (input_open(&in, la.dir ? la.dir : ".", la.rev) < 0)
		return EXIT_FAILURE_IO;
	if (!in.in_git) {
		term_error(tr("%s: not in a git repository"), in.dir);
		return EXIT_FAILURE_IO;
	}
	/* The configuration of the revision shown: its ignore patterns and pii. */
	diags_init(&d);
	memset(&r, 0, sizeof(r));
	memset(&h, 0, sizeof(h));
	src = input_source(&in, in.have_tip ? &in.tip : NULL);
	if (!src || load_records(&r, src, &d, &lo) < 0 ||
	    history_load(&h, &in.g, in.have_tip ? &in.tip : NULL, &r.cfg, &ho) < 0 ||
	    (!la.all && audit_findings(in.g.gitdir, &h, r.cfg.file_bytes, &f) < 0)) {
		if (src && r.src)
			error_context("%s: reading the history", in.dir);
		status = EXIT_FAILURE_IO;
		goto done;
	}
	o.json = !strcmp(la.fmt, "json");
	o.show_pii = la.pii ? !strcmp(la.pii, "show") : r.cfg.pii_show;
	o.max_bytes = r.cfg.file_bytes;
	if (la.all) {
		log_all(stdout, &h, &o);
	} else if ((rc = log_record(stdout, in.g.repo, &h, &f, la.id, &o)) == 0) {
		term_error(tr("no record %s in the history of %s"), la.id, in.dir);
		status = EXIT_PROBLEMS;
	} else if (rc < 0) {
		status = EXIT_FAILURE_IO;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		term_error(tr("cannot write the log: %s"), strerror(errno));
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
	input_close(&in);
	return status;
}

/* svcgen init [DIR] [--force]: a new, empty department (docs/ci.md). */
static int
S_init(int argc, char **argv)
{
	struct init_result res;
	const char *dir = ".";
	int i, force = 0, have_dir = 0, rc;
	size_t k;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--force"))
			force = 1;
		else if (argv[i][0] == '-' && argv[i][1])
			return help_usage_error("unknown option '%s'", argv[i]);
		else if (have_dir++)
			return S_extra_arg(argv[i], "init takes one folder");
		else
			dir = argv[i];
	}
	rc = init_department(dir, force, &res);
	if (rc < 0) {
		init_result_free(&res);
		return EXIT_FAILURE_IO;
	}
	if (rc > 0) {
		struct buf b = BUF_INIT;

		for (k = 0; k < res.n_present; k++)
			buf_addf(&b, "%s%s", k ? ", " : "", res.present[k]);
		if (res.present_total > res.n_present)
			buf_addf(&b, tr(" (and %zu more)"), res.present_total - res.n_present);
		term_error(tr("%s is not empty: it holds %s; svcgen init --force adds what is "
		              "missing and keeps every file there"),
		           dir, buf_str(&b));
		buf_free(&b);
		init_result_free(&res);
		return EXIT_USAGE;
	}
	for (k = 0; k < res.n_kept; k++)
		term_error(tr("kept %s (%s)"), res.kept[k], tr(res.why[k]));
	term_error(tr("a new department in %s: %zu files written, %zu kept; svcgen check %s "
	              "checks it"),
	           dir, res.n_written, res.n_kept, dir);
	init_result_free(&res);
	return EXIT_CLEAN;
}

/*
 * The table's words in language lang, from the label catalogue (metric,
 * dim, stats): 0, or -1 when the catalogue cannot be read (the table then
 * keeps the JSON's names).
 */
static int
S_stats_words(struct labels *l, struct stats_table_words *w, struct source *records,
              const char *lang)
{
	struct source *tpl = source_open_templates(NULL, records);
	int m, d, rc;

	memset(w, 0, sizeof *w);
	rc = labels_load(l, tpl, lang);
	source_close(tpl);
	if (rc < 0)
		return -1;
	for (m = 0; m < METRIC__COUNT; m++)
		w->metric[m] = labels_get(l, "metric", metric_names[m]);
	for (d = 0; d < DIM__COUNT; d++)
		w->dim[d] = labels_get(l, "dim", stats_dim_names[d]);
	w->all = labels_get(l, "stats", "all_time");
	w->metric_head = labels_get(l, "stats", "metric");
	w->value = labels_get(l, "stats", "value");
	w->num = labels_get(l, "stats", "num");
	w->den = labels_get(l, "stats", "den");
	w->target = labels_get(l, "stats", "target");
	w->status = labels_get(l, "stats", "status");
	w->met = labels_get(l, "stats", "met");
	w->missed = labels_get(l, "stats", "missed");
	w->na = labels_get(l, "stats", "na");
	w->within = labels_get(l, "stats", "within");
	w->complaints = labels_get(l, "stats", "complaints_closed_row");
	return 0;
}

/* --by and --format: the breakdowns added to dims, the format in *f; 0 or a usage error. */
static int
S_stats_shape(const char *by, const char *fmt, unsigned *dims, enum stats_format *f)
{
	int k;

	if (by) {
		for (k = DIM_MONTH; k < DIM__COUNT && strcmp(by, stats_dim_names[k]); k++)
			;
		if (k == DIM__COUNT)
			return help_usage_error(
			    "--by takes month, week, region, model, type or staff, not '%s'", by);
		*dims |= 1u << k;
	}
	if (!strcmp(fmt, "table"))
		*f = STATS_TABLE;
	else if (!strcmp(fmt, "csv"))
		*f = STATS_CSV;
	else if (!strcmp(fmt, "json"))
		*f = STATS_JSON;
	else
		return help_usage_error("--format takes table, csv or json, not '%s'", fmt);
	return 0;
}

/* The figures of records r, printed in format f; returns the exit status. */
static int
S_stats_print(struct records *r, struct diags *d, int64_t today, const char *period,
              enum stats_format f, unsigned dims, const char *lang)
{
	struct labels labels;
	struct stats_table_words words;
	int have_words = 0, rc = 0;
	struct buf out = BUF_INIT;
	struct stats st;

	if (diags_count(d, SEV_ERROR))
		term_error(tr("%zu errors in the records (svcgen check lists them and "
		              "checks the references between records too): the figures "
		              "count only the values that are valid"),
		           diags_count(d, SEV_ERROR));
	stats_compute(&st, r, today, period);
	/* The table is read by people: in --lang, else the config's language. */
	if (f == STATS_TABLE)
		have_words = S_stats_words(&labels, &words, r->src, lang ? lang : r->cfg.lang) == 0;
	stats_print_words(&out, &st, f, dims, have_words ? &words : NULL);
	if (have_words)
		labels_free(&labels);
	stats_free(&st);
	if (fwrite(buf_str(&out), 1, out.len, stdout) != out.len || fflush(stdout) != 0) {
		term_error(tr("cannot write the figures: %s"), strerror(errno));
		rc = EXIT_FAILURE_IO;
	}
	buf_free(&out);
	return rc;
}

/* svcgen stats: the figures (docs/metrics.md) in the terminal, as CSV or as JSON. */
static int
S_stats(int argc, char **argv)
{
	const char *dir = ".", *as_of = NULL, *rev = NULL, *period = "all", *by = NULL;
	const char *fmt = "table", *lang = NULL;
	enum stats_format f = STATS_TABLE;
	struct input in;
	struct diags d;
	struct records r;
	int64_t today = -1, from, to;
	unsigned dims = 1u << DIM_ALL;
	int i, rc;

	const struct option opts[] = {{"--as-of", NULL, &as_of},   {"--rev", NULL, &rev},
	                              {"--period", NULL, &period}, {"--by", NULL, &by},
	                              {"--format", NULL, &fmt},    {"--lang", NULL, &lang},
	                              {NULL, NULL, NULL}};

	S_lang_first(argc, argv);
	if ((i = S_options(N_("stats takes one folder"), argc, argv, opts, &dir)) != 0)
		return i;
	if (lang && strcmp(lang, "zh-CN") && strcmp(lang, "en"))
		return help_usage_error("--lang takes zh-CN or en, not '%s'", lang);
	if (as_of && input_today(as_of, 0, 0, NULL, &today) < 0)
		return help_usage_error("--as-of takes a date YYYY-MM-DD, not '%s'", as_of);
	if (stats_period(period, &from, &to) < 0)
		return help_usage_error("--period takes all, YYYY, YYYY-MM or YYYY-Www, not '%s'",
		                        period);
	if ((i = S_stats_shape(by, fmt, &dims, &f)) != 0)
		return i;
	if (input_open(&in, dir, rev) < 0)
		return EXIT_FAILURE_IO;
	today = -1;
	/*
	 * The figures need each record read and checked (a value that is not
	 * valid is not counted), not the checks between records: their
	 * findings would only be counted, so they are left to check, and stats
	 * costs no more than check (docs/architecture.md, "Scale").
	 */
	if (lang) /* as the table's, when given; else the locale's */
		msg_set_lang(lang);
	rc =
	    input_validate(&in, rev ? &in.tip : NULL, as_of,
	                   VALIDATE_NO_HISTORY | VALIDATE_RECORDS_ONLY, &r, &d, &today, NULL, NULL);
	if (rc == 0)
		rc = S_stats_print(&r, &d, today, period, f, dims, lang);
	load_free(&r);
	diags_free(&d);
	input_close(&in);
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

/*
 * svcgen schema: the table as text; --json-schema [DIR] [--kind KIND]: as
 * a JSON Schema with DIR's configured values (docs/editors.md).
 */
static int
S_schema(int argc, char **argv)
{
	const char *dir = NULL, *kind = NULL;
	struct config cfg;
	struct buf out = BUF_INIT;
	int json = 0, i, obj = -1;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--json-schema"))
			json = 1;
		else if (!strcmp(argv[i], "--kind") && i + 1 == argc)
			return help_usage_error("'%s' takes a kind", "--kind");
		else if (!strcmp(argv[i], "--kind"))
			kind = argv[++i];
		else if (argv[i][0] == '-' && argv[i][1])
			return help_usage_error("unknown option '%s'", argv[i]);
		else if (json && !dir)
			dir = argv[i];
		else
			return S_extra_arg(argv[i],
			                   json ? N_("schema --json-schema takes one folder")
			                        : N_("schema takes no argument"));
	}
	if (!json) {
		if (kind)
			return help_usage_error("'%s' goes with --json-schema", "--kind");
		S_schema_text();
		return EXIT_CLEAN;
	}
	if (kind) {
		obj = schema_kind_lookup(kind);
		if (obj < 0 && !strcmp(kind, "config"))
			obj = OBJ_config;
		if (obj < 0)
			return help_usage_error("unknown kind '%s'", kind);
	}
	if (json_schema_config(&cfg, dir ? dir : ".") < 0) {
		config_free(&cfg);
		error_print();
		return EXIT_FAILURE_IO;
	}
	json_schema_write(&out, &cfg, obj);
	fwrite(out.buf, 1, out.len, stdout);
	buf_free(&out);
	config_free(&cfg);
	return EXIT_CLEAN;
}

int
main(int argc, char **argv)
{
	int rc;

	/* Tables built on first use are built here, before any thread starts. */
	schema_object(0);
	schema_intern("", 0);
	markdown_init();
	/* SVCGEN_YAML=libyaml: every text read by libyaml, to compare with the fast path. */
	node_libyaml_only = getenv("SVCGEN_YAML") && !strcmp(getenv("SVCGEN_YAML"), "libyaml");
	/* SVCGEN_NO_OPENAT2=1: files below a folder opened as on a kernel without openat2. */
	source_no_openat2 = getenv("SVCGEN_NO_OPENAT2") != NULL;
	/* Messages in the reader's language, as the locale says (docs/architecture.md). */
	msg_set_lang(msg_env_lang());
	if (argc < 2)
		return help_usage_error("%s", tr("no command given"));
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help"))
		return S_help(argc - 2, argv + 2);
	if (!strcmp(argv[1], "--version")) {
		if (argc > 2)
			return S_extra_arg(argv[2], "--version takes no argument");
		help_version(stdout);
		return EXIT_CLEAN;
	}
	/* svcgen COMMAND ... --help: that command's help, whatever else is there. */
	if (help_asked(argc - 2, argv + 2) && help_command(stdout, argv[1]) == 0)
		return EXIT_CLEAN;
	if (!strcmp(argv[1], "check"))
		rc = S_check(argc - 2, argv + 2);
	else if (!strcmp(argv[1], "build"))
		rc = S_build(argc - 2, argv + 2);
	else if (!strcmp(argv[1], "init"))
		rc = S_init(argc - 2, argv + 2);
	else if (!strcmp(argv[1], "log"))
		rc = S_log(argc - 2, argv + 2);
	else if (!strcmp(argv[1], "stats"))
		rc = S_stats(argc - 2, argv + 2);
	else if (!strcmp(argv[1], "schema"))
		rc = S_schema(argc - 2, argv + 2);
	else if (!strcmp(argv[1], "new"))
		rc = new_record(argc - 2, argv + 2);
	else if (!strcmp(argv[1], "import"))
		rc = import_main(argc - 2, argv + 2);
	else if (!strcmp(argv[1], "export"))
		rc = export_main(argc - 2, argv + 2);
	else
		return help_usage_error("unknown command '%s'", argv[1]);
	/* Each command prints its failure on its way out; whatever is left, here. */
	error_print();
	return rc;
}
