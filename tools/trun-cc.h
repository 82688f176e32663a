/* tools/trun-cc.h -- what timemory-run tells the compiler wrapper trun-cc:
 * the environment it sets for a wrapped build, and the files of the
 * build's state directory that the wrapper writes and timemory-run reads.
 */
#ifndef TRUN_TOOLS_TRUN_CC_H
#define TRUN_TOOLS_TRUN_CC_H

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
#define TRUN_STATE_AVAILABLE "available.txt" /* the plugin's available= file */
#define TRUN_STATE_SKIPS "skipped.txt" /* the plugin's skip-counts= file */
#define TRUN_STATE_CDB "compile_commands.json"
#define TRUN_STATE_START "started" /* its mtime: when the last run began */

#endif /* TRUN_TOOLS_TRUN_CC_H */
