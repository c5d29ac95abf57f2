/* diag.c - the diagnostic list. */
#include "model/diag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/msg.h"

const struct rule_info rule_table[RULE__COUNT] = {
#define RULE(name, id, sev, summary) {id, sev, summary},
#include "model/rules.def"
#undef RULE
};

int
rule_lookup(const char *id)
{
	size_t i;

	for (i = 0; i < RULE__COUNT; i++)
		if (strcmp(rule_table[i].id, id) == 0)
			return (int)i;
	return -1;
}

const char *
severity_name(enum severity sev)
{
	switch (sev) {
	case SEV_ERROR:
		return "error";
	case SEV_WARNING:
		return "warning";
	default:
		return "off";
	}
}

void
diags_init(struct diags *d)
{
	size_t i;

	memset(d, 0, sizeof(*d));
	for (i = 0; i < RULE__COUNT; i++)
		d->severity[i] = rule_table[i].severity;
	arena_init(&d->arena);
}

void
diags_free(struct diags *d)
{
	free(d->v);
	arena_free(&d->arena);
	memset(d, 0, sizeof(*d));
}

void
diag_add(struct diags *d, enum rule rule, const char *path, uint32_t line, uint32_t col,
         const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	struct diag *g;
	va_list ap;

	if (d->severity[rule] == SEV_OFF)
		return;
	va_start(ap, fmt);
	buf_vaddf(&b, tr(fmt), ap);
	va_end(ap);
	d->v = xgrow(d->v, sizeof(*d->v), d->n + 1, &d->cap);
	g = &d->v[d->n++];
	g->path = arena_strdup(&d->arena, path);
	g->line = line ? line : 1;
	g->col = col ? col : 1;
	g->severity = d->severity[rule];
	g->rule = rule;
	g->message = arena_strndup(&d->arena, buf_str(&b), b.len);
	g->key = NULL;
	buf_free(&b);
}

void
diags_merge(struct diags *dst, const struct diags *src)
{
	diags_add_array(dst, src->v, src->n);
}

void
diags_add_array(struct diags *dst, const struct diag *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct diag g = v[i];

		g.path = arena_strdup(&dst->arena, g.path);
		g.message = arena_strdup(&dst->arena, g.message);
		if (g.key)
			g.key = arena_strdup(&dst->arena, g.key);
		dst->v = xgrow(dst->v, sizeof(*dst->v), dst->n + 1, &dst->cap);
		dst->v[dst->n++] = g;
	}
}

static int
S_cmp(const void *pa, const void *pb)
{
	const struct diag *a = pa, *b = pb;
	int c;

	if ((c = strcmp(a->path, b->path)) != 0)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	if ((c = strcmp(rule_table[a->rule].id, rule_table[b->rule].id)) != 0)
		return c;
	return strcmp(a->message, b->message);
}

void
diags_sort(struct diags *d)
{
	if (d->n > 1)
		qsort(d->v, d->n, sizeof(*d->v), S_cmp);
}

size_t
diags_count(const struct diags *d, enum severity sev)
{
	size_t i, n = 0;

	for (i = 0; i < d->n; i++)
		n += d->v[i].severity == sev;
	return n;
}
