// The pure domain core, shared by the ZAF app and the lambdas. No I/O here.
export * from './aircall/vocabulary';
export * from './zendesk/vocabulary';
export * from './sync/types';
export * from './sync/mapping';
export * from './sync/decide';
export * from './sync/settle';
export * from './sync/directory';
export * from './sync/direction';
