/*
 * refuse.c - which folders may be OUT (publish.h lists those refused, and
 * docs/site.md, "Publishing", says why): OUT's path resolved, whether it
 * exists or not, and compared with the records, templates and current
 * folders; then OUT opened, checked for a mount point and locked against
 * another build.
 */
#include "publish/publish.h"
#include "base/error.h"
#include "publish/publish_int.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/escape.h"
#include "base/msg.h"
#include "model/schema.h"

/*
 * path made absolute and canonical, whether it exists or not: the realpath
 * of its longest existing part, then the names that follow, which do not
 * exist (a "." or ".." among them fails with ENOENT, as the kernel would).
 * Returns a string to free, or NULL with errno set.
 */
static char *
S_resolve(const char *path)
{
	char *s = xstrdup(path), *canon = NULL, *cut;
	const char *rest = NULL, *c;
	struct buf b = BUF_INIT;
	size_t n;

	for (;;) {
		if ((canon = realpath(*s ? s : ".", NULL)))
			break;
		if (errno != ENOENT && errno != ENOTDIR) {
			free(s);
			return NULL;
		}
		cut = strrchr(s, '/');
		rest = path + (cut ? (size_t)(cut - s) + 1 : 0);
		if (cut == s)
			s[1] = '\0'; /* "/" */
		else if (cut)
			*cut = '\0';
		else
			*s = '\0'; /* "." */
	}
	free(s);
	buf_adds(&b, canon);
	free(canon);
	for (c = rest; c && *c; c += n + (c[n] == '/')) {
		n = strcspn(c, "/");
		if (n == 0)
			continue;
		if ((n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.')) {
			buf_free(&b);
			errno = ENOENT;
			return NULL;
		}
		if (strcmp(b.buf, "/"))
			buf_addc(&b, '/');
		buf_add(&b, c, n);
	}
	return buf_detach(&b);
}

/*
 * Where path (canonical) goes on below the folder target, when target is
 * path itself ("") or one of its ancestors; else NULL. Folders are compared
 * by device and inode, so another path to target counts too.
 */
static const char *
S_below(const char *path, const struct stat *target)
{
	char *s = xstrdup(path), *slash;
	const char *rest = NULL;
	struct stat st;

	for (;;) {
		if (stat(*s ? s : "/", &st) == 0 && st.st_dev == target->st_dev &&
		    st.st_ino == target->st_ino) {
			rest = path + strlen(s);
			rest += *rest == '/';
			break;
		}
		if (!*s || !(slash = strrchr(s, '/')))
			break;
		*slash = '\0';
	}
	free(s);
	return rest;
}

/* Whether b (canonical) is a or a folder inside it. */
static int
S_under(const char *b, const char *a)
{
	size_t n = strlen(a);

	return !strcmp(a, "/") || (!strncmp(b, a, n) && (b[n] == '/' || !b[n]));
}

/*
 * Whether a folder at rel (below the records folder, not empty) could be
 * read as records, now or once it is made: when its first name is a kind's,
 * attachments, svcgen.yaml, templates (the department's own, read as
 * templates), or one edit away from a kind's or attachments
 * (ignoring case: a misspelt kind's folder is read for the kind-folder
 * warning, and a file system may ignore case). Hidden names are never read.
 * See docs/site.md.
 */
static int
S_read_as_records(const char *rel, char *first, size_t size)
{
	size_t n = strcspn(rel, "/");
	int k;

	snprintf(first, size, "%.*s", (int)n, rel);
	if (rel[0] == '.')
		return 0;
	for (k = 0; k < KIND__COUNT; k++)
		if (edit_distance(first, schema_object(k)->name, 1) <= 1)
			return 1;
	return edit_distance(first, "attachments", 1) <= 1 || str_eq_ci(first, "svcgen.yaml") ||
	       str_eq_ci(first, "templates");
}

/*
 * The refusals that depend on where OUT (p->path) is, beside the records,
 * the templates and the current folder; out_st: OUT's, when it exists.
 * Returns 0, or -1 after a message.
 */
static int
S_check_place(struct publish *p, const struct publish_opts *o, const struct stat *out_st)
{
	struct stat rs;
	char *rc_path = NULL, *tpl = NULL, cwd[PATH_MAX], first[NAME_MAX + 1];
	const char *rel;
	int rc = -1, records = o && o->records_dir;

	/* A records folder that is not there holds nothing to read back (its load fails). */
	if (records && stat(o->records_dir, &rs) < 0) {
		if (errno != ENOENT) {
			error_set("%s: %s", o->records_dir, strerror(errno));
			goto done;
		}
		records = 0;
	}
	if (records) {
		if (!(rc_path = realpath(o->records_dir, NULL))) {
			error_set("%s: %s", o->records_dir, strerror(errno));
			goto done;
		}
		if ((rel = S_below(p->path, &rs)) && !*rel) {
			error_set("%s: the output folder is the records folder", p->out);
			goto done;
		}
		if (rel && S_read_as_records(rel, first, sizeof(first))) {
			term_error(
			    tr_term("%s: the output folder would be in '%s' of the records "
			            "folder %s, where its files could be read back as records (a "
			            "kind's folder, attachments, svcgen.yaml, templates, or a name "
			            "one letter away from one); choose one outside the records "
			            "folder, or of another name in it"),
			    p->out, first, o->records_dir);
			goto done;
		}
		if (out_st && S_below(rc_path, out_st)) {
			error_set("%s: the output folder contains the records folder %s", p->out,
			          o->records_dir);
			goto done;
		}
	}
	if (o && o->templates_dir) {
		if (!(tpl = S_resolve(o->templates_dir))) {
			error_set("%s: %s", o->templates_dir, strerror(errno));
			goto done;
		}
		/* By inode when OUT exists (another path to it counts), else by name. */
		if (out_st ? S_below(tpl, out_st) != NULL : S_under(tpl, p->path)) {
			error_set("%s: the templates folder %s is inside the output folder, "
			          "which the build replaces; keep the templates outside it",
			          p->out, o->templates_dir);
			goto done;
		}
	}
	if (out_st && getcwd(cwd, sizeof(cwd)) && S_below(cwd, out_st)) {
		error_set("%s: the output folder contains the current folder; "
		          "run svcgen from outside it",
		          p->out);
		goto done;
	}
	rc = 0;
done:
	free(rc_path);
	free(tpl);
	return rc;
}

/*
 * Resolves OUT (p->path; its parent and name in it) and makes the refusals
 * that depend on its path alone. *exists: whether it exists. Returns 0, or
 * -1 after a message.
 */
int
pub_locate(struct publish *p, const char *out_dir, const struct publish_opts *o, int *exists)
{
	char *s = xstrdup(out_dir), *slash;
	size_t n = strlen(s);
	struct stat st;
	int rc = -1;

	while (n > 1 && s[n - 1] == '/')
		s[--n] = '\0';
	p->out = xstrdup(s);
	if (!*s) {
		error_set("the output folder's name is empty");
		goto done;
	}
	if (lstat(s, &st) == 0 && S_ISLNK(st.st_mode)) {
		error_set("%s: the output folder is a symbolic link; "
		          "give the folder itself",
		          s);
		goto done;
	}
	if (!(p->path = S_resolve(s))) {
		error_set("%s: %s", s, strerror(errno));
		goto done;
	}
	if (!strcmp(p->path, "/")) {
		error_set("%s: refusing / as the output folder", p->out);
		goto done;
	}
	*exists = lstat(p->path, &st) == 0;
	if (*exists && !S_ISDIR(st.st_mode)) {
		error_set("%s: exists and is not a folder", s);
		goto done;
	}
	if (S_check_place(p, o, *exists ? &st : NULL) < 0)
		goto done;
	slash = strrchr(p->path, '/');
	p->name = xstrdup(slash + 1);
	p->parent = slash == p->path ? xstrdup("/") : xstrndup(p->path, (size_t)(slash - p->path));
	if (!*exists && stat(p->parent, &st) < 0) {
		error_set("%s: the folder to hold it: %s", p->out, strerror(errno));
		goto done;
	}
	if (!*exists && !S_ISDIR(st.st_mode)) {
		error_set("%s: the folder to hold it: %s", p->out, strerror(ENOTDIR));
		goto done;
	}
	rc = 0;
done:
	free(s);
	return rc;
}

/* Opens and locks OUT. Returns 0, 1 if OUT is missing, or -1 after a message. */
int
pub_open_out(struct publish *p, const struct publish_opts *o)
{
	struct stat st;
	struct place pp;

	p->out_fd = openat(p->parent_fd, p->name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (p->out_fd < 0) {
		if (errno == ENOENT) {
			if (S_check_place(p, o, NULL) < 0)
				return -1;
			return 1;
		}
		if (errno == ELOOP || errno == ENOTDIR)
			error_set("%s: not a folder (a link or a file)", p->out);
		else
			error_set("%s: %s", p->out, strerror(errno));
		return -1;
	}
	if (pub_place(p->out_fd, &p->place, &st) < 0 || pub_place(p->parent_fd, &pp, NULL) < 0) {
		error_set("%s: %s", p->out, strerror(errno));
		return -1;
	}
	if (S_check_place(p, o, &st) < 0)
		return -1;
	if (!pub_same_place(&p->place, &pp)) {
		error_set("%s: is a mount point; the site is built beside it and swapped "
		          "in, which cannot move a mount: use a folder inside it",
		          p->out);
		return -1;
	}
	if (flock(p->out_fd, LOCK_EX | LOCK_NB) < 0) {
		error_set("%s: another svcgen build is writing this folder", p->out);
		return -1;
	}
	if ((st.st_mode & 07777) != 0755)
		p->dirty = 1;
	return 0;
}

int
publish_check_out(const char *out_dir, const struct publish_opts *o)
{
	struct publish *p = pub_new();
	int exists, rc;

	rc = pub_locate(p, out_dir, o, &exists);
	pub_free(p);
	return rc;
}
