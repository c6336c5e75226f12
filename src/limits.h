/*
 * limits.h: every hard limit of the engine, with the reason for it.
 * Content beyond a limit is truncated or refused with a warning at its
 * source position; nothing here is a silent cut.
 */
#ifndef LIMITS_H
#define LIMITS_H

/* Largest input file read, in bytes. The report is 12 KB; 64 MB keeps a
 * book-length document well inside while bounding memory for hostile input. */
#define LIMIT_INPUT_BYTES (64u * 1024u * 1024u)

/* Most files one document is set from (chapters: book.c): a book of a
 * few dozen chapters fits many times over. */
#define LIMIT_CHAPTERS 1000

/* Largest theme file read, in bytes: a complete theme is some 10 KB. */
#define LIMIT_THEME_BYTES (1024 * 1024)

/* A theme's template filled in (template.h) is cut at this many bytes:
 * "{title}{title}..." over a long title cannot grow without bound. A
 * running head, a folio or a mark is far narrower (it is cut with "…" at
 * its slot's width whatever its length); a line of the title block longer
 * than this is cut with a warning. */
#define LIMIT_TEMPLATE_BYTES (16 * 1024)

/* Front matter keys kumihan does not know, kept for a theme's templates
 * ({customer}): a document has a few; past this many the rest are only
 * warned of (the list stays small, its lookups cheap). */
#define LIMIT_FRONT_EXTRA 256

/* Block nesting (lists, quotes) deeper than this is flattened to this depth:
 * the indent would leave no measure long before, and recursion stays bounded. */
#define LIMIT_NEST_DEPTH 64

/* Inline nesting (emphasis inside links inside emphasis ...) deeper than this
 * keeps the outer style; the text itself is kept. */
#define LIMIT_INLINE_DEPTH 128

/* The measure left for text after list and quote indents never drops below
 * this many ems; deeper levels stop indenting. */
#define LIMIT_MIN_MEASURE_EM 8

/* Table columns beyond this are dropped with a warning (each column needs at
 * least a few ems of measure). */
#define LIMIT_TABLE_COLS 64

/* Warnings printed per run; the rest are counted and summarised. */
#define LIMIT_WARNINGS 100

/* Image pixel count refused above this (decoding cost and memory). */
#define LIMIT_IMAGE_PIXELS (64u * 1024u * 1024u)

/* Pixels of all the images a run decodes, each counted once however often it
 * is placed: they stay decoded (4 bytes a pixel) until the PDF is written,
 * so this bounds them at 1 GiB. A report of 20 phone photos (12 Mpx) fits. */
#define LIMIT_RUN_IMAGE_PIXELS (256u * 1024u * 1024u)

/* Pixels of a picture seen through Marp's filters (filter.c), made anew
 * for its box: a bigger box gets fewer pixels a point. With the three or
 * four working copies the filters need at once, 256 MiB at most. */
#define LIMIT_FILTER_PIXELS (16u * 1024u * 1024u)

/* Largest image file read, in bytes: an uncompressed PNG of the largest
 * image allowed is 256 MB. */
#define LIMIT_IMAGE_BYTES (256u * 1024u * 1024u)

/* Active breakpoints kept by the paragraph builder: bounds its cost to
 * linear in the paragraph length. */
#define LIMIT_ACTIVE_BREAKS 48

/* Bytes of one paragraph shaped and broken at once. A longer paragraph
 * (a book chapter with no blank line, 21,000 Japanese characters: far above
 * any real paragraph) is set in windows of this size, each shaped by Pango
 * and broken by total fit on its own; a window keeps its lines up to
 * LIMIT_PARAGRAPH_OVERLAP bytes before its end, and the next starts where
 * the first line it did not keep starts. Shaping, break attributes,
 * clusters, items and breakpoints took some 130 bytes a byte of text
 * (4.6 GB for 20 MB); in windows they take the same for 64 KB once, so the
 * memory of a paragraph is its text and its lines, and the time linear.
 * Lines of such a paragraph may break where one total fit over the whole
 * paragraph would not (never in a paragraph below this size). */
#define LIMIT_PARAGRAPH_BYTES (64 * 1024)

/* The end of a paragraph window whose lines are set again with the next
 * window: the lines before it were chosen knowing 8 KB (some 60 lines of
 * Japanese) of the text after them, where a total fit has long settled. */
#define LIMIT_PARAGRAPH_OVERLAP (8 * 1024)

/* Largest font file checked, in bytes: the largest CJK collections (Noto
 * Sans CJK as one OTC of every weight) are about 120 MB; a file larger is
 * not a font kumihan takes, and its hash would cost seconds. */
#define LIMIT_FONT_BYTES (256u * 1024u * 1024u)

/* Verified hashes remembered for font files outside the fonts folder (the
 * themes' fonts, fonts.c): the cache of them stays a few KB. */
#define LIMIT_FONT_STAMPS 256

/* Font files a theme may add to the set (its fonts.dir and the system
 * fonts its families name, fontlock.c), and the size of its fonts.lock. */
#define LIMIT_THEME_FONTS 256
#define LIMIT_LOCK_BYTES (256 * 1024)

/* Pages in one document. */
#define LIMIT_PAGES 100000

#endif
