// Parses each Mermaid file named on the command line with Mermaid's own
// parser; for a journey diagram it also checks that every task line became
// a task (none read as a comment, a title or a section). Exits 1 when any
// file fails.
import { JSDOM } from 'jsdom';
import { readFileSync } from 'node:fs';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });

let failed = 0;
for (const f of process.argv.slice(2)) {
  const text = readFileSync(f, 'utf8');
  try {
    const d = await mermaid.mermaidAPI.getDiagramFromText(text);
    let note = d.type;
    if (d.type === 'journey') {
      const lines = text.split('\n').map((l) => l.trim());
      const tasks = lines.filter((l) => l && !/^(journey|title |section )/.test(l)).length;
      const got = d.db.getTasks().length;
      if (got !== tasks) throw new Error(`${tasks} task lines, but Mermaid read ${got} tasks`);
      note += `, ${got} tasks`;
    }
    console.log(`ok ${f} (${note})`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${f}: ${String(e.message || e).split('\n').slice(0, 4).join(' | ')}`);
  }
}
console.log(`${process.argv.length - 2 - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
