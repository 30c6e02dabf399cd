#!/usr/bin/env node
// Launcher: the CLI is built to dist/ (the root `prepare` script builds on `npm ci`).
import('../dist/cli.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli.js')) {
    console.error('anquan: 尚未构建，请先运行 npm run build / not built yet: run npm run build');
    process.exit(2);
  }
  throw error;
});
