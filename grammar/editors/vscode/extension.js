// extension.js - the phx extension's code: starts `phxc lsp` for .phx files
// through vscode-languageclient. Colours still come from the TextMate
// grammar (syntaxes/phx.tmLanguage.json); everything else (diagnostics,
// completion, hover, definition, references, outline, quick fixes,
// formatting) comes from the server.
'use strict';

const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

// The server command: the phx.server.path setting, else `phxc` on PATH.
function serverOptions(cfg) {
	const command = cfg.get('server.path') || 'phxc';
	const args = ['lsp'];
	for (const dir of cfg.get('includeDirs') || [])
		args.push('-I', dir);
	return { command, args, transport: 0 /* stdio */ };
}

function activate(context) {
	const cfg = vscode.workspace.getConfiguration('phx');
	const clientOptions = {
		documentSelector: [
			{ scheme: 'file', language: 'phx' },
			{ scheme: 'untitled', language: 'phx' },
		],
		initializationOptions: { includeDirs: cfg.get('includeDirs') || [] },
		// settings { "phx": { "includeDirs": [...] } } follow the configuration
		synchronize: { configurationSection: 'phx' },
	};
	client = new LanguageClient('phx', 'phx language server (phxc lsp)', serverOptions(cfg), clientOptions);
	context.subscriptions.push({ dispose: () => (client ? client.stop() : undefined) });
	return client.start();
}

function deactivate() {
	return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate, serverOptions };
