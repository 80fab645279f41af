import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

// Poppler's command line tools (Debian's poppler-utils), an independent reader of our PDFs.
const run = promisify(execFile);

/** Runs `work` with the PDF written to a temporary file, removed afterwards. */
async function withPdfFile<T>(
  bytes: Uint8Array,
  work: (file: string, dir: string) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'comptoir-pdf-'));
  try {
    const file = path.join(dir, 'document.pdf');
    await writeFile(file, bytes);
    return await work(file, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The text `pdftotext` reads from a PDF (UTF-8), pages separated by form feeds. */
export function pdftotext(bytes: Uint8Array): Promise<string> {
  return withPdfFile(bytes, async (file) => (await run('pdftotext', ['-enc', 'UTF-8', file, '-'])).stdout);
}

/** One row of `pdffonts`: a font the PDF uses, whether it is embedded and whether as a subset. */
export type PdfFont = { name: string; type: string; embedded: boolean; subset: boolean; unicode: boolean };

/** The fonts `pdffonts` lists for a PDF. */
export function pdffonts(bytes: Uint8Array): Promise<PdfFont[]> {
  return withPdfFile(bytes, async (file) => {
    const { stdout } = await run('pdffonts', [file]);
    // name type encoding emb sub uni object ID: the three yes/no columns come before "N 0".
    return stdout
      .split('\n')
      .slice(2)
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const match = /^(\S*)\s+(.+?)\s+\S+\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/.exec(line);
        if (!match) throw new Error(`pdffonts printed a line this helper cannot read: ${line}`);
        return {
          name: match[1]!,
          type: match[2]!,
          embedded: match[3] === 'yes',
          subset: match[4] === 'yes',
          unicode: match[5] === 'yes',
        };
      });
  });
}

/** A page rendered by `pdftoppm` in shades of grey: one byte per pixel, 0 black, 255 white. */
export type GreyImage = { width: number; height: number; pixels: Uint8Array };

/** Renders page `page` (from 1) of a PDF at `dpi`, as a printer or a scanner would see it. */
export function pdftoppm(bytes: Uint8Array, page: number, dpi = 150): Promise<GreyImage> {
  return withPdfFile(bytes, async (file, dir) => {
    const out = path.join(dir, 'page');
    await run('pdftoppm', [
      '-gray',
      '-r',
      String(dpi),
      '-f',
      String(page),
      '-l',
      String(page),
      '-singlefile',
      file,
      out,
    ]);
    return readPgm(await readFile(`${out}.pgm`));
  });
}

/** A binary PGM (P5) file with 8 bits a pixel, as pdftoppm -gray writes it. */
function readPgm(file: Buffer): GreyImage {
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(file.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('not an 8-bit binary PGM file');
  const [text, width, height] = header;
  return { width: Number(width), height: Number(height), pixels: file.subarray(text.length) };
}
