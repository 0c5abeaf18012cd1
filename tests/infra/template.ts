// Helpers for the stack tests: an offline synth with bundling skipped, and lookups into the template.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { SyncStack, type SyncStackProps } from '../../infra/lib/sync-stack';

export type Json = Record<string, any>;

// One scratch directory for the cloud assemblies, removed after the run (CDK's own temp dirs outlive jest workers).
const outdirs = mkdtempSync(join(tmpdir(), 'ass-cdk-'));
afterAll(() => rmSync(outdirs, { recursive: true, force: true }));

/** The region tests synthesise in: the table's customer-managed key needs a concrete one (see infra/bin/app.ts). */
export const TEST_REGION = 'eu-west-1';

/**
 * Synthesises a SyncStack without running esbuild (aws-local.md §5.3: ~3 s instead of ~5 s) and without CDK's
 * built-in CloudFormation Validate plugin: its WASM engine multiplies synth time several times over and keeps the
 * jest worker busy after the tests (reported as "failed to exit gracefully"). `npx cdk synth` still runs it.
 */
export function synth(props: SyncStackProps = {}): Template {
  return Template.fromStack(testStack(props));
}

/** The SyncStack of {@link synth} itself, unsynthesised: aspects (cdk-nag) can still be added to its app. */
export function testStack(props: SyncStackProps = {}): SyncStack {
  const app = new App({
    outdir: mkdtempSync(join(outdirs, 'app-')),
    builtinCloudFormationValidation: false,
    context: { 'aws:cdk:bundling-stacks': [] },
  });
  return new SyncStack(app, 'Test', { env: { region: TEST_REGION }, ...props });
}

/** Logical id of the single resource of `type` whose logical id starts with `prefix`. */
export function logicalId(template: Template, type: string, prefix: string): string {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  if (ids.length !== 1) throw new Error(`expected one ${type} named ${prefix}*, found ${ids.join(', ') || 'none'}`);
  return ids[0]!;
}

/** Every IAM statement attached (through its role) to the function `fnPrefix`. */
export function statementsOf(template: Template, fnPrefix: string): Json[] {
  const fn = template.findResources('AWS::Lambda::Function')[logicalId(template, 'AWS::Lambda::Function', fnPrefix)]!;
  const roleId: string = fn.Properties.Role['Fn::GetAtt'][0];
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) => p.Properties.Roles.some((r: Json) => r.Ref === roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Json[]);
}

export const actionsOf = (statements: Json[]) => statements.flatMap((s) => [s.Action].flat() as string[]);
export const getAtt = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
