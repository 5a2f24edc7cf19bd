import { FieldError, Input, Label, Text, TextField as AriaTextField, type TextFieldProps as AriaTextFieldProps } from 'react-aria-components';

export interface TextFieldProps extends AriaTextFieldProps {
  label: string;
  description?: string;
  /** A message from the server for this field; shown under it and marks it invalid. */
  serverError?: string;
}

export function TextField({ label, description, serverError, ...props }: TextFieldProps) {
  return (
    <AriaTextField {...props} className="lq-field" isInvalid={serverError !== undefined || props.isInvalid}>
      <Label>{label}</Label>
      <Input />
      {description && <Text slot="description">{description}</Text>}
      <FieldError>{serverError}</FieldError>
    </AriaTextField>
  );
}
