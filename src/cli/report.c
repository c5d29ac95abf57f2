/* report.c - diagnostics out, in the format CI or a person reads. */
#include "cli/report.h"

#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "base/msg.h"
#include "base/util.h"

int
report_format_lookup(const char *name)
{
	static const char *const names[] = {"text", "json", "github", "sarif", "junit"};
	size_t i;

	for (i = 0; i < ARRAY_LEN(names); i++)
		if (!strcmp(names[i], name))
			return (int)i;
	return -1;
}

int
report_color(const char *when, int is_tty)
{
	const char *no = getenv("NO_COLOR"), *term = getenv("TERM");

	if (when && !strcmp(when, "always"))
		return 1;
	if (when && !strcmp(when, "never"))
		return 0;
	if (when && strcmp(when, "auto"))
		return -1;
	return is_tty && !(no && *no) && !(term && !strcmp(term, "dumb"));
}

/* The SGR sequences of a coloured line (as gcc's): bold, red, magenta, green, reset. */
#define S_BOLD "\033[1m"
#define S_RED "\033[1;31m"
#define S_MAGENTA "\033[1;35m"
#define S_GREEN "\033[1;32m"
#define S_RESET "\033[m"

/*
 * Prints line `line` of text and a caret under code point `col`, the line
 * escaped as every text output is (term_escape) and the caret placed on
 * what is shown: under the escape of a control character, two columns
 * further for each wide character before it.
 */
static void
S_excerpt(FILE *out, const char *text, size_t len, uint32_t line, uint32_t col, int color)
{
	size_t i = 0, end, k, was;
	uint32_t l = 1, c = 1;
	struct buf shown = BUF_INIT, caret = BUF_INIT;

	while (l < line && i < len) {
		if (text[i++] == '\n')
			l++;
	}
	if (l != line || i > len)
		return;
	if (line == 1 && len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		i = 3;
	for (end = i; end < len && text[end] != '\n' && text[end] != '\r'; end++)
		;
	if (end - i > 300)
		return; /* a huge line helps nobody */
	buf_adds(&shown, "  ");
	buf_adds(&caret, "  ");
	for (; i < end; i += k, c++) {
		k = utf8_seq((const unsigned char *)text + i, end - i);
		if (!k)
			k = 1;
		was = shown.len;
		term_escape(&shown, text + i, k);
		if (c >= col)
			continue;
		if (shown.len - was != k) /* an escape: as many columns as bytes */
			while (was++ < shown.len)
				buf_addc(&caret, ' ');
		else
			buf_adds(&caret, utf8_wide(utf8_decode((const unsigned char *)text + i, k))
			                     ? "  "
			                     : " ");
	}
	buf_adds(&caret, color ? S_GREEN "^" S_RESET : "^");
	fprintf(out, "%s\n%s\n", buf_str(&shown), buf_str(&caret));
	buf_free(&shown);
	buf_free(&caret);
}

/*
 * One line a diagnostic, its path and message escaped (term_escape) so that
 * nothing they hold can forge a line or drive the terminal; on a terminal,
 * the source line and a caret below it.
 */
static void
S_text(FILE *out, const struct diags *d, const struct report_opts *o)
{
	struct buf text = BUF_INIT, line = BUF_INIT;
	const char *loaded = NULL;
	size_t i, plen = o->src ? strlen(o->src->display) : 0;
	int have = 0, too_large;

	for (i = 0; i < d->n; i++) {
		const struct diag *g = &d->v[i];

		buf_reset(&line);
		if (o->color)
			buf_adds(&line, S_BOLD);
		term_escape(&line, g->path, strlen(g->path));
		buf_addf(&line, ":%u:%u: ", g->line, g->col);
		if (o->color)
			buf_adds(&line, g->severity == SEV_ERROR ? S_RED : S_MAGENTA);
		buf_addf(&line, "%s:%s ", severity_name(g->severity), o->color ? S_RESET : "");
		term_escape(&line, g->message, strlen(g->message));
		buf_addf(&line, " [%s]\n", rule_table[g->rule].id);
		fwrite(line.buf, 1, line.len, out);
		if (!o->excerpt || !o->src || g->rule == RULE_ENCODING ||
		    g->rule == RULE_TOO_LARGE || strncmp(g->path, o->src->display, plen))
			continue;
		if (!loaded || strcmp(loaded, g->path)) {
			loaded = g->path;
			have = o->src->ops->read(o->src, g->path + plen, 1048576, &text,
			                         &too_large) == 0;
		}
		if (have)
			S_excerpt(out, text.buf, text.len, g->line, g->col, o->color);
	}
	buf_free(&line);
	buf_free(&text);
}

static void
S_json(FILE *out, const struct diags *d, const struct report_opts *o)
{
	size_t i;

	fputs("{\"diagnostics\":[", out);
	for (i = 0; i < d->n; i++) {
		const struct diag *g = &d->v[i];

		fputs(i ? ",\n{\"path\":" : "\n{\"path\":", out);
		json_write(out, g->path);
		fprintf(out,
		        ",\"line\":%u,\"column\":%u,\"severity\":\"%s\",\"rule\":\"%s\","
		        "\"message\":",
		        g->line, g->col, severity_name(g->severity), rule_table[g->rule].id);
		json_write(out, g->message);
		fputc('}', out);
	}
	fprintf(out, "\n],\"files\":%zu,\"errors\":%zu,\"warnings\":%zu}\n", o->files,
	        diags_count(d, SEV_ERROR), diags_count(d, SEV_WARNING));
}

/*
 * GitHub Actions workflow commands. Escaping as in @actions/core
 * (toolkit's command.ts): data % \r \n; properties also : and ,.
 */
static void
S_gh_escape(FILE *out, const char *s, int property)
{
	for (; *s; s++) {
		switch (*s) {
		case '%':
			fputs("%25", out);
			break;
		case '\r':
			fputs("%0D", out);
			break;
		case '\n':
			fputs("%0A", out);
			break;
		case ':':
			fputs(property ? "%3A" : ":", out);
			break;
		case ',':
			fputs(property ? "%2C" : ",", out);
			break;
		default:
			fputc(*s, out);
		}
	}
}

/*
 * The runner's log is a terminal too (it shows ANSI colours): path and
 * message are escaped as text output is (term_escape), then for the
 * workflow command.
 */
static void
S_github(FILE *out, const struct diags *d)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < d->n; i++) {
		const struct diag *g = &d->v[i];

		fprintf(out, "::%s file=", g->severity == SEV_ERROR ? "error" : "warning");
		buf_reset(&b);
		term_escape(&b, g->path, strlen(g->path));
		S_gh_escape(out, buf_str(&b), 1);
		fprintf(out, ",line=%u,col=%u,title=", g->line, g->col);
		S_gh_escape(out, rule_table[g->rule].id, 1);
		fputs("::", out);
		buf_reset(&b);
		term_escape(&b, g->message, strlen(g->message));
		S_gh_escape(out, buf_str(&b), 0);
		fputc('\n', out);
	}
	buf_free(&b);
}

/*
 * A path as a URI reference (RFC 3986): unreserved bytes and '/' as they
 * are, every other byte (spaces, non-ASCII, ':', '%'...) percent-encoded.
 * An absolute path becomes a file: URI.
 */
static void
S_uri(struct buf *b, const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)path;

	buf_reset(b);
	if (*p == '/')
		buf_adds(b, "file://");
	for (; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p)) {
			buf_addc(b, (char)*p);
		} else {
			buf_addc(b, '%');
			buf_addc(b, hex[*p >> 4]);
			buf_addc(b, hex[*p & 15]);
		}
	}
}

static void
S_sarif(FILE *out, const struct diags *d)
{
	struct buf b = BUF_INIT;
	size_t i;

	fputs("{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\","
	      "\"version\":\"2.1.0\","
	      "\"runs\":[{\"tool\":{\"driver\":{\"name\":\"svcgen\",\"version\":",
	      out);
	json_write(out, SVCGEN_VERSION);
	fputs(",\"rules\":[", out);
	/* rules.def order, so a result's ruleIndex is its enum rule. */
	for (i = 0; i < RULE__COUNT; i++) {
		const struct rule_info *r = &rule_table[i];

		fputs(i ? ",\n{\"id\":" : "\n{\"id\":", out);
		json_write(out, r->id);
		/* No "name": the ids are readable, and SARIF1001 wants no copy. */
		fputs(",\"shortDescription\":{\"text\":", out);
		json_write(out, tr(r->summary));
		/* No absolute address to point helpUri at: the page is named. */
		buf_reset(&b);
		buf_addf(&b, tr("%s See docs/rules/%s.md in the svcgen sources."), tr(r->summary),
		         r->id);
		fputs("},\"help\":{\"text\":", out);
		json_write(out, buf_str(&b));
		fputs("},\"defaultConfiguration\":{\"level\":", out);
		json_write(out, r->severity == SEV_ERROR ? "error" : "warning");
		fputs("}}", out);
	}
	fputs("\n]}},\"columnKind\":\"unicodeCodePoints\",\"results\":[", out);
	for (i = 0; i < d->n; i++) {
		const struct diag *g = &d->v[i];

		fputs(i ? ",\n{\"ruleId\":" : "\n{\"ruleId\":", out);
		json_write(out, rule_table[g->rule].id);
		fprintf(out, ",\"ruleIndex\":%d,\"level\":", (int)g->rule);
		json_write(out, g->severity == SEV_ERROR ? "error" : "warning");
		fputs(",\"message\":{\"text\":", out);
		json_write(out, g->message);
		fputs("},\"locations\":[{\"physicalLocation\":"
		      "{\"artifactLocation\":{\"uri\":",
		      out);
		S_uri(&b, g->path);
		json_write(out, buf_str(&b));
		fprintf(out, "},\"region\":{\"startLine\":%u,\"startColumn\":%u}}}]}", g->line,
		        g->col);
	}
	fputs("\n]}]}\n", out);
	buf_free(&b);
}

static int
S_strcmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Does diagnostic g fail the check (and so its file's testcase)? */
static int
S_fails(const struct diag *g, const struct report_opts *o)
{
	return g->severity == SEV_ERROR || o->werror;
}

/* The testcase's class: the top folder (the record kind) below the root. */
static void
S_junit_class(FILE *out, const char *path, const struct report_opts *o)
{
	size_t plen = o->src ? strlen(o->src->display) : 0;
	const char *slash;
	char *top, *c;

	if (plen && !strncmp(path, o->src->display, plen))
		path += plen;
	slash = strchr(path, '/');
	if (!slash) {
		fputs("svcgen", out); /* svcgen.yaml, a folder at the root */
		return;
	}
	top = xstrndup(path, (size_t)(slash - path));
	/* '.' separates packages in Jenkins, and a folder is one name. */
	for (c = top; *c; c++)
		if (*c == '.')
			*c = '_';
	xml_write(out, top);
	free(top);
}

static void
S_junit_line(FILE *out, const struct diag *g)
{
	fprintf(out, "%u:%u: %s: ", g->line, g->col, severity_name(g->severity));
	xml_write(out, g->message);
	fprintf(out, " [%s]", rule_table[g->rule].id);
}

/*
 * The paths with diagnostics (*npaths), those failing the check (*nfailed)
 * and the files read without problems (*nclean).
 */
static void
S_junit_count(const struct diags *d, const struct report_opts *o, size_t *npaths, size_t *nfailed,
              size_t *nclean)
{
	const char **files = NULL;
	size_t i, j, in_list = 0;

	*npaths = *nfailed = 0;
	/* Files of file_list with a diagnostic; other paths are folders, config. */
	if (o->file_list && o->file_count) {
		files = xmalloc(o->file_count * sizeof(*files));
		memcpy(files, o->file_list, o->file_count * sizeof(*files));
		qsort(files, o->file_count, sizeof(*files), S_strcmp);
	}
	for (i = 0; i < d->n; i = j) {
		int fails = 0;

		for (j = i; j < d->n && !strcmp(d->v[j].path, d->v[i].path); j++)
			fails |= S_fails(&d->v[j], o);
		(*npaths)++;
		*nfailed += fails;
		if (files && bsearch(&d->v[i].path, files, o->file_count, sizeof(*files), S_strcmp))
			in_list++;
	}
	/* Without the list, a guess that takes every path for a file read. */
	if (files)
		*nclean = o->file_count - in_list;
	else
		*nclean = o->files > *npaths ? o->files - *npaths : 0;
	free(files);
}

/*
 * JUnit XML as Jenkins, GitLab and Azure read it: one testcase per file
 * with diagnostics (failing when one of them fails the check), and one
 * passing testcase for all the clean files, so that there is always one.
 */
static void
S_junit(FILE *out, const struct diags *d, const struct report_opts *o)
{
	size_t i, j, k, first, paths, failed, clean, tests, nfail;

	S_junit_count(d, o, &paths, &failed, &clean);
	tests = paths + (clean || !paths);

	fprintf(out,
	        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	        "<testsuites name=\"svcgen check\" tests=\"%zu\" failures=\"%zu\" errors=\"0\">\n"
	        "<testsuite name=\"svcgen check\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" "
	        "skipped=\"0\">\n",
	        tests, failed, tests, failed);
	for (i = 0; i < d->n; i = j) {
		const struct diag *g = &d->v[i];

		nfail = 0;
		first = d->n;
		for (j = i; j < d->n && !strcmp(d->v[j].path, g->path); j++)
			if (S_fails(&d->v[j], o) && nfail++ == 0)
				first = j;
		fputs("<testcase classname=\"", out);
		S_junit_class(out, g->path, o);
		fputs("\" name=\"", out);
		xml_write(out, g->path);
		fputs("\">\n", out);
		if (nfail) {
			fputs("<failure message=\"", out);
			S_junit_line(out, &d->v[first]);
			if (nfail > 1)
				fprintf(out, tr(" (and %zu more)"), nfail - 1);
			fprintf(out, "\" type=\"%s\">", rule_table[d->v[first].rule].id);
			for (k = i; k < j; k++)
				if (S_fails(&d->v[k], o)) {
					S_junit_line(out, &d->v[k]);
					fputc('\n', out);
				}
			fputs("</failure>\n", out);
		}
		if (j - i > nfail) {
			fputs("<system-out>", out);
			for (k = i; k < j; k++)
				if (!S_fails(&d->v[k], o)) {
					S_junit_line(out, &d->v[k]);
					fputc('\n', out);
				}
			fputs("</system-out>\n", out);
		}
		fputs("</testcase>\n", out);
	}
	if (clean || !paths) {
		fputs("<testcase classname=\"svcgen\" name=\"all other files\">\n<system-out>",
		      out);
		fprintf(out,
		        tr(clean == 1 ? N_("%zu file without problems")
		                      : N_("%zu files without problems")),
		        clean);
		fputs("</system-out>\n</testcase>\n", out);
	}
	fputs("</testsuite>\n</testsuites>\n", out);
}

void
report_print(FILE *out, const struct diags *d, const struct report_opts *o)
{
	switch (o->format) {
	case REPORT_JSON:
		S_json(out, d, o);
		break;
	case REPORT_GITHUB:
		S_github(out, d);
		break;
	case REPORT_SARIF:
		S_sarif(out, d);
		break;
	case REPORT_JUNIT:
		S_junit(out, d, o);
		break;
	default:
		S_text(out, d, o);
		break;
	}
}
