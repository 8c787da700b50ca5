package journey

// Flow is the touchpoint graph of a journey, for everyone or for one
// persona. Successor and predecessor lists keep file order.
//
// A touchpoint without a next key flows to the touchpoint listed after it,
// across stage boundaries; "next: []" ends the flow; the last touchpoint
// has no successor. Unknown ids in next are skipped (validation reports
// them).
//
// A persona's flow keeps the touchpoints that serve the persona (those
// listing it or listing no personas). An arrow that leads to a touchpoint
// the persona does not meet is followed through it, so A -> x -> C becomes
// A -> C when x serves other personas only.
type Flow struct {
	// Persona is the persona id, or "" for everyone.
	Persona     string
	touchpoints []*Touchpoint
	in          []bool
	succ        [][]*Touchpoint
	pred        [][]*Touchpoint
}

// buildFlow derives the full flow graph from the touchpoints' next keys.
func (j *Journey) buildFlow() {
	n := len(j.touchpoints)
	f := &Flow{touchpoints: j.touchpoints, in: make([]bool, n), succ: make([][]*Touchpoint, n), pred: make([][]*Touchpoint, n)}
	for i, tp := range j.touchpoints {
		f.in[i] = true
		var succ []*Touchpoint
		if tp.HasNext {
			seen := make(map[*Touchpoint]bool, len(tp.Next))
			for _, id := range tp.Next {
				s := j.Touchpoint(id)
				if s == nil || seen[s] {
					continue
				}
				seen[s] = true
				succ = append(succ, s)
			}
		} else if i+1 < n {
			succ = []*Touchpoint{j.touchpoints[i+1]}
		}
		f.succ[i] = succ
	}
	f.linkPredecessors()
	j.flow = f
}

func (f *Flow) linkPredecessors() {
	for _, tp := range f.touchpoints {
		for _, s := range f.succ[tp.Index] {
			f.pred[s.Index] = append(f.pred[s.Index], tp)
		}
	}
}

// Flow returns the flow graph for the persona, or for everyone when persona
// is "". An unknown persona gives an empty flow.
func (j *Journey) Flow(persona string) *Flow {
	if persona == "" {
		return j.flow
	}
	all := j.flow
	n := len(j.touchpoints)
	f := &Flow{Persona: persona, in: make([]bool, n), succ: make([][]*Touchpoint, n), pred: make([][]*Touchpoint, n)}
	if j.Persona(persona) == nil {
		return f
	}
	for _, tp := range j.touchpoints {
		if tp.Serves(persona) {
			f.in[tp.Index] = true
			f.touchpoints = append(f.touchpoints, tp)
		}
	}
	for _, tp := range f.touchpoints {
		var succ []*Touchpoint
		seen := make([]bool, n)
		var walk func(from *Touchpoint)
		walk = func(from *Touchpoint) {
			for _, s := range all.succ[from.Index] {
				if seen[s.Index] {
					continue
				}
				seen[s.Index] = true
				if f.in[s.Index] {
					succ = append(succ, s)
				} else {
					walk(s)
				}
			}
		}
		walk(tp)
		f.succ[tp.Index] = succ
	}
	f.linkPredecessors()
	return f
}

// Touchpoints returns the flow's touchpoints in file order.
func (f *Flow) Touchpoints() []*Touchpoint { return f.touchpoints }

// Contains reports whether the touchpoint is part of this flow.
func (f *Flow) Contains(tp *Touchpoint) bool { return tp.Index < len(f.in) && f.in[tp.Index] }

// Successors returns the touchpoints the flow leads to from tp.
func (f *Flow) Successors(tp *Touchpoint) []*Touchpoint { return f.succ[tp.Index] }

// Predecessors returns the touchpoints whose flow leads to tp, in file order.
func (f *Flow) Predecessors(tp *Touchpoint) []*Touchpoint { return f.pred[tp.Index] }

// First returns the first touchpoint of the flow (the first one listed), or
// nil for a flow without touchpoints.
func (f *Flow) First() *Touchpoint {
	if len(f.touchpoints) == 0 {
		return nil
	}
	return f.touchpoints[0]
}

// Reachable reports, by touchpoint Index, which touchpoints the flow reaches
// from its first touchpoint (the first touchpoint included).
func (f *Flow) Reachable() []bool {
	seen := make([]bool, len(f.in))
	first := f.First()
	if first == nil {
		return seen
	}
	stack := []*Touchpoint{first}
	seen[first.Index] = true
	for len(stack) > 0 {
		tp := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, s := range f.succ[tp.Index] {
			if !seen[s.Index] {
				seen[s.Index] = true
				stack = append(stack, s)
			}
		}
	}
	return seen
}

// StageEntries returns the stage's entry touchpoints in this flow: those
// without a flow predecessor in the same stage.
func (f *Flow) StageEntries(s *Stage) []*Touchpoint {
	var out []*Touchpoint
	for _, tp := range s.Touchpoints {
		if !f.Contains(tp) {
			continue
		}
		inside := false
		for _, p := range f.pred[tp.Index] {
			if p.Stage == s {
				inside = true
				break
			}
		}
		if !inside {
			out = append(out, tp)
		}
	}
	return out
}
