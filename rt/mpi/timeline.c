/* rt/mpi/timeline.c -- TRUN_TIMELINE under MPI: the ranks' clocks on
 * rank 0's time axis, and one timeline file for the job.
 *
 * Clocks: at MPI_Init and again at MPI_Finalize every rank compares its
 * clock with rank 0's as Score-P does: a few ping-pongs with rank 0 (one
 * rank at a time), the one with the shortest round trip taken; rank 0's
 * clock at its reply is the rank's at the middle of that round trip, to
 * within half of it.  The offset to rank 0 is interpolated linearly
 * between the two (drift), and every rank's times are shifted by the
 * same amount so that the earliest event of the job is not before 0.
 *
 * One file: each rank writes its events (the trace-event elements) to a
 * nameless temporary file in its output directory at finalize; then, in
 * MPI_Finalize, rank 0 asks each rank in turn for its part and the rank
 * sends it over MPI in 1 MB chunks, which rank 0 appends to
 * <prefix>timeline.json: no shared file system is needed, and rank 0
 * holds one chunk at a time.  A rank that finalized before MPI_Finalize
 * (trun_finalize) or leaves without it writes its own
 * timeline-rankN.json, as does every rank with TRUN_MPI_PER_RANK=on
 * (besides the job's file).
 */
#define _GNU_SOURCE
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "mpi/mpip.h"
#include "report/writers.h"

#define TAG_PING 0x7480 /* on the timeline's own duplicate of COMM_WORLD */
#define TAG_PONG 0x7481
#define TAG_GO 0x7482
#define TAG_HEAD 0x7483
#define TAG_CHUNK 0x7484
#define PINGS 20
#define TL_CHUNK ((size_t) 1 << 20)

static MPI_Comm tl_comm = MPI_COMM_NULL;
static int tl_rank, tl_size;
/* A sync point in ticks: this rank's clock at the middle of the best
   round trip, rank 0's at its reply, and the round trip.  */
struct tick_sync
{
  uint64_t local, ref, rtt;
};
static struct tick_sync syncs[2];
static FILE *part_file; /* this rank's events for the job's file */
static char chunk[TL_CHUNK]; /* one piece of a part on its way */
static struct trun_tl_part part_meta;

/* This rank's clock against rank 0's (collective on tl_comm).  */
static void
ping_pong (struct tick_sync *out)
{
  if (tl_rank == 0)
    {
      uint64_t t = trun_now ();
      *out = (struct tick_sync){ t, t, 0 };
      for (int r = 1; r < tl_size; r++)
        for (int k = 0; k < PINGS; k++)
          {
            uint64_t ping;
            TRUN_PMPI (PMPI_Recv) (&ping, 1, MPI_UINT64_T, r, TAG_PING,
                                   tl_comm, MPI_STATUS_IGNORE);
            t = trun_now ();
            TRUN_PMPI (PMPI_Send) (&t, 1, MPI_UINT64_T, r, TAG_PONG, tl_comm);
          }
      return;
    }
  out->rtt = UINT64_MAX;
  for (int k = 0; k < PINGS; k++)
    {
      uint64_t a = trun_now (), ref = 0;
      TRUN_PMPI (PMPI_Send) (&a, 1, MPI_UINT64_T, 0, TAG_PING, tl_comm);
      TRUN_PMPI (PMPI_Recv) (&ref, 1, MPI_UINT64_T, 0, TAG_PONG, tl_comm,
                             MPI_STATUS_IGNORE);
      uint64_t b = trun_now ();
      if (b >= a && b - a < out->rtt)
        *out = (struct tick_sync){ a + (b - a) / 2, ref, b - a };
    }
}

void
trun_mpi_tl_init (void)
{
  if (TRUN_PMPI (PMPI_Comm_dup) (MPI_COMM_WORLD, &tl_comm) != MPI_SUCCESS)
    {
      tl_comm = MPI_COMM_NULL;
      return;
    }
  TRUN_PMPI (PMPI_Comm_rank) (tl_comm, &tl_rank);
  TRUN_PMPI (PMPI_Comm_size) (tl_comm, &tl_size);
  /* Only when every rank records (a rank that does not would never
     answer): the ranks agree first.  */
  int on = trun_tl_on (), all = 0;
  TRUN_PMPI (PMPI_Allreduce) (&on, &all, 1, MPI_INT, MPI_MIN, tl_comm);
  if (!all)
    {
      TRUN_PMPI (PMPI_Comm_free) (&tl_comm);
      tl_comm = MPI_COMM_NULL;
      return;
    }
  ping_pong (&syncs[0]);
}

/* Local tick T of a clock starting at START with TPS seconds a tick, in
   nanoseconds.  */
static double
ns_of (uint64_t t, uint64_t start, double tps)
{
  return t >= start ? (double) (t - start) * tps * 1e9
                    : -(double) (start - t) * tps * 1e9;
}

void
trun_mpi_tl_finalize_sync (void)
{
  if (tl_comm == MPI_COMM_NULL)
    return;
  struct trun_fpenv env; /* the program's flags stay as it set them */
  trun_fpenv_save (&env);
  ping_pong (&syncs[1]);
  /* Rank 0's calibration now (finalize's own, moments later, differs by
     far less than a round trip) to put its ticks in nanoseconds.  */
  trun_clock_calibrate ();
  uint64_t ref[2] = { trun_tl_start_tick (), 0 };
  memcpy (&ref[1], &trun_tick_seconds, sizeof (double));
  TRUN_PMPI (PMPI_Bcast) (ref, 2, MPI_UINT64_T, 0, tl_comm);
  double tps0;
  memcpy (&tps0, &ref[1], sizeof tps0);
  uint64_t start = trun_tl_start_tick ();
  double tps = trun_tick_seconds;
  double x[2], off[2];
  for (int i = 0; i < 2; i++)
    {
      x[i] = ns_of (syncs[i].local, start, tps);
      off[i] = ns_of (syncs[i].ref, ref[0], tps0) - x[i];
    }
  /* This rank's time 0 on rank 0's axis; the job's earliest becomes 0.  */
  double zero = off[0];
  if (x[1] != x[0])
    zero += (off[1] - off[0]) * (0 - x[0]) / (x[1] - x[0]);
  double first = 0;
  TRUN_PMPI (PMPI_Allreduce) (&zero, &first, 1, MPI_DOUBLE, MPI_MIN, tl_comm);
  double shift = first < 0 ? -first : 0;
  struct trun_tl_sync s[2];
  for (int i = 0; i < 2; i++)
    s[i] = (struct trun_tl_sync){
      syncs[i].local, (int64_t) (x[i] + off[i] + shift + 0.5),
      (uint64_t) ((double) syncs[i].rtt * tps * 1e9 / 2 + 0.5)
    };
  trun_tl_set_sync (s, 2);
  trun_fpenv_restore (&env);
}

/* The timeline hook: at finalize inside MPI_Finalize, this rank's events
   into its part.  */
int
trun_mpi_tl_keep_part (const struct trun_report *r, int per_rank)
{
  if (tl_comm == MPI_COMM_NULL || part_file)
    return 0;
  part_file = trun_out_scratch (r);
  if (!part_file)
    return 0;
  if (trun_timeline_part_write (r, part_file, &part_meta) != 0)
    {
      trun_warn ("rank %d: its timeline could not be written for rank 0: "
                 "it writes its own file",
                 tl_rank);
      fclose (part_file);
      part_file = NULL;
      return 0;
    }
  return !per_rank;
}

/* What a rank sends before its part's bytes.  */
struct part_head
{
  uint64_t bytes; /* UINT64_MAX: no part */
  struct trun_tl_part meta;
};

static void
send_part (void)
{
  int go;
  TRUN_PMPI (PMPI_Recv) (&go, 1, MPI_INT, 0, TAG_GO, tl_comm,
                         MPI_STATUS_IGNORE);
  struct part_head h = { UINT64_MAX, part_meta };
  long end = part_file && fseek (part_file, 0, SEEK_END) == 0
                 ? ftell (part_file) : -1;
  if (end >= 0 && fseek (part_file, 0, SEEK_SET) == 0)
    h.bytes = (uint64_t) end;
  TRUN_PMPI (PMPI_Send) (&h, (int) sizeof h, MPI_BYTE, 0, TAG_HEAD, tl_comm);
  for (uint64_t off = 0; h.bytes != UINT64_MAX && off < h.bytes;)
    {
      size_t k = h.bytes - off < TL_CHUNK ? (size_t) (h.bytes - off) : TL_CHUNK;
      /* A short read: blanks, so that rank 0 gets the length it was
         told (a broken part rather than a hung job).  */
      size_t got = fread (chunk, 1, k, part_file);
      if (got < k)
        memset (chunk + got, ' ', k - got);
      TRUN_PMPI (PMPI_Send) (chunk, (int) k, MPI_BYTE, 0, TAG_CHUNK, tl_comm);
      off += k;
    }
}

/* Rank 0: the job's file, every rank's part in rank order.  */
static void
write_job_file (void)
{
  struct trun_report job;
  trun_job_report_init (&job);
  struct trun_tl_part *parts = calloc ((size_t) tl_size, sizeof *parts);
  struct trun_tl_job *j
      = parts ? trun_timeline_job_open (&job, trun_settings.timeline_compress)
              : NULL;
  for (int r = 0; r < tl_size; r++)
    {
      struct part_head h = { UINT64_MAX, part_meta };
      if (r > 0)
        {
          int go = 1;
          TRUN_PMPI (PMPI_Send) (&go, 1, MPI_INT, r, TAG_GO, tl_comm);
          TRUN_PMPI (PMPI_Recv) (&h, (int) sizeof h, MPI_BYTE, r, TAG_HEAD,
                                 tl_comm, MPI_STATUS_IGNORE);
        }
      else if (part_file && fseek (part_file, 0, SEEK_END) == 0)
        {
          long end = ftell (part_file);
          if (end >= 0 && fseek (part_file, 0, SEEK_SET) == 0)
            h.bytes = (uint64_t) end;
        }
      int first = 1;
      for (uint64_t off = 0; h.bytes != UINT64_MAX && off < h.bytes;)
        {
          size_t k = h.bytes - off < TL_CHUNK ? (size_t) (h.bytes - off)
                                               : TL_CHUNK;
          int n = 0;
          if (r > 0)
            {
              MPI_Status st;
              TRUN_PMPI (PMPI_Recv) (chunk, (int) k, MPI_BYTE, r, TAG_CHUNK,
                                     tl_comm, &st);
              TRUN_PMPI (PMPI_Get_count) (&st, MPI_BYTE, &n);
            }
          else
            n = (int) fread (chunk, 1, k, part_file);
          if (n <= 0)
            break;
          if (j)
            trun_timeline_job_bytes (j, chunk, (size_t) n, first);
          first = 0;
          off += (uint64_t) n;
        }
      if (parts)
        {
          parts[r] = h.meta;
          if (h.bytes == UINT64_MAX)
            {
              memset (&parts[r], 0, sizeof parts[r]);
              parts[r].pid = parts[r].rank = r;
              parts[r].missing = 1;
            }
        }
    }
  if (j && trun_timeline_job_close (j, parts, (size_t) tl_size) != 0)
    trun_warn ("the job's timeline could not be written");
  free (parts);
}

void
trun_mpi_tl_gather (void)
{
  if (tl_comm == MPI_COMM_NULL)
    return;
  /* No rank kept a part (each finalized early and wrote its own file):
     no job file.  */
  int mine = part_file != NULL, any = 0;
  TRUN_PMPI (PMPI_Allreduce) (&mine, &any, 1, MPI_INT, MPI_MAX, tl_comm);
  if (any && tl_rank == 0)
    write_job_file ();
  else if (any)
    send_part ();
  if (part_file)
    fclose (part_file);
  part_file = NULL;
  TRUN_PMPI (PMPI_Comm_free) (&tl_comm);
  tl_comm = MPI_COMM_NULL;
}
