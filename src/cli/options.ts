import { InvalidArgumentError } from "commander";

/** Parse a positive integer flag value with a message that names the fix. */
export function positiveInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) {
      throw new InvalidArgumentError(`${name} takes a whole number >= 1 (got "${value}"), e.g. ${name} 2`);
    }
    return n;
  };
}

/** Parse a positive (possibly fractional) number flag value. */
export function positiveNumber(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) {
      throw new InvalidArgumentError(`${name} takes a number > 0 (got "${value}"), e.g. ${name} 8`);
    }
    return n;
  };
}
