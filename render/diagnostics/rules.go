package diagnostics

import (
	"github.com/journey-maps/journey/journey"
)

// RulesURL is the README's table of rules, where every rule id is
// explained; SARIF's helpUri points there.
const RulesURL = "https://github.com/journey-maps/journey#rules"

// InformationURL is the project's home, SARIF's informationUri.
const InformationURL = "https://github.com/journey-maps/journey"

// ruleHelp tells, per rule id, how to fix what the rule finds: SARIF's
// help, shown by code-scanning tools next to the finding. A rule without
// an entry gets its summary and the link to the README's table.
var ruleHelp = map[string]string{
	journey.RuleSyntax:             "Fix the YAML at the position given: an unclosed quote or bracket, a bad indent, a tab used for indenting. A journey file holds exactly one YAML document.",
	journey.RuleEncoding:           "Save the file as UTF-8 text. The file holds bytes that are not UTF-8, such as binary data or another encoding.",
	journey.RuleEmptyFile:          "Give the file its content, or start from `journey init FILE`, which writes a valid starter journey.",
	journey.RuleUnsupportedVersion: "Set `version: 1`, the only version of the format this journey understands.",
	journey.RuleUnknownKey:         "Remove the key or correct its spelling; the message suggests the key you probably meant. `journey schema` prints every key the format defines.",
	journey.RuleDuplicateKey:       "Keep one of the two keys: YAML would silently use the last one.",
	journey.RuleMissingKey:         "Add the key the message names: a journey needs `version`, `name` and at least one stage; every persona, stage and touchpoint an `id` and a `name`; a KPI an `id` and a `metric`.",
	journey.RuleWrongType:          "Give the key a value of the type the message names: text, a list, a mapping or an integer.",
	journey.RuleInvalidID:          "Write the id in lower case letters, digits, `-` and `_`, starting with a letter or digit (for example `checkout-page`).",
	journey.RuleDuplicateID:        "Rename one of the two: personas, stages, touchpoints and KPIs share one space of ids in a file.",
	journey.RuleUnknownReference:   "Correct the id, or define what it names; the message suggests the id you probably meant.",
	journey.RuleWrongReference:     "Name an id of the kind the key expects: `personas` takes persona ids, `next` touchpoint ids, a KPI scope a touchpoint or a stage.",
	journey.RuleEmotionRange:       "Give `emotion` an integer from -2 (very negative) to 2 (very positive).",
	journey.RuleMalformedTarget:    "Write the target as an operator and a number, with `%` for a rate: for example `>= 40%` or `< 3`.",
	journey.RuleKPIScope:           "Give the KPI exactly one scope: a `touchpoint`, a `stage`, or `from` and `to` together.",
	journey.RuleTargetRange:        "Write a conversion or drop_off target as a share from 0% to 100%, with the percent sign (`>= 60%`) or as a fraction (`0.6`): a bare `60` means 6000%.",
	journey.RuleMisspelledMetric:   "Correct the metric to the built-in one the message suggests. A custom metric must name a numeric column of the analytics data; if it does, rename the column or ignore the warning.",
	journey.RuleUnreachable:        "Add a `next` from a touchpoint that is reached, or remove the touchpoint; no flow from the first touchpoint leads to it.",
	journey.RuleUnusedPersona:      "List the persona under the `personas` of the touchpoints it uses, or remove it.",
	journey.RuleEmptyStage:         "Add touchpoints to the stage, or remove it.",
	journey.RuleNoTarget:           "Give the KPI a `target` (for example `>= 40%`), so that reports can say whether it is met.",
	journey.RuleAliasExpansion:     "Write the repeated parts out, or use fewer anchors and aliases: written out, this file would be far larger than its text (a YAML \"billion laughs\"), so it is not read further.",
	journey.RuleControlCharacter:   "Remove the control character the message names (U+0000 to U+001F other than tab and line breaks): it cannot be shown in a picture or a report, and usually comes from a copy and paste.",
	journey.RuleEmptyText:          "Write the item's text, or remove the item: an empty line in a list of goals, pains, opportunities, actions, thoughts or back-stage processes shows nothing.",
	journey.RuleDuplicateText:      "Remove the second copy of the item: it says nothing the first does not, and pictures and reports show it once.",
	journey.RuleAmbiguousEvent:     "Give each touchpoint its own labels: analytics rows with this label count for one touchpoint only (an id wins, then the first in the file), so the other gets none of them.",
}

// ruleDoc is what the machine formats say about a rule.
type ruleDoc struct {
	journey.RuleInfo
	// Help tells how to fix what the rule finds.
	Help string
}

// ruleDocs returns every rule with its help, in documentation order.
func ruleDocs() []ruleDoc {
	out := make([]ruleDoc, 0, len(journey.Rules))
	for _, r := range journey.Rules {
		h := ruleHelp[r.ID]
		if h == "" {
			h = "See the table of rules in journey's README."
		}
		out = append(out, ruleDoc{RuleInfo: r, Help: h})
	}
	return out
}
