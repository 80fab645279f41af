import { PDFDocument } from 'pdf-lib';
import { embedFonts, type Fonts } from './fonts.ts';
import { A4, Sheet } from './sheet.ts';

/** What a reader shows of a document: its title, author (the administration), language, date. */
export type PdfMeta = { title: string; author: string; lang: string; createdAt: Date };

/** A document being made: its fonts, its pages in order, and a page that only measures. */
export type PdfDocument = {
  fonts: Fonts;
  /** The pages added so far, in order. */
  sheets: Sheet[];
  /** Adds an A4 page at the end. */
  addPage(): Sheet;
  /** A sheet that draws nothing: lay text out on it to know where it would end. */
  measure(): Sheet;
  save(): Promise<Uint8Array>;
};

/** Starts an A4 document set in the embedded Unicode fonts, described by `meta`. */
export async function createPdf(meta: PdfMeta): Promise<PdfDocument> {
  // Left to itself pdf-lib stamps the current time and its own name: the document's date is what
  // counts, and the same document then gives the same bytes whenever it is made again.
  const doc = await PDFDocument.create({ updateMetadata: false });
  const seed = [meta.title, meta.author, meta.lang, meta.createdAt.toISOString()].join('\n');
  const fonts = await embedFonts(doc, seed);
  const sheets: Sheet[] = [];
  return {
    fonts,
    sheets,
    addPage() {
      const sheet = new Sheet(doc.addPage([A4.width, A4.height]));
      sheets.push(sheet);
      return sheet;
    },
    measure: () => new Sheet(undefined),
    async save() {
      if (sheets.length === 0) throw new RangeError('a PDF document needs at least one page');
      doc.setTitle(meta.title);
      doc.setAuthor(meta.author);
      doc.setLanguage(meta.lang);
      doc.setCreationDate(meta.createdAt);
      doc.setProducer('Comptoir');
      return doc.save();
    },
  };
}
