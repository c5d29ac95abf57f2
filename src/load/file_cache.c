/*
 * file_cache.c - record files kept from one load to the next. Each load's
 * jobs parse into arenas of their own (generations); a generation is
 * freed when no file kept in it is left, so memory holds the files of the
 * last loads, not of every commit seen.
 */
#include "load/file_cache.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/schema.h"

/*
 * A parsed record takes about 2 KiB: a generation's chunks are sized to
 * the files it is to hold, since after the first load it mostly holds a
 * file or two and lives as long as one of them is kept.
 */
#define GEN_FILE_BYTES 2048
#define GEN_CHUNK_MIN 4096
#define GEN_CHUNK_MAX (256 * 1024)

struct gen {
	struct arena a;
	size_t live; /* files kept in it */
};

struct entry {
	struct cached_file f;
	const char *path;
	unsigned char oid[20];
	int reads_attachments; /* a ticket naming attachments: checked against attach */
	unsigned char attach[20];
	uint64_t hash, used; /* used: the last load that read it */
	struct gen *gen;
};

struct load_cache {
	struct entry **v;
	size_t n, cap;
	uint32_t *slot; /* index into v + 1; open addressing, a power of two long */
	size_t nslot;
	struct gen **gens; /* every generation not yet freed */
	size_t ngens, gcap;
	struct gen **job; /* this load's, one a job */
	size_t jobs, jcap;
	unsigned char config[20], attach[20];
	char *display;
	uint64_t load;
	pthread_mutex_t lock;
};

struct load_cache *
load_cache_new(void)
{
	struct load_cache *c = xcalloc(1, sizeof(*c));

	pthread_mutex_init(&c->lock, NULL);
	return c;
}

void
load_cache_free(struct load_cache *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->ngens; i++) {
		arena_free(&c->gens[i]->a);
		free(c->gens[i]);
	}
	free(c->gens);
	free(c->job);
	free(c->v);
	free(c->slot);
	free(c->display);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

/* A ticket that names attachments was checked against the attachments folder too. */
static int
S_reads_attachments(const struct record *rec)
{
	const struct node *a = record_list(rec, KEY_attachments);

	return rec->kind == OBJ_service && a && a->n;
}

static uint64_t
S_hash(const char *path, const unsigned char oid[20])
{
	uint64_t o;

	memcpy(&o, oid, sizeof(o));
	return hash_bytes(path, strlen(path)) ^ o;
}

static void
S_slot_put(struct load_cache *c, size_t i)
{
	size_t mask = c->nslot - 1, j = c->v[i]->hash & mask;

	while (c->slot[j])
		j = (j + 1) & mask;
	c->slot[j] = (uint32_t)(i + 1);
}

/* The index again, for v[0..n), at most half full. */
static void
S_reindex(struct load_cache *c)
{
	size_t i;

	free(c->slot);
	for (c->nslot = 64; c->nslot < 2 * c->n + 2; c->nslot *= 2)
		;
	c->slot = xcalloc(c->nslot, sizeof(*c->slot));
	for (i = 0; i < c->n; i++)
		S_slot_put(c, i);
}

/* Drops every file (all) or those neither of the last two loads read. */
static void
S_evict(struct load_cache *c, int all)
{
	size_t i, kept = 0, g, live = 0;

	for (i = 0; i < c->n; i++) {
		struct entry *e = c->v[i];

		if (all || e->used + 2 < c->load)
			e->gen->live--;
		else
			c->v[kept++] = e;
	}
	if (kept != c->n || !c->slot) {
		c->n = kept;
		S_reindex(c);
	}
	for (g = 0; g < c->ngens; g++) {
		if (c->gens[g]->live) {
			c->gens[live++] = c->gens[g];
			continue;
		}
		arena_free(&c->gens[g]->a);
		free(c->gens[g]);
	}
	c->ngens = live;
}

void
load_cache_begin(struct load_cache *c, const unsigned char config[20],
                 const unsigned char attachments[20], const char *display)
{
	int all = c->load && (memcmp(c->config, config, 20) || strcmp(c->display, display));

	c->load++;
	S_evict(c, all);
	memcpy(c->config, config, 20);
	memcpy(c->attach, attachments, 20);
	free(c->display);
	c->display = xstrdup(display);
	c->jobs = 0;
}

struct arena *
load_cache_arena(struct load_cache *c, unsigned job, size_t files)
{
	size_t chunk = files * GEN_FILE_BYTES;

	if (chunk < GEN_CHUNK_MIN)
		chunk = GEN_CHUNK_MIN;
	else if (chunk > GEN_CHUNK_MAX)
		chunk = GEN_CHUNK_MAX;
	/* Called for each job before the jobs start: no lock. */
	while (c->jobs <= job) {
		struct gen *g = xcalloc(1, sizeof(*g));

		arena_init_chunk(&g->a, chunk);
		c->gens = xgrow(c->gens, sizeof(*c->gens), c->ngens + 1, &c->gcap);
		c->gens[c->ngens++] = g;
		c->job = xgrow(c->job, sizeof(*c->job), c->jobs + 1, &c->jcap);
		c->job[c->jobs++] = g;
	}
	return &c->job[job]->a;
}

const struct cached_file *
load_cache_get(struct load_cache *c, const char *path, const unsigned char oid[20])
{
	uint64_t h = S_hash(path, oid);
	size_t mask = c->nslot - 1, j;

	/* A file kept under another attachments folder may be kept again after it. */
	for (j = h & mask; c->slot[j]; j = (j + 1) & mask) {
		struct entry *e = c->v[c->slot[j] - 1];

		if (e->hash == h && !memcmp(e->oid, oid, 20) && !strcmp(e->path, path) &&
		    (!e->reads_attachments || !memcmp(e->attach, c->attach, 20))) {
			e->used = c->load;
			return &e->f;
		}
	}
	return NULL;
}

void
load_cache_put(struct load_cache *c, unsigned job, const unsigned char oid[20],
               const struct record *rec, const struct diag *d, size_t n)
{
	struct gen *g = c->job[job];
	struct entry *e = arena_alloc(&g->a, sizeof(*e));
	struct diag *v = arena_alloc(&g->a, (n ? n : 1) * sizeof(*v));
	size_t i;

	/* In the job's own arena: no lock until the index. */
	memset(e, 0, sizeof(*e));
	e->path = arena_strdup(&g->a, rec->path);
	memcpy(e->oid, oid, 20);
	if ((e->reads_attachments = S_reads_attachments(rec)) != 0)
		memcpy(e->attach, c->attach, 20);
	e->hash = S_hash(e->path, e->oid);
	e->used = c->load;
	e->gen = g;
	e->f.rec = *rec;
	e->f.rec.path = e->f.rec.display = NULL;
	for (i = 0; i < n; i++) {
		v[i] = d[i];
		v[i].path = arena_strdup(&g->a, d[i].path);
		v[i].message = arena_strdup(&g->a, d[i].message);
		v[i].key = NULL;
	}
	e->f.d = v;
	e->f.nd = n;
	pthread_mutex_lock(&c->lock);
	g->live++;
	c->v = xgrow(c->v, sizeof(*c->v), c->n + 1, &c->cap);
	c->v[c->n++] = e;
	if (2 * c->n + 2 > c->nslot)
		S_reindex(c);
	else
		S_slot_put(c, c->n - 1);
	pthread_mutex_unlock(&c->lock);
}
