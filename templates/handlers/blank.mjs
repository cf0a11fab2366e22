// Written by `cogform add function`; this file is yours to edit.
//
// A starting point for a function with no caller wired yet: it logs what kind of event it got
// (look in the function's log group) and returns the event unchanged.

/** What kind of event this is, from the fields each AWS source is known by. */
export function eventType(event) {
  if (event?.triggerSource) return `cognito:${event.triggerSource}`;
  const record = event?.Records?.[0];
  if (record) return record.eventSource ?? record.EventSource ?? "records";
  if (event?.httpMethod) return `apigateway:${event.httpMethod} ${event.resource}`;
  if (event?.["detail-type"]) return `eventbridge:${event["detail-type"]}`;
  return "unknown";
}

/**
 * @param {object} [deps]
 * @param {{log: Function}} [deps.log] Where log lines go (CloudWatch by default).
 */
export function createHandler({ log = console } = {}) {
  return async (event) => {
    log.log(`event: ${eventType(event)}`);
    return event;
  };
}

// What Lambda calls (`handler: index.handler`).
export const handler = createHandler();
