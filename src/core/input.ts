import type { Message } from './article.js';

/** One document to analyse, as the library and the JSONL input of the contract give it. */
export interface AnalyzeInput {
  /** The caller's id; when absent the output id is a stable hash of the content. */
  id?: string;
  /** An HTML page, as a string or as undecoded bytes (the charset is then detected). */
  html?: string | Uint8Array;
  /** Scraped plain text. */
  text?: string;
  /** Where the page came from; used for metadata and for resolving relative links. */
  url?: string;
  /** Publication time known to the caller; wins over what the page says. */
  publishedAt?: string;
  /** Take a text input exactly as given: no title, boilerplate or heading detection. */
  verbatim?: boolean;
  /** Content-Type header, when the input came over HTTP (its charset is honoured). */
  contentType?: string;
  /** What to call this input in error messages (a path, a URL, "stdin", "line 3"). */
  label?: string;
  /** Messages about reading the input (a guessed charset, …), copied into the article's messages. */
  messages?: Message[];
}
