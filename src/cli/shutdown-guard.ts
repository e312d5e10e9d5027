/**
 * While the bot shuts down (adapters stopping, the data refresh ending, databases closing), Ctrl+C or
 * SIGTERM again would otherwise kill it mid-write with Node's default handler. The first repeat only says
 * what is happening; the next one forces the exit, for a shutdown that hangs.
 * Returns the function that removes the guard once the shutdown has finished.
 */
export function guardShutdown(
  output: NodeJS.WritableStream,
  force: (code: number) => void = (code) => process.exit(code),
): () => void {
  let repeats = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    repeats += 1;
    if (repeats === 1) output.write("shutting down, press again to force\n");
    // 128 + the signal's number, as a shell reports a process the signal ended.
    else force(signal === "SIGTERM" ? 143 : 130);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return () => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  };
}
