/*
 * help.c - the commands' help: one table that --help, `svcgen help CMD`
 * and usage errors print from, and that docs/svcgen.1 and the shell
 * completions (docs/completion/) follow (tests/suites/cli-help.sh
 * compares them).
 */
#include "cli/help.h"

#include <cmark-gfm.h>
#include <git2.h>
#include <string.h>
#include <yaml.h>

#include "base/escape.h"
#include "base/msg.h"
#include "cli/input.h"

/* An option and what it does, the two columns --help shows. */
struct option_line {
	const char *flag, *text;
};

/*
 * The synopsis stays as it is in every language (it is what one types);
 * what the command does and each option's text go through tr()
 * (docs/architecture.md, "Messages").
 */
struct command {
	const char *name;
	const char *synopsis; /* after "svcgen ", one line a form, indented to match */
	const char *about;
	const struct option_line *options; /* ends with a NULL flag */
};

static const struct command S_commands[] = {
    {"init", "init   [DIR] [--force]\n",
     N_("Makes DIR (default: the current folder, made when missing) a new, empty department\n"
        "that checks clean: svcgen.yaml with every setting and its default, the kind folders,\n"
        "a README for the team, git and editor settings, pre-commit and CI files (docs/ci.md).\n"
        "A folder that holds anything but .git is refused (exit 2) unless --force; an\n"
        "existing file is never overwritten, nor a symbolic link followed.\n"),
     (const struct option_line[]){
         {"--force", N_("write into a folder that is not empty, keeping every file there")},
         {NULL, NULL}}},
    {"check",
     "check  [DIR] [--rev REV | --range A..B] [--new-since BASE] [--as-of DATE]\n"
     "                     [--format text|json|github|sarif|junit] [--werror] [--lang zh-CN|en]\n"
     "                     [--color auto|always|never]\n",
     N_("Validates the records in DIR (default: the current folder) and prints every problem,\n"
        "one line each: path:line:col: error|warning: message [rule-id]. Exit status 0 when\n"
        "there is no error, 1 with errors (or warnings under --werror), 2 usage, 3 I/O.\n"),
     (const struct option_line[]){
         {"--rev REV", N_("check the records of a git revision, read from git objects")},
         {"--range A..B", N_("check every commit of a range; who introduced which problem")},
         {"--new-since BASE", N_("report only the problems BASE did not have")},
         {"--as-of DATE", N_("today, for overdue follow-ups and stale complaints (YYYY-MM-DD)")},
         {"--format F", N_("text (default), json, github, sarif or junit")},
         {"--werror", N_("warnings fail the run too")},
         {"--lang L", N_("messages in zh-CN or en (default: the locale's, else en)")},
         {"--color WHEN", N_("colour the text on a terminal: auto (default), always, never")},
         {NULL, NULL}}},
    {"build",
     "build  [DIR] [-o OUT] [--rev REV] [--as-of DATE] [--lang zh-CN|en]\n"
     "                     [--pii mask|show] [--templates DIR]\n",
     N_("Checks the records in DIR and builds their static site into OUT (default: site).\n"
        "A failed or interrupted build leaves the previous site as it was.\n"),
     (const struct option_line[]){
         {"-o, --output OUT", N_("the site's folder (default: site)")},
         {"--rev REV", N_("the records of a git revision, read from git objects")},
         {"--as-of DATE", N_("today, for the figures and the overdue lists (YYYY-MM-DD)")},
         {"--lang L", N_("the site's language, zh-CN or en (default: svcgen.yaml's)")},
         {"--pii P", N_("mask (default) or show personal data")},
         {"--templates DIR", N_("the templates (default: ./templates, else the installed ones)")},
         {NULL, NULL}}},
    {"log",
     "log    ID [DIR] [--rev REV] [--format text|json] [--pii mask|show]\n"
     "                     [--lang zh-CN|en]\n"
     "       svcgen log    --all [DIR] [--rev REV] [--format text|json] [--lang zh-CN|en]\n",
     N_("Prints the audit trail of the record ID from git: who changed which field, when.\n"
        "With --all, every commit that changed a record.\n"),
     (const struct option_line[]){
         {"--all", N_("every commit that changed a record, not one record's trail")},
         {"--rev REV", N_("the history up to REV (default: HEAD)")},
         {"--format F", N_("text (default) or json")},
         {"--pii P", N_("mask (default) or show personal data")},
         {"--lang L", N_("the text's words in zh-CN or en (default: the locale's, else en)")},
         {NULL, NULL}}},
    {"stats",
     "stats  [DIR] [--rev REV] [--as-of DATE] [--period all|YYYY|YYYY-MM|YYYY-Www]\n"
     "                     [--by month|week|region|model|type|staff] [--format table|csv|json]\n"
     "                     [--lang zh-CN|en]\n",
     N_("Prints the KPIs and figures of the site's statistics, against their targets.\n"),
     (const struct option_line[]){
         {"--rev REV", N_("the records of a git revision")},
         {"--as-of DATE", N_("today (YYYY-MM-DD)")},
         {"--period P", N_("all (default), a year, a month YYYY-MM or a week YYYY-Www")},
         {"--by D", N_("break the figures down by month, week, region, model, type or staff")},
         {"--format F", N_("table (default), csv or json")},
         {"--lang L", N_("the table's words in zh-CN or en (default: svcgen.yaml's)")},
         {NULL, NULL}}},
    {"new", "new    KIND [DIR] [FIELD=VALUE ...] [-e]\n",
     N_("Writes a new record of KIND (customers, equipment, service, visits, complaints,\n"
        "standards, staff, parts, shipments, dealers) with the next free id, in the folder\n"
        "the department keeps the kind in, and prints its path. FIELD=VALUE sets a field\n"
        "(a list's items separated by ','); the other required fields are filled (today's\n"
        "date, a new record's status) or left empty with what they take.\n"),
     (const struct option_line[]){
         {"FIELD=VALUE", N_("a field of the record, checked as svcgen check would")},
         {"-e, --edit", N_("open the new file in $VISUAL or $EDITOR")},
         {NULL, NULL}}},
    {"import",
     "import KIND FILE.csv [KIND FILE.csv ...] [DIR] [--map MAPPING.yaml] [--partial]\n"
     "                     [--dry-run]\n",
     N_("Makes each row of a CSV file (UTF-8, a header row of field names) a record file of\n"
        "KIND in the records folder DIR (default: the current folder). Every row is checked\n"
        "as check checks records; a problem is shown at FILE.csv:row:column. Nothing is\n"
        "written when a row has an error, unless --partial. No file is ever overwritten.\n"),
     (const struct option_line[]){
         {"--map M", N_("a YAML file: the CSV's column names -> fields, fixed values")},
         {"--partial", N_("write the good rows, report the others")},
         {"--dry-run", N_("check every row, write nothing")},
         {NULL, NULL}}},
    {"export", "export [KIND] [DIR] [--format csv|ndjson] [--pii mask|show] [--bom]\n",
     N_("Prints every record of KIND (or of every kind) on standard output: CSV, one\n"
        "table a kind (the default with KIND), or NDJSON, one record a line (the default\n"
        "without). import reads the CSV back.\n"),
     (const struct option_line[]){
         {"--format F", N_("csv (needs KIND) or ndjson")},
         {"--pii P", N_("mask (default, as the site) or show personal data")},
         {"--bom", N_("start the CSV with a UTF-8 byte order mark (for Excel)")},
         {NULL, NULL}}},
    {"schema", "schema [--json-schema [DIR] [--kind KIND]]\n",
     N_("Prints the record kinds and their fields; with --json-schema, a JSON Schema\n"
        "(draft 2020-12) of them for editors, the configured values of DIR's svcgen.yaml\n"
        "included (docs/editors.md).\n"),
     (const struct option_line[]){{"--json-schema", N_("a JSON Schema instead of the text")},
                                  {"--kind KIND", N_("the schema of one kind (or config) alone")},
                                  {NULL, NULL}}},
    {"help", "help   [COMMAND] [--lang zh-CN|en]\n",
     N_("Prints the commands, or what one command takes.\n"),
     (const struct option_line[]){
         {"--lang L", N_("messages in zh-CN or en (default: the locale's, else en)")},
         {NULL, NULL}}},
};

static const struct command *
S_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(S_commands) / sizeof(S_commands[0]); i++)
		if (!strcmp(S_commands[i].name, name))
			return &S_commands[i];
	return NULL;
}

/* The synopsis lines, the first after lead and the others as they are. */
static void
S_synopsis(FILE *out, const struct command *c, const char *lead)
{
	fprintf(out, "%ssvcgen %s", lead, c->synopsis);
}

/* "  FLAG" in a column of 20, then its text; flags are ASCII, so bytes are columns. */
static void
S_option(FILE *out, const char *flag, const char *text)
{
	fprintf(out, "  %-20s%s\n", flag, text);
}

void
help_usage(FILE *out)
{
	size_t i;

	for (i = 0; i < sizeof(S_commands) / sizeof(S_commands[0]); i++)
		S_synopsis(out, &S_commands[i], i ? "       " : "usage: ");
	fputs("       svcgen --help | --version\n", out);
	fputs(
	    tr("Run 'svcgen help COMMAND' (or svcgen COMMAND --help) for what a command takes.\n"),
	    out);
}

int
help_usage_error(const char *fmt, const char *arg)
{
	term_error(tr(fmt), arg);
	help_usage(stderr);
	return EXIT_USAGE;
}

int
help_command(FILE *out, const char *cmd)
{
	const struct command *c = S_find(cmd);
	const struct option_line *o;

	if (!c)
		return -1;
	S_synopsis(out, c, "usage: ");
	fprintf(out, "\n%s", tr(c->about));
	if (c->options->flag)
		fprintf(out, "\n%s\n", tr("options:"));
	for (o = c->options; o->flag; o++)
		S_option(out, o->flag, tr(o->text));
	S_option(out, "-h, --help", tr("this help"));
	return 0;
}

int
help_asked(int argc, char **argv)
{
	const char *lang = NULL;
	int i, asked = 0;

	for (i = 0; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			asked = 1;
		else if (!strcmp(argv[i], "--lang") && i + 1 < argc)
			lang = argv[i + 1];
	/*
	 * The help comes before the command reads its options: a --lang
	 * zh-CN|en among them chooses its language here (else the locale's).
	 */
	if (asked && lang && (!strcmp(lang, "zh-CN") || !strcmp(lang, "en")))
		msg_set_lang(lang);
	return asked;
}

void
help_version(FILE *out)
{
	int major, minor, rev;

	git_libgit2_version(&major, &minor, &rev);
	fprintf(out,
	        "svcgen " SVCGEN_VERSION "\n"
	        "libyaml %s, cmark-gfm %s, libgit2 %d.%d.%d\n",
	        yaml_get_version_string(), cmark_version_string(), major, minor, rev);
}
