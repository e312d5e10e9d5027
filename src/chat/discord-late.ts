import { type ChatInputCommandInteraction, DiscordAPIError, MessageFlags } from "discord.js";
import { i18nFor } from "../i18n/index.js";
import type { DiscordMessage } from "./discord-format.js";

/** How long Discord honours an interaction's token (edits, follow-ups, deleting the reply) after it was created. */
const INTERACTION_TOKEN_MS = 15 * 60_000;
/** An answer this close to the token's end is not tried on it: the request could land after the end. */
const EXPIRY_MARGIN_MS = 30_000;

/** Discord's JSON error code for a request on an expired (or otherwise invalid) interaction token. */
const INVALID_WEBHOOK_TOKEN = 50027;

/** A message as the interaction's answer: an embed and chart (DiscordMessage), or a line of text. */
type Answer = Partial<DiscordMessage> & { content?: string };

/**
 * Sends an answer through the interaction's token (`viaToken`: reply, edit or follow-up), unless the token
 * has expired or is about to (measured from the interaction's creation), or Discord refuses it as expired
 * (401, Invalid Webhook Token): then the answer goes out as a message of its own (see sendLate).
 */
export async function answerInTime(
  interaction: ChatInputCommandInteraction,
  answer: Answer,
  viaToken: () => Promise<unknown>,
): Promise<void> {
  if (tokenSpent(interaction)) return sendLate(interaction, answer);
  try {
    await viaToken();
  } catch (error) {
    if (!(error instanceof DiscordAPIError && (error.code === INVALID_WEBHOOK_TOKEN || error.status === 401)))
      throw error;
    await sendLate(interaction, answer);
  }
}

/** Whether the interaction's token is older than `ms` (by default: expired, or will be within the margin). */
const tokenSpent = (interaction: ChatInputCommandInteraction, ms = INTERACTION_TOKEN_MS - EXPIRY_MARGIN_MS) =>
  Date.now() - interaction.createdTimestamp >= ms;

/** When a deferred command still running is told its answer will come on its own: a margin before it does. */
const NOTICE_AT_MS = INTERACTION_TOKEN_MS - 2 * EXPIRY_MARGIN_MS;

/** Whether the placeholder has (or is about to have) the late notice: no progress line may replace it. */
export const noticeDue = (interaction: ChatInputCommandInteraction): boolean =>
  tokenSpent(interaction, NOTICE_AT_MS);

/**
 * Late notices: once a deferred command has run close to its token's end, its placeholder ("thinking…")
 * says, once, that the answer will come as a message of its own. Past the token nothing can edit or delete
 * it, and "thinking…" left beside the late answer reads as a command that never finished. (Deleting it with
 * the bot's REST after the answer would not reach an ephemeral one, nor one where the bot can not read.) An
 * answer still in time replaces the notice. A turn's `notice` is started once deferred and cancelled as the
 * answer (or apology) goes out; `stop` cancels every one pending, and none keeps the process alive.
 */
export function lateNotices(failed: (interaction: ChatInputCommandInteraction) => (error: unknown) => void) {
  const pending = new Set<() => void>();
  const notice = (interaction: ChatInputCommandInteraction) => {
    let timer: NodeJS.Timeout | undefined;
    const cancel = () => {
      clearTimeout(timer);
      pending.delete(cancel);
    };
    const start = () => {
      pending.add(cancel);
      timer = setTimeout(
        () => {
          cancel();
          // Fired this late (a stalled event loop), the edit could land after the token's end: the answer says why.
          if (tokenSpent(interaction)) return;
          interaction
            .editReply(i18nFor(interaction.locale).t("chat.answerComesLate"))
            .catch(failed(interaction));
        },
        interaction.createdTimestamp + NOTICE_AT_MS - Date.now(),
      ).unref();
    };
    return { start, cancel };
  };
  return {
    notice,
    stop: () => {
      for (const cancel of pending) cancel();
    },
  };
}

/**
 * An answer whose interaction token is spent, as a bot message: in the interaction's channel, or, for a
 * private answer (it must not become public), a command in a DM, or a channel the bot may not post in, as
 * a DM to the user. It names the user (a mention that pings nobody: the client's allowedMentions default
 * parses none) and says why it comes this way.
 */
async function sendLate(interaction: ChatInputCommandInteraction, answer: Answer): Promise<void> {
  const { flags, content, ...rest } = answer;
  const why = i18nFor(interaction.locale).t("chat.lateAnswer", { user: `<@${interaction.user.id}>` });
  const message = { ...rest, content: content === undefined ? why : `${why}\n${content}` };
  const dm = async () => void (await interaction.user.send(message));
  if (flags === MessageFlags.Ephemeral || interaction.guildId === null) return dm();
  // A slash command needs no right to post in the channel: where the bot may not, the asker gets a DM.
  const channel = await interaction.client.channels
    .fetch(interaction.channelId, { allowUnknownGuild: true })
    .catch((error: unknown) => (refused(error) ? null : Promise.reject(error)));
  if (channel === null || !channel.isSendable()) return dm();
  await channel.send(message).catch((error: unknown) => (refused(error) ? dm() : Promise.reject(error)));
}

/** Discord's "not here": Missing Access (50001), Missing Permissions (50013), or any 403. */
const refused = (error: unknown): boolean =>
  error instanceof DiscordAPIError && (error.status === 403 || error.code === 50001 || error.code === 50013);
