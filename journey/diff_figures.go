package journey

// FigureDiff is the change in the figures when the same data is read
// against the two versions of a map: a new event label, a moved touchpoint
// or another flow changes who is counted where, and a new KPI target
// changes its status.
type FigureDiff struct {
	// Touchpoints lists the touchpoints whose figures differ (or that
	// one version lacks), in the new map's order, removed ones last.
	Touchpoints []TouchpointFigureChange
	// KPIs lists the KPIs whose actual figure, target or status differ.
	KPIs []KPIFigureChange
}

// FigurePair is a figure in both versions and the change from old to new;
// nil where there is none.
type FigurePair struct {
	Old, New, Change *float64
}

// TouchpointFigureChange is one touchpoint's figures in both versions.
type TouchpointFigureChange struct {
	// ID is the touchpoint's id in the new map (the old one when removed).
	ID                      string
	InOld, InNew            bool
	Users, Conversion, Drop FigurePair
}

// KPIFigureChange is one KPI's figure and status in both versions.
type KPIFigureChange struct {
	// ID is the KPI's id in the new map (the old one when removed).
	ID           string
	InOld, InNew bool
	// Metric is the KPI's metric (in the new map, the old one when
	// removed), which tells how its figure reads.
	Metric               string
	Actual               FigurePair
	OldTarget, NewTarget string
	// OldStatus and NewStatus are StatusMet, StatusMissed, StatusNoData,
	// or "" where the KPI is absent.
	OldStatus, NewStatus string
}

// AddFigures compares the analyses of the same data against the old and
// the new map and keeps the differences in d.Figures.
func (d *MapDiff) AddFigures(old, cur *Analysis) {
	ren := renames{}
	for _, cs := range [][]ItemChange{d.Touchpoints, d.KPIs} {
		for _, c := range cs {
			if c.OldID != "" {
				ren[c.OldID] = c.ID
			}
		}
	}
	fd := &FigureDiff{}

	oldTP := map[string]*TouchpointFigures{}
	for i := range old.Touchpoints {
		t := &old.Touchpoints[i]
		oldTP[ren.to(t.Touchpoint.ID)] = t
	}
	seen := map[string]bool{}
	add := func(id string, o, n *TouchpointFigures) {
		c := TouchpointFigureChange{ID: id, InOld: o != nil, InNew: n != nil}
		var ou, oc, od, nu, nc, nd *float64
		if o != nil {
			ou, oc, od = o.Users, o.Conversion, o.DropOff
		}
		if n != nil {
			nu, nc, nd = n.Users, n.Conversion, n.DropOff
		}
		c.Users, c.Conversion, c.Drop = figurePair(ou, nu), figurePair(oc, nc), figurePair(od, nd)
		if c.InOld != c.InNew || !c.Users.Equal() || !c.Conversion.Equal() || !c.Drop.Equal() {
			fd.Touchpoints = append(fd.Touchpoints, c)
		}
	}
	for i := range cur.Touchpoints {
		t := &cur.Touchpoints[i]
		seen[t.Touchpoint.ID] = true
		add(t.Touchpoint.ID, oldTP[t.Touchpoint.ID], t)
	}
	for i := range old.Touchpoints {
		if id := ren.to(old.Touchpoints[i].Touchpoint.ID); !seen[id] {
			add(old.Touchpoints[i].Touchpoint.ID, &old.Touchpoints[i], nil)
		}
	}

	oldKPI := map[string]*KPIResult{}
	for i := range old.KPIs {
		oldKPI[ren.to(old.KPIs[i].KPI.ID)] = &old.KPIs[i]
	}
	seen = map[string]bool{}
	addKPI := func(id string, o, n *KPIResult) {
		c := KPIFigureChange{ID: id, InOld: o != nil, InNew: n != nil}
		var oa, na *float64
		if o != nil {
			oa, c.OldTarget, c.OldStatus, c.Metric = o.Actual, targetText(o.KPI.Target), o.Status, o.KPI.Metric
		}
		if n != nil {
			na, c.NewTarget, c.NewStatus, c.Metric = n.Actual, targetText(n.KPI.Target), n.Status, n.KPI.Metric
		}
		c.Actual = figurePair(oa, na)
		if c.InOld != c.InNew || !c.Actual.Equal() || c.OldTarget != c.NewTarget || c.OldStatus != c.NewStatus {
			fd.KPIs = append(fd.KPIs, c)
		}
	}
	for i := range cur.KPIs {
		k := &cur.KPIs[i]
		seen[k.KPI.ID] = true
		addKPI(k.KPI.ID, oldKPI[k.KPI.ID], k)
	}
	for i := range old.KPIs {
		if id := ren.to(old.KPIs[i].KPI.ID); !seen[id] {
			addKPI(old.KPIs[i].KPI.ID, &old.KPIs[i], nil)
		}
	}
	d.Figures = fd
}

func figurePair(old, cur *float64) FigurePair {
	p := FigurePair{Old: copyFigure(old), New: copyFigure(cur)}
	if old != nil && cur != nil {
		c := *cur - *old
		p.Change = &c
	}
	return p
}

// Equal reports whether both versions have the same figure, or neither has
// one.
func (p FigurePair) Equal() bool {
	if p.Old == nil || p.New == nil {
		return p.Old == nil && p.New == nil
	}
	return *p.Old == *p.New
}
