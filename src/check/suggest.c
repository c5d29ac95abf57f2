/* suggest.c - the records a reference that names no record may have meant. */
#include "check/suggest.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* How many ids on each side of where ref would sort are compared with it. */
#define S_NEIGHBOURS 4

struct S_entry {
	const char *key; /* an id, or a name */
	const struct record *rec;
};

struct suggest {
	const struct records *r;
	pthread_mutex_t lock;
	int built;
	struct S_entry *ids, *names;
	size_t nids, nnames;
};

static int
S_cmp(const void *a, const void *b)
{
	const struct S_entry *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	/* Equal keys in record order, so that the first record by path is found first. */
	return c ? c : (x->rec > y->rec) - (x->rec < y->rec);
}

struct suggest *
suggest_new(const struct records *r)
{
	struct suggest *s = xcalloc(1, sizeof(*s));

	s->r = r;
	pthread_mutex_init(&s->lock, NULL);
	return s;
}

void
suggest_free(struct suggest *s)
{
	if (!s)
		return;
	pthread_mutex_destroy(&s->lock);
	free(s->ids);
	free(s->names);
	free(s);
}

static void
S_build(struct suggest *s)
{
	const struct records *r = s->r;
	const struct node *name;
	size_t i;

	s->ids = xmalloc((r->n + 1) * sizeof(*s->ids));
	s->names = xmalloc((r->n + 1) * sizeof(*s->names));
	for (i = 0; i < r->n; i++) {
		const struct record *rec = &r->recs[i];

		if (rec->id)
			s->ids[s->nids++] = (struct S_entry){rec->id, rec};
		name = record_value(rec, KEY_name);
		if (name && name->type == NODE_SCALAR && node_len(name))
			s->names[s->nnames++] = (struct S_entry){name->u.str, rec};
	}
	qsort(s->ids, s->nids, sizeof(*s->ids), S_cmp);
	qsort(s->names, s->nnames, sizeof(*s->names), S_cmp);
	s->built = 1;
}

/* The first entry whose key is not below key. */
static size_t
S_lower_bound(const struct S_entry *v, size_t n, const char *key)
{
	size_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(v[mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct record *
suggest_ref(struct suggest *s, const char *ref, unsigned kinds, const struct record *self,
            int *by_name)
{
	const struct record *pick = NULL;
	size_t i, from, to, d, best = (size_t)-1, len = strlen(ref);

	*by_name = 0;
	pthread_mutex_lock(&s->lock);
	if (!s->built)
		S_build(s);
	pthread_mutex_unlock(&s->lock);
	for (i = S_lower_bound(s->names, s->nnames, ref);
	     i < s->nnames && !strcmp(s->names[i].key, ref); i++)
		if ((kinds & (1u << s->names[i].rec->kind)) && s->names[i].rec != self) {
			*by_name = 1;
			return s->names[i].rec;
		}
	if (len > 128) /* no id is that long; and edit_distance costs len times more */
		return NULL;
	i = S_lower_bound(s->ids, s->nids, ref);
	from = i > S_NEIGHBOURS ? i - S_NEIGHBOURS : 0;
	to = i + S_NEIGHBOURS < s->nids ? i + S_NEIGHBOURS : s->nids;
	for (i = from; i < to; i++) {
		if (!(kinds & (1u << s->ids[i].rec->kind)) || s->ids[i].rec == self)
			continue;
		d = edit_distance(ref, s->ids[i].key, 0);
		if (d < best) {
			best = d;
			pick = s->ids[i].rec;
		}
	}
	/* Close means a couple of typos, fewer for short ids (as typecheck_closest). */
	if (pick && best <= (len <= 3 ? 1u : len <= 6 ? 2u : 3u) && best < strlen(pick->id))
		return pick;
	return NULL;
}
