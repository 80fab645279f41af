// Every table of Comptoir, one module per feature; drizzle-kit reads this file to generate migrations.
export * from './platform.ts';
export * from './identity.ts';
