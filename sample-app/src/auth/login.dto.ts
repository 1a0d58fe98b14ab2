import { IsOptional, IsString, MaxLength } from 'class-validator';
import { CsrfForm } from '../appointments/appointment.dto';
import { fieldRule } from '../appointments/appointment-rules';

/** A required text field of at most `max` characters: one message, the first that applies. */
function RequiredText(label: string, max: number): PropertyDecorator {
  const problem = (v: unknown): string | undefined => {
    if (v === undefined || v === null || v === '') return `${label} is required.`;
    if (typeof v !== 'string') return `${label} must be text.`;
    if (v.length > max) return `${label} must be at most ${max} characters.`;
    return undefined;
  };
  return fieldRule(
    `isRequired${label}`,
    (v) => problem(v) === undefined,
    (args) => problem(args.value) ?? `${label} is required.`,
  );
}

/** The login form or JSON body. */
export class LoginInput extends CsrfForm {
  @RequiredText('Username', 200)
  username!: string;

  @RequiredText('Password', 1024)
  password!: string;

  /** Where to go after signing in; only same-site paths are followed. */
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  next?: string;
}
