/*
 * digest.c - input digests (digest.h): of a page, of what many pages
 * share, and of the whole site.
 */
#include "site/digest.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check/validate.h"
#include "load/source.h"
#include "publish/publish.h"
#include "site/attachments.h"

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
	publish_hash(buf_str(b), b->len, out);
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
	site_dig(s, in->who, in->who_len);
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

/*
 * What a record's references show, for an input digest: for each, whether
 * a record has that id and of which kind (site_value links it, or says
 * "missing"; the link is the id under the kind's folder), and the names
 * shown beside the id.
 */
void
site_dig_refs(struct site *s, const struct rec_info *in)
{
	uint32_t k;

	for (k = 0; k < in->nrefs; k++) {
		const struct record *t =
		    in->refs[k].target ? &s->r->recs[in->refs[k].target - 1] : NULL;

		site_dig_u64(s, t ? (uint64_t)t->kind << 1 | (t->id != NULL) : UINT64_MAX);
		/* The names shown beside its id (site_value), and whether they are. */
		if (t) {
			size_t ti = (size_t)(t - s->r->recs);

			site_dig_u64(s, s->has_page[ti]);
			site_dig(s, s->info[ti].who, s->info[ti].who_len);
			site_dig(s, s->info[ti].title, s->info[ti].title_len);
		}
	}
}

/*
 * The pages of the whole department read the records' fields, the
 * diagnostics and the as-of date, and nothing else (besides the global
 * digest): their input digest is site_inputs.fields with their name. Any
 * change to a record's fields makes them again; one to a Markdown body
 * alone does not.
 */
int
site_reuse_whole(struct site *s, const char *path)
{
	site_dig_begin(s, path);
	site_dig(s, s->in->fields, sizeof(s->in->fields));
	return site_reuse(s);
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
			S_bdig(b, buf_str(&data), data.len);
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
	tpl = source_open_templates(o->templates_dir, r->src);
	if (tpl) {
		S_bdig_tree(&b, tpl, "", 0);
		source_close(tpl);
	} else {
		S_bdig_str(&b, "unreadable");
	}
	S_bdig_end(&b, out);
	buf_free(&b);
}

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

/* The digests many pages share (struct site_inputs), once site_prepare and site_attachments_first
 * ran. */
void
site_inputs_make(const struct site *s, struct site_inputs *in)
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
	for (i = 0; i < r->n; i++) {
		S_bdig(&b, s->info[i].who, s->info[i].who_len);
		S_bdig(&b, s->info[i].title, s->info[i].title_len);
	}
	S_bdig_end(&b, in->names);
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
