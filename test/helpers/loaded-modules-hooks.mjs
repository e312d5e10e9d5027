// The loader-thread half of loaded-modules.mjs: reports every module URL it loads.
let port;

export function initialize(data) {
  port = data.port;
}

export async function load(url, context, next) {
  port.postMessage(url);
  return next(url, context);
}
