// nag.js OUTDIR TEMPLATE... - includes each template in one CDK app
// (cloudformation-include's CfnInclude), runs cdk-nag's AwsSolutionsChecks
// and prints one line per error finding: "TEMPLATE<TAB>RULE<TAB>LOGICAL_ID",
// RULE with cdk-nag's finding suffix (AwsSolutions-IAM5[Resource::*]): one
// resource may have several findings of a rule. Used by tests/cdknag.test.
'use strict';
const fs = require('fs');
const path = require('path');
const cdk = require('aws-cdk-lib');
const inc = require('aws-cdk-lib/cloudformation-include');
const { AwsSolutionsChecks } = require('cdk-nag');

const [outdir, ...files] = process.argv.slice(2);
const app = new cdk.App({ outdir });
const byStack = new Map();
for (const f of files) {
	const name = path.basename(f);
	const id = name.replace(/\.template\.(json|yaml)$/, '').replace(/[^A-Za-z0-9]/g, '');
	const st = new cdk.Stack(app, id);
	new inc.CfnInclude(st, 'T', { templateFile: f });
	byStack.set(id, name);
}
cdk.Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
// validation failures are reported in the report file, not thrown, with the
// default feature flags; either way the report is what is read
try {
	app.synth();
} catch (e) {
	process.stderr.write(String(e).slice(0, 2000) + '\n');
}
const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
const lines = new Set();
for (const p of report.pluginReports) {
	if (!/AwsSolutions/.test(p.pluginName)) continue;
	for (const v of p.violations) {
		if (String(v.severity).toLowerCase() !== 'error') continue;
		const rule = v.ruleName;
		for (const c of v.violatingConstructs) {
			const parts = c.constructPath.split('/');
			lines.add(`${byStack.get(parts[0])}\t${rule}\t${parts[parts.length - 1]}`);
		}
	}
}
process.stdout.write([...lines].sort().join('\n') + (lines.size ? '\n' : ''));
