package verify

import (
	"context"
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/atomicfence/atomicfence/internal/disasm"
	"github.com/atomicfence/atomicfence/internal/target"
	"github.com/atomicfence/atomicfence/vma"
)

// TestLayoutFromDWARF: the locations of a derived test are the fields at
// the offsets that the compiled code accesses, as the build's DWARF lays
// them out. Checked against the layout that this amd64 program has: a
// wrapper with one sized field (atomicfence.Int32, sync/atomic's types,
// sync.Mutex) takes its parent's name, a struct of more is flattened by
// path, padding has no field, and a type the program lacks, an offset
// inside a field and an offset in padding are refused by name.
func TestLayoutFromDWARF(t *testing.T) {
	if runtime.GOARCH != "amd64" {
		t.Skip("compares the amd64 build's layout with this program's own")
	}
	tg, err := target.Lookup("amd64")
	if err != nil {
		t.Fatal(err)
	}
	img, err := Build(context.Background(), tg)
	if err != nil {
		t.Fatal(err)
	}
	offset := func(v any, path string) int64 {
		t.Helper()
		typ := reflect.TypeOf(v)
		var off int64
		for _, name := range strings.Split(path, ".") {
			f, ok := typ.FieldByName(name)
			if !ok {
				t.Fatalf("%v has no field %s", typ, name)
			}
			off += int64(f.Offset)
			typ = f.Type
		}
		return off
	}
	// Each field as DWARF names it, with its path in Go where the name
	// skips a wrapper (sync.Mutex's mu), and its size.
	type want struct {
		path, goPath string
		size         int64
	}
	for _, c := range []struct {
		typ    string
		v      any
		fields []want
	}{
		{typeName("vma.VMA"), vma.VMA{}, []want{{"lockSeq", "", 4}, {"mm", "", 8}, {"start", "", 8}, {"end", "", 8}, {"refcnt", "", 4}}},
		{typeName("vma.MM"), vma.MM{}, []want{
			{"lockSeq", "", 4}, {"snap", "", 8}, {"writerWait.waiting", "", 4}, {"wakesDone", "", 8}, {"freed", "", 4},
			{"lock.w.state", "lock.w.mu.state", 4}, {"lock.w.sema", "lock.w.mu.sema", 4}, {"lock.readers", "", 4},
		}},
	} {
		fs, err := img.fields(c.typ)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]field{}
		for _, f := range fs {
			got[f.path] = f
			if slices.Contains(strings.Split(f.path, "."), "_") {
				t.Errorf("%s: a field %q for padding", c.typ, f.path)
			}
		}
		for _, w := range c.fields {
			goPath := w.goPath
			if goPath == "" {
				goPath = w.path
			}
			exp := field{path: w.path, off: offset(c.v, goPath), size: w.size}
			if got[w.path] != exp {
				t.Errorf("%s: field %s is %+v, want %+v", c.typ, w.path, got[w.path], exp)
			}
			f, err := img.fieldAt(c.typ, exp.off, exp.size)
			if err != nil || f != exp {
				t.Errorf("%s: the %d-byte access at %d finds %+v (%v), want %s", c.typ, exp.size, exp.off, f, err, w.path)
			}
		}
	}

	vmaType := typeName("vma.VMA")
	if _, err := img.fieldAt(vmaType, offset(vma.VMA{}, "mm")+4, 4); err == nil || !strings.Contains(err.Error(), "covers part of mm") {
		t.Errorf("an access to the upper half of VMA.mm: %v, want it refused as part of mm", err)
	}
	pad := offset(vma.VMA{}, "refcnt") - 8
	if _, err := img.fieldAt(vmaType, pad, 4); err == nil || !strings.Contains(err.Error(), "no field") {
		t.Errorf("an access to the padding before VMA.refcnt: %v, want no field found", err)
	}
	if _, err := img.fieldAt("main.nosuch", 0, 4); err == nil || !strings.Contains(err.Error(), "no type main.nosuch") {
		t.Errorf("the layout of a type the program lacks: %v, want an error naming it", err)
	}
}

// layoutProgram declares a wrapper whose one sized field does not start
// it (mark has no size, so no field), and an unnamed struct of one field. Go lays probe out as a at 0,
// w at 8 (w.v at 16) and anon at 20 on every architecture.
const layoutProgram = `package main

type paddedWord struct {
	mark [0]uint32
	_    [8]byte
	v    uint32
}

type probe struct {
	a    uint64
	w    paddedWord
	anon struct{ z uint32 }
}

var P probe

func main() { println(&P) }
`

// TestLayoutFlattened: in the DWARF of a program built for it, a
// wrapper's one field keeps its offset within the wrapper, and an unnamed
// struct of one field is not a wrapper: its field is named.
func TestLayoutFlattened(t *testing.T) {
	if runtime.GOARCH != "amd64" {
		// Go's 386 runtime under qemu-i386 dies in fork/exec.
		t.Skip("builds a program with the go command; runs on amd64 hosts")
	}
	dir := t.TempDir()
	for name, text := range map[string]string{"go.mod": "module probe\n\ngo 1.26\n", "main.go": layoutProgram} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("go", "build", "-o", "probe", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH=amd64", "CGO_ENABLED=0")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, b)
	}
	ef, err := elf.Open(filepath.Join(dir, "probe"))
	if err != nil {
		t.Fatal(err)
	}
	defer ef.Close()
	dw, err := ef.DWARF()
	if err != nil {
		t.Fatal(err)
	}
	img := &Image{dw: dw, layout: map[string][]field{}}
	fs, err := img.fields("main.probe")
	if err != nil {
		t.Fatal(err)
	}
	if want := []field{{"a", 0, 8}, {"w", 16, 4}, {"anon.z", 20, 4}}; !slices.Equal(fs, want) {
		t.Errorf("layout %+v, want %+v", fs, want)
	}
}

// TestTypeNames: a scenario names a type of the subject module by its
// package's last element ("vma.VMA"), which the DWARF spells with the
// module's path; a type with a path of its own, of the main package or of
// package sync, and a type with no package (int), keeps its name.
func TestTypeNames(t *testing.T) {
	for in, want := range map[string]string{
		"vma.VMA":             disasm.Module + "/vma.VMA",
		"main.cell":           "main.cell",
		"sync.Mutex":          "sync.Mutex",
		"internal/sync.Mutex": "internal/sync.Mutex",
		"example.com/p.T":     "example.com/p.T",
		"int":                 "int",
	} {
		if got := typeName(in); got != want {
			t.Errorf("typeName(%q) = %q, want %q", in, got, want)
		}
	}
}
