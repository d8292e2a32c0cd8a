using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace PluginRuntime.Host.Tests.Support;

/// <summary>Builds compact JWTs for tests, signed the way an issuer would (or deliberately not).</summary>
internal static class JwtTestTokens
{
    public static long InOneHour => DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();

    public static string Hs256(string secret, string subject, long? expires = null, long? notBefore = null)
    {
        var claims = new Dictionary<string, object> { ["sub"] = subject, ["exp"] = expires ?? InOneHour };
        if (notBefore is { } nbf)
        {
            claims["nbf"] = nbf;
        }
        return Signed(secret, new { alg = "HS256", typ = "JWT" }, claims);
    }

    public static string Signed(string secret, object header, object claims)
    {
        var unsigned = Encode(header) + "." + Encode(claims);
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(unsigned));
        return unsigned + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>An unsigned token (<c>alg: none</c>, empty signature), the classic forgery.</summary>
    public static string Unsigned(string subject) =>
        Encode(new { alg = "none", typ = "JWT" }) + "." + Encode(new { sub = subject, exp = InOneHour }) + ".";

    private static string Encode(object value) => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(value));
}
