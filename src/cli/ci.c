/* ci.c - problems matched across revisions by rule, record id and field. */
#include "cli/ci.h"

#include <stdlib.h>
#include <string.h>

/* The path of the node at line:col below n ("parts[1].qty"), into b; 1 when found. */
static int
S_node_path(const struct node *n, uint32_t line, uint32_t col, struct buf *b, unsigned depth)
{
	size_t keep = b->len, i;

	if (!n || depth > 64)
		return 0;
	if (n->line == line && n->col == col)
		return 1;
	if (n->type == NODE_MAP) {
		for (i = 0; i < n->n; i++) {
			const struct node *k = &n->u.kids[2 * i], *v = &n->u.kids[2 * i + 1];

			if (b->len)
				buf_addc(b, '.');
			if (k->type == NODE_SCALAR)
				buf_add(b, k->u.str, k->n);
			if ((k->line == line && k->col == col) ||
			    S_node_path(v, line, col, b, depth + 1))
				return 1;
			b->len = keep;
			b->buf[keep] = '\0';
		}
	} else if (n->type == NODE_SEQ) {
		for (i = 0; i < n->n; i++) {
			buf_addf(b, "[%zu]", i);
			if (S_node_path(&n->u.kids[i], line, col, b, depth + 1))
				return 1;
			b->len = keep;
			b->buf[keep] = '\0';
		}
	}
	return 0;
}

void
ci_set_keys(struct diags *d, const struct records *r)
{
	struct buf field = BUF_INIT;
	size_t i;

	for (i = 0; i < d->n; i++) {
		struct diag *g = &d->v[i];
		const struct record *rec = records_find_display(r, g->path);
		const char *who = g->path;
		size_t wlen = strlen(who);

		buf_reset(&field);
		if (rec) {
			who = record_stem(rec, &wlen);
			if (!S_node_path(rec->root, g->line, g->col, &field, 0))
				buf_reset(&field);
		}
		g->key = arena_printf(&d->arena, "%s\t%.*s\t%s", rule_table[g->rule].id, (int)wlen,
		                      who, field.buf ? field.buf : "");
	}
	buf_free(&field);
}

struct keycount {
	const char *key;
	size_t n;
};

static int
S_key_cmp(const void *a, const void *b)
{
	return strcmp(((const struct keycount *)a)->key, ((const struct keycount *)b)->key);
}

void
ci_subtract(struct diags *d, const struct diags *base)
{
	struct keycount *v = xmalloc((base->n ? base->n : 1) * sizeof(*v));
	size_t i, n = 0, kept = 0;

	for (i = 0; i < base->n; i++) {
		v[n].key = base->v[i].key ? base->v[i].key : "";
		v[n++].n = 1;
	}
	qsort(v, n, sizeof(*v), S_key_cmp);
	for (i = 0; i < d->n; i++) {
		struct keycount want = {d->v[i].key ? d->v[i].key : "", 0}, *hit;

		hit = n ? bsearch(&want, v, n, sizeof(*v), S_key_cmp) : NULL;
		/* bsearch finds one of equal keys: step to the first that is unused. */
		while (hit && hit > v && !strcmp(hit[-1].key, want.key))
			hit--;
		while (hit && hit < v + n && !strcmp(hit->key, want.key) && !hit->n)
			hit++;
		if (hit && hit < v + n && !strcmp(hit->key, want.key)) {
			hit->n = 0;
			continue;
		}
		d->v[kept++] = d->v[i];
	}
	d->n = kept;
	free(v);
}
