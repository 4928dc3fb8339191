// Drives `baton lsp` through Microsoft's client libraries (vscode-jsonrpc and
// vscode-languageserver-protocol, as VS Code does): opens a spec, prints the diagnostics it is
// sent, renames the name at a position, applies the edit, sends the new text and prints the
// diagnostics again, then shuts the server down.
//
//   node session.mjs BATON SPEC LINE:CHARACTER NEW_NAME
//
// Positions are the protocol's (0-based, UTF-16). Exit status 1 when the session fails.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter,
  InitializeRequest, InitializedNotification, DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification, PublishDiagnosticsNotification, RenameRequest,
  ShutdownRequest, ExitNotification,
} from 'vscode-languageserver-protocol/node.js';

const [baton, specArg, where, newName] = process.argv.slice(2);
const spec = resolve(specArg);
const uri = pathToFileURL(spec).href;
const [line, character] = where.split(':').map(Number);

const server = spawn(baton, ['lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
const connection = createProtocolConnection(
  new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));

let waiting = null;
connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
  if (params.uri !== uri || !waiting) return;
  const w = waiting;
  waiting = null;
  w(params.diagnostics);
});
connection.listen();
const nextDiagnostics = () => new Promise((done) => { waiting = done; });

function show(diagnostics) {
  if (diagnostics.length === 0) console.log('  (none)');
  for (const d of diagnostics) {
    const s = d.range.start;
    console.log(`  ${s.line}:${s.character} ${d.code} ${d.message.split('\n')[0]}`);
  }
}

// Applies a WorkspaceEdit's edits for `uri` to `text` (last first, so offsets stay right).
function apply(text, edits) {
  const lines = text.split('\n');
  const offset = (p) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  for (const e of sorted)
    text = text.slice(0, offset(e.range.start)) + e.newText + text.slice(offset(e.range.end));
  return text;
}

try {
  const init = await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid, rootUri: pathToFileURL(resolve('.')).href, capabilities: {},
  });
  console.log(`server: ${init.serverInfo.name}, positions in ${init.capabilities.positionEncoding}`);
  await connection.sendNotification(InitializedNotification.type, {});
  let text = readFileSync(spec, 'utf8');
  let published = nextDiagnostics();
  await connection.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: 'baton', version: 1, text },
  });
  console.log('diagnostics after open:');
  show(await published);
  const edit = await connection.sendRequest(RenameRequest.type, {
    textDocument: { uri }, position: { line, character }, newName,
  });
  const edits = edit.changes[uri] ?? [];
  console.log(`rename to ${newName}: ${edits.length} edits`);
  text = apply(text, edits);
  process.stdout.write(text.split('\n').map((l) => `  | ${l}`).join('\n') + '\n');
  published = nextDiagnostics();
  await connection.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version: 2 }, contentChanges: [{ text }],
  });
  console.log('diagnostics after rename:');
  show(await published);
  await connection.sendRequest(ShutdownRequest.type);
  await connection.sendNotification(ExitNotification.type);
  const status = await new Promise((done) => server.on('exit', done));
  console.log(`server exit status: ${status}`);
  connection.dispose();
} catch (e) {
  console.error(`session failed: ${e.message ?? e}`);
  server.kill();
  process.exit(1);
}
