package atomicfence_test

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/atomicfence/atomicfence/internal/disasm"
)

// readmeRoutines maps each row of README's tables of what each operation
// compiles to, by the first name in it, to the routines whose ordering
// instructions the row's cell lists, in order, in the columns that
// TestREADMEColumns checks. A row that is not here must list none.
var readmeRoutines = map[string][]string{
	"LoadRelaxed":              {"load32Relaxed"},
	"LoadAcquire":              {"load32Acquire"},
	"StoreRelaxed":             {"store32Relaxed"},
	"StoreRelease":             {"store32Release"},
	"FetchAddRelaxed":          {"xadd32Relaxed"},
	"FetchAddAcquire":          {"xadd32Acquire"},
	"FetchAddRelease":          {"xadd32Release"},
	"FetchAddFull":             {"xadd32Full"},
	"CompareAndSwapRelaxed":    {"cas32Relaxed"},
	"CompareAndSwapAcquire":    {"cas32Acquire"},
	"CompareAndSwapRelease":    {"cas32Release"},
	"CompareAndSwapFull":       {"cas32Full"},
	"IncNotZeroLimitedRelaxed": {"addNotZeroLimitedRelaxed"},
	"IncNotZeroLimitedAcquire": {"addNotZeroLimitedAcquire"},
	"DecAndTest":               {"subAndTest"},
	"Rmb":                      {"rmb"},
	"Wmb":                      {"wmb"},
	"Mb":                       {"mb"},
	"MandatoryRmb":             {"mandatoryRmb", "mandatoryWmb", "mandatoryMb"},
	"LoadAcquire of":           {"load64Acquire"},
	"LoadSeqCst":               {"load64SeqCst", "store64SeqCst"},
	"Swap*":                    {"swap64Relaxed", "swap32Relaxed"},
	"FetchAnd*":                {"fetchAnd64Relaxed", "fetchAnd32Relaxed"},
	"FetchOr*":                 {"fetchOr64Relaxed", "fetchOr32Relaxed"},
	"FetchXor*":                {"fetchXor64Relaxed", "fetchXor32Relaxed"},
	"FetchMax*":                {"smax64Relaxed", "smin64Relaxed", "umax64Relaxed", "umin64Relaxed"},
	"StoreMb":                  {"storeMb64"},
	"MbBeforeAtomic":           {"mbBeforeAtomic"},
	"CondLoadAcquire":          {"load32Acquire", "spinPause"},
}

// readmeColumns are the README columns that TestREADMEColumns checks: the
// target, what counts as an ordering instruction there, as README writes
// it, and the rewriting of a listing's text into README's names (every $
// dropped; on ppc64le the ISA's names for Go's LWAR, STWCCC, HWSYNC, ...).
var readmeColumns = []struct {
	target string
	token  *regexp.Regexp
	names  *strings.Replacer
}{
	{"riscv64", regexp.MustCompile(`(AMO[A-Z]+|LR|SC)\.[WD](\.AQRL|\.AQ|\.RL)?|FENCE [IORW]+,[IORW]+|PAUSE`), strings.NewReplacer("$", "")},
	{"loong64", regexp.MustCompile(`\b(AM[A-Z]+[WV]U?|LLV?|SCV?)\b|DBAR 0x[0-9a-f]+`), strings.NewReplacer("$", "")},
	{"ppc64le", regexp.MustCompile(`\b(L[WD]ARX|ST[WD]CX\.|SYNC|LWSYNC|ISYNC)`),
		strings.NewReplacer("LWAR ", "LWARX ", "LDAR ", "LDARX ", "STWCCC ", "STWCX. ", "STDCCC ", "STDCX. ", "HWSYNC", "SYNC")},
}

// TestREADMEColumns checks the columns of README's tables of what each
// operation compiles to against the disassembly: the ordering
// instructions that a cell names are, in order, those of its routines.
func TestREADMEColumns(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range readmeColumns {
		t.Run(c.target, func(t *testing.T) {
			funcs := asmDisassembled(t, c.target)
			if rows := checkREADMEColumn(t, string(readme), c.target, c.token, c.names, funcs); rows < len(readmeRoutines) {
				t.Errorf("README's tables have %d rows with a %s column, fewer than the %d named here", rows, c.target, len(readmeRoutines))
			}
		})
	}
}

// checkREADMEColumn checks the column called target of every table of
// readme, and returns the number of rows it saw.
func checkREADMEColumn(t *testing.T, readme, target string, token *regexp.Regexp, names *strings.Replacer, funcs []disasm.Func) int {
	t.Helper()
	col, rows := -1, 0
	for _, line := range strings.Split(readme, "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 3 {
			col = -1
			continue
		}
		if i := slices.Index(cells, " "+target+" "); i >= 0 {
			col = i
			continue
		}
		if col < 0 || strings.HasPrefix(line, "|---") {
			continue
		}
		first := strings.TrimSpace(cells[1])
		key := strings.Trim(strings.Fields(first)[0], "`,")
		if strings.HasPrefix(first, "`LoadAcquire` of") {
			key = "LoadAcquire of"
		}
		rows++
		var want []string
		for _, name := range readmeRoutines[key] {
			for _, in := range asmFunc(t, funcs, name).Insts {
				text := names.Replace(in.Text)
				if loc := token.FindStringIndex(text); loc != nil && loc[0] == 0 {
					want = append(want, text[:loc[1]])
				}
			}
		}
		if got := token.FindAllString(cells[col], -1); !slices.Equal(got, want) {
			t.Errorf("README's %s cell of %s lists %q; its routines %v have %q", target, key, got, readmeRoutines[key], want)
		}
	}
	return rows
}
