package dev.firstresponder.web;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.handler.SizeLimitHandler;

/**
 * Refuses request bodies over 1 MB with 413 before any endpoint reads them: Bolt would read a whole
 * body into memory and parse it before checking its signature, so one unauthenticated
 * multi-megabyte POST would cost the heap. A declared {@code Content-Length} over the limit is
 * refused at once; a body without one (chunked) is counted as it is read and refused at the limit.
 */
final class RequestSizeLimit {
  /** Larger than anything Slack, GitHub or Alertmanager send. */
  static final int MAX_BODY = 1024 * 1024;

  private RequestSizeLimit() {}

  static Handler around(Handler endpoints) {
    SizeLimitHandler limit = new SizeLimitHandler(MAX_BODY, -1);
    limit.setHandler(endpoints);
    return limit;
  }
}
