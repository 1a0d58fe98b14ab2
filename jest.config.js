/**
 * One jest run for the whole repository. SWC compiles TypeScript with legacy decorators and
 * decorator metadata (what tsyringe and class-validator need); `@pith/*` resolve to sources so
 * tests never depend on a stale build.
 */
const fs = require('node:fs');
const path = require('node:path');

const swcConfig = JSON.parse(fs.readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));
delete swcConfig.$schema;

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { ...swcConfig, swcrc: false }],
  },
  moduleNameMapper: {
    '^@pith/core$': '<rootDir>/core/src/index.ts',
    '^@pith/(router|views|orm|session|security|jobs)$': '<rootDir>/plugins/$1/src/index.ts',
  },
  setupFiles: ['<rootDir>/test/setup/reflect-metadata.ts'],
  testTimeout: 20000,
  maxWorkers: 2,
};
