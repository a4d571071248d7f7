// A failure with a code a view can act on: shown, not thrown across IPC or the bridge.
export class HandlerError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}
