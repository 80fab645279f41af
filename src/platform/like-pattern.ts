/** A LIKE pattern that finds `text` anywhere, its wildcards (% _) and backslashes taken literally. */
export const containing = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
