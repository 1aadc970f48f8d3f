package disasm

import (
	"errors"
	"strings"
	"testing"
)

// TestWriteFunc: the listing names the function and its file, then one
// line per instruction with its position, encoding and text, the mark on
// exactly the instructions decoded here, and the variable an access names.
func TestWriteFunc(t *testing.T) {
	f := Func{Symbol: "github.com/atomicfence/atomicfence.addAcquire.abi0", File: "a.s", Insts: []Inst{
		{Pos: "a.s:5", Hex: "396aa364", Text: "MOVBU 2728(R27), R4", Data: "github.com/atomicfence/atomicfence.useLSE"},
		{Pos: "a.s:7", Hex: "88e37c02", Text: "CASAW R3, (R0), R2", Decoded: true},
		{Pos: "a.s:8", Hex: "d65f03c0", Text: "RET"},
	}}
	var b strings.Builder
	if err := WriteFunc(&b, f); err != nil {
		t.Fatal(err)
	}
	want := "TEXT addAcquire  a.s\n" +
		"  a.s:5  396aa364    MOVBU 2728(R27), R4  // atomicfence.useLSE\n" +
		"  a.s:7  88e37c02  " + DecodedMark + " CASAW R3, (R0), R2\n" +
		"  a.s:8  d65f03c0    RET\n"
	if b.String() != want {
		t.Errorf("listing:\n%s\nwant:\n%s", b.String(), want)
	}
}

// TestWriteFuncBranchTargets: a branch to an address, which the listing
// does not show, is followed by the position of the instruction there;
// one to an address outside the function, or to a label, is not.
func TestWriteFuncBranchTargets(t *testing.T) {
	f := Func{Symbol: "main.f", File: "a.s", Insts: []Inst{
		{Pos: "a.s:3", PC: 0xa6f86, Hex: "100526af", Text: "LR.W (X10), X13", Decoded: true},
		{Pos: "a.s:4", PC: 0xa6f8a, Hex: "00d59e63", Text: "BNE X11, X13, 0xa6f92", Decoded: true},
		{Pos: "a.s:5", PC: 0xa6f8e, Hex: "fe071ae3", Text: "BNEZ X14, 0xa6f86", Decoded: true},
		{Pos: "a.s:6", PC: 0xa6f92, Hex: "7404", Text: "JE 0x4bcd89"},
		{Pos: "a.s:7", PC: 0xa6f94, Hex: "540001cd", Text: "BLE 14(PC)"},
	}}
	var b strings.Builder
	if err := WriteFunc(&b, f); err != nil {
		t.Fatal(err)
	}
	want := "TEXT main.f  a.s\n" +
		"  a.s:3  100526af  * LR.W (X10), X13\n" +
		"  a.s:4  00d59e63  * BNE X11, X13, 0xa6f92  // to a.s:6\n" +
		"  a.s:5  fe071ae3  * BNEZ X14, 0xa6f86  // to a.s:3\n" +
		"  a.s:6  7404        JE 0x4bcd89\n" +
		"  a.s:7  540001cd    BLE 14(PC)\n"
	if b.String() != want {
		t.Errorf("listing:\n%s\nwant:\n%s", b.String(), want)
	}
}

// TestWriteFuncPadding: the zero words after an arm64 function's last
// instruction are left out of its listing, and a zero word before that
// instruction is not.
func TestWriteFuncPadding(t *testing.T) {
	udf := Inst{Pos: "a.s:9", Hex: "00000000", Text: "UDF $0", Decoded: true}
	f := Func{Symbol: "main.f", File: "a.s", Insts: []Inst{
		{Pos: "a.s:7", Hex: "d5033bbf", Text: "DMB $11"}, udf,
		{Pos: "a.s:8", Hex: "d65f03c0", Text: "RET"}, udf, udf,
	}}
	var b strings.Builder
	if err := WriteFunc(&b, f); err != nil {
		t.Fatal(err)
	}
	want := "TEXT main.f  a.s\n" +
		"  a.s:7  d5033bbf    DMB $11\n" +
		"  a.s:9  00000000  " + DecodedMark + " UDF $0\n" +
		"  a.s:8  d65f03c0    RET\n"
	if b.String() != want {
		t.Errorf("listing:\n%s\nwant:\n%s", b.String(), want)
	}
}

// TestWriteFuncError: a writer's error is returned, from the header line
// and from the instructions.
func TestWriteFuncError(t *testing.T) {
	f := Func{Symbol: "main.f", File: "f.s", Insts: []Inst{{Pos: "f.s:1", Hex: "c3", Text: "RET"}}}
	for _, room := range []int{0, len("TEXT main.f  f.s\n")} {
		w := &shortWriter{room: room}
		if err := WriteFunc(w, f); !errors.Is(err, errFull) {
			t.Errorf("a writer full after %d bytes: error %v, want %v", room, err, errFull)
		}
	}
}

var errFull = errors.New("writer full")

// shortWriter takes room bytes, then fails.
type shortWriter struct{ room int }

func (w *shortWriter) Write(p []byte) (int, error) {
	if len(p) > w.room {
		n := w.room
		w.room = 0
		return n, errFull
	}
	w.room -= len(p)
	return len(p), nil
}
