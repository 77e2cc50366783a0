// A worker thread does not inherit tsx's loader from the process that started it (Node 20): register it
// here, then load the thread's TypeScript (paths like @/lib resolve through tsconfig.json, as in the worker).
import { register } from "tsx/esm/api";

register();
await import("./provider-thread-main.ts");
