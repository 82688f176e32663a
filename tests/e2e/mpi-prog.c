/* tests/e2e/mpi-prog.c -- the MPI tests' fixture program.
 *
 * Usage: mpi-prog [finalize|finalize-thread|no-finalize|abort|serial] [ROUNDS]
 *   finalize     MPI_Init ... MPI_Finalize (the default)
 *   finalize-thread  the same with MPI_Init_thread
 *   no-finalize  MPI_Init, the work, then exit without MPI_Finalize
 *   abort        the work, then the last rank calls MPI_Abort (code 3)
 *                while the others wait in a barrier
 *   crash        the work, then the last rank dies by SIGSEGV and the
 *                others exit without MPI_Finalize
 *   early        trun_finalize () before MPI_Finalize
 *   early-exit   trun_finalize (), then exit without MPI_Finalize
 *   serial       never touches MPI
 * Inside region "mpi-region" each rank runs ROUNDS (default 3) rounds of
 * scatter_gather(), one allreduce_sum() and two barriers, then
 * local_work() rank+1 times so that per-rank counts differ.
 *
 * Rank 0 prints one line per MPI call kind with the bytes each rank moved,
 * "bytes RANK CALL N", computed here from the counts and types it passes
 * (the rule trun documents: a scattering root sends COUNT*size to every
 * rank and gets its own share; a gathering root receives from every
 * rank; allreduce sends and receives COUNT*size).
 */
#include <mpi.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trun/trun.h"

#define PER_RANK 8   /* ints scattered to each rank */
#define NREDUCE 4    /* doubles in the allreduce */

static long
collatz_steps (long n)
{
  long steps = 0;
  while (n != 1)
    {
      n = (n % 2) ? 3 * n + 1 : n / 2;
      steps++;
    }
  return steps;
}

static long
local_work (int seed)
{
  long total = 0;
  for (int i = 1; i < 200; i++)
    total += collatz_steps (i + seed);
  return total;
}

/* Root scatters PER_RANK ints to every rank; each sums its share; root
   gathers one share of PER_RANK ints back.  */
static long
scatter_gather (int rank, int size)
{
  int *all = NULL, *back = NULL;
  int mine[PER_RANK];
  if (rank == 0)
    {
      all = malloc (sizeof *all * PER_RANK * (size_t) size);
      back = malloc (sizeof *back * PER_RANK * (size_t) size);
      for (int i = 0; i < PER_RANK * size; i++)
        all[i] = i;
    }
  MPI_Scatter (all, PER_RANK, MPI_INT, mine, PER_RANK, MPI_INT, 0,
               MPI_COMM_WORLD);
  long sum = 0;
  for (int i = 0; i < PER_RANK; i++)
    {
      sum += mine[i];
      mine[i] *= 2;
    }
  MPI_Gather (mine, PER_RANK, MPI_INT, back, PER_RANK, MPI_INT, 0,
              MPI_COMM_WORLD);
  free (all);
  free (back);
  return sum;
}

static double
allreduce_sum (int rank)
{
  double in[NREDUCE], out[NREDUCE];
  for (int i = 0; i < NREDUCE; i++)
    in[i] = rank + i;
  MPI_Allreduce (in, out, NREDUCE, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  return out[0];
}

static void
print_expected_bytes (int size, int rounds)
{
  long share = PER_RANK * (long) sizeof (int);
  for (int r = 0; r < size; r++)
    {
      long scatter = (r == 0 ? share * size : 0) + share;
      long gather = share + (r == 0 ? share * size : 0);
      printf ("bytes %d MPI_Scatter %ld\n", r, scatter * rounds);
      printf ("bytes %d MPI_Gather %ld\n", r, gather * rounds);
      printf ("bytes %d MPI_Allreduce %ld\n", r,
              2L * NREDUCE * (long) sizeof (double));
      printf ("bytes %d MPI_Barrier 0\n", r);
    }
}

int
main (int argc, char **argv)
{
  const char *mode = argc > 1 ? argv[1] : "finalize";
  int rounds = argc > 2 ? atoi (argv[2]) : 3;
  int serial = strcmp (mode, "serial") == 0;
  int rank = 0, size = 1;

  if (!serial)
    {
      if (strcmp (mode, "finalize-thread") == 0)
        {
          int provided;
          MPI_Init_thread (&argc, &argv, MPI_THREAD_FUNNELED, &provided);
        }
      else
        MPI_Init (&argc, &argv);
      MPI_Comm_rank (MPI_COMM_WORLD, &rank);
      MPI_Comm_size (MPI_COMM_WORLD, &size);
    }

  trun_region_begin ("mpi-region");
  long total = 0;
  if (!serial)
    {
      for (int i = 0; i < rounds; i++)
        total += scatter_gather (rank, size);
      total += (long) allreduce_sum (rank);
      MPI_Barrier (MPI_COMM_WORLD);
      MPI_Barrier (MPI_COMM_WORLD);
    }
  for (int i = 0; i <= rank; i++)
    total += local_work (i);
  trun_region_end ("mpi-region");

  if (rank == 0)
    {
      printf ("ranks %d total %s\n", size, total > 0 ? "positive" : "zero");
      if (!serial)
        print_expected_bytes (size, rounds);
      fflush (stdout);
    }
  if (strcmp (mode, "abort") == 0)
    {
      if (rank == size - 1)
        MPI_Abort (MPI_COMM_WORLD, 3);
      MPI_Barrier (MPI_COMM_WORLD);
    }
  if (strncmp (mode, "early", 5) == 0)
    trun_finalize ();
  if (strcmp (mode, "early-exit") == 0)
    {
      MPI_Barrier (MPI_COMM_WORLD);
      return 0;
    }
  if (strcmp (mode, "crash") == 0)
    {
      if (rank == size - 1)
        raise (SIGSEGV);
      return 0;
    }
  if (strcmp (mode, "no-finalize") == 0)
    {
      /* Every rank's output is out before anyone leaves.  */
      MPI_Barrier (MPI_COMM_WORLD);
      return 0;
    }
  if (!serial)
    MPI_Finalize ();
  return 0;
}
