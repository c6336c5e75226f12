/*
 * content.h: page content streams written again, smaller, drawing the same
 * (content.c; used by the post-pass, post.c).
 */
#ifndef CONTENT_H
#define CONTENT_H

#include <stddef.h>

/* The content stream `p` (n bytes, not compressed) as a new malloc'd
 * stream that draws exactly the same, *out_n its length; NULL when the
 * stream holds anything this rewriter does not know (an inline image, a
 * comment, a text clip, syntax it cannot read): the caller then keeps the
 * original. What changes (cairo 1.16 writes one text object per marked
 * content sequence, each with its own absolute text matrix):
 *  - a marked-content sequence that holds exactly one text object moves
 *    inside it (BDC BT ... ET EMC -> BT BDC ... EMC ET), and text objects
 *    separated only by operators allowed inside one are joined;
 *  - inside a joined text object, a text matrix that only moves the
 *    previous one becomes a Td relative to it (to within 0.0005 pt);
 *    an absolute one keeps 3 decimals of its position (0.0005 pt);
 *  - a graphics or text state operator that sets what is already set
 *    (the same colour, font, line width, ... since the last q/Q) goes;
 *  - hexadecimal strings become literal strings; spacing is minimal. */
unsigned char *content_compact(const unsigned char *p, size_t n, size_t *out_n);

#endif
