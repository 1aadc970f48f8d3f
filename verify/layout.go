package verify

import (
	"debug/dwarf"
	"fmt"
	"strings"
)

// field is one scalar of a type's flattened layout, as the compiler laid
// it out for the target (from the binary's DWARF).
type field struct {
	path string // Go field path below the object, e.g. "writerWait.waiting"
	off  int64
	size int64
}

// fields returns the flattened layout of the named type, e.g.
// "github.com/atomicfence/atomicfence/vma.VMA". A named struct type with a
// single field that has a size (atomicfence.Int32, sync/atomic's types,
// sync.Mutex) takes its parent's name, so that the count is "refcnt", not
// "refcnt.v"; an unnamed struct's fields keep their names.
func (img *Image) fields(typ string) ([]field, error) {
	img.layoutMu.Lock()
	defer img.layoutMu.Unlock()
	if fs, ok := img.layout[typ]; ok {
		return fs, nil
	}
	if img.structs == nil {
		if err := img.indexStructs(); err != nil {
			return nil, err
		}
	}
	off, ok := img.structs[typ]
	if !ok {
		return nil, fmt.Errorf("%s: no type %s in the DWARF of the subject program", img.Target.Name, typ)
	}
	t, err := img.dw.Type(off)
	if err != nil {
		return nil, err
	}
	var fs []field
	flatten(t, "", 0, &fs)
	img.layout[typ] = fs
	return fs, nil
}

// indexStructs reads the DWARF once for the offset of every struct type
// by name; the first of a name wins, as a search from the start would.
func (img *Image) indexStructs() error {
	img.structs = map[string]dwarf.Offset{}
	r := img.dw.Reader()
	for {
		e, err := r.Next()
		if err != nil {
			return err
		}
		if e == nil {
			return nil
		}
		if e.Tag != dwarf.TagStructType {
			continue
		}
		if name, ok := e.Val(dwarf.AttrName).(string); ok {
			if _, dup := img.structs[name]; !dup {
				img.structs[name] = e.Offset
			}
		}
	}
}

func flatten(t dwarf.Type, path string, off int64, out *[]field) {
	for {
		td, ok := t.(*dwarf.TypedefType)
		if !ok {
			break
		}
		t = td.Type
	}
	var st *dwarf.StructType
	switch tt := t.(type) {
	case *dwarf.StructType:
		st = tt
	}
	if st == nil {
		if t.Size() > 0 {
			*out = append(*out, field{path: path, off: off, size: t.Size()})
		}
		return
	}
	var sized []*dwarf.StructField
	for _, f := range st.Field {
		if f.Type.Size() > 0 && f.Name != "_" {
			sized = append(sized, f)
		}
	}
	// A named type's DWARF name is its package path and name; an unnamed
	// struct's is its literal, "struct { main.z uint32 }".
	if len(sized) == 1 && path != "" && !strings.HasPrefix(st.StructName, "struct {") {
		flatten(sized[0].Type, path, off+sized[0].ByteOffset, out)
		return
	}
	for _, f := range sized {
		p := f.Name
		if path != "" {
			p = path + "." + f.Name
		}
		flatten(f.Type, p, off+f.ByteOffset, out)
	}
}

// fieldAt finds the field of typ at offset off, accessed with size bytes.
func (img *Image) fieldAt(typ string, off, size int64) (field, error) {
	fs, err := img.fields(typ)
	if err != nil {
		return field{}, err
	}
	for _, f := range fs {
		if f.off == off && size <= f.size {
			return f, nil
		}
		if off >= f.off && off+size <= f.off+f.size {
			return field{}, fmt.Errorf("a %d-byte access at offset %d of %s covers part of %s", size, off, typ, f.path)
		}
	}
	return field{}, fmt.Errorf("no field of %s at offset %d (%d bytes)", typ, off, size)
}
