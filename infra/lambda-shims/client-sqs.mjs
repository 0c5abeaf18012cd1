// Stands in for @aws-sdk/client-sqs in the Lambda bundles (alias in infra/lambda-bundling.json): the same SQSClient
// (config resolution, queue-URL endpoint, MD5 checks of sent messages, SigV4, AWS JSON 1.0 query-compatible protocol)
// with only the operations lambdas/queue/sqs.ts sends: SendMessage, SendMessageBatch and ChangeMessageVisibility.
// The package's commands import its schema module, whose top level registers every SQS exception class and every
// operation's schema (~13 KB of bundle, kept whatever is tree-shaken); here the three operations' schemas are copied
// verbatim from it (schemas/schemas_0.js of the pinned version; unused names are dropped by the bundler) and an error
// SQS answers becomes an SQSServiceException named by its code, as the SDK does for an error it has no class for. An
// operation this file lacks fails the build, not a request. Unbundled code (tests, npm start) imports the real package.
// Tested as bundled against fauxqs: tests/infra/bundle-size.test.ts.
import {
  getHostHeaderPlugin,
  getLoggerPlugin,
  getRecursionDetectionPlugin,
  getUserAgentPlugin,
  resolveHostHeaderConfig,
  resolveUserAgentConfig,
} from '@aws-sdk/core/client';
import { AwsSdkSigV4Signer } from '@aws-sdk/core/httpAuthSchemes';
import { AwsJson1_0Protocol } from '@aws-sdk/core/protocols';
import { getQueueUrlPlugin, getSendMessageBatchPlugin, getSendMessagePlugin, resolveQueueUrlConfig } from '@aws-sdk/middleware-sdk-sqs';
import { DefaultIdentityProviderConfig, getHttpAuthSchemeEndpointRuleSetPlugin, getHttpSigningPlugin } from '@smithy/core';
import { Md5, Sha256 } from '@smithy/core/checksum';
import { Client, makeBuilder, NoOpLogger } from '@smithy/core/client';
import { resolveRegionConfig } from '@smithy/core/config';
import { getEndpointPlugin, resolveEndpointConfig } from '@smithy/core/endpoints';
import { getContentLengthPlugin, parseUrl } from '@smithy/core/protocols';
import { getRetryPlugin } from '@smithy/core/retry';
import { getSchemaSerdePlugin, TypeRegistry } from '@smithy/core/schema';
import { fromBase64, fromUtf8, toBase64, toUtf8 } from '@smithy/core/serde';
// The package's own modules that do not touch its schema module (relative: the alias covers the package name).
import { version } from '../../node_modules/@aws-sdk/client-sqs/package.json';
import { defaultSQSHttpAuthSchemeProvider } from '../../node_modules/@aws-sdk/client-sqs/dist-es/auth/httpAuthSchemeProvider.js';
// The auth parameters, the auth config and the runtime extensions are the same code in every client but for their
// names: taken from the DynamoDB package, which every bundle holds, so a bundle has them once.
import {
  defaultDynamoDBHttpAuthSchemeParametersProvider as defaultSQSHttpAuthSchemeParametersProvider,
  resolveHttpAuthSchemeConfig,
} from '../../node_modules/@aws-sdk/client-dynamodb/dist-es/auth/httpAuthSchemeProvider.js';
import { commonParams, resolveClientEndpointParameters } from '../../node_modules/@aws-sdk/client-sqs/dist-es/endpoint/EndpointParameters.js';
import { defaultEndpointResolver } from '../../node_modules/@aws-sdk/client-sqs/dist-es/endpoint/endpointResolver.js';
import { SQSServiceException } from '../../node_modules/@aws-sdk/client-sqs/dist-es/models/SQSServiceException.js';
import { resolveRuntimeExtensions } from '../../node_modules/@aws-sdk/client-dynamodb/dist-es/runtimeExtensions.js';
import { nodeRuntimeConfig, resolveRetryConfig } from './aws-client-config.mjs';

export { SQSServiceException };

// --- Copied from the package's schemas/schemas_0.js: its names, then the schemas of the three operations (trait keys
// written out, `xmlName:` for `[_xN]:`, so a bundle without the queue can drop them). ---
const _A = 'Actions';
const _AN = 'ActionName';
const _ANOMM = 'ApproximateNumberOfMessagesMoved';
const _ANOMTM = 'ApproximateNumberOfMessagesToMove';
const _ANt = 'AttributeNames';
const _ANtt = 'AttributeName';
const _AP = 'AddPermission';
const _APR = 'AddPermissionRequest';
const _AWSAI = 'AWSAccountIds';
const _AWSAIc = 'AWSAccountId';
const _At = 'Attributes';
const _Att = 'Attribute';
const _B = 'Body';
const _BEIND = 'BatchEntryIdsNotDistinct';
const _BL = 'BinaryList';
const _BLV = 'BinaryListValues';
const _BLVi = 'BinaryListValue';
const _BREE = 'BatchResultErrorEntry';
const _BREEL = 'BatchResultErrorEntryList';
const _BRTL = 'BatchRequestTooLong';
const _BV = 'BinaryValue';
const _C = 'Code';
const _CMMT = 'CancelMessageMoveTask';
const _CMMTR = 'CancelMessageMoveTaskRequest';
const _CMMTRa = 'CancelMessageMoveTaskResult';
const _CMV = 'ChangeMessageVisibility';
const _CMVB = 'ChangeMessageVisibilityBatch';
const _CMVBR = 'ChangeMessageVisibilityBatchRequest';
const _CMVBRE = 'ChangeMessageVisibilityBatchRequestEntry';
const _CMVBREL = 'ChangeMessageVisibilityBatchRequestEntryList';
const _CMVBRELh = 'ChangeMessageVisibilityBatchResultEntryList';
const _CMVBREh = 'ChangeMessageVisibilityBatchResultEntry';
const _CMVBRh = 'ChangeMessageVisibilityBatchResult';
const _CMVR = 'ChangeMessageVisibilityRequest';
const _CQ = 'CreateQueue';
const _CQR = 'CreateQueueRequest';
const _CQRr = 'CreateQueueResult';
const _DA = 'DestinationArn';
const _DM = 'DeleteMessage';
const _DMB = 'DeleteMessageBatch';
const _DMBR = 'DeleteMessageBatchRequest';
const _DMBRE = 'DeleteMessageBatchRequestEntry';
const _DMBREL = 'DeleteMessageBatchRequestEntryList';
const _DMBRELe = 'DeleteMessageBatchResultEntryList';
const _DMBREe = 'DeleteMessageBatchResultEntry';
const _DMBRe = 'DeleteMessageBatchResult';
const _DMR = 'DeleteMessageRequest';
const _DQ = 'DeleteQueue';
const _DQR = 'DeleteQueueRequest';
const _DS = 'DelaySeconds';
const _DT = 'DataType';
const _E = 'Entries';
const _EBR = 'EmptyBatchRequest';
const _F = 'Failed';
const _FR = 'FailureReason';
const _GQA = 'GetQueueAttributes';
const _GQAR = 'GetQueueAttributesRequest';
const _GQARe = 'GetQueueAttributesResult';
const _GQU = 'GetQueueUrl';
const _GQUR = 'GetQueueUrlRequest';
const _GQURe = 'GetQueueUrlResult';
const _I = 'Id';
const _IA = 'InvalidAddress';
const _IAN = 'InvalidAttributeName';
const _IAV = 'InvalidAttributeValue';
const _IBEI = 'InvalidBatchEntryId';
const _IIF = 'InvalidIdFormat';
const _IMC = 'InvalidMessageContents';
const _IS = 'InvalidSecurity';
const _K = 'Key';
const _KAD = 'KmsAccessDenied';
const _KD = 'KmsDisabled';
const _KIKU = 'KmsInvalidKeyUsage';
const _KIS = 'KmsInvalidState';
const _KNF = 'KmsNotFound';
const _KOIR = 'KmsOptInRequired';
const _KT = 'KmsThrottled';
const _L = 'Label';
const _LDLSQ = 'ListDeadLetterSourceQueues';
const _LDLSQR = 'ListDeadLetterSourceQueuesRequest';
const _LDLSQRi = 'ListDeadLetterSourceQueuesResult';
const _LMMT = 'ListMessageMoveTasks';
const _LMMTR = 'ListMessageMoveTasksRequest';
const _LMMTRE = 'ListMessageMoveTasksResultEntry';
const _LMMTREL = 'ListMessageMoveTasksResultEntryList';
const _LMMTRi = 'ListMessageMoveTasksResult';
const _LQ = 'ListQueues';
const _LQR = 'ListQueuesRequest';
const _LQRi = 'ListQueuesResult';
const _LQT = 'ListQueueTags';
const _LQTR = 'ListQueueTagsRequest';
const _LQTRi = 'ListQueueTagsResult';
const _M = 'Message';
const _MA = 'MessageAttributes';
const _MAN = 'MessageAttributeNames';
const _MANe = 'MessageAttributeName';
const _MAV = 'MessageAttributeValue';
const _MAe = 'MessageAttribute';
const _MB = 'MessageBody';
const _MBAM = 'MessageBodyAttributeMap';
const _MBSAM = 'MessageBodySystemAttributeMap';
const _MDI = 'MessageDeduplicationId';
const _MDOB = 'MD5OfBody';
const _MDOMA = 'MD5OfMessageAttributes';
const _MDOMB = 'MD5OfMessageBody';
const _MDOMSA = 'MD5OfMessageSystemAttributes';
const _MGI = 'MessageGroupId';
const _MI = 'MessageId';
const _ML = 'MessageList';
const _MNI = 'MessageNotInflight';
const _MNOM = 'MaxNumberOfMessages';
const _MNOMPS = 'MaxNumberOfMessagesPerSecond';
const _MR = 'MaxResults';
const _MSA = 'MessageSystemAttributes';
const _MSAM = 'MessageSystemAttributeMap';
const _MSAN = 'MessageSystemAttributeNames';
const _MSAV = 'MessageSystemAttributeValue';
const _MSAe = 'MessageSystemAttribute';
const _Me = 'Messages';
const _N = 'Name';
const _NT = 'NextToken';
const _OL = 'OverLimit';
const _PQ = 'PurgeQueue';
const _PQIP = 'PurgeQueueInProgress';
const _PQR = 'PurgeQueueRequest';
const _QAM = 'QueueAttributeMap';
const _QDNE = 'QueueDoesNotExist';
const _QDR = 'QueueDeletedRecently';
const _QN = 'QueueName';
const _QNE = 'QueueNameExists';
const _QNP = 'QueueNamePrefix';
const _QOAWSAI = 'QueueOwnerAWSAccountId';
const _QU = 'QueueUrl';
const _QUu = 'QueueUrls';
const _R = 'Results';
const _RH = 'ReceiptHandle';
const _RHII = 'ReceiptHandleIsInvalid';
const _RM = 'ReceiveMessage';
const _RMR = 'ReceiveMessageRequest';
const _RMRe = 'ReceiveMessageResult';
const _RNFE = 'ResourceNotFoundException';
const _RP = 'RemovePermission';
const _RPR = 'RemovePermissionRequest';
const _RRAI = 'ReceiveRequestAttemptId';
const _RT = 'RequestThrottled';
const _S = 'Successful';
const _SA = 'SourceArn';
const _SF = 'SenderFault';
const _SL = 'StringList';
const _SLV = 'StringListValues';
const _SLVt = 'StringListValue';
const _SM = 'SendMessage';
const _SMB = 'SendMessageBatch';
const _SMBR = 'SendMessageBatchRequest';
const _SMBRE = 'SendMessageBatchRequestEntry';
const _SMBREL = 'SendMessageBatchRequestEntryList';
const _SMBRELe = 'SendMessageBatchResultEntryList';
const _SMBREe = 'SendMessageBatchResultEntry';
const _SMBRe = 'SendMessageBatchResult';
const _SMMT = 'StartMessageMoveTask';
const _SMMTR = 'StartMessageMoveTaskRequest';
const _SMMTRt = 'StartMessageMoveTaskResult';
const _SMR = 'SendMessageRequest';
const _SMRe = 'SendMessageResult';
const _SN = 'SequenceNumber';
const _SQA = 'SetQueueAttributes';
const _SQAR = 'SetQueueAttributesRequest';
const _ST = 'StartedTimestamp';
const _SV = 'StringValue';
const _St = 'Status';
const _T = 'Tag';
const _TH = 'TaskHandle';
const _TK = 'TagKeys';
const _TKa = 'TagKey';
const _TM = 'TagMap';
const _TMEIBR = 'TooManyEntriesInBatchRequest';
const _TQ = 'TagQueue';
const _TQR = 'TagQueueRequest';
const _Ta = 'Tags';
const _UO = 'UnsupportedOperation';
const _UQ = 'UntagQueue';
const _UQR = 'UntagQueueRequest';
const _V = 'Value';
const _VT = 'VisibilityTimeout';
const _WTS = 'WaitTimeSeconds';
const _aQE = 'awsQueryError';
const _c = 'client';
const _e = 'error';
const _hE = 'httpError';
const _m = 'message';
const _qU = 'queueUrls';
const _s = 'smithy.ts.sdk.synthetic.com.amazonaws.sqs';
const _t = 'tags';
const _xF = 'xmlFlattened';
const _xN = 'xmlName';
const n0 = 'com.amazonaws.sqs';
var __Unit = 'unit';
var StringList = [1, n0, _SL, 0, [0, { xmlName: _SLVt }]];
var BinaryList = [1, n0, _BL, 0, [21, { xmlName: _BLVi }]];
var MessageAttributeValue$ = [
  3,
  n0,
  _MAV,
  0,
  [_DT, _SV, _BV, _SLV, _BLV],
  [0, 0, 21, [() => StringList, { xmlFlattened: 1, xmlName: _SLVt }], [() => BinaryList, { xmlFlattened: 1, xmlName: _BLVi }]],
  1,
];
var MessageSystemAttributeValue$ = [
  3,
  n0,
  _MSAV,
  0,
  [_DT, _SV, _BV, _SLV, _BLV],
  [0, 0, 21, [() => StringList, { xmlFlattened: 1, xmlName: _SLVt }], [() => BinaryList, { xmlFlattened: 1, xmlName: _BLVi }]],
  1,
];
var MessageBodyAttributeMap = [2, n0, _MBAM, 0, [0, { xmlName: _N }], [() => MessageAttributeValue$, { xmlName: _V }]];
var MessageBodySystemAttributeMap = [2, n0, _MBSAM, 0, [0, { xmlName: _N }], [() => MessageSystemAttributeValue$, { xmlName: _V }]];
var SendMessageRequest$ = [
  3,
  n0,
  _SMR,
  0,
  [_QU, _MB, _DS, _MA, _MSA, _MDI, _MGI],
  [
    0,
    0,
    1,
    [() => MessageBodyAttributeMap, { xmlFlattened: 1, xmlName: _MAe }],
    [() => MessageBodySystemAttributeMap, { xmlFlattened: 1, xmlName: _MSAe }],
    0,
    0,
  ],
  2,
];
var SendMessageResult$ = [3, n0, _SMRe, 0, [_MDOMB, _MDOMA, _MDOMSA, _MI, _SN], [0, 0, 0, 0, 0]];
var SendMessageBatchRequestEntry$ = [
  3,
  n0,
  _SMBRE,
  0,
  [_I, _MB, _DS, _MA, _MSA, _MDI, _MGI],
  [
    0,
    0,
    1,
    [() => MessageBodyAttributeMap, { xmlFlattened: 1, xmlName: _MAe }],
    [() => MessageBodySystemAttributeMap, { xmlFlattened: 1, xmlName: _MSAe }],
    0,
    0,
  ],
  2,
];
var SendMessageBatchRequestEntryList = [1, n0, _SMBREL, 0, [() => SendMessageBatchRequestEntry$, 0]];
var SendMessageBatchRequest$ = [3, n0, _SMBR, 0, [_QU, _E], [0, [() => SendMessageBatchRequestEntryList, { xmlFlattened: 1, xmlName: _SMBRE }]], 2];
var SendMessageBatchResultEntry$ = [3, n0, _SMBREe, 0, [_I, _MI, _MDOMB, _MDOMA, _MDOMSA, _SN], [0, 0, 0, 0, 0, 0], 3];
var SendMessageBatchResultEntryList = [1, n0, _SMBRELe, 0, () => SendMessageBatchResultEntry$];
var BatchResultErrorEntry$ = [3, n0, _BREE, 0, [_I, _SF, _C, _M], [0, 2, 0, 0], 3];
var BatchResultErrorEntryList = [1, n0, _BREEL, 0, () => BatchResultErrorEntry$];
var SendMessageBatchResult$ = [
  3,
  n0,
  _SMBRe,
  0,
  [_S, _F],
  [
    [() => SendMessageBatchResultEntryList, { xmlFlattened: 1, xmlName: _SMBREe }],
    [() => BatchResultErrorEntryList, { xmlFlattened: 1, xmlName: _BREE }],
  ],
  2,
];
var ChangeMessageVisibilityRequest$ = [3, n0, _CMVR, 0, [_QU, _RH, _VT], [0, 0, 1], 3];
var SendMessage$ = [9, n0, _SM, 0, () => SendMessageRequest$, () => SendMessageResult$];
var SendMessageBatch$ = [9, n0, _SMB, 0, () => SendMessageBatchRequest$, () => SendMessageBatchResult$];
var ChangeMessageVisibility$ = [9, n0, _CMV, 0, () => ChangeMessageVisibilityRequest$, () => __Unit];
// The service's errors (their classes are built below, one per schema, instead of the package's models/errors.js).
var BatchEntryIdsNotDistinct$ = [
  -3,
  n0,
  _BEIND,
  { awsQueryError: [`AWS.SimpleQueueService.BatchEntryIdsNotDistinct`, 400], error: _c, httpError: 400 },
  [_m],
  [0],
];
var BatchRequestTooLong$ = [-3, n0, _BRTL, { awsQueryError: [`AWS.SimpleQueueService.BatchRequestTooLong`, 400], error: _c, httpError: 400 }, [_m], [0]];
var EmptyBatchRequest$ = [-3, n0, _EBR, { awsQueryError: [`AWS.SimpleQueueService.EmptyBatchRequest`, 400], error: _c, httpError: 400 }, [_m], [0]];
var InvalidAddress$ = [-3, n0, _IA, { awsQueryError: [`InvalidAddress`, 404], error: _c, httpError: 404 }, [_m], [0]];
var InvalidAttributeName$ = [-3, n0, _IAN, { error: _c }, [_m], [0]];
var InvalidAttributeValue$ = [-3, n0, _IAV, { error: _c }, [_m], [0]];
var InvalidBatchEntryId$ = [-3, n0, _IBEI, { awsQueryError: [`AWS.SimpleQueueService.InvalidBatchEntryId`, 400], error: _c, httpError: 400 }, [_m], [0]];
var InvalidIdFormat$ = [-3, n0, _IIF, { error: _c }, [], []];
var InvalidMessageContents$ = [-3, n0, _IMC, { error: _c }, [_m], [0]];
var InvalidSecurity$ = [-3, n0, _IS, { awsQueryError: [`InvalidSecurity`, 403], error: _c, httpError: 403 }, [_m], [0]];
var KmsAccessDenied$ = [-3, n0, _KAD, { awsQueryError: [`KMS.AccessDeniedException`, 400], error: _c, httpError: 400 }, [_m], [0]];
var KmsDisabled$ = [-3, n0, _KD, { awsQueryError: [`KMS.DisabledException`, 400], error: _c, httpError: 400 }, [_m], [0]];
var KmsInvalidKeyUsage$ = [-3, n0, _KIKU, { awsQueryError: [`KMS.InvalidKeyUsageException`, 400], error: _c, httpError: 400 }, [_m], [0]];
var KmsInvalidState$ = [-3, n0, _KIS, { awsQueryError: [`KMS.InvalidStateException`, 400], error: _c, httpError: 400 }, [_m], [0]];
var KmsNotFound$ = [-3, n0, _KNF, { awsQueryError: [`KMS.NotFoundException`, 400], error: _c, httpError: 400 }, [_m], [0]];
var KmsOptInRequired$ = [-3, n0, _KOIR, { awsQueryError: [`KMS.OptInRequired`, 403], error: _c, httpError: 403 }, [_m], [0]];
var KmsThrottled$ = [-3, n0, _KT, { awsQueryError: [`KMS.ThrottlingException`, 400], error: _c, httpError: 400 }, [_m], [0]];
var MessageNotInflight$ = [-3, n0, _MNI, { awsQueryError: [`AWS.SimpleQueueService.MessageNotInflight`, 400], error: _c, httpError: 400 }, [], []];
var OverLimit$ = [-3, n0, _OL, { awsQueryError: [`OverLimit`, 403], error: _c, httpError: 403 }, [_m], [0]];
var PurgeQueueInProgress$ = [-3, n0, _PQIP, { awsQueryError: [`AWS.SimpleQueueService.PurgeQueueInProgress`, 403], error: _c, httpError: 403 }, [_m], [0]];
var QueueDeletedRecently$ = [-3, n0, _QDR, { awsQueryError: [`AWS.SimpleQueueService.QueueDeletedRecently`, 400], error: _c, httpError: 400 }, [_m], [0]];
var QueueDoesNotExist$ = [-3, n0, _QDNE, { awsQueryError: [`AWS.SimpleQueueService.NonExistentQueue`, 400], error: _c, httpError: 400 }, [_m], [0]];
var QueueNameExists$ = [-3, n0, _QNE, { awsQueryError: [`QueueAlreadyExists`, 400], error: _c, httpError: 400 }, [_m], [0]];
var ReceiptHandleIsInvalid$ = [-3, n0, _RHII, { awsQueryError: [`ReceiptHandleIsInvalid`, 404], error: _c, httpError: 404 }, [_m], [0]];
var RequestThrottled$ = [-3, n0, _RT, { awsQueryError: [`RequestThrottled`, 403], error: _c, httpError: 403 }, [_m], [0]];
var ResourceNotFoundException$ = [-3, n0, _RNFE, { awsQueryError: [`ResourceNotFoundException`, 404], error: _c, httpError: 404 }, [_m], [0]];
var TooManyEntriesInBatchRequest$ = [
  -3,
  n0,
  _TMEIBR,
  { awsQueryError: [`AWS.SimpleQueueService.TooManyEntriesInBatchRequest`, 400], error: _c, httpError: 400 },
  [_m],
  [0],
];
var UnsupportedOperation$ = [-3, n0, _UO, { awsQueryError: [`AWS.SimpleQueueService.UnsupportedOperation`, 400], error: _c, httpError: 400 }, [_m], [0]];
// --- End of the copy. ---

// The service's errors by schema, so an error is named as the package names it (SQS answers a query-compatible code,
// AWS.SimpleQueueService.NonExistentQueue, that the schema's awsQueryError maps to QueueDoesNotExist). One small class
// per schema stands for the package's generated ones: same name, fault, shapeId and base class.
const SQSServiceException$ = [-3, _s, 'SQSServiceException', 0, [], []];
const ERRORS = [
  BatchEntryIdsNotDistinct$,
  BatchRequestTooLong$,
  EmptyBatchRequest$,
  InvalidAddress$,
  InvalidAttributeName$,
  InvalidAttributeValue$,
  InvalidBatchEntryId$,
  InvalidIdFormat$,
  InvalidMessageContents$,
  InvalidSecurity$,
  KmsAccessDenied$,
  KmsDisabled$,
  KmsInvalidKeyUsage$,
  KmsInvalidState$,
  KmsNotFound$,
  KmsOptInRequired$,
  KmsThrottled$,
  MessageNotInflight$,
  OverLimit$,
  PurgeQueueInProgress$,
  QueueDeletedRecently$,
  QueueDoesNotExist$,
  QueueNameExists$,
  ReceiptHandleIsInvalid$,
  RequestThrottled$,
  ResourceNotFoundException$,
  TooManyEntriesInBatchRequest$,
  UnsupportedOperation$,
];
function namedError(schema) {
  const [, , name, traits] = schema;
  return class extends SQSServiceException {
    constructor(opts) {
      super({ name, $fault: traits.error, ...opts });
      this.name = name;
      this.$fault = traits.error;
      Object.setPrototypeOf(this, new.target.prototype);
    }
  };
}
const baseErrors = /* @__PURE__ */ (() => {
  const registry = new TypeRegistry(_s);
  registry.registerError(SQSServiceException$, SQSServiceException);
  return registry;
})();
const serviceErrors = /* @__PURE__ */ (() => {
  const registry = new TypeRegistry(n0);
  for (const schema of ERRORS) registry.registerError(schema, namedError(schema));
  return registry;
})();

/** runtimeConfig.shared.js of the package, with the trimmed error registry. */
function sharedRuntimeConfig(config) {
  return {
    apiVersion: '2012-11-05',
    base64Decoder: config?.base64Decoder ?? fromBase64,
    base64Encoder: config?.base64Encoder ?? toBase64,
    disableHostPrefix: config?.disableHostPrefix ?? false,
    endpointProvider: config?.endpointProvider ?? defaultEndpointResolver,
    extensions: config?.extensions ?? [],
    httpAuthSchemeProvider: config?.httpAuthSchemeProvider ?? defaultSQSHttpAuthSchemeProvider,
    httpAuthSchemes: config?.httpAuthSchemes ?? [
      { schemeId: 'aws.auth#sigv4', identityProvider: (ipc) => ipc.getIdentityProvider('aws.auth#sigv4'), signer: new AwsSdkSigV4Signer() },
    ],
    logger: config?.logger ?? new NoOpLogger(),
    md5: config?.md5 ?? Md5,
    protocol: config?.protocol ?? AwsJson1_0Protocol,
    protocolSettings: config?.protocolSettings ?? {
      defaultNamespace: n0,
      errorTypeRegistries: [baseErrors, serviceErrors],
      version: '2012-11-05',
      serviceTarget: 'AmazonSQS',
      awsQueryCompatible: true,
    },
    serviceId: config?.serviceId ?? 'SQS',
    sha256: config?.sha256 ?? Sha256,
    urlParser: config?.urlParser ?? parseUrl,
    utf8Decoder: config?.utf8Decoder ?? fromUtf8,
    utf8Encoder: config?.utf8Encoder ?? toUtf8,
  };
}

/** SQSClient.js of the package. */
export class SQSClient extends Client {
  config;
  constructor(...[configuration]) {
    const config0 = nodeRuntimeConfig(configuration || {}, sharedRuntimeConfig, { clientVersion: version, socketTimeoutMs: 900_000 });
    super(config0);
    this.initConfig = config0;
    const config1 = resolveHttpAuthSchemeConfig(
      resolveQueueUrlConfig(
        resolveEndpointConfig(
          resolveHostHeaderConfig(resolveRegionConfig(resolveRetryConfig(resolveUserAgentConfig(resolveClientEndpointParameters(config0))))),
        ),
      ),
    );
    this.config = resolveRuntimeExtensions(config1, configuration?.extensions || []);
    this.middlewareStack.use(getSchemaSerdePlugin(this.config));
    this.middlewareStack.use(getUserAgentPlugin(this.config));
    this.middlewareStack.use(getRetryPlugin(this.config));
    this.middlewareStack.use(getContentLengthPlugin(this.config));
    this.middlewareStack.use(getHostHeaderPlugin(this.config));
    this.middlewareStack.use(getLoggerPlugin(this.config));
    this.middlewareStack.use(getRecursionDetectionPlugin(this.config));
    this.middlewareStack.use(getQueueUrlPlugin(this.config));
    this.middlewareStack.use(
      getHttpAuthSchemeEndpointRuleSetPlugin(this.config, {
        httpAuthSchemeParametersProvider: defaultSQSHttpAuthSchemeParametersProvider,
        identityProviderConfigProvider: async (config) => new DefaultIdentityProviderConfig({ 'aws.auth#sigv4': config.credentials }),
      }),
    );
    this.middlewareStack.use(getHttpSigningPlugin(this.config));
  }
  destroy() {
    super.destroy();
  }
}

// commandBuilder.js and the three command modules of the package.
const command = /* @__PURE__ */ makeBuilder(commonParams, 'AmazonSQS', 'SQSClient', getEndpointPlugin);
export const SendMessageCommand = /* @__PURE__ */ (() =>
  class SendMessageCommand extends command({}, (_Command, _cs, config) => [getSendMessagePlugin(config)], 'SendMessage', SendMessage$) {})();
export const SendMessageBatchCommand = /* @__PURE__ */ (() =>
  class SendMessageBatchCommand extends command(
    {},
    (_Command, _cs, config) => [getSendMessageBatchPlugin(config)],
    'SendMessageBatch',
    SendMessageBatch$,
  ) {})();
export const ChangeMessageVisibilityCommand = /* @__PURE__ */ (() =>
  class ChangeMessageVisibilityCommand extends command({}, () => [], 'ChangeMessageVisibility', ChangeMessageVisibility$) {})();
