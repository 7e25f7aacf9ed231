/** QA generation (offline) and validation of `smelt synth qa`. */
export { generateQaOffline } from "./generate.js";
export type * from "./types.js";
export { QaSampleSchema } from "./types.js";
export { validateSample } from "./validate.js";
