using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NJsonSchema;
using PluginRuntime.Host.Tests.Support;

namespace PluginRuntime.Host.Tests.Contracts.Support;

/// <summary>
/// One AsyncAPI 3.0 document from the repository's specs/, read for contract checks: each message's payload schema
/// compiled by NJsonSchema (with the document's <c>components.schemas</c> as its definitions), the channels'
/// addresses and messages, and which messages the described application sends.
/// </summary>
internal sealed class AsyncApiSpec
{
    private const string SchemaRefPrefix = "#/components/schemas/";
    private const string MessageRefPrefix = "#/components/messages/";

    private readonly Dictionary<string, JsonSchema> _payloads;
    private readonly Dictionary<string, string> _contentTypes;

    private AsyncApiSpec(string file, JsonObject document, Dictionary<string, JsonSchema> payloads, Dictionary<string, string> contentTypes)
    {
        File = file;
        Document = document;
        _payloads = payloads;
        _contentTypes = contentTypes;
    }

    public string File { get; }

    public JsonObject Document { get; }

    public IEnumerable<string> MessageNames => _payloads.Keys;

    public static async Task<AsyncApiSpec> LoadAsync(string fileName)
    {
        string path = Path.Combine(RepoPaths.Root, "specs", fileName);
        var document = YamlToJson.Read(path)!.AsObject();
        Assert.Equal("3.0.0", document["asyncapi"]!.GetValue<string>());
        var components = document["components"]!.AsObject();
        var definitions = RewriteRefs(components["schemas"]!.DeepClone());
        string defaultContentType = document["defaultContentType"]?.GetValue<string>() ?? "application/json";

        var payloads = new Dictionary<string, JsonSchema>(StringComparer.Ordinal);
        var contentTypes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, message) in components["messages"]!.AsObject())
        {
            var schema = RewriteRefs(message!["payload"]!.DeepClone()).AsObject();
            schema["definitions"] = definitions.DeepClone();
            payloads[name] = await JsonSchema.FromJsonAsync(schema.ToJsonString()).WithTimeout($"the schema of {fileName} message {name}");
            contentTypes[name] = message["contentType"]?.GetValue<string>() ?? defaultContentType;
        }
        return new AsyncApiSpec(fileName, document, payloads, contentTypes);
    }

    /// <summary>What is wrong with <paramref name="wire"/> as message <paramref name="messageName"/>; empty when it conforms.</summary>
    /// <param name="wire">The message as it travelled: JSON text, or the raw text of a text/plain or binary message.</param>
    public IReadOnlyList<string> Violations(string messageName, string wire)
    {
        Assert.True(_payloads.TryGetValue(messageName, out var schema), $"{File} declares no message '{messageName}'");
        string instance = _contentTypes[messageName] == "application/json" ? wire : JsonSerializer.Serialize(wire);
        try
        {
            return [.. schema.Validate(instance).Select(e => e.ToString())];
        }
        catch (Newtonsoft.Json.JsonReaderException ex)
        {
            return [$"not JSON: {ex.Message}"];
        }
    }

    /// <summary>Asserts that <paramref name="wire"/> conforms to <paramref name="messageName"/>, showing the message and every violation otherwise.</summary>
    public void AssertConforms(string messageName, string wire)
    {
        var violations = Violations(messageName, wire);
        Assert.True(violations.Count == 0,
            $"{File}: this message does not conform to '{messageName}':\n{wire}\n- {string.Join("\n- ", violations)}");
    }

    /// <summary>The one message among <paramref name="candidates"/> that <paramref name="wire"/> conforms to; fails when none (or several) fit.</summary>
    public string AssertConformsToOneOf(IEnumerable<string> candidates, string wire)
    {
        var results = candidates.Select(c => (Name: c, Violations: Violations(c, wire))).ToArray();
        var matches = results.Where(r => r.Violations.Count == 0).Select(r => r.Name).ToArray();
        Assert.True(matches.Length == 1, matches.Length == 0
            ? $"{File}: this message conforms to none of {string.Join(", ", candidates)}:\n{wire}\n" +
              string.Join("\n", results.Select(r => $"{r.Name}: {string.Join("; ", r.Violations)}"))
            : $"{File}: this message fits several messages ({string.Join(", ", matches)}), so the spec can't tell them apart:\n{wire}");
        return matches[0];
    }

    /// <summary>The component message names a channel lists.</summary>
    public IReadOnlyList<string> MessagesOf(string channel) =>
        [.. Document["channels"]![channel]!["messages"]!.AsObject().Select(m => MessageName(m.Value!))];

    /// <summary>The messages the described application sends: those of its send operations and the replies of its receive operations.</summary>
    public IReadOnlySet<string> SentMessages()
    {
        var sent = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (_, operation) in Document["operations"]!.AsObject())
        {
            var refs = operation!["action"]!.GetValue<string>() == "send"
                ? operation["messages"]!.AsArray()
                : operation["reply"]?["messages"]?.AsArray() ?? [];
            foreach (var reference in refs)
            {
                sent.Add(ChannelMessageName(reference!["$ref"]!.GetValue<string>()));
            }
        }
        return sent;
    }

    /// <summary>The channel whose address template <paramref name="address"/> fits, with the parameters it binds.</summary>
    public (string Channel, IReadOnlyDictionary<string, string> Parameters) ChannelFor(string address)
    {
        foreach (var (name, channel) in Document["channels"]!.AsObject())
        {
            string template = channel!["address"]!.GetValue<string>();
            var names = Regex.Matches(template, @"\{(\w+)\}").Select(m => m.Groups[1].Value).ToArray();
            string pattern = "^" + Regex.Replace(Regex.Escape(template).Replace(@"\{", "{"), @"\{(\w+)}", "(?<$1>[^/]+)") + "$";
            var match = Regex.Match(address, pattern);
            if (match.Success)
            {
                return (name, names.ToDictionary(n => n, n => match.Groups[n].Value));
            }
        }
        Assert.Fail($"{File}: no channel address fits '{address}'");
        return default;
    }

    private string ChannelMessageName(string reference)
    {
        // '#/channels/<channel>/messages/<key>' → the component message that entry refers to
        var parts = reference.Split('/');
        Assert.True(parts is ["#", "channels", _, "messages", _], $"{File}: operation message reference '{reference}' should point into a channel");
        return MessageName(Document["channels"]![parts[2]]!["messages"]![parts[4]]!);
    }

    private string MessageName(JsonNode entry)
    {
        string reference = entry["$ref"]!.GetValue<string>();
        Assert.StartsWith(MessageRefPrefix, reference);
        string name = reference[MessageRefPrefix.Length..];
        Assert.True(_payloads.ContainsKey(name), $"{File}: '{reference}' names no component message");
        return name;
    }

    /// <summary>Points <c>#/components/schemas/X</c> references at <c>#/definitions/X</c>, where the compiled schema keeps them.</summary>
    private static JsonNode RewriteRefs(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToArray())
                {
                    if (key == "$ref" && value!.GetValue<string>() is var target && target.StartsWith(SchemaRefPrefix, StringComparison.Ordinal))
                    {
                        obj[key] = "#/definitions/" + target[SchemaRefPrefix.Length..];
                    }
                    else if (value is not null)
                    {
                        RewriteRefs(value);
                    }
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is not null)
                    {
                        RewriteRefs(item);
                    }
                }
                break;
        }
        return node;
    }
}
