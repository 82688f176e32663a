/* bench/mpi-nodes.c -- the MPI aggregation benchmark's program: every
 * rank makes the same 11 110 call paths (ten functions calling each
 * other four levels deep), built with the plugin, so the job report
 * merges about 11 000 nodes per rank.  bench/run.py runs it at 2 to 64
 * ranks and reads rank 0's merge figures (TRUN_VERBOSE).  */
#include <mpi.h>

static volatile long sink;

typedef void step (int depth);
static step g0, g1, g2, g3, g4, g5, g6, g7, g8, g9;
static step *const steps[10] = { g0, g1, g2, g3, g4, g5, g6, g7, g8, g9 };

#define STEP(i)                                                               \
  __attribute__ ((noinline)) static void g##i (int depth)                     \
  {                                                                           \
    sink += i;                                                                \
    if (depth > 0)                                                            \
      for (int k = 0; k < 10; k++)                                            \
        steps[k](depth - 1);                                                  \
  }
STEP (0) STEP (1) STEP (2) STEP (3) STEP (4)
STEP (5) STEP (6) STEP (7) STEP (8) STEP (9)

int
main (int argc, char **argv)
{
  MPI_Init (&argc, &argv);
  for (int k = 0; k < 10; k++)
    steps[k](3);
  MPI_Finalize ();
  return 0;
}
