// lsp_check.js - the VS Code extension's manifest and activation, headless.
//
//   node lsp_check.js EXTENSION_DIR PHXC
//
// VS Code itself cannot run here, so `vscode` and `vscode-languageclient/node`
// are stand-ins that record what the extension asks for. activate() must
// build a LanguageClient for the phx language whose server command, started
// for real over stdio, is `PHXC lsp` and answers initialize, shutdown and
// exit (status 0). Prints TAP lines ("ok - ...") for tests/editors.test.
'use strict';
const fs = require('fs');
const path = require('path');
const Module = require('module');
const { spawn } = require('child_process');

const [dir, phxc] = process.argv.slice(2);
let failed = 0;
const ok = (name) => console.log(`ok - ${name}`);
const fail = (name, why) => { failed++; console.log(`not ok - ${name}`); if (why) console.log(`# ${why}`); };

const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
const props = ((pkg.contributes || {}).configuration || {}).properties || {};
if (pkg.main && fs.existsSync(path.join(dir, pkg.main)) && (pkg.activationEvents || []).includes('onLanguage:phx') &&
    (pkg.dependencies || {})['vscode-languageclient'] && props['phx.server.path'] && props['phx.includeDirs'] &&
    pkg.contributes.grammars && pkg.contributes.grammars.length === 1)
	ok('package.json: main, activation on the phx language, vscode-languageclient, settings, grammar kept');
else
	fail('package.json: main, activation on the phx language, vscode-languageclient, settings, grammar kept');

// ---- stand-ins ---------------------------------------------------------------
const settings = { 'server.path': phxc, includeDirs: [] };
const made = [];
class LanguageClient {
	constructor(id, name, server, options) {
		Object.assign(this, { id, name, server, options, stopped: false });
		made.push(this);
	}
	start() { this.started = true; return Promise.resolve(); }
	stop() { this.stopped = true; return Promise.resolve(); }
}
const stubs = {
	vscode: { workspace: { getConfiguration: (s) => ({ get: (k) => (s === 'phx' ? settings[k] : undefined) }) } },
	'vscode-languageclient/node': { LanguageClient },
};
const load = Module._load;
Module._load = function (request, parent, isMain) {
	if (Object.prototype.hasOwnProperty.call(stubs, request))
		return stubs[request];
	return load.call(this, request, parent, isMain);
};

const ext = require(path.resolve(dir, pkg.main));
const context = { subscriptions: [] };

function frame(obj) {
	const body = Buffer.from(JSON.stringify(obj));
	return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]);
}

// Starts the command the extension chose and speaks LSP to it.
function handshake(server) {
	return new Promise((resolve) => {
		const p = spawn(server.command, server.args, { stdio: ['pipe', 'pipe', 'inherit'] });
		let buf = Buffer.alloc(0);
		const seen = [];
		const timer = setTimeout(() => { p.kill(); resolve({ seen, code: 'timeout' }); }, 10000);
		p.stdout.on('data', (d) => {
			buf = Buffer.concat([buf, d]);
			for (;;) {
				const h = buf.indexOf('\r\n\r\n');
				if (h < 0) break;
				const len = Number(/Content-Length: (\d+)/i.exec(buf.slice(0, h).toString())[1]);
				if (buf.length < h + 4 + len) break;
				seen.push(JSON.parse(buf.slice(h + 4, h + 4 + len).toString()));
				buf = buf.slice(h + 4 + len);
				if (seen.length === 1) {
					p.stdin.write(frame({ jsonrpc: '2.0', method: 'initialized', params: {} }));
					p.stdin.write(frame({ jsonrpc: '2.0', id: 2, method: 'shutdown' }));
				} else if (seen.some((m) => m.id === 2)) {
					p.stdin.write(frame({ jsonrpc: '2.0', method: 'exit' }));
				}
			}
		});
		p.on('exit', (code) => { clearTimeout(timer); resolve({ seen, code }); });
		p.stdin.write(frame({ jsonrpc: '2.0', id: 1, method: 'initialize',
			params: { processId: process.pid, rootUri: null, capabilities: {},
				initializationOptions: made[0].options.initializationOptions } }));
	});
}

(async () => {
	await ext.activate(context);
	const c = made[0];
	if (c && c.started && c.server.args[0] === 'lsp' && c.server.command === phxc &&
	    c.options.documentSelector.some((s) => s.language === 'phx' && s.scheme === 'file') &&
	    c.options.synchronize.configurationSection === 'phx')
		ok('activate() starts a LanguageClient for phx with the command `phxc lsp`');
	else
		fail('activate() starts a LanguageClient for phx with the command `phxc lsp`', JSON.stringify(c && c.server));
	settings.includeDirs = ['/opt/phx/modules'];
	const so = ext.serverOptions(stubs.vscode.workspace.getConfiguration('phx'));
	if (so.args.join(' ') === 'lsp -I /opt/phx/modules')
		ok('phx.includeDirs become -I options of the server');
	else
		fail('phx.includeDirs become -I options of the server', so.args.join(' '));
	if (c) {
		const r = await handshake(c.server);
		const init = r.seen.find((m) => m.id === 1);
		if (r.code === 0 && init && init.result && init.result.capabilities.completionProvider &&
		    init.result.capabilities.hoverProvider)
			ok('the server the extension starts answers initialize, shutdown and exit (status 0)');
		else
			fail('the server the extension starts answers initialize, shutdown and exit (status 0)', JSON.stringify(r));
	}
	await ext.deactivate();
	if (c && c.stopped && context.subscriptions.length === 1)
		ok('deactivate() stops the client');
	else
		fail('deactivate() stops the client');
	process.exit(failed ? 1 : 0);
})();
