// Package benchbars checks a benchmark report against the module's
// performance targets, each a ratio of two results of the same run.
package benchbars

import (
	"fmt"
	"strings"

	"github.com/atomicfence/atomicfence/internal/benchtable"
)

// Bar is one target and how the report fares against it.
type Bar struct {
	Target string  // what is wanted, e.g. "StartRead+EndRead ≤ 1.25× inline sync/atomic"
	Ratio  float64 // the measured ratio the target is about
	Met    bool    // whether the ratio meets the target
	Detail string  // which results the ratio comes from
}

// String is the bar as the report prints it: the verdict, the target, the
// ratio and where it comes from.
func (b Bar) String() string {
	verdict := "MISSED"
	if b.Met {
		verdict = "met   "
	}
	return fmt.Sprintf("%s  %s: %.2f× (%s)", verdict, b.Target, b.Ratio, b.Detail)
}

// Limits of the targets.
const (
	PrimitiveLimit = 1.10 // amd64: each primitive over its sync/atomic equivalent
	ReadSideLimit  = 1.25 // StartRead+EndRead over the same steps inline with sync/atomic
	ScalingFloor   = 3.0  // 2 cores: distinct VMAs over one shared RWMutex, in throughput
)

// Check returns the bars that the report has the results for: the
// primitive ones only for goarch amd64, the read-side scaling one only at
// GOMAXPROCS=2.
func Check(rep *benchtable.Report) []Bar {
	var bars []Bar
	if rep.ConfigValue("goarch") == "amd64" {
		bars = append(bars, primitives(rep)...)
	}
	for _, g := range rep.Groups {
		if g.Name != "ReadLock/mode=single" {
			continue
		}
		base, def := g.Row("inline-atomic"), g.Row("acquire")
		if base != nil && def != nil {
			r := def.Summary.Center / base.Summary.Center
			bars = append(bars, Bar{
				Target: fmt.Sprintf("StartRead+EndRead (acquire) ≤ %.2f× the same steps inline with sync/atomic", ReadSideLimit),
				Ratio:  r, Met: r <= ReadSideLimit,
				Detail: fmt.Sprintf("ReadLock/mode=single at GOMAXPROCS=%d", g.Procs),
			})
		}
	}
	shared, distinct := rep.Find("ReadLock/mode=shared", 2), rep.Find("ReadLock/mode=distinct", 2)
	if shared != nil && distinct != nil {
		mu, v := shared.Row("rwmutex"), distinct.Row("acquire")
		if mu != nil && v != nil {
			// ns/op of a parallel benchmark is wall time per operation of
			// all goroutines: throughput is its inverse.
			r := mu.Summary.Center / v.Summary.Center
			bars = append(bars, Bar{
				Target: fmt.Sprintf("2 cores: read-locking distinct VMAs ≥ %.0f× the throughput of one shared sync.RWMutex", ScalingFloor),
				Ratio:  r, Met: r >= ScalingFloor,
				Detail: "ReadLock/mode=distinct/lock=acquire vs mode=shared/lock=rwmutex at GOMAXPROCS=2",
			})
		}
	}
	return bars
}

// primitives checks that no primitive costs more than PrimitiveLimit times
// its sync/atomic equivalent, and that the release store beats
// atomic.Store. The mandatory fences have no sync/atomic equivalent, and
// the alt-… cases are forms that the package does not use.
func primitives(rep *benchtable.Report) []Bar {
	var bars []Bar
	worst, worstName, over, n := 0.0, "", []string{}, 0
	for _, g := range rep.Groups {
		op, ok := strings.CutPrefix(g.Name, "Primitive/op=")
		if !ok || g.Row("sync-atomic") == nil || g.Rows[0].Label != "sync-atomic" {
			continue
		}
		for _, r := range g.Rows[1:] {
			if strings.HasPrefix(r.Label, "mandatory-") || strings.HasPrefix(r.Label, "alt-") {
				continue
			}
			n++
			name := op + "/" + r.Label
			if r.Ratio > worst {
				worst, worstName = r.Ratio, name
			}
			if r.Ratio > PrimitiveLimit {
				over = append(over, fmt.Sprintf("%s %.2f×", name, r.Ratio))
			}
		}
		if op == "Store" {
			if rel := g.Row("release"); rel != nil {
				bars = append(bars, Bar{
					Target: "amd64: release store faster than atomic.Store (XCHG)",
					Ratio:  rel.Ratio, Met: rel.Ratio < 1 && rel.Significant(),
					Detail: fmt.Sprintf("Primitive/op=Store release vs sync-atomic, %s", rel.Cmp),
				})
			}
		}
	}
	if n == 0 {
		return bars
	}
	detail := fmt.Sprintf("worst %s; all %d within", worstName, n)
	if len(over) > 0 {
		detail = fmt.Sprintf("%d of %d over: %s", len(over), n, strings.Join(over, ", "))
	}
	return append([]Bar{{
		Target: fmt.Sprintf("amd64: no primitive over %.2f× its sync/atomic equivalent", PrimitiveLimit),
		Ratio:  worst, Met: len(over) == 0, Detail: detail,
	}}, bars...)
}
