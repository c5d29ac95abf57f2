/*
 * trail_pages.c - the history on the site (trail_pages.h): trails,
 * deleted records, the change log, the feed, the audit page.
 */
#include "site/trail_pages.h"

#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/escape.h"
#include "check/validate.h"
#include "history/audit.h"
#include "model/typecheck.h"
#include "model/value.h"
#include "render/markdown.h"
#include "site/attachments.h"
#include "site/digest.h"
#include "site/list.h"
#include "site/values.h"

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
		                                  site_kind_name(tr->kind), tr->id));
	return tv_null();
}

/* A commit as pages show it: hash, date, author, summary, trailers. */
static void
S_commit(struct site *s, struct tv *v, const struct hist_commit *c)
{
	char hex[GIT_OID_HEXSZ + 1], sh[8];
	struct tv *trailers = tv_list(&s->a);
	const char *p, *eol;

	git_oid_tostr(hex, sizeof(hex), &c->oid);
	audit_short_hash(&c->oid, sh);
	tv_map_set_str(v, "hash", hex);
	tv_map_set_str(v, "short", sh);
	/* HTML (site_commit_time): templates show it as {{{date}}}. */
	tv_map_set_str(v, "date", site_commit_time_html(s, c->author_time, c->author_tz));
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

/*
 * A changed field's path ("acceptance.technical_state", "parts[0].part")
 * in the site's words: each key by its label, a list item by its number
 * ("验收 · 技术状态", "配件 #1 · 配件"); *leaf is the schema field it ends
 * at, or -1. A key the schema does not know (x- keys) stays as it is; a
 * path that does not read as keys and items stays whole.
 */
static const char *
S_field_words(struct site *s, int kind, const char *path, int *leaf)
{
	struct buf b = BUF_INIT;
	const char *p = path, *out;
	char *end;
	int obj = kind, fi = -1;

	while (*p) {
		size_t n = strcspn(p, ".[");

		if (n) {
			fi = obj >= 0 ? schema_field_lookup(obj, p, n) : -1;
			if (b.len)
				buf_adds(&b, " · ");
			if (fi >= 0)
				buf_adds(&b, s->field_label[fi]);
			else
				buf_add(&b, p, n);
			obj = fi >= 0 && schema_fields[fi].type == T_OBJECT ? schema_fields[fi].sub
			                                                    : -1;
			p += n;
		}
		if (*p == '[') {
			unsigned long item = strtoul(p + 1, &end, 10);

			if (end == p + 1 || *end != ']')
				break;
			buf_addf(&b, " #%lu", item + 1);
			p = end + 1;
		}
		if (*p == '.' && p[1])
			p++;
		else if (*p)
			break;
	}
	if (*p) { /* not keys and items: the path as it is */
		fi = -1;
		buf_reset(&b);
		buf_adds(&b, path);
	}
	*leaf = fi;
	out = arena_strndup(&s->a, b.buf, b.len);
	buf_free(&b);
	return out;
}

/* A changed value as the record page shows it: an enumeration's or a yes/no's label. */
static const char *
S_value_words(struct site *s, int fi, const char *text)
{
	const struct field *f = fi >= 0 ? &schema_fields[fi] : NULL;
	size_t i;

	if (f && f->type == T_ENUM)
		for (i = 0; f->values[i]; i++)
			if (!strcmp(f->values[i], text))
				return s->enum_label[fi][i];
	if (f && f->type == T_BOOL && (!strcmp(text, "true") || !strcmp(text, "false")))
		return labels_get(s->l, "ui", text[0] == 't' ? "yes" : "no");
	return text;
}

/*
 * S_value_words as HTML, a date or time as every page shows it
 * (site_time), for event.mustache's {{{old}}} and {{{new}}}.
 */
static const struct tv *
S_value_html(struct site *s, int fi, const char *text)
{
	const struct field *f = fi >= 0 ? &schema_fields[fi] : NULL;
	struct buf b = BUF_INIT;
	const char *words;
	const struct tv *v;

	if (!text)
		return tv_null();
	if (f && (f->type == T_DATE || f->type == T_DATETIME || f->type == T_DAY)) {
		site_time(s, &b, text, strlen(text));
	} else {
		words = S_value_words(s, fi, text);
		html_escape(&b, words, strlen(words));
	}
	v = tv_strn(&s->a, buf_str(&b), b.len);
	buf_free(&b);
	return v;
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
		/* Without a handle, its opening failed and said so (build.c). */
		if (s->repo)
			error_context("%s: cannot read a version of %s", s->o->gitdir, tr->id);
		s->failed = 1;
		rd.unreadable = 1;
	} else {
		audit_diff(&ov, &nv, tr->kind, s->o->pii_show, &s->a, &rd);
	}
	for (i = 0; i < rd.n; i++) {
		struct tv *row = tv_map(&s->a);
		int fi;

		tv_map_set_str(row, "path", rd.v[i].field);
		tv_map_set_str(row, "field", S_field_words(s, tr->kind, rd.v[i].field, &fi));
		tv_map_set(row, "old", S_value_html(s, fi, rd.v[i].old));
		tv_map_set(row, "new", S_value_html(s, fi, rd.v[i].new));
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
	tv_map_set_bool(v, "reopened", audit_is_reopening(&rd, tr->kind));
	audit_diff_free(&rd);
	return v;
}

/*
 * What site_audit shows of trail tr (NULL: none), for an input digest: each
 * event's commit, what happened, its paths and versions, and its findings.
 */
void
site_dig_trail(struct site *s, const struct hist_trail *tr)
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
void
site_audit(struct site *s, const char *id, struct tv *page)
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
 * tip, and link records by id with their names beside: their digest is
 * site_inputs.history, site_inputs.ids and site_inputs.names with their
 * name.
 */
static int
S_reuse_history(struct site *s, const char *path)
{
	site_dig_begin(s, path);
	site_dig(s, s->in->history, sizeof(s->in->history));
	site_dig(s, s->in->ids, sizeof(s->in->ids));
	site_dig(s, s->in->names, sizeof(s->in->names));
	return site_reuse(s);
}

/*
 * The page of a deleted record: its last content, marked deleted, and its
 * trail. Its input digest: the trail (whose events name the deleting
 * commit and the last version's blob), which ids exist and where their
 * pages are (its references, read from that version, are links when a
 * record has the id, with its names or title: site_inputs.names), and how
 * attachments are published (links in its body).
 */
static void
S_deleted_page(struct site *s, size_t t)
{
	const struct hist_trail *tr = &s->o->history->trails[t];
	const struct hist_event *e = S_deletion(tr);
	const struct hist_commit *c = &s->o->history->commits[e->commit];
	const char *path = arena_printf(&s->a, "%s/%s.html", site_kind_name(tr->kind), tr->id);
	struct tv *page, *del;
	struct record_version last;
	struct buf body = BUF_INIT;

	site_dig_begin(s, path);
	site_dig(s, s->in->ids, sizeof(s->in->ids));
	site_dig(s, s->in->names, sizeof(s->in->names));
	site_dig(s, s->in->attach, sizeof(s->in->attach));
	site_dig_trail(s, tr);
	if (site_reuse(s))
		return;
	del = tv_map(&s->a);

	page =
	    site_page(s, arena_printf(&s->a, "%s · %s", tr->id, labels_get(s->l, "ui", "deleted")),
	              1, site_kind_name(tr->kind));
	tv_map_set_str(page, "id", tr->id);
	tv_map_set_str(page, "kind", site_kind_name(tr->kind));
	tv_map_set_str(page, "kind_label", s->kind_label[tr->kind]);
	tv_map_set(page, "heading", tv_null());
	tv_map_set_str(page, "source", e->old_path);
	S_commit(s, del, c);
	tv_map_set(page, "deleted", del);
	site_set_cur(s, NULL);
	if (s->repo &&
	    audit_read_version(s->repo, &e->old, e->old_path, s->o->max_bytes, &s->a, &last) == 0 &&
	    last.readable) {
		tv_map_set(page, "fields", site_field_rows(s, tr->kind, last.root, 1));
		if (last.body && last.body_len) {
			struct markdown_opts mo;

			site_body_opts(s, &mo);
			if (markdown_render(&body, last.body, last.body_len, &mo) >= 0)
				tv_map_set(page, "body", tv_strn(&s->a, body.buf, body.len));
		}
	}
	tv_map_set_bool(page, "has_backlinks", 0);
	tv_map_set_bool(page, "is_customer", 0);
	tv_map_set_bool(page, "has_satisfaction", 0);
	tv_map_set_bool(page, "has_attachments", 0);
	site_audit(s, tr->id, page);
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

		const struct record *rec = records_find(s->r, tr->id);

		tv_map_set_str(r, "id", tr->id);
		tv_map_set(r, "href", S_trail_href(s, tr, depth));
		/* A live record's names beside its id, as every list shows them. */
		if (rec && site_has_page(s, rec))
			site_set_ref(s, r, "who", s->info[rec - s->r->recs].who);
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
	out = arena_strndup(&s->a, buf_str(&b), b.len);
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
		buf_addf(b, "<a href=\"%s/%s.html%s\">", site_kind_name(tr->kind), tr->id, anchor);
	} else {
		html_escape(b, tr->id, strlen(tr->id));
		buf_adds(b, "</th>");
		return;
	}
	html_escape(b, tr->id, strlen(tr->id));
	buf_adds(b, "</a>");
	if (rec && site_has_page(s, rec))
		site_record_who(b, &s->info[rec - s->r->recs]);
	buf_adds(b, "</th>");
}

/* The commit cells of an audit page's row: hash, date, author, summary; the row's end. */
static void
S_commit_cells(struct site *s, struct buf *b, const struct hist_commit *c)
{
	char hex[GIT_OID_HEXSZ + 1], sh[8];

	git_oid_tostr(hex, sizeof(hex), &c->oid);
	audit_short_hash(&c->oid, sh);
	buf_addf(b, "<td><code title=\"%s\">%s</code></td><td class=\"date\">", hex, sh);
	site_commit_time(s, b, c->author_time, c->author_tz);
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
void
site_history_pages(struct site *s)
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
