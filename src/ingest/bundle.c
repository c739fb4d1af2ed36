/* bundle.c -- libarchive members as byte streams (see bundle.h).
 *
 * libarchive pulls the bundle's bytes through our callbacks: from the
 * file descriptor (hashing them on the way while reads are sequential)
 * or, for a nested bundle, from the outer bundle's current member.  No
 * skip callback is installed, so skipped member data still flows through
 * the read callback and the hash sees every byte.
 *
 * A gzip-compressed bundle (.tar.gz) is decompressed here, with the
 * inflater the workers use, and libarchive sees the bundle inside it:
 * libarchive's gzip filter never checks the CRC-32 and length in a gzip
 * trailer, and its tar reader stops at the end-of-archive blocks without
 * reading the trailer at all.  So bundle_next() reads the gzip stream to
 * its end after the last member, where the check happens. */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bundle.h"
#include "inflate.h"
#include "reader.h"
#include "../util/sha256.h"
#include "../util/xmalloc.h"

#define BUNDLE_BLOCK (256u << 10)

struct bundle {
	struct archive *a;       /* the libarchive reader */
	struct archive_entry *e; /* current member */
	int fd;                  /* file bundles: the descriptor, else -1 */
	int stream;              /* fd is a pipe: no seeking */
	bundle *outer;           /* nested bundles: where bytes come from */
	int depth;               /* bundles it is nested in */
	char *buf;               /* read callback buffer */
	char *bufs[2];           /* ... it is one of these in turn, so the
	                          * block handed out before stays */
	struct {
		const char *p; /* a block handed to libarchive */
		int64_t off;   /* its offset in what libarchive reads */
		size_t len;
	} seen[2];                 /* the last two, [1] the newer */
	int64_t handed;            /* bytes handed to libarchive */
	sha256_ctx sha;            /* hash of the file bytes read in order */
	int64_t pos;               /* next byte the hash expects */
	int64_t size;              /* bytes read */
	int seeked;                /* a seek broke the sequence: rehash */
	char *path;                /* file path, for messages and rehash */
	ts_err cb_err;             /* error seen inside a callback */
	char *raw;                 /* bytes as found, not yet handed on */
	size_t raw_len, raw_pos;   /* raw[raw_pos..raw_len) are waiting */
	int raw_eof;               /* the bytes as found have ended */
	inflater *z;               /* gzip bundles: the decompressor */
	uint64_t z_out;            /* bytes it produced */
	int z_end;                 /* the gzip stream ended cleanly */
	int z_failed;              /* ... or failed: cb_err says why */
	unsigned char z_head[512]; /* the first bytes it produced */
	size_t z_head_len;         /* ... how many */
	uint64_t src_in;           /* bytes as found read so far, any order */
	int src_end;               /* ... and they have ended */
	uint64_t members_out;      /* bytes its members decompressed to */
	ts_err bomb;               /* set once they passed the cap */
	int64_t n_members;         /* members read, directories aside */
	char *last;                /* the last of them's name, for messages */
	char noname[64];           /* the name of one that has none */
	int n_damaged;             /* damaged stretches read past */
	ts_err damage;             /* the first of them, for bundle_next() */
	unsigned char *tail;       /* the last TAIL_MAX bytes as found */
	size_t tail_len;           /* ... how many */
	const char *blk;           /* the current member's data block ... */
	size_t blk_len;            /* ... bytes of it not handed on yet */
	int64_t blk_off;           /* ... the member offset of blk[0] */
	int64_t out_off;           /* member bytes handed on so far */
	int blk_eof;               /* libarchive said the member ended */
	ts_err warn;               /* a check of the member failed (a zip
	                            * CRC-32): said after its last byte */
	int filter_failed;         /* libarchive's own decompression (bzip2,
	                            * xz, zstd...) broke off: see broke() */
	int mem;                   /* raw[0..raw_len) is the whole bundle,
	                            * read into memory to seek in: slurp() */
	size_t held;               /* bytes of bundles in memory, this one
	                            * and those it is nested in */
	int64_t n_symlinks;        /* members handed out as symbolic links */
	int src_failed;            /* slurp() met a read error (cb_err):
	                            * said after the bytes read before it */
	struct filestamp opened;   /* a file bundle's stamp when opened */
	int stamped;               /* ... when it has one */
};

/* A zip or 7z that nothing can seek in (standard input, a member of
 * another bundle) is read into memory when it fits in this, counting
 * the bundles it is nested in that were: see slurp().  The producer
 * holds it besides a member of up to 32 MiB for a worker (pipeline.c
 * MEMBER_INLINE) and the 64 MiB of jobs queued, and a run is to stay
 * under 256 MiB with several workers; 32 MiB keeps that margin and
 * still reads most such bundles whole. */
#define BUNDLE_MEM_MAX (32u << 20)

/* A zip ends with its end-of-central-directory record (22 bytes and a
 * comment of up to 65535): where it is looked for. */
#define TAIL_MAX (22u + 65535u)

/* Do these bytes begin a tar (its magic) or a zip? */
static int
archive_head(const unsigned char *h, size_t len)
{
	return (len >= 262 && memcmp(h + 257, "ustar", 5) == 0) ||
	       (len >= 4 && memcmp(h, "PK\x03\x04", 4) == 0);
}

/* The first bytes (up to 512) of the gzip stream that head[0..len)
 * begins, decompressed into out: how many, 0 when it is no gzip. */
static size_t
gz_first_block(const void *head, size_t len, unsigned char out[512])
{
	size_t in_at = 0, made = 0, used, got;
	inflater *z;
	ts_err e;
	int rc;

	if (!inflate_is_gzip(head, len)) {
		return 0;
	}
	z = inflater_new();
	ts_err_clear(&e);
	do {
		rc = inflater_run(z, (const char *)head + in_at, len - in_at,
		                  &used, out + made, 512 - made, &got, 0, &e);
		in_at += used;
		made += got;
	} while (rc == TS_OK && made < 512 && (used > 0 || got > 0));
	inflater_free(z);
	return made;
}

/* Does the gzip stream that head[0..len) begins hold a tar or a zip?
 * Its first bytes are decompressed to see (bundle_probe(): a bundle
 * that is open looks at what gz_read() made instead). */
static int
gz_holds_archive(const void *head, size_t len)
{
	unsigned char out[512];

	return archive_head(out, gz_first_block(head, len, out));
}

/* A tar header block whose magic says tar and whose checksum (the sum
 * of its bytes, the checksum field taken as spaces: unsigned, or signed
 * as some old writers summed) does not match.  libarchive bids nothing
 * on such a first block and read the whole tar as one unknown file. */
static int
tar_head_damaged(const unsigned char *h, size_t len)
{
	long long want = 0, usum = 0, ssum = 0;
	size_t i = 148;

	if (len < 512 || memcmp(h + 257, "ustar", 5) != 0) {
		return 0;
	}
	while (i < 156 && h[i] == ' ') {
		i++;
	}
	for (; i < 156 && h[i] >= '0' && h[i] <= '7'; i++) {
		want = want * 8 + (h[i] - '0');
	}
	for (i = 0; i < 512; i++) {
		int c = i >= 148 && i < 156 ? ' ' : h[i];

		usum += (unsigned char)c;
		ssum += (signed char)c;
	}
	return want != usum && want != ssum;
}

int
name_has_ext(const char *name, const char *const *exts, size_t n_exts)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < n_exts; i++) {
		size_t k = strlen(exts[i]);

		if (n > k && strcasecmp(name + n - k, exts[i]) == 0) {
			return 1;
		}
	}
	return 0;
}

int
bundle_probe(const char *name, const void *head, size_t len)
{
	static const char *const exts[] = {
	        ".tar",  ".tgz",     ".tar.gz", ".taz", ".tar.bz2",
	        ".tbz2", ".tbz",     ".tar.xz", ".txz", ".tar.zst",
	        ".tzst", ".tar.lz4", ".zip",    ".7z",  ".cpio",
	        ".rar",  ".iso",     ".bz2",    ".xz",  ".zst",
	        ".lz4",  ".lz",      ".lzma",
	};
	const unsigned char *h = head;

	if (name_has_ext(name, exts, sizeof(exts) / sizeof(exts[0]))) {
		return 1;
	}
	if (archive_head(h, len) || gz_holds_archive(h, len)) {
		return 1; /* tar or zip, or either gzip-compressed */
	}
	if (len >= 6 && memcmp(h, "7z\xbc\xaf\x27\x1c", 6) == 0) {
		return 1;
	}
	return bundle_compressor(head, len, NULL) != NULL;
}

const char *
bundle_compressor(const void *head, size_t len, const char **ext)
{
	static const struct {
		const char *magic, *name, *ext;
		size_t n;
	} z[] = {
	        {"BZh", "bzip2", ".json.bz2", 3},
	        {"\xfd"
	         "7zXZ\0",
	         "xz", ".json.xz", 6},
	        {"\x28\xb5\x2f\xfd", "zstd", ".json.zst", 4},
	};

	for (size_t i = 0; i < sizeof(z) / sizeof(z[0]); i++) {
		if (len >= z[i].n && memcmp(head, z[i].magic, z[i].n) == 0) {
			if (ext != NULL) {
				*ext = z[i].ext;
			}
			return z[i].name;
		}
	}
	return NULL;
}

/* libarchive converts names a bundle stores as characters (a 7z's are
 * UTF-16, a zip's may be flagged UTF-8) to the charset of the calling
 * thread's locale, and in trailsift's C locale it can not: it gave no
 * name at all, and every such member was called "data".  A thread that
 * reads bundles takes C.UTF-8 for its character type (the index holds
 * names in UTF-8); names stored as bytes come as they are either way,
 * and the rest of the program keeps the C locale. */
static locale_t utf8_ctype;

static void
find_utf8_ctype(void)
{
	static const char *const names[] = {"C.UTF-8", "C.utf8", "en_US.UTF-8"};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		utf8_ctype = newlocale(LC_CTYPE_MASK, names[i], (locale_t)0);
		if (utf8_ctype != (locale_t)0) {
			return;
		}
	}
}

static void
names_in_utf8(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, find_utf8_ctype);
	if (utf8_ctype != (locale_t)0) {
		uselocale(utf8_ctype);
	}
}

/* A member's name as the bundle holds it (see names_in_utf8()): NULL
 * when it has none that can be read, even as UTF-8. */
static const char *
entry_name(struct archive_entry *e)
{
	const char *s = archive_entry_pathname(e);

	return s != NULL ? s : archive_entry_pathname_utf8(e);
}

/* n bytes of the file were read: counted for the progress line and
 * the summary's MB/s (a zip libarchive seeks in, read in no order, was
 * counted as nothing: 0.1 MB/s); hashed when read in order. */
static void
took(bundle *b, const void *buf, size_t n)
{
	reader_note_bytes((uint64_t)n);
	if (!b->seeked) {
		sha256_update(&b->sha, buf, n);
		b->pos += (int64_t)n;
		if (b->pos > b->size) {
			b->size = b->pos;
		}
	}
}

/* Remember the last TAIL_MAX bytes read in order, where
 * zip_end_missing() will want them: a zip (or what is not known yet)
 * read from a pipe or another bundle, not a gzip one. */
static void
keep_tail(bundle *b, const void *buf, size_t n)
{
	int fmt = b->a ? archive_format(b->a) : 0;

	if (b->z != NULL || (b->fd >= 0 && !b->stream) ||
	    (fmt != 0 &&
	     (fmt & ARCHIVE_FORMAT_BASE_MASK) != ARCHIVE_FORMAT_ZIP)) {
		return;
	}
	if (b->tail == NULL) {
		b->tail = xmalloc(TAIL_MAX);
	}
	if (n >= TAIL_MAX) {
		memcpy(b->tail, (const char *)buf + n - TAIL_MAX, TAIL_MAX);
		b->tail_len = TAIL_MAX;
		return;
	}
	if (b->tail_len + n > TAIL_MAX) {
		size_t drop = b->tail_len + n - TAIL_MAX;

		memmove(b->tail, b->tail + drop, b->tail_len - drop);
		b->tail_len -= drop;
	}
	memcpy(b->tail + b->tail_len, buf, n);
	b->tail_len += n;
}

/* The bundle's bytes as found: from the file (hashed in order) or from
 * the outer bundle's member.  Count, 0 at the end, -1 with cb_err. */
static ssize_t
source_read(bundle *b, void *buf, size_t n)
{
	ssize_t k;

	if (b->outer) {
		k = bundle_read(b->outer, buf, n, &b->cb_err);
		if (k > 0) {
			/* the member's bytes, in order: nothing seeks */
			sha256_update(&b->sha, buf, (size_t)k);
			b->size += k;
		}
	} else {
		k = reader_read_fd(b->fd, buf, n, b->stream);
		if (k < 0) {
			reader_read_failed(&b->cb_err);
		} else {
			took(b, buf, (size_t)k);
		}
	}
	if (k > 0) {
		b->src_in += (uint64_t)k;
		keep_tail(b, buf, (size_t)k);
	} else if (k == 0) {
		b->src_end = 1;
	}
	return k;
}

/* Say that an inflater error is about the bundle's own gzip layer:
 * it is also a member's error, and its offsets (and gzip member
 * numbers) are the bundle file's, not the member's. */
static void
whose_gzip(ts_err *e)
{
	char msg[sizeof(e->msg)];

	snprintf(
	        msg, sizeof(msg),
	        "the bundle file's gzip layer, at offsets of that file: %.900s",
	        e->msg);
	memcpy(e->msg, msg, sizeof(msg));
}

/* Decompress the gzip stream into out[0..cap): count, 0 at its end, -1
 * with cb_err (after handing out what came before the error). */
static ssize_t
gz_read(bundle *b, void *out, size_t cap)
{
	size_t used, made;
	ssize_t k;
	int rc;

	while (!b->z_end && !b->z_failed) {
		if (b->raw_pos == b->raw_len && !b->raw_eof) {
			if ((k = source_read(b, b->raw, BUNDLE_BLOCK)) < 0) {
				b->z_failed = 1;
				break;
			}
			b->raw_len = (size_t)k;
			b->raw_pos = 0;
			b->raw_eof = k == 0;
		}
		rc = inflater_run(b->z, b->raw + b->raw_pos,
		                  b->raw_len - b->raw_pos, &used, out, cap,
		                  &made, b->raw_eof, &b->cb_err);
		b->raw_pos += used;
		if (b->z_head_len < sizeof(b->z_head) && made > 0) {
			size_t room = sizeof(b->z_head) - b->z_head_len;

			room = made < room ? made : room;
			memcpy(b->z_head + b->z_head_len, out, room);
			b->z_head_len += room;
		}
		b->z_out += made;
		if (rc == INFLATE_DONE) {
			b->z_end = 1;
		} else if (rc != TS_OK) {
			b->z_failed = 1;
			whose_gzip(&b->cb_err);
		} else if (b->raw_eof && used == 0 && made == 0) {
			/* no progress at the end: never loop forever */
			ts_fail(&b->cb_err, TS_FAIL,
			        "gzip stream ended unexpectedly");
			b->z_failed = 1;
		}
		if (made > 0) {
			return (ssize_t)made;
		}
	}
	return b->z_failed ? -1 : 0;
}

static la_ssize_t
cb_read(struct archive *a, void *ctx, const void **out)
{
	bundle *b = ctx;
	ssize_t k;

	b->buf = b->bufs[b->buf == b->bufs[0]];
	*out = b->buf;
	if (b->z) {
		k = gz_read(b, b->buf, BUNDLE_BLOCK);
	} else if (b->mem && b->raw_pos == b->raw_len) {
		k = 0; /* read whole: slurp() */
	} else if (b->raw_pos < b->raw_len) {
		*out = b->raw + b->raw_pos; /* what open_stream() looked at */
		k = (ssize_t)(b->raw_len - b->raw_pos);
		b->raw_pos = b->raw_len;
	} else if (b->src_failed) {
		k = -1;
	} else {
		k = source_read(b, b->buf, BUNDLE_BLOCK);
	}
	if (k < 0) {
		archive_set_error(a, EIO, "%s", b->cb_err.msg);
		return -1;
	}
	b->seen[0] = b->seen[1];
	b->seen[1].p = *out;
	b->seen[1].off = b->handed;
	b->seen[1].len = (size_t)k;
	b->handed += k;
	return k;
}

/* Seek in a bundle read into memory: raw_pos is where libarchive
 * stands, as cb_read() hands out all that is left at once. */
static la_int64_t
mem_seek(bundle *b, la_int64_t off, int whence)
{
	la_int64_t at = whence == SEEK_SET   ? off
	                : whence == SEEK_CUR ? (la_int64_t)b->raw_pos + off
	                                     : (la_int64_t)b->raw_len + off;

	if (at < 0 || at > (la_int64_t)b->raw_len) {
		return ARCHIVE_FATAL;
	}
	b->raw_pos = (size_t)at;
	b->handed = at;
	return at;
}

static la_int64_t
cb_seek(struct archive *a, void *ctx, la_int64_t off, int whence)
{
	bundle *b = ctx;
	off_t r;

	if (b->mem) {
		return mem_seek(b, off, whence);
	}
	/* bytes open_stream() read ahead and libarchive has not had */
	if (whence == SEEK_CUR) {
		off -= (la_int64_t)(b->raw_len - b->raw_pos);
	}
	b->raw_pos = b->raw_len;
	r = lseek(b->fd, (off_t)off, whence);

	if (r < 0) {
		return ARCHIVE_FATAL;
	}
	if (r != b->pos) {
		b->seeked = 1; /* hash in a second pass at close */
	}
	b->handed = r;
	return r;
}

/* Look at the first bytes: a gzip stream is decompressed here.  They
 * stay in raw[] for whoever reads next.  TS_OK or TS_FAIL. */
static int
open_stream(bundle *b, ts_err *err)
{
	ssize_t k = 1;

	/* a tar's first header whole (see tar_first_damaged) */
	while (b->raw_len < 1024 && k > 0) {
		k = source_read(b, b->raw + b->raw_len,
		                BUNDLE_BLOCK - b->raw_len);
		if (k < 0) {
			*err = b->cb_err;
			return TS_FAIL;
		}
		b->raw_len += (size_t)k;
	}
	b->raw_eof = k == 0;
	if (inflate_is_gzip(b->raw, b->raw_len)) {
		b->z = inflater_new();
		/* no ratio cap: libarchive's filter had none, and a member's
		 * own content is capped where it is read */
		inflater_reset(b->z, 0);
		inflater_set_min_cap(b->z, UINT64_MAX);
	}
	return TS_OK;
}

/* Bytes of memory left for bundles read whole, the bundles b is
 * nested in taken. */
static size_t
mem_room(const bundle *b)
{
	size_t held = b->outer ? b->outer->held : 0;

	return held < BUNDLE_MEM_MAX ? BUNDLE_MEM_MAX - held : 0;
}

/* libarchive reads a 7z's directory at its end first, and a zip's
 * streaming reader knows a member's type only from the central
 * directory at the end (its local header has no mode: a symbolic link
 * reads as a file holding the target's name).  So a zip or 7z that
 * nothing can seek in, from a pipe or inside another bundle, is read
 * into raw[] whole (hashed in order as ever), and libarchive seeks in
 * it there, when it fits in mem_room().  One that does not is read as
 * a stream, what was read first handed out first; a 7z then fails,
 * and broken() says why.  So is one whose bytes broke off (a damaged
 * outer bundle): the members before the break are read as before. */
static void
slurp(bundle *b)
{
	const unsigned char *h = (const unsigned char *)b->raw;
	size_t room = mem_room(b), cap;
	int64_t size = -1;
	ssize_t k;

	b->held = b->outer ? b->outer->held : 0;
	if (b->z != NULL || (b->fd >= 0 && !b->stream) || b->raw_len < 6 ||
	    (memcmp(h, "PK\x03\x04", 4) != 0 &&
	     memcmp(h, "7z\xbc\xaf\x27\x1c", 6) != 0)) {
		return;
	}
	if (b->outer && archive_entry_size_is_set(b->outer->e)) {
		size = archive_entry_size(b->outer->e);
	}
	if (size > (int64_t)room) {
		return; /* too big: not read in vain */
	}
	/* as setup() allocated it */
	cap = b->raw_len > BUNDLE_BLOCK ? b->raw_len : BUNDLE_BLOCK;
	while (!b->src_end && b->raw_len <= room) {
		if (b->raw_len == cap) {
			cap = size >= 0 && (size_t)size + 1 > cap
			              ? (size_t)size + 1
			      : cap < room / 2 ? cap * 2
			                       : room + 1;
			b->raw = xrealloc(b->raw, cap);
		}
		if ((k = source_read(b, b->raw + b->raw_len,
		                     cap - b->raw_len)) < 0) {
			b->src_failed = 1;
			break;
		}
		b->raw_len += (size_t)k;
	}
	b->held += b->raw_len;
	b->mem = b->src_end && !b->src_failed;
}

/* Is the bundle a tar whose first header is damaged?  Its first block
 * is what open_stream() read, decompressed when it is gzip. */
static int
tar_first_damaged(const bundle *b)
{
	unsigned char blk[512];

	if (b->z != NULL) {
		return tar_head_damaged(
		        blk, gz_first_block(b->raw, b->raw_len, blk));
	}
	return tar_head_damaged((const unsigned char *)b->raw, b->raw_len);
}

/* Set up the reader; head[0..len) are the first bytes, already read
 * from a stream (len 0: none). */
static bundle *
setup(bundle *b, const void *head, size_t len, ts_err *err)
{
	names_in_utf8();
	b->a = archive_read_new();
	archive_read_support_filter_all(b->a);
	archive_read_support_format_all(b->a);
	archive_read_support_format_raw(b->a);
	/* Tars joined end to end (cat a.tar b.tar, or tar.gz files so
	 * joined): what follows the first one's end-of-archive blocks is
	 * members too, which tar(1) reads only with -i.  Without this they
	 * were left unread and the bundle said ok. */
	archive_read_set_format_option(b->a, "tar",
	                               "read_concatenated_archives", "1");
	b->bufs[0] = xmalloc(BUNDLE_BLOCK);
	b->bufs[1] = xmalloc(BUNDLE_BLOCK);
	b->buf = b->bufs[0];
	sha256_init(&b->sha);
	b->raw = xmalloc(len > BUNDLE_BLOCK ? len : BUNDLE_BLOCK);
	if (len > 0) {
		memcpy(b->raw, head, len);
		b->raw_len = len;
		took(b, head, len);
		keep_tail(b, head, len); /* a small zip ends in it */
	}
	if (open_stream(b, err) != TS_OK) {
		bundle_close(b, NULL, NULL, NULL);
		return NULL;
	}
	slurp(b);
	archive_read_set_read_callback(b->a, cb_read);
	/* a decompressed stream cannot seek */
	if ((b->fd >= 0 && b->z == NULL && !b->stream) || b->mem) {
		archive_read_set_seek_callback(b->a, cb_seek);
	}
	archive_read_set_callback_data(b->a, b);
	if (tar_first_damaged(b)) {
		/* read as a tar, whose reader steps past a bad header to
		 * the next good one (resync()), as GNU tar does */
		archive_read_set_format(b->a, ARCHIVE_FORMAT_TAR);
	}
	if (archive_read_open1(b->a) != ARCHIVE_OK) {
		ts_fail(err, TS_FAIL, "not a readable bundle: %s",
		        archive_error_string(b->a) ? archive_error_string(b->a)
		                                   : "unknown format");
		bundle_close(b, NULL, NULL, NULL);
		return NULL;
	}
	return b;
}

bundle *
bundle_open_file(const char *path, ts_err *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOATIME);

	if (fd < 0 && errno == EPERM) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
	}
	if (fd < 0) {
		ts_fail(err, TS_FAIL, "%s", strerror(errno));
		return NULL;
	}
	return bundle_open_fd(fd, path, NULL, err);
}

bundle *
bundle_open_fd(int fd, const char *path, const struct filestamp *opened,
               ts_err *err)
{
	bundle *b = xcalloc(1, sizeof(*b));

	b->fd = fd;
	b->path = xstrdup(path);
	if (opened != NULL) {
		b->opened = *opened;
		b->stamped = 1;
	}
	return setup(b, NULL, 0, err);
}

bundle *
bundle_open_stream(int fd, const char *path, const void *head, size_t len,
                   ts_err *err)
{
	bundle *b = xcalloc(1, sizeof(*b));

	b->fd = fd;
	b->stream = 1;
	b->path = xstrdup(path);
	return setup(b, head, len, err);
}

bundle *
bundle_open_nested(bundle *outer, ts_err *err)
{
	bundle *b;

	/* each level holds two blocks and a libarchive reader: a tar in a
	 * tar 300 deep took 184 MiB, and the producer recurses */
	if (outer->depth + 1 > BUNDLE_MAX_DEPTH) {
		ts_fail(err, TS_FAIL,
		        "bundle nested more than %d deep (not opened)",
		        BUNDLE_MAX_DEPTH);
		return NULL;
	}
	b = xcalloc(1, sizeof(*b));
	b->fd = -1;
	b->outer = outer;
	b->depth = outer->depth + 1;
	return setup(b, NULL, 0, err);
}

/* A bundle's data after its end (tar pads to 10 KiB) is read through
 * the gzip check up to this much; more is damage, not read on. */
#define DRAIN_MAX (16u << 20)

/* After the last member, or where the archive broke off: read the gzip
 * stream to its end, through the trailer check.  0, or -1 with err. */
static int
drain(bundle *b, ts_err *err)
{
	uint64_t n = 0;
	ssize_t k;

	while (b->z && (k = gz_read(b, b->buf, BUNDLE_BLOCK)) != 0) {
		if (k < 0) {
			ts_fail(err, TS_FAIL, "%s", b->cb_err.msg);
			return -1;
		}
		if ((n += (uint64_t)k) > DRAIN_MAX) {
			b->z_failed = 1; /* so not verified */
			ts_fail(&b->cb_err, TS_FAIL,
			        "more than %u MiB of data after the end of the "
			        "archive (not read)",
			        DRAIN_MAX >> 20);
			ts_fail(err, TS_FAIL, "%s", b->cb_err.msg);
			return -1;
		}
	}
	return 0;
}

/* Where damage was met, for messages: "after member N (NAME)". */
static void
where(const bundle *b, char *buf, size_t n)
{
	if (b->n_members == 0) {
		snprintf(buf, n, "before its first member");
	} else {
		snprintf(buf, n, "after member %lld (%s)",
		         (long long)b->n_members, b->last);
	}
}

/* Offsets in messages are in the archive as decompressed. */
static const char *
unpacked(bundle *b)
{
	return b->z || archive_filter_code(b->a, 0) != ARCHIVE_FILTER_NONE
	               ? " (decompressed)"
	               : "";
}

/* A header failed its check (ARCHIVE_RETRY: tar's "header failed
 * checksum, can resync").  Like GNU tar and bsdtar, read on: libarchive
 * steps one block at a time until a header passes.  The stretch passed
 * over is recorded (the first one in b->damage, which bundle_next()
 * reports at the end); returns what the next header read gave. */
static int
resync(bundle *b)
{
	int64_t at = archive_read_header_position(b->a), last;
	const char *why = archive_error_string(b->a);
	char w[600], what[200];
	int rc;

	where(b, w, sizeof(w));
	snprintf(what, sizeof(what), "%s", why ? why : "damaged header");
	do {
		last = archive_read_header_position(b->a);
		rc = archive_read_next_header(b->a, &b->e);
		/* tar moves on a block each time; a reader that did not
		 * would retry for ever */
		if (rc == ARCHIVE_RETRY &&
		    archive_read_header_position(b->a) == last) {
			rc = ARCHIVE_FATAL;
		}
	} while (rc == ARCHIVE_RETRY);
	if (++b->n_damaged > 1) {
		return rc;
	}
	if (rc == ARCHIVE_OK || rc == ARCHIVE_WARN) {
		const char *next = entry_name(b->e);

		ts_fail(&b->damage, TS_FAIL,
		        "damaged bundle %s: %s at offset %lld%s; bytes %lld to "
		        "%lld passed over, read on from %s",
		        w, what, (long long)at, unpacked(b), (long long)at,
		        (long long)archive_read_header_position(b->a) - 1,
		        next ? next : "data");
	} else {
		ts_fail(&b->damage, TS_FAIL,
		        "damaged bundle %s: %s at offset %lld%s; no member "
		        "after it",
		        w, what, (long long)at, unpacked(b));
	}
	return rc;
}

/* The bundle's error, -1: what the gzip check found (`gz`: it explains
 * the rest), then the damage resync() read past, then where the archive
 * broke off (`fatal`); each may be NULL. */
static int
damaged(bundle *b, const char *gz, const char *fatal, ts_err *err)
{
	char all[64] = "";

	if (b->n_damaged > 1) {
		snprintf(all, sizeof(all), " (%d damaged stretches in all)",
		         b->n_damaged);
	}
	ts_fail(err, TS_FAIL, "%s%s%s%s%s%s", gz ? gz : "",
	        gz && b->n_damaged ? "; " : "",
	        b->n_damaged ? b->damage.msg : "", all,
	        fatal && (gz || b->n_damaged) ? "; then " : "",
	        fatal ? fatal : "");
	return -1;
}

/* A read broke off (ARCHIVE_FATAL) in a bundle that libarchive
 * decompresses itself (bzip2, xz, zstd...; gzip is ours, see b->z):
 * the stream's check, at its end or a block's, failed or was never
 * reached, so the bytes handed on before it are not confirmed either. */
static void
broke(bundle *b)
{
	if (b->z == NULL &&
	    archive_filter_code(b->a, 0) != ARCHIVE_FILTER_NONE) {
		b->filter_failed = 1;
	}
}

/* A 7z bundle on disk that libarchive could not read without saying
 * why: is its directory, which the start header places and libarchive
 * seeks to first, past the end of the file?  Then say where the data
 * ends and where the directory would be into buf (a 7z cut short), and
 * return 1; else 0. */
static int
sevenz_cut(bundle *b, char *buf, size_t n)
{
	static const unsigned char magic[6] = {'7',  'z',  0xbc,
	                                       0xaf, 0x27, 0x1c};
	unsigned char h[32];
	uint64_t off = 0, len = 0;
	struct stat st;

	if (b->fd < 0 || b->stream || fstat(b->fd, &st) != 0 ||
	    pread(b->fd, h, sizeof(h), 0) != (ssize_t)sizeof(h) ||
	    memcmp(h, magic, sizeof(magic)) != 0) {
		return 0;
	}
	for (int i = 7; i >= 0; i--) {
		off = off << 8 | h[12 + i];
		len = len << 8 | h[20 + i];
	}
	if (off > UINT64_MAX - 32 - len ||
	    32 + off + len <= (uint64_t)st.st_size) {
		return 0;
	}
	snprintf(buf, n,
	         "the data ends at offset %lld, before the 7z directory its "
	         "start header places at offsets %llu to %llu (cut short?)",
	         (long long)st.st_size, (unsigned long long)(32 + off),
	         (unsigned long long)(32 + off + len));
	return 1;
}

/* The archive broke off (ARCHIVE_FATAL, or worse than a warning). */
static int
broken(bundle *b, ts_err *err)
{
	const char *why = archive_error_string(b->a);
	char w[600], msg[TS_ERR_MSG_MAX], end[200];
	ts_err z;

	/* libarchive says nothing when the data ends where a zip's next
	 * header should be: a bundle cut short */
	if (why == NULL && (archive_format(b->a) & ARCHIVE_FORMAT_BASE_MASK) ==
	                           ARCHIVE_FORMAT_7ZIP) {
		/* 7z reads its directory at the end first: where libarchive
		 * stands says nothing of where the data stopped */
		why = b->src_end ? "the data ends before the end of the "
		                   "archive (cut short?)"
		      : sevenz_cut(b, end, sizeof(end))
		              ? end
		              : "read error (libarchive gave no reason)";
	} else if (why == NULL) {
		snprintf(end, sizeof(end),
		         b->src_end ? "the data ends at offset %lld%s, before "
		                      "the end of the archive (cut short?)"
		                    : "read error at offset %lld%s",
		         (long long)archive_filter_bytes(b->a, 0), unpacked(b));
		why = end;
	}

	/* the gzip check still tells whether the bytes were altered; if
	 * they were, that is the cause */
	ts_err_clear(&z);
	if (!b->z_failed) {
		drain(b, &z);
	}
	if (b->z_failed) {
		return damaged(b, b->cb_err.msg, NULL, err);
	}
	/* not damage: 7z keeps its directory at the end, and this one was
	 * too big for slurp() */
	if ((b->stream || b->outer) && !b->mem && !b->src_failed &&
	    (archive_format(b->a) & ARCHIVE_FORMAT_BASE_MASK) ==
	            ARCHIVE_FORMAT_7ZIP) {
		snprintf(msg, sizeof(msg),
		         "a 7z bundle cannot be read %s when bigger than %zu "
		         "MiB: it needs seeking, and only a smaller one is "
		         "read into memory to seek in (%s)",
		         b->stream ? "from a pipe" : "inside another bundle",
		         mem_room(b) >> 20,
		         b->stream ? "give it as a file"
		                   : "extract it and ingest it as a file");
		return damaged(b, NULL, msg, err);
	}
	where(b, w, sizeof(w));
	snprintf(msg, sizeof(msg), "damaged bundle %s: %s", w, why);
	return damaged(b, NULL, msg, err);
}

/* libarchive reads what it cannot place as one raw member, which is
 * right for a compressed file (x.json.xz) and wrong for the rest: a tar
 * whose first header is damaged came out as a file "data" that was not
 * JSON, and the run called it a success.  A gzip stream decompressed
 * here counts as a compressed file, unless it began like an archive:
 * then "data" is a damaged first header too.  Its beginning is the one
 * gz_read() kept: libarchive has read past it to bid on the format, so
 * the head is not inflated a second time to tell. */
static int
unplaced(bundle *b)
{
	return b->n_members == 0 &&
	       (archive_format(b->a) & ARCHIVE_FORMAT_BASE_MASK) ==
	               ARCHIVE_FORMAT_RAW &&
	       archive_filter_code(b->a, 0) == ARCHIVE_FILTER_NONE &&
	       (b->z == NULL || archive_head(b->z_head, b->z_head_len));
}

/* The byte at offset `off` of what libarchive read, if one of the last
 * two blocks holds it: 0 to 255, or -1. */
static int
seen_byte(const bundle *b, int64_t off)
{
	for (int i = 0; i < 2; i++) {
		if (b->seen[i].p != NULL && off >= b->seen[i].off &&
		    off < b->seen[i].off + (int64_t)b->seen[i].len) {
			return (unsigned char)b->seen[i]
			        .p[off - b->seen[i].off];
		}
	}
	return -1;
}

/* A tar ends with blocks of zeros.  libarchive takes the end of the data
 * at a header boundary for the end too ("some writers omit the block of
 * nulls"), and so does GNU tar: a tar cut after member N read as
 * complete, the members after it gone without a word.  Did the tar end
 * where it stopped with a zero block?  1 yes, 0 no, -1 cannot tell (not
 * tar, compressed by libarchive, or the bytes are gone). */
static int
tar_ended(bundle *b)
{
	int64_t at;

	if ((archive_format(b->a) & ARCHIVE_FORMAT_BASE_MASK) !=
	            ARCHIVE_FORMAT_TAR ||
	    archive_filter_count(b->a) != 1 || b->n_members == 0) {
		return -1;
	}
	at = archive_filter_bytes(b->a, 0);
	if (at < 512) {
		return -1;
	}
	/* the last block consumed is the zero block that ended it */
	for (int64_t i = at - 512; i < at; i++) {
		int c = seen_byte(b, i);

		if (c < 0) {
			return -1;
		}
		if (c != 0) {
			return 0;
		}
	}
	return 1;
}

static uint32_t
le16(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t
le32(const unsigned char *p)
{
	return le16(p) | le16(p + 2) << 16;
}

/* The zip's end-of-central-directory record in the tail kept, or NULL.
 * It ends the zip, or bytes follow a whole zip (its readers take that):
 * then the central directory the record sizes must lead to it, so that
 * the record of a zip stored inside is not taken for the bundle's. */
static const unsigned char *
zip_end_record(const bundle *b)
{
	for (size_t i = b->tail_len >= 22 ? b->tail_len - 22 + 1 : 0;
	     i-- > 0;) {
		const unsigned char *e = b->tail + i;
		size_t end = i + 22 + le16(e + 20);
		uint32_t cd = le32(e + 12);

		if (memcmp(e, "PK\x05\x06", 4) != 0 || end > b->tail_len) {
			continue;
		}
		if (end == b->tail_len || le16(e + 10) == 0 ||
		    (cd <= i &&
		     memcmp(b->tail + i - cd, "PK\x01\x02", 4) == 0)) {
			return e;
		}
	}
	return NULL;
}

/* A zip read to its end: does it lack the end-of-central-directory
 * record where it must be, at the end?  libarchive does not say: its
 * streaming reader stops at the central directory, and a zip cut
 * inside it was read as whole.  A file is looked at where it ends; a
 * pipe or a nested bundle, which nothing seeks, is read to its end
 * here (hashed on the way).  Not asked of a compressed zip. */
static int
zip_end_missing(bundle *b)
{
	ssize_t k;
	struct stat st;

	if ((archive_format(b->a) & ARCHIVE_FORMAT_BASE_MASK) !=
	            ARCHIVE_FORMAT_ZIP ||
	    b->z != NULL) {
		return 0;
	}
	if (b->fd >= 0 && !b->stream) {
		off_t at;

		if (fstat(b->fd, &st) != 0) {
			return 0;
		}
		b->tail_len = st.st_size < (off_t)TAIL_MAX ? (size_t)st.st_size
		                                           : TAIL_MAX;
		at = st.st_size - (off_t)b->tail_len;
		if (b->tail == NULL) {
			b->tail = xmalloc(TAIL_MAX);
		}
		if (pread(b->fd, b->tail, b->tail_len, at) !=
		    (ssize_t)b->tail_len) {
			return 0; /* bundle_close() reads it again */
		}
	} else {
		while (!b->src_end &&
		       (k = source_read(b, b->buf, BUNDLE_BLOCK)) > 0) {
		}
		if (!b->src_end) {
			return 0; /* a read error: bundle_close() says so */
		}
	}
	return zip_end_record(b) == NULL;
}

/* A zip read as a stream (too big for slurp()) is read by libarchive
 * from its local headers, which say nothing of a member's type unless
 * the writer added it in an extra field (libarchive's own zip writer
 * does, Info-ZIP's does not): a symbolic link then came out as a file
 * holding its target's name.  Its central directory says, and it has
 * just been read past, at the end: when it is whole in the tail kept,
 * are there links in it that were not handed out as links?  Then msg
 * says how many (the bundle is not whole: those members' rows are
 * wrong), and 1 is returned; else 0, also when the directory is not
 * whole in the tail (zip64, or bigger than TAIL_MAX): then nothing can
 * tell. */
static int
zip_links_unseen(bundle *b, char *msg, size_t n)
{
	const unsigned char *e, *p, *first = NULL;
	size_t cd_len, len = 0;
	int64_t n_links = 0;

	if ((archive_format(b->a) & ARCHIVE_FORMAT_BASE_MASK) !=
	            ARCHIVE_FORMAT_ZIP ||
	    b->z != NULL || b->mem || (b->fd >= 0 && !b->stream) ||
	    (e = zip_end_record(b)) == NULL ||
	    (cd_len = le32(e + 12)) > (size_t)(e - b->tail)) {
		return 0;
	}
	for (p = e - cd_len; p + 46 <= e && memcmp(p, "PK\x01\x02", 4) == 0;
	     p += 46 + le16(p + 28) + le16(p + 30) + le16(p + 32)) {
		/* made on Unix (5), its mode in the high 16 bits */
		if (p[5] == 3 && (le32(p + 38) >> 16 & 0170000) == 0120000) {
			if (n_links++ == 0) {
				first = p + 46;
				len = le16(p + 28);
			}
		}
	}
	if (p != e || n_links <= b->n_symlinks) {
		return 0;
	}
	if (first + len > e) {
		len = 0;
	}
	snprintf(msg, n,
	         "zip bundle read as a stream (%s, and bigger than the %zu "
	         "MiB read into memory to seek in): %lld of its members are "
	         "symbolic links by its central directory but were read as "
	         "files, their local headers not saying so%s%.*s%s",
	         b->stream ? "from a pipe" : "inside another bundle",
	         mem_room(b) >> 20, (long long)(n_links - b->n_symlinks),
	         b->n_symlinks == 0 ? " (the first: " : "",
	         b->n_symlinks == 0 ? (int)len : 0,
	         first ? (const char *)first : "",
	         b->n_symlinks == 0 ? ")" : "");
	return 1;
}

int
bundle_next(bundle *b, struct bundle_member *m, ts_err *err)
{
	int rc;

	if (b->bomb.code != 0) {
		ts_fail(err, TS_FAIL, "%s", b->bomb.msg);
		return -1;
	}
	/* the block and check of the member before are done with */
	b->blk_len = 0;
	b->blk_off = b->out_off = 0;
	b->blk_eof = 0;
	ts_err_clear(&b->warn);
	rc = archive_read_next_header(b->a, &b->e);

	if (rc == ARCHIVE_RETRY) {
		rc = resync(b);
	}
	if (rc == ARCHIVE_EOF) {
		char w[600], msg[TS_ERR_MSG_MAX];
		int ended = tar_ended(b);
		ts_err z;

		ts_err_clear(&z);
		if (drain(b, &z) < 0) {
			return damaged(b, z.msg, NULL, err);
		}
		if (zip_end_missing(b)) {
			return damaged(
			        b, NULL,
			        "zip bundle without its "
			        "end-of-central-directory "
			        "record (cut short?): its members were read "
			        "from "
			        "their own headers, one after the cut would be "
			        "missing",
			        err);
		}
		if (zip_links_unseen(b, msg, sizeof(msg))) {
			return damaged(b, NULL, msg, err);
		}
		if (ended == 0) {
			where(b, w, sizeof(w));
			snprintf(
			        msg, sizeof(msg),
			        "tar bundle ends %s without its end-of-archive "
			        "blocks (cut short at a member boundary?)",
			        w);
			return damaged(b, NULL, msg, err);
		}
		return b->n_damaged ? damaged(b, NULL, NULL, err) : 0;
	}
	if (rc < ARCHIVE_WARN) {
		broke(b);
		return broken(b, err);
	}
	if (unplaced(b)) {
		ts_fail(err, TS_FAIL,
		        "not a readable bundle: no archive format recognised "
		        "(a damaged first header?)");
		return -1;
	}
	m->name = entry_name(b->e);
	m->is_dir = archive_entry_filetype(b->e) == AE_IFDIR;
	/* a directory gets no row: "member N" in messages is the Nth row */
	if (!m->is_dir) {
		b->n_members++;
		/* its row needs a name, and "" stands for none (the
		 * bundle's own row): one that cannot be a path */
		if (m->name == NULL || m->name[0] == '\0') {
			snprintf(b->noname, sizeof(b->noname),
			         "(member %lld: %s)", (long long)b->n_members,
			         m->name ? "no name" : "name not readable");
			m->name = b->noname;
		}
		free(b->last);
		b->last = xstrdup(m->name);
	}
	m->size =
	        archive_entry_size_is_set(b->e) ? archive_entry_size(b->e) : -1;
	m->mtime_ms = archive_entry_mtime_is_set(b->e)
	                      ? (int64_t)archive_entry_mtime(b->e) * 1000 +
	                                archive_entry_mtime_nsec(b->e) / 1000000
	                      : -1;
	/* A tar hard link has no data of its own (size 0); one that
	 * carries data (some pax writers) is read like a file. */
	m->hardlink = archive_entry_hardlink(b->e) != NULL && m->size <= 0;
	m->link = m->hardlink ? archive_entry_hardlink(b->e)
	                      : archive_entry_symlink(b->e);
	m->regular = (archive_entry_filetype(b->e) == AE_IFREG ||
	              archive_entry_filetype(b->e) == 0) &&
	             !m->hardlink;
	b->n_symlinks += !m->hardlink && m->link != NULL;
	return 1;
}

/* A bundle's members may decompress to what a gzip file may: at most
 * INFLATE_RATIO_CAP times the bundle's bytes read so far, past
 * INFLATE_MIN_CAP.  Without it a 3 MB zip of 3 GB of blanks was read to
 * its end (a gzip file stops at the cap), and a bundle of such members
 * ran on for hours; memory stays flat either way. */
static int
over_cap(bundle *b)
{
	uint64_t in = b->src_in;

	if (b->members_out <=
	    inflate_cap(in, INFLATE_RATIO_CAP, INFLATE_MIN_CAP)) {
		return 0;
	}
	ts_fail(&b->bomb, TS_FAIL,
	        "members decompress to more than %u times the bundle's %llu "
	        "bytes read so far (possible decompression bomb; not read "
	        "on)",
	        INFLATE_RATIO_CAP, (unsigned long long)in);
	return 1;
}

ssize_t
bundle_read(void *ctx, void *buf, size_t n, ts_err *err)
{
	bundle *b = ctx;
	size_t k;

	if (b->bomb.code != 0) {
		ts_fail(err, TS_FAIL, "%s", b->bomb.msg);
		return -1;
	}
	/* Block by block: libarchive hands a member's last block together
	 * with a failed check (ARCHIVE_WARN, a zip's bad CRC-32), and
	 * archive_read_data() would drop it and the bytes it had copied
	 * in the same call, so a member read as a stream lost its last
	 * records unseen.  Every byte is handed on, then the failure. */
	while (b->blk_len == 0 && b->blk_off <= b->out_off) {
		const void *p = NULL;
		size_t len = 0;
		la_int64_t off = 0;
		int r;

		if (b->blk_eof) {
			if (b->warn.code != 0) {
				*err = b->warn;
				return -1;
			}
			return 0;
		}
		r = archive_read_data_block(b->a, &p, &len, &off);
		if (r == ARCHIVE_EOF) {
			/* its offset is the member's size: past the bytes
			 * handed on, the member ends in a hole */
			b->blk_eof = 1;
			b->blk_off = off > b->out_off ? off : b->out_off;
			continue;
		}
		if (r < ARCHIVE_WARN) {
			broke(b);
			ts_fail(err, TS_FAIL, "%s",
			        archive_error_string(b->a)
			                ? archive_error_string(b->a)
			                : "read error");
			return -1;
		}
		if (r == ARCHIVE_WARN && b->warn.code == 0) {
			ts_fail(&b->warn, TS_FAIL, "%s",
			        archive_error_string(b->a)
			                ? archive_error_string(b->a)
			                : "read error");
		}
		b->blk = p;
		b->blk_len = len;
		b->blk_off = off;
	}
	if (b->blk_off > b->out_off) {
		/* a hole in a sparse member reads as zeros (one at its end
		 * comes with the end) */
		k = (uint64_t)(b->blk_off - b->out_off) < n
		            ? (size_t)(b->blk_off - b->out_off)
		            : n;
		memset(buf, 0, k);
	} else {
		k = b->blk_len < n ? b->blk_len : n;
		memcpy(buf, b->blk, k);
		b->blk += k;
		b->blk_len -= k;
		b->blk_off += (int64_t)k;
	}
	b->out_off += (int64_t)k;
	b->members_out += (uint64_t)k;
	if (over_cap(b)) {
		ts_fail(err, TS_FAIL, "%s", b->bomb.msg);
		return -1;
	}
	return (ssize_t)k;
}

int64_t
bundle_members(const bundle *b)
{
	return b->n_members;
}

int
bundle_verified(bundle *b)
{
	/* gzip: the stream ended and passed its checks, or every byte
	 * handed on is covered by a member that did */
	if (b->filter_failed) {
		return 0;
	}
	return b->z == NULL || (b->z_end && !b->z_failed) ||
	       inflater_out_checked(b->z) == b->z_out;
}

const char *
bundle_format(bundle *b)
{
	/* Static names: libarchive's own strings die with the reader. */
	static const struct {
		int code;
		const char *name;
	} formats[] = {
	        {ARCHIVE_FORMAT_TAR, "tar"},
	        {ARCHIVE_FORMAT_ZIP, "zip"},
	        {ARCHIVE_FORMAT_7ZIP, "7z"},
	        {ARCHIVE_FORMAT_CPIO, "cpio"},
	        {ARCHIVE_FORMAT_ISO9660, "iso9660"},
	        {ARCHIVE_FORMAT_RAR, "rar"},
	        {ARCHIVE_FORMAT_RAW, "raw"},
	        {ARCHIVE_FORMAT_AR, "ar"},
	        {ARCHIVE_FORMAT_XAR, "xar"},
	        {ARCHIVE_FORMAT_LHA, "lha"},
	        {ARCHIVE_FORMAT_CAB, "cab"},
	        {ARCHIVE_FORMAT_WARC, "warc"},
	        {ARCHIVE_FORMAT_SHAR, "shar"},
	        {ARCHIVE_FORMAT_MTREE, "mtree"},
	        {ARCHIVE_FORMAT_EMPTY, "empty"},
	};
	int code = archive_format(b->a) & ARCHIVE_FORMAT_BASE_MASK;

	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		if (formats[i].code == code) {
			return formats[i].name;
		}
	}
	return "unknown";
}

const char *
bundle_filter(bundle *b)
{
	static const char *const filters[] = {
	        "none",  "gzip", "bzip2", "compress", "program",
	        "lzma",  "xz",   "uu",    "rpm",      "lzip",
	        "lrzip", "lzop", "grzip", "lz4",      "zstd",
	};
	int code = archive_filter_code(b->a, 0);

	if (b->z) {
		return "gzip";
	}

	return code >= 0 && code < (int)(sizeof(filters) / sizeof(filters[0]))
	               ? filters[code]
	               : "unknown";
}

/* Read the rest of the file (hashing it), or hash it anew after seeks.
 * A nested bundle reads the rest of its member. */
static int
finish_hash(bundle *b, ts_err *err)
{
	ssize_t k;

	if (b->outer) {
		while ((k = bundle_read(b->outer, b->buf, BUNDLE_BLOCK, err)) >
		       0) {
			sha256_update(&b->sha, b->buf, (size_t)k);
			b->size += k;
		}
		return k < 0 ? TS_FAIL : TS_OK;
	}
	if (b->seeked) {
		sha256_init(&b->sha);
		b->size = 0;
		if (lseek(b->fd, 0, SEEK_SET) != 0) {
			return ts_fail(err, TS_FAIL, "cannot rewind: %s",
			               strerror(errno));
		}
	} else if (!b->stream && lseek(b->fd, (off_t)b->pos, SEEK_SET) < 0) {
		return ts_fail(err, TS_FAIL, "cannot seek: %s",
		               strerror(errno));
	}
	for (;;) {
		k = reader_read_fd(b->fd, b->buf, BUNDLE_BLOCK, b->stream);
		if (k < 0) {
			reader_read_failed(err);
			return TS_FAIL;
		}
		if (k == 0) {
			return TS_OK;
		}
		sha256_update(&b->sha, b->buf, (size_t)k);
		b->size += k;
	}
}

int
bundle_close(bundle *b, char *sha256_hex_out, int64_t *size, ts_err *err)
{
	uint8_t d[32];
	char why[300];
	int rc = TS_OK;

	if (b == NULL) {
		return TS_OK;
	}
	if ((b->fd >= 0 || b->outer) && (sha256_hex_out || size)) {
		if (b->a) {
			archive_read_close(b->a);
		}
		rc = finish_hash(b, err);
		sha256_final(&b->sha, d);
		/* read to its end: are those bytes still the file's? */
		if (rc == TS_OK && b->stamped &&
		    filestamp_check(b->fd, &b->opened, (uint64_t)b->size, d,
		                    why, sizeof(why))) {
			rc = ts_fail(err, TS_WARN, "%s", why);
		}
		if (sha256_hex_out) {
			sha256_hex(d, sha256_hex_out);
			if (rc == TS_FAIL) {
				sha256_hex_out[0] = '\0';
			}
		}
		if (size) {
			*size = b->size;
		}
	}
	if (b->a) {
		archive_read_free(b->a);
	}
	if (b->fd >= 0) {
		close(b->fd);
	}
	inflater_free(b->z);
	free(b->tail);
	free(b->raw);
	free(b->bufs[0]);
	free(b->bufs[1]);
	free(b->path);
	free(b->last);
	free(b);
	return rc;
}
