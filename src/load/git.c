/* git.c - the records repository read from git objects (--rev, and the history: docs/history.md).
 */
#include "load/git.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <git2/sys/odb_backend.h>

#include "base/error.h"
#include "base/msg.h"

/* The last libgit2 error message, or a fallback. */
static const char *
S_why(void)
{
	const git_error *e = git_error_last();

	return e && e->message ? e->message : "unknown git error";
}

int
gitrepo_fail(const char *fmt, ...)
{
	struct buf msg = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&msg, tr_term(fmt), ap);
	va_end(ap);
	/* libgit2's own reason stays as the library gives it. */
	if (msg.len)
		error_set("%s: %s", msg.buf, S_why());
	else
		error_set("%s", S_why());
	buf_free(&msg);
	return -1;
}

int
gitrepo_open(struct gitrepo *g, const char *dir)
{
	char *real, *top;
	const char *wd;
	size_t n;

	memset(g, 0, sizeof(*g));
	git_libgit2_init();
	/* As git does, trust the object store: no hashing of every object read. */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	/* As git does: GIT_DIR, GIT_CEILING_DIRECTORIES and the like are respected. */
	if (git_repository_open_ext(&g->repo, dir, GIT_REPOSITORY_OPEN_FROM_ENV, NULL) < 0) {
		git_libgit2_shutdown();
		return error_set("not in a git repository");
	}
	if (git_repository_odb(&g->odb, g->repo) < 0) {
		gitrepo_fail("%s", "");
		gitrepo_close(g);
		return -1;
	}
	g->gitdir = xstrdup(git_repository_path(g->repo));
	g->bare = git_repository_is_bare(g->repo);
	wd = g->bare ? git_repository_path(g->repo) : git_repository_workdir(g->repo);
	real = realpath(dir, NULL);
	top = wd ? realpath(wd, NULL) : NULL;
	if (!real || !top) {
		free(real);
		free(top);
		error_set("%s", strerror(errno));
		gitrepo_close(g);
		return -1;
	}
	/* dir is top itself or below it: the rest is the records folder. */
	n = strlen(top);
	if (!strncmp(real, top, n) && (real[n] == '\0' || real[n] == '/'))
		g->prefix = xstrdup(real[n] ? real + n + 1 : "");
	else
		g->prefix = xstrdup("");
	free(real);
	free(top);
	return 0;
}

void
gitrepo_close(struct gitrepo *g)
{
	if (!g->repo)
		return;
	git_odb_free(g->odb);
	git_repository_free(g->repo);
	free(g->prefix);
	free(g->gitdir);
	memset(g, 0, sizeof(*g));
	git_libgit2_shutdown();
}

void
gitrepo_cache_limit(size_t bytes)
{
	git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)bytes);
}

int
gitrepo_commit(struct gitrepo *g, const char *rev, git_oid *out)
{
	git_object *obj = NULL, *peeled = NULL;

	if (git_revparse_single(&obj, g->repo, rev) < 0 ||
	    git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) < 0) {
		git_object_free(obj);
		return gitrepo_fail("%s", "");
	}
	git_oid_cpy(out, git_object_id(peeled));
	git_object_free(peeled);
	git_object_free(obj);
	return 0;
}

int64_t
gitrepo_commit_time(struct gitrepo *g, const git_oid *commit)
{
	git_commit *c;
	int64_t t;

	if (git_commit_lookup(&c, g->repo, commit) < 0)
		return 0;
	t = (int64_t)git_commit_time(c);
	git_commit_free(c);
	return t;
}

int
gitrepo_read(struct gitrepo *g, const git_oid *id, struct gitobj *out)
{
	size_t i, n = git_odb_num_backends(g->odb);

	memset(out, 0, sizeof(*out));
	/* The backends in the order git_odb_read asks them (packs, then loose objects). */
	for (i = 0; i < n; i++) {
		git_odb_backend *b;
		void *data;
		int rc;

		if (git_odb_get_backend(&b, g->odb, i) < 0 || !b->read)
			continue;
		rc = b->read(&data, &out->len, &out->type, b, id);
		if (rc == 0) {
			out->data = data;
			out->from = b;
			return 0;
		}
		if (rc != GIT_ENOTFOUND && rc != GIT_PASSTHROUGH)
			break;
	}
	/* Not found, or failing: git_odb_read looks again after a refresh, and says why. */
	if (git_odb_read(&out->obj, g->odb, id) < 0)
		return -1;
	out->data = git_odb_object_data(out->obj);
	out->len = git_odb_object_size(out->obj);
	out->type = git_odb_object_type(out->obj);
	return 0;
}

void
gitobj_free(struct gitobj *o)
{
	if (o->from)
		git_odb_backend_data_free(o->from, (void *)o->data);
	git_odb_object_free(o->obj);
	memset(o, 0, sizeof(*o));
}

/* ---- the source over a tree */

struct git_source {
	struct source s; /* first: a struct source * is a struct git_source * */
	git_repository *repo;
	git_tree *top; /* the records folder's tree */
	pthread_mutex_t lock;
};

static enum entry_type
S_entry_type(git_filemode_t mode)
{
	switch (mode) {
	case GIT_FILEMODE_TREE:
		return ENTRY_DIR;
	case GIT_FILEMODE_BLOB:
	case GIT_FILEMODE_BLOB_EXECUTABLE:
		return ENTRY_FILE;
	case GIT_FILEMODE_LINK:
		return ENTRY_LINK;
	case GIT_FILEMODE_COMMIT:
		return ENTRY_SUBMODULE;
	default:
		return ENTRY_OTHER;
	}
}

/* The entry at path (relative to the records folder); NULL when absent. */
static git_tree_entry *
S_entry(struct git_source *g, const char *path)
{
	git_tree_entry *e;

	if (git_tree_entry_bypath(&e, g->top, path) < 0)
		return NULL;
	return e;
}

static int
S_git_list(struct source *s, const char *dir, struct source_entry **out, size_t *n)
{
	struct git_source *g = (struct git_source *)s;
	git_tree_entry *e = NULL;
	git_tree *t = NULL;
	struct source_entry *v;
	size_t i, len;
	int rc = -1;

	pthread_mutex_lock(&g->lock);
	if (!*dir) {
		t = g->top;
	} else if (!(e = S_entry(g, dir)) || git_tree_entry_type(e) != GIT_OBJECT_TREE ||
	           git_tree_lookup(&t, g->repo, git_tree_entry_id(e)) < 0) {
		errno = ENOENT;
		goto done;
	}
	len = git_tree_entrycount(t);
	v = xcalloc(len ? len : 1, sizeof(*v));
	for (i = 0; i < len; i++) {
		const git_tree_entry *k = git_tree_entry_byindex(t, i);

		v[i].name = xstrdup(git_tree_entry_name(k));
		v[i].type = S_entry_type(git_tree_entry_filemode(k));
		memcpy(v[i].oid, git_tree_entry_id(k)->id, sizeof(v[i].oid));
	}
	/* git sorts a folder as if its name ended in '/'; callers expect byte order. */
	qsort(v, len, sizeof(*v), source_entry_cmp);
	*out = v;
	*n = len;
	rc = 0;
done:
	if (t != g->top)
		git_tree_free(t);
	git_tree_entry_free(e);
	pthread_mutex_unlock(&g->lock);
	return rc;
}

static int
S_git_read(struct source *s, const char *path, size_t max, struct buf *out, int *too_large)
{
	struct git_source *g = (struct git_source *)s;
	git_tree_entry *e;
	git_blob *b = NULL;
	git_object_size_t size;
	int rc = -1;

	*too_large = 0;
	pthread_mutex_lock(&g->lock);
	e = S_entry(g, path);
	if (!e || S_entry_type(git_tree_entry_filemode(e)) != ENTRY_FILE) {
		errno = e ? EINVAL : ENOENT;
		goto done;
	}
	if (git_blob_lookup(&b, g->repo, git_tree_entry_id(e)) < 0) {
		errno = EIO;
		goto done;
	}
	size = git_blob_rawsize(b);
	if (size > max) {
		*too_large = 1;
		goto done;
	}
	buf_reset(out);
	buf_add(out, git_blob_rawcontent(b), (size_t)size);
	rc = 0;
done:
	git_blob_free(b);
	git_tree_entry_free(e);
	pthread_mutex_unlock(&g->lock);
	return rc;
}

static int
S_git_stat(struct source *s, const char *path, enum entry_type *type)
{
	struct git_source *g = (struct git_source *)s;
	git_tree_entry *e;

	if (!*path) {
		*type = ENTRY_DIR;
		return 0;
	}
	pthread_mutex_lock(&g->lock);
	e = S_entry(g, path);
	if (e)
		*type = S_entry_type(git_tree_entry_filemode(e));
	git_tree_entry_free(e);
	pthread_mutex_unlock(&g->lock);
	if (!e) {
		errno = ENOENT;
		return -1;
	}
	return 0;
}

static int
S_git_open(struct source *s, const char *path, int *fd, uint64_t *size)
{
	struct git_source *g = (struct git_source *)s;
	git_tree_entry *e;
	git_odb *odb = NULL;
	git_object_t ot;
	size_t len;
	int rc = -1;

	*fd = -1;
	pthread_mutex_lock(&g->lock);
	e = S_entry(g, path);
	if (!e) {
		errno = ENOENT;
		goto done;
	}
	switch (S_entry_type(git_tree_entry_filemode(e))) {
	case ENTRY_FILE:
		break;
	case ENTRY_LINK:
		errno = ELOOP;
		goto done;
	case ENTRY_DIR:
		errno = EISDIR;
		goto done;
	default:
		errno = EINVAL;
		goto done;
	}
	/* The size from the object's header: the blob itself is not read. */
	if (git_repository_odb(&odb, g->repo) < 0 ||
	    git_odb_read_header(&len, &ot, odb, git_tree_entry_id(e)) < 0) {
		errno = EIO;
		goto done;
	}
	*size = len;
	rc = 0;
done:
	git_odb_free(odb);
	git_tree_entry_free(e);
	pthread_mutex_unlock(&g->lock);
	return rc;
}

static void
S_git_close(struct source *s)
{
	struct git_source *g = (struct git_source *)s;

	git_tree_free(g->top);
	pthread_mutex_destroy(&g->lock);
}

static const struct source_ops S_git_ops = {S_git_list, S_git_read, S_git_stat, S_git_open,
                                            S_git_close};

struct source *
source_open_git(struct gitrepo *repo, const git_oid *commit, const char *display)
{
	struct git_source *g;
	git_commit *c = NULL;
	git_tree *root = NULL, *top = NULL;
	git_tree_entry *e = NULL;

	if (git_commit_lookup(&c, repo->repo, commit) < 0 || git_commit_tree(&root, c) < 0) {
		gitrepo_fail("%s", "");
		goto fail;
	}
	if (!*repo->prefix) {
		top = root;
		root = NULL;
	} else if (git_tree_entry_bypath(&e, root, repo->prefix) < 0 ||
	           git_tree_entry_type(e) != GIT_OBJECT_TREE ||
	           git_tree_lookup(&top, repo->repo, git_tree_entry_id(e)) < 0) {
		error_set("the revision has no such folder");
		goto fail;
	}
	g = xcalloc(1, sizeof(*g));
	g->s.ops = &S_git_ops;
	g->s.root = xstrdup(repo->prefix);
	g->s.display = xstrdup(display);
	g->repo = repo->repo;
	g->top = top;
	pthread_mutex_init(&g->lock, NULL);
	git_tree_entry_free(e);
	git_tree_free(root);
	git_commit_free(c);
	return &g->s;
fail:
	git_tree_entry_free(e);
	git_tree_free(root);
	git_commit_free(c);
	return NULL;
}
