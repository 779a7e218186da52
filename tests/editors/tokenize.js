#!/usr/bin/env node
// tokenize.js - runs the VS Code TextMate grammar of phx over .phx files with
// VS Code's own engine (vscode-textmate + vscode-oniguruma) and prints TAP.
//
//   node tokenize.js --grammar G.json --golden DIR --root SRCDIR [--regen] FILE...
//   node tokenize.js --grammar G.json --keywords phx.l
//   node tokenize.js --grammar G.json --dump FILE
//   node tokenize.js --grammar G.json --extension DIR   (package.json and
//                                       language-configuration.json of DIR)
//
// FILE paths are relative to --root; the golden of FILE is DIR/FILE.scopes.
// For each file there are two cases: every token that is not blank carries a
// scope of its own (nothing is left as bare source.phx or only meta.*, and no
// invalid.* scope appears), and the dump equals its golden. A missing golden
// is a failure unless --regen is given, which (re)writes it. With
// --coverage-only there are no goldens, only the first check.
'use strict';

const fs = require('fs');
const path = require('path');

const modules = process.env.PHX_NODE_MODULES || path.join(__dirname, 'node_modules');
const vsctm = require(path.join(modules, 'vscode-textmate'));
const oniguruma = require(path.join(modules, 'vscode-oniguruma'));

function parseArgs(argv) {
	const o = { files: [] };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--grammar') o.grammar = argv[++i];
		else if (a === '--golden') o.golden = argv[++i];
		else if (a === '--root') o.root = argv[++i];
		else if (a === '--keywords') o.keywords = argv[++i];
		else if (a === '--dump') o.dump = argv[++i];
		else if (a === '--extension') o.extension = argv[++i];
		else if (a === '--regen') o.regen = true;
		else if (a === '--coverage-only') o.coverageOnly = true;
		else o.files.push(a);
	}
	return o;
}

async function loadGrammar(file) {
	const wasm = fs.readFileSync(path.join(modules, 'vscode-oniguruma', 'release', 'onig.wasm'));
	await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
	const registry = new vsctm.Registry({
		onigLib: Promise.resolve({
			createOnigScanner: (p) => new oniguruma.OnigScanner(p),
			createOnigString: (s) => new oniguruma.OnigString(s),
		}),
		loadGrammar: async (scope) => {
			if (scope !== 'source.phx') return null;
			return vsctm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
		},
	});
	return registry.loadGrammar('source.phx');
}

// One line per token: "LINE:COL text<TAB>scopes", the root scope left out.
function tokenize(grammar, text) {
	const out = [];
	const uncovered = [];
	let state = vsctm.INITIAL;
	const lines = text.split('\n');
	if (lines.length && lines[lines.length - 1] === '') lines.pop();
	lines.forEach((line, i) => {
		const r = grammar.tokenizeLine(line, state);
		for (const t of r.tokens) {
			const s = line.substring(t.startIndex, Math.min(t.endIndex, line.length));
			if (s === '') continue;
			const scopes = t.scopes.slice(1);
			if (/^\s+$/.test(s) && scopes.every((x) => x.startsWith('meta.') || x.startsWith('string.') || x.startsWith('comment.')))
				continue;
			const own = scopes.filter((x) => !x.startsWith('meta.'));
			if (!/^\s+$/.test(s) && (own.length === 0 || scopes.some((x) => x.startsWith('invalid.'))))
				uncovered.push(`${i + 1}:${t.startIndex + 1} ${JSON.stringify(s)} ${scopes.join(' ') || '(none)'}`);
			out.push(`${i + 1}:${t.startIndex + 1} ${JSON.stringify(s)}\t${scopes.join(' ')}`);
		}
		state = r.ruleStack;
	});
	return { dump: out.join('\n') + '\n', uncovered };
}

// The keywords of phx.l: its rules of the form  "word"  return TOKEN;
function lexKeywords(file) {
	const re = /^"([a-z_]+)"\s+return\s+[A-Z_]+\s*;/gm;
	const set = new Set();
	let m;
	const text = fs.readFileSync(file, 'utf8');
	while ((m = re.exec(text))) set.add(m[1]);
	return set;
}

// Every alternation of plain words in the grammar that names keywords: the
// rules of repository.keywords, and the (?!(?:a|b|...)\b) guards that keep
// keywords from being read as names.
function grammarKeywordLists(raw) {
	const lists = [];
	const kw = new Set();
	for (const p of raw.repository.keywords.patterns) {
		const m = /^\\b\(\?:([a-z_|]+)\)\\b$/.exec(p.match);
		if (!m) throw new Error(`repository.keywords: unexpected pattern ${p.match}`);
		m[1].split('|').forEach((w) => kw.add(w));
	}
	lists.push({ where: 'repository.keywords', words: kw });
	const walk = (node, where) => {
		if (Array.isArray(node)) node.forEach((x, i) => walk(x, `${where}[${i}]`));
		else if (node && typeof node === 'object')
			for (const k of Object.keys(node)) walk(node[k], `${where}.${k}`);
		else if (typeof node === 'string') {
			const re = /\(\?!\(\?:([a-z_|]+)\)\\b\)/g;
			let m;
			while ((m = re.exec(node))) lists.push({ where, words: new Set(m[1].split('|')) });
		}
	};
	walk(raw.repository, 'repository');
	return lists;
}

function setDiff(a, b) {
	return [...a].filter((x) => !b.has(x)).sort();
}

// The extension folder: the manifest names the grammar file and the language
// configuration, whose regular expressions compile and indent as intended.
function checkExtension(dir, raw) {
	const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
	const lang = (pkg.contributes.languages || []).find((l) => l.id === 'phx');
	const gram = (pkg.contributes.grammars || []).find((g) => g.language === 'phx');
	if (lang && lang.extensions.includes('.phx') && gram && gram.scopeName === raw.scopeName &&
	    fs.existsSync(path.join(dir, gram.path)) && fs.existsSync(path.join(dir, lang.configuration)))
		ok('package.json declares the phx language, .phx, the grammar and its configuration');
	else
		fail('package.json declares the phx language, .phx, the grammar and its configuration');
	const conf = JSON.parse(fs.readFileSync(path.join(dir, lang ? lang.configuration : 'language-configuration.json'), 'utf8'));
	const pairs = conf.autoClosingPairs.map((p) => p.open + p.close);
	const want = ['{}', '[]', '()', '""'];
	const missing = want.filter((p) => !pairs.includes(p));
	if (conf.comments.lineComment === '#' && !missing.length && conf.brackets.length === 3)
		ok('language-configuration.json: comments, brackets, auto-closing pairs');
	else
		fail('language-configuration.json: comments, brackets, auto-closing pairs', `missing pairs: ${missing.join(' ')}`);
	const inc = new RegExp(conf.indentationRules.increaseIndentPattern);
	const dec = new RegExp(conf.indentationRules.decreaseIndentPattern);
	const cases = [
		[inc, 'resource logs "AWS::S3::Bucket" {', true],
		[inc, '  Tags = [', true],
		[inc, '  Rules = [{ Id = "x" }]', false],
		[inc, '  A { B = 1 }  # done', false],
		[inc, 'env dev {  # comment', true],
		[dec, '  }', true],
		[dec, '  ]', true],
		[dec, '  Key = "}"', false],
	];
	const bad = cases.filter(([re, line, want]) => re.test(line) !== want).map(([, l, w]) => `${w ? 'should' : 'should not'} match: ${l}`);
	if (bad.length)
		fail('language-configuration.json: indentation rules', bad.join('\n'));
	else
		ok(`language-configuration.json: indentation rules (${cases.length} lines)`);
}

let n = 0;
let failed = 0;
function ok(name) { n++; console.log(`ok - ${name}`); }
function fail(name, detail) {
	n++; failed++;
	console.log(`not ok - ${name}`);
	if (detail) console.log(detail.replace(/\n$/, '').split('\n').map((l) => `# ${l}`).join('\n'));
}

function diffLines(want, got) {
	const a = want.split('\n');
	const b = got.split('\n');
	const out = [];
	for (let i = 0; i < Math.max(a.length, b.length) && out.length < 20; i++)
		if (a[i] !== b[i]) out.push(`- ${a[i] === undefined ? '(end)' : a[i]}`, `+ ${b[i] === undefined ? '(end)' : b[i]}`);
	return out.join('\n');
}

async function main() {
	const o = parseArgs(process.argv.slice(2));
	const raw = JSON.parse(fs.readFileSync(o.grammar, 'utf8'));

	if (o.keywords) {
		const lex = lexKeywords(o.keywords);
		if (lex.size < 10) {
			fail('keywords of phx.l found', `only ${lex.size} found in ${o.keywords}`);
		} else {
			ok(`keywords of phx.l found (${lex.size})`);
		}
		for (const l of grammarKeywordLists(raw)) {
			const missing = setDiff(lex, l.words);
			const extra = setDiff(l.words, lex);
			const name = `tmLanguage keyword list at ${l.where} matches phx.l`;
			if (missing.length || extra.length)
				fail(name, `missing: ${missing.join(' ') || '-'}\nnot in phx.l: ${extra.join(' ') || '-'}`);
			else
				ok(name);
		}
		return;
	}

	if (o.extension) {
		checkExtension(o.extension, raw);
		return;
	}

	const grammar = await loadGrammar(o.grammar);
	if (o.dump) {
		process.stdout.write(tokenize(grammar, fs.readFileSync(o.dump, 'utf8')).dump);
		return;
	}
	for (const f of o.files) {
		const text = fs.readFileSync(path.join(o.root, f), 'utf8');
		const r = tokenize(grammar, text);
		if (r.uncovered.length)
			fail(`${f}: every token has a scope`, r.uncovered.slice(0, 10).join('\n'));
		else
			ok(`${f}: every token has a scope`);
		if (o.coverageOnly) continue;
		const golden = path.join(o.golden, `${f}.scopes`);
		if (o.regen) {
			fs.mkdirSync(path.dirname(golden), { recursive: true });
			fs.writeFileSync(golden, r.dump);
			ok(`${f}: golden scopes written`);
			continue;
		}
		if (!fs.existsSync(golden)) {
			fail(`${f}: matches golden scopes`,
				`no golden ${path.relative(o.root, golden)}; review and run PHX_REGEN=1 make check TESTS=tests/editors.test`);
			continue;
		}
		const want = fs.readFileSync(golden, 'utf8');
		if (want === r.dump)
			ok(`${f}: matches golden scopes`);
		else
			fail(`${f}: matches golden scopes`, diffLines(want, r.dump));
	}
}

main().catch((e) => {
	console.log(`Bail out! ${e && e.stack ? e.stack : e}`);
	process.exit(1);
});
