# kumihan: `make` installs what is missing (as root), copies and checks the
# fonts, builds build/kumihan and renders content/report.md to out/report.pdf.
# `make check` runs every test. See README.md.

build ?= debug
VERSION := 0.1
PREFIX ?= /usr/local

# Debian 12 packages: to build, to render, to test.
DEB_BUILD := gcc make pkg-config libpango1.0-dev libcairo2-dev libharfbuzz-dev libfreetype-dev \
             libfontconfig-dev libglib2.0-dev libyaml-dev libcmark-gfm-dev \
             libcmark-gfm-extensions-dev zlib1g-dev libdeflate-dev libxml2-dev fonts-noto-cjk \
             fonts-noto-color-emoji icc-profiles-free libpng-dev libjpeg62-turbo-dev libwebp-dev librsvg2-dev \
             libpoppler-glib-dev libhyphen-dev hyphen-en-us libjson-glib-dev gettext
DEB_TEST := libcmocka-dev poppler-utils qpdf mupdf-tools time clang libclang-rt-14-dev valgrind \
            python3 fonts-ipaexfont-mincho fonts-ipaexfont-gothic fonts-liberation2 \
            groff-base mandoc zsh locales
DEB_ALL := $(DEB_BUILD) $(DEB_TEST)

PKGS := pangocairo pangoft2 cairo-pdf cairo-ft harfbuzz harfbuzz-subset freetype2 fontconfig \
        glib-2.0 gmodule-2.0 yaml-0.1 libcmark-gfm zlib libdeflate libxml-2.0 libpng libjpeg \
        libwebp json-glib-1.0
# compiled against, opened when a document needs them (src/loaded.c): not linked
PKGS_LOADED := librsvg-2.0 poppler-glib
FONT_SRC := /usr/share/fonts/opentype/noto
FONT_FILES := NotoSerifCJK-Regular.ttc NotoSerifCJK-Bold.ttc NotoSansCJK-Regular.ttc \
              NotoSansCJK-Bold.ttc NotoColorEmoji.ttf
EMOJI_SRC := /usr/share/fonts/truetype/noto

CC ?= cc
WARN := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Werror
BASE_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
               -DKUMIHAN_VERSION='"$(VERSION)"' \
               -DKUMIHAN_DATADIR='"$(PREFIX)/share/kumihan"' \
               -DKUMIHAN_LOCALEDIR='"$(PREFIX)/share/locale"' -MMD -MP

ifeq ($(build),debug)
  OPT := -O2 -g
  BIN := build/kumihan
else ifeq ($(build),release)
  OPT := -O2 -DNDEBUG
  BIN := build/release/kumihan
else ifeq ($(build),sanitize)
  CC := clang
  OPT := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
  BIN := build/sanitize/kumihan
else ifeq ($(build),tsan)
  CC := clang
  OPT := -O1 -g -fsanitize=thread -fno-omit-frame-pointer
  BIN := build/tsan/kumihan
else ifeq ($(build),coverage)
  OPT := -O0 -g --coverage
  BIN := build/coverage/kumihan
else
  $(error build must be debug, release, sanitize, tsan or coverage)
endif

# Leak checking needs full stacks to match the suppressions of library leaks
# (tests/lsan.supp); a sanitizer report exits 86, never a documented status.
ifeq ($(build),sanitize)
  export ASAN_OPTIONS := fast_unwind_on_malloc=0:detect_leaks=1:exitcode=86
  export LSAN_OPTIONS := suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0:exitcode=86
  export UBSAN_OPTIONS := print_stacktrace=1:halt_on_error=1:exitcode=86
  # tests/bad: the big generated inputs 50 times smaller
  export BAD_SCALE := small
endif

# the tests read the messages in English, whatever the user's language
# (a LC_ALL set in the environment still wins over this)
unexport LANGUAGE
export LC_MESSAGES := C

OBJDIR := build/$(build)
SRCS := $(wildcard src/*.c)
OBJS := $(SRCS:src/%.c=$(OBJDIR)/%.o)
LIB_OBJS := $(filter-out $(OBJDIR)/main.o,$(OBJS))
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(OBJDIR)/tests/%)
# what the unit tests share (tests/unit/unit_fonts.c), linked into each
UNIT_COMMON := $(OBJDIR)/tests/unit_fonts.o
# build=tsan: GLib's futex-based GMutex and GCond made visible to TSan
# (tests/tsan/glib_sync.c: Pango's font-matching thread uses them), linked
# into the engine and the unit tests
ifeq ($(build),tsan)
  TSAN_OBJS := $(OBJDIR)/tsan/glib_sync.o
endif

# libFuzzer harnesses (tests/fuzz): clang with ASan + UBSan, whatever $(build) is
FUZZ_CC := clang
FUZZ_DIR := build/fuzz
FUZZ_OPT := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
            -fno-sanitize-recover=all
FUZZ_NAMES := parse render post content
FUZZ_BINS := $(FUZZ_NAMES:%=$(FUZZ_DIR)/fuzz_%)
FUZZ_OBJS := $(SRCS:src/%.c=$(FUZZ_DIR)/obj/%.o)
FUZZ_TIME ?= 300

# The messages' catalogs (src/i18n.c): src/po/LANG.po compiled by msgfmt into
# locale/ beside the binary (build/locale for build/kumihan). I18N_SRCS: the
# files whose messages are in the catalogs: their diag_* formats and the
# texts marked with _(), N_() or ngettext (the parts messages fill in, --help,
# the summary lines); `make po` extracts them (build/kumihan.pot)
# and merges them into the .po files; check-i18n checks that ja.po
# translates every one of them.
I18N_LANGS := ja
I18N_SRCS := src/main.c src/parse.c src/figure.c src/files.c src/report.c src/marp.c \
             src/theme_read.c src/fontlock.c src/output.c src/number.c src/fonts.c src/book.c \
             src/pipeline.c src/table.c src/pdf.c src/html.c src/deck.c src/slide.c \
             src/paginate.c src/inline.c src/notation.c src/post.c src/shape.c src/hyphen.c \
             src/post_write.c src/post_read.c src/diag.c src/image.c src/style.c src/style.h \
             src/theme_keys.c src/utf8.c src/filter.c src/progress.c src/watch.c src/block.c
LOCALE_DIR := $(dir $(BIN))locale
MO_FILES := $(I18N_LANGS:%=$(LOCALE_DIR)/%/LC_MESSAGES/kumihan.mo)
XGETTEXT_KEYS := --keyword=_ --keyword=N_ \
    $(foreach k,diag_warn:3 diag_error:3 diag_fail:3 diag_warn_in:4 diag_error_in:4 \
                rd_warn:3 rd_error:3,--keyword=$(k) --flag=$(k):c-format)

# pkg-config runs only once the packages are there (after `make deps`);
# libhyphen (hyphen.c) has no .pc file: its header is in /usr/include
soname = $(shell objdump -p $$(pkg-config --variable=libdir $(1) 2>/dev/null)/lib$(2).so 2>/dev/null \
                 | sed -n 's/^ *SONAME *//p')
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) $(PKGS_LOADED) 2>/dev/null | sed 's/-I/-isystem /g') \
             -DKUMIHAN_RSVG_SO='"$(call soname,librsvg-2.0,rsvg-2)"' \
             -DKUMIHAN_POPPLER_SO='"$(call soname,poppler-glib,poppler-glib)"'
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcmark-gfm-extensions -lhyphen -lm
CFLAGS_ALL = $(BASE_CFLAGS) $(OPT) $(WARN) $(PKG_CFLAGS) $(CFLAGS)

.PHONY: all deps fonts preview slides handout check check-unit check-spec check-layout \
        check-pdf check-bad check-attack check-images check-jlreq check-slides check-archive \
        check-print check-html check-notation check-number check-decktheme check-emoji check-fonts \
        check-page check-inputs check-vertical check-fuzz check-valgrind check-tsan fuzz bench regen readme-keys check-theme \
        check-furniture check-marp \
        headers clean install uninstall deb check-install check-i18n po

all: deps fonts $(BIN) $(MO_FILES) out/report.pdf

# --- packages ---
deps:
	@missing=""; for p in $(DEB_ALL); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "kumihan needs Debian packages that are not installed. As root, run:"; \
	    echo "  apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

# --- fonts: copied from Debian's fonts-noto-cjk and fonts-noto-color-emoji, and checked ---
fonts: $(addprefix fonts/,$(FONT_FILES))
	@cd fonts && sha256sum --quiet -c SHA256SUMS || { \
	  echo "fonts/: a font does not match fonts/SHA256SUMS; remove it and run 'make fonts'"; exit 1; }

# (after deps: `make -j` must not look for the fonts before they are installed)
fonts/%.ttc: | deps
	@test -f $(FONT_SRC)/$*.ttc || { echo "$(FONT_SRC)/$*.ttc missing: apt-get install fonts-noto-cjk"; exit 1; }
	cp $(FONT_SRC)/$*.ttc $@

fonts/%.ttf: | deps
	@test -f $(EMOJI_SRC)/$*.ttf || { echo "$(EMOJI_SRC)/$*.ttf missing: apt-get install fonts-noto-color-emoji"; exit 1; }
	cp $(EMOJI_SRC)/$*.ttf $@

# --- the engine ---
$(BIN): $(OBJS) $(TSAN_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(OPT) -o $@ $(OBJS) $(TSAN_OBJS) $(PKG_LIBS)

$(OBJDIR)/%.o: src/%.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

# --check: the formats' conversions must match the msgid's (c-format)
$(LOCALE_DIR)/%/LC_MESSAGES/kumihan.mo: src/po/%.po | deps
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

build/kumihan.pot: $(I18N_SRCS) Makefile
	@mkdir -p build
	xgettext --language=C --from-code=UTF-8 $(XGETTEXT_KEYS) --package-name=kumihan \
	  --package-version=$(VERSION) --add-comments=TRANSLATORS: --sort-by-file \
	  -o $@ $(I18N_SRCS)

# the catalogs brought up to the sources' messages: review the new and
# fuzzy entries, translate, then make check-i18n
po: build/kumihan.pot
	@for l in $(I18N_LANGS); do \
	  msgmerge --update --backup=none --sort-by-file --no-wrap src/po/$$l.po build/kumihan.pot; \
	  msgfmt --check --statistics -o /dev/null src/po/$$l.po; \
	done

out/report.pdf: $(BIN) content/report.md $(wildcard content/*.md) | fonts
	@mkdir -p out
	$(BIN) content/report.md -o $@

# the deck alone: one slide per page; and the classic 3-up handout
slides: deps fonts out/slides.pdf
handout: deps fonts out/handout.pdf

out/slides.pdf: $(BIN) content/slides.md | fonts
	@mkdir -p out
	$(BIN) --slides content/slides.md -o $@

out/handout.pdf: $(BIN) content/slides.md | fonts
	@mkdir -p out
	$(BIN) --handout 3 content/slides.md -o $@

# the README's page pictures, from the real output
preview: $(BIN) fonts
	rm -f content/preview/*.png
	$(BIN) -q --format png --dpi 72 --pages 1-2 content/report.md -o content/preview/report.pdf
	$(BIN) -q --format png --dpi 72 --pages 6 content/report.md -o content/preview/report.pdf
	$(BIN) -q --format png --dpi 72 --pages 1-2 content/minato-report.md \
	  -o content/preview/minato.pdf
	$(BIN) -q --handout 3 --format png --dpi 40 --pages 1 content/slides.md \
	  -o content/preview/handout.pdf
	$(BIN) -q --slides --format png --dpi 40 --pages 2 content/minato-deck.md \
	  -o content/preview/minato-deck.pdf
	$(BIN) -q --format png --dpi 72 --pages 2 content/vertical-story.md \
	  -o content/preview/vertical.pdf
	$(BIN) -q --format png --dpi 72 --pages 3 content/report.md --vertical --paper A5 \
	  -o content/preview/report-vertical.pdf

# --- tests ---
$(OBJDIR)/tests/%.o: tests/unit/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -iquote src -iquote tests/images -c $< -o $@

$(OBJDIR)/tests/%: $(OBJDIR)/tests/%.o $(UNIT_COMMON) $(LIB_OBJS) $(TSAN_OBJS)
	$(CC) $(OPT) -o $@ $^ $(PKG_LIBS) -lcmocka

# test pictures made by the libraries (tests/images/pictures.c): linked into
# test_image and test_filter, and written as files by the fixtures program of tests/images
$(OBJDIR)/tests/images/%.o: tests/images/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Itests/images -c $< -o $@

$(OBJDIR)/tests/test_image: $(OBJDIR)/tests/images/pictures.o
$(OBJDIR)/tests/test_filter: $(OBJDIR)/tests/images/pictures.o

$(OBJDIR)/images-fixtures: $(OBJDIR)/tests/images/fixtures.o $(OBJDIR)/tests/images/pictures.o
	$(CC) $(OPT) -o $@ $^ $(PKG_LIBS)

$(OBJDIR)/tsan/%.o: tests/tsan/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

check: deps fonts $(BIN) check-unit check-spec check-layout check-pdf check-bad check-attack \
       check-images check-jlreq check-slides check-archive check-print check-html check-notation \
       check-number check-decktheme check-emoji check-theme check-fonts check-page \
       check-furniture check-marp check-inputs check-i18n check-install check-vertical check-fuzz \
       check-valgrind check-tsan
	@echo "make check: all tests passed ($(build) build)"

check-unit: $(UNIT_BINS)
	@set -e; for t in $(UNIT_BINS); do echo "unit: $$t"; $$t; done

check-spec: $(BIN)
	@sh tests/spec/run.sh $(BIN)

check-layout: $(BIN)
	@sh tests/layout/run.sh $(BIN)

check-pdf: $(BIN) fonts
	@sh tests/pdf/run.sh $(BIN)

check-bad: $(BIN) fonts
	@sh tests/bad/run.sh $(BIN)

check-attack: $(BIN) fonts
	@sh tests/attack/run.sh $(BIN)

check-images: $(BIN) $(OBJDIR)/images-fixtures fonts
	@sh tests/images/run.sh $(BIN) $(OBJDIR)/images-fixtures

check-print: $(BIN) fonts
	@sh tests/print/run.sh $(BIN)

check-html: $(BIN) fonts
	@sh tests/html/run.sh $(BIN)

check-theme: $(BIN) fonts
	@sh tests/theme/run.sh $(BIN)

check-furniture: $(BIN) fonts
	@sh tests/furniture/run.sh $(BIN)

check-notation: $(BIN) fonts
	@sh tests/notation/run.sh $(BIN)

check-decktheme: $(BIN) fonts
	@sh tests/decktheme/run.sh $(BIN)

check-number: $(BIN) fonts
	@sh tests/number/run.sh $(BIN)

check-archive: $(BIN) fonts
	@sh tests/archive/run.sh $(BIN)

check-slides: $(BIN) fonts
	@sh tests/slides/run.sh $(BIN)

check-marp: $(BIN) fonts
	@sh tests/marp/run.sh $(BIN)

check-emoji: $(BIN) fonts
	@sh tests/emoji/run.sh $(BIN)

# a theme's own fonts pinned in fonts.lock, and 和欧混植 (IPAex, Liberation:
# test packages, DEB_TEST)
check-fonts: $(BIN) fonts
	@sh tests/fonts/run.sh $(BIN)

check-page: $(BIN) fonts
	@sh tests/page/run.sh $(BIN)

# the catalogs complete for I18N_SRCS; a message in Japanese under
# LANG=ja_JP.UTF-8, in English under LANG=C; the same PDF under both
check-i18n: $(BIN) $(MO_FILES) build/kumihan.pot fonts
	@sh tests/i18n/run.sh $(BIN) build/kumihan.pot

check-inputs: $(BIN) fonts
	@sh tests/inputs/run.sh $(BIN)

check-vertical: $(BIN) $(OBJDIR)/jcheck fonts
	@sh tests/vertical/run.sh $(BIN) $(OBJDIR)/jcheck

# make install and uninstall into a temporary PREFIX (the nested make is
# $(MAKE): same build, no object rebuilt), the manual page, the completions
check-install: $(BIN) fonts
	@MAKE='$(MAKE)' sh tests/install/run.sh $(BIN) $(build)

# the JLREQ checker: reads any PDF through mutool and measures the composition
JCHECK_SRCS := tests/jcheck/jcheck.c tests/jcheck/jcheck_read.c
$(OBJDIR)/jcheck: $(JCHECK_SRCS) tests/jcheck/jcheck.h
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(OPT) $(WARN) $(JCHECK_SRCS) -o $@ -lm

check-jlreq: $(BIN) $(OBJDIR)/jcheck fonts
	@sh tests/jcheck/run.sh $(BIN) $(OBJDIR)/jcheck

# the report under valgrind's memcheck: no invalid access, no leak but the
# libraries' own (tests/valgrind.supp); not with ASan, which it cannot run
check-valgrind: $(BIN) fonts
ifeq ($(build),sanitize)
	@echo "check-valgrind: skipped in the sanitize build (ASan checks it there)"
else
	@tmp=$$(mktemp -d) && \
	if valgrind --error-exitcode=86 --leak-check=full --show-leak-kinds=definite,indirect \
	     --errors-for-leak-kinds=definite,indirect --suppressions=tests/valgrind.supp \
	     $(BIN) -q content/report.md -o $$tmp/report.pdf >$$tmp/log 2>&1 && \
	   pdfinfo $$tmp/report.pdf | grep -q '^Pages: *12$$'; then \
	  echo "check-valgrind: content/report.md: no memory error, no leak of ours"; rm -rf $$tmp; \
	else \
	  echo "FAIL: check-valgrind (log: $$tmp/log)"; grep -A20 '== [A-Z]\|definitely\|indirectly' $$tmp/log | head -60; exit 1; \
	fi
endif

# the threaded paths under ThreadSanitizer (clang), whatever $(build) is:
# tests/tsan/run.sh says what runs; the unit tests that start threads too
# (about 20 s from clean); once per CI run: skipped in the sanitize build
TSAN_UNITS := test_doc test_post
check-tsan: fonts
ifeq ($(build),sanitize)
	@echo "check-tsan: skipped in the sanitize build (the debug build's make check runs it)"
else
	@$(MAKE) --no-print-directory build=tsan build/tsan/kumihan \
	  $(TSAN_UNITS:%=build/tsan/tests/%)
	@sh tests/tsan/run.sh build/tsan/kumihan $(TSAN_UNITS:%=build/tsan/tests/%)
endif

# --- fuzzing: libFuzzer harnesses over every source file but main.c ---
$(FUZZ_DIR)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(BASE_CFLAGS) $(FUZZ_OPT) -fsanitize=fuzzer-no-link $(WARN) $(PKG_CFLAGS) \
	  $(CFLAGS) -c $< -o $@

$(FUZZ_DIR)/obj/tests/%.o: tests/fuzz/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(BASE_CFLAGS) $(FUZZ_OPT) -fsanitize=fuzzer-no-link $(WARN) $(PKG_CFLAGS) \
	  $(CFLAGS) -iquote src -c $< -o $@

$(FUZZ_DIR)/fuzz_parse: $(FUZZ_DIR)/obj/tests/fuzz_parse.o $(FUZZ_DIR)/obj/tests/fuzz_common.o \
                        $(filter-out %/main.o,$(FUZZ_OBJS))
	$(FUZZ_CC) $(FUZZ_OPT) -fsanitize=fuzzer -o $@ $^ $(PKG_LIBS)

$(FUZZ_DIR)/fuzz_render: $(FUZZ_DIR)/obj/tests/fuzz_render.o $(FUZZ_DIR)/obj/tests/fuzz_common.o \
                         $(filter-out %/main.o,$(FUZZ_OBJS))
	$(FUZZ_CC) $(FUZZ_OPT) -fsanitize=fuzzer -o $@ $^ $(PKG_LIBS)

$(FUZZ_DIR)/fuzz_post: $(FUZZ_DIR)/obj/tests/fuzz_post.o $(FUZZ_DIR)/obj/tests/fuzz_common.o \
                       $(filter-out %/main.o,$(FUZZ_OBJS))
	$(FUZZ_CC) $(FUZZ_OPT) -fsanitize=fuzzer -o $@ $^ $(PKG_LIBS)

# content.c needs only the PDF lexer (pdflex.c), xmalloc and xrealloc
# (arena.c) and the C library
$(FUZZ_DIR)/fuzz_content: $(FUZZ_DIR)/obj/tests/fuzz_content.o $(FUZZ_DIR)/obj/content.o \
                          $(FUZZ_DIR)/obj/pdflex.o $(FUZZ_DIR)/obj/arena.o
	$(FUZZ_CC) $(FUZZ_OPT) -fsanitize=fuzzer -o $@ $^

# `make fuzz FUZZ_TIME=600`: each harness FUZZ_TIME seconds, one process at
# nice 10; new inputs and crash reproducers go to build/fuzz/
fuzz: deps fonts $(FUZZ_BINS)
	@sh tests/fuzz/run.sh fuzz $(FUZZ_DIR) $(FUZZ_TIME)

# every seed once through its harness, every regression input through both
check-fuzz: fonts $(FUZZ_BINS)
	@sh tests/fuzz/run.sh replay $(FUZZ_DIR)

# rewrite the golden dumps; review the diff like code
# the README's table of theme keys, from the table the code reads
readme-keys: $(BIN)
	@$(BIN) --list-theme-keys > build/theme-keys.md
	@awk 'FNR == NR { keys = keys $$0 "\n"; next } \
	     /^<!-- \/theme-keys -->$$/ { printf "%s", keys; skip = 0 } \
	     !skip { print } /^<!-- theme-keys -->$$/ { skip = 1 }' build/theme-keys.md README.md > build/README.new
	@mv build/README.new README.md

regen: $(BIN)
	@sh tests/spec/run.sh $(BIN) --regen
	@sh tests/layout/run.sh $(BIN) --regen
	@sh tests/page/run.sh $(BIN) --regen
	@sh tests/number/run.sh $(BIN) --regen
	@sh tests/furniture/run.sh $(BIN) --regen >/dev/null

bench:
	@$(MAKE) --no-print-directory build=release build/release/kumihan fonts
	@sh tests/bench/run.sh build/release/kumihan

# every header compiles on its own
headers:
	@set -e; for h in src/*.h; do \
	  printf '#include "%s"\ntypedef int header_alone;\n' "$$(basename $$h)" | \
	    $(CC) $(BASE_CFLAGS) $(WARN) $(PKG_CFLAGS) -MF /dev/null -Isrc -x c -fsyntax-only -; \
	done; echo "headers: each compiles alone"

# --- install: `make install PREFIX=/usr/local`, `DESTDIR=` for packagers ---
# The binary finds its fonts from its own path (PREFIX/bin -> PREFIX/share/
# kumihan, src/fonts.c), so it runs from any PREFIX, not only the one its
# objects were built for. Each target, its source and mode; the list of
# what was installed and the folders made (share/kumihan/install.list) is
# what `make uninstall` removes.
INSTALL_ROOT = $(DESTDIR)$(PREFIX)
INSTALL_LIST := share/kumihan/install.list
# zsh: site-functions, but Debian's zsh reads /usr/share/zsh/vendor-completions
ZSH_DIR = share/zsh/$(if $(filter /usr,$(PREFIX)),vendor-completions,site-functions)
INSTALL_DIRS = bin share share/kumihan share/kumihan/fonts share/man share/man/man1 \
               share/bash-completion share/bash-completion/completions share/zsh $(ZSH_DIR) \
               share/locale $(foreach l,$(I18N_LANGS),share/locale/$(l) \
                                share/locale/$(l)/LC_MESSAGES)
INSTALL_FILES = bin/kumihan:$(BIN):755 \
    $(foreach f,SHA256SUMS fonts.conf OFL.txt $(FONT_FILES), \
      share/kumihan/fonts/$(f):fonts/$(f):644) \
    share/man/man1/kumihan.1:src/kumihan.1:644 \
    share/bash-completion/completions/kumihan:src/kumihan.bash:644 \
    $(ZSH_DIR)/_kumihan:src/_kumihan:644 \
    $(foreach l,$(I18N_LANGS), \
      share/locale/$(l)/LC_MESSAGES/kumihan.mo:$(LOCALE_DIR)/$(l)/LC_MESSAGES/kumihan.mo:644)

install: $(BIN) $(MO_FILES) fonts
	@set -e; root='$(INSTALL_ROOT)'; list="$$root/$(INSTALL_LIST)"; \
	made=""; if [ -f "$$list" ]; then made=$$(sed -n 's/^d //p' "$$list"); fi; \
	for d in . $(INSTALL_DIRS); do \
	  if [ ! -d "$$root/$$d" ]; then install -d "$$root/$$d"; made="$$made $$d"; fi; \
	done; \
	: >"$$list.new"; \
	for d in $$made; do echo "d $$d" >>"$$list.new"; done; \
	for spec in $(INSTALL_FILES); do \
	  dst=$${spec%%:*}; rest=$${spec#*:}; src=$${rest%:*}; mode=$${rest##*:}; \
	  echo "install -m $$mode $$src $$root/$$dst"; install -m "$$mode" "$$src" "$$root/$$dst"; \
	  echo "f $$dst" >>"$$list.new"; \
	done; \
	echo "f $(INSTALL_LIST)" >>"$$list.new"; mv "$$list.new" "$$list"

# the files of install.list, then the folders install made, deepest first,
# when they are empty
uninstall:
	@set -e; root='$(INSTALL_ROOT)'; list="$$root/$(INSTALL_LIST)"; \
	[ -f "$$list" ] || { echo "make uninstall: no $$list: nothing installed there"; exit 1; }; \
	entries=$$(cat "$$list"); \
	for e in $$(printf '%s\n' "$$entries" | sed 's/^[fd] //'); do \
	  case $$e in /* | *..*) \
	    echo "make uninstall: $$list: not a path below $$root: $$e"; exit 1;; esac; \
	done; \
	for f in $$(printf '%s\n' "$$entries" | sed -n 's/^f //p'); do \
	  echo "rm -f $$root/$$f"; rm -f "$$root/$$f"; \
	done; \
	for d in $$(printf '%s\n' "$$entries" | sed -n 's/^d //p' | sort -r); do \
	  [ "$$d" = . ] && p="$$root" || p="$$root/$$d"; \
	  if rmdir "$$p" 2>/dev/null; then echo "rmdir $$p"; fi; \
	done

# --- a Debian binary package: build/kumihan_VERSION_ARCH.deb ---
# The release build staged by `make install PREFIX=/usr`, stripped, the
# manual page gzipped; its Depends from dpkg-shlibdeps (which reads a
# debian/control: a minimal one is written under build/deb/), plus what
# the engine opens by name: the hyphenation patterns always, the sRGB
# profile (--pdfa) and librsvg and poppler-glib (SVG and PDF images,
# src/loaded.c) when a document needs them. lintian still asks for
# usr/share/doc/kumihan/copyright and changelog.gz, and warns that the
# fonts duplicate Debian's: they are copies pinned by SHA256SUMS, which a
# font package's update must not change.
DEB_DIR := build/deb
DEB_ARCH = $(shell dpkg --print-architecture)
DEB_FILE = build/kumihan_$(VERSION)_$(DEB_ARCH).deb
DEB_DEPENDS := hyphen-en-us
DEB_RECOMMENDS := icc-profiles-free, librsvg2-2, libpoppler-glib8
# gzip: 85 MB in seconds, readable by every dpkg (xz: 66 MB, a minute more)
DEB_COMPRESS ?= gzip
DEB_MAINTAINER ?= $(shell n=$$(git config user.name); e=$$(git config user.email); \
                          echo "$${n:-$$(id -un)} <$${e:-$$(id -un)@$$(hostname)}>")

deb: fonts
	@command -v dpkg-shlibdeps >/dev/null || \
	  { echo "make deb needs dpkg-shlibdeps: apt-get install dpkg-dev"; exit 1; }
	rm -rf $(DEB_DIR)
	$(MAKE) --no-print-directory build=release install DESTDIR=$(CURDIR)/$(DEB_DIR)/root PREFIX=/usr
	rm $(DEB_DIR)/root/usr/$(INSTALL_LIST)    # dpkg keeps its own list
	strip --strip-unneeded $(DEB_DIR)/root/usr/bin/kumihan
	gzip -9n $(DEB_DIR)/root/usr/share/man/man1/kumihan.1    # Debian policy 12.1
	mkdir -p $(DEB_DIR)/debian $(DEB_DIR)/root/DEBIAN
	printf 'Source: kumihan\n\nPackage: kumihan\nArchitecture: any\n' >$(DEB_DIR)/debian/control
	cd $(DEB_DIR) && dpkg-shlibdeps -O root/usr/bin/kumihan | sed -n 's/^shlibs:Depends=//p' >depends
	@test -s $(DEB_DIR)/depends || { echo "make deb: dpkg-shlibdeps gave no Depends"; exit 1; }
	{ echo "Package: kumihan"; \
	  echo "Version: $(VERSION)"; \
	  echo "Architecture: $(DEB_ARCH)"; \
	  echo "Maintainer: $(DEB_MAINTAINER)"; \
	  echo "Installed-Size: $$(du -sk --exclude=DEBIAN $(DEB_DIR)/root | cut -f1)"; \
	  echo "Depends: $$(cat $(DEB_DIR)/depends), $(DEB_DEPENDS)"; \
	  echo "Recommends: $(DEB_RECOMMENDS)"; \
	  echo "Section: text"; \
	  echo "Priority: optional"; \
	  echo "Description: typeset Markdown as a Japanese PDF"; \
	  echo " kumihan sets Markdown with a YAML front matter (reports, and slide decks"; \
	  echo " in the Marp convention) as a paginated Japanese PDF: its own Japanese"; \
	  echo " line composition, embedded subset Noto CJK fonts, bookmarks, links and"; \
	  echo " metadata, the same bytes for the same input on every machine."; \
	} >$(DEB_DIR)/root/DEBIAN/control
	dpkg-deb --root-owner-group -Z$(DEB_COMPRESS) --build $(DEB_DIR)/root $(DEB_FILE)

clean:
	rm -rf build out

.SECONDARY:

-include $(OBJS:.o=.d) $(UNIT_BINS:=.d) $(UNIT_COMMON:.o=.d) $(FUZZ_OBJS:.o=.d) \
         $(wildcard $(FUZZ_DIR)/obj/tests/*.d)
