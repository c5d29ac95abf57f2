/*
 * write.c - publishing a file: its bytes hashed, then claimed in the table
 * under the lock: "same" when OUT holds these bytes, trusted (it is kept,
 * not written), else "write", into the temporary tree, its folders made
 * first. And publish_reuse, which claims the old files of an input digest
 * without their being made again.
 */
#include "publish/publish.h"
#include "publish/publish_int.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/msg.h"

/* What publish must do with a file of this content, decided under the lock. */
enum { CLAIM_FAIL = -1, CLAIM_SAME, CLAIM_WRITE };

/*
 * Marks the folders above the file rel as folders of the new site. Under
 * the lock. Returns 0, or -1 (failed) when one of them is a file of it.
 */
static int
S_claim_dirs(struct publish *p, const char *rel)
{
	const char *c;
	struct entry *e;

	for (c = strchr(rel, '/'); c; c = strchr(c + 1, '/')) {
		e = pub_find(p, rel, (size_t)(c - rel), 1);
		if (e->now == NEW_SAME || e->now == NEW_WRITTEN) {
			pub_fail(p, "%s: %s is both a file and a folder", p->out, e->path);
			return -1;
		}
		if (e->now == NEW_NONE) {
			e->now = NEW_DIR;
			p->n_new_dirs++;
		}
	}
	return 0;
}

static int
S_claim(struct publish *p, const char *rel, uint64_t size, const uint64_t sum[2])
{
	const char *why = pub_bad_path(rel);
	struct entry *e;
	uint64_t in[2];
	int rc = CLAIM_FAIL, scoped;

	if (why) {
		pub_fail(p, "%s: refusing the output path \"%s\": %s", p->out, rel, tr_term(why));
		return CLAIM_FAIL;
	}
	pthread_mutex_lock(&p->lock);
	if (S_claim_dirs(p, rel) < 0)
		goto done;
	e = pub_find(p, rel, strlen(rel), 1);
	if (e->now == NEW_DIR) {
		pub_fail(p, "%s: %s is both a file and a folder", p->out, rel);
		goto done;
	}
	if (e->now != NEW_NONE) {
		pub_fail(p, "%s: %s published twice", p->out, rel);
		goto done;
	}
	if (e->old == OLD_FILE || e->old == OLD_UNTRUSTED || e->old == OLD_OTHER)
		p->n_replaced++;
	/* The input digest the new manifest lists: this thread's scope's, or none. */
	scoped = pub_scope_input(p, in);
	if (e->has_input != scoped || e->input[0] != in[0] || e->input[1] != in[1])
		p->relist = 1; /* the manifest must say it, even if no file changes */
	e->has_input = (unsigned char)scoped;
	e->input[0] = in[0];
	e->input[1] = in[1];
	if (e->old == OLD_FILE && e->size == size && e->sum[0] == sum[0] && e->sum[1] == sum[1]) {
		e->now = NEW_SAME;
		p->n_same++;
		rc = CLAIM_SAME;
		goto done;
	}
	e->now = NEW_WRITTEN;
	e->size = size;
	e->sum[0] = sum[0];
	e->sum[1] = sum[1];
	p->n_written++;
	if (pub_need_tmp(p) == 0 && pub_make_dirs(p, rel) == 0)
		rc = CLAIM_WRITE;
done:
	pthread_mutex_unlock(&p->lock);
	return rc;
}

/*
 * Closes a file written into the temporary tree. Its mtime is not read:
 * the manifest, made after every file, is dated past them (pub_manifest_write).
 */
static int
S_finish(struct publish *p, int fd, const char *rel)
{
	if (close(fd) < 0) {
		pub_fail(p, "%s/%s: %s", p->out, rel, strerror(errno));
		return -1;
	}
	return 0;
}

int
publish_parts(struct publish *p, const char *relpath, const struct publish_part *parts, size_t n)
{
	struct hasher h;
	uint64_t sum[2], len = 0;
	size_t i;
	int fd, rc;

	if (pub_stopped(p))
		return -1;
	pub_hash_init(&h);
	for (i = 0; i < n; i++) {
		pub_hash_update(&h, parts[i].data, parts[i].len);
		len += parts[i].len;
	}
	pub_hash_final(&h, sum);
	rc = S_claim(p, relpath, len, sum);
	if (rc != CLAIM_WRITE)
		return rc == CLAIM_SAME ? 0 : -1;
	if ((fd = pub_create(p, relpath)) < 0)
		return -1;
	for (i = 0; i < n; i++)
		if (write_all(fd, parts[i].data, parts[i].len) < 0) {
			pub_fail(p, "%s/%s: %s", p->out, relpath, strerror(errno));
			close(fd);
			return -1;
		}
	return S_finish(p, fd, relpath);
}

int
publish_file(struct publish *p, const char *relpath, const void *data, size_t len)
{
	struct publish_part part = {data, len};

	return publish_parts(p, relpath, &part, 1);
}

int
publish_copy(struct publish *p, const char *relpath, int in, uint64_t max, const char *name)
{
	int fd;
	struct stat st;
	struct hasher h;
	uint64_t sum[2], total = 0;
	char *chunk;
	ssize_t r = 0;

	if (pub_stopped(p))
		return -1;
	if (fstat(in, &st) < 0 || !S_ISREG(st.st_mode)) {
		pub_fail(p, "%s: not a regular file, not copied", name);
		return -1;
	}
	if (lseek(in, 0, SEEK_SET) < 0) {
		pub_fail(p, "%s: %s", name, strerror(errno));
		return -1;
	}
	chunk = xmalloc(COPY_CHUNK);
	pub_hash_init(&h);
	while (total <= max && (r = read(in, chunk, COPY_CHUNK)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			break;
		pub_hash_update(&h, chunk, (size_t)r);
		total += (uint64_t)r;
	}
	free(chunk);
	pub_hash_final(&h, sum);
	if (r < 0) {
		pub_fail(p, "%s: %s", name, strerror(errno));
		return -1;
	}
	if (total > max) {
		pub_fail(p, "%s: larger than %llu bytes, not copied", name,
		         (unsigned long long)max);
		return -1;
	}
	switch (S_claim(p, relpath, total, sum)) {
	case CLAIM_SAME:
		return 0;
	case CLAIM_FAIL:
		return -1;
	}
	if ((fd = pub_create(p, relpath)) < 0)
		return -1;
	if (pub_copy_fd(p, in, fd, relpath, total, sum) < 0) {
		close(fd);
		return -1;
	}
	return S_finish(p, fd, relpath);
}

/* ---- Reuse ------------------------------------------------------------ */

/* Whether the file of e is a page (the render stage's word): named *.html or *.atom. */
static int
S_is_page(const struct entry *e)
{
	const char *end = e->path + e->len - 5;

	return e->len > 5 && (!memcmp(end, ".html", 5) || !memcmp(end, ".atom", 5));
}

size_t
publish_reuse(struct publish *p, const uint64_t input[2], size_t *pages)
{
	struct entry *head, *e;
	size_t n = 0;

	*pages = 0;
	if (pub_stopped(p))
		return 0;
	pthread_mutex_lock(&p->lock);
	head = pub_find_input(p, input);
	/* All or none: every file of the digest must still be there as it was. */
	for (e = head; e; e = e->same_input)
		if (e->old != OLD_FILE || e->now != NEW_NONE)
			goto done;
	for (e = head; e; e = e->same_input) {
		if (S_claim_dirs(p, e->path) < 0) {
			n = 0;
			goto done;
		}
		e->now = NEW_SAME;
		p->n_replaced++;
		p->n_same++;
		p->n_reused++;
		n++;
		*pages += (size_t)S_is_page(e);
	}
done:
	pthread_mutex_unlock(&p->lock);
	return n;
}
