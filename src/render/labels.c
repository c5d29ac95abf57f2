/* labels.c - label catalogues, read once per build. */
#include "render/labels.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "base/error.h"
#include "base/escape.h"
#include "base/msg.h"
#include "load/parse.h"
#include "load/source.h"

static const struct tv *
S_to_tv(struct arena *a, const struct node *n)
{
	struct tv *m;
	size_t i;

	if (n->type == NODE_SCALAR)
		return tv_strn(a, n->u.str, node_len(n));
	if (n->type != NODE_MAP)
		return tv_null();
	m = tv_map(a);
	for (i = 0; i < n->n; i++) {
		const struct node *k = &n->u.kids[2 * i];

		if (k->type == NODE_SCALAR)
			tv_map_setn(m, k->u.str, k->n, S_to_tv(a, &n->u.kids[2 * i + 1]));
	}
	return m;
}

int
labels_load(struct labels *l, struct source *src, const char *lang)
{
	struct buf text = BUF_INIT, path = BUF_INIT;
	struct node_limits lim = {8, NULL};
	struct diags d;
	int too_large, empty, rc = -1;

	memset(l, 0, sizeof(*l));
	arena_init(&l->arena);
	pthread_mutex_init(&l->lock, NULL);
	diags_init(&d);
	buf_addf(&path, "labels/%s.yaml", lang);
	if (src->ops->read(src, path.buf, 1048576, &text, &too_large) < 0) {
		error_set("templates: %s: %s", path.buf,
		          too_large ? tr_term("too large") : strerror(errno));
		goto done;
	}
	l->root = node_parse(&l->arena, text.buf, text.len, 0, path.buf, &lim, &d, &empty);
	if (!l->root || l->root->type != NODE_MAP || d.n) {
		error_set("templates: %s: not a mapping of labels%s%s", path.buf, d.n ? ": " : "",
		          d.n ? d.v[0].message : "");
		goto done;
	}
	l->tv = S_to_tv(&l->arena, l->root);
	rc = 0;
done:
	diags_free(&d);
	buf_free(&text);
	buf_free(&path);
	return rc;
}

void
labels_free(struct labels *l)
{
	arena_free(&l->arena);
	buf_free(&l->missing);
	pthread_mutex_destroy(&l->lock);
}

static const char *
S_find(const struct labels *l, const char *group, const char *key)
{
	const struct node *g = node_get(l->root, group), *v;

	v = g ? node_get(g, key) : NULL;
	return v && v->type == NODE_SCALAR ? v->u.str : NULL;
}

const char *
labels_get(struct labels *l, const char *group, const char *key)
{
	const char *s = S_find(l, group, key);

	if (s)
		return s;
	pthread_mutex_lock(&l->lock);
	buf_addf(&l->missing, "%s.%s\n", group, key);
	pthread_mutex_unlock(&l->lock);
	return key;
}

const char *
labels_get3(struct labels *l, const char *group, const char *key, const char *sub)
{
	char name[96];
	const char *s;

	/* The more precise group first: field_visits.date, then field.date. */
	snprintf(name, sizeof(name), "%s_%s", group, key);
	s = S_find(l, name, sub);
	return s ? s : labels_get(l, group, sub);
}
