package com.google.cloud.tools.jib.http;

import com.google.cloud.tools.jib.api.LogEvent;
import java.util.function.Consumer;

/**
 * Makes Jib HTTP clients that do not retry by themselves (the switch is package-private in
 * jib-core). Jib's own retries wait about a minute before reporting a plain-http registry reached
 * over https; Fabricks retries transient failures itself, with a short, logged backoff.
 */
public final class HttpClients {
  private HttpClients() {}

  public static FailoverHttpClient withoutRetry(boolean insecure, Consumer<LogEvent> logger) {
    return new FailoverHttpClient(insecure, insecure, logger, false);
  }
}
