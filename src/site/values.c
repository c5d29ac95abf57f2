/*
 * values.c - a record's values as the site shows them (values.h): what a
 * record page, a deleted record's page and an index row show of a field.
 */
#include "site/values.h"

#include <string.h>

#include "base/escape.h"
#include "model/pii.h"
#include "model/value.h"
#include "render/labels.h"

/*
 * The values of an object's fields, by index in the object (first key
 * wins), found in one pass over the mapping.
 */
void
site_field_values(int obj, const struct node *map, const struct node **vals)
{
	const struct object *o = schema_object(obj);
	size_t i;
	int fi;

	memset(vals, 0, o->count * sizeof(*vals));
	for (i = 0; map->type == NODE_MAP && i < map->n; i++) {
		const struct node *k = &map->u.kids[2 * i];

		if (k->type != NODE_SCALAR)
			continue;
		fi = schema_field_lookup(obj, k->u.str, k->n);
		if (fi >= 0 && !vals[fi - (int)o->first])
			vals[fi - (int)o->first] = &map->u.kids[2 * i + 1];
	}
}

/*
 * The record a reference names: as resolved for the record whose page
 * renders (s->cur; pages meet its references in about the order they were
 * resolved), else looked up.
 */
const struct record *
site_ref_target(struct site *s, const struct node *ref)
{
	const struct rec_info *in = s->cur;
	uint32_t k, j;

	if (!ref || ref->type != NODE_SCALAR)
		return NULL;
	for (k = 0; in && k < in->nrefs; k++) {
		j = s->ref_cur + k < in->nrefs ? s->ref_cur + k : s->ref_cur + k - in->nrefs;
		if (in->refs[j].node == ref) {
			s->ref_cur = j + 1;
			return in->refs[j].target ? &s->r->recs[in->refs[j].target - 1] : NULL;
		}
	}
	return records_find(s->r, ref->u.str);
}

/* Sets the record whose references site_ref_target finds first (NULL: none). */
void
site_set_cur(struct site *s, const struct record *rec)
{
	s->cur = rec ? &s->info[rec - s->r->recs] : NULL;
	s->ref_cur = 0;
}

/* Is a reference to a record of `kind` shown with its names (rec_info.who), else its title? */
static int
S_ref_named(int kind)
{
	return kind != OBJ_service && kind != OBJ_visits && kind != OBJ_complaints &&
	       kind != OBJ_shipments;
}

/* The label of a checked enum value of field fi (the value itself when it is not one). */
const char *
site_enum_label(const struct site *s, int fi, const struct node *n)
{
	const char *const *v = schema_fields[fi].values;
	size_t i;

	for (i = 0; v && v[i]; i++)
		if (node_is_str(n, v[i]))
			return s->enum_label[fi][i];
	return n->u.str;
}

/* <time datetime="attr">text</time>: both are digits and punctuation, nothing to escape. */
static void
S_time(struct buf *b, const struct shown_time *t)
{
	buf_adds(b, "<time datetime=\"");
	buf_adds(b, t->attr);
	buf_adds(b, "\">");
	buf_adds(b, t->text);
	buf_adds(b, "</time>");
}

void
site_time(const struct site *s, struct buf *b, const char *str, size_t n)
{
	struct shown_time t;

	if (show_time(str, n, s->r->cfg.tzoff, &t) < 0)
		html_escape(b, str, n);
	else
		S_time(b, &t);
}

/* b's text in the page's arena; b is freed. */
static const char *
S_arena_html(struct site *s, struct buf *b)
{
	const char *html = arena_strndup(&s->a, buf_str(b), b->len);

	buf_free(b);
	return html;
}

const char *
site_time_html(struct site *s, const char *str, size_t n)
{
	struct buf b = BUF_INIT;

	site_time(s, &b, str, n);
	return S_arena_html(s, &b);
}

void
site_commit_time(const struct site *s, struct buf *b, int64_t t, int tz)
{
	struct shown_time st;
	const char *bad;

	/* A time the calendar cannot hold is said to be invalid (docs/history.md). */
	if (show_commit_time(t, tz, s->r->cfg.tzoff, &st) < 0) {
		bad = labels_get(s->l, "ui", "invalid_time");
		html_escape(b, bad, strlen(bad));
	} else {
		S_time(b, &st);
	}
}

const char *
site_commit_time_html(struct site *s, int64_t t, int tz)
{
	struct buf b = BUF_INIT;

	site_commit_time(s, &b, t, tz);
	return S_arena_html(s, &b);
}

/*
 * One shown value: {text, href, masked, missing, invalid, datetime} (of a
 * date or time, text as pages show it and datetime the exact value for
 * <time>, as site_time). Every key is set, null or false when it does not
 * apply: Mustache looks a missing name up in the enclosing contexts, where
 * another record's href must not be found.
 */
struct tv *
site_value(struct site *s, const struct field *f, const struct node *n, int depth)
{
	struct tv *v = tv_map_keyed(&s->a, s->value_keys);
	const struct tv *href = tv_null(), *text, *datetime = tv_null();
	struct shown_time t;
	const char *str = n->u.str;
	int masked = 0, missing = 0, invalid = 0;

	if (n->type == NODE_BAD || n->type != NODE_SCALAR) {
		str = "—";
		invalid = 1;
	} else if (f && (f->flags & PII) && !s->o->pii_show) {
		struct buf b = BUF_INIT;

		pii_mask(&b, f->type, n->u.str, node_len(n));
		str = arena_strdup(&s->a, buf_str(&b));
		buf_free(&b);
		masked = 1;
	} else if (f && f->type == T_ENUM) {
		str = site_enum_label(s, (int)(f - schema_fields), n);
	} else if (f && f->type == T_TOPIC) {
		str = labels_get3(s->l, "enum", f->name, n->u.str);
	} else if (f && f->type == T_BOOL && n->value == VAL_BOOL) {
		str = labels_get(s->l, "ui", n->v.i ? "yes" : "no");
	} else if ((n->value == VAL_DATE || n->value == VAL_DATETIME) &&
	           !show_time(n->u.str, node_len(n), s->r->cfg.tzoff, &t)) {
		str = arena_strdup(&s->a, t.text);
		datetime = tv_str(&s->a, t.attr);
	} else if (f && f->type == T_REF) {
		const struct record *to = site_ref_target(s, n);

		if (to && to->id && (f->kinds & (1u << to->kind))) {
			const struct rec_info *in = &s->info[to - s->r->recs];

			href = site_href(s, to, depth);
			/*
			 * The names beside the id, as every list shows them
			 * (site_record_link); a ticket, visit or complaint by its
			 * title (现场维修): its customer is the referring record's too.
			 */
			if (site_has_page(s, to) && S_ref_named(to->kind) && in->who_len)
				str = site_cat(&s->a, str, " · ", in->who, NULL);
			else if (site_has_page(s, to) && !S_ref_named(to->kind) && in->title_len)
				str = site_cat(&s->a, str, " · ", in->title, NULL);
		} else
			missing = 1;
	}
	/* The text outlives the page (node, label or arena): borrowed, not copied. */
	text = tv_str_ref(&s->a, str, strlen(str));
	tv_map_set_at(v, VK_HREF, href);
	tv_map_set_at(v, VK_MASKED, tv_bool(masked));
	tv_map_set_at(v, VK_MISSING, tv_bool(missing));
	tv_map_set_at(v, VK_INVALID, tv_bool(invalid));
	tv_map_set_at(v, VK_TEXT, text);
	tv_map_set_at(v, VK_DATETIME, datetime);
	return v;
}

const char *
site_field_label(struct site *s, const struct field *f)
{
	return s->field_label[f - schema_fields];
}

/* A list of objects as a table: one column per field that some item has. */
static struct tv *
S_table(struct site *s, int obj, const struct node *seq, int depth)
{
	const struct object *o = schema_object(obj);
	struct tv *table = tv_map(&s->a), *head = tv_list(&s->a), *rows = tv_list(&s->a);
	unsigned char used[64] = {0};
	unsigned j;
	size_t i;

	for (i = 0; i < seq->n; i++)
		for (j = 0; j < o->count && j < 64; j++)
			if (seq->u.kids[i].type == NODE_MAP &&
			    node_field(&seq->u.kids[i], schema_fields[o->first + j].key))
				used[j] = 1;
	for (j = 0; j < o->count && j < 64; j++)
		if (used[j]) {
			struct tv *h = tv_map(&s->a);

			site_set_ref(s, h, "label",
			             site_field_label(s, &schema_fields[o->first + j]));
			tv_list_push(head, h);
		}
	for (i = 0; i < seq->n; i++) {
		struct tv *row = tv_map(&s->a), *cells = tv_list(&s->a);

		for (j = 0; j < o->count && j < 64; j++) {
			const struct field *f = &schema_fields[o->first + j];
			const struct node *v = seq->u.kids[i].type == NODE_MAP
			                           ? node_field(&seq->u.kids[i], f->key)
			                           : NULL;
			struct tv *cell = tv_map(&s->a), *values = tv_list(&s->a);

			if (!used[j])
				continue;
			if (v && v->type == NODE_SEQ) {
				size_t k;

				for (k = 0; k < v->n; k++)
					tv_list_push(values,
					             site_value(s, f, &v->u.kids[k], depth));
			} else if (v && v->type != NODE_NULL) {
				tv_list_push(values, site_value(s, f, v, depth));
			}
			tv_map_set(cell, "values", values);
			tv_list_push(cells, cell);
		}
		tv_map_set(row, "cells", cells);
		tv_list_push(rows, row);
	}
	tv_map_set(table, "head", head);
	tv_map_set(table, "rows", rows);
	return table;
}

/* The rows of a record's (or nested object's) fields, in schema order, then x- keys. */
struct tv *
site_field_rows(struct site *s, int obj, const struct node *map, int depth)
{
	const struct object *o = schema_object(obj);
	struct tv *rows = tv_list(&s->a);
	const struct node *vals[64];
	unsigned j;
	size_t i, k;

	site_field_values(obj, map, vals);
	for (j = 0; j < o->count; j++) {
		const struct field *f = &schema_fields[o->first + j];
		const struct node *v = vals[j];
		struct tv *row, *values;

		if (!v || v->type == NODE_NULL || (f->type == T_ID && obj < KIND__COUNT))
			continue;
		/* sub and table are there (null), so a nested row does not find its parent's. */
		row = tv_map_keyed(&s->a, s->row_keys);
		values = tv_list(&s->a);
		tv_map_set_at(row, RK_LABEL, site_str(s, site_field_label(s, f)));
		tv_map_set_at(row, RK_NAME, site_str(s, f->name));
		if (f->type == T_OBJECT && (f->flags & LIST) && v->type == NODE_SEQ) {
			tv_map_set_at(row, RK_TABLE, S_table(s, f->sub, v, depth));
		} else if (f->type == T_OBJECT && v->type == NODE_MAP) {
			struct tv *sub = tv_map(&s->a);

			tv_map_set(sub, "rows", site_field_rows(s, f->sub, v, depth));
			tv_map_set_at(row, RK_SUB, sub);
		} else if (f->type == T_MAP && v->type == NODE_MAP) {
			struct tv *sub = tv_list(&s->a), *wrap = tv_map(&s->a);

			for (k = 0; k < v->n; k++) {
				struct tv *r = tv_map(&s->a), *items = tv_list(&s->a);

				if (v->u.kids[2 * k].type != NODE_SCALAR)
					continue;
				tv_map_set(r, "sub", tv_null());
				tv_map_set(r, "table", tv_null());
				site_set_ref(s, r, "label",
				             labels_get(s->l, "metric", v->u.kids[2 * k].u.str));
				tv_list_push(items,
				             site_value(s, NULL, &v->u.kids[2 * k + 1], depth));
				tv_map_set(r, "values", items);
				tv_list_push(sub, r);
			}
			tv_map_set(wrap, "rows", sub);
			tv_map_set_at(row, RK_SUB, wrap);
		} else if (v->type == NODE_SEQ) {
			for (k = 0; k < v->n; k++)
				tv_list_push(values, site_value(s, f, &v->u.kids[k], depth));
		} else {
			tv_list_push(values, site_value(s, f, v, depth));
		}
		tv_map_set_at(row, RK_VALUES, values);
		tv_list_push(rows, row);
	}
	/* Free extensions: shown as written, under their own key. */
	for (i = 0; map->type == NODE_MAP && i < map->n; i++) {
		const struct node *key = &map->u.kids[2 * i], *v = &map->u.kids[2 * i + 1];
		struct tv *row, *values;

		if (key->type != NODE_SCALAR || key->n < 2 || memcmp(key->u.str, "x-", 2) ||
		    v->type != NODE_SCALAR)
			continue;
		row = tv_map(&s->a);
		values = tv_list(&s->a);
		site_set_ref(s, row, "label", key->u.str);
		tv_map_set(row, "sub", tv_null());
		tv_map_set(row, "table", tv_null());
		tv_list_push(values, site_value(s, NULL, v, depth));
		tv_map_set(row, "values", values);
		tv_list_push(rows, row);
	}
	return rows;
}
