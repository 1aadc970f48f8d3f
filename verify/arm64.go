package verify

import "github.com/atomicfence/atomicfence/internal/disasm"

// arm64 interprets go tool objdump's arm64 listing and emits herd's
// AArch64 syntax.
type arm64 struct{}

func (arm64) litmusArch() string                 { return "AArch64" }
func (arm64) model() string                      { return "aarch64" }
func (arm64) resultReg() string                  { return "R0" }
func (arm64) enter(s *state, args []val)         {}
func (arm64) jump(label string) string           { return "B " + label }
func (arm64) condJump(cond, label string) string { return "B." + cond + " " + label }
func (arm64) movImm(key string, n int64, w32 bool) string {
	return "MOV " + reg(key, w32) + ",#" + itoa(n)
}
func (arm64) movReg(dst, src string, w32 bool) string {
	return "MOV " + reg(dst, w32) + "," + reg(src, w32)
}
func (arm64) identity(key string) (string, bool) { return "", false }
func (arm64) pool() []string                     { return nil }
func (arm64) regText(name string, w32 bool) string {
	return name
}
func (arm64) condReg(name string) string { return name }
func (arm64) step(x *xthread, s *state, f *disasm.Func, i int) (bool, error) {
	return true, nil
}
