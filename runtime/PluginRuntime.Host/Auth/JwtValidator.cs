using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace PluginRuntime.Host.Auth;

/// <summary>
/// Checks a compact JWT signed with HS256: header, signature, then <c>exp</c> / <c>nbf</c> and <c>sub</c>.
/// Hand-written because the package registry here has no JWT library; it does only what the runtime needs.
/// </summary>
internal static class JwtValidator
{
    /// <summary>Tolerance for clocks that disagree a little between the token issuer and this host.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    public static JwtValidation Validate(string token, string secret, DateTimeOffset now)
    {
        try
        {
            return ValidateCore(token, secret, now);
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json throws this (not JsonException) when an escaped lone surrogate is decoded or compared,
            // e.g. in a property name. Such a token is malformed, whoever sent it: never a server error.
            return JwtValidation.Invalid("token header or payload contains an escaped lone surrogate, which is not valid text");
        }
    }

    private static JwtValidation ValidateCore(string token, string secret, DateTimeOffset now)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            return JwtValidation.Invalid("bearer token is not a JWT (expected header.payload.signature)");
        }

        if (DecodeObject(parts[0]) is not { } header)
        {
            return JwtValidation.Invalid("token header is not base64url-encoded JSON");
        }
        using (header)
        {
            // The algorithm is fixed by the runtime, never chosen by the token: a token must not be able to
            // switch verification off ("none") or to another scheme whose key could be confused with ours.
            // A hostile alg (an escaped lone surrogate, which System.Text.Json throws InvalidOperationException on
            // when decoding) is just "not HS256": this runs before the signature check, for anyone.
            bool hasAlg = header.RootElement.TryGetProperty("alg", out var alg) && alg.ValueKind == JsonValueKind.String;
            if (!hasAlg || !IsHs256(alg))
            {
                return JwtValidation.Invalid(!hasAlg
                    ? "token header has no alg; sign tokens with HS256"
                    : $"token algorithm '{Shown(alg)}' is not accepted; sign tokens with HS256");
            }
        }

        if (!TryDecode(parts[2], out var signature))
        {
            return JwtValidation.Invalid("token signature invalid");
        }
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
        if (!CryptographicOperations.FixedTimeEquals(expected, signature))
        {
            return JwtValidation.Invalid("token signature invalid");
        }

        if (DecodeObject(parts[1]) is not { } payload)
        {
            return JwtValidation.Invalid("token payload is not base64url-encoded JSON");
        }
        using (payload)
        {
            var claims = payload.RootElement;
            if (!TryGetTime(claims, "exp", out var expires))
            {
                // A token without expiry would be valid forever once leaked.
                return JwtValidation.Invalid("token has no exp claim (seconds since 1970); issue tokens that expire");
            }
            // now - skew, not expires + skew: an exp near year 9999 plus the skew would overflow DateTimeOffset.
            if (now - ClockSkew > expires)
            {
                return JwtValidation.Invalid($"token expired at {Format(expires)}");
            }
            if (TryGetTime(claims, "nbf", out var notBefore) && notBefore - ClockSkew > now)
            {
                return JwtValidation.Invalid($"token is not valid before {Format(notBefore)}");
            }
            var subject = claims.TryGetProperty("sub", out var s) && s.ValueKind == JsonValueKind.String ? TryGetString(s) : null;
            return string.IsNullOrEmpty(subject)
                ? JwtValidation.Invalid("token has no sub claim naming a user (a non-empty string)")
                : JwtValidation.Valid(subject, expires);
        }
    }

    private static bool IsHs256(JsonElement alg)
    {
        try
        {
            return alg.ValueEquals("HS256");
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>The string, or null when it can't be decoded (an escaped lone surrogate has no UTF-16 string form).</summary>
    private static string? TryGetString(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>A header value for a message: short and printable, whatever the unauthenticated sender put there.</summary>
    private static string Shown(JsonElement value) => TryGetString(value) is { } text ? SafeText.Printable(text) : "(not valid text)";

    private static JsonDocument? DecodeObject(string part)
    {
        if (!TryDecode(part, out var bytes))
        {
            return null;
        }
        try
        {
            var document = JsonDocument.Parse(bytes);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }
            document.Dispose();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool TryDecode(string part, out byte[] bytes)
    {
        try
        {
            bytes = Base64Url.DecodeFromChars(part);
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }

    private static bool TryGetTime(JsonElement claims, string name, out DateTimeOffset time)
    {
        time = default;
        if (!claims.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var seconds)
            || double.IsNaN(seconds) || seconds < 0 || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return false;
        }
        time = DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000));
        return true;
    }

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
