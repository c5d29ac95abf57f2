/* log.c - svcgen log: a record's audit trail, or the change log, in a terminal. */
#include "cli/log.h"

#include <stdarg.h>
#include <string.h>

#include "base/error.h"
#include "base/escape.h"
#include "base/msg.h"
#include "cli/report.h"
#include "model/value.h"

/* s as one terminal line, escaped as every text output is (term_escape). */
static const char *
S_safe(struct arena *a, const char *s)
{
	struct buf b = BUF_INIT;
	const char *out;

	term_escape(&b, s, strlen(s));
	out = arena_strndup(a, b.buf, b.len);
	buf_free(&b);
	return out;
}

/* "    " and a line of the text log in the language chosen (fmt from tr()). */
static void S_line(FILE *out, const char *fmt, ...) ATTR_PRINTF(2, 3);

static void
S_line(FILE *out, const char *fmt, ...)
{
	va_list ap;

	fputs("    ", out);
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
	fputc('\n', out);
}

/*
 * The kind of an event, for people: hist_event_kind's word (which JSON
 * keeps in English) in the language chosen.
 */
static const char *
S_kind_word(const struct hist_event *e)
{
	static const char *const words[] = {N_("added"), N_("deleted"), N_("moved"), N_("changed"),
	                                    N_("mode")};
	const char *kind = hist_event_kind(e);
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcmp(words[i], kind))
			return tr(words[i]);
	return kind;
}

/*
 * s, then spaces up to cols columns: a character of three UTF-8 bytes
 * (Chinese) takes two columns, so that the Chinese kinds line up as the
 * English ones do.
 */
static void
S_pad(FILE *out, const char *s, int cols)
{
	const unsigned char *p;

	fputs(s, out);
	for (p = (const unsigned char *)s; *p; p++)
		if (*p < 0x80 || (*p >= 0xc0 && *p < 0xe0) || *p >= 0xf0)
			cols--;
		else if (*p >= 0xe0)
			cols -= 2;
	for (; cols > 0; cols--)
		fputc(' ', out);
}

static void
S_json_key(FILE *out, const char *key, const char *value, int comma)
{
	fprintf(out, "%s\"%s\": ", comma ? ", " : "", key);
	if (value)
		json_write(out, value);
	else
		fputs("null", out);
}

/*
 * ", "date": ..." of a commit: a time outside the supported dates is null,
 * marked "invalid_time": true (docs/history.md).
 */
static void
S_json_date(FILE *out, const char *when, int bad_time)
{
	S_json_key(out, "date", bad_time ? NULL : when, 1);
	if (bad_time)
		fputs(", \"invalid_time\": true", out);
}

/* The findings about event k of trail t, as rule ids. */
static void
S_event_findings(FILE *out, const struct findings *f, size_t t, size_t k, int json)
{
	size_t i, n = 0;

	for (i = 0; f && i < f->n; i++) {
		if (f->v[i].trail != t || f->v[i].event != k)
			continue;
		if (json)
			fprintf(out, "%s\"%s\"", n ? ", " : "", rule_table[f->v[i].rule].id);
		else
			S_line(out, tr("finding: %s"), rule_table[f->v[i].rule].id);
		n++;
	}
}

static void
S_trailers_json(FILE *out, const char *trailers)
{
	const char *p = trailers, *eol;
	int first = 1;

	fputs(", \"trailers\": [", out);
	for (; *p; p = eol + 1) {
		char *line;

		eol = strchr(p, '\n');
		if (!eol)
			break;
		line = xstrndup(p, (size_t)(eol - p));
		fputs(first ? "" : ", ", out);
		json_write(out, line);
		free(line);
		first = 0;
	}
	fputs("]", out);
}

static void
S_trailers_text(FILE *out, struct arena *a, const char *trailers)
{
	const char *p = trailers, *eol;

	for (; (eol = strchr(p, '\n')) != NULL; p = eol + 1) {
		char *line = xstrndup(p, (size_t)(eol - p));

		fprintf(out, "    %s\n", S_safe(a, line));
		free(line);
	}
}

/* An event's commit in JSON: its hashes, author, date, summary and trailers. */
static void
S_commit_json(FILE *out, const struct hist_commit *c, const char *hex, const char *sh,
              const char *when, int bad_time)
{
	S_json_key(out, "commit", hex, 0);
	S_json_key(out, "short", sh, 1);
	S_json_key(out, "author", c->author, 1);
	S_json_key(out, "email", c->email, 1);
	S_json_date(out, when, bad_time);
	fprintf(out, ", \"time\": %lld", (long long)c->author_time);
	S_json_key(out, "summary", c->summary, 1);
	S_trailers_json(out, c->trailers);
}

/* An event's change in JSON: each field's old and new values, and the body's lines. */
static void
S_diff_json(FILE *out, const struct record_diff *rd)
{
	size_t i;

	fputs(", \"fields\": [", out);
	for (i = 0; i < rd->n; i++) {
		fputs(i ? ", {" : "{", out);
		S_json_key(out, "field", rd->v[i].field, 0);
		S_json_key(out, "old", rd->v[i].old, 1);
		S_json_key(out, "new", rd->v[i].new, 1);
		fputs("}", out);
	}
	fprintf(out, "], \"body\": {\"added\": %zu, \"removed\": %zu}", rd->body_added,
	        rd->body_removed);
}

/* Prints one event; -1 when a version of the record could not be read. */
static int
S_event(FILE *out, git_repository *repo, const struct history *h, const struct findings *f,
        size_t t, size_t k, const struct log_opts *o, int comma)
{
	const struct hist_trail *trail = &h->trails[t];
	const struct hist_event *e = &trail->ev[k];
	const struct hist_commit *c = &h->commits[e->commit];
	struct record_version ov, nv;
	struct record_diff rd;
	char hex[GIT_OID_HEXSZ + 1], sh[8], when[FORMAT_TIME_SIZE];
	struct arena a;
	size_t i;
	int rc = 0, bad_time;

	arena_init(&a);
	git_oid_tostr(hex, sizeof(hex), &c->oid);
	audit_short_hash(&c->oid, sh);
	bad_time = format_time(c->author_time, c->author_tz, when) < 0;
	if (audit_read_version(repo, &e->old, e->old_path, o->max_bytes, &a, &ov) < 0 ||
	    audit_read_version(repo, &e->new, e->new_path, o->max_bytes, &a, &nv) < 0) {
		error_context("cannot read a version of %s in commit %s", trail->id, sh);
		memset(&rd, 0, sizeof(rd));
		rd.unreadable = 1;
		rc = -1;
	} else {
		audit_diff(&ov, &nv, trail->kind, o->show_pii, &a, &rd);
	}
	if (o->json) {
		fputs(comma ? ",\n    {" : "\n    {", out);
		S_commit_json(out, c, hex, sh, when, bad_time);
		S_json_key(out, "change", hist_event_kind(e), 1);
		fprintf(out, ", \"reopened\": %s",
		        audit_is_reopening(&rd, trail->kind) ? "true" : "false");
		S_json_key(out, "old_path", e->old_path, 1);
		S_json_key(out, "path", e->new_path, 1);
		S_diff_json(out, &rd);
		fprintf(out, ", \"readable\": %s, \"findings\": [",
		        rd.unreadable ? "false" : "true");
		S_event_findings(out, f, t, k, 1);
		fputs("]}", out);
	} else {
		fprintf(out, "%s %s %s\n    %s\n", sh, when, S_safe(&a, c->author),
		        S_safe(&a, c->summary));
		S_trailers_text(out, &a, c->trailers);
		if (e->flags & EV_MOVED)
			S_line(out, tr("moved: %s → %s"), S_safe(&a, e->old_path),
			       S_safe(&a, e->new_path));
		else if (e->flags & (EV_ADDED | EV_DELETED))
			S_line(out, e->flags & EV_ADDED ? tr("added: %s") : tr("deleted: %s"),
			       S_safe(&a, e->new_path ? e->new_path : e->old_path));
		for (i = 0; i < rd.n; i++)
			fprintf(out, "    %s: %s → %s\n", S_safe(&a, rd.v[i].field),
			        rd.v[i].old ? S_safe(&a, rd.v[i].old) : "—",
			        rd.v[i].new ? S_safe(&a, rd.v[i].new) : "—");
		if (rd.body_added || rd.body_removed)
			S_line(out, tr("body: +%zu −%zu lines"), rd.body_added, rd.body_removed);
		if (audit_is_reopening(&rd, trail->kind))
			S_line(out, "%s", tr("(reopened: not an edit after closure)"));
		if (rd.unreadable)
			S_line(out, "%s",
			       tr("(not a readable record on one side: fields not compared)"));
		S_event_findings(out, f, t, k, 0);
		fputc('\n', out);
	}
	audit_diff_free(&rd);
	arena_free(&a);
	return rc;
}

int
log_record(FILE *out, git_repository *repo, const struct history *h, const struct findings *f,
           const char *id, const struct log_opts *o)
{
	/*
	 * The heading, [incomplete][deleted][more than one change]: whole
	 * sentences, for Chinese words its own order and no plural.
	 */
	static const char *const heads[2][2][2] = {
	    {{N_("%s: %zu change"), N_("%s: %zu changes")},
	     {N_("%s: %zu change, deleted"), N_("%s: %zu changes, deleted")}},
	    {{N_("%s: %zu change; the history is incomplete (shallow clone)"),
	      N_("%s: %zu changes; the history is incomplete (shallow clone)")},
	     {N_("%s: %zu change, deleted; the history is incomplete (shallow clone)"),
	      N_("%s: %zu changes, deleted; the history is incomplete (shallow clone)")}}};
	const struct hist_trail *trail = history_trail(h, id);
	size_t t, k;
	int rc = 1;

	if (!trail)
		return 0;
	t = (size_t)(trail - h->trails);
	if (o->json) {
		fputs("{", out);
		S_json_key(out, "id", trail->id, 0);
		fprintf(out, ", \"deleted\": %s, \"incomplete\": %s, \"events\": [",
		        trail->deleted ? "true" : "false", h->incomplete ? "true" : "false");
	} else {
		fprintf(out, tr(heads[h->incomplete != 0][trail->deleted != 0][trail->n != 1]),
		        trail->id, trail->n);
		fputs("\n\n", out);
	}
	/* Newest first. */
	for (k = trail->n; k-- > 0;)
		if (S_event(out, repo, h, f, t, k, o, k + 1 < trail->n) < 0)
			rc = -1;
	if (o->json)
		fputs("\n  ]\n}\n", out);
	return rc;
}

void
log_all(FILE *out, const struct history *h, const struct log_opts *o)
{
	char hex[GIT_OID_HEXSZ + 1], sh[8], when[FORMAT_TIME_SIZE];
	size_t c, i, shown = 0;
	struct arena a;
	int bad_time;

	arena_init(&a);
	if (o->json)
		fprintf(out, "{\"incomplete\": %s, \"commits\": [",
		        h->incomplete ? "true" : "false");
	for (c = 0; c < h->ncommits; c++) {
		const struct hist_commit *hc = &h->commits[c];

		if (h->by_commit[c] == h->by_commit[c + 1])
			continue;
		git_oid_tostr(hex, sizeof(hex), &hc->oid);
		audit_short_hash(&hc->oid, sh);
		bad_time = format_time(hc->author_time, hc->author_tz, when) < 0;
		if (o->json) {
			fputs(shown++ ? ",\n  {" : "\n  {", out);
			S_json_key(out, "commit", hex, 0);
			S_json_key(out, "author", hc->author, 1);
			S_json_date(out, when, bad_time);
			S_json_key(out, "summary", hc->summary, 1);
			fputs(", \"records\": [", out);
		} else {
			fprintf(out, "%s %s %s: %s\n", sh, when, S_safe(&a, hc->author),
			        S_safe(&a, hc->summary));
		}
		for (i = h->by_commit[c]; i < h->by_commit[c + 1]; i++) {
			const struct hist_trail *trail = &h->trails[h->refs[i].trail];
			const struct hist_event *e = &trail->ev[h->refs[i].event];

			if (o->json) {
				fputs(i > h->by_commit[c] ? ", {" : "{", out);
				S_json_key(out, "id", trail->id, 0);
				S_json_key(out, "change", hist_event_kind(e), 1);
				fputs("}", out);
			} else {
				fputs("    ", out);
				S_pad(out, S_kind_word(e), 8);
				fprintf(out, " %s\n", S_safe(&a, trail->id));
			}
		}
		if (o->json)
			fputs("]}", out);
	}
	if (o->json)
		fputs("\n]}\n", out);
	arena_free(&a);
}
