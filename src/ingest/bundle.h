/* bundle.h -- tar, tar.gz, zip, 7z and other bundles read in place with
 * libarchive: nothing is extracted to disk.
 *
 * The ingest producer opens a bundle, walks its members in order and
 * either copies a member's bytes (as found inside the bundle) into a job
 * for a worker, or reads it as a stream itself when it is big.  A member
 * that is itself a bundle is opened through the outer one (nesting), and
 * a file compressed as a whole with bzip2, xz, zstd, lz4 or lzip is a
 * bundle of one member named "data".  A zip or 7z from a stream or
 * inside another bundle, which nothing can seek in, is read into memory
 * first when it fits (32 MiB for all those a bundle is nested in), as
 * libarchive must seek to read a 7z, and to learn a zip member's type
 * (a symbolic link) from the central directory.  The SHA-256 of the
 * bundle file's bytes is computed while libarchive reads them (or in a
 * second pass when the format had to seek, as 7z does), and is
 * complete only after bundle_close() has drained the file.  A gzip-compressed
 * bundle is decompressed here (inflate.h), not by libarchive, so that its
 * CRC-32 and length are checked.  Errors are one line with the member's name
 * when there is one.  Not thread-safe: one bundle, one thread. */
#ifndef TS_BUNDLE_H
#define TS_BUNDLE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "filestamp.h"
#include "../util/err.h"

typedef struct bundle bundle;

struct bundle_member {
	const char *name; /* path inside the bundle (valid until next) */
	int64_t size;     /* bytes, or -1 when the format does not say */
	int64_t mtime_ms; /* modification time, or -1 */
	int regular;      /* a regular file with its data (not a directory,
	                   * link...) */
	int is_dir;       /* a directory entry (ignored) */
	const char *link; /* a link: its target (valid until next), or NULL */
	int hardlink;     /* link is a hard link: the target's data is the
	                   * member's, stored under the target's name */
};

/* Does this file look like a bundle?  By name (.tar, .tgz, .tar.gz,
 * .zip, .7z, .tar.bz2, .tar.xz, .tar.zst, ...; not .json.gz) or by its
 * first bytes (head[0..len)): a tar or zip header, bzip2, xz, zstd or
 * 7z magic, or a gzip stream whose decompressed start is a tar or zip
 * header (head should then hold a few KiB of it). */
int bundle_probe(const char *name, const void *head, size_t len);
/* The compressor of a single stream (bzip2, xz, zstd) head starts
 * with, and the name ending a JSON file of it is read under (*ext, when
 * ext is not NULL); else NULL. */
const char *bundle_compressor(const void *head, size_t len, const char **ext);

/* Does name end in one of exts[0..n_exts) (".tar.gz"), ignoring case,
 * with something before it? */
int name_has_ext(const char *name, const char *const *exts, size_t n_exts);

/* Open the bundle file at path (read-only).  NULL with err set. */
bundle *bundle_open_file(const char *path, ts_err *err);
/* The same, of a regular file already open read-only on fd (owned);
 * `opened` (or NULL) is its stamp when it was opened: bundle_close()
 * then tells whether it changed while it was read. */
bundle *bundle_open_fd(int fd, const char *path, const struct filestamp *opened,
                       ts_err *err);
/* Open a bundle on a stream that cannot seek or be reopened (standard
 * input, a named pipe): head[0..len) are its first bytes, already read,
 * and fd is the rest; the bundle owns fd and closes
 * it.  Its hash and size are of head and everything after it, read to
 * the end at bundle_close().  NULL with err set. */
bundle *bundle_open_stream(int fd, const char *path, const void *head,
                           size_t len, ts_err *err);
/* Open the current member of `outer` as a bundle; NULL with err set,
 * also when it would be nested more than BUNDLE_MAX_DEPTH bundles deep
 * (memory grows with the depth). */
#define BUNDLE_MAX_DEPTH 16
bundle *bundle_open_nested(bundle *outer, ts_err *err);

/* Next member: 1 with *m filled, 0 at the end, -1 on a damaged bundle
 * (err says where; members before it are good unless bundle_verified()
 * says otherwise).  A header that fails its checksum (tar) is read past,
 * as GNU tar does: the members after it are handed out, and the end is
 * -1, err naming the first damaged stretch and its offset (in the
 * archive as decompressed).  At the end a gzip bundle is read to its
 * last byte, and a CRC-32 or length mismatch there is -1 too.  "member
 * N" in messages counts members other than directories. */
int bundle_next(bundle *b, struct bundle_member *m, ts_err *err);

/* Members handed out so far, directories aside. */
int64_t bundle_members(const bundle *b);

/* 0 if the bundle's gzip stream failed its check (CRC-32 or length
 * mismatch, corrupt or truncated data) after handing out bytes that no
 * check confirmed: the members read so far may not be what was written.
 * 1 otherwise, and for bundles that are not gzip-compressed. */
int bundle_verified(bundle *b);

/* Bytes of the current member: count, 0 at its end, -1 on error. */
ssize_t bundle_read(void *b, void *buf, size_t n, ts_err *err);

/* "tar", "zip", "7-Zip", ... and the outer filter ("gzip", "none"). */
const char *bundle_format(bundle *b);
const char *bundle_filter(bundle *b);

/* Close.  For a file bundle, *sha256 (65 bytes) receives the hex digest
 * of the whole file and *size its length; for a nested one, those of
 * the outer bundle's member (what is left of it is read); both may be
 * NULL.  Returns TS_OK, or TS_FAIL if the file or member could not be
 * read to the end (then *sha256 is ""), or TS_WARN for a file bundle
 * opened with a stamp that changed while it was read (err holds the
 * source's error text, see filestamp.h; *sha256 and *size are those of
 * the bytes read). */
int bundle_close(bundle *b, char *sha256, int64_t *size, ts_err *err);

#endif
