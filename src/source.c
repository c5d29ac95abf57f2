/* source.c - records read from a folder of the file system. */
#include "source.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A folder of the file system, held open: paths are opened from it, not from the current folder. */
struct fs_source {
	struct source base;
	int root_fd;
};

/* path ("" for the folder itself) as openat and fstatat name it from the folder. */
static const char *
S_rel(const char *path)
{
	return *path ? path : ".";
}

static int
S_entry_cmp(const void *a, const void *b)
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
	int fd = openat(fs->root_fd, S_rel(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC);

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
		v[len].name = xstrdup(de->d_name);
		v[len].type = t;
		len++;
	}
	closedir(d);
	if (len > 1)
		qsort(v, len, sizeof(*v), S_entry_cmp);
	*out = v;
	*n = len;
	return 0;
}

static int
S_fs_read(struct source *s, const char *path, size_t max, struct buf *out, int *too_large)
{
	const struct fs_source *fs = (const struct fs_source *)s;
	struct stat st;
	ssize_t r;
	int fd;

	*too_large = 0;
	/* O_NONBLOCK: a named pipe must not hang the run; it fails the regular-file test. */
	fd = openat(fs->root_fd, S_rel(path), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	if ((size_t)st.st_size > max) {
		close(fd);
		*too_large = 1;
		return -1;
	}
	buf_reset(out);
	buf_grow(out, (size_t)st.st_size + 1);
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
			close(fd);
			return -1;
		}
		if (r == 0)
			break;
		out->len += (size_t)r;
		/* All that fstat promised is here: spare the read that returns 0. */
		if (out->len >= (size_t)st.st_size)
			break;
	}
	out->buf[out->len] = '\0';
	close(fd);
	return 0;
}

static int
S_fs_stat(struct source *s, const char *path, enum entry_type *type)
{
	const struct fs_source *fs = (const struct fs_source *)s;
	struct stat st;

	if (fstatat(fs->root_fd, S_rel(path), &st, AT_SYMLINK_NOFOLLOW) < 0)
		return -1;
	*type = S_type(st.st_mode);
	return 0;
}

static void
S_fs_close(struct source *s)
{
	close(((struct fs_source *)s)->root_fd);
}

static const struct source_ops S_fs_ops = {S_fs_list, S_fs_read, S_fs_stat, S_fs_close};

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
