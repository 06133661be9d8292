export * from './referenceGrammar';
