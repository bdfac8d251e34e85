import { SMTPServer } from 'smtp-server';

export type SmtpSink = Awaited<ReturnType<typeof startSmtpSink>>;

/**
 * An SMTP server that accepts every login and every mail and only counts them: no disk, no parsing
 * (what a real MTA does after `250 OK` is not measured). The email and providers benches send to it.
 */
export async function startSmtpSink() {
  const stats = { mails: 0, connections: 0, firstAt: 0, lastAt: 0 };
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onConnect(_session, callback) {
      stats.connections++;
      callback();
    },
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username });
    },
    onData(stream, _session, callback) {
      stream.on('end', () => {
        stats.mails++;
        stats.lastAt = performance.now();
        if (stats.mails === 1) stats.firstAt = stats.lastAt;
        callback();
      });
      stream.resume();
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    port,
    stats,
    reset() {
      Object.assign(stats, { mails: 0, connections: 0, firstAt: 0, lastAt: 0 });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
