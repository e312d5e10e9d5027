import type { Reply } from "../contracts/chat.js";
import { CATALOGUES, DISCORD_LOCALES } from "../i18n/index.js";

/** A command named in running text: `/alert` after a line start, a space or an opening mark; not USDT in BTC/USDT. */
const COMMAND_WORD = /(^|[\s(«„“"'])\/([a-z][a-z0-9_]*)(?![\w/-])/g;

/** Each command's localised name in a Discord client whose locale is `tag`; undefined where it shows English. */
function discordNames(tag: string | undefined): ReadonlyMap<string, string> | undefined {
  const entry = Object.entries(DISCORD_LOCALES).find(([, tags]) => tag !== undefined && tags.includes(tag));
  if (entry === undefined) return undefined;
  const words = CATALOGUES[entry[0] as keyof typeof CATALOGUES].commands;
  return new Map(
    Object.entries(words).flatMap(([name, { name: local }]) => (local === undefined ? [] : [[name, local]])),
  );
}

/**
 * A reply as a Discord user reads it: Discord lists each command under its localised name in a client of a
 * shipped language (`/alarm` in a German one, from name_localizations), and that is the name such a user
 * must pick, so every `/alert` the text names becomes `/alarm` there. Which names a client shows depends on
 * its locale (`reply.locale`: the interaction's, or the subscriber's for a post), not on the reply's
 * language. Telegram and the console register the English names only and leave replies as written.
 */
export function withDiscordCommandNames(reply: Reply): Reply {
  const names = discordNames(reply.locale);
  if (names === undefined) return reply;
  const rename = (text: string) =>
    text.replace(COMMAND_WORD, (all, before: string, name: string) => {
      const local = names.get(name);
      return local === undefined ? all : `${before}/${local}`;
    });
  return {
    ...reply,
    lines: reply.lines.map(rename),
    ...(reply.title === undefined ? {} : { title: rename(reply.title) }),
    ...(reply.fields === undefined
      ? {}
      : { fields: reply.fields.map((field) => ({ name: rename(field.name), value: rename(field.value) })) }),
    ...(reply.footer === undefined ? {} : { footer: rename(reply.footer) }),
  };
}
