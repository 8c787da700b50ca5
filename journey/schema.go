package journey

import _ "embed"

// Schema is the JSON Schema of the journey file format, version 1, for
// editors and other tools. Validation here does not use it: Parse reports
// positions and hints a schema validator cannot.
//
//go:embed schema.json
var Schema []byte

// Template is a small, valid journey that `journey init` writes as a start.
//
//go:embed template.yaml
var Template []byte
