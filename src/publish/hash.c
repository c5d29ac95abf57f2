/*
 * hash.c - the 128-bit hash publish keeps of a file's bytes: xxHash64 under
 * two seeds (not cryptographic), of bytes as they come (struct hasher) or
 * of a buffer (publish_hash).
 */
#include "publish/publish.h"
#include "publish/publish_int.h"

#include <string.h>

#define P1 11400714785074694791ULL
#define P2 14029467366897019727ULL
#define P3 1609587929392839161ULL
#define P4 9650029242287828579ULL
#define P5 2870177450012600261ULL
#define SEED2 0x9E3779B97F4A7C15ULL

static const uint64_t S_seed[2] = {0, SEED2};

static uint64_t
S_rotl(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

static uint64_t
S_le64(const unsigned char *p)
{
	return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24 |
	       (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 |
	       (uint64_t)p[7] << 56;
}

static uint64_t
S_le32(const unsigned char *p)
{
	return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24;
}

static uint64_t
S_round(uint64_t acc, uint64_t in)
{
	acc += in * P2;
	acc = S_rotl(acc, 31);
	return acc * P1;
}

static uint64_t
S_merge(uint64_t acc, uint64_t v)
{
	acc ^= S_round(0, v);
	return acc * P1 + P4;
}

void
pub_hash_init(struct hasher *h)
{
	int k;

	memset(h, 0, sizeof(*h));
	for (k = 0; k < 2; k++) {
		h->v[k][0] = S_seed[k] + P1 + P2;
		h->v[k][1] = S_seed[k] + P2;
		h->v[k][2] = S_seed[k];
		h->v[k][3] = S_seed[k] - P1;
	}
}

static void
S_stripe(struct hasher *h, const unsigned char *p)
{
	uint64_t w[4] = {S_le64(p), S_le64(p + 8), S_le64(p + 16), S_le64(p + 24)};
	int i;

	for (i = 0; i < 4; i++) {
		h->v[0][i] = S_round(h->v[0][i], w[i]);
		h->v[1][i] = S_round(h->v[1][i], w[i]);
	}
}

void
pub_hash_update(struct hasher *h, const void *data, size_t n)
{
	const unsigned char *p = data;

	if (n == 0)
		return;
	h->total += n;
	if (h->memsize + n < 32) {
		memcpy(h->mem + h->memsize, p, n);
		h->memsize += n;
		return;
	}
	if (h->memsize) {
		size_t k = 32 - h->memsize;

		memcpy(h->mem + h->memsize, p, k);
		S_stripe(h, h->mem);
		p += k;
		n -= k;
		h->memsize = 0;
	}
	for (; n >= 32; p += 32, n -= 32)
		S_stripe(h, p);
	memcpy(h->mem, p, n);
	h->memsize = n;
}

/* xxHash64's digest of the bytes under seed k. */
static uint64_t
S_digest(const struct hasher *x, int k)
{
	const unsigned char *p = x->mem;
	const uint64_t *v = x->v[k];
	size_t n = x->memsize;
	uint64_t h;

	if (x->total >= 32) {
		h = S_rotl(v[0], 1) + S_rotl(v[1], 7) + S_rotl(v[2], 12) + S_rotl(v[3], 18);
		h = S_merge(h, v[0]);
		h = S_merge(h, v[1]);
		h = S_merge(h, v[2]);
		h = S_merge(h, v[3]);
	} else {
		h = S_seed[k] + P5;
	}
	h += x->total;
	for (; n >= 8; p += 8, n -= 8) {
		h ^= S_round(0, S_le64(p));
		h = S_rotl(h, 27) * P1 + P4;
	}
	if (n >= 4) {
		h ^= S_le32(p) * P1;
		h = S_rotl(h, 23) * P2 + P3;
		p += 4;
		n -= 4;
	}
	for (; n > 0; p++, n--) {
		h ^= *p * P5;
		h = S_rotl(h, 11) * P1;
	}
	h ^= h >> 33;
	h *= P2;
	h ^= h >> 29;
	h *= P3;
	h ^= h >> 32;
	return h;
}

void
pub_hash_final(const struct hasher *h, uint64_t sum[2])
{
	sum[0] = S_digest(h, 0);
	sum[1] = S_digest(h, 1);
}

void
publish_hash(const void *data, size_t len, uint64_t out[2])
{
	struct hasher h;

	pub_hash_init(&h);
	pub_hash_update(&h, data, len);
	pub_hash_final(&h, out);
}
