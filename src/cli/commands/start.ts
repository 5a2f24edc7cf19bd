import { ConfigError } from '../../config/config.ts';
import { createLevqor, type LevqorRoles } from '../../main.ts';
import { serveDatabaseChannel } from '../../store/channel/channel-server.ts';
import { CliError, loadCliConfig, parseCommandArgs, type Command } from '../command.ts';
import { runningEmbeddedServer } from './workspace-database.ts';

function serve(name: string, roles: LevqorRoles): Command['run'] {
  return async (args) => {
    const { values } = parseCommandArgs(name, args, { port: { type: 'string' }, host: { type: 'string' } }, false);
    const env = { ...process.env, ...(values.port ? { PORT: values.port } : {}), ...(values.host ? { HOST: values.host } : {}) };
    const config = loadCliConfig(env);
    if (!roles.api && config.database.kind === 'pglite') {
      throw new CliError('"levqor worker" needs a shared PostgreSQL database: set DATABASE_URL (the embedded database serves one process only; "levqor start" runs a worker already)', 1);
    }
    // A second process must not open the embedded database a server is using.
    const running = await runningEmbeddedServer(config);
    if (running) throw new CliError(`Levqor is already running on the embedded database in ${config.database.kind === 'pglite' ? config.database.dataDir : ''} (process ${running.pid}); stop it first, or set LEVQOR_DATA_DIR to another directory`, 1);
    // A master key that is unsafe or does not match the database stops the start with its message.
    const levqor = await createLevqor(config, roles).catch((error: unknown) => {
      throw error instanceof ConfigError ? new CliError(error.message, 1) : error;
    });
    const { url, metricsUrl } = await levqor.start().catch(async (error: unknown) => {
      // Nothing may keep the process alive after a failed start: close what was opened, then say why.
      await levqor.close().catch(() => {});
      throw listenProblem(error, config) ?? error;
    });
    const channel = config.database.kind === 'pglite' && config.database.dataDir
      ? await serveDatabaseChannel(config.database.dataDir, levqor.database.db, (error) => levqor.logger.warn({ err: error }, 'admin channel error')).catch((error: unknown) => {
          levqor.logger.warn({ err: error }, 'the admin channel could not be opened; admin commands need the server stopped');
          return undefined;
        })
      : undefined;
    const where = levqor.database.description;
    if (metricsUrl) console.log(`Metrics (Prometheus): ${metricsUrl}`);
    if (url && !config.http.publicUrl && !['127.0.0.1', 'localhost', '::1'].includes(config.http.host)) {
      console.log('LEVQOR_PUBLIC_URL is not set: links in mails and API answers (hook URLs, password resets) use the listening address; set it to the address users reach');
    }
    if (url) console.log(`Levqor is running at ${url.replace('127.0.0.1', 'localhost')} (${where})\nAPI documentation: ${url.replace('127.0.0.1', 'localhost')}/docs`);
    else console.log(`Levqor worker started (${where}), ${config.runs.workerConcurrency} runs at a time`);
    if (levqor.generatedApiKey) {
      console.log(`\nAdmin API key for the "default" workspace (shown only this once, store it now):\n  ${levqor.generatedApiKey}\n`);
    }
    await new Promise<void>((resolve) => {
      const stop = () => {
        console.log('Stopping: finishing writes and handing running runs back to the queue…');
        // Whatever holds the close up (a stuck connection, a step ignoring its abort), the process ends
        // within the shutdown timeout; a second signal ends it at once. Runs not finished are resumed
        // from their journal by the next worker.
        const deadline = setTimeout(() => {
          console.error(`Stopped after ${config.shutdownTimeoutMs} ms without finishing the shutdown (LEVQOR_SHUTDOWN_TIMEOUT_MS); unfinished runs resume on the next start`);
          process.exit(1);
        }, config.shutdownTimeoutMs);
        deadline.unref();
        const again = () => {
          console.error('Stopping now (second signal); unfinished runs resume on the next start');
          process.exit(130);
        };
        process.once('SIGINT', again);
        process.once('SIGTERM', again);
        resolve();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await channel?.close();
    await levqor.close();
    return 0;
  };
}

/** A listen failure the operator can fix, as a one-line message (no stack trace). */
function listenProblem(error: unknown, config: { http: { port: number; host: string } }): CliError | undefined {
  const code = (error as NodeJS.ErrnoException).code;
  const where = `port ${config.http.port} on ${config.http.host}`;
  if (code === 'EADDRINUSE') return new CliError(`${where} is already in use; stop the other process or set PORT (or --port) to a free port`, 1);
  if (code === 'EACCES') return new CliError(`${where} may not be opened by this user; choose a port above 1023 with PORT (or --port)`, 1);
  if (code === 'EADDRNOTAVAIL') return new CliError(`${config.http.host} is not an address of this machine; set HOST (or --host) to one of its addresses, e.g. 127.0.0.1`, 1);
  return undefined;
}

export const startCommand: Command = {
  name: 'start',
  summary: 'Run the API, a worker and the scheduler in one process',
  help: `Usage: levqor start [--port N] [--host ADDRESS]

Runs the HTTP API (with webhooks), a worker and the cron scheduler. Uses the embedded database in
LEVQOR_DATA_DIR (default ./.levqor) unless DATABASE_URL points to PostgreSQL.
Options:
  --port N          Port to listen on (default PORT or 8080)
  --host ADDRESS    Address to bind (default HOST or 127.0.0.1; 0.0.0.0 for all interfaces)`,
  run: serve('start', { api: true, worker: true, scheduler: true }),
};

export const workerCommand: Command = {
  name: 'worker',
  summary: 'Run workers only (scale-out against a shared PostgreSQL)',
  help: `Usage: levqor worker

Claims and executes queued runs from the PostgreSQL database in DATABASE_URL, and fires cron schedules
(each slot fires once however many processes run). Start as many as you need, on any machine.`,
  run: serve('worker', { api: false, worker: true, scheduler: true }),
};
