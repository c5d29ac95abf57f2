/*
 * standards_tree.c - the standards tree's pages and the full lists of
 * their citations (standards_tree.h).
 */
#include "site/standards_tree.h"

#include <stdlib.h>
#include <string.h>

#include "check/validate.h"
#include "site/digest.h"
#include "site/list.h"
#include "site/values.h"

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
		t = site_ref_target(s, record_value(rec, KEY_supersedes));
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
	const struct record *target = site_ref_target(s, record_value(rec, KEY_supersedes));
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
	qsort(dated, ncited, sizeof(*dated), site_dated_cmp);
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
void
site_standards_tree(struct site *s)
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
