// Jest runs TypeScript through swc (fast on 2 cores). Some dependencies (oidc-provider, openid-client,
// jose) ship ES modules only, which Jest's CommonJS runtime cannot load on Node 20, so swc transforms
// them too; the large CommonJS packages are left alone to keep the transform cache small.
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j|mj)s$': ['@swc/jest'] },
  transformIgnorePatterns: ['/node_modules/(aws-cdk-lib|@aws-sdk|@smithy|@aws-crypto|constructs|cdk-nag|typescript|esbuild)/'],
  collectCoverageFrom: ['lambda/**/*.ts', 'lib/**/*.ts', 'local/**/*.ts'],
  coverageReporters: ['text-summary', 'json-summary'],
  coverageThreshold: {
    './lambda/authorizer/': { lines: 90 },
    './lambda/shared/': { lines: 90 },
    './lambda/validator/': { lines: 90 },
  },
  testTimeout: 30000,
};
