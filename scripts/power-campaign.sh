#!/usr/bin/env bash
# Compares fencelab check's Power model with the verdicts of herdtools7's
# Power campaign (catalogue/herding-cats/ppc/tests of a herdtools7
# checkout): the 8,000-odd tests of campaign/power-tests.tgz against the
# model column of ppc.allowed, and, since a model must allow what the
# hardware does, against its hardware column: a test observed on Power
# machines that the checker forbids is reported as unsound.
#
#   scripts/power-campaign.sh ../herdtools7
#
# It prints the disagreements and any test it refuses, then the counts; the
# exit status is 1 on a disagreement or an unsound verdict.
set -euo pipefail
cd "$(dirname "$0")/.."

[ $# = 1 ] || { echo "usage: $0 HERDTOOLS7-CHECKOUT" >&2; exit 2; }
dir=$1/catalogue/herding-cats/ppc/tests
[ -e "$dir/ppc.allowed" ] && [ -e "$dir/campaign/power-tests.tgz" ] ||
	{ echo "$dir: no ppc.allowed and campaign/power-tests.tgz" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/fencelab" ./cmd/fencelab
tar -xzf "$dir/campaign/power-tests.tgz" -C "$work"

# ppc.allowed has a line "NAME | MODEL HARDWARE" per test, each Ok or No.
awk -F'|' 'NF == 2 && $2 !~ /Model/ { gsub(/ /, "", $1); split($2, v, " ");
	print $1, (v[1] == "Ok" ? "Allowed" : "Forbidden") > "'"$work"'/kinds.txt";
	if (v[2] == "Ok") print $1 > "'"$work"'/observed.txt" }' "$dir/ppc.allowed"

status=0
"$work/fencelab" check -kinds "$work/kinds.txt" -timeout 60s "$work/power-tests" >"$work/out" 2>"$work/err" || status=$?
sed "s|$work/||" "$work/err"
grep '^MISMATCH' "$work/out" || true
unsound=$(awk 'NR == FNR { seen[$1] = 1; next } $1 == "Observation" && ($2 in seen) && $3 == "Never" { print $2 }' \
	"$work/observed.txt" "$work/out")
for t in $unsound; do echo "UNSOUND $t: observed on hardware, forbidden by the model"; done
tail -n 1 "$work/out"
echo "refused $(wc -l <"$work/err"); observed on hardware and allowed: $(awk 'NR == FNR { seen[$1] = 1; next } $1 == "Observation" && ($2 in seen) && $3 != "Never"' "$work/observed.txt" "$work/out" | wc -l)"
[ -z "$unsound" ] && ! grep -q '^MISMATCH' "$work/out" && [ "$status" -le 1 ]
