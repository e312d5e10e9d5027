import { allHorizons } from "../src/forecast/forecast.js";
import { commandWords, ENGLISH, type I18n } from "../src/i18n/index.js";
import { type Command, type CommandSpec, defineCommand } from "./types.js";

/** `/forecast <symbol> [horizon]`: how a command is typed. */
export function usageOf(spec: CommandSpec): string {
  const options = spec.options.map((o) => (o.required === true ? `<${o.name}>` : `[${o.name}]`));
  return [`/${spec.name}`, ...options].join(" ");
}

/** One line per command, generated from the specs, so help can never drift from what is accepted. */
export function describeCommands(commands: readonly Command[], { t, locale }: I18n = ENGLISH): string[] {
  return commands.map(({ spec }) => {
    const admins =
      spec.permission === "admin"
        ? ` (${t("help.admins")})`
        : spec.permission === "admin-in-groups"
          ? ` (${t("help.adminsInGroups")})`
          : "";
    return `${usageOf(spec)}: ${commandWords(spec, locale).description}${admins}`;
  });
}

/** `help` lists the registry it is given; a function, because the registry includes help itself. */
export function createHelpCommand(commands: () => readonly Command[]) {
  return defineCommand(
    {
      name: "help",
      description: "What Coincast can do, and how to ask",
      options: [],
      permission: "everyone",
    },
    async (_args, { services, i18n = ENGLISH }) => ({
      title: i18n.t("help.title"),
      lines: describeCommands(commands(), i18n),
      footer: i18n.t("help.footer", {
        symbols: services.symbols.join(", "),
        horizons: allHorizons().join(", "),
      }),
    }),
  );
}
