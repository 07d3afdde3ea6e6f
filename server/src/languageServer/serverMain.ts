/**
 * The entry point of dist/server.js. On the main thread it is the dirlint language server (inside
 * VS Code over IPC, or on its own for any LSP editor: `node dist/server.js --stdio`); started
 * again as a worker thread by that server, it lints pieces of large documents.
 */
import { isMainThread } from 'node:worker_threads';
import { runLintWorker } from './lintWorker';
import { startLanguageServer } from './server';

if (isMainThread) startLanguageServer(__filename);
else runLintWorker();
