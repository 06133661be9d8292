export {
  AUDIT_EVENTS,
  type AuditEntry,
  type AuditEvent,
  type AuditRecord,
  type AuditSecret,
  type ChainHead,
  GENESIS,
  canonicalJson,
  hashMatches,
  recordHash,
  sealRecord,
  valueFingerprint,
} from './auditRecord';
export { type BadRecord, type ChainProblem, type Segment, type VerifyResult, verifyChain } from './auditVerify';
export { AuditFile, readSegments, segmentName } from './auditFile';
