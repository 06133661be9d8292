import type { TextDocumentsConfiguration } from 'vscode-languageserver/node';
import { ChunkedDocument } from './chunkedDocument';
import type { EditRegion } from './incrementalScan';

/**
 * Open documents as `ChunkedDocument`s, telling `onEdit` the region each change replaced, from
 * the ranges the client sends: no comparison of the old and new texts, and no copy of the whole
 * text, either of which would cost a pass over the document per keystroke.
 */
export function documentsReportingEdits(onEdit: (uri: string, region: EditRegion) => void): TextDocumentsConfiguration<ChunkedDocument> {
  return {
    create: (uri, languageId, version, content) => ChunkedDocument.create(uri, languageId, version, content),
    update: (document, changes, version) => {
      let updated = document;
      // One at a time: each change's range is in the text the previous ones left.
      for (const change of changes) {
        if ('range' in change) {
          const { start, end } = updated.offsetsOf(change.range);
          updated = updated.replaced(start, end, change.text, version);
          onEdit(updated.uri, { start, oldEnd: end, newEnd: start + change.text.length });
        } else {
          const oldEnd = updated.length;
          updated = updated.withText(change.text, version);
          onEdit(updated.uri, { start: 0, oldEnd, newEnd: change.text.length });
        }
      }
      return updated;
    },
  };
}
