/*
 * source_templates.c - the templates as one source: each file from the
 * first layer that has it, as Hugo looks a theme's files up (docs/site.md,
 * "Templates"): the folder --templates names, the department's own
 * `templates/` in the records, then the files built into svcgen.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "load/source.h"

/* The files built in: a source of its own, over source_builtin_files (sorted by path). */
static int
S_builtin_find(const char *path)
{
	size_t lo = 0, hi = source_builtin_count, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(source_builtin_files[mid].path, path);
		if (!c)
			return (int)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* Whether path lies below the folder dir ("" is the root). */
static const char *
S_below(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	if (!n)
		return path;
	return !strncmp(path, dir, n) && path[n] == '/' ? path + n + 1 : NULL;
}

static int
S_builtin_list(struct source *s, const char *dir, struct source_entry **out, size_t *n)
{
	struct source_entry *v = NULL;
	size_t i, cap = 0, k;
	const char *rest, *slash;

	(void)s;
	*n = 0;
	for (i = 0; i < source_builtin_count; i++) {
		if (!(rest = S_below(source_builtin_files[i].path, dir)))
			continue;
		slash = strchr(rest, '/');
		k = slash ? (size_t)(slash - rest) : strlen(rest);
		/* Sorted by path: a folder's files come together, once a name. */
		if (*n && strlen(v[*n - 1].name) == k && !strncmp(v[*n - 1].name, rest, k))
			continue;
		v = xgrow(v, sizeof(*v), *n + 1, &cap);
		v[(*n)++] =
		    (struct source_entry){xstrndup(rest, k), slash ? ENTRY_DIR : ENTRY_FILE, {0}};
	}
	*out = v;
	return 0;
}

static int
S_builtin_read(struct source *s, const char *path, size_t max, struct buf *out, int *too_large)
{
	int i = S_builtin_find(path);

	(void)s;
	*too_large = 0;
	buf_reset(out);
	if (i < 0) {
		errno = ENOENT;
		return -1;
	}
	if (source_builtin_files[i].len > max) {
		*too_large = 1;
		errno = EFBIG;
		return -1;
	}
	buf_add(out, source_builtin_files[i].data, source_builtin_files[i].len);
	return 0;
}

static int
S_builtin_stat(struct source *s, const char *path, enum entry_type *type)
{
	size_t i;

	(void)s;
	if (S_builtin_find(path) >= 0) {
		*type = ENTRY_FILE;
		return 0;
	}
	for (i = 0; i < source_builtin_count; i++)
		if (S_below(source_builtin_files[i].path, path)) {
			*type = ENTRY_DIR;
			return 0;
		}
	errno = ENOENT;
	return -1;
}

static int
S_builtin_open(struct source *s, const char *path, int *fd, uint64_t *size)
{
	int i = S_builtin_find(path);

	(void)s;
	if (i < 0) {
		errno = ENOENT;
		return -1;
	}
	*fd = -1; /* no file: read it */
	*size = source_builtin_files[i].len;
	return 0;
}

static void
S_builtin_close(struct source *s)
{
	(void)s;
}

static const struct source_ops S_builtin_ops = {S_builtin_list, S_builtin_read, S_builtin_stat,
                                                S_builtin_open, S_builtin_close};

/* The layers, the first that has a path giving it. */
#define S_LAYERS 3
struct S_layered {
	struct source base;
	struct source *layer[S_LAYERS];
	const char *prefix[S_LAYERS]; /* before a path in its layer ("templates/" in the records) */
	int owned[S_LAYERS];
	size_t n;
};

/*
 * The first layer that has path, with the path in it in p; NULL with errno
 * when none has it (ENOENT) or a layer could not tell (another errno: a
 * symbolic link on the way, which is never passed over for a layer below).
 */
static struct source *
S_which(struct S_layered *L, const char *path, struct buf *p)
{
	enum entry_type t;
	size_t i;

	for (i = 0; i < L->n; i++) {
		buf_reset(p);
		buf_addf(p, "%s%s", L->prefix[i], path);
		if (L->layer[i]->ops->stat(L->layer[i], p->buf, &t) == 0)
			return L->layer[i];
		/* Only a file not there falls through: a link on the way fails (ELOOP, ENOTDIR). */
		if (errno != ENOENT)
			return NULL;
	}
	errno = ENOENT;
	return NULL;
}

static int
S_layered_read(struct source *s, const char *path, size_t max, struct buf *out, int *too_large)
{
	struct buf p = BUF_INIT;
	struct source *ls = S_which((struct S_layered *)s, path, &p);
	int rc = ls ? ls->ops->read(ls, p.buf, max, out, too_large) : -1;

	if (!ls)
		*too_large = 0;
	buf_free(&p);
	return rc;
}

static int
S_layered_stat(struct source *s, const char *path, enum entry_type *type)
{
	struct buf p = BUF_INIT;
	struct source *ls = S_which((struct S_layered *)s, path, &p);
	int rc = ls ? ls->ops->stat(ls, p.buf, type) : -1;

	buf_free(&p);
	return rc;
}

static int
S_layered_open(struct source *s, const char *path, int *fd, uint64_t *size)
{
	struct buf p = BUF_INIT;
	struct source *ls = S_which((struct S_layered *)s, path, &p);
	int rc = ls ? ls->ops->open_file(ls, p.buf, fd, size) : -1;

	buf_free(&p);
	return rc;
}

/* The names of every layer's folder dir, once each (the first layer's type), sorted. */
static int
S_layered_list(struct source *s, const char *dir, struct source_entry **out, size_t *n)
{
	struct S_layered *L = (struct S_layered *)s;
	struct source_entry *all = NULL, *v;
	struct buf p = BUF_INIT;
	size_t i, j, k, m, cap = 0;

	*n = 0;
	for (i = 0; i < L->n; i++) {
		buf_reset(&p);
		buf_addf(&p, "%s%s", L->prefix[i], dir);
		/* A layer's root without a trailing slash: "templates/" lists as "templates". */
		if (p.len && p.buf[p.len - 1] == '/')
			buf_setlen(&p, p.len - 1);
		if (L->layer[i]->ops->list(L->layer[i], p.buf, &v, &m) < 0)
			continue; /* a layer without the folder */
		for (j = 0; j < m; j++) {
			for (k = 0; k < *n && strcmp(all[k].name, v[j].name); k++)
				;
			if (k < *n) {
				free(v[j].name);
				continue;
			}
			all = xgrow(all, sizeof(*all), *n + 1, &cap);
			all[(*n)++] = v[j];
		}
		free(v);
	}
	buf_free(&p);
	if (*n > 1)
		qsort(all, *n, sizeof(*all), source_entry_cmp);
	*out = all;
	return 0;
}

static void
S_layered_close(struct source *s)
{
	struct S_layered *L = (struct S_layered *)s;
	size_t i;

	for (i = 0; i < L->n; i++)
		if (L->owned[i])
			source_close(L->layer[i]);
}

static const struct source_ops S_layered_ops = {S_layered_list, S_layered_read, S_layered_stat,
                                                S_layered_open, S_layered_close};

struct source *
source_open_templates(const char *dir, struct source *records)
{
	struct S_layered *L = xcalloc(1, sizeof(*L));
	struct source *builtin = xcalloc(1, sizeof(*builtin));
	enum entry_type t;

	L->base.ops = &S_layered_ops;
	L->base.root = xstrdup(dir ? dir : "");
	L->base.display = xstrdup("");
	if (dir) {
		if (!(L->layer[L->n] = source_open_dir(dir))) {
			int e = errno;

			free(builtin);
			source_close(&L->base);
			errno = e;
			return NULL;
		}
		L->prefix[L->n] = "";
		L->owned[L->n++] = 1;
	}
	if (records && records->ops->stat(records, "templates", &t) == 0 && t == ENTRY_DIR) {
		L->layer[L->n] = records;
		L->prefix[L->n++] = "templates/";
	}
	builtin->ops = &S_builtin_ops;
	builtin->root = xstrdup("");
	builtin->display = xstrdup("");
	L->layer[L->n] = builtin;
	L->prefix[L->n] = "";
	L->owned[L->n++] = 1;
	return &L->base;
}
