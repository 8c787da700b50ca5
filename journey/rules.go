package journey

// Rule ids. They appear in every output format and never change once
// released; docs/rules in the README lists them.
const (
	RuleSyntax             = "yaml-syntax"
	RuleEncoding           = "not-utf8"
	RuleEmptyFile          = "empty-file"
	RuleUnknownKey         = "unknown-key"
	RuleDuplicateKey       = "duplicate-key"
	RuleMissingKey         = "missing-key"
	RuleWrongType          = "wrong-type"
	RuleInvalidID          = "invalid-id"
	RuleDuplicateID        = "duplicate-id"
	RuleUnknownReference   = "unknown-reference"
	RuleWrongReference     = "wrong-reference-kind"
	RuleEmotionRange       = "emotion-range"
	RuleMalformedTarget    = "malformed-target"
	RuleKPIScope           = "kpi-scope"
	RuleTargetRange        = "target-out-of-range"
	RuleUnsupportedVersion = "unsupported-version"
	RuleAliasExpansion     = "alias-expansion"
	RuleControlCharacter   = "control-character"

	RuleUnreachable      = "unreachable-touchpoint"
	RuleUnusedPersona    = "unused-persona"
	RuleEmptyStage       = "empty-stage"
	RuleNoTarget         = "kpi-without-target"
	RuleAmbiguousEvent   = "ambiguous-event"
	RuleMisspelledMetric = "misspelled-metric"
	RuleEmptyText        = "empty-text"
	RuleDuplicateText    = "duplicate-text"
)

// RuleInfo describes a rule for documentation and SARIF output.
type RuleInfo struct {
	ID       string
	Severity Severity
	Summary  string
}

// Rules lists every rule the validator applies, in documentation order.
var Rules = []RuleInfo{
	{RuleSyntax, Error, "the file is not valid YAML"},
	{RuleEncoding, Error, "the file is not UTF-8 text"},
	{RuleEmptyFile, Error, "the file is empty"},
	{RuleAliasExpansion, Error, "aliases and merge keys that expand the file far beyond its written size"},
	{RuleControlCharacter, Error, "a control character (U+0000 to U+001F other than tab, line feed and carriage return) or U+FFFE, U+FFFF in a text"},
	{RuleUnsupportedVersion, Error, "version is not 1"},
	{RuleUnknownKey, Error, "a key the format does not define (with a did-you-mean hint)"},
	{RuleDuplicateKey, Error, "a key given twice in one mapping"},
	{RuleMissingKey, Error, "a required key is missing, or stages is empty"},
	{RuleWrongType, Error, "a value of the wrong type (text, list, mapping, integer)"},
	{RuleInvalidID, Error, "an id that does not match ^[a-z0-9][a-z0-9_-]*$"},
	{RuleDuplicateID, Error, "an id used twice anywhere in the file"},
	{RuleUnknownReference, Error, "personas, next or a KPI scope names an id that does not exist"},
	{RuleWrongReference, Error, "personas, next or a KPI scope names an id of the wrong kind"},
	{RuleEmotionRange, Error, "emotion outside -2..2"},
	{RuleMalformedTarget, Error, "a KPI target that is not OP NUMBER[%]"},
	{RuleKPIScope, Error, "a KPI with no scope or several (touchpoint, stage, from+to)"},
	{RuleTargetRange, Error, "a conversion or drop_off target outside 0% to 100%"},
	{RuleUnreachable, Warning, "a touchpoint that no flow reaches from the first touchpoint"},
	{RuleUnusedPersona, Warning, "a persona that no touchpoint serves"},
	{RuleEmptyStage, Warning, "a stage without touchpoints"},
	{RuleNoTarget, Warning, "a KPI without a target, which can be neither met nor missed"},
	{RuleAmbiguousEvent, Warning, "a label (event, id or name) that stands for two touchpoints in analytics data"},
	{RuleMisspelledMetric, Warning, "a metric that is not built in but close to users, conversion or drop_off (with a did-you-mean hint)"},
	{RuleEmptyText, Warning, "an empty item in a list of texts (goals, pains, opportunities, actions, thoughts, backstage); it is left out"},
	{RuleDuplicateText, Warning, "an item given twice in one list of texts; it is shown once"},
}
