/*
 * index_pages.c - a kind's index pages and rows files (index_pages.h).
 */
#include "site/index_pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "publish/publish.h"
#include "site/digest.h"
#include "site/list.h"
#include "site/prepare.h"
#include "site/values.h"

/*
 * Columns of each kind's index: fields, and "age" (COL_AGE), a ticket's
 * days open (docs/site.md, "Index pages").
 */
static const char *const S_columns[KIND__COUNT][8] = {
    [OBJ_customers] = {"name", "region", "dealer", "since", NULL},
    [OBJ_equipment] = {"model", "platform", "customer", "delivered", "warranty_until", "status",
                       NULL},
    [OBJ_service] = {"type", "status", "customer", "equipment", "technicians", "reported", "age",
                     NULL},
    [OBJ_visits] = {"kind", "date", "customer", "service", "channel", "by", "satisfaction", NULL},
    [OBJ_complaints] = {"received", "customer", "category", "severity", "status", "owner", NULL},
    [OBJ_standards] = {"title", "category", "topic", "version", "status", "effective", NULL},
    [OBJ_staff] = {"name", "role", "region", "active", NULL},
    [OBJ_parts] = {"name", "key", "unit_cost", "supplier", NULL},
    [OBJ_shipments] = {"date", "to", "service", NULL},
    [OBJ_dealers] = {"name", "region", "service_outlet", NULL},
};

#define COL_AGE (-1) /* x->fis[c] of the age column, which is no field */

/* A record with its main date as an instant, for the kind's order. */
struct S_dated {
	const struct record *rec;
	int64_t t;
	int missing;
};

/*
 * The kind's order, oldest first (pages show it backwards): records
 * without a valid date first (so that newest first they come last, as
 * missing values sort), then by instant, ties by id.
 */
static int
S_dated_cmp(const void *pa, const void *pb)
{
	const struct S_dated *a = pa, *b = pb;

	if (a->missing != b->missing)
		return a->missing ? -1 : 1;
	if (!a->missing && a->t != b->t)
		return a->t < b->t ? -1 : 1;
	return site_natcmp(a->rec->id, b->rec->id);
}

/* Puts recs[0..n), in id order, in the kind's order by the date field fi (S_dated_cmp). */
static void
S_date_order(const struct site *s, const struct record **recs, size_t n, int fi)
{
	struct S_dated *d = xmalloc((n + 1) * sizeof(*d));
	size_t i;

	for (i = 0; i < n; i++) {
		const struct node *v =
		    recs[i]->root ? node_field(recs[i]->root, schema_fields[fi].key) : NULL;

		d[i].rec = recs[i];
		d[i].missing = !v || v->type != NODE_SCALAR ||
		               (v->value != VAL_DATE && v->value != VAL_DATETIME);
		/* As the index's sort keys read them (S_sort_key): a date at its midnight. */
		d[i].t = d[i].missing               ? 0
		         : v->value == VAL_DATETIME ? v->v.i
		                                    : v->v.i * 86400 - s->r->cfg.tzoff;
	}
	/* Dates that grow with ids (the usual case) need no sort. */
	for (i = 1; i < n && S_dated_cmp(&d[i - 1], &d[i]) < 0; i++)
		;
	if (i < n)
		qsort(d, n, sizeof(*d), S_dated_cmp);
	for (i = 0; i < n; i++)
		recs[i] = d[i].rec;
	free(d);
}

static int
S_rec_id_cmp(const void *pa, const void *pb)
{
	return site_natcmp((*(const struct record *const *)pa)->id,
	                   (*(const struct record *const *)pb)->id);
}

/*
 * How an index cell sorts: by its place in the field's list of values
 * (enums in the schema's order, regions and models in the configuration's,
 * yes before no), else by number (dates and times as instants), else as
 * text in natural order. Missing values and personal data do not sort.
 */
struct S_key {
	const char *text;
	double num;
	int ord; /* place in the field's values, or -1 */
	unsigned char isnum, missing;
};

static void
S_sort_key(const struct site *s, int fi, const struct node *v, struct S_key *k)
{
	const struct field *f = fi >= 0 ? &schema_fields[fi] : NULL;
	size_t i;

	memset(k, 0, sizeof(*k));
	k->ord = -1;
	if (fi == COL_AGE) { /* days, a number (S_ages) */
		k->missing = !v;
		k->text = v ? v->u.str : NULL;
		k->num = v ? (double)v->v.i : 0;
		k->isnum = 1;
		return;
	}
	if (!v || v->type != NODE_SCALAR || (f->flags & PII)) {
		k->missing = 1;
		return;
	}
	k->text = v->u.str;
	if (f->type == T_ENUM) {
		for (i = 0; f->values[i]; i++)
			if (node_is_str(v, f->values[i]))
				k->ord = (int)i;
	} else if (f->type == T_CFGENUM) {
		const struct strlist *l = f->cfg == CFG_regions  ? &s->r->cfg.regions
		                          : f->cfg == CFG_models ? &s->r->cfg.models
		                                                 : &s->r->cfg.platforms;

		for (i = 0; i < l->n; i++)
			if (node_is_str(v, l->v[i]))
				k->ord = (int)i;
	} else if (f->type == T_BOOL && v->value == VAL_BOOL) {
		k->ord = v->v.i ? 0 : 1;
	}
	k->isnum = 1;
	switch (v->value) {
	case VAL_INT:
	case VAL_BOOL:
		k->num = (double)v->v.i;
		break;
	case VAL_MONEY:
		k->num = (double)v->v.i / 100;
		break;
	case VAL_NUMBER:
		k->num = v->v.d;
		break;
	case VAL_DATE:
		k->num = (double)v->v.i * 86400 - s->r->cfg.tzoff;
		break;
	case VAL_DATETIME:
		k->num = (double)v->v.i;
		break;
	default:
		k->isnum = 0;
	}
}

/* A column's heading: its field's label, or the age's. */
static const char *
S_column_label(struct site *s, const struct field *f)
{
	return f ? site_field_label(s, f) : labels_get(s->l, "ui", "age_days");
}

/* Orders two present keys: known values first, in their list's order. */
static int
S_key_cmp(const struct S_key *a, const struct S_key *b)
{
	if ((a->ord >= 0) != (b->ord >= 0))
		return a->ord >= 0 ? -1 : 1;
	if (a->ord >= 0)
		return a->ord < b->ord ? -1 : a->ord > b->ord;
	if (a->isnum != b->isnum)
		return a->isnum ? -1 : 1;
	/* Equal instants or numbers are equal, however written: as app.js compares them. */
	if (a->isnum)
		return a->num < b->num ? -1 : a->num > b->num;
	return site_natcmp(a->text, b->text);
}

/* Orders two keys, missing ones last. */
static int
S_key_order(const struct S_key *a, const struct S_key *b)
{
	return a->missing || b->missing ? (int)a->missing - (int)b->missing : S_key_cmp(a, b);
}

/* Stable merge sort of idx[0..n) by keys, ascending, missing keys last. */
static void
S_sort_idx(uint32_t *idx, uint32_t *tmp, size_t n, const struct S_key *keys)
{
	size_t h = n / 2, i = 0, j = h, o = 0;

	if (n < 2)
		return;
	S_sort_idx(idx, tmp, h, keys);
	S_sort_idx(idx + h, tmp, n - h, keys);
	/* Halves already in order (dates that grow with ids) need no merge. */
	if (S_key_order(&keys[idx[h - 1]], &keys[idx[h]]) <= 0)
		return;
	while (i < h && j < n) {
		int c = S_key_order(&keys[idx[i]], &keys[idx[j]]);

		tmp[o++] = c <= 0 ? idx[i++] : idx[j++];
	}
	while (i < h)
		tmp[o++] = idx[i++];
	while (j < n)
		tmp[o++] = idx[j++];
	memcpy(idx, tmp, n * sizeof(*idx));
}

/*
 * rank[i]: the place of row i's value among the column's distinct values,
 * ascending, 1-based; missing values rank after all. Rows of equal values
 * share a rank, so that they stay in id order. idx is left in that order.
 */
static void
S_ranks(const struct S_key *keys, size_t n, uint32_t *idx, uint32_t *tmp, uint32_t *rank)
{
	size_t i;
	uint32_t r = 0;

	for (i = 0; i < n; i++)
		idx[i] = (uint32_t)i;
	S_sort_idx(idx, tmp, n, keys);
	for (i = 0; i < n; i++) {
		const struct S_key *k = &keys[idx[i]], *p = i ? &keys[idx[i - 1]] : NULL;

		if (!p || k->missing != p->missing || (!k->missing && S_key_cmp(k, p)))
			r++;
		rank[idx[i]] = r;
	}
}

/* What an index cell shows: the value's label. */
static const char *
S_cell_text(struct site *s, int fi, const struct node *v)
{
	const struct field *f = &schema_fields[fi];

	if (f->type == T_ENUM)
		return site_enum_label(s, fi, v);
	if (f->type == T_BOOL && v->value == VAL_BOOL)
		return labels_get(s->l, "ui", v->v.i ? "yes" : "no");
	return v->u.str;
}

/*
 * The values of the fields fis[0..ncols) (-1: none) in map, each found by
 * its key (node_field), into cell[c][i]. A list (a ticket's units,
 * technicians): its first item stands for it.
 */
static void
S_columns_of(const struct node *map, const int *fis, size_t ncols, const struct node ***cell,
             size_t i)
{
	const struct node *v;
	size_t c;

	for (c = 0; c < ncols; c++) {
		v = fis[c] >= 0 ? node_field(map, schema_fields[fis[c]].key) : NULL;
		if (v && v->type == NODE_SEQ)
			v = v->n ? &v->u.kids[0] : NULL;
		cell[c][i] = v;
	}
}

/*
 * A kind's index pages (docs/site.md, "Index pages"): its records in id
 * order, cut into slices of INDEX_PAGE_ROWS counted from the oldest, so
 * that a record stays on its page while newer ones are added. Slice k is
 * page-<k>.html, the newest INDEX_PAGE_ROWS are index.html (a kind of one
 * slice has index.html alone), each page newest first; beside each slice,
 * rows-<k>.js holds its rows as data for app.js, which sorts and filters
 * the whole kind with them.
 */
#define INDEX_PAGE_ROWS 500
/* Bytes of a rows file, at most (unless one row is bigger): more rows go on in rows-<k>-2.js. */
#define ROWS_FILE_MAX (512u * 1024u)
/* Bytes of "svcgenRows(k,p,n,[\n", at most. */
#define ROWS_HEAD_MAX 80u

/* A kind's records with a page in id order, and the work of one page of them. */
struct S_kind_rows {
	int kind;
	size_t n, ncols, slices;
	const struct record **recs;
	const struct node **cell[8]; /* per column, per record: the value (node_get's) */
	int fis[8];
	int date_col;            /* the column of the kind's main date (record_date_key), or -1 */
	unsigned char filter[8]; /* a column with a menu of its values */
	/* One page's rows, at most INDEX_PAGE_ROWS: per column, per row of the page. */
	struct S_key *keys[8];
	uint32_t *idx, *tmp, *up[8], *down[8];
	uint32_t *id_rank; /* per row of the page: its id's place among the page's, ascending */
	size_t *at, *len;  /* per row: its JSON in json */
	struct buf rows, json, part, text;
	struct arena row_arena;  /* one row's data, reset after it */
	struct node *age;        /* per record: its age column's value (S_ages) */
	char (*age_text)[24];    /* per record: that value's text */
	unsigned char *age_open; /* per record: its age counts to the as-of date */
};

/*
 * The age column of x->recs: a ticket's whole days from its
 * report to its closing (or resolution, for one resolved or closed without
 * a closing time), or, while it is open, to the as-of date; none for a
 * cancelled ticket, or one reported after the as-of date. Each value is a node of its own, VAL_INT,
 * its text the number.
 */
static void
S_ages(struct site *s, struct S_kind_rows *x)
{
	static const char *const done[] = {"resolved", "closed", "cancelled", NULL};
	int tz = s->r->cfg.tzoff;
	size_t i, k;

	x->age = xcalloc(x->n + 1, sizeof(*x->age));
	x->age_open = xcalloc(x->n + 1, 1);
	x->age_text = xcalloc(x->n + 1, sizeof(*x->age_text));
	for (i = 0; i < x->n; i++) {
		const struct record *rec = x->recs[i];
		const struct node *rep = record_value(rec, KEY_reported);
		const struct node *st = record_value(rec, KEY_status);
		const struct node *end = record_value(rec, KEY_closed);
		int is_done = 0;
		int64_t to;

		for (k = 0; st && st->type == NODE_SCALAR && done[k]; k++)
			is_done |= node_is_str(st, done[k]);
		if (!end || end->value != VAL_DATETIME)
			end = record_value(rec, KEY_resolved);
		if (!rep || rep->value != VAL_DATETIME)
			continue;
		if (!is_done) {
			to = s->o->today;
			x->age_open[i] = 1;
		} else if (end && end->value == VAL_DATETIME && !node_is_str(st, "cancelled")) {
			to = node_day(end, tz);
		} else {
			continue;
		}
		if (to < node_day(rep, tz))
			continue;
		x->age[i].type = NODE_SCALAR;
		x->age[i].value = VAL_INT;
		x->age[i].v.i = to - node_day(rep, tz);
		snprintf(x->age_text[i], sizeof(x->age_text[i]), "%lld", (long long)x->age[i].v.i);
		x->age[i].u.str = x->age_text[i];
	}
}

/* A sort key as rows-<k>.js holds it: null, a place in the field's values, a number, or text. */
static void
S_key_json(struct site *s, struct buf *b, const struct S_key *k)
{
	if (k->missing)
		buf_adds(b, "null");
	else if (k->ord >= 0)
		buf_addf(b, "%d", k->ord);
	else if (k->isnum) /* as a page prints it: the shortest form that reads back the same */
		tv_format(b, tv_num(&s->a, k->num));
	else
		json_escape(b, k->text, strlen(k->text));
}

/*
 * The columns of a page of rows recs[lo..lo+m): each row's sort keys and
 * its ranks within the page, ascending and descending, and the values of
 * the filter columns present on the page with their counts there. A
 * page's bytes depend on its own rows only.
 */
static struct tv *
S_page_columns(struct site *s, struct S_kind_rows *x, size_t lo, size_t m)
{
	struct tv *cols = tv_list(&s->a);
	size_t i, c;

	for (c = 0; c < x->ncols; c++) {
		int fi = x->fis[c];
		const struct field *f = fi >= 0 ? &schema_fields[fi] : NULL;
		struct S_key *keys = x->keys[c];
		struct tv *col = tv_map(&s->a), *values = tv_list(&s->a), *val;
		size_t distinct = 0;
		uint32_t groups = 0;

		for (i = 0; i < m; i++)
			S_sort_key(s, fi, x->cell[c][lo + i], &keys[i]);
		S_ranks(keys, m, x->idx, x->tmp, x->up[c]);
		/*
		 * Descending ranks need no second sort: equal keys share a rank and
		 * missing ones come last either way, so they mirror the ascending.
		 */
		for (i = 0; i < m; i++)
			if (!keys[i].missing && x->up[c][i] > groups)
				groups = x->up[c][i];
		for (i = 0; i < m; i++)
			x->down[c][i] = keys[i].missing ? x->up[c][i] : groups + 1 - x->up[c][i];
		/* idx is in ascending order: the distinct values, counted. */
		for (i = 0; x->filter[c] && i < m && !keys[x->idx[i]].missing; i++) {
			size_t j = i;

			while (j + 1 < m && !keys[x->idx[j + 1]].missing &&
			       x->up[c][x->idx[j + 1]] == x->up[c][x->idx[i]])
				j++;
			val = tv_map(&s->a);
			tv_map_set_num(val, "n", (double)x->up[c][x->idx[i]]);
			tv_map_set_str(val, "label",
			               S_cell_text(s, fi, x->cell[c][lo + x->idx[i]]));
			tv_map_set_num(val, "count", (double)(j - i + 1));
			/* What the script filters the whole kind by: the key of rows-<k>.js. */
			buf_reset(&x->text);
			S_key_json(s, &x->text, &keys[x->idx[i]]);
			tv_map_set(val, "key", tv_strn(&s->a, x->text.buf, x->text.len));
			tv_list_push(values, val);
			distinct++;
			i = j;
		}
		tv_map_set_str(col, "name", S_columns[x->kind][c]);
		tv_map_set_str(col, "label", S_column_label(s, f));
		/* The page's own order: this column descending. */
		tv_map_set_bool(col, "default", (int)c == x->date_col);
		/* For app.js, which shows its values in <time> (docs/site.md, "Dates and times").
		 */
		tv_map_set(col, "time",
		           f && f->type == T_DATE       ? site_str(s, "date")
		           : f && f->type == T_DATETIME ? site_str(s, "datetime")
		           : f && f->type == T_DAY      ? site_str(s, "day")
		                                        : tv_null());
		/* A filter with one value filters nothing. */
		tv_map_set_bool(col, "filter", x->filter[c] && distinct > 1);
		tv_map_set(col, "values", x->filter[c] && distinct > 1 ? values : tv_list(&s->a));
		tv_list_push(cols, col);
	}
	return cols;
}

/*
 * A row of rows-<k>.js: [id, href, cells, keys]. A cell is null (no
 * value), its text, or [text, href or 0, classes or 0, tag key] without
 * the trailing zeros: what index-row.mustache shows, for app.js to show
 * the same.
 */
static void
S_row_json(struct site *s, struct S_kind_rows *x, size_t j, const struct tv *row)
{
	const struct tv *cells = tv_map_value_at(row, XK_CELLS), *id = tv_map_value_at(row, XK_ID);
	struct buf *b = &x->json;
	size_t c;

	buf_addc(b, '[');
	buf_reset(&x->text);
	tv_format(&x->text, id);
	json_escape(b, x->text.buf, x->text.len);
	buf_addc(b, ',');
	buf_reset(&x->text);
	tv_format(&x->text, tv_map_value_at(row, XK_HREF));
	json_escape(b, x->text.buf, x->text.len);
	buf_adds(b, ",[");
	for (c = 0; c < x->ncols; c++) {
		const struct tv *cv = tv_list_at(cells, c), *v = tv_map_value_at(cv, CK_VALUE);
		const struct tv *key = tv_map_value_at(cv, CK_KEY), *href;
		const char *cls;
		int last;

		if (c)
			buf_addc(b, ',');
		if (tv_type(v) != TV_MAP) {
			buf_adds(b, "null");
			continue;
		}
		href = tv_map_value_at(v, VK_HREF);
		cls = tv_truthy(tv_map_value_at(v, VK_MASKED))    ? "masked"
		      : tv_truthy(tv_map_value_at(v, VK_MISSING)) ? "missing"
		      : tv_truthy(tv_map_value_at(v, VK_INVALID)) ? "invalid"
		                                                  : NULL;
		last = tv_type(key) == TV_STR ? 4 : cls ? 3 : tv_type(href) == TV_STR ? 2 : 1;
		buf_reset(&x->text);
		tv_format(&x->text, tv_map_value_at(v, VK_TEXT));
		if (last == 1) {
			json_escape(b, x->text.buf, x->text.len);
			continue;
		}
		buf_addc(b, '[');
		json_escape(b, x->text.buf, x->text.len);
		buf_addc(b, ',');
		if (tv_type(href) == TV_STR) {
			buf_reset(&x->text);
			tv_format(&x->text, href);
			json_escape(b, x->text.buf, x->text.len);
		} else {
			buf_addc(b, '0');
		}
		if (last >= 3) {
			buf_addc(b, ',');
			if (cls)
				json_escape(b, cls, strlen(cls));
			else
				buf_addc(b, '0');
		}
		if (last == 4) {
			buf_addc(b, ',');
			buf_reset(&x->text);
			tv_format(&x->text, key);
			json_escape(b, x->text.buf, x->text.len);
		}
		buf_addc(b, ']');
	}
	buf_adds(b, "],[");
	for (c = 0; c < x->ncols; c++) {
		if (c)
			buf_addc(b, ',');
		S_key_json(s, b, &x->keys[c][j]);
	}
	buf_adds(b, "]]");
}

/* Publishes one rows file: part p of parts of slice k, rows first..end of the page. */
static void
S_rows_part(struct site *s, struct S_kind_rows *x, size_t k, size_t p, size_t parts, size_t first,
            size_t end)
{
	struct buf path = BUF_INIT;
	size_t j;

	buf_reset(&x->part);
	buf_addf(&x->part, "svcgenRows(%zu,%zu,%zu,[\n", k, p, parts);
	for (j = first; j < end; j++) {
		if (j > first)
			buf_adds(&x->part, ",\n");
		buf_add(&x->part, x->json.buf + x->at[j], x->len[j]);
	}
	buf_adds(&x->part, "\n]);\n");
	if (p == 1)
		buf_addf(&path, "%s/rows-%zu.js", site_kind_name(x->kind), k);
	else
		buf_addf(&path, "%s/rows-%zu-%zu.js", site_kind_name(x->kind), k, p);
	if (publish_file(s->pub, buf_str(&path), x->part.buf, x->part.len) < 0)
		s->failed = 1;
	buf_free(&path);
}

/*
 * rows-<k>.js, the rows of slice k in id order, called svcgenRows(k, p,
 * parts, rows): more than ROWS_FILE_MAX bytes of rows go on in
 * rows-<k>-<p>.js, which the first part announces.
 */
static void
S_rows_files(struct site *s, struct S_kind_rows *x, size_t k, size_t m)
{
	size_t j, first, size, parts = 1, p = 1;

	/* Count the parts, then write them, each part's rows as many as fit. */
	for (j = 0, size = 0; j < m; j++) {
		if (size && size + 2 + x->len[j] + ROWS_HEAD_MAX + 5 > ROWS_FILE_MAX) {
			parts++;
			size = 0;
		}
		size += (size ? 2 : 0) + x->len[j];
	}
	for (j = 0, first = 0, size = 0; j < m; j++) {
		if (size && size + 2 + x->len[j] + ROWS_HEAD_MAX + 5 > ROWS_FILE_MAX) {
			S_rows_part(s, x, k, p++, parts, first, j);
			first = j;
			size = 0;
		}
		size += (size ? 2 : 0) + x->len[j];
	}
	S_rows_part(s, x, k, p, parts, first, m);
}

/*
 * The ids slice k runs from and to. The last slice grows as records are
 * added, and every page names it: its end is a word, not an id.
 */
static void
S_slice_ends(struct site *s, const struct S_kind_rows *x, size_t k, const char **from,
             const char **to)
{
	size_t last = k * INDEX_PAGE_ROWS < x->n ? k * INDEX_PAGE_ROWS : x->n;

	*from = x->recs[(k - 1) * INDEX_PAGE_ROWS]->id;
	*to = k == x->slices ? labels_get(s->l, "ui", "paging_open") : x->recs[last - 1]->id;
}

/* A slice in the navigation: its page and the ids it runs from and to. */
static struct tv *
S_slice_link(struct site *s, const struct S_kind_rows *x, size_t k, size_t cur)
{
	struct tv *l = tv_map(&s->a);
	const char *from, *to;

	S_slice_ends(s, x, k, &from, &to);
	tv_map_set_num(l, "k", (double)k);
	site_set_ref(s, l, "from", from);
	site_set_ref(s, l, "to", to);
	tv_map_set_bool(l, "current", k == cur);
	return l;
}

/*
 * The navigation of page k (0: index.html): the newest records, the
 * newest and oldest slices and the current one's neighbours, newest
 * first, with gaps; every slice in a <details> when the short list leaves
 * any out. Only the last slice's page and index.html say the kind's
 * count, so that a new record changes no other page.
 */
static struct tv *
S_paging(struct site *s, const struct S_kind_rows *x, size_t k)
{
	struct tv *p = tv_map(&s->a), *links = tv_list(&s->a), *all = tv_list(&s->a);
	size_t want[5], nw = 0, i, j, K = x->slices, prev = 0, shown = 0;

	tv_map_set_num(p, "page", (double)k);
	tv_map_set_num(p, "pages", (double)K);
	tv_map_set_bool(p, "is_index", k == 0);
	tv_map_set_num(p, "index_rows", INDEX_PAGE_ROWS);
	if (k == 0 || k == K)
		tv_map_set_num(p, "total", (double)x->n);
	/* Newest first: K, k + 1, k, k - 1, 1 (from index.html: K, K - 1, 1). */
	want[nw++] = K;
	if (k == 0) {
		want[nw++] = K - 1;
	} else {
		want[nw++] = k + 1;
		want[nw++] = k;
		want[nw++] = k - 1;
	}
	want[nw++] = 1;
	for (i = 0; i < nw; i++) {
		if (want[i] < 1 || want[i] > K || (prev && want[i] >= prev))
			continue;
		if (prev && want[i] + 1 < prev) {
			struct tv *gap = tv_map(&s->a);

			tv_map_set_bool(gap, "gap", 1);
			tv_list_push(links, gap);
		}
		tv_list_push(links, S_slice_link(s, x, want[i], k));
		prev = want[i];
		shown++;
	}
	tv_map_set(p, "links", links);
	for (j = K; j >= 1; j--)
		tv_list_push(all, S_slice_link(s, x, j, k));
	/* The short list leaves some out: all of them in a <details>. */
	tv_map_set_bool(p, "more", shown < K);
	tv_map_set(p, "slices", all);
	return p;
}

/*
 * Column c of row j of a page whose first row is record lo (in x->recs):
 * {name, label, rank, rank_desc, value, n, key} for index-row.mustache.
 */
static struct tv *
S_index_cell(struct site *s, const struct S_kind_rows *x, size_t c, size_t lo, size_t j)
{
	const struct field *f = x->fis[c] >= 0 ? &schema_fields[x->fis[c]] : NULL;
	const struct node *v = x->cell[c][lo + j];
	struct tv *cv = tv_map_keyed(&s->a, s->cell_keys);
	struct node cut;

	tv_map_set_at(cv, CK_NAME, site_str(s, S_columns[x->kind][c]));
	tv_map_set_at(cv, CK_LABEL, site_str(s, S_column_label(s, f)));
	tv_map_set_at(cv, CK_RANK, tv_num(&s->a, (double)x->up[c][j]));
	tv_map_set_at(cv, CK_RANK_DESC, tv_num(&s->a, (double)x->down[c][j]));
	if (!v || v->type != NODE_SCALAR)
		return cv;
	/* Free text cut as titles are (site_list_title); the sort keys are whole. */
	if (f && (f->type == T_STRING || f->type == T_TEXT) && !(f->flags & PII) &&
	    strlen(v->u.str) > SITE_TITLE_MAX) {
		cut = *v;
		cut.u.str = site_list_title(&s->a, v->u.str);
		cut.value = VAL_NONE; /* n: the length, not a value */
		cut.n = (uint32_t)strlen(cut.u.str);
		v = &cut;
	}
	tv_map_set_at(cv, CK_VALUE, site_value(s, f, v, 1));
	if (x->filter[c] && !x->keys[c][j].missing) {
		tv_map_set_at(cv, CK_N, tv_num(&s->a, (double)x->up[c][j]));
		tv_map_set_at(cv, CK_KEY, site_str(s, v->u.str));
	}
	return cv;
}

/* The page's rows recs[lo..lo+m) ranked by id, ascending, into x->id_rank. */
static void
S_id_ranks(struct S_kind_rows *x, size_t lo, size_t m)
{
	const struct record **by_id = xmalloc((m + 1) * sizeof(*by_id));
	size_t j;

	memcpy(by_id, x->recs + lo, m * sizeof(*by_id));
	qsort(by_id, m, sizeof(*by_id), S_rec_id_cmp);
	/* Ids are unique: a row's rank is its place in by_id, found by bisection. */
	for (j = 0; j < m; j++) {
		size_t a = 0, b = m;

		while (a < b) {
			size_t h = (a + b) / 2;

			if (site_natcmp(by_id[h]->id, x->recs[lo + j]->id) < 0)
				a = h + 1;
			else
				b = h;
		}
		x->id_rank[j] = (uint32_t)a + 1;
	}
	free(by_id);
}

/* Row j of that page: {l, id, href, id_rank, cells} for index-row.mustache. */
static struct tv *
S_index_row(struct site *s, const struct S_kind_rows *x, size_t lo, size_t j)
{
	const struct record *rec = x->recs[lo + j];
	const struct rec_info *in = &s->info[rec - s->r->recs];
	struct tv *row = tv_map_keyed(&s->a, s->index_row_keys), *cells = tv_list(&s->a);
	size_t c;

	tv_map_set_at(row, XK_L, s->l->tv);
	tv_map_set_at(row, XK_ID, tv_str_ref(&s->a, rec->id, in->id_len));
	/* The page's name: the end of its href, "id.html". */
	tv_map_set_at(row, XK_HREF,
	              tv_str_ref(&s->a, in->href + in->href_len - in->id_len - 5, in->id_len + 5));
	/*
	 * The id's ascending rank within the page (--a), which sorts the rows
	 * by id, its negation by id descending; in a kind without a date, the
	 * page is in id order and it is the row's place from the oldest.
	 */
	tv_map_set_at(row, XK_RANK,
	              tv_num(&s->a, x->date_col >= 0 ? (double)x->id_rank[j] : (double)(j + 1)));
	site_set_cur(s, rec);
	for (c = 0; c < x->ncols; c++)
		tv_list_push(cells, S_index_cell(s, x, c, lo, j));
	tv_map_set_at(row, XK_CELLS, cells);
	return row;
}

/*
 * One index page: rows recs[lo..hi), newest first, each row carrying
 * its ranks per column within the page (index-row.mustache, rendered one
 * row at a time in an arena reset after it, so that a page costs the
 * memory of its HTML); k is its slice (0: index.html). With rows, also
 * that slice's rows-<k>.js (slice 1 when k is 0).
 */
static void
S_index_rows_page(struct site *s, struct S_kind_rows *x, size_t lo, size_t hi, size_t k, int rows)
{
	const char *kind = site_kind_name(x->kind), *label = s->kind_label[x->kind], *range = NULL;
	struct tv *page, *cols;
	struct arena page_arena;
	size_t m = hi - lo, j;

	if (k) {
		const char *from, *to;

		S_slice_ends(s, x, k, &from, &to);
		range = site_cat(&s->a, from, " – ", to, NULL);
	}
	page = site_page(s, range ? site_cat(&s->a, label, " · ", range, NULL) : label, 1, kind);
	cols = S_page_columns(s, x, lo, m);
	if (x->date_col >= 0)
		S_id_ranks(x, lo, m);
	buf_reset(&x->rows);
	buf_reset(&x->json);
	page_arena = s->a;
	s->a = x->row_arena;
	for (j = m; j-- > 0 && !s->failed;) {
		struct tv *row = S_index_row(s, x, lo, j);

		site_render_to(s, "index-row", row, &x->rows);
		if (rows) {
			x->at[j] = x->json.len;
			S_row_json(s, x, j, row);
			x->len[j] = x->json.len - x->at[j];
		}
		arena_reset(&s->a);
	}
	x->row_arena = s->a;
	s->a = page_arena;
	tv_map_set_str(page, "kind", kind);
	tv_map_set_str(page, "heading", label);
	if (range)
		tv_map_set_str(page, "range", range);
	if (!k)
		tv_map_set_num(page, "total", (double)x->n);
	tv_map_set_bool(page, "is_standards", x->kind == OBJ_standards);
	tv_map_set_bool(page, "by_date", x->date_col >= 0);
	tv_map_set(page, "columns", cols);
	tv_map_set(page, "rows_html", tv_str_ref(&s->a, buf_str(&x->rows), x->rows.len));
	tv_map_set_num(page, "count", (double)m);
	tv_map_set_num(page, "slices", (double)x->slices);
	tv_map_set_bool(page, "paged", x->slices > 1);
	if (x->slices > 1)
		tv_map_set(page, "paging", S_paging(s, x, k));
	if (k)
		site_render(s, "index", page, arena_printf(&s->a, "%s/page-%zu.html", kind, k));
	else
		site_render(s, "index", page, site_cat(&s->a, kind, "/index.html", NULL, NULL));
	if (rows && !s->failed)
		S_rows_files(s, x, k ? k : 1, m);
}

/*
 * What every page of a kind's index shows of the others (S_paging): the
 * number of slices and the ids each runs from and to, into nav[2].
 */
static void
S_slices_digest(struct site *s, const struct S_kind_rows *x, uint64_t nav[2])
{
	struct buf b = BUF_INIT;
	size_t k;

	for (k = 1; k <= x->slices && x->n; k++) {
		const char *from, *to;

		S_slice_ends(s, x, k, &from, &to);
		buf_addf(&b, "%s%c%s%c", from, 0, to, 0);
	}
	buf_addf(&b, "%zu", x->slices);
	publish_hash(b.buf, b.len, nav);
	buf_free(&b);
}

/*
 * Keeps index page k (0: index.html) of recs[lo..hi) and its rows files
 * when what they are made from did not change: its records (path, bytes,
 * what their references show: site_dig_refs), the navigation (nav), and the
 * kind's count on the pages that say it. Else opens their scope and
 * returns 0. docs/site.md, "Incremental rebuilds".
 */
static int
S_slice_reuse(struct site *s, const struct S_kind_rows *x, size_t lo, size_t hi, size_t k,
              const uint64_t nav[2])
{
	size_t j;

	site_dig_begin(s, site_kind_name(x->kind));
	site_dig_str(s, "index page");
	site_dig_u64(s, (uint64_t)k);
	site_dig(s, nav, 2 * sizeof(*nav));
	site_dig_u64(s, k == 0 || k == x->slices ? (uint64_t)x->n : 0);
	for (j = lo; j < hi; j++) {
		const struct record *rec = x->recs[j];

		site_dig_str(s, rec->path);
		site_dig_u64(s, rec->sum);
		site_dig_refs(s, &s->info[rec - s->r->recs]);
		/* An open ticket's age counts to the as-of date. */
		if (x->age_open && x->age_open[j])
			site_dig_u64(s, (uint64_t)s->o->today);
	}
	return site_reuse(s);
}

/* The kind's records with a page into x->recs, in id order, then by date where it has one. */
static void
S_kind_recs(struct site *s, struct S_kind_rows *x, int kind)
{
	enum schema_key dk = record_date_key(kind);
	size_t i, n = 0, c;

	for (i = 0; i < s->r->n; i++)
		if (s->r->recs[i].kind == kind && site_has_page(s, &s->r->recs[i]))
			n++;
	x->n = n;
	for (x->ncols = 0; S_columns[kind][x->ncols]; x->ncols++)
		;
	x->recs = xmalloc((n + 1) * sizeof(*x->recs));
	for (i = 0, n = 0; i < s->r->n; i++)
		if (s->r->recs[i].kind == kind && site_has_page(s, &s->r->recs[i]))
			x->recs[n++] = &s->r->recs[i];
	/* Ids are unique here, so skipping the sort of ids already in order changes nothing. */
	for (i = 1; i < n && S_rec_id_cmp(&x->recs[i - 1], &x->recs[i]) < 0; i++)
		;
	if (i < n)
		qsort(x->recs, n, sizeof(*x->recs), S_rec_id_cmp);
	/* Newest first by the kind's main date (docs/site.md, "Index pages"), else in id order. */
	x->date_col = -1;
	for (c = 0; dk < KEY__COUNT && c < x->ncols; c++)
		if (!strcmp(S_columns[kind][c], key_names[dk]))
			x->date_col = (int)c;
	if (x->date_col >= 0)
		S_date_order(s, x->recs, n, schema_field_lookup(kind, key_names[dk], key_lens[dk]));
}

/* Each column's field (or the age) and cells, and the buffers a slice's sorting uses. */
static void
S_kind_columns(struct site *s, struct S_kind_rows *x, int kind)
{
	size_t i, c, n = x->n;

	x->idx = xmalloc(INDEX_PAGE_ROWS * sizeof(*x->idx));
	x->id_rank = xmalloc(INDEX_PAGE_ROWS * sizeof(*x->id_rank));
	x->tmp = xmalloc(INDEX_PAGE_ROWS * sizeof(*x->tmp));
	x->at = xmalloc(INDEX_PAGE_ROWS * sizeof(*x->at));
	x->len = xmalloc(INDEX_PAGE_ROWS * sizeof(*x->len));
	for (c = 0; c < x->ncols; c++) {
		const struct field *f;

		x->cell[c] = xmalloc((n + 1) * sizeof(**x->cell));
		if (!strcmp(S_columns[kind][c], "age")) {
			x->fis[c] = COL_AGE;
			S_ages(s, x);
		} else {
			x->fis[c] = schema_field_lookup(kind, S_columns[kind][c],
			                                strlen(S_columns[kind][c]));
			f = &schema_fields[x->fis[c]];
			x->filter[c] =
			    f->type == T_ENUM || f->type == T_CFGENUM || f->type == T_BOOL;
		}
		x->keys[c] = xmalloc(INDEX_PAGE_ROWS * sizeof(**x->keys));
		x->up[c] = xmalloc(INDEX_PAGE_ROWS * sizeof(**x->up));
		x->down[c] = xmalloc(INDEX_PAGE_ROWS * sizeof(**x->down));
	}
	for (i = 0; i < n; i++) {
		S_columns_of(x->recs[i]->root, x->fis, x->ncols, x->cell, i);
		for (c = 0; c < x->ncols; c++)
			if (x->fis[c] == COL_AGE)
				x->cell[c][i] = x->age[i].u.str ? &x->age[i] : NULL;
	}
}

/* Frees what S_kind_recs, S_kind_columns and the pages allocated. */
static void
S_kind_free(struct S_kind_rows *x)
{
	size_t c;

	arena_free(&x->row_arena);
	buf_free(&x->rows);
	buf_free(&x->json);
	buf_free(&x->part);
	buf_free(&x->text);
	free(x->recs);
	free(x->age);
	free(x->age_open);
	free(x->age_text);
	free(x->idx);
	free(x->id_rank);
	free(x->tmp);
	free(x->at);
	free(x->len);
	for (c = 0; c < x->ncols; c++) {
		free(x->cell[c]);
		free(x->keys[c]);
		free(x->up[c]);
		free(x->down[c]);
	}
}

/* A kind's index pages and rows files (see above). */
void
site_index_page(struct site *s, int kind)
{
	struct S_kind_rows x;
	uint64_t nav[2];
	size_t n, k, lo;

	memset(&x, 0, sizeof(x));
	x.kind = kind;
	S_kind_recs(s, &x, kind);
	n = x.n;
	S_kind_columns(s, &x, kind);
	arena_init(&x.row_arena);
	x.slices = n ? (n + INDEX_PAGE_ROWS - 1) / INDEX_PAGE_ROWS : 1;
	S_slices_digest(s, &x, nav);
	/* The slices, then the newest rows; with one slice, index.html is it. */
	for (k = 1; x.slices > 1 && k <= x.slices && !s->failed && !publish_interrupted(); k++) {
		size_t hi = k * INDEX_PAGE_ROWS < n ? k * INDEX_PAGE_ROWS : n;

		if (!S_slice_reuse(s, &x, (k - 1) * INDEX_PAGE_ROWS, hi, k, nav))
			S_index_rows_page(s, &x, (k - 1) * INDEX_PAGE_ROWS, hi, k, 1);
		publish_scope_end(s->pub);
		arena_reset(&s->a);
	}
	lo = n > INDEX_PAGE_ROWS ? n - INDEX_PAGE_ROWS : 0;
	if (!s->failed && !S_slice_reuse(s, &x, lo, n, 0, nav))
		S_index_rows_page(s, &x, lo, n, 0, x.slices == 1);
	publish_scope_end(s->pub);
	S_kind_free(&x);
}
