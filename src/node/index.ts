export { createClock } from "./clock.js";
export { createCryptoRandom } from "./random.js";
