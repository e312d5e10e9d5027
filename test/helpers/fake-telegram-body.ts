/**
 * How the fake Bot API (fake-telegram.ts) reads a request: query string, JSON body, or multipart form with
 * its fields JSON-decoded where they are JSON and its file parts kept as bytes.
 */

export interface RecordedFile {
  /** The part's filename as sent. */
  filename: string;
  size: number;
  bytes: Buffer;
}

export function parseBody(
  contentType: string,
  body: Buffer,
  query: URLSearchParams,
): { params: Record<string, unknown>; files: RecordedFile[] } {
  const params: Record<string, unknown> = Object.fromEntries(query);
  if (contentType.startsWith("application/json") && body.length > 0) {
    return {
      params: { ...params, ...(JSON.parse(body.toString("utf8")) as Record<string, unknown>) },
      files: [],
    };
  }
  const boundary = /boundary=("?)([^";]+)\1/.exec(contentType)?.[2];
  if (contentType.startsWith("multipart/form-data") && boundary !== undefined) {
    return parseMultipart(body, boundary, params);
  }
  return { params, files: [] };
}

/**
 * A lenient multipart reader. Written by hand because the Web `Request#formData()` in Node 20 rejects what
 * grammY sends (an unquoted `filename=`), which Telegram itself accepts.
 */
function parseMultipart(
  body: Buffer,
  boundary: string,
  params: Record<string, unknown>,
): { params: Record<string, unknown>; files: RecordedFile[] } {
  const files: RecordedFile[] = [];
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const partStart = start + delimiter.length;
    const end = body.indexOf(delimiter, partStart);
    if (end === -1) break;
    // Each part: CRLF, headers, CRLF CRLF, content, CRLF before the next delimiter.
    const part = body.subarray(partStart + 2, end - 2);
    const split = part.indexOf("\r\n\r\n");
    if (split !== -1) {
      const headers = part.subarray(0, split).toString("utf8");
      const content = part.subarray(split + 4);
      const name = /name="([^"]*)"/i.exec(headers)?.[1];
      const filename = /filename=(?:"([^"]*)"|([^;\r\n]+))/i.exec(headers);
      if (filename !== null) {
        files.push({ filename: filename[1] ?? filename[2] ?? "", size: content.length, bytes: content });
      } else if (name !== undefined) {
        params[name] = jsonOrText(content.toString("utf8"));
      }
    }
    start = end;
  }
  return { params, files };
}

function jsonOrText(text: string): unknown {
  if (!/^[[{]/.test(text)) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
