/*
 * loaded.c: librsvg and poppler-glib opened with GModule when a document
 * first needs them (see loaded.h). Their sonames come from the build
 * (the Makefile reads them from the libraries pkg-config names), so the
 * ones opened are the ones compiled against. Measured: `kumihan --version`
 * peaked at 16.1 MiB with both linked, 7.7 without (README, Benchmark).
 */
#include "loaded.h"

#include <gmodule.h>
#include <stdbool.h>
#include <string.h>

#ifndef KUMIHAN_RSVG_SO
#define KUMIHAN_RSVG_SO "librsvg-2.so.2"
#endif
#ifndef KUMIHAN_POPPLER_SO
#define KUMIHAN_POPPLER_SO "libpoppler-glib.so.8"
#endif

/* Open `name` and find each of the n symbols into the pointers at out
 * (function pointers, copied as bytes: ISO C has no cast between object and
 * function pointers). */
static bool
open_library(const char *name, const char *const *symbols, void *out, size_t n,
             const char **why)
{
    GModule *m = g_module_open(name, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
    if (!m) {
        *why = g_intern_string(g_module_error());
        return false;
    }
    g_module_make_resident(m);             /* (kept to the end of the process) */
    for (size_t i = 0; i < n; i++) {
        gpointer sym = NULL;
        if (!g_module_symbol(m, symbols[i], &sym) || !sym) {
            *why = g_intern_string(g_module_error());
            return false;
        }
        memcpy((char *)out + i * sizeof sym, &sym, sizeof sym);
    }
    return true;
}

const Rsvg *
loaded_rsvg(const char **why)
{
    static Rsvg r;
    static gsize tried;
    static int state;                      /* 1 open, -1 failed (once tried) */
    static const char *failed;
    static const char *const names[] = {
        "rsvg_handle_new_from_data", "rsvg_handle_set_dpi",
        "rsvg_handle_get_intrinsic_size_in_pixels", "rsvg_handle_get_intrinsic_dimensions",
        "rsvg_handle_render_document",
    };
    G_STATIC_ASSERT(sizeof r == G_N_ELEMENTS(names) * sizeof(gpointer));
    if (g_once_init_enter(&tried)) {       /* (once, whichever thread asks first) */
        state = open_library(KUMIHAN_RSVG_SO, names, &r, G_N_ELEMENTS(names), &failed) ? 1
                                                                                       : -1;
        g_once_init_leave(&tried, 1);
    }
    if (state < 0)
        *why = failed;
    return state > 0 ? &r : NULL;
}

const Poppler *
loaded_poppler(const char **why)
{
    static Poppler p;
    static gsize tried;
    static int state;
    static const char *failed;
    static const char *const names[] = {
        "poppler_document_new_from_bytes", "poppler_document_get_n_pages",
        "poppler_document_get_page", "poppler_page_get_size",
        "poppler_page_render_for_printing",
    };
    G_STATIC_ASSERT(sizeof p == G_N_ELEMENTS(names) * sizeof(gpointer));
    if (g_once_init_enter(&tried)) {
        state = open_library(KUMIHAN_POPPLER_SO, names, &p, G_N_ELEMENTS(names), &failed)
                    ? 1 : -1;
        g_once_init_leave(&tried, 1);
    }
    if (state < 0)
        *why = failed;
    return state > 0 ? &p : NULL;
}
