/*
 * i18n.h: the messages in the user's language (GNU gettext, in glibc).
 * Only messages are translated: what goes into a PDF, an image or a
 * --dump never is, so the output is the same bytes under every locale.
 * diag_warn, diag_error, diag_warn_in, diag_error_in and diag_fail look
 * their format up themselves (diag.c), so their call sites need no _();
 * `make po` extracts the formats of the files listed in the Makefile's
 * I18N_SRCS (xgettext, with those functions as keywords) and merges them
 * into src/po/ja.po.
 */
#ifndef I18N_H
#define I18N_H

#include <libintl.h>

/* A message looked up in the catalog of the user's language. */
#define _(msgid) gettext(msgid)
/* A message marked for the catalog where it is defined, looked up with _()
 * where it is used. */
#define N_(msgid) (msgid)

/* The run's language from the environment (LANGUAGE, LC_ALL, LC_MESSAGES,
 * LANG) and the catalog folder (i18n.c): called once, first thing in main.
 * Only LC_MESSAGES is taken from the environment; numbers, character
 * classes and the rest stay those of the C locale. */
void i18n_init(void);

#endif
