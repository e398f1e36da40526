import { parseArgs } from 'node:util';
import { CliError, USAGE_EXIT } from './cli-error.js';

interface OptionSpec {
  type: 'string' | 'boolean';
  /** What the value looks like, for messages and the usage text. */
  value?: string;
}

interface CommandSpec {
  /** Positional arguments by name; the command takes exactly these. */
  positionals: string[];
  options: Record<string, OptionSpec>;
  summary: string;
}

const EXPORT_FORMATS = ['jsonl', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Every command with what it accepts; the parser and the usage text both read this table. */
const COMMANDS = {
  seed: { positionals: [], options: {}, summary: 'load the demo data (twice changes nothing)' },
  import: { positionals: ['file.jsonl'], options: {}, summary: 'validate the whole file, then record it in atomic chunks' },
  export: {
    positionals: [],
    options: { format: { type: 'string', value: EXPORT_FORMATS.join('|') } },
    summary: "every statement's current version, to stdout",
  },
  rebuild: { positionals: [], options: {}, summary: 'replay every projection into fresh tables and swap them in' },
  verify: {
    positionals: [],
    options: { checkpoint: { type: 'string', value: 'file.json' } },
    summary: 'recompute the hash chain (and prove it extends a saved checkpoint)',
  },
  'import-actors': { positionals: ['file.jsonl'], options: {}, summary: 'validate every actor of the file, then register those not yet registered' },
  'export-actors': { positionals: [], options: {}, summary: 'every actor, one JSON per line, to stdout' },
} satisfies Record<string, CommandSpec>;

type CommandName = keyof typeof COMMANDS;
const NAMES = Object.keys(COMMANDS) as CommandName[];
const HELP: OptionSpec = { type: 'boolean' };

export type CommandLine =
  | { command: 'help' }
  | { command: 'seed' }
  | { command: 'import'; file: string }
  | { command: 'export'; format: ExportFormat }
  | { command: 'rebuild' }
  | { command: 'verify'; checkpoint?: string }
  | { command: 'import-actors'; file: string }
  | { command: 'export-actors' };

const synopsis = (name: CommandName): string => {
  const spec: CommandSpec = COMMANDS[name];
  const options = Object.entries(spec.options).map(([option, { value }]) => `[--${option}${value ? ` ${value}` : ''}]`);
  const positionals = spec.positionals.map((positional) => `<${positional}>`);
  return [name, ...positionals, ...options].join(' ');
};

export const USAGE = [
  'usage: stance-ledger <command> [options]        (from a checkout: npm run cli -- <command> [options])',
  ...NAMES.map((name) => `  ${synopsis(name).padEnd(40)} ${COMMANDS[name].summary}`),
  '  --help, -h                               this text',
].join('\n');

function validOptions(name: CommandName): string {
  const spec: CommandSpec = COMMANDS[name];
  const options = Object.entries(spec.options).map(([option, { value }]) => `--${option}${value ? ` <${value}>` : ''}`);
  return [...options, '--help'].join(', ');
}

/**
 * Reads `<command> [arguments] [options]`. Anything it does not know is a one-line error
 * naming what is valid there (exit 2), before a database is touched.
 */
export function parseCommandLine(argv: string[]): CommandLine {
  const commandIndex = argv.findIndex((arg) => !arg.startsWith('-'));
  const before = commandIndex < 0 ? argv : argv.slice(0, commandIndex);
  for (const arg of before) {
    if (arg !== '--help' && arg !== '-h') {
      throw new CliError(`unknown option ${arg} before the command (valid: --help); commands: ${NAMES.join(', ')}`, USAGE_EXIT);
    }
  }
  if (commandIndex < 0) {
    if (before.length > 0) return { command: 'help' };
    throw new CliError(`no command given; commands: ${NAMES.join(', ')} (--help for usage)`, USAGE_EXIT);
  }
  const name = argv[commandIndex];
  if (!(NAMES as string[]).includes(name)) {
    throw new CliError(`unknown command "${name}"; commands: ${NAMES.join(', ')} (--help for usage)`, USAGE_EXIT);
  }
  if (before.length > 0) return { command: 'help' };
  const command = name as CommandName;
  const spec: CommandSpec = COMMANDS[command];
  // Not strict: every token is checked here, so each message can name what the command accepts.
  const { tokens } = parseArgs({
    args: argv.slice(commandIndex + 1),
    options: { ...spec.options, help: { ...HELP, short: 'h' } },
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const values: Record<string, string | true> = {};
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'option-terminator') continue;
    if (token.kind === 'positional') {
      positionals.push(token.value);
      continue;
    }
    const option = token.name === 'help' ? HELP : spec.options[token.name];
    if (!option) throw new CliError(`${command}: unknown option ${token.rawName} (valid: ${validOptions(command)})`, USAGE_EXIT);
    if (option.type === 'string' && (token.value === undefined || token.value === '')) {
      throw new CliError(`${command}: ${token.rawName} needs a value (${token.rawName} <${option.value}>)`, USAGE_EXIT);
    }
    if (option.type === 'boolean' && token.inlineValue) {
      throw new CliError(`${command}: ${token.rawName} takes no value`, USAGE_EXIT);
    }
    if (token.name in values) throw new CliError(`${command}: ${token.rawName} given twice`, USAGE_EXIT);
    values[token.name] = option.type === 'string' ? token.value! : true;
  }
  if (values.help) return { command: 'help' };
  checkPositionals(command, spec, positionals);
  switch (command) {
    case 'import':
    case 'import-actors':
      return { command, file: positionals[0] };
    case 'export': {
      const format = (values.format as string | undefined) ?? 'jsonl';
      if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
        throw new CliError(`export: --format must be ${EXPORT_FORMATS.join(' or ')}, not "${format}"`, USAGE_EXIT);
      }
      return { command, format: format as ExportFormat };
    }
    case 'verify':
      return { command, checkpoint: values.checkpoint as string | undefined };
    default:
      return { command };
  }
}

function checkPositionals(command: CommandName, spec: CommandSpec, positionals: string[]): void {
  if (positionals.length === spec.positionals.length) return;
  if (positionals.length < spec.positionals.length) {
    throw new CliError(`${command}: missing <${spec.positionals[positionals.length]}> (usage: stance-ledger ${synopsis(command)})`, USAGE_EXIT);
  }
  const extra = positionals[spec.positionals.length];
  // `export csv` means `export --format csv`: say so rather than guess.
  if (command === 'export' && (EXPORT_FORMATS as readonly string[]).includes(extra)) {
    throw new CliError(`export takes no argument "${extra}"; did you mean: export --format ${extra}`, USAGE_EXIT);
  }
  if (command === 'verify' && extra.endsWith('.json')) {
    throw new CliError(`verify takes no argument "${extra}"; did you mean: verify --checkpoint ${extra}`, USAGE_EXIT);
  }
  throw new CliError(`${command}: unexpected argument "${extra}" (usage: stance-ledger ${synopsis(command)})`, USAGE_EXIT);
}
