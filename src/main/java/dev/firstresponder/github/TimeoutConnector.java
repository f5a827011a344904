package dev.firstresponder.github;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.kohsuke.github.connector.GitHubConnector;
import org.kohsuke.github.connector.GitHubConnectorRequest;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * github-api over {@code java.net.http} with a deadline on every request. The library's own
 * connectors either cannot send PATCH on Java 17 (HttpURLConnection) or wait forever on a server
 * that accepts the connection and never answers, which would stall the outbox.
 */
final class TimeoutConnector implements GitHubConnector {
  private final HttpClient client;
  private final Duration requestTimeout;

  TimeoutConnector(Duration connectTimeout, Duration requestTimeout) {
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    this.requestTimeout = requestTimeout;
  }

  @Override
  public GitHubConnectorResponse send(GitHubConnectorRequest request) throws IOException {
    HttpRequest.Builder builder;
    try {
      builder = HttpRequest.newBuilder(request.url().toURI()).timeout(requestTimeout);
    } catch (URISyntaxException e) {
      throw new IOException("bad GitHub URL " + request.url(), e);
    }
    for (Map.Entry<String, List<String>> h : request.allHeaders().entrySet()) {
      if (h.getValue() != null) builder.header(h.getKey(), String.join(", ", h.getValue()));
    }
    HttpRequest.BodyPublisher body =
        request.hasBody()
            ? HttpRequest.BodyPublishers.ofByteArray(request.body().readAllBytes())
            : HttpRequest.BodyPublishers.noBody();
    builder.method(request.method(), body);
    try {
      HttpResponse<InputStream> response =
          client.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
      return new Response(request, response);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted calling GitHub");
    }
  }

  private static final class Response extends GitHubConnectorResponse {
    private final HttpResponse<InputStream> response;

    Response(GitHubConnectorRequest request, HttpResponse<InputStream> response) {
      super(request, response.statusCode(), response.headers().map());
      this.response = response;
    }

    @Override
    public InputStream bodyStream() throws IOException {
      return wrapStream(response.body());
    }

    @Override
    public void close() throws IOException {
      response.body().close();
    }
  }
}
