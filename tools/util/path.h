/* tools/util/path.h -- paths (joined, normalised, looked up on PATH) and
 * files (tests, directories, whole-file reads and writes).
 */
#ifndef TRUN_TOOLS_UTIL_PATH_H
#define TRUN_TOOLS_UTIL_PATH_H

#include <stddef.h>

const char *base_name (const char *path);
char *dir_name (const char *path);
char *path_join (const char *dir, const char *name);
/* Absolute and lexically normalised (no ".", "..", "//"); DIR is the base
   for a relative PATH (the cwd when NULL).  */
char *path_absolute (const char *dir, const char *path);
/* realpath when the file exists, else path_absolute.  */
char *path_canonical (const char *dir, const char *path);
char *current_dir (void);
char *self_exe (void);
/* NAME found on PATH (skipping directory SKIP_DIR and files that are the
   same file as SKIP_FILE); NULL when absent.  */
char *find_in_path (const char *name, const char *skip_dir, const char *skip_file);

int is_file (const char *path);
int is_dir (const char *path);
int is_executable (const char *path);
int same_file (const char *a, const char *b);
int mkdir_p (const char *path);
int remove_tree (const char *path);
/* VISIT (SUB, NAME, CTX) for each subdirectory of DIR, hidden ones left
   out, while *BUDGET (decremented per subdirectory) lasts.  */
void for_each_subdir (const char *dir, size_t *budget,
                      void (*visit) (const char *sub, const char *name, void *ctx), void *ctx);

/* Whole file as a string (NULL on error).  */
char *read_file_text (const char *path, size_t *len);
int write_file_text (const char *path, const char *text);

#endif /* TRUN_TOOLS_UTIL_PATH_H */
