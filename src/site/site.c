/* site.c - the render stage: records to pages. */
#include "site/site_int.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "check/attach.h"
#include "base/escape.h"
#include "render/labels.h"
#include "render/markdown.h"
#include "model/pii.h"
#include "model/schema.h"
#include "load/source.h"
#include "render/template.h"
#include "model/typecheck.h"
#include "check/validate.h"
#include "model/value.h"

/* Columns of each kind's index, and what a record is called in lists. */
static const char *const S_columns[KIND__COUNT][8] = {
    [OBJ_customers] = {"name", "region", "dealer", "since", NULL},
    [OBJ_equipment] = {"model", "platform", "customer", "delivered", "warranty_until", "status",
                       NULL},
    [OBJ_service] = {"type", "status", "customer", "reported", "closed", "satisfaction", NULL},
    [OBJ_visits] = {"kind", "date", "customer", "service", "channel", "by", "satisfaction", NULL},
    [OBJ_complaints] = {"received", "customer", "category", "severity", "status", "owner", NULL},
    [OBJ_standards] = {"title", "category", "topic", "version", "status", "effective", NULL},
    [OBJ_staff] = {"name", "role", "region", "active", NULL},
    [OBJ_parts] = {"name", "key", "unit_cost", "supplier", NULL},
    [OBJ_shipments] = {"date", "to", "service", NULL},
    [OBJ_dealers] = {"name", "region", "service_outlet", NULL},
};

/* The field a kind's records are called by besides their id, and the one they are dated by; -1:
 * none. */
static const int S_title_field[KIND__COUNT] = {
    [OBJ_customers] = KEY_name, [OBJ_equipment] = KEY_model,     [OBJ_service] = KEY_type,
    [OBJ_visits] = KEY_kind,    [OBJ_complaints] = KEY_category, [OBJ_standards] = KEY_title,
    [OBJ_staff] = KEY_name,     [OBJ_parts] = KEY_name,          [OBJ_shipments] = -1,
    [OBJ_dealers] = KEY_name,
};

static const int S_date_field[KIND__COUNT] = {
    [OBJ_customers] = -1,
    [OBJ_equipment] = KEY_delivered,
    [OBJ_service] = KEY_reported,
    [OBJ_visits] = KEY_date,
    [OBJ_complaints] = KEY_received,
    [OBJ_standards] = KEY_effective,
    [OBJ_staff] = -1,
    [OBJ_parts] = -1,
    [OBJ_shipments] = KEY_date,
    [OBJ_dealers] = -1,
};

/* p1 p2 p3 p4 (NULL: nothing) in one string of the page's arena: hrefs, titles. */
const char *
site_cat(struct arena *a, const char *p1, const char *p2, const char *p3, const char *p4)
{
	const char *parts[4] = {p1, p2, p3, p4};
	size_t len[4], n = 0, i;
	char *out, *o;

	for (i = 0; i < 4; i++)
		n += len[i] = parts[i] ? strlen(parts[i]) : 0;
	o = out = arena_alloc(a, n + 1);
	for (i = 0; i < 4; i++) {
		memcpy(o, parts[i] ? parts[i] : "", len[i]);
		o += len[i];
	}
	*o = '\0';
	return out;
}

/*
 * str without a copy: for strings that outlive the page (the records', the
 * labels', the schema's and the tables' built before pages).
 */
static const struct tv *
S_str(struct site *s, const char *str)
{
	return tv_str_ref(&s->a, str, strlen(str));
}

/* Sets key to S_str(str). */
static void
S_set_ref(struct site *s, struct tv *map, const char *key, const char *str)
{
	tv_map_set(map, key, S_str(s, str));
}

/*
 * The maps made for every value, field, list item, index row and cell, and
 * for pages: their keys (tv_map_keyed), named by place.
 */
enum { VK_HREF, VK_MASKED, VK_MISSING, VK_INVALID, VK_TEXT, VK__COUNT };
static const char *const S_value_keys[VK__COUNT] = {[VK_HREF] = "href",
                                                    [VK_MASKED] = "masked",
                                                    [VK_MISSING] = "missing",
                                                    [VK_INVALID] = "invalid",
                                                    [VK_TEXT] = "text"};
enum { RK_LABEL, RK_NAME, RK_SUB, RK_TABLE, RK_VALUES, RK__COUNT };
static const char *const S_row_keys[RK__COUNT] = {[RK_LABEL] = "label",
                                                  [RK_NAME] = "name",
                                                  [RK_SUB] = "sub",
                                                  [RK_TABLE] = "table",
                                                  [RK_VALUES] = "values"};
enum { IK_ID, IK_HREF, IK_TITLE, IK_DATE, IK_STATUS, IK_STATUS_KEY, IK__COUNT };
static const char *const S_item_keys[IK__COUNT] = {
    [IK_ID] = "id",     [IK_HREF] = "href",     [IK_TITLE] = "title",
    [IK_DATE] = "date", [IK_STATUS] = "status", [IK_STATUS_KEY] = "status_key"};
enum { CK_NAME, CK_LABEL, CK_VALUE, CK_N, CK_KEY, CK_RANK, CK_RANK_DESC, CK__COUNT };
static const char *const S_cell_keys[CK__COUNT] = {
    [CK_NAME] = "name", [CK_LABEL] = "label", [CK_VALUE] = "value",        [CK_N] = "n",
    [CK_KEY] = "key",   [CK_RANK] = "rank",   [CK_RANK_DESC] = "rank_desc"};
enum { XK_L, XK_ID, XK_HREF, XK_RANK, XK_CELLS, XK__COUNT };
static const char *const S_index_row_keys[XK__COUNT] = {
    [XK_L] = "l", [XK_ID] = "id", [XK_HREF] = "href", [XK_RANK] = "id_rank", [XK_CELLS] = "cells"};
/* Every page's (the layout's), then a record page's after them. */
enum {
	PK_LANG,
	PK_ROOT,
	PK_SITE_TITLE,
	PK_TITLE,
	PK_L,
	PK_NAV,
	PK_HAS_HISTORY,
	PK__COUNT,
	RP_ID = PK__COUNT,
	RP_KIND,
	RP_KIND_LABEL,
	RP_HEADING,
	RP_SOURCE,
	RP_FIELDS,
	RP_BODY,
	RP_ATTACHMENTS,
	RP_HAS_ATTACHMENTS,
	RP_BACKLINKS,
	RP_HAS_BACKLINKS,
	RP_IS_CUSTOMER,
	RP_HAS_SATISFACTION,
	RP_DELETED,
	RP_AUDIT,
	RP__COUNT
};
#define PAGE_KEYS                                                                                  \
	[PK_LANG] = "lang", [PK_ROOT] = "root", [PK_SITE_TITLE] = "site_title",                    \
	[PK_TITLE] = "title", [PK_L] = "l", [PK_NAV] = "nav", [PK_HAS_HISTORY] = "has_history"
static const char *const S_page_keys[PK__COUNT] = {PAGE_KEYS};
static const char *const S_record_keys[RP__COUNT] = {PAGE_KEYS,
                                                     [RP_ID] = "id",
                                                     [RP_KIND] = "kind",
                                                     [RP_KIND_LABEL] = "kind_label",
                                                     [RP_HEADING] = "heading",
                                                     [RP_SOURCE] = "source",
                                                     [RP_FIELDS] = "fields",
                                                     [RP_BODY] = "body",
                                                     [RP_ATTACHMENTS] = "attachments",
                                                     [RP_HAS_ATTACHMENTS] = "has_attachments",
                                                     [RP_BACKLINKS] = "backlinks",
                                                     [RP_HAS_BACKLINKS] = "has_backlinks",
                                                     [RP_IS_CUSTOMER] = "is_customer",
                                                     [RP_HAS_SATISFACTION] = "has_satisfaction",
                                                     [RP_DELETED] = "deleted",
                                                     [RP_AUDIT] = "audit"};

static const char *
S_kind_name(int kind)
{
	return schema_object(kind)->name;
}

/* Natural order: runs of digits compare as numbers ("ST-9" < "ST-10"), then bytes. */
static int
S_natcmp(const char *a, const char *b)
{
	const char *a0 = a, *b0 = b;

	while (*a && *b) {
		if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
			const char *ea, *eb;

			while (*a == '0' && a[1] >= '0' && a[1] <= '9')
				a++;
			while (*b == '0' && b[1] >= '0' && b[1] <= '9')
				b++;
			for (ea = a; *ea >= '0' && *ea <= '9'; ea++)
				;
			for (eb = b; *eb >= '0' && *eb <= '9'; eb++)
				;
			if (ea - a != eb - b)
				return ea - a < eb - b ? -1 : 1;
			for (; a < ea; a++, b++)
				if (*a != *b)
					return *a < *b ? -1 : 1;
			continue;
		}
		if (*a != *b)
			break;
		a++;
		b++;
	}
	if (*a != *b)
		return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
	return strcmp(a0, b0);
}

/*
 * The values of an object's fields, by index in the object (first key
 * wins), found in one pass over the mapping.
 */
static void
S_field_values(int obj, const struct node *map, const struct node **vals)
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

/* ---- Templates ---------------------------------------------------------- */

#define TEMPLATE_MAX_BYTES 1048576 /* docs/site.md */

static int
S_load_template(void *arg, const char *name, struct buf *text)
{
	struct site *s = arg;
	struct buf path = BUF_INIT;
	int too_large, rc;
	const char *c;

	/* Template names are the project's own; still, nothing but a plain name. */
	for (c = name; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-' ||
		      *c == '_'))
			return -1;
	buf_addf(&path, "%s.mustache", name);
	rc = s->tpl_src->ops->read(s->tpl_src, path.buf, TEMPLATE_MAX_BYTES, text, &too_large);
	if (rc < 0 && (too_large || errno != ENOENT)) {
		/* There, but not usable: say why rather than pass for a missing partial. */
		buf_reset(text);
		buf_addf(text, "%s/%s: %s", s->o->templates_dir, path.buf,
		         too_large ? "larger than the 1 MiB a template may have"
		         : errno == EINVAL || errno == EISDIR ? "not a regular file"
		                                              : strerror(errno));
		rc = TPL_LOAD_ERROR;
	}
	buf_free(&path);
	return rc;
}

/*
 * Renders template tpl_name with data, appending to out, the large
 * unescaped strings noted in refs when refs is not NULL. -1 (s->failed) on
 * an error.
 */
static int
S_render_to(struct site *s, const char *tpl_name, const struct tv *data, struct buf *out,
            struct tpl_refs *refs)
{
	const struct tpl *t;
	struct tpl_error err;
	struct buf msg = BUF_INIT;
	int rc;

	if (s->failed)
		return -1;
	rc = tpl_env_get(s->env, tpl_name, &t, &err);
	if (rc == 1) {
		term_error("template '%s' not found in %s", tpl_name, s->o->templates_dir);
		s->failed = 1;
		return -1;
	}
	if (rc < 0 || tpl_render_refs(out, refs, t, data, s->env, &err) < 0) {
		tpl_error_format(&msg, &err);
		term_error("%s", buf_str(&msg)); /* it may quote the template */
		buf_free(&msg);
		s->failed = 1;
		return -1;
	}
	return 0;
}

int
site_render_to(struct site *s, const char *tpl_name, const struct tv *data, struct buf *out)
{
	return S_render_to(s, tpl_name, data, out, NULL);
}

/*
 * Renders a page and hands it to the publish stage: the rendered text with
 * the large strings it was not copied into (an index's rows) in their places.
 */
void
site_render(struct site *s, const char *tpl_name, const struct tv *data, const char *out_path)
{
	size_t i, n = 0, from = 0;

	buf_reset(&s->out);
	if (S_render_to(s, tpl_name, data, &s->out, &s->refs) < 0)
		return;
	s->parts = xgrow(s->parts, sizeof(*s->parts), 2 * s->refs.n + 1, &s->parts_cap);
	for (i = 0; i < s->refs.n; i++) {
		const struct tpl_ref *ref = &s->refs.v[i];

		s->parts[n].data = s->out.buf + from;
		s->parts[n++].len = ref->at - from;
		s->parts[n].data = ref->s;
		s->parts[n++].len = ref->n;
		from = ref->at;
	}
	s->parts[n].data = s->out.buf + from;
	s->parts[n++].len = s->out.len - from;
	if (publish_parts(s->pub, out_path, s->parts, n) < 0)
		s->failed = 1;
	s->pages++;
}

/* ---- Values as the site shows them ----------------------------------- */

static const char *
S_root(int depth)
{
	return depth == 0 ? "" : depth == 1 ? "../" : depth == 2 ? "../../" : "../../../";
}

/* Does this record get a page? The first of its id, with an id at all. */
int
site_has_page(const struct site *s, const struct record *rec)
{
	return s->has_page[rec - s->r->recs];
}

/*
 * The record a reference names: as resolved for the record whose page
 * renders (s->cur; pages meet its references in about the order they were
 * resolved), else looked up.
 */
static const struct record *
S_ref_target(struct site *s, const struct node *ref)
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

/* Sets the record whose references S_ref_target finds first (NULL: none). */
static void
S_set_cur(struct site *s, const struct record *rec)
{
	s->cur = rec ? &s->info[rec - s->r->recs] : NULL;
	s->ref_cur = 0;
}

/* The link to a record (with an id) from a page `depth` folders down. */
const struct tv *
site_href(struct site *s, const struct record *rec, int depth)
{
	const struct rec_info *in = &s->info[rec - s->r->recs];
	uint32_t skip = depth ? 0 : 3;

	return tv_str_ref(&s->a, in->href + skip, in->href_len - skip);
}

/* The label of a checked enum value of field fi (the value itself when it is not one). */
static const char *
S_enum_label(const struct site *s, int fi, const struct node *n)
{
	const char *const *v = schema_fields[fi].values;
	size_t i;

	for (i = 0; v && v[i]; i++)
		if (node_is_str(n, v[i]))
			return s->enum_label[fi][i];
	return n->u.str;
}

/*
 * One shown value: {text, href, masked, missing, invalid}. Every key is set,
 * null or false when it does not apply: Mustache looks a missing name up in
 * the enclosing contexts, where another record's href must not be found.
 */
static struct tv *
S_value(struct site *s, const struct field *f, const struct node *n, int depth)
{
	struct tv *v = tv_map_keyed(&s->a, s->value_keys);
	const struct tv *href = tv_null(), *text;
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
		str = S_enum_label(s, (int)(f - schema_fields), n);
	} else if (f && f->type == T_TOPIC) {
		str = labels_get3(s->l, "enum", f->name, n->u.str);
	} else if (f && f->type == T_BOOL && n->value == VAL_BOOL) {
		str = labels_get(s->l, "ui", n->v.i ? "yes" : "no");
	} else if (f && f->type == T_REF) {
		const struct record *t = S_ref_target(s, n);

		if (t && t->id && (f->kinds & (1u << t->kind)))
			href = site_href(s, t, depth);
		else
			missing = 1;
	}
	/* The text outlives the page (node, label or arena): borrowed, not copied. */
	text = tv_str_ref(&s->a, str, strlen(str));
	tv_map_set_at(v, VK_HREF, href);
	tv_map_set_at(v, VK_MASKED, tv_bool(masked));
	tv_map_set_at(v, VK_MISSING, tv_bool(missing));
	tv_map_set_at(v, VK_INVALID, tv_bool(invalid));
	tv_map_set_at(v, VK_TEXT, text);
	return v;
}

static const char *
S_field_label(struct site *s, const struct field *f)
{
	return s->field_label[f - schema_fields];
}

static struct tv *S_rows(struct site *s, int obj, const struct node *map, int depth);

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

			S_set_ref(s, h, "label", S_field_label(s, &schema_fields[o->first + j]));
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
					tv_list_push(values, S_value(s, f, &v->u.kids[k], depth));
			} else if (v && v->type != NODE_NULL) {
				tv_list_push(values, S_value(s, f, v, depth));
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
static struct tv *
S_rows(struct site *s, int obj, const struct node *map, int depth)
{
	const struct object *o = schema_object(obj);
	struct tv *rows = tv_list(&s->a);
	const struct node *vals[64];
	unsigned j;
	size_t i, k;

	S_field_values(obj, map, vals);
	for (j = 0; j < o->count; j++) {
		const struct field *f = &schema_fields[o->first + j];
		const struct node *v = vals[j];
		struct tv *row, *values;

		if (!v || v->type == NODE_NULL || (f->type == T_ID && obj < KIND__COUNT))
			continue;
		/* sub and table are there (null), so a nested row does not find its parent's. */
		row = tv_map_keyed(&s->a, s->row_keys);
		values = tv_list(&s->a);
		tv_map_set_at(row, RK_LABEL, S_str(s, S_field_label(s, f)));
		tv_map_set_at(row, RK_NAME, S_str(s, f->name));
		if (f->type == T_OBJECT && (f->flags & LIST) && v->type == NODE_SEQ) {
			tv_map_set_at(row, RK_TABLE, S_table(s, f->sub, v, depth));
		} else if (f->type == T_OBJECT && v->type == NODE_MAP) {
			struct tv *sub = tv_map(&s->a);

			tv_map_set(sub, "rows", S_rows(s, f->sub, v, depth));
			tv_map_set_at(row, RK_SUB, sub);
		} else if (f->type == T_MAP && v->type == NODE_MAP) {
			struct tv *sub = tv_list(&s->a), *wrap = tv_map(&s->a);

			for (k = 0; k < v->n; k++) {
				struct tv *r = tv_map(&s->a), *items = tv_list(&s->a);

				if (v->u.kids[2 * k].type != NODE_SCALAR)
					continue;
				tv_map_set(r, "sub", tv_null());
				tv_map_set(r, "table", tv_null());
				S_set_ref(s, r, "label",
				          labels_get(s->l, "metric", v->u.kids[2 * k].u.str));
				tv_list_push(items, S_value(s, NULL, &v->u.kids[2 * k + 1], depth));
				tv_map_set(r, "values", items);
				tv_list_push(sub, r);
			}
			tv_map_set(wrap, "rows", sub);
			tv_map_set_at(row, RK_SUB, wrap);
		} else if (v->type == NODE_SEQ) {
			for (k = 0; k < v->n; k++)
				tv_list_push(values, S_value(s, f, &v->u.kids[k], depth));
		} else {
			tv_list_push(values, S_value(s, f, v, depth));
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
		S_set_ref(s, row, "label", key->u.str);
		tv_map_set(row, "sub", tv_null());
		tv_map_set(row, "table", tv_null());
		tv_list_push(values, S_value(s, NULL, v, depth));
		tv_map_set(row, "values", values);
		tv_list_push(rows, row);
	}
	return rows;
}

/*
 * What a record is called besides its id: its name, or the label of its
 * kind's title field ("现场维修"); "" when it has none. Lists show it next
 * to the id, pages as "SR-2026-0001 · 现场维修".
 */
static const char *
S_title(struct site *s, const struct record *rec)
{
	int tf = S_title_field[rec->kind];
	const struct node *v = tf >= 0 ? record_value(rec, tf) : NULL;
	int fi;

	if (!v || v->type != NODE_SCALAR)
		return "";
	fi = schema_field_lookup(rec->kind, key_names[tf], key_lens[tf]);
	if (schema_fields[fi].type == T_ENUM)
		return S_enum_label(s, fi, v);
	return v->u.str;
}

static const char *
S_status_text(struct site *s, const struct record *rec)
{
	const struct node *v = record_value(rec, KEY_status);

	return v ? labels_get3(s->l, "enum", "status", v->u.str) : "";
}

static const char *
S_date_text(const struct record *rec)
{
	int df = S_date_field[rec->kind];
	const struct node *v = df >= 0 ? record_value(rec, df) : NULL;

	return v ? v->u.str : "";
}

/* The record whose diagnostics carry display path `path`, or NULL. */
const struct record *
site_record_at(const struct site *s, const char *path)
{
	return records_find_display(s->r, path);
}

/* ---- Backlinks ---------------------------------------------------------- */

/* A worker of S_prepare: its arena holds what it derives, kept for all pages. */
struct prep {
	struct site *s;
	struct arena a;
	struct ref *refs; /* the references of the record at hand */
	size_t nrefs, cap;
	atomic_size_t *next;
};

/* Resolves the references of record `from` (map: it or a nested object) into p->refs. */
static void
S_collect_refs(struct prep *p, uint32_t from, const struct node *map, int obj)
{
	const struct records *r = p->s->r;
	const struct object *o = schema_object(obj);
	const struct node *vals[64];
	unsigned j;
	size_t i;

	S_field_values(obj, map, vals);
	for (j = 0; j < o->count; j++) {
		const struct field *f = &schema_fields[o->first + j];
		const struct node *v = vals[j];

		if (!v || (f->type != T_REF && f->type != T_OBJECT))
			continue;
		for (i = 0; i < ((f->flags & LIST) ? (v->type == NODE_SEQ ? v->n : 0) : 1); i++) {
			const struct node *item = (f->flags & LIST) ? &v->u.kids[i] : v;
			const struct record *t;
			struct ref *ref;

			if (f->type == T_OBJECT) {
				if (item->type == NODE_MAP)
					S_collect_refs(p, from, item, f->sub);
				continue;
			}
			if (item->type != NODE_SCALAR)
				continue;
			t = records_find(r, item->u.str);
			p->refs = xgrow(p->refs, sizeof(*p->refs), p->nrefs + 1, &p->cap);
			ref = &p->refs[p->nrefs++];
			ref->node = item;
			ref->target = t ? (uint32_t)(t - r->recs) + 1 : 0;
			ref->field = (uint16_t)(o->first + j);
			ref->link = t && (f->kinds & (1u << t->kind)) && t != &r->recs[from];
		}
	}
}

static const char *S_title(struct site *s, const struct record *rec);
static const char *S_status_text(struct site *s, const struct record *rec);
static const char *S_date_text(const struct record *rec);

/* Derives record i's rec_info and whether it gets a page. */
/*
 * title as lists show it: at most SITE_TITLE_MAX characters, then "…", so
 * that a name of thousands of characters cannot make a list of 500 of them
 * megabytes long (docs/site.md, "Long lists"); the record's page shows it whole.
 */
static const char *
S_list_title(struct arena *a, const char *title)
{
	size_t len = strlen(title), at = 0, n, cps;
	char *cut;

	for (cps = 0; at < len && cps < SITE_TITLE_MAX; cps++)
		at += (n = utf8_seq((const unsigned char *)title + at, len - at)) ? n : 1;
	if (at == len)
		return title;
	cut = arena_alloc(a, at + sizeof("…"));
	memcpy(cut, title, at);
	memcpy(cut + at, "…", sizeof("…"));
	return cut;
}

static void
S_prepare_record(struct prep *p, size_t i)
{
	struct site *s = p->s;
	const struct record *rec = &s->r->recs[i];
	struct rec_info *in = &s->info[i];
	const struct node *st = record_value(rec, KEY_status);
	struct ref *refs;

	/* A page for the first record of an id (ignoring case), with an id at all. */
	s->has_page[i] = rec->root && rec->id && !rec->id_dup;
	in->full_title = S_title(s, rec);
	in->title = S_list_title(&p->a, in->full_title);
	in->title_len = (uint32_t)strlen(in->title);
	in->date = S_date_text(rec);
	in->date_len = (uint32_t)strlen(in->date);
	in->status = S_status_text(s, rec);
	in->status_len = (uint32_t)strlen(in->status);
	in->status_key = st ? st->u.str : "";
	in->status_key_len = (uint32_t)strlen(in->status_key);
	if (rec->id) {
		in->id_len = (uint32_t)strlen(rec->id);
		in->href = arena_printf(&p->a, "../%s/%s.html", S_kind_name(rec->kind), rec->id);
		in->href_len = (uint32_t)strlen(in->href);
	}
	p->nrefs = 0;
	if (rec->root)
		S_collect_refs(p, (uint32_t)i, rec->root, rec->kind);
	in->nrefs = (uint32_t)p->nrefs;
	if (p->nrefs) {
		refs = arena_alloc(&p->a, p->nrefs * sizeof(*refs));
		memcpy(refs, p->refs, p->nrefs * sizeof(*refs));
		in->refs = refs;
	}
}

static void *
S_prepare_worker(void *arg)
{
	struct prep *p = arg;
	size_t n = p->s->r->n, i, end;

	for (;;) {
		i = atomic_fetch_add(p->next, 256);
		if (i >= n)
			break;
		end = i + 256 < n ? i + 256 : n;
		for (; i < end; i++)
			S_prepare_record(p, i);
	}
	return NULL;
}

/*
 * Derives every record's rec_info on `jobs` threads (their arenas go to
 * *arenas, for the caller to free), then sorts the references that are
 * backlinks by their target (a counting sort, in record order).
 */
static void
S_prepare(struct site *s, unsigned jobs, struct arena **arenas)
{
	size_t n = s->r->n, i, k;
	struct prep *w = xcalloc(jobs, sizeof(*w));
	atomic_size_t next;
	uint32_t *slot;
	unsigned j;

	atomic_init(&next, 0);
	s->has_page = xcalloc(n + 1, 1);
	s->info = xcalloc(n + 1, sizeof(*s->info));
	for (j = 0; j < jobs; j++) {
		w[j].s = s;
		w[j].next = &next;
		arena_init(&w[j].a);
	}
	threads_run(S_prepare_worker, w, sizeof(*w), jobs);
	*arenas = xcalloc(jobs, sizeof(**arenas));
	for (j = 0; j < jobs; j++) {
		(*arenas)[j] = w[j].a;
		free(w[j].refs);
	}
	free(w);
	s->start = xcalloc(n + 1, sizeof(*s->start));
	for (i = 0; i < n; i++)
		for (k = 0; k < s->info[i].nrefs; k++)
			if (s->info[i].refs[k].link)
				s->start[s->info[i].refs[k].target]++;
	for (i = 1; i <= n; i++)
		s->start[i] += s->start[i - 1];
	s->links = xmalloc((s->start[n] + 1) * sizeof(*s->links));
	slot = xmalloc((n + 1) * sizeof(*slot));
	memcpy(slot, s->start, (n + 1) * sizeof(*slot));
	for (i = 0; i < n; i++)
		for (k = 0; k < s->info[i].nrefs; k++) {
			const struct ref *ref = &s->info[i].refs[k];
			struct backlink *bl;

			if (!ref->link)
				continue;
			bl = &s->links[slot[ref->target - 1]++];
			bl->from = (uint32_t)i;
			bl->field = ref->field;
		}
	free(slot);
}

/* A record in a list: {id, href, title, date, status, status_key}. */
struct tv *
site_item(struct site *s, const struct record *rec, int depth)
{
	const struct rec_info *in = &s->info[rec - s->r->recs];
	struct tv *it = tv_map_keyed(&s->a, s->item_keys);

	tv_map_set_at(it, IK_ID, tv_str_ref(&s->a, rec->id, in->id_len));
	tv_map_set_at(it, IK_HREF, site_href(s, rec, depth));
	tv_map_set_at(it, IK_TITLE, tv_str_ref(&s->a, in->title, in->title_len));
	tv_map_set_at(it, IK_DATE, tv_str_ref(&s->a, in->date, in->date_len));
	tv_map_set_at(it, IK_STATUS, tv_str_ref(&s->a, in->status, in->status_len));
	tv_map_set_at(it, IK_STATUS_KEY, tv_str_ref(&s->a, in->status_key, in->status_key_len));
	return it;
}

/* A record that refers to the page's record, with the date it is sorted by. */
struct dated {
	const struct record *rec;
	const char *date;
};

static int
S_cmp_date_desc(const void *pa, const void *pb)
{
	const struct dated *a = pa, *b = pb;
	int c = strcmp(b->date, a->date);

	/* Records are in path order, so their addresses break ties like paths. */
	return c ? c : (a->rec > b->rec) - (a->rec < b->rec);
}

/*
 * The full list of group g (the m records of kind that refer to rec,
 * newest first): lists/KIND/ID/WHAT-K.html, a folder of its own per
 * record, so that no id can make a name another page has.
 */
static void
S_backlink_list(struct site *s, const struct record *rec, int kind, const struct dated *list,
                size_t m, struct tv *g, int depth)
{
	const char *owner = S_kind_name(rec->kind), *what = S_kind_name(kind);
	struct site_list l = {0};
	struct site_rows rows;
	size_t k;

	memset(&rows, 0, sizeof(rows));
	l.prefix = arena_printf(&s->a, "lists/%s/%s/%s-", owner, rec->id, what);
	l.depth = 3;
	l.section = owner;
	l.title = site_cat(&s->a, rec->id, " · ", s->kind_label[kind], NULL);
	l.back = arena_printf(&s->a, "../../../%s/%s.html#bl-%s", owner, rec->id, what);
	l.back_label = rec->id;
	l.shape = SITE_LIST_ITEMS;
	for (k = 0; k < m; k++) {
		site_item_row(s, &rows.text, (uint32_t)(list[k].rec - s->r->recs), NULL, 3);
		site_rows_end(&rows);
	}
	site_list_publish(s, &l, &rows);
	tv_map_set(g, "more", site_list_more(s, &l, m, depth));
	site_rows_free(&rows);
}

/* Records that reference rec, grouped by kind, newest first. */
static struct tv *
S_backlink_groups(struct site *s, const struct record *rec, int depth)
{
	size_t idx = (size_t)(rec - s->r->recs), i, n, k;
	struct tv *groups = tv_list(&s->a);
	struct dated *list;
	int kind;

	n = s->start[idx + 1] - s->start[idx];
	if (!n)
		return groups;
	list = xmalloc(n * sizeof(*list));
	for (kind = 0; kind < KIND__COUNT; kind++) {
		struct tv *g, *items;
		size_t m = 0;

		for (i = s->start[idx]; i < s->start[idx + 1]; i++) {
			const struct record *from = &s->r->recs[s->links[i].from];

			/*
			 * One entry per record, even when it refers here twice: the
			 * links of one record are adjacent (collected record by record).
			 */
			if (from->kind != kind || !from->id || (m && list[m - 1].rec == from))
				continue;
			list[m].rec = from;
			list[m++].date = s->info[s->links[i].from].date;
		}
		if (!m)
			continue;
		qsort(list, m, sizeof(*list), S_cmp_date_desc);
		g = tv_map(&s->a);
		items = tv_list(&s->a);
		S_set_ref(s, g, "kind", S_kind_name(kind));
		S_set_ref(s, g, "label", s->kind_label[kind]);
		tv_map_set_num(g, "count", (double)m);
		/* The newest; a long group in full on pages of its own (docs/site.md, "Long
		 * lists"). */
		for (k = 0; k < m && k < SITE_LIST_HEAD; k++)
			tv_list_push(items, site_item(s, list[k].rec, depth));
		tv_map_set(g, "items", items);
		tv_map_set(g, "more", tv_null());
		if (m > SITE_LIST_HEAD)
			S_backlink_list(s, rec, kind, list, m, g, depth);
		tv_list_push(groups, g);
	}
	free(list);
	return groups;
}

/* ---- Pages ------------------------------------------------------------- */

/* The navigation, for pages `depth` folders down, `section` (a kind, or -1) marked. */
static const struct tv *
S_nav(struct site *s, int depth, int section)
{
	struct tv *nav = tv_list(&s->a);
	int kind;

	for (kind = 0; kind < KIND__COUNT; kind++) {
		struct tv *item = tv_map(&s->a);

		tv_map_set_str(item, "label", s->kind_label[kind]);
		tv_map_set_str(
		    item, "href",
		    site_cat(&s->a, S_root(depth), S_kind_name(kind), "/index.html", NULL));
		tv_map_set_bool(item, "current", kind == section);
		tv_list_push(nav, item);
	}
	return nav;
}

/* Labels and navigation, looked up once for all pages (in the arena of s). */
static void
S_tables(struct site *s)
{
	unsigned fi;
	size_t i;
	int k, depth;

	s->field_label = arena_alloc(&s->a, F__COUNT * sizeof(*s->field_label));
	s->enum_label = arena_alloc(&s->a, F__COUNT * sizeof(*s->enum_label));
	for (fi = 0; fi < F__COUNT; fi++) {
		const struct field *f = &schema_fields[fi];

		s->field_label[fi] =
		    labels_get3(s->l, "field", schema_object(f->obj)->name, f->name);
		s->enum_label[fi] = NULL;
		if (f->type != T_ENUM)
			continue;
		for (i = 0; f->values[i]; i++)
			;
		s->enum_label[fi] = arena_alloc(&s->a, (i + 1) * sizeof(**s->enum_label));
		for (i = 0; f->values[i]; i++)
			s->enum_label[fi][i] = labels_get3(s->l, "enum", f->name, f->values[i]);
	}
	for (k = 0; k < KIND__COUNT; k++)
		s->kind_label[k] = labels_get(s->l, "kind", S_kind_name(k));
	for (depth = 0; depth < 2; depth++)
		for (k = 0; k <= KIND__COUNT; k++)
			s->nav[depth][k] = S_nav(s, depth, k < KIND__COUNT ? k : -1);
	s->value_keys = tv_keys(&s->a, S_value_keys, ARRAY_LEN(S_value_keys));
	s->row_keys = tv_keys(&s->a, S_row_keys, ARRAY_LEN(S_row_keys));
	s->item_keys = tv_keys(&s->a, S_item_keys, ARRAY_LEN(S_item_keys));
	s->cell_keys = tv_keys(&s->a, S_cell_keys, ARRAY_LEN(S_cell_keys));
	s->index_row_keys = tv_keys(&s->a, S_index_row_keys, ARRAY_LEN(S_index_row_keys));
	s->page_keys = tv_keys(&s->a, S_page_keys, ARRAY_LEN(S_page_keys));
	s->record_keys = tv_keys(&s->a, S_record_keys, ARRAY_LEN(S_record_keys));
}

/* A page's data from keys whose first ones are S_page_keys, those set. */
static struct tv *
S_page_keyed(struct site *s, const struct tv_keys *keys, const char *title, int depth,
             const char *section)
{
	struct tv *p = tv_map_keyed(&s->a, keys);
	int kind = section ? schema_kind_lookup(section) : -1;

	tv_map_set_at(p, PK_LANG, tv_str(&s->a, s->o->lang));
	tv_map_set_at(p, PK_ROOT, S_str(s, S_root(depth)));
	tv_map_set_at(p, PK_SITE_TITLE, tv_str(&s->a, s->r->cfg.title));
	tv_map_set_at(p, PK_TITLE, tv_str(&s->a, title));
	tv_map_set_at(p, PK_L, s->l->tv);
	/* Deeper pages (full lists, lists/KIND/ID/) make theirs. */
	tv_map_set_at(p, PK_NAV,
	              depth > 1 ? S_nav(s, depth, kind)
	                        : s->nav[depth > 0][kind >= 0 ? kind : KIND__COUNT]);
	tv_map_set_at(p, PK_HAS_HISTORY, tv_bool(s->o->history != NULL));
	return p;
}

struct tv *
site_page(struct site *s, const char *title, int depth, const char *section)
{
	return S_page_keyed(s, s->page_keys, title, depth, section);
}

/*
 * The as-of date and the count of problems, on the pages whose content
 * depends on them (dashboard, validation report) and on no other: a new
 * day must not rewrite every page.
 */
void
site_as_of(struct site *s, struct tv *page)
{
	char day[11];

	format_date(day, s->o->today);
	tv_map_set_str(page, "as_of", day);
	tv_map_set_num(page, "errors", (double)diags_count(s->d, SEV_ERROR));
	tv_map_set_num(page, "warnings", (double)diags_count(s->d, SEV_WARNING));
}

/* An attachment the site does not publish as it is (attach.h). */
struct site_attachment {
	const char *path; /* the `attachments` entry */
	char *name;       /* published as attachments/name; NULL: not published */
	int cleaned;      /* an SVG image, published cleaned by S_attachments_first */
};

static int
S_site_attachment_cmp(const void *a, const void *b)
{
	return strcmp(((const struct site_attachment *)a)->path,
	              ((const struct site_attachment *)b)->path);
}

/*
 * The name attachments/p is published under (p itself, or p with ".txt"
 * added), or NULL when it is not published; *cleaned (if given) set when
 * S_attachments_first published it already.
 */
static const char *
S_attachment_name(const struct site *s, const char *p, int *cleaned)
{
	struct site_attachment key = {p, NULL, 0};
	const struct site_attachment *e =
	    s->nattach ? bsearch(&key, s->attach, s->nattach, sizeof(key), S_site_attachment_cmp)
	               : NULL;

	if (cleaned)
		*cleaned = e && e->cleaned;
	if (e)
		return e->name;
	return attach_how_by_name(p) == ATTACH_AS_IS ? p : NULL;
}

static int
S_hex_digit(char c)
{
	return c >= '0' && c <= '9'                     ? c - '0'
	       : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10
	                                                : -1;
}

/*
 * Markdown's attachment_suffix: a link into attachments/ (percent escapes
 * undone) follows its file to the published name, as the page's list does.
 */
static const char *
S_attachment_suffix(void *arg, const char *path, size_t len)
{
	const struct site *s = arg;
	struct buf p = BUF_INIT;
	const char *name, *suffix = "";
	size_t i;
	int hi, lo;

	for (i = 0; i < len; i++) {
		if (path[i] == '%' && i + 2 < len && (hi = S_hex_digit(path[i + 1])) >= 0 &&
		    (lo = S_hex_digit(path[i + 2])) >= 0) {
			buf_addc(&p, (char)(hi * 16 + lo));
			i += 2;
		} else {
			buf_addc(&p, path[i]);
		}
	}
	if (p.len && !memchr(p.buf, '\0', p.len)) {
		name = S_attachment_name(s, p.buf, NULL);
		if (name && strlen(name) > p.len)
			suffix = name + p.len;
		else if (!name && attach_how_by_name(p.buf) == ATTACH_AS_TEXT)
			suffix = ".txt";
	}
	buf_free(&p);
	return suffix;
}

static void
S_attachment_list(struct site *s, const struct record *rec, struct tv *page)
{
	const struct node *list = rec->root ? node_field(rec->root, KEY_attachments) : NULL;
	struct tv *items = tv_list(&s->a);
	size_t i;

	for (i = 0; list && list->type == NODE_SEQ && i < list->n; i++) {
		const struct node *a = &list->u.kids[i];
		struct tv *it;
		struct buf href = BUF_INIT;
		const char *pub;

		if (a->type != NODE_SCALAR)
			continue;
		it = tv_map(&s->a);
		tv_map_set_str(it, "name", a->u.str);
		tv_map_set(it, "href", tv_null());
		/* Accepted by validation, and under the name it is published as (attach.h). */
		if (record_attachment_accepted(a) &&
		    (pub = S_attachment_name(s, a->u.str, NULL)) != NULL) {
			buf_adds(&href, "../attachments/");
			url_path_escape(&href, pub, strlen(pub));
			tv_map_set_str(it, "href", buf_str(&href));
		}
		tv_list_push(items, it);
		buf_free(&href);
	}
	tv_map_set(page, "attachments", items);
	tv_map_set_bool(page, "has_attachments", tv_len(items) > 0);
}

struct S_rating {
	const struct record *rec;
	const char *date;
	double score;
};

static int
S_rating_cmp(const void *pa, const void *pb)
{
	const struct S_rating *a = pa, *b = pb;
	int c = strcmp(a->date, b->date);

	return c ? c : S_natcmp(a->rec->id, b->rec->id);
}

/*
 * Every rating of a customer's visits, newest first, in pages
 * lists/customers/ID/ratings-K.html (docs/site.md, "Long lists"): the link
 * to them from the customer's page, which shows the newest.
 */
static const struct tv *
S_rating_list(struct site *s, const struct record *rec, const struct S_rating *list, size_t m)
{
	struct site_list l = {0};
	struct site_rows rows;
	const struct tv *more;
	size_t k;

	memset(&rows, 0, sizeof(rows));
	l.prefix = arena_printf(&s->a, "lists/customers/%s/ratings-", rec->id);
	l.depth = 3;
	l.section = "customers";
	l.title =
	    site_cat(&s->a, rec->id, " · ", labels_get(s->l, "ui", "satisfaction_trend"), NULL);
	l.back = arena_printf(&s->a, "../../../customers/%s.html#h-satisfaction", rec->id);
	l.back_label = rec->id;
	l.shape = SITE_LIST_UL;
	for (k = m; k-- > 0;) {
		const struct rec_info *in = &s->info[list[k].rec - s->r->recs];
		char score[32];

		/* A rating is 1 to 5, maybe with decimals: %g prints no locale's point for them. */
		snprintf(score, sizeof(score), "%g", list[k].score);
		buf_adds(&rows.text, "<li><span class=\"date\">");
		html_escape(&rows.text, list[k].date, strlen(list[k].date));
		buf_adds(&rows.text, "</span> <span class=\"num\">");
		buf_adds(&rows.text, score);
		buf_adds(&rows.text, "</span> ");
		site_record_link(&rows.text, in, 3);
		buf_adds(&rows.text, "</li>");
		site_rows_end(&rows);
	}
	site_list_publish(s, &l, &rows);
	more = site_list_more(s, &l, m, 1);
	site_rows_free(&rows);
	return more;
}

/*
 * A customer's satisfaction over time: the ratings of its visits (as the
 * satisfaction rate counts them), oldest first, with their average.
 * satisfaction: [{date, id, href, score, low}]; low: below satisfied_at.
 */
static void
S_satisfaction(struct site *s, const struct record *rec, struct tv *page)
{
	size_t idx = (size_t)(rec - s->r->recs), k, m = 0;
	struct S_rating *list = xmalloc((s->start[idx + 1] - s->start[idx] + 1) * sizeof(*list));
	struct tv *points = tv_list(&s->a);
	double sum = 0;
	long tenths;

	for (k = s->start[idx]; k < s->start[idx + 1]; k++) {
		const struct record *from = &s->r->recs[s->links[k].from];
		const struct node *v, *d;

		if (s->links[k].field != F_visits_customer || !site_has_page(s, from))
			continue;
		v = record_value(from, KEY_satisfaction);
		d = record_value(from, KEY_date);
		if (!v || v->type != NODE_SCALAR ||
		    (v->value != VAL_INT && v->value != VAL_NUMBER) || !d || d->type != NODE_SCALAR)
			continue;
		list[m].rec = from;
		list[m].date = node_len(d) > 10 ? arena_strndup(&s->a, d->u.str, 10) : d->u.str;
		list[m].score = v->value == VAL_INT ? (double)v->v.i : v->v.d;
		m++;
	}
	if (m > 1)
		qsort(list, m, sizeof(*list), S_rating_cmp);
	/* The newest SITE_LIST_HEAD, oldest first; the average is of them all. */
	for (k = 0; k < m; k++) {
		struct tv *p;

		sum += list[k].score;
		if (k + SITE_LIST_HEAD < m)
			continue;
		p = tv_map(&s->a);
		tv_map_set_str(p, "date", list[k].date);
		tv_map_set_str(p, "id", list[k].rec->id);
		tv_map_set(p, "href", site_href(s, list[k].rec, 1));
		tv_map_set_num(p, "score", list[k].score);
		tv_map_set_bool(p, "low", list[k].score < s->r->cfg.satisfied_at);
		tv_list_push(points, p);
	}
	tv_map_set(page, "satisfaction_more",
	           m > SITE_LIST_HEAD ? S_rating_list(s, rec, list, m) : tv_null());
	tv_map_set(page, "satisfaction", points);
	tv_map_set_bool(page, "has_satisfaction", m > 0);
	tv_map_set_num(page, "satisfaction_count", (double)m);
	/* One decimal, without printf's %f (its decimal point is the locale's). */
	tenths = m ? (long)(sum * 10 / (double)m + 0.5) : 0;
	tv_map_set_str(page, "satisfaction_avg",
	               m ? arena_printf(&s->a, "%ld.%ld", tenths / 10, tenths % 10) : "");
	tv_map_set_num(page, "satisfied_at", s->r->cfg.satisfied_at);
	free(list);
}

static void S_audit(struct site *s, const char *id, struct tv *page);
static void S_dig_trail(struct site *s, const struct hist_trail *tr);

/*
 * What a record's references show, for an input digest: for each, whether
 * a record has that id and of which kind (S_value links it, or says
 * "missing"; the link is the id under the kind's folder).
 */
static void
S_dig_refs(struct site *s, const struct rec_info *in)
{
	uint32_t k;

	for (k = 0; k < in->nrefs; k++) {
		const struct record *t =
		    in->refs[k].target ? &s->r->recs[in->refs[k].target - 1] : NULL;

		site_dig_u64(s, t ? (uint64_t)t->kind << 1 | (t->id != NULL) : UINT64_MAX);
	}
}

/*
 * The input digest of rec's page (docs/site.md, "Publishing"): besides the
 * global digest (labels, options, svcgen.yaml, templates, the program), all
 * that S_record_page and what it calls read:
 * - the record's path and bytes (rec->sum): its id, kind, fields, title,
 *   date, status and body, what validation made of its values (typecheck
 *   reads nothing but the record and svcgen.yaml);
 * - each reference (S_value, through rec_info.refs): whether a record has
 *   that id, of which kind (the link's folder, or "missing");
 * - each record that refers to it (S_backlink_groups), in record order,
 *   which breaks ties of dates: the field, and what site_item shows (id,
 *   kind, title, date, status); for a customer's visits (S_satisfaction),
 *   whether the visit has a page and its rating and date;
 * - each `attachments` entry (S_attachment_list): whether validation
 *   accepted the file, and the name it is published under; for a body
 *   that holds "attachments/" (S_attachment_suffix), how every attachment
 *   is published (site_inputs.attach);
 * - its trail (S_audit, S_event): each event's commit (which names its
 *   author, date, summary and trailers), what happened, the paths and the
 *   two versions' blobs (which name the field-by-field differences), and
 *   the findings about each event.
 * Not the as-of date: no record page shows it.
 */
static void
S_record_digest(struct site *s, const struct record *rec, const char *path)
{
	size_t i = (size_t)(rec - s->r->recs), k;
	const struct rec_info *in = &s->info[i];
	const struct node *list = rec->root ? node_field(rec->root, KEY_attachments) : NULL;

	site_dig_begin(s, path);
	site_dig_str(s, rec->path);
	site_dig_u64(s, rec->sum);
	S_dig_refs(s, in);
	site_dig_u64(s, s->start[i + 1] - s->start[i]);
	for (k = s->start[i]; k < s->start[i + 1]; k++) {
		const struct record *from = &s->r->recs[s->links[k].from];

		site_dig_u64(s, s->links[k].field);
		site_dig_item(s, from);
		if (rec->kind == OBJ_customers && s->links[k].field == F_visits_customer) {
			const struct node *v = record_value(from, KEY_satisfaction);
			const struct node *d = record_value(from, KEY_date);

			site_dig_u64(s, site_has_page(s, from));
			site_dig_u64(s, v ? (uint64_t)v->type << 8 | v->value : UINT64_MAX);
			if (v && v->type == NODE_SCALAR) {
				/* Without a value, the length holds its place (node.h): 0, as ever.
				 */
				int64_t val = v->value != VAL_NONE ? v->v.i : 0;

				site_dig_str(s, v->u.str);
				site_dig(s, &val, sizeof(val));
			}
			site_dig_u64(s, d ? (uint64_t)d->type : UINT64_MAX);
			site_dig_str(s, d && d->type == NODE_SCALAR ? d->u.str : NULL);
		}
	}
	for (k = 0; list && list->type == NODE_SEQ && k < list->n; k++) {
		const struct node *a = &list->u.kids[k];

		if (a->type != NODE_SCALAR)
			continue;
		site_dig_u64(s, (uint64_t)record_attachment_accepted(a));
		site_dig_str(s, S_attachment_name(s, a->u.str, NULL));
	}
	if (rec->body_links)
		site_dig(s, s->in->attach, sizeof(s->in->attach));
	S_dig_trail(s, s->o->history && rec->id ? history_trail(s->o->history, rec->id) : NULL);
}

static void
S_record_page(struct site *s, const struct record *rec)
{
	struct tv *page, *links;
	struct buf body = BUF_INIT;
	const char *title = s->info[rec - s->r->recs].full_title;
	const char *path = site_cat(&s->a, S_kind_name(rec->kind), "/", rec->id, ".html");

	S_record_digest(s, rec, path);
	if (site_reuse(s))
		return;
	page = S_page_keyed(s, s->record_keys,
	                    *title ? site_cat(&s->a, rec->id, " · ", title, NULL) : rec->id, 1,
	                    S_kind_name(rec->kind));
	tv_map_set_at(page, RP_ID, S_str(s, rec->id));
	tv_map_set_at(page, RP_KIND, S_str(s, S_kind_name(rec->kind)));
	tv_map_set_at(page, RP_KIND_LABEL, S_str(s, s->kind_label[rec->kind]));
	tv_map_set_at(page, RP_HEADING, S_str(s, title));
	tv_map_set_at(page, RP_SOURCE, S_str(s, rec->path));
	S_set_cur(s, rec);
	tv_map_set_at(page, RP_FIELDS, S_rows(s, rec->kind, rec->root, 1));
	if (rec->body_len) {
		struct markdown_opts mo = MARKDOWN_OPTS_INIT;
		struct buf text = BUF_INIT;
		const char *md;

		/* The body is not kept in memory: read again, it is checked to be the same. */
		if (load_record_body(s->r, &s->near, rec, &text, &md) < 0) {
			s->failed = 1;
			buf_free(&text);
			buf_free(&body);
			return;
		}
		/* The body sits under an h2; links into attachments/ go one folder up. */
		mo.heading_shift = 2;
		mo.attachments_prefix = "../attachments/";
		mo.attachment_suffix = S_attachment_suffix;
		mo.attachment_arg = s;
		mo.task_done_label = labels_get(s->l, "ui", "task_done");
		mo.task_open_label = labels_get(s->l, "ui", "task_open");
		if (markdown_render(&body, md, rec->body_len, &mo) >= 0)
			tv_map_set_at(page, RP_BODY, tv_strn(&s->a, body.buf, body.len));
		buf_free(&text);
	}
	S_attachment_list(s, rec, page);
	links = S_backlink_groups(s, rec, 1);
	tv_map_set_at(page, RP_BACKLINKS, links);
	tv_map_set_at(page, RP_HAS_BACKLINKS, tv_bool(tv_len(links) > 0));
	tv_map_set_at(page, RP_IS_CUSTOMER, tv_bool(rec->kind == OBJ_customers));
	if (rec->kind == OBJ_customers)
		S_satisfaction(s, rec, page);
	S_audit(s, rec->id, page);
	site_render(s, "record", page, path);
	buf_free(&body);
}

static int
S_rec_id_cmp(const void *pa, const void *pb)
{
	return S_natcmp((*(const struct record *const *)pa)->id,
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
	const struct field *f = &schema_fields[fi];
	size_t i;

	memset(k, 0, sizeof(*k));
	k->ord = -1;
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
	return S_natcmp(a->text, b->text);
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
		return S_enum_label(s, fi, v);
	if (f->type == T_BOOL && v->value == VAL_BOOL)
		return labels_get(s->l, "ui", v->v.i ? "yes" : "no");
	return v->u.str;
}

/*
 * The values of the fields fis[0..ncols) in map, as node_get finds them
 * (the first key of the name), into cell[c][i]: one pass over the keys.
 */
static void
S_columns_of(const struct node *map, const int *fis, size_t ncols, const struct node ***cell,
             size_t i)
{
	size_t k, c, left = ncols, len[8];

	for (c = 0; c < ncols; c++) {
		cell[c][i] = NULL;
		len[c] = strlen(schema_fields[fis[c]].name);
	}
	for (k = 0; map->type == NODE_MAP && k < map->n && left; k++) {
		const struct node *key = &map->u.kids[2 * k];

		if (key->type != NODE_SCALAR)
			continue;
		for (c = 0; c < ncols; c++) {
			const char *name = schema_fields[fis[c]].name;

			if (!cell[c][i] &&
			    (key->u.str == name ||
			     (key->n == len[c] && !memcmp(key->u.str, name, key->n)))) {
				cell[c][i] = &map->u.kids[2 * k + 1];
				left--;
				break;
			}
		}
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
	unsigned char filter[8]; /* a column with a menu of its values */
	/* One page's rows, at most INDEX_PAGE_ROWS: per column, per row of the page. */
	struct S_key *keys[8];
	uint32_t *idx, *tmp, *up[8], *down[8];
	size_t *at, *len; /* per row: its JSON in json */
	struct buf rows, json, part, text;
	struct arena row_arena; /* one row's data, reset after it */
};

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
		const struct field *f = &schema_fields[fi];
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
		tv_map_set_str(col, "label", S_field_label(s, f));
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
		buf_addf(&path, "%s/rows-%zu.js", S_kind_name(x->kind), k);
	else
		buf_addf(&path, "%s/rows-%zu-%zu.js", S_kind_name(x->kind), k, p);
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
	S_set_ref(s, l, "from", from);
	S_set_ref(s, l, "to", to);
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
 * One index page: rows recs[lo..hi), newest first, each row carrying
 * its ranks per column within the page (index-row.mustache, rendered one
 * row at a time in an arena reset after it, so that a page costs the
 * memory of its HTML); k is its slice (0: index.html). With rows, also
 * that slice's rows-<k>.js (slice 1 when k is 0).
 */
static void
S_index_rows_page(struct site *s, struct S_kind_rows *x, size_t lo, size_t hi, size_t k, int rows)
{
	const char *kind = S_kind_name(x->kind), *label = s->kind_label[x->kind], *range = NULL;
	struct tv *page, *cols;
	struct arena page_arena;
	size_t m = hi - lo, j, c;

	if (k) {
		const char *from, *to;

		S_slice_ends(s, x, k, &from, &to);
		range = site_cat(&s->a, from, " – ", to, NULL);
	}
	page = site_page(s, range ? site_cat(&s->a, label, " · ", range, NULL) : label, 1, kind);
	cols = S_page_columns(s, x, lo, m);
	buf_reset(&x->rows);
	buf_reset(&x->json);
	page_arena = s->a;
	s->a = x->row_arena;
	for (j = m; j-- > 0 && !s->failed;) {
		const struct record *rec = x->recs[lo + j];
		const struct rec_info *in = &s->info[rec - s->r->recs];
		struct tv *row = tv_map_keyed(&s->a, s->index_row_keys), *cells = tv_list(&s->a);

		tv_map_set_at(row, XK_L, s->l->tv);
		tv_map_set_at(row, XK_ID, tv_str_ref(&s->a, rec->id, in->id_len));
		/* The page's name: the end of its href, "id.html". */
		tv_map_set_at(
		    row, XK_HREF,
		    tv_str_ref(&s->a, in->href + in->href_len - in->id_len - 5, in->id_len + 5));
		/* Rows are newest first: the id's ascending rank sorts them oldest first. */
		tv_map_set_at(row, XK_RANK, tv_num(&s->a, (double)(j + 1)));
		S_set_cur(s, rec);
		for (c = 0; c < x->ncols; c++) {
			const struct field *f = &schema_fields[x->fis[c]];
			const struct node *v = x->cell[c][lo + j];
			struct tv *cv = tv_map_keyed(&s->a, s->cell_keys);

			tv_map_set_at(cv, CK_NAME, S_str(s, S_columns[x->kind][c]));
			tv_map_set_at(cv, CK_LABEL, S_str(s, S_field_label(s, f)));
			tv_map_set_at(cv, CK_RANK, tv_num(&s->a, (double)x->up[c][j]));
			tv_map_set_at(cv, CK_RANK_DESC, tv_num(&s->a, (double)x->down[c][j]));
			if (v && v->type == NODE_SCALAR) {
				struct node cut;

				/* Free text cut as titles are (S_list_title); the sort keys are
				 * whole. */
				if ((f->type == T_STRING || f->type == T_TEXT) &&
				    !(f->flags & PII) && strlen(v->u.str) > SITE_TITLE_MAX) {
					cut = *v;
					cut.u.str = S_list_title(&s->a, v->u.str);
					cut.value = VAL_NONE; /* n: the length, not a value */
					cut.n = (uint32_t)strlen(cut.u.str);
					v = &cut;
				}
				tv_map_set_at(cv, CK_VALUE, S_value(s, f, v, 1));
				if (x->filter[c] && !x->keys[c][j].missing) {
					tv_map_set_at(cv, CK_N, tv_num(&s->a, (double)x->up[c][j]));
					tv_map_set_at(cv, CK_KEY, S_str(s, v->u.str));
				}
			}
			tv_list_push(cells, cv);
		}
		tv_map_set_at(row, XK_CELLS, cells);
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
 * what their references show: S_dig_refs), the navigation (nav), and the
 * kind's count on the pages that say it. Else opens their scope and
 * returns 0. docs/site.md, "Incremental rebuilds".
 */
static int
S_slice_reuse(struct site *s, const struct S_kind_rows *x, size_t lo, size_t hi, size_t k,
              const uint64_t nav[2])
{
	size_t j;

	site_dig_begin(s, S_kind_name(x->kind));
	site_dig_str(s, "index page");
	site_dig_u64(s, (uint64_t)k);
	site_dig(s, nav, 2 * sizeof(*nav));
	site_dig_u64(s, k == 0 || k == x->slices ? (uint64_t)x->n : 0);
	for (j = lo; j < hi; j++) {
		const struct record *rec = x->recs[j];

		site_dig_str(s, rec->path);
		site_dig_u64(s, rec->sum);
		S_dig_refs(s, &s->info[rec - s->r->recs]);
	}
	return site_reuse(s);
}

/* A kind's index pages and rows files (see above). */
static void
S_index_page(struct site *s, int kind)
{
	struct S_kind_rows x;
	uint64_t nav[2];
	size_t i, n = 0, c, k, lo;

	memset(&x, 0, sizeof(x));
	x.kind = kind;
	for (i = 0; i < s->r->n; i++)
		if (s->r->recs[i].kind == kind && site_has_page(s, &s->r->recs[i]))
			n++;
	x.n = n;
	for (x.ncols = 0; S_columns[kind][x.ncols]; x.ncols++)
		;
	x.recs = xmalloc((n + 1) * sizeof(*x.recs));
	for (i = 0, n = 0; i < s->r->n; i++)
		if (s->r->recs[i].kind == kind && site_has_page(s, &s->r->recs[i]))
			x.recs[n++] = &s->r->recs[i];
	/* Ids are unique here, so skipping the sort of ids already in order changes nothing. */
	for (i = 1; i < n && S_rec_id_cmp(&x.recs[i - 1], &x.recs[i]) < 0; i++)
		;
	if (i < n)
		qsort(x.recs, n, sizeof(*x.recs), S_rec_id_cmp);
	x.idx = xmalloc(INDEX_PAGE_ROWS * sizeof(*x.idx));
	x.tmp = xmalloc(INDEX_PAGE_ROWS * sizeof(*x.tmp));
	x.at = xmalloc(INDEX_PAGE_ROWS * sizeof(*x.at));
	x.len = xmalloc(INDEX_PAGE_ROWS * sizeof(*x.len));
	for (c = 0; c < x.ncols; c++) {
		const struct field *f;

		x.fis[c] =
		    schema_field_lookup(kind, S_columns[kind][c], strlen(S_columns[kind][c]));
		f = &schema_fields[x.fis[c]];
		x.filter[c] = f->type == T_ENUM || f->type == T_CFGENUM || f->type == T_BOOL;
		x.cell[c] = xmalloc((n + 1) * sizeof(**x.cell));
		x.keys[c] = xmalloc(INDEX_PAGE_ROWS * sizeof(**x.keys));
		x.up[c] = xmalloc(INDEX_PAGE_ROWS * sizeof(**x.up));
		x.down[c] = xmalloc(INDEX_PAGE_ROWS * sizeof(**x.down));
	}
	for (i = 0; i < n; i++)
		S_columns_of(x.recs[i]->root, x.fis, x.ncols, x.cell, i);
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
	arena_free(&x.row_arena);
	buf_free(&x.rows);
	buf_free(&x.json);
	buf_free(&x.part);
	buf_free(&x.text);
	free(x.recs);
	free(x.idx);
	free(x.tmp);
	free(x.at);
	free(x.len);
	for (c = 0; c < x.ncols; c++) {
		free(x.cell[c]);
		free(x.keys[c]);
		free(x.up[c]);
		free(x.down[c]);
	}
}

/*
 * The pages of the whole department read the records' fields, the
 * diagnostics and the as-of date, and nothing else (besides the global
 * digest): their input digest is site_inputs.fields with their name. Any
 * change to a record's fields makes them again; one to a Markdown body
 * alone does not.
 */
static int
S_reuse_whole(struct site *s, const char *path)
{
	site_dig_begin(s, path);
	site_dig(s, s->in->fields, sizeof(s->in->fields));
	return site_reuse(s);
}

/*
 * Diagnostic g as a row of the validation report's tables: file (linked to
 * the record's page when it has one), position, severity, message. Written
 * here rather than by a template: there may be 10^5 of them.
 */
static void
S_diag_row(struct site *s, struct buf *b, const struct diag *g, size_t plen)
{
	const char *rel = strncmp(g->path, s->r->src->display, plen) ? g->path : g->path + plen;
	const char *sev = g->severity == SEV_ERROR ? "error" : "warning";
	const struct record *rec = site_record_at(s, g->path);

	buf_addf(b, "<tr class=\"%s\"><td class=\"path\">", sev);
	/* Link to the record the diagnostic is about, when it has a page. */
	if (rec && site_has_page(s, rec)) {
		const struct rec_info *in = &s->info[rec - s->r->recs];

		/* in->href is "../kind/ID.html": from the top, without "../". */
		buf_adds(b, "<a href=\"");
		buf_add(b, in->href + 3, in->href_len - 3);
		buf_adds(b, "\">");
		html_escape(b, rel, strlen(rel));
		buf_adds(b, "</a>");
	} else {
		html_escape(b, rel, strlen(rel));
	}
	buf_addf(b, "</td><td class=\"pos\">%lu:%lu</td><td><span class=\"tag sev-%s\">",
	         (unsigned long)g->line, (unsigned long)g->col, sev);
	html_escape(b, labels_get(s->l, "ui", sev), strlen(labels_get(s->l, "ui", sev)));
	buf_adds(b, "</span></td><td>");
	html_escape(b, g->message, strlen(g->message));
	buf_adds(b, "</td></tr>\n");
}

/*
 * validation.html: the counts, then a section per rule with its first
 * diagnostics, in the order of `svcgen check`, and a link to all of them
 * (validation-RULE-pK.html); the rules with errors first. docs/site.md,
 * "Long lists".
 */
static void
S_validation_page(struct site *s)
{
	const char *title = labels_get(s->l, "ui", "validation");
	struct tv *page, *rules;
	size_t count[RULE__COUNT] = {0}, errors[RULE__COUNT] = {0}, at[RULE__COUNT] = {0};
	size_t *by, i, k, plen = strlen(s->r->src->display);
	struct site_rows rows;
	int pass, rule;

	/* Its full lists are published in the same scope, and kept with it. */
	if (S_reuse_whole(s, "validation.html"))
		return;
	page = site_page(s, title, 0, NULL);
	rules = tv_list(&s->a);
	by = xmalloc((s->d->n + 1) * sizeof(*by));

	/* Each rule's diagnostics, in the order of the whole (a counting sort). */
	for (i = 0; i < s->d->n; i++) {
		count[s->d->v[i].rule]++;
		errors[s->d->v[i].rule] += s->d->v[i].severity == SEV_ERROR;
	}
	for (rule = 1; rule < RULE__COUNT; rule++)
		at[rule] = at[rule - 1] + count[rule - 1];
	for (i = 0; i < s->d->n; i++)
		by[at[s->d->v[i].rule]++] = i;
	memset(&rows, 0, sizeof(rows));
	for (pass = 0; pass < 2; pass++)
		for (rule = 0, k = 0; rule < RULE__COUNT; k += count[rule], rule++) {
			const char *id = rule_table[rule].id;
			struct site_list l = {0};
			struct tv *row;

			if (!count[rule] || (errors[rule] > 0) != (pass == 0))
				continue;
			site_rows_reset(&rows);
			for (i = k; i < k + count[rule]; i++) {
				S_diag_row(s, &rows.text, &s->d->v[by[i]], plen);
				site_rows_end(&rows);
			}
			l.prefix = arena_printf(&s->a, "validation-%s-p", id);
			l.depth = 0;
			l.title = arena_printf(&s->a, "%s · %s", title, id);
			l.back = arena_printf(&s->a, "validation.html#r-%s", id);
			l.back_label = title;
			l.shape = SITE_LIST_DIAGS;
			site_list_publish(s, &l, &rows);
			row = tv_map(&s->a);
			tv_map_set_str(row, "rule", id);
			tv_map_set_num(row, "count", (double)count[rule]);
			tv_map_set_num(row, "errors", (double)errors[rule]);
			tv_map_set_num(row, "warnings", (double)(count[rule] - errors[rule]));
			tv_map_set(row, "rows", site_rows_head(s, &rows));
			tv_map_set(row, "more", site_list_more(s, &l, rows.n, 0));
			tv_list_push(rules, row);
		}
	site_rows_free(&rows);
	free(by);
	tv_map_set(page, "rules", rules);
	tv_map_set_bool(page, "has_diagnostics", s->d->n > 0);
	site_as_of(s, page);
	site_render(s, "validation", page, "validation.html");
}

static void
S_dashboard(struct site *s)
{
	struct tv *page, *counts;
	uint32_t *open, *complaints, *overdue;
	size_t per_kind[KIND__COUNT] = {0}, i, nopen = 0, ncomplaints = 0, noverdue = 0;
	int kind;

	/* The figures too come from the records, svcgen.yaml and the as-of date alone. */
	if (S_reuse_whole(s, "index.html"))
		return;
	page = site_page(s, labels_get(s->l, "ui", "dashboard"), 0, "dashboard");
	counts = tv_list(&s->a);
	open = xmalloc((s->r->n + 1) * sizeof(*open));
	complaints = xmalloc((s->r->n + 1) * sizeof(*complaints));
	overdue = xmalloc((s->d->n + 1) * sizeof(*overdue));

	for (i = 0; i < s->r->n; i++) {
		const struct record *rec = &s->r->recs[i];
		const struct node *st;

		if (!site_has_page(s, rec))
			continue;
		per_kind[rec->kind]++;
		st = record_value(rec, KEY_status);
		if (rec->kind == OBJ_service && st && !node_is_str(st, "closed") &&
		    !node_is_str(st, "cancelled") && !node_is_str(st, "resolved"))
			open[nopen++] = (uint32_t)i;
		if (rec->kind == OBJ_complaints &&
		    (node_is_str(st, "open") || node_is_str(st, "investigating")))
			complaints[ncomplaints++] = (uint32_t)i;
	}
	for (i = 0; i < s->d->n; i++) {
		const struct record *rec = site_record_at(s, s->d->v[i].path);

		if (s->d->v[i].rule == RULE_FOLLOW_UP_OVERDUE && rec && site_has_page(s, rec))
			overdue[noverdue++] = (uint32_t)(rec - s->r->recs);
	}
	for (kind = 0; kind < KIND__COUNT; kind++) {
		struct tv *c = tv_map(&s->a);

		tv_map_set_str(c, "label", s->kind_label[kind]);
		tv_map_set_str(c, "href",
		               site_cat(&s->a, S_kind_name(kind), "/index.html", NULL, NULL));
		tv_map_set_num(c, "count", (double)per_kind[kind]);
		tv_list_push(counts, c);
	}
	tv_map_set(page, "counts", counts);
	/* Each list's head; the whole in pages of its own (docs/site.md, "Long lists"). */
	site_list_dashboard(s, page, "open_tickets", "open-tickets",
	                    labels_get(s->l, "ui", "open_tickets"), open, nopen);
	site_list_dashboard(s, page, "open_complaints", "open-complaints",
	                    labels_get(s->l, "ui", "open_complaints"), complaints, ncomplaints);
	site_list_dashboard(s, page, "overdue_follow_ups", "overdue-follow-ups",
	                    labels_get(s->l, "ui", "overdue_follow_ups"), overdue, noverdue);
	free(open);
	free(complaints);
	free(overdue);
	site_stats_dashboard(s, page);
	site_as_of(s, page);
	site_render(s, "dashboard", page, "index.html");
}

/*
 * The tickets citing standard rec (n, newest first) in full, when the tree
 * shows only the newest: lists/standards/ID/cited-K.html.
 */
static const struct tv *
S_cited_list(struct site *s, const struct record *rec, const struct dated *v, size_t n,
             const char *tree_file)
{
	struct site_list l = {0};
	struct site_rows rows;
	const struct tv *more;
	size_t k;

	if (n <= SITE_LIST_HEAD)
		return tv_null();
	memset(&rows, 0, sizeof(rows));
	l.prefix = arena_printf(&s->a, "lists/standards/%s/cited-", rec->id);
	l.depth = 3;
	l.section = "standards";
	l.title = site_cat(&s->a, rec->id, " · ", labels_get(s->l, "ui", "cited_by"), NULL);
	l.back = arena_printf(&s->a, "../../../standards/%s", tree_file);
	l.back_label = labels_get(s->l, "ui", "standards_tree");
	l.shape = SITE_LIST_ITEMS;
	for (k = 0; k < n; k++) {
		site_item_row(s, &rows.text, (uint32_t)(v[k].rec - s->r->recs), NULL, 3);
		site_rows_end(&rows);
	}
	site_list_publish(s, &l, &rows);
	more = site_list_more(s, &l, n, 1);
	site_rows_free(&rows);
	return more;
}

/*
 * The input digest of the standards tree: every standard with a page (its
 * path and bytes: category, topic, version, supersedes; what site_item
 * shows of it), the standard it supersedes (whether there is one with a
 * page, what site_item shows of it) and every record that refers to it
 * (whether it has a page, the field, what site_item shows of it).
 */
static void
S_standards_digest(struct site *s)
{
	size_t i, k;

	site_dig_begin(s, "standards/tree.html");
	for (i = 0; i < s->r->n; i++) {
		const struct record *rec = &s->r->recs[i], *t;

		if (rec->kind != OBJ_standards || !site_has_page(s, rec))
			continue;
		site_dig_str(s, rec->path);
		site_dig_u64(s, rec->sum);
		site_dig_item(s, rec);
		t = S_ref_target(s, record_value(rec, KEY_supersedes));
		site_dig_u64(s, t ? (uint64_t)site_has_page(s, t) : UINT64_MAX);
		if (t)
			site_dig_item(s, t);
		for (k = s->start[i]; k < s->start[i + 1]; k++) {
			const struct record *from = &s->r->recs[s->links[k].from];

			site_dig_u64(s, (uint64_t)s->links[k].field << 1 | site_has_page(s, from));
			site_dig_item(s, from);
		}
	}
}

/* Standards a page of the tree holds: tree.html, then tree-2.html, ... */
#define TREE_PAGE SITE_LIST_PAGE

static const char *const S_tree_categories[] = {"technical", "management", "work"};

/* A standard in the tree's order: category, topic, then id. */
struct tree_std {
	const struct record *rec;
	size_t cat;
	const char *topic;
};

static int
S_tree_cmp(const void *a, const void *b)
{
	const struct tree_std *x = a, *y = b;
	int c = strcmp(x->topic, y->topic);

	if (x->cat != y->cat)
		return x->cat < y->cat ? -1 : 1;
	return c ? c : strcmp(x->rec->id, y->rec->id);
}

/* The name in standards/ of the tree's page k (from 0). */
static const char *
S_tree_file(struct site *s, size_t k)
{
	return k == 0 ? "tree.html" : arena_printf(&s->a, "tree-%zu.html", k + 1);
}

/* A standard of the tree on page file: its versions, what it supersedes, its citations. */
static struct tv *
S_tree_item(struct site *s, const struct record *rec, const char *file)
{
	size_t idx = (size_t)(rec - s->r->recs), k, ncited = 0;
	struct dated *dated = xmalloc((s->start[idx + 1] - s->start[idx] + 1) * sizeof(*dated));
	const struct node *ver = record_value(rec, KEY_version);
	const struct record *target = S_ref_target(s, record_value(rec, KEY_supersedes));
	struct tv *it = site_item(s, rec, 1), *later = tv_list(&s->a), *cited = tv_list(&s->a);

	tv_map_set_str(it, "version", ver && ver->type == NODE_SCALAR ? ver->u.str : "");
	if (target && target->kind == OBJ_standards && site_has_page(s, target))
		tv_map_set(it, "supersedes", site_item(s, target, 1));
	for (k = s->start[idx]; k < s->start[idx + 1]; k++) {
		const struct record *from = &s->r->recs[s->links[k].from];

		if (!site_has_page(s, from))
			continue;
		if (s->links[k].field == F_standards_supersedes)
			tv_list_push(later, site_item(s, from, 1));
		else if (s->links[k].field == F_service_standards) {
			dated[ncited].rec = from;
			dated[ncited++].date = s->info[s->links[k].from].date;
		}
	}
	/* Newest first; a long list in full on pages of its own. */
	qsort(dated, ncited, sizeof(*dated), S_cmp_date_desc);
	for (k = 0; k < ncited && k < SITE_LIST_HEAD; k++)
		tv_list_push(cited, site_item(s, dated[k].rec, 1));
	tv_map_set(it, "superseded_by", later);
	tv_map_set(it, "cited_by", cited);
	tv_map_set_num(it, "cited_count", (double)ncited);
	tv_map_set(it, "more", S_cited_list(s, rec, dated, ncited, file));
	free(dated);
	return it;
}

/*
 * The standards tree: category, then topic, then each standard's versions,
 * TREE_PAGE standards a page (docs/site.md, "Long lists"). One page shows
 * every category, those without standards too; more pages show the
 * categories and topics of the standards they hold.
 */
static void
S_standards_tree(struct site *s)
{
	struct tree_std *v = xmalloc((s->r->n + 1) * sizeof(*v));
	struct site_list l = {0};
	size_t n = 0, pages, p, i, c;

	S_standards_digest(s);
	if (site_reuse(s)) {
		free(v);
		return;
	}
	for (i = 0; i < s->r->n; i++) {
		const struct record *rec = &s->r->recs[i];
		const struct node *t = record_value(rec, KEY_topic);

		if (rec->kind != OBJ_standards || !site_has_page(s, rec))
			continue;
		for (c = 0; c < ARRAY_LEN(S_tree_categories) &&
		            !node_is_str(record_value(rec, KEY_category), S_tree_categories[c]);
		     c++)
			;
		if (c < ARRAY_LEN(S_tree_categories))
			v[n++] =
			    (struct tree_std){rec, c, t && t->type == NODE_SCALAR ? t->u.str : ""};
	}
	qsort(v, n, sizeof(*v), S_tree_cmp);
	pages = n > TREE_PAGE ? (n + TREE_PAGE - 1) / TREE_PAGE : 1;
	l.prefix = "standards/tree-";
	l.first = "tree.html";
	for (p = 0; p < pages && !s->failed; p++) {
		struct tv *page =
		    site_page(s, labels_get(s->l, "ui", "standards_tree"), 1, "standards");
		struct tv *cats = tv_list(&s->a), *topics = NULL, *items = NULL;
		const char *file = S_tree_file(s, p);
		size_t lo = p * TREE_PAGE, hi = lo + TREE_PAGE < n ? lo + TREE_PAGE : n;

		for (c = 0; c < ARRAY_LEN(S_tree_categories); c++) {
			struct tv *cat;

			i = lo;
			while (i < hi && v[i].cat < c)
				i++;
			if (pages > 1 && (i == hi || v[i].cat != c))
				continue;
			cat = tv_map(&s->a);
			topics = tv_list(&s->a);
			tv_map_set_str(cat, "label",
			               labels_get3(s->l, "enum", "category", S_tree_categories[c]));
			tv_map_set(cat, "topics", topics);
			tv_list_push(cats, cat);
			for (; i < hi && v[i].cat == c; i++) {
				if (i == lo || v[i - 1].cat != c ||
				    strcmp(v[i - 1].topic, v[i].topic)) {
					struct tv *topic = tv_map(&s->a);

					items = tv_list(&s->a);
					tv_map_set_str(
					    topic, "label",
					    labels_get3(s->l, "enum", "topic", v[i].topic));
					tv_map_set(topic, "standards", items);
					tv_list_push(topics, topic);
				}
				tv_list_push(items, S_tree_item(s, v[i].rec, file));
			}
		}
		tv_map_set(page, "categories", cats);
		site_list_span(page, p + 1, n, TREE_PAGE);
		tv_map_set(page, "pager",
		           pages > 1 ? site_list_pager(s, &l, p + 1, pages) : tv_null());
		site_render(s, "standards", page, arena_printf(&s->a, "standards/%s", file));
	}
	free(v);
}

/*
 * The search page and its index in shards (site_search.c), one group of
 * files: they show the kind, id and title of every record with a page,
 * in record order, and the kinds' labels (global).
 */
static void
S_search(struct site *s)
{
	struct tv *page;
	size_t i;

	site_dig_begin(s, "search");
	for (i = 0; i < s->r->n; i++)
		if (site_has_page(s, &s->r->recs[i])) {
			const struct rec_info *in = &s->info[i];

			site_dig_u64(s, (uint64_t)s->r->recs[i].kind);
			site_dig(s, s->r->recs[i].id, in->id_len);
			/* The words of the whole title are searched; the results show it cut. */
			site_dig_str(s, in->full_title);
		}
	if (site_reuse(s))
		return;
	site_search_publish(s);
	page = site_page(s, labels_get(s->l, "ui", "search"), 0, "search");
	site_render(s, "search", page, "search.html");
}

static int
S_strptr_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * Publishes the attachment at path ("attachments/..."), which validation
 * accepted, as to (its name on the site, attach.h). It is opened again through the source, so a
 * file swapped since cannot lead outside the records folder, and copied in pieces from what was
 * opened. Anything else than a regular file within the limit now stops the build with one line: a
 * page must not link a file that is not there (docs/site.md, "Attachments"). Returns 0 or -1 (the
 * build failed).
 */
static int
S_attachment_publish(struct site *s, const char *path, const char *to, struct buf *data)
{
	struct source *src = s->r->src;
	uint64_t size, max = s->r->cfg.attachment_bytes;
	char *disp = source_display_path(src, path);
	const char *why = NULL, *large = "it is now larger than limits.attachment_bytes";
	int fd = -1, too_large, rc = -1;

	if (src->ops->open_file(src, path, &fd, &size) < 0)
		why = errno == ELOOP ? "it is now reached through a symbolic link"
		      : errno == ENOENT || errno == ENOTDIR ? "it no longer exists"
		      : errno == EISDIR || errno == EINVAL  ? "it is no longer a regular file"
		                                            : strerror(errno);
	else if (size > max)
		why = large;
	else if (fd >= 0)
		rc = publish_copy(s->pub, to, fd, max, disp);
	else if (src->ops->read(src, path, (size_t)max, data, &too_large) < 0)
		why = too_large ? large : strerror(errno);
	else
		rc = publish_file(s->pub, to, data->buf, data->len);
	if (why)
		term_error("%s: changed after it was checked (%s); not published, and the "
		           "previous site is left as it was",
		           disp, why);
	if (fd >= 0)
		close(fd);
	free(disp);
	return rc;
}

/*
 * The attachments of tickets that validation accepted, sorted in byte
 * order (a path may come twice); the caller frees the array.
 */
static const char **
S_attachment_paths(const struct site *s, size_t *np)
{
	const char **paths = NULL;
	size_t n = 0, cap = 0, i, j;

	for (i = 0; i < s->r->n; i++) {
		const struct node *list =
		    s->r->recs[i].root ? node_field(s->r->recs[i].root, KEY_attachments) : NULL;

		if (s->r->recs[i].kind != OBJ_service || !list || list->type != NODE_SEQ)
			continue;
		for (j = 0; j < list->n; j++)
			if (record_attachment_accepted(&list->u.kids[j])) {
				paths = xgrow(paths, sizeof(*paths), n + 1, &cap);
				paths[n++] = list->u.kids[j].u.str;
			}
	}
	if (n > 1)
		qsort(paths, n, sizeof(*paths), S_strptr_cmp);
	*np = n;
	return paths;
}

/*
 * Before any page links an attachment: how each is published (attach.h).
 * SVG images are read, cleaned and published here, so that a page links
 * what was published; the attachments published under another name than
 * their own, or not at all, go into s->attach for the pages to look up.
 */
static void
S_attachments_first(struct site *s)
{
	struct site_attachment *v = NULL;
	size_t n, nv = 0, cap = 0, i;
	const char **paths = S_attachment_paths(s, &n);
	struct buf name = BUF_INIT, data = BUF_INIT, path = BUF_INIT;
	struct attach_note note;
	enum attach_how how;

	for (i = 0; i < n && !s->failed; i++) {
		const char *p = paths[i];

		if ((i > 0 && !strcmp(paths[i - 1], p)) || attach_how_by_name(p) == ATTACH_AS_IS ||
		    attach_prepare(s->r->src, p, &how, &name, &data, &note) < 0)
			continue;
		if (how == ATTACH_CLEANED) {
			buf_reset(&path);
			buf_addf(&path, "attachments/%s", p);
			if (publish_file(s->pub, path.buf, data.buf, data.len) < 0)
				s->failed = 1;
		}
		v = xgrow(v, sizeof(*v), nv + 1, &cap);
		v[nv++] = (struct site_attachment){p, how == ATTACH_NONE ? NULL : xstrdup(name.buf),
		                                   how == ATTACH_CLEANED};
	}
	free(paths);
	buf_free(&name);
	buf_free(&data);
	buf_free(&path);
	s->attach = v;
	s->nattach = nv;
}

/* Every attachment that validation accepted, published once under its name on the site. */
static void
S_attachments(struct site *s)
{
	size_t n, i;
	const char **paths = S_attachment_paths(s, &n);
	struct buf path = BUF_INIT, data = BUF_INIT, to = BUF_INIT;
	const char *name;
	int cleaned;

	for (i = 0; i < n && !s->failed; i++) {
		if (i > 0 && !strcmp(paths[i - 1], paths[i]))
			continue;
		/* Under the name the pages link (attach.h); SVG images went out cleaned already. */
		if (!(name = S_attachment_name(s, paths[i], &cleaned)) || cleaned)
			continue;
		buf_reset(&path);
		buf_addf(&path, "attachments/%s", paths[i]);
		buf_reset(&to);
		buf_addf(&to, "attachments/%s", name);
		if (S_attachment_publish(s, path.buf, to.buf, &data) < 0)
			s->failed = 1;
	}
	free(paths);
	buf_free(&path);
	buf_free(&data);
	buf_free(&to);
}

/* ---- What the site is made from --------------------------------------- */

/* Two FNV-1a hashes with different bases: 128 bits, enough to notice any change. */
struct digest {
	uint64_t h[2];
};

/* Bytes of one item, which may come in pieces; S_dig_end closes the item. */
static void
S_dig_part(struct digest *g, const void *p, size_t n)
{
	const unsigned char *s = p;
	size_t i;

	for (i = 0; i < n; i++) {
		g->h[0] = (g->h[0] ^ s[i]) * 1099511628211ULL;
		g->h[1] = (g->h[1] ^ s[i]) * 1099511628211ULL;
	}
}

static void
S_dig_end(struct digest *g)
{
	/* A separator, so that ("ab", "c") and ("a", "bc") differ. */
	g->h[0] = (g->h[0] ^ 0xff) * 1099511628211ULL;
	g->h[1] = (g->h[1] ^ 0xfe) * 1099511628211ULL;
}

static void
S_dig(struct digest *g, const void *p, size_t n)
{
	S_dig_part(g, p, n);
	S_dig_end(g);
}

static void
S_dig_str(struct digest *g, const char *s)
{
	S_dig(g, s, strlen(s));
}

static void
S_dig_u64(struct digest *g, uint64_t v)
{
	S_dig(g, &v, sizeof(v));
}

/*
 * The bytes of the attachment at path (accepted by validation), read in
 * pieces from the file opened through the source, at most max of them.
 */
static void
S_dig_attachment(struct digest *g, struct source *src, const char *path, uint64_t max,
                 struct buf *data)
{
	uint64_t size, total = 0;
	int fd, too_large;
	ssize_t r;

	if (src->ops->open_file(src, path, &fd, &size) < 0) {
		S_dig_str(g, "unreadable");
		return;
	}
	if (fd < 0) {
		if (src->ops->read(src, path, (size_t)max, data, &too_large) == 0)
			S_dig(g, data->buf, data->len);
		else
			S_dig_str(g, "unreadable");
		return;
	}
	buf_reset(data);
	buf_grow(data, 65536);
	while (total <= max && (r = read(fd, data->buf, data->cap)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			S_dig_str(g, "unreadable");
			break;
		}
		S_dig_part(g, data->buf, (size_t)r);
		total += (uint64_t)r;
	}
	S_dig_end(g);
	close(fd);
}

/*
 * Input digests (docs/site.md, "Publishing"): the bytes of what a page is
 * made from, each item with its length before it, gathered in a buffer
 * hashed with publish_hash (128 bits); a long one is hashed 64 KiB at a
 * time, each piece's hash starting the next.
 */
#define DIG_CHUNK 65536

static void
S_bdig(struct buf *b, const void *p, size_t n)
{
	uint64_t len = p ? (uint64_t)n : UINT64_MAX; /* NULL: no string at all */

	if (b->len >= DIG_CHUNK) {
		uint64_t h[2];

		publish_hash(b->buf, b->len, h);
		buf_reset(b);
		buf_add(b, h, sizeof(h));
	}
	buf_add(b, &len, sizeof(len));
	if (p && n)
		buf_add(b, p, n);
}

static void
S_bdig_str(struct buf *b, const char *str)
{
	S_bdig(b, str, str ? strlen(str) : 0);
}

static void
S_bdig_u64(struct buf *b, uint64_t v)
{
	S_bdig(b, &v, sizeof(v));
}

static void
S_bdig_end(struct buf *b, uint64_t out[2])
{
	publish_hash(b->buf ? b->buf : "", b->len, out);
	buf_reset(b);
}

void
site_dig(struct site *s, const void *p, size_t n)
{
	S_bdig(&s->dig, p, n);
}

void
site_dig_str(struct site *s, const char *str)
{
	S_bdig_str(&s->dig, str);
}

void
site_dig_u64(struct site *s, uint64_t v)
{
	S_bdig_u64(&s->dig, v);
}

void
site_dig_begin(struct site *s, const char *name)
{
	buf_reset(&s->dig);
	S_bdig(&s->dig, s->in->global, sizeof(s->in->global));
	S_bdig_str(&s->dig, name);
}

void
site_dig_item(struct site *s, const struct record *rec)
{
	const struct rec_info *in = &s->info[rec - s->r->recs];

	site_dig_u64(s, (uint64_t)rec->kind);
	site_dig_str(s, rec->id);
	site_dig(s, in->title, in->title_len);
	site_dig(s, in->date, in->date_len);
	site_dig(s, in->status, in->status_len);
	site_dig(s, in->status_key, in->status_key_len);
}

int
site_reuse(struct site *s)
{
	uint64_t in[2];
	size_t n, pages;

	S_bdig_end(&s->dig, in);
	n = publish_reuse(s->pub, in, &pages);
	if (n) {
		publish_scope_end(s->pub); /* nothing published now belongs to an earlier page */
		s->reused += n;
		s->reused_pages += pages;
		return 1;
	}
	publish_scope(s->pub, in);
	return 0;
}

/* Every file below dir of src (names and bytes), in name order. */
static void
S_bdig_tree(struct buf *b, struct source *src, const char *dir, unsigned depth)
{
	struct source_entry *v;
	struct buf path = BUF_INIT, data = BUF_INIT;
	size_t n, i;
	int too_large;

	if (depth > 8 || src->ops->list(src, dir, &v, &n) < 0) {
		S_bdig_str(b, "unreadable");
		return;
	}
	for (i = 0; i < n; i++) {
		buf_reset(&path);
		buf_addf(&path, "%s%s%s", dir, *dir ? "/" : "", v[i].name);
		S_bdig_str(b, path.buf);
		if (v[i].type == ENTRY_DIR)
			S_bdig_tree(b, src, path.buf, depth + 1);
		else if (src->ops->read(src, path.buf, (size_t)1 << 30, &data, &too_large) == 0)
			S_bdig(b, data.buf ? data.buf : "", data.len);
		else
			S_bdig_str(b, "unreadable");
	}
	source_entries_free(v, n);
	buf_free(&path);
	buf_free(&data);
}

/*
 * What every page depends on, into out: the program (a new build of svcgen
 * may render differently), the language, personal data shown or masked,
 * the records folder's name, svcgen.yaml (the site's title, the regions'
 * order, satisfied_at, the size limits, ...), whether there is a history
 * and whether it is complete (the navigation and every trail say so), and
 * every file of the templates folder: templates, labels, assets.
 */
static void
S_global_digest(const struct records *r, const struct site_opts *o, uint64_t out[2])
{
	struct buf b = BUF_INIT;
	struct source *tpl;
	struct stat st;

	S_bdig_str(&b, "svcgen " SVCGEN_VERSION);
	if (stat("/proc/self/exe", &st) == 0) {
		S_bdig_u64(&b, (uint64_t)st.st_size);
		S_bdig_u64(&b, (uint64_t)st.st_mtim.tv_sec);
		S_bdig_u64(&b, (uint64_t)st.st_mtim.tv_nsec);
	}
	S_bdig_str(&b, o->lang);
	S_bdig_u64(&b, (uint64_t)o->pii_show);
	S_bdig_str(&b, r->src->display);
	S_bdig_u64(&b, r->config_sum);
	S_bdig_u64(&b, o->history ? 1 + (uint64_t)o->history->incomplete : 0);
	S_bdig_u64(&b, (uint64_t)o->max_bytes);
	tpl = source_open_dir(o->templates_dir);
	if (tpl) {
		S_bdig_tree(&b, tpl, "", 0);
		source_close(tpl);
	} else {
		S_bdig_str(&b, "unreadable");
	}
	S_bdig_end(&b, out);
	buf_free(&b);
}

/* The digests many pages share (struct site_inputs), once S_prepare and S_attachments_first ran. */
/* Every diagnostic: where, what and how severe. */
static void
S_bdig_diags(struct buf *b, const struct diags *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		const struct diag *g = &d->v[i];

		S_bdig_str(b, g->path);
		S_bdig_u64(b, ((uint64_t)g->line << 32) | g->col);
		S_bdig_u64(b, ((uint64_t)g->severity << 16) | g->rule);
		S_bdig_str(b, g->message);
	}
}

static void
S_inputs(const struct site *s, struct site_inputs *in)
{
	const struct records *r = s->r;
	const struct history *h = s->o->history;
	struct buf b = BUF_INIT;
	size_t i;

	S_global_digest(r, s->o, in->global);
	/*
	 * All the statistics, the dashboard and the validation report read:
	 * the records' fields, not their Markdown bodies, which no figure reads.
	 */
	S_bdig(&b, in->global, sizeof(in->global));
	S_bdig_u64(&b, (uint64_t)s->o->today);
	for (i = 0; i < r->n; i++) {
		S_bdig_str(&b, r->recs[i].path);
		S_bdig_u64(&b, r->recs[i].fm_sum);
	}
	S_bdig_diags(&b, s->d);
	S_bdig_end(&b, in->fields);
	/* Which ids there are, and where their pages are: what links to a record need. */
	for (i = 0; i < r->n; i++) {
		S_bdig_str(&b, r->recs[i].path);
		S_bdig_str(&b, r->recs[i].id);
		S_bdig_u64(&b, (uint64_t)r->recs[i].kind << 1 | s->has_page[i]);
	}
	S_bdig_end(&b, in->ids);
	for (i = 0; i < s->nattach; i++) {
		S_bdig_str(&b, s->attach[i].path);
		S_bdig_str(&b, s->attach[i].name);
		S_bdig_u64(&b, (uint64_t)s->attach[i].cleaned);
	}
	S_bdig_end(&b, in->attach);
	/* The tip names every commit, and so every trail, finding and old version. */
	S_bdig_u64(&b, h ? h->ncommits : 0);
	if (h && h->ncommits)
		S_bdig(&b, h->commits[0].oid.id, GIT_OID_RAWSZ);
	S_bdig_end(&b, in->history);
	buf_free(&b);
}

void
site_input_digest(const struct records *r, const struct diags *d, const struct site_opts *o,
                  char out[33])
{
	struct digest g = {{1469598103934665603ULL, 0x84222325cbf29ce4ULL}};
	struct buf data = BUF_INIT, path = BUF_INIT;
	uint64_t global[2], recs[2];
	size_t i, j;

	/* The program, the options, svcgen.yaml and the templates folder. */
	S_global_digest(r, o, global);
	S_dig(&g, global, sizeof(global));
	S_dig_u64(&g, (uint64_t)o->today);
	/* The history: its tip names every commit and blob that trails show. */
	S_dig_u64(&g, o->history ? o->history->ncommits : 0);
	if (o->history && o->history->ncommits) {
		S_dig(&g, o->history->commits[0].oid.id, GIT_OID_RAWSZ);
		S_dig_u64(&g, (uint64_t)o->history->incomplete);
	}
	/* Every record's path and bytes, and the diagnostics, as the pages' digests take them. */
	for (i = 0; i < r->n; i++) {
		S_bdig_str(&data, r->recs[i].path);
		S_bdig_u64(&data, r->recs[i].sum);
	}
	S_bdig_diags(&data, d);
	S_bdig_end(&data, recs);
	S_dig(&g, recs, sizeof(recs));
	for (i = 0; i < r->n; i++) {
		const struct node *list =
		    r->recs[i].root ? node_field(r->recs[i].root, KEY_attachments) : NULL;

		for (j = 0; list && list->type == NODE_SEQ && j < list->n; j++) {
			if (!record_attachment_accepted(&list->u.kids[j]))
				continue;
			buf_reset(&path);
			buf_addf(&path, "attachments/%s", list->u.kids[j].u.str);
			S_dig_str(&g, path.buf);
			S_dig_attachment(&g, r->src, path.buf, r->cfg.attachment_bytes, &data);
		}
	}
	buf_free(&data);
	buf_free(&path);
	snprintf(out, 33, "%016llx%016llx", (unsigned long long)g.h[0], (unsigned long long)g.h[1]);
}

/* ---- The whole site -------------------------------------------------- */

static int
S_copy_asset(struct site *s, const char *name)
{
	struct buf text = BUF_INIT, path = BUF_INIT;
	int too_large, rc;

	buf_addf(&path, "assets/%s", name);
	rc = s->tpl_src->ops->read(s->tpl_src, path.buf, 8388608, &text, &too_large);
	if (rc < 0)
		term_error("%s/%s: %s", s->o->templates_dir, path.buf, strerror(errno));
	else
		rc = publish_file(s->pub, path.buf, text.buf, text.len);
	buf_free(&text);
	buf_free(&path);
	return rc;
}

/* ---- The audit trail, deleted records, the change log (SPEC §5) -------- */

#define CHANGES_PER_PAGE 50
#define FEED_ENTRIES 50

/* Does the deleted record of trail tr get a page (at its kind's folder, by its id)? */
static int
S_deleted_has_page(const struct site *s, const struct hist_trail *tr)
{
	return tr->deleted && tr->kind >= 0 && record_id_valid(tr->id, strlen(tr->id)) &&
	       !records_find_ci(s->r, tr->id);
}

/* The page of the record a trail is about, from `depth` folders down; null when none. */
static const struct tv *
S_trail_href(struct site *s, const struct hist_trail *tr, int depth)
{
	const struct record *rec = records_find(s->r, tr->id);

	if (rec && site_has_page(s, rec))
		return site_href(s, rec, depth);
	if (S_deleted_has_page(s, tr))
		return tv_str(&s->a, arena_printf(&s->a, "%s%s/%s.html", depth ? "../" : "",
		                                  S_kind_name(tr->kind), tr->id));
	return tv_null();
}

/* A commit as pages show it: hash, date, author, summary, trailers. */
static void
S_commit(struct site *s, struct tv *v, const struct hist_commit *c)
{
	char hex[GIT_OID_HEXSZ + 1], sh[8], when[FORMAT_TIME_SIZE];
	struct tv *trailers = tv_list(&s->a);
	const char *p, *eol;

	git_oid_tostr(hex, sizeof(hex), &c->oid);
	audit_short_hash(&c->oid, sh);
	tv_map_set_str(v, "hash", hex);
	tv_map_set_str(v, "short", sh);
	/* A time the calendar cannot hold is said to be invalid (docs/history.md). */
	tv_map_set_str(v, "date",
	               format_time(c->author_time, c->author_tz, when) < 0
	                   ? labels_get(s->l, "ui", "invalid_time")
	                   : when);
	tv_map_set_str(v, "author", c->author);
	tv_map_set_str(v, "summary", c->summary);
	for (p = c->trailers; (eol = strchr(p, '\n')) != NULL; p = eol + 1)
		tv_list_push(trailers, tv_strn(&s->a, p, (size_t)(eol - p)));
	tv_map_set(v, "trailers", trailers);
	tv_map_set_bool(v, "has_trailers", tv_len(trailers) > 0);
}

/* The findings about event k of trail t (findings are in trail, then event order). */
static struct tv *
S_event_findings(struct site *s, size_t t, size_t k)
{
	const struct findings *f = s->o->findings;
	struct tv *list = tv_list(&s->a);
	size_t lo = 0, hi = f ? f->n : 0;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (f->v[mid].trail < t || (f->v[mid].trail == t && f->v[mid].event < k))
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; f && lo < f->n && f->v[lo].trail == t && f->v[lo].event == k; lo++) {
		struct tv *item = tv_map(&s->a);

		tv_map_set_str(item, "rule", rule_table[f->v[lo].rule].id);
		tv_map_set_str(item, "label",
		               labels_get(s->l, "rule", rule_table[f->v[lo].rule].id));
		tv_list_push(list, item);
	}
	return list;
}

/* One change of a record: the commit, what happened, field by field. */
static struct tv *
S_event(struct site *s, size_t t, size_t k)
{
	const struct hist_trail *tr = &s->o->history->trails[t];
	const struct hist_event *e = &tr->ev[k];
	struct tv *v = tv_map(&s->a), *fields = tv_list(&s->a), *moved = NULL;
	struct record_version ov, nv;
	struct record_diff rd;
	size_t i;

	S_commit(s, v, &s->o->history->commits[e->commit]);
	tv_map_set_str(v, "change_key", hist_event_kind(e));
	tv_map_set_str(v, "change", labels_get(s->l, "change", hist_event_kind(e)));
	if (e->flags & EV_MOVED) {
		moved = tv_map(&s->a);
		tv_map_set_str(moved, "from", e->old_path);
		tv_map_set_str(moved, "to", e->new_path);
	}
	tv_map_set(v, "moved", moved ? moved : tv_null());
	memset(&rd, 0, sizeof(rd));
	if (!s->repo ||
	    audit_read_version(s->repo, &e->old, e->old_path, s->o->max_bytes, &s->a, &ov) < 0 ||
	    audit_read_version(s->repo, &e->new, e->new_path, s->o->max_bytes, &s->a, &nv) < 0) {
		/* A trail with a hole cannot be trusted: the build fails, the old site stays. */
		term_error("%s: cannot read a version of %s: %s", s->o->gitdir, tr->id,
		           gitrepo_why());
		s->failed = 1;
		rd.unreadable = 1;
	} else {
		audit_diff(&ov, &nv, tr->kind, s->o->pii_show, &s->a, &rd);
	}
	for (i = 0; i < rd.n; i++) {
		struct tv *row = tv_map(&s->a);

		tv_map_set_str(row, "field", rd.v[i].field);
		tv_map_set(row, "old", rd.v[i].old ? tv_str(&s->a, rd.v[i].old) : tv_null());
		tv_map_set(row, "new", rd.v[i].new ? tv_str(&s->a, rd.v[i].new) : tv_null());
		tv_list_push(fields, row);
	}
	tv_map_set(v, "fields", fields);
	tv_map_set_bool(v, "has_fields", rd.n > 0);
	/* A new record's values are its first version: folded away, still there. */
	tv_map_set_bool(v, "folded", (e->flags & EV_ADDED) && rd.n > 0);
	if (rd.body_added || rd.body_removed) {
		struct tv *body = tv_map(&s->a);

		tv_map_set_num(body, "added", (double)rd.body_added);
		tv_map_set_num(body, "removed", (double)rd.body_removed);
		tv_map_set(v, "body", body);
	} else {
		tv_map_set(v, "body", tv_null());
	}
	tv_map_set_bool(v, "unreadable", rd.unreadable);
	tv_map_set(v, "findings", S_event_findings(s, t, k));
	audit_diff_free(&rd);
	return v;
}

/*
 * What S_audit shows of trail tr (NULL: none), for an input digest: each
 * event's commit, what happened, its paths and versions, and its findings.
 */
static void
S_dig_trail(struct site *s, const struct hist_trail *tr)
{
	const struct history *h = s->o->history;
	const struct findings *f = s->o->findings;
	size_t k, t, lo = 0, hi = f ? f->n : 0;

	site_dig_u64(s, !h ? UINT64_MAX : tr ? tr->n : UINT64_MAX - 1);
	if (!tr)
		return;
	site_dig_u64(s, (uint64_t)tr->kind);
	for (k = 0; k < tr->n; k++) {
		const struct hist_event *e = &tr->ev[k];

		site_dig(s, h->commits[e->commit].oid.id, GIT_OID_RAWSZ);
		site_dig_u64(s, e->flags);
		site_dig(s, e->old.id, GIT_OID_RAWSZ);
		site_dig(s, e->new.id, GIT_OID_RAWSZ);
		site_dig_str(s, e->old_path);
		site_dig_str(s, e->new_path);
	}
	/* Its findings: in trail, then event order (S_event_findings). */
	t = (size_t)(tr - h->trails);
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (f->v[mid].trail < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; f && lo < f->n && f->v[lo].trail == t; lo++) {
		site_dig_u64(s, f->v[lo].event);
		site_dig_u64(s, f->v[lo].rule);
	}
}

/* The audit section of a record's page: its trail, newest first. */
static void
S_audit(struct site *s, const char *id, struct tv *page)
{
	const struct history *h = s->o->history;
	const struct hist_trail *tr = h ? history_trail(h, id) : NULL;
	struct tv *audit = tv_map(&s->a), *events = tv_list(&s->a);
	size_t k;

	tv_map_set_bool(audit, "no_git", !h);
	tv_map_set_bool(audit, "incomplete", h && h->incomplete);
	for (k = tr ? tr->n : 0; k-- > 0;)
		tv_list_push(events, S_event(s, (size_t)(tr - h->trails), k));
	tv_map_set(audit, "events", events);
	tv_map_set_bool(audit, "has_events", tv_len(events) > 0);
	tv_map_set_bool(audit, "empty", h && !tr);
	tv_map_set(page, "audit", audit);
}

/* The newest event of tr that deleted it. */
static const struct hist_event *
S_deletion(const struct hist_trail *tr)
{
	size_t k;

	for (k = tr->n; k-- > 0;)
		if (tr->ev[k].flags & EV_DELETED)
			return &tr->ev[k];
	return NULL;
}

/*
 * The pages of the history as a whole (the change log, the feed, the
 * findings) show commits, trails and findings, all named by the history's
 * tip, and link records by id: their digest is site_inputs.history and
 * site_inputs.ids with their name.
 */
static int
S_reuse_history(struct site *s, const char *path)
{
	site_dig_begin(s, path);
	site_dig(s, s->in->history, sizeof(s->in->history));
	site_dig(s, s->in->ids, sizeof(s->in->ids));
	return site_reuse(s);
}

/*
 * The page of a deleted record: its last content, marked deleted, and its
 * trail. Its input digest: the trail (whose events name the deleting
 * commit and the last version's blob), which ids exist and where their
 * pages are (its references, read from that version, are links when a
 * record has the id), and how attachments are published (links in its
 * body).
 */
static void
S_deleted_page(struct site *s, size_t t)
{
	const struct hist_trail *tr = &s->o->history->trails[t];
	const struct hist_event *e = S_deletion(tr);
	const struct hist_commit *c = &s->o->history->commits[e->commit];
	const char *path = arena_printf(&s->a, "%s/%s.html", S_kind_name(tr->kind), tr->id);
	struct tv *page, *del;
	struct record_version last;
	struct buf body = BUF_INIT;

	site_dig_begin(s, path);
	site_dig(s, s->in->ids, sizeof(s->in->ids));
	site_dig(s, s->in->attach, sizeof(s->in->attach));
	S_dig_trail(s, tr);
	if (site_reuse(s))
		return;
	del = tv_map(&s->a);

	page =
	    site_page(s, arena_printf(&s->a, "%s · %s", tr->id, labels_get(s->l, "ui", "deleted")),
	              1, S_kind_name(tr->kind));
	tv_map_set_str(page, "id", tr->id);
	tv_map_set_str(page, "kind", S_kind_name(tr->kind));
	tv_map_set_str(page, "kind_label", s->kind_label[tr->kind]);
	tv_map_set(page, "heading", tv_null());
	tv_map_set_str(page, "source", e->old_path);
	S_commit(s, del, c);
	tv_map_set(page, "deleted", del);
	S_set_cur(s, NULL);
	if (s->repo &&
	    audit_read_version(s->repo, &e->old, e->old_path, s->o->max_bytes, &s->a, &last) == 0 &&
	    last.readable) {
		tv_map_set(page, "fields", S_rows(s, tr->kind, last.root, 1));
		if (last.body && last.body_len) {
			struct markdown_opts mo = MARKDOWN_OPTS_INIT;

			mo.heading_shift = 2;
			mo.attachments_prefix = "../attachments/";
			mo.attachment_suffix = S_attachment_suffix;
			mo.attachment_arg = s;
			mo.task_done_label = labels_get(s->l, "ui", "task_done");
			mo.task_open_label = labels_get(s->l, "ui", "task_open");
			if (markdown_render(&body, last.body, last.body_len, &mo) >= 0)
				tv_map_set(page, "body", tv_strn(&s->a, body.buf, body.len));
		}
	}
	tv_map_set_bool(page, "has_backlinks", 0);
	tv_map_set_bool(page, "is_customer", 0);
	tv_map_set_bool(page, "has_satisfaction", 0);
	tv_map_set_bool(page, "has_attachments", 0);
	S_audit(s, tr->id, page);
	site_render(s, "record", page, path);
	buf_free(&body);
}

/* A commit of the change log: its records, linked, with what happened to each. */
static struct tv *
S_change_entry(struct site *s, size_t c, int depth)
{
	const struct history *h = s->o->history;
	struct tv *v = tv_map(&s->a), *recs = tv_list(&s->a);
	size_t i;

	S_commit(s, v, &h->commits[c]);
	for (i = h->by_commit[c]; i < h->by_commit[c + 1]; i++) {
		const struct hist_trail *tr = &h->trails[h->refs[i].trail];
		const struct hist_event *e = &tr->ev[h->refs[i].event];
		struct tv *r = tv_map(&s->a);

		tv_map_set_str(r, "id", tr->id);
		tv_map_set(r, "href", S_trail_href(s, tr, depth));
		tv_map_set_str(r, "kind_label", tr->kind >= 0 ? s->kind_label[tr->kind] : "");
		tv_map_set_str(r, "change_key", hist_event_kind(e));
		tv_map_set_str(r, "change", labels_get(s->l, "change", hist_event_kind(e)));
		tv_list_push(recs, r);
	}
	tv_map_set(v, "records", recs);
	return v;
}

/* The commits that changed records, newest first: the change log's entries. */
static size_t
S_changed_commits(const struct history *h, uint32_t **out)
{
	size_t c, n = 0;

	*out = xmalloc((h->ncommits ? h->ncommits : 1) * sizeof(**out));
	for (c = 0; c < h->ncommits; c++)
		if (h->by_commit[c] < h->by_commit[c + 1])
			(*out)[n++] = (uint32_t)c;
	return n;
}

static const char *
S_changes_page_name(struct site *s, size_t page)
{
	return page == 0 ? "index.html" : arena_printf(&s->a, "%zu.html", page + 1);
}

/* The change log: CHANGES_PER_PAGE commits a page, newest first. */
static void
S_change_log(struct site *s)
{
	uint32_t *list;
	size_t n = S_changed_commits(s->o->history, &list), pages, p, i;

	pages = n ? (n + CHANGES_PER_PAGE - 1) / CHANGES_PER_PAGE : 1;
	for (p = 0; p < pages && !s->failed; p++) {
		struct tv *page, *entries;

		if (S_reuse_history(s,
		                    arena_printf(&s->a, "changes/%s", S_changes_page_name(s, p)))) {
			arena_reset(&s->a);
			continue;
		}
		page = site_page(s, labels_get(s->l, "ui", "change_log"), 1, NULL);
		entries = tv_list(&s->a);

		for (i = p * CHANGES_PER_PAGE; i < n && i < (p + 1) * CHANGES_PER_PAGE; i++)
			tv_list_push(entries, S_change_entry(s, list[i], 1));
		tv_map_set(page, "entries", entries);
		tv_map_set_num(page, "page", (double)(p + 1));
		tv_map_set_num(page, "pages", (double)pages);
		tv_map_set_num(page, "total", (double)n);
		tv_map_set(page, "newer",
		           p ? tv_str(&s->a, S_changes_page_name(s, p - 1)) : tv_null());
		tv_map_set(page, "older",
		           p + 1 < pages ? tv_str(&s->a, S_changes_page_name(s, p + 1))
		                         : tv_null());
		tv_map_set_bool(page, "incomplete", s->o->history->incomplete);
		site_render(s, "changes", page,
		            arena_printf(&s->a, "changes/%s", S_changes_page_name(s, p)));
		arena_reset(&s->a);
	}
	free(list);
}

/*
 * A time as RFC 3339 in UTC, for the feed; NULL when its date is not from
 * 0001-01-01 to 9999-12-31 in UTC (docs/history.md).
 */
static const char *
S_rfc3339(struct site *s, int64_t t)
{
	char day[11];
	int64_t secs;

	if (!time_supported(t, 0))
		return NULL;
	format_date(day, local_day(t, 0));
	secs = t - local_day(t, 0) * 86400;
	return arena_printf(&s->a, "%sT%02d:%02d:%02dZ", day, (int)(secs / 3600),
	                    (int)(secs / 60 % 60), (int)(secs % 60));
}

/*
 * A stable IRI from a commit id: urn:uuid: with 128 of its bits, from the
 * hex digit `from` on (entries take 0, the feed 8: never the same string).
 */
static const char *
S_urn(struct site *s, const git_oid *oid, int from)
{
	char h[GIT_OID_HEXSZ + 1];
	const char *x = h + from;

	git_oid_tostr(h, sizeof(h), oid);
	return arena_printf(&s->a, "urn:uuid:%.8s-%.4s-%.4s-%.4s-%.12s", x, x + 8, x + 12, x + 16,
	                    x + 20);
}

/* An entry's text: what happened to which records, then the trailers. */
static const char *
S_feed_summary(struct site *s, const struct history *h, size_t c)
{
	struct buf b = BUF_INIT;
	const char *out;
	size_t i;

	for (i = h->by_commit[c]; i < h->by_commit[c + 1]; i++) {
		const struct hist_trail *tr = &h->trails[h->refs[i].trail];

		buf_addf(&b, "%s%s %s", i > h->by_commit[c] ? "; " : "",
		         labels_get(s->l, "change", hist_event_kind(&tr->ev[h->refs[i].event])),
		         tr->id);
	}
	if (*h->commits[c].trailers) {
		buf_adds(&b, "\n");
		buf_adds(&b, h->commits[c].trailers);
	}
	out = arena_strndup(&s->a, b.buf ? b.buf : "", b.len);
	buf_free(&b);
	return out;
}

/* s, valid UTF-8 (utf8_repair): what an XML document may hold. */
static const char *
S_feed_utf8(struct site *s, const char *str)
{
	struct buf b = BUF_INIT;
	const char *out;

	utf8_repair(&b, str, strlen(str));
	out = arena_strndup(&s->a, buf_str(&b), b.len);
	buf_free(&b);
	return out;
}

/*
 * The Atom feed (RFC 4287) of the newest changes. Its text from git is
 * made valid UTF-8, and html_escape replaces the characters XML forbids,
 * so that the feed is well-formed whatever a commit holds.
 */
static void
S_feed(struct site *s)
{
	const struct history *h = s->o->history;
	struct tv *feed, *entries;
	uint32_t *list;
	size_t n, i, shown;

	if (S_reuse_history(s, "changes.atom"))
		return;
	feed = tv_map(&s->a);
	entries = tv_list(&s->a);
	n = S_changed_commits(h, &list);

	tv_map_set_str(feed, "lang", s->o->lang);
	tv_map_set_str(feed, "site_title", s->r->cfg.title);
	tv_map_set(feed, "l", s->l->tv);
	/* The feed is that of the repository: named after its first commit. */
	tv_map_set_str(feed, "id",
	               h->ncommits ? S_urn(s, &h->commits[h->ncommits - 1].oid, 8)
	                           : "urn:uuid:00000000-0000-0000-0000-000000000000");
	/*
	 * An entry needs a date: a commit whose time the calendar cannot hold is
	 * left out of the feed (the change log lists it, its time invalid).
	 */
	for (i = 0; i < n && !S_rfc3339(s, h->commits[list[i]].time); i++)
		;
	tv_map_set_str(feed, "updated", S_rfc3339(s, i < n ? h->commits[list[i]].time : 0));
	for (shown = 0; i < n && shown < FEED_ENTRIES; i++) {
		const struct hist_commit *c = &h->commits[list[i]];
		const char *updated = S_rfc3339(s, c->time);
		struct tv *e;
		char sh[8];

		if (!updated)
			continue;
		shown++;
		e = S_change_entry(s, list[i], 0);
		audit_short_hash(&c->oid, sh);
		tv_map_set_str(e, "id", S_urn(s, &c->oid, 0));
		tv_map_set_str(e, "author", S_feed_utf8(s, c->author));
		tv_map_set_str(e, "summary", S_feed_utf8(s, c->summary));
		tv_map_set_str(e, "text", S_feed_utf8(s, S_feed_summary(s, h, list[i])));
		tv_map_set_str(e, "updated", updated);
		tv_map_set_str(e, "href",
		               arena_printf(&s->a, "changes/%s#c-%s",
		                            S_changes_page_name(s, i / CHANGES_PER_PAGE), sh));
		tv_list_push(entries, e);
	}
	tv_map_set(feed, "entries", entries);
	site_render(s, "feed", feed, "changes.atom");
	free(list);
}

/*
 * The first cells of an audit page's row: the record trail tr is about,
 * linked to its page (and anchor, or "") when it has one, as a row header.
 */
static void
S_trail_cell(struct site *s, struct buf *b, const struct hist_trail *tr, const char *anchor)
{
	const struct record *rec = records_find(s->r, tr->id);

	buf_adds(b, "<tr><th scope=\"row\">");
	if (rec && site_has_page(s, rec)) {
		const struct rec_info *in = &s->info[rec - s->r->recs];

		buf_adds(b, "<a href=\"");
		buf_add(b, in->href + 3, in->href_len - 3);
		buf_addf(b, "%s\">", anchor);
	} else if (S_deleted_has_page(s, tr)) {
		/* A valid id: nothing in the link needs escaping. */
		buf_addf(b, "<a href=\"%s/%s.html%s\">", S_kind_name(tr->kind), tr->id, anchor);
	} else {
		html_escape(b, tr->id, strlen(tr->id));
		buf_adds(b, "</th>");
		return;
	}
	html_escape(b, tr->id, strlen(tr->id));
	buf_adds(b, "</a></th>");
}

/* The commit cells of an audit page's row: hash, date, author, summary; the row's end. */
static void
S_commit_cells(struct site *s, struct buf *b, const struct hist_commit *c)
{
	char hex[GIT_OID_HEXSZ + 1], sh[8], when[FORMAT_TIME_SIZE];
	const char *date = when;

	git_oid_tostr(hex, sizeof(hex), &c->oid);
	audit_short_hash(&c->oid, sh);
	/* A time the calendar cannot hold is said to be invalid (docs/history.md). */
	if (format_time(c->author_time, c->author_tz, when) < 0)
		date = labels_get(s->l, "ui", "invalid_time");
	buf_addf(b, "<td><code title=\"%s\">%s</code></td><td class=\"date\">", hex, sh);
	html_escape(b, date, strlen(date));
	buf_adds(b, "</td><td>");
	html_escape(b, c->author, strlen(c->author));
	buf_adds(b, "</td><td>");
	html_escape(b, c->summary, strlen(c->summary));
	buf_adds(b, "</td></tr>\n");
}

/*
 * An audit page's list: its head for audit.html, {rows, more}, and the
 * whole on pages audit-NAME-pK.html (docs/site.md, "Long lists").
 */
static void
S_audit_list(struct site *s, struct tv *page, const char *name, const char *title,
             enum site_list_shape shape, const struct site_rows *rows)
{
	struct site_list l = {0};

	l.prefix = arena_printf(&s->a, "audit-%s-p", name);
	l.depth = 0;
	l.title = title;
	l.back = arena_printf(&s->a, "audit.html#h-%s", name);
	l.back_label = labels_get(s->l, "ui", "audit_findings");
	l.shape = shape;
	site_list_publish(s, &l, rows);
	tv_map_set(page, arena_printf(&s->a, "%s_rows", name), site_rows_head(s, rows));
	tv_map_set(page, arena_printf(&s->a, "%s_more", name), site_list_more(s, &l, rows->n, 0));
}

/*
 * The audit page: the findings (by record, then commit) and the deleted
 * records (by id), their counts, each list's first 20 and its whole on
 * pages of its own.
 */
static void
S_findings_page(struct site *s)
{
	const struct history *h = s->o->history;
	const struct findings *f = s->o->findings;
	const char *title = labels_get(s->l, "ui", "audit_findings");
	struct tv *page, *by;
	size_t per_rule[RULE__COUNT] = {0}, per_kind[KIND__COUNT + 1] = {0}, i, ndeleted = 0;
	struct site_rows rows;
	int k;

	/* Its full lists are published in the same scope, and kept with it. */
	if (S_reuse_history(s, "audit.html"))
		return;
	page = site_page(s, title, 0, NULL);
	by = tv_list(&s->a);
	memset(&rows, 0, sizeof(rows));
	for (i = 0; f && i < f->n; i++) {
		const struct hist_trail *tr = &h->trails[f->v[i].trail];
		const char *id = rule_table[f->v[i].rule].id, *label = labels_get(s->l, "rule", id);

		per_rule[f->v[i].rule]++;
		S_trail_cell(s, &rows.text, tr, "#audit");
		buf_adds(&rows.text, "<td>");
		html_escape(&rows.text, label, strlen(label));
		buf_addf(&rows.text, " <span class=\"muted\">[%s]</span></td>", id);
		S_commit_cells(s, &rows.text, &h->commits[tr->ev[f->v[i].event].commit]);
		site_rows_end(&rows);
	}
	for (k = 0; k < RULE__COUNT; k++)
		if (per_rule[k]) {
			struct tv *c = tv_map(&s->a);

			tv_map_set_str(c, "label", labels_get(s->l, "rule", rule_table[k].id));
			tv_map_set_str(c, "rule", rule_table[k].id);
			tv_map_set_num(c, "count", (double)per_rule[k]);
			tv_list_push(by, c);
		}
	tv_map_set(page, "findings_by_rule", by);
	tv_map_set_bool(page, "has_findings", rows.n > 0);
	tv_map_set_num(page, "count", (double)rows.n);
	S_audit_list(s, page, "findings", title, SITE_LIST_FINDINGS, &rows);
	/* Deleted records: not in any index, so listed here with who deleted them. */
	site_rows_reset(&rows);
	for (i = 0; i < h->ntrails; i++) {
		const struct hist_trail *tr = &h->trails[i];
		const char *kind;

		if (!tr->deleted)
			continue;
		ndeleted++;
		per_kind[tr->kind >= 0 ? tr->kind : KIND__COUNT]++;
		kind = tr->kind >= 0 ? s->kind_label[tr->kind] : "";
		S_trail_cell(s, &rows.text, tr, "");
		buf_adds(&rows.text, "<td>");
		html_escape(&rows.text, kind, strlen(kind));
		buf_adds(&rows.text, "</td>");
		S_commit_cells(s, &rows.text, &h->commits[S_deletion(tr)->commit]);
		site_rows_end(&rows);
	}
	by = tv_list(&s->a);
	for (k = 0; k < KIND__COUNT; k++)
		if (per_kind[k]) {
			struct tv *c = tv_map(&s->a);

			tv_map_set_str(c, "label", s->kind_label[k]);
			tv_map_set_num(c, "count", (double)per_kind[k]);
			tv_list_push(by, c);
		}
	tv_map_set(page, "deleted_by_kind", by);
	tv_map_set_bool(page, "has_deleted", ndeleted > 0);
	tv_map_set_num(page, "deleted_count", (double)ndeleted);
	S_audit_list(s, page, "deleted", labels_get(s->l, "ui", "deleted_records"),
	             SITE_LIST_DELETED, &rows);
	site_rows_free(&rows);
	tv_map_set_bool(page, "incomplete", h->incomplete);
	site_render(s, "audit", page, "audit.html");
}

/* The pages of the history as a whole (none without one). */
static void
S_history_pages(struct site *s)
{
	size_t t;

	if (!s->o->history)
		return;
	S_findings_page(s);
	arena_reset(&s->a);
	S_feed(s);
	arena_reset(&s->a);
	S_change_log(s);
	for (t = 0; t < s->o->history->ntrails && !s->failed; t++)
		if (S_deleted_has_page(s, &s->o->history->trails[t])) {
			S_deleted_page(s, t);
			arena_reset(&s->a);
		}
}

/*
 * A piece of the statistics pages and reports (site_stats.c). What they
 * show comes from the figures, which come from the records' fields,
 * svcgen.yaml and the as-of date, and from the diagnostics; so one digest
 * of those (site_inputs.fields) covers any of them. It changes with any
 * record's fields, so these are made again whenever one changes: correct,
 * if not incremental; what it spares is a build after a commit alone, an
 * edit of a Markdown body, or a change of what only other pages show (the
 * history, an attachment's bytes).
 */
static void
S_stats_part(struct site *s, int part)
{
	site_dig_begin(s, "stats and reports, part");
	site_dig_u64(s, (uint64_t)part);
	site_dig(s, s->in->fields, sizeof(s->in->fields));
	if (!site_reuse(s))
		site_stats_part(s, part);
}

/*
 * A worker: the index pages first (the largest pages, one per kind) and
 * the other pieces of the whole site, then record pages in batches,
 * whatever is left, until none is.
 */
static void *
S_render_records(void *arg)
{
	struct site *s = arg;
	size_t i, end;

	/* The pages of the whole site and the attachments, one a worker; then the records. */
	static void (*const whole[])(struct site *) = {S_dashboard,      S_validation_page,
	                                               S_standards_tree, S_search,
	                                               S_attachments,    S_history_pages};

	const size_t pieces = KIND__COUNT + ARRAY_LEN(whole) + SITE_STATS_PARTS;

	for (;;) {
		i = atomic_fetch_add(s->next_index, 1);
		if (i >= pieces || s->failed || publish_interrupted())
			break;
		if (i < KIND__COUNT)
			S_index_page(s, (int)i);
		else if (i < KIND__COUNT + ARRAY_LEN(whole))
			whole[i - KIND__COUNT](s);
		else
			S_stats_part(s, (int)(i - KIND__COUNT - ARRAY_LEN(whole)));
		/* Whatever the piece published after its site_reuse carries its digest; no more. */
		publish_scope_end(s->pub);
		arena_reset(&s->a);
		/* Only these pieces read the figures: after the last, record pages do not. */
		if (atomic_fetch_add(s->done_index, 1) + 1 == pieces && s->o->stats_done)
			s->o->stats_done(s->o->stats_ctx);
	}
	for (;;) {
		i = atomic_fetch_add(s->next, 32);
		if (i >= s->r->n || s->failed || publish_interrupted())
			break;
		end = i + 32 < s->r->n ? i + 32 : s->r->n;
		for (; i < end && !s->failed; i++) {
			if (!site_has_page(s, &s->r->recs[i]))
				continue;
			S_record_page(s, &s->r->recs[i]);
			publish_scope_end(s->pub);
			s->records++;
			arena_reset(&s->a);
		}
	}
	return NULL;
}

int
site_build(const struct records *r, const struct diags *d, const struct site_opts *o,
           struct publish *pub, struct site_stats *st)
{
	struct site s, *w;
	struct site_inputs in;
	struct labels l;
	struct arena keep, *prep_arenas;
	atomic_size_t next, next_index, done_index;
	unsigned jobs = jobs_for(r->n), j;

	memset(&s, 0, sizeof(s));
	s.r = r;
	s.d = d;
	s.o = o;
	s.pub = pub;
	s.l = &l;
	s.next = &next;
	s.next_index = &next_index;
	s.done_index = &done_index;
	atomic_init(&next, 0);
	atomic_init(&next_index, 0);
	atomic_init(&done_index, 0);
	arena_init(&s.a);
	if (labels_load(&l, o->templates_dir, o->lang) < 0)
		return -1;
	s.tpl_src = source_open_dir(o->templates_dir);
	if (!s.tpl_src) {
		term_error("%s: %s", o->templates_dir, strerror(errno));
		labels_free(&l);
		return -1;
	}
	/* Tables shared by every page live in keep, which no page resets. */
	arena_init(&keep);
	s.a = keep;
	S_tables(&s);
	keep = s.a;
	arena_init(&s.a);
	S_prepare(&s, jobs, &prep_arenas);
	S_attachments_first(&s);
	S_inputs(&s, &in);
	s.in = &in;
	/* The pages from here on read the figures. */
	if (o->stats_ready)
		o->stats_ready(o->stats_ctx);
	/* Record pages, in parallel: each worker a copy of s with its own arena. */
	w = xcalloc(jobs, sizeof(*w));
	for (j = 0; j < jobs; j++) {
		w[j] = s;
		arena_init(&w[j].a);
		memset(&w[j].out, 0, sizeof(w[j].out));
		memset(&w[j].refs, 0, sizeof(w[j].refs));
		memset(&w[j].dig, 0, sizeof(w[j].dig));
		w[j].near = (struct source_near)SOURCE_NEAR_INIT;
		w[j].parts = NULL;
		w[j].parts_cap = 0;
		/* Templates of its own: workers do not wait on each other's lock. */
		w[j].env = tpl_env_new(S_load_template, &w[j]);
		/* A git handle of its own too: old versions are read on every thread. */
		if (o->history && git_repository_open(&w[j].repo, o->gitdir) < 0) {
			term_error("%s: %s", o->gitdir, gitrepo_why());
			w[j].repo = NULL;
			s.failed = 1;
		}
	}
	threads_run(S_render_records, w, sizeof(*w), jobs);
	for (j = 0; j < jobs; j++) {
		s.failed |= w[j].failed;
		s.pages += w[j].pages;
		s.reused += w[j].reused;
		s.reused_pages += w[j].reused_pages;
		st->records += w[j].records;
		buf_free(&w[j].dig);
		source_near_close(&w[j].near);
		arena_free(&w[j].a);
		buf_free(&w[j].out);
		free(w[j].refs.v);
		free(w[j].parts);
		tpl_env_free(w[j].env);
		git_repository_free(w[j].repo);
	}
	free(w);
	if (!s.failed && (S_copy_asset(&s, "style.css") < 0 || S_copy_asset(&s, "app.js") < 0))
		s.failed = 1;
	/* The repository tracks site/ through this empty file. */
	if (!s.failed && publish_file(pub, ".gitkeep", "", 0) < 0)
		s.failed = 1;
	if (publish_interrupted())
		s.failed = 1;
	st->rendered = s.pages;
	st->pages = s.pages + s.reused_pages;
	st->reused = s.reused;
	source_close(s.tpl_src);
	labels_free(&l);
	arena_free(&s.a);
	buf_free(&s.out);
	free(s.refs.v);
	free(s.parts);
	free(s.links);
	free(s.start);
	free(s.has_page);
	free(s.info);
	for (j = 0; j < s.nattach; j++)
		free(s.attach[j].name);
	free((void *)s.attach);
	for (j = 0; j < jobs; j++)
		arena_free(&prep_arenas[j]);
	free(prep_arenas);
	arena_free(&keep);
	return s.failed ? -1 : 0;
}
