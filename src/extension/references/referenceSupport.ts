import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import type { Services } from '../services';
import { AddMissingSecretAction, MissingReferences } from './missingReferences';
import { ReferenceCompletionProvider } from './referenceCompletion';
import { REFERENCE_SELECTOR } from './referenceDocuments';
import { ReferenceHoverProvider } from './referenceHover';

/** Hover, completion and missing-secret warnings for `vault:NAME` references in every language. */
export function registerReferenceSupport(ctx: Ctx, { vault }: Services): void {
  ctx.register(vscode.languages.registerHoverProvider(REFERENCE_SELECTOR, new ReferenceHoverProvider(vault, ctx.person)));
  ctx.register(vscode.languages.registerCompletionItemProvider(REFERENCE_SELECTOR, new ReferenceCompletionProvider(vault), ':'));
  ctx.register(new MissingReferences(vault));
  ctx.register(
    vscode.languages.registerCodeActionsProvider(REFERENCE_SELECTOR, new AddMissingSecretAction(ctx.person), {
      providedCodeActionKinds: AddMissingSecretAction.kinds,
    }),
  );
}
