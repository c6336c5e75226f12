/*
 * main.c: the command line (DESIGN §2): options, input and output paths,
 * exit status (0 success, 1 content errors, 2 usage or environment errors).
 */
#include <getopt.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "batch.h"
#include "book.h"
#include "diag.h"
#include "doc.h"
#include "i18n.h"
#include "output.h"
#include "parse.h"
#include "pdf.h"
#include "pipeline.h"
#include "style.h"
#include "theme.h"
#include "watch.h"

#ifndef KUMIHAN_VERSION
#define KUMIHAN_VERSION "0.1"
#endif

/* --help: the option names and values stay as they are in every language;
 * the descriptions are translated (N_ here, _() where printed). */
static const char *const usage = N_(
    "usage: kumihan [OPTIONS] INPUT.md\n"
    "       kumihan [OPTIONS] -o BOOK.pdf CHAPTER.md CHAPTER.md...\n"
    "       kumihan [OPTIONS] BOOK.yaml\n"
    "       kumihan [OPTIONS] --batch [-d OUTDIR] INPUT.md...\n"
    "Typeset a Markdown report (YAML front matter, GFM) as a Japanese PDF.\n"
    "INPUT \"-\" reads standard input (then the PDF goes to stdout unless -o).\n"
    "Several inputs are the chapters of one report, in order (one contents, one\n"
    "page numbering); so are the files a book file (.yaml, .yml) lists under\n"
    "chapters:, beside the front matter keys they share.\n"
    "\n"
    "  -o, --output FILE     output path (default: INPUT with .pdf; \"-\" = stdout);\n"
    "                        never a file the run reads (the input, deck, images)\n"
    "      --paper SIZE      A4 (default), A3, A5, A6, B4, B5, B6 (JIS), Letter or\n"
    "                        Legal (wins over the theme and the front matter)\n"
    "      --theme NAME|FILE the house style: a built-in theme (report, the\n"
    "                        default; paper; gaia, uncover: Marp's slides) or a\n"
    "                        YAML theme file (wins over the front matter's theme:)\n"
    "      --print-theme NAME|FILE  print a complete theme file to start from\n"
    "      --list-theme-keys print every theme key with its default (Markdown)\n"
    "      --lock-fonts      pin the theme's own fonts (its fonts.dir, system\n"
    "                        fonts it names) in fonts.lock beside it, print them,\n"
    "                        write no PDF; INPUT may be left out with --theme\n"
    "      --date YYYY-MM-DD document date (else the front matter's, else\n"
    "                        SOURCE_DATE_EPOCH; never the clock)\n"
    "      --fonts DIR       font folder (default: the installed share/kumihan/fonts,\n"
    "                        else the project's fonts/)\n"
    "      --root DIR        images and the appendix must be inside DIR (default:\n"
    "                        the input's folder); URLs are never fetched\n"
    "      --dump tree|items|pages  print a stage as stable text on stdout, write\n"
    "                        no PDF (items: each paragraph's boxes, glue, penalties)\n"
    "      --format pdf|png|svg  png/svg: one file per page, OUTPUT-001.png ...\n"
    "      --dpi N           PNG resolution (default 150)\n"
    "      --pages A-B       only these pages (also N, A-, -B; numbers from 1)\n"
    "      --crop-marks      Japanese crop marks (トンボ) outside the bleed\n"
    "      --batch           each input to its own PDF (OUTDIR/NAME.pdf, else beside\n"
    "                        it), in one process, the fonts set up once, a document\n"
    "                        per processor (KUMIHAN_THREADS); the exit status is the\n"
    "                        worst of them; -v: a line per document\n"
    "  -d, --output-dir DIR  the folder of --batch's PDFs\n"
    "      --watch           render again whenever the input, its deck or an\n"
    "                        image changes (Ctrl-C to stop)\n"
    "      --booklet         saddle-stitch booklet: two pages per sheet side, in\n"
    "                        folding order (A5 pages on A4 sheets with --paper A5)\n"
    "      --bleed MM        bleed beyond the trim (default 3 with --crop-marks)\n"
    "\n");

/* (two strings: C's limit on one literal) */
static const char *const usage_more = N_(
    "Slides (INPUT is a deck: Marp-style Markdown):\n"
    "      --slides          one slide per page at the slide's size\n"
    "      --handout N       N slides per A4 sheet, N in 1 2 3 4 6 9 (3: with note lines)\n"
    "      --notes           each slide above its speaker notes, on A4\n"
    "      --appendix-layout 2up|full  a report's slide appendix: two slides per page\n"
    "                        (default) or one landscape page per slide\n"
    "\n"
    "Archive:\n"
    "      --pdfa            PDF/A-2u (PDF/A-3u with --embed-source)\n"
    "      --embed-source    attach the Markdown input(s) to the PDF\n"
    "\n"
    "Japanese composition (JLREQ):\n"
    "      --line-break strict|normal|loose  line-start rules (default strict, as\n"
    "                        books: no small kana, ー, 々 at a line start)\n"
    "      --hanging-punctuation  let 、。，． hang past the line end rather than\n"
    "                        push the last character to the next line\n"
    "      --line-start-bracket flush|half  an opening bracket at a line start is\n"
    "                        set flush (default) or after half an em\n"
    "      --vertical        set the report, or a deck's slides, vertically (縦組:\n"
    "                        lines top to bottom, right to left; as writing-mode:\n"
    "                        vertical)\n"
    "\n"
    "      --strict          every warning is an error: exit 1, no PDF written\n"
    "                        (a missing image, an unknown front matter key...)\n"
    "  -q, --quiet           no warnings\n"
    "      --diagnostics text|json  messages as FILE:LINE:COL: text (default), or\n"
    "                        one JSON object a line: file, line, column,\n"
    "                        severity, message, hint\n"
    "  -v, --verbose         say what was written; -vv: time per stage;\n"
    "                        -vvv: and memory resident after each\n"
    "      --version         print the version\n"
    "  -h, --help            this text\n"
    "\n"
    "Exit status: 0 done (warnings allowed), 1 errors in the content (no PDF\n"
    "written), 2 usage or environment errors. Messages: FILE:LINE:COL: ...\n");

/* The long option nearest to `arg` ("--papr" or "--papr=A5"), or NULL. */
static const char *
nearest_option(const char *arg, const struct option *longopts)
{
    if (strncmp(arg, "--", 2) != 0)
        return NULL;
    char *name = strndup(arg + 2, strcspn(arg + 2, "="));
    const char *names[64];
    size_t n = 0;
    for (const struct option *o = longopts; o->name && n < 64; o++)
        names[n++] = o->name;
    const char *near = theme_nearest(name, names, n);
    free(name);
    return near;
}

/* "N", "A-B", "A-", "-B": 1-based, A <= B; 0 for an open end. */
static bool
parse_pages(const char *s, int *first, int *last)
{
    char *end;
    long a = 0, b = 0;
    if (*s != '-') {
        a = strtol(s, &end, 10);
        if (end == s || a < 1 || a > 1000000)
            return false;
        s = end;
        if (*s == '\0') {
            *first = *last = (int)a;
            return true;
        }
    }
    if (*s++ != '-')
        return false;
    if (*s) {
        b = strtol(s, &end, 10);
        if (end == s || *end || b < 1 || b > 1000000 || (a && b < a))
            return false;
    }
    if (!a && !b)
        return false;
    *first = (int)a;
    *last = (int)b;
    return true;
}

/* A value to quote in a message: itself when it is short printable ASCII,
 * else a description (a terminal must not get its control sequences). */
static const char *
shown(const char *s)
{
    size_t n = strlen(s);
    if (n > 64)
        return "(a value too long to show)";
    for (size_t i = 0; i < n; i++)
        if (s[i] < 0x20 || s[i] > 0x7e)
            return "(a value with unprintable bytes)";
    return s;
}

/* A usage error quoting what the user gave (arg, through shown); `fmt`
 * is looked up in the catalog already (_()). */
static int
fail_usage(const char *fmt, const char *arg)
{
    fputs("kumihan: error: ", stderr);
    fprintf(stderr, fmt, shown(arg));
    fprintf(stderr, "\n%s\n", _("(kumihan --help lists the options)"));
    return 2;
}

/* A usage error that quotes nothing; `msg` is translated already. */
static int
fail_message(const char *msg)
{
    fprintf(stderr, "kumihan: error: %s\n%s\n", msg, _("(kumihan --help lists the options)"));
    return 2;
}

static int
exit_status(Status st)
{
    switch (st) {
    case ST_OK:
        return 0;
    case ST_CONTENT:
        return 1;
    default:
        return 2;
    }
}

/* --print-theme: a built-in theme or a theme file, complete. */
static int
print_theme_file(const Settings *opt, const char *name)
{
    Doc *doc = doc_new(opt, name);
    Themes t;
    Status st = theme_resolve(doc, name, true, &t);
    if (st == ST_OK && doc->n_errors == 0)
        theme_print(stdout, &t);
    int errors = doc->n_errors;
    doc_free(doc);
    return st != ST_OK ? 2 : errors ? 1 : 0;
}

/* --batch: each input to its own PDF (batch.c), after the checks of the
 * command line that hold for all of them. */
static int
run_batch(Job *job, const char *const *inputs, int n, const char *dir)
{
    const Settings *opt = &job->settings;
    if (n < 1)
        return fail_message(_("no input file given"));
    if (job->output)
        return fail_message(_("--batch writes one PDF per input, named after it: give their "
                            "folder with -d, not -o"));
    if (job->watch || job->dump || job->lock_fonts)
        return fail_message(_("--batch renders PDFs: not with --watch, --dump or --lock-fonts"));
    if (opt->format && strcmp(opt->format, "pdf") != 0)
        return fail_message(_("--batch writes PDFs: not with --format png or svg"));
    if (dir) {
        struct stat sb;
        if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
            return fail_usage(_("-d %s is not a folder"), dir);
    }
    GHashTable *names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        if (strcmp(inputs[i], "-") == 0) {
            rc = fail_message(_("--batch reads files: not standard input (-)"));
            break;
        }
        char *out = batch_output_name(inputs[i], dir);
        if (g_hash_table_contains(names, out)) {
            rc = fail_usage(_("two inputs would both write %s: give them different names or "
                            "render them apart"), out);
            g_free(out);
            break;
        }
        g_hash_table_add(names, out);
    }
    g_hash_table_destroy(names);
    if (rc)
        return rc;
    return exit_status(batch_run(job, inputs, n, dir));
}

int
main(int argc, char **argv)
{
    diag_time(NULL, "");                   /* the clock of -vv starts here */
    i18n_init();                           /* the messages' language */
    enum { OPT_PAPER = 256, OPT_DATE, OPT_FONTS, OPT_DUMP, OPT_VERSION, OPT_LINE_BREAK,
           OPT_HANGING, OPT_VERTICAL, OPT_BRACKET, OPT_SLIDES, OPT_HANDOUT, OPT_NOTES, OPT_APPENDIX,
           OPT_PDFA, OPT_EMBED, OPT_ROOT, OPT_FORMAT, OPT_DPI, OPT_PAGES, OPT_CROP, OPT_BLEED, OPT_BOOKLET, OPT_WATCH, OPT_STRICT,
           OPT_THEME, OPT_PRINT_THEME, OPT_THEME_KEYS, OPT_LOCK_FONTS, OPT_DIAGNOSTICS,
           OPT_BATCH,
           OPT_PLANNED };
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"paper", required_argument, NULL, OPT_PAPER},
        {"date", required_argument, NULL, OPT_DATE},
        {"fonts", required_argument, NULL, OPT_FONTS},
        {"dump", required_argument, NULL, OPT_DUMP},
        {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},
        {"version", no_argument, NULL, OPT_VERSION},
        {"help", no_argument, NULL, 'h'},
        {"slides", no_argument, NULL, OPT_SLIDES},
        {"handout", required_argument, NULL, OPT_HANDOUT},
        {"notes", no_argument, NULL, OPT_NOTES},
        {"appendix-layout", required_argument, NULL, OPT_APPENDIX},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"dpi", required_argument, NULL, OPT_DPI},
        {"pages", required_argument, NULL, OPT_PAGES},
        {"line-break", required_argument, NULL, OPT_LINE_BREAK},
        {"hanging-punctuation", no_argument, NULL, OPT_HANGING},
        {"vertical", no_argument, NULL, OPT_VERTICAL},
        {"line-start-bracket", required_argument, NULL, OPT_BRACKET},
        {"pdfa", no_argument, NULL, OPT_PDFA},
        {"embed-source", no_argument, NULL, OPT_EMBED},
        {"crop-marks", no_argument, NULL, OPT_CROP},
        {"bleed", required_argument, NULL, OPT_BLEED},
        {"booklet", no_argument, NULL, OPT_BOOKLET},
        {"root", required_argument, NULL, OPT_ROOT},
        {"watch", no_argument, NULL, OPT_WATCH},
        {"strict", no_argument, NULL, OPT_STRICT},
        {"theme", required_argument, NULL, OPT_THEME},
        {"print-theme", required_argument, NULL, OPT_PRINT_THEME},
        {"list-theme-keys", no_argument, NULL, OPT_THEME_KEYS},
        {"lock-fonts", no_argument, NULL, OPT_LOCK_FONTS},
        {"diagnostics", required_argument, NULL, OPT_DIAGNOSTICS},
        {"batch", no_argument, NULL, OPT_BATCH},
        {"output-dir", required_argument, NULL, 'd'},
        {NULL, 0, NULL, 0},
    };
    Job job = {0};
    const char *print_theme = NULL;
    Settings *opt = &job.settings;
    bool bleed_given = false, batch = false;
    const char *out_dir = NULL;
    int c, idx = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:d:qvh", longopts, &idx)) != -1) {
        switch (c) {
        case 'o':
            job.output = optarg;
            break;
        case OPT_PAPER: {
            Unit w, h;
            if (!style_paper_size(optarg, &w, &h)) {
                char fmt[256];             /* (the names hold no %) */
                snprintf(fmt, sizeof fmt, _("unknown paper size '%%s' (%s)"),
                         _(STYLE_PAPER_NAMES));
                return fail_usage(fmt, optarg);
            }
            opt->paper = optarg;
            break;
        }
        case OPT_DATE: {
            int y, m, d;
            if (!parse_date_text(optarg, &y, &m, &d))
                return fail_usage(_("--date '%s' is not a date YYYY-MM-DD (years 0001 to 9999)"),
                                  optarg);
            opt->date = optarg;
            break;
        }
        case OPT_FONTS:
            opt->fonts_dir = optarg;
            break;
        case OPT_DUMP:
            if (strcmp(optarg, "tree") != 0 && strcmp(optarg, "items") != 0
                && strcmp(optarg, "pages") != 0)
                return fail_usage(_("--dump takes 'tree', 'items' or 'pages', not '%s'"), optarg);
            job.dump = optarg;
            opt->keep_items = strcmp(optarg, "items") == 0;
            break;
        case OPT_LINE_BREAK:
            if (strcmp(optarg, "strict") == 0)
                opt->line_break = 0;
            else if (strcmp(optarg, "normal") == 0)
                opt->line_break = 1;
            else if (strcmp(optarg, "loose") == 0)
                opt->line_break = 2;
            else
                return fail_usage(_("--line-break takes strict, normal or loose, not '%s'"),
                                  optarg);
            break;
        case OPT_PDFA:
            opt->pdfa = true;
            break;
        case OPT_EMBED:
            opt->embed_source = true;
            break;
        case OPT_SLIDES:
            opt->slides = true;
            break;
        case OPT_HANDOUT: {
            int n = atoi(optarg);
            if (strspn(optarg, "0123456789") != strlen(optarg)
                || !(n == 1 || n == 2 || n == 3 || n == 4 || n == 6 || n == 9))
                return fail_usage(_("--handout takes 1, 2, 3, 4, 6 or 9 slides per sheet, "
                                    "not '%s'"), optarg);
            opt->handout = n;
            break;
        }
        case OPT_NOTES:
            opt->notes = true;
            break;
        case OPT_APPENDIX:
            if (strcmp(optarg, "2up") == 0)
                opt->appendix_full = false;
            else if (strcmp(optarg, "full") == 0)
                opt->appendix_full = true;
            else
                return fail_usage(_("--appendix-layout takes 2up or full, not '%s'"), optarg);
            break;
        case OPT_VERTICAL:
            opt->vertical = true;
            break;
        case OPT_HANGING:
            opt->hanging = true;
            break;
        case OPT_BRACKET:
            if (strcmp(optarg, "flush") == 0)
                opt->bracket_half = false;
            else if (strcmp(optarg, "half") == 0)
                opt->bracket_half = true;
            else
                return fail_usage(_("--line-start-bracket takes flush or half, not '%s'"), optarg);
            break;
        case OPT_ROOT:
            opt->root = optarg;
            break;
        case OPT_FORMAT:
            if (strcmp(optarg, "pdf") != 0 && strcmp(optarg, "png") != 0
                && strcmp(optarg, "svg") != 0)
                return fail_usage(_("--format takes pdf, png or svg, not '%s'"), optarg);
            opt->format = optarg;
            break;
        case OPT_DPI: {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end || end == optarg || v < 10 || v > 1200)
                return fail_usage(_("--dpi takes a number from 10 to 1200, not '%s'"), optarg);
            opt->dpi = (int)v;
            break;
        }
        case OPT_WATCH:
            job.watch = true;
            break;
        case OPT_BOOKLET:
            opt->booklet = true;
            break;
        case OPT_CROP:
            opt->crop_marks = true;
            break;
        case OPT_BLEED: {
            char *end;
            double v = strtod(optarg, &end);
            if (*end || end == optarg || !(v >= 0 && v <= 20))
                return fail_usage(_("--bleed takes millimetres from 0 to 20, not '%s'"), optarg);
            opt->bleed_mm = v;
            bleed_given = true;
            break;
        }
        case OPT_PAGES:
            if (!parse_pages(optarg, &opt->page_first, &opt->page_last))
                return fail_usage(_("--pages takes N, A-B, A- or -B (page numbers from 1), "
                                  "not '%s'"), optarg);
            break;
        case 'q':
            opt->quiet = true;
            break;
        case OPT_STRICT:
            opt->strict = true;
            break;
        case OPT_THEME:
            job.theme = optarg;
            break;
        case OPT_PRINT_THEME:
            print_theme = optarg;
            break;
        case OPT_THEME_KEYS:
            theme_print_keys(stdout);
            return 0;
        case OPT_LOCK_FONTS:
            job.lock_fonts = true;
            break;
        case OPT_BATCH:
            batch = true;
            break;
        case 'd':
            out_dir = optarg;
            break;
        case 'v':
            opt->verbose++;
            break;
        case OPT_VERSION:
            printf("kumihan %s\n", KUMIHAN_VERSION);
            return 0;
        case 'h':
            fputs(_(usage), stdout);
            fputs(_(usage_more), stdout);
            return 0;
        case OPT_PLANNED:
            return fail_usage(_("--%s is not available in this version of kumihan"),
                              longopts[idx].name);
        case ':':
            return fail_usage(_("option %s needs a value"), argv[optind - 1]);
        case OPT_DIAGNOSTICS:
            if (strcmp(optarg, "json") != 0 && strcmp(optarg, "text") != 0)
                return fail_usage(_("--diagnostics takes 'text' or 'json', not '%s'"), optarg);
            opt->diag_json = strcmp(optarg, "json") == 0;
            break;
        default: {
            const char *near = nearest_option(argv[optind - 1], longopts);
            if (!near)
                return fail_usage(_("unknown option '%s'"), argv[optind - 1]);
            char fmt[256];                 /* (near is one of longopts' names: no %) */
            snprintf(fmt, sizeof fmt, _("unknown option '%%s'; did you mean --%s?"), near);
            return fail_usage(fmt, argv[optind - 1]);
        }
        }
    }
    /* The PDF's date when neither --date nor the front matter gives one; an
     * empty value is no value (reproducible-builds.org: a malformed one
     * is an error, never the clock or a guess). */
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        if (!parse_epoch_text(sde, &opt->epoch))
            return fail_usage(_("SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01 UTC, "
                              "from 0 to 253402300799 (9999-12-31T23:59:59Z), not '%s'"), sde);
        opt->has_epoch = true;
    }
    if (print_theme)
        return print_theme_file(opt, print_theme);
    if (opt->crop_marks && !bleed_given)
        opt->bleed_mm = 3;                  /* the Japanese print shop's 3 mm */
    if (opt->booklet && (opt->slides || opt->handout || opt->notes))
        return fail_message(_("--booklet imposes a report, not a deck's slides, handouts "
                            "or notes"));
    if (opt->handout && opt->notes)
        return fail_message(_("--handout and --notes are two layouts: choose one"));
    if (out_dir && !batch)
        return fail_message(_("-d (--output-dir) is the folder of a batch's PDFs: use it with "
                            "--batch"));
    if (batch)
        return run_batch(&job, (const char *const *)&argv[optind], argc - optind, out_dir);
    if (job.lock_fonts) {
        if (optind + 1 < argc)
            return fail_usage(_("one input file at a time; extra argument '%s'"), argv[optind + 1]);
        if (optind >= argc && !job.theme)
            return fail_message(_("--lock-fonts pins a theme's fonts: name the theme (--theme) "
                                "or the document that names it"));
        job.input = optind < argc ? argv[optind] : NULL;
        return exit_status(pipeline_run(&job));
    }
    if (optind >= argc)
        return fail_message(_("no input file given"));
    job.input = argv[optind];
    if (optind + 1 < argc) {               /* chapters of one report (book.c) */
        if (opt->slides || opt->handout || opt->notes)
            return fail_usage(_("a slide deck is one file; extra argument '%s'"),
                              argv[optind + 1]);
        for (int i = optind; i < argc; i++)
            if (strcmp(argv[i], "-") == 0 || book_is_file(argv[i]))
                return fail_usage(_("'%s' cannot be a chapter: several inputs are Markdown "
                                  "files, set as one report"), argv[i]);
        if (!job.output)
            return fail_message(_("several inputs are set as one report: name its PDF with -o"));
        job.inputs = (const char *const *)&argv[optind];
        job.n_inputs = argc - optind;
    }
    char *derived = NULL;
    if (!job.output && strcmp(job.input, "-") == 0) {
        job.output = "-";                  /* standard input to standard output */
    } else if (!job.output) {
        size_t n = strlen(job.input);
        derived = malloc(n + 5);
        if (!derived)
            return 2;
        memcpy(derived, job.input, n + 1);
        if (n > 3 && strcmp(derived + n - 3, ".md") == 0)
            derived[n - 3] = '\0';
        else if (book_is_file(derived))    /* (book.yaml: book.pdf) */
            *strrchr(derived, '.') = '\0';
        strcat(derived, ".pdf");
        job.output = derived;
    }
    if (opt->format && strcmp(opt->format, "pdf") != 0 && !job.dump) {
        /* one file per page, named after -o: refused before any work when
         * they cannot be (-o -, a device, a name at the length limit) */
        char why[512];
        /* (the first page's name: pdf.c checks the last one's once the
         * number of pages is known, before writing any) */
        int first = opt->page_first > 1 ? opt->page_first : 1;
        if (!output_check_page_names(job.output, opt->format, first, why, sizeof why)) {
            fprintf(stderr, "kumihan: error: %s\n", why);
            free(derived);
            return 2;
        }
    }
    if (job.watch) {
        if (strcmp(job.output, "-") == 0 || strcmp(job.input, "-") == 0 || job.dump) {
            free(derived);
            return fail_message(_("--watch reads and writes files: not with standard input, "
                                "-o - or --dump"));
        }
        int rc = watch_run(&job);
        free(derived);
        return rc;
    }
#ifdef NDEBUG
    /* one run, then exit: freeing the document, the fonts and fontconfig's
     * sets would only delay the exit (4 ms of the report's 100); debug and
     * sanitizer builds free everything, for their leak checks */
    job.exiting = true;
#endif
    Status st = pipeline_run(&job);
    free(derived);
    return exit_status(st);
}
