// Stands in for @aws/lambda-invoke-store in the Lambda bundles (alias in infra/lambda-bundling.json). Its one importer
// here is the SDK's recursion-detection middleware (@aws-sdk/core), which asks `InvokeStore.getInstanceAsync()` for
// the invocation's X-Ray trace id, traceparent, tracestate and baggage before each request. The package (0.3.x) answers
// with the store the Lambda Node runtime installs as `globalThis.awslambda.InvokeStore` when there is one; otherwise it
// creates an empty store (no context: every getter answers undefined, so the middleware falls back to
// _X_AMZN_TRACE_ID) and installs it for nobody else to read. This answers the runtime's store, else none: the same
// headers on every request, without bundling a store of its own. Tested as bundled: tests/infra/bundle-size.test.ts.
// Unbundled code (tests, npm start) imports the real package.

/** As the package: AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA turns the runtime's global store off. */
const NO_GLOBAL = ['true', '1'].includes(process.env.AWS_LAMBDA_NODEJS_NO_GLOBAL_AWSLAMBDA ?? '');

export const InvokeStore = {
  /** The runtime's store of the current invocation, or undefined where it installs none. */
  async getInstanceAsync() {
    return NO_GLOBAL ? undefined : globalThis.awslambda?.InvokeStore;
  },
};
