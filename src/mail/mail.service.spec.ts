import { Logger } from '@nestjs/common';
import type { AppConfig } from '../config/config.types';
import { renderMail } from './mail-message';
import { MailService } from './mail.service';

describe('MailService without MAIL_URL', () => {
  afterEach(() => jest.restoreAllMocks());

  it('writes recipient, subject and link to the log, and nothing else of the mail', async () => {
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const service = new MailService({ mail: { url: null, from: 'x@y.test' } } as AppConfig);
    const mail = renderMail('user@example.com', {
      appName: 'Gatehouse',
      subject: 'Verify Email Address',
      intro: ['a private intro line'],
      action: { label: 'Verify', url: 'https://app.test/email/verify/1/abc?expires=1&signature=def' },
      outro: [],
    });
    await service.send(mail);
    expect(log).toHaveBeenCalledTimes(1);
    const [entry] = log.mock.calls[0] as [Record<string, unknown>];
    expect(entry).toEqual({
      msg: 'mail not sent (MAIL_URL is unset)',
      to: 'user@example.com',
      subject: 'Verify Email Address',
      link: 'https://app.test/email/verify/1/abc?expires=1&signature=def',
    });
    expect(JSON.stringify(entry)).not.toContain('private intro');
  });
});
