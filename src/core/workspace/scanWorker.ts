import { serveScanJobs } from './scanPool';

// The scan workers' script, a bundle of its own (dist/scanWorker.js): a worker loads the detector
// and the file scan, not the CLI or the language server that started it, so that each worker
// process holds only what it scans with.
serveScanJobs();
