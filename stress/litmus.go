package stress

import (
	"embed"
	"runtime"

	"github.com/atomicfence/atomicfence"
)

// The herd7 text of every built-in shape, one folder per architecture key.
// AArch64+LSE holds only the shapes whose instructions differ on a CPU with
// the ARMv8.1 atomics (those with a read-modify-write), AArch64+LRCPC only
// those that call LoadAcquire, which is LDAPR where the program's acquire
// loads are RCpc (atomicfence.AcquireLoadRCpc).
//
//go:embed shapes
var litmusFiles embed.FS

// Architecture keys of Shape.Litmus.
const (
	KeyX86_64     = "X86_64"      // amd64 assembly
	KeyAArch64    = "AArch64"     // arm64 assembly, LL/SC (ARMv8.0)
	KeyAArch64LSE = "AArch64+LSE" // arm64 assembly, LSE atomics (ARMv8.1+)
	// KeyAArch64LRCPC: arm64 assembly whose acquire loads are LDAPR
	// (FEAT_LRCPC), with LL/SC or LSE atomics alike.
	KeyAArch64LRCPC = "AArch64+LRCPC"
)

// Checker models, named as package litmus names them. A run is compared
// with what the processor may do, so the x86 model is the hardware reading
// (litmus.HardwareModel), not herd7's X86_64 default: LFENCE and SFENCE do
// not keep a load from passing an earlier store.
const (
	ModelSC      = "sc"      // sequential consistency
	ModelX86TSO  = "x86tso"  // x86-TSO as x86 processors implement it
	ModelAArch64 = "aarch64" // the multi-copy-atomic ARMv8 model
)

// LitmusFor returns the shape's litmus text for the instructions that
// implementation impl executes, with RCpc acquire loads where rcpc is true
// (Result.RCpc), and the model under which a checker should decide it:
//
//   - amd64: the X86_64 text under x86-TSO as the hardware implements it;
//   - arm64 LL/SC: the AArch64 text under the ARMv8 model;
//   - arm64 LSE: the AArch64+LSE text where the shape has one, else the
//     AArch64 text, under the ARMv8 model;
//   - arm64 either way, with rcpc: the AArch64+LRCPC text first, where the
//     shape has one (no shape has both it and an AArch64+LSE text);
//   - generic: every access is a sync/atomic operation, which Go makes
//     sequentially consistent, so any text of the shape under SC (the
//     AArch64 text on arm64, the X86_64 text elsewhere);
//   - riscv64, loong64, ppc64le: none. The shapes are written for x86-64
//     and AArch64, and these implementations order less than SC, so no text
//     of the shape says what they do.
//
// ok is false when the shape has no suitable text; model is then "" where
// no model speaks for the implementation at all.
func (s *Shape) LitmusFor(impl atomicfence.Implementation, rcpc bool) (text, model string, ok bool) {
	var keys []string
	switch impl {
	case atomicfence.ImplAMD64:
		model, keys = ModelX86TSO, []string{KeyX86_64}
	case atomicfence.ImplLLSC:
		model, keys = ModelAArch64, []string{KeyAArch64}
	case atomicfence.ImplLSEDynamic, atomicfence.ImplLSEStatic:
		model, keys = ModelAArch64, []string{KeyAArch64LSE, KeyAArch64}
	case atomicfence.ImplRISCV64, atomicfence.ImplLoong64, atomicfence.ImplPPC64LE:
		return "", "", false
	default:
		model, keys = ModelSC, []string{KeyX86_64, KeyAArch64}
		if runtime.GOARCH == "arm64" {
			keys = []string{KeyAArch64, KeyX86_64}
		}
	}
	if rcpc && model == ModelAArch64 {
		keys = append([]string{KeyAArch64LRCPC}, keys...)
	}
	for _, k := range keys {
		if text, ok := s.Litmus[k]; ok {
			return text, model, true
		}
	}
	return "", model, false
}

// litmusTexts reads the embedded texts of the shape called name.
func litmusTexts(name string) map[string]string {
	m := map[string]string{}
	for _, key := range []string{KeyX86_64, KeyAArch64, KeyAArch64LSE, KeyAArch64LRCPC} {
		if b, err := litmusFiles.ReadFile("shapes/" + key + "/" + name + ".litmus"); err == nil {
			m[key] = string(b)
		}
	}
	return m
}
