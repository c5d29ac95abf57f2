/*
 * link.c - at commit, when the temporary tree began empty: every unchanged
 * file of OUT hard-linked into it (same inode and mtime, no data written),
 * found by walking OUT again as begin did, its folders on every core.
 */
#include "publish/publish_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * Links the unchanged files of the folder fd (closed here) at rel into the
 * temporary tree, walking OUT as begin did; with defer, the folders of
 * this one are not walked but named there, for pub_link_all's workers, which
 * walk several at once. Returns 0 or -1 (failed).
 */
static int
S_link_same(struct publish *p, int fd, struct buf *rel, size_t *linked, int depth,
            struct names *defer)
{
	DIR *d = fdopendir(fd);
	struct dirent *de;
	size_t base = rel->len;
	int rc = 0;

	if (!d) {
		close(fd);
		pub_fail(p, "%s/%s: %s", p->out, rel->buf, strerror(errno));
		return -1;
	}
	while (rc == 0 && (de = readdir(d))) {
		const char *n = de->d_name;
		struct entry *e;
		struct place pl;
		int sub;

		if (n[0] == '.' && (!n[1] || (n[1] == '.' && !n[2])))
			continue;
		rel->len = base;
		if (base)
			buf_addc(rel, '/');
		buf_adds(rel, n);
		e = pub_find(p, rel->buf, rel->len, 0);
		if (!e)
			continue;
		if (e->old == OLD_DIR && e->now == NEW_DIR && defer) {
			pub_names_add(defer, rel->buf);
			continue;
		}
		if (e->old == OLD_DIR && e->now == NEW_DIR) {
			sub = openat(dirfd(d), n, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (sub < 0)
				continue; /* counted as missing by publish_commit */
			if (pub_place(sub, &pl, NULL) < 0 || !pub_same_place(&pl, &p->place) ||
			    depth + 1 >= MAX_DEPTH) {
				close(sub);
				continue;
			}
			rc = S_link_same(p, sub, rel, linked, depth + 1, NULL);
			continue;
		}
		if (e->old != OLD_FILE || e->now != NEW_SAME || e->linked ||
		    (uint64_t)de->d_ino != e->ino)
			continue;
		if ((*linked & 1023) == 0 && pub_stopped(p)) {
			rc = -1;
			break;
		}
		/* Under the lock, as everywhere: the workers share the table. */
		pthread_mutex_lock(&p->lock);
		rc = pub_make_dirs(p, rel->buf);
		pthread_mutex_unlock(&p->lock);
		if (rc < 0)
			break;
		if (linkat(dirfd(d), n, p->tmp_fd, rel->buf, 0) < 0 &&
		    pub_keep_by_copy(p, dirfd(d), n, rel->buf, e) < 0) {
			rc = -1;
			break;
		}
		e->linked = 1;
		(*linked)++;
	}
	buf_setlen(rel, base);
	closedir(d);
	return rc;
}

/* A worker of pub_link_all. */
struct link_worker {
	struct publish *p;
	const struct names *dirs;
	atomic_size_t *next;
	size_t linked;
	int rc;
};

static void *
S_link_worker(void *arg)
{
	struct link_worker *w = arg;
	struct buf rel = BUF_INIT;
	struct place pl;
	size_t i;
	int fd;

	while (w->rc == 0 && (i = atomic_fetch_add(w->next, 1)) < w->dirs->n) {
		fd = openat(w->p->out_fd, w->dirs->v[i],
		            O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			continue; /* counted as missing by publish_commit */
		if (pub_place(fd, &pl, NULL) < 0 || !pub_same_place(&pl, &w->p->place)) {
			close(fd);
			continue;
		}
		buf_reset(&rel);
		buf_adds(&rel, w->dirs->v[i]);
		if (S_link_same(w->p, fd, &rel, &w->linked, 1, NULL) < 0)
			w->rc = -1;
	}
	buf_free(&rel);
	return NULL;
}

/*
 * Links every unchanged file of OUT into the temporary tree: OUT's own
 * files, then its folders on every core, a folder a worker at a time (a
 * link costs the kernel a few microseconds: at 50,000 files, a good part
 * of a build that changed little). Returns how many, or -1 (failed).
 */
long
pub_link_all(struct publish *p)
{
	struct names dirs = {NULL, 0, 0};
	struct link_worker *w;
	struct buf rel = BUF_INIT;
	atomic_size_t next;
	size_t linked = 0;
	unsigned jobs = jobs_for(p->n_same), j;
	int fd, rc;

	if ((fd = openat(p->out_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		pub_fail(p, "%s: %s", p->out, strerror(errno));
		return -1;
	}
	buf_grow(&rel, 256);
	rc = S_link_same(p, fd, &rel, &linked, 0, &dirs);
	buf_free(&rel);
	atomic_init(&next, 0);
	w = xcalloc(jobs, sizeof(*w));
	for (j = 0; j < jobs; j++) {
		w[j].p = p;
		w[j].dirs = &dirs;
		w[j].next = &next;
	}
	if (rc == 0)
		threads_run(S_link_worker, w, sizeof(*w), jobs);
	for (j = 0; j < jobs; j++) {
		linked += w[j].linked;
		rc |= w[j].rc;
	}
	free(w);
	pub_names_free(&dirs);
	return rc < 0 ? -1 : (long)linked;
}
