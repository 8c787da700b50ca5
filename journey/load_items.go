package journey

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

func (p *parser) item(n *yaml.Node, what string) bool {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, RuleWrongType, "expected %s (a mapping with id and name), found %s", what, describe(n))
		return false
	}
	return true
}

func (p *parser) persona(j *Journey, n *yaml.Node) *Persona {
	if !p.item(n, "a persona") {
		return nil
	}
	per := &Persona{Pos: Pos{n.Line, n.Column}}
	vals := p.fields(n, "a persona", personaKeys)
	per.ID = p.id(j, vals, "a persona", per, p.state.seen)
	what := labelOf("persona", per.ID)
	p.require(n, vals, what, "id", "name")
	per.Name = p.str(vals, "name", what)
	per.Description = p.str(vals, "description", what)
	per.Goals = p.strs(vals, "goals", what)
	per.Pains = p.strs(vals, "pains", what)
	return per
}

func labelOf(kind, id string) string {
	if id == "" {
		return "a " + kind
	}
	return fmt.Sprintf("%s %q", kind, id)
}

func (p *parser) stage(j *Journey, n *yaml.Node) *Stage {
	if !p.item(n, "a stage") {
		return nil
	}
	s := &Stage{Pos: Pos{n.Line, n.Column}}
	vals := p.fields(n, "a stage", stageKeys)
	s.ID = p.id(j, vals, "a stage", s, p.state.seen)
	what := labelOf("stage", s.ID)
	p.require(n, vals, what, "id", "name")
	s.Name = p.str(vals, "name", what)
	s.Description = p.str(vals, "description", what)
	s.Goals = p.strs(vals, "goals", what)
	for _, tn := range p.list(vals, "touchpoints", what) {
		if tp := p.touchpoint(j, tn, s); tp != nil {
			s.Touchpoints = append(s.Touchpoints, tp)
			j.touchpoints = append(j.touchpoints, tp)
		}
	}
	return s
}

func (p *parser) touchpoint(j *Journey, n *yaml.Node, s *Stage) *Touchpoint {
	if !p.item(n, "a touchpoint") {
		return nil
	}
	tp := &Touchpoint{Stage: s, Pos: Pos{n.Line, n.Column}}
	vals := p.fields(n, "a touchpoint", touchpointKeys)
	tp.ID = p.id(j, vals, "a touchpoint", tp, p.state.seen)
	what := labelOf("touchpoint", tp.ID)
	p.require(n, vals, what, "id", "name")
	tp.Name = p.str(vals, "name", what)
	tp.Description = p.str(vals, "description", what)
	tp.Channel = p.str(vals, "channel", what)
	tp.Owner = p.str(vals, "owner", what)
	tp.Pains = p.strs(vals, "pains", what)
	tp.Opportunities = p.strs(vals, "opportunities", what)
	tp.Actions = p.strs(vals, "actions", what)
	tp.Thoughts = p.strs(vals, "thoughts", what)
	tp.Backstage = p.strs(vals, "backstage", what)
	tp.Events = p.texts(vals, "events", what, func(ev *yaml.Node) {
		p.state.labels = append(p.state.labels, label{tp, ev, eventLabel})
	})
	for k, key := range []string{idLabel: "id", nameLabel: "name"} {
		if v := vals.val(key); v != nil && v.Kind == yaml.ScalarNode && !isNull(v) {
			p.state.labels = append(p.state.labels, label{tp, v, labelKind(k)})
		}
	}
	for _, it := range p.list(vals, "personas", what) {
		if it.Kind != yaml.ScalarNode || isNull(it) {
			p.errorf(it, RuleWrongType, "expected a persona id in personas of %s, found %s", what, describe(it))
			continue
		}
		tp.Personas = append(tp.Personas, it.Value)
		p.state.refs = append(p.state.refs, ref{node: it, want: "persona", from: "personas of " + what})
	}
	if v, ok := vals.get("next"); ok && !isNull(v) {
		if v.Kind != yaml.SequenceNode {
			p.errorf(v, RuleWrongType, "expected a list of touchpoint ids for next of %s, found %s", what, describe(v))
		} else {
			tp.HasNext = true
			tp.Next = []string{}
			for _, it := range v.Content {
				p.steps++
				it = p.follow(it)
				if it.Kind != yaml.ScalarNode || isNull(it) {
					p.errorf(it, RuleWrongType, "expected a touchpoint id in next of %s, found %s", what, describe(it))
					continue
				}
				tp.Next = append(tp.Next, it.Value)
				p.state.refs = append(p.state.refs, ref{node: it, want: "touchpoint", from: "next of " + what})
			}
		}
	}
	if v, ok := vals.get("emotion"); ok && !isNull(v) {
		e, err := strconv.Atoi(v.Value)
		switch {
		case v.Kind != yaml.ScalarNode || v.Tag != "!!int" || err != nil:
			p.errorf(v, RuleWrongType, "expected an integer from -2 to 2 for emotion of %s, found %s", what, describe(v))
		case e < -2 || e > 2:
			p.errorf(v, RuleEmotionRange, "emotion %d of %s is out of range: expected -2 (very negative) to 2 (very positive)", e, what)
		default:
			tp.Emotion = &e
		}
	}
	return tp
}

func (p *parser) kpi(j *Journey, n *yaml.Node) *KPI {
	if !p.item(n, "a KPI") {
		return nil
	}
	k := &KPI{Pos: Pos{n.Line, n.Column}}
	vals := p.fields(n, "a KPI", kpiKeys)
	k.ID = p.id(j, vals, "a KPI", k, p.state.seen)
	what := labelOf("KPI", k.ID)
	p.require(n, vals, what, "id", "metric")
	k.Name = p.str(vals, "name", what)
	k.Metric = p.str(vals, "metric", what)
	p.metricSpelling(vals, k.Metric, what)
	k.Touchpoint = p.str(vals, "touchpoint", what)
	k.Stage = p.str(vals, "stage", what)
	k.From = p.str(vals, "from", what)
	k.To = p.str(vals, "to", what)
	if v, ok := vals.get("target"); ok && !isNull(v) {
		if v.Kind != yaml.ScalarNode {
			p.errorf(v, RuleMalformedTarget, "malformed target of %s: expected OP NUMBER[%%] such as \">= 60%%\", found %s", what, describe(v))
		} else if t, err := ParseTarget(v.Value, k.Metric); err != nil {
			p.errorf(v, RuleMalformedTarget, "malformed target of %s: %v", what, err)
		} else {
			p.targetRange(v, t, k.Metric, what)
			k.Target = &t
		}
	}
	p.state.kpiNodes[k] = vals
	return k
}

// builtinMetrics are the metrics with a meaning of their own; any other is
// a custom column of the data.
var builtinMetrics = []string{MetricUsers, MetricConversion, MetricDropOff}

// metricSpelling warns about a metric that is not built in but close to
// one: a custom metric is legal, so a typo such as "convrsion" would
// otherwise pass and only show up as a KPI without figures.
func (p *parser) metricSpelling(vals fieldSet, metric, what string) {
	if metric == "" || slices.Contains(builtinMetrics, metric) {
		return
	}
	hint := Closest(metric, builtinMetrics)
	if hint == "" {
		return
	}
	p.warnf(vals.val("metric"), RuleMisspelledMetric, "metric %q of %s is not users, conversion or drop_off; did you mean %q? (a custom metric names a numeric column of the data)", metric, what, hint)
}

// targetRange reports a conversion or drop_off target outside 0%..100%:
// both are shares of users, so such a target can never be met (or never
// be missed). A bare number above 1 is most likely a percentage without
// its sign.
func (p *parser) targetRange(v *yaml.Node, t Target, metric, what string) {
	if metric != MetricConversion && metric != MetricDropOff {
		return
	}
	if t.Value >= 0 && t.Value <= 1 {
		return
	}
	raw := strings.TrimSpace(v.Value)
	msg := fmt.Sprintf("target %q of %s is out of range: a %s target is a share of users, expected 0%% to 100%% (0 to 1)", raw, what, metric)
	num := strings.TrimLeft(raw, "<>= ")
	if !strings.HasSuffix(num, "%") && t.Value > 1 && t.Value <= 100 && t.Value == math.Trunc(t.Value) {
		msg += fmt.Sprintf("; did you mean %q?", raw[:len(raw)-len(num)]+strconv.FormatFloat(t.Value, 'f', -1, 64)+"%")
	}
	p.errorf(v, RuleTargetRange, "%s", msg)
}
