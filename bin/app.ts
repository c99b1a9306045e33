#!/usr/bin/env node
// The example app: `npx cdk synth` (offline, no credentials) or `npx cdk deploy -c issuer=... -c
// clientSecretArn=...`. cdk-nag's AwsSolutions rules run on every synth; findings fail it.
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { exampleSettings } from './example-settings';
import { PhantomTokenExampleStack } from './example-stack';

const app = new App();
new PhantomTokenExampleStack(app, 'PhantomTokenExample', {
  settings: exampleSettings((key) => app.node.tryGetContext(key)),
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  description: 'cdk-phantom-token example: invoices and streams behind a phantom token gateway',
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
