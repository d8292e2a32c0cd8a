using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PluginRuntime.Core.Config;

/// <summary>
/// Reads the keys of one YAML mapping (a config entry or a file's top level) as typed values, reporting every
/// problem with its position and counting them, so the caller builds the entry only when it read cleanly.
/// </summary>
/// <remarks>
/// A key written with no value (<c>parent:</c>) or as <c>~</c>/<c>null</c> counts as absent, as in YAML itself.
/// </remarks>
internal sealed class MappingReader
{
    private readonly ICollection<ConfigError> _errors;
    private readonly IReadOnlyList<string> _allowedKeys;
    private readonly Dictionary<string, (YamlScalarNode Key, YamlNode Value)> _entries = new(StringComparer.Ordinal);

    /// <param name="subject">How messages name the entry, e.g. <c>module entry</c>; set <see cref="Subject"/>
    /// to something more precise (<c>module 'mod-1'</c>) once the id is known.</param>
    public MappingReader(
        YamlMappingNode node,
        string file,
        string subject,
        IReadOnlyList<string> allowedKeys,
        ICollection<ConfigError> errors)
    {
        File = file;
        Subject = subject;
        Location = SourceLocation.At(file, node.Start);
        _allowedKeys = allowedKeys;
        _errors = errors;
        foreach (var (key, value) in node.Children)
        {
            if (key is YamlScalarNode { Value: { } name } scalar)
            {
                _entries[name] = (scalar, value);
            }
            else
            {
                Error(key, $"{Subject} has a key that is a list or mapping; keys must be plain names such as 'id'");
            }
        }
    }

    public string File { get; }

    public string Subject { get; set; }

    /// <summary>Where the mapping starts; config records carry this as their location.</summary>
    public SourceLocation Location { get; }

    /// <summary>How many errors this reader (or its caller through <see cref="Error(SourceLocation, string)"/>) reported.</summary>
    public int ErrorCount { get; private set; }

    public void Error(SourceLocation at, string message)
    {
        _errors.Add(new ConfigError(at, message));
        ErrorCount++;
    }

    public void Error(YamlNode at, string message) => Error(At(at), message);

    public SourceLocation At(YamlNode node) => SourceLocation.At(File, node.Start);

    /// <summary>Reports keys outside the allowed set; <paramref name="where"/> completes "unknown key 'x' ...".</summary>
    public void ReportUnknownKeys(string where)
    {
        foreach (var (name, (key, _)) in _entries)
        {
            if (_allowedKeys.Contains(name, StringComparer.Ordinal))
            {
                continue;
            }
            var suggestion = KeySuggester.Suggest(name, _allowedKeys);
            Error(key, suggestion is not null
                ? $"unknown key '{name}' {where}; did you mean '{suggestion}'?"
                : $"unknown key '{name}' {where}; valid keys are: {string.Join(", ", _allowedKeys)}");
        }
    }

    /// <summary>
    /// Reads a list section of this mapping (<c>zones:</c>, <c>sidecars:</c>…): each entry that is a mapping goes to
    /// <paramref name="load"/> as a reader named <paramref name="entrySubject"/>; anything else is reported with
    /// <paramref name="example"/> of a good entry.
    /// </summary>
    public void ForEachEntry(string section, string example, string entrySubject, IReadOnlyList<string> keys, Action<MappingReader> load)
    {
        if (Value(section) is not { } node)
        {
            return;
        }
        if (node is not YamlSequenceNode list)
        {
            Error(node, $"'{section}' must be a list of entries, each starting with '-' (e.g. `{example}`), " +
                        $"not {(node is YamlMappingNode ? "a mapping" : "a single value")}");
            return;
        }
        foreach (var item in list.Children)
        {
            if (item is YamlMappingNode entry)
            {
                load(new MappingReader(entry, File, entrySubject, keys, _errors));
            }
            else
            {
                Error(item, $"each entry of '{section}' must be a mapping of keys to values (e.g. `{example}`), " +
                            $"not {(item is YamlSequenceNode ? "a list" : "a single value")}");
            }
        }
    }

    /// <summary>The value node of <paramref name="key"/>, or null when it is absent or null.</summary>
    public YamlNode? Value(string key) =>
        _entries.TryGetValue(key, out var entry) && !YamlJsonConverter.IsNull(entry.Value) ? entry.Value : null;

    public bool Has(string key) => Value(key) is not null;

    /// <summary>Where the value of <paramref name="key"/> is, or the mapping itself when the key is absent.</summary>
    public SourceLocation LocationOf(string key) => Value(key) is { } node ? At(node) : Location;

    /// <summary>An optional text value; null when absent or wrong (wrong is reported).</summary>
    public LocatedString? Text(string key)
    {
        if (Value(key) is not { } node)
        {
            return null;
        }
        if (node is not YamlScalarNode scalar)
        {
            Error(node, $"{Subject}: '{key}' must be a single value, not {Describe(node)}");
            return null;
        }
        if (string.IsNullOrWhiteSpace(scalar.Value))
        {
            Error(node, $"{Subject}: '{key}' is empty; give it a value or remove the key");
            return null;
        }
        return new LocatedString(scalar.Value, At(node));
    }

    /// <summary>A required text value; a missing one is reported as "<paramref name="hint"/>".</summary>
    public LocatedString? RequiredText(string key, string hint)
    {
        if (!Has(key))
        {
            Error(Location, $"{Subject} is missing '{key}'; {hint}");
            return null;
        }
        return Text(key);
    }

    public bool? Bool(string key)
    {
        if (Value(key) is not { } node)
        {
            return null;
        }
        // Only the YAML core schema's spellings: `yes`/`on` are booleans in YAML 1.1 but text in 1.2, and
        // accepting them here but not in settings would be inconsistent.
        switch (node)
        {
            case YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" or "True" or "TRUE" }:
                return true;
            case YamlScalarNode { Style: ScalarStyle.Plain, Value: "false" or "False" or "FALSE" }:
                return false;
            default:
                Error(node, $"{Subject}: '{key}' must be true or false, not {Quote(node)}");
                return null;
        }
    }

    /// <summary>An optional whole number; the caller checks its range.</summary>
    public int? Int(string key, string expectation)
    {
        if (Value(key) is not { } node)
        {
            return null;
        }
        if (node is YamlScalarNode { Style: ScalarStyle.Plain, Value: { } text }
            && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        Error(node, $"{Subject}: '{key}' must be {expectation}, not {Quote(node)}");
        return null;
    }

    /// <summary>
    /// A settings mapping as JSON; an empty object when absent, null when it is not a mapping or holds values JSON
    /// can't represent.
    /// </summary>
    public JsonObject? Settings(string key)
    {
        if (Value(key) is not { } node)
        {
            return [];
        }
        if (node is not YamlMappingNode)
        {
            Error(node, $"{Subject}: '{key}' must be a mapping of names to values, e.g. `{key}: {{ poll_interval: 30 }}`, not {Describe(node)}");
            return null;
        }
        var before = ErrorCount;
        var json = YamlJsonConverter.ToJson(node, File, (at, message) => Error(at, $"{Subject}: {key}: {message}"));
        return ErrorCount == before ? (JsonObject)json! : null;
    }

    /// <summary>An optional list of text values; empty when absent, null when wrong.</summary>
    public IReadOnlyList<LocatedString>? TextList(string key, string example)
    {
        if (Value(key) is not { } node)
        {
            return [];
        }
        if (node is not YamlSequenceNode sequence)
        {
            Error(node, $"{Subject}: '{key}' must be a list, e.g. `{key}: [{example}]`, not {Describe(node)}");
            return null;
        }
        var items = new List<LocatedString>();
        var ok = true;
        foreach (var item in sequence.Children)
        {
            if (item is YamlScalarNode { Value: { } text } && !string.IsNullOrWhiteSpace(text) && !YamlJsonConverter.IsNull(item))
            {
                items.Add(new LocatedString(text, At(item)));
                continue;
            }
            Error(item, $"{Subject}: each item of '{key}' must be a single non-empty value, e.g. `{key}: [{example}]`");
            ok = false;
        }
        return ok ? items : null;
    }

    private static string Describe(YamlNode node) => node switch
    {
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        YamlScalarNode s => $"'{s.Value}'",
        _ => "this",
    };

    // A quoted value is text to YAML; saying so explains why `port: "80"` is rejected.
    private static string Quote(YamlNode node) => node is YamlScalarNode { Style: ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted } s
        ? $"the quoted text \"{s.Value}\" (remove the quotes)"
        : Describe(node);
}
