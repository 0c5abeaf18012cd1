// Stands in for @aws-sdk/client-dynamodb in the Lambda bundles (alias in infra/lambda-bundling.json): the same
// DynamoDBClient (config resolution, account-id endpoints, endpoint discovery, retries, SigV4, the DynamoDB JSON codec)
// and the commands that @aws-sdk/lib-dynamodb and lambdas/store send. The package's commands import its schema module,
// whose top level registers ~35 generated exception classes and every operation's schema (~13 KB of bundle, kept
// whatever is tree-shaken). Here the schemas of those commands and of the service's errors are copied verbatim from it
// (schemas/schemas_0.js of the pinned version: the commands' closure of references, trait keys written
// out so unused ones are dropped) and each error is a small class with the package's name, fault and shapeId. A
// command this file lacks fails the build, not a request. Unbundled code (tests, npm start) imports the real package.
// Tested as bundled against dynalite: tests/infra/bundle-size.test.ts (the commands, an error by name, a handler).
import { NODE_ACCOUNT_ID_ENDPOINT_MODE_CONFIG_OPTIONS, resolveAccountIdEndpointModeConfig } from '@aws-sdk/core/account-id-endpoint';
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
import { DynamoDBJsonCodec2 } from '@aws-sdk/dynamodb-codec';
import { DefaultIdentityProviderConfig, getHttpAuthSchemeEndpointRuleSetPlugin, getHttpSigningPlugin } from '@smithy/core';
import { Sha256 } from '@smithy/core/checksum';
import { Client, NoOpLogger } from '@smithy/core/client';
import { loadConfig as loadNodeConfig, resolveRegionConfig } from '@smithy/core/config';
import { resolveEndpointConfig } from '@smithy/core/endpoints';
import { getContentLengthPlugin, parseUrl } from '@smithy/core/protocols';
import { getRetryPlugin, NODE_MAX_ATTEMPT_CONFIG_OPTIONS, Retry } from '@smithy/core/retry';
import { getSchemaSerdePlugin, TypeRegistry } from '@smithy/core/schema';
import { fromBase64, fromUtf8, toBase64, toUtf8 } from '@smithy/core/serde';
// The package's own modules that do not touch its schema module (relative: the alias covers the package name).
import { version } from '../../node_modules/@aws-sdk/client-dynamodb/package.json';
import {
  defaultDynamoDBHttpAuthSchemeParametersProvider,
  defaultDynamoDBHttpAuthSchemeProvider,
  resolveHttpAuthSchemeConfig,
} from '../../node_modules/@aws-sdk/client-dynamodb/dist-es/auth/httpAuthSchemeProvider.js';
import { _ep0, _ep1, _ep3, _ep7, _ep9, _ep12, _ep13, _ep14, _mw0, command } from '../../node_modules/@aws-sdk/client-dynamodb/dist-es/commandBuilder.js';
import { resolveClientEndpointParameters } from '../../node_modules/@aws-sdk/client-dynamodb/dist-es/endpoint/EndpointParameters.js';
import { defaultEndpointResolver } from '../../node_modules/@aws-sdk/client-dynamodb/dist-es/endpoint/endpointResolver.js';
import { DynamoDBServiceException } from '../../node_modules/@aws-sdk/client-dynamodb/dist-es/models/DynamoDBServiceException.js';
import { resolveRuntimeExtensions } from '../../node_modules/@aws-sdk/client-dynamodb/dist-es/runtimeExtensions.js';
import { nodeRuntimeConfig, resolveRetryConfig } from './aws-client-config.mjs';

export { DynamoDBServiceException };

// --- Copied from the package's schemas/schemas_0.js: the names used, then the schemas of the commands below and of
// the service's errors, with what they reference. ---
const _A = 'Action';
const _ABA = 'ArchivalBackupArn';
const _AD = 'AttributeDefinition';
const _ADT = 'ArchivalDateTime';
const _ADt = 'AttributeDefinitions';
const _AM = 'AttributeMap';
const _AN = 'AttributeName';
const _AR = 'ArchivalReason';
const _AS = 'ArchivalSummary';
const _AT = 'AttributeType';
const _ATG = 'AttributesToGet';
const _AU = 'AttributeUpdates';
const _AV = 'AttributeValue';
const _AVL = 'AttributeValueList';
const _AVU = 'AttributeValueUpdate';
const _Ad = 'Address';
const _At = 'Attributes';
const _B = 'Backfilling';
const _BES = 'BatchExecuteStatement';
const _BESI = 'BatchExecuteStatementInput';
const _BESO = 'BatchExecuteStatementOutput';
const _BGI = 'BatchGetItem';
const _BGII = 'BatchGetItemInput';
const _BGIO = 'BatchGetItemOutput';
const _BGRM = 'BatchGetResponseMap';
const _BGRMa = 'BatchGetRequestMap';
const _BIUE = 'BackupInUseException';
const _BM = 'BillingMode';
const _BMS = 'BillingModeSummary';
const _BNFE = 'BackupNotFoundException';
const _BOOL = 'BOOL';
const _BSBi = 'BilledSizeBytes';
const _BSE = 'BatchStatementError';
const _BSR = 'BatchStatementRequest';
const _BSRa = 'BatchStatementResponse';
const _BS_ = 'BS';
const _BWI = 'BatchWriteItem';
const _BWII = 'BatchWriteItemInput';
const _BWIO = 'BatchWriteItemOutput';
const _BWIRM = 'BatchWriteItemRequestMap';
const _B_ = 'B';
const _C = 'Code';
const _CBUE = 'ContinuousBackupsUnavailableException';
const _CC = 'ConsumedCapacity';
const _CCFE = 'ConditionalCheckFailedException';
const _CCM = 'ConsumedCapacityMultiple';
const _CCo = 'ConditionCheck';
const _CDT = 'CreationDateTime';
const _CE = 'ConditionExpression';
const _CO = 'ComparisonOperator';
const _COo = 'ConditionalOperator';
const _CPIM = 'CachePeriodInMinutes';
const _CR = 'CancellationReasons';
const _CRL = 'CancellationReasonList';
const _CRT = 'ClientRequestToken';
const _CRa = 'CancellationReason';
const _CRo = 'ConsistentRead';
const _CT = 'ClientToken';
const _CTI = 'CreateTableInput';
const _CTO = 'CreateTableOutput';
const _CTr = 'CreateTable';
const _CU = 'CapacityUnits';
const _Ca = 'Capacity';
const _Co = 'Condition';
const _Cou = 'Count';
const _D = 'Dimensions';
const _DE = 'DescribeEndpoints';
const _DEI = 'DescribeExportInput';
const _DEO = 'DescribeExportOutput';
const _DER = 'DescribeEndpointsRequest';
const _DERe = 'DescribeEndpointsResponse';
const _DEe = 'DescribeExport';
const _DF = 'DistanceFunction';
const _DI = 'DeleteItem';
const _DIE = 'DuplicateItemException';
const _DII = 'DeleteItemInput';
const _DIO = 'DeleteItemOutput';
const _DPE = 'DeletionProtectionEnabled';
const _DPEi = 'DisassociationProtectionEnabled';
const _DR = 'DeleteRequest';
const _DTIe = 'DescribeTableInput';
const _DTOe = 'DescribeTableOutput';
const _DTe = 'DescribeTable';
const _Del = 'Delete';
const _E = 'Error';
const _EA = 'ExportArn';
const _EAM = 'ExpectedAttributeMap';
const _EAN = 'ExpressionAttributeNames';
const _EAV = 'ExpressionAttributeValues';
const _EAVM = 'ExpressionAttributeValueMap';
const _EAVx = 'ExpectedAttributeValue';
const _ECE = 'ExportConflictException';
const _ED = 'ExportDescription';
const _EF = 'ExportFormat';
const _EFT = 'ExportFromTime';
const _EM = 'ExportManifest';
const _ENFE = 'ExportNotFoundException';
const _ES = 'ExportStatus';
const _ESI = 'ExecuteStatementInput';
const _ESK = 'ExclusiveStartKey';
const _ESO = 'ExecuteStatementOutput';
const _ESxe = 'ExecuteStatement';
const _ET = 'EndTime';
const _ETI = 'ExecuteTransactionInput';
const _ETO = 'ExecuteTransactionOutput';
const _ETT = 'ExportToTime';
const _ETTPIT = 'ExportTableToPointInTime';
const _ETTPITI = 'ExportTableToPointInTimeInput';
const _ETTPITO = 'ExportTableToPointInTimeOutput';
const _ETx = 'ExportTime';
const _ETxe = 'ExecuteTransaction';
const _ETxp = 'ExportType';
const _EVT = 'ExportViewType';
const _En = 'Endpoints';
const _Ena = 'Enabled';
const _End = 'Endpoint';
const _Ex = 'Expected';
const _Exi = 'Exists';
const _FC = 'FailureCode';
const _FCM = 'FilterConditionMap';
const _FEi = 'FilterExpression';
const _FM = 'FailureMessage';
const _FS = 'FilterSpecification';
const _G = 'Get';
const _GI = 'GetItem';
const _GII = 'GetItemInput';
const _GIO = 'GetItemOutput';
const _GSI = 'GlobalSecondaryIndexes';
const _GSID = 'GlobalSecondaryIndexDescription';
const _GSIDL = 'GlobalSecondaryIndexDescriptionList';
const _GSIL = 'GlobalSecondaryIndexList';
const _GSIWTD = 'GlobalSecondaryIndexWarmThroughputDescription';
const _GSIl = 'GlobalSecondaryIndex';
const _GTAEE = 'GlobalTableAlreadyExistsException';
const _GTNFE = 'GlobalTableNotFoundException';
const _GTSA = 'GlobalTableSourceArn';
const _GTSRM = 'GlobalTableSettingsReplicationMode';
const _GTV = 'GlobalTableVersion';
const _GTW = 'GlobalTableWitnesses';
const _GTWD = 'GlobalTableWitnessDescription';
const _GTWDL = 'GlobalTableWitnessDescriptionList';
const _I = 'Item';
const _IAn = 'IndexArn';
const _IC = 'ItemCount';
const _ICE = 'ImportConflictException';
const _ICK = 'ItemCollectionKey';
const _ICKAM = 'ItemCollectionKeyAttributeMap';
const _ICM = 'ItemCollectionMetrics';
const _ICMM = 'ItemCollectionMetricsMultiple';
const _ICMPT = 'ItemCollectionMetricsPerTable';
const _ICSLEE = 'ItemCollectionSizeLimitExceededException';
const _IEDT = 'InaccessibleEncryptionDateTime';
const _IEE = 'InvalidEndpointException';
const _IES = 'IncrementalExportSpecification';
const _IETE = 'InvalidExportTimeException';
const _IL = 'ItemList';
const _IN = 'IndexName';
const _INFE = 'ImportNotFoundException';
const _INFEn = 'IndexNotFoundException';
const _IPME = 'IdempotentParameterMismatchException';
const _IR = 'ItemResponse';
const _IRL = 'ItemResponseList';
const _IRTE = 'InvalidRestoreTimeException';
const _IS = 'IndexStatus';
const _ISB = 'IndexSizeBytes';
const _ISE = 'InternalServerError';
const _It = 'Items';
const _K = 'Key';
const _KAA = 'KeysAndAttributes';
const _KC = 'KeyConditions';
const _KCE = 'KeyConditionExpression';
const _KL = 'KeyList';
const _KMSMKA = 'KMSMasterKeyArn';
const _KMSMKI = 'KMSMasterKeyId';
const _KS = 'KeySchema';
const _KSE = 'KeySchemaElement';
const _KT = 'KeyType';
const _Ke = 'Keys';
const _L = 'Limit';
const _LAV = 'ListAttributeValue';
const _LDDT = 'LastDecreaseDateTime';
const _LEE = 'LimitExceededException';
const _LEK = 'LastEvaluatedKey';
const _LIDT = 'LastIncreaseDateTime';
const _LSA = 'LatestStreamArn';
const _LSI = 'LocalSecondaryIndexes';
const _LSID = 'LocalSecondaryIndexDescription';
const _LSIDL = 'LocalSecondaryIndexDescriptionList';
const _LSIL = 'LocalSecondaryIndexList';
const _LSIo = 'LocalSecondaryIndex';
const _LSL = 'LatestStreamLabel';
const _LUDT = 'LastUpdateDateTime';
const _LUTPPRDT = 'LastUpdateToPayPerRequestDateTime';
const _L_ = 'L';
const _M = 'Message';
const _MAV = 'MapAttributeValue';
const _MRC = 'MultiRegionConsistency';
const _MRRU = 'MaxReadRequestUnits';
const _MWRU = 'MaxWriteRequestUnits';
const _M_ = 'M';
const _N = 'N';
const _NKA = 'NonKeyAttributes';
const _NODT = 'NumberOfDecreasesToday';
const _NS = 'NS';
const _NT = 'NextToken';
const _NULL = 'NULL';
const _ODT = 'OnDemandThroughput';
const _ODTO = 'OnDemandThroughputOverride';
const _P = 'Parameters';
const _PE = 'ProjectionExpression';
const _PI = 'PutItem';
const _PII = 'PutItemInput';
const _PIIAM = 'PutItemInputAttributeMap';
const _PIO = 'PutItemOutput';
const _PITRUE = 'PointInTimeRecoveryUnavailableException';
const _PNFE = 'PolicyNotFoundException';
const _PQLBR = 'PartiQLBatchRequest';
const _PQLBRa = 'PartiQLBatchResponse';
const _PR = 'PutRequest';
const _PSP = 'PreparedStatementParameters';
const _PSa = 'ParameterizedStatement';
const _PSar = 'ParameterizedStatements';
const _PTD = 'ProvisionedThroughputDescription';
const _PTEE = 'ProvisionedThroughputExceededException';
const _PTO = 'ProvisionedThroughputOverride';
const _PTr = 'ProvisionedThroughput';
const _PTro = 'ProjectionType';
const _Pr = 'Projection';
const _Pu = 'Put';
const _Q = 'Query';
const _QF = 'QueryFilter';
const _QI = 'QueryInput';
const _QO = 'QueryOutput';
const _R = 'Responses';
const _RAEE = 'ReplicaAlreadyExistsException';
const _RAe = 'ReplicaArn';
const _RCC = 'ReturnConsumedCapacity';
const _RCU = 'ReadCapacityUnits';
const _RD = 'ReplicaDescription';
const _RDL = 'ReplicaDescriptionList';
const _RDT = 'RestoreDateTime';
const _RGSID = 'ReplicaGlobalSecondaryIndexDescription';
const _RGSIDL = 'ReplicaGlobalSecondaryIndexDescriptionList';
const _RI = 'RequestItems';
const _RICM = 'ReturnItemCollectionMetrics';
const _RIDT = 'ReplicaInaccessibleDateTime';
const _RIP = 'RestoreInProgress';
const _RIUE = 'ResourceInUseException';
const _RLE = 'RequestLimitExceeded';
const _RN = 'RegionName';
const _RNFE = 'ReplicaNotFoundException';
const _RNFEe = 'ResourceNotFoundException';
const _RP = 'ResourcePolicy';
const _RSD = 'ReplicaStatusDescription';
const _RSPP = 'ReplicaStatusPercentProgress';
const _RSe = 'ReplicaStatus';
const _RSes = 'RestoreSummary';
const _RTCS = 'ReplicaTableClassSummary';
const _RUPS = 'ReadUnitsPerSecond';
const _RV = 'ReturnValues';
const _RVOCCF = 'ReturnValuesOnConditionCheckFailure';
const _RWCE = 'ReplicatedWriteConflictException';
const _Rep = 'Replicas';
const _S = 'Statements';
const _SB = 'S3Bucket';
const _SBA = 'SourceBackupArn';
const _SBO = 'S3BucketOwner';
const _SC = 'ScannedCount';
const _SCE = 'SearchConditionExpression';
const _SE = 'StreamEnabled';
const _SERGB = 'SizeEstimateRangeGB';
const _SF = 'ScanFilter';
const _SI = 'ScanInput';
const _SICM = 'SecondaryIndexesCapacityMap';
const _SIF = 'ScanIndexForward';
const _SO = 'ScanOutput';
const _SPr = 'S3Prefix';
const _SR = 'SearchResults';
const _SRI = 'SearchResultItem';
const _SRL = 'SearchResultList';
const _SS = 'StreamSpecification';
const _SSA = 'S3SseAlgorithm';
const _SSE = 'SearchSchemaElement';
const _SSED = 'SSEDescription';
const _SSES = 'SSESpecification';
const _SSET = 'SearchSchemaElementType';
const _SSETy = 'SSEType';
const _SSKKI = 'S3SseKmsKeyId';
const _SS_ = 'SS';
const _SSe = 'SearchSchema';
const _ST = 'StartTime';
const _STA = 'SourceTableArn';
const _SV = 'SearchVector';
const _SVI = 'SearchVectorsInput';
const _SVL = 'SearchVectorList';
const _SVO = 'SearchVectorsOutput';
const _SVT = 'StreamViewType';
const _SVe = 'SearchVectors';
const _S_ = 'S';
const _Sc = 'Score';
const _Sca = 'Scan';
const _Se = 'Select';
const _Seg = 'Segment';
const _St = 'Statement';
const _Sta = 'Status';
const _T = 'Table';
const _TA = 'TableArn';
const _TAEE = 'TableAlreadyExistsException';
const _TC = 'TableClass';
const _TCE = 'TransactionCanceledException';
const _TCEr = 'TransactionConflictException';
const _TCS = 'TableClassSummary';
const _TDa = 'TableDescription';
const _TE = 'ThrottlingException';
const _TGI = 'TransactGetItem';
const _TGII = 'TransactGetItemsInput';
const _TGIL = 'TransactGetItemList';
const _TGIO = 'TransactGetItemsOutput';
const _TGIr = 'TransactGetItems';
const _TI = 'TableId';
const _TIPE = 'TransactionInProgressException';
const _TIUE = 'TableInUseException';
const _TIr = 'TransactItems';
const _TK = 'TopK';
const _TL = 'TagList';
const _TN = 'TableName';
const _TNFE = 'TableNotFoundException';
const _TR = 'ThrottlingReasons';
const _TRL = 'ThrottlingReasonList';
const _TRh = 'ThrottlingReason';
const _TS = 'TransactStatements';
const _TSB = 'TableSizeBytes';
const _TSa = 'TableStatus';
const _TSo = 'TotalSegments';
const _TWI = 'TransactWriteItem';
const _TWII = 'TransactWriteItemsInput';
const _TWIL = 'TransactWriteItemList';
const _TWIO = 'TransactWriteItemsOutput';
const _TWIr = 'TransactWriteItems';
const _TWTD = 'TableWarmThroughputDescription';
const _Ta = 'Tags';
const _Tag = 'Tag';
const _U = 'Update';
const _UE = 'UpdateExpression';
const _UI = 'UnprocessedItems';
const _UII = 'UpdateItemInput';
const _UIO = 'UpdateItemOutput';
const _UIp = 'UpdateItem';
const _UK = 'UnprocessedKeys';
const _V = 'Value';
const _VA = 'VectorAttribute';
const _VAD = 'VectorAttributeDefinition';
const _VC = 'VectorCapacity';
const _VI = 'VectorIndexes';
const _VICM = 'VectorIndexesCapacityMap';
const _VID = 'VectorIndexDescription';
const _VIDL = 'VectorIndexDescriptionList';
const _VIL = 'VectorIndexList';
const _VIe = 'VectorIndex';
const _VSRB = 'VectorSearchRequestBytes';
const _VWRB = 'VectorWriteRequestBytes';
const _WCU = 'WriteCapacityUnits';
const _WR = 'WriteRequest';
const _WRr = 'WriteRequests';
const _WS = 'WitnessStatus';
const _WT = 'WarmThroughput';
const _WUPS = 'WriteUnitsPerSecond';
const _c = 'client';
const _m = 'message';
const _r = 'reason';
const _re = 'resource';
const _se = 'server';
const _tR = 'throttlingReasons';
const n0 = 'com.amazonaws.dynamodb';
var BackupInUseException$ = [-3, n0, _BIUE, { error: _c }, [_m], [0]];
var BackupNotFoundException$ = [-3, n0, _BNFE, { error: _c }, [_m], [0]];
var ConditionalCheckFailedException$ = [-3, n0, _CCFE, { error: _c }, [_m, _I], [0, () => AttributeMap]];
var ContinuousBackupsUnavailableException$ = [-3, n0, _CBUE, { error: _c }, [_m], [0]];
var DuplicateItemException$ = [-3, n0, _DIE, { error: _c }, [_m], [0]];
var ExportConflictException$ = [-3, n0, _ECE, { error: _c }, [_m], [0]];
var ExportNotFoundException$ = [-3, n0, _ENFE, { error: _c }, [_m], [0]];
var GlobalTableAlreadyExistsException$ = [-3, n0, _GTAEE, { error: _c }, [_m], [0]];
var GlobalTableNotFoundException$ = [-3, n0, _GTNFE, { error: _c }, [_m], [0]];
var IdempotentParameterMismatchException$ = [-3, n0, _IPME, { error: _c }, [_M], [0]];
var ImportConflictException$ = [-3, n0, _ICE, { error: _c }, [_m], [0]];
var ImportNotFoundException$ = [-3, n0, _INFE, { error: _c }, [_m], [0]];
var IndexNotFoundException$ = [-3, n0, _INFEn, { error: _c }, [_m], [0]];
var InternalServerError$ = [-3, n0, _ISE, { error: _se }, [_m], [0]];
var InvalidEndpointException$ = [-3, n0, _IEE, { error: _c, httpError: 421 }, [_M], [0]];
var InvalidExportTimeException$ = [-3, n0, _IETE, { error: _c }, [_m], [0]];
var InvalidRestoreTimeException$ = [-3, n0, _IRTE, { error: _c }, [_m], [0]];
var ItemCollectionSizeLimitExceededException$ = [-3, n0, _ICSLEE, { error: _c }, [_m], [0]];
var LimitExceededException$ = [-3, n0, _LEE, { error: _c }, [_m], [0]];
var PointInTimeRecoveryUnavailableException$ = [-3, n0, _PITRUE, { error: _c }, [_m], [0]];
var PolicyNotFoundException$ = [-3, n0, _PNFE, { error: _c }, [_m], [0]];
var ProvisionedThroughputExceededException$ = [-3, n0, _PTEE, { error: _c }, [_m, _TR], [0, () => ThrottlingReasonList]];
var ReplicaAlreadyExistsException$ = [-3, n0, _RAEE, { error: _c }, [_m], [0]];
var ReplicaNotFoundException$ = [-3, n0, _RNFE, { error: _c }, [_m], [0]];
var ReplicatedWriteConflictException$ = [-3, n0, _RWCE, { error: _c }, [_m], [0]];
var RequestLimitExceeded$ = [-3, n0, _RLE, { error: _c }, [_m, _TR], [0, () => ThrottlingReasonList]];
var ResourceInUseException$ = [-3, n0, _RIUE, { error: _c }, [_m], [0]];
var ResourceNotFoundException$ = [-3, n0, _RNFEe, { error: _c }, [_m], [0]];
var TableAlreadyExistsException$ = [-3, n0, _TAEE, { error: _c }, [_m], [0]];
var TableInUseException$ = [-3, n0, _TIUE, { error: _c }, [_m], [0]];
var TableNotFoundException$ = [-3, n0, _TNFE, { error: _c }, [_m], [0]];
var ThrottlingException$ = [-3, n0, _TE, { awsQueryError: [`Throttling`, 400], error: _c, httpError: 400 }, [_m, _tR], [0, () => ThrottlingReasonList]];
var TransactionCanceledException$ = [-3, n0, _TCE, { error: _c }, [_M, _CR], [0, () => CancellationReasonList]];
var TransactionConflictException$ = [-3, n0, _TCEr, { error: _c }, [_m], [0]];
var TransactionInProgressException$ = [-3, n0, _TIPE, { error: _c }, [_M], [0]];
var ArchivalSummary$ = [3, n0, _AS, 0, [_ADT, _AR, _ABA], [4, 0, 0]];
var AttributeDefinition$ = [3, n0, _AD, 0, [_AN, _AT], [0, 0], 2];
var AttributeValueUpdate$ = [3, n0, _AVU, 0, [_V, _A], [() => AttributeValue$, 0]];
var BatchExecuteStatementInput$ = [3, n0, _BESI, 0, [_S, _RCC], [() => PartiQLBatchRequest, 0], 1];
var BatchExecuteStatementOutput$ = [3, n0, _BESO, 0, [_R, _CC], [() => PartiQLBatchResponse, () => ConsumedCapacityMultiple]];
var BatchGetItemInput$ = [3, n0, _BGII, 0, [_RI, _RCC], [() => BatchGetRequestMap, 0], 1];
var BatchGetItemOutput$ = [3, n0, _BGIO, 0, [_R, _UK, _CC], [() => BatchGetResponseMap, () => BatchGetRequestMap, () => ConsumedCapacityMultiple]];
var BatchStatementError$ = [3, n0, _BSE, 0, [_C, _M, _I], [0, 0, () => AttributeMap]];
var BatchStatementRequest$ = [3, n0, _BSR, 0, [_St, _P, _CRo, _RVOCCF], [0, () => PreparedStatementParameters, 2, 0], 1];
var BatchStatementResponse$ = [3, n0, _BSRa, 0, [_E, _TN, _I], [() => BatchStatementError$, 0, () => AttributeMap]];
var BatchWriteItemInput$ = [3, n0, _BWII, 0, [_RI, _RCC, _RICM], [() => BatchWriteItemRequestMap, 0, 0], 1];
var BatchWriteItemOutput$ = [
  3,
  n0,
  _BWIO,
  0,
  [_UI, _ICM, _CC],
  [() => BatchWriteItemRequestMap, () => ItemCollectionMetricsPerTable, () => ConsumedCapacityMultiple],
];
var BillingModeSummary$ = [3, n0, _BMS, 0, [_BM, _LUTPPRDT], [0, 4]];
var CancellationReason$ = [3, n0, _CRa, 0, [_I, _C, _M], [() => AttributeMap, 0, 0]];
var Capacity$ = [3, n0, _Ca, 0, [_RCU, _WCU, _CU], [1, 1, 1]];
var Condition$ = [3, n0, _Co, 0, [_CO, _AVL], [0, () => AttributeValueList], 1];
var ConditionCheck$ = [3, n0, _CCo, 0, [_K, _TN, _CE, _EAN, _EAV, _RVOCCF], [() => Key, 0, 0, 128 | 0, () => ExpressionAttributeValueMap, 0], 3];
var ConsumedCapacity$ = [
  3,
  n0,
  _CC,
  0,
  [_TN, _CU, _RCU, _WCU, _T, _LSI, _GSI, _VI],
  [0, 1, 1, 1, () => Capacity$, () => SecondaryIndexesCapacityMap, () => SecondaryIndexesCapacityMap, () => VectorIndexesCapacityMap],
];
var CreateTableInput$ = [
  3,
  n0,
  _CTI,
  0,
  [_TN, _ADt, _KS, _LSI, _GSI, _BM, _PTr, _SS, _SSES, _Ta, _TC, _DPE, _WT, _RP, _ODT, _GTSA, _GTSRM, _VI],
  [
    0,
    () => AttributeDefinitions,
    () => KeySchema,
    () => LocalSecondaryIndexList,
    () => GlobalSecondaryIndexList,
    0,
    () => ProvisionedThroughput$,
    () => StreamSpecification$,
    () => SSESpecification$,
    () => TagList,
    0,
    2,
    () => WarmThroughput$,
    0,
    () => OnDemandThroughput$,
    0,
    0,
    () => VectorIndexList,
  ],
  1,
];
var CreateTableOutput$ = [3, n0, _CTO, 0, [_TDa], [() => TableDescription$]];
var Delete$ = [3, n0, _Del, 0, [_K, _TN, _CE, _EAN, _EAV, _RVOCCF], [() => Key, 0, 0, 128 | 0, () => ExpressionAttributeValueMap, 0], 2];
var DeleteItemInput$ = [
  3,
  n0,
  _DII,
  0,
  [_TN, _K, _Ex, _COo, _RV, _RCC, _RICM, _CE, _EAN, _EAV, _RVOCCF],
  [0, () => Key, () => ExpectedAttributeMap, 0, 0, 0, 0, 0, 128 | 0, () => ExpressionAttributeValueMap, 0],
  2,
];
var DeleteItemOutput$ = [3, n0, _DIO, 0, [_At, _CC, _ICM], [() => AttributeMap, () => ConsumedCapacity$, () => ItemCollectionMetrics$]];
var DeleteRequest$ = [3, n0, _DR, 0, [_K], [() => Key], 1];
var DescribeEndpointsRequest$ = [3, n0, _DER, 0, [], []];
var DescribeEndpointsResponse$ = [3, n0, _DERe, 0, [_En], [() => Endpoints], 1];
var DescribeExportInput$ = [3, n0, _DEI, 0, [_EA], [0], 1];
var DescribeExportOutput$ = [3, n0, _DEO, 0, [_ED], [() => ExportDescription$]];
var DescribeTableInput$ = [3, n0, _DTIe, 0, [_TN], [0], 1];
var DescribeTableOutput$ = [3, n0, _DTOe, 0, [_T], [() => TableDescription$]];
var Endpoint$ = [3, n0, _End, 0, [_Ad, _CPIM], [0, 1], 2];
var ExecuteStatementInput$ = [3, n0, _ESI, 0, [_St, _P, _CRo, _NT, _RCC, _L, _RVOCCF], [0, () => PreparedStatementParameters, 2, 0, 0, 1, 0], 1];
var ExecuteStatementOutput$ = [3, n0, _ESO, 0, [_It, _NT, _CC, _LEK], [() => ItemList, 0, () => ConsumedCapacity$, () => Key]];
var ExecuteTransactionInput$ = [3, n0, _ETI, 0, [_TS, _CRT, _RCC], [() => ParameterizedStatements, [0, 4], 0], 1];
var ExecuteTransactionOutput$ = [3, n0, _ETO, 0, [_R, _CC], [() => ItemResponseList, () => ConsumedCapacityMultiple]];
var ExpectedAttributeValue$ = [3, n0, _EAVx, 0, [_V, _Exi, _CO, _AVL], [() => AttributeValue$, 2, 0, () => AttributeValueList]];
var ExportDescription$ = [
  3,
  n0,
  _ED,
  0,
  [_EA, _ES, _ST, _ET, _EM, _TA, _TI, _ETx, _CT, _SB, _SBO, _SPr, _SSA, _SSKKI, _FC, _FM, _EF, _BSBi, _IC, _ETxp, _IES, _FS],
  [0, 0, 4, 4, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, () => IncrementalExportSpecification$, () => FilterSpecification$],
];
var ExportTableToPointInTimeInput$ = [
  3,
  n0,
  _ETTPITI,
  0,
  [_TA, _SB, _ETx, _CT, _SBO, _SPr, _SSA, _SSKKI, _EF, _ETxp, _IES, _FS],
  [0, 0, 4, [0, 4], 0, 0, 0, 0, 0, 0, () => IncrementalExportSpecification$, () => FilterSpecification$],
  2,
];
var ExportTableToPointInTimeOutput$ = [3, n0, _ETTPITO, 0, [_ED], [() => ExportDescription$]];
var FilterSpecification$ = [3, n0, _FS, 0, [_FEi, _PE, _KCE, _EAN, _EAV], [0, 0, 0, 128 | 0, () => ExpressionAttributeValueMap]];
var Get$ = [3, n0, _G, 0, [_K, _TN, _PE, _EAN], [() => Key, 0, 0, 128 | 0], 2];
var GetItemInput$ = [3, n0, _GII, 0, [_TN, _K, _ATG, _CRo, _RCC, _PE, _EAN], [0, () => Key, 64 | 0, 2, 0, 0, 128 | 0], 2];
var GetItemOutput$ = [3, n0, _GIO, 0, [_I, _CC], [() => AttributeMap, () => ConsumedCapacity$]];
var GlobalSecondaryIndex$ = [
  3,
  n0,
  _GSIl,
  0,
  [_IN, _KS, _Pr, _PTr, _ODT, _WT],
  [0, () => KeySchema, () => Projection$, () => ProvisionedThroughput$, () => OnDemandThroughput$, () => WarmThroughput$],
  3,
];
var GlobalSecondaryIndexDescription$ = [
  3,
  n0,
  _GSID,
  0,
  [_IN, _KS, _Pr, _IS, _B, _PTr, _ISB, _IC, _IAn, _ODT, _WT],
  [
    0,
    () => KeySchema,
    () => Projection$,
    0,
    2,
    () => ProvisionedThroughputDescription$,
    1,
    1,
    0,
    () => OnDemandThroughput$,
    () => GlobalSecondaryIndexWarmThroughputDescription$,
  ],
];
var GlobalSecondaryIndexWarmThroughputDescription$ = [3, n0, _GSIWTD, 0, [_RUPS, _WUPS, _Sta], [1, 1, 0]];
var GlobalTableWitnessDescription$ = [3, n0, _GTWD, 0, [_RN, _WS], [0, 0]];
var IncrementalExportSpecification$ = [3, n0, _IES, 0, [_EFT, _ETT, _EVT], [4, 4, 0]];
var ItemCollectionMetrics$ = [3, n0, _ICM, 0, [_ICK, _SERGB], [() => ItemCollectionKeyAttributeMap, 64 | 1]];
var ItemResponse$ = [3, n0, _IR, 0, [_I], [() => AttributeMap]];
var KeysAndAttributes$ = [3, n0, _KAA, 0, [_Ke, _ATG, _CRo, _PE, _EAN], [() => KeyList, 64 | 0, 2, 0, 128 | 0], 1];
var KeySchemaElement$ = [3, n0, _KSE, 0, [_AN, _KT], [0, 0], 2];
var LocalSecondaryIndex$ = [3, n0, _LSIo, 0, [_IN, _KS, _Pr], [0, () => KeySchema, () => Projection$], 3];
var LocalSecondaryIndexDescription$ = [3, n0, _LSID, 0, [_IN, _KS, _Pr, _ISB, _IC, _IAn], [0, () => KeySchema, () => Projection$, 1, 1, 0]];
var OnDemandThroughput$ = [3, n0, _ODT, 0, [_MRRU, _MWRU], [1, 1]];
var OnDemandThroughputOverride$ = [3, n0, _ODTO, 0, [_MRRU], [1]];
var ParameterizedStatement$ = [3, n0, _PSa, 0, [_St, _P, _RVOCCF], [0, () => PreparedStatementParameters, 0], 1];
var Projection$ = [3, n0, _Pr, 0, [_PTro, _NKA], [0, 64 | 0]];
var ProvisionedThroughput$ = [3, n0, _PTr, 0, [_RCU, _WCU], [1, 1], 2];
var ProvisionedThroughputDescription$ = [3, n0, _PTD, 0, [_LIDT, _LDDT, _NODT, _RCU, _WCU], [4, 4, 1, 1, 1]];
var ProvisionedThroughputOverride$ = [3, n0, _PTO, 0, [_RCU], [1]];
var Put$ = [3, n0, _Pu, 0, [_I, _TN, _CE, _EAN, _EAV, _RVOCCF], [() => PutItemInputAttributeMap, 0, 0, 128 | 0, () => ExpressionAttributeValueMap, 0], 2];
var PutItemInput$ = [
  3,
  n0,
  _PII,
  0,
  [_TN, _I, _Ex, _RV, _RCC, _RICM, _COo, _CE, _EAN, _EAV, _RVOCCF],
  [0, () => PutItemInputAttributeMap, () => ExpectedAttributeMap, 0, 0, 0, 0, 0, 128 | 0, () => ExpressionAttributeValueMap, 0],
  2,
];
var PutItemOutput$ = [3, n0, _PIO, 0, [_At, _CC, _ICM], [() => AttributeMap, () => ConsumedCapacity$, () => ItemCollectionMetrics$]];
var PutRequest$ = [3, n0, _PR, 0, [_I], [() => PutItemInputAttributeMap], 1];
var QueryInput$ = [
  3,
  n0,
  _QI,
  0,
  [_TN, _IN, _Se, _ATG, _L, _CRo, _KC, _QF, _COo, _SIF, _ESK, _RCC, _PE, _FEi, _KCE, _EAN, _EAV],
  [0, 0, 0, 64 | 0, 1, 2, () => KeyConditions, () => FilterConditionMap, 0, 2, () => Key, 0, 0, 0, 0, 128 | 0, () => ExpressionAttributeValueMap],
  1,
];
var QueryOutput$ = [3, n0, _QO, 0, [_It, _Cou, _SC, _LEK, _CC], [() => ItemList, 1, 1, () => Key, () => ConsumedCapacity$]];
var ReplicaDescription$ = [
  3,
  n0,
  _RD,
  0,
  [_RN, _RSe, _RAe, _RSD, _RSPP, _KMSMKI, _PTO, _ODTO, _WT, _GSI, _RIDT, _RTCS, _GTSRM],
  [
    0,
    0,
    0,
    0,
    0,
    0,
    () => ProvisionedThroughputOverride$,
    () => OnDemandThroughputOverride$,
    () => TableWarmThroughputDescription$,
    () => ReplicaGlobalSecondaryIndexDescriptionList,
    4,
    () => TableClassSummary$,
    0,
  ],
];
var ReplicaGlobalSecondaryIndexDescription$ = [
  3,
  n0,
  _RGSID,
  0,
  [_IN, _PTO, _ODTO, _WT],
  [0, () => ProvisionedThroughputOverride$, () => OnDemandThroughputOverride$, () => GlobalSecondaryIndexWarmThroughputDescription$],
];
var RestoreSummary$ = [3, n0, _RSes, 0, [_RDT, _RIP, _SBA, _STA], [4, 2, 0, 0], 2];
var ScanInput$ = [
  3,
  n0,
  _SI,
  0,
  [_TN, _IN, _ATG, _L, _Se, _SF, _COo, _ESK, _RCC, _TSo, _Seg, _PE, _FEi, _EAN, _EAV, _CRo],
  [0, 0, 64 | 0, 1, 0, () => FilterConditionMap, 0, () => Key, 0, 1, 1, 0, 0, 128 | 0, () => ExpressionAttributeValueMap, 2],
  1,
];
var ScanOutput$ = [3, n0, _SO, 0, [_It, _Cou, _SC, _LEK, _CC], [() => ItemList, 1, 1, () => Key, () => ConsumedCapacity$]];
var SearchResultItem$ = [3, n0, _SRI, 0, [_I, _Sc], [() => AttributeMap, 1]];
var SearchSchemaElement$ = [3, n0, _SSE, 0, [_AN, _SSET], [0, 0], 2];
var SearchVectorsInput$ = [
  3,
  n0,
  _SVI,
  0,
  [_TN, _IN, _SV, _TK, _RCC, _EAN, _EAV, _PE, _SCE],
  [0, 0, () => SearchVectorList, 1, 0, 128 | 0, () => ExpressionAttributeValueMap, 0, 0],
  4,
];
var SearchVectorsOutput$ = [3, n0, _SVO, 0, [_CC, _SR], [() => VectorCapacity$, () => SearchResultList]];
var SSEDescription$ = [3, n0, _SSED, 0, [_Sta, _SSETy, _KMSMKA, _IEDT], [0, 0, 0, 4]];
var SSESpecification$ = [3, n0, _SSES, 0, [_Ena, _SSETy, _KMSMKI], [2, 0, 0]];
var StreamSpecification$ = [3, n0, _SS, 0, [_SE, _SVT], [2, 0], 1];
var TableClassSummary$ = [3, n0, _TCS, 0, [_TC, _LUDT], [0, 4]];
var TableDescription$ = [
  3,
  n0,
  _TDa,
  0,
  [
    _ADt,
    _TN,
    _KS,
    _TSa,
    _CDT,
    _PTr,
    _TSB,
    _IC,
    _TA,
    _TI,
    _BMS,
    _LSI,
    _GSI,
    _SS,
    _LSL,
    _LSA,
    _GTV,
    _Rep,
    _GTW,
    _GTSRM,
    _RSes,
    _SSED,
    _AS,
    _TCS,
    _DPE,
    _DPEi,
    _ODT,
    _WT,
    _MRC,
    _VI,
  ],
  [
    () => AttributeDefinitions,
    0,
    () => KeySchema,
    0,
    4,
    () => ProvisionedThroughputDescription$,
    1,
    1,
    0,
    0,
    () => BillingModeSummary$,
    () => LocalSecondaryIndexDescriptionList,
    () => GlobalSecondaryIndexDescriptionList,
    () => StreamSpecification$,
    0,
    0,
    0,
    () => ReplicaDescriptionList,
    () => GlobalTableWitnessDescriptionList,
    0,
    () => RestoreSummary$,
    () => SSEDescription$,
    () => ArchivalSummary$,
    () => TableClassSummary$,
    2,
    2,
    () => OnDemandThroughput$,
    () => TableWarmThroughputDescription$,
    0,
    () => VectorIndexDescriptionList,
  ],
];
var TableWarmThroughputDescription$ = [3, n0, _TWTD, 0, [_RUPS, _WUPS, _Sta], [1, 1, 0]];
var Tag$ = [3, n0, _Tag, 0, [_K, _V], [0, 0], 2];
var ThrottlingReason$ = [3, n0, _TRh, 0, [_r, _re], [0, 0]];
var TransactGetItem$ = [3, n0, _TGI, 0, [_G], [() => Get$], 1];
var TransactGetItemsInput$ = [3, n0, _TGII, 0, [_TIr, _RCC], [() => TransactGetItemList, 0], 1];
var TransactGetItemsOutput$ = [3, n0, _TGIO, 0, [_CC, _R], [() => ConsumedCapacityMultiple, () => ItemResponseList]];
var TransactWriteItem$ = [3, n0, _TWI, 0, [_CCo, _Pu, _Del, _U], [() => ConditionCheck$, () => Put$, () => Delete$, () => Update$]];
var TransactWriteItemsInput$ = [3, n0, _TWII, 0, [_TIr, _RCC, _RICM, _CRT], [() => TransactWriteItemList, 0, 0, [0, 4]], 1];
var TransactWriteItemsOutput$ = [3, n0, _TWIO, 0, [_CC, _ICM], [() => ConsumedCapacityMultiple, () => ItemCollectionMetricsPerTable]];
var Update$ = [3, n0, _U, 0, [_K, _UE, _TN, _CE, _EAN, _EAV, _RVOCCF], [() => Key, 0, 0, 0, 128 | 0, () => ExpressionAttributeValueMap, 0], 3];
var UpdateItemInput$ = [
  3,
  n0,
  _UII,
  0,
  [_TN, _K, _AU, _Ex, _COo, _RV, _RCC, _RICM, _UE, _CE, _EAN, _EAV, _RVOCCF],
  [0, () => Key, () => AttributeUpdates, () => ExpectedAttributeMap, 0, 0, 0, 0, 0, 0, 128 | 0, () => ExpressionAttributeValueMap, 0],
  2,
];
var UpdateItemOutput$ = [3, n0, _UIO, 0, [_At, _CC, _ICM], [() => AttributeMap, () => ConsumedCapacity$, () => ItemCollectionMetrics$]];
var VectorAttributeDefinition$ = [3, n0, _VAD, 0, [_AN], [0], 1];
var VectorCapacity$ = [3, n0, _VC, 0, [_VSRB, _VWRB], [1, 1]];
var VectorIndex$ = [3, n0, _VIe, 0, [_IN, _VA, _Pr, _D, _DF, _SSe], [0, () => VectorAttributeDefinition$, () => Projection$, 1, 0, () => SearchSchema], 5];
var VectorIndexDescription$ = [
  3,
  n0,
  _VID,
  0,
  [_IN, _SSe, _Pr, _VA, _D, _DF, _IS, _B, _ISB, _IC, _IAn],
  [0, () => SearchSchema, () => Projection$, () => VectorAttributeDefinition$, 1, 0, 0, 2, 1, 1, 0],
];
var WarmThroughput$ = [3, n0, _WT, 0, [_RUPS, _WUPS], [1, 1]];
var WriteRequest$ = [3, n0, _WR, 0, [_PR, _DR], [() => PutRequest$, () => DeleteRequest$]];
var AttributeDefinitions = [1, n0, _ADt, 0, () => AttributeDefinition$];
var AttributeValueList = [1, n0, _AVL, 0, () => AttributeValue$];
var CancellationReasonList = [1, n0, _CRL, 0, () => CancellationReason$];
var ConsumedCapacityMultiple = [1, n0, _CCM, 0, () => ConsumedCapacity$];
var Endpoints = [1, n0, _En, 0, () => Endpoint$];
var GlobalSecondaryIndexDescriptionList = [1, n0, _GSIDL, 0, () => GlobalSecondaryIndexDescription$];
var GlobalSecondaryIndexList = [1, n0, _GSIL, 0, () => GlobalSecondaryIndex$];
var GlobalTableWitnessDescriptionList = [1, n0, _GTWDL, 0, () => GlobalTableWitnessDescription$];
var ItemCollectionMetricsMultiple = [1, n0, _ICMM, 0, () => ItemCollectionMetrics$];
var ItemList = [1, n0, _IL, 0, () => AttributeMap];
var ItemResponseList = [1, n0, _IRL, 0, () => ItemResponse$];
var KeyList = [1, n0, _KL, 0, () => Key];
var KeySchema = [1, n0, _KS, 0, () => KeySchemaElement$];
var ListAttributeValue = [1, n0, _LAV, 0, () => AttributeValue$];
var LocalSecondaryIndexDescriptionList = [1, n0, _LSIDL, 0, () => LocalSecondaryIndexDescription$];
var LocalSecondaryIndexList = [1, n0, _LSIL, 0, () => LocalSecondaryIndex$];
var ParameterizedStatements = [1, n0, _PSar, 0, () => ParameterizedStatement$];
var PartiQLBatchRequest = [1, n0, _PQLBR, 0, () => BatchStatementRequest$];
var PartiQLBatchResponse = [1, n0, _PQLBRa, 0, () => BatchStatementResponse$];
var PreparedStatementParameters = [1, n0, _PSP, 0, () => AttributeValue$];
var ReplicaDescriptionList = [1, n0, _RDL, 0, () => ReplicaDescription$];
var ReplicaGlobalSecondaryIndexDescriptionList = [1, n0, _RGSIDL, 0, () => ReplicaGlobalSecondaryIndexDescription$];
var SearchResultList = [1, n0, _SRL, 0, () => SearchResultItem$];
var SearchSchema = [1, n0, _SSe, 0, () => SearchSchemaElement$];
var SearchVectorList = [1, n0, _SVL, 0, () => AttributeValue$];
var TagList = [1, n0, _TL, 0, () => Tag$];
var ThrottlingReasonList = [1, n0, _TRL, 0, () => ThrottlingReason$];
var TransactGetItemList = [1, n0, _TGIL, 0, () => TransactGetItem$];
var TransactWriteItemList = [1, n0, _TWIL, 0, () => TransactWriteItem$];
var VectorIndexDescriptionList = [1, n0, _VIDL, 0, () => VectorIndexDescription$];
var VectorIndexList = [1, n0, _VIL, 0, () => VectorIndex$];
var WriteRequests = [1, n0, _WRr, 0, () => WriteRequest$];
var AttributeMap = [2, n0, _AM, 0, 0, () => AttributeValue$];
var AttributeUpdates = [2, n0, _AU, 0, 0, () => AttributeValueUpdate$];
var BatchGetRequestMap = [2, n0, _BGRMa, 0, 0, () => KeysAndAttributes$];
var BatchGetResponseMap = [2, n0, _BGRM, 0, 0, () => ItemList];
var BatchWriteItemRequestMap = [2, n0, _BWIRM, 0, 0, () => WriteRequests];
var ExpectedAttributeMap = [2, n0, _EAM, 0, 0, () => ExpectedAttributeValue$];
var ExpressionAttributeValueMap = [2, n0, _EAVM, 0, 0, () => AttributeValue$];
var FilterConditionMap = [2, n0, _FCM, 0, 0, () => Condition$];
var ItemCollectionKeyAttributeMap = [2, n0, _ICKAM, 0, 0, () => AttributeValue$];
var ItemCollectionMetricsPerTable = [2, n0, _ICMPT, 0, 0, () => ItemCollectionMetricsMultiple];
var Key = [2, n0, _K, 0, 0, () => AttributeValue$];
var KeyConditions = [2, n0, _KC, 0, 0, () => Condition$];
var MapAttributeValue = [2, n0, _MAV, 0, 0, () => AttributeValue$];
var PutItemInputAttributeMap = [2, n0, _PIIAM, 0, 0, () => AttributeValue$];
var SecondaryIndexesCapacityMap = [2, n0, _SICM, 0, 0, () => Capacity$];
var VectorIndexesCapacityMap = [2, n0, _VICM, 0, 0, () => VectorCapacity$];
var AttributeValue$ = [
  4,
  n0,
  _AV,
  0,
  [_S_, _N, _B_, _SS_, _NS, _BS_, _M_, _L_, _NULL, _BOOL],
  [0, 0, 21, 64 | 0, 64 | 0, 64 | 21, () => MapAttributeValue, () => ListAttributeValue, 2, 2],
];
var BatchExecuteStatement$ = [9, n0, _BES, 0, () => BatchExecuteStatementInput$, () => BatchExecuteStatementOutput$];
var BatchGetItem$ = [9, n0, _BGI, 0, () => BatchGetItemInput$, () => BatchGetItemOutput$];
var BatchWriteItem$ = [9, n0, _BWI, 0, () => BatchWriteItemInput$, () => BatchWriteItemOutput$];
var CreateTable$ = [9, n0, _CTr, 0, () => CreateTableInput$, () => CreateTableOutput$];
var DeleteItem$ = [9, n0, _DI, 0, () => DeleteItemInput$, () => DeleteItemOutput$];
var DescribeEndpoints$ = [9, n0, _DE, 0, () => DescribeEndpointsRequest$, () => DescribeEndpointsResponse$];
var DescribeExport$ = [9, n0, _DEe, 0, () => DescribeExportInput$, () => DescribeExportOutput$];
var DescribeTable$ = [9, n0, _DTe, 0, () => DescribeTableInput$, () => DescribeTableOutput$];
var ExecuteStatement$ = [9, n0, _ESxe, 0, () => ExecuteStatementInput$, () => ExecuteStatementOutput$];
var ExecuteTransaction$ = [9, n0, _ETxe, 0, () => ExecuteTransactionInput$, () => ExecuteTransactionOutput$];
var ExportTableToPointInTime$ = [9, n0, _ETTPIT, 0, () => ExportTableToPointInTimeInput$, () => ExportTableToPointInTimeOutput$];
var GetItem$ = [9, n0, _GI, 0, () => GetItemInput$, () => GetItemOutput$];
var PutItem$ = [9, n0, _PI, 0, () => PutItemInput$, () => PutItemOutput$];
var Query$ = [9, n0, _Q, 0, () => QueryInput$, () => QueryOutput$];
var Scan$ = [9, n0, _Sca, 0, () => ScanInput$, () => ScanOutput$];
var SearchVectors$ = [9, n0, _SVe, 0, () => SearchVectorsInput$, () => SearchVectorsOutput$];
var TransactGetItems$ = [9, n0, _TGIr, 0, () => TransactGetItemsInput$, () => TransactGetItemsOutput$];
var TransactWriteItems$ = [9, n0, _TWIr, 0, () => TransactWriteItemsInput$, () => TransactWriteItemsOutput$];
var UpdateItem$ = [9, n0, _UIp, 0, () => UpdateItemInput$, () => UpdateItemOutput$];
const ERRORS = [
  BackupInUseException$,
  BackupNotFoundException$,
  ConditionalCheckFailedException$,
  ContinuousBackupsUnavailableException$,
  DuplicateItemException$,
  ExportConflictException$,
  ExportNotFoundException$,
  GlobalTableAlreadyExistsException$,
  GlobalTableNotFoundException$,
  IdempotentParameterMismatchException$,
  ImportConflictException$,
  ImportNotFoundException$,
  IndexNotFoundException$,
  InternalServerError$,
  InvalidEndpointException$,
  InvalidExportTimeException$,
  InvalidRestoreTimeException$,
  ItemCollectionSizeLimitExceededException$,
  LimitExceededException$,
  PointInTimeRecoveryUnavailableException$,
  PolicyNotFoundException$,
  ProvisionedThroughputExceededException$,
  ReplicaAlreadyExistsException$,
  ReplicaNotFoundException$,
  ReplicatedWriteConflictException$,
  RequestLimitExceeded$,
  ResourceInUseException$,
  ResourceNotFoundException$,
  TableAlreadyExistsException$,
  TableInUseException$,
  TableNotFoundException$,
  ThrottlingException$,
  TransactionCanceledException$,
  TransactionConflictException$,
  TransactionInProgressException$,
];
// --- End of the copy. ---

const _s = 'smithy.ts.sdk.synthetic.com.amazonaws.dynamodb';
const DynamoDBServiceException$ = [-3, _s, 'DynamoDBServiceException', 0, [], []];
/** One class per error schema, standing for the package's generated one: same name, fault, shapeId and base. */
function namedError(schema) {
  const [, , name, traits] = schema;
  return class extends DynamoDBServiceException {
    constructor(opts) {
      super({ name, $fault: traits.error, ...opts });
      this.name = name;
      this.$fault = traits.error;
      // The one error the package's models/errors.js marks retryable without a schema trait.
      if (name === 'ReplicatedWriteConflictException') this.$retryable = {};
      Object.setPrototypeOf(this, new.target.prototype);
    }
  };
}
const baseErrors = /* @__PURE__ */ (() => {
  const registry = new TypeRegistry(_s);
  registry.registerError(DynamoDBServiceException$, DynamoDBServiceException);
  return registry;
})();
const serviceErrors = /* @__PURE__ */ (() => {
  const registry = new TypeRegistry(n0);
  for (const schema of ERRORS) registry.registerError(schema, namedError(schema));
  return registry;
})();

/** runtimeConfig.shared.js of the package, with the error registries above. */
function sharedRuntimeConfig(config) {
  return {
    apiVersion: '2012-08-10',
    base64Decoder: config?.base64Decoder ?? fromBase64,
    base64Encoder: config?.base64Encoder ?? toBase64,
    disableHostPrefix: config?.disableHostPrefix ?? false,
    endpointProvider: config?.endpointProvider ?? defaultEndpointResolver,
    extensions: config?.extensions ?? [],
    httpAuthSchemeProvider: config?.httpAuthSchemeProvider ?? defaultDynamoDBHttpAuthSchemeProvider,
    httpAuthSchemes: config?.httpAuthSchemes ?? [
      { schemeId: 'aws.auth#sigv4', identityProvider: (ipc) => ipc.getIdentityProvider('aws.auth#sigv4'), signer: new AwsSdkSigV4Signer() },
    ],
    logger: config?.logger ?? new NoOpLogger(),
    protocol: config?.protocol ?? AwsJson1_0Protocol,
    protocolSettings: config?.protocolSettings ?? {
      defaultNamespace: n0,
      errorTypeRegistries: [baseErrors, serviceErrors],
      xmlNamespace: 'http://dynamodb.amazonaws.com/doc/2012-08-10/',
      version: '2012-08-10',
      serviceTarget: 'DynamoDB_20120810',
      jsonCodec: new DynamoDBJsonCodec2(),
    },
    serviceId: config?.serviceId ?? 'DynamoDB',
    sha256: config?.sha256 ?? Sha256,
    urlParser: config?.urlParser ?? parseUrl,
    utf8Decoder: config?.utf8Decoder ?? fromUtf8,
    utf8Encoder: config?.utf8Encoder ?? toUtf8,
  };
}

/** runtimeConfig.js of the package: the Node defaults every client shares, then DynamoDB's own. */
function runtimeConfig(config) {
  const base = nodeRuntimeConfig(config, sharedRuntimeConfig, { clientVersion: version, socketTimeoutMs: 300_000 });
  const loaderConfig = { profile: config?.profile, logger: base.logger };
  return {
    ...base,
    accountIdEndpointMode: config?.accountIdEndpointMode ?? loadNodeConfig(NODE_ACCOUNT_ID_ENDPOINT_MODE_CONFIG_OPTIONS, loaderConfig),
    maxAttempts:
      config?.maxAttempts ?? loadNodeConfig(Retry.v2026 ? { ...NODE_MAX_ATTEMPT_CONFIG_OPTIONS, default: 4 } : NODE_MAX_ATTEMPT_CONFIG_OPTIONS, config),
  };
}

// The command modules of the package.
export const BatchExecuteStatementCommand = /* @__PURE__ */ (() =>
  class BatchExecuteStatementCommand extends command(_ep0, _mw0, 'BatchExecuteStatement', BatchExecuteStatement$) {})();
export const BatchGetItemCommand = /* @__PURE__ */ (() => class BatchGetItemCommand extends command(_ep1, _mw0, 'BatchGetItem', BatchGetItem$) {})();
export const BatchWriteItemCommand = /* @__PURE__ */ (() => class BatchWriteItemCommand extends command(_ep1, _mw0, 'BatchWriteItem', BatchWriteItem$) {})();
export const DeleteItemCommand = /* @__PURE__ */ (() => class DeleteItemCommand extends command(_ep3, _mw0, 'DeleteItem', DeleteItem$) {})();
export const DescribeExportCommand = /* @__PURE__ */ (() => class DescribeExportCommand extends command(_ep7, _mw0, 'DescribeExport', DescribeExport$) {})();
export const ExecuteStatementCommand = /* @__PURE__ */ (() =>
  class ExecuteStatementCommand extends command(_ep0, _mw0, 'ExecuteStatement', ExecuteStatement$) {})();
export const ExecuteTransactionCommand = /* @__PURE__ */ (() =>
  class ExecuteTransactionCommand extends command(_ep0, _mw0, 'ExecuteTransaction', ExecuteTransaction$) {})();
export const ExportTableToPointInTimeCommand = /* @__PURE__ */ (() =>
  class ExportTableToPointInTimeCommand extends command(_ep9, _mw0, 'ExportTableToPointInTime', ExportTableToPointInTime$) {})();
export const GetItemCommand = /* @__PURE__ */ (() => class GetItemCommand extends command(_ep3, _mw0, 'GetItem', GetItem$) {})();
export const PutItemCommand = /* @__PURE__ */ (() => class PutItemCommand extends command(_ep3, _mw0, 'PutItem', PutItem$) {})();
export const QueryCommand = /* @__PURE__ */ (() => class QueryCommand extends command(_ep3, _mw0, 'Query', Query$) {})();
export const ScanCommand = /* @__PURE__ */ (() => class ScanCommand extends command(_ep3, _mw0, 'Scan', Scan$) {})();
export const SearchVectorsCommand = /* @__PURE__ */ (() => class SearchVectorsCommand extends command(_ep12, _mw0, 'SearchVectors', SearchVectors$) {})();
export const TransactGetItemsCommand = /* @__PURE__ */ (() =>
  class TransactGetItemsCommand extends command(_ep13, _mw0, 'TransactGetItems', TransactGetItems$) {})();
export const TransactWriteItemsCommand = /* @__PURE__ */ (() =>
  class TransactWriteItemsCommand extends command(_ep14, _mw0, 'TransactWriteItems', TransactWriteItems$) {})();
export const UpdateItemCommand = /* @__PURE__ */ (() => class UpdateItemCommand extends command(_ep3, _mw0, 'UpdateItem', UpdateItem$) {})();
export const DescribeEndpointsCommand = /* @__PURE__ */ (() =>
  class DescribeEndpointsCommand extends command(_ep0, _mw0, 'DescribeEndpoints', DescribeEndpoints$) {})();
export const CreateTableCommand = /* @__PURE__ */ (() => class CreateTableCommand extends command(_ep3, _mw0, 'CreateTable', CreateTable$) {})();
export const DescribeTableCommand = /* @__PURE__ */ (() => class DescribeTableCommand extends command(_ep3, _mw0, 'DescribeTable', DescribeTable$) {})();

/** DynamoDBClient.js of the package. */
export class DynamoDBClient extends Client {
  config;
  constructor(...[configuration]) {
    const config0 = runtimeConfig(configuration || {});
    super(config0);
    this.initConfig = config0;
    const config1 = resolveRetryConfig(resolveUserAgentConfig(resolveAccountIdEndpointModeConfig(resolveClientEndpointParameters(config0))), {
      defaultBaseDelay: Retry.v2026 ? 25 : undefined,
      defaultMaxAttempts: Retry.v2026 ? 4 : undefined,
    });
    // No endpoint discovery config (resolveEndpointDiscoveryConfig, its endpoint cache and mnemonist): in this version
    // no DynamoDB command adds the discovery plugin, its only reader.
    const config2 = resolveHttpAuthSchemeConfig(resolveEndpointConfig(resolveHostHeaderConfig(resolveRegionConfig(config1))));
    this.config = resolveRuntimeExtensions(config2, configuration?.extensions || []);
    this.middlewareStack.use(getSchemaSerdePlugin(this.config));
    this.middlewareStack.use(getUserAgentPlugin(this.config));
    this.middlewareStack.use(getRetryPlugin(this.config));
    this.middlewareStack.use(getContentLengthPlugin(this.config));
    this.middlewareStack.use(getHostHeaderPlugin(this.config));
    this.middlewareStack.use(getLoggerPlugin(this.config));
    this.middlewareStack.use(getRecursionDetectionPlugin(this.config));
    this.middlewareStack.use(
      getHttpAuthSchemeEndpointRuleSetPlugin(this.config, {
        httpAuthSchemeParametersProvider: defaultDynamoDBHttpAuthSchemeParametersProvider,
        identityProviderConfigProvider: async (config) => new DefaultIdentityProviderConfig({ 'aws.auth#sigv4': config.credentials }),
      }),
    );
    this.middlewareStack.use(getHttpSigningPlugin(this.config));
  }
  destroy() {
    super.destroy();
  }
}
