import { isScanWorker, serveScanJobs } from '../core/workspace/scanPool';

// The bundle is both the language server and its scan workers' script: a child process started
// with the scan-worker flag serves file batches, and only the server's own process speaks LSP.
if (isScanWorker()) serveScanJobs();
else void import('./languageServer');
