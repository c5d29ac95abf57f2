/*
 * publish.h - the publish stage: the rendered files become the site in the
 * output folder, all at once or not at all.
 *
 * A build goes: publish_begin, any number of publish_file / publish_copy
 * (from several threads if wanted), then publish_commit or publish_abort,
 * either of which frees the handle.
 *
 * What it guarantees:
 * - Nothing is written outside the output folder OUT, except a temporary
 *   folder beside it, OUT/../.NAME.tmp-XXXXXX, which becomes OUT when the
 *   build commits (an atomic exchange of the two folders), and the old
 *   tree, kept beside OUT as .NAME.prev for the next build to start from
 *   (its unchanged files are hard links shared with OUT). Links in the
 *   output tree are never followed: a symbolic link planted there is
 *   removed, not its target.
 * - A build that fails (disk full, I/O error, a refused path) or is
 *   interrupted (SIGINT, SIGTERM, SIGHUP) before publish_commit has begun
 *   the exchange leaves the previous site exactly as it was, and removes
 *   its temporary folder. Once the exchange has begun, OUT is the old site
 *   or the new one at every instant. A build killed outright (SIGKILL,
 *   power loss) leaves its temporary folder behind; the next build into
 *   the same OUT removes it.
 * - Files whose bytes did not change are not written again: they keep their
 *   inode and mtime (hard links from the old tree into the new one). When
 *   nothing changed at all, nothing is written: the commit is a no-op.
 * - Deterministic: files are 0644, folders 0755, whatever the umask; the
 *   only file publish adds, .svcgen-manifest, depends on the content only.
 *
 * How "unchanged" is known: OUT/.svcgen-manifest lists every file of the
 * previous build with its size and a 128-bit hash of its bytes (xxHash64
 * under two seeds; not cryptographic). publish_begin walks OUT (lstat only,
 * no reads): a file is trusted to hold the listed bytes when it is a plain
 * 0644 file of the listed size whose mtime is older than the manifest's, so
 * an edit made to OUT after the build is noticed and rewritten (a change
 * that keeps the size and puts back an older mtime is not, as with make).
 * Anything else in OUT (other files, links, empty folders) is removed by
 * the next build that commits.
 *
 * Reuse: the manifest also lists, for each file, the digest of what it was
 * made from (its input digest: publish_scope), when the render stage gave
 * one. publish_reuse keeps every file of a given input digest as it is, so
 * that the render stage need not make them again; which inputs a digest
 * covers is the render stage's business (docs/site.md, "Publishing").
 *
 * Where the file system has no RENAME_EXCHANGE (or SVCGEN_NO_RENAME_EXCHANGE
 * is set, to test this), OUT is renamed to .NAME.old-XXXXXX and the new tree
 * into its place; a build killed between the two leaves no OUT, and the next
 * build puts the old site back before anything else.
 *
 * Which folders may be OUT: a folder that holds .svcgen-manifest (a site
 * svcgen built), an empty one, one holding only .gitkeep, or a missing one
 * whose parent exists. Refused with a message: a symbolic link, `/`, a
 * file, any other non-empty folder (so `-o ~` cannot wipe a home folder),
 * the records folder, a folder containing it or inside it where it could be
 * read back as records (docs/site.md), a folder holding the templates
 * folder or the current directory, a mount point (the exchange needs OUT's parent on
 * the same mount), a folder holding a mount point (another file system or a
 * bind mount, told apart by mount id: no walk enters another mount), and a
 * folder another build is writing.
 */
#ifndef SVCGEN_PUBLISH_H
#define SVCGEN_PUBLISH_H

#include <stddef.h>
#include <stdint.h>

/* The name of the manifest at the top of OUT; not available to publish_file. */
#define PUBLISH_MANIFEST ".svcgen-manifest"

struct publish;

struct publish_opts {
	/* If set: refused as OUT, with the folders holding it and those inside it
	 * that could be read back as records (see docs/site.md). */
	const char *records_dir;
	/* If set: refused inside OUT (or as OUT), which the build replaces. */
	const char *templates_dir;
};

struct publish_stats {
	size_t written;   /* files written: new or changed */
	size_t unchanged; /* files kept as they were */
	size_t reused;    /* of those, kept by publish_reuse: never made again */
	size_t removed;   /* files of the old site gone from the new one */
	int noop;         /* 1 when nothing at all was written, linked or removed */
};

/*
 * Makes SIGINT, SIGTERM and SIGHUP set a flag that publish_file and
 * publish_commit check (the build then fails and the old site stays), and
 * ignores SIGXFSZ so a file size limit is a write error (EFBIG) rather than
 * death; reads the umask. Call once, before publish_begin and before any
 * other thread starts (publish_begin may then run beside other work); long
 * work outside publish should poll publish_interrupted().
 */
void publish_install_signal_handlers(void);

/* The signal number that interrupted the build, or 0. Exit with 128 + it. */
int publish_interrupted(void);

/*
 * The refusals of out_dir that depend on paths alone (a symbolic link, `/`,
 * not a folder, a missing parent, the records, templates and current
 * folders), which publish_begin makes again: for a usage check before the
 * build's work. Returns 0, or -1 after a one-line message on stderr. o may
 * be NULL.
 */
int publish_check_out(const char *out_dir, const struct publish_opts *o);

/*
 * Checks out_dir as above and reads what it holds. Returns a new handle, or
 * NULL after a one-line message on stderr. o may be NULL.
 */
struct publish *publish_begin(const char *out_dir, const struct publish_opts *o);

/*
 * Adds the file relpath ('/'-separated, relative: no empty, "." or ".."
 * components, no control characters or backslashes, not the manifest) with
 * len bytes of data, which are hashed and, if they differ from the old
 * site's, written before the call returns; the caller keeps data. May be
 * called from several threads at once. Returns 0, or -1 after a one-line
 * message: the build has failed and can only be aborted.
 */
int publish_file(struct publish *p, const char *relpath, const void *data, size_t len);

/* publish_file of the file made of n parts, one after the other. */
struct publish_part {
	const void *data;
	size_t len;
};
int publish_parts(struct publish *p, const char *relpath, const struct publish_part *parts,
                  size_t n);

/*
 * Adds a copy of the regular file open as fd (an attachment, opened by the
 * caller below its folder: source_openat) as relpath, like publish_file,
 * reading it in pieces from its start; fd stays open. More than max bytes
 * fails, as does a file that changes while it is copied. name: the file
 * as messages call it.
 */
int publish_copy(struct publish *p, const char *relpath, int fd, uint64_t max, const char *name);

/*
 * Makes the files published the site, and frees p. Files not published
 * this time disappear; unchanged ones keep their inode and mtime. Returns
 * 0 with st filled (st may be NULL), or -1 after a one-line message, with
 * the old site intact and the temporary folder removed.
 */
int publish_commit(struct publish *p, struct publish_stats *st);

/* Drops the build: removes the temporary folder, leaves OUT as it was, frees p. */
void publish_abort(struct publish *p);

/* The 128-bit hash the manifest keeps of a file's bytes (two xxHash64), of data. */
void publish_hash(const void *data, size_t len, uint64_t out[2]);

/*
 * Files published by the calling thread from now on, until publish_scope_end
 * (or the next publish_scope), are made from the input of digest `input`
 * (128 bits): the new manifest lists it beside them. A page or a group of
 * files (a page and its CSV, the search shards) renders in one scope, so
 * that publish_reuse finds all of them.
 */
void publish_scope(struct publish *p, const uint64_t input[2]);
void publish_scope_end(struct publish *p);

/*
 * Keeps, without their being published again, all the files that the old
 * manifest lists with input digest `input`, when every one of them is still
 * in OUT as the manifest lists it and trusted (see the top) and none was
 * published yet by this build. Returns how many (0: none kept; the caller
 * renders them), *pages how many of those are named *.html or *.atom. May
 * be called from several threads at once.
 */
size_t publish_reuse(struct publish *p, const uint64_t input[2], size_t *pages);

/*
 * The digest of everything the site is made from (records, templates,
 * options, the program), as at most 64 hex digits: recorded in the new
 * manifest, so that the next build can tell nothing changed.
 */
void publish_set_input(struct publish *p, const char *digest);
/*
 * Does OUT hold, untouched, the site of a build whose input digest was
 * `digest`? Then the caller may skip rendering and publish_abort(): OUT
 * already is the site.
 */
int publish_same_input(const struct publish *p, const char *digest);

#endif
