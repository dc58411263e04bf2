import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';

export interface WarcPage {
  url: string;
  html: string;
  /** Crawl time; defaults to now. */
  date?: Date;
}

/**
 * Serialises pages as WARC/1.1 `response` records, each (when `gzip`) its own gzip member, as Common Crawl's
 * CC-NEWS files are. Used to build scale corpora for the benchmarks and fixtures for the tests.
 */
export function warcResponseRecord(page: WarcPage, gzip: boolean): Buffer {
  const body = Buffer.from(page.html, 'utf8');
  const http = Buffer.from(
    `HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: ${body.length}\r\n\r\n`,
    'latin1',
  );
  const block = Buffer.concat([http, body]);
  const headers = [
    'WARC/1.1',
    'WARC-Type: response',
    `WARC-Record-ID: <urn:uuid:${randomUUID()}>`,
    `WARC-Date: ${(page.date ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z')}`,
    `WARC-Target-URI: ${page.url}`,
    'Content-Type: application/http; msgtype=response',
    `Content-Length: ${block.length}`,
  ].join('\r\n');
  const record = Buffer.concat([Buffer.from(`${headers}\r\n\r\n`, 'latin1'), block, Buffer.from('\r\n\r\n', 'latin1')]);
  return gzip ? gzipSync(record) : record;
}

/**
 * A gzipped `response` record whose HTML is `head + chrome + tail`, with `chrome` already compressed on its own:
 * the record is then three gzip members (headers and head, chrome, tail) that decompress, concatenated, to one
 * record, as any reader of multi-member gzip sees it. Lets a benchmark write a gigabyte of realistic pages
 * without compressing the same page furniture a hundred thousand times.
 */
export function warcResponseRecordSharing(page: { url: string; head: string; tail: string; date?: Date }, chrome: { bytes: number; gzip: Buffer }): Buffer {
  const head = Buffer.from(page.head, 'utf8');
  const tail = Buffer.from(page.tail, 'utf8');
  const bodyLength = head.length + chrome.bytes + tail.length;
  const http = `HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: ${bodyLength}\r\n\r\n`;
  const blockLength = Buffer.byteLength(http, 'latin1') + bodyLength;
  const headers = [
    'WARC/1.1', 'WARC-Type: response', `WARC-Record-ID: <urn:uuid:${randomUUID()}>`,
    `WARC-Date: ${(page.date ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z')}`, `WARC-Target-URI: ${page.url}`,
    'Content-Type: application/http; msgtype=response', `Content-Length: ${blockLength}`,
  ].join('\r\n');
  return Buffer.concat([
    gzipSync(Buffer.concat([Buffer.from(`${headers}\r\n\r\n${http}`, 'latin1'), head])),
    chrome.gzip,
    gzipSync(Buffer.concat([tail, Buffer.from('\r\n\r\n', 'latin1')])),
  ]);
}

/** The `warcinfo` record that opens a WARC file. */
export function warcInfoRecord(software: string, gzip: boolean): Buffer {
  const block = Buffer.from(`software: ${software}\r\nformat: WARC File Format 1.1\r\n`, 'utf8');
  const headers = [
    'WARC/1.1', 'WARC-Type: warcinfo', `WARC-Record-ID: <urn:uuid:${randomUUID()}>`,
    `WARC-Date: ${new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')}`, 'Content-Type: application/warc-fields', `Content-Length: ${block.length}`,
  ].join('\r\n');
  const record = Buffer.concat([Buffer.from(`${headers}\r\n\r\n`, 'latin1'), block, Buffer.from('\r\n\r\n', 'latin1')]);
  return gzip ? gzipSync(record) : record;
}
