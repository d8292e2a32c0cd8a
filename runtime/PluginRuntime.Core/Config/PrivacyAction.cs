namespace PluginRuntime.Core.Config;

/// <summary>What a privacy filter does with the text its pattern matched (the seed's three actions).</summary>
internal enum PrivacyAction
{
    /// <summary>Replace each match by the lowercase hex HMAC-SHA256 of it under the filter's key.</summary>
    Hash,

    /// <summary>Replace each match by <c>***</c>.</summary>
    Mask,

    /// <summary>Publish nothing for this change.</summary>
    Drop,
}
