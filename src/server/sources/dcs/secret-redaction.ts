/**
 * The secrets of one source (AK, SK, security token, password, issued tokens). Gateways echo parts of a
 * request in their error messages (an AK in "verify aksk signature fail, ak:..."), so every upstream text
 * passes through here before it can reach a response or a log line.
 */
export class SecretSet {
  private readonly secrets = new Set<string>();

  constructor(initial: Iterable<string | undefined>) {
    for (const secret of initial) this.add(secret);
  }

  add(secret: string | undefined): void {
    if (secret) this.secrets.add(secret);
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join('***');
    return out;
  }
}
