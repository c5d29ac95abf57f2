/*
 * export.c - `svcgen export`: the records as CSV, one kind a file, or as
 * NDJSON, one record a line (docs/import-export.md). Values are the text
 * the files hold, read by the schema: a number or a bool is a JSON number
 * or bool, the rest strings; personal data masked as on the site unless
 * --pii show.
 */
#include "cli/export.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/escape.h"
#include "base/msg.h"
#include "cli/help.h"
#include "cli/input.h"
#include "load/load.h"
#include "load/source.h"
#include "model/pii.h"
#include "model/schema.h"

struct export_column *
export_columns(int kind, size_t *n)
{
	const struct object *o = schema_object(kind);
	struct export_column *v = NULL;
	size_t cap = 0, i, j;

	*n = 0;
	for (i = o->first; i < o->first + o->count; i++) {
		const struct field *f = &schema_fields[i];

		if (f->type == T_OBJECT && !(f->flags & LIST)) {
			const struct object *so = schema_object(f->sub);

			for (j = so->first; j < so->first + so->count; j++) {
				const struct field *g = &schema_fields[j];

				v = xgrow(v, sizeof(*v), *n + 1, &cap);
				snprintf(v[*n].name, sizeof(v[*n].name), "%s.%s", f->name, g->name);
				v[*n].field = (int)i;
				v[*n].sub = (int)j;
				v[(*n)++].json =
				    (g->flags & LIST) || g->type == T_OBJECT || g->type == T_MAP;
			}
			continue;
		}
		v = xgrow(v, sizeof(*v), *n + 1, &cap);
		snprintf(v[*n].name, sizeof(v[*n].name), "%s", f->name);
		v[*n].field = (int)i;
		v[*n].sub = -1;
		v[(*n)++].json = (f->flags & LIST) || f->type == T_MAP || f->type == T_OBJECT;
	}
	v = xgrow(v, sizeof(*v), *n + 1, &cap);
	snprintf(v[*n].name, sizeof(v[*n].name), "body");
	v[*n].field = v[*n].sub = -1;
	v[(*n)++].json = 0;
	return v;
}

/* Is s[0..n) a number as JSON writes one (so that it can go unquoted)? */
static int
S_json_number(const char *s, size_t n)
{
	size_t i = 0, d;

	if (i < n && s[i] == '-')
		i++;
	if (i < n && s[i] == '0')
		i++;
	else if (i < n && s[i] >= '1' && s[i] <= '9')
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
	else
		return 0;
	if (i < n && s[i] == '.') {
		for (d = ++i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == d)
			return 0;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		if (++i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		for (d = i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == d)
			return 0;
	}
	return i == n;
}

static int
S_numeric(enum field_type t)
{
	return t == T_INT || t == T_POSINT || t == T_NUMBER || t == T_MONEY || t == T_RATING;
}

static int
S_is(const char *s, size_t n, const char *w)
{
	return n == strlen(w) && !memcmp(s, w, n);
}

/*
 * A scalar of field f (NULL: a key the schema does not type, as a
 * standard's targets): a JSON number or bool when the field's type is one
 * and the text is one, else a string; masked when asked.
 */
static void
S_json_scalar(struct buf *b, const struct node *n, const struct field *f, int mask)
{
	const char *s = n->u.str;
	size_t len = node_len(n);

	if (f && mask && (f->flags & PII)) {
		struct buf m = {0};

		buf_init(&m);
		pii_mask(&m, f->type, s, len);
		json_escape(b, m.buf, m.len);
		buf_free(&m);
		return;
	}
	if ((f ? S_numeric(f->type) : n->plain) && S_json_number(s, len))
		buf_add(b, s, len);
	else if ((f ? f->type == T_BOOL : n->plain) &&
	         (S_is(s, len, "true") || S_is(s, len, "false")))
		buf_add(b, s, len);
	else
		json_escape(b, s, len);
}

/* n as JSON: f is the field whose value it is (an item of it when item). */
static void
S_json(struct buf *b, const struct node *n, const struct field *f, int item, int mask)
{
	size_t i;

	switch (n->type) {
	case NODE_SCALAR:
		S_json_scalar(b, n, f, mask);
		break;
	case NODE_SEQ:
		buf_addc(b, '[');
		for (i = 0; i < n->n; i++) {
			if (i)
				buf_addc(b, ',');
			S_json(b, &n->u.kids[i], f && (f->flags & LIST) && !item ? f : NULL, 1,
			       mask);
		}
		buf_addc(b, ']');
		break;
	case NODE_MAP:
		buf_addc(b, '{');
		for (i = 0; i < n->n; i++) {
			const struct node *k = &n->u.kids[2 * i], *v = &n->u.kids[2 * i + 1];
			const struct field *g = NULL;
			int j;

			if (i)
				buf_addc(b, ',');
			if (k->type != NODE_SCALAR) {
				buf_adds(b, "\"\"");
			} else {
				json_escape(b, k->u.str, node_len(k));
				if (f && f->type == T_OBJECT &&
				    (j = schema_field_lookup(f->sub, k->u.str, node_len(k))) >= 0)
					g = &schema_fields[j];
			}
			buf_addc(b, ':');
			S_json(b, v, g, 0, mask);
		}
		buf_addc(b, '}');
		break;
	default:
		buf_adds(b, "null");
	}
}

static int
S_number_text(const char *s, size_t n)
{
	return n && (S_json_number(s, n) || (s[0] == '-' && S_json_number(s + 1, n - 1)));
}

void
export_csv_cell(struct buf *b, const char *s, size_t n)
{
	/*
	 * As stats_csv_field (docs/site.md, "Exports"), and a text that starts
	 * with ' too, so that import can take one ' off every cell that has
	 * one and get the text back exactly (docs/import-export.md).
	 */
	int guard = n && strchr("=+-@\t\r'", s[0]) && !S_number_text(s, n);
	size_t i;

	if (!guard && !memchr(s, ',', n) && !memchr(s, '"', n) && !memchr(s, '\r', n) &&
	    !memchr(s, '\n', n)) {
		buf_add(b, s, n);
		return;
	}
	buf_addc(b, '"');
	if (guard)
		buf_addc(b, '\'');
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			buf_addc(b, '"');
		buf_addc(b, s[i]);
	}
	buf_addc(b, '"');
}

/* The value of column c of rec (NULL: none), and the field it is a value of. */
static const struct node *
S_column_node(const struct record *rec, const struct export_column *c, const struct field **f)
{
	const struct node *n;

	*f = &schema_fields[c->field];
	n = record_field(rec, (*f)->key);
	if (c->sub >= 0) {
		*f = &schema_fields[c->sub];
		n = n && n->type == NODE_MAP ? node_field(n, (*f)->key) : NULL;
	}
	return n && n->type != NODE_NULL ? n : NULL;
}

/* Records by kind (the schema's order) and id, then path: the same order whatever the folders. */
static int
S_rec_cmp(const void *a, const void *b)
{
	const struct record *x = *(const struct record *const *)a,
	                    *y = *(const struct record *const *)b;
	int c;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if ((c = strcmp(x->id ? x->id : "", y->id ? y->id : "")))
		return c;
	return strcmp(x->path, y->path);
}

static const struct record **
S_order(const struct records *r)
{
	const struct record **v = xcalloc(r->n + 1, sizeof(*v));
	size_t i;

	for (i = 0; i < r->n; i++)
		v[i] = &r->recs[i];
	qsort(v, r->n, sizeof(*v), S_rec_cmp);
	return v;
}

struct export_args {
	const char *dir, *format, *pii;
	int kind, bom;
};

/* The body of a .md record (into text; *body, *len), or none. -1 on a failure recorded. */
static int
S_body(const struct records *r, struct source_near *near, const struct record *rec,
       struct buf *text, const char **body, size_t *len)
{
	size_t n = strlen(rec->path);

	*body = NULL;
	*len = 0;
	if (n < 3 || strcmp(rec->path + n - 3, ".md"))
		return 0;
	if (load_record_body(r, near, rec, text, body) < 0)
		return -1;
	*len = rec->body_len;
	return 0;
}

/* Writes out what line holds once it is over `over` bytes, so that a line is written whole. */
static void
S_flush(FILE *out, struct buf *line, size_t over)
{
	if (line->len > over) {
		fwrite(line->buf, 1, line->len, out);
		buf_reset(line);
	}
}

static int
S_csv(const struct records *r, const struct export_args *a, int mask, FILE *out)
{
	struct source_near near = SOURCE_NEAR_INIT;
	struct buf line = {0}, cell = {0}, text = {0};
	struct export_column *cols;
	size_t ncols, i, c;
	int rc = 0;

	const struct record **order = S_order(r);

	buf_init(&line);
	buf_init(&cell);
	buf_init(&text);
	cols = export_columns(a->kind, &ncols);
	if (a->bom)
		buf_adds(&line, "\xEF\xBB\xBF");
	for (c = 0; c < ncols; c++) {
		if (c)
			buf_addc(&line, ',');
		buf_adds(&line, cols[c].name);
	}
	buf_adds(&line, "\r\n");
	for (i = 0; i < r->n && rc == 0; i++) {
		const struct record *rec = order[i];

		if (rec->kind != a->kind || !rec->root)
			continue;
		for (c = 0; c < ncols; c++) {
			const struct field *f;
			const struct node *n;

			if (c)
				buf_addc(&line, ',');
			if (cols[c].field < 0) {
				const char *body;
				size_t len;

				if ((rc = S_body(r, &near, rec, &text, &body, &len)) < 0)
					break;
				export_csv_cell(&line, body ? body : "", len);
				continue;
			}
			if (!(n = S_column_node(rec, &cols[c], &f)))
				continue;
			buf_reset(&cell);
			if (n->type == NODE_SCALAR && !cols[c].json) {
				if (mask && (f->flags & PII))
					pii_mask(&cell, f->type, n->u.str, node_len(n));
				else
					buf_add(&cell, n->u.str, node_len(n));
			} else {
				S_json(&cell, n, f, 0, mask);
			}
			export_csv_cell(&line, cell.buf, cell.len);
		}
		buf_adds(&line, "\r\n");
		S_flush(out, &line, 65536);
	}
	S_flush(out, &line, 0);
	source_near_close(&near);
	buf_free(&line);
	buf_free(&cell);
	buf_free(&text);
	free(cols);
	free(order);
	return rc;
}

static int
S_ndjson(const struct records *r, const struct export_args *a, int mask, FILE *out)
{
	struct source_near near = SOURCE_NEAR_INIT;
	struct buf line = {0}, text = {0};
	const struct record **order = S_order(r);
	size_t i, j;
	int rc = 0;

	buf_init(&line);
	buf_init(&text);
	for (i = 0; i < r->n && rc == 0; i++) {
		const struct record *rec = order[i];
		const struct object *o;
		const char *body;
		size_t len;

		if ((a->kind >= 0 && rec->kind != a->kind) || !rec->root)
			continue;
		o = schema_object(rec->kind);
		buf_adds(&line, "{\"_kind\":");
		json_escape(&line, o->name, strlen(o->name));
		buf_adds(&line, ",\"_path\":");
		json_escape(&line, rec->path, strlen(rec->path));
		for (j = o->first; j < o->first + o->count; j++) {
			const struct field *f = &schema_fields[j];
			const struct node *n = record_field(rec, f->key);

			if (!n)
				continue;
			buf_addc(&line, ',');
			json_escape(&line, f->name, strlen(f->name));
			buf_addc(&line, ':');
			S_json(&line, n, f, 0, mask);
		}
		if ((rc = S_body(r, &near, rec, &text, &body, &len)) < 0)
			break;
		if (body && len) {
			buf_adds(&line, ",\"body\":");
			json_escape(&line, body, len);
		}
		buf_adds(&line, "}\n");
		S_flush(out, &line, 65536);
	}
	S_flush(out, &line, 0);
	source_near_close(&near);
	buf_free(&line);
	buf_free(&text);
	free(order);
	return rc;
}

int
export_main(int argc, char **argv)
{
	struct export_args a = {".", NULL, NULL, -1, 0};
	struct load_opts lo = {LOAD_BODIES | LOAD_SUMS, NULL, NULL, NULL};
	struct records r;
	struct diags d;
	struct source *src;
	int i, have_dir = 0, rc;

	for (i = 0; i < argc; i++) {
		const char *s = argv[i];
		const char **slot = !strcmp(s, "--format") ? &a.format
		                    : !strcmp(s, "--pii")  ? &a.pii
		                                           : NULL;

		if (slot) {
			if (i + 1 >= argc)
				return help_usage_error("%s needs a value", s);
			*slot = argv[++i];
		} else if (!strncmp(s, "--format=", 9)) {
			a.format = s + 9;
		} else if (!strncmp(s, "--pii=", 6)) {
			a.pii = s + 6;
		} else if (!strcmp(s, "--bom")) {
			a.bom = 1;
		} else if (s[0] == '-' && s[1]) {
			return help_usage_error("unknown option '%s'", s);
		} else if (a.kind < 0 && !have_dir && schema_kind_lookup(s) >= 0) {
			/* A first word that names a kind is the kind; else the folder. */
			a.kind = schema_kind_lookup(s);
		} else if (!have_dir++) {
			a.dir = s;
		} else {
			term_error(tr("extra argument '%s' (%s)"), s,
			           tr("export takes a kind and a folder"));
			help_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (!a.format)
		a.format = a.kind >= 0 ? "csv" : "ndjson";
	if (strcmp(a.format, "csv") && strcmp(a.format, "ndjson"))
		return help_usage_error("--format takes csv or ndjson, not '%s'", a.format);
	if (a.pii && strcmp(a.pii, "mask") && strcmp(a.pii, "show"))
		return help_usage_error("--pii takes mask or show, not '%s'", a.pii);
	if (!strcmp(a.format, "csv") && a.kind < 0)
		return help_usage_error("%s", tr("--format csv needs a KIND: one table a kind"));
	if (a.bom && strcmp(a.format, "csv"))
		return help_usage_error("%s", tr("--bom is for --format csv"));
	if (!(src = source_open_dir(a.dir))) {
		term_error(tr("%s: %s"), a.dir, strerror(errno));
		return EXIT_FAILURE_IO;
	}
	diags_init(&d);
	memset(&r, 0, sizeof(r));
	if (load_records(&r, src, &d, &lo) < 0) {
		rc = EXIT_FAILURE_IO;
	} else {
		int mask = a.pii ? !strcmp(a.pii, "mask") : !r.cfg.pii_show;

		rc = (!strcmp(a.format, "csv") ? S_csv(&r, &a, mask, stdout)
		                               : S_ndjson(&r, &a, mask, stdout)) < 0
		         ? EXIT_FAILURE_IO
		         : EXIT_CLEAN;
		if (fflush(stdout) != 0 || ferror(stdout)) {
			error_set("standard output: %s", strerror(errno));
			rc = EXIT_FAILURE_IO;
		}
	}
	error_print();
	load_free(&r);
	diags_free(&d);
	return rc;
}
