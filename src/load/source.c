/*
 * source.c - records read from a folder of the file system, every path
 * opened below the folder held open, no symbolic link followed on the
 * way (docs/architecture.md, "Opening files below a folder").
 */
#define _GNU_SOURCE /* O_PATH */
#include "load/source.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__has_include)
#if __has_include(<linux/openat2.h>)
#include <linux/openat2.h>
#endif
#endif

int source_no_openat2;

/* A folder of the file system, held open: paths are opened from it, not from the current folder. */
struct fs_source {
	struct source base;
	int root_fd;
};

/* Does path have a ".." component? */
static int
S_has_dotdot(const char *path)
{
	const char *q;

	for (q = path; *q; q = strchr(q, '/') ? strchr(q, '/') + 1 : q + strlen(q))
		if (q[0] == '.' && q[1] == '.' && (q[2] == '/' || !q[2]))
			return 1;
	return 0;
}

/*
 * openat2 resolving no link and nothing outside dirfd; -2 when the call
 * itself is refused: a kernel before 5.6 (ENOSYS), or a seccomp filter
 * that does not know it (EPERM, EINVAL, E2BIG).
 */
static int
S_openat2(int dirfd, const char *path, int flags)
{
#if defined(SYS_openat2) && defined(RESOLVE_BENEATH)
	struct open_how how;
	long fd;
	int tries = 0;

	memset(&how, 0, sizeof(how));
	how.flags = (uint64_t)(unsigned)flags;
	how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
	/* EAGAIN: a rename elsewhere raced the lookup; it is safe to try again. */
	do
		fd = syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
	while (fd < 0 && errno == EAGAIN && ++tries < 8);
	if (fd < 0 && (errno == ENOSYS || errno == EPERM || errno == EINVAL || errno == E2BIG))
		return -2;
	return (int)fd;
#else
	(void)dirfd;
	(void)path;
	(void)flags;
	return -2;
#endif
}

/* Closes fd keeping errno. */
static void
S_close(int fd)
{
	int e = errno;

	close(fd);
	errno = e;
}

/* source_near_close keeping errno. */
static void
S_close_near(struct source_near *near)
{
	int e = errno;

	source_near_close(near);
	errno = e;
}

/*
 * source_openat without openat2: each folder on the way opened from the
 * one before with O_NOFOLLOW and checked to be a folder, the last
 * component opened with flags (which hold O_NOFOLLOW).
 */
static int
S_walk(int dirfd, const char *path, int flags)
{
	char name[NAME_MAX + 1];
	const char *p = path, *end;
	int cur = dirfd, fd;
	struct stat st;

	for (;;) {
		size_t len;

		end = strchr(p, '/');
		len = end ? (size_t)(end - p) : strlen(p);
		if (len > NAME_MAX) {
			errno = ENAMETOOLONG;
			fd = -1;
			break;
		}
		if (len == 0 || (len == 1 && *p == '.')) {
			if (end) {
				p = end + 1;
				continue;
			}
			strcpy(name, ".");
		} else {
			memcpy(name, p, len);
			name[len] = '\0';
		}
		if (!end) {
			fd = openat(cur, name, flags);
			break;
		}
		fd = openat(cur, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		if (fd >= 0 && fstat(fd, &st) < 0) {
			S_close(fd);
			fd = -1;
		} else if (fd >= 0 && !S_ISDIR(st.st_mode)) {
			close(fd);
			fd = -1;
			errno = S_ISLNK(st.st_mode) ? ELOOP : ENOTDIR;
		}
		if (cur != dirfd)
			S_close(cur);
		if (fd < 0)
			return -1;
		cur = fd;
		p = end + 1;
	}
	if (cur != dirfd)
		S_close(cur);
	return fd;
}

int
source_openat(int dirfd, const char *path, int flags)
{
	struct stat st;
	int fd = -2;

	flags |= O_NOFOLLOW | O_CLOEXEC;
	if (path[0] == '/' || S_has_dotdot(path)) {
		errno = EXDEV;
		return -1;
	}
	if (!source_no_openat2)
		fd = S_openat2(dirfd, *path ? path : ".", flags);
	if (fd == -2)
		fd = S_walk(dirfd, path, flags);
	/* O_PATH | O_NOFOLLOW opens a link itself: refused as any link is. */
	if (fd >= 0 && (flags & O_PATH)) {
		if (fstat(fd, &st) < 0) {
			S_close(fd);
			return -1;
		}
		if (S_ISLNK(st.st_mode)) {
			close(fd);
			errno = ELOOP;
			return -1;
		}
	}
	return fd;
}

int
source_entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct source_entry *)a)->name,
	              ((const struct source_entry *)b)->name);
}

static enum entry_type
S_type(mode_t m)
{
	return S_ISREG(m)   ? ENTRY_FILE
	       : S_ISDIR(m) ? ENTRY_DIR
	       : S_ISLNK(m) ? ENTRY_LINK
	                    : ENTRY_OTHER;
}

static int
S_fs_list(struct source *s, const char *dir, struct source_entry **out, size_t *n)
{
	const struct fs_source *fs = (const struct fs_source *)s;
	struct source_entry *v = NULL;
	size_t len = 0, cap = 0;
	struct dirent *de;
	struct stat st;
	DIR *d;
	int fd = source_openat(fs->root_fd, dir, O_RDONLY | O_DIRECTORY);

	if (fd < 0)
		return -1;
	if (!(d = fdopendir(fd))) {
		close(fd);
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		enum entry_type t;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		/* d_type saves a stat per file where the file system gives it. */
		switch (de->d_type) {
		case DT_REG:
			t = ENTRY_FILE;
			break;
		case DT_DIR:
			t = ENTRY_DIR;
			break;
		case DT_LNK:
			t = ENTRY_LINK;
			break;
		case DT_UNKNOWN:
			if (fstatat(fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
				continue;
			t = S_type(st.st_mode);
			break;
		default:
			t = ENTRY_OTHER;
		}
		v = xgrow(v, sizeof(*v), len + 1, &cap);
		v[len++] = (struct source_entry){xstrdup(de->d_name), t, {0}};
	}
	closedir(d);
	if (len > 1)
		qsort(v, len, sizeof(*v), source_entry_cmp);
	*out = v;
	*n = len;
	return 0;
}

/* Opens the regular file path below the folder dirfd, with its size. */
static int
S_open_regular(int dirfd, const char *path, int *fd, uint64_t *size)
{
	struct stat st;
	int f;

	/* O_NONBLOCK: a named pipe must not hang the run; it fails the regular-file test. */
	f = source_openat(dirfd, path, O_RDONLY | O_NONBLOCK | O_NOCTTY);
	if (f < 0)
		return -1;
	if (fstat(f, &st) < 0) {
		S_close(f);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		close(f);
		errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		return -1;
	}
	*fd = f;
	*size = (uint64_t)st.st_size;
	return 0;
}

static int
S_fs_open(struct source *s, const char *path, int *fd, uint64_t *size)
{
	return S_open_regular(((const struct fs_source *)s)->root_fd, path, fd, size);
}

/* Reads the regular file path below the folder dirfd: one open, fstat, read and close. */
static int
S_read_at(int dirfd, const char *path, size_t max, struct buf *out, int *too_large)
{
	uint64_t size;
	ssize_t r;
	int fd;

	*too_large = 0;
	if (S_open_regular(dirfd, path, &fd, &size) < 0)
		return -1;
	if (size > max) {
		close(fd);
		*too_large = 1;
		return -1;
	}
	buf_reset(out);
	buf_grow(out, (size_t)size + 1);
	for (;;) {
		if (out->len > max) {
			close(fd);
			*too_large = 1;
			return -1;
		}
		buf_grow(out, 4096);
		r = read(fd, out->buf + out->len, out->cap - out->len - 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			S_close(fd);
			return -1;
		}
		if (r == 0)
			break;
		out->len += (size_t)r;
		/* All that fstat promised is here: spare the read that returns 0. */
		if (out->len >= size)
			break;
	}
	out->buf[out->len] = '\0';
	close(fd);
	return 0;
}

static int
S_fs_read(struct source *s, const char *path, size_t max, struct buf *out, int *too_large)
{
	return S_read_at(((const struct fs_source *)s)->root_fd, path, max, out, too_large);
}

/* The folder holding path is opened safely; the last component is looked at without following it.
 */
static int
S_fs_stat(struct source *s, const char *path, enum entry_type *type)
{
	const struct fs_source *fs = (const struct fs_source *)s;
	const char *slash = strrchr(path, '/');
	char *parent = slash ? xstrndup(path, (size_t)(slash - path)) : NULL;
	struct stat st;
	int dfd, rc;

	dfd = source_openat(fs->root_fd, parent ? parent : "", O_PATH | O_DIRECTORY);
	free(parent);
	if (dfd < 0)
		return -1;
	rc = *path ? fstatat(dfd, slash ? slash + 1 : path, &st, AT_SYMLINK_NOFOLLOW)
	           : fstat(dfd, &st);
	S_close(dfd);
	if (rc < 0)
		return -1;
	*type = S_type(st.st_mode);
	return 0;
}

static void
S_fs_close(struct source *s)
{
	close(((struct fs_source *)s)->root_fd);
}

static const struct source_ops S_fs_ops = {S_fs_list, S_fs_read, S_fs_stat, S_fs_open, S_fs_close};

int
source_read_near(struct source *s, struct source_near *near, const char *path, size_t max,
                 struct buf *out, int *too_large)
{
	const char *slash = strrchr(path, '/');
	size_t n = slash ? (size_t)(slash - path) : 0;

	if (s->ops != &S_fs_ops)
		return s->ops->read(s, path, max, out, too_large);
	if (!near->dir || strncmp(near->dir, path, n) || near->dir[n]) {
		source_near_close(near);
		near->dir = xstrndup(path, n);
		/* The folder is opened as any path is: beneath the source's, through no link. */
		near->fd = source_openat(((const struct fs_source *)s)->root_fd, near->dir,
		                         O_PATH | O_DIRECTORY);
		if (near->fd < 0) {
			*too_large = 0;
			S_close_near(near);
			return -1;
		}
	}
	return S_read_at(near->fd, slash ? slash + 1 : path, max, out, too_large);
}

void
source_near_close(struct source_near *near)
{
	if (near->fd >= 0)
		close(near->fd);
	free(near->dir);
	near->dir = NULL;
	near->fd = -1;
}

char *
source_display_of(const char *dir)
{
	size_t n = strlen(dir);
	char *d;

	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (n == 1 && dir[0] == '.')
		return xstrdup("");
	d = xmalloc(n + 2);
	memcpy(d, dir, n);
	strcpy(d + n, n && dir[n - 1] == '/' ? "" : "/");
	return d;
}

struct source *
source_open_dir(const char *dir)
{
	struct fs_source *fs;
	struct source *s;
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	size_t n;

	if (fd < 0)
		return NULL;
	fs = xcalloc(1, sizeof(*fs));
	fs->root_fd = fd;
	s = &fs->base;
	s->ops = &S_fs_ops;
	s->root = xstrdup(dir);
	n = strlen(s->root);
	while (n > 1 && s->root[n - 1] == '/')
		s->root[--n] = '\0';
	s->display = source_display_of(dir);
	return s;
}

void
source_close(struct source *s)
{
	if (!s)
		return;
	s->ops->close(s);
	free(s->root);
	free(s->display);
	free(s);
}

void
source_entries_free(struct source_entry *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}

char *
source_display_path(const struct source *s, const char *path)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, s->display);
	buf_adds(&b, path);
	return buf_detach(&b);
}

int
source_create_below(int dirfd, const char *rel, const char *data, size_t len,
                    void (*made)(void *ctx, const char *path, int dir), void *ctx)
{
	char *path = xstrdup(rel), *name = path, *slash;
	int cur = dup(dirfd), next, fd = -1, rc = -1, e;

	while (cur >= 0 && (slash = strchr(name, '/'))) {
		*slash = '\0';
		if (mkdirat(cur, name, 0777) == 0) {
			if (made)
				made(ctx, path, 1);
		} else if (errno != EEXIST) {
			break;
		}
		next = openat(cur, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		e = errno;
		close(cur);
		errno = e;
		cur = next;
		*slash = '/';
		name = slash + 1;
	}
	if (cur >= 0 && !strchr(name, '/') &&
	    (fd = openat(cur, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666)) >=
	        0) {
		if (made)
			made(ctx, path, 0);
		rc = write_all(fd, data, len);
		e = errno;
		if (close(fd) < 0 && rc == 0)
			e = errno, rc = -1;
		errno = e;
	}
	e = errno;
	if (cur >= 0)
		close(cur);
	free(path);
	errno = e;
	return rc;
}
