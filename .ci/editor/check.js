// Opens journey maps in yaml-language-server (the language server behind the
// YAML extensions of VS Code, Neovim, Helix and others), as an editor does,
// over stdio, with the schema that `journey schema` prints, loaded from a
// local file through the modeline the README shows. For each map with a
// mistake it checks the editor's diagnostics (message text and line) and
// what `journey validate` says of the same file: both reject it or both
// accept it. Then hover and completion. Exits 1 on any difference.
//
// Usage: node check.js JOURNEY_BINARY WORK_DIR [CLEAN_MAP...]
// WORK_DIR must hold journey.schema.json; the maps are written beside it.
// Every CLEAN_MAP (the examples) must get no diagnostic in the editor.
'use strict';
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');

const [journeyBin, workDir, ...cleanMaps] = process.argv.slice(2);
if (!journeyBin || !workDir) {
  console.error('usage: node check.js JOURNEY_BINARY WORK_DIR [CLEAN_MAP...]');
  process.exit(2);
}
const schemaFile = path.join(workDir, 'journey.schema.json');
if (!fs.existsSync(schemaFile)) {
  console.error(`no schema at ${schemaFile}: write it with journey schema`);
  process.exit(2);
}
const modeline = '# yaml-language-server: $schema=./journey.schema.json\n';

// The schema's messages, as the editor shows them.
const msg = {
  id: "invalid id: expected lower-case letters, digits, '-' and '_', starting with a letter or digit, such as checkout-page",
  target: 'malformed target: expected OP NUMBER[%] with OP one of >= <= > <, such as ">= 60%"',
  range: 'target out of range: a conversion or drop_off target is a share of users, from 0% to 100% (0 to 1)',
  scope: 'a KPI needs one scope: expected exactly one of touchpoint, stage, or from and to',
  emotion: 'emotion out of range: expected an integer from -2 (very negative) to 2 (very positive)',
  version: 'unsupported version: this journey supports format version 1 (version: 1)',
};

// A clean map; each case below changes one thing. Lines are counted with
// the modeline as line 1.
const base = `version: 1
name: Online store checkout
description: Shoppers from the ad to the order.
stages:
  - id: purchase
    name: Purchase
    touchpoints:
      - id: cart
        name: Shopping cart
        channel: web
        emotion: 1
        events: [add_to_cart]
      - id: checkout
        name: Checkout
kpis:
  - id: cart-to-checkout
    metric: conversion
    from: cart
    to: checkout
    target: ">= 60%"
`;
const edit = (from, to) => {
  if (!base.includes(from)) throw new Error(`case edits text the base map lacks: ${from}`);
  return base.replace(from, to);
};

// editor: [text on the line, message]; cli: [text on the line, rule]. The
// line is the first one holding the text. cli: null means the case is for
// the editor alone.
const cases = [
  { name: 'clean', yaml: base, editor: [], cli: [] },
  {
    name: 'numbers as names (YAML reads them as numbers; both take them as text)',
    yaml: edit('name: Online store checkout', 'name: 123').replace('name: Checkout', 'name: 404'),
    editor: [], cli: [],
  },
  {
    name: 'empty optional keys (null) count as absent',
    yaml: edit('description: Shoppers from the ad to the order.', 'description:').replace('events: [add_to_cart]', 'events:').replace('    target: ">= 60%"', '    target:'),
    editor: [],
    cli: [['- id: cart-to-checkout', 'kpi-without-target']],
  },
  {
    name: 'unknown key',
    yaml: edit('channel: web', 'chanel: web'),
    editor: [['chanel: web', 'Property chanel is not allowed.']],
    cli: [['chanel: web', 'unknown-key']],
  },
  {
    name: 'invalid id',
    yaml: edit('id: purchase', 'id: Purchase Stage'),
    editor: [['id: Purchase Stage', msg.id]],
    cli: [['id: Purchase Stage', 'invalid-id']],
  },
  {
    name: 'malformed target',
    yaml: edit('target: ">= 60%"', 'target: about 60%'),
    editor: [['target: about', msg.target]],
    cli: [['target: about', 'malformed-target']],
  },
  {
    name: 'KPI without scope',
    yaml: edit('    from: cart\n    to: checkout\n', ''),
    editor: [['- id: cart-to-checkout', msg.scope]],
    cli: [['- id: cart-to-checkout', 'kpi-scope']],
  },
  {
    name: 'KPI with two scopes',
    yaml: edit('    to: checkout\n', '    to: checkout\n    stage: purchase\n'),
    editor: [['- id: cart-to-checkout', msg.scope]],
    cli: [['from: cart', 'kpi-scope']],
  },
  {
    name: 'KPI with from but no to',
    yaml: edit('    to: checkout\n', ''),
    editor: [['- id: cart-to-checkout', msg.scope]],
    cli: [['from: cart', 'kpi-scope']],
  },
  {
    name: 'conversion target above 100%',
    yaml: edit('target: ">= 60%"', 'target: ">= 150%"'),
    editor: [['target: ">= 150%"', msg.range]],
    cli: [['target: ">= 150%"', 'target-out-of-range']],
  },
  {
    name: 'conversion target as a bare 60 (6000%)',
    yaml: edit('target: ">= 60%"', 'target: 60'),
    editor: [['target: 60', msg.range]],
    cli: [['target: 60', 'target-out-of-range']],
  },
  {
    name: 'custom metric above 100% is fine',
    yaml: edit('metric: conversion', 'metric: nps').replace('target: ">= 60%"', 'target: 150'),
    editor: [], cli: [],
  },
  {
    name: 'misspelled metric: a warning from the validator; the schema lets custom metrics pass',
    yaml: edit('metric: conversion', 'metric: convrsion'),
    editor: [],
    cli: [['metric: convrsion', 'misspelled-metric']],
  },
  {
    name: 'emotion out of range',
    yaml: edit('emotion: 1', 'emotion: 3'),
    editor: [['emotion: 3', msg.emotion]],
    cli: [['emotion: 3', 'emotion-range']],
  },
  {
    name: 'unsupported version',
    yaml: edit('version: 1', 'version: 2'),
    editor: [['version: 2', msg.version]],
    cli: [['version: 2', 'unsupported-version']],
  },
  {
    name: 'missing name',
    yaml: edit('        name: Shopping cart\n', ''),
    editor: [['- id: cart', 'Missing property "name".']],
    cli: [['- id: cart', 'missing-key']],
  },
  {
    name: 'keys of the README format: actions, thoughts, backstage, stage goals',
    yaml: edit('        events: [add_to_cart]\n', '        events: [add_to_cart]\n        actions: [Reviews the basket]\n        thoughts: ["Is shipping free?"]\n        backstage: [Stock check]\n')
      .replace('    name: Purchase\n', '    name: Purchase\n    goals: [Pay quickly]\n'),
    editor: [],
    cli: null,
  },
];

// --- a minimal LSP client over stdio --------------------------------------
const server = spawn(process.execPath, [require.resolve('yaml-language-server/bin/yaml-language-server'), '--stdio'], {
  stdio: ['pipe', 'pipe', 'inherit'],
});
let buffered = Buffer.alloc(0);
let nextId = 0;
const pending = new Map();
const published = new Map();
let onPublish = () => {};
const settings = {
  yaml: {
    validate: true, hover: true, completion: true,
    // Nothing from the network: no schema catalog, the schema comes from
    // the modeline's local file.
    schemaStore: { enable: false },
    schemas: {},
  },
};
const send = (m) => {
  const body = JSON.stringify({ jsonrpc: '2.0', ...m });
  server.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
};
server.stdout.on('data', (chunk) => {
  buffered = Buffer.concat([buffered, chunk]);
  for (;;) {
    const end = buffered.indexOf('\r\n\r\n');
    if (end < 0) return;
    const len = Number(/Content-Length: *(\d+)/i.exec(buffered.subarray(0, end).toString())[1]);
    if (buffered.length < end + 4 + len) return;
    const m = JSON.parse(buffered.subarray(end + 4, end + 4 + len).toString());
    buffered = buffered.subarray(end + 4 + len);
    if (m.method === 'textDocument/publishDiagnostics') {
      published.set(m.params.uri, m.params.diagnostics);
      onPublish(m.params.uri);
    } else if (m.method && m.id !== undefined) {
      // Requests from the server: its configuration; anything else gets null.
      send({ id: m.id, result: m.method === 'workspace/configuration' ? m.params.items.map((it) => (it.section === 'yaml' ? settings.yaml : null)) : null });
    } else if (m.id !== undefined && pending.has(m.id)) {
      pending.get(m.id)(m);
      pending.delete(m.id);
    }
  }
});
const request = (method, params) => new Promise((resolve, reject) => {
  const id = ++nextId;
  const timer = setTimeout(() => reject(new Error(`no answer to ${method} in 30 s`)), 30000);
  pending.set(id, (m) => { clearTimeout(timer); m.error ? reject(new Error(`${method}: ${m.error.message}`)) : resolve(m.result); });
  send({ id, method, params });
});
const notify = (method, params) => send({ method, params });

let version = 0;
// open writes the map to disk (the CLI reads it there), opens it in the
// server and waits for its diagnostics.
const open = (name, text) => new Promise((resolve, reject) => {
  const file = path.join(workDir, name);
  fs.writeFileSync(file, text);
  const uri = pathToFileURL(file).href;
  published.delete(uri);
  const timer = setTimeout(() => reject(new Error(`no diagnostics for ${name} in 30 s`)), 30000);
  onPublish = (u) => { if (u === uri) { clearTimeout(timer); resolve({ file, uri, diagnostics: published.get(uri) }); } };
  notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: ++version, text } });
});
const close = (uri) => notify('textDocument/didClose', { textDocument: { uri } });

const lineOf = (text, needle) => {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`no line holds ${JSON.stringify(needle)}`);
  return text.slice(0, i).split('\n').length;
};
const sorted = (xs) => xs.map((x) => x.join(' | ')).sort();

let failures = 0;
const fail = (what, detail) => {
  failures++;
  console.error(`FAIL ${what}\n${detail}`);
};
const sameList = (what, got, want) => {
  const g = sorted(got), w = sorted(want);
  if (JSON.stringify(g) !== JSON.stringify(w)) {
    fail(what, `  got:\n    ${g.join('\n    ') || '(none)'}\n  want:\n    ${w.join('\n    ') || '(none)'}`);
    return false;
  }
  return true;
};

const validate = (file) => {
  const r = spawnSync(journeyBin, ['validate', '--format', 'json', file], { encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 1) throw new Error(`journey validate ${file}: exit ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout || '[]');
};

(async () => {
  const root = pathToFileURL(path.resolve(workDir)).href;
  await request('initialize', {
    processId: process.pid, rootUri: root, workspaceFolders: [{ uri: root, name: 'maps' }],
    capabilities: {
      workspace: { configuration: true },
      textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] }, completion: { completionItem: { snippetSupport: true } } },
    },
  });
  notify('initialized', {});
  notify('workspace/didChangeConfiguration', { settings });

  let n = 0;
  for (const c of cases) {
    const text = modeline + c.yaml;
    const doc = await open(`case-${++n}.yaml`, text);
    close(doc.uri);
    const editor = doc.diagnostics.map((d) => [String(d.range.start.line + 1), d.message]);
    const wantEditor = c.editor.map(([at, m]) => [String(lineOf(text, at)), m]);
    let ok = sameList(`${c.name}: editor diagnostics`, editor, wantEditor);
    if (c.cli) {
      const diags = validate(doc.file);
      const cli = diags.map((d) => [String(d.line), d.rule]);
      ok = sameList(`${c.name}: journey validate`, cli, c.cli.map(([at, rule]) => [String(lineOf(text, at)), rule])) && ok;
      const cliRejects = diags.some((d) => d.severity === 'error');
      const editorRejects = editor.length > 0;
      if (cliRejects !== editorRejects) {
        ok = false;
        fail(`${c.name}: agreement`, `  journey validate ${cliRejects ? 'rejects' : 'accepts'} the map, the editor ${editorRejects ? 'rejects' : 'accepts'} it`);
      }
    }
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${c.name}`);
  }

  for (const f of cleanMaps) {
    const doc = await open(`clean-${path.basename(f)}`, modeline + fs.readFileSync(f, 'utf8'));
    close(doc.uri);
    const ok = sameList(`${f}: editor diagnostics`, doc.diagnostics.map((d) => [String(d.range.start.line + 1), d.message]), []);
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${f} is clean in the editor`);
  }

  // Hover: the description of the key under the cursor.
  const hoverText = modeline + base;
  const hoverDoc = await open('hover.yaml', hoverText);
  const hovers = [
    ['kpis:', 'Key performance indicators'],
    ['    metric: conversion', 'What is measured'],
    ['        emotion: 1', 'How the customer feels here'],
    ['  - id: purchase', 'The stage\'s id'],
    ['  - id: cart-to-checkout', '#### KPI'],
    ['      - id: cart', '#### Touchpoint'],
  ];
  for (const [at, want] of hovers) {
    const line = lineOf(hoverText, at) - 1;
    const character = hoverText.split('\n')[line].search(/\S/) + (at.trimStart().startsWith('- ') ? 2 : 0) + 1;
    const h = await request('textDocument/hover', { textDocument: { uri: hoverDoc.uri }, position: { line, character } });
    const shown = h && (typeof h.contents === 'string' ? h.contents : h.contents.value || '');
    const ok = Boolean(shown && shown.includes(want));
    if (!ok) fail(`hover on ${at.trim()}`, `  shown: ${JSON.stringify(shown)}\n  want it to hold: ${JSON.stringify(want)}`);
    console.log(`${ok ? 'ok  ' : 'FAIL'} hover on ${at.trim()} shows ${JSON.stringify(want)}`);
  }
  close(hoverDoc.uri);

  // Completion: the keys a touchpoint and a KPI may still take, and the
  // known metrics.
  const completions = [
    {
      what: 'keys of a touchpoint',
      text: base.replace('        events: [add_to_cart]\n', '        events: [add_to_cart]\n        \n'),
      at: ['        \n', 8],
      want: ['owner', 'personas', 'pains', 'opportunities', 'actions', 'thoughts', 'backstage', 'next', 'description'],
      not: ['id', 'name', 'channel', 'emotion', 'events'],
    },
    {
      what: 'keys of a KPI',
      text: base.replace('    from: cart\n    to: checkout\n', '    \n'),
      at: ['    \n', 4],
      want: ['touchpoint', 'stage', 'from', 'to', 'name', 'description'],
      not: ['id', 'metric', 'target'],
    },
    {
      what: 'values of metric',
      text: base.replace('metric: conversion', 'metric: '),
      at: ['metric: \n', 12],
      want: ['conversion', 'drop_off', 'users'],
      not: [],
    },
  ];
  for (const c of completions) {
    const text = modeline + c.text;
    const doc = await open('complete.yaml', text);
    const line = lineOf(text, c.at[0]) - 1;
    const r = await request('textDocument/completion', { textDocument: { uri: doc.uri }, position: { line, character: c.at[1] } });
    close(doc.uri);
    const labels = (Array.isArray(r) ? r : (r && r.items) || []).map((i) => i.label);
    const missing = c.want.filter((l) => !labels.includes(l));
    const extra = c.not.filter((l) => labels.includes(l));
    const ok = missing.length === 0 && extra.length === 0;
    if (!ok) fail(`completion: ${c.what}`, `  offered: ${labels.join(', ')}\n  missing: ${missing.join(', ')}\n  offered though present: ${extra.join(', ')}`);
    console.log(`${ok ? 'ok  ' : 'FAIL'} completion offers the ${c.what}`);
  }

  await request('shutdown', null);
  notify('exit', null);
  server.kill();
  if (failures > 0) {
    console.error(`editor check: ${failures} failure(s)`);
    process.exit(1);
  }
  console.log('editor check: the schema and journey validate agree in yaml-language-server');
})().catch((e) => {
  console.error(e);
  server.kill();
  process.exit(1);
});
