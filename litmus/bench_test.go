package litmus

import (
	"path/filepath"
	"testing"
)

func benchmarkFile(b *testing.B, file string) {
	test, err := ParseFile(file)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Check(test, ""); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCatalogueBiggest decides the catalogue tests that take longest:
// CAS+data2 (AArch64, two CAS dependency readings and a local read
// successor) and WRW+WR+po+rfi-po (x86_64, the most executions).
func BenchmarkCatalogueBiggest(b *testing.B) {
	dir := catalogue(b)
	for _, f := range []string{"aarch64/CAS+data2.litmus", "x86_64/WRW+WR+po+rfi-po.litmus"} {
		b.Run(filepath.Base(f), func(b *testing.B) { benchmarkFile(b, filepath.Join(dir, f)) })
	}
}

// BenchmarkCatalogue decides every test of both catalogues (the shared
// folder holds other architectures' tests too, which are not read).
func BenchmarkCatalogue(b *testing.B) {
	var files []string
	for _, arch := range []string{"aarch64", "x86_64"} {
		fs, err := filepath.Glob(filepath.Join(catalogue(b), arch, "*.litmus"))
		if err != nil || len(fs) == 0 {
			b.Fatal("no catalogue tests in ", arch, err)
		}
		files = append(files, fs...)
	}
	var tests []*Test
	for _, f := range files {
		t, err := ParseFile(f)
		if err != nil {
			b.Fatal(err)
		}
		tests = append(tests, t)
	}
	for b.Loop() {
		for _, t := range tests {
			if _, err := Check(t, ""); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkVMASeqCst decides the largest test of this repository: Go's
// sync/atomic read path with its two nested LL/SC loops.
func BenchmarkVMASeqCst(b *testing.B) {
	benchmarkFile(b, "testdata/vma/aarch64/VMA+seqcst-llsc.litmus")
}
