import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Form } from 'react-aria-components';
import { api, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema.ts';
import { Button } from '../../components/Button.tsx';
import { Notice } from '../../components/Notice.tsx';
import { TextField } from '../../components/TextField.tsx';
import { fieldErrorsOf, refusalMessage } from '../../components/serverFieldErrors.ts';
import { secretField, sentence, varField, varHint, varValue } from './installErrors.ts';
import { InstalledWorkflow } from './InstalledWorkflow.tsx';
import type { TemplateDetail } from './useTemplates.ts';

export type Installed = paths['/api/v1/templates/{id}/install']['post']['responses'][201]['content']['application/json'];

/**
 * Installs the template: stores the secrets typed in (PUT /api/v1/secrets/NAME, as install reads
 * existing secrets), then asks the server to install; its refusals appear next to their fields.
 */
export function InstallTemplateForm({ template }: { template: TemplateDetail }) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string>();
  const [pending, setPending] = useState(false);
  const [installed, setInstalled] = useState<Installed>();
  const client = useQueryClient();

  async function install(form: FormData) {
    const secretErrors: Record<string, string> = {};
    for (const secret of template.inputs.secrets) {
      const value = String(form.get(secretField(secret.name)) ?? '');
      if (!value) continue;
      const saved = await api.PUT('/api/v1/secrets/{name}', { params: { path: { name: secret.name } }, body: { value } });
      if (!saved.response.ok) secretErrors[secretField(secret.name)] = (saved.error as { error?: { message?: string } })?.error?.message ?? 'could not be saved';
    }
    if (Object.keys(secretErrors).length > 0) {
      setErrors(secretErrors);
      setMessage('Some secrets could not be saved.');
      return;
    }
    const vars: Record<string, unknown> = {};
    for (const v of template.inputs.vars) {
      const input = String(form.get(varField(v.name)) ?? '').trim();
      if (input) vars[v.name] = varValue(input, v);
    }
    try {
      setInstalled(unwrap(await api.POST('/api/v1/templates/{id}/install', { params: { path: { id: template.id } }, body: { vars } })));
      // Install counts changed.
      void client.invalidateQueries({ queryKey: ['template', template.id] });
      void client.invalidateQueries({ queryKey: ['templates'] });
    } catch (failure) {
      const fields = fieldErrorsOf(failure);
      setErrors(fields);
      setMessage(refusalMessage(failure, fields, [...template.inputs.vars.map((v) => varField(v.name)), ...template.inputs.secrets.map((x) => secretField(x.name))]));
    }
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setErrors({});
    setMessage(undefined);
    void install(form).finally(() => setPending(false));
  }

  if (installed) return <InstalledWorkflow installed={installed} />;
  return (
    <Form className="lq-form" onSubmit={submit} validationBehavior="aria">
      {message && <Notice tone="danger">{message}</Notice>}
      {template.inputs.vars.map((v) => (
        <TextField key={v.name} name={varField(v.name)} label={v.name} description={varHint(v)} serverError={errors[varField(v.name)]} />
      ))}
      {template.inputs.secrets.map((s) => (
        <TextField
          key={s.name}
          name={secretField(s.name)}
          type="password"
          autoComplete="off"
          label={`Secret ${s.name}`}
          description={`${sentence(s.description)} Stored encrypted in the workspace; leave empty to keep the value it already has.`}
          serverError={errors[secretField(s.name)]}
        />
      ))}
      <Button type="submit" isPending={pending}>
        Install template
      </Button>
    </Form>
  );
}
