package litmus

import "fmt"

// A failed CAS may write back the value it read (herd7 makes both
// executions). The write changes neither registers nor control flow, so
// instead of a choice point, which would double every path through a
// retry loop, cut ones included, each complete path with k failed CASes is
// run again under each of the 2^k-1 other choices of write-backs.

// maxCASFails bounds the failed CASes of one path that may write back.
const maxCASFails = 16

// writeBack reports whether the current failed CAS writes back.
func (x *threadExec) writeBack() bool {
	i := x.casFails
	x.casFails++
	return i < 64 && x.writeBacks&(1<<uint(i)) != 0
}

// writeBackPaths appends to paths the variants of p, just run by ch, in
// which some of its failed CASes write back.
func writeBackPaths(paths []*path, p *path, t *Test, th *Thread, dom *domain, ch *chooser, mt *meter) ([]*path, error) {
	if p.casFails > maxCASFails {
		return nil, &SyntaxError{File: t.File, Msg: fmt.Sprintf("P%d: more than %d failed CASes in one path", th.Index, maxCASFails)}
	}
	for m := uint64(1); m < 1<<uint(p.casFails); m++ {
		if !mt.path() {
			return nil, mt.err
		}
		v, err := runPath(t, th, dom, ch, mt, m, nil)
		if err != nil {
			return nil, err
		}
		paths = append(paths, v)
	}
	return paths, nil
}
