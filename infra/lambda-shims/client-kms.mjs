// Stands in for @aws-sdk/client-kms in the Lambda bundles (alias in infra/lambda-bundling.json): the same KMSClient
// (same config resolution, middleware, endpoint rules, SigV4, AWS JSON 1.1 protocol) with only the two operations
// lambdas/secrets/kms.ts sends, GenerateDataKey and Decrypt. The package's commands import its schema module, whose
// top level registers all ~50 KMS exception classes and every operation's schema (~20 KB of bundle, kept whatever is
// tree-shaken); here the two operations' schemas are copied from it (schemas/schemas_0.js of the pinned version) and
// an error KMS answers becomes a KMSServiceException named by its code (`error.name`, what kms.ts reads), as the SDK
// does for an error it has no class for. Unbundled code (tests, npm start) imports the real package.
// Tested as bundled against a KMS peer: tests/infra/bundle-size.test.ts.
import {
  getHostHeaderPlugin,
  getLoggerPlugin,
  getRecursionDetectionPlugin,
  getUserAgentPlugin,
  resolveHostHeaderConfig,
  resolveUserAgentConfig,
} from '@aws-sdk/core/client';
import { AwsSdkSigV4Signer } from '@aws-sdk/core/httpAuthSchemes';
import { AwsJson1_1Protocol } from '@aws-sdk/core/protocols';
import { DefaultIdentityProviderConfig, getHttpAuthSchemeEndpointRuleSetPlugin, getHttpSigningPlugin } from '@smithy/core';
import { Sha256 } from '@smithy/core/checksum';
import { Client, makeBuilder, NoOpLogger } from '@smithy/core/client';
import { resolveRegionConfig } from '@smithy/core/config';
import { getEndpointPlugin, resolveEndpointConfig } from '@smithy/core/endpoints';
import { getContentLengthPlugin, parseUrl } from '@smithy/core/protocols';
import { getRetryPlugin } from '@smithy/core/retry';
import { getSchemaSerdePlugin, TypeRegistry } from '@smithy/core/schema';
import { fromBase64, fromUtf8, toBase64, toUtf8 } from '@smithy/core/serde';
import { nodeRuntimeConfig, resolveRetryConfig } from './aws-client-config.mjs';
// The package's own modules that do not touch its schema module (relative: the alias covers the package name).
import { version } from '../../node_modules/@aws-sdk/client-kms/package.json';
import { defaultKMSHttpAuthSchemeProvider } from '../../node_modules/@aws-sdk/client-kms/dist-es/auth/httpAuthSchemeProvider.js';
// The auth parameters, the auth config and the runtime extensions are the same code in every client but for their
// names: taken from the DynamoDB package, which every bundle holds, so a bundle has them once.
import {
  defaultDynamoDBHttpAuthSchemeParametersProvider as defaultKMSHttpAuthSchemeParametersProvider,
  resolveHttpAuthSchemeConfig,
} from '../../node_modules/@aws-sdk/client-dynamodb/dist-es/auth/httpAuthSchemeProvider.js';
import { commonParams, resolveClientEndpointParameters } from '../../node_modules/@aws-sdk/client-kms/dist-es/endpoint/EndpointParameters.js';
import { defaultEndpointResolver } from '../../node_modules/@aws-sdk/client-kms/dist-es/endpoint/endpointResolver.js';
import { KMSServiceException } from '../../node_modules/@aws-sdk/client-kms/dist-es/models/KMSServiceException.js';
import { resolveRuntimeExtensions } from '../../node_modules/@aws-sdk/client-dynamodb/dist-es/runtimeExtensions.js';

export { KMSServiceException };

// Schemas of the two operations, as in the package's schemas/schemas_0.js.
const n0 = 'com.amazonaws.kms';
const synthetic = 'smithy.ts.sdk.synthetic.com.amazonaws.kms';
const PlaintextType = [0, n0, 'PlaintextType', 8, 21];
const RecipientInfo$ = [3, n0, 'RecipientInfo', 0, ['KeyEncryptionAlgorithm', 'AttestationDocument'], [0, 21]];
const DecryptRequest$ = [
  3,
  n0,
  'DecryptRequest',
  0,
  ['CiphertextBlob', 'EncryptionContext', 'GrantTokens', 'KeyId', 'EncryptionAlgorithm', 'Recipient', 'DryRun', 'DryRunModifiers'],
  [21, 128 | 0, 64 | 0, 0, 0, () => RecipientInfo$, 2, 64 | 0],
];
const DecryptResponse$ = [
  3,
  n0,
  'DecryptResponse',
  0,
  ['KeyId', 'Plaintext', 'EncryptionAlgorithm', 'CiphertextForRecipient', 'KeyMaterialId'],
  [0, [() => PlaintextType, 0], 0, 21, 0],
];
const GenerateDataKeyRequest$ = [
  3,
  n0,
  'GenerateDataKeyRequest',
  0,
  ['KeyId', 'EncryptionContext', 'NumberOfBytes', 'KeySpec', 'GrantTokens', 'Recipient', 'DryRun'],
  [0, 128 | 0, 1, 0, 64 | 0, () => RecipientInfo$, 2],
  1,
];
const GenerateDataKeyResponse$ = [
  3,
  n0,
  'GenerateDataKeyResponse',
  0,
  ['CiphertextBlob', 'Plaintext', 'KeyId', 'CiphertextForRecipient', 'KeyMaterialId'],
  [21, [() => PlaintextType, 0], 0, 21, 0],
];
const Decrypt$ = [9, n0, 'Decrypt', 0, () => DecryptRequest$, () => DecryptResponse$];
const GenerateDataKey$ = [9, n0, 'GenerateDataKey', 0, () => GenerateDataKeyRequest$, () => GenerateDataKeyResponse$];

// Only the service's base exception: any error KMS names becomes one, with that name (ProtocolLib's fallback).
const KMSServiceException$ = [-3, synthetic, 'KMSServiceException', 0, [], []];
const baseErrors = /* @__PURE__ */ (() => {
  const registry = new TypeRegistry(synthetic);
  registry.registerError(KMSServiceException$, KMSServiceException);
  return registry;
})();

/** runtimeConfig.shared.js of the package, with the trimmed error registry. */
function sharedRuntimeConfig(config) {
  return {
    apiVersion: '2014-11-01',
    base64Decoder: config?.base64Decoder ?? fromBase64,
    base64Encoder: config?.base64Encoder ?? toBase64,
    disableHostPrefix: config?.disableHostPrefix ?? false,
    endpointProvider: config?.endpointProvider ?? defaultEndpointResolver,
    extensions: config?.extensions ?? [],
    httpAuthSchemeProvider: config?.httpAuthSchemeProvider ?? defaultKMSHttpAuthSchemeProvider,
    httpAuthSchemes: config?.httpAuthSchemes ?? [
      { schemeId: 'aws.auth#sigv4', identityProvider: (ipc) => ipc.getIdentityProvider('aws.auth#sigv4'), signer: new AwsSdkSigV4Signer() },
    ],
    logger: config?.logger ?? new NoOpLogger(),
    protocol: config?.protocol ?? AwsJson1_1Protocol,
    protocolSettings: config?.protocolSettings ?? {
      defaultNamespace: n0,
      errorTypeRegistries: [baseErrors],
      xmlNamespace: 'https://trent.amazonaws.com/doc/2014-11-01/',
      version: '2014-11-01',
      serviceTarget: 'TrentService',
    },
    serviceId: config?.serviceId ?? 'KMS',
    sha256: config?.sha256 ?? Sha256,
    urlParser: config?.urlParser ?? parseUrl,
    utf8Decoder: config?.utf8Decoder ?? fromUtf8,
    utf8Encoder: config?.utf8Encoder ?? toUtf8,
  };
}

/** KMSClient.js of the package. */
export class KMSClient extends Client {
  config;
  constructor(...[configuration]) {
    const config0 = nodeRuntimeConfig(configuration || {}, sharedRuntimeConfig, { clientVersion: version, socketTimeoutMs: 300_000 });
    super(config0);
    this.initConfig = config0;
    const config1 = resolveHttpAuthSchemeConfig(
      resolveEndpointConfig(resolveHostHeaderConfig(resolveRegionConfig(resolveRetryConfig(resolveUserAgentConfig(resolveClientEndpointParameters(config0)))))),
    );
    this.config = resolveRuntimeExtensions(config1, configuration?.extensions || []);
    this.middlewareStack.use(getSchemaSerdePlugin(this.config));
    this.middlewareStack.use(getUserAgentPlugin(this.config));
    this.middlewareStack.use(getRetryPlugin(this.config));
    this.middlewareStack.use(getContentLengthPlugin(this.config));
    this.middlewareStack.use(getHostHeaderPlugin(this.config));
    this.middlewareStack.use(getLoggerPlugin(this.config));
    this.middlewareStack.use(getRecursionDetectionPlugin(this.config));
    this.middlewareStack.use(
      getHttpAuthSchemeEndpointRuleSetPlugin(this.config, {
        httpAuthSchemeParametersProvider: defaultKMSHttpAuthSchemeParametersProvider,
        identityProviderConfigProvider: async (config) => new DefaultIdentityProviderConfig({ 'aws.auth#sigv4': config.credentials }),
      }),
    );
    this.middlewareStack.use(getHttpSigningPlugin(this.config));
  }
  destroy() {
    super.destroy();
  }
}

// commandBuilder.js and the two command modules of the package.
const command = /* @__PURE__ */ makeBuilder(commonParams, 'TrentService', 'KMSClient', getEndpointPlugin);
export const DecryptCommand = /* @__PURE__ */ (() => class DecryptCommand extends command({}, () => [], 'Decrypt', Decrypt$) {})();
export const GenerateDataKeyCommand = /* @__PURE__ */ (() =>
  class GenerateDataKeyCommand extends command({}, () => [], 'GenerateDataKey', GenerateDataKey$) {})();
