import type { TextDocumentContentChangeEvent, TextDocumentsConfiguration } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { EditRegion } from './incrementalScan';

/**
 * Open documents as `TextDocuments` keeps them, telling `onEdit` the region each change replaced,
 * from the ranges the client sends: no comparison of the old and new texts, which would cost a
 * pass over the whole document per keystroke.
 */
export function documentsReportingEdits(onEdit: (uri: string, region: EditRegion) => void): TextDocumentsConfiguration<TextDocument> {
  return {
    create: (uri, languageId, version, content) => TextDocument.create(uri, languageId, version, content),
    update: (document, changes, version) => {
      let updated = document;
      // One at a time: each change's range is in the text the previous ones left.
      for (const change of changes) {
        const region = regionOf(updated, change);
        updated = TextDocument.update(updated, [change], version);
        onEdit(updated.uri, region);
      }
      return updated;
    },
  };
}

function regionOf(document: TextDocument, change: TextDocumentContentChangeEvent): EditRegion {
  if (!('range' in change)) return { start: 0, oldEnd: document.getText().length, newEnd: change.text.length };
  const start = document.offsetAt(change.range.start);
  return { start, oldEnd: Math.max(start, document.offsetAt(change.range.end)), newEnd: start + change.text.length };
}
