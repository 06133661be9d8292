import { isScanWorker, serveScanJobs } from '../core/workspace/scanPool';

// The bundle is both the language server and its scan workers' script: a worker thread started
// with the scan role serves file batches, and only the main thread speaks LSP.
if (isScanWorker()) serveScanJobs();
else void import('./languageServer');
