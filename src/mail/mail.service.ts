import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { InjectConfig } from '../config/config.module';
import type { AppConfig } from '../config/config.types';
import { MailMessage } from './mail-message';

/**
 * Sends mail over SMTP (`MAIL_URL`, from `MAIL_FROM`). Without MAIL_URL the mail is written to
 * the log instead: recipient, subject and the link (nothing else of the body). That is for
 * development only: the link carries a plain token, so configuration refuses production without MAIL_URL.
 */
@Injectable()
export class MailService implements OnApplicationShutdown {
  private readonly logger = new Logger('Mail');
  private readonly transport: Transporter | null;

  constructor(@InjectConfig() private readonly config: AppConfig) {
    this.transport = config.mail.url
      ? createTransport(
          // Bounded, so a dead mail server cannot pile up pending sends forever.
          { url: config.mail.url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 },
          { from: config.mail.from },
        )
      : null;
  }

  async send(message: MailMessage): Promise<void> {
    if (!this.transport) {
      this.logger.log({ msg: 'mail not sent (MAIL_URL is unset)', to: message.to, subject: message.subject, link: message.link });
      return;
    }
    await this.transport.sendMail({ to: message.to, subject: message.subject, text: message.text, html: message.html });
    this.logger.debug({ msg: 'mail sent', to: message.to, subject: message.subject });
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
