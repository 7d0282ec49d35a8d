/**
 * Wraps an event handler so only real user events (`isTrusted`) reach it: a page script that
 * dispatches synthetic clicks into Netra's in-page UI cannot report, dismiss or tag on the
 * user's behalf.
 */
export function trusted<E extends Event>(handler: (event: E) => void): (event: E) => void {
  return (event) => {
    if (!event.isTrusted) {
      event.preventDefault();
      return;
    }
    handler(event);
  };
}
