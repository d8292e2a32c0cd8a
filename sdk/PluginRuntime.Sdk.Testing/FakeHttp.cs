using System.Threading.Channels;

namespace PluginRuntime.Sdk.Testing;

/// <summary>
/// Plays the HTTP service a driver talks to: each request the driver makes waits until the test takes it with
/// <see cref="ExpectRequestAsync"/> and answers it.
/// </summary>
public sealed class FakeHttp : HttpMessageHandler
{
    private readonly Channel<ExpectedHttpRequest> _requests = Channel.CreateUnbounded<ExpectedHttpRequest>();
    private readonly TimeSpan _timeout;

    internal FakeHttp(TimeSpan timeout) => _timeout = timeout;

    /// <summary>Waits for the driver's next request and checks its method and path (and query, if given).</summary>
    public async Task<ExpectedHttpRequest> ExpectRequestAsync(HttpMethod method, string pathAndQuery)
    {
        ExpectedHttpRequest next;
        try
        {
            next = await _requests.Reader.ReadAsync().AsTask().WaitAsync(_timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new HarnessAssertionException($"Waited {_timeout.TotalSeconds} s for the driver to send {method} {pathAndQuery}, but it sent no request.");
        }
        var uri = next.Request.RequestUri!;
        string actual = pathAndQuery.Contains('?') ? uri.PathAndQuery : uri.AbsolutePath;
        if (next.Request.Method != method || actual != pathAndQuery)
        {
            next.Respond(System.Net.HttpStatusCode.InternalServerError);
            throw new HarnessAssertionException($"Expected the driver to send {method} {pathAndQuery}, but it sent {next.Request.Method} {uri.PathAndQuery}.");
        }
        return next;
    }

    /// <summary>Checks that no request is waiting to be answered.</summary>
    public void ShouldHaveNoMoreRequests()
    {
        if (_requests.Reader.TryRead(out var extra))
        {
            throw new HarnessAssertionException($"Expected no more requests, but the driver sent {extra.Request.Method} {extra.Request.RequestUri}.");
        }
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string? body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var expected = new ExpectedHttpRequest(request, body);
        _requests.Writer.TryWrite(expected);
        return await expected.Response.WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
