/*
 * loaded.h: librsvg and poppler-glib, opened the first time a document has
 * an SVG or a PDF figure (loaded.c), not at every start: linked, the two
 * map and relocate some 8 MiB at every run (measured: README, Benchmark).
 * Their headers give the types; the functions image.c calls are reached
 * through these tables, whose pointers have the headers' own types.
 */
#ifndef LOADED_H
#define LOADED_H

#include <librsvg/rsvg.h>
#include <poppler.h>

typedef struct Rsvg {
    __typeof__(rsvg_handle_new_from_data) *new_from_data;
    __typeof__(rsvg_handle_set_dpi) *set_dpi;
    __typeof__(rsvg_handle_get_intrinsic_size_in_pixels) *get_intrinsic_size_in_pixels;
    __typeof__(rsvg_handle_get_intrinsic_dimensions) *get_intrinsic_dimensions;
    __typeof__(rsvg_handle_render_document) *render_document;
} Rsvg;

typedef struct Poppler {
    __typeof__(poppler_document_new_from_bytes) *document_new_from_bytes;
    __typeof__(poppler_document_get_n_pages) *document_get_n_pages;
    __typeof__(poppler_document_get_page) *document_get_page;
    __typeof__(poppler_page_get_size) *page_get_size;
    __typeof__(poppler_page_render_for_printing) *page_render_for_printing;
} Poppler;

/* The library's functions, the library opened on the first call (and
 * kept); NULL when it cannot be opened, with *why saying why (static). */
const Rsvg *loaded_rsvg(const char **why);
const Poppler *loaded_poppler(const char **why);

#endif
