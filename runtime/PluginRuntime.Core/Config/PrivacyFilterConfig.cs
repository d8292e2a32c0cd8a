using System.Text.RegularExpressions;

namespace PluginRuntime.Core.Config;

/// <summary>
/// A privacy filter (<c>privacy_filters:</c>): a regular expression matched against the text of a status value
/// (every string, and every number's JSON text, anywhere inside it), and what to do with a match.
/// </summary>
/// <param name="Key">HMAC-SHA256 key of a <see cref="PrivacyAction.Hash"/> filter; null for the other actions.</param>
internal sealed record PrivacyFilterConfig(string Name, Regex Pattern, PrivacyAction Action, string? Key, SourceLocation Location)
{
    // The key is a secret: keep it out of logs.
    public override string ToString() =>
        $"PrivacyFilterConfig {{ Name = {Name}, Pattern = {Pattern}, Action = {Action}, Key = {(Key is null ? "(none)" : "***")}, Location = {Location} }}";
}
