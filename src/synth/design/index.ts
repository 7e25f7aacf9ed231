/** Design generation (offline) and validation of `smelt synth design`. */
export { generateDesignOffline } from "./generate.js";
export type * from "./types.js";
export { DesignSampleSchema } from "./types.js";
export { proposalText, validateDesign } from "./validate.js";
