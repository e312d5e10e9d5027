import { SingleBar } from "cli-progress";
import type { WalkForwardProgress } from "../evaluation/walk-forward.js";
import { formatDuration } from "../format.js";
import type { RetrainStatus } from "../lifecycle/retrainer.js";
import type { TrainProgress } from "../model/types.js";

export { formatDuration };

/** One line a chat message or a log can show for a training epoch. */
export function describeTrainProgress(p: TrainProgress): string {
  const val = p.valLoss === null ? "" : `, val ${p.valLoss.toFixed(4)}`;
  return `${p.model}: epoch ${p.epoch}/${p.epochs}, loss ${p.loss.toFixed(4)}${val}, ETA ${formatDuration(p.etaMs)}`;
}

/**
 * Shows training progress on stderr: a progress bar on a terminal, one line per epoch otherwise (CI logs,
 * or `lines` for concurrent trainings).
 * Returns the callback and a `stop` to close the bar.
 */
export function createTrainProgressBar(
  stream: NodeJS.WriteStream = process.stderr,
  options: { lines?: boolean } = {},
): {
  onTrain: (p: TrainProgress, prefix?: string) => void;
  stop: () => void;
} {
  // Lines too when several trainings report at once: one bar cannot show them side by side.
  if (!stream.isTTY || options.lines === true) {
    return {
      onTrain: (p, prefix = "") => stream.write(`${prefix}${describeTrainProgress(p)}\n`),
      stop: () => {},
    };
  }
  const bar = new SingleBar({
    stream,
    format: "{prefix}{model} [{bar}] epoch {value}/{total} | loss {loss} | val {val} | ETA {eta_text}",
    hideCursor: true,
  });
  let active = "";
  return {
    onTrain: (p, prefix = "") => {
      const payload = {
        prefix,
        model: p.model,
        loss: p.loss.toFixed(4),
        val: p.valLoss?.toFixed(4) ?? "-",
        eta_text: formatDuration(p.etaMs),
      };
      if (active !== `${prefix}${p.model}`) {
        if (active !== "") bar.stop();
        active = `${prefix}${p.model}`;
        bar.start(p.epochs, p.epoch, payload);
      } else {
        bar.setTotal(p.epochs);
        bar.update(p.epoch, payload);
      }
    },
    stop: () => {
      if (active !== "") bar.stop();
      active = "";
    },
  };
}

/** A retrain's status on the training bar: the worker's own epoch, loss, validation loss and ETA. */
export function retrainProgress(
  bar: { onTrain: (p: TrainProgress) => void },
  timeframe: string,
): (status: RetrainStatus) => void {
  return (status) => {
    if (status.epoch !== undefined) bar.onTrain({ ...status.epoch, model: `${timeframe} challenger` });
  };
}

/** Walk-forward progress: fold and model lines, with the training bar inside. */
export function createWalkForwardProgress(stream: NodeJS.WriteStream = process.stderr): {
  onProgress: (p: WalkForwardProgress) => void;
  stop: () => void;
} {
  const bar = createTrainProgressBar(stream);
  return {
    onProgress: (p) => {
      const prefix = `fold ${p.fold + 1}/${p.folds} `;
      if (p.phase === "train") bar.onTrain(p.train, prefix);
      else if (p.phase === "fit") {
        bar.stop();
        stream.write(`${prefix}fitting ${p.model}\n`);
      }
    },
    stop: bar.stop,
  };
}
