/* rt/report/block.c -- a writer's output block: the bytes of many lines
 * collected in one large buffer and handed to the stream in one fwrite,
 * instead of one stdio call per line or per field (stdio's per-call cost
 * is most of what a million-line report spends outside formatting).
 */
#define _GNU_SOURCE /* unlocked stdio */
#include "report/writers.h"

#include <stdlib.h>
#include <string.h>

/* Bytes collected before each fwrite: as large as the output module's
   stream buffer, so a full block goes through it without a copy.  */
#define BLOCK_BYTES (1u << 20)

void
trun_block_init (struct trun_block *b, FILE *out)
{
  b->out = out;
  b->len = 0;
  b->buf = malloc (BLOCK_BYTES);
  b->cap = b->buf ? BLOCK_BYTES : sizeof b->spare;
  if (!b->buf)
    b->buf = b->spare; /* out of memory: smaller blocks, same bytes */
}

void
trun_block_flush (struct trun_block *b)
{
  if (b->len && b->out)
    fwrite_unlocked (b->buf, 1, b->len, b->out);
  b->len = 0;
}

char *
trun_block_room_slow (struct trun_block *b, size_t n)
{
  trun_block_flush (b);
  return n <= b->cap ? b->buf : NULL;
}

void
trun_block_write_slow (struct trun_block *b, const void *p, size_t n)
{
  char *o = trun_block_room (b, n);
  if (!o)
    {
      if (b->out)
        fwrite_unlocked (p, 1, n, b->out);
      return;
    }
  memcpy (o, p, n);
  b->len += n;
}

void
trun_block_end (struct trun_block *b)
{
  trun_block_flush (b);
  if (b->buf != b->spare)
    free (b->buf);
  b->buf = b->spare;
  b->cap = sizeof b->spare;
}
