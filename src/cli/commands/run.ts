import { formatIssues } from '../../engine/definition/definition-issue.ts';
import { loadConfig } from '../../config/config.ts';
import type { RunOutcome, StepRecord } from '../../engine/run-types.ts';
import { createLevqor } from '../../main.ts';
import { CliError, parseCommandArgs, type Command } from '../command.ts';
import { readDefinitionFile } from './validate.ts';

export const runCommand: Command = {
  name: 'run',
  summary: 'Run a workflow file once, printing each step as it finishes',
  help: `Usage: levqor run <file> [--input JSON] [--json]

Runs the definition in <file> once in a temporary embedded database (nothing is kept). The input is
available to the workflow as trigger.body. Delays are waited out. Exits 0 when the run succeeds.
Options:
  --input JSON   Input for the run (default {})
  --json         Print steps and the result as JSON lines`,
  async run(args) {
    const { values, positionals } = parseCommandArgs('run', args, { input: { type: 'string' }, json: { type: 'boolean' } }, true);
    if (positionals.length !== 1) throw new CliError('give exactly one file: levqor run <file> [--input JSON]');
    let input: unknown = {};
    if (values.input !== undefined) {
      try {
        input = JSON.parse(values.input);
      } catch (error) {
        throw new CliError(`--input is not valid JSON: ${(error as Error).message}`);
      }
    }
    const read = await readDefinitionFile(positionals[0]);
    if (!read.ok) throw new CliError(`${positionals[0]} is not a valid workflow:\n${formatIssues(read.errors).map((l) => `  ${l}`).join('\n')}`, 1);

    const config = loadConfig({ ...process.env, DATABASE_URL: undefined, LEVQOR_LOG_LEVEL: process.env.LEVQOR_LOG_LEVEL ?? 'warn', LEVQOR_POLL_MS: '50' });
    config.database = { kind: 'pglite', dataDir: null };
    let finish!: (outcome: RunOutcome) => void;
    const finished = new Promise<RunOutcome>((resolve) => (finish = resolve));
    let runId = '';
    const levqor = await createLevqor(config, { api: false, worker: true, scheduler: false }, {
      onStep: (record) => print(record, values.json === true),
      onOutcome: (outcome, id) => {
        if (id !== runId) return;
        if (outcome.status === 'waiting') {
          if (!values.json) console.log(`… waiting until ${outcome.wakeAt.toISOString()}`);
          return;
        }
        finish(outcome);
      },
    });
    try {
      await levqor.start();
      const workspace = await levqor.workspaces.findBySlug('default');
      const workflow = await levqor.workflows.create(workspace!.id, read.definition, read.source);
      const started = await levqor.starter.startAsync({
        workspaceId: workspace!.id,
        workflowId: workflow.id,
        version: workflow.version,
        trigger: { type: 'manual', body: input, headers: {}, query: {} },
        dedupeKey: null,
      });
      runId = started.runId;
      if (started.hold) {
        console.log(values.json ? JSON.stringify({ run: runId, status: 'quota_exceeded', message: started.hold.message }) : `✘ run held: ${started.hold.message}`);
        return 1;
      }
      const outcome = await finished;
      if (values.json) console.log(JSON.stringify({ run: runId, ...outcome }));
      else if (outcome.status === 'succeeded') console.log(`✔ run succeeded\n${JSON.stringify(outcome.output, null, 2)}`);
      else console.log(`✘ run ${outcome.status}: ${outcome.status === 'failed' || outcome.status === 'cancelled' ? outcome.error.message : ''}`);
      return outcome.status === 'succeeded' ? 0 : 1;
    } finally {
      await levqor.close();
    }
  },
};

function print(record: StepRecord, json: boolean): void {
  if (json) {
    console.log(JSON.stringify({ step: record.key, type: record.type, status: record.status, attempts: record.attempts, output: record.output, error: record.error }));
    return;
  }
  const ms = record.finishedAt.getTime() - record.startedAt.getTime();
  const mark = record.status === 'succeeded' ? '✔' : record.status === 'retrying' ? '↻' : '✘';
  const detail = record.error ? ` — ${record.error.message}` : '';
  console.log(`${mark} ${record.key} (${record.type}) ${ms} ms${record.attempts > 1 ? `, attempt ${record.attempts}` : ''}${detail}`);
}
