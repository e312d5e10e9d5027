import { accuracyCommand } from "./accuracy.js";
import { alertCommand } from "./alert.js";
import { alertsCommand } from "./alerts.js";
import { faqCommand } from "./faq.js";
import { forecastCommand } from "./forecast.js";
import { createHelpCommand } from "./help.js";
import { modelCommand } from "./model.js";
import { retrainCommand } from "./retrain.js";
import { subscribeCommand } from "./subscribe.js";
import { subscriptionsCommand } from "./subscriptions.js";
import type { Command } from "./types.js";
import { unsubscribeCommand } from "./unsubscribe.js";

/** Discord's and Telegram's rules together: lowercase letters, digits and underscore, 1-32 characters. */
const COMMAND_NAME = /^[a-z0-9_]{1,32}$/;
/** Discord's option-name rule. */
const OPTION_NAME = /^[a-z0-9_-]{1,32}$/;
const MAX_DESCRIPTION = 100;
const MAX_CHOICES = 25;

/**
 * Refuses a malformed registry before any platform sees it: names, description lengths, choices, unique
 * names, and required options before optional ones (a typed word can only skip the ones at the end).
 * @throws Error naming every problem.
 */
export function checkCommands(commands: readonly Command[]): void {
  const problems: string[] = [];
  const described = (what: string, text: string) => {
    if (text.length < 1 || text.length > MAX_DESCRIPTION)
      problems.push(`${what}: description must be 1-${MAX_DESCRIPTION} characters, has ${text.length}`);
  };
  const seen = new Set<string>();
  for (const command of commands) {
    const { spec } = command;
    if (typeof command.run !== "function") problems.push(`/${spec.name}: no handler`);
    if (!COMMAND_NAME.test(spec.name)) problems.push(`/${spec.name}: name must match ${COMMAND_NAME}`);
    if (seen.has(spec.name)) problems.push(`/${spec.name}: declared twice`);
    seen.add(spec.name);
    described(`/${spec.name}`, spec.description);
    const options = new Set<string>();
    let optionalSeen = false;
    for (const option of spec.options) {
      const what = `/${spec.name} ${option.name}`;
      if (!OPTION_NAME.test(option.name)) problems.push(`${what}: name must match ${OPTION_NAME}`);
      if (options.has(option.name)) problems.push(`${what}: declared twice`);
      options.add(option.name);
      described(what, option.description);
      if (option.required === true && optionalSeen) problems.push(`${what}: required after an optional one`);
      if (option.required !== true) optionalSeen = true;
      if (option.choices !== undefined) {
        if (option.choices.length < 1 || option.choices.length > MAX_CHOICES)
          problems.push(`${what}: 1-${MAX_CHOICES} choices, has ${option.choices.length}`);
        if (option.autocomplete !== undefined)
          problems.push(`${what}: choices and autocomplete exclude each other`);
      }
      if (option.maxLength !== undefined && !(option.maxLength >= 1))
        problems.push(`${what}: maxLength must be at least 1`);
    }
  }
  if (problems.length > 0) throw new Error(`Malformed commands:\n  ${problems.join("\n  ")}`);
}

const help = createHelpCommand(() => COMMANDS);

/** Every chat command, in the order help lists them. Adapters read this; they never list commands themselves. */
export const COMMANDS: readonly Command[] = [
  forecastCommand,
  accuracyCommand,
  modelCommand,
  faqCommand,
  help,
  retrainCommand,
  subscribeCommand,
  unsubscribeCommand,
  subscriptionsCommand,
  alertCommand,
  alertsCommand,
];

checkCommands(COMMANDS);
