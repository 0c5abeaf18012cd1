// Stands in for @aws-sdk/credential-provider-node in the Lambda bundles (alias in infra/lambda-bundling.json).
// In Lambda the function role's credentials are always in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY /
// AWS_SESSION_TOKEN, the first link of the SDK's default chain; the rest of the chain (SSO, STS, IMDS, ini files,
// their nested clients) is ~95 KB of bundle that cannot run there. Unbundled code (tests, npm start) keeps the
// real chain.

/** The SDK's `defaultProvider` signature: a provider of the environment's credentials. */
export const defaultProvider = () => async () => {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = process.env;
  if (!accessKeyId || !secretAccessKey) {
    throw new Error('No AWS credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY): this bundle reads no other source');
  }
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
};
