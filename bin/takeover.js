#!/usr/bin/env node
// Thin launcher: all the work is in dist/cli.js (built from src/cli.ts by `npm install`).
import('../dist/cli.js').catch((error) => {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli.js')) {
    console.error('takeover is not built yet. Run "npm install" in the takeover folder first.');
    process.exitCode = 1;
  } else {
    throw error;
  }
});
