// Every table of Comptoir, one module per feature; drizzle-kit reads this file to generate migrations.

export * from './authorities.ts';
export * from './certification.ts';
export * from './counts.ts';
export * from './files.ts';
export * from './identity.ts';
export * from './mail.ts';
export * from './platform.ts';
export * from './procedures.ts';
export * from './spaces.ts';
