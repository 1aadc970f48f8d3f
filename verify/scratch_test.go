package verify

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/atomicfence/atomicfence/internal/target"
	"github.com/atomicfence/atomicfence/litmus"
)

func TestScratch(t *testing.T) {
	tn := os.Getenv("T")
	if tn == "" {
		tn = "amd64"
	}
	tg, _ := target.Lookup(tn)
	img, err := Build(context.Background(), tg)
	if err != nil {
		t.Fatal(err)
	}
	for _, sc := range []*Scenario{
		readerWriter("acquire", Thread{Entry: "vma.(*VMA).StartRead", Args: []Value{Ref("v"), Ref("mm")}}, nil),
		readerWriter("relaxed", Thread{Entry: "vma.(*VMA).StartReadWith", Args: []Value{Ref("v"), Ref("mm"), Int(2)}}, nil),
	} {
		d, err := Derive(img, tn, os.Getenv("LSE") != "", sc)
		if err != nil {
			t.Fatal(err)
		}
		if os.Getenv("V") != "" {
			fmt.Println(d.Text)
			for _, n := range d.Notes {
				fmt.Println(n)
			}
		}
		lt, err := litmus.Parse(d.Name, []byte(d.Text))
		if err != nil {
			t.Fatal(err)
		}
		r, err := litmus.CheckContext(context.Background(), lt, litmus.Options{Model: d.Model})
		if err != nil {
			t.Fatal(err)
		}
		fmt.Println(d.Name, r.Observation, r.Positive, r.Negative, r.Cut)
		for _, s := range r.States {
			fmt.Println("  ", s)
		}
	}
}
