/* main.c - the command line (SPEC §8). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "load.h"
#include "markdown.h"
#include "publish.h"
#include "report.h"
#include "schema.h"
#include "site.h"
#include "validate.h"
#include "value.h"

#define EXIT_CLEAN 0
#define EXIT_PROBLEMS 1
#define EXIT_USAGE 2
#define EXIT_FAILURE_IO 3

static const char S_usage[] =
    "usage: svcgen check  [DIR] [--as-of DATE] [--format text|json|github|sarif|junit]\n"
    "                     [--werror]\n"
    "       svcgen schema [--json-schema]\n"
    "       svcgen --help | --version\n";

static int
S_usage_error(const char *fmt, const char *arg)
{
	fputs("svcgen: ", stderr);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	fputs(S_usage, stderr);
	return EXIT_USAGE;
}

/* "Today" (SPEC §10): --as-of, else SOURCE_DATE_EPOCH, else the clock. */
static int
S_today(const char *as_of, int tzoff, int64_t *day)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	int64_t t;

	if (as_of)
		return value_date(as_of, strlen(as_of), day);
	if (sde && *sde) {
		if (value_int(sde, strlen(sde), &t) < 0)
			return -1;
		*day = local_day(t, tzoff);
		return 0;
	}
	*day = local_day((int64_t)time(NULL), tzoff);
	return 0;
}

static int
S_check(int argc, char **argv)
{
	const char *dir = ".", *as_of = NULL;
	struct report_opts ro = {0};
	const char **files;
	size_t k;
	struct load_opts lo = {0, validate_record, NULL};
	struct source *src;
	struct diags d;
	struct repo r;
	int64_t today;
	int i, fmt, status, load_failed;

	for (i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--format") || !strcmp(a, "--as-of")) {
			if (i + 1 >= argc)
				return S_usage_error("%s needs a value", a);
			if (!strcmp(a, "--as-of")) {
				as_of = argv[++i];
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
		} else if (!strcmp(a, "--rev") || !strcmp(a, "--range") ||
		           !strcmp(a, "--new-since")) {
			return S_usage_error("%s: reading from git is not available yet", a);
		} else if (a[0] == '-' && a[1]) {
			return S_usage_error("unknown option '%s'", a);
		} else if (strcmp(dir, ".") && i > 0) {
			return S_usage_error("more than one folder given ('%s')", a);
		} else {
			dir = a;
		}
	}
	if (as_of && S_today(as_of, 0, &today) < 0)
		return S_usage_error("--as-of takes a date YYYY-MM-DD, not '%s'", as_of);
	src = source_open_dir(dir);
	if (!src) {
		fprintf(stderr, "svcgen: %s: %s\n", dir, strerror(errno));
		return EXIT_FAILURE_IO;
	}
	diags_init(&d);
	load_failed = repo_load(&r, src, &d, &lo) < 0;
	if (S_today(as_of, r.cfg.tzoff, &today) < 0) {
		fprintf(stderr, "svcgen: SOURCE_DATE_EPOCH is not a number of seconds\n");
		repo_free(&r);
		diags_free(&d);
		return EXIT_USAGE;
	}
	validate_repo(&r, today, &d);
	diags_sort(&d);
	ro.excerpt = ro.format == REPORT_TEXT && isatty(STDOUT_FILENO);
	ro.src = src;
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
		fprintf(stderr, "svcgen: %zu error%s, %zu warning%s in %zu files\n",
		        diags_count(&d, SEV_ERROR), diags_count(&d, SEV_ERROR) == 1 ? "" : "s",
		        diags_count(&d, SEV_WARNING), diags_count(&d, SEV_WARNING) == 1 ? "" : "s",
		        r.files_read);
	status = diags_count(&d, SEV_ERROR) || (ro.werror && diags_count(&d, SEV_WARNING))
	             ? EXIT_PROBLEMS
	             : EXIT_CLEAN;
	if (load_failed)
		status = EXIT_FAILURE_IO;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "svcgen: cannot write the report: %s\n", strerror(errno));
		status = EXIT_FAILURE_IO;
	}
	repo_free(&r);
	diags_free(&d);
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

static int
S_build(int argc, char **argv)
{
	const char *dir = ".", *out = "site", *as_of = NULL, *lang = NULL, *pii = NULL;
	const char *templates = NULL;
	struct load_opts lo = {LOAD_BODIES, validate_record, NULL};
	struct site_opts so = {0};
	struct site_stats ss = {0};
	struct publish_opts po = {0};
	struct publish_stats ps = {0};
	struct publish *pub;
	struct source *src;
	struct diags d;
	struct repo r;
	int64_t today;
	int i, status;
	char digest[33] = "";

	for (i = 0; i < argc; i++) {
		const char *a = argv[i];
		const char **slot = !strcmp(a, "-o") || !strcmp(a, "--output") ? &out
		                    : !strcmp(a, "--as-of")                    ? &as_of
		                    : !strcmp(a, "--lang")                     ? &lang
		                    : !strcmp(a, "--pii")                      ? &pii
		                    : !strcmp(a, "--templates")                ? &templates
		                                                               : NULL;

		if (slot) {
			if (i + 1 >= argc)
				return S_usage_error("%s needs a value", a);
			*slot = argv[++i];
		} else if (!strcmp(a, "--rev")) {
			return S_usage_error("%s: reading from git is not available yet", a);
		} else if (a[0] == '-' && a[1]) {
			return S_usage_error("unknown option '%s'", a);
		} else if (strcmp(dir, ".")) {
			return S_usage_error("more than one folder given ('%s')", a);
		} else {
			dir = a;
		}
	}
	if (as_of && S_today(as_of, 0, &today) < 0)
		return S_usage_error("--as-of takes a date YYYY-MM-DD, not '%s'", as_of);
	if (lang && strcmp(lang, "zh-CN") && strcmp(lang, "en"))
		return S_usage_error("--lang takes zh-CN or en, not '%s'", lang);
	if (pii && strcmp(pii, "mask") && strcmp(pii, "show"))
		return S_usage_error("--pii takes mask or show, not '%s'", pii);
	/* From the start: an interrupt at any moment leaves the old site. */
	publish_install_signal_handlers();
	src = source_open_dir(dir);
	if (!src) {
		fprintf(stderr, "svcgen: %s: %s\n", dir, strerror(errno));
		return EXIT_FAILURE_IO;
	}
	diags_init(&d);
	if (repo_load(&r, src, &d, &lo) < 0 || S_today(as_of, r.cfg.tzoff, &today) < 0) {
		repo_free(&r);
		diags_free(&d);
		return EXIT_FAILURE_IO;
	}
	validate_repo(&r, today, &d);
	diags_sort(&d);
	so.templates_dir = S_templates_dir(templates);
	so.lang = lang ? lang : r.cfg.lang;
	so.pii_show = pii ? !strcmp(pii, "show") : r.cfg.pii_show;
	so.today = today;
	po.records_dir = dir;
	pub = publish_begin(out, &po);
	if (pub) {
		site_input_digest(&r, &d, &so, digest);
		publish_set_input(pub, digest);
	}
	if (!pub) {
		status = EXIT_FAILURE_IO;
	} else if (publish_same_input(pub, digest)) {
		/* Nothing the site is made from changed, and OUT is untouched. */
		publish_abort(pub);
		fprintf(stderr,
		        "svcgen: %s is up to date (nothing it is made from changed); "
		        "%zu errors, %zu warnings\n",
		        out, diags_count(&d, SEV_ERROR), diags_count(&d, SEV_WARNING));
		status = diags_count(&d, SEV_ERROR) ? EXIT_PROBLEMS : EXIT_CLEAN;
	} else if (site_build(&r, &d, &so, pub, &ss) < 0) {
		publish_abort(pub);
		status = EXIT_FAILURE_IO;
	} else if (publish_commit(pub, &ps) < 0) {
		status = EXIT_FAILURE_IO;
	} else {
		fprintf(stderr,
		        "svcgen: %zu pages of %zu records into %s (%zu written, %zu unchanged, "
		        "%zu removed); %zu errors, %zu warnings\n",
		        ss.pages, ss.records, out, ps.written, ps.unchanged, ps.removed,
		        diags_count(&d, SEV_ERROR), diags_count(&d, SEV_WARNING));
		status = diags_count(&d, SEV_ERROR) ? EXIT_PROBLEMS : EXIT_CLEAN;
	}
	/* Interrupted: the shell's convention, 128 + the signal. */
	if (publish_interrupted())
		status = 128 + publish_interrupted();
	repo_free(&r);
	diags_free(&d);
	return status;
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

int
main(int argc, char **argv)
{
	/* Tables built on first use are built here, before any thread starts. */
	schema_object(0);
	schema_intern("", 0);
	markdown_init();
	if (argc < 2)
		return S_usage_error("%s", "no command given");
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		fputs(S_usage, stdout);
		return EXIT_CLEAN;
	}
	if (!strcmp(argv[1], "--version")) {
		puts("svcgen " SVCGEN_VERSION);
		return EXIT_CLEAN;
	}
	if (!strcmp(argv[1], "check"))
		return S_check(argc - 2, argv + 2);
	if (!strcmp(argv[1], "build"))
		return S_build(argc - 2, argv + 2);
	if (!strcmp(argv[1], "schema")) {
		S_schema_text();
		return EXIT_CLEAN;
	}
	return S_usage_error("unknown command '%s'", argv[1]);
}
