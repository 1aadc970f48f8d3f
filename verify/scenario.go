package verify

import "strings"

// Object is a scenario object: a value of a Go type of the module whose
// fields become litmus locations named after them.
type Object struct {
	Name string // the litmus prefix: "v", "mm"
	Type string // a type of the module, "vma.VMA", or a full DWARF name
	// Init holds the initial values of fields, by field path
	// ("refcnt", "writerWait.waiting"); the others are 0.
	Init map[string]Value
}

// Value is an initial value or an argument: an integer, or the address of
// a scenario object.
type Value struct {
	N   int64
	Ptr string
}

// Int is the integer n.
func Int(n int64) Value { return Value{N: n} }

// Ref is the address of the scenario object obj.
func Ref(obj string) Value { return Value{Ptr: obj} }

func (v Value) val() val {
	if v.Ptr != "" {
		return ptr("obj:"+v.Ptr, 0)
	}
	return konst(v.N)
}

func (o *Object) initial(path string) val {
	if v, ok := o.Init[path]; ok {
		return v.val()
	}
	return konst(0)
}

// Thread is one thread of a scenario: an entry function of the subject
// program or of the module, called with Args in the Go register ABI.
type Thread struct {
	Entry string // the symbol less the module path: "vma.(*VMA).StartRead", "main.attach"
	Args  []Value
}

func (t Thread) symbol() string {
	if strings.HasPrefix(t.Entry, "main.") {
		return t.Entry
	}
	return "github.com/atomicfence/atomicfence/" + t.Entry
}

// Scenario is a race of the protocol: threads that run real entry
// functions on shared objects, and the outcome that must never happen.
type Scenario struct {
	Name      string // "reader-writer"
	Placement string // the reader's placement, or "" where none applies
	Doc       string
	Objects   []Object
	Threads   []Thread
	Forbidden Cond
	// Reach lists outcomes that must each be reachable for a Never to
	// mean something; nil: each conjunct of Forbidden.
	Reach []Cond
	// Expect gives the verdict per target name ("amd64", "arm64-llsc",
	// "arm64-lse-dyn", "arm64-lse", "arm64-asmloads", "ppc64le"): true
	// where the model must allow the forbidden outcome (Sometimes).
	// Targets not named expect Never.
	Expect map[string]bool
}

// readsResult reports whether the forbidden outcome or an outcome to
// reach reads what thread t's entry returned.
func (sc *Scenario) readsResult(t int) bool {
	if sc.Forbidden.readsResult(t) {
		return true
	}
	for _, c := range sc.Reach {
		if c.readsResult(t) {
			return true
		}
	}
	return false
}

// ID names a scenario and its placement, "reader-writer/acquire".
func (sc *Scenario) ID() string {
	if sc.Placement == "" {
		return sc.Name
	}
	return sc.Name + "/" + sc.Placement
}
