// Package diagram draws a journey map: it builds a renderer-neutral Model
// from a journey and its figures (New), then writes it as DOT (WriteDOT),
// as a Mermaid flowchart (WriteMermaid), or as tiles that Graphviz lays out
// one at a time (Tiles) and that ComposeSVG and ComposePNG assemble into
// one picture with the arrows between stages. Themes holds the colour
// schemes.
//
// Beneath it: graphviz, the only package that links the embedded Graphviz
// (used by the journey-graphviz helper program); frames, how journey and
// that helper exchange tiles; fonts, the fonts of PNG pictures.
package diagram
