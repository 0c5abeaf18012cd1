// The Node part of a generated AWS SDK client's runtime config (its dist-es/runtimeConfig.js, the same in every
// client but for the version and socket timeout), shared by the client shims of infra/lambda-shims so a bundle holds it
// once. `shared` is the client's runtimeConfig.shared.js part.
import { createDefaultUserAgentProvider, getDefaultSocketTimeout, NODE_APP_ID_CONFIG_OPTIONS } from '@aws-sdk/core/client';
import { NODE_AUTH_SCHEME_PREFERENCE_OPTIONS } from '@aws-sdk/core/httpAuthSchemes';
import { defaultProvider as credentialDefaultProvider } from '@aws-sdk/credential-provider-node';
import { loadConfigsForDefaultMode, normalizeProvider } from '@smithy/core/client';
import {
  loadConfig as loadNodeConfig,
  memoize,
  NODE_REGION_CONFIG_FILE_OPTIONS,
  NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS,
  NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS,
} from '@smithy/core/config';
import {
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_RETRY_MODE,
  NODE_MAX_ATTEMPT_CONFIG_OPTIONS,
  NODE_RETRY_MODE_CONFIG_OPTIONS,
  Retry,
  RETRY_MODES,
  StandardRetryStrategy,
} from '@smithy/core/retry';
import { calculateBodyLength } from '@smithy/core/serde';
import { NodeHttpHandler, streamCollector } from '@smithy/node-http-handler';

// The region and the defaults mode as @smithy/core/config resolves them (regionConfig/config.js,
// defaults-mode/resolveDefaultsModeConfig.js) but without asking the EC2 instance metadata service (its
// getInstanceMetadataRegion, ~1.5 KB of every bundle): the Lambda runtime always sets AWS_REGION and AWS_EXECUTION_ENV,
// so there the package takes both from the environment and never asks it (Lambda has none to ask).
const NODE_REGION_CONFIG_OPTIONS = {
  environmentVariableSelector: (env) => env.AWS_REGION,
  configFileSelector: (profile) => profile.region,
  default: async () => {
    throw new Error('Region is missing');
  },
};
const NODE_DEFAULTS_MODE_CONFIG_OPTIONS = {
  environmentVariableSelector: (env) => env.AWS_DEFAULTS_MODE,
  configFileSelector: (profile) => profile.defaults_mode,
  default: 'legacy',
};
const DEFAULTS_MODE_OPTIONS = ['in-region', 'cross-region', 'mobile', 'standard', 'legacy'];

function resolveDefaultsModeConfig({
  region = loadNodeConfig(NODE_REGION_CONFIG_OPTIONS),
  defaultsMode = loadNodeConfig(NODE_DEFAULTS_MODE_CONFIG_OPTIONS),
} = {}) {
  return memoize(async () => {
    const mode = typeof defaultsMode === 'function' ? await defaultsMode() : defaultsMode;
    switch (mode?.toLowerCase()) {
      case 'auto': {
        if (!region) return 'standard';
        const resolved = typeof region === 'function' ? await region() : region;
        // The package's inferPhysicalRegion, in Lambda: the runtime's region (elsewhere it would ask the metadata service).
        const physical = process.env.AWS_EXECUTION_ENV ? (process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION) : undefined;
        if (!physical) return 'standard';
        return resolved === physical ? 'in-region' : 'cross-region';
      }
      case 'in-region':
      case 'cross-region':
      case 'mobile':
      case 'standard':
      case 'legacy':
        return mode?.toLocaleLowerCase();
      case undefined:
        return 'legacy';
      default:
        throw new Error(`Invalid parameter for "defaultsMode", expect ${DEFAULTS_MODE_OPTIONS.join(', ')}, got ${mode}`);
    }
  });
}

/** runtimeConfig.js of a client: `shared` (from its runtimeConfig.shared.js), then `config`, then the Node defaults. */
// Without the runtime config's two Node version checks (the SDK warns below Node 22; Smithy's only notes below 16):
// these bundles need Node 22.3 or later (the banner's process.getBuiltinModule, infra/lambda-bundling.json).
export function nodeRuntimeConfig(config, sharedOf, { clientVersion, socketTimeoutMs }) {
  const defaultsMode = resolveDefaultsModeConfig(config);
  const defaultConfigProvider = () => defaultsMode().then(loadConfigsForDefaultMode);
  const shared = sharedOf(config);
  const loaderConfig = { profile: config?.profile, logger: shared.logger };
  return {
    ...shared,
    ...config,
    runtime: 'node',
    defaultsMode,
    authSchemePreference: config?.authSchemePreference ?? loadNodeConfig(NODE_AUTH_SCHEME_PREFERENCE_OPTIONS, loaderConfig),
    bodyLengthChecker: config?.bodyLengthChecker ?? calculateBodyLength,
    credentialDefaultProvider: config?.credentialDefaultProvider ?? credentialDefaultProvider,
    defaultSocketTimeout: getDefaultSocketTimeout(config?.requestHandler, socketTimeoutMs),
    defaultUserAgentProvider: config?.defaultUserAgentProvider ?? createDefaultUserAgentProvider({ serviceId: shared.serviceId, clientVersion }),
    maxAttempts: config?.maxAttempts ?? loadNodeConfig(NODE_MAX_ATTEMPT_CONFIG_OPTIONS, config),
    region: config?.region ?? loadNodeConfig(NODE_REGION_CONFIG_OPTIONS, { ...NODE_REGION_CONFIG_FILE_OPTIONS, ...loaderConfig }),
    requestHandler: NodeHttpHandler.create(config?.requestHandler ?? defaultConfigProvider),
    retryMode:
      config?.retryMode ??
      loadNodeConfig({ ...NODE_RETRY_MODE_CONFIG_OPTIONS, default: async () => (await defaultConfigProvider()).retryMode || DEFAULT_RETRY_MODE }, config),
    streamCollector: config?.streamCollector ?? streamCollector,
    useDualstackEndpoint: config?.useDualstackEndpoint ?? loadNodeConfig(NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS, loaderConfig),
    useFipsEndpoint: config?.useFipsEndpoint ?? loadNodeConfig(NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS, loaderConfig),
    userAgentAppId: config?.userAgentAppId ?? loadNodeConfig(NODE_APP_ID_CONFIG_OPTIONS, loaderConfig),
  };
}

/**
 * resolveRetryConfig of @smithy/core/retry (middleware-retry/configurations.js), for the standard retry mode only: the
 * package's also imports the adaptive mode's strategy and client-side rate limiter (~3.4 KB of every bundle). Nothing
 * selects that mode in the Lambdas (no AWS_RETRY_MODE in the stack, no ~/.aws/config, no retryMode in the code);
 * selected all the same, it fails the first request with a message saying so instead of retrying otherwise.
 */
export function resolveRetryConfig(input, defaults) {
  const { retryStrategy, retryMode } = input;
  const { defaultMaxAttempts = DEFAULT_MAX_ATTEMPTS, defaultBaseDelay = Retry.delay() } = defaults ?? {};
  const maxAttemptsProvider = normalizeProvider(input.maxAttempts ?? defaultMaxAttempts);
  let controller = retryStrategy ? Promise.resolve(retryStrategy) : undefined;
  const getDefault = async () => {
    const maxAttempts = await maxAttemptsProvider();
    if ((await normalizeProvider(retryMode)()) === RETRY_MODES.ADAPTIVE) {
      throw new Error('The adaptive retry mode is not bundled in the Lambdas (infra/lambda-shims/aws-client-config.mjs): unset AWS_RETRY_MODE');
    }
    return new StandardRetryStrategy({ maxAttempts, baseDelay: defaultBaseDelay });
  };
  return Object.assign(input, { maxAttempts: maxAttemptsProvider, retryStrategy: () => (controller ??= getDefault()) });
}
