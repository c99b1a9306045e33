// How a setting is described once (its environment variable, type, default, limits, and the construct
// prop that fills it) and what is derived from that description: the environment writer, the reader the
// handlers call at cold start (a ConfigError naming the variable), the synth-time problems the constructs
// report (naming the prop), and the 4 KB environment check. The tables themselves are in config.ts.
import { ConfigError } from './errors';
import { parseRoutes, routeTableProblems, serializeRoutes, type RouteRule } from './routes';

export type SettingType =
  /** https, or http in local mode; `alwaysHttp` for a loopback endpoint that is never public. */
  | { readonly kind: 'url'; readonly alwaysHttp?: boolean }
  | { readonly kind: 'text' }
  /** A whole number within [min, max], in `unit` (named in synth-time messages). */
  | { readonly kind: 'integer'; readonly min: number; readonly max: number; readonly unit?: string }
  /** `true`/`1` or `false`/`0`; `omitWhenFalse` leaves the variable out unless it is on. */
  | { readonly kind: 'flag'; readonly omitWhenFalse?: boolean }
  | { readonly kind: 'choice'; readonly values: readonly string[] }
  /** A comma-separated, non-empty list of known values; `item` names one in messages, `why` says what the values have in common. */
  | { readonly kind: 'list'; readonly values: readonly string[]; readonly item?: string; readonly why?: string }
  | { readonly kind: 'routes' };

export interface Setting {
  readonly env: string;
  readonly type: SettingType;
  readonly required?: boolean;
  /** What the reader gives when the variable is unset. @default undefined */
  readonly default?: unknown;
  /** The construct prop that fills it, for synth-time problems. @default - the config field's name */
  readonly prop?: string;
  /** A setting that means something with one exchange mode only (or a few), checked at synth. */
  readonly onlyWithExchangeMode?: readonly string[];
}

export type SettingsTable<TConfig> = { readonly [F in keyof TConfig]-?: Setting };

export interface SettingContext {
  /** http URLs are allowed (loopback development; never set by the constructs). @default false */
  readonly localMode?: boolean;
  /** A deploy-time value (a CDK token) is not judged. @default - every value is judged */
  readonly isUnresolved?: (value: unknown) => boolean;
}

/** One synth-time problem: the prop at fault and what is wrong with it. */
export interface SettingProblem {
  readonly prop: string;
  readonly message: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/** https only, except loopback http in local mode. */
export function urlProblem(value: string, localMode: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `"${value}" is not a URL`;
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && localMode) return undefined;
  return `"${value}" must use https${localMode ? ' or http' : ' (http is allowed in local mode only)'}`;
}

/** What is wrong with a value of this type, or undefined; shared by the reader and the synth checks. */
function valueProblem(type: SettingType, value: unknown, localMode: boolean): string | undefined {
  switch (type.kind) {
    case 'url':
      return urlProblem(value as string, localMode || type.alwaysHttp === true);
    case 'text':
      return (value as string).trim() === '' ? 'must not be empty' : undefined;
    case 'integer': {
      const number = value as number;
      if (!Number.isInteger(number) || number < type.min || number > type.max) {
        return type.unit ? `must be between ${type.min} and ${type.max} ${type.unit}, got ${number}` : `must be a whole number between ${type.min} and ${type.max}, got ${number}`;
      }
      return undefined;
    }
    case 'flag':
      return undefined;
    case 'choice':
      return type.values.includes(value as string) ? undefined : `must be one of ${type.values.join(', ')}, got "${String(value)}"`;
    case 'list': {
      const values = value as readonly string[];
      if (values.length === 0) return `must list at least one ${type.item ?? 'value'}`;
      const unknown = values.find((item) => !type.values.includes(item));
      return unknown === undefined ? undefined : `"${unknown}" is not one of ${type.values.join(', ')}${type.why ? ` (${type.why})` : ''}`;
    }
    case 'routes': {
      const routes = value as readonly RouteRule[];
      if (routes.length === 0) return 'must list at least one route (routes are denied by default)';
      const problems = routeTableProblems(routes);
      return problems.length === 0 ? undefined : problems.join('; ');
    }
  }
}

function parseValue(type: SettingType, name: string, text: string): unknown {
  switch (type.kind) {
    case 'integer':
      if (!/^\d+$/.test(text)) throw new ConfigError(name, `must be a whole number, got "${text}"`);
      return Number(text);
    case 'flag':
      if (text === 'false' || text === '0') return false;
      if (text === 'true' || text === '1') return true;
      throw new ConfigError(name, `must be true or false, got "${text}"`);
    case 'list': {
      const values = text.split(',').map((item) => item.trim()).filter((item) => item.length > 0);
      if (values.length === 0) throw new ConfigError(name, 'must list at least one value');
      return values;
    }
    case 'routes':
      try {
        return parseRoutes(text);
      } catch (error) {
        if (error instanceof ConfigError) throw error;
        throw new ConfigError(name, (error as Error).message);
      }
    default:
      return text;
  }
}

/** One variable read and checked; a ConfigError names the variable. */
export function readSetting(setting: Setting, env: Env, localMode: boolean): unknown {
  const text = env[setting.env]?.trim();
  if (!text) {
    if (setting.required) throw new ConfigError(setting.env, 'is required');
    return setting.type.kind === 'list' && Array.isArray(setting.default) ? [...setting.default] : setting.default;
  }
  const value = parseValue(setting.type, setting.env, text);
  const problem = valueProblem(setting.type, value, localMode);
  if (problem) throw new ConfigError(setting.env, problem);
  return value;
}

/** Every setting of the table read from `env`, in the table's order. */
export function readSettings<TConfig>(table: SettingsTable<TConfig>, env: Env, localMode: boolean): TConfig {
  const config: Record<string, unknown> = {};
  for (const field of Object.keys(table) as (keyof TConfig & string)[]) config[field] = readSetting(table[field], env, localMode);
  return config as TConfig;
}

function written(type: SettingType, value: unknown): string | undefined {
  if (type.kind === 'flag') return value === true ? 'true' : value === false && !type.omitWhenFalse ? 'false' : undefined;
  if (type.kind === 'list') return (value as readonly string[]).join(',');
  if (type.kind === 'routes') return serializeRoutes(value as readonly RouteRule[]);
  return String(value);
}

/** The variables for the settings given; what is left out (undefined) gets its default at cold start. */
export function writeSettings<TConfig>(table: SettingsTable<TConfig>, settings: Partial<TConfig>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const field of Object.keys(table) as (keyof TConfig & string)[]) {
    const value = settings[field];
    if (value === undefined) continue;
    const text = written(table[field].type, value);
    if (text !== undefined && text !== '') env[table[field].env] = text;
  }
  return env;
}

/**
 * Problems with the settings given, each naming the construct prop: exactly what the reader would refuse
 * at cold start, found at synth. Only given values are judged, so a caller checks what it has (a gateway
 * its shared authorizer options before the routes exist) with no placeholder for the rest; a caller that
 * owns the whole set adds `missingSettingProblems`.
 */
export function settingProblems<TConfig>(table: SettingsTable<TConfig>, settings: Partial<TConfig>, context: SettingContext = {}): SettingProblem[] {
  const isUnresolved = context.isUnresolved ?? (() => false);
  const problems: SettingProblem[] = [];
  const mode = (settings as { exchangeMode?: unknown }).exchangeMode ?? (table as Record<string, Setting>).exchangeMode?.default;
  for (const field of Object.keys(table) as (keyof TConfig & string)[]) {
    const setting = table[field];
    const value = settings[field];
    if (value === undefined || isUnresolved(value)) continue;
    const prop = setting.prop ?? field;
    if (setting.required && typeof value === 'string' && value.trim() === '') {
      problems.push({ prop, message: 'is required' });
      continue;
    }
    const problem = valueProblem(setting.type, value, context.localMode ?? false);
    if (problem) problems.push({ prop, message: problem });
    if (setting.onlyWithExchangeMode && typeof mode === 'string' && !setting.onlyWithExchangeMode.includes(mode)) {
      problems.push({ prop, message: `applies to exchangeMode ${setting.onlyWithExchangeMode.join(', ')} only, not ${mode}` });
    }
  }
  return problems;
}

/** Lambda allows 4 KB of environment variables in all (names and values). */
export const LAMBDA_ENV_LIMIT_BYTES = 4096;

/** The required settings that were not given at all, each naming its prop. */
export function missingSettingProblems<TConfig>(table: SettingsTable<TConfig>, settings: Partial<TConfig>): SettingProblem[] {
  return (Object.keys(table) as (keyof TConfig & string)[])
    .filter((field) => table[field].required && settings[field] === undefined)
    .map((field) => ({ prop: table[field].prop ?? field, message: 'is required' }));
}

/** Bytes Lambda counts for the variables; `bytesOf` counts one name or value (the constructs count a deploy-time token as the length it will likely have). */
export function environmentBytes(env: Readonly<Record<string, string>>, bytesOf: (text: string) => number = Buffer.byteLength): number {
  let total = 0;
  for (const [name, value] of Object.entries(env)) total += bytesOf(name) + bytesOf(value);
  return total;
}
