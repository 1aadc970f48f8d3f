#!/usr/bin/env bash
# Runs every configuration that the module ships: formatting, go vet for each
# GOOS/GOARCH we build, and the tests on amd64 (plain, -race, purego), on 386
# (natively, or under qemu-i386 where the kernel runs no 32-bit binaries),
# on arm64 under qemu-user for the LL/SC path (cortex-a57),
# the run-time LSE path (-cpu max), the static LSE path (GOARM64=v8.1) and
# the static LDAPR path (GOARM64=v8.3, root package), on 32-bit arm
# under qemu-arm (root package: the 64-bit words' alignment), and on riscv64,
# loong64 and ppc64le under qemu-riscv64, qemu-loongarch64 and qemu-ppc64le
# (their assembly, and the sync/atomic fallback with -tags purego).
#
# ATOMICFENCE_WANT_IMPL tells the tests which implementation each
# configuration must run, so that a silent fallback fails instead of passing;
# ATOMICFENCE_WANT_ACQUIRE_LOAD likewise names the instruction of the 64-bit
# acquire loads on arm64 (ldar without FEAT_LRCPC, ldapr with it).
#
# qemu-user-static is installed with apt-get, before the first test, when it is
# missing and this user may. Under CI=true a configuration that cannot run is a
# failure, not a skip.
# qemu proves instructions and dispatch, not weak ordering; its timings mean
# nothing. A package that qemu-user itself crashes runs again (emulated).
set -euo pipefail
cd "$(dirname "$0")/.."

# step heads each step with the seconds since the run began, which show
# where a run's time goes (a fresh machine's empty build cache most of all).
step() { printf '\n=== %s (at %ds)\n' "$*" "$SECONDS"; }
fail() { echo "test-all: $*" >&2; exit 1; }

# The programs that tests run besides the go command, each with the Debian
# package that holds it. They are installed in the first step, before any
# test, so that no step passes only because an earlier run left them on the
# machine; the "tools" step checks that the tests look up no other program.
tools=(qemu-aarch64-static qemu-arm-static qemu-i386-static qemu-riscv64-static qemu-loongarch64-static qemu-ppc64le-static)
declare -A package_of=([qemu-aarch64-static]=qemu-user-static [qemu-arm-static]=qemu-user-static
	[qemu-i386-static]=qemu-user-static [qemu-riscv64-static]=qemu-user-static
	[qemu-loongarch64-static]=qemu-user-static [qemu-ppc64le-static]=qemu-user-static)

# ensure_tools installs the missing tools with apt-get where this user may.
# It returns 1 when one is still missing: under CI=true that is a failure,
# elsewhere the steps that need it are skipped.
ensure_tools() {
	local missing=() packages=() t
	for t in "${tools[@]}"; do
		command -v "$t" >/dev/null || { missing+=("$t"); packages+=("${package_of[$t]}"); }
	done
	[ ${#missing[@]} = 0 ] && return 0
	mapfile -t packages < <(printf '%s\n' "${packages[@]}" | sort -u)
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		echo "installing ${packages[*]} for ${missing[*]}"
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}"; } >/dev/null ||
			fail "apt-get could not install ${packages[*]}"
	fi
	for t in "${missing[@]}"; do
		command -v "$t" >/dev/null && continue
		[ "${CI:-}" = true ] && fail "$t is missing and could not be installed (Debian package ${package_of[$t]})"
		echo "test-all: SKIPPING what needs $t: install ${package_of[$t]} to run it" >&2
		return 1
	done
}

step "tools: ${tools[*]}"
have_tools=true
ensure_tools || have_tools=false
# Every program a test looks up must be in the list above, or a fresh
# machine would reach that test without it.
for t in $(grep -rhoE --include='*.go' 'exec\.LookPath\("[^"]+"\)' . | sed -E 's/.*\("([^"]+)"\)/\1/' | sort -u); do
	[[ " ${tools[*]} " == *" $t "* ]] || fail "a test looks up $t, which the tools list of scripts/test-all.sh does not install"
done

step "gofmt"
unformatted=$(gofmt -l .)
[ -z "$unformatted" ] || fail "gofmt would change: $unformatted"

step "go vet"
for target in linux/amd64 linux/arm64 linux/386 linux/arm linux/riscv64 linux/ppc64le \
	linux/s390x linux/loong64 wasip1/wasm darwin/arm64 windows/amd64 windows/arm64; do
	echo "vet $target"
	GOOS=${target%/*} GOARCH=${target#*/} go vet ./...
done
go vet -tags purego ./...
go vet -tags vmadebug ./vma
GOARCH=arm64 go vet -tags vma_asmloads ./vma

step "test amd64"
# fencelab's and verify's tests build and derive for every target, side by
# side on two cores: 5 and 7 minutes in a run here, close to go test's
# default limit of 10 for one binary, which a slower machine would pass.
ATOMICFENCE_WANT_IMPL=amd64 go test -count=1 -timeout 20m ./...

step "fuzz the litmus parser briefly (FuzzParse, from its seed corpus)"
# A number of executions, not a duration: a duration is a deadline that a
# loaded machine can pass while the fuzzer still reads its corpus, which
# fails the run with "context deadline exceeded" though nothing was found.
go test -run '^$' -fuzz '^FuzzParse$' -fuzztime 50000x -fuzzminimizetime 200x ./litmus

step "test amd64 -race"
ATOMICFENCE_WANT_IMPL=generic go test -count=1 -race -short ./...

step "test amd64 -tags purego"
# verify's tests, and fencelab's long ones, build the binaries they examine
# with tags of their own, so the tag changes nothing in them: verify is left
# out and fencelab runs -short.
ATOMICFENCE_WANT_IMPL=generic go test -count=1 -tags purego $(go list ./... | grep -v -e /verify -e /cmd/fencelab)
ATOMICFENCE_WANT_IMPL=generic go test -count=1 -short -tags purego ./cmd/fencelab

step "test vma with its debug assertions (-tags vmadebug)"
ATOMICFENCE_WANT_IMPL=amd64 go test -count=1 -tags vmadebug ./vma/

# emulated runs a step under qemu-user: env ARGS... PATTERNS..., called as
# emulated ARGS... -- PATTERNS... qemu-user now and then crashes a Go test
# binary in its thread or signal emulation (qemu-i386 most often, in the
# packages that start many threads): the runtime throws in its scheduler or
# on a signal stack, or qemu reports an uncaught signal (crash_verdicts
# lists the messages). A package that failed only so runs again, alone, at
# most twice more; any other failure (a test's "--- FAIL", a panic, a
# deadlock, a build error) fails the step at once, as does a third crash.
# Each test binary has emulated_timeout, not go test's 10 minutes: the
# slowest emulated package takes under a minute, so a hang fails early.
emulated_timeout=5m
emulated() {
	local log attempt verdicts base=() pkgs=()
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		base+=("$1")
		shift
	done
	[ $# -gt 1 ] || fail "emulated: no package patterns after --"
	shift
	pkgs=("$@")
	for attempt in 1 2 3; do
		log=$(mktemp)
		if env "${base[@]}" -timeout "$emulated_timeout" "${pkgs[@]}" 2>&1 | tee "$log"; then
			rm -f "$log"
			return 0
		fi
		verdicts=$(crash_verdicts <"$log")
		rm -f "$log"
		if [ -z "$verdicts" ] || grep -qv '^crash ' <<<"$verdicts"; then
			return 1
		fi
		[ "$attempt" = 3 ] && { echo "test-all: the emulator crashed the same packages three times" >&2; return 1; }
		mapfile -t pkgs < <(awk '{print $2}' <<<"$verdicts")
		echo "test-all: the emulator crashed ${pkgs[*]} (above); running them once more" >&2
		retried+=("${pkgs[@]}")
	done
}

# retried lists the packages that emulated ran again, for the summary.
retried=()

# crash_verdicts reads go test's output and prints, for each package that
# failed, "crash PKG" when its output shows a crash of the runtime's own
# that qemu-user causes and nothing that a program's bug causes, and
# "fail PKG" otherwise. go test prints each package's output whole, before
# the line that ends it. A fatal signal whose traceback starts on goroutine
# 0 struck the scheduler's own stack (g0): with no cgo in these programs,
# only the runtime runs there (a fault in a program's code, assembly
# included, panics on its goroutine instead). Two threads that crash at
# once interleave their messages mid-line, so a crash is also told by the
# line the runtime prints before it throws "morestack on g0" and by the
# frame of the function that throws it.
crash_verdicts() {
	awk '
		/^(ok|FAIL|\?)[ \t]+[^ \t]+\// {
			if ($1 == "FAIL")
				print ((crashed && !failed && $3 !~ /^\[/) ? "crash " : "fail ") $2
			crashed = failed = signaled = 0
			next
		}
		/--- FAIL|^panic: |all goroutines are asleep|concurrent map|fatal error: sync: |fatal error: stack overflow|fatal error: out of memory/ { failed = 1 }
		/qemu: uncaught target signal|bad g in signal handler|fatal error: (morestack on g0|morestack on gsignal|stopm holding locks|wirep: already in go|unexpected signal during runtime execution)/ { crashed = 1 }
		/^runtime: morestack on g0|runtime\.badmorestackg0/ { crashed = 1 }
		/^SIG[A-Z]+: / { signaled = 1 }
		signaled && /^goroutine 0 gp=/ { crashed = 1 }
	'
}

# runs_386 reports whether this amd64 machine runs 32-bit x86 binaries: a
# kernel may be built or booted without its IA32 emulation.
runs_386() {
	local dir ok=1
	dir=$(mktemp -d)
	printf 'package main\n\nfunc main() {}\n' >"$dir/main.go"
	(cd "$dir" && GOARCH=386 go build -o probe main.go) || fail "could not build the 386 probe"
	"$dir/probe" 2>/dev/null && ok=0
	rm -rf "$dir"
	return $ok
}

if runs_386; then
	step "test 386 (native)"
	GOARCH=386 ATOMICFENCE_WANT_IMPL=generic go test -count=1 ./...
elif $have_tools; then
	# Go's 386 runtime under qemu-i386 needs asynchronous preemption off
	# (internal/target), and dies in fork/exec: the tests that start
	# processes run on amd64 hosts only.
	step "test 386 (qemu-i386: this kernel runs no 32-bit binaries)"
	emulated GOARCH=386 ATOMICFENCE_WANT_IMPL=generic go test -count=1 -short -exec 'qemu-i386-static -E GODEBUG=asyncpreemptoff=1' -- ./...
else
	echo "test-all: SKIPPING the 386 tests: this kernel runs no 32-bit binaries, and qemu-i386-static is missing" >&2
fi

if $have_tools; then
	# The model checker (litmus) is Go with no file of its own for any
	# architecture, and nothing it computes depends on the machine: it runs
	# natively, under -race and on 386 (whose int has 32 bits), and not
	# again under each 64-bit emulator, where it was half of every run.
	pkgs64=$(go list ./... | grep -v '/litmus$')
	step "test arm64, ARMv8.0 LL/SC (qemu -cpu cortex-a57)"
	emulated GOARCH=arm64 ATOMICFENCE_WANT_IMPL=llsc ATOMICFENCE_WANT_ACQUIRE_LOAD=ldar go test -count=1 -short -exec 'qemu-aarch64-static -cpu cortex-a57' -- $pkgs64
	step "test arm64, run-time LSE (qemu -cpu max)"
	emulated GOARCH=arm64 ATOMICFENCE_WANT_IMPL=lse-dynamic ATOMICFENCE_WANT_ACQUIRE_LOAD=ldapr go test -count=1 -short -exec 'qemu-aarch64-static -cpu max' -- $pkgs64
	step "test arm64, static LSE (GOARM64=v8.1, qemu -cpu max)"
	emulated GOARCH=arm64 GOARM64=v8.1 ATOMICFENCE_WANT_IMPL=lse-static ATOMICFENCE_WANT_ACQUIRE_LOAD=ldapr go test -count=1 -short -exec 'qemu-aarch64-static -cpu max' -- $pkgs64
	step "test arm64, static LSE and LDAPR (GOARM64=v8.3, qemu -cpu max): the root package"
	emulated GOARCH=arm64 GOARM64=v8.3 ATOMICFENCE_WANT_IMPL=lse-static ATOMICFENCE_WANT_ACQUIRE_LOAD=ldapr go test -count=1 -short -exec 'qemu-aarch64-static -cpu max' -- .
	step "test arm (32-bit, qemu-arm): the root package, whose 64-bit words must be 8-byte aligned"
	emulated GOARCH=arm ATOMICFENCE_WANT_IMPL=generic go test -count=1 -short -exec qemu-arm-static -- .
	# The stress shapes have no text in these instruction sets: stress and
	# fencelab stress judge these runs by no model, and say so.
	step "test riscv64 (qemu-riscv64): AMOs, LR/SC and FENCEs in assembly"
	emulated GOARCH=riscv64 ATOMICFENCE_WANT_IMPL=riscv64 go test -count=1 -short -exec qemu-riscv64-static -- $pkgs64
	step "test riscv64 -tags purego (qemu-riscv64): the sync/atomic fallback"
	emulated GOARCH=riscv64 ATOMICFENCE_WANT_IMPL=generic go test -count=1 -short -tags purego -exec qemu-riscv64-static -- . ./vma
	step "test loong64 (qemu-loongarch64): AM*, AM*_DB, LL/SC and DBAR in assembly"
	emulated GOARCH=loong64 ATOMICFENCE_WANT_IMPL=loong64 go test -count=1 -short -exec qemu-loongarch64-static -- $pkgs64
	step "test loong64 -tags purego (qemu-loongarch64): the sync/atomic fallback"
	emulated GOARCH=loong64 ATOMICFENCE_WANT_IMPL=generic go test -count=1 -short -tags purego -exec qemu-loongarch64-static -- . ./vma
	step "test ppc64le (qemu-ppc64le): LWARX/STWCX. loops with LWSYNC, ISYNC and SYNC in assembly"
	emulated GOARCH=ppc64le ATOMICFENCE_WANT_IMPL=ppc64le go test -count=1 -short -exec qemu-ppc64le-static -- $pkgs64
	step "test ppc64le -tags purego (qemu-ppc64le): the sync/atomic fallback"
	emulated GOARCH=ppc64le ATOMICFENCE_WANT_IMPL=generic go test -count=1 -short -tags purego -exec qemu-ppc64le-static -- . ./vma
fi

[ ${#retried[@]} = 0 ] || echo "test-all: ran again after an emulator crash: ${retried[*]}"
step "all configurations passed"
