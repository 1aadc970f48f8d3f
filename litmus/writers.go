package litmus

// addWriter records that site writes v to loc, and reports whether that
// is new.
func (d *domain) addWriter(loc string, v Value, site int) bool {
	byVal := d.writers[loc]
	if byVal == nil {
		byVal = map[Value]siteSet{}
		d.writers[loc] = byVal
	}
	old := byVal[v]
	if old.has(site) {
		return false
	}
	byVal[v] = old.with(site)
	return true
}

// writersOf are the sites that write v to loc in some path.
func (d *domain) writersOf(loc string, v Value) siteSet { return d.writers[loc][v] }

// threadSites are the write sites of thread t.
func (d *domain) threadSites(t int) siteSet {
	var s siteSet
	for i, th := range d.siteThread {
		if th == t {
			s = s.with(i)
		}
	}
	return s
}
