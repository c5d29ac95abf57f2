/*
 * gen-history: turn a records folder (gen-records' output) into a git history,
 * written as a `git fast-import` stream, for the history benchmark.
 *
 *   gen-history SRCDIR RECORDS COMMITS > STREAM
 *   git -C REPO fast-import < STREAM
 *
 * Reads every file under SRCDIR and writes COMMITS commits on refs/heads/main
 * (merges included) that build it up and then keep editing it:
 *
 *   - commit 1 adds svcgen.yaml, README.md, attachments/ and the reference
 *     kinds (standards, staff, parts, dealers);
 *   - the next commits add the other records in batches of 20: customers,
 *     equipment, then tickets, visits, complaints and shipments month by
 *     month.  A ticket that is closed in SRCDIR comes in as `resolved`;
 *   - every later commit edits one record, sometimes a few: a closed ticket
 *     gets its `status: closed` back, equipment goes under_repair and back,
 *     a Markdown body gets one more line, a YAML record a new `x-note`
 *     value; now and then a record moves to another folder of its kind or a
 *     routine visit is deleted;
 *   - now and then a branch forks off main, gets a few edits of its own
 *     while main goes on, and is merged back (a merge commit, never a
 *     fast-forward; the branch and main never touch the same record, so the
 *     merge has no conflict).
 *
 * When SRCDIR holds more than RECORDS records, routine visits (ZF-, PX-,
 * referenced by nothing) are left out from the last until RECORDS remain.
 * Every ticket is closed again by the last commit, so the final tree holds
 * SRCDIR's records (as valid as they are) with extra x-note fields and body
 * lines, some of them in other folders, a few routine visits fewer.
 *
 * Deterministic: a fixed seed, fixed authors and dates, so the same SRCDIR
 * gives the same commit hashes.  Prints a summary on stderr, one KEY=VALUE a
 * line: added, edits, moves, deletes, merges, records (at the last commit),
 * commits.
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define BATCH 20       /* records per adding commit */
#define T0 1672621200L /* 2023-01-02 09:00 +0800, the first commit */

static void
G_fail(const char *what, const char *detail)
{
	fprintf(stderr, "gen-history: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
	exit(1);
}

static void *
G_alloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		G_fail("out of memory", NULL);
	return p;
}

/* splitmix64 */
static uint64_t G_seed = 0x4a11e7b0c0ffee01ULL;

static uint64_t
G_next(void)
{
	uint64_t z = (G_seed += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* uniform in [0, n) */
static long
G_below(long n)
{
	return n > 0 ? (long)(G_next() % (uint64_t)n) : 0;
}

/* true n times in 1000 */
static int
G_chance(long n)
{
	return G_below(1000) < n;
}

/* ------------------------------------------------------------ the records */

enum { K_SETUP, K_CUSTOMER, K_EQUIPMENT, K_DATED }; /* order of adding */

struct rec {
	char *path;           /* where it is now */
	char *data;           /* its bytes in SRCDIR */
	size_t len;           /* length of data */
	char *id;             /* file name without extension */
	int group;            /* K_* */
	int kind;             /* index in G_kinds, -1: not a record */
	int md, routine;      /* a .md file; a routine visit */
	int closable, closed; /* a closed ticket; closed again in the history */
	int has_in_service;   /* equipment in service in SRCDIR */
	int repair;           /* ... and under_repair now */
	int frozen;           /* a closed complaint, a standard: never edited */
	int notes;            /* x-note edits or body lines added */
	int alive;            /* added and not deleted */
	int topic;            /* touched by the open branch */
	long dirty;           /* the last commit that changed it */
};

static const char *const G_kinds[] = {"customers",  "equipment", "service", "visits",
                                      "complaints", "standards", "staff",   "parts",
                                      "shipments",  "dealers"};
#define NKINDS ((int)(sizeof(G_kinds) / sizeof(G_kinds[0])))

static struct rec *G_rec;
static size_t G_nrec, G_caprec;

/* folders holding records, per kind: where moves go */
static char **G_dirs[NKINDS];
static size_t G_ndirs[NKINDS];

static char *
G_strndup(const char *s, size_t n)
{
	char *p = G_alloc(NULL, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static char *
G_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p = NULL;
	size_t cap = 0, n = 0, got;

	if (!f)
		G_fail("cannot open", path);
	do {
		if (cap - n < 4096)
			p = G_alloc(p, cap = cap ? cap * 2 : 8192);
		got = fread(p + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	if (ferror(f))
		G_fail("cannot read", path);
	fclose(f);
	*len = n;
	return p;
}

static void
G_walk(const char *root, const char *rel)
{
	char full[4096], sub[4096];
	struct dirent *d;
	struct stat st;
	DIR *dir;

	snprintf(full, sizeof full, "%s%s%s", root, *rel ? "/" : "", rel);
	dir = opendir(full);
	if (!dir)
		G_fail("cannot open folder", full);
	while ((d = readdir(dir)) != NULL) {
		if (d->d_name[0] == '.')
			continue;
		if ((size_t)snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", d->d_name) >=
		        sizeof sub ||
		    (size_t)snprintf(full, sizeof full, "%s/%s", root, sub) >= sizeof full)
			G_fail("path too long", d->d_name);
		if (lstat(full, &st) != 0)
			G_fail("cannot stat", full);
		if (S_ISDIR(st.st_mode)) {
			G_walk(root, sub);
		} else if (S_ISREG(st.st_mode)) {
			if (G_nrec == G_caprec)
				G_rec = G_alloc(G_rec, (G_caprec = G_caprec ? 2 * G_caprec : 1024) *
				                           sizeof *G_rec);
			memset(&G_rec[G_nrec], 0, sizeof *G_rec);
			G_rec[G_nrec].path = G_strndup(sub, strlen(sub));
			G_rec[G_nrec].data = G_slurp(full, &G_rec[G_nrec].len);
			G_nrec++;
		}
	}
	closedir(dir);
}

/* sort key: group, then the YYYY/MM of dated kinds, then the path */
static const char *
G_month(const struct rec *r)
{
	const char *s = strchr(r->path, '/');

	return r->group == K_DATED && s ? s + 1 : "";
}

static int
G_order(const void *pa, const void *pb)
{
	const struct rec *a = pa, *b = pb;
	int c;

	if (a->group != b->group)
		return a->group - b->group;
	c = strncmp(G_month(a), G_month(b), 7);
	return c ? c : strcmp(a->path, b->path);
}

static int
G_has(const struct rec *r, const char *s)
{
	size_t n = strlen(s), i;

	for (i = 0; i + n <= r->len; i++)
		if (!memcmp(r->data + i, s, n))
			return 1;
	return 0;
}

static void
G_classify(struct rec *r)
{
	const char *slash = strchr(r->path, '/'), *base = strrchr(r->path, '/'), *dot;
	size_t top = slash ? (size_t)(slash - r->path) : 0;
	int k;

	r->kind = -1;
	r->group = K_SETUP;
	base = base ? base + 1 : r->path;
	dot = strrchr(base, '.');
	r->id = G_strndup(base, dot ? (size_t)(dot - base) : strlen(base));
	if (!slash || !dot || (strcmp(dot, ".yaml") && strcmp(dot, ".md")))
		return;
	for (k = 0; k < NKINDS; k++)
		if (strlen(G_kinds[k]) == top && !strncmp(r->path, G_kinds[k], top))
			r->kind = k;
	if (r->kind < 0)
		return;
	r->md = !strcmp(dot, ".md");
	if (!strcmp(G_kinds[r->kind], "customers"))
		r->group = K_CUSTOMER;
	else if (!strcmp(G_kinds[r->kind], "equipment"))
		r->group = K_EQUIPMENT;
	else if (strchr(slash + 1, '/'))
		r->group = K_DATED;
	r->routine = !strcmp(G_kinds[r->kind], "visits") &&
	             (!strncmp(r->id, "ZF-", 3) || !strncmp(r->id, "PX-", 3));
	r->closable = !strcmp(G_kinds[r->kind], "service") && G_has(r, "\nstatus: closed\n");
	r->has_in_service = r->group == K_EQUIPMENT && G_has(r, "\nstatus: in_service\n");
	r->frozen = !strcmp(G_kinds[r->kind], "standards") ||
	            (!strcmp(G_kinds[r->kind], "complaints") && G_has(r, "\nstatus: closed\n"));
}

static void
G_add_dir(const struct rec *r)
{
	size_t n = (size_t)(strrchr(r->path, '/') - r->path), i;
	char ***d = &G_dirs[r->kind];

	for (i = 0; i < G_ndirs[r->kind]; i++)
		if (strlen((*d)[i]) == n && !strncmp((*d)[i], r->path, n))
			return;
	*d = G_alloc(*d, (G_ndirs[r->kind] + 1) * sizeof **d);
	(*d)[G_ndirs[r->kind]++] = G_strndup(r->path, n);
}

/* ------------------------------------------------------------- rendering */

static char *G_out;
static size_t G_outn, G_outcap;

static void
G_put(const char *s, size_t n)
{
	if (G_outn + n > G_outcap) {
		while (G_outn + n > G_outcap)
			G_outcap = G_outcap ? 2 * G_outcap : 65536;
		G_out = G_alloc(G_out, G_outcap);
	}
	memcpy(G_out + G_outn, s, n);
	G_outn += n;
}

static void
G_puts(const char *s)
{
	G_put(s, strlen(s));
}

static const char *const G_note_yaml[] = {"资料已与客户核对", "联系人信息已确认", "随访记录已归档",
                                          "财务对账完成", "年度复核无误"};

static const char *const G_note_md[] = {
    "电话回访，用户反映车辆使用正常。", "补充现场照片说明，已归档。",
    "配件旧件已返厂，等待质量分析。",   "质量部复核处理过程，结论不变。",
    "用户要求提供维修清单，已发送。",   "区域经理抽查，记录完整。"};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* copy of s (length n) with the first `from` replaced by `to` */
static void
G_put_replacing(const char *s, size_t n, const char *from, const char *to)
{
	size_t fl = strlen(from), i;

	for (i = 0; i + fl <= n; i++)
		if (!memcmp(s + i, from, fl)) {
			G_put(s, i);
			G_puts(to);
			G_put(s + i + fl, n - i - fl);
			return;
		}
	G_put(s, n);
}

/* the record's content now, into G_out (cleared first) */
static void
G_render(const struct rec *r)
{
	char line[256];
	int k;

	G_outn = 0;
	if (r->closable && !r->closed)
		G_put_replacing(r->data, r->len, "\nstatus: closed\n", "\nstatus: resolved\n");
	else if (r->repair)
		G_put_replacing(r->data, r->len, "\nstatus: in_service\n",
		                "\nstatus: under_repair\n");
	else
		G_put(r->data, r->len);
	if (!r->notes)
		return;
	if (!r->md) {
		snprintf(line, sizeof line, "x-note: 第%d次更新，%s\n", r->notes,
		         G_note_yaml[(size_t)r->notes % NELEM(G_note_yaml)]);
		G_puts(line);
		return;
	}
	G_puts("\n## 跟进\n\n");
	for (k = 1; k <= r->notes; k++) {
		snprintf(line, sizeof line, "- 第%d条：%s\n", k,
		         G_note_md[((size_t)k + strlen(r->id)) % NELEM(G_note_md)]);
		G_puts(line);
	}
}

/* ------------------------------------------------------------ the stream */

static const char *const G_authors[] = {
    "王建国 <wang.jianguo@service.example.cn>",  "李敏 <li.min@service.example.cn>",
    "张磊 <zhang.lei@service.example.cn>",       "刘芳 <liu.fang@service.example.cn>",
    "陈志强 <chen.zhiqiang@service.example.cn>", "赵静 <zhao.jing@service.example.cn>"};

static long G_commits;    /* written so far; also the last mark */
static long G_main_tip;   /* mark of main's tip */
static long G_topic_base; /* mark the open branch forks from, 0: no branch open */
static long G_topic_fork; /* G_commits when it forked */
static long G_topic_tip;  /* mark of its tip, 0 before its first commit */
static long G_topic_left; /* commits it still gets */
static long G_topic_no;   /* branches opened */
static long G_time = T0;  /* of the last commit */
static char G_msg[1024];  /* the next commit's message */

static void
G_data(const char *s, size_t n)
{
	printf("data %zu\n", n);
	fwrite(s, 1, n, stdout);
	putchar('\n');
}

/* a commit's header on ref with G_msg; from, merge: parent marks to name (0: none) */
static void
G_commit(const char *ref, long from, long merge)
{
	const char *who = G_authors[G_below((long)NELEM(G_authors))];

	G_commits++;
	G_time += 60 * (3 + G_below(88));
	printf("commit %s\nmark :%ld\n", ref, G_commits);
	printf("author %s %ld +0800\ncommitter %s %ld +0800\n", who, G_time, who, G_time);
	G_data(G_msg, strlen(G_msg));
	if (from)
		printf("from :%ld\n", from);
	if (merge)
		printf("merge :%ld\n", merge);
}

static void
G_write(struct rec *r)
{
	G_render(r);
	printf("M 100644 inline %s\n", r->path);
	G_data(G_out, G_outn);
	r->dirty = G_commits;
}

/* appends s to G_msg, "；" between parts */
static void
G_say(const char *s)
{
	size_t n = strlen(G_msg);

	snprintf(G_msg + n, sizeof G_msg - n, "%s%s", n ? "；" : "", s);
}

/* ------------------------------------------------------------- the edits */

static long *G_pending; /* closable tickets, in the order they were added */
static size_t G_npending, G_pending_at;
static long *G_pick_v; /* the records of the commit being made */
static long G_nalive, G_added, G_moves, G_deletes, G_merges, G_edits;

/* May r be changed on main (topic: on the open branch)?  The branch and main
 * never share a record: the branch takes only records main left alone since
 * the fork, and main leaves alone what the branch took. */
static int
G_free(const struct rec *r, int topic)
{
	if (!r->alive || r->kind < 0)
		return 0;
	return topic ? r->topic || r->dirty <= G_topic_fork : !r->topic;
}

/* a random record free for main (topic: the branch) that fit accepts, or -1 */
static long
G_pick(int topic, int (*fit)(const struct rec *))
{
	int tries;

	for (tries = 0; tries < 200; tries++) {
		long i = G_below((long)G_nrec);

		if (G_free(&G_rec[i], topic) && (!fit || fit(&G_rec[i])))
			return i;
	}
	return -1;
}

/* Edits leave alone what the audit would flag: closed tickets and
 * complaints, effective standards. */
static int
G_editable(const struct rec *r)
{
	return !r->frozen && !(r->closable && r->closed);
}

static int
G_is_equipment(const struct rec *r)
{
	return r->has_in_service;
}

static int
G_is_routine(const struct rec *r)
{
	return r->routine;
}

static int
G_movable(const struct rec *r)
{
	return G_ndirs[r->kind] > 1;
}

/* the next ticket to close again that main may change, or -1 */
static long
G_next_pending(size_t skip)
{
	size_t i;

	while (G_pending_at < G_npending && G_rec[G_pending[G_pending_at]].closed)
		G_pending_at++;
	for (i = G_pending_at; i < G_npending; i++) {
		const struct rec *r = &G_rec[G_pending[i]];

		if (!r->closed && !r->topic && !skip--)
			return G_pending[i];
	}
	return -1;
}

/* one edit of r, in memory; says what it did */
static void
G_edit(struct rec *r, int topic)
{
	char part[160];

	G_edits++;
	if (r->closable && !r->closed && !topic) {
		r->closed = 1;
		snprintf(part, sizeof part, "%s 结案", r->id);
	} else if (r->has_in_service && G_chance(500)) {
		r->repair = !r->repair;
		snprintf(part, sizeof part, "%s 状态改为 %s", r->id,
		         r->repair ? "under_repair" : "in_service");
	} else {
		r->notes++;
		snprintf(part, sizeof part, "%s %s", r->id, r->md ? "补充跟进记录" : "更新备注");
	}
	if (topic)
		r->topic = 1;
	G_say(part);
}

/* one commit editing 1 to 5 records, on main or on the open branch; the
 * last one also closes every ticket still waiting */
static void
G_edit_commit(int topic, int last)
{
	long n = 1, k, got = 0, i, p;

	if (G_chance(150))
		n = 2;
	else if (G_chance(120))
		n = 3 + G_below(3);
	for (k = 0; k < n; k++) {
		p = !topic && G_chance(250) ? G_next_pending(0) : -1;
		if (p < 0)
			p = G_pick(topic, G_chance(200) ? G_is_equipment : G_editable);
		for (i = 0; i < got && p >= 0; i++)
			if (G_pick_v[i] == p)
				p = -1;
		if (p >= 0)
			G_pick_v[got++] = p;
	}
	if (last)
		for (k = 0; (p = G_next_pending((size_t)k)) >= 0; k++) {
			for (i = 0; i < got && G_pick_v[i] != p; i++)
				;
			if (i == got)
				G_pick_v[got++] = p;
		}
	if (!got)
		G_fail("no record to edit", NULL);
	G_msg[0] = '\0';
	for (i = 0; i < got; i++)
		G_edit(&G_rec[G_pick_v[i]], topic);
	if (got > 5)
		snprintf(G_msg, sizeof G_msg, "更新 %ld 条记录（结案等）", got);
	if (topic) {
		G_commit("refs/heads/topic", G_topic_tip ? 0 : G_topic_base, 0);
		G_topic_tip = G_commits;
	} else {
		G_commit("refs/heads/main", 0, 0);
		G_main_tip = G_commits;
	}
	for (i = 0; i < got; i++)
		G_write(&G_rec[G_pick_v[i]]);
}

static void
G_move(struct rec *r)
{
	const char *base = strrchr(r->path, '/') + 1, *to;
	size_t n = (size_t)(base - 1 - r->path);
	char *path;

	do
		to = G_dirs[r->kind][G_below((long)G_ndirs[r->kind])];
	while (strlen(to) == n && !strncmp(to, r->path, n));
	snprintf(G_msg, sizeof G_msg, "%s 移到 %s/", r->id, to);
	G_commit("refs/heads/main", 0, 0);
	G_main_tip = G_commits;
	printf("D %s\n", r->path);
	path = G_alloc(NULL, strlen(to) + strlen(base) + 2);
	sprintf(path, "%s/%s", to, base);
	free(r->path);
	r->path = path;
	G_write(r);
	G_moves++;
}

static void
G_delete(struct rec *r)
{
	snprintf(G_msg, sizeof G_msg, "删除 %s（重复录入）", r->id);
	G_commit("refs/heads/main", 0, 0);
	G_main_tip = G_commits;
	printf("D %s\n", r->path);
	r->alive = 0;
	r->dirty = G_commits;
	G_nalive--;
	G_deletes++;
}

/* merges the open branch into main: main's tree gets the branch's records */
static void
G_merge(void)
{
	size_t i;

	snprintf(G_msg, sizeof G_msg, "Merge branch 'topic-%ld'", G_topic_no);
	G_commit("refs/heads/main", G_main_tip, G_topic_tip);
	G_main_tip = G_commits;
	for (i = 0; i < G_nrec; i++)
		if (G_rec[i].topic) {
			G_rec[i].topic = 0;
			G_write(&G_rec[i]);
		}
	G_topic_base = 0;
	G_merges++;
}

/* adds records [from, to) */
static void
G_add(size_t from, size_t to)
{
	size_t i;

	if (from == 0)
		snprintf(G_msg, sizeof G_msg, "导入配置与基础资料（%zu 个文件）", to);
	else
		snprintf(G_msg, sizeof G_msg, "新增记录 %zu 条：%s 至 %s", to - from,
		         G_rec[from].id, G_rec[to - 1].id);
	G_commit("refs/heads/main", 0, 0);
	G_main_tip = G_commits;
	for (i = from; i < to; i++) {
		struct rec *r = &G_rec[i];

		G_write(r);
		if (r->kind < 0)
			continue;
		r->alive = 1;
		G_nalive++;
		G_added++;
		if (r->closable)
			G_pending[G_npending++] = (long)i;
	}
}

int
main(int argc, char **argv)
{
	long want, ncommits, nrecords = 0, left;
	size_t i, j, setup;
	char *end;

	if (argc != 4) {
		fprintf(stderr, "usage: gen-history SRCDIR RECORDS COMMITS > STREAM\n");
		return 2;
	}
	want = strtol(argv[2], &end, 10);
	if (*end || want < 100)
		G_fail("RECORDS must be a number >= 100", argv[2]);
	ncommits = strtol(argv[3], &end, 10);
	if (*end || ncommits < 1000 || ncommits > 100000000)
		G_fail("COMMITS must be a number 1000..100000000", argv[3]);

	G_walk(argv[1], "");
	for (i = 0; i < G_nrec; i++) {
		G_classify(&G_rec[i]);
		nrecords += G_rec[i].kind >= 0;
	}
	qsort(G_rec, G_nrec, sizeof *G_rec, G_order);
	/* too many: leave routine visits out, from the last */
	for (i = G_nrec; i-- > 0 && nrecords > want;)
		if (G_rec[i].routine) {
			free(G_rec[i].path);
			free(G_rec[i].data);
			free(G_rec[i].id);
			memmove(&G_rec[i], &G_rec[i + 1], (G_nrec - i - 1) * sizeof *G_rec);
			G_nrec--;
			nrecords--;
		}
	for (i = 0, setup = 0; i < G_nrec; i++) {
		if (G_rec[i].kind >= 0)
			G_add_dir(&G_rec[i]);
		setup += G_rec[i].group == K_SETUP;
	}
	G_pending = G_alloc(NULL, (G_nrec + 1) * sizeof *G_pending);
	G_pick_v = G_alloc(NULL, (G_nrec + 8) * sizeof *G_pick_v);
	if (!setup || (long)((G_nrec - setup + BATCH - 1) / BATCH) + 50 > ncommits)
		G_fail("too few commits for the records, or no svcgen.yaml", NULL);
	setvbuf(stdout, NULL, _IOFBF, 1 << 20);

	G_add(0, setup);
	for (i = setup; i < G_nrec; i = j) {
		j = i + BATCH < G_nrec ? i + BATCH : G_nrec;
		G_add(i, j);
	}
	while ((left = ncommits - G_commits) > 0) {
		if (G_topic_base) {
			/* the branch finishes with 3 commits to spare, so that the
			 * last one is main's and closes what is left */
			int forced = left <= G_topic_left + 3;

			if (G_topic_left > 0 && (forced || G_chance(500))) {
				G_edit_commit(1, 0);
				G_topic_left--;
				continue;
			}
			if (G_topic_left == 0 && (forced || G_chance(400))) {
				G_merge();
				continue;
			}
		} else if (left > 40 && G_chance(15)) {
			G_topic_base = G_main_tip;
			G_topic_fork = G_commits;
			G_topic_tip = 0;
			G_topic_left = 2 + G_below(4);
			G_topic_no++;
			continue;
		}
		if (left > 1 && G_chance(4) && G_nalive > want / 2) {
			long p = G_pick(0, G_is_routine);

			if (p >= 0) {
				G_delete(&G_rec[p]);
				continue;
			}
		}
		if (left > 1 && G_chance(25)) {
			long p = G_pick(0, G_movable);

			if (p >= 0) {
				G_move(&G_rec[p]);
				continue;
			}
		}
		G_edit_commit(0, left == 1);
	}
	printf("done\n");
	if (fflush(stdout) != 0 || ferror(stdout))
		G_fail("cannot write the stream", NULL);

	fprintf(stderr,
	        "added=%ld\nedits=%ld\nmoves=%ld\ndeletes=%ld\nmerges=%ld\nrecords=%ld\n"
	        "commits=%ld\n",
	        G_added, G_edits, G_moves, G_deletes, G_merges, G_nalive, G_commits);
	for (i = 0; i < G_nrec; i++) {
		free(G_rec[i].path);
		free(G_rec[i].data);
		free(G_rec[i].id);
	}
	for (j = 0; j < (size_t)NKINDS; j++) {
		for (i = 0; i < G_ndirs[j]; i++)
			free(G_dirs[j][i]);
		free(G_dirs[j]);
	}
	free(G_rec);
	free(G_out);
	free(G_pending);
	free(G_pick_v);
	return 0;
}
