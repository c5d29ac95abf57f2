/*
 * commit.c - commits, read raw: parsed as git_commit_lookup parses them
 * (libgit2 1.5, commit_parse): "tree", "parent"s, "author" (further
 * author lines skipped), "committer", other headers, a blank line, the
 * message. Reading the object ourselves spares the library's object
 * cache and its copies.
 */
#include "history/commit.h"

#include <stdlib.h>
#include <string.h>

/* The trailers of a message ("Reviewed-by: ..."), one per line. */
static const char *
S_trailers(struct hist_parser *ps, const char *message)
{
	git_message_trailer_array arr;
	struct buf b = BUF_INIT;
	const char *out;
	size_t i;

	if (git_message_trailers(&arr, message) < 0)
		return "";
	for (i = 0; i < arr.count; i++)
		buf_addf(&b, "%s: %s\n", arr.trailers[i].key, arr.trailers[i].value);
	git_message_trailer_array_free(&arr);
	out = arena_strndup(ps->a, buf_str(&b), b.len);
	buf_free(&b);
	return out;
}

static int
S_isspace(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == '\v';
}

/* A header line "<name><hex id>\n" at *p (git_oid__parse). */
static int
S_header_oid(const char **p, const char *end, const char *name, git_oid *out)
{
	size_t n = strlen(name);

	if ((size_t)(end - *p) < n + GIT_OID_HEXSZ + 1 || memcmp(*p, name, n) ||
	    (*p)[n + GIT_OID_HEXSZ] != '\n' || git_oid_fromstrn(out, *p + n, GIT_OID_HEXSZ) < 0)
		return -1;
	*p += n + GIT_OID_HEXSZ + 1;
	return 0;
}

/* A signature line "<name>Name <email> time tz\n" at *p (git_signature__parse). */
static int
S_header_sig(struct hist_parser *ps, const char **p, const char *end, const char *name,
             git_signature **out)
{
	size_t n = strlen(name);
	const char *eol = memchr(*p, '\n', (size_t)(end - *p));

	if (!eol || *p + n >= eol || memcmp(*p, name, n))
		return -1;
	buf_reset(&ps->line);
	buf_add(&ps->line, *p + n, (size_t)(eol - (*p + n)));
	if (git_signature_from_buffer(out, ps->line.buf) < 0)
		return -1;
	*p = eol + 1;
	return 0;
}

/* The first paragraph of a message on one line (git_commit_summary). */
static const char *
S_summary(struct hist_parser *ps, const char *msg)
{
	const char *space = NULL;
	int space_has_newline = 0;

	buf_reset(&ps->line);
	for (; *msg; msg++) {
		if (*msg == '\n') {
			const char *next = msg + 1;

			/* The paragraph ends at an empty or blank line. */
			while (*next && *next != '\n' && S_isspace(*next))
				next++;
			if (!*next || *next == '\n')
				break;
		}
		if (S_isspace(*msg)) {
			if (!space) {
				space = msg;
				space_has_newline = 0;
			}
			space_has_newline |= *msg == '\n';
			continue;
		}
		/* Inner white space is kept, or one space where it spans lines. */
		if (space && space_has_newline)
			buf_addc(&ps->line, ' ');
		else if (space)
			buf_add(&ps->line, space, (size_t)(msg - space));
		space = NULL;
		buf_addc(&ps->line, *msg);
	}
	return arena_strndup(ps->a, buf_str(&ps->line), ps->line.len);
}

/* Fills c from the commit object's bytes; -1 when libgit2 would refuse them. */
int
history_parse_commit(struct hist_parser *ps, const char *p, size_t len, struct hist_commit *c,
                     git_oid *tree_out)
{
	const char *end = p + len;
	git_signature *author = NULL, *sig = NULL;
	git_oid tree, parent;
	char *message;
	int rc = -1;

	if (S_header_oid(&p, end, "tree ", &tree) < 0)
		return -1;
	ps->parents.len = 0;
	while (S_header_oid(&p, end, "parent ", &parent) == 0)
		buf_add(&ps->parents, &parent, sizeof(parent));
	if (S_header_sig(ps, &p, end, "author ", &author) < 0)
		goto done;
	while ((size_t)(end - p) >= 7 && !memcmp(p, "author ", 7)) {
		if (S_header_sig(ps, &p, end, "author ", &sig) < 0)
			goto done;
		git_signature_free(sig);
		sig = NULL;
	}
	if (S_header_sig(ps, &p, end, "committer ", &sig) < 0)
		goto done;
	/* Other headers (encoding, gpgsig...), up to the blank line. */
	while (p < end && !(p[-1] == '\n' && p[0] == '\n')) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));

		p = eol ? eol + 1 : end;
	}
	/* The message as a C string, leading newlines dropped (git_commit_message). */
	message = xstrndup(p < end ? p + 1 : end, p < end ? (size_t)(end - p - 1) : 0);
	for (p = message; *p == '\n'; p++)
		;
	c->time = (int64_t)sig->when.time;
	c->author_time = (int64_t)author->when.time;
	c->author_tz = author->when.offset;
	c->author = arena_strdup(ps->a, author->name);
	c->email = arena_strdup(ps->a, author->email);
	c->summary = S_summary(ps, p);
	c->trailers = S_trailers(ps, p);
	free(message);
	c->nparents = (uint32_t)(ps->parents.len / sizeof(git_oid));
	c->parents = arena_alloc(ps->a, (c->nparents ? c->nparents : 1) * sizeof(git_oid));
	if (c->nparents)
		memcpy(c->parents, ps->parents.buf, ps->parents.len);
	if (c->nparents > 1)
		c->flags |= HC_MERGE;
	*tree_out = tree;
	rc = 0;
done:
	git_signature_free(author);
	git_signature_free(sig);
	return rc;
}
