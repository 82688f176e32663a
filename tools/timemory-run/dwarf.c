/* tools/timemory-run/dwarf.c -- a program's build, as its DWARF records
 * it (see dwarf.h).
 */
#define _GNU_SOURCE
#include "dwarf.h"
#include "util/alloc.h"
#include "util/path.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwelf.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *
hex_of (const unsigned char *p, size_t n)
{
  char *s = xmalloc (2 * n + 1);
  for (size_t i = 0; i < n; i++)
    snprintf (s + 2 * i, 3, "%02x", p[i]);
  s[2 * n] = 0;
  return s;
}

static char *
build_id_of (Elf *elf)
{
  const void *id = NULL;
  ssize_t len = dwelf_elf_gnu_build_id (elf, &id);
  return len > 0 ? hex_of (id, (size_t) len) : NULL;
}

char *
elf_build_id (const char *path)
{
  elf_version (EV_CURRENT);
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return NULL;
  Elf *elf = elf_begin (fd, ELF_C_READ_MMAP, NULL);
  char *id = elf && elf_kind (elf) == ELF_K_ELF ? build_id_of (elf) : NULL;
  elf_end (elf);
  close (fd);
  return id;
}

static const char *
string_attr (Dwarf_Die *die, unsigned int name)
{
  Dwarf_Attribute a;
  return dwarf_attr_integrate (die, name, &a) ? dwarf_formstring (&a) : NULL;
}

static int
is_cxx_lang (int lang)
{
  return lang == DW_LANG_C_plus_plus || lang == DW_LANG_C_plus_plus_03
         || lang == DW_LANG_C_plus_plus_11 || lang == DW_LANG_C_plus_plus_14
#ifdef DW_LANG_C_plus_plus_17
         || lang == DW_LANG_C_plus_plus_17 || lang == DW_LANG_C_plus_plus_20
#endif
    ;
}

static int
is_c_lang (int lang)
{
  return lang == DW_LANG_C89 || lang == DW_LANG_C || lang == DW_LANG_C99
         || lang == DW_LANG_C11
#ifdef DW_LANG_C17
         || lang == DW_LANG_C17
#endif
    ;
}

/* Macro definitions of the command line and the compiler: those at line
   0, in the unit's macro information or a part it imports.  */
struct macro_walk
{
  Dwarf *dw;
  struct strv *out;
  int depth; /* imports followed */
};

static int
macro_cb (Dwarf_Macro *m, void *arg)
{
  struct macro_walk *w = arg;
  unsigned int op;
  if (dwarf_macro_opcode (m, &op) != 0)
    return DWARF_CB_OK;
  if (op == DW_MACRO_import && w->depth < 8)
    {
      Dwarf_Attribute a;
      Dwarf_Word off;
      if (dwarf_macro_param (m, 0, &a) == 0 && dwarf_formudata (&a, &off) == 0)
        {
          w->depth++;
          ptrdiff_t token = DWARF_GETMACROS_START;
          while ((token = dwarf_getmacros_off (w->dw, off, macro_cb, w, token)) > 0)
            ;
          w->depth--;
        }
    }
  else if (op == DW_MACRO_define || op == DW_MACRO_define_strp || op == DW_MACRO_define_strx
           || op == DW_MACRO_define_sup || op == DW_MACINFO_define)
    {
      Dwarf_Word line;
      const char *text = NULL;
      if (dwarf_macro_param1 (m, &line) == 0 && line == 0
          && dwarf_macro_param2 (m, NULL, &text) == 0 && text)
        strv_push (w->out, text);
    }
  return DWARF_CB_OK;
}

static void
read_unit (Dwarf_Die *cu, struct dwarf_info *di)
{
  int lang = dwarf_srclang (cu);
  if (!is_c_lang (lang) && !is_cxx_lang (lang))
    return;
  const char *name = dwarf_diename (cu);
  if (!name || strcmp (name, "<artificial>") == 0)
    return; /* LTO units name no source */
  const char *comp_dir = string_attr (cu, DW_AT_comp_dir);
  char *source = path_absolute (comp_dir, name);
  for (size_t i = 0; i < di->n; i++)
    if (strcmp (di->units[i].source, source) == 0)
      {
        free (source);
        return;
      }
  struct dwarf_unit u = { 0 };
  u.name = xstrdup (name);
  u.comp_dir = comp_dir ? xstrdup (comp_dir) : NULL;
  u.source = source;
  const char *producer = string_attr (cu, DW_AT_producer);
  u.producer = producer ? xstrdup (producer) : NULL;
  u.cxx = is_cxx_lang (lang);
  Dwarf_Files *files;
  size_t nfiles;
  if (dwarf_getsrcfiles (cu, &files, &nfiles) == 0)
    for (size_t i = 0; i < nfiles; i++)
      {
        const char *f = dwarf_filesrc (files, i, NULL, NULL);
        /* GCC's pseudo-files ("<built-in>", "<command-line>") are in
           C++ line tables, joined to a directory, but never on disk.  */
        const char *base = f ? strrchr (f, '/') : NULL;
        if (!f || !*f || strcmp (f, "???") == 0 || (base ? base[1] : f[0]) == '<')
          continue;
        char *abs = path_absolute (comp_dir, f);
        if (!strv_contains (&u.files, abs))
          strv_push (&u.files, abs);
        free (abs);
      }
  Dwarf_Attribute a;
  if (dwarf_attr (cu, DW_AT_macros, &a) || dwarf_attr (cu, DW_AT_GNU_macros, &a)
      || dwarf_attr (cu, DW_AT_macro_info, &a))
    {
      struct macro_walk w = { dwarf_cu_getdwarf (cu->cu), &u.macros, 0 };
      u.has_macros = 1;
      ptrdiff_t token = DWARF_GETMACROS_START;
      while ((token = dwarf_getmacros (cu, macro_cb, &w, token)) > 0)
        ;
    }
  di->units = xrealloc (di->units, (di->n + 1) * sizeof *di->units);
  di->units[di->n++] = u;
}

int
dwarf_read_program (const char *program, struct dwarf_info *di)
{
  memset (di, 0, sizeof *di);
  elf_version (EV_CURRENT);
  int fd = open (program, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  Elf *elf = elf_begin (fd, ELF_C_READ_MMAP, NULL);
  if (!elf || elf_kind (elf) != ELF_K_ELF)
    {
      elf_end (elf);
      close (fd);
      return -1;
    }
  di->build_id = build_id_of (elf);
  Dwarf *dw = dwarf_begin_elf (elf, DWARF_C_READ, NULL);
  if (dw)
    {
      Dwarf_Off off = 0, next;
      size_t header_size;
      while (dwarf_nextcu (dw, off, &next, &header_size, NULL, NULL, NULL) == 0)
        {
          Dwarf_Die cu;
          if (dwarf_offdie (dw, off + header_size, &cu)
              && (dwarf_tag (&cu) == DW_TAG_compile_unit || dwarf_tag (&cu) == DW_TAG_partial_unit))
            {
              di->has_debug = 1;
              read_unit (&cu, di);
            }
          off = next;
        }
      dwarf_end (dw);
    }
  elf_end (elf);
  close (fd);
  return 0;
}

void
dwarf_info_free (struct dwarf_info *di)
{
  for (size_t i = 0; i < di->n; i++)
    {
      struct dwarf_unit *u = &di->units[i];
      free (u->name), free (u->comp_dir), free (u->source), free (u->producer);
      strv_free (&u->files);
      strv_free (&u->macros);
    }
  free (di->units);
  free (di->build_id);
  memset (di, 0, sizeof *di);
}

int
producer_switches (const char *producer, struct strv *args)
{
  if (!producer)
    return 0;
  struct strv words = { 0 };
  strv_split (&words, producer, ' ');
  /* "GNU" "C17" "12.2.0" then the switches: they start at the first word
     that begins with '-'.  */
  size_t i = 0;
  while (i < words.n && words.v[i][0] != '-')
    i++;
  size_t before = args->n;
  for (; i < words.n; i++)
    strv_push (args, words.v[i]);
  strv_free (&words);
  return args->n > before;
}
