/* load.c - records folder to node trees. */
#include "load/load.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/msg.h"
#include "base/error.h"
#include "base/escape.h"
#include "load/config_parse.h"
#include "load/file_cache.h"
#include "load/parse.h"
#include "model/pii.h"
#include "model/schema.h"
#include "model/typecheck.h"

/* Deeper folders are reported, not walked: bounded recursion on any source. */
#define MAX_FOLDER_DEPTH 256

static const unsigned char S_no_oid[20];

/* The walk: which files are records, what else the folders hold. */
struct loader {
	struct records *r;
	struct diags *d;
	struct buf text;
	struct buf display; /* S_display's */
	unsigned flags;     /* enum load_flags */
	int failed;
	/* With load_opts.cache: each record's object id, by its index in r->recs. */
	unsigned char (*oids)[20];
	size_t oidcap;
	unsigned char config[20], attachments[20]; /* their ids in the tree */
};

/* One parsing thread; records are parsed in parallel, each into its worker's arena. */
struct worker {
	struct records *r;
	const struct load_opts *opts;
	atomic_size_t *next;
	struct diags d;
	struct arena *arena;
	struct buf text;
	struct source_near near; /* the folder of the file read last */
	struct node_dedup dedup; /* the values this thread copied last, to share */
	struct node_limits lim;
	int failed;
	/* With load_opts.cache: the files it held (skip) and the others' ids to keep them. */
	struct load_cache *cache;
	unsigned job;
	const unsigned char *skip;
	unsigned char (*oids)[20];
};

static int
S_record_ext(const char *name, const char **ext)
{
	const char *dot = strrchr(name, '.');

	*ext = dot;
	return dot && dot != name &&
	       (!strcmp(dot, ".yaml") || !strcmp(dot, ".yml") || !strcmp(dot, ".md"));
}

static char *
S_join(const char *dir, const char *name)
{
	struct buf b = BUF_INIT;

	if (*dir) {
		buf_adds(&b, dir);
		buf_addc(&b, '/');
	}
	buf_adds(&b, name);
	return buf_detach(&b);
}

/* Is line [s, e) exactly `mark` followed only by spaces (and a CR)? */
static int
S_is_marker(const char *s, const char *e, const char *mark)
{
	size_t n = strlen(mark);

	if ((size_t)(e - s) < n || memcmp(s, mark, n))
		return 0;
	for (s += n; s < e; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r')
			return 0;
	return 1;
}

int
load_front_matter(const char *text, size_t len, size_t *fm_off, size_t *fm_len, size_t *body_off,
                  uint32_t *body_line, int *unclosed)
{
	const char *p = text, *end = text + len, *eol;
	uint32_t line = 1;

	*unclosed = 0;
	if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		p += 3;
	eol = memchr(p, '\n', (size_t)(end - p));
	if (!eol)
		eol = end;
	if (!S_is_marker(p, eol, "---"))
		return -1;
	*fm_off = (size_t)(eol - text) + (eol < end);
	for (p = text + *fm_off; p < end; p = eol + 1) {
		line++;
		eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		if (S_is_marker(p, eol, "---") || S_is_marker(p, eol, "...")) {
			*fm_len = (size_t)(p - text) - *fm_off;
			*body_off = (size_t)(eol - text) + (eol < end);
			*body_line = line + 1;
			return 0;
		}
		if (eol == end)
			break;
	}
	*unclosed = 1;
	return -1;
}

static int
S_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Where in the body a scan stands: the column is counted as the scan moves. */
struct pii_scan {
	const char *body;
	size_t len, line_start, counted; /* code points counted up to byte `counted` */
	uint32_t line, col;
	const char *path;
	struct diags *d;
};

/* keep_head 0: a phone number, masked as the site masks phones (pii_mask). */
static void
S_pii_found(struct pii_scan *ps, size_t start, size_t len, size_t keep_head, const char *what)
{
	struct buf masked = BUF_INIT;
	size_t i;

	ps->col += (uint32_t)utf8_count(ps->body + ps->counted, start - ps->counted);
	ps->counted = start;
	if (!keep_head)
		pii_mask(&masked, T_PHONE, ps->body + start, len);
	else
		for (i = 0; i < len; i++)
			buf_addc(&masked,
			         i < keep_head || i >= len - 4 ? ps->body[start + i] : '*');
	diag_add(ps->d, RULE_PII_IN_BODY, ps->path, ps->line, ps->col,
	         "%s (%s) is written in the body, where masking cannot reach it; move it to "
	         "a PII field or remove it",
	         what, buf_str(&masked));
	buf_free(&masked);
}

static int
S_alnum(char c)
{
	return S_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

void
load_scan_pii(const char *body, size_t len, uint32_t line0, const char *path, struct diags *d)
{
	struct pii_scan ps = {body, len, 0, 0, line0, 1, path, d};
	size_t i = 0, j, k;

	while (i < len) {
		if (body[i] == '\n') {
			ps.line++;
			ps.line_start = ps.counted = ++i;
			ps.col = 1;
			continue;
		}
		/* A number starts where a run of digits starts. */
		if (!S_digit(body[i]) || (i > 0 && S_digit(body[i - 1]))) {
			i++;
			continue;
		}
		for (j = i; j < len && S_digit(body[j]); j++)
			;
		/* Landline: 0 + 2-3 digit area code, '-', 7-8 digits. */
		if (body[i] == '0' && (j - i == 3 || j - i == 4) && j + 1 < len && body[j] == '-' &&
		    S_digit(body[j + 1])) {
			for (k = j + 1; k < len && S_digit(body[k]); k++)
				;
			if (k - j - 1 == 7 || k - j - 1 == 8) {
				S_pii_found(&ps, i, k - i, 0, tr("a phone number"));
				i = k;
				continue;
			}
		}
		if (j - i == 11 && body[i] == '1' && body[i + 1] >= '3' && body[i + 1] <= '9')
			S_pii_found(&ps, i, 11, 0, tr("a phone number"));
		else if (j - i == 18 ||
		         (j - i == 17 && j < len && (body[j] == 'X' || body[j] == 'x') &&
		          !(j + 1 < len && S_alnum(body[j + 1]))))
			S_pii_found(&ps, i, 18, 6, tr("an ID-card number"));
		i = j;
	}
}

/* Whether the n bytes at p hold the string w. */
static int
S_holds(const char *p, size_t n, const char *w)
{
	size_t m = strlen(w), i;
	const char *c;

	for (i = 0; i + m <= n && (c = memchr(p + i, w[0], n - i - m + 1)); i = (size_t)(c - p) + 1)
		if (!memcmp(c, w, m))
			return 1;
	return 0;
}

/* The path as diagnostics show it: the folder given, then the path. */
static const char *
S_display(struct loader *L, const char *path)
{
	buf_reset(&L->display);
	buf_adds(&L->display, L->r->src->display);
	buf_adds(&L->display, path);
	return arena_strndup(&L->r->arena, L->display.buf, L->display.len);
}

/* A record file found by the walk, with its object id; it is read later, by a worker. */
static void
S_add_record(struct loader *L, const char *path, int kind, const unsigned char oid[20])
{
	struct records *r = L->r;
	struct record *rec;

	if (L->oids) {
		L->oids = xgrow(L->oids, sizeof(*L->oids), r->n + 1, &L->oidcap);
		memcpy(L->oids[r->n], oid, sizeof(*L->oids));
	}
	r->recs = xgrow(r->recs, sizeof(*r->recs), r->n + 1, &r->cap);
	rec = &r->recs[r->n++];
	memset(rec, 0, sizeof(*rec));
	rec->kind = kind;
	/* One string for both: the path is the end of what diagnostics show. */
	rec->display = S_display(L, path);
	rec->path = rec->display + strlen(r->src->display);
}

/* The record's fields, text[0..len) from line line0 + 1: its mapping, or NULL (reported). */
static struct node *
S_parse_fields(struct worker *W, const struct record *rec, const char *text, size_t len,
               uint32_t line0)
{
	struct node *root;
	int empty;

	root = node_parse_dedup(W->arena, W->dedup.v ? &W->dedup : NULL, text, len, line0,
	                        rec->display, &W->lim, &W->d, &empty);
	if (root && root->type == NODE_NULL) {
		/* Only comments or a bare `---`: as empty as an empty file. */
		root = NULL;
		empty = 1;
	}
	if (!root && empty)
		diag_add(&W->d, RULE_TYPE, rec->display, line0 + 1, 1,
		         "the record is empty: expected a mapping of fields");
	else if (root && root->type != NODE_MAP &&
	         yaml_fullwidth(text, len, line0, UINT32_MAX, rec->display, &W->d))
		root = NULL; /* `id：C-1`, one value where a mapping was meant */
	else if (root && root->type != NODE_MAP) {
		diag_add(&W->d, RULE_TYPE, rec->display, root->line, root->col,
		         "expected a mapping of fields, found %s",
		         root->type == NODE_SEQ ? tr("a list") : tr("a single value"));
		root = NULL;
	}
	return root;
}

static void
S_load_file(struct worker *W, size_t i)
{
	struct records *r = W->r;
	struct record *recp = &r->recs[i], rec = *recp;
	size_t d0 = W->d.n;
	int failed = W->failed;
	const char *text;
	size_t len, fm_off = 0, fm_len, body_off = 0;
	uint32_t line0 = 0, body_line = 0;
	int too_large, unclosed;
	int md = !strcmp(rec.path + strlen(rec.path) - 3, ".md");

	if (source_read_near(r->src, &W->near, rec.path, r->cfg.file_bytes, &W->text, &too_large) <
	    0) {
		if (too_large)
			diag_add(&W->d, RULE_TOO_LARGE, rec.display, 1, 1,
			         "the file is larger than %zu bytes (limits.file_bytes)",
			         r->cfg.file_bytes);
		else {
			error_set("%s: %s", rec.display,
			          errno == ELOOP
			              ? tr_term("reached through a symbolic link, not followed")
			              : strerror(errno));
			W->failed = 1;
		}
		goto done;
	}
	text = W->text.buf;
	len = W->text.len;
	/* Only the site's digests read the sums: check and stats spare the hashing. */
	if (W->opts->flags & LOAD_SUMS)
		rec.sum = hash_bytes(text, len);
	if (text_check_encoding(text, len, 0, rec.display, &W->d) < 0)
		goto done;
	if (md) {
		if (load_front_matter(text, len, &fm_off, &fm_len, &body_off, &body_line,
		                      &unclosed) < 0) {
			if (unclosed)
				diag_add(&W->d, RULE_FRONT_MATTER, rec.display, 1, 1,
				         "the front matter opened on line 1 is never closed with a "
				         "'---' or '...' line");
			else
				diag_add(
				    &W->d, RULE_FRONT_MATTER, rec.display, 1, 1,
				    "a Markdown record starts with a '---' line, then its front "
				    "matter, then '---'");
			goto done;
		}
		line0 = 1;
		rec.body_line = body_line;
		load_scan_pii(text + body_off, len - body_off, body_line, rec.display, &W->d);
		if (W->opts->flags & LOAD_BODIES) {
			rec.body_off = body_off;
			rec.body_len = len - body_off;
			rec.body_links = S_holds(text + body_off, len - body_off, "attachments/");
		}
		text += fm_off;
		len = fm_len;
	}
	if (W->opts->flags & LOAD_SUMS)
		rec.fm_sum = md ? hash_bytes(text, len) : rec.sum;
	rec.root = S_parse_fields(W, &rec, text, len, line0);
	if (rec.root) {
		const struct node *id = node_field(rec.root, KEY_id);

		if (id && id->type == NODE_SCALAR && record_id_valid(id->u.str, id->n)) {
			rec.id = id->u.str;
			rec.id_node = id;
		}
	}
done:
	*recp = rec;
	if (rec.root && W->opts->each)
		W->opts->each(W->opts->each_ctx, r, recp, &W->d);
	if (W->cache && W->failed == failed && memcmp(W->oids[i], S_no_oid, sizeof(S_no_oid)))
		load_cache_put(W->cache, W->job, W->oids[i], recp, W->d.v + d0, W->d.n - d0);
}

static void *
S_worker_run(void *arg)
{
	struct worker *W = arg;
	size_t i, end;

	/* Small batches keep both cores busy to the end without much contention. */
	for (;;) {
		i = atomic_fetch_add(W->next, 64);
		if (i >= W->r->n)
			break;
		end = i + 64 < W->r->n ? i + 64 : W->r->n;
		for (; i < end; i++)
			if (!W->skip || !W->skip[i])
				S_load_file(W, i);
	}
	return NULL;
}

/* Reads and parses every record found by the walk (but those skip says), in parallel. */
static int
S_parse_all(struct records *r, struct diags *d, const struct load_opts *opts,
            const unsigned char *skip, unsigned char (*oids)[20], size_t toread)
{
	unsigned jobs = jobs_for(toread), j;
	struct worker *w = xcalloc(jobs, sizeof(*w));
	atomic_size_t next;
	int failed = 0;

	atomic_init(&next, 0);
	r->arenas = xcalloc(jobs, sizeof(*r->arenas));
	r->narenas = jobs;
	for (j = 0; j < jobs; j++) {
		w[j].r = r;
		w[j].opts = opts;
		w[j].next = &next;
		w[j].arena = &r->arenas[j];
		arena_init(w[j].arena);
		if ((w[j].cache = opts->cache) != NULL) {
			w[j].arena = load_cache_arena(opts->cache, j, toread / jobs + 1);
			w[j].job = j;
			w[j].skip = skip;
			w[j].oids = oids;
		}
		diags_init(&w[j].d);
		memcpy(w[j].d.severity, d->severity, sizeof(d->severity));
		w[j].near = (struct source_near)SOURCE_NEAR_INIT;
		w[j].lim.depth = r->cfg.depth;
		w[j].lim.intern = schema_intern;
		if (opts->flags & LOAD_SHARE)
			node_dedup_init(&w[j].dedup);
	}
	threads_run(S_worker_run, w, sizeof(*w), jobs);
	for (j = 0; j < jobs; j++) {
		diags_merge(d, &w[j].d);
		diags_free(&w[j].d);
		buf_free(&w[j].text);
		source_near_close(&w[j].near);
		node_dedup_free(&w[j].dedup);
		failed |= w[j].failed;
	}
	free(w);
	return failed ? -1 : 0;
}

/* A symbolic link, or a git submodule (a commit inside the tree), is not followed. */
static void
S_not_followed(struct loader *L, const char *path, enum entry_type t)
{
	char *disp = source_display_path(L->r->src, path);

	if (t == ENTRY_SUBMODULE)
		diag_add(L->d, RULE_SYMLINK, disp, 1, 1,
		         "a git submodule is not followed; keep records in the repository itself");
	else
		diag_add(L->d, RULE_SYMLINK, disp, 1, 1,
		         "a symbolic link is not followed; keep records and attachments as plain "
		         "files");
	free(disp);
}

/* Keeps the smaller of two paths in byte order. */
static char *
S_min_path(char *a, char *b)
{
	if (!a)
		return b;
	if (!b)
		return a;
	if (strcmp(a, b) <= 0) {
		free(b);
		return a;
	}
	free(a);
	return b;
}

/*
 * Walks a kind's folder, adding its record files. For a misspelt folder
 * (kind < 0) it adds nothing and returns the first record file in byte
 * order of paths, or NULL.
 */
static char *
S_walk(struct loader *L, const char *dir, int kind, unsigned depth)
{
	struct source_entry *v;
	size_t n, i;
	const char *ext;
	char *found = NULL, *path;

	if (depth > MAX_FOLDER_DEPTH) {
		char *disp = source_display_path(L->r->src, dir);

		if (kind >= 0)
			diag_add(
			    L->d, RULE_TOO_DEEP, disp, 1, 1,
			    "folders nested deeper than %d levels; the files below are not read",
			    MAX_FOLDER_DEPTH);
		free(disp);
		return NULL;
	}
	if (L->r->src->ops->list(L->r->src, dir, &v, &n) < 0) {
		error_set("%s%s: %s", L->r->src->display, dir,
		          errno == ELOOP || errno == ENOTDIR
		              ? tr_term("no longer a folder (a symbolic link is not followed)")
		              : strerror(errno));
		L->failed = 1;
		return NULL;
	}
	for (i = 0; i < n; i++) {
		if (v[i].name[0] == '.')
			continue;
		path = S_join(dir, v[i].name);
		if (config_ignored(&L->r->cfg, path)) {
			free(path);
			continue;
		}
		if (v[i].type == ENTRY_DIR) {
			found = S_min_path(found, S_walk(L, path, kind, depth + 1));
		} else if (kind < 0) {
			if ((v[i].type == ENTRY_FILE || v[i].type == ENTRY_LINK) &&
			    S_record_ext(v[i].name, &ext)) {
				found = S_min_path(found, path);
				path = NULL;
			}
		} else if (v[i].type == ENTRY_LINK || v[i].type == ENTRY_SUBMODULE) {
			S_not_followed(L, path, v[i].type);
		} else if (v[i].type == ENTRY_FILE && S_record_ext(v[i].name, &ext)) {
			S_add_record(L, path, kind, v[i].oid);
		}
		free(path);
	}
	source_entries_free(v, n);
	return found;
}

/* A folder that is not a kind but whose name is one edit away from one. */
static void
S_check_misspelt(struct loader *L, const char *name)
{
	char *first, *disp;
	int k, best = -1;

	for (k = 0; k < KIND__COUNT; k++)
		if (edit_distance(name, schema_object(k)->name, 1) <= 1) {
			best = k;
			break;
		}
	if (best < 0)
		return;
	first = S_walk(L, name, -1, 1);
	if (!first)
		return;
	disp = source_display_path(L->r->src, first);
	diag_add(L->d, RULE_KIND_FOLDER, disp, 1, 1,
	         "folder '%s' is not a record kind, so its files are not read; did you mean "
	         "'%s'?",
	         name, schema_object(best)->name);
	free(disp);
	free(first);
}

/*
 * Parses svcgen.yaml; when its language is to be the diagnostics', once
 * more after choosing it, so that its own diagnostics are in it too.
 */
static void
S_parse_config(struct loader *L, const char *disp)
{
	struct records *r = L->r;
	size_t before = L->d->n;
	const char *was = msg_lang();

	config_parse(&r->cfg, L->text.buf, L->text.len, disp, L->d);
	if (!(L->flags & LOAD_CONFIG_LANG))
		return;
	msg_set_records_lang(r->cfg.lang);
	if (L->d->n == before || !strcmp(was, msg_lang()))
		return;
	L->d->n = before;
	config_free(&r->cfg);
	config_defaults(&r->cfg);
	config_parse(&r->cfg, L->text.buf, L->text.len, disp, L->d);
}

static void
S_load_config(struct loader *L)
{
	struct records *r = L->r;
	enum entry_type t;
	int too_large;
	char *disp;

	if (r->src->ops->stat(r->src, "svcgen.yaml", &t) < 0)
		return;
	disp = source_display_path(r->src, "svcgen.yaml");
	if (t == ENTRY_LINK) {
		S_not_followed(L, "svcgen.yaml", t);
	} else if (t != ENTRY_FILE) {
		error_set("%s: not a regular file", disp);
		L->failed = 1;
	} else if (r->src->ops->read(r->src, "svcgen.yaml", 1048576, &L->text, &too_large) < 0) {
		if (too_large)
			diag_add(L->d, RULE_TOO_LARGE, disp, 1, 1,
			         "svcgen.yaml is larger than 1048576 bytes");
		else {
			error_set("%s: %s", disp, strerror(errno));
			L->failed = 1;
		}
	} else {
		r->config_sum = hash_bytes(L->text.buf, L->text.len);
		S_parse_config(L, disp);
	}
	free(disp);
}

static int
S_rec_cmp(const void *a, const void *b)
{
	return strcmp(((const struct record *)a)->path, ((const struct record *)b)->path);
}

/* A record of the walk and its object id, to sort them together. */
struct walked {
	struct record rec; /* first: S_rec_cmp sorts these too */
	unsigned char oid[20];
};

/* Sorts the walk's records by path, and their ids with them (L->oids: a cache's load). */
static void
S_sort_walked(struct loader *L)
{
	struct records *r = L->r;
	struct walked *w;
	size_t i;

	if (!L->oids) {
		qsort(r->recs, r->n, sizeof(*r->recs), S_rec_cmp);
		return;
	}
	w = xmalloc(r->n * sizeof(*w));
	for (i = 0; i < r->n; i++) {
		w[i].rec = r->recs[i];
		memcpy(w[i].oid, L->oids[i], sizeof(w[i].oid));
	}
	qsort(w, r->n, sizeof(*w), S_rec_cmp);
	for (i = 0; i < r->n; i++) {
		r->recs[i] = w[i].rec;
		memcpy(L->oids[i], w[i].oid, sizeof(w[i].oid));
	}
	free(w);
}

/*
 * Takes the records the cache holds (same path and id under the same
 * svcgen.yaml) with their problems; skip flags them so that no worker
 * reads them again.
 */
static unsigned char *
S_take_cached(struct loader *L, struct load_cache *cache, size_t *left)
{
	struct records *r = L->r;
	unsigned char *skip = xcalloc(r->n ? r->n : 1, 1);
	const struct cached_file *f;
	size_t i;

	*left = r->n;
	load_cache_begin(cache, L->config, L->attachments, r->src->display);
	for (i = 0; i < r->n; i++) {
		struct record *rec = &r->recs[i];
		const char *path = rec->path, *display = rec->display;

		if (!memcmp(L->oids[i], S_no_oid, sizeof(S_no_oid)) ||
		    !(f = load_cache_get(cache, path, L->oids[i])))
			continue;
		*rec = f->rec;
		rec->path = path;
		rec->display = display;
		diags_add_array(L->d, f->d, f->nd);
		skip[i] = 1;
		--*left;
	}
	return skip;
}

int
load_record_body(const struct records *r, struct source_near *near, const struct record *rec,
                 struct buf *text, const char **body)
{
	int too_large;

	if (source_read_near(r->src, near, rec->path, r->cfg.file_bytes, text, &too_large) < 0) {
		error_set("%s: %s", rec->display,
		          too_large
		              ? tr_term("grew past limits.file_bytes while the site was built")
		              : strerror(errno));
		return -1;
	}
	if (hash_bytes(text->buf, text->len) != rec->sum ||
	    text->len != rec->body_off + rec->body_len) {
		error_set("%s: changed while the site was built; build again", rec->display);
		return -1;
	}
	*body = text->buf + rec->body_off;
	return 0;
}

int
load_records(struct records *r, struct source *src, struct diags *d, const struct load_opts *opts)
{
	struct loader L;
	struct source_entry *v;
	unsigned char *skip = NULL;
	size_t n, i, toread;
	int k;

	memset(r, 0, sizeof(*r));
	r->src = src;
	arena_init(&r->arena);
	config_defaults(&r->cfg);
	memset(&L, 0, sizeof(L));
	L.r = r;
	L.d = d;
	L.flags = opts ? opts->flags : 0;
	S_load_config(&L);
	if (L.flags & LOAD_CONFIG_LANG) /* without svcgen.yaml, the default's */
		msg_set_records_lang(r->cfg.lang);
	memcpy(d->severity, r->cfg.severity, sizeof(d->severity));
	if (opts && (opts->flags & LOAD_CONFIG_ONLY)) {
		buf_free(&L.text);
		return L.failed ? -1 : 0;
	}
	if (src->ops->list(src, "", &v, &n) < 0) {
		error_set("%s: %s", src->root, strerror(errno));
		buf_free(&L.text);
		return -1;
	}
	if (opts && opts->cache)
		L.oids = xmalloc(sizeof(*L.oids));
	for (i = 0; i < n; i++) {
		const char *name = v[i].name;

		/* What a cached record's checks read beside it. */
		if (!strcmp(name, "svcgen.yaml"))
			memcpy(L.config, v[i].oid, sizeof(L.config));
		else if (!strcmp(name, "attachments"))
			memcpy(L.attachments, v[i].oid, sizeof(L.attachments));
		if (name[0] == '.' || config_ignored(&r->cfg, name))
			continue;
		k = schema_kind_lookup(name);
		if (k >= 0 && v[i].type == ENTRY_DIR)
			S_walk(&L, name, k, 1);
		else if (k >= 0 && (v[i].type == ENTRY_LINK || v[i].type == ENTRY_SUBMODULE))
			S_not_followed(&L, name, v[i].type);
		else if (k < 0 && v[i].type == ENTRY_DIR)
			S_check_misspelt(&L, name);
	}
	source_entries_free(v, n);
	buf_free(&L.text);
	buf_free(&L.display);
	if (r->n > 1)
		S_sort_walked(&L);
	/* The walk grew the array by half again at a time: give back what it did not fill. */
	if (r->n && r->n < r->cap) {
		r->recs = xrealloc(r->recs, r->n * sizeof(*r->recs));
		r->cap = r->n;
	}
	r->files_read = toread = r->n;
	if (opts && opts->cache)
		skip = S_take_cached(&L, opts->cache, &toread);
	if (S_parse_all(r, d, opts, skip, L.oids, toread) < 0)
		L.failed = 1;
	free(skip);
	free(L.oids);
	records_index(r);
	return L.failed ? -1 : 0;
}

void
load_free(struct records *r)
{
	size_t i;

	free(r->recs);
	free(r->index);
	free(r->index_ci);
	for (i = 0; i < r->narenas; i++)
		arena_free(&r->arenas[i]);
	free(r->arenas);
	arena_free(&r->arena);
	config_free(&r->cfg);
	source_close(r->src);
	memset(r, 0, sizeof(*r));
}
