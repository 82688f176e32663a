/* rt/report/flamegraph.c -- a flame graph to look at:
 * ${prefix}[trace-]<label>.flamegraph.svg per time component of each
 * domain (TRUN_FLAMEGRAPH_OUTPUT / TIMEMORY_FLAMEGRAPH_OUTPUT), one
 * self-contained SVG (inline style and a few lines of script, nothing
 * fetched) that a browser opens as it is.
 *
 * A frame per node of the component's tree (report/ctree.c), the root
 * "all" at the bottom holding the top nodes: width = inclusive value,
 * colour = the node's self share (yellow: its time is in its callees;
 * red: in itself), name, value, share of the total, calls and self value
 * in its <title> (the hover text), click to zoom.  Children whose
 * values add up to more than their parent's (threads under one caller)
 * are drawn scaled to fit in it; the hover text has the true values.
 *
 * Frames narrower than TRUN_FLAMEGRAPH_MIN_WIDTH percent of the total
 * (0.1) are merged into their parent, as flamegraph.pl's --minwidth
 * does: they and their subtrees are not visited, so a million-node tree
 * costs what its wide frames do.  Frames deeper than TRUN_PATH_MAX_DEPTH
 * merge too, and when the frames left would still make more than
 * FLAME_BUDGET bytes, the narrowest go until they do not: the file is at
 * most a few megabytes however large or deep the tree.
 *
 * Names are whole in the hover text, cut to the frame on it; invalid
 * UTF-8, control bytes and the characters XML forbids become U+FFFD,
 * and & < > are escaped.
 */
#define _GNU_SOURCE /* unlocked stdio */
#include "report/writers.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define fputs fputs_unlocked
#define fwrite fwrite_unlocked
#define putc putc_unlocked

#define FLAME_WIDTH 1200   /* pixels */
#define FLAME_PAD 10       /* left and right margin */
#define FLAME_ROW 16       /* a frame's height with its gap */
#define FLAME_TOP 56       /* title and legend */
#define FLAME_BOTTOM 12
#define FLAME_CHAR 7.0     /* pixels per character of 12 px Verdana */
#define FLAME_BUDGET (3u << 20) /* bytes of frames, about */
#define FLAME_FRAME_BYTES 230   /* a frame's markup besides its names */
#define STR(x) #x
#define XSTR(x) STR (x)

struct frame
{
  const struct trun_mnode *node; /* NULL: the root, "all" */
  double x, v;      /* drawn offset and width, in base units */
  double incl;      /* the node's inclusive value (>= 0) */
  double self;      /* the model's self value (>= 0) */
  uint64_t count;
  size_t parent;
  unsigned depth;   /* 0: the root */
  unsigned nchild;  /* shown children */
  unsigned ndrawn;  /* of them drawn */
  int drawn;
};

struct flame
{
  FILE *f;
  const struct trun_mtree *t;
  int comp;
  struct frame *fr;
  size_t n, cap;
  double total;
};

static double
value_of (const struct trun_stat *st)
{
  return st->sum > 0 && isfinite (st->sum) ? st->sum : 0;
}

static int
add_frame (struct flame *g, const struct frame *f)
{
  if (g->n == g->cap)
    {
      size_t cap = g->cap ? 2 * g->cap : 1024;
      struct frame *a = realloc (g->fr, cap * sizeof *a);
      if (!a)
        return -1;
      g->fr = a;
      g->cap = cap;
    }
  g->fr[g->n++] = *f;
  return 0;
}

/* The root's value: the top nodes' inclusive values added up.  */
static double
root_value (const struct flame *g)
{
  const struct trun_mtree *t = g->t;
  double total = 0;
  for (const struct trun_mnode *c = trun_cwalk_child (t, &t->root, NULL,
                                                      g->comp);
       c; c = trun_cwalk_child (t, &t->root, c, g->comp))
    total += value_of (trun_mnode_stat (t, c, g->comp));
  return total;
}

/* Every frame at least MINV wide, breadth first (a parent before its
   children), each child's width scaled into its parent's when the
   children add up to more.  A frame narrower than MINV is not visited,
   nor anything below it.  */
static int
collect (struct flame *g, double minv)
{
  const struct trun_mtree *t = g->t;
  struct frame root = { 0 };
  root.incl = root.v = g->total;
  if (add_frame (g, &root) != 0)
    return -1;
  for (size_t i = 0; i < g->n; i++)
    {
      const struct trun_mnode *n = g->fr[i].node ? g->fr[i].node : &t->root;
      double sum = 0;
      unsigned nchild = 0;
      for (const struct trun_mnode *c = trun_cwalk_child (t, n, NULL, g->comp);
           c; c = trun_cwalk_child (t, n, c, g->comp))
        {
          sum += value_of (trun_mnode_stat (t, c, g->comp));
          nchild++;
        }
      struct frame *f = &g->fr[i];
      f->nchild = nchild;
      /* The model's self value (core/mtree.h), as every writer's.  */
      double self = f->node ? trun_stat_self (trun_mnode_stat (t, n, g->comp))
                            : 0;
      f->self = self > 0 && isfinite (self) ? self : 0;
      if (f->depth >= TRUN_PATH_MAX_DEPTH || !nchild || !(f->v > 0))
        continue;
      double k = f->v / (sum > f->incl ? sum : f->incl);
      double x = f->x;
      unsigned depth = f->depth + 1;
      for (const struct trun_mnode *c = trun_cwalk_child (t, n, NULL, g->comp);
           c; c = trun_cwalk_child (t, n, c, g->comp))
        {
          const struct trun_stat *st = trun_mnode_stat (t, c, g->comp);
          double cv = value_of (st) * k;
          if (cv > 0 && cv >= minv)
            {
              struct frame ch = { c, x, cv, value_of (st), 0, st->count,
                                  i, depth, 0, 0, 0 };
              if (add_frame (g, &ch) != 0)
                return -1;
            }
          x += cv;
        }
    }
  return 0;
}

/* ------------------------------------------------------------------ */
/* Names                                                              */

/* The code point at S (N bytes left), *LEN its bytes; 0xFFFD for a byte
   that starts no valid UTF-8 sequence (then *LEN is 1), for control
   characters and for what XML 1.0 forbids.  */
static unsigned
code_point (const unsigned char *s, size_t n, size_t *len)
{
  unsigned b = s[0];
  *len = 1;
  if (b < 0x80)
    return b < 0x20 || b == 0x7f ? 0xFFFD : b;
  size_t need;
  unsigned cp, lo = 0x80, hi = 0xBF;
  if (b >= 0xC2 && b <= 0xDF)
    need = 1, cp = b & 0x1F;
  else if (b >= 0xE0 && b <= 0xEF)
    {
      need = 2, cp = b & 0x0F;
      if (b == 0xE0)
        lo = 0xA0;
      else if (b == 0xED)
        hi = 0x9F; /* no surrogates */
    }
  else if (b >= 0xF0 && b <= 0xF4)
    {
      need = 3, cp = b & 0x07;
      if (b == 0xF0)
        lo = 0x90;
      else if (b == 0xF4)
        hi = 0x8F;
    }
  else
    return 0xFFFD;
  if (n < need + 1)
    return 0xFFFD;
  for (size_t i = 1; i <= need; i++)
    {
      unsigned c = s[i];
      if (c < (i == 1 ? lo : 0x80) || c > (i == 1 ? hi : 0xBF))
        return 0xFFFD;
      cp = (cp << 6) | (c & 0x3F);
    }
  *len = need + 1;
  if (cp == 0xFFFE || cp == 0xFFFF || (cp >= 0x80 && cp < 0xA0))
    return 0xFFFD;
  return cp;
}

/* Code points of S.  */
static size_t
name_chars (const char *s)
{
  const unsigned char *p = (const unsigned char *) s;
  size_t n = strlen (s), chars = 0, len;
  for (size_t i = 0; i < n; i += len, chars++)
    code_point (p + i, n - i, &len);
  return chars;
}

/* S as XML character data, cut to MAX code points ("..": the rest);
   SIZE_MAX: whole.  */
static void
put_name (FILE *f, const char *s, size_t max)
{
  if (!s)
    s = "";
  const unsigned char *p = (const unsigned char *) s;
  size_t n = strlen (s), len;
  size_t keep = max;
  if (max != SIZE_MAX && name_chars (s) > max)
    keep = max >= 2 ? max - 2 : 0;
  else
    max = SIZE_MAX;
  size_t from = 0, chars = 0, i = 0;
  for (; i < n && chars < keep; i += len, chars++)
    {
      unsigned cp = code_point (p + i, n - i, &len);
      const char *rep = NULL;
      if (cp == 0xFFFD && !(len == 3 && memcmp (p + i, "\xEF\xBF\xBD", 3) == 0))
        rep = "\xEF\xBF\xBD";
      else if (cp == '&')
        rep = "&amp;";
      else if (cp == '<')
        rep = "&lt;";
      else if (cp == '>')
        rep = "&gt;";
      if (rep)
        {
          fwrite (p + from, 1, i - from, f);
          fputs (rep, f);
          from = i + len;
        }
    }
  fwrite (p + from, 1, i - from, f);
  if (max != SIZE_MAX)
    fputs ("..", f);
}

/* 64-bit FNV-1a: the same name, the same shade.  */
static uint64_t
name_hash (const char *s)
{
  uint64_t h = 0xcbf29ce484222325ULL;
  for (const unsigned char *p = (const unsigned char *) (s ? s : ""); *p; p++)
    h = (h ^ *p) * 0x100000001b3ULL;
  return h;
}

/* ------------------------------------------------------------------ */
/* The picture                                                        */

/* Seconds V in the unit that suits them, four digits.  */
static void
put_value (struct flame *g, double v)
{
  static const struct
  {
    double scale;
    const char *name;
  } units[] = { { 1, "s" }, { 1e-3, "ms" }, { 1e-6, "us" }, { 1e-9, "ns" } };
  size_t i = 0;
  while (i + 1 < sizeof units / sizeof units[0] && fabs (v) < units[i].scale)
    i++;
  fprintf (g->f, "%.4g %s", v > 0 ? v / units[i].scale : 0, units[i].name);
}

/* V >= 0 with two decimals, whatever the locale.  */
static void
put_fixed (FILE *f, double v)
{
  long long c = v > 0 ? trun_round (v * 100) : 0;
  fprintf (f, "%lld.%02lld", c / 100, c % 100);
}

static void
put_frame (struct flame *g, const struct frame *fr, double px, int height)
{
  FILE *f = g->f;
  const char *name = fr->node ? fr->node->label : "all";
  if (!name)
    name = "";
  double x = FLAME_PAD + fr->x * px, w = fr->v * px;
  int y = height - FLAME_BOTTOM - (int) (fr->depth + 1) * FLAME_ROW;
  fputs ("<g class=\"f\"><title>", f);
  put_name (f, name, SIZE_MAX);
  putc ('\n', f);
  put_value (g, fr->incl);
  fprintf (f, ", %.2f%%", g->total > 0 ? 100.0 * fr->incl / g->total : 0);
  if (fr->node)
    {
      fprintf (f, ", %llu call%s, self ", (unsigned long long) fr->count,
               fr->count == 1 ? "" : "s");
      put_value (g, fr->self);
      fprintf (f, " (%.1f%%)", fr->incl > 0 ? 100.0 * fr->self / fr->incl : 0);
    }
  if (fr->nchild > fr->ndrawn)
    fprintf (f, ", %u narrow callee%s merged", fr->nchild - fr->ndrawn,
             fr->nchild - fr->ndrawn == 1 ? "" : "s");
  /* Colour: self share from yellow to red, the name's hash for a shade. */
  double s = fr->node && fr->incl > 0 ? fr->self / fr->incl : 0;
  uint64_t h = name_hash (name);
  double j1 = (double) (h & 0xff) / 255.0, j2 = (double) ((h >> 8) & 0xff) / 255.0,
         j3 = (double) ((h >> 16) & 0xff) / 255.0;
  int r = 205 + (int) (50 * j1);
  int gr = (int) ((1 - s) * 185 + 45 * j2);
  int b = (int) (20 + 40 * j3);
  fputs ("</title><rect x=\"", f);
  put_fixed (f, x);
  fprintf (f, "\" y=\"%d\" width=\"", y);
  put_fixed (f, w);
  fprintf (f, "\" height=\"%d\" fill=\"rgb(%d,%d,%d)\"/><text x=\"",
           FLAME_ROW - 1, r, gr, b);
  put_fixed (f, x + 3);
  fprintf (f, "\" y=\"%d\">", y + FLAME_ROW - 4);
  double fit = floor ((w - 6) / FLAME_CHAR);
  if (fit >= 3)
    put_name (f, name, (size_t) fit);
  fputs ("</text></g>\n", f);
}

static const char script[] =
  "<script type=\"text/ecmascript\"><![CDATA[\n"
  "var F=[],W=" XSTR (FLAME_WIDTH) ",P=" XSTR (FLAME_PAD) ";\n"
  "function el(e,n){return e.getElementsByTagName(n)[0];}\n"
  "function init(){var g=document.getElementsByClassName('f');\n"
  " for(var i=0;i<g.length;i++){var e=g[i],r=el(e,'rect');\n"
  "  e.x0=+r.getAttribute('x');e.w0=+r.getAttribute('width');"
  "e.y0=+r.getAttribute('y');\n"
  "  e.onclick=zoom;F.push(e);}}\n"
  "function fit(e,x,w){var r=el(e,'rect'),t=el(e,'text'),"
  "n=el(e,'title').textContent.split('\\n')[0],m=Math.floor((w-6)/7);\n"
  " r.setAttribute('x',x.toFixed(2));r.setAttribute('width',w.toFixed(2));\n"
  " t.setAttribute('x',(x+3).toFixed(2));\n"
  " t.textContent=m<3?'':n.length<=m?n:n.slice(0,m-2)+'..';}\n"
  "function zoom(){var z=this,a=z.x0,b=z.x0+z.w0,k=(W-2*P)/z.w0,e=0.02;\n"
  " for(var i=0;i<F.length;i++){var f=F[i],s=f.style;\n"
  "  if(f.y0<=z.y0&&f.x0>=a-e&&f.x0+f.w0<=b+e){s.display='';s.opacity='';"
  "fit(f,P+(f.x0-a)*k,f.w0*k);}\n"
  "  else if(f.y0>z.y0&&f.x0<=a+e&&f.x0+f.w0>=b-e){s.display='';"
  "s.opacity='0.6';fit(f,P,W-2*P);}\n"
  "  else s.display='none';}}\n"
  "]]></script>\n";

/* Whether frames of the drawn set would make more than the budget: if
   so, the width at or below which frames are left out.  -1: none.  */
static int
cmp_desc (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? 1 : x > y ? -1 : 0;
}

static size_t
frame_bytes (const struct frame *fr, double px)
{
  const char *s = fr->node && fr->node->label ? fr->node->label : "all";
  size_t n = strlen (s);
  double fit = fr->v * px / FLAME_CHAR;
  return FLAME_FRAME_BYTES + n + (fit < (double) n ? (size_t) fit : n);
}

static int
budget_cut (struct flame *g, double px, double *cut)
{
  *cut = -1;
  size_t bytes = 0;
  for (size_t i = 0; i < g->n; i++)
    bytes += frame_bytes (&g->fr[i], px);
  if (bytes <= FLAME_BUDGET)
    return 0;
  /* Widest first, until the budget is spent: a frame is never wider
     than its parent, so what is kept is whole subtrees' tops.  */
  struct wb
  {
    double v;
    size_t bytes;
  } *a = malloc (g->n * sizeof *a);
  if (!a)
    return -1;
  for (size_t i = 0; i < g->n; i++)
    a[i] = (struct wb){ g->fr[i].v, frame_bytes (&g->fr[i], px) };
  qsort (a, g->n, sizeof *a, cmp_desc);
  bytes = 0;
  for (size_t i = 0; i < g->n; i++)
    {
      bytes += a[i].bytes;
      if (bytes > FLAME_BUDGET)
        {
          *cut = a[i].v;
          break;
        }
    }
  free (a);
  return 0;
}

int
trun_report_flamegraph (FILE *f, const struct trun_mtree *t, int comp,
                        const char *title, const struct trun_settings *s)
{
  struct flame g;
  memset (&g, 0, sizeof g);
  g.f = f;
  g.t = t;
  g.comp = comp;
  double minpct = s->flamegraph_min_width;
  g.total = root_value (&g);
  int err = collect (&g, minpct / 100.0 * g.total) != 0;
  double px = g.total > 0 ? (FLAME_WIDTH - 2 * FLAME_PAD) / g.total : 0;
  double cut = -1;
  if (!err)
    err = budget_cut (&g, px, &cut) != 0;
  if (err)
    g.n = g.n ? 1 : 0; /* out of memory: the root alone */
  size_t ndrawn = 0;
  unsigned maxdepth = 0;
  for (size_t i = 0; i < g.n; i++)
    {
      struct frame *fr = &g.fr[i];
      fr->drawn = i == 0 || (fr->v > cut && g.fr[fr->parent].drawn);
      if (!fr->drawn)
        continue;
      ndrawn++;
      if (fr->depth > maxdepth)
        maxdepth = fr->depth;
      if (i)
        g.fr[fr->parent].ndrawn++;
    }
  int height = FLAME_TOP + (int) (maxdepth + 1) * FLAME_ROW + FLAME_BOTTOM;
  fprintf (f,
           "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n"
           "<svg version=\"1.1\" xmlns=\"http://www.w3.org/2000/svg\" "
           "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
           "onload=\"init(evt)\">\n"
           "<style>text{font-family:Verdana,DejaVu Sans,sans-serif;"
           "font-size:12px;fill:#000}g.f{cursor:pointer}"
           "g.f:hover rect{stroke:#000;stroke-width:0.5}"
           "#title{font-size:17px}#legend{fill:#555}</style>\n",
           FLAME_WIDTH, height, FLAME_WIDTH, height);
  fputs (script, f);
  fprintf (f, "<rect width=\"100%%\" height=\"100%%\" fill=\"#fbfbf4\"/>\n"
              "<text id=\"title\" x=\"%d\" y=\"22\" text-anchor=\"middle\">",
           FLAME_WIDTH / 2);
  put_name (f, title, (size_t) ((FLAME_WIDTH - 2 * FLAME_PAD) / 10));
  fprintf (f, "</text>\n<text id=\"legend\" x=\"%d\" y=\"42\">", FLAME_PAD);
  put_value (&g, g.total);
  fprintf (f, " in all; %zu frames drawn; frames under %g%% of it merged "
              "into their caller; colour: self share (yellow low, red "
              "high); hover for values, click to zoom, click the bottom "
              "frame to reset",
           ndrawn, minpct);
  if (err)
    fputs ("; out of memory: only the root drawn", f);
  fputs ("</text>\n<g id=\"frames\">\n", f);
  for (size_t i = 0; i < g.n; i++)
    if (g.fr[i].drawn)
      put_frame (&g, &g.fr[i], px, height);
  fputs ("</g>\n</svg>\n", f);
  free (g.fr);
  return err;
}

/* ------------------------------------------------------------------ */
/* The files                                                          */

static int
flame_file (const struct trun_report *r, int d, int comp)
{
  const struct trun_component *cm = &trun_components[comp];
  char name[256];
  snprintf (name, sizeof name, "%s%s.flamegraph.svg",
            d == TRUN_DOMAIN_TRACE ? "trace-" : "", cm->label);
  struct trun_out *o = trun_out_open (r, name);
  if (!o)
    return 1;
  const char *cmd = r->info && r->info->command_line ? r->info->command_line
                                                     : "";
  size_t n = strlen (cmd) + strlen (cm->name) + 96;
  char *title = malloc (n);
  if (title)
    {
      char where[48] = "";
      if (r->kind == TRUN_REPORT_JOB)
        snprintf (where, sizeof where, ", %d ranks", r->nranks);
      else if (r->info && r->info->rank >= 0)
        snprintf (where, sizeof where, ", rank %d", r->info->rank);
      snprintf (title, n, "%s%s%s: %s", cm->name,
                d == TRUN_DOMAIN_TRACE ? " (trace mode)" : "", where, cmd);
    }
  FILE *f = trun_out_stream (o);
  flockfile (f);
  int err = trun_report_flamegraph (f, r->tree[d], comp,
                                    title ? title : cm->name, r->settings);
  funlockfile (f);
  free (title);
  if (err)
    trun_warn ("out of memory writing %s", name);
  return (trun_out_close (o) != 0) | err;
}

static int
flame_files (const struct trun_report *r)
{
  /* A job's: the job tree, every rank's calls folded (rank 0).  */
  if (!r->settings->flamegraph_output || !r->settings->file_output
      || (r->kind == TRUN_REPORT_JOB && !r->aggregate))
    return 0;
  int failed = 0;
  for (int d = 0; d < TRUN_NDOMAIN; d++)
    {
      trun_mask_t m = trun_report_components (r, d);
      for (int comp = 0; comp < TRUN_NCOMP; comp++)
        if ((m & ((trun_mask_t) 1 << comp))
            && trun_components[comp].cls == TRUN_CLASS_TIMING)
          failed |= flame_file (r, d, comp);
    }
  return failed;
}

const struct trun_writer trun_flamegraph_writer = { "flamegraph", flame_files,
                                                    NULL };
