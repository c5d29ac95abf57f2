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

struct command {
	const char *name;
	const char *synopsis; /* after "svcgen ", one line a form, indented to match */
	const char *about;
	const char *options; /* two columns, as --help shows them */
};

static const struct command S_commands[] = {
    {"init", "init   [DIR] [--force]\n",
     "Makes DIR (default: the current folder, made when missing) a new, empty department\n"
     "that checks clean: svcgen.yaml with every setting and its default, the kind folders,\n"
     "a README for the team, git and editor settings, pre-commit and CI files (docs/ci.md).\n"
     "A folder that holds anything but .git is refused (exit 2) unless --force; an\n"
     "existing file is never overwritten, nor a symbolic link followed.\n",
     "  --force             write into a folder that is not empty, keeping every file there\n"},
    {"check",
     "check  [DIR] [--rev REV | --range A..B] [--new-since BASE] [--as-of DATE]\n"
     "                     [--format text|json|github|sarif|junit] [--werror] [--lang zh-CN|en]\n"
     "                     [--color auto|always|never]\n",
     "Validates the records in DIR (default: the current folder) and prints every problem,\n"
     "one line each: path:line:col: error|warning: message [rule-id]. Exit status 0 when\n"
     "there is no error, 1 with errors (or warnings under --werror), 2 usage, 3 I/O.\n",
     "  --rev REV           check the records of a git revision, read from git objects\n"
     "  --range A..B        check every commit of a range; who introduced which problem\n"
     "  --new-since BASE    report only the problems BASE did not have\n"
     "  --as-of DATE        today, for overdue follow-ups and stale complaints (YYYY-MM-DD)\n"
     "  --format F          text (default), json, github, sarif or junit\n"
     "  --werror            warnings fail the run too\n"
     "  --lang L            messages in zh-CN or en (default: the locale's, else en)\n"
     "  --color WHEN        colour the text on a terminal: auto (default), always, never\n"},
    {"build",
     "build  [DIR] [-o OUT] [--rev REV] [--as-of DATE] [--lang zh-CN|en]\n"
     "                     [--pii mask|show] [--templates DIR]\n",
     "Checks the records in DIR and builds their static site into OUT (default: site).\n"
     "A failed or interrupted build leaves the previous site as it was.\n",
     "  -o, --output OUT    the site's folder (default: site)\n"
     "  --rev REV           the records of a git revision, read from git objects\n"
     "  --as-of DATE        today, for the figures and the overdue lists (YYYY-MM-DD)\n"
     "  --lang L            the site's language, zh-CN or en (default: svcgen.yaml's)\n"
     "  --pii P             mask (default) or show personal data\n"
     "  --templates DIR     the templates (default: ./templates, else the installed ones)\n"},
    {"log",
     "log    ID [DIR] [--rev REV] [--format text|json] [--pii mask|show]\n"
     "       svcgen log    --all [DIR] [--rev REV] [--format text|json]\n",
     "Prints the audit trail of the record ID from git: who changed which field, when.\n"
     "With --all, every commit that changed a record.\n",
     "  --all               every commit that changed a record, not one record's trail\n"
     "  --rev REV           the history up to REV (default: HEAD)\n"
     "  --format F          text (default) or json\n"
     "  --pii P             mask (default) or show personal data\n"},
    {"stats",
     "stats  [DIR] [--rev REV] [--as-of DATE] [--period all|YYYY|YYYY-MM|YYYY-Www]\n"
     "                     [--by month|week|region|model|type|staff] [--format table|csv|json]\n"
     "                     [--lang zh-CN|en]\n",
     "Prints the KPIs and figures of the site's statistics, against their targets.\n",
     "  --rev REV           the records of a git revision\n"
     "  --as-of DATE        today (YYYY-MM-DD)\n"
     "  --period P          all (default), a year, a month YYYY-MM or a week YYYY-Www\n"
     "  --by D              break the figures down by month, week, region, model, type or staff\n"
     "  --format F          table (default), csv or json\n"
     "  --lang L            the table's words in zh-CN or en (default: svcgen.yaml's)\n"},
    {"new", "new    KIND [DIR] [FIELD=VALUE ...] [-e]\n",
     "Writes a new record of KIND (customers, equipment, service, visits, complaints,\n"
     "standards, staff, parts, shipments, dealers) with the next free id, in the folder\n"
     "the department keeps the kind in, and prints its path. FIELD=VALUE sets a field\n"
     "(a list's items separated by ','); the other required fields are filled (today's\n"
     "date, a new record's status) or left empty with what they take.\n",
     "  FIELD=VALUE         a field of the record, checked as svcgen check would\n"
     "  -e, --edit          open the new file in $VISUAL or $EDITOR\n"},
    {"import",
     "import KIND FILE.csv [KIND FILE.csv ...] [DIR] [--map MAPPING.yaml] [--partial]\n"
     "                     [--dry-run]\n",
     "Makes each row of a CSV file (UTF-8, a header row of field names) a record file of\n"
     "KIND in the records folder DIR (default: the current folder). Every row is checked\n"
     "as check checks records; a problem is shown at FILE.csv:row:column. Nothing is\n"
     "written when a row has an error, unless --partial. No file is ever overwritten.\n",
     "  --map M             a YAML file: the CSV's column names -> fields, fixed values\n"
     "  --partial           write the good rows, report the others\n"
     "  --dry-run           check every row, write nothing\n"},
    {"export", "export [KIND] [DIR] [--format csv|ndjson] [--pii mask|show] [--bom]\n",
     "Prints every record of KIND (or of every kind) on standard output: CSV, one\n"
     "table a kind (the default with KIND), or NDJSON, one record a line (the default\n"
     "without). import reads the CSV back.\n",
     "  --format F          csv (needs KIND) or ndjson\n"
     "  --pii P             mask (default, as the site) or show personal data\n"
     "  --bom               start the CSV with a UTF-8 byte order mark (for Excel)\n"},
    {"schema", "schema [--json-schema [DIR] [--kind KIND]]\n",
     "Prints the record kinds and their fields; with --json-schema, a JSON Schema\n"
     "(draft 2020-12) of them for editors, the configured values of DIR's svcgen.yaml\n"
     "included (docs/editors.md).\n",
     "  --json-schema       a JSON Schema instead of the text\n"
     "  --kind KIND         the schema of one kind (or config) alone\n"},
    {"help", "help   [COMMAND]\n", "Prints the commands, or what one command takes.\n", ""},
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

void
help_usage(FILE *out)
{
	size_t i;

	for (i = 0; i < sizeof(S_commands) / sizeof(S_commands[0]); i++)
		S_synopsis(out, &S_commands[i], i ? "       " : "usage: ");
	fputs("       svcgen --help | --version\n"
	      "Run 'svcgen help COMMAND' (or svcgen COMMAND --help) for what a command takes.\n",
	      out);
}

int
help_command(FILE *out, const char *cmd)
{
	const struct command *c = S_find(cmd);

	if (!c)
		return -1;
	S_synopsis(out, c, "usage: ");
	fprintf(out, "\n%s", c->about);
	if (*c->options)
		fprintf(out, "\noptions:\n%s", c->options);
	fputs("  -h, --help          this help\n", out);
	return 0;
}

int
help_asked(int argc, char **argv)
{
	int i;

	for (i = 0; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return 1;
	return 0;
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
