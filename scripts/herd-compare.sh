#!/usr/bin/env bash
# Compares fencelab check with herd7 over a herdtools7 checkout's own
# tests: every .litmus file of herd/tests/instructions/{AArch64,
# AArch64.ASL,X86_64,RISCV,PPC} (or of the folders given) that has a
# .litmus.expected file, block for block, herd7's Hash= and Time lines and
# fencelab's Model line aside. Files that herdtools7 marks
# .expected-failure (herd7 fails on them) are counted apart.
#
#   scripts/herd-compare.sh ../herdtools7
#   scripts/herd-compare.sh ../herdtools7 herd/tests/instructions/AArch64
#
# It prints one line per file that does not match, and the counts; the
# exit status is 1 when a decided test differs from herd7's output.
set -euo pipefail
cd "$(dirname "$0")/.."

[ $# -ge 1 ] || { echo "usage: $0 HERDTOOLS7-CHECKOUT [FOLDER...]" >&2; exit 2; }
herd=$1
shift
folders=("$@")
[ ${#folders[@]} -gt 0 ] || folders=(herd/tests/instructions/AArch64 herd/tests/instructions/AArch64.ASL
	herd/tests/instructions/X86_64 herd/tests/instructions/RISCV herd/tests/instructions/PPC)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/fencelab" ./cmd/fencelab

# block prints a herd7 result without the lines that differ by design, and
# without trailing blank lines.
block() { grep -v -e '^Hash=' -e '^Time ' -e '^Model ' "$1" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'; }

match=0 differ=0 refused=0 herdfails=0
for folder in "${folders[@]}"; do
	for f in "$herd/$folder"/*.litmus; do
		[ -e "$f" ] || { echo "no .litmus files in $herd/$folder" >&2; exit 2; }
		if [ -e "$f.expected-failure" ]; then
			herdfails=$((herdfails + 1))
			continue
		fi
		[ -e "$f.expected" ] || continue
		if ! "$work/fencelab" check "$f" >"$work/out" 2>"$work/err"; then
			refused=$((refused + 1))
			echo "REFUSED $folder/$(basename "$f"): $(head -c 300 "$work/err" | tr '\n' ' ')"
			continue
		fi
		if cmp -s <(block "$f.expected") <(block "$work/out"); then
			match=$((match + 1))
		else
			differ=$((differ + 1))
			echo "DIFFERS $folder/$(basename "$f"):"
			diff <(block "$f.expected") <(block "$work/out") | sed 's/^/    /' || true
		fi
	done
done
echo "match $match, differ $differ, refused $refused (herd7 fails on $herdfails more)"
[ "$differ" = 0 ]
