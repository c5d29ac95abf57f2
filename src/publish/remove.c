/*
 * remove.c - where a folder lives (its mount), and removing a tree. Every
 * walk of publish opens folders with O_NOFOLLOW relative to their parent
 * and never enters a folder on another mount (pub_place: the mount id, not
 * only the file system, so that a bind mount of a folder of the same file
 * system is told apart too), so links and mount points inside OUT lead
 * nowhere outside it.
 */
#define _GNU_SOURCE /* statx, name_to_handle_at */
#include "publish/publish_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- Mounts ---------------------------------------------------------- */

/*
 * The place of the open folder fd (its stat in *st, when st is given).
 * The mount id comes from statx (STATX_MNT_ID, Linux 5.8), else from
 * name_to_handle_at (which reports it even when the handle does not fit,
 * Linux 2.6.39, on file systems that export handles); where neither tells,
 * only the file system is compared, and a bind mount of a folder of the
 * same file system is not told apart (documented in docs/site.md).
 * SVCGEN_NO_STATX_MNT_ID=1 skips statx, to test the second way.
 * Returns 0 or -1 (fstat failed).
 */
int
pub_place(int fd, struct place *pl, struct stat *st)
{
	struct stat st0;
	struct file_handle fh; /* no room: the handle never fits, the mount id comes */
	int mid;

	if (!st)
		st = &st0;
	memset(pl, 0, sizeof(*pl));
	if (fstat(fd, st) < 0)
		return -1;
	pl->dev = st->st_dev;
#ifdef STATX_MNT_ID
	if (!getenv("SVCGEN_NO_STATX_MNT_ID")) {
		struct statx sx;

		if (statx(fd, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, STATX_MNT_ID, &sx) == 0 &&
		    (sx.stx_mask & STATX_MNT_ID)) {
			pl->mnt = sx.stx_mnt_id;
			pl->have_mnt = 1;
			return 0;
		}
	}
#endif
	memset(&fh, 0, sizeof(fh));
	if (name_to_handle_at(fd, "", &fh, &mid, AT_EMPTY_PATH) == 0 || errno == EOVERFLOW) {
		pl->mnt = (uint64_t)(unsigned)mid;
		pl->have_mnt = 1;
	}
	return 0;
}

int
pub_same_place(const struct place *a, const struct place *b)
{
	return a->dev == b->dev && a->have_mnt == b->have_mnt && (!a->have_mnt || a->mnt == b->mnt);
}

/* ---- Removing a tree, never following links -------------------------- */

/*
 * Empties the folder fd (which it closes), on the mount top. Returns 0, or
 * -1 if anything stayed (a folder on another mount is neither entered nor
 * removed).
 */
int
pub_empty_dir(int fd, const struct place *top, int depth)
{
	DIR *d;
	struct dirent *de;
	struct stat st;
	struct place pl;
	int rc = 0, pass, seen;

	if (pub_place(fd, &pl, &st) < 0 || !pub_same_place(&pl, top) || depth > MAX_DEPTH) {
		close(fd);
		return -1;
	}
	/* A folder of the old site made read-only by hand is still ours to empty. */
	if ((st.st_mode & 0700) != 0700)
		fchmod(fd, (st.st_mode & 07777) | 0700);
	if (!(d = fdopendir(fd))) {
		close(fd);
		return -1;
	}
	/* Another pass when a pass removed something: readdir need not show all
	 * entries of a folder being changed. */
	for (pass = 0, seen = 1; seen && pass < 4; pass++) {
		rewinddir(d);
		seen = 0;
		rc = 0;
		while ((de = readdir(d))) {
			const char *n = de->d_name;
			int isdir = de->d_type == DT_DIR, sub;

			if (n[0] == '.' && (!n[1] || (n[1] == '.' && !n[2])))
				continue;
			seen = 1;
			if (de->d_type == DT_UNKNOWN) {
				if (fstatat(dirfd(d), n, &st, AT_SYMLINK_NOFOLLOW) < 0)
					continue;
				isdir = S_ISDIR(st.st_mode);
			}
			if (!isdir) {
				if (unlinkat(dirfd(d), n, 0) < 0 && errno != ENOENT)
					rc = -1;
				continue;
			}
			sub = openat(dirfd(d), n, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (sub < 0) {
				if (errno != ENOENT)
					rc = -1;
				continue;
			}
			if (pub_empty_dir(sub, top, depth + 1) < 0)
				rc = -1;
			if (unlinkat(dirfd(d), n, AT_REMOVEDIR) < 0 && errno != ENOENT)
				rc = -1;
		}
		if (rc < 0)
			break;
	}
	closedir(d);
	return rc;
}

/*
 * Removes the folder name of parent_fd and all it holds; a folder on
 * another mount than parent_fd's (name itself, or any folder in it) is
 * neither entered nor removed, and then -1.
 */
int
pub_remove_tree(int parent_fd, const char *name)
{
	int fd = openat(parent_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	struct place top;

	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	if (pub_place(parent_fd, &top, NULL) < 0) {
		close(fd);
		return -1;
	}
	if (pub_empty_dir(fd, &top, 0) < 0)
		return -1;
	if (unlinkat(parent_fd, name, AT_REMOVEDIR) < 0 && errno != ENOENT)
		return -1;
	return 0;
}

void
pub_names_add(struct names *l, const char *name)
{
	l->v = xgrow(l->v, sizeof(*l->v), l->n + 1, &l->cap);
	l->v[l->n++] = xstrdup(name);
}

void
pub_names_free(struct names *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

/* A worker of pub_remove_all: removes folders of the folder dfd, one at a time. */
struct remove_worker {
	int dfd;
	const struct names *dirs;
	const struct place *top;
	atomic_size_t *next;
};

static void *
S_remove_worker(void *arg)
{
	struct remove_worker *w = arg;
	size_t i;
	int fd;

	while ((i = atomic_fetch_add(w->next, 1)) < w->dirs->n) {
		fd = openat(w->dfd, w->dirs->v[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		/* What stays (another mount, a failure) is left to pub_remove_tree after. */
		if (fd >= 0 && pub_empty_dir(fd, w->top, 1) == 0)
			unlinkat(w->dfd, w->dirs->v[i], AT_REMOVEDIR);
	}
	return NULL;
}

/*
 * pub_remove_tree of the old site after the exchange, its folders emptied
 * on every core first (as many unlinks as it has files).
 */
int
pub_remove_all(int parent_fd, const char *name, size_t files)
{
	int dfd = openat(parent_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	unsigned jobs = jobs_for(files), j;
	struct names dirs = {NULL, 0, 0};
	struct remove_worker *w;
	struct dirent *de;
	struct place top;
	atomic_size_t next;
	DIR *d;

	if (dfd >= 0 && jobs > 1 && pub_place(parent_fd, &top, NULL) == 0 &&
	    (d = fdopendir(dup(dfd)))) {
		while ((de = readdir(d)))
			if (de->d_type == DT_DIR && strcmp(de->d_name, ".") &&
			    strcmp(de->d_name, ".."))
				pub_names_add(&dirs, de->d_name);
		closedir(d);
		atomic_init(&next, 0);
		w = xcalloc(jobs, sizeof(*w));
		for (j = 0; j < jobs; j++)
			w[j] = (struct remove_worker){dfd, &dirs, &top, &next};
		threads_run(S_remove_worker, w, sizeof(*w), jobs);
		free(w);
		pub_names_free(&dirs);
	}
	if (dfd >= 0)
		close(dfd);
	return pub_remove_tree(parent_fd, name);
}
