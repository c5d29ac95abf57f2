/*
 * prev.c - the previous site, kept beside OUT.
 *
 * After the exchange the old site is not deleted but kept as .NAME.prev,
 * holding PREV_LIST: which OUT it is the previous site of (OUT's inode and
 * its manifest's mtime) and every path where the two differ. Unchanged
 * files are hard links shared with OUT, so it costs the space of what the
 * last build changed. The next build starts its temporary tree from it and
 * brings only those paths, and what it changes itself, up to date, instead
 * of linking every unchanged file into an empty tree and deleting every
 * file of the old one (docs/site.md, "Publishing").
 */
#define _GNU_SOURCE /* renameat2 */
#include "publish/publish_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* The first line of PREV_LIST, then OUT's inode and its manifest's mtime. */
#define PREV_HEADER "svcgen-prev 1"

/*
 * Reads .NAME.prev/PREV_LIST and, when it describes OUT as it is, holds the
 * folder locked (p->prev_fd) and marks the paths where it differs. Any
 * doubt: it is not used, and is removed at commit.
 */
void
pub_prev_open(struct publish *p)
{
	struct stat st, out_st;
	struct place pl;
	unsigned long long ino, sec, nsec;
	char *text = NULL, *s, *end, *nl;
	int fd = -1, lfd = -1, n = 0;
	ssize_t r;
	size_t got = 0;

	p->prev_fd =
	    openat(p->parent_fd, p->prev_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (p->prev_fd < 0) {
		p->prev_stale = errno != ENOENT;
		return;
	}
	fd = p->prev_fd;
	p->prev_fd = -1;
	p->prev_stale = 1;
	/* Ours, on OUT's mount, no other build using it, and OUT a site of ours. */
	if (!p->have_manifest || p->dirty || pub_place(fd, &pl, &st) < 0 ||
	    !pub_same_place(&pl, &p->place) || st.st_uid != geteuid() ||
	    (st.st_mode & 07777) != 0755 || fstat(p->out_fd, &out_st) < 0 ||
	    flock(fd, LOCK_EX | LOCK_NB) < 0)
		goto done;
	lfd = openat(fd, PREV_LIST, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (lfd < 0 || fstat(lfd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > (1 << 30))
		goto done;
	text = xmalloc((size_t)st.st_size + 1);
	while (got < (size_t)st.st_size &&
	       ((r = read(lfd, text + got, (size_t)st.st_size - got)) > 0 ||
	        (r < 0 && errno == EINTR)))
		got += r > 0 ? (size_t)r : 0;
	text[got] = '\0';
	end = text + got;
	if (got != (size_t)st.st_size || memchr(text, '\0', got) ||
	    sscanf(text, PREV_HEADER " %llu %llu %llu%n", &ino, &sec, &nsec, &n) != 3 ||
	    text[n] != '\n' || ino != (unsigned long long)out_st.st_ino ||
	    sec != (unsigned long long)p->man_mtime.tv_sec ||
	    nsec != (unsigned long long)p->man_mtime.tv_nsec)
		goto done;
	for (s = text + n + 1; s < end; s = nl + 1) {
		if (!(nl = memchr(s, '\n', (size_t)(end - s))))
			goto done;
		*nl = '\0';
		if (pub_bad_path(s))
			goto done;
	}
	for (s = text + n + 1; s < end; s += strlen(s) + 1)
		pub_find(p, s, strlen(s), 1)->prev_diff = 1;
	p->prev_fd = fd;
	fd = -1;
	p->prev_stale = 0;
done:
	if (lfd >= 0)
		close(lfd);
	if (fd >= 0)
		close(fd);
	free(text);
}

/* The hard link of OUT's file e into the temporary tree, where it differs. */
static int
S_prev_link(struct publish *p, struct entry *e)
{
	const char *base;
	int dfd = pub_open_parent(p->out_fd, e->path, &base), rc = -1;
	struct stat st;

	if (dfd < 0) {
		pub_fail(p, "%s: changed while the site was being built", p->out);
		return -1;
	}
	if (pub_tmp_clear(p, e->path) < 0 || pub_make_dirs(p, e->path) < 0) {
		pub_fail(p, "%s/%s: %s", p->out, e->path, strerror(errno));
		goto done;
	}
	if (linkat(dfd, base, p->tmp_fd, e->path, 0) < 0) {
		if (pub_keep_by_copy(p, dfd, base, e->path, e) < 0)
			goto done;
		e->copied = 1;
	} else if (fstatat(p->tmp_fd, e->path, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
	           (uint64_t)st.st_ino != e->ino || st.st_dev != p->place.dev) {
		/* Not the file begin trusted: OUT was changed meanwhile. */
		pub_fail(p, "%s: changed while the site was being built", p->out);
		goto done;
	}
	rc = 0;
done:
	if (dfd != p->out_fd)
		close(dfd);
	return rc;
}

/*
 * Brings the temporary tree, begun as the previous site, to the new site:
 * the files written are there already; where the previous site differs
 * from OUT, OUT's unchanged files are linked in, and every path the new
 * site lacks is removed. Returns 0 or -1.
 */
int
pub_prev_sync(struct publish *p)
{
	/* A copy of the table: making folders may add to it. */
	struct entry **v = xmalloc((p->count + 1) * sizeof(*v)), *e;
	size_t i, n = 0;
	int rc = -1;

	for (i = 0; i < p->cap; i++)
		if (p->slots[i])
			v[n++] = p->slots[i];
	for (i = 0; i < n; i++) {
		e = v[i];
		if ((i & 1023) == 0 && pub_stopped(p))
			goto done;
		if (e->now == NEW_SAME && e->prev_diff && S_prev_link(p, e) < 0)
			goto done;
		if (e->now == NEW_DIR && (e->prev_diff || e->odd_mode) && !e->made) {
			struct buf dir = BUF_INIT;
			int made;

			buf_add(&dir, e->path, e->len);
			buf_addc(&dir, '/');
			made = pub_make_dirs(p, dir.buf);
			buf_free(&dir);
			if (made < 0)
				goto done;
		}
		if (e->now == NEW_NONE && (e->old != OLD_NONE || e->prev_diff) &&
		    pub_tmp_clear(p, e->path) < 0) {
			pub_fail(p, "%s/%s: %s", p->out, e->path, strerror(errno));
			goto done;
		}
	}
	rc = 0;
done:
	free(v);
	return rc;
}

/*
 * Keeps the old site, now named p->tmp_name, as .NAME.prev with the list of
 * where it differs from the new OUT (out_ino). Returns 0, or -1 when it
 * could not (the caller deletes it then).
 */
int
pub_prev_keep(struct publish *p, uint64_t out_ino)
{
	struct buf b = BUF_INIT;
	struct entry *e;
	size_t i;
	int fd, rc = -1;

	if (p->prev_stale && pub_remove_tree(p->parent_fd, p->prev_name) < 0)
		return -1;
	buf_addf(&b, PREV_HEADER " %llu %llu %llu\n", (unsigned long long)out_ino,
	         (unsigned long long)p->new_man_mtime.tv_sec,
	         (unsigned long long)p->new_man_mtime.tv_nsec);
	for (i = 0; i < p->cap; i++) {
		if (!(e = p->slots[i]))
			continue;
		if (e->now == NEW_WRITTEN || (e->now == NEW_SAME && e->copied) ||
		    (e->now == NEW_NONE && e->old != OLD_NONE && e->old != OLD_LISTED) ||
		    (e->now == NEW_DIR && (e->old != OLD_DIR || e->odd_mode))) {
			buf_add(&b, e->path, e->len);
			buf_addc(&b, '\n');
		}
	}
	/* The old tree is p->out_fd's folder: it was OUT until the exchange. */
	if (unlinkat(p->out_fd, PREV_LIST, 0) < 0 && errno != ENOENT)
		goto done;
	fd = openat(p->out_fd, PREV_LIST, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	            0644);
	if (fd < 0)
		goto done;
	if (write_all(fd, b.buf, b.len) < 0) {
		close(fd);
		goto done;
	}
	if (close(fd) < 0 || fchmod(p->out_fd, 0755) < 0 ||
	    renameat2(p->parent_fd, p->tmp_name, p->parent_fd, p->prev_name, RENAME_NOREPLACE) < 0)
		goto done;
	rc = 0;
done:
	buf_free(&b);
	return rc;
}
