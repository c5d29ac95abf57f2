/*
 * publish.c - the publish stage: the new site is built in a folder beside
 * OUT and exchanged with it in one rename.
 *
 * Begin reads OUT's manifest and walks OUT once (readdir and lstat, no file
 * reads), so that each published file is classified by a hash of its bytes
 * and a table lookup: "same" (OUT already holds these bytes, trusted as
 * publish.h says) or "write". The first "write" creates the temporary folder
 * T = OUT/../.NAME.tmp-XXXXXX and files are written into it as they come.
 * Commit then: if nothing was written and OUT holds nothing else, returns
 * without a single write (the no-change rebuild). Otherwise it walks OUT
 * again and hard-links every "same" file into T (same inode and mtime, no
 * data written), writes T/.svcgen-manifest, exchanges T and OUT with
 * renameat2(RENAME_EXCHANGE) (or, where that is not supported, renames OUT
 * aside and T into place, with a recovery at the next build), and keeps
 * the old tree beside OUT as .NAME.prev. The next build makes that its T
 * instead of an empty folder, and links and removes only where it differs
 * (prev.c): time in proportion to the change.
 *
 * A file may also be kept without being published again (publish_reuse):
 * the manifest lists beside each file the input digest it was published
 * under (publish_scope, a thread-local setting, so that whatever the render
 * stage calls to publish a page gets it), and all the old files of a given
 * digest are claimed "same" at once when each of them is trusted.
 *
 * Builds into one OUT exclude each other: each holds an flock on OUT (on the
 * old site, which becomes the tree deleted after the exchange) and on T. A
 * .NAME.tmp-* or .NAME.old-* folder beside OUT that nobody holds a lock on
 * is what a killed build left, and the next build removes it (or, for an
 * old site set aside when OUT is missing, puts it back).
 *
 * Every walk opens folders with O_NOFOLLOW relative to their parent and
 * never enters a folder on another mount (remove.c), so links and mount
 * points inside OUT lead nowhere outside it. A mount inside OUT makes begin
 * refuse the build: the exchange would carry it along into the old tree,
 * which could then not be removed.
 *
 * The modules of src/publish/ are listed in publish_int.h.
 */
#define _GNU_SOURCE /* renameat2 */
#include "publish/publish.h"
#include "base/error.h"
#include "publish/publish_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/escape.h"
#include "base/msg.h"

/* ---- Begin ------------------------------------------------------------ */

/* Whether name is .NAME.tmp-XXXXXX or .NAME.old-XXXXXX; sets *old for the latter. */
static int
S_is_leftover(const struct publish *p, const char *name, int *old)
{
	size_t n = strlen(p->name);

	if (name[0] != '.' || strncmp(name + 1, p->name, n))
		return 0;
	name += 1 + n;
	if (strncmp(name, ".tmp-", 5) && strncmp(name, ".old-", 5))
		return 0;
	*old = name[1] == 'o';
	return strlen(name + 5) == 6;
}

/*
 * Removes what killed builds left beside OUT, and puts back an old site set
 * aside by a build killed before it could put the new one in its place.
 * Folders that a live build holds locked are left alone.
 */
static void
S_clean_leftovers(struct publish *p, int out_missing)
{
	int dfd = openat(p->parent_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = dfd < 0 ? NULL : fdopendir(dfd);
	struct dirent *de;
	int old, fd;

	if (!d) {
		if (dfd >= 0)
			close(dfd);
		return;
	}
	while ((de = readdir(d))) {
		if (!S_is_leftover(p, de->d_name, &old))
			continue;
		fd = openat(p->parent_fd, de->d_name,
		            O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
			close(fd);
			continue;
		}
		if (old && out_missing &&
		    renameat2(p->parent_fd, de->d_name, p->parent_fd, p->name, RENAME_NOREPLACE) ==
		        0) {
			error_set("%s: put back the previous site, which a killed build had "
			          "left in %s",
			          p->out, de->d_name);
			out_missing = 0;
		} else if (pub_remove_tree(p->parent_fd, de->d_name) < 0) {
			term_error(tr_term("warning: %s/%s: could not remove all of it"), p->parent,
			           de->d_name);
		}
		close(fd);
	}
	closedir(d);
}

struct publish *
publish_begin(const char *out_dir, const struct publish_opts *o)
{
	struct publish *p = pub_new();
	struct buf rel = BUF_INIT;
	int exists = 0, rc, fd;

	p->no_exchange = getenv("SVCGEN_NO_RENAME_EXCHANGE") != NULL;
	if (pub_locate(p, out_dir, o, &exists) < 0)
		goto fail;
	p->parent_fd = open(p->parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (p->parent_fd < 0) {
		error_set("%s: %s", p->parent, strerror(errno));
		goto fail;
	}
	if ((rc = pub_open_out(p, o)) < 0)
		goto fail;
	S_clean_leftovers(p, rc == 1);
	if (rc == 1 && (rc = pub_open_out(p, o)) < 0)
		goto fail;
	p->prev_name = xmalloc(strlen(p->name) + 7);
	sprintf(p->prev_name, ".%s.prev", p->name);
	/* A previous site kept for an OUT that is gone is of no use. */
	if (rc == 1 && pub_remove_tree(p->parent_fd, p->prev_name) < 0)
		term_error(tr_term("warning: %s/%s: could not remove all of it"), p->parent,
		           p->prev_name);
	p->umask = pub_umask();
	if (rc == 1)
		return p;
	pub_manifest_read(p);
	if (!p->have_manifest && !pub_is_empty(p)) {
		error_set("%s: not empty and not a site svcgen built (no %s); "
		          "refusing to replace what it holds",
		          p->out, PUBLISH_MANIFEST);
		goto fail;
	}
	if ((fd = openat(p->out_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		error_set("%s: %s", p->out, strerror(errno));
		goto fail;
	}
	buf_grow(&rel, 256);
	pub_scan(p, fd, &rel, 0);
	buf_free(&rel);
	if (p->mount_inside) {
		error_set(
		    "%s/%s: a mount point inside the output folder (another file "
		    "system, or a bind mount); svcgen never enters nor removes another mount: "
		    "unmount it, or choose another output folder",
		    p->out, p->mount_inside);
		goto fail;
	}
	if (p->n_found != p->n_listed)
		p->dirty = 1;
	p->newest = p->man_mtime;
	pub_prev_open(p);
	return p;
fail:
	pub_free(p);
	return NULL;
}

/* ---- Commit ----------------------------------------------------------- */

/*
 * Puts the temporary tree in OUT's place. Afterwards p->tmp_name names the
 * old site (to delete), or is freed when there was none. Returns 0 or -1
 * (nothing changed).
 */
static int
S_swap(struct publish *p)
{
	struct buf aside = BUF_INIT;
	struct stat st;
	char *slash;

	if (p->out_fd < 0) {
		if ((!p->no_exchange && renameat2(p->parent_fd, p->tmp_name, p->parent_fd, p->name,
		                                  RENAME_NOREPLACE) == 0) ||
		    ((p->no_exchange || errno == EINVAL || errno == ENOSYS) &&
		     fstatat(p->parent_fd, p->name, &st, AT_SYMLINK_NOFOLLOW) < 0 &&
		     errno == ENOENT &&
		     renameat(p->parent_fd, p->tmp_name, p->parent_fd, p->name) == 0)) {
			free(p->tmp_name);
			p->tmp_name = NULL;
			return 0;
		}
		pub_fail(p, "%s: cannot put the new site in place: %s", p->out, strerror(errno));
		return -1;
	}
	if (!p->no_exchange &&
	    renameat2(p->parent_fd, p->tmp_name, p->parent_fd, p->name, RENAME_EXCHANGE) == 0)
		return 0;
	if (!p->no_exchange && errno != EINVAL && errno != ENOSYS) {
		pub_fail(p, "%s: cannot put the new site in place: %s", p->out, strerror(errno));
		return -1;
	}
	/*
	 * No atomic exchange here: OUT goes aside (onto an empty folder of a
	 * leftover's name, which rename replaces), then the new tree into its
	 * place. A build killed between the two leaves no OUT; the next one puts
	 * the old site back (see S_clean_leftovers).
	 */
	buf_adds(&aside, p->parent);
	if (strcmp(p->parent, "/"))
		buf_addc(&aside, '/');
	buf_addf(&aside, ".%s.old-XXXXXX", p->name);
	if (!mkdtemp(aside.buf)) {
		pub_fail(p, "%s: cannot put the new site in place: %s", p->out, strerror(errno));
		buf_free(&aside);
		return -1;
	}
	slash = strrchr(aside.buf, '/') + 1;
	if (renameat(p->parent_fd, p->name, p->parent_fd, slash) < 0) {
		pub_fail(p, "%s: cannot put the new site in place: %s", p->out, strerror(errno));
		unlinkat(p->parent_fd, slash, AT_REMOVEDIR);
		buf_free(&aside);
		return -1;
	}
	if (renameat(p->parent_fd, p->tmp_name, p->parent_fd, p->name) < 0) {
		pub_fail(p, "%s: cannot put the new site in place: %s", p->out, strerror(errno));
		renameat(p->parent_fd, slash, p->parent_fd, p->name);
		buf_free(&aside);
		return -1;
	}
	free(p->tmp_name);
	p->tmp_name = xstrdup(slash);
	buf_free(&aside);
	return 0;
}

static void
S_discard(struct publish *p)
{
	if (p->tmp_name && pub_remove_tree(p->parent_fd, p->tmp_name) < 0)
		term_error(tr_term("warning: %s/%s: could not remove all of it"), p->parent,
		           p->tmp_name);
	pub_free(p);
}

int
publish_commit(struct publish *p, struct publish_stats *st)
{
	struct publish_stats s;
	struct stat tmp_st;
	long linked;
	int fd;

	memset(&s, 0, sizeof(s));
	if (pub_stopped(p))
		goto fail;
	s.written = p->n_written;
	s.unchanged = p->n_same;
	s.reused = p->n_reused;
	s.removed = p->n_old_nondir - p->n_replaced;
	/* Nothing to do, unless the manifest must learn a new input digest. */
	if (p->out_fd >= 0 && p->have_manifest && !p->dirty && !p->relist && p->n_written == 0 &&
	    p->n_same == p->n_old_files && p->n_new_dirs == p->n_old_dirs &&
	    !strcmp(p->old_input, p->new_input)) {
		s.noop = 1;
		goto done;
	}
	pthread_mutex_lock(&p->lock);
	fd = pub_need_tmp(p);
	pthread_mutex_unlock(&p->lock);
	if (fd < 0)
		goto fail;
	if (p->from_prev) {
		if (pub_prev_sync(p) < 0)
			goto fail;
	} else if (p->n_same) {
		if ((linked = pub_link_all(p)) < 0)
			goto fail;
		if ((size_t)linked != p->n_same) {
			pub_fail(p, "%s: changed while the site was being built", p->out);
			goto fail;
		}
	}
	if (pub_manifest_write(p) < 0 || fstat(p->tmp_fd, &tmp_st) < 0 || pub_stopped(p))
		goto fail;
	/* From here on the build completes: a signal now changes nothing. */
	if (S_swap(p) < 0)
		goto fail;
	/* The old site stays as the next build's start, or goes. */
	if (p->tmp_name && pub_prev_keep(p, (uint64_t)tmp_st.st_ino) < 0 &&
	    pub_remove_all(p->parent_fd, p->tmp_name, p->n_old_nondir) < 0)
		term_error(tr_term("warning: %s/%s: the previous site, could not remove all of it"),
		           p->parent, p->tmp_name);
	free(p->tmp_name);
	p->tmp_name = NULL;
done:
	if (st)
		*st = s;
	pub_free(p);
	return 0;
fail:
	S_discard(p);
	return -1;
}

void
publish_abort(struct publish *p)
{
	if (!p)
		return;
	pub_stopped(p);
	S_discard(p);
}

void
publish_set_input(struct publish *p, const char *digest)
{
	snprintf(p->new_input, sizeof(p->new_input), "%s", digest);
}

int
publish_same_input(const struct publish *p, const char *digest)
{
	/* OUT must be exactly what its manifest lists, untouched since. */
	return p->have_manifest && !p->dirty && p->n_old_files == p->n_listed && p->old_input[0] &&
	       !strcmp(p->old_input, digest);
}
