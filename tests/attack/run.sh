#!/bin/sh
# tests/attack/run.sh BIN: the program under attack (issue 17): file system
# tricks against --root, outputs that would clobber what the run reads,
# inputs sized to exhaust memory or time, text and metadata that would break
# the PDF. Each tests/attack/*.cases file holds the cases of one concern and
# is sourced here in name order, with the helpers of tests/cases.sh and
# tests/lib.sh (begin, run, expect_*, end: see tests/bad/run.sh for what
# each asserts).
#
# Run from the repository root: sh tests/attack/run.sh build/kumihan
# Prints "FAIL: <case>: <why>" per failed check and a summary; exits 1 on any
# failure.

SUITE=attack
. tests/cases.sh

setup_good tests/bad/good.md

for cases in tests/attack/*.cases; do
    [ -f "$cases" ] || continue
    . "./$cases"
done

summary
