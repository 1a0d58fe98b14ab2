import { inject, injectable, LOGGER, type Logger } from '@pith/core';
import { SETTINGS } from '../app-tokens';
import type { Environment } from '../environment';

/** A reminder as it is sent. */
export interface ReminderMessage {
  readonly appointmentId: string;
  readonly phoneNumber: string;
  readonly message: string;
}

/**
 * Sends reminders: logs the text and, when `REMINDER_WEBHOOK_URL` is set, POSTs it as JSON (an
 * SMS gateway would sit behind that URL).
 */
@injectable()
export class ReminderNotifier {
  private readonly webhookUrl: string | undefined;

  constructor(
    @inject(LOGGER) private readonly logger: Logger,
    @inject(SETTINGS) settings: Environment,
  ) {
    this.webhookUrl = settings.reminderWebhookUrl;
  }

  /** Throws when the webhook does not answer 2xx, so the job is retried. */
  async send(reminder: ReminderMessage): Promise<void> {
    this.logger.info(
      { appointmentId: reminder.appointmentId, phoneNumber: reminder.phoneNumber },
      reminder.message,
    );
    if (!this.webhookUrl) return;
    const response = await fetch(this.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(reminder),
      signal: AbortSignal.timeout(10_000),
    });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`reminder webhook answered ${response.status}`);
  }
}
