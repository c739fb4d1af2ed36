/* bundle.c -- libarchive members as byte streams (see bundle.h).
 *
 * libarchive pulls the bundle's bytes through our callbacks: from the
 * file descriptor (hashing them on the way while reads are sequential)
 * or, for a nested bundle, from the outer bundle's current member.  No
 * skip callback is installed, so skipped member data still flows through
 * the read callback and the hash sees every byte. */
#include "config.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bundle.h"
#include "reader.h"
#include "../util/sha256.h"
#include "../util/xmalloc.h"

#define BUNDLE_BLOCK (256u << 10)

struct bundle {
	struct archive *a;       /* the libarchive reader */
	struct archive_entry *e; /* current member */
	int fd;                  /* file bundles: the descriptor, else -1 */
	bundle *outer;           /* nested bundles: where bytes come from */
	char *buf;               /* read callback buffer */
	sha256_ctx sha;          /* hash of the file bytes read in order */
	int64_t pos;             /* next byte the hash expects */
	int64_t size;            /* bytes read */
	int seeked;              /* a seek broke the sequence: rehash */
	char *path;              /* file path, for messages and rehash */
	ts_err cb_err;           /* error seen inside a callback */
};

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
	size_t n = strlen(name);

	for (size_t i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
		size_t k = strlen(exts[i]);

		if (n > k && strcasecmp(name + n - k, exts[i]) == 0) {
			return 1;
		}
	}
	if (len >= 262 && memcmp(h + 257, "ustar", 5) == 0) {
		return 1; /* tar */
	}
	if (len >= 4 && memcmp(h, "PK\x03\x04", 4) == 0) {
		return 1; /* zip */
	}
	if (len >= 6 && memcmp(h, "7z\xbc\xaf\x27\x1c", 6) == 0) {
		return 1;
	}
	if (len >= 3 && memcmp(h, "BZh", 3) == 0) {
		return 1;
	}
	if (len >= 6 && memcmp(h,
	                       "\xfd"
	                       "7zXZ\0",
	                       6) == 0) {
		return 1;
	}
	if (len >= 4 && memcmp(h, "\x28\xb5\x2f\xfd", 4) == 0) {
		return 1; /* zstd */
	}
	return 0;
}

static la_ssize_t
cb_read(struct archive *a, void *ctx, const void **out)
{
	bundle *b = ctx;
	ssize_t k;

	if (b->outer) {
		k = bundle_read(b->outer, b->buf, BUNDLE_BLOCK, &b->cb_err);
	} else {
		do {
			k = read(b->fd, b->buf, BUNDLE_BLOCK);
		} while (k < 0 && errno == EINTR);
		if (k < 0) {
			ts_fail(&b->cb_err, TS_FAIL, "read error: %s",
			        strerror(errno));
		} else if (!b->seeked) {
			reader_note_bytes((uint64_t)k);
			sha256_update(&b->sha, b->buf, (size_t)k);
			b->pos += k;
			if (b->pos > b->size) {
				b->size = b->pos;
			}
		}
	}
	if (k < 0) {
		archive_set_error(a, EIO, "%s", b->cb_err.msg);
		return -1;
	}
	*out = b->buf;
	return k;
}

static la_int64_t
cb_seek(struct archive *a, void *ctx, la_int64_t off, int whence)
{
	bundle *b = ctx;
	off_t r = lseek(b->fd, (off_t)off, whence);

	if (r < 0) {
		return ARCHIVE_FATAL;
	}
	if (r != b->pos) {
		b->seeked = 1; /* hash in a second pass at close */
	}
	return r;
}

static bundle *
setup(bundle *b, ts_err *err)
{
	b->a = archive_read_new();
	archive_read_support_filter_all(b->a);
	archive_read_support_format_all(b->a);
	archive_read_support_format_raw(b->a);
	b->buf = xmalloc(BUNDLE_BLOCK);
	sha256_init(&b->sha);
	archive_read_set_read_callback(b->a, cb_read);
	if (b->fd >= 0) {
		archive_read_set_seek_callback(b->a, cb_seek);
	}
	archive_read_set_callback_data(b->a, b);
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
	bundle *b = xcalloc(1, sizeof(*b));

	b->fd = open(path, O_RDONLY | O_CLOEXEC | O_NOATIME);
	if (b->fd < 0 && errno == EPERM) {
		b->fd = open(path, O_RDONLY | O_CLOEXEC);
	}
	if (b->fd < 0) {
		ts_fail(err, TS_FAIL, "%s", strerror(errno));
		free(b);
		return NULL;
	}
	b->path = xstrdup(path);
	return setup(b, err);
}

bundle *
bundle_open_nested(bundle *outer, ts_err *err)
{
	bundle *b = xcalloc(1, sizeof(*b));

	b->fd = -1;
	b->outer = outer;
	return setup(b, err);
}

int
bundle_next(bundle *b, struct bundle_member *m, ts_err *err)
{
	int rc = archive_read_next_header(b->a, &b->e);

	if (rc == ARCHIVE_EOF) {
		return 0;
	}
	if (rc < ARCHIVE_WARN) {
		ts_fail(err, TS_FAIL, "damaged bundle after member %lld: %s",
		        (long long)archive_file_count(b->a),
		        archive_error_string(b->a) ? archive_error_string(b->a)
		                                   : "read error");
		return -1;
	}
	m->name = archive_entry_pathname(b->e);
	if (m->name == NULL) {
		m->name = "data";
	}
	m->size =
	        archive_entry_size_is_set(b->e) ? archive_entry_size(b->e) : -1;
	m->mtime_ms = archive_entry_mtime_is_set(b->e)
	                      ? (int64_t)archive_entry_mtime(b->e) * 1000 +
	                                archive_entry_mtime_nsec(b->e) / 1000000
	                      : -1;
	m->regular = archive_entry_filetype(b->e) == AE_IFREG ||
	             archive_entry_filetype(b->e) == 0;
	m->is_dir = archive_entry_filetype(b->e) == AE_IFDIR;
	return 1;
}

ssize_t
bundle_read(void *ctx, void *buf, size_t n, ts_err *err)
{
	bundle *b = ctx;
	la_ssize_t k = archive_read_data(b->a, buf, n);

	if (k < 0) {
		ts_fail(err, TS_FAIL, "%s",
		        archive_error_string(b->a) ? archive_error_string(b->a)
		                                   : "read error");
		return -1;
	}
	return k;
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

	return code >= 0 && code < (int)(sizeof(filters) / sizeof(filters[0]))
	               ? filters[code]
	               : "unknown";
}

/* Read the rest of the file (hashing it), or hash it anew after seeks. */
static int
finish_hash(bundle *b, ts_err *err)
{
	ssize_t k;

	if (b->seeked) {
		sha256_init(&b->sha);
		b->size = 0;
		if (lseek(b->fd, 0, SEEK_SET) != 0) {
			return ts_fail(err, TS_FAIL, "cannot rewind: %s",
			               strerror(errno));
		}
	} else if (lseek(b->fd, (off_t)b->pos, SEEK_SET) < 0) {
		return ts_fail(err, TS_FAIL, "cannot seek: %s",
		               strerror(errno));
	}
	for (;;) {
		do {
			k = read(b->fd, b->buf, BUNDLE_BLOCK);
		} while (k < 0 && errno == EINTR);
		if (k < 0) {
			return ts_fail(err, TS_FAIL, "read error: %s",
			               strerror(errno));
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
	int rc = TS_OK;

	if (b == NULL) {
		return TS_OK;
	}
	if (b->fd >= 0 && (sha256_hex_out || size)) {
		if (b->a) {
			archive_read_close(b->a);
		}
		rc = finish_hash(b, err);
		sha256_final(&b->sha, d);
		if (sha256_hex_out) {
			sha256_hex(d, sha256_hex_out);
			if (rc != TS_OK) {
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
	free(b->buf);
	free(b->path);
	free(b);
	return rc;
}
