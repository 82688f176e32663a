/* tools/util.h -- small helpers shared by timemory-run and the compiler
 * wrapper trun-cc: growable string lists, paths, running commands, and
 * the JSON subset that compile_commands.json uses.
 */
#ifndef TRUN_TOOLS_UTIL_H
#define TRUN_TOOLS_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

/* Environment shared between timemory-run and the wrappers it runs.  */
#define TRUN_CC_ENV_WRAPPER_DIR "TRUN_CC_WRAPPER_DIR"     /* dir of wrapper links */
#define TRUN_CC_ENV_COMPILE_FLAGS "TRUN_CC_COMPILE_FLAGS" /* '\n'-separated */
#define TRUN_CC_ENV_LINK_FLAGS "TRUN_CC_LINK_FLAGS"       /* '\n'-separated */
#define TRUN_CC_ENV_EXE_FLAGS "TRUN_CC_EXE_FLAGS"         /* executables only */
#define TRUN_CC_ENV_STATE_DIR "TRUN_CC_STATE_DIR"         /* command log dir */
#define TRUN_CC_ENV_VERBOSE "TRUN_CC_VERBOSE"
#define TRUN_CC_ENV_ACTIVE "TRUN_CC_ACTIVE" /* set while a real compiler runs */

/* File names inside a state directory.  */
#define TRUN_STATE_LOG "commands.jsonl"
#define TRUN_STATE_LIST "instrumented.txt"
#define TRUN_STATE_CDB "compile_commands.json"

void *xmalloc (size_t n);
void *xrealloc (void *p, size_t n);
char *xstrdup (const char *s);
char *xstrndup (const char *s, size_t n);
char *xasprintf (const char *fmt, ...) __attribute__ ((format (printf, 1, 2)));

/* A NULL-terminated, growable list of owned strings.  */
struct strv
{
  char **v;
  size_t n, cap;
};
void strv_push (struct strv *sv, const char *s);
void strv_push_own (struct strv *sv, char *s);
void strv_extend (struct strv *sv, const struct strv *from);
/* Insert S before position POS (POS == n appends).  */
void strv_insert (struct strv *sv, size_t pos, const char *s);
int strv_contains (const struct strv *sv, const char *s);
void strv_free (struct strv *sv);
/* Split S at SEP into SV (empty pieces dropped).  */
void strv_split (struct strv *sv, const char *s, char sep);
/* Join with SEP into a new string.  */
char *strv_join (const struct strv *sv, const char *sep);

/* Paths.  */
int starts_with (const char *s, const char *prefix);
int ends_with (const char *s, const char *suffix);
const char *base_name (const char *path);
char *dir_name (const char *path);
char *path_join (const char *dir, const char *name);
/* Absolute and lexically normalised (no ".", "..", "//"); DIR is the base
   for a relative PATH (the cwd when NULL).  */
char *path_absolute (const char *dir, const char *path);
/* realpath when the file exists, else path_absolute.  */
char *path_canonical (const char *dir, const char *path);
int is_file (const char *path);
int is_dir (const char *path);
int is_executable (const char *path);
int mkdir_p (const char *path);
int remove_tree (const char *path);
char *current_dir (void);
char *self_exe (void);
/* NAME found on PATH (skipping directory SKIP_DIR and files that are the
   same file as SKIP_FILE); NULL when absent.  */
char *find_in_path (const char *name, const char *skip_dir, const char *skip_file);
int same_file (const char *a, const char *b);

/* Whole file as a string (NULL on error).  */
char *read_file_text (const char *path, size_t *len);
int write_file_text (const char *path, const char *text);

/* Run ARGV and wait; returns the exit status (128+signal when killed, 127
   when it could not start).  With OUT non-NULL, stdout is captured into
   *OUT; with QUIET_ERR, stderr is discarded.  */
int run_command (char *const *argv, char **out, int quiet_err);
/* The same, run in directory DIR (NULL: the current one).  */
int run_command_in (const char *dir, char *const *argv, char **out, int quiet_err);

/* Shell-style split of a compile_commands.json "command" string.  */
void shell_split (struct strv *sv, const char *cmd);
/* ARG quoted for a shell, for printing commands.  */
char *shell_quote (const char *arg);
void print_command (FILE *f, const char *prefix, char *const *argv);

/* JSON: append S as a JSON string literal to the growing buffer.  */
struct buf
{
  char *s;
  size_t n, cap;
};
void buf_add (struct buf *b, const char *s, size_t n);
void buf_puts (struct buf *b, const char *s);
void buf_printf (struct buf *b, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));
void buf_json_string (struct buf *b, const char *s);
void buf_json_strv (struct buf *b, char *const *v, size_t n);

/* The JSON subset a compilation database needs: values are kept as a
   small tree.  */
enum json_type { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };
struct json
{
  enum json_type type;
  char *str;             /* string value, or the number's text */
  struct json **items;   /* array elements or object values */
  char **keys;           /* object keys */
  size_t n;
};
/* Parse TEXT; NULL with *ERR set on malformed input.  */
struct json *json_parse (const char *text, const char **err);
void json_free (struct json *j);
const struct json *json_get (const struct json *obj, const char *key);
const char *json_get_string (const struct json *obj, const char *key);

#endif /* TRUN_TOOLS_UTIL_H */
