import type { Reply } from "../../commands/types.js";

/**
 * A reply as plain text for a terminal: the title, the "label: value" fields, the lines, then the small
 * print. The image is the caller's to place (the console writes it to a file and prints the path).
 */
export function formatText(reply: Reply): string {
  return [
    ...(reply.title === undefined ? [] : [reply.title]),
    ...(reply.fields ?? []).map((field) => `  ${field.name}: ${field.value}`),
    ...reply.lines,
    ...(reply.footer === undefined ? [] : [reply.footer]),
  ].join("\n");
}
