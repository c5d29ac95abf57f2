/*
 * page.c - what every page is made with (page.h): the labels, navigation
 * and map keys looked up once, templates read and rendered, a page's frame,
 * links to records and records as list items.
 */
#include "site/page.h"

#include <errno.h>
#include <string.h>

#include "base/error.h"
#include "base/escape.h"
#include "base/util.h"
#include "load/source.h"
#include "model/value.h"

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
const struct tv *
site_str(struct site *s, const char *str)
{
	return tv_str_ref(&s->a, str, strlen(str));
}

/* Sets key to site_str(str). */
void
site_set_ref(struct site *s, struct tv *map, const char *key, const char *str)
{
	tv_map_set(map, key, site_str(s, str));
}

/* The names of the keys of page.h's maps, by place. */
static const char *const S_value_keys[VK__COUNT] = {
    [VK_HREF] = "href",       [VK_MASKED] = "masked", [VK_MISSING] = "missing",
    [VK_INVALID] = "invalid", [VK_TEXT] = "text",     [VK_DATETIME] = "datetime"};
static const char *const S_row_keys[RK__COUNT] = {[RK_LABEL] = "label",
                                                  [RK_NAME] = "name",
                                                  [RK_SUB] = "sub",
                                                  [RK_TABLE] = "table",
                                                  [RK_VALUES] = "values"};
static const char *const S_item_keys[IK__COUNT] = {
    [IK_ID] = "id",     [IK_HREF] = "href",     [IK_TITLE] = "title",
    [IK_DATE] = "date", [IK_STATUS] = "status", [IK_STATUS_KEY] = "status_key",
    [IK_WHO] = "who"};
static const char *const S_cell_keys[CK__COUNT] = {
    [CK_NAME] = "name", [CK_LABEL] = "label", [CK_VALUE] = "value",        [CK_N] = "n",
    [CK_KEY] = "key",   [CK_RANK] = "rank",   [CK_RANK_DESC] = "rank_desc"};
static const char *const S_index_row_keys[XK__COUNT] = {
    [XK_L] = "l", [XK_ID] = "id", [XK_HREF] = "href", [XK_RANK] = "id_rank", [XK_CELLS] = "cells"};
#define PAGE_KEYS                                                                                  \
	[PK_LANG] = "lang", [PK_ROOT] = "root", [PK_SITE_TITLE] = "site_title",                    \
	[PK_TITLE] = "title", [PK_L] = "l", [PK_NAV] = "nav", [PK_HAS_HISTORY] = "has_history",    \
	[PK_ZONE] = "zone"
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

/* A kind's name: its folder on the site. */
const char *
site_kind_name(int kind)
{
	return schema_object(kind)->name;
}

/* Natural order: runs of digits compare as numbers ("ST-9" < "ST-10"), then bytes. */
int
site_natcmp(const char *a, const char *b)
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

/* ---- Templates ---------------------------------------------------------- */

#define TEMPLATE_MAX_BYTES 1048576 /* docs/site.md */

int
site_load_template(void *arg, const char *name, struct buf *text)
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
		buf_addf(text, "templates: %s: %s", path.buf,
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
		error_set("template '%s' not found in the templates", tpl_name);
		s->failed = 1;
		return -1;
	}
	if (rc < 0 || tpl_render_refs(out, refs, t, data, s->env, &err) < 0) {
		tpl_error_format(&msg, &err);
		error_set("%s", buf_str(&msg)); /* it may quote the template */
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

/* ---- Links and list items ---------------------------------------------- */

const char *
site_root(int depth)
{
	return depth == 0 ? "" : depth == 1 ? "../" : depth == 2 ? "../../" : "../../../";
}

/* Does this record get a page? The first of its id, with an id at all. */
int
site_has_page(const struct site *s, const struct record *rec)
{
	return s->has_page[rec - s->r->recs];
}

/* The link to a record (with an id) from a page `depth` folders down. */
const struct tv *
site_href(struct site *s, const struct record *rec, int depth)
{
	const struct rec_info *in = &s->info[rec - s->r->recs];
	uint32_t skip = depth ? 0 : 3;

	return tv_str_ref(&s->a, in->href + skip, in->href_len - skip);
}

/* The link to the page of a record by id from `depth` folders down, or null. */
const struct tv *
site_id_href(struct site *s, const char *id, int depth)
{
	const struct record *rec = id ? records_find(s->r, id) : NULL;

	return rec && site_has_page(s, rec) ? site_href(s, rec, depth) : tv_null();
}

/* The record whose diagnostics carry display path `path`, or NULL. */
const struct record *
site_record_at(const struct site *s, const char *path)
{
	return records_find_display(s->r, path);
}

/* A record in a list: {id, href, title, date, status, status_key, who}. */
struct tv *
site_item(struct site *s, const struct record *rec, int depth)
{
	const struct rec_info *in = &s->info[rec - s->r->recs];
	struct tv *it = tv_map_keyed(&s->a, s->item_keys);

	tv_map_set_at(it, IK_ID, tv_str_ref(&s->a, rec->id, in->id_len));
	tv_map_set_at(it, IK_HREF, site_href(s, rec, depth));
	tv_map_set_at(it, IK_TITLE, tv_str_ref(&s->a, in->title, in->title_len));
	/* HTML (site_time): templates show it as {{{date}}}. */
	tv_map_set_at(it, IK_DATE, tv_str_ref(&s->a, in->date_html, in->date_html_len));
	tv_map_set_at(it, IK_STATUS, tv_str_ref(&s->a, in->status, in->status_len));
	tv_map_set_at(it, IK_STATUS_KEY, tv_str_ref(&s->a, in->status_key, in->status_key_len));
	tv_map_set_at(it, IK_WHO, tv_str_ref(&s->a, in->who, in->who_len));
	return it;
}

int
site_dated_cmp(const void *pa, const void *pb)
{
	const struct dated *a = pa, *b = pb;
	int c = strcmp(b->date, a->date);

	/* Records are in path order, so their addresses break ties like paths. */
	return c ? c : (a->rec > b->rec) - (a->rec < b->rec);
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
		    site_cat(&s->a, site_root(depth), site_kind_name(kind), "/index.html", NULL));
		tv_map_set_bool(item, "current", kind == section);
		tv_list_push(nav, item);
	}
	return nav;
}

/* Labels and navigation, looked up once for all pages (in the arena of s). */
void
site_tables(struct site *s)
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
		s->kind_label[k] = labels_get(s->l, "kind", site_kind_name(k));
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
struct tv *
site_page_keyed(struct site *s, const struct tv_keys *keys, const char *title, int depth,
                const char *section)
{
	struct tv *p = tv_map_keyed(&s->a, keys);
	int kind = section ? schema_kind_lookup(section) : -1;
	char zone[10];

	tv_map_set_at(p, PK_LANG, tv_str(&s->a, s->o->lang));
	tv_map_set_at(p, PK_ROOT, site_str(s, site_root(depth)));
	tv_map_set_at(p, PK_SITE_TITLE, tv_str(&s->a, s->r->cfg.title));
	tv_map_set_at(p, PK_TITLE, tv_str(&s->a, title));
	tv_map_set_at(p, PK_L, s->l->tv);
	/* Deeper pages (full lists, lists/KIND/ID/) make theirs. */
	tv_map_set_at(p, PK_NAV,
	              depth > 1 ? S_nav(s, depth, kind)
	                        : s->nav[depth > 0][kind >= 0 ? kind : KIND__COUNT]);
	tv_map_set_at(p, PK_HAS_HISTORY, tv_bool(s->o->history != NULL));
	/* The zone every time on the site is shown in (docs/site.md, "Dates and times"). */
	format_zone(s->r->cfg.tzoff, zone);
	tv_map_set_at(p, PK_ZONE, tv_strn(&s->a, zone, 9));
	return p;
}

struct tv *
site_page(struct site *s, const char *title, int depth, const char *section)
{
	return site_page_keyed(s, s->page_keys, title, depth, section);
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
