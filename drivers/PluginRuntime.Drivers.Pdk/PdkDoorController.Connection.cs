using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using PluginRuntime.Drivers.Pdk.Connection;

namespace PluginRuntime.Drivers.Pdk;

// Connecting, reconnecting with backoff, and renewing the panel token.
public partial class PdkDoorController
{
    private IPanelConnection? _connection;
    private HttpClient? _tokenHttp;
    private volatile string? _token;
    private int _generation;
    private int _failedAttempts;
    private int _renewing;
    private volatile bool _connected;
    private IDisposable? _reconnect;
    private DateTimeOffset? _renewedAt;
    private volatile bool _eventSinceRenewal;

    // invalidTokens the panel sent before it received our renewedToken arrive after it: they are not a new expiry.
    // A real event since the renewal, or this long without one, means a later invalidToken is.
    private static readonly TimeSpan RenewalQuietPeriod = TimeSpan.FromSeconds(10);

    private async Task ConnectAsync()
    {
        if (Stopping.IsCancellationRequested || _connection is null)
        {
            return;
        }
        int generation = Interlocked.Increment(ref _generation);
        try
        {
            string token = _token ??= await ObtainTokenAsync(Stopping).ConfigureAwait(false);
            await _connection.ConnectAsync(_settings.PanelUrl, token, new Listener(this, generation), Stopping).ConfigureAwait(false);
        }
        catch (Exception ex) when (!Stopping.IsCancellationRequested)
        {
            if (ex is PanelConnectionException { TokenRefused: true } && _settings.TokenUrl is not null)
            {
                _token = null; // expired while we were away: obtain a fresh one for the next attempt
            }
            var delay = NextDelay();
            Logger.LogConnectFailed(delay, ex.Message);
            ScheduleReconnect(delay);
            return;
        }
        catch (OperationCanceledException)
        {
            return;
        }
        _failedAttempts = 0;
        _connected = true;
        SetStatus("connected", true);
        Logger.LogConnected(_settings.PanelUrl);
    }

    private void OnDisconnected(int generation, string reason)
    {
        if (generation != Volatile.Read(ref _generation) || Stopping.IsCancellationRequested)
        {
            return; // a connection we already replaced or closed
        }
        _connected = false;
        SetStatus("connected", false);
        FailAllPending($"The connection to the panel dropped ({reason}) before the panel confirmed the command.");
        var delay = NextDelay();
        Logger.LogDisconnected(reason, delay);
        ScheduleReconnect(delay);
    }

    private TimeSpan NextDelay()
    {
        int attempt = Interlocked.Increment(ref _failedAttempts) - 1;
        double seconds = _settings.ReconnectMin.TotalSeconds * Math.Pow(2, Math.Min(attempt, 16));
        return TimeSpan.FromSeconds(Math.Min(seconds, _settings.ReconnectMax.TotalSeconds));
    }

    private void ScheduleReconnect(TimeSpan delay)
    {
        var previous = Interlocked.Exchange(ref _reconnect, Schedule.In(delay, ConnectAsync));
        previous?.Dispose();
    }

    private async Task ReconnectNowAsync()
    {
        Interlocked.Exchange(ref _reconnect, null)?.Dispose();
        await CloseConnectionAsync().ConfigureAwait(false);
        _failedAttempts = 0;
        await ConnectAsync().ConfigureAwait(false);
    }

    private async Task CloseConnectionAsync()
    {
        Interlocked.Increment(ref _generation); // its disconnect is not a reason to reconnect
        Interlocked.Exchange(ref _reconnect, null)?.Dispose();
        _connected = false;
        FailAllPending("The driver closed the connection to the panel before it confirmed the command.");
        if (_connection is { } connection)
        {
            await connection.DisconnectAsync().ConfigureAwait(false);
        }
        SetStatus("connected", false);
    }

    // invalidToken arrives in place of each event that occurred after the token expired: one renewal answers them all,
    // and the panel then emits the events it held back (deduplicated by id on the way in).
    private void StartTokenRenewal()
    {
        if (_renewedAt is { } renewedAt && !_eventSinceRenewal && Time.GetUtcNow() - renewedAt < RenewalQuietPeriod)
        {
            return;
        }
        if (Interlocked.Exchange(ref _renewing, 1) == 1)
        {
            return;
        }
        _ = RenewTokenAsync();
    }

    private async Task RenewTokenAsync()
    {
        try
        {
            string token = await ObtainTokenAsync(Stopping).ConfigureAwait(false);
            _token = token;
            var payload = new JsonObject { ["token"] = token };
            string eventName = "renewedToken";
            if (_spec is { } spec && spec.TryGetOutbound("renewedToken", out var message))
            {
                eventName = message.ChannelAddress ?? message.Name;
            }
            _eventSinceRenewal = false;
            _renewedAt = Time.GetUtcNow();
            await (_connection ?? throw new PanelConnectionException("Not connected.")).EmitAsync(eventName, payload, Stopping).ConfigureAwait(false);
            SetStatus("token_renewals", GetStatus<int>("token_renewals") + 1);
            Logger.LogTokenRenewed();
        }
        catch (Exception ex) when (!Stopping.IsCancellationRequested)
        {
            Logger.LogRenewalFailed(ex.Message);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            Volatile.Write(ref _renewing, 0);
        }
    }

    /// <summary>
    /// A panel token: from <c>token_url</c> when set (a POST answered with <c>{"token": "..."}</c>, as PDK's token
    /// endpoint answers), otherwise the fixed <c>token</c> setting.
    /// </summary>
    private async Task<string> ObtainTokenAsync(CancellationToken cancellationToken)
    {
        if (_settings.TokenUrl is not { } url)
        {
            return _settings.Token ?? throw new InvalidOperationException("No panel token: set 'token' or 'token_url'.");
        }
        _tokenHttp ??= new HttpClient { Timeout = _settings.ConnectTimeout };
        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        if (_settings.TokenAuthorization is { } authorization)
        {
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
        }
        using var response = await _tokenHttp.SendAsync(request, cancellationToken).ConfigureAwait(false);
        string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The token endpoint {url} answered {(int)response.StatusCode}: {Shorten(body)}");
        }
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("token", out var token) && token.ValueKind == JsonValueKind.String && token.GetString() is { Length: > 0 } text
                ? text
                : throw new InvalidOperationException($"The token endpoint {url} answered without a \"token\" string: {Shorten(body)}");
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"The token endpoint {url} answered with something other than JSON: {Shorten(body)}", ex);
        }
    }

    private static string Shorten(string text) => text.Length > 200 ? text[..197] + "..." : text;

    // Ties events to the connection they came from, so a replaced connection's late events and disconnect are ignored.
    private sealed class Listener(PdkDoorController driver, int generation) : IPanelListener
    {
        public void OnEvent(string eventName, JsonElement? payload)
        {
            if (generation == Volatile.Read(ref driver._generation))
            {
                driver.OnPanelEvent(eventName, payload);
            }
        }

        public void OnMalformed(string reason)
        {
            if (generation == Volatile.Read(ref driver._generation))
            {
                driver.Drop("(unreadable packet)", reason);
            }
        }

        public void OnDisconnected(string reason) => driver.OnDisconnected(generation, reason);
    }
}
