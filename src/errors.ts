/**
 * Exit codes of the rtbench command line, one by one.
 * NOTE: the README's "Exit codes" table must change together with this one.
 */
export const ExitCode = {
  /** Everything ran and every threshold passed. */
  Ok: 0,
  /** A bug or an unexpected failure inside rtbench. */
  Internal: 1,
  /** Bad options, config file or corpus: nothing was run. */
  Usage: 2,
  /** The run completed but at least one `--fail-on` threshold failed. */
  ThresholdsFailed: 3,
  /** Could not connect to or authenticate with the target. */
  Connect: 4,
  /** Interrupted (SIGINT); partial results were written. */
  Interrupted: 130,
  /** Terminated (SIGTERM: CI cancellation, `docker stop`); partial results were written, as for SIGINT. */
  Terminated: 143,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** Options for every {@link HarnessError}. */
export interface HarnessErrorOptions {
  /** What the user can do about it, printed under the message. */
  hint?: string;
  cause?: unknown;
}

/** Base of every error rtbench raises on purpose; carries its exit code and a hint. */
export abstract class HarnessError extends Error {
  abstract readonly exitCode: ExitCodeValue;
  readonly hint: string | undefined;

  constructor(message: string, options: HarnessErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.hint = options.hint;
  }
}

/** Bad options or config file. */
export class ConfigError extends HarnessError {
  readonly exitCode = ExitCode.Usage;
  /** Every problem found, so that the user can fix them all at once. */
  readonly problems: readonly string[];

  constructor(problems: readonly string[], options: HarnessErrorOptions = {}) {
    super(problems.length === 1 ? (problems[0] ?? '') : `${problems.length} problems:\n  - ${problems.join('\n  - ')}`, options);
    this.problems = problems;
  }
}

/**
 * A results file or folder cannot be written: a full disk, a read-only place, a file where a
 * folder must be. A usage problem of where the output goes, so exit 2.
 */
export class OutputError extends HarnessError {
  readonly exitCode = ExitCode.Usage;
}

/** What each file-system error code means, in words a user can act on. */
const FILE_SYSTEM_REASONS: Readonly<Record<string, string>> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'the operation is not permitted there',
  EIO: 'an input/output error (the file does not take writes)',
  EFBIG: 'the file is too large',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  ENAMETOOLONG: 'the name is too long',
  ENOENT: 'no such file or folder, or the file system does not allow creating one',
  EEXIST: 'it already exists',
  EMFILE: 'too many open files',
  ELOOP: 'too many symbolic links',
};

/** The code of a Node file-system error (`ENOSPC`, …) when `error` is one that {@link describeFileSystemError} explains. */
export function fileSystemErrorCode(error: unknown): string | null {
  if (typeof error !== 'object' || error === null || !('code' in error) || !('syscall' in error)) return null;
  const code = String(error.code);
  return code in FILE_SYSTEM_REASONS ? code : null;
}

/** A file-system error in words: `the disk is full (ENOSPC)`; the error's own message for other errors. */
export function describeFileSystemError(error: unknown): string {
  const code = fileSystemErrorCode(error);
  if (code === null) return describeError(error);
  return `${FILE_SYSTEM_REASONS[code] ?? code} (${code})`;
}

/** The corpus folder or its manifest cannot be used at all. */
export class CorpusError extends HarnessError {
  readonly exitCode = ExitCode.Usage;
}

/** Options of a {@link TransportError}. */
export interface TransportErrorOptions extends HarnessErrorOptions {
  /** Whether trying again later may succeed. */
  retryable?: boolean;
  /** The WebSocket close code, when the server closed the socket. */
  closeCode?: number;
  /** No session of the run can succeed (authentication, request shape): the run stops. */
  fatal?: boolean;
}

/** The connection could not be made, or the server closed it. */
export class TransportError extends HarnessError {
  readonly exitCode = ExitCode.Connect;
  readonly retryable: boolean;
  readonly closeCode: number | undefined;
  readonly fatal: boolean;

  constructor(message: string, options: TransportErrorOptions = {}) {
    super(message, options);
    this.retryable = options.retryable ?? false;
    this.closeCode = options.closeCode;
    this.fatal = options.fatal ?? false;
  }
}

/** The server sent an `error` event, or something that does not fit the protocol. */
export class ProtocolError extends HarnessError {
  readonly exitCode = ExitCode.Internal;
  /** `error.code` of the server's error event, when there was one. */
  readonly code: string | undefined;

  constructor(message: string, options: HarnessErrorOptions & { code?: string } = {}) {
    super(message, options);
    this.code = options.code;
  }
}

/** Turns anything thrown into a one-line message. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
