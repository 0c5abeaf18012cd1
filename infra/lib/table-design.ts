// Turns the store's DynamoDB table definition (SDK CreateTable input) into CDK TableV2 props: one source for keys and GSIs.
import type { AttributeDefinition, CreateTableCommandInput, KeySchemaElement, Projection } from '@aws-sdk/client-dynamodb';
import { AttributeType, ProjectionType, type Attribute, type GlobalSecondaryIndexPropsV2 } from 'aws-cdk-lib/aws-dynamodb';

/** The part of a CreateTable input that decides the table's shape. */
export type TableDefinition = Pick<CreateTableCommandInput, 'AttributeDefinitions' | 'KeySchema' | 'GlobalSecondaryIndexes' | 'LocalSecondaryIndexes'>;

/** Thrown when a table definition cannot be expressed as TableV2 props. */
export class TableDesignError extends Error {
  override name = 'TableDesignError';
}

/** The keys and GSIs of a TableV2, as read from a CreateTable definition. */
export interface TableShape {
  partitionKey: Attribute;
  sortKey?: Attribute;
  globalSecondaryIndexes: GlobalSecondaryIndexPropsV2[];
}

/**
 * Reads the keys and GSIs of `def` as TableV2 props.
 *
 * @example
 * const shape = tableShapeFrom(tableDefinition('ignored')); // tableDefinition from lambdas/store
 * new TableV2(scope, 'Table', { ...shape, billing: Billing.onDemand() });
 */
export function tableShapeFrom(def: TableDefinition): TableShape {
  if (def.LocalSecondaryIndexes?.length) {
    throw new TableDesignError('The table definition has local secondary indexes: the CDK stack does not map them, so the table would deploy without them');
  }
  const types = new Map((def.AttributeDefinitions ?? []).map((a: AttributeDefinition) => [a.AttributeName, a.AttributeType]));
  const attribute = (name: string | undefined, where: string): Attribute => {
    if (!name) throw new TableDesignError(`The table definition has a key with no name in ${where}`);
    const type = types.get(name);
    if (type === 'S') return { name, type: AttributeType.STRING };
    if (type === 'N') return { name, type: AttributeType.NUMBER };
    if (type === 'B') return { name, type: AttributeType.BINARY };
    throw new TableDesignError(`The table definition uses key "${name}" in ${where} without an AttributeDefinitions entry`);
  };
  const keys = (schema: KeySchemaElement[] | undefined, where: string) => {
    const hash = schema?.find((k) => k.KeyType === 'HASH');
    const range = schema?.find((k) => k.KeyType === 'RANGE');
    return {
      partitionKey: attribute(hash?.AttributeName, where),
      ...(range ? { sortKey: attribute(range.AttributeName, where) } : {}),
    };
  };
  const projection = (p: Projection | undefined): Pick<GlobalSecondaryIndexPropsV2, 'projectionType' | 'nonKeyAttributes'> => {
    switch (p?.ProjectionType) {
      case undefined:
      case 'ALL':
        return { projectionType: ProjectionType.ALL };
      case 'KEYS_ONLY':
        return { projectionType: ProjectionType.KEYS_ONLY };
      case 'INCLUDE':
        return { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: p.NonKeyAttributes ?? [] };
      default:
        throw new TableDesignError(`The table definition has an unknown projection type "${String(p?.ProjectionType)}"`);
    }
  };
  return {
    ...keys(def.KeySchema, 'the table key'),
    globalSecondaryIndexes: (def.GlobalSecondaryIndexes ?? []).map((gsi) => {
      if (!gsi.IndexName) throw new TableDesignError('The table definition has a GSI with no IndexName');
      return { indexName: gsi.IndexName, ...keys(gsi.KeySchema, `GSI ${gsi.IndexName}`), ...projection(gsi.Projection) };
    }),
  };
}
