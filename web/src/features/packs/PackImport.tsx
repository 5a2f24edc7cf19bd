import { useState, type FormEvent } from 'react';
import { Checkbox, Form } from 'react-aria-components';
import { Link } from 'react-router';
import { Button } from '../../components/Button.tsx';
import { Notice } from '../../components/Notice.tsx';
import { fieldErrorsOf, refusalMessage, secretField } from '../../components/serverFieldErrors.ts';
import { TextField } from '../../components/TextField.tsx';
import { sentence, varValue } from '../templates/installErrors.ts';
import { ImportPlan } from './ImportPlan.tsx';
import { importPack, type CatalogPack, type ImportResult } from './usePacks.ts';

const variableField = (name: string) => `variables.${name}`;

/**
 * Imports one pack in two steps: the plan first (a dry run, nothing changes), then the import with the
 * secrets the plan found missing and, if chosen, the workflows activated.
 */
export function PackImport({ text, variables, label }: { text: string; variables: CatalogPack['variables']; label: string }) {
  const [plan, setPlan] = useState<ImportResult>();
  const [done, setDone] = useState<ImportResult>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string>();
  const [pending, setPending] = useState(false);
  const [activate, setActivate] = useState(true);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const values: Record<string, unknown> = {};
    for (const v of variables) {
      const input = String(form.get(variableField(v.name)) ?? '').trim();
      if (input) values[v.name] = varValue(input, v);
    }
    const secrets: Record<string, string> = {};
    for (const s of plan?.plan?.secrets ?? []) {
      const value = String(form.get(secretField(s.name ?? '')) ?? '');
      if (s.name && value) secrets[s.name] = value;
    }
    const dryRun = !plan;
    setPending(true);
    setErrors({});
    setMessage(undefined);
    importPack({ pack: text, variables: values, dry_run: dryRun, activate, secrets })
      .then((result) => (dryRun ? setPlan(result) : setDone(result)))
      .catch((failure: unknown) => {
        const fields = fieldErrorsOf(failure);
        setErrors(fields);
        setMessage(refusalMessage(failure, fields, [...variables.map((v) => variableField(v.name)), ...(plan?.plan?.secrets ?? []).map((x) => secretField(x.name ?? ''))]));
      })
      .finally(() => setPending(false));
  }

  if (done) {
    const count = Object.keys(done.workflowIds ?? {}).length;
    return (
      <div className="lq-form">
        <Notice tone="success">
          {label} imported: {count} {count === 1 ? 'workflow' : 'workflows'}
          {activate ? ', active' : ''}.
        </Notice>
        <Link to="/workflows">Go to your workflows</Link>
      </div>
    );
  }
  return (
    <Form className="lq-form" onSubmit={submit} validationBehavior="aria">
      {message && <Notice tone="danger">{message}</Notice>}
      {variables.map((v) => (
        <TextField
          key={v.name}
          name={variableField(v.name)}
          label={v.name}
          description={`${v.description ? sentence(v.description) : ''}${v.default !== undefined ? ` Leave empty for ${JSON.stringify(v.default)}.` : v.required ? ' Required.' : ''}`}
          serverError={errors[variableField(v.name)]}
          isReadOnly={plan !== undefined}
        />
      ))}
      {plan?.plan && <ImportPlan plan={plan.plan} />}
      {plan?.plan?.secrets
        ?.filter((s) => s.status === 'missing')
        .map((s) => (
          <TextField key={s.name} name={secretField(s.name ?? '')} type="password" autoComplete="off" label={`Secret ${s.name}`} description="The workflows read it; stored encrypted. Leave empty to set it later." serverError={errors[secretField(s.name ?? '')]} />
        ))}
      {plan && (
        <Checkbox className="lq-checkbox" isSelected={activate} onChange={setActivate}>
          <span className="lq-checkbox-box" aria-hidden="true" />
          Activate the imported workflows
        </Checkbox>
      )}
      <div className="lq-actions">
        <Button type="submit" isPending={pending}>
          {plan ? 'Apply the import' : 'Show the plan'}
        </Button>
        {plan && (
          <Button variant="secondary" onPress={() => setPlan(undefined)}>
            Change the variables
          </Button>
        )}
      </div>
    </Form>
  );
}
