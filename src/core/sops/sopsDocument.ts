import type { SopsMetadata } from './sopsMetadata';

/** The file formats sops reads that Vaultify implements. */
export type SopsFormat = 'yaml' | 'json' | 'dotenv';

/** A leaf value as the file holds it: an `ENC[...]` text, or a plaintext scalar left unencrypted. */
export type PlainScalar = string | bigint | number | boolean;

/** Where a leaf is: map keys and sequence indices from the root. */
export type Address = readonly (string | number)[];

export interface DocumentLeaf {
  address: Address;
  /** The map keys alone: what sops authenticates a value with (sequence items share their parent's). */
  path: string[];
  value: PlainScalar;
}

/** A comment sops encrypted (`#ENC[...,type:comment]`); it is not in the MAC but is bound to a path. */
export interface EncryptedComment {
  index: number;
  text: string;
  /** The key paths it may be bound to, nearest first: the format does not say which collection owns it. */
  aadCandidates: string[];
}

/** A parsed file: its leaves in tree order (the MAC's order), nulls left out, and its raw metadata. */
export interface ParsedDocument {
  leaves: DocumentLeaf[];
  metadata: unknown;
  comments: EncryptedComment[];
}

/** Everything one write changes. Unchanged leaves keep their text, so a change is a small diff. */
export interface DocumentChanges {
  replace: { address: Address; value: string }[];
  insert: { path: string[]; value: string }[];
  remove: string[][];
  comments: { index: number; text: string }[];
  metadata: SopsMetadata;
  /** Re-render the whole metadata block (recipients changed); otherwise only the fields that changed are rewritten. */
  rewriteMetadata: boolean;
}

export interface SopsFormatHandler {
  parse(text: string, file: string): ParsedDocument;
  apply(text: string, changes: DocumentChanges, file: string): string;
  /** A new file holding these leaves (each an `ENC[...]` text) and this metadata. */
  create(leaves: { path: string[]; value: string }[], metadata: SopsMetadata): string;
}

export const addressKey = (address: Address): string => JSON.stringify(address);
