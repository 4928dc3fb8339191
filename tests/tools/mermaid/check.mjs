// Parses a Mermaid flowchart with Mermaid's own parser and prints what it understood, with
// labels as a browser would display them: `node check.mjs FILE` (or - for standard input).
// Exit status 1, with Mermaid's message, when the text does not parse.
//
// Mermaid needs a DOM even to parse (its sanitizer); jsdom provides one, so no browser runs.
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });

// Mermaid keeps `#name;` / `#35;` entities as placeholders and turns them into HTML entities
// when it renders (its decodeEntities); the label is then HTML, whose text is what shows.
function displayed(text) {
  const html = String(text ?? '').replace(/ﬂ°°/g, '&#').replace(/ﬂ°/g, '&').replace(/¶ß/g, ';');
  const div = document.createElement('div');
  div.innerHTML = html;
  return JSON.stringify(div.textContent);
}

// `--quiet FILE...` checks many files in one run (node and Mermaid take seconds to start):
// it prints only the files that do not parse.
const args = process.argv.slice(2);
const quiet = args[0] === '--quiet';
const paths = quiet ? args.slice(1) : [args[0] ?? '-'];
let failed = false;
for (const path of paths) {
  const text = readFileSync(path === '-' ? 0 : path, 'utf8');
  let diagram;
  try {
    diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
  } catch (e) {
    console.log(`${quiet ? path + ': ' : ''}error: ${String(e.message ?? e).split('\n').join('\n  ')}`);
    failed = true;
    continue;
  }
  if (!quiet) summarize(diagram);
}
process.exit(failed ? 1 : 0);

function summarize(diagram) {
  const db = diagram.db;
  const vertices = [...db.getVertices().values()];
  const edges = db.getEdges();
  const subgraphs = db.getSubGraphs();
  console.log(`${diagram.type}: ${vertices.length} nodes, ${edges.length} edges, ${subgraphs.length} subgraphs`);
  for (const v of vertices) console.log(`node ${v.id} ${v.type ?? 'default'} ${displayed(v.text)} [${v.classes.join(' ')}]`);
  for (const e of edges) {
    const label = e.text ? ` ${displayed(e.text)}` : '';
    console.log(`edge ${e.start} -> ${e.end} ${e.stroke}${label} ${(e.style ?? []).join(';')}`);
  }
  for (const s of subgraphs) console.log(`subgraph ${s.id} ${displayed(s.title)} {${s.nodes.join(' ')}}`);
}
