export * from './referenceGrammar';
export { detectFileSyntax, type FileSyntax } from './fileSyntax';
export {
  planReplacement,
  planRestore,
  type PlanProblem,
  type PlanProblemCode,
  type ReplacementPlan,
  type ReplacementRequest,
  type RestorePlan,
  type RestoreRequest,
  type SecretLocation,
  type TextEdit,
} from './editPlan';
export { suggestName, uniqueName, type NameRequest } from './nameSuggestion';
export { MAX_SECRET_LENGTH } from './secretSelection';
