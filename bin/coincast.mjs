#!/usr/bin/env node
// The `coincast` bin: runs the TypeScript CLI through tsx, so no build step stands between clone and use.
import { register } from "tsx/esm/api";

register();
await import("../src/cli.ts");
