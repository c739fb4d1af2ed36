/* test_walk.c -- deterministic walk, links, loops and errors (walk.c). */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test.h"
#include "../../src/ingest/walk.h"
#include "../../src/util/strbuf.h"

static int
collect(void *ctx, const struct walk_entry *e)
{
	strbuf *sb = ctx;
	const char *rel = strstr(e->path, "/w/");
	static const char *const types[] = {"F", "-", "E", "S", "D"};

	strbuf_addf(sb, "%s:%s%s%s%s\n", types[e->type],
	            rel ? rel + 3 : e->path, e->error ? ":" : "",
	            e->error ? e->error : "", e->top ? " (given)" : "");
	return 0;
}

static void
touch(const char *dir, const char *name)
{
	strbuf p;
	int fd;

	strbuf_init(&p);
	strbuf_addf(&p, "%s/%s", dir, name);
	fd = open(p.buf, O_WRONLY | O_CREAT, 0644);
	close(fd);
	strbuf_free(&p);
}

DEFINE_TEST(test_walk_order_links_loops)
{
	char root[400], p[1024], q[1024];
	strbuf sb;
	char *args[4];

	snprintf(root, sizeof(root), "%s/w", test_tmpdir());
	mkdir(root, 0755);
	snprintf(p, sizeof(p), "%s/b", root);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/a", root);
	mkdir(p, 0755);
	touch(root, "z.json");
	touch(root, "B.json");
	touch(p, "2.json.gz");
	touch(p, "10.json.gz");
	/* a loop: a/up -> .. ; a broken link; a fifo */
	snprintf(q, sizeof(q), "%s/a/up", root);
	symlink("..", q);
	snprintf(q, sizeof(q), "%s/broken", root);
	symlink("nowhere", q);
	snprintf(q, sizeof(q), "%s/fifo", root);
	mkfifo(q, 0644);
	/* a link to a file is followed */
	snprintf(q, sizeof(q), "%s/link.json", root);
	symlink("z.json", q);

	strbuf_init(&sb);
	args[0] = root;
	args[1] = "-";
	snprintf(p, sizeof(p), "%s/missing", root);
	args[2] = p;
	/* a fifo given by name, not found in a directory: the caller may
	 * read it */
	snprintf(q, sizeof(q), "%s/fifo", root);
	args[3] = q;
	assert_int(walk_run(args, 4, collect, &sb), ==, 0);
	assert_str(
	        strbuf_str(&sb),
	        "F:B.json\n"
	        "F:a/10.json.gz\n"
	        "F:a/2.json.gz\n"
	        "E:a/up:symbolic link loop (directory already being walked)\n"
	        "E:broken:broken symbolic link\n"
	        "S:fifo:not a regular file (device, socket or fifo)\n"
	        "F:link.json\n"
	        "F:z.json\n"
	        "-:- (given)\n"
	        "E:missing:No such file or directory (given)\n"
	        "S:fifo:not a regular file (device, socket or fifo) (given)\n");
	strbuf_free(&sb);
}

/* issue: an empty argument (`ingest "$EVIDENCE"`, the variable unset)
 * walked the directory the command ran in; it is a path not found */
DEFINE_TEST(test_walk_empty_path)
{
	char root[400], cwd[4096];
	char *args[1] = {""};
	strbuf sb;

	snprintf(root, sizeof(root), "%s/e", test_tmpdir());
	mkdir(root, 0755);
	touch(root, "x.json");
	assert_true(getcwd(cwd, sizeof(cwd)) != NULL);
	assert_int(chdir(root), ==, 0);
	strbuf_init(&sb);
	assert_int(walk_run(args, 1, collect, &sb), ==, 0);
	assert_int(chdir(cwd), ==, 0);
	assert_str(strbuf_str(&sb),
	           "E::No such file or directory (an empty path) (given)\n");
	strbuf_free(&sb);
}

/* With WALK_DIRS each directory listed whole is reported before what it
 * holds; one that cannot be listed is an error, as without. */
DEFINE_TEST(test_walk_dirs)
{
	char root[400], p[1024], want[1024];
	strbuf sb;
	char *args[1];

	snprintf(root, sizeof(root), "%s/v/w", test_tmpdir());
	snprintf(p, sizeof(p), "%s/v", test_tmpdir());
	mkdir(p, 0755);
	mkdir(root, 0755);
	snprintf(p, sizeof(p), "%s/d", root);
	mkdir(p, 0755);
	touch(p, "a.json");
	touch(root, "b.json");
	snprintf(p, sizeof(p), "%s/gone", root);
	symlink("nowhere", p);

	strbuf_init(&sb);
	snprintf(p, sizeof(p), "%s/", root); /* reported without the '/' */
	args[0] = p;
	assert_int(walk_run_flags(args, 1, WALK_DIRS, collect, &sb), ==, 0);
	snprintf(want, sizeof(want),
	         "D:%s (given)\n"
	         "F:b.json\n"
	         "D:d\n"
	         "F:d/a.json\n"
	         "E:gone:broken symbolic link\n",
	         root);
	assert_str(strbuf_str(&sb), want);
	strbuf_free(&sb);
}

/* readdir() failing part-way (an I/O error on a damaged disk) ended the
 * listing as if the directory held no more: the files after the error
 * were missed without a word.  The directory is an error now, and what
 * was listed is still walked. */
static int n_listed;

static struct dirent *
failing_readdir(DIR *d)
{
	struct dirent *de;

	do {
		de = readdir(d);
	} while (de && de->d_name[0] == '.');
	if (de == NULL || n_listed++ == 1) {
		errno = de ? EIO : errno;
		return NULL;
	}
	return de;
}

DEFINE_TEST(test_walk_readdir_error)
{
	char root[400], p[1024];
	strbuf sb;
	char *args[1];

	snprintf(p, sizeof(p), "%s/u", test_tmpdir());
	mkdir(p, 0755);
	snprintf(root, sizeof(root), "%s/u/w", test_tmpdir());
	mkdir(root, 0755);
	touch(root, "a.json");
	touch(root, "b.json");
	touch(root, "c.json");

	strbuf_init(&sb);
	args[0] = root;
	n_listed = 0;
	walk_set_readdir(failing_readdir);
	assert_int(walk_run_flags(args, 1, WALK_DIRS, collect, &sb), ==, 0);
	walk_set_readdir(NULL);
	/* which file comes first is the file system's order: only count */
	assert_int(strncmp(strbuf_str(&sb), "E:", 2), ==, 0);
	assert_true(strstr(strbuf_str(&sb),
	                   "the directory could not be read to its end (1 "
	                   "entries listed): Input/output error (given)\n") !=
	            NULL);
	assert_int(strstr(strbuf_str(&sb), "\nF:") != NULL, ==, 1);
	strbuf_free(&sb);
}

static void
mkdirs(const char *root, const char *rel)
{
	char p[1024];

	snprintf(p, sizeof(p), "%s/%s", root, rel);
	for (char *c = p + strlen(root) + 1; *c; c++) {
		if (*c == '/') {
			*c = '\0';
			mkdir(p, 0755);
			*c = '/';
		}
	}
	mkdir(p, 0755);
}

/* Files found with their directory open (see deep_seen below), but
 * for those given and those of a region listed by path. */
static int
by_dirfd(void *ctx, const struct walk_entry *e)
{
	strbuf *sb = ctx;
	struct stat st;

	if (e->type == WALK_FILE &&
	    !(e->dirfd >= 0 && fstatat(e->dirfd, e->name, &st, 0) == 0 &&
	      st.st_ino == e->st.st_ino)) {
		const char *rel = strstr(e->path, "/w/");

		strbuf_addf(sb, "%s\n", rel ? rel + 3 : e->path);
	}
	return 0;
}

/* The S3 layout's region directories (.../CloudTrail/REGION) are walked
 * together when their argument is done, in the order of the delivery
 * times in the files' names, so that events come in time order (see
 * walk.c); everything else in them is still met, loops too. */
DEFINE_TEST(test_walk_regions_by_time)
{
	static const char *const files[][2] = {
	        {"AWSLogs/111/CloudTrail/us-east-1/2025/01/01",
	         "111_CloudTrail_us-east-1_20250101T0010Z_b.json.gz"},
	        {"AWSLogs/111/CloudTrail/us-east-1/2025/01/01",
	         "111_CloudTrail_us-east-1_20250101T0005Z_a.json.gz"},
	        {"AWSLogs/111/CloudTrail/us-east-1/2025/01/03",
	         "111_CloudTrail_us-east-1_20250103T0000Z_a.json.gz"},
	        {"AWSLogs/111/CloudTrail/eu-west-1/2025/01/02",
	         "111_CloudTrail_eu-west-1_20250102T0000Z_a.json.gz"},
	        {"AWSLogs/222/CloudTrail/us-east-1/2024/12/31",
	         "222_CloudTrail_us-east-1_20241231T2355Z_a.json.gz"},
	        {"AWSLogs/222/CloudTrail/us-east-1/2025/01/01",
	         "222_CloudTrail_us-east-1_20250101T0005Z_c.json.gz"},
	        {"AWSLogs/222/CloudTrail/us-east-1/2025/01/01", "notes.txt"},
	        {"AWSLogs/222/CloudTrail-Digest/us-east-1/2025/01/01",
	         "digest.json.gz"},
	};
	char root[400], p[1024], *collected_by_day;
	strbuf sb;
	char *args[2] = {root, p};

	snprintf(root, sizeof(root), "%s/r", test_tmpdir());
	mkdir(root, 0755);
	snprintf(root, sizeof(root), "%s/r/w", test_tmpdir());
	mkdir(root, 0755);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		mkdirs(root, files[i][0]);
		snprintf(p, sizeof(p), "%s/%s", root, files[i][0]);
		touch(p, files[i][1]);
	}
	snprintf(p, sizeof(p), "%s/AWSLogs/111/CloudTrail/us-east-1", root);
	touch(p, "README");
	/* a loop at the year level and one in a day */
	snprintf(p, sizeof(p), "%s/AWSLogs/111/CloudTrail/us-east-1/2025/up",
	         root);
	symlink("..", p);
	snprintf(p, sizeof(p),
	         "%s/AWSLogs/222/CloudTrail/us-east-1/2025/01/01/top", root);
	symlink("../../../../..", p);
	touch(root, "z.json");

	strbuf_init(&sb);
	/* a second argument comes after the first one's regions */
	snprintf(p, sizeof(p), "%s/z.json", root);
	assert_int(walk_run_flags(args, 2, WALK_DIRS, collect, &sb), ==, 0);
	snprintf(p, sizeof(p), "D:%s (given)\n", root);
	assert_int(strncmp(strbuf_str(&sb), p, strlen(p)), ==, 0);
	assert_str(strbuf_str(&sb) + strlen(p),
	           "D:AWSLogs\n"
	           "D:AWSLogs/111\n"
	           "D:AWSLogs/111/CloudTrail\n"
	           "D:AWSLogs/222\n"
	           "D:AWSLogs/222/CloudTrail\n"
	           "D:AWSLogs/222/CloudTrail-Digest\n"
	           "D:AWSLogs/222/CloudTrail-Digest/us-east-1\n"
	           "D:AWSLogs/222/CloudTrail-Digest/us-east-1/2025\n"
	           "D:AWSLogs/222/CloudTrail-Digest/us-east-1/2025/01\n"
	           "D:AWSLogs/222/CloudTrail-Digest/us-east-1/2025/01/01\n"
	           "F:AWSLogs/222/CloudTrail-Digest/us-east-1/2025/01/01/"
	           "digest.json.gz\n"
	           "F:z.json\n"
	           /* each region listed down to its first day */
	           "D:AWSLogs/111/CloudTrail/eu-west-1\n"
	           "D:AWSLogs/111/CloudTrail/eu-west-1/2025\n"
	           "D:AWSLogs/111/CloudTrail/eu-west-1/2025/01\n"
	           "D:AWSLogs/111/CloudTrail/eu-west-1/2025/01/02\n"
	           "D:AWSLogs/111/CloudTrail/us-east-1\n"
	           "D:AWSLogs/111/CloudTrail/us-east-1/2025\n"
	           "D:AWSLogs/111/CloudTrail/us-east-1/2025/01\n"
	           "D:AWSLogs/111/CloudTrail/us-east-1/2025/01/01\n"
	           "D:AWSLogs/222/CloudTrail/us-east-1\n"
	           "D:AWSLogs/222/CloudTrail/us-east-1/2024\n"
	           "D:AWSLogs/222/CloudTrail/us-east-1/2024/12\n"
	           "D:AWSLogs/222/CloudTrail/us-east-1/2024/12/31\n"
	           /* then file by file, in time order, ties in the order the
	            * regions were met */
	           "F:AWSLogs/222/CloudTrail/us-east-1/2024/12/31/"
	           "222_CloudTrail_us-east-1_20241231T2355Z_a.json.gz\n"
	           "D:AWSLogs/222/CloudTrail/us-east-1/2025\n"
	           "D:AWSLogs/222/CloudTrail/us-east-1/2025/01\n"
	           "D:AWSLogs/222/CloudTrail/us-east-1/2025/01/01\n"
	           "F:AWSLogs/111/CloudTrail/us-east-1/2025/01/01/"
	           "111_CloudTrail_us-east-1_20250101T0005Z_a.json.gz\n"
	           "F:AWSLogs/222/CloudTrail/us-east-1/2025/01/01/"
	           "222_CloudTrail_us-east-1_20250101T0005Z_c.json.gz\n"
	           "F:AWSLogs/111/CloudTrail/us-east-1/2025/01/01/"
	           "111_CloudTrail_us-east-1_20250101T0010Z_b.json.gz\n"
	           "D:AWSLogs/111/CloudTrail/us-east-1/2025/01/03\n"
	           "F:AWSLogs/222/CloudTrail/us-east-1/2025/01/01/notes.txt\n"
	           "E:AWSLogs/222/CloudTrail/us-east-1/2025/01/01/top:symbolic "
	           "link loop (directory already being walked)\n"
	           "F:AWSLogs/111/CloudTrail/eu-west-1/2025/01/02/"
	           "111_CloudTrail_eu-west-1_20250102T0000Z_a.json.gz\n"
	           "F:AWSLogs/111/CloudTrail/us-east-1/2025/01/03/"
	           "111_CloudTrail_us-east-1_20250103T0000Z_a.json.gz\n"
	           "E:AWSLogs/111/CloudTrail/us-east-1/2025/up:symbolic link "
	           "loop (directory already being walked)\n"
	           "F:AWSLogs/111/CloudTrail/us-east-1/README\n"
	           "F:z.json (given)\n");

	/* past many regions, a day at a time: each region's day whole */
	strbuf_reset(&sb);
	walk_set_many_regions(2);
	assert_int(walk_run(args, 1, collect, &sb), ==, 0);
	walk_set_many_regions(0);
	collected_by_day = strbuf_detach(&sb, NULL);
	strbuf_init(&sb);
	/* a day's files are found from their directory, kept open */
	assert_int(walk_run(args, 1, by_dirfd, &sb), ==, 0);
	assert_str(strbuf_str(&sb),
	           "AWSLogs/111/CloudTrail/us-east-1/README\n");
	strbuf_reset(&sb);
	strbuf_adds(&sb, collected_by_day);
	free(collected_by_day);
	assert_str(strbuf_str(&sb),
	           "F:AWSLogs/222/CloudTrail-Digest/us-east-1/2025/01/01/"
	           "digest.json.gz\n"
	           "F:z.json\n"
	           "F:AWSLogs/222/CloudTrail/us-east-1/2024/12/31/"
	           "222_CloudTrail_us-east-1_20241231T2355Z_a.json.gz\n"
	           "F:AWSLogs/111/CloudTrail/us-east-1/2025/01/01/"
	           "111_CloudTrail_us-east-1_20250101T0005Z_a.json.gz\n"
	           "F:AWSLogs/111/CloudTrail/us-east-1/2025/01/01/"
	           "111_CloudTrail_us-east-1_20250101T0010Z_b.json.gz\n"
	           "F:AWSLogs/222/CloudTrail/us-east-1/2025/01/01/"
	           "222_CloudTrail_us-east-1_20250101T0005Z_c.json.gz\n"
	           "F:AWSLogs/222/CloudTrail/us-east-1/2025/01/01/notes.txt\n"
	           "E:AWSLogs/222/CloudTrail/us-east-1/2025/01/01/top:symbolic "
	           "link loop (directory already being walked)\n"
	           "F:AWSLogs/111/CloudTrail/eu-west-1/2025/01/02/"
	           "111_CloudTrail_eu-west-1_20250102T0000Z_a.json.gz\n"
	           "F:AWSLogs/111/CloudTrail/us-east-1/2025/01/03/"
	           "111_CloudTrail_us-east-1_20250103T0000Z_a.json.gz\n"
	           "E:AWSLogs/111/CloudTrail/us-east-1/2025/up:symbolic link "
	           "loop (directory already being walked)\n"
	           "F:AWSLogs/111/CloudTrail/us-east-1/README\n");
	strbuf_free(&sb);
}

static void
clean_is(const char *in, const char *want)
{
	char *got = walk_clean_path(in);

	assert_str(got, want);
	free(got);
}

/* One file, one name: "./", "//", "x/.." and trailing slashes go, but
 * ".." after a symbolic link stays (it leads elsewhere) and so does one
 * after a name that is not there. */
DEFINE_TEST(test_walk_clean_path)
{
	char root[400], p[1024], cwd[4096];

	snprintf(root, sizeof(root), "%s/c", test_tmpdir());
	mkdir(root, 0755);
	snprintf(p, sizeof(p), "%s/d", root);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/d/sub", root);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/lnk", root);
	symlink("d/sub", p);
	assert_true(getcwd(cwd, sizeof(cwd)) != NULL);
	assert_int(chdir(root), ==, 0);
	clean_is("d", "d");
	clean_is("./d", "d");
	clean_is("d/", "d");
	clean_is("d//sub/", "d/sub");
	clean_is("./d/./sub/x.json", "d/sub/x.json");
	clean_is("d/../d/x", "d/x");
	clean_is("d/sub/../../d", "d");
	clean_is("lnk/../x", "lnk/../x");
	clean_is("nothere/../x", "nothere/../x");
	clean_is("../c/d", "../c/d");
	clean_is(".", ".");
	clean_is("./", ".");
	/* issue: an empty argument (an unset $EVIDENCE) walked "." */
	clean_is("", "");
	clean_is("/", "/");
	clean_is("//", "/");
	clean_is("/..", "/");
	clean_is("/../tmp//x", "/tmp/x");
	clean_is("d/..", ".");
	/* a file named "-" is not standard input */
	clean_is("./-", "./-");
	clean_is("d/../-", "./-");
	clean_is("d/-", "d/-");
	assert_int(chdir(cwd), ==, 0);
}

static int
collect_given(void *ctx, const struct walk_entry *e)
{
	strbuf *sb = ctx;

	strbuf_addf(sb, "%s|%s\n", e->path, e->given ? e->given : "");
	return 0;
}

/* Entries are named by the cleaned argument; `given` is the name the
 * argument as typed made before (what an older index holds). */
DEFINE_TEST(test_walk_given)
{
	char root[400], p[1024], cwd[4096];
	char *args[] = {"./g", "g//", ".", "g/f.json"};
	strbuf sb;

	snprintf(root, sizeof(root), "%s/gw", test_tmpdir());
	mkdir(root, 0755);
	snprintf(p, sizeof(p), "%s/g", root);
	mkdir(p, 0755);
	touch(p, "f.json");
	assert_true(getcwd(cwd, sizeof(cwd)) != NULL);
	assert_int(chdir(root), ==, 0);
	strbuf_init(&sb);
	assert_int(walk_run_flags(args, 4, WALK_DIRS, collect_given, &sb), ==,
	           0);
	/* g// cleans to g, as ./g does: walked once, under the first */
	assert_str(strbuf_str(&sb), "g|./g\n"
	                            "g/f.json|./g/f.json\n"
	                            ".|\n"
	                            "g|./g\n"
	                            "g/f.json|./g/f.json\n"
	                            "g/f.json|\n");
	strbuf_free(&sb);
	assert_int(chdir(cwd), ==, 0);
}

/* Entries found in a directory come with it open and their name there
 * (openat() reaches them without the path), down to the 32nd level;
 * deeper ones, found by their whole path, are walked all the same. */
struct deep {
	int files, found_at, depth_max;
	strbuf last;
};

static int
deep_seen(void *ctx, const struct walk_entry *e)
{
	struct deep *d = ctx;
	struct stat st;
	int depth = 0;

	for (const char *c = e->path; *c; c++) {
		depth += *c == '/';
	}
	if (e->type != WALK_FILE) {
		return 0;
	}
	d->files++;
	if (e->dirfd >= 0 && e->name != NULL &&
	    fstatat(e->dirfd, e->name, &st, 0) == 0 &&
	    st.st_ino == e->st.st_ino) {
		d->found_at++;
	}
	if (depth > d->depth_max) {
		d->depth_max = depth;
		strbuf_reset(&d->last);
		strbuf_adds(&d->last, e->name ? e->name : "(by path)");
	}
	return 0;
}

DEFINE_TEST(test_walk_deep)
{
	char root[400];
	char *args[1] = {root};
	struct deep d = {0, 0, 0, {0}};
	strbuf p;

	strbuf_init(&d.last);
	strbuf_init(&p);
	snprintf(root, sizeof(root), "%s/deep", test_tmpdir());
	strbuf_adds(&p, root);
	mkdir(p.buf, 0755);
	for (int i = 0; i < 40; i++) {
		touch(p.buf, "f.json");
		strbuf_adds(&p, "/d");
		assert_int(mkdir(p.buf, 0755), ==, 0);
	}
	touch(p.buf, "last.json");
	assert_int(walk_run(args, 1, deep_seen, &d), ==, 0);
	assert_int(d.files, ==, 41);
	/* the first 32 levels' files came with their directory */
	assert_int(d.found_at, ==, 32);
	assert_str(d.last.buf, "(by path)");
	strbuf_free(&d.last);
	strbuf_free(&p);
}
