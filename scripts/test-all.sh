#!/usr/bin/env bash
# Runs every configuration that the module ships: formatting, go vet for each
# GOOS/GOARCH we build, and the tests on amd64 (plain, -race, purego), on 386
# (natively), and on arm64 under qemu-user for the LL/SC path (cortex-a57),
# the run-time LSE path (-cpu max) and the static LSE path (GOARM64=v8.1).
#
# ATOMICFENCE_WANT_IMPL tells the tests which implementation each
# configuration must run, so that a silent fallback fails instead of passing.
#
# qemu-user-static is installed with apt-get when it is missing and this user
# may. Under CI=true a configuration that cannot run is a failure, not a skip.
# qemu proves instructions and dispatch, not weak ordering; its timings mean
# nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n=== %s\n' "$*"; }
fail() { echo "test-all: $*" >&2; exit 1; }

ensure_qemu() {
	command -v qemu-aarch64-static >/dev/null && return 0
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		step "installing qemu-user-static"
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq qemu-user-static; } >/dev/null ||
			fail "apt-get could not install qemu-user-static"
	fi
	command -v qemu-aarch64-static >/dev/null && return 0
	[ "${CI:-}" = true ] && fail "qemu-aarch64-static is missing and could not be installed"
	echo "test-all: SKIPPING arm64: install qemu-user-static to run it" >&2
	return 1
}

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

step "test amd64"
ATOMICFENCE_WANT_IMPL=amd64 go test -count=1 ./...

step "test amd64 -race"
ATOMICFENCE_WANT_IMPL=generic go test -count=1 -race -short ./...

step "test amd64 -tags purego"
ATOMICFENCE_WANT_IMPL=generic go test -count=1 -tags purego ./...

step "test vma with its debug assertions (-tags vmadebug)"
ATOMICFENCE_WANT_IMPL=amd64 go test -count=1 -tags vmadebug ./vma/

step "test 386 (native)"
GOARCH=386 ATOMICFENCE_WANT_IMPL=generic go test -count=1 ./...

if ensure_qemu; then
	step "test arm64, ARMv8.0 LL/SC (qemu -cpu cortex-a57)"
	GOARCH=arm64 ATOMICFENCE_WANT_IMPL=llsc go test -count=1 -short -exec 'qemu-aarch64-static -cpu cortex-a57' ./...
	step "test arm64, run-time LSE (qemu -cpu max)"
	GOARCH=arm64 ATOMICFENCE_WANT_IMPL=lse-dynamic go test -count=1 -short -exec 'qemu-aarch64-static -cpu max' ./...
	step "test arm64, static LSE (GOARM64=v8.1, qemu -cpu max)"
	GOARCH=arm64 GOARM64=v8.1 ATOMICFENCE_WANT_IMPL=lse-static go test -count=1 -short -exec 'qemu-aarch64-static -cpu max' ./...
fi

step "all configurations passed"
