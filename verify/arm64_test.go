package verify

import "testing"

// TestLDAcquires: the store form of an LSE atomic is for the ones without
// acquire, told apart by the suffix after the operation's name.
func TestLDAcquires(t *testing.T) {
	for op, want := range map[string]bool{
		"LDADD": false, "LDADDL": false, "LDADDA": true, "LDADDAL": true,
		"LDSMAX": false, "LDSMAXL": false, "LDSMAXA": true, "LDUMAXAL": true,
		"LDCLR": false, "LDEORA": true, "LDSET": false, "LDSWP": true,
	} {
		if got := ldAcquires(op); got != want {
			t.Errorf("ldAcquires(%s) = %v, want %v", op, got, want)
		}
	}
}
