/*
 * attachments.c - how tickets' attachments are published, and the
 * copies (attachments.h).
 */
#include "site/attachments.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/error.h"
#include "base/escape.h"
#include "base/msg.h"
#include "check/attach.h"
#include "check/validate.h"
#include "load/source.h"
#include "publish/publish.h"

static int
S_site_attachment_cmp(const void *a, const void *b)
{
	return strcmp(((const struct site_attachment *)a)->path,
	              ((const struct site_attachment *)b)->path);
}

static int
S_hex_digit(char c)
{
	return c >= '0' && c <= '9'                     ? c - '0'
	       : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10
	                                                : -1;
}

/*
 * The name attachments/p is published under (p itself, or p with ".txt"
 * added), or NULL when it is not published; *cleaned (if given) set when
 * site_attachments_first published it already.
 */
const char *
site_attachment_name(const struct site *s, const char *p, int *cleaned)
{
	struct site_attachment key = {p, NULL, 0};
	const struct site_attachment *e =
	    s->nattach ? bsearch(&key, s->attach, s->nattach, sizeof(key), S_site_attachment_cmp)
	               : NULL;

	if (cleaned)
		*cleaned = e && e->cleaned;
	if (e)
		return e->name;
	return attach_how_by_name(p) == ATTACH_AS_IS ? p : NULL;
}

/*
 * Markdown's attachment_suffix: a link into attachments/ (percent escapes
 * undone) follows its file to the published name, as the page's list does.
 */
const char *
site_attachment_suffix(void *arg, const char *path, size_t len)
{
	const struct site *s = arg;
	struct buf p = BUF_INIT;
	const char *name, *suffix = "";
	size_t i;
	int hi, lo;

	for (i = 0; i < len; i++) {
		if (path[i] == '%' && i + 2 < len && (hi = S_hex_digit(path[i + 1])) >= 0 &&
		    (lo = S_hex_digit(path[i + 2])) >= 0) {
			buf_addc(&p, (char)(hi * 16 + lo));
			i += 2;
		} else {
			buf_addc(&p, path[i]);
		}
	}
	if (p.len && !memchr(p.buf, '\0', p.len)) {
		name = site_attachment_name(s, p.buf, NULL);
		if (name && strlen(name) > p.len)
			suffix = name + p.len;
		else if (!name && attach_how_by_name(p.buf) == ATTACH_AS_TEXT)
			suffix = ".txt";
	}
	buf_free(&p);
	return suffix;
}

static int
S_strptr_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * Publishes the attachment at path ("attachments/..."), which validation
 * accepted, as to (its name on the site, attach.h). It is opened again through the source, so a
 * file swapped since cannot lead outside the records folder, and copied in pieces from what was
 * opened. Anything else than a regular file within the limit now stops the build with one line: a
 * page must not link a file that is not there (docs/site.md, "Attachments"). Returns 0 or -1 (the
 * build failed).
 */
static int
S_attachment_publish(struct site *s, const char *path, const char *to, struct buf *data)
{
	struct source *src = s->r->src;
	uint64_t size, max = s->r->cfg.attachment_bytes;
	char *disp = source_display_path(src, path);
	const char *why = NULL, *large = tr_term("it is now larger than limits.attachment_bytes");
	int fd = -1, too_large, rc = -1;

	if (src->ops->open_file(src, path, &fd, &size) < 0)
		why = errno == ELOOP ? "it is now reached through a symbolic link"
		      : errno == ENOENT || errno == ENOTDIR ? "it no longer exists"
		      : errno == EISDIR || errno == EINVAL  ? "it is no longer a regular file"
		                                            : strerror(errno);
	else if (size > max)
		why = large;
	else if (fd >= 0)
		rc = publish_copy(s->pub, to, fd, max, disp);
	else if (src->ops->read(src, path, (size_t)max, data, &too_large) < 0)
		why = too_large ? large : strerror(errno);
	else
		rc = publish_file(s->pub, to, data->buf, data->len);
	if (why)
		error_set("%s: changed after it was checked (%s); not published, and the "
		          "previous site is left as it was",
		          disp, why);
	if (fd >= 0)
		close(fd);
	free(disp);
	return rc;
}

/*
 * The attachments of tickets that validation accepted, sorted in byte
 * order (a path may come twice); the caller frees the array.
 */
static const char **
S_attachment_paths(const struct site *s, size_t *np)
{
	const char **paths = NULL;
	size_t n = 0, cap = 0, i, j;

	for (i = 0; i < s->r->n; i++) {
		const struct node *list =
		    s->r->recs[i].root ? node_field(s->r->recs[i].root, KEY_attachments) : NULL;

		if (s->r->recs[i].kind != OBJ_service || !list || list->type != NODE_SEQ)
			continue;
		for (j = 0; j < list->n; j++)
			if (record_attachment_accepted(&list->u.kids[j])) {
				paths = xgrow(paths, sizeof(*paths), n + 1, &cap);
				paths[n++] = list->u.kids[j].u.str;
			}
	}
	if (n > 1)
		qsort(paths, n, sizeof(*paths), S_strptr_cmp);
	*np = n;
	return paths;
}

/*
 * Before any page links an attachment: how each is published (attach.h).
 * SVG images are read, cleaned and published here, so that a page links
 * what was published; the attachments published under another name than
 * their own, or not at all, go into s->attach for the pages to look up.
 */
void
site_attachments_first(struct site *s)
{
	struct site_attachment *v = NULL;
	size_t n, nv = 0, cap = 0, i;
	const char **paths = S_attachment_paths(s, &n);
	struct buf name = BUF_INIT, data = BUF_INIT, path = BUF_INIT;
	struct attach_note note;
	enum attach_how how;

	for (i = 0; i < n && !s->failed; i++) {
		const char *p = paths[i];

		if ((i > 0 && !strcmp(paths[i - 1], p)) || attach_how_by_name(p) == ATTACH_AS_IS ||
		    attach_prepare(s->r->src, p, &how, &name, &data, &note) < 0)
			continue;
		if (how == ATTACH_CLEANED) {
			buf_reset(&path);
			buf_addf(&path, "attachments/%s", p);
			if (publish_file(s->pub, path.buf, data.buf, data.len) < 0)
				s->failed = 1;
		}
		v = xgrow(v, sizeof(*v), nv + 1, &cap);
		v[nv++] = (struct site_attachment){p, how == ATTACH_NONE ? NULL : xstrdup(name.buf),
		                                   how == ATTACH_CLEANED};
	}
	free(paths);
	buf_free(&name);
	buf_free(&data);
	buf_free(&path);
	s->attach = v;
	s->nattach = nv;
}

/* Every attachment that validation accepted, published once under its name on the site. */
void
site_attachments_publish(struct site *s)
{
	size_t n, i;
	const char **paths = S_attachment_paths(s, &n);
	struct buf path = BUF_INIT, data = BUF_INIT, to = BUF_INIT;
	const char *name;
	int cleaned;

	for (i = 0; i < n && !s->failed; i++) {
		if (i > 0 && !strcmp(paths[i - 1], paths[i]))
			continue;
		/* Under the name the pages link (attach.h); SVG images went out cleaned already. */
		if (!(name = site_attachment_name(s, paths[i], &cleaned)) || cleaned)
			continue;
		buf_reset(&path);
		buf_addf(&path, "attachments/%s", paths[i]);
		buf_reset(&to);
		buf_addf(&to, "attachments/%s", name);
		if (S_attachment_publish(s, path.buf, to.buf, &data) < 0)
			s->failed = 1;
	}
	free(paths);
	buf_free(&path);
	buf_free(&data);
	buf_free(&to);
}

void
site_attachments_free(struct site *s)
{
	size_t j;

	for (j = 0; j < s->nattach; j++)
		free(s->attach[j].name);
	free((void *)s->attach);
}

void
site_body_opts(struct site *s, struct markdown_opts *mo)
{
	*mo = (struct markdown_opts)MARKDOWN_OPTS_INIT;
	mo->heading_shift = 2;
	mo->attachments_prefix = "../attachments/";
	mo->attachment_suffix = site_attachment_suffix;
	mo->attachment_arg = s;
	mo->task_done_label = labels_get(s->l, "ui", "task_done");
	mo->task_open_label = labels_get(s->l, "ui", "task_open");
}
