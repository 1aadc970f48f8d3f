package litmus

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fuzzBounds keep each check of a fuzzed test to milliseconds.
var fuzzBounds = Options{MaxExecutions: 2000, MaxPaths: 500, MaxStates: 200}

// FuzzParse parses arbitrary bytes and checks what parses under every
// model within small bounds: nothing may panic, and every error must be
// one line naming the file. A test must parse alike with CRLF line ends
// and a byte order mark. The seed corpus in testdata/fuzz/FuzzParse holds
// valid tests of each architecture and the hostile forms of
// TestHostileInputs.
func FuzzParse(f *testing.F) {
	f.Add([]byte(mpSource))
	f.Fuzz(func(t *testing.T, src []byte) {
		test, err := Parse("fuzz.litmus", src)
		checkOneLine(t, err)
		if !bytes.ContainsRune(src, '\r') && !bytes.HasPrefix(src, []byte(utf8BOM)) {
			dos := append([]byte(utf8BOM), bytes.ReplaceAll(src, []byte("\n"), []byte("\r\n"))...)
			if len(dos) <= MaxTestSize {
				if _, err2 := Parse("fuzz.litmus", dos); errText(err) != errText(err2) {
					t.Fatalf("with CRLF and a BOM: %v; without: %v", err2, err)
				}
			}
		}
		if err != nil {
			return
		}
		for _, m := range modelsFor(test.Arch) {
			opts := fuzzBounds
			opts.Model = m
			_, err := CheckContext(context.Background(), test, opts)
			checkOneLine(t, err)
			var le *LimitError
			if errors.As(err, &le) && !errors.Is(err, ErrLimit) {
				t.Fatalf("%v: a LimitError that is not ErrLimit", err)
			}
		}
	})
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// checkOneLine fails unless err is nil or a one-line message naming
// fuzz.litmus.
func checkOneLine(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	msg := err.Error()
	if strings.ContainsAny(msg, "\n\r") || !strings.HasPrefix(msg, "fuzz.litmus") {
		t.Fatalf("error %q is not one line starting with the file's name", msg)
	}
}

// corpusDir holds FuzzParse's seed corpus, in the format of go test.
const corpusDir = "testdata/fuzz/FuzzParse"

var updateCorpus = flag.Bool("update-corpus", false, "rewrite the seed corpus of FuzzParse from the tests' inputs")

// validSeeds are tests of testdata, of each architecture, that seed the
// corpus as "valid-" and their name: loops, exclusives, CAS, locked
// instructions, fences, both x86 syntaxes and RISC-V's LR/SC and AMOs.
var validSeeds = []string{
	"own/MP+dmb.sy+ctrl.litmus", "own/MP+dmb.sy+spin.litmus", "own/LDXR-STXR-atomic.litmus",
	"own/MP+rel+CASA-fail.litmus", "own/WRC+addrs.litmus", "own/SB+filter.litmus",
	"own/SB+xchg+lockadd.litmus", "own/SB+cmpxchg-fail.litmus", "vma/x86_64/VMA+seqcst.litmus",
	"own/SB+Intel.litmus", "own/SB+mfences+Intel.litmus", "vma/riscv/VMA+acquire.litmus",
	"vma/riscv/VMA+rwsem.litmus",
}

// seedCorpus returns the seed corpus by file name: the valid seeds, one of
// them with CRLF line ends and a byte order mark, and the hostile inputs.
func seedCorpus(t *testing.T) map[string][]byte {
	seeds := map[string][]byte{}
	for _, f := range validSeeds {
		src, err := os.ReadFile(filepath.Join("testdata", filepath.FromSlash(f)))
		if err != nil {
			t.Fatal(err)
		}
		// Without the extension, so that a walk of testdata for tests
		// passes the corpus by.
		seeds["valid-"+strings.TrimSuffix(filepath.Base(f), ".litmus")] = src
	}
	mp := seeds["valid-MP+dmb.sy+ctrl"]
	seeds["valid-crlf-bom"] = append([]byte(utf8BOM), bytes.ReplaceAll(mp, []byte("\n"), []byte("\r\n"))...)
	for _, h := range hostileInputs() {
		if h.seed {
			seeds["hostile-"+h.name] = h.src
		}
	}
	return seeds
}

// TestFuzzCorpus keeps the seed corpus in step with the tests' inputs;
// -update-corpus rewrites it. Inputs that the fuzzer found and that were
// fixed stay beside the seeds as "found-" files.
func TestFuzzCorpus(t *testing.T) {
	seeds := seedCorpus(t)
	if *updateCorpus {
		if err := os.MkdirAll(corpusDir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for name, src := range seeds {
		want := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", src)
		path := filepath.Join(corpusDir, name)
		if *updateCorpus {
			if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if got, err := os.ReadFile(path); err != nil || string(got) != want {
			t.Errorf("%s is missing or out of date (%v): run go test ./litmus -run TestFuzzCorpus -args -update-corpus", path, err)
		}
	}
	entries, err := os.ReadDir(corpusDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if _, ok := seeds[e.Name()]; !ok && !strings.HasPrefix(e.Name(), "found-") {
			t.Errorf("%s/%s is no seed: name an input that the fuzzer found found-WHAT, or remove it", corpusDir, e.Name())
		}
	}
}
