/*
 * The search index, split into shards a browser loads on demand with
 * <script> elements (so it works from file:// too, where fetch is refused):
 * see docs/site.md, "Search".
 *
 * A record is found by the words of its id and of its title: a word of the
 * query matches where it begins a token, and a token begins at the start of
 * the id or the title, after any ASCII character that is not a letter or a
 * digit, and at every non-ASCII character (Chinese has no spaces). The shard
 * of a token is named by its first characters (its key); how many characters
 * is chosen per first character, the fewest that keep every shard under
 * SHARD_MAX bytes, and a key that still holds more is cut into parts.
 *
 * search/index.js lists the keys and the sizes of their parts; each
 * search/<key in hex>[-<part>].js calls svcgenSearchShard with its entries
 * [kind, id, title]. Titles never come from PII fields (docs/site.md,
 * "Personal data"), so the shards hold nothing the --pii setting masks.
 */
#include "site/search.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/escape.h"
#include "publish/publish.h"
#include "model/schema.h"
#include "base/util.h"
#include "site/digest.h"
#include "site/list.h"

#define SHARD_MAX                                                                                  \
	(512u * 1024u) /* bytes of one shard file, at most (unless one entry is bigger)            \
	                */
#define KEY_MAX 8      /* characters of a key, at most */
#define WORD_SEP " · " /* between an entry's words (4 bytes) */

/* One token of a record: where it starts, the bytes of its first KEY_MAX characters. */
struct tok {
	const char *p;
	uint32_t len; /* bytes of the key at depth KEY_MAX */
	uint32_t rec; /* index of the entry */
};

/* Bytes of the first `d` characters of the token at p (not past n bytes nor white space). */
static size_t
S_prefix(const char *p, size_t n, int d)
{
	size_t i = 0;

	while (i < n && d > 0) {
		unsigned char c = (unsigned char)p[i];

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
			break;
		i++;
		if (c >= 0x80)
			while (i < n && ((unsigned char)p[i] & 0xC0) == 0x80)
				i++;
		d--;
	}
	return i;
}

static int
S_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/*
 * The tokens are sorted and written out a few first characters at a time
 * (a batch), as the shards of a first character are the same whatever
 * the others' are: the tokens of a batch, not all of them (some 7 a
 * record, 100 MB at 10^6 records), are in memory at once.
 */
struct first {
	uint32_t code; /* the first character's bytes, ASCII lowercased, packed (S_code); 0: free */
	uint32_t count; /* tokens */
	uint32_t batch;
};

struct firsts {
	struct first *v; /* open addressing on code */
	size_t cap, n;
	struct first over; /* first characters of more than 4 bytes */
};

/* Walks the tokens: counts their first characters, or keeps those of batch `batch`. */
struct tokpass {
	struct firsts *f;
	int keep;
	uint32_t batch;
	struct tok *t; /* keep: the batch's tokens */
	size_t nt;
};

/*
 * A first character of c1 bytes as a number: its bytes (ASCII letters
 * lowercased) big-endian, so that numbers order as the keys do (S_keycmp);
 * 0 when it has more than 4 bytes (not UTF-8).
 */
static uint32_t
S_code(const char *p, size_t c1)
{
	uint32_t code = 0;
	size_t i;

	if (c1 > 4)
		return 0;
	for (i = 0; i < 4; i++) {
		unsigned char c = i < c1 ? (unsigned char)p[i] : 0;

		code = code << 8 | (c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c);
	}
	return code;
}

static struct first *
S_first(struct firsts *f, uint32_t code)
{
	size_t j, k;

	if (!code)
		return &f->over;
	for (j = f->cap ? hash_slot(code, f->cap) : 0; f->cap && f->v[j].code;
	     j = (j + 1) & (f->cap - 1))
		if (f->v[j].code == code)
			return &f->v[j];
	if (2 * (f->n + 1) > f->cap) {
		struct first *old = f->v;
		size_t oldcap = f->cap;

		f->cap = f->cap ? 2 * f->cap : 256;
		f->v = xcalloc(f->cap, sizeof(*f->v));
		for (k = 0; k < oldcap; k++)
			if (old[k].code) {
				for (j = hash_slot(old[k].code, f->cap); f->v[j].code;
				     j = (j + 1) & (f->cap - 1))
					;
				f->v[j] = old[k];
			}
		free(old);
	}
	for (j = hash_slot(code, f->cap); f->v[j].code; j = (j + 1) & (f->cap - 1))
		;
	f->v[j].code = code;
	f->n++;
	return &f->v[j];
}

/*
 * The tokens of s[0..n), entry rec's. With `words` (an entry's words,
 * S_words), a token begins only where a word does, at the start and after
 * a space or tab (WORD_SEP ends in one), not at every Chinese character
 * nor inside a serial number: a customer's name does not put each of its thousand tickets
 * into a shard per character of it (docs/site.md, "Search").
 */
static void
S_tokens(struct tokpass *tp, const char *s, size_t n, uint32_t rec, int words)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		unsigned char prev = i ? (unsigned char)s[i - 1] : 0;
		struct first *f;
		int start;

		if ((c & 0xC0) == 0x80)
			continue; /* inside a character */
		if (words)        /* WORD_SEP ends in a space; white space would be an empty key */
			start = (i == 0 || prev == ' ' || prev == '\t') &&
			        S_prefix(s + i, n - i, 1) > 0;
		else
			start =
			    c >= 0x80 || (S_alnum(c) && (i == 0 || !S_alnum(prev) || prev >= 0x80));
		if (!start)
			continue;
		f = S_first(tp->f, S_code(s + i, S_prefix(s + i, n - i, 1)));
		if (!tp->keep) {
			f->count++;
			tp->nt++;
		} else if (f->batch == tp->batch) {
			tp->t[tp->nt].p = s + i;
			tp->t[tp->nt].len = (uint32_t)S_prefix(s + i, n - i, KEY_MAX);
			tp->t[tp->nt].rec = rec;
			tp->nt++;
		}
	}
}

/* The tokens of the records with a page, entry after entry; w: their words (S_words). */
static void
S_pass(const struct site *s, struct tokpass *tp, const struct site_rows *w)
{
	uint32_t nrec = 0;
	size_t i, at;

	tp->nt = 0;
	for (i = 0; i < s->r->n; i++)
		if (site_has_page(s, &s->r->recs[i])) {
			S_tokens(tp, s->r->recs[i].id, s->info[i].id_len, nrec, 0);
			S_tokens(tp, s->info[i].full_title, strlen(s->info[i].full_title), nrec, 0);
			at = nrec ? w->end[nrec - 1] : 0;
			S_tokens(tp, w->text.buf ? w->text.buf + at : "", w->end[nrec] - at, nrec,
			         1);
			nrec++;
		}
}

/* Adds a word to the words begun at b->buf[from]: " · " between words; at most SITE_TITLE_MAX
 * characters of it. */
static void
S_word(struct buf *b, size_t from, const char *w, size_t n)
{
	size_t at = 0, k, cps;

	if (!w || !n)
		return;
	if (b->len > from)
		buf_adds(b, WORD_SEP);
	for (cps = 0; at < n && cps < SITE_TITLE_MAX; cps++)
		at += (k = utf8_seq((const unsigned char *)w + at, n - at)) ? k : 1;
	buf_add(b, w, at);
}

static void
S_word_node(struct buf *b, size_t from, const struct node *v)
{
	if (v && v->type == NODE_SCALAR)
		S_word(b, from, v->u.str, node_len(v));
}

/* Field `key` of each object of the list `list` of map. */
static void
S_word_items(struct buf *b, size_t from, const struct node *map, int list, int key)
{
	const struct node *l = map ? node_field(map, list) : NULL;
	size_t k;

	for (k = 0; l && l->type == NODE_SEQ && k < l->n; k++)
		if (l->u.kids[k].type == NODE_MAP)
			S_word_node(b, from, node_field(&l->u.kids[k], key));
}

/*
 * What search finds record i by besides its id and title (docs/site.md,
 * "Search"), its words: the names of the records its customer, engineer,
 * owner, receiver and dealer fields name, the serial numbers (ids) of the
 * units it names; its own region and its components' serial numbers;
 * and, only with --pii show, its phone numbers and contacts' names, which
 * are personal data. Each word costs the bytes of every shard the record
 * is in, so words are few: a ticket is found by its customer's region
 * through the customer, not by itself.
 */
static void
S_words(const struct site *s, size_t i, struct buf *b)
{
	const struct record *rec = &s->r->recs[i];
	const struct rec_info *in = &s->info[i];
	size_t from = b->len;
	uint32_t k;

	for (k = 0; k < in->nrefs; k++) {
		const struct ref *r = &in->refs[k];
		const struct record *t = r->target ? &s->r->recs[r->target - 1] : NULL;
		int f = r->field;

		if (!t || !s->has_page[r->target - 1] || !r->link)
			continue;
		if (f != F_service_customer && f != F_service_equipment &&
		    f != F_service_technicians && f != F_visits_customer && f != F_visits_by &&
		    f != F_complaints_customer && f != F_complaints_equipment &&
		    f != F_complaints_owner && f != F_equipment_customer && f != F_shipments_to &&
		    f != F_customers_dealer)
			continue;
		/* A unit by its serial (its id), the others by name. */
		if (t->kind == OBJ_equipment)
			S_word(b, from, t->id, strlen(t->id));
		else
			S_word(b, from, s->info[r->target - 1].full_title,
			       strlen(s->info[r->target - 1].full_title));
	}
	if (!rec->root)
		return;
	S_word_node(b, from, record_value(rec, KEY_region));
	S_word_items(b, from, rec->root, KEY_components, KEY_serial);
	if (s->o->pii_show) {
		S_word_node(b, from, record_value(rec, KEY_phone));
		S_word_items(b, from, rec->root, KEY_contacts, KEY_name);
		S_word_items(b, from, rec->root, KEY_contacts, KEY_phone);
	}
}

static int
S_first_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Puts the first characters in batches of consecutive ones in key order,
 * each of at most a quarter of the tokens (or the most of one character);
 * returns the most tokens of a batch, and *nbatch. All in one batch when
 * a first character is not UTF-8 (S_code cannot order it).
 */
static size_t
S_batches(struct firsts *f, size_t nt, uint32_t *nbatch)
{
	uint32_t *codes = xmalloc((f->n ? f->n : 1) * sizeof(*codes));
	size_t i, k = 0, most = 0, cap = nt / 4, sum = 0;
	struct first *e;

	for (i = 0; i < f->cap; i++)
		if (f->v[i].code) {
			codes[k++] = f->v[i].code;
			if (f->v[i].count > cap)
				cap = f->v[i].count;
		}
	qsort(codes, k, sizeof(*codes), S_first_cmp);
	*nbatch = 0;
	for (i = 0; i < k; i++) {
		e = S_first(f, codes[i]);
		if (f->over.count) {
			e->batch = 0;
			continue;
		}
		if (sum && sum + e->count > cap) {
			++*nbatch;
			sum = 0;
		}
		e->batch = *nbatch;
		sum += e->count;
		if (sum > most)
			most = sum;
	}
	++*nbatch;
	free(codes);
	if (f->over.count) {
		*nbatch = 1;
		return nt;
	}
	return most;
}

/* ASCII letters compare lowercased: keys are lowercase (so are query words). */
static int
S_keycmp(const char *a, size_t na, const char *b, size_t nb)
{
	size_t i, n = na < nb ? na : nb;

	for (i = 0; i < n; i++) {
		unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];

		if (x >= 'A' && x <= 'Z')
			x = (unsigned char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (unsigned char)(y - 'A' + 'a');
		if (x != y)
			return x < y ? -1 : 1;
	}
	return na < nb ? -1 : na > nb;
}

static int
S_tok_cmp(const struct tok *x, const struct tok *y)
{
	int c = S_keycmp(x->p, x->len, y->p, y->len);

	if (c)
		return c;
	return x->rec < y->rec ? -1 : x->rec > y->rec;
}

static void
S_tok_swap(struct tok *a, struct tok *b)
{
	struct tok t = *a;

	*a = *b;
	*b = t;
}

/* Heap sort, for S_sort's slices that quicksort cuts badly. */
static void
S_heap_sort(struct tok *t, size_t n)
{
	size_t i, k, c;

	for (i = n / 2; i-- > 0;)
		for (k = i; (c = 2 * k + 1) < n; k = c) {
			if (c + 1 < n && S_tok_cmp(&t[c], &t[c + 1]) < 0)
				c++;
			if (S_tok_cmp(&t[k], &t[c]) >= 0)
				break;
			S_tok_swap(&t[k], &t[c]);
		}
	while (n-- > 1) {
		S_tok_swap(&t[0], &t[n]);
		for (k = 0; (c = 2 * k + 1) < n; k = c) {
			if (c + 1 < n && S_tok_cmp(&t[c], &t[c + 1]) < 0)
				c++;
			if (S_tok_cmp(&t[k], &t[c]) >= 0)
				break;
			S_tok_swap(&t[k], &t[c]);
		}
	}
}

/*
 * Sorts the tokens in place (introsort): qsort's merge sort would take as
 * much memory again as the tokens, some 100 MB at 10^6 records. Tokens
 * that compare equal (a record's token twice, ASCII case aside) give the
 * same shards in either order: only their record and lowercased key count.
 */
static void
S_sort(struct tok *t, size_t n, unsigned depth)
{
	size_t i, j, m;

	while (n > 16) {
		if (depth-- == 0) {
			S_heap_sort(t, n);
			return;
		}
		/* Median of three into t[0], then Hoare's partition around it. */
		m = n / 2;
		if (S_tok_cmp(&t[m], &t[0]) < 0)
			S_tok_swap(&t[m], &t[0]);
		if (S_tok_cmp(&t[n - 1], &t[m]) < 0) {
			S_tok_swap(&t[n - 1], &t[m]);
			if (S_tok_cmp(&t[m], &t[0]) < 0)
				S_tok_swap(&t[m], &t[0]);
		}
		S_tok_swap(&t[0], &t[m]);
		i = 0;
		j = n;
		for (;;) {
			while (S_tok_cmp(&t[++i], &t[0]) < 0 && i < n - 1)
				;
			while (S_tok_cmp(&t[0], &t[--j]) < 0)
				;
			if (i >= j)
				break;
			S_tok_swap(&t[i], &t[j]);
		}
		S_tok_swap(&t[0], &t[j]);
		/* The smaller side first, by recursion; the larger by the loop. */
		if (j < n - j - 1) {
			S_sort(t, j, depth);
			t += j + 1;
			n -= j + 1;
		} else {
			S_sort(t + j + 1, n - j - 1, depth);
			n = j;
		}
	}
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && S_tok_cmp(&t[j], &t[j - 1]) < 0; j--)
			S_tok_swap(&t[j], &t[j - 1]);
}

/* The entries, written once: [kind,id,title,words] and their byte offsets. */
struct entries {
	struct buf all;
	size_t *off; /* entry r is all.buf[off[r] .. off[r + 1]) */
};

static size_t
S_entry_len(const struct entries *e, uint32_t r)
{
	return e->off[r + 1] - e->off[r] + 2; /* ",\n" */
}

/* The key of token t at depth d: its first d characters. */
static size_t
S_keylen(const struct tok *t, int d)
{
	return S_prefix(t->p, t->len, d);
}

/*
 * Walks the tokens t[lo..hi) (one first character) grouped by their keys at
 * depth d; returns the size of the biggest shard. A record is counted once
 * per key: stamp[] holds the last key serial it was counted for.
 */
static size_t
S_biggest(const struct tok *t, size_t lo, size_t hi, int d, const struct entries *e,
          uint32_t *stamp, uint32_t *serial)
{
	size_t i = lo, big = 0;

	while (i < hi) {
		size_t kl = S_keylen(&t[i], d), j = i, sz = 0;

		++*serial;
		while (j < hi && S_keylen(&t[j], d) == kl &&
		       S_keycmp(t[j].p, kl, t[i].p, kl) == 0) {
			if (stamp[t[j].rec] != *serial) {
				stamp[t[j].rec] = *serial;
				sz += S_entry_len(e, t[j].rec);
			}
			j++;
		}
		if (sz > big)
			big = sz;
		i = j;
	}
	return big;
}

/* The key as index.js names it: ASCII letters lowercased. */
static void
S_key_lower(struct buf *b, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char c = p[i];

		buf_addc(b, c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c);
	}
}

/* The key as a file name: its lowercased UTF-8 bytes in hexadecimal. */
static void
S_key_hex(struct buf *b, const char *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		buf_addc(b, hex[c >> 4]);
		buf_addc(b, hex[c & 15]);
	}
}

/* Closes part `part` of the shard named hex, publishes it and lists its size in idx. */
static void
S_part(struct site *s, const struct buf *hex, int part, struct buf *js, struct buf *idx)
{
	struct buf path = BUF_INIT;

	buf_adds(js, "]);\n");
	if (part)
		buf_addf(&path, "search/%s-%d.js", hex->buf, part);
	else
		buf_addf(&path, "search/%s.js", hex->buf);
	if (publish_file(s->pub, path.buf, js->buf, js->len) < 0)
		s->failed = 1;
	buf_addf(idx, "%s%zu", part ? "," : "", js->len);
	buf_free(&path);
}

/* Publishes the parts of the shard of tokens t[i..j) (one key kl bytes long); lists them in idx. */
static void
S_shard(struct site *s, const struct tok *t, size_t i, size_t j, size_t kl, const struct entries *e,
        uint32_t *stamp, uint32_t serial, struct buf *idx)
{
	struct buf hex = BUF_INIT, js = BUF_INIT, low = BUF_INIT;
	size_t k;
	int part = 0, empty = 1;

	S_key_hex(&hex, t[i].p, kl);
	buf_addc(&hex, '\0');
	hex.len--;
	S_key_lower(&low, t[i].p, kl);
	json_escape(idx, low.buf, low.len);
	buf_adds(idx, ":[");
	buf_addf(&js, "svcgenSearchShard(\"%s\",[\n", hex.buf);
	for (k = i; k < j; k++) {
		uint32_t r = t[k].rec;

		if (stamp[r] == serial)
			continue;
		stamp[r] = serial;
		if (!empty && js.len + S_entry_len(e, r) + 5 > SHARD_MAX) {
			S_part(s, &hex, part++, &js, idx);
			buf_reset(&js);
			buf_addf(&js, "svcgenSearchShard(\"%s-%d\",[\n", hex.buf, part);
			empty = 1;
		}
		if (!empty)
			buf_adds(&js, ",\n");
		buf_add(&js, e->all.buf + e->off[r], e->off[r + 1] - e->off[r]);
		empty = 0;
	}
	buf_addc(&js, '\n');
	S_part(s, &hex, part, &js, idx);
	buf_addc(idx, ']');
	buf_free(&hex);
	buf_free(&js);
	buf_free(&low);
}

/*
 * Writes the shards of the tokens t[0..nt) (sorted; every token of their
 * first characters): for each first character, its depth into depths and
 * its shards, listed in idx.
 */
static void
S_first_chars(struct site *s, const struct tok *t, size_t nt, const struct entries *e,
              uint32_t *stamp, uint32_t *serial, struct buf *idx, struct buf *depths, int *firstkey,
              int *firstdepth)
{
	size_t i = 0;

	while (i < nt) {
		size_t c1 = S_keylen(&t[i], 1), hi = i, best = (size_t)-1, k;
		int d, bestd = 1;

		while (hi < nt && S_keylen(&t[hi], 1) == c1 &&
		       S_keycmp(t[hi].p, c1, t[i].p, c1) == 0)
			hi++;
		for (d = 1; d <= KEY_MAX; d++) {
			size_t big = S_biggest(t, i, hi, d, e, stamp, serial);

			if (big < best) {
				best = big;
				bestd = d;
			}
			if (big <= SHARD_MAX)
				break;
		}
		buf_adds(depths, *firstdepth ? "\n" : ",\n");
		*firstdepth = 0;
		{
			struct buf low = BUF_INIT;

			S_key_lower(&low, t[i].p, c1);
			json_escape(depths, low.buf, low.len);
			buf_free(&low);
		}
		buf_addf(depths, ":%d", bestd);
		k = i;
		while (k < hi) {
			size_t kl = S_keylen(&t[k], bestd), j = k;

			while (j < hi && S_keylen(&t[j], bestd) == kl &&
			       S_keycmp(t[j].p, kl, t[k].p, kl) == 0)
				j++;
			buf_adds(idx, *firstkey ? "\n" : ",\n");
			*firstkey = 0;
			S_shard(s, t, k, j, kl, e, stamp, ++*serial, idx);
			k = j;
		}
		i = hi;
	}
}

/* Writes search/index.js and the shards of the records that have a page. */
static void
S_publish_index(struct site *s, const struct site_rows *w)
{
	struct entries e = {BUF_INIT, NULL};
	struct firsts f;
	struct tokpass tp;
	struct tok *t;
	size_t nt, most, i;
	unsigned depth;
	uint32_t nrec = 0, *stamp, serial = 0, nbatch, b;
	struct buf idx = BUF_INIT, depths = BUF_INIT;
	int kind, firstkey = 1, firstdepth = 1;

	e.off = xcalloc(s->r->n + 1, sizeof(*e.off));
	for (i = 0; i < s->r->n; i++) {
		const struct record *rec = &s->r->recs[i];
		const struct rec_info *in = &s->info[i];

		if (!site_has_page(s, rec))
			continue;
		e.off[nrec] = e.all.len;
		buf_addf(&e.all, "[%d,", rec->kind);
		json_escape(&e.all, rec->id, in->id_len);
		buf_addc(&e.all, ',');
		json_escape(&e.all, in->title, in->title_len);
		if (w->end[nrec] > (nrec ? w->end[nrec - 1] : 0)) {
			buf_addc(&e.all, ',');
			json_escape(&e.all, w->text.buf + (nrec ? w->end[nrec - 1] : 0),
			            w->end[nrec] - (nrec ? w->end[nrec - 1] : 0));
		}
		buf_addc(&e.all, ']');
		nrec++;
	}
	e.off[nrec] = e.all.len;
	stamp = xcalloc(nrec + 1, sizeof(*stamp));
	memset(&f, 0, sizeof(f));
	memset(&tp, 0, sizeof(tp));
	tp.f = &f;
	S_pass(s, &tp, w);
	most = S_batches(&f, tp.nt, &nbatch);
	t = xmalloc((most ? most : 1) * sizeof(*t));

	buf_adds(&idx, "window.SVCGEN_SEARCH={\"kinds\":[");
	for (kind = 0; kind < KIND__COUNT; kind++) {
		buf_adds(&idx, kind ? ",[" : "[");
		json_escape(&idx, s->kind_label[kind] ? s->kind_label[kind] : "",
		            s->kind_label[kind] ? strlen(s->kind_label[kind]) : 0);
		buf_addc(&idx, ',');
		json_escape(&idx, schema_object(kind)->name, strlen(schema_object(kind)->name));
		buf_addc(&idx, ']');
	}
	buf_adds(&idx, "],\n\"keys\":{");
	buf_adds(&depths, "\"depth\":{");
	for (b = 0; b < nbatch; b++) {
		tp.keep = 1;
		tp.batch = b;
		tp.t = t;
		S_pass(s, &tp, w);
		nt = tp.nt;
		/* Quicksort's depth past which a slice goes to heap sort: twice log2(nt). */
		for (depth = 0, i = nt; i > 1; i >>= 1)
			depth += 2;
		S_sort(t, nt, depth);
		S_first_chars(s, t, nt, &e, stamp, &serial, &idx, &depths, &firstkey, &firstdepth);
	}
	buf_adds(&idx, "},\n");
	buf_add(&idx, depths.buf, depths.len);
	buf_adds(&idx, "}};\n");
	if (publish_file(s->pub, "search/index.js", idx.buf, idx.len) < 0)
		s->failed = 1;
	buf_free(&idx);
	buf_free(&depths);
	buf_free(&e.all);
	free(e.off);
	free(t);
	free(f.v);
	free(stamp);
}

/*
 * The search page and its index in shards (above), one group of
 * files: they show the kind, id, title and words of every record with a
 * page, in record order, and the kinds' labels (global).
 */
void
site_search_page(struct site *s)
{
	struct tv *page;
	struct site_rows w;
	size_t i;

	memset(&w, 0, sizeof(w));
	site_dig_begin(s, "search");
	for (i = 0; i < s->r->n; i++)
		if (site_has_page(s, &s->r->recs[i])) {
			const struct rec_info *in = &s->info[i];
			size_t at = w.text.len;

			S_words(s, i, &w.text);
			site_rows_end(&w);
			site_dig_u64(s, (uint64_t)s->r->recs[i].kind);
			site_dig(s, s->r->recs[i].id, in->id_len);
			/* The words of the whole title are searched; the results show it cut. */
			site_dig_str(s, in->full_title);
			site_dig(s, w.text.buf + at, w.text.len - at);
		}
	if (site_reuse(s)) {
		site_rows_free(&w);
		return;
	}
	S_publish_index(s, &w);
	site_rows_free(&w);
	page = site_page(s, labels_get(s->l, "ui", "search"), 0, "search");
	site_render(s, "search", page, "search.html");
}
