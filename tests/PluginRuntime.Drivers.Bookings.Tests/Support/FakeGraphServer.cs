using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PluginRuntime.Drivers.Bookings.Tests.Support;

/// <summary>
/// A loopback HTTP server (Kestrel, port chosen by the OS) that answers like the Microsoft identity platform's
/// client-credentials token endpoint and Microsoft Graph's calendar API, as documented: <c>calendarView</c> in
/// pages linked by <c>@odata.nextLink</c>, <c>POST …/events</c> (201 with the stored event), <c>DELETE …/events/{id}</c>
/// (204), bearer tokens checked on every call, and errors in Graph's <c>{"error": {"code", "message"}}</c> shape.
/// </summary>
internal sealed class FakeGraphServer : IAsyncDisposable
{
    public const string Tenant = "contoso.onmicrosoft.com";
    public const string ClientId = "11111111-2222-3333-4444-555555555555";
    public const string ClientSecret = "s3cret~value";
    public const string Mailbox = "boardroom@contoso.com";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, bool> _validTokens = new();
    private readonly List<JsonObject> _events = [];
    private int _tokens;
    private int _nextId = 1;

    private FakeGraphServer(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Every request, in arrival order.</summary>
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>How many events a calendarView page holds (Graph may return fewer than asked for).</summary>
    public int PageSize { get; set; } = 2;

    /// <summary>When set, next links point at this base instead of the server's own (a misbehaving service).</summary>
    public Uri? NextLinkBase { get; set; }

    public int TokensIssued => _tokens;

    public IReadOnlyList<RecordedRequest> To(string pathPart) => Requests.Where(r => r.Path.Contains(pathPart, StringComparison.Ordinal)).ToArray();

    public static async Task<FakeGraphServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var server = new FakeGraphServer(builder.Build());
        server.Map();
        await server._app.StartAsync().WithTimeout("the fake Graph server to start");
        server.BaseAddress = new Uri(server._app.Urls.Single());
        return server;
    }

    /// <summary>Adds an event to the room's calendar as Graph would store it (times in UTC).</summary>
    public string AddEvent(string subject, DateTimeOffset start, DateTimeOffset end, string organiser = "alex@contoso.com",
        string sensitivity = "normal", bool cancelled = false)
    {
        string id = $"AAMkAG-{Interlocked.Increment(ref _nextId)}";
        lock (_events)
        {
            _events.Add(new JsonObject
            {
                ["id"] = id,
                ["subject"] = subject,
                ["start"] = GraphTime(start),
                ["end"] = GraphTime(end),
                ["organizer"] = new JsonObject { ["emailAddress"] = new JsonObject { ["name"] = "Organiser", ["address"] = organiser } },
                ["attendees"] = new JsonArray(new JsonObject
                {
                    ["type"] = "required",
                    ["status"] = new JsonObject { ["response"] = "none" },
                    ["emailAddress"] = new JsonObject { ["name"] = "Sam", ["address"] = "sam@contoso.com" },
                }),
                ["sensitivity"] = sensitivity,
                ["isCancelled"] = cancelled,
            });
        }
        return id;
    }

    /// <summary>Revokes every token issued so far (Graph then answers 401).</summary>
    public void RevokeTokens() => _validTokens.Clear();

    public int EventCount
    {
        get
        {
            lock (_events)
            {
                return _events.Count;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().WithTimeout("the fake Graph server to stop");
        await _app.DisposeAsync();
    }

    private void Map()
    {
        _app.Use(async (context, next) =>
        {
            context.Request.EnableBuffering();
            string body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            context.Request.Body.Position = 0;
            Requests.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString,
                context.Request.Headers.Authorization.ToString(), context.Request.Headers["Prefer"].ToString(), body));
            await next(context);
        });

        _app.MapPost("/{tenant}/oauth2/v2.0/token", async (string tenant, HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            if (tenant != Tenant || form["client_id"] != ClientId || form["client_secret"] != ClientSecret)
            {
                return Results.Json(new JsonObject
                {
                    ["error"] = "invalid_client",
                    ["error_description"] = "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value.",
                    ["error_codes"] = new JsonArray(7000215),
                }, statusCode: 401);
            }
            if (form["grant_type"] != "client_credentials" || form["scope"] != "https://graph.microsoft.com/.default")
            {
                return Results.Json(new JsonObject { ["error"] = "invalid_request", ["error_description"] = "AADSTS900144: bad grant_type or scope." }, statusCode: 400);
            }
            string token = $"token-{Interlocked.Increment(ref _tokens)}";
            _validTokens[token] = true;
            return Results.Json(new JsonObject { ["token_type"] = "Bearer", ["expires_in"] = 3599, ["ext_expires_in"] = 3599, ["access_token"] = token });
        });

        _app.MapGet("/v1.0/users/{mailbox}/calendarView", (string mailbox, HttpRequest request) =>
        {
            if (Refuse(request, mailbox) is { } refusal)
            {
                return refusal;
            }
            if (!DateTimeOffset.TryParse(request.Query["startDateTime"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var from) ||
                !DateTimeOffset.TryParse(request.Query["endDateTime"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var to))
            {
                return Error(400, "ErrorInvalidParameter",
                    "This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.");
            }
            int skip = int.TryParse(request.Query["$skip"], out int s) ? s : 0;
            JsonObject[] matching;
            lock (_events)
            {
                matching = _events.Where(e => Instant(e["start"]!) < to && Instant(e["end"]!) > from)
                    .OrderBy(e => Instant(e["start"]!)).ToArray();
            }
            var page = new JsonObject { ["value"] = new JsonArray(matching.Skip(skip).Take(PageSize).Select(e => (JsonNode)e.DeepClone()).ToArray()) };
            if (skip + PageSize < matching.Length)
            {
                var linkBase = NextLinkBase ?? BaseAddress;
                page["@odata.nextLink"] = new Uri(linkBase,
                    $"v1.0/users/{Uri.EscapeDataString(mailbox)}/calendarView?startDateTime={Uri.EscapeDataString(request.Query["startDateTime"]!)}" +
                    $"&endDateTime={Uri.EscapeDataString(request.Query["endDateTime"]!)}&$skip={skip + PageSize}").ToString();
            }
            return Results.Json(page);
        });

        _app.MapPost("/v1.0/users/{mailbox}/events", async (string mailbox, HttpRequest request) =>
        {
            if (Refuse(request, mailbox) is { } refusal)
            {
                return refusal;
            }
            var body = (await JsonNode.ParseAsync(request.Body))!.AsObject();
            if (body["subject"] is null || body["start"]?["dateTime"] is null || body["end"]?["dateTime"] is null)
            {
                return Error(400, "ErrorInvalidRequest", "The event needs a subject, start and end.");
            }
            string id = $"AAMkAG-{Interlocked.Increment(ref _nextId)}";
            body["id"] = id;
            body["organizer"] = new JsonObject { ["emailAddress"] = new JsonObject { ["name"] = "Boardroom", ["address"] = mailbox } };
            body["isCancelled"] = false;
            lock (_events)
            {
                _events.Add((JsonObject)body.DeepClone());
            }
            return Results.Json(body, statusCode: 201);
        });

        _app.MapDelete("/v1.0/users/{mailbox}/events/{id}", (string mailbox, string id, HttpRequest request) =>
        {
            if (Refuse(request, mailbox) is { } refusal)
            {
                return refusal;
            }
            lock (_events)
            {
                return _events.RemoveAll(e => (string?)e["id"] == id) > 0
                    ? Results.NoContent()
                    : Error(404, "ErrorItemNotFound", "The specified object was not found in the store.");
            }
        });
    }

    private IResult? Refuse(HttpRequest request, string mailbox)
    {
        string authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal) || !_validTokens.ContainsKey(authorization["Bearer ".Length..]))
        {
            return Error(401, "InvalidAuthenticationToken", "Access token has expired or is not yet valid.");
        }
        return mailbox == Mailbox ? null : Error(404, "ErrorInvalidUser", $"The requested user '{mailbox}' is invalid.");
    }

    private static IResult Error(int status, string code, string message) =>
        Results.Json(new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } }, statusCode: status);

    private static JsonObject GraphTime(DateTimeOffset instant) => new()
    {
        ["dateTime"] = instant.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffff", CultureInfo.InvariantCulture),
        ["timeZone"] = "UTC",
    };

    private static DateTimeOffset Instant(JsonNode time) =>
        DateTimeOffset.Parse((string)time["dateTime"]!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}

/// <summary>One request the fake Graph server received.</summary>
internal sealed record RecordedRequest(string Method, string Path, string Authorization, string Prefer, string Body);
