/**
 * The time a use case runs at: the context's `now` when a test or a batch sets one, else the
 * clock. Every service asks this rather than `new Date()`, so that time can be set in tests.
 */
export const nowOf = (ctx: { now?: Date | undefined }): Date => ctx.now ?? new Date();
