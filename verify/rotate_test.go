package verify

import (
	"context"
	"fmt"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/atomicfence/atomicfence/internal/rotate"
	"github.com/atomicfence/atomicfence/litmus"
)

// TestDerivedVerdictsIgnoreThreadOrder: each derived test of the table,
// with its threads in every rotation, has the verdict and the counts of
// executions of the test as derived, so that no verdict of the table rests
// on the thread that a scenario happens to list first.
func TestDerivedVerdictsIgnoreThreadOrder(t *testing.T) {
	rows := tableRows(t)
	var rotated atomic.Int64
	err := parallel(len(rows), func(i int) error {
		d, want := rows[i].Derived, rows[i].Result
		orig, err := litmus.Parse(d.Name+".litmus", []byte(d.Text))
		if err != nil {
			return fmt.Errorf("%s: %v", d.Name, err)
		}
		n := len(orig.Threads)
		for k := 1; k < n; k++ {
			src, err := rotate.Threads(d.Text, k)
			if err != nil {
				return fmt.Errorf("%s: %v", d.Name, err)
			}
			lt, err := litmus.Parse(d.Name+".litmus", []byte(src))
			if err != nil {
				return fmt.Errorf("%s rotated by %d: %v\n%s", d.Name, k, err, src)
			}
			for j, th := range orig.Threads {
				if !slices.Equal(lt.Threads[(j+k)%n].Instructions, th.Instructions) {
					return fmt.Errorf("%s rotated by %d: thread %d is not thread %d's code\n%s", d.Name, k, (j+k)%n, j, src)
				}
			}
			res, err := litmus.CheckContext(context.Background(), lt, litmus.Options{Model: d.Model})
			if err != nil {
				return fmt.Errorf("%s rotated by %d: %v", d.Name, k, err)
			}
			if res.Observation != want.Observation || res.Positive != want.Positive || res.Negative != want.Negative {
				t.Errorf("%s rotated by %d: %s %d %d, as derived %s %d %d\n%s", d.Name, k,
					res.Observation, res.Positive, res.Negative, want.Observation, want.Positive, want.Negative, src)
			}
			rotated.Add(1)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if rotated.Load() == 0 {
		t.Fatal("no derived test has two threads to rotate")
	}
	t.Logf("%d rotations of %d derived tests", rotated.Load(), len(rows))
}
