/* audit.c - field-level differences and audit findings (docs/history.md). */
#include "history/audit.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load/parse.h"
#include "model/pii.h"
#include "model/schema.h"

#define MAX_DIFF_DEPTH 32
#define MAX_EDIT_STEPS 4096 /* body lines: beyond this, the counts are the changed span */

void
audit_short_hash(const git_oid *oid, char out[8])
{
	char hex[GIT_OID_HEXSZ + 1];

	git_oid_tostr(hex, sizeof(hex), oid);
	memcpy(out, hex, 7);
	out[7] = '\0';
}

int
audit_read_version(git_repository *repo, const git_oid *oid, const char *path, size_t max,
                   struct arena *a, struct record_version *v)
{
	static const struct node_limits lim = {32, NULL};
	const char *dot = path ? strrchr(path, '.') : NULL;
	size_t len, fm_off, fm_len, body_off;
	uint32_t body_line;
	struct diags quiet;
	const char *text;
	git_blob *b;
	int unclosed, empty;

	memset(v, 0, sizeof(*v));
	if (!oid || git_oid_is_zero(oid))
		return 0;
	v->present = 1;
	if (git_blob_lookup(&b, repo, oid) < 0)
		return gitrepo_fail("%s", "");
	if (git_blob_rawsize(b) > max) {
		git_blob_free(b);
		return 0;
	}
	len = (size_t)git_blob_rawsize(b);
	text = arena_strndup(a, git_blob_rawcontent(b), len);
	git_blob_free(b);
	/* Problems of old versions were reported in their day. */
	diags_init(&quiet);
	if (dot && !strcmp(dot, ".md")) {
		if (load_front_matter(text, len, &fm_off, &fm_len, &body_off, &body_line,
		                      &unclosed) == 0) {
			v->root =
			    node_parse(a, text + fm_off, fm_len, 1, path, &lim, &quiet, &empty);
			v->body = text + body_off;
			v->body_len = len - body_off;
		}
	} else {
		v->root = node_parse(a, text, len, 0, path, &lim, &quiet, &empty);
	}
	diags_free(&quiet);
	v->readable = v->root && v->root->type == NODE_MAP;
	if (!v->readable)
		v->root = NULL;
	return 0;
}

/* ---- fields */

struct differ {
	struct arena *a;
	struct record_diff *out;
	struct buf path;
	int show_pii;
};

static void
S_add(struct differ *df, const char *old, const char *new)
{
	struct record_diff *o = df->out;

	o->v = xgrow(o->v, sizeof(*o->v), o->n + 1, &o->cap);
	o->v[o->n].field = arena_strndup(df->a, df->path.buf, df->path.len);
	o->v[o->n].old = old;
	o->v[o->n].new = new;
	o->n++;
}

/* A value as shown: the scalar (masked for a PII field), or a short form. */
static const char *
S_shown(struct differ *df, const struct field *f, const struct node *n)
{
	struct buf b = BUF_INIT;
	const char *s;

	if (!n)
		return NULL;
	switch (n->type) {
	case NODE_SCALAR:
		if (f && (f->flags & PII) && !df->show_pii) {
			pii_mask(&b, f->type, n->u.str, node_len(n));
			s = arena_strndup(df->a, b.buf, b.len);
			buf_free(&b);
			return s;
		}
		return arena_strndup(df->a, n->u.str, node_len(n));
	case NODE_MAP:
		return "{…}";
	case NODE_SEQ:
		return "[…]";
	default:
		return "~";
	}
}

static int
S_same_scalar(const struct node *a, const struct node *b)
{
	size_t n = node_len(a);

	return n == node_len(b) && !memcmp(a->u.str, b->u.str, n);
}

static const struct node *
S_get(const struct node *map, const struct node *key)
{
	size_t i;

	if (!map || map->type != NODE_MAP)
		return NULL;
	for (i = 0; i < map->n; i++) {
		const struct node *k = &map->u.kids[2 * i];

		if (k->type == NODE_SCALAR && S_same_scalar(k, key))
			return &map->u.kids[2 * i + 1];
	}
	return NULL;
}

static void S_diff_node(struct differ *df, const struct node *a, const struct node *b, int obj,
                        const struct field *f, unsigned depth);

/* The field of key in object obj (or NULL), and the object its value is. */
static const struct field *
S_field(int obj, const struct node *key, int *sub)
{
	int fi = obj >= 0 ? schema_field_lookup(obj, key->u.str, key->n) : -1;
	const struct field *f = fi >= 0 ? &schema_fields[fi] : NULL;

	*sub = f && f->type == T_OBJECT ? f->sub : -1;
	return f;
}

static void
S_diff_map(struct differ *df, const struct node *a, const struct node *b, int obj, unsigned depth)
{
	size_t keep = df->path.len, i, side;

	/* The old keys in their order, then the keys only the new side has. */
	for (side = 0; side < 2; side++) {
		const struct node *m = side ? b : a, *other = side ? a : b;

		for (i = 0; m && m->type == NODE_MAP && i < m->n; i++) {
			const struct node *k = &m->u.kids[2 * i], *v = &m->u.kids[2 * i + 1];
			const struct node *ov;
			const struct field *f;
			int sub;

			if (k->type != NODE_SCALAR)
				continue;
			ov = S_get(other, k);
			if (side && ov)
				continue;
			f = S_field(obj, k, &sub);
			if (df->path.len)
				buf_addc(&df->path, '.');
			buf_add(&df->path, k->u.str, k->n);
			if (side)
				S_diff_node(df, NULL, v, sub, f, depth + 1);
			else
				S_diff_node(df, v, ov, sub, f, depth + 1);
			buf_setlen(&df->path, keep);
		}
	}
}

static void
S_diff_node(struct differ *df, const struct node *a, const struct node *b, int obj,
            const struct field *f, unsigned depth)
{
	size_t keep = df->path.len, i, n;

	if (depth > MAX_DIFF_DEPTH)
		return;
	if (a && b && a->type == NODE_MAP && b->type == NODE_MAP) {
		S_diff_map(df, a, b, obj, depth);
	} else if ((a && a->type == NODE_MAP && !b) || (b && b->type == NODE_MAP && !a)) {
		S_diff_map(df, a, b, obj, depth);
	} else if ((!a || a->type == NODE_SEQ) && (!b || b->type == NODE_SEQ) && (a || b)) {
		n = a && b ? (a->n > b->n ? a->n : b->n) : a ? a->n : b->n;
		for (i = 0; i < n; i++) {
			buf_addf(&df->path, "[%zu]", i);
			S_diff_node(df, a && i < a->n ? &a->u.kids[i] : NULL,
			            b && i < b->n ? &b->u.kids[i] : NULL, obj, f, depth + 1);
			buf_setlen(&df->path, keep);
		}
	} else if (!a || !b || a->type != b->type ||
	           (a->type == NODE_SCALAR && !S_same_scalar(a, b))) {
		S_add(df, S_shown(df, f, a), S_shown(df, f, b));
	}
}

/* ---- body lines: an edit script's length (Myers), bounded */

struct lines {
	uint64_t *h;
	size_t n;
};

static void
S_lines(const char *s, size_t len, struct lines *l)
{
	size_t i = 0, cap = 0;

	l->h = NULL;
	l->n = 0;
	while (i < len) {
		const char *eol = memchr(s + i, '\n', len - i);
		size_t end = eol ? (size_t)(eol - s) : len;

		l->h = xgrow(l->h, sizeof(*l->h), l->n + 1, &cap);
		l->h[l->n++] = hash_bytes(s + i, end - i);
		i = end + 1;
	}
}

/* Lines removed from a and added in b, as a shortest edit script counts them. */
static void
S_count_lines(const struct lines *a, const struct lines *b, size_t *added, size_t *removed)
{
	size_t pre = 0, suf = 0, n, m, max, d;
	long *v, k, x, y, off;
	int done = 0;

	while (pre < a->n && pre < b->n && a->h[pre] == b->h[pre])
		pre++;
	while (suf < a->n - pre && suf < b->n - pre && a->h[a->n - 1 - suf] == b->h[b->n - 1 - suf])
		suf++;
	n = a->n - pre - suf;
	m = b->n - pre - suf;
	*removed = n;
	*added = m;
	if (!n || !m)
		return;
	max = n + m < MAX_EDIT_STEPS ? n + m : MAX_EDIT_STEPS;
	off = (long)max + 1;
	v = xcalloc(2 * max + 3, sizeof(*v));
	for (d = 0; d <= max && !done; d++) {
		for (k = -(long)d; k <= (long)d; k += 2) {
			if (k == -(long)d || (k != (long)d && v[off + k - 1] < v[off + k + 1]))
				x = v[off + k + 1];
			else
				x = v[off + k - 1] + 1;
			y = x - k;
			while (x < (long)n && y < (long)m &&
			       a->h[pre + (size_t)x] == b->h[pre + (size_t)y]) {
				x++;
				y++;
			}
			v[off + k] = x;
			if (x >= (long)n && y >= (long)m) {
				/* d = removed + added, and n - removed = m - added. */
				*removed = (d + n - m) / 2;
				*added = (d + m - n) / 2;
				done = 1;
				break;
			}
		}
	}
	free(v);
}

void
audit_diff(const struct record_version *old, const struct record_version *new, int kind,
           int show_pii, struct arena *a, struct record_diff *out)
{
	struct differ df = {a, out, BUF_INIT, show_pii};
	struct lines la, lb;

	memset(out, 0, sizeof(*out));
	if ((old->present && !old->readable) || (new->present && !new->readable))
		out->unreadable = 1;
	else
		S_diff_node(&df, old->root, new->root, kind, NULL, 0);
	buf_free(&df.path);
	if (old->body || new->body) {
		S_lines(old->body ? old->body : "", old->body_len, &la);
		S_lines(new->body ? new->body : "", new->body_len, &lb);
		S_count_lines(&la, &lb, &out->body_added, &out->body_removed);
		free(la.h);
		free(lb.h);
	}
}

void
audit_diff_free(struct record_diff *d)
{
	free(d->v);
	memset(d, 0, sizeof(*d));
}

/* ---- findings */

/* A top-level field a closing gives a record of kind: a reopening may take it back. */
static int
S_closing_field(const char *path, int kind)
{
	static const char *const service[] = {"closed", "resolved", "acceptance", NULL};
	static const char *const complaints[] = {"resolved", "resolution", "confirmation", NULL};
	const char *const *v = kind == OBJ_service ? service : complaints;
	size_t n = strcspn(path, ".[");

	for (; *v; v++)
		if (strlen(*v) == n && !strncmp(*v, path, n))
			return 1;
	return 0;
}

int
audit_is_reopening(const struct record_diff *d, int kind)
{
	size_t i;
	int reopened = 0;

	if ((kind != OBJ_service && kind != OBJ_complaints) || d->unreadable || d->body_added ||
	    d->body_removed)
		return 0;
	for (i = 0; i < d->n; i++) {
		const struct field_change *c = &d->v[i];

		if (!strcmp(c->field, "status"))
			reopened = c->old && !strcmp(c->old, "closed") &&
			           c->new &&strcmp(c->new, "closed");
		else if (!S_closing_field(c->field, kind))
			return 0;
	}
	return reopened;
}

static int
S_is(const struct node *root, enum schema_key key, const char *value)
{
	return node_is_str(node_field(root, key), value);
}

static int
S_same_version(const struct node *a, const struct node *b)
{
	const struct node *va = node_field(a, KEY_version), *vb = node_field(b, KEY_version);

	if (!va || !vb || va->type != NODE_SCALAR || vb->type != NODE_SCALAR)
		return !va == !vb;
	return S_same_scalar(va, vb);
}

static void
S_found(struct findings *f, enum rule rule, size_t trail, size_t event)
{
	f->v = xgrow(f->v, sizeof(*f->v), f->n + 1, &f->cap);
	f->v[f->n].rule = rule;
	f->v[f->n].trail = trail;
	f->v[f->n].event = event;
	f->n++;
}

#define FINDINGS_CHUNK 256 /* trails a worker takes at a time */

struct finder {
	git_repository *repo; /* the worker's own handle */
	const struct history *h;
	size_t max;
	atomic_size_t *next;     /* the next chunk, shared */
	struct findings *chunks; /* per chunk: its findings, shared, each written by one worker */
	int failed;
};

/* The findings of trails [t0, t1) into f. */
static int
S_find(struct finder *w, size_t t0, size_t t1, struct findings *f, struct arena *a)
{
	const struct history *h = w->h;
	size_t t, k;

	for (t = t0; t < t1; t++) {
		const struct hist_trail *tr = &h->trails[t];

		for (k = 0; k < tr->n; k++) {
			const struct hist_event *e = &tr->ev[k];
			struct record_version ov, nv;

			if (e->flags & EV_REUSED)
				S_found(f, RULE_ID_REUSED, t, k);
			/* Only an edit of closed or effective records can be a finding. */
			if (!(e->flags & EV_CHANGED) || !e->old_path || !e->new_path ||
			    (tr->kind != OBJ_service && tr->kind != OBJ_complaints &&
			     tr->kind != OBJ_standards))
				continue;
			if (audit_read_version(w->repo, &e->old, e->old_path, w->max, a, &ov) < 0)
				return -1;
			if (tr->kind == OBJ_standards) {
				/* The new version matters only when the old one was effective. */
				if (S_is(ov.root, KEY_status, "effective")) {
					if (audit_read_version(w->repo, &e->new, e->new_path,
					                       w->max, a, &nv) < 0)
						return -1;
					if (S_is(nv.root, KEY_status, "effective") &&
					    S_same_version(ov.root, nv.root))
						S_found(f, RULE_STANDARD_EDITED, t, k);
				}
			} else if (S_is(ov.root, KEY_status, "closed")) {
				struct record_diff d;
				int reopening;

				/* Reopening a closed record is the way to change it, not an edit.
				 */
				if (audit_read_version(w->repo, &e->new, e->new_path, w->max, a,
				                       &nv) < 0)
					return -1;
				audit_diff(&ov, &nv, tr->kind, 1, a, &d);
				reopening = audit_is_reopening(&d, tr->kind);
				audit_diff_free(&d);
				if (!reopening)
					S_found(f, RULE_POST_CLOSURE_EDIT, t, k);
			}
			arena_reset(a);
		}
	}
	return 0;
}

static void *
S_finder(void *arg)
{
	struct finder *w = arg;
	size_t n = w->h->ntrails, c;
	struct arena a;

	arena_init(&a);
	while (!w->failed && (c = atomic_fetch_add(w->next, 1)) * FINDINGS_CHUNK < n) {
		size_t t0 = c * FINDINGS_CHUNK,
		       t1 = t0 + FINDINGS_CHUNK < n ? t0 + FINDINGS_CHUNK : n;

		if (S_find(w, t0, t1, &w->chunks[c], &a) < 0)
			w->failed = -1;
	}
	arena_free(&a);
	return NULL;
}

int
audit_findings(const char *gitdir, const struct history *h, size_t max, struct findings *out)
{
	size_t nchunks = (h->ntrails + FINDINGS_CHUNK - 1) / FINDINGS_CHUNK, c, i;
	unsigned jobs = jobs_for(h->ntrails), j;
	struct finder *w = xcalloc(jobs, sizeof(*w));
	struct findings *chunks = xcalloc(nchunks ? nchunks : 1, sizeof(*chunks));
	atomic_size_t next;
	int failed = 0;

	memset(out, 0, sizeof(*out));
	atomic_init(&next, 0);
	for (j = 0; j < jobs; j++) {
		w[j].h = h;
		w[j].max = max;
		w[j].next = &next;
		w[j].chunks = chunks;
		/* Each thread reads old versions through a handle of its own. */
		if (git_repository_open(&w[j].repo, gitdir) < 0)
			w[j].failed = gitrepo_fail("%s", "");
	}
	threads_run(S_finder, w, sizeof(*w), jobs);
	for (j = 0; j < jobs; j++) {
		failed |= w[j].failed != 0;
		git_repository_free(w[j].repo);
	}
	/* The chunks in order: findings stay in trail, then event order. */
	for (c = 0; c < nchunks; c++) {
		for (i = 0; i < chunks[c].n; i++)
			S_found(out, chunks[c].v[i].rule, chunks[c].v[i].trail,
			        chunks[c].v[i].event);
		audit_findings_free(&chunks[c]);
	}
	free(chunks);
	free(w);
	return failed ? -1 : 0;
}

void
audit_findings_free(struct findings *f)
{
	free(f->v);
	memset(f, 0, sizeof(*f));
}

void
audit_report(const struct history *h, const struct findings *f, const struct records *r,
             struct diags *d)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		const struct hist_trail *tr = &h->trails[f->v[i].trail];
		const struct hist_event *e = &tr->ev[f->v[i].event];
		const struct hist_commit *c = &h->commits[e->commit];
		const struct record *rec = records_find(r, tr->id);
		uint32_t line = 1, col = 1;
		char sh[8];

		if (!rec)
			continue;
		if (rec->id_node) {
			line = rec->id_node->line;
			col = rec->id_node->col;
		}
		audit_short_hash(&c->oid, sh);
		switch (f->v[i].rule) {
		case RULE_POST_CLOSURE_EDIT:
			diag_add(d, RULE_POST_CLOSURE_EDIT, rec->display, line, col,
			         "%s was edited after it was closed, in commit %s by %s: %s",
			         tr->id, sh, c->author, c->summary);
			break;
		case RULE_STANDARD_EDITED:
			diag_add(d, RULE_STANDARD_EDITED, rec->display, line, col,
			         "standard %s was edited while effective without a new version, in "
			         "commit %s by %s: %s",
			         tr->id, sh, c->author, c->summary);
			break;
		default:
			diag_add(
			    d, RULE_ID_REUSED, rec->display, line, col,
			    "the id %s was used before by a record that was deleted; commit %s "
			    "by %s reused it: %s",
			    tr->id, sh, c->author, c->summary);
		}
	}
}
