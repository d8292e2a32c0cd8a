namespace PluginRuntime.Sdk.Hosting;

/// <summary>A module's place in a system: its name and 1-based index, written <c>Name_index</c>.</summary>
public readonly record struct ModuleAddress(string Name, int Index)
{
    /// <summary>Formats as <c>Name_index</c>.</summary>
    public override string ToString() => $"{Name}_{Index}";

    /// <summary>
    /// Parses <c>Name_index</c>; a name without a numeric suffix means index 1 (so <c>Display</c> is <c>Display_1</c>).
    /// </summary>
    public static ModuleAddress Parse(string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        int underscore = text.LastIndexOf('_');
        if (underscore > 0 && underscore < text.Length - 1 &&
            int.TryParse(text.AsSpan(underscore + 1), System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out int index) && index > 0)
        {
            return new ModuleAddress(text[..underscore], index);
        }
        return new ModuleAddress(text, 1);
    }
}
