#!/usr/bin/env node
import { toPresslensError } from '../core/errors.js';
import { processIo } from './io.js';
import { main } from './run.js';

const io = processIo();
main(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    io.stderr.write(`presslens: ${toPresslensError(error).message}\n`);
    process.exitCode = 1;
  },
);
