package stress

import (
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"unsafe"

	"github.com/atomicfence/atomicfence"
)

func TestBuiltinShapesHaveLitmusTexts(t *testing.T) {
	for _, s := range Shapes() {
		for _, key := range []string{KeyX86_64, KeyAArch64} {
			text, ok := s.Litmus[key]
			if !ok {
				t.Errorf("%s: no %s litmus text", s.Name, key)
				continue
			}
			arch := strings.TrimSuffix(key, "+LSE")
			if first, _, _ := strings.Cut(text, "\n"); first != arch+" "+s.Name {
				t.Errorf("%s: %s text starts %q, want %q", s.Name, key, first, arch+" "+s.Name)
			}
		}
		for _, key := range []string{KeyAArch64LSE, KeyAArch64LRCPC} {
			if text, ok := s.Litmus[key]; ok && !strings.HasPrefix(text, "AArch64 "+s.Name+"\n") {
				t.Errorf("%s: %s text does not start with its header", s.Name, key)
			}
		}
		// LitmusFor would pick the LRCPC text over the LSE one, whose
		// read-modify-writes it does not write.
		_, lse := s.Litmus[KeyAArch64LSE]
		if _, lrcpc := s.Litmus[KeyAArch64LRCPC]; lse && lrcpc {
			t.Errorf("%s has both an %s and an %s text", s.Name, KeyAArch64LSE, KeyAArch64LRCPC)
		}
	}
	// Every embedded file belongs to a shape, so that none is left
	// behind by a rename.
	err := fs.WalkDir(litmusFiles, "shapes", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if _, ok := Lookup(strings.TrimSuffix(path.Base(p), ".litmus")); !ok {
			t.Errorf("%s belongs to no shape", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A shape's Exists is what a run counts, its litmus text's exists clause
// what the checker decides: the two must be the same condition, or a run
// would count one outcome against the verdict on another (an impossible
// one, say, never seen, "as the model says"). Each equality of the text
// names the same thread's register, or the same location, as the shape's
// at its place, with the same value. The registers' own names differ (r0
// against X2 or eax): the text's order is the shape's (litmusAlone).
func TestShapesExistsMatchTheirLitmus(t *testing.T) {
	checked := 0
	for _, s := range Shapes() {
		for key, text := range s.Litmus {
			var cond string
			for line := range strings.Lines(text) {
				if line = strings.TrimSpace(line); strings.HasPrefix(line, "exists") {
					cond = line
				}
			}
			atoms := litmusAtom.FindAllString(cond, -1)
			if len(atoms) != len(s.Exists) {
				t.Errorf("%s, %s: condition %q has %d equalities, the shape's %d", s.Name, key, cond, len(atoms), len(s.Exists))
				continue
			}
			for i, a := range atoms {
				name, val, _ := strings.Cut(a, "=")
				want := s.Exists[i]
				wantThread, isReg := threadOf(want.Var)
				same := strings.Trim(name, "[]") == want.Var
				if isReg {
					thread, _ := threadOf(name)
					same = thread == wantThread
				}
				if !same || val != fmt.Sprint(want.Val) {
					t.Errorf("%s, %s: equality %d of %q is %s, the shape's %v", s.Name, key, i+1, cond, a, want)
				}
			}
			checked++
		}
	}
	if checked < len(Shapes())*2 {
		t.Errorf("checked %d texts, want at least two a shape", checked)
	}
}

// threadOf returns the thread of a register named as "1:r0" or "1:X2".
func threadOf(v string) (string, bool) {
	thread, _, ok := strings.Cut(v, ":")
	return thread, ok
}

func TestLitmusFor(t *testing.T) {
	sb, _ := Lookup("SB")
	sbRelAcq, _ := Lookup("SB+rel+acq")
	mpRelAcq, _ := Lookup("MP+rel+acq")
	acq, _ := Lookup("VMA+acquire")
	fa, _ := Lookup("VMA+fetchadd")
	for _, tc := range []struct {
		shape *Shape
		impl  atomicfence.Implementation
		rcpc  bool
		key   string
		model string
	}{
		{sb, atomicfence.ImplAMD64, false, KeyX86_64, ModelX86TSO},
		{sb, atomicfence.ImplLLSC, false, KeyAArch64, ModelAArch64},
		{sb, atomicfence.ImplLSEDynamic, false, KeyAArch64, ModelAArch64}, // no LSE form
		{sb, atomicfence.ImplLSEDynamic, true, KeyAArch64, ModelAArch64},  // nor an LRCPC one
		{acq, atomicfence.ImplLSEStatic, false, KeyAArch64LSE, ModelAArch64},
		{acq, atomicfence.ImplLSEStatic, true, KeyAArch64LSE, ModelAArch64},
		{acq, atomicfence.ImplLLSC, false, KeyAArch64, ModelAArch64},
		{fa, atomicfence.ImplLSEDynamic, false, KeyAArch64LSE, ModelAArch64},
		{fa, atomicfence.ImplLLSC, false, KeyAArch64, ModelAArch64},
		{fa, atomicfence.ImplAMD64, false, KeyX86_64, ModelX86TSO},
		{sbRelAcq, atomicfence.ImplLLSC, false, KeyAArch64, ModelAArch64},
		{sbRelAcq, atomicfence.ImplLLSC, true, KeyAArch64LRCPC, ModelAArch64},
		{sbRelAcq, atomicfence.ImplLSEDynamic, true, KeyAArch64LRCPC, ModelAArch64},
		{sbRelAcq, atomicfence.ImplLSEStatic, true, KeyAArch64LRCPC, ModelAArch64},
		{mpRelAcq, atomicfence.ImplLSEDynamic, false, KeyAArch64, ModelAArch64},
		{mpRelAcq, atomicfence.ImplLSEStatic, true, KeyAArch64LRCPC, ModelAArch64},
		{sbRelAcq, atomicfence.ImplAMD64, true, KeyX86_64, ModelX86TSO}, // rcpc means nothing there
	} {
		text, model, ok := tc.shape.LitmusFor(tc.impl, tc.rcpc)
		if !ok || text != tc.shape.Litmus[tc.key] || model != tc.model {
			t.Errorf("%s.LitmusFor(%v, %v) = (%.20q, %q, %v), want the %s text and %q",
				tc.shape.Name, tc.impl, tc.rcpc, text, model, ok, tc.key, tc.model)
		}
	}
	// The generic code is checked under SC, with the text of the host's
	// architecture where the shape has one.
	own := KeyX86_64
	if runtime.GOARCH == "arm64" {
		own = KeyAArch64
	}
	for _, s := range []*Shape{sb, sbRelAcq} {
		if text, model, ok := s.LitmusFor(atomicfence.ImplGeneric, false); !ok || model != ModelSC || text != s.Litmus[own] {
			t.Errorf("%s.LitmusFor(generic) = (%.20q, %q, %v), want the %s text and sc", s.Name, text, model, ok, own)
		}
	}
	bare := &Shape{Name: "bare"}
	for _, impl := range []atomicfence.Implementation{atomicfence.ImplRISCV64, atomicfence.ImplLoong64, atomicfence.ImplPPC64LE} {
		if text, model, ok := sb.LitmusFor(impl, false); ok || model != "" || text != "" {
			t.Errorf("SB.LitmusFor(%v) = (%.20q, %q, %v): no text of the shapes is this implementation's, and no model", impl, text, model, ok)
		}
	}
	if _, _, ok := bare.LitmusFor(atomicfence.ImplAMD64, false); ok {
		t.Error("a shape without texts reported one")
	}
}

func TestCompileRejectsMalformedShapes(t *testing.T) {
	code := func(loc, []int32) {}
	good := func() *Shape {
		return &Shape{
			Name:    "T",
			Locs:    []Loc{{"x", 0}, {"y", 0}},
			Threads: []Thread{{[]string{"r0"}, code}, {nil, code}},
			Final:   []string{"y"},
			Exists:  []Eq{{"0:r0", 1}, {"y", 2}},
		}
	}
	if _, err := good().compile(); err != nil {
		t.Fatalf("well-formed shape: %v", err)
	}
	names := good()
	names.Locs[0].Name, names.Threads[1].Regs = "zAZ9", []string{"_r"}
	if _, err := names.compile(); err != nil {
		t.Errorf("a shape whose names hold z, A, Z, 9 and _: %v", err)
	}
	full := good()
	full.Threads[0].Regs, full.Exists = strings.Fields("a b c d e f g"), []Eq{{"0:a", 1}}
	if _, err := full.compile(); err != nil {
		t.Errorf("a shape of MaxValues (%d) values: %v", MaxValues, err)
	}
	for _, tc := range []struct {
		want   string
		break_ func(*Shape)
	}{
		{"no name", func(s *Shape) { s.Name = "" }},
		{"no locations", func(s *Shape) { s.Locs = nil }},
		{"no threads", func(s *Shape) { s.Threads = nil }},
		{"no exists", func(s *Shape) { s.Exists = nil }},
		{"not an identifier", func(s *Shape) { s.Locs[0].Name = "0x" }},
		{"location \"\" is not an identifier", func(s *Shape) { s.Locs[0].Name = "" }},
		{"location \"a:\" is not an identifier", func(s *Shape) { s.Locs[0].Name = "a:" }},
		{"declared twice", func(s *Shape) { s.Locs[1].Name = "x"; s.Final = nil; s.Exists = s.Exists[:1] }},
		{"has no code", func(s *Shape) { s.Threads[1].Code = nil }},
		{"register \"r 1\"", func(s *Shape) { s.Threads[0].Regs = []string{"r 1"} }},
		{"register 0:r0 declared twice", func(s *Shape) { s.Threads[0].Regs = []string{"r0", "r0"} }},
		{"final location \"z\" is not declared", func(s *Shape) { s.Final = []string{"z"} }},
		{"listed twice", func(s *Shape) { s.Final = []string{"y", "y"} }},
		{"more than MaxValues", func(s *Shape) { s.Threads[0].Regs = strings.Fields("a b c d e f g h") }},
		{"neither a register", func(s *Shape) { s.Exists = []Eq{{"1:r0", 0}} }},
	} {
		s := good()
		tc.break_(s)
		_, err := s.compile()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("shape broken with %q: error %v", tc.want, err)
		}
	}
}

func TestCondition(t *testing.T) {
	s, _ := Lookup("2+2W")
	if got, want := s.Condition(), `exists (x=2 /\ y=2)`; got != want {
		t.Errorf("2+2W condition %q, want %q", got, want)
	}
}

// The sync/atomic shapes reach the word inside an Int32 through word: this
// fails if Int32 ever holds anything else.
func TestWordIsTheInt32(t *testing.T) {
	var c atomicfence.Int32
	if unsafe.Sizeof(c) != 4 {
		t.Fatalf("atomicfence.Int32 is %d bytes, want 4", unsafe.Sizeof(c))
	}
	c.StoreRelaxed(-12345)
	if got := atomic.LoadInt32(word(&c)); got != -12345 {
		t.Fatalf("word sees %d, want -12345", got)
	}
	atomic.StoreInt32(word(&c), 777)
	if got := c.LoadRelaxed(); got != 777 {
		t.Fatalf("Int32 sees %d after a store through word, want 777", got)
	}
}

// Shapes lists the catalogue in the order it is declared, the classic
// families first and the VMA shapes after them, as fencelab stress -list
// prints it.
func TestShapesOrder(t *testing.T) {
	want := []string{
		"SB", "SB+mb", "SB+rel+acq", "MP", "MP+wmb+rmb", "MP+rel+acq", "LB", "LB+mb", "2+2W", "2+2W+wmb",
		"VMA+acquire", "VMA+relaxed+rmb", "VMA+relaxed", "VMA+seqcst", "VMA+fetchadd", "VMA+rwsem",
	}
	var got []string
	for _, s := range Shapes() {
		got = append(got, s.Name)
	}
	if !slices.Equal(got, want) {
		t.Errorf("Shapes() lists %v, want %v", got, want)
	}
}

// Shapes returns a slice of its own each time: reordering what it returned
// leaves the next call's order alone.
func TestShapesReturnsACopy(t *testing.T) {
	first := Shapes()
	want := slices.Clone(first)
	slices.Reverse(first)
	if got := Shapes(); !slices.Equal(got, want) {
		t.Errorf("after the caller reversed its list, Shapes() starts with %s, want %s", got[0].Name, want[0].Name)
	}
}

// Lookup finds the built-in shapes by name, and nothing by another name.
func TestLookup(t *testing.T) {
	for _, s := range Shapes() {
		if got, ok := Lookup(s.Name); !ok || got != s {
			t.Errorf("Lookup(%q) = %v, %v; want the built-in shape", s.Name, got, ok)
		}
	}
	for _, name := range []string{"", "sb", "SB+", "VMA"} {
		if got, ok := Lookup(name); ok || got != nil {
			t.Errorf("Lookup(%q) = %v, %v; want no shape", name, got, ok)
		}
	}
}

// A built-in shape that does not compile, or one whose name is taken,
// stops the program at start-up rather than run wrong: register panics
// before it changes the catalogue.
func TestRegisterRefusesBadShapes(t *testing.T) {
	sb, _ := Lookup("SB")
	twin := *sb
	for _, tc := range []struct {
		shape *Shape
		want  string
	}{
		{&Shape{Name: "empty"}, "no locations"},
		{&twin, "registered twice"},
	} {
		func() {
			defer func() {
				if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), tc.want) {
					t.Errorf("register(%s): panic %v, want one about %q", tc.shape.Name, r, tc.want)
				}
			}()
			register(tc.shape)
		}()
	}
	if n := len(Shapes()); n != len(allowed) {
		t.Errorf("%d shapes after the refusals, want %d", n, len(allowed))
	}
}

// A shape without the text an implementation needs still names the model
// that speaks for that implementation; the model is "" only for the
// implementations that no model speaks for.
func TestLitmusForWithoutText(t *testing.T) {
	bare := &Shape{Name: "bare"}
	for impl, want := range map[atomicfence.Implementation]string{
		atomicfence.ImplAMD64:      ModelX86TSO,
		atomicfence.ImplLLSC:       ModelAArch64,
		atomicfence.ImplLSEDynamic: ModelAArch64,
		atomicfence.ImplLSEStatic:  ModelAArch64,
		atomicfence.ImplGeneric:    ModelSC,
		atomicfence.ImplRISCV64:    "",
		atomicfence.ImplLoong64:    "",
		atomicfence.ImplPPC64LE:    "",
	} {
		if text, model, ok := bare.LitmusFor(impl, false); ok || text != "" || model != want {
			t.Errorf("a shape without texts: LitmusFor(%v) = (%q, %q, %v), want no text and model %q", impl, text, model, ok, want)
		}
	}
}
