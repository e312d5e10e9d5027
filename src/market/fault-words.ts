/** A short reason for logs and CLI lines; ccxt messages can carry whole response bodies. */
export function describeFault(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, MAX_REASON);
  return `${error.name}: ${shortReason(error.message)}`;
}

const MAX_REASON = 160;

/**
 * "binance GET https://…/klines 503 Service Temporarily Unavailable": the method, the path, the status and
 * its words, without the HTML error page a proxy sends (only its title, when the text before it has no
 * status words) and without the query string.
 */
export function shortReason(message: string): string {
  const html = message.search(/<(!doctype|html|head|body|\?xml)/i);
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(message)?.[1]?.trim();
  let text = (html === -1 ? message : message.slice(0, html)).replace(/\?\S*/g, "");
  text = text.replace(/\s+/g, " ").trim();
  if (title !== undefined && title !== "" && !text.includes(title)) text = `${text} (${title})`.trim();
  return text.length > MAX_REASON ? `${text.slice(0, MAX_REASON - 1)}…` : text;
}

/**
 * A reason as a chat user may read it: without the exchange's origin ("GET /api/v3/klines 500"), which behind
 * a private EXCHANGE_API_URL proxy names a host of ours. Logs keep the whole reason.
 */
export function withoutOrigins(reason: string): string {
  return reason.replace(/\bhttps?:\/\/[^\s/]+/gi, "");
}
