/*
 * tree.c - the temporary tree T = OUT/../.NAME.tmp-XXXXXX that becomes the
 * new site: made when the first file is written (as the kept previous site
 * when there is one, prev.c; else empty), its folders 0755 and its files
 * 0644 whatever the umask; files written, copied and cleared in it.
 */
#include "publish/publish_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/msg.h"

/*
 * Makes the kept previous site the temporary tree (under a temporary
 * folder's name, so that a build killed meanwhile leaves a leftover the
 * next one removes): p->tmp_name, made empty by mkdtemp, which rename
 * replaces. Returns 0 (p->tmp_fd is -1 if it then failed), or -1 when it
 * cannot be moved (the empty folder is used instead).
 */
static int
S_take_prev(struct publish *p)
{
	if (renameat(p->parent_fd, p->prev_name, p->parent_fd, p->tmp_name) < 0) {
		close(p->prev_fd);
		p->prev_fd = -1;
		p->prev_stale = 1;
		return -1;
	}
	p->tmp_fd = p->prev_fd;
	p->prev_fd = -1;
	p->from_prev = 1;
	if (unlinkat(p->tmp_fd, PREV_LIST, 0) < 0 && errno != ENOENT) {
		pub_fail(p, "%s/%s: %s", p->parent, p->tmp_name, strerror(errno));
		close(p->tmp_fd);
		p->tmp_fd = -1;
	}
	return 0;
}

/* Makes the temporary folder, if not made yet. Under the lock. */
int
pub_need_tmp(struct publish *p)
{
	struct buf path = BUF_INIT;
	char *slash;

	if (p->tmp_fd >= 0)
		return 0;
	buf_adds(&path, p->parent);
	if (strcmp(p->parent, "/"))
		buf_addc(&path, '/');
	buf_addf(&path, ".%s.tmp-XXXXXX", p->name);
	if (!mkdtemp(path.buf)) {
		pub_fail(p, "%s: cannot make a temporary folder beside it: %s", p->out,
		         strerror(errno));
		buf_free(&path);
		return -1;
	}
	slash = strrchr(path.buf, '/');
	p->tmp_name = xstrdup(slash + 1);
	buf_free(&path);
	/* The previous site, when kept, replaces the empty folder. */
	if (p->prev_fd >= 0 && S_take_prev(p) == 0)
		return p->tmp_fd < 0 ? -1 : 0;
	p->tmp_fd =
	    openat(p->parent_fd, p->tmp_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (p->tmp_fd < 0 || flock(p->tmp_fd, LOCK_EX | LOCK_NB) < 0 ||
	    fchmod(p->tmp_fd, 0755) < 0) {
		pub_fail(p, "%s/%s: %s", p->parent, p->tmp_name, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Makes the folder dir of the temporary tree, 0755 whatever the umask; a
 * tree begun as the previous site may hold it already, or something else
 * in its place. Returns 0 or -1 (errno).
 */
static int
S_mkdir(struct publish *p, const char *dir)
{
	struct stat st;

	if (mkdirat(p->tmp_fd, dir, 0755) == 0)
		return (p->umask & 0755) ? fchmodat(p->tmp_fd, dir, 0755, 0) : 0;
	if (errno != EEXIST || !p->from_prev ||
	    fstatat(p->tmp_fd, dir, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return -1;
	if (S_ISDIR(st.st_mode))
		return (st.st_mode & 07777) != 0755 ? fchmodat(p->tmp_fd, dir, 0755, 0) : 0;
	if (pub_tmp_clear(p, dir) < 0 || mkdirat(p->tmp_fd, dir, 0755) < 0)
		return -1;
	return (p->umask & 0755) ? fchmodat(p->tmp_fd, dir, 0755, 0) : 0;
}

/* Makes the folders above rel in the temporary tree. Under the lock. */
int
pub_make_dirs(struct publish *p, const char *rel)
{
	const char *c;

	for (c = strchr(rel, '/'); c; c = strchr(c + 1, '/')) {
		struct entry *e = pub_find(p, rel, (size_t)(c - rel), 1);
		char *dir;

		if (e->made)
			continue;
		dir = e->path;
		if (S_mkdir(p, dir) < 0) {
			pub_fail(p, "%s/%s: %s", p->out, dir, strerror(errno));
			return -1;
		}
		e->made = 1;
	}
	return 0;
}

/*
 * The folder holding rel below the folder dirfd, opened without following
 * a link at its end (dirfd itself for a name at the top), and *base, rel's
 * last name. Returns the descriptor, to close unless it is dirfd, or -1.
 */
int
pub_open_parent(int dirfd, const char *rel, const char **base)
{
	const char *slash = strrchr(rel, '/');
	char *dir;
	int fd;

	*base = slash ? slash + 1 : rel;
	if (!slash)
		return dirfd;
	dir = xstrndup(rel, (size_t)(slash - rel));
	fd = openat(dirfd, dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	free(dir);
	return fd;
}

/*
 * Removes whatever the temporary tree holds at rel (a file, a link, a
 * folder and all it holds): it began as the previous site. Returns 0 or -1.
 */
int
pub_tmp_clear(struct publish *p, const char *rel)
{
	const char *base;
	int dfd = pub_open_parent(p->tmp_fd, rel, &base), rc = 0;

	if (dfd < 0)
		return errno == ENOENT || errno == ENOTDIR || errno == ELOOP ? 0 : -1;
	if (unlinkat(dfd, base, 0) < 0 && errno != ENOENT)
		rc = errno == EISDIR || errno == EPERM ? pub_remove_tree(dfd, base) : -1;
	if (dfd != p->tmp_fd)
		close(dfd);
	return rc;
}

/* Creates rel in the temporary tree, mode 0644 whatever the umask. Returns the fd or -1. */
int
pub_create(struct publish *p, const char *rel)
{
	int fd;

	/* Never into a file of the previous site: OUT may share its inode. */
	if (p->from_prev && pub_tmp_clear(p, rel) < 0) {
		pub_fail(p, "%s/%s: %s", p->out, rel, strerror(errno));
		return -1;
	}
	fd = openat(p->tmp_fd, rel, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);

	if (fd >= 0 && (p->umask & 0644) && fchmod(fd, 0644) < 0) {
		close(fd);
		fd = -1;
	}
	if (fd < 0)
		pub_fail(p, "%s/%s: %s", p->out, rel, strerror(errno));
	return fd;
}

/*
 * Copies in (from its start) to out, the file rel of OUT, hashing what it
 * copies. Returns 0 when len bytes hashing to sum were copied, else -1
 * with the failure recorded (pub_fail).
 */
int
pub_copy_fd(struct publish *p, int in, int out, const char *rel, uint64_t len,
            const uint64_t sum[2])
{
	char *chunk = xmalloc(COPY_CHUNK);
	const char *why = NULL;
	struct hasher h;
	uint64_t total = 0, got[2];
	ssize_t r;

	pub_hash_init(&h);
	if (lseek(in, 0, SEEK_SET) < 0)
		why = strerror(errno);
	while (!why && (r = read(in, chunk, COPY_CHUNK)) != 0) {
		if (r < 0) {
			if (errno != EINTR)
				why = strerror(errno);
			continue;
		}
		pub_hash_update(&h, chunk, (size_t)r);
		total += (uint64_t)r;
		if (write_all(out, chunk, (size_t)r) < 0)
			why = strerror(errno);
	}
	free(chunk);
	pub_hash_final(&h, got);
	if (!why && (total != len || got[0] != sum[0] || got[1] != sum[1]))
		why = tr_term("changed while it was copied");
	if (why) {
		pub_fail(p, "%s/%s: %s", p->out, rel, why);
		return -1;
	}
	return 0;
}

/*
 * Where a hard link cannot be made (a file system without them, too many
 * links), an unchanged file is copied instead, keeping its mtime.
 */
int
pub_keep_by_copy(struct publish *p, int dir, const char *name, const char *rel,
                 const struct entry *e)
{
	struct timespec t[2];
	struct stat st;
	int in, out, rc = -1;

	if (errno != EMLINK && errno != EPERM && errno != EXDEV && errno != EOPNOTSUPP &&
	    errno != ENOTSUP) {
		pub_fail(p, "%s/%s: %s", p->out, rel, strerror(errno));
		return -1;
	}
	in = openat(dir, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (in < 0 || fstat(in, &st) < 0) {
		pub_fail(p, "%s/%s: %s", p->out, rel, strerror(errno));
		if (in >= 0)
			close(in);
		return -1;
	}
	if ((out = pub_create(p, rel)) < 0) {
		close(in);
		return -1;
	}
	t[0].tv_sec = 0;
	t[0].tv_nsec = UTIME_OMIT;
	t[1] = st.st_mtim;
	if (pub_copy_fd(p, in, out, rel, e->size, e->sum) == 0) {
		if (futimens(out, t) < 0)
			pub_fail(p, "%s/%s: %s", p->out, rel, strerror(errno));
		else
			rc = 0;
	}
	close(in);
	if (close(out) < 0 && rc == 0) {
		pub_fail(p, "%s/%s: %s", p->out, rel, strerror(errno));
		rc = -1;
	}
	return rc;
}
