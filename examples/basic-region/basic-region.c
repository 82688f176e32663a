/* examples/basic-region/basic-region.c -- the seed example in C.
 *
 * The program behind ../shared/seed/timemory-run-region-sync.md (timemory's
 * tutorial `basic-region`), written against trun's public API.  Its own
 * regions form this tree:
 *
 *   argv[0]
 *   |_generation-region
 *   |_thread-region
 *     |_thread-parallel-region    one per value, on 4 threads
 *       |_fibonacci               in-source region inside fibonacci()
 *   |_mpi-region
 *     |_fibonacci
 *
 * timemory-run's region mode adds the functions (impl_fibonacci,
 * allreduce, scatter_gather, create_rand_nums, ...) to that tree; trace
 * mode leaves it alone and reports the functions in separate tables.
 *
 * Arguments: the Fibonacci inputs; default 1..10.  With MPI (built with
 * -DTRUN_HAVE_MPI) allreduce and scatter_gather communicate; without it
 * they do the same work on one process, so the region tree is the same.
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef TRUN_HAVE_MPI
#include <mpi.h>
#endif

#include "trun/trun.h"

#define DEFAULT_NVALUES 10
#define NTHREADS 4
#define MODULO_INPUT 25

long impl_fibonacci (long n);
long fibonacci (long n);
void write_result (long n, long answer);
void allreduce (const long *send, long *recv, int count);
void scatter_gather (int elements_per_rank);
double *create_rand_nums (int count);
double compute_avg (const double *values, int count);

/* Set before the quiet phase of the MPI region: the results are no
   longer printed.  */
static int quiet;
static pthread_mutex_t print_lock = PTHREAD_MUTEX_INITIALIZER;

/* The work shared by the threads of thread-region.  */
struct thread_work
{
  const long *values;
  int nvalues;
  int first, stride;
  double sum_of_squares;
};

static void *
checked_malloc (size_t size)
{
  void *p = malloc (size);
  if (!p)
    {
      perror ("basic.region");
      exit (EXIT_FAILURE);
    }
  return p;
}

long
impl_fibonacci (long n)
{
  return n < 2 ? n : impl_fibonacci (n - 1) + impl_fibonacci (n - 2);
}

/* The in-source region has the function's own name, so region mode shows
   `fibonacci` (the function) over `fibonacci` (the region).  */
long
fibonacci (long n)
{
  TRUN_SCOPED_REGION ("fibonacci");
  long answer = impl_fibonacci (n);
  write_result (n, answer);
  return answer;
}

void
write_result (long n, long answer)
{
  if (quiet)
    return;
  pthread_mutex_lock (&print_lock);
  printf ("fibonacci(%li) = %li\n", n, answer);
  pthread_mutex_unlock (&print_lock);
}

/* Sum over ranks, then the natural logarithm of each sum (as the
   tutorial does), truncated to long.  */
void
allreduce (const long *send, long *recv, int count)
{
#ifdef TRUN_HAVE_MPI
  MPI_Barrier (MPI_COMM_WORLD);
  MPI_Allreduce (send, recv, count, MPI_LONG, MPI_SUM, MPI_COMM_WORLD);
  MPI_Barrier (MPI_COMM_WORLD);
#else
  memcpy (recv, send, (size_t) count * sizeof *recv);
#endif
  for (int i = 0; i < count; i++)
    recv[i] = (long) log ((double) recv[i]);
}

/* A small generator of our own, seeded the same way on every run, so
   the printed averages do not change from run to run.  */
static unsigned long rand_state = 12345;

static double
next_rand (void)
{
  rand_state = rand_state * 6364136223846793005UL + 1442695040888963407UL;
  return (double) (rand_state >> 11) / (double) (1UL << 53);
}

/* Values in [0, 1).  */
double *
create_rand_nums (int count)
{
  double *values = checked_malloc ((size_t) count * sizeof *values);
  for (int i = 0; i < count; i++)
    values[i] = next_rand ();
  return values;
}

double
compute_avg (const double *values, int count)
{
  double sum = 0.0;
  for (int i = 0; i < count; i++)
    sum += values[i];
  return sum / count;
}

/* Rank 0 makes ELEMENTS_PER_RANK random numbers per rank and scatters
   them; every rank averages its share; rank 0 gathers the averages and
   compares their mean with the mean of all the numbers.  */
void
scatter_gather (int elements_per_rank)
{
  int rank = 0, nranks = 1;
#ifdef TRUN_HAVE_MPI
  MPI_Comm_rank (MPI_COMM_WORLD, &rank);
  MPI_Comm_size (MPI_COMM_WORLD, &nranks);
#endif
  const int root = 0;
  double *all = NULL;
  if (rank == root)
    all = create_rand_nums (elements_per_rank * nranks);

  double *share = checked_malloc ((size_t) elements_per_rank * sizeof *share);
  double *averages = checked_malloc ((size_t) nranks * sizeof *averages);
#ifdef TRUN_HAVE_MPI
  MPI_Scatter (all, elements_per_rank, MPI_DOUBLE, share, elements_per_rank,
               MPI_DOUBLE, root, MPI_COMM_WORLD);
#else
  memcpy (share, all, (size_t) elements_per_rank * sizeof *share);
#endif
  double share_avg = compute_avg (share, elements_per_rank);
#ifdef TRUN_HAVE_MPI
  MPI_Gather (&share_avg, 1, MPI_DOUBLE, averages, 1, MPI_DOUBLE, root,
              MPI_COMM_WORLD);
#else
  averages[0] = share_avg;
#endif
  if (rank == root)
    printf ("Avg of all elements is %10.8f, Avg computed across original "
            "data is %10.8f\n",
            compute_avg (averages, nranks),
            compute_avg (all, elements_per_rank * nranks));
  free (averages);
  free (share);
  free (all);
}

/* The thread's start routine is plumbing, not work: kept out of the
   instrumentation (as -finstrument-functions would) so that each thread's
   regions sit directly under thread-region, as in the tutorial, where the
   thread body is an inlined lambda.  */
__attribute__ ((no_instrument_function)) static void *
run_thread (void *arg)
{
  struct thread_work *work = arg;
  for (int i = work->first; i < work->nvalues; i += work->stride)
    {
      TRUN_SCOPED_REGION ("thread-parallel-region");
      double answer = (double) fibonacci (work->values[i]);
      work->sum_of_squares += answer * answer;
    }
  return NULL;
}

/* main keeps the tutorial's shape: every phase inline in its region, so
   region mode shows the phases' functions directly under the regions.  */
int
main (int argc, char **argv)
{
#ifdef TRUN_HAVE_MPI
  MPI_Init (&argc, &argv);
#endif
  trun_set_default ("wall_clock, peak_rss");
  trun_init (argc, argv);
  trun_region_begin (argv[0]);

  /* The inputs: the arguments, or 1..DEFAULT_NVALUES.  */
  puts ("Entering Generation region...");
  trun_region_begin ("generation-region");
  int nvalues = argc > 1 ? argc - 1 : DEFAULT_NVALUES;
  long *values = checked_malloc ((size_t) nvalues * sizeof *values);
  for (int i = 0; i < nvalues; i++)
    values[i] = argc > 1 ? atol (argv[i + 1]) : i + 1;
  trun_region_end ("generation-region");

  puts ("Entering Thread region...");
  trun_region_begin ("thread-region");
  pthread_t threads[NTHREADS];
  struct thread_work work[NTHREADS];
  for (int t = 0; t < NTHREADS; t++)
    {
      work[t] = (struct thread_work){ values, nvalues, t, NTHREADS, 0.0 };
      if (pthread_create (&threads[t], NULL, run_thread, &work[t]) != 0)
        {
          perror ("pthread_create");
          exit (EXIT_FAILURE);
        }
    }
  double sum_of_squares = 0.0;
  for (int t = 0; t < NTHREADS; t++)
    {
      pthread_join (threads[t], NULL);
      sum_of_squares += work[t].sum_of_squares;
    }
  trun_region_end ("thread-region");
  printf ("Sum of squares: %.0f\n", sum_of_squares);

  puts ("Entering MPI region...");
  trun_region_begin ("mpi-region");
  long *sent = checked_malloc ((size_t) nvalues * sizeof *sent);
  long *reduced = checked_malloc ((size_t) nvalues * sizeof *reduced);
  for (int i = 0; i < nvalues; i++)
    sent[i] = fibonacci (values[i] % 20 + 10);

  allreduce (sent, reduced, nvalues);

  quiet = 1;
  long modulo = impl_fibonacci (MODULO_INPUT);

  puts ("Entering Scatter-Gather region...");
  for (int i = 0; i < nvalues; i++)
    write_result (values[i], reduced[i]);
  for (int i = 0; i < nvalues; i++)
    scatter_gather ((int) (fibonacci (values[i]) % modulo + 200));

  puts ("Entering finalization phase...");
  trun_region_end ("mpi-region");
  trun_region_end (argv[0]);
  trun_finalize ();

  free (reduced);
  free (sent);
  free (values);
  puts ("Finished...");
#ifdef TRUN_HAVE_MPI
  MPI_Finalize ();
#endif
  return EXIT_SUCCESS;
}
