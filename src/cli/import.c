/*
 * import.c - `svcgen import`: each row of a CSV file (RFC 4180, UTF-8) made
 * a record file of one kind (docs/import-export.md). The rows become YAML
 * text in memory; the records folder is then read through a source that
 * shows those files beside the real ones, and checked as `svcgen check`
 * checks it, so that a row is judged with every rule, against the
 * records there and the other rows. Each problem of a new file is shown
 * at the CSV row and column its value came from. Only then is anything
 * written, each file created below the folder's descriptor, never over
 * one that exists, through no symbolic link.
 */
#include "cli/import.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/error.h"
#include "base/escape.h"
#include "base/msg.h"
#include "check/validate.h"
#include "cli/export.h"
#include "cli/help.h"
#include "cli/input.h"
#include "load/load.h"
#include "load/parse.h"
#include "load/source.h"
#include "model/schema.h"
#include "model/typecheck.h"

/* A diagnostic of the CSV file itself, which no rule of the records names. */
static const char S_no_rule[] = "csv";

/* Where a value came from: a cell (csv, row, column) or the mapping file. */
struct origin {
	const char *file;
	uint32_t line, col;
};

/* What a column (or a fixed value) gives: a field, a field of a nested object, the body. */
struct target {
	int field; /* schema_fields index of a field of the kind or of its nested object; -1: body
	            */
	int top;   /* the kind's field it belongs to (field itself when not nested) */
	int json;  /* the value is a list, a map or an object: JSON (or `a; b` for a list) */
	int ignore;
};

struct fixed {
	struct target t;
	struct node *value;
	struct origin at;
};

struct row {
	const char *csv;
	uint32_t line;
	struct origin id_at;
	char *id, *path, *display;
	struct buf text;
	struct origin *lines; /* of each line of text, from 1 */
	size_t nlines;
	int skip;   /* not made a file: no id, or an id that cannot name one */
	int bad;    /* has an error */
	int in;     /* in the pass being checked */
	int exists; /* a record there has its id (said once, as "exists") */
};

struct import {
	const char *csv, *map, *dir;
	int kind, partial, dry_run;
	struct diags out; /* every problem, at the CSV's rows and columns */
	struct arena a;
	struct target *cols;
	size_t ncols;
	struct fixed *fixed;
	size_t nfixed;
	struct row *rows;
	size_t nrows;
	size_t limit_depth;
};

/* Adds a diagnostic to the list as it is (its message already in the reader's language). */
static void
S_push(struct diags *d, enum rule rule, enum severity sev, const char *path, uint32_t line,
       uint32_t col, const char *msg, const char *key)
{
	struct diag *g;

	if (sev == SEV_OFF)
		return;
	d->v = xgrow(d->v, sizeof(*d->v), d->n + 1, &d->cap);
	g = &d->v[d->n++];
	g->path = arena_strdup(&d->arena, path);
	g->line = line;
	g->col = col;
	g->severity = sev;
	g->rule = rule;
	g->message = arena_strdup(&d->arena, msg);
	g->key = key;
}

/* A problem of the CSV file that no rule names (shown without a rule id). */
static void
S_csv_problem(struct import *im, uint32_t line, uint32_t col, const char *msg)
{
	S_push(&im->out, RULE_YAML_SYNTAX, SEV_ERROR, im->csv, line, col, msg, S_no_rule);
}

/*
 * The CSV reader (RFC 4180): cells split by commas, rows by CRLF or LF, a
 * quoted cell may hold commas, quotes doubled and line breaks. Each row
 * keeps the line it starts on. A UTF-8 byte order mark is skipped (Excel's
 * "CSV UTF-8" writes one).
 */
struct cell {
	char *s;
	size_t n;
};
struct csv_row {
	uint32_t line;
	struct cell *cells;
	size_t n;
	int bad; /* a problem of the CSV itself in it, already reported */
};

/* Where the reader is in the text; bad once any problem of the file is found. */
struct csv_cursor {
	const char *text;
	size_t len, i;
	uint32_t line;
	int bad, was_bad; /* was_bad: bad before the row being read */
};

/* A quoted cell, from its opening quote; a line break inside it counts. */
static void
S_csv_quoted(struct import *im, struct csv_cursor *c, struct buf *cell, size_t ncells)
{
	const char *text = c->text;
	size_t len = c->len;
	uint32_t qline = c->line;
	int closed = 0;

	c->i++;
	while (c->i < len) {
		if (text[c->i] == '"') {
			if (c->i + 1 < len && text[c->i + 1] == '"') {
				buf_addc(cell, '"');
				c->i += 2;
				continue;
			}
			c->i++;
			closed = 1;
			break;
		}
		if (text[c->i] == '\n')
			c->line++;
		buf_addc(cell, text[c->i++]);
	}
	if (!closed) {
		S_csv_problem(im, qline, (uint32_t)ncells + 1, tr("a quoted cell is never closed"));
		c->bad = 1;
		c->i = len;
	} else if (c->i < len && text[c->i] != ',' && text[c->i] != '\n' &&
	           !(text[c->i] == '\r' && c->i + 1 < len && text[c->i + 1] == '\n') &&
	           !(text[c->i] == '\r' && c->i + 1 == len)) {
		S_csv_problem(im, c->line, (uint32_t)ncells + 1,
		              tr("text after a quoted cell's closing quote"));
		c->bad = 1;
		while (c->i < len && text[c->i] != ',' && text[c->i] != '\n')
			c->i++;
	}
}

/* A cell that is not quoted, up to its comma or the end of its row. */
static void
S_csv_plain(struct import *im, struct csv_cursor *c, struct buf *cell, size_t ncells)
{
	const char *text = c->text;
	size_t len = c->len;

	while (c->i < len && text[c->i] != ',' && text[c->i] != '\n' &&
	       !(text[c->i] == '\r' && (c->i + 1 == len || text[c->i + 1] == '\n'))) {
		if (text[c->i] == '"' && c->bad == c->was_bad) {
			S_csv_problem(im, c->line, (uint32_t)ncells + 1,
			              tr("a quote inside a cell that is not quoted"));
			c->bad = 1;
		}
		buf_addc(cell, text[c->i++]);
	}
}

/* The cells of one row, up to and past its line break; the caller frees *out. */
static size_t
S_csv_cells(struct import *im, struct csv_cursor *c, struct buf *cell, struct cell **out)
{
	const char *text = c->text;
	size_t len = c->len, ncells = 0, ccap = 0;
	struct cell *cells = NULL;
	int end_row = 0;

	while (!end_row) {
		buf_reset(cell);
		if (c->i < len && text[c->i] == '"')
			S_csv_quoted(im, c, cell, ncells);
		else
			S_csv_plain(im, c, cell, ncells);
		cells = xgrow(cells, sizeof(*cells), ncells + 1, &ccap);
		cells[ncells].s = arena_strndup(&im->a, cell->buf ? cell->buf : "", cell->len);
		cells[ncells++].n = cell->len;
		if (c->i < len && text[c->i] == ',') {
			c->i++;
			if (c->i == len)
				end_row = 1; /* a last empty cell */
			continue;
		}
		if (c->i < len && text[c->i] == '\r')
			c->i++;
		if (c->i < len && text[c->i] == '\n') {
			c->i++;
			c->line++;
		}
		end_row = 1;
	}
	*out = cells;
	return ncells;
}

static int
S_csv_read(struct import *im, const char *text, size_t len, struct csv_row **out, size_t *nout)
{
	struct csv_row *rows = NULL;
	size_t nrows = 0, rcap = 0;
	struct csv_cursor c = {text, len, 0, 1, 0, 0};
	struct buf cell = {0};
	struct cell *cells = NULL;
	size_t ncells = 0;

	buf_init(&cell);
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		c.i = 3;
	while (c.i < len) {
		uint32_t start = c.line;

		c.was_bad = c.bad;
		ncells = S_csv_cells(im, &c, &cell, &cells);
		/* A blank line is no row. */
		if (ncells == 1 && cells[0].n == 0) {
			free(cells);
			continue;
		}
		rows = xgrow(rows, sizeof(*rows), nrows + 1, &rcap);
		rows[nrows].line = start;
		rows[nrows].cells = cells;
		rows[nrows].bad = c.bad && !c.was_bad;
		rows[nrows++].n = ncells;
		c.bad = c.bad || c.was_bad;
	}
	buf_free(&cell);
	*out = rows;
	*nout = nrows;
	return c.bad ? -1 : 0;
}

/* The target a column name gives in kind, or -1 with t untouched. */
static int
S_target(int kind, const char *name, struct target *t)
{
	const char *dot = strchr(name, '.');
	int f, g;

	memset(t, 0, sizeof(*t));
	if (!strcmp(name, "body")) {
		t->field = t->top = -1;
		return 0;
	}
	f = schema_field_lookup(kind, name, dot ? (size_t)(dot - name) : strlen(name));
	if (f < 0)
		return -1;
	if (!dot) {
		const struct field *fl = &schema_fields[f];

		t->field = t->top = f;
		t->json = (fl->flags & LIST) || fl->type == T_OBJECT || fl->type == T_MAP;
		return 0;
	}
	if (schema_fields[f].type != T_OBJECT || (schema_fields[f].flags & LIST))
		return -1;
	if ((g = schema_field_lookup(schema_fields[f].sub, dot + 1, strlen(dot + 1))) < 0)
		return -1;
	t->field = g;
	t->top = f;
	t->json = (schema_fields[g].flags & LIST) || schema_fields[g].type == T_OBJECT ||
	          schema_fields[g].type == T_MAP;
	return 0;
}

/* The names a column of kind may have, for did-you-mean (NULL-terminated; free the array). */
static const char **
S_column_names(int kind, struct export_column **cols)
{
	size_t n, i;
	const char **v;

	*cols = export_columns(kind, &n);
	v = xcalloc(n + 1, sizeof(*v));
	for (i = 0; i < n; i++)
		v[i] = (*cols)[i].name;
	return v;
}

static void
S_unknown_column(struct import *im, const char *file, uint32_t line, uint32_t col, const char *name)
{
	struct export_column *cols;
	const char **names = S_column_names(im->kind, &cols);
	const char *near = typecheck_closest(name, names, 1);
	char msg[1024];

	if (near)
		snprintf(msg, sizeof(msg), tr("unknown column '%s'; did you mean '%s'?"), name,
		         near);
	else
		snprintf(msg, sizeof(msg), tr("unknown column '%s'"), name);
	S_push(&im->out, RULE_UNKNOWN_FIELD, SEV_ERROR, file, line, col, msg, NULL);
	free(names);
	free(cols);
}

/* A text file read whole: 0, or -1 with a failure recorded. */
static int
S_slurp(const char *path, struct buf *b)
{
	char tmp[65536];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return error_set("%s: %s", path, strerror(errno));
	while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0)
		buf_add(b, tmp, n);
	if (ferror(f)) {
		fclose(f);
		return error_set("%s: %s", path, strerror(errno));
	}
	fclose(f);
	if (!b->buf)
		buf_adds(b, "");
	return 0;
}

/* The mapping's `columns:`: each CSV header it names replaced in hdr by its field. */
static void
S_mapping_columns(struct import *im, const struct node *cols, char **hdr, size_t nhdr)
{
	/* Matched against the names the file has, not those already mapped. */
	char **orig = xcalloc(nhdr + 1, sizeof(*orig));
	size_t i, j;

	memcpy(orig, hdr, nhdr * sizeof(*orig));
	for (i = 0; i < cols->n; i++) {
		const struct node *k = &cols->u.kids[2 * i], *v = &cols->u.kids[2 * i + 1];

		if (k->type != NODE_SCALAR)
			continue;
		for (j = 0; j < nhdr; j++) {
			if (strlen(orig[j]) != node_len(k) ||
			    memcmp(orig[j], k->u.str, node_len(k)))
				continue;
			/* ~: the column is left out; an empty name marks it so. */
			hdr[j] = v->type == NODE_SCALAR
			             ? arena_strndup(&im->a, v->u.str, node_len(v))
			             : arena_strdup(&im->a, "");
		}
		if (v->type == NODE_SCALAR) {
			struct target t;
			char *name = arena_strndup(&im->a, v->u.str, node_len(v));

			if (S_target(im->kind, name, &t) < 0)
				S_unknown_column(im, im->map, v->line, v->col, name);
		}
	}
	free(orig);
}

/* The mapping's `values:`: the fixed value of each field it names, in im->fixed. */
static void
S_mapping_values(struct import *im, struct node *vals)
{
	size_t i;

	im->fixed = xcalloc(vals->n ? vals->n : 1, sizeof(*im->fixed));
	for (i = 0; i < vals->n; i++) {
		struct node *k = &vals->u.kids[2 * i], *v = &vals->u.kids[2 * i + 1];
		struct fixed *fx = &im->fixed[im->nfixed];
		char *name;

		if (k->type != NODE_SCALAR)
			continue;
		name = arena_strndup(&im->a, k->u.str, node_len(k));
		if (S_target(im->kind, name, &fx->t) < 0) {
			S_unknown_column(im, im->map, k->line, k->col, name);
			continue;
		}
		fx->value = v;
		fx->at.file = im->map;
		fx->at.line = v->line;
		fx->at.col = v->col;
		im->nfixed++;
	}
}

/*
 * The mapping file: `columns:` (a CSV header -> a field name, or ~ to
 * leave the column out) and `values:` (a field -> the value every row
 * gets where it has none). Header names mapped are replaced in hdr.
 */
static int
S_mapping(struct import *im, char **hdr, size_t nhdr)
{
	struct buf text = {0};
	struct diags d;
	struct node_limits lim = {32, NULL};
	struct node *root, *cols, *vals;
	size_t i;
	int empty = 0;

	buf_init(&text);
	if (S_slurp(im->map, &text) < 0) {
		buf_free(&text);
		return -1;
	}
	diags_init(&d);
	root = node_parse(&im->a, text.buf, text.len, 0, im->map, &lim, &d, &empty);
	diags_merge(&im->out, &d);
	diags_free(&d);
	buf_free(&text);
	if (!root)
		return empty ? 0 : 1;
	if (root->type != NODE_MAP) {
		S_push(&im->out, RULE_TYPE, SEV_ERROR, im->map, root->line, root->col,
		       tr("a mapping file holds 'columns' and 'values'"), NULL);
		return 1;
	}
	for (i = 0; i < root->n; i++) {
		const struct node *k = &root->u.kids[2 * i];

		if (!node_is_str(k, "columns") && !node_is_str(k, "values"))
			S_push(&im->out, RULE_UNKNOWN_FIELD, SEV_ERROR, im->map, k->line, k->col,
			       tr("a mapping file holds 'columns' and 'values'"), NULL);
	}
	cols = (struct node *)node_get(root, "columns");
	vals = (struct node *)node_get(root, "values");
	if (cols && cols->type == NODE_MAP)
		S_mapping_columns(im, cols, hdr, nhdr);
	if (vals && vals->type == NODE_MAP)
		S_mapping_values(im, vals);
	return 0;
}

static void
S_indent(struct buf *b, int n)
{
	while (n-- > 0)
		buf_addc(b, ' ');
}

static int
S_flat(const struct node *n)
{
	size_t i;

	if (n->type != NODE_SEQ)
		return n->type != NODE_MAP || n->n == 0;
	for (i = 0; i < n->n; i++)
		if (n->u.kids[i].type != NODE_SCALAR && n->u.kids[i].type != NODE_NULL)
			return 0;
	return 1;
}

static void S_value(struct buf *b, const struct node *n, int indent);

/* A map's pairs, each on a line at indent (the first without it when first_inline). */
static void
S_pairs(struct buf *b, const struct node *n, int indent, int first_inline)
{
	size_t i;

	for (i = 0; i < n->n; i++) {
		const struct node *k = &n->u.kids[2 * i];

		if (i || !first_inline)
			S_indent(b, indent);
		if (k->type == NODE_SCALAR)
			yaml_scalar(b, k->u.str, node_len(k), 0);
		else
			buf_adds(b, "\"\"");
		buf_addc(b, ':');
		S_value(b, &n->u.kids[2 * i + 1], indent);
	}
}

/* A value after "key:" (or "-") at indent: on the line, or below it. */
static void
S_value(struct buf *b, const struct node *n, int indent)
{
	size_t i;

	if (n->type == NODE_SCALAR) {
		buf_addc(b, ' ');
		yaml_scalar(b, n->u.str, node_len(n), 0);
		buf_addc(b, '\n');
	} else if (n->type == NODE_SEQ && S_flat(n)) {
		buf_adds(b, " [");
		for (i = 0; i < n->n; i++) {
			const struct node *k = &n->u.kids[i];

			if (i)
				buf_adds(b, ", ");
			if (k->type == NODE_SCALAR)
				yaml_scalar(b, k->u.str, node_len(k), 1);
			else
				buf_addc(b, '~');
		}
		buf_adds(b, "]\n");
	} else if (n->type == NODE_SEQ) {
		buf_addc(b, '\n');
		for (i = 0; i < n->n; i++) {
			const struct node *k = &n->u.kids[i];

			S_indent(b, indent + 2);
			buf_addc(b, '-');
			if (k->type == NODE_MAP && k->n) {
				buf_addc(b, ' ');
				S_pairs(b, k, indent + 4, 1);
			} else {
				S_value(b, k, indent + 2);
			}
		}
	} else if (n->type == NODE_MAP && n->n) {
		buf_addc(b, '\n');
		S_pairs(b, n, indent + 2, 0);
	} else {
		buf_adds(b, n->type == NODE_MAP ? " {}\n" : " ~\n");
	}
}

static int
S_has_nul_or_bad_utf8(struct import *im, uint32_t line, uint32_t col, const char *s, size_t n)
{
	size_t i = 0, k;
	char msg[256];

	while (i < n) {
		if (!s[i]) {
			S_push(&im->out, RULE_ENCODING, SEV_ERROR, im->csv, line, col,
			       tr("a NUL byte in the cell"), NULL);
			return 1;
		}
		if (!(k = utf8_seq((const unsigned char *)s + i, n - i))) {
			snprintf(msg, sizeof(msg),
			         tr("invalid UTF-8 byte 0x%02X; save the file as UTF-8"),
			         (unsigned char)s[i]);
			S_push(&im->out, RULE_ENCODING, SEV_ERROR, im->csv, line, col, msg, NULL);
			return 1;
		}
		i += k;
	}
	return 0;
}

/*
 * The node of a cell of a list, map or object: JSON (which YAML reads as
 * it is), or for a list of plain values `a; b`. NULL after a problem.
 */
static struct node *
S_json_cell(struct import *im, const struct target *t, const char *hdr, const struct cell *c,
            uint32_t line, uint32_t col)
{
	struct node_limits lim = {(unsigned)im->limit_depth, NULL};
	const char *p = c->s;
	struct node *n;
	struct diags d;
	size_t i;
	int empty = 0;

	while (*p == ' ')
		p++;
	if (*p != '[' && *p != '{' && (schema_fields[t->field].flags & LIST) &&
	    schema_fields[t->field].type != T_OBJECT) {
		/* `a; b`: a list typed as people type one. */
		size_t k = 0;
		const char *q = c->s, *e = c->s + c->n;

		n = arena_alloc(&im->a, sizeof(*n));
		memset(n, 0, sizeof(*n));
		n->type = NODE_SEQ;
		n->u.kids = NULL;
		while (q < e) {
			const char *semi = memchr(q, ';', (size_t)(e - q)), *end = semi ? semi : e;
			struct node *kid;

			while (q < end && *q == ' ')
				q++;
			while (end > q && end[-1] == ' ')
				end--;
			if (end > q) {
				struct node *nk = arena_alloc(&im->a, (k + 1) * sizeof(*nk));

				if (k)
					memcpy(nk, n->u.kids, k * sizeof(*nk));
				n->u.kids = nk;
				kid = &nk[k++];
				memset(kid, 0, sizeof(*kid));
				kid->type = NODE_SCALAR;
				kid->u.str = arena_strndup(&im->a, q, (size_t)(end - q));
				kid->n = (uint32_t)(end - q);
			}
			q = semi ? semi + 1 : e;
		}
		n->n = (uint32_t)k;
		return n;
	}
	diags_init(&d);
	n = node_parse(&im->a, c->s, c->n, 0, im->csv, &lim, &d, &empty);
	for (i = 0; i < d.n; i++) {
		char msg[1024];

		snprintf(msg, sizeof(msg), tr("column '%s': %s"), hdr, d.v[i].message);
		S_push(&im->out, d.v[i].rule, d.v[i].severity, im->csv, line, col, msg, NULL);
	}
	if (!n && !d.n) {
		diags_free(&d);
		return NULL;
	}
	diags_free(&d);
	if (n && n->type == NODE_SCALAR) {
		char msg[1024];

		snprintf(msg, sizeof(msg), tr("column '%s': expected a JSON list or object"), hdr);
		S_push(&im->out, RULE_TYPE, SEV_ERROR, im->csv, line, col, msg, NULL);
		return NULL;
	}
	return n;
}

/* Is s a name that may be a folder of the records (a region, a model)? */
static int
S_component_ok(const char *s, size_t n)
{
	size_t i;

	if (!n || n > 64 || s[0] == '.')
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == '/' || s[i] == '\\' || s[i] == 0x7F)
			return 0;
	return 1;
}

/*
 * The folder below the kind's a record goes in, as the sample department
 * has them (docs/import-export.md, "Where the files go"): tickets, visits,
 * complaints and shipments by year and month of their date; customers,
 * dealers and staff by region, equipment by model, standards by category,
 * parts key or general. "" when the value is missing or cannot name a folder.
 */
static void
S_shard(struct buf *b, int kind, struct node *const *slot)
{
	static const struct {
		int kind;
		enum schema_key key;
		int date;
	} by[] = {
	    {OBJ_service, KEY_reported, 1},    {OBJ_visits, KEY_date, 1},
	    {OBJ_complaints, KEY_received, 1}, {OBJ_shipments, KEY_date, 1},
	    {OBJ_customers, KEY_region, 0},    {OBJ_dealers, KEY_region, 0},
	    {OBJ_staff, KEY_region, 0},        {OBJ_equipment, KEY_model, 0},
	    {OBJ_standards, KEY_category, 0},
	};
	const struct object *o = schema_object(kind);
	size_t i, f;

	if (kind == OBJ_parts) {
		const struct node *k = slot[F_parts_key];

		buf_adds(b, k && k->type == NODE_SCALAR && !strcmp(k->u.str, "true") ? "key/"
		                                                                     : "general/");
		return;
	}
	for (i = 0; i < sizeof(by) / sizeof(by[0]); i++) {
		if (by[i].kind != kind)
			continue;
		for (f = o->first; f < o->first + o->count; f++) {
			const struct node *v = slot[f];
			const char *s;

			if (schema_fields[f].key != by[i].key || !v || v->type != NODE_SCALAR)
				continue;
			s = v->u.str;
			if (by[i].date) {
				if (node_len(v) >= 7 && strspn(s, "0123456789") == 4 &&
				    s[4] == '-' && s[5] >= '0' && s[5] <= '9' && s[6] >= '0' &&
				    s[6] <= '9')
					buf_addf(b, "%.4s/%.2s/", s, s + 5);
			} else if (S_component_ok(s, node_len(v))) {
				buf_add(b, s, node_len(v));
				buf_addc(b, '/');
			}
		}
	}
}

/* Notes that the lines of text from `from` on came from `at`. */
static void
S_lines(struct row *rw, size_t from, struct origin at, size_t *cap)
{
	size_t i, n = 0;

	for (i = from; i < rw->text.len; i++)
		n += rw->text.buf[i] == '\n';
	rw->lines = xgrow(rw->lines, sizeof(*rw->lines), rw->nlines + n + 1, cap);
	while (n--)
		rw->lines[++rw->nlines] = at;
}

/*
 * The value of each field for row cr (slot) and where it came from (from):
 * the mapping's fixed values, then the row's cells over them; the body
 * cell in *body. Returns whether a cell has a problem (already reported).
 */
static int
S_row_slots(struct import *im, const struct csv_row *cr, char **hdr, struct node **slot,
            struct origin *from, const struct cell **body)
{
	size_t i;
	int problem = 0;

	for (i = 0; i < im->nfixed; i++) {
		if (im->fixed[i].t.field < 0)
			continue; /* a body is each row's own */
		slot[im->fixed[i].t.field] = im->fixed[i].value;
		from[im->fixed[i].t.field] = im->fixed[i].at;
	}
	if (cr->n > im->ncols) {
		char msg[256];

		snprintf(msg, sizeof(msg), tr("%zu cells where the header has %zu"), cr->n,
		         im->ncols);
		S_csv_problem(im, cr->line, (uint32_t)im->ncols + 1, msg);
		problem = 1;
	}
	for (i = 0; i < cr->n && i < im->ncols; i++) {
		const struct target *t = &im->cols[i];
		struct cell c = cr->cells[i];
		struct origin at = {im->csv, cr->line, (uint32_t)i + 1};
		struct node *n;

		if (t->ignore)
			continue;
		if (S_has_nul_or_bad_utf8(im, cr->line, (uint32_t)i + 1, c.s, c.n)) {
			problem = 1;
			continue;
		}
		/* The guard against formulas export puts on (export_csv_cell) comes off. */
		if (c.n && c.s[0] == '\'') {
			c.s++;
			c.n--;
		}
		if (t->field < 0) {
			struct cell *b2 = arena_alloc(&im->a, sizeof(*b2));

			*b2 = c;
			*body = b2;
			continue;
		}
		if (!c.n)
			continue; /* an empty cell: the field is absent */
		if (t->json) {
			if (!(n = S_json_cell(im, t, hdr[i], &c, cr->line, (uint32_t)i + 1))) {
				problem = 1;
				continue;
			}
		} else {
			n = arena_alloc(&im->a, sizeof(*n));
			memset(n, 0, sizeof(*n));
			n->type = NODE_SCALAR;
			n->u.str = c.s;
			n->n = (uint32_t)c.n;
		}
		slot[t->field] = n;
		from[t->field] = at;
	}
	return problem;
}

/* The id, the file's name, into rw->id; returns whether it is missing or not valid. */
static int
S_row_id(struct import *im, const struct csv_row *cr, struct row *rw, struct node **slot,
         const struct origin *from)
{
	const struct object *o = schema_object(im->kind);
	const struct node *id = slot[o->first];

	if (from[o->first].file)
		rw->id_at = from[o->first];
	if (!id || id->type != NODE_SCALAR) {
		S_push(&im->out, RULE_MISSING_FIELD, SEV_ERROR, im->csv, cr->line, 1,
		       tr("the row has no id"), NULL);
		return 1;
	} else if (!record_id_valid(id->u.str, node_len(id))) {
		char msg[1024];

		snprintf(msg, sizeof(msg), tr("'%s' is not a valid record id"), id->u.str);
		S_push(&im->out, RULE_ID_FORMAT, SEV_ERROR, rw->id_at.file, rw->id_at.line,
		       rw->id_at.col, msg, NULL);
		return 1;
	}
	rw->id = arena_strdup(&im->a, id->u.str);
	return 0;
}

/* The record's text, field by field in the schema's order, each line's origin noted. */
static void
S_row_text(struct import *im, struct row *rw, struct node **slot, const struct origin *from,
           const struct cell *body, struct origin none)
{
	const struct object *o = schema_object(im->kind);
	size_t i, j, cap = 0;

	rw->lines = xgrow(rw->lines, sizeof(*rw->lines), 2, &cap);
	rw->lines[0] = none;
	if (body && body->n) {
		buf_adds(&rw->text, "---\n");
		rw->lines[++rw->nlines] = none;
	}
	for (i = o->first; i < o->first + o->count; i++) {
		const struct field *f = &schema_fields[i];
		size_t start = rw->text.len;

		if (slot[i]) {
			buf_adds(&rw->text, f->name);
			buf_addc(&rw->text, ':');
			S_value(&rw->text, slot[i], 0);
			S_lines(rw, start, from[i], &cap);
		} else if (f->type == T_OBJECT && !(f->flags & LIST)) {
			const struct object *so = schema_object(f->sub);
			int any = 0;

			for (j = so->first; j < so->first + so->count; j++) {
				if (!slot[j])
					continue;
				if (!any++) {
					buf_adds(&rw->text, f->name);
					buf_adds(&rw->text, ":\n");
					S_lines(rw, start, from[j], &cap);
				}
				start = rw->text.len;
				buf_adds(&rw->text, "  ");
				buf_adds(&rw->text, schema_fields[j].name);
				buf_addc(&rw->text, ':');
				S_value(&rw->text, slot[j], 2);
				S_lines(rw, start, from[j], &cap);
			}
		}
	}
	if (body && body->n) {
		buf_adds(&rw->text, "---\n");
		buf_add(&rw->text, body->s, body->n);
	}
}

/* A row made a record's text, its path and the origin of each line. */
static void
S_row(struct import *im, const struct csv_row *cr, char **hdr, struct source *src)
{
	const struct object *o = schema_object(im->kind);
	struct row *rw = &im->rows[im->nrows++];
	struct node **slot = xcalloc(F__COUNT, sizeof(*slot));
	struct origin *from = xcalloc(F__COUNT, sizeof(*from));
	struct origin none = {im->csv, cr->line, 1};
	const struct cell *body = NULL;
	struct buf path = {0};
	int problem = cr->bad;

	memset(rw, 0, sizeof(*rw));
	buf_init(&rw->text);
	buf_init(&path);
	rw->csv = im->csv;
	rw->line = cr->line;
	rw->id_at = none;
	if (S_row_slots(im, cr, hdr, slot, from, &body))
		problem = 1;
	if (S_row_id(im, cr, rw, slot, from))
		problem = 1;
	if (problem || !rw->id) {
		rw->skip = rw->bad = 1;
		goto done;
	}
	S_row_text(im, rw, slot, from, body, none);
	/* The path. */
	buf_adds(&path, o->name);
	buf_addc(&path, '/');
	S_shard(&path, im->kind, slot);
	buf_adds(&path, rw->id);
	buf_adds(&path, body && body->n ? ".md" : ".yaml");
	rw->path = buf_detach(&path);
	rw->display = source_display_path(src, rw->path);
done:
	buf_free(&path);
	free(slot);
	free(from);
}

/* The origin of line `line` of row rw's file (a whole-record problem: the row's first cell). */
static struct origin
S_origin(const struct row *rw, uint32_t line, enum rule rule)
{
	struct origin o = {rw->csv, rw->line, 1};

	if (rule != RULE_MISSING_FIELD && line >= 1 && line <= rw->nlines && rw->lines[line].file)
		return rw->lines[line];
	return o;
}

/*
 * A source that shows the rows' files beside those of the records folder
 * (which it wraps): the loader reads the department as it will be.
 */
struct overlay {
	struct source base;
	struct source *under;
	struct row **v; /* the rows in the pass, by path */
	size_t n;
};

static struct row *
S_over_find(const struct overlay *ov, const char *path)
{
	size_t lo = 0, hi = ov->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(ov->v[mid]->path, path);

		if (!c)
			return ov->v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The first row whose path is not before prefix in byte order: those below a folder follow it. */
static size_t
S_over_lower(const struct overlay *ov, const char *prefix)
{
	size_t lo = 0, hi = ov->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (strcmp(ov->v[mid]->path, prefix) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Is dir ("" the root) a folder some row's file is below? *first: the first such row. */
static int
S_over_dir(const struct overlay *ov, const char *dir, size_t *first)
{
	size_t n = strlen(dir), i;
	char *prefix;

	if (!n) {
		*first = 0;
		return ov->n > 0;
	}
	prefix = xmalloc(n + 2);
	memcpy(prefix, dir, n);
	strcpy(prefix + n, "/");
	i = S_over_lower(ov, prefix);
	free(prefix);
	*first = i;
	return i < ov->n && !strncmp(ov->v[i]->path, dir, n) && ov->v[i]->path[n] == '/';
}

static int
S_over_list(struct source *s, const char *dir, struct source_entry **out, size_t *n)
{
	struct overlay *ov = (struct overlay *)s;
	struct source_entry *v = NULL, key, *hit;
	size_t nv = 0, nunder, cap, i, dn = strlen(dir);
	int below = S_over_dir(ov, dir, &i);

	if (ov->under->ops->list(ov->under, dir, &v, &nv) < 0) {
		if (!below || (errno != ENOENT && errno != ENOTDIR))
			return -1;
		v = NULL;
		nv = 0;
	}
	nunder = cap = nv;
	/* The rows below dir are one run of the sorted paths; each name once. */
	for (; below && i < ov->n; i++) {
		const char *p = ov->v[i]->path, *rest, *slash;
		size_t len;
		char *name;

		if (dn && (strncmp(p, dir, dn) || p[dn] != '/'))
			break;
		rest = dn ? p + dn + 1 : p;
		slash = strchr(rest, '/');
		len = slash ? (size_t)(slash - rest) : strlen(rest);
		if (nv > nunder && strlen(v[nv - 1].name) == len &&
		    !memcmp(v[nv - 1].name, rest, len))
			continue;
		name = xstrndup(rest, len);
		key.name = name;
		/*
		 * The folder's own entry (a folder, or what is in the way) stays as
		 * it is, but not its object id: the rows change what it holds.
		 */
		if (nunder && (hit = bsearch(&key, v, nunder, sizeof(*v), source_entry_cmp))) {
			memset(hit->oid, 0, sizeof(hit->oid));
			free(name);
			continue;
		}
		v = xgrow(v, sizeof(*v), nv + 1, &cap);
		v[nv++] = (struct source_entry){name, slash ? ENTRY_DIR : ENTRY_FILE, {0}};
	}
	if (nv > nunder)
		qsort(v, nv, sizeof(*v), source_entry_cmp);
	*out = v;
	*n = nv;
	return 0;
}

static int
S_over_read(struct source *s, const char *path, size_t max, struct buf *out, int *too_large)
{
	struct overlay *ov = (struct overlay *)s;
	const struct row *rw = S_over_find(ov, path);

	if (!rw)
		return ov->under->ops->read(ov->under, path, max, out, too_large);
	*too_large = rw->text.len > max;
	if (*too_large)
		return -1;
	buf_reset(out);
	buf_add(out, rw->text.buf ? rw->text.buf : "", rw->text.len);
	buf_grow(out, 1);
	out->buf[out->len] = '\0';
	return 0;
}

static int
S_over_stat(struct source *s, const char *path, enum entry_type *type)
{
	struct overlay *ov = (struct overlay *)s;
	size_t first;

	if (ov->under->ops->stat(ov->under, path, type) == 0)
		return 0;
	if (S_over_find(ov, path)) {
		*type = ENTRY_FILE;
		return 0;
	}
	if (S_over_dir(ov, path, &first)) {
		*type = ENTRY_DIR;
		return 0;
	}
	errno = ENOENT;
	return -1;
}

static int
S_over_open(struct source *s, const char *path, int *fd, uint64_t *size)
{
	struct overlay *ov = (struct overlay *)s;

	return ov->under->ops->open_file(ov->under, path, fd, size);
}

static void
S_over_close(struct source *s)
{
	(void)s;
}

static const struct source_ops S_over_ops = {S_over_list, S_over_read, S_over_stat, S_over_open,
                                             S_over_close};

static int
S_row_path_cmp(const void *a, const void *b)
{
	return strcmp((*(struct row *const *)a)->path, (*(struct row *const *)b)->path);
}

static int
S_row_id_cmp(const void *a, const void *b)
{
	return strcasecmp((*(struct row *const *)a)->id, (*(struct row *const *)b)->id);
}

/*
 * One pass: the records folder read with the rows marked `in`, checked as
 * check does; each problem of a row's file added to im->out at its cell.
 * Returns how many rows turned out bad, or -1 on a failure recorded.
 */
static int
S_pass(struct import *im, struct source *under)
{
	struct load_opts lo = {0, validate_record, NULL, NULL};
	struct overlay *ov = xcalloc(1, sizeof(*ov));
	struct row **byid;
	struct records r;
	struct diags d;
	int64_t today;
	size_t i, k, nbad = 0;

	ov->base.ops = &S_over_ops;
	ov->base.root = xstrdup(under->root);
	ov->base.display = xstrdup(under->display);
	ov->under = under;
	ov->v = xcalloc(im->nrows + 1, sizeof(*ov->v));
	for (i = 0; i < im->nrows; i++)
		if (im->rows[i].in)
			ov->v[ov->n++] = &im->rows[i];
	qsort(ov->v, ov->n, sizeof(*ov->v), S_row_path_cmp);
	byid = xcalloc(ov->n + 1, sizeof(*byid));
	memcpy(byid, ov->v, ov->n * sizeof(*byid));
	qsort(byid, ov->n, sizeof(*byid), S_row_id_cmp);
	diags_init(&d);
	memset(&r, 0, sizeof(r));
	if (load_records(&r, &ov->base, &d, &lo) < 0) {
		free(ov->v);
		free(byid);
		load_free(&r);
		diags_free(&d);
		return -1;
	}
	if (input_today(NULL, r.cfg.tzoff, 0, "", &today) < 0)
		today = 0;
	validate_records(&r, today, &d);
	/* A record there already with a row's id (ignoring case). */
	for (i = 0; i < r.n; i++) {
		const struct record *rec = &r.recs[i];
		struct row key, *kp = &key, **hit;

		if (!rec->id || S_over_find(ov, rec->path))
			continue;
		key.id = (char *)rec->id;
		if (!(hit = bsearch(&kp, byid, ov->n, sizeof(*byid), S_row_id_cmp)))
			continue;
		/* Every row with that id, ignoring case. */
		while (hit > byid && !strcasecmp(hit[-1]->id, rec->id))
			hit--;
		for (; hit < byid + ov->n && !strcasecmp((*hit)->id, rec->id); hit++) {
			char msg[2048];

			snprintf(msg, sizeof(msg), tr("record %s exists: %s"), rec->id,
			         rec->display);
			S_push(&im->out, RULE_ID_DUP, SEV_ERROR, (*hit)->id_at.file,
			       (*hit)->id_at.line, (*hit)->id_at.col, msg, NULL);
			(*hit)->bad = (*hit)->exists = 1;
		}
	}
	/* The problems of the rows' files, at their cells. */
	for (i = 0; i < d.n; i++) {
		const struct diag *g = &d.v[i];
		size_t dl = strlen(under->display);
		struct origin at;
		struct row *rw;

		if (strncmp(g->path, under->display, dl) || !(rw = S_over_find(ov, g->path + dl)) ||
		    (rw->exists && g->rule == RULE_ID_DUP))
			continue;
		at = S_origin(rw, g->line, g->rule);
		S_push(&im->out, g->rule, g->severity, at.file, at.line, at.col, g->message, NULL);
		if (g->severity == SEV_ERROR)
			rw->bad = 1;
	}
	for (k = 0; k < ov->n; k++)
		nbad += ov->v[k]->bad;
	free(ov->v);
	free(byid);
	/* load_free closes the overlay (and frees it); the folder under it stays open. */
	load_free(&r);
	diags_free(&d);
	return (int)nbad;
}

/* A row's file and folders that are in the way: a symbolic link, or what is not a folder. */
static void
S_in_the_way(struct import *im, struct source *under, struct row *rw)
{
	char *p = xstrdup(rw->path), *slash;
	enum entry_type t;
	char msg[2048];

	for (slash = strchr(p, '/');; slash = strchr(slash + 1, '/')) {
		if (slash)
			*slash = '\0';
		if (under->ops->stat(under, p, &t) == 0) {
			if (!slash) {
				snprintf(msg, sizeof(msg), tr("record %s exists: %s"), rw->id,
				         rw->display);
				S_push(&im->out, RULE_ID_DUP, SEV_ERROR, rw->id_at.file,
				       rw->id_at.line, rw->id_at.col, msg, NULL);
				rw->bad = 1;
			} else if (t != ENTRY_DIR) {
				snprintf(msg, sizeof(msg),
				         tr("%s%s is a symbolic link or not a folder: nothing is "
				            "written "
				            "through it"),
				         under->display, p);
				S_push(&im->out, RULE_SYMLINK, SEV_ERROR, rw->id_at.file,
				       rw->id_at.line, rw->id_at.col, msg, NULL);
				rw->bad = 1;
				break;
			}
		} else if (errno == ELOOP || errno == ENOTDIR) {
			snprintf(msg, sizeof(msg),
			         tr("%s%s is a symbolic link or not a folder: nothing is written "
			            "through it"),
			         under->display, p);
			S_push(&im->out, RULE_SYMLINK, SEV_ERROR, rw->id_at.file, rw->id_at.line,
			       rw->id_at.col, msg, NULL);
			rw->bad = 1;
			break;
		} else {
			break; /* not there yet: made when written */
		}
		if (!slash)
			break;
		*slash = '/';
	}
	free(p);
}

/* What this run created, taken away again when a later write fails. */
struct made {
	char **v;
	int *dir;
	size_t n, cap, dcap;
};

static void
S_made_add(struct made *m, const char *path, int dir)
{
	m->v = xgrow(m->v, sizeof(*m->v), m->n + 1, &m->cap);
	m->dir = xgrow(m->dir, sizeof(*m->dir), m->n + 1, &m->dcap);
	m->v[m->n] = xstrdup(path);
	m->dir[m->n++] = dir;
}

static void
S_made_undo(struct made *m, int dirfd)
{
	while (m->n) {
		char *p = m->v[--m->n], *slash = strrchr(p, '/');
		int fd;

		if (slash)
			*slash = '\0';
		fd = source_openat(dirfd, slash ? p : "", O_RDONLY | O_DIRECTORY);
		if (fd >= 0) {
			(void)unlinkat(fd, slash ? slash + 1 : p, m->dir[m->n] ? AT_REMOVEDIR : 0);
			close(fd);
		}
		free(p);
	}
}

static void
S_made_cb(void *m, const char *path, int dir)
{
	S_made_add(m, path, dir);
}

/* Writes rw's file below dirfd (source_create_below), each folder and file made noted in m. */
static int
S_write(int dirfd, const struct row *rw, struct made *m)
{
	if (source_create_below(dirfd, rw->path, rw->text.buf, rw->text.len, S_made_cb, m) == 0)
		return 0;
	error_set("%s: %s", rw->display, strerror(errno));
	return -1;
}

/* The problems, sorted, each once: FILE:ROW:COL: error|warning: message [rule]. */
static void
S_print(struct diags *d)
{
	struct buf b = {0};
	size_t i;

	buf_init(&b);
	diags_sort(d);
	for (i = 0; i < d->n; i++) {
		const struct diag *g = &d->v[i];

		if (i && !strcmp(g->path, d->v[i - 1].path) && g->line == d->v[i - 1].line &&
		    g->col == d->v[i - 1].col && !strcmp(g->message, d->v[i - 1].message))
			continue;
		buf_reset(&b);
		buf_addf(&b, "%s:%u:%u: %s: %s", g->path, g->line, g->col,
		         severity_name(g->severity), g->message);
		if (g->key != S_no_rule)
			buf_addf(&b, " [%s]", rule_table[g->rule].id);
		term_write(stderr, b.buf, b.len);
		fputc('\n', stderr);
	}
	buf_free(&b);
}

static int
S_ends(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcasecmp(s + n - k, suffix);
}

/* The header: each column's target; problems at row 1 (the header's line). */
static int
S_header(struct import *im, const struct csv_row *h, char **names)
{
	size_t i, j;
	int bad = 0;

	im->ncols = h->n;
	im->cols = xcalloc(h->n + 1, sizeof(*im->cols));
	for (i = 0; i < h->n; i++) {
		struct target *t = &im->cols[i];

		if (!names[i][0]) {
			t->ignore = 1;
			continue;
		}
		if (S_target(im->kind, names[i], t) < 0) {
			S_unknown_column(im, im->csv, h->line, (uint32_t)i + 1, names[i]);
			bad = 1;
			t->ignore = 1;
			continue;
		}
		for (j = 0; j < i; j++) {
			const struct target *u = &im->cols[j];
			char msg[1024];

			if (u->ignore)
				continue;
			if (u->field == t->field) {
				snprintf(msg, sizeof(msg), tr("column '%s' is given twice"),
				         names[i]);
			} else if (t->field >= 0 && u->field >= 0 && u->top == t->top &&
			           (u->field == u->top || t->field == t->top)) {
				snprintf(msg, sizeof(msg), tr("'%s' and '%s' both give %s"),
				         names[j], names[i], schema_fields[t->top].name);
			} else {
				continue;
			}
			S_push(&im->out, RULE_DUP_KEY, SEV_ERROR, im->csv, h->line, (uint32_t)i + 1,
			       msg, NULL);
			bad = 1;
		}
	}
	/* A fixed value is for the rows that do not give the field: none given by a column too. */
	for (i = 0; i < im->nfixed; i++)
		for (j = 0; j < im->ncols; j++)
			if (!im->cols[j].ignore && im->cols[j].top == im->fixed[i].t.top &&
			    im->cols[j].field != im->fixed[i].t.field &&
			    (im->cols[j].field == im->cols[j].top ||
			     im->fixed[i].t.field == im->fixed[i].t.top)) {
				char msg[1024];

				snprintf(msg, sizeof(msg), tr("'%s' and '%s' both give %s"),
				         names[j], schema_fields[im->fixed[i].t.field].name,
				         schema_fields[im->fixed[i].t.top].name);
				S_push(&im->out, RULE_DUP_KEY, SEV_ERROR, im->fixed[i].at.file,
				       im->fixed[i].at.line, im->fixed[i].at.col, msg, NULL);
				bad = 1;
			}
	return bad;
}

/* A file given: its kind, and what was read of it. */
struct in_file {
	int kind;
	const char *csv;
	struct buf text;
	struct csv_row *crows;
	size_t ncrows;
	char **names;
	struct target *cols;
	size_t ncols;
};

/* Reads f's rows into im->rows (allocated for all of them): 0, -1 on a failure, 1 when bad. */
static int
S_file(struct import *im, struct in_file *f, struct source *under, int *bad)
{
	size_t i;

	im->csv = f->csv;
	im->kind = f->kind;
	buf_init(&f->text);
	if (S_slurp(f->csv, &f->text) < 0)
		return -1;
	/* A row with a problem of the CSV is bad; the others are still checked. */
	if (S_csv_read(im, f->text.buf, f->text.len, &f->crows, &f->ncrows) < 0 && f->ncrows &&
	    f->crows[0].bad)
		*bad = 1;
	if (f->ncrows == 0) {
		S_csv_problem(im, 1, 1, tr("no header row"));
		*bad = 1;
		return 1;
	}
	f->names = xcalloc(f->crows[0].n + 1, sizeof(*f->names));
	for (i = 0; i < f->crows[0].n; i++) {
		char *s = f->crows[0].cells[i].s;

		/* Headers as spreadsheets write them: spaces around are not part of the name. */
		while (*s == ' ')
			s++;
		f->names[i] = arena_strdup(&im->a, s);
		while (*f->names[i] && f->names[i][strlen(f->names[i]) - 1] == ' ')
			f->names[i][strlen(f->names[i]) - 1] = '\0';
	}
	if (im->map) {
		int m = S_mapping(im, f->names, f->crows[0].n);

		if (m < 0)
			return -1;
		*bad |= m > 0 || diags_count(&im->out, SEV_ERROR) > 0;
	}
	im->cols = NULL;
	f->cols = NULL;
	if (S_header(im, &f->crows[0], f->names))
		*bad = 1;
	f->cols = im->cols;
	f->ncols = im->ncols;
	if (*bad)
		return 1;
	im->rows = xrealloc(im->rows, (im->nrows + f->ncrows) * sizeof(*im->rows));
	for (i = 1; i < f->ncrows; i++)
		S_row(im, &f->crows[i], f->names, under);
	return 0;
}

/*
 * The command line: the options, KIND FILE pairs and the folder into im,
 * the files into *out. Returns -1 to go on, or the exit status (after the
 * usage message).
 */
static int
S_args(struct import *im, int argc, char **argv, struct in_file **out, size_t *nout)
{
	struct in_file *files = NULL;
	size_t nfiles = 0, fcap = 0, i;
	int have_dir = 0;

	for (i = 0; i < (size_t)argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--map")) {
			if (i + 1 >= (size_t)argc)
				return help_usage_error("%s needs a value", a);
			im->map = argv[++i];
		} else if (!strncmp(a, "--map=", 6)) {
			im->map = a + 6;
		} else if (!strcmp(a, "--partial")) {
			im->partial = 1;
		} else if (!strcmp(a, "--dry-run")) {
			im->dry_run = 1;
		} else if (a[0] == '-' && a[1]) {
			return help_usage_error("unknown option '%s'", a);
		} else if (!have_dir && schema_kind_lookup(a) >= 0) {
			/* KIND FILE, as many pairs as given; the word after them is the folder. */
			if (i + 1 >= (size_t)argc || argv[i + 1][0] == '-')
				return help_usage_error("import %s needs a FILE.csv", a);
			files = xgrow(files, sizeof(*files), nfiles + 1, &fcap);
			memset(&files[nfiles], 0, sizeof(*files));
			files[nfiles].kind = schema_kind_lookup(a);
			files[nfiles++].csv = argv[++i];
		} else if (!nfiles) {
			free(files);
			return help_usage_error("unknown kind '%s' (svcgen schema lists them)", a);
		} else if (!have_dir++) {
			im->dir = a;
		} else {
			free(files);
			term_error(tr("extra argument '%s' (%s)"), a,
			           tr("import takes KIND FILE pairs and a folder"));
			help_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (!nfiles)
		return help_usage_error("%s", tr("import needs a KIND and a FILE.csv"));
	if (im->map && nfiles > 1) {
		free(files);
		return help_usage_error("%s", tr("--map is for one KIND FILE"));
	}
	for (i = 0; i < nfiles; i++)
		if (S_ends(files[i].csv, ".xlsx") || S_ends(files[i].csv, ".xls") ||
		    S_ends(files[i].csv, ".ods")) {
			/* docs/import-export.md, "Spreadsheets": no library Debian has reads .xlsx.
			 */
			term_error(
			    tr("%s: spreadsheet files are not read; save the sheet as \"CSV "
			       "UTF-8\" "
			       "from the spreadsheet and import that (docs/import-export.md)"),
			    files[i].csv);
			free(files);
			return EXIT_USAGE;
		}
	*out = files;
	*nout = nfiles;
	return -1;
}

/*
 * The rows checked with the records there, pass after pass with --partial
 * until no row is left out. Returns -1 on a failure (error_set).
 */
static int
S_check(struct import *im, struct source *under)
{
	size_t i;

	for (i = 0; i < im->nrows; i++) {
		if (!im->rows[i].skip)
			S_in_the_way(im, under, &im->rows[i]);
		im->rows[i].in = !im->rows[i].skip && !im->rows[i].bad;
	}
	for (;;) {
		int n = S_pass(im, under);

		if (n < 0)
			return -1;
		if (!im->partial || n == 0)
			break;
		/* --partial: the good rows again without the bad, whose records they may name. */
		for (i = 0; i < im->nrows; i++)
			im->rows[i].in = im->rows[i].in && !im->rows[i].bad;
	}
	return 0;
}

/* Writes the rows checked good, each path printed; all undone at a failure. Returns the status. */
static int
S_write_rows(struct import *im, int dirfd, size_t *nwritten)
{
	struct made m = {0};
	size_t i;
	int rc = EXIT_CLEAN;

	for (i = 0; i < im->nrows; i++) {
		if (!im->rows[i].in || im->rows[i].bad)
			continue;
		if (S_write(dirfd, &im->rows[i], &m) < 0) {
			S_made_undo(&m, dirfd);
			*nwritten = 0;
			rc = EXIT_FAILURE_IO;
			break;
		}
		(*nwritten)++;
	}
	if (rc == EXIT_CLEAN)
		for (i = 0; i < im->nrows; i++)
			if (im->rows[i].in && !im->rows[i].bad)
				printf("%s\n", im->rows[i].display);
	for (i = 0; i < m.n; i++)
		free(m.v[i]);
	free(m.v);
	free(m.dir);
	return rc;
}

/* Frees what the import read and made. */
static void
S_free(struct import *im, struct in_file *files, size_t nfiles, struct source *under)
{
	size_t i, j;

	for (i = 0; i < im->nrows; i++) {
		buf_free(&im->rows[i].text);
		free(im->rows[i].lines);
		free(im->rows[i].path);
		free(im->rows[i].display);
	}
	for (i = 0; i < nfiles; i++) {
		for (j = 0; j < files[i].ncrows; j++)
			free(files[i].crows[j].cells);
		free(files[i].crows);
		free(files[i].names);
		free(files[i].cols);
		buf_free(&files[i].text);
	}
	free(files);
	free(im->rows);
	free(im->fixed);
	if (under)
		source_close(under);
	diags_free(&im->out);
	arena_free(&im->a);
}

int
import_main(int argc, char **argv)
{
	struct import im;
	struct in_file *files = NULL;
	size_t nfiles = 0, i, nwritten = 0, nbad = 0;
	struct source *under = NULL;
	int bad = 0, rc, dirfd = -1;

	memset(&im, 0, sizeof(im));
	im.dir = ".";
	if ((rc = S_args(&im, argc, argv, &files, &nfiles)) >= 0)
		return rc;
	rc = EXIT_CLEAN;
	diags_init(&im.out);
	arena_init(&im.a);
	if (!(under = source_open_dir(im.dir))) {
		error_set("%s: %s", im.dir, strerror(errno));
		rc = EXIT_FAILURE_IO;
		goto out;
	}
	/* The depth limit of a JSON cell, as svcgen.yaml's default. */
	im.limit_depth = 32;
	for (i = 0; i < nfiles; i++)
		if (S_file(&im, &files[i], under, &bad) < 0) {
			rc = EXIT_FAILURE_IO;
			goto out;
		}
	if (!bad && S_check(&im, under) < 0) {
		rc = EXIT_FAILURE_IO;
		goto out;
	}
	for (i = 0; i < im.nrows; i++)
		nbad += im.rows[i].bad;
	S_print(&im.out);
	if (diags_count(&im.out, SEV_ERROR))
		bad = 1;
	if ((bad && (!im.partial || !im.nrows)) || im.dry_run) {
		size_t ne = diags_count(&im.out, SEV_ERROR);

		if (bad)
			term_error(tr(ne == 1 ? N_("%zu error: nothing written")
			                      : N_("%zu errors: nothing written")),
			           ne);
		else
			term_error(tr("%zu records checked: nothing written (--dry-run)"),
			           im.nrows);
		rc = bad ? EXIT_PROBLEMS : EXIT_CLEAN;
		goto out;
	}
	if ((dirfd = open(im.dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		error_set("%s: %s", im.dir, strerror(errno));
		rc = EXIT_FAILURE_IO;
		goto out;
	}
	rc = S_write_rows(&im, dirfd, &nwritten);
	if (rc == EXIT_CLEAN) {
		term_error(tr("%zu records written, %zu rows with errors left out"), nwritten,
		           nbad);
		rc = nbad || bad ? EXIT_PROBLEMS : EXIT_CLEAN;
	}
out:
	error_print();
	if (dirfd >= 0)
		close(dirfd);
	S_free(&im, files, nfiles, under);
	return rc;
}
