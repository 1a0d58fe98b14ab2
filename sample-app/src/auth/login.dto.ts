import { IsOptional, IsString, MaxLength } from 'class-validator';
import { CsrfForm } from '../appointments/appointment.dto';

/** The login form or JSON body. */
export class LoginInput extends CsrfForm {
  @IsString()
  @MaxLength(200)
  username!: string;

  @IsString()
  @MaxLength(1024)
  password!: string;

  /** Where to go after signing in; only same-site paths are followed. */
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  next?: string;
}
