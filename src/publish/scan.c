/*
 * scan.c - reading OUT when a build begins: one walk (readdir and lstat, no
 * file reads; a large folder's lstats on every core) records in the table
 * what OUT holds at each path, and which files the trust rule of publish.h
 * trusts to hold the bytes the manifest lists: a plain 0644 file of the
 * listed size whose mtime is older than the manifest's.
 */
#include "publish/publish.h"
#include "publish/publish_int.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A name of a folder of OUT as pub_scan reads it: its type, and its lstat. */
struct scan_item {
	size_t name; /* offset in the folder's names */
	unsigned char type;
	unsigned char stat_ok;
	struct stat st;
};

/* Every core stats a share of a folder's files (S_scan_stat). */
struct scan_worker {
	int dfd;
	const char *names;
	struct scan_item *v;
	size_t n;
	atomic_size_t *next;
};

#define SCAN_CHUNK 256

static void *
S_scan_worker(void *arg)
{
	struct scan_worker *w = arg;
	size_t i, k, end;

	while ((k = atomic_fetch_add(w->next, SCAN_CHUNK)) < w->n)
		for (i = k, end = k + SCAN_CHUNK < w->n ? k + SCAN_CHUNK : w->n; i < end; i++)
			if (w->v[i].type != DT_DIR)
				w->v[i].stat_ok = fstatat(w->dfd, w->names + w->v[i].name,
				                          &w->v[i].st, AT_SYMLINK_NOFOLLOW) == 0;
	return NULL;
}

/*
 * The lstat of every name of the folder dfd that is not a folder: the
 * trust rule reads each file's size, time and mode. A folder of many
 * files (a kind's pages) is shared among the cores.
 */
static void
S_scan_stat(int dfd, const char *names, struct scan_item *v, size_t n)
{
	unsigned jobs = n >= 4 * SCAN_CHUNK ? jobs_for(n) : 1, j;
	struct scan_worker *w = xcalloc(jobs, sizeof(*w));
	atomic_size_t next;

	atomic_init(&next, 0);
	for (j = 0; j < jobs; j++)
		w[j] = (struct scan_worker){dfd, names, v, n, &next};
	threads_run(S_scan_worker, w, sizeof(*w), jobs);
	free(w);
}

/*
 * The names of the folder d, but "." and ".." (and at the top the manifest),
 * in *names, one after the other with their NULs; *n of them. Returns the
 * items, to free.
 */
static struct scan_item *
S_scan_names(struct publish *p, DIR *d, int depth, struct buf *names, size_t *n)
{
	struct dirent *de;
	struct scan_item *v = NULL;
	size_t cap = 0;

	while ((de = readdir(d))) {
		const char *nm = de->d_name;

		if (nm[0] == '.' && (!nm[1] || (nm[1] == '.' && !nm[2])))
			continue;
		if (depth == 0 && !strcmp(nm, PUBLISH_MANIFEST) && p->have_manifest)
			continue;
		v = xgrow(v, sizeof(*v), *n + 1, &cap);
		memset(&v[*n], 0, sizeof(v[*n]));
		v[*n].name = names->len;
		v[*n].type = de->d_type;
		buf_add(names, nm, strlen(nm) + 1);
		(*n)++;
	}
	return v;
}

/*
 * The folder nm of dfd, at rel, entry e: walked when it is on OUT's mount
 * and not too deep, else something the new site will not hold. st: its
 * lstat, then its fstat.
 */
static void
S_scan_dir(struct publish *p, int dfd, const char *nm, struct entry *e, struct stat *st,
           struct buf *rel, int depth)
{
	struct place pl;
	int sub = openat(dfd, nm, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (sub >= 0 && (pub_place(sub, &pl, st) < 0 || !pub_same_place(&pl, &p->place))) {
		/* Another mount: begin refuses the build (publish.c). */
		if (!p->mount_inside)
			p->mount_inside = xstrdup(rel->buf);
		close(sub);
		sub = -1;
	}
	if (sub < 0 || depth + 1 >= MAX_DEPTH) {
		if (sub >= 0)
			close(sub);
		e->old = OLD_OTHER;
		p->n_old_nondir++;
		p->dirty = 1;
		return;
	}
	e->old = OLD_DIR;
	p->n_old_dirs++;
	if ((st->st_mode & 07777) != 0755)
		p->dirty = e->odd_mode = 1;
	pub_scan(p, sub, rel, depth + 1);
}

/*
 * The trust rule (publish.h), for what OUT holds at e that is not a folder
 * (type DT_REG or DT_LNK, its lstat st): a plain 0644 file the manifest
 * lists, of the listed size, older than the manifest.
 */
static void
S_scan_file(struct publish *p, struct entry *e, unsigned char type, const struct stat *st)
{
	p->n_old_nondir++;
	if (type == DT_REG && e->old == OLD_LISTED && (st->st_mode & 07777) == 0644 &&
	    (uint64_t)st->st_size == e->size && pub_ts_less(&st->st_mtim, &p->man_mtime)) {
		e->old = OLD_FILE;
		e->ino = (uint64_t)st->st_ino;
		p->n_old_files++;
		return;
	}
	e->old = type == DT_REG ? OLD_UNTRUSTED : OLD_OTHER;
	p->dirty = 1;
}

/* Walks the folder fd (closed here) at rel, recording what OUT holds. */
void
pub_scan(struct publish *p, int fd, struct buf *rel, int depth)
{
	DIR *d = fdopendir(fd);
	struct buf names = BUF_INIT;
	struct scan_item *v;
	size_t base = rel->len, n = 0, i;

	if (!d) {
		close(fd);
		p->dirty = 1;
		return;
	}
	v = S_scan_names(p, d, depth, &names, &n);
	S_scan_stat(dirfd(d), names.buf, v, n);
	for (i = 0; i < n; i++) {
		const char *nm = names.buf + v[i].name;
		unsigned char type = v[i].type;
		struct stat *st = &v[i].st;
		struct entry *e;

		rel->len = base;
		if (base)
			buf_addc(rel, '/');
		buf_adds(rel, nm);
		if (type != DT_DIR) {
			if (!v[i].stat_ok) {
				p->dirty = 1;
				continue;
			}
			type = S_ISDIR(st->st_mode)   ? DT_DIR
			       : S_ISREG(st->st_mode) ? DT_REG
			                              : DT_LNK;
		}
		e = pub_find(p, rel->buf, rel->len, 1);
		if (e->old == OLD_LISTED)
			p->n_found++;
		if (type == DT_DIR)
			S_scan_dir(p, dirfd(d), nm, e, st, rel, depth);
		else
			S_scan_file(p, e, type, st);
	}
	buf_setlen(rel, base);
	closedir(d);
	free(v);
	buf_free(&names);
}

/* Whether OUT, holding no manifest, is empty but for .gitkeep. */
int
pub_is_empty(struct publish *p)
{
	int fd = openat(p->out_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd < 0 ? NULL : fdopendir(fd);
	struct dirent *de;
	int empty = 1;

	if (!d) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	while ((de = readdir(d))) {
		const char *n = de->d_name;

		if (!strcmp(n, ".") || !strcmp(n, "..") || !strcmp(n, ".gitkeep"))
			continue;
		empty = 0;
		break;
	}
	closedir(d);
	return empty;
}
