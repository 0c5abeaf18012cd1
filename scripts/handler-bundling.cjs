// The esbuild options of one Lambda handler bundle, from infra/lambda-bundling.json: the one definition that
// `npm run build` (scripts/build.mjs) and the bundle benchmark (bench/bundles.ts) use, as the CDK stack's
// HANDLER_BUNDLING applies the same file. ESM for the runtime's Node with a `require` for CJS dependencies,
// module-first main fields, minified, linked source map without sources, the SDK bundled with the shims aliased and
// the event-stream serde left out.
// CommonJS so that ESM scripts, tsx and jest can all load it as is.
'use strict';
const { readFileSync } = require('node:fs');
const { join, resolve } = require('node:path');

const ROOT = resolve(__dirname, '..');
const LAMBDA_BUNDLING = JSON.parse(readFileSync(join(ROOT, 'infra', 'lambda-bundling.json'), 'utf8'));

/** esbuild options that bundle lambdas/handlers/<handler>.ts to `outfile`. */
function handlerBuildOptions(handler, outfile) {
  const shared = LAMBDA_BUNDLING;
  return {
    entryPoints: [join(ROOT, 'lambdas', 'handlers', `${handler}.ts`)],
    outfile,
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'node',
    target: shared.esbuildTarget,
    format: 'esm',
    banner: { js: shared.esmRequireBanner },
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    metafile: true,
    alias: Object.fromEntries(Object.entries(shared.alias ?? {}).map(([from, to]) => [from, resolve(ROOT, to)])),
    external: shared.external ?? [],
    legalComments: shared.legalComments ?? 'none',
    logLevel: 'warning',
  };
}

module.exports = { ROOT, LAMBDA_BUNDLING, handlerBuildOptions };
