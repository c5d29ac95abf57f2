/*
 * prepare.c - what lists show of every record and who refers to whom,
 * derived once before the pages, on every core (prepare.h).
 */
#include "site/prepare.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "check/validate.h"
#include "site/values.h"

/* The field a record is called by in lists (besides its id), and the date lists show. */
/* The field a kind's records are called by besides their id, and the one they are dated by; -1:
 * none. */
static const int S_title_field[KIND__COUNT] = {
    [OBJ_customers] = KEY_name, [OBJ_equipment] = KEY_model,     [OBJ_service] = KEY_type,
    [OBJ_visits] = KEY_kind,    [OBJ_complaints] = KEY_category, [OBJ_standards] = KEY_title,
    [OBJ_staff] = KEY_name,     [OBJ_parts] = KEY_name,          [OBJ_shipments] = -1,
    [OBJ_dealers] = KEY_name,
};

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
		return site_enum_label(s, fi, v);
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
	enum schema_key df = record_date_key(rec->kind);
	const struct node *v = df < KEY__COUNT ? record_value(rec, df) : NULL;

	return v ? v->u.str : "";
}

/* A worker of site_prepare: its arena holds what it derives, kept for all pages. */
struct prep {
	struct site *s;
	struct arena a;
	struct ref *refs; /* the references of the record at hand */
	size_t nrefs, cap;
	atomic_size_t *next;
	int names; /* the second pass: the names beside ids, once every title is known */
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

	site_field_values(obj, map, vals);
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

/*
 * title as lists show it: at most SITE_TITLE_MAX characters, then "…", so
 * that a name of thousands of characters cannot make a list of 500 of them
 * megabytes long (docs/site.md, "Long lists"); the record's page shows it whole.
 */
const char *
site_list_title(struct arena *a, const char *title)
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

/* Derives record i's rec_info and whether it gets a page. */
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
	in->title = site_list_title(&p->a, in->full_title);
	in->title_len = (uint32_t)strlen(in->title);
	in->date = S_date_text(rec);
	in->date_len = (uint32_t)strlen(in->date);
	in->date_html = "";
	if (in->date_len) {
		struct buf b = BUF_INIT;

		site_time(s, &b, in->date, in->date_len);
		in->date_html = arena_strndup(&p->a, b.buf, b.len);
		in->date_html_len = (uint32_t)b.len;
		buf_free(&b);
	}
	in->status = S_status_text(s, rec);
	in->status_len = (uint32_t)strlen(in->status);
	in->status_key = st ? st->u.str : "";
	in->status_key_len = (uint32_t)strlen(in->status_key);
	if (rec->id) {
		in->id_len = (uint32_t)strlen(rec->id);
		in->href = arena_printf(&p->a, "../%s/%s.html", site_kind_name(rec->kind), rec->id);
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

/*
 * The first record of kind `kind` a reference of `in` in field `field`
 * names (index + 1), or 0: a ticket's customer, its first technician.
 */
static uint32_t
S_party(const struct site *s, const struct rec_info *in, int kind, int field)
{
	uint32_t k;

	for (k = 0; k < in->nrefs; k++) {
		const struct ref *r = &in->refs[k];

		if (r->target && s->r->recs[r->target - 1].kind == kind && r->field == field)
			return r->target;
	}
	return 0;
}

/* Appends " · " (but first) and the list title of record t (index + 1), cut to SITE_NAME_MAX. */
static void
S_add_name(const struct site *s, struct buf *b, uint32_t t)
{
	const char *name;
	size_t len, at = 0, n, cps;

	if (!t || !s->has_page[t - 1] || !(len = strlen(name = s->info[t - 1].full_title)))
		return;
	if (b->len)
		buf_adds(b, " · ");
	for (cps = 0; at < len && cps < SITE_NAME_MAX; cps++)
		at += (n = utf8_seq((const unsigned char *)name + at, len - at)) ? n : 1;
	buf_add(b, name, at);
	if (at < len)
		buf_adds(b, "…");
}

/*
 * Record i's names beside its id (rec_info.who): a customer's, staff
 * member's, dealer's or part's name, a unit's model, a standard's title;
 * for a ticket, visit or complaint its customer's and engineer's names,
 * for a shipment its receiver's. Names are never personal data
 * (docs/records.md): only contacts' names are, and no list shows them.
 */
static void
S_names(struct prep *p, size_t i, struct buf *b)
{
	const struct site *s = p->s;
	struct rec_info *in = &s->info[i];
	int kind = s->r->recs[i].kind;

	buf_reset(b);
	switch (kind) {
	case OBJ_service:
		S_add_name(s, b, S_party(s, in, OBJ_customers, F_service_customer));
		S_add_name(s, b, S_party(s, in, OBJ_staff, F_service_technicians));
		break;
	case OBJ_visits:
		S_add_name(s, b, S_party(s, in, OBJ_customers, F_visits_customer));
		S_add_name(s, b, S_party(s, in, OBJ_staff, F_visits_by));
		break;
	case OBJ_complaints:
		S_add_name(s, b, S_party(s, in, OBJ_customers, F_complaints_customer));
		S_add_name(s, b, S_party(s, in, OBJ_staff, F_complaints_owner));
		break;
	case OBJ_shipments:
		S_add_name(s, b, S_party(s, in, OBJ_customers, F_shipments_to));
		S_add_name(s, b, S_party(s, in, OBJ_dealers, F_shipments_to));
		break;
	default:
		if (s->has_page[i])
			S_add_name(s, b, (uint32_t)i + 1);
	}
	in->who = b->len ? arena_strdup(&p->a, buf_str(b)) : "";
	in->who_len = (uint32_t)b->len;
}

static void *
S_prepare_worker(void *arg)
{
	struct prep *p = arg;
	size_t n = p->s->r->n, i, end;
	struct buf b = BUF_INIT;

	if (p->names) {
		while ((i = atomic_fetch_add(p->next, 256)) < n)
			for (end = i + 256 < n ? i + 256 : n; i < end; i++)
				S_names(p, i, &b);
		buf_free(&b);
		return NULL;
	}

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
void
site_prepare(struct site *s, unsigned jobs, struct arena **arenas)
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
	/* The names beside ids read other records' titles: a pass of their own. */
	atomic_store(&next, 0);
	for (j = 0; j < jobs; j++)
		w[j].names = 1;
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
