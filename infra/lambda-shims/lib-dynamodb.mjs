// Stands in for @aws-sdk/lib-dynamodb in the Lambda bundles (alias in infra/lambda-bundling.json): the package's own
// document client and the commands the store sends, imported from their modules. The package declares no
// `sideEffects`, so through its index its paginators (a top-level createPaginator call each) kept ScanCommand, the
// DynamoDB client shim's Scan schema and the paginator helper in every bundle though nothing pages with them. A
// command this file lacks fails the build, not a request. Unbundled code (tests, npm start) imports the real package.
export { DynamoDBDocumentClient } from '../../node_modules/@aws-sdk/lib-dynamodb/dist-es/DynamoDBDocumentClient.js';
export { BatchGetCommand } from '../../node_modules/@aws-sdk/lib-dynamodb/dist-es/commands/BatchGetCommand.js';
export { BatchWriteCommand } from '../../node_modules/@aws-sdk/lib-dynamodb/dist-es/commands/BatchWriteCommand.js';
export { DeleteCommand } from '../../node_modules/@aws-sdk/lib-dynamodb/dist-es/commands/DeleteCommand.js';
export { GetCommand } from '../../node_modules/@aws-sdk/lib-dynamodb/dist-es/commands/GetCommand.js';
export { PutCommand } from '../../node_modules/@aws-sdk/lib-dynamodb/dist-es/commands/PutCommand.js';
export { QueryCommand } from '../../node_modules/@aws-sdk/lib-dynamodb/dist-es/commands/QueryCommand.js';
export { UpdateCommand } from '../../node_modules/@aws-sdk/lib-dynamodb/dist-es/commands/UpdateCommand.js';
