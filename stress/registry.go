package stress

import "fmt"

var (
	builtin []*Shape
	byName  = map[string]*Shape{}
)

// register adds a built-in shape with its embedded litmus texts. A shape
// that does not compile is a bug in this package, caught at start-up.
func register(s *Shape) {
	if _, err := s.compile(); err != nil {
		panic(err)
	}
	if _, dup := byName[s.Name]; dup {
		panic(fmt.Sprintf("stress: shape %q registered twice", s.Name))
	}
	s.Litmus = litmusTexts(s.Name)
	builtin = append(builtin, s)
	byName[s.Name] = s
}

// Shapes returns the built-in shapes in the order that fencelab stress
// -list prints them. They are shared: do not modify them.
func Shapes() []*Shape { return append([]*Shape(nil), builtin...) }

// Lookup returns the built-in shape with the given name.
func Lookup(name string) (*Shape, bool) {
	s, ok := byName[name]
	return s, ok
}
