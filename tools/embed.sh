#!/bin/sh
# embed.sh IN OUT -- turn a text file into a C initializer list of bytes,
# so schema.sql and Lua sources stay real files yet ship inside the binary
# (as jq does with builtin.jq).  Output: "0x2d, 0x2d, ..." lines.
set -e
in=$1
out=$2
od -An -v -tx1 "$in" | sed -e 's/ *\([0-9a-f][0-9a-f]\)/0x\1, /g' -e 's/, $/,/' >"$out.tmp"
mv "$out.tmp" "$out"
