using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PluginRuntime.Core.Config;

namespace PluginRuntime.Core.Privacy;

/// <summary>
/// Applies privacy filters, in order, to a status value before it leaves the runtime. Each filter's pattern is
/// matched against every string in the value (at any depth) and every number's JSON text; property names and the
/// value's shape are kept. Hash replaces each match by its keyed HMAC-SHA256 (lowercase hex), mask by <c>***</c>,
/// and drop withholds the whole change. Face-neutral: any face that publishes status can use it.
/// </summary>
internal sealed class PrivacyFilterChain
{
    public const string Mask = "***";

    public static readonly PrivacyFilterChain None = new([]);

    // The output is a status value, not HTML: keep '<', '&', non-ASCII text as written rather than \u-escaped.
    private static readonly JsonSerializerOptions Output = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly (PrivacyFilterConfig Filter, byte[]? Key)[] _filters;

    public PrivacyFilterChain(IEnumerable<PrivacyFilterConfig> filters)
    {
        _filters = [.. filters.Select(f => (f, f.Key is null ? null : Encoding.UTF8.GetBytes(f.Key)))];
        Names = [.. _filters.Select(f => f.Filter.Name)];
        // The key enters as a digest: the signature is compared, never shown, but a secret has no business in it.
        Signature = string.Join("\n", _filters.Select(f => $"{f.Filter.Name}\t{f.Filter.Pattern}\t{f.Filter.Action}\t" +
            (f.Key is null ? "" : Convert.ToHexString(SHA256.HashData(f.Key)))));
    }

    /// <summary>Equal for two chains that filter alike (same filters, patterns, actions and keys, same order).</summary>
    public string Signature { get; }

    /// <summary>The filters' names, in the order they apply.</summary>
    public IReadOnlyList<string> Names { get; }

    public bool IsEmpty => _filters.Length == 0;

    /// <summary>
    /// The value to publish: <paramref name="json"/> itself when no filter matched (no re-serialisation), a rewritten
    /// copy when a hash or mask filter matched, or null when a drop filter matched.
    /// </summary>
    public byte[]? Apply(byte[] json)
    {
        if (_filters.Length == 0)
        {
            return json;
        }
        var root = JsonNode.Parse(json);
        var state = new WalkState();
        var rewritten = Walk(root, ref state);
        if (state.Dropped)
        {
            return null;
        }
        return state.Changed ? JsonSerializer.SerializeToUtf8Bytes(rewritten, Output) : json;
    }

    private JsonNode? Walk(JsonNode? node, ref WalkState state)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToArray())
                {
                    var child = obj[name];
                    var replaced = Walk(child, ref state);
                    if (state.Dropped)
                    {
                        return null;
                    }
                    if (!ReferenceEquals(replaced, child))
                    {
                        obj[name] = replaced;
                    }
                }
                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var child = array[i];
                    var replaced = Walk(child, ref state);
                    if (state.Dropped)
                    {
                        return null;
                    }
                    if (!ReferenceEquals(replaced, child))
                    {
                        array[i] = replaced;
                    }
                }
                return array;
            case JsonValue value when value.GetValueKind() is JsonValueKind.String or JsonValueKind.Number:
                var isString = value.GetValueKind() == JsonValueKind.String;
                var text = isString ? value.GetValue<string>() : value.ToJsonString();
                var result = Rewrite(text, ref state);
                if (state.Dropped || ReferenceEquals(result, text))
                {
                    return node;
                }
                state.Changed = true;
                // A number that matched becomes text: its hash or mask is not a number any more.
                return JsonValue.Create(result);
            default:
                return node;
        }
    }

    /// <summary>Returns <paramref name="text"/> itself when nothing matched.</summary>
    private string Rewrite(string text, ref WalkState state)
    {
        var current = text;
        foreach (var (filter, key) in _filters)
        {
            try
            {
                switch (filter.Action)
                {
                    case PrivacyAction.Drop:
                        if (filter.Pattern.IsMatch(current))
                        {
                            state.Dropped = true;
                            return text;
                        }
                        break;
                    case PrivacyAction.Mask:
                        current = ReplaceMatches(filter.Pattern, current, _ => Mask);
                        break;
                    case PrivacyAction.Hash:
                        current = ReplaceMatches(filter.Pattern, current, m => Convert.ToHexStringLower(HMACSHA256.HashData(key!, Encoding.UTF8.GetBytes(m.Value))));
                        break;
                }
            }
            catch (RegexMatchTimeoutException)
            {
                // Fail closed: a value we could not check in time might hold exactly what the filter is there to hide.
                state.Dropped = true;
                return text;
            }
        }
        return current;
    }

    private static string ReplaceMatches(Regex pattern, string text, MatchEvaluator evaluator) =>
        pattern.IsMatch(text) ? pattern.Replace(text, evaluator) : text;

    private struct WalkState
    {
        public bool Changed;
        public bool Dropped;
    }
}
