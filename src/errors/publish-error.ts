/** Publishing failed (git or the hosting API refused); the message never carries a token. */
export class PublishError extends Error {
  override readonly name = 'PublishError';
}
