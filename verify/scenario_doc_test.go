package verify

import (
	"strings"
	"testing"
)

// Each scenario's Doc, which heads every test derived from it, says what
// races and what is forbidden, names the read path of the Cache it needs,
// and is its own: only the count placements of one race share a Doc, so a
// variant that kept its base's Doc would describe another race.
func TestScenarioDocs(t *testing.T) {
	readPath := map[string]string{"rwsem": "PlacementRWSem", "fetchadd": "PlacementFetchAdd"}
	owner := map[string]string{}
	for _, sc := range Scenarios() {
		if !strings.Contains(sc.Doc, "; forbidden: ") {
			t.Errorf("%s: Doc %q does not say what is forbidden", sc.ID(), sc.Doc)
		}
		family := "count"
		if p, ok := readPath[sc.Placement]; ok {
			family = sc.Placement
			if !strings.Contains(sc.Doc, p) {
				t.Errorf("%s: Doc %q does not name %s", sc.ID(), sc.Doc, p)
			}
		}
		key := sc.Name + " " + family
		if o, ok := owner[sc.Doc]; ok && o != key {
			t.Errorf("%s has the Doc of another race (%s): %q", sc.ID(), o, sc.Doc)
		}
		owner[sc.Doc] = key
	}
}
