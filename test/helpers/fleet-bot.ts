// A bot replica for the fleet tests: the real composition root (config from the environment, BullMQ
// runner, PostgreSQL ledger) with the chat adapter replaced by IPC. The parent sends
// { id, symbol, horizon } and gets one { id, ok, ... } back per request.
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import { createServices } from "../../src/main.js";

interface Request {
  id: number;
  symbol: string;
  horizon: string;
}

const config = loadConfig();
const services = createServices(config, createLogger(config.logLevel));
const service = await services.forecastService();
const send = (message: object) => process.send?.(message);

process.on("message", (request: Request) => {
  service.forecast(request.symbol, request.horizon).then(
    (f) => send({ id: request.id, ok: true, median: f.median, asOf: f.asOf, modelVersion: f.modelVersion }),
    (error: unknown) => send({ id: request.id, ok: false, error: (error as Error).message }),
  );
});
process.on("disconnect", () => {
  void services.close().finally(() => process.exit(0));
});
send({ ready: true });
