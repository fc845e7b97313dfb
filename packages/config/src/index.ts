// The one way a function reads its configuration: from the environment, once, at cold start, failing
// loudly on a missing or malformed variable so a misconfigured deployment stops before it answers anything.

export type Environment = Record<string, string | undefined>;

export class MissingConfigurationError extends Error {
  override readonly name = 'MissingConfigurationError';
  constructor(readonly variable: string) {
    super(`The environment variable ${variable} is required but not set.`);
  }
}

export class InvalidConfigurationError extends Error {
  override readonly name = 'InvalidConfigurationError';
  constructor(
    readonly variable: string,
    expected: string,
  ) {
    super(`The environment variable ${variable} must be ${expected}.`);
  }
}

/** A variable that must be set and not blank. */
export function requiredVariable(env: Environment, name: string): string {
  const value = env[name];
  if (value === undefined || value.trim() === '') throw new MissingConfigurationError(name);
  return value.trim();
}

/** A variable that must be present but may be empty (an empty list is a deliberate choice). */
export function declaredVariable(env: Environment, name: string): string {
  const value = env[name];
  if (value === undefined) throw new MissingConfigurationError(name);
  return value.trim();
}

export function optionalVariable(env: Environment, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** A comma-separated list, blanks dropped. */
export const listOf = (value: string): string[] =>
  value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);

/** An optional number above 0, else `fallback`. */
export function positiveNumber(env: Environment, name: string, fallback: number): number {
  const raw = optionalVariable(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new InvalidConfigurationError(name, 'a number above 0');
  return value;
}
